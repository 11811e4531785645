"""Snapshot fixtures: the demo plan as `allies demo` leaves it, and the app shot on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from allies.store.demo import build_demo
from allies.store.repository import Repository
from tests.conftest import NOW, TODAY

Shoot = Callable[..., bool]


@pytest.fixture
def demo_plan(tmp_path: Path) -> Path:
    """The demo plan built for TODAY, written and closed as ``allies demo`` leaves it."""
    path = tmp_path / "demo.json"
    repo = Repository.open(path, title="Demo")
    build_demo(repo, TODAY)
    repo.close()
    return path


@pytest.fixture
def shoot(demo_plan: Path, snap_compare) -> Shoot:
    """``shoot((cols, rows), keys, theme=...)``: the app on the demo plan, compared to its SVG."""

    def run(size: tuple[int, int], press: list[str], **kw: object) -> bool:
        from allies.tui.app import AlliesApp

        repo = Repository.open(demo_plan)
        try:
            app = AlliesApp(repo, today=TODAY, now=NOW, remember_settings=False, **kw)  # type: ignore[arg-type]
            return bool(snap_compare(app, terminal_size=size, press=press))
        finally:
            repo.close()

    return run
