"""Snapshots of the People view on the demo plan: the table beside the detail's panes."""

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
def test_people_snapshot(theme: str, demo_plan: Path, snap_compare) -> None:
    """Dana selected, her ties pane focused: ties in words, agenda, trades, approach advice."""
    assert snapshot(demo_plan, snap_compare, (120, 40), ["tab"], theme=theme)


def test_people_snapshot_narrow(demo_plan: Path, snap_compare) -> None:
    """At 80×24 the detail stacks below the table and grows while a pane has the focus."""
    assert snapshot(demo_plan, snap_compare, (80, 24), ["tab", "tab", "tab"])


def test_people_snapshot_private(demo_plan: Path, snap_compare) -> None:
    """The privacy screen masks names, notes, interests and trades in every pane."""
    assert snapshot(demo_plan, snap_compare, (120, 40), ["j", "j", "j", "j", "asterisk"])
