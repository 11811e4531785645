"""The passphrase screen the planner shows before it opens a protected plan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input

from allies.store import crypto
from allies.store.crypto import ProtectionError, WrongPassphraseError, key_path
from allies.store.model import Stance
from allies.store.protection import protect
from allies.store.repository import Repository
from allies.tui.screens.modals.unlock import UnlockScreen
from allies.tui.unlock_app import UnlockApp, unlock_on_screen
from tests.conftest import until
from tests.tui.test_hardening_app import Terminal
from tests.tui.test_hardening_app import env as env

PASS = "correct horse battery"
NAME = "Orla Fenn"


@pytest.fixture(scope="module")
def protected_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("unlock-app") / "plan.json"
    with Repository.open(path, title="Quiet plan") as repo:
        repo.add_person(NAME, role="Dean", stance=Stance.NEUTRAL)
    protect(path, PASS)
    return path


@pytest.fixture
def protected(protected_once: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_bytes(protected_once.read_bytes())
    key_path(path).write_bytes(key_path(protected_once).read_bytes())
    return path


def _files(path: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}


def _shown(app: UnlockApp) -> str:
    """The text on the screen: every line of text, and the passphrase field as drawn."""
    return "\n".join(str(w.render()) for w in app.screen.query("Static, Input"))


async def _type(pilot, app: UnlockApp, text: str) -> None:
    field = app.screen.query_one(Input)
    await pilot.press(*["space" if c == " " else c for c in text])
    assert field.value == text
    await pilot.press("enter")


async def test_the_right_passphrase_unlocks_and_shows_nothing_of_the_plan(protected: Path):
    app = UnlockApp(protected)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        shown = _shown(app)
        assert "This plan is protected" in shown and "plan.json" in shown
        assert NAME not in shown
        assert app.screen.query_one(Input).password  # masked
        await _type(pilot, app, PASS)
        assert PASS not in _shown(app)  # shown as dots, not as typed
        await until(pilot, lambda: app.key is not None)
    assert app.return_value is app.key
    assert app.key is not None and app.key.opens(protected.read_bytes())


async def test_three_wrong_tries_end_it_and_leave_the_plan_untouched(protected: Path):
    before = _files(protected)
    app = UnlockApp(protected)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for attempt, left in ((1, "2 tries left"), (2, "1 try left")):
            await _type(pilot, app, f"wrong guess {attempt}")
            await until(
                pilot, lambda n=attempt: screen.tries == n and not screen.query_one(Input).disabled
            )
            assert left in _shown(app)
            assert screen.query_one(Input).value == ""  # typed text is not kept
        await _type(pilot, app, "wrong guess 3")
        await until(pilot, lambda: screen.tries == 3)
    assert app.return_value is None and not app.gave_up
    assert _files(protected) == before


async def test_escape_gives_up_without_reading_the_plan(protected: Path) -> None:
    app = UnlockApp(protected)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is None and app.gave_up


def test_a_missing_key_is_said_before_any_screen(protected: Path) -> None:
    key_path(protected).unlink()
    with pytest.raises(ProtectionError, match=r"key plan\.json\.key\.age is missing"):
        UnlockApp(protected)


@pytest.mark.parametrize(
    ("gave_up", "error"), [(True, "was not opened"), (False, "three wrong tries")]
)
def test_what_unlock_on_screen_says_when_no_key_came(
    protected: Path, monkeypatch, gave_up: bool, error: str
) -> None:
    def run(self: UnlockApp) -> None:
        self.gave_up = gave_up

    monkeypatch.setattr(UnlockApp, "run", run)
    kind = ProtectionError if gave_up else WrongPassphraseError
    with pytest.raises(kind, match=error):
        unlock_on_screen(protected)


def test_the_planner_asks_on_its_own_screen_then_opens_the_plan(
    protected: Path,
    env: dict[str, str],
) -> None:
    """End to end, in a terminal: ``allies --db plan`` on a protected plan."""
    env = {k: v for k, v in env.items() if k != "ALLIES_PASSPHRASE_FILE"}
    term = Terminal("plain", protected, env)
    try:
        assert term.read_until(b"This plan is protected"), term.output[-2000:]
        assert NAME.encode() not in term.output
        term.send(PASS.encode() + b"\r")
        assert term.read_until(NAME.encode()), term.output[-2000:]
        term.send(b"q")
    finally:
        code = term.wait()
        os.close(term.fd)
    assert code == 0
    assert crypto.is_sealed(protected.read_bytes())


def test_the_planner_quits_cleanly_when_the_user_gives_up(
    protected: Path,
    env: dict[str, str],
) -> None:
    env = {k: v for k, v in env.items() if k != "ALLIES_PASSPHRASE_FILE"}
    before = _files(protected)
    term = Terminal("plain", protected, env)
    try:
        assert term.read_until(b"This plan is protected"), term.output[-2000:]
        term.send(b"\x1b")
        term.read_until(b"\x00never\x00")
    finally:
        code = term.wait()
        os.close(term.fd)
    assert code == 1
    assert b"was not opened" in term.output
    assert _files(protected) == before
