"""Snapshots of the Review view on the demo plan: 120×40 in both themes; filtered at 80×24."""

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
def test_review_snapshot(theme: str, demo_plan: Path, snap_compare) -> None:
    from tui.app import AlliesApp

    repo = Repository.open(demo_plan)
    try:
        app = AlliesApp(repo, today=TODAY, now=NOW, theme=theme, remember_settings=False)
        assert snap_compare(app, terminal_size=(120, 40), press=["4"])
    finally:
        repo.close()


def test_review_filtered_snapshot_80x24(demo_plan: Path, snap_compare) -> None:
    """The filter open above the list: headings keep their place and count the matches."""
    from tui.app import AlliesApp

    repo = Repository.open(demo_plan)
    try:
        app = AlliesApp(repo, today=TODAY, now=NOW, theme="allies-dark", remember_settings=False)
        assert snap_compare(app, terminal_size=(80, 24), press=["4", "slash", *"dana"])
    finally:
        repo.close()
