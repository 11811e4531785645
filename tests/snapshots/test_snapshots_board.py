"""Snapshots of the Board view on the demo plan: 120×40 in both themes, and 80×24."""

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


@pytest.mark.parametrize("theme", ["allies-dark", "allies-light"])
def test_board_snapshot(theme: str, demo_plan: Path, snap_compare) -> None:
    """The four columns with counts, the Pursuing card selected and its chain below."""
    from tui.app import AlliesApp

    repo = Repository.open(demo_plan)
    try:
        app = AlliesApp(repo, today=TODAY, now=NOW, theme=theme, remember_settings=False)
        assert snap_compare(app, terminal_size=(120, 40), press=["2", "l"])
    finally:
        repo.close()


def test_board_snapshot_narrow(demo_plan: Path, snap_compare) -> None:
    """At 80 columns the focused column widens; the others stay readable, cut with an ellipsis."""
    from tui.app import AlliesApp

    repo = Repository.open(demo_plan)
    try:
        app = AlliesApp(repo, today=TODAY, now=NOW, remember_settings=False)
        assert snap_compare(app, terminal_size=(80, 24), press=["2", "l"])
    finally:
        repo.close()
