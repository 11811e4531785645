"""Snapshots of the Timeline on the demo plan (both themes, 80×24), the sequence and the debrief."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.demo import build_demo
from store.repository import Repository
from tests.conftest import NOW, TODAY


@pytest.fixture
def demo_plan(tmp_path: Path) -> Path:
    """The demo plan built for TODAY, written and closed as ``allies demo`` leaves it."""
    path = tmp_path / "demo.json"
    repo = Repository.open(path, title="Demo")
    build_demo(repo, TODAY)
    repo.close()
    return path


def snapshot(demo_plan: Path, snap_compare, size: tuple[int, int], press: list[str], **kw) -> bool:
    from tui.app import AlliesApp

    repo = Repository.open(demo_plan)
    try:
        app = AlliesApp(repo, today=TODAY, now=NOW, remember_settings=False, **kw)
        return bool(snap_compare(app, terminal_size=size, press=press))
    finally:
        repo.close()


@pytest.mark.parametrize("theme", ["allies-dark", "allies-light"])
def test_timeline_snapshot(theme: str, demo_plan: Path, snap_compare) -> None:
    """Weeks, today, a debrief due, the group meeting's problems; the next meeting selected."""
    assert snapshot(demo_plan, snap_compare, (120, 40), ["3"], theme=theme)


def test_timeline_snapshot_narrow(demo_plan: Path, snap_compare) -> None:
    """At 80×24 the detail goes; the list and what to do next stay."""
    assert snapshot(demo_plan, snap_compare, (80, 24), ["3"])


def test_sequence_snapshot(demo_plan: Path, snap_compare) -> None:
    """The suggested one-on-one with Margaret before the budget pre-read, ticked."""
    assert snapshot(demo_plan, snap_compare, (120, 40), ["3", "s"])


def test_debrief_snapshot(demo_plan: Path, snap_compare) -> None:
    """The debrief of Dana's one-on-one (debrief due), with her stance moved up."""
    keys = ["3", "k", "r", "_", "h", "_", "tab", "_", "4", "_"]  # "_" lets each key settle
    assert snapshot(demo_plan, snap_compare, (120, 40), keys)
