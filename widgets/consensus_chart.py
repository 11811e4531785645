"""Consensus over time: two sparklines (consensus, number of allies), week by week.

Data in (``show`` with the weeks), nothing out. Each line has its figure and
the change over the weeks shown in words and arrows (▲ up, ▼ down, = flat),
so the chart reads without its colours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline

from allies.store.model import percent
from allies.store.trend import Week


def _change(now: float, then: float) -> str:
    """``▲ +6``: the change over the weeks shown, with an arrow (``= flat`` when none)."""
    delta = round(now - then)
    if delta == 0:
        return "= flat"
    return f"{'▲' if delta > 0 else '▼'} {delta:+d}"


class ConsensusChart(Vertical):
    """The plan's consensus and allies, week by week, oldest on the left."""

    def compose(self) -> ComposeResult:
        yield Label(id="consensus-label", classes="chart-label", markup=False)
        yield Sparkline([0.0], id="consensus-line")
        yield Label(id="allies-label", classes="chart-label", markup=False)
        yield Sparkline([0.0], id="allies-line")

    def show(self, weeks: Sequence[Week]) -> None:
        if not weeks:
            return
        first, last, n = weeks[0], weeks[-1], len(weeks)
        self.border_title = f"Week by week · last {n}"
        # whole points, rounded down as everywhere (store.model.percent)
        consensus = _change(
            math.floor(100 * last.consensus + 1e-9), math.floor(100 * first.consensus + 1e-9)
        )
        self.query_one("#consensus-label", Label).update(
            f"Consensus {percent(last.consensus)}  {consensus} pts"
        )
        allies = _change(last.allies, first.allies)
        self.query_one("#allies-label", Label).update(
            f"Allies {last.allies}  {allies} · wins {last.wins}"
        )
        self.query_one("#consensus-line", Sparkline).data = [w.consensus for w in weeks]
        self.query_one("#allies-line", Sparkline).data = [float(w.allies) for w in weeks]
