"""Snapshots of the Map view on the demo plan: 120×40 and 80×24 in both themes, a person's
network, and the consensus chart alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from allies.store.analysis import analysis_for
from allies.store.repository import Repository
from allies.store.trend import weekly
from allies.themes import THEMES
from allies.widgets.consensus_chart import ConsensusChart
from tests.conftest import NOW, TODAY


@pytest.mark.parametrize("theme", ["allies-dark", "allies-light"])
def test_map_snapshot(theme: str, shoot) -> None:
    """The quadrants with their counts, everyone placed, Margaret (top of the ranking) selected."""
    assert shoot((120, 40), ["5"], theme=theme)


@pytest.mark.parametrize("theme", ["allies-dark", "allies-light"])
def test_map_snapshot_narrow(theme: str, shoot) -> None:
    """At 80×24 the map on top, the network and the chart side by side below."""
    assert shoot((80, 24), ["5"], theme=theme)


def test_map_network_snapshot(demo_plan: Path, snap_compare) -> None:
    """Dana (neutral, a chief influencer): who has her ear, who follows her, two hops, the
    way in through Sam (a champion she trusts)."""
    from allies.tui.app import AlliesApp
    from allies.widgets.person_network import PersonNetwork

    async def settled(pilot) -> None:
        await pilot.press("5", "j")
        for _ in range(50):  # the network follows the cursor once it rests
            if "Dana" in pilot.app.screen.query_one(PersonNetwork).plain.split("\n")[0]:
                return
            await pilot.pause(0.02)

    repo = Repository.open(demo_plan)
    try:
        app = AlliesApp(repo, today=TODAY, now=NOW, remember_settings=False)
        assert snap_compare(app, terminal_size=(120, 40), run_before=settled)
    finally:
        repo.close()


class ChartApp(App[None]):
    """The consensus chart alone, on the demo plan's weeks."""

    CSS_PATH = [Path(__file__).parents[2] / "themes" / "map.tcss"]

    def __init__(self, plan: Path) -> None:
        super().__init__()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "allies-dark"
        with Repository.open(plan, read_only=True) as repo:
            self.weeks = weekly(
                repo.people, repo.stance_log, repo.wins, analysis_for(repo).scores, TODAY
            )

    def compose(self) -> ComposeResult:
        yield ConsensusChart(id="map-chart")

    def on_mount(self) -> None:
        self.query_one(ConsensusChart).show(self.weeks)


def test_consensus_chart_snapshot(demo_plan: Path, snap_compare) -> None:
    """Consensus and allies week by week, with the change in words and arrows."""
    assert snap_compare(ChartApp(demo_plan), terminal_size=(44, 8))
