"""Add or edit an interest of the selected person: what they want, how much, and who told me."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from allies.store.model import Interest, InterestStatus
from allies.tui.screens.modals.form import FormScreen
from allies.widgets.form_input import FormInput
from allies.widgets.form_select import FormSelect

PRIORITIES = [("3 — high", 3), ("2 — medium", 2), ("1 — low", 1)]
STATUSES = [
    ("open — still wanted", InterestStatus.OPEN),
    ("addressed — a trade or win answered it", InterestStatus.ADDRESSED),
    ("dropped — no longer wanted", InterestStatus.DROPPED),
]


class InterestForm(FormScreen[Interest]):
    """One item of their agenda; returns the Interest to store."""

    def __init__(
        self,
        person_id: int,
        person_name: str,
        people: Sequence[tuple[str, int]],
        interest: Interest | None = None,
        *,
        told_by: int | None = None,
    ) -> None:
        super().__init__()
        self.person_id = person_id
        self.told_by = told_by
        """Who a new interest was learned from unless changed (the person they trust most)."""
        self.people = [(Text(name), pid) for name, pid in people]  # names are literal
        self.interest = interest
        self.heading = (
            f"Edit what {person_name} wants" if interest else f"What does {person_name} want?"
        )

    def compose_fields(self) -> ComposeResult:
        i = self.interest or Interest(
            id=0, person=self.person_id, text="", learned_from=self.told_by
        )
        yield from self.field(
            "What they want",
            FormInput(i.text, id="text", placeholder="e.g. fewer on-call pages for her teams"),
            "text",
        )
        yield from self.field(
            "Priority for them",
            FormSelect(PRIORITIES, value=i.priority, allow_blank=False, id="priority"),
            "priority",
        )
        source = FormSelect(
            self.people,
            prompt="Not recorded (space, then type part of a name)",
            value=i.learned_from if i.learned_from is not None else Select.NULL,
            type_to_search=True,
            id="learned_from",
        )
        yield from self.field("Learned from", source, "learned_from")
        yield from self.field(
            "Status", FormSelect(STATUSES, value=i.status, allow_blank=False, id="status"), "status"
        )

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def build(self) -> Interest:
        base = self.interest or Interest(id=0, person=self.person_id, text="")
        priority = self.query_one("#priority", Select).value
        source = self.query_one("#learned_from", Select).value
        status = self.query_one("#status", Select).value
        interest = base.replace(
            text=self.query_one("#text", Input).value,
            priority=priority if isinstance(priority, int) else base.priority,
            learned_from=source if isinstance(source, int) else None,
            status=status if isinstance(status, InterestStatus) else base.status,
        )
        return interest.validate()
