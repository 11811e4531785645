"""The Map view: the situation at a glance (DESIGN §4; steps 1, 3, 5 and 7 of the method).

The stakeholder map (stance across, influence up, the four quadrants), the
network around the selected person (two hops, and who can introduce you),
and consensus week by week. The map, the trend and the tie index are
computed once per version of the plan; moving the selection redraws only the
map's lines and the network.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer

from allies.store.network import Network, TieIndex, network
from allies.store.situation_map import SituationMap, situation_map
from allies.store.trend import weekly
from allies.themes import CssPaths, css_file
from allies.tui.screens.base import PlanScreen
from allies.widgets.consensus_chart import ConsensusChart
from allies.widgets.person_network import PersonNetwork, Who
from allies.widgets.stakeholder_map import StakeholderMap
from allies.widgets.stance import CHIEF, DECIDER

LEGEND = f" {CHIEF} chief influencer  {DECIDER} decider  ✖ ▼ ● ▲ ★ ? stance  ┄ ─ ━ tie strength "
NETWORK_DELAY = 0.06  # seconds the cursor rests before the network is redrawn


class MapScreen(PlanScreen):
    """Where everyone stands and how much they sway; the network around one of them."""

    CSS_PATH: ClassVar[CssPaths] = [css_file("map")]

    VIEW_NAME = "Map"
    AUTO_FOCUS = "#map"
    # the map needs the width: the network and the chart go below it under 120 columns
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "plus,equals_sign",
            "stance(1)",
            "Stance",
            key_display="+/-",
            tooltip="Move their stance up one step, and watch them move (- moves it down)",
            id="map.stance_up",
        ),
        Binding(
            "minus",
            "stance(-1)",
            "Stance −",
            show=False,
            tooltip="Move their stance down one step",
            id="map.stance_down",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._computed: tuple[int, SituationMap] | None = None
        self._ties: tuple[int, TieIndex] | None = None
        self._trend_for: tuple[tuple[int, object], object] | None = None
        self._shown_network: tuple[object, ...] | None = None
        self._network_timer: Timer | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="map-body"):
            yield StakeholderMap(id="map")
            with Vertical(id="map-side"):
                with Vertical(id="map-network-box"):
                    yield PersonNetwork(id="map-network")
                yield ConsensusChart(id="map-chart")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#map").border_title = "Stance → · influence ↑"
        self.query_one("#map").border_subtitle = LEGEND
        self.query_one("#map-network-box").border_title = "Network"

    @property
    def map(self) -> StakeholderMap:
        return self.query_one(StakeholderMap)

    # ---------------------------------------------------------------- drawing

    def _situation(self) -> tuple[SituationMap, TieIndex]:
        """The map and the tie index of the plan as it is (computed once per version:
        the map re-places only who changed, the index follows the ties alone)."""
        from allies.store.analysis import analysis_for

        repo = self.repo
        if self._computed is None or self._computed[0] != repo.version:
            previous = self._computed[1] if self._computed else None
            self._computed = (repo.version, situation_map(analysis_for(repo), previous))
        ties = repo.table_versions["ties"]
        if self._ties is None or self._ties[0] != ties:
            self._ties = (ties, TieIndex(repo.ties, repo.people))
        return self._computed[1], self._ties[1]

    def refresh_body(self, select: int | None = None) -> None:
        situation, _index = self._situation()
        self.map.show(situation, private=self.allies.private, select=select)
        shown = self._shown_network
        if shown is None or shown[2:] != (self.allies.private, self.app.theme):
            self.show_network()  # at once: the first showing, the privacy screen, a theme
        # else the network follows with the map's Highlighted (a stance change is
        # painted on the map first)
        self._show_trend()

    def _show_trend(self) -> None:
        from allies.store.analysis import analysis_for

        key = (self.repo.version, self.allies.today())
        if self._trend_for is not None and self._trend_for[0] == key:
            return
        repo = self.repo
        weeks = weekly(
            repo.people, repo.stance_log, repo.wins, analysis_for(repo).scores, self.allies.today()
        )
        self._trend_for = (key, weeks)
        self.query_one(ConsensusChart).show(weeks)

    def show_network(self) -> None:
        """Draw the network of the person selected on the map (when it changed)."""
        if self._network_timer is not None:
            self._network_timer.stop()
            self._network_timer = None
        situation, index = self._situation()
        pid = self.map.selected
        private, theme = self.allies.private, self.app.theme
        shown = (self.repo.version, pid, private, theme)
        if shown == self._shown_network:
            return
        self._shown_network = shown
        net: Network | None = None
        people: dict[int, Who] = {}
        if pid is not None and pid in self.repo.people:
            net = network(pid, self.repo.people, index)
            for other in net.people:
                p = situation.placements.get(other)
                if p is not None:
                    people[other] = Who(p.name, p.stance, p.chief)
        self.query_one(PersonNetwork).show(
            net, people, colors=self.app.theme_variables, private=private
        )

    @on(StakeholderMap.Highlighted, "#map")
    def _highlighted(self) -> None:
        """Paint the cursor move at once; the network follows when the cursor rests
        (a held arrow key moves smoothly, as in People)."""
        if self._shown_network is None:
            self.show_network()
            return
        if self._network_timer is not None:
            self._network_timer.stop()
        self._network_timer = self.set_timer(NETWORK_DELAY, self.show_network)

    @on(StakeholderMap.OpenRequested, "#map")
    async def _open(self, event: StakeholderMap.OpenRequested) -> None:
        await self.allies.go.to_person(event.person_id)

    # ---------------------------------------------------------------- actions

    def action_stance(self, delta: int) -> None:
        pid = self.map.selected
        self.step_stance(self.repo.people.get(pid) if pid is not None else None, delta)

    def select_person(self, person_id: int) -> None:
        """Put the map's cursor on this person."""
        self.refresh_body(select=person_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (
            action == "stance"
            and self._composed
            and (self.repo.read_only or self.map.selected is None)
        ):
            return None
        return True
