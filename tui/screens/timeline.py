"""The Timeline view (being built: see its issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.screens.base import PlanScreen


class TimelineScreen(PlanScreen):
    """Placeholder until the Timeline view lands."""

    VIEW_NAME = "Timeline"

    def compose_body(self) -> ComposeResult:
        yield Static("The Timeline view is not built yet.", classes="view-placeholder")
