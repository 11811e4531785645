"""Shared fixtures: a plan file in tmp_path → a seeded plan → the app at a fixed size and date."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from allies.store.demo import build_demo
from allies.store.repository import Repository

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

# A fixed Wednesday: every test and snapshot sees the same "today".
TODAY = date(2026, 12, 2)
NOW = datetime.combine(TODAY, time(9, 0)).astimezone()


@pytest.fixture(autouse=True)
def _no_animation(monkeypatch: pytest.MonkeyPatch) -> None:
    """No animations in tests and snapshots (the snapshot plugin imports Textual before us)."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings and default plans inside the test's folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("ALLIES_DB", raising=False)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return tmp_path / "plan.json"


@pytest.fixture
def repo(plan_path: Path) -> Iterator[Repository]:
    """An empty plan, open for writing."""
    r = Repository.open(plan_path, title="Test plan", agenda="Win the budget")
    yield r
    r.close()


@pytest.fixture
def demo_repo(plan_path: Path) -> Iterator[Repository]:
    """The demo plan, built for TODAY."""
    r = Repository.open(plan_path, title="Demo")
    build_demo(r, TODAY)
    r.close()  # reopen, as `allies demo` does: the session starts with no undo history
    r = Repository.open(plan_path)
    yield r
    r.close()


async def until(pilot: Any, condition: Any, *, at_most: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (a test waits for what it needs, not
    for a fixed time); fails after ``at_most`` seconds."""
    import time as clock

    deadline = clock.monotonic() + at_most
    while not condition():
        assert clock.monotonic() < deadline, "the condition never held"
        await pilot.pause(0.02)


def burst(app: Any, *keys: str) -> None:
    """Queue ``keys`` all at once, as a fast typist's burst reaches the app (``pilot.press``
    lets the app settle between keys, which hides what a burst does)."""
    from textual import events

    chars = {"tab": "\t", "space": " ", "enter": "\r"}
    for key in keys:
        app.post_message(events.Key(key, chars.get(key, key if len(key) == 1 else None)))


async def palette(pilot: Any, query: str) -> list[str]:
    """Open the command palette, type ``query`` and let its search finish (no fixed
    wait); the names of the commands offered, best first."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*query)
    await pilot.pause()  # the last key's search has started
    await pilot.app.workers.wait_for_complete()
    return [option.hit.text for option in pilot.app.screen.query_one(CommandList).options]


def saved(path: Path) -> Repository:
    """Re-read the plan from disk (read-only), to assert on what was really saved."""
    return Repository.open(path, read_only=True)


@pytest.fixture
def make_app():
    """Build the app on a repo with the frozen clock: ``make_app(repo)``."""
    from allies.tui.app import AlliesApp

    def factory(r: Repository, **kwargs: object) -> AlliesApp:
        kwargs.setdefault("prewarm", False)  # views built ahead: tests/tui/test_app.py
        app = AlliesApp(r, today=TODAY, now=NOW, **kwargs)  # type: ignore[arg-type]
        run_test = app.run_test

        @asynccontextmanager
        async def run_until_drawn(*args: Any, **options: Any) -> AsyncIterator[Any]:
            """Start as a user does: keys come once the first screen is whole.

            The People view draws its table first and the person's detail a moment
            later; a test's first key waits for the detail, as a user's eye does.
            """
            async with run_test(*args, **options) as pilot:
                for _ in range(50):
                    detail = getattr(app.screen, "detail", True)
                    if detail is True or (detail is not None and detail.query("#detail-trades")):
                        break  # (not the People view, or its detail composed whole)
                    await pilot.pause()
                yield pilot

        app.run_test = run_until_drawn  # type: ignore[method-assign]
        return app

    return factory


async def open_form(app, pilot, form) -> list:
    """Push a form over the app; the list receives what it is dismissed with."""
    results: list = []
    app.push_screen(form, results.append)
    await pilot.pause()
    return results
