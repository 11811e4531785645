"""The selected person's ties, both directions, in words: "defers to Dana", "trusted by Sam"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from allies.store.model import Stance, TieKind
from allies.widgets.pane_list import PaneList
from allies.widgets.stance import mask, person_text

# (kind, outgoing) -> the phrase before the other person's name
PHRASES: dict[tuple[TieKind, bool], str] = {
    (TieKind.DEFERS_TO, True): "defers to",
    (TieKind.LISTENS_TO, True): "listens to",
    (TieKind.TRUSTS, True): "trusts",
    (TieKind.DEFERS_TO, False): "deferred to by",
    (TieKind.LISTENS_TO, False): "has the ear of",
    (TieKind.TRUSTS, False): "trusted by",
}
STRENGTH_WORDS = {1: "weak", 2: "medium", 3: "strong"}


def strength_bar(strength: int) -> str:
    """``▮▮▯`` for strength 2 of 3."""
    strength = max(0, min(3, strength))
    return "▮" * strength + "▯" * (3 - strength)


@dataclass(frozen=True)
class TieRow:
    """One tie as seen from the selected person."""

    id: int
    kind: TieKind
    outgoing: bool
    """True when the selected person is the tie's source."""
    other: int
    other_name: str
    other_stance: Stance
    strength: int
    note: str = ""

    @property
    def phrase(self) -> str:
        return PHRASES[(self.kind, self.outgoing)]


class TiesList(PaneList[TieRow]):
    """Who they follow, listen to and trust — and who follows, listens to and trusts them."""

    HELP_TITLE = "The ties pane"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,a", "add", "New tie", tooltip="Add a tie to or from this person", id="ties.new"),
        Binding("e", "edit", "Edit", id="ties.edit"),
        Binding("d", "delete", "Delete", id="ties.delete"),
    ]

    EMPTY = "No ties yet — n adds who they defer to, listen to or trust."

    def render_row(self, row: TieRow) -> Text:
        text = Text.assemble((strength_bar(row.strength) + " ", "dim"))
        text.append(row.phrase + " ")
        text.append_text(
            person_text(row.other_name, row.other_stance, self.palette, private=self.private)
        )
        return text

    def describe(self, row: TieRow) -> Text:
        text = Text(row.phrase + " ")
        text.append_text(
            person_text(row.other_name, row.other_stance, self.palette, private=self.private)
        )
        text.append(f" — {STRENGTH_WORDS.get(row.strength, row.strength)} tie", style="dim")
        if row.note:
            text.append(": ", style="dim")
            text.append(mask(row.note, self.private), style="dim")
        return text
