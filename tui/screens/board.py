"""The Board view (being built: see its issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.screens.base import PlanScreen


class BoardScreen(PlanScreen):
    """Placeholder until the Board view lands."""

    VIEW_NAME = "Board"

    def compose_body(self) -> ComposeResult:
        yield Static("The Board view is not built yet.", classes="view-placeholder")
