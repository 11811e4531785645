"""Add or edit a possible trade: I offer ↔ I ask, its currency, the interest it answers."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from allies.store.model import Currency, Trade, TradeStatus
from allies.tui.screens.modals.form import FormScreen
from allies.widgets.form_input import FormInput
from allies.widgets.form_select import FormSelect

CURRENCIES = [
    ("task — help getting something done", Currency.TASK),
    ("position — recognition, visibility, standing", Currency.POSITION),
    ("relationship — closeness, support, belonging", Currency.RELATIONSHIP),
    ("inspiration — a vision, a cause they care about", Currency.INSPIRATION),
    ("personal — their own comfort, growth or values", Currency.PERSONAL),
]
STATUSES = [(s.value, s) for s in TradeStatus]


class TradeForm(FormScreen[Trade]):
    """A trade with the selected person; returns the Trade to store."""

    def __init__(
        self,
        person_id: int,
        person_name: str,
        interests: Sequence[tuple[str, int]],
        trade: Trade | None = None,
        *,
        answers: int | None = None,
    ) -> None:
        super().__init__()
        self.person_id = person_id
        self.answers = answers
        """The interest a new trade answers unless changed (their most wanted open one)."""
        self.interests = [(Text(text), iid) for text, iid in interests]  # literal
        self.trade = trade
        self.heading = f"Edit a trade with {person_name}" if trade else f"Trade with {person_name}"

    def compose_fields(self) -> ComposeResult:
        t = self.trade or Trade(id=0, person=self.person_id, offer="", interest=self.answers)
        yield from self.field(
            "I offer", FormInput(t.offer, id="offer", placeholder="what you can give them"), "offer"
        )
        yield from self.field(
            "I ask", FormInput(t.ask, id="ask", placeholder="what you want in return"), "ask"
        )
        yield from self.field(
            "It pays in",
            FormSelect(CURRENCIES, value=t.currency, allow_blank=False, id="currency"),
            "currency",
        )
        known = any(i == t.interest for _, i in self.interests)
        interest = FormSelect(
            self.interests,
            prompt="None of their recorded interests",
            value=t.interest if known and t.interest is not None else Select.NULL,
            type_to_search=True,
            id="interest",
        )
        yield from self.field("It answers their interest", interest, "interest")
        yield from self.field(
            "Status", FormSelect(STATUSES, value=t.status, allow_blank=False, id="status"), "status"
        )

    def on_mount(self) -> None:
        self.query_one("#offer", Input).focus()

    def build(self) -> Trade:
        base = self.trade or Trade(id=0, person=self.person_id, offer="")
        currency = self.query_one("#currency", Select).value
        interest = self.query_one("#interest", Select).value
        status = self.query_one("#status", Select).value
        trade = base.replace(
            offer=self.query_one("#offer", Input).value,
            ask=self.query_one("#ask", Input).value,
            currency=currency if isinstance(currency, Currency) else base.currency,
            interest=interest if isinstance(interest, int) else None,
            status=status if isinstance(status, TradeStatus) else base.status,
        )
        return trade.validate()
