"""The selected person's agenda: their interests, how much each matters, and who told me."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from allies.store.model import InterestStatus, Stance
from allies.widgets.pane_list import PaneList
from allies.widgets.stance import mask, person_text

PRIORITY_WORDS = {3: "high", 2: "med", 1: "low"}
STATUS_MARKS = {
    InterestStatus.OPEN: "○",
    InterestStatus.ADDRESSED: "✓",
    InterestStatus.DROPPED: "✗",
}


@dataclass(frozen=True)
class InterestRow:
    """One interest of the selected person."""

    id: int
    text: str
    priority: int
    status: InterestStatus
    learned_from: str | None = None
    """The name of whoever told me (None when not recorded)."""
    learned_stance: Stance = Stance.UNKNOWN
    trades: int = 0
    """How many open trades answer it."""


class AgendaList(PaneList[InterestRow]):
    """What this person wants: the interests a trade can answer."""

    HELP_TITLE = "The agenda pane"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n,a",
            "add",
            "New interest",
            tooltip="Add an interest: what they want, and who told you",
            id="agenda.new",
        ),
        Binding("e", "edit", "Edit", id="agenda.edit"),
        Binding("d", "delete", "Delete", id="agenda.delete"),
    ]

    EMPTY = "Agenda unknown — n adds what they want (ask someone they trust)."

    def render_row(self, row: InterestRow) -> Text:
        style = {InterestStatus.ADDRESSED: "dim", InterestStatus.DROPPED: "dim strike"}.get(
            row.status, ""
        )
        priority = f"{PRIORITY_WORDS.get(row.priority, '?'):<4} "
        text = Text.assemble((priority, "bold" if row.priority == 3 else "dim"))
        text.append(STATUS_MARKS[row.status] + " ", style=style)
        text.append(mask(row.text, self.private), style=style)
        if row.trades:
            text.append(f"  ⇄{row.trades}", style="dim")
        if row.learned_from is not None:  # how it was learned, and from whom
            text.append("  via ", style="dim")
            text.append(mask(row.learned_from, self.private), style="dim")
        return text

    def describe(self, row: InterestRow) -> Text:
        text = Text(mask(row.text, self.private))
        text.append(
            f" — {PRIORITY_WORDS.get(row.priority, '?')} priority, {row.status.value}", style="dim"
        )
        if row.learned_from is None:
            text.append("; source not recorded", style="dim")
        else:
            text.append("; learned from ", style="dim")
            text.append_text(
                person_text(
                    row.learned_from, row.learned_stance, self.palette, private=self.private
                )
            )
        if row.trades:
            verb = "trades answer" if row.trades > 1 else "trade answers"
            text.append(f"; {row.trades} open {verb} it", style="dim")
        return text
