"""The Review view (being built: see its issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.screens.base import PlanScreen


class ReviewScreen(PlanScreen):
    """Placeholder until the Review view lands."""

    VIEW_NAME = "Review"

    def compose_body(self) -> ComposeResult:
        yield Static("The Review view is not built yet.", classes="view-placeholder")
