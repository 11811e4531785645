"""Pilot tests of the idle privacy screen, and of the passphrase that unlocks a protected plan."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from allies.store.crypto import WrongPassphraseError, read_key
from allies.store.model import Stance
from allies.store.protection import protect
from allies.store.repository import Repository
from allies.tui.screens.modals.unlock import UnlockScreen
from allies.tui.settings import load_privacy_after, settings_path
from allies.widgets.influencer_table import InfluencerTable

PASS = "correct horse battery"
NAME = "Orla Fenn"


@pytest.fixture
def fast_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("allies.tui.app.IDLE_CHECK", 0.05)


def _plan(path: Path) -> None:
    with Repository.open(path, title="Quiet plan") as repo:
        repo.add_person(NAME, role="Dean", stance=Stance.NEUTRAL)


async def _until(pilot, condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
        await pilot.pause()
    raise AssertionError("the condition never came true")


def _keys(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


def _first_name(app) -> str:
    return str(app.screen.query_one(InfluencerTable).cells_at(0)[1])


async def test_idle_minutes_turn_the_privacy_screen_on(tmp_path: Path, make_app, fast_idle):
    _plan(tmp_path / "plan.json")
    repo = Repository.open(tmp_path / "plan.json")
    app = make_app(repo, privacy_after=0.01)  # minutes: 0.6 s
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: app.private)
        assert NAME not in _first_name(app)
        assert not app.locked  # a plain plan needs no passphrase to come back
        assert not isinstance(app.screen, UnlockScreen)
        await pilot.press("asterisk")
        await pilot.pause()
        assert NAME in _first_name(app)
    repo.close()


async def test_no_idle_privacy_when_set_to_never(tmp_path: Path, make_app, fast_idle):
    _plan(tmp_path / "plan.json")
    repo = Repository.open(tmp_path / "plan.json")
    app = make_app(repo, privacy_after=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await asyncio.sleep(0.3)
        await pilot.pause()
        assert not app.private
    repo.close()


async def test_a_protected_plan_needs_its_passphrase_to_come_back(
    tmp_path: Path, make_app, fast_idle
) -> None:
    path = tmp_path / "plan.json"
    _plan(path)
    protect(path, PASS)
    repo = Repository.open(path, key=read_key(path, PASS))
    app = make_app(repo, privacy_after=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert app.private and app.locked
        await pilot.press("escape", "asterisk")  # neither leaves the lock
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen) and app.private
        await pilot.press(*_keys("not it at all"), "enter")
        await _until(
            pilot, lambda: "2 tries left" in str(app.screen.query_one("#unlock-message").render())
        )
        assert app.private
        await pilot.press(*_keys(PASS), "enter")
        await _until(pilot, lambda: not app.private, seconds=30)  # scrypt: a second or more
        assert not app.locked
        assert NAME in _first_name(app)
    repo.close()


async def test_three_wrong_passphrases_close_the_app(
    tmp_path: Path, make_app, fast_idle, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.json"
    _plan(path)
    protect(path, PASS)
    repo = Repository.open(path, key=read_key(path, PASS))

    def wrong(plan: Path, passphrase: str) -> None:
        raise WrongPassphraseError("wrong passphrase")

    monkeypatch.setattr("allies.store.crypto.read_key", wrong)  # no scrypt for wrong tries
    repo.set_stance(1, Stance.SUPPORTIVE)  # a change made before the lock is saved on the way out
    app = make_app(repo, privacy_after=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        for attempt in ("one wrong", "two wrong", "three wrong"):
            await _until(pilot, lambda: not app.screen.query_one("#unlock-passphrase").disabled)
            await pilot.press(*_keys(attempt), "enter")
            await pilot.pause()
        await _until(pilot, lambda: app.return_code is not None or not app.is_running)
    repo.close()
    monkeypatch.undo()
    key = read_key(path, PASS)
    assert json.loads(key.open(path.read_bytes()))["people"]["1"]["stance"] == "supportive"


def test_the_idle_minutes_setting(tmp_path: Path) -> None:
    assert load_privacy_after() == 5
    for value, expected in ((2, 2), (0, 0), (-1, 5), ("ten", 5), (True, 5), (0.5, 0.5)):
        settings_path().parent.mkdir(parents=True, exist_ok=True)
        settings_path().write_text(json.dumps({"privacy_after_minutes": value}))
        assert load_privacy_after() == expected
