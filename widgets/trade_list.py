"""The possible trades with the selected person: what I offer ↔ what I ask, and how far it got."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from allies.store.model import Currency, TradeStatus
from allies.widgets.pane_list import PaneList
from allies.widgets.stance import mask

STATUS_WIDTH = 9


@dataclass(frozen=True)
class TradeRow:
    """One trade with the selected person."""

    id: int
    offer: str
    ask: str
    currency: Currency
    status: TradeStatus
    interest: str | None = None
    """The text of the interest it answers (None when it answers none)."""


class TradeList(PaneList[TradeRow]):
    """Trades: an offer that pays in their currency, for something I ask."""

    HELP_TITLE = "The trades pane"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,a", "add", "New trade", id="trades.new"),
        Binding("e", "edit", "Edit", id="trades.edit"),
        Binding("d", "delete", "Delete", id="trades.delete"),
        Binding(
            "space,greater_than_sign",
            "advance",
            "Advance",
            key_display="space/>",
            tooltip="Advance its status: idea → proposed → agreed → delivered",
            id="trades.advance",
        ),
    ]

    EMPTY = "No trade on the table — n adds what you could offer."

    class AdvanceRequested(PaneList.ItemRequest):
        """The user asked to move the highlighted trade one status on."""

    def status_text(self, status: TradeStatus) -> Text:
        style = {
            TradeStatus.AGREED: self.palette.get("ready", ""),
            TradeStatus.DELIVERED: "bold " + self.palette.get("ready", ""),
            TradeStatus.DECLINED: "dim strike",
            TradeStatus.IDEA: "dim",
        }.get(status, "")
        return Text.assemble((f"{status.value:<{STATUS_WIDTH}}", style))

    def render_row(self, row: TradeRow) -> Text:
        text = self.status_text(row.status)
        text.append(" ")
        text.append(mask(row.offer, self.private))
        if row.ask:
            text.append(" ↔ ", style="dim")
            text.append(mask(row.ask, self.private))
        return text

    def describe(self, row: TradeRow) -> Text:
        text = Text.assemble(("I offer ", "dim"))
        text.append(mask(row.offer, self.private))
        text.append(" ↔ I ask ", style="dim")
        text.append(mask(row.ask, self.private) if row.ask else "nothing named yet")
        text.append(f" — pays in {row.currency.value}; ", style="dim")
        if row.interest is None:
            text.append("answers no recorded interest", style="dim")
        else:
            text.append("answers ", style="dim")
            text.append(mask(row.interest, self.private))
        text.append("; ", style="dim")
        text.append_text(self.status_text(row.status))
        text.rstrip()
        return text

    def action_advance(self) -> None:
        if (found := self.item_id) is None:
            self.notify(self.EMPTY, timeout=3)
            return
        self.post_message(self.AdvanceRequested(self, found))
