"""Edit the plan itself: title, my agenda, and the thresholds of the meeting rules."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from allies.store.errors import ValidationError
from allies.store.model import Meta
from allies.tui.screens.modals.form import FormScreen
from allies.widgets.form_input import FormInput


class PlanForm(FormScreen[dict[str, Any]]):
    """Dismisses with the changed meta fields."""

    TITLE = "The plan"

    def __init__(self, meta: Meta) -> None:
        super().__init__()
        self.meta = meta

    def compose_fields(self) -> ComposeResult:
        m = self.meta
        yield from self.field("Title", FormInput(m.title, id="title"), "title")
        yield from self.field("My agenda", FormInput(m.agenda, id="agenda"), "agenda")
        yield from self.field(
            "Consensus needed for a group meeting (%)",
            FormInput(
                f"{m.consensus_threshold * 100:.0f}", id="consensus_threshold", type="integer"
            ),
            "consensus_threshold",
        )
        yield from self.field(
            "Wins needed before a group meeting",
            FormInput(str(m.min_wins_before_group), id="min_wins_before_group", type="integer"),
            "min_wins_before_group",
        )

    def build(self) -> dict[str, Any]:
        def number(name: str) -> int:
            raw = self.query_one(f"#{name}", Input).value.strip()
            try:
                return int(raw)
            except ValueError:
                raise ValidationError(name, "Enter a whole number") from None

        threshold = number("consensus_threshold")
        if not 0 <= threshold <= 100:
            raise ValidationError("consensus_threshold", "Enter a percentage from 0 to 100")
        values = {
            "title": self.query_one("#title", Input).value,
            "agenda": self.query_one("#agenda", Input).value,
            "consensus_threshold": threshold / 100,
            "min_wins_before_group": number("min_wins_before_group"),
        }
        self.meta.replace(**values).validate()
        return values
