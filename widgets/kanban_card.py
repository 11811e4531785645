"""A card on the board: the data the board shows of one win, and how it is drawn.

A card is not a widget: a column may hold hundreds, so each column draws the few
that are in view from these immutable values (see :mod:`widgets.kanban_column`).
The same values feed the detail strip, which shows everything whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text

from allies.store.model import Column, Stance
from allies.widgets.stance import MASK, mask, person_text, stance_color

CARD_LINES = 3
"""Lines of content per card: title; people; due, chain and trade."""
CARD_HEIGHT = CARD_LINES + 1
"""Rows a card takes in its column, with the blank line that separates it from the next."""


@dataclass(frozen=True)
class CardPerson:
    """Someone a card involves, with their stance (for the colour and symbol)."""

    id: int
    name: str
    stance: Stance


@dataclass(frozen=True)
class Card:
    """What the board shows of one win."""

    id: int
    title: str
    column: Column
    people: tuple[CardPerson, ...] = ()
    trade: str = ""
    """The trade it rides on, as ``offer ↔ ask``; empty when none."""
    due: date | None = None
    overdue: bool = False
    builds_on: str = ""
    """The title of the win it builds on; empty when none."""
    won_at: date | None = None
    notes: str = ""


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def _people_line(card: Card, colors: Mapping[str, str], private: bool) -> Text:
    if not card.people:
        return Text("no one linked yet", style="dim")
    line = Text()
    for i, person in enumerate(card.people):
        if i:
            line.append(", ", style="dim")
        line.append_text(person_text(person.name, person.stance, colors, private=private))
    return line


def _facts_line(card: Card, colors: Mapping[str, str], private: bool) -> Text:
    """Due (or won) date first — it is what a weekly review looks for — then chain, then trade."""
    parts: list[Text] = []
    if card.won_at is not None and card.column is Column.WON:
        parts.append(Text(f"won {_day(card.won_at)}", style=colors.get("column-won", "")))
    elif card.due is not None:
        if card.overdue:
            parts.append(Text(f"! due {_day(card.due)}", style=f"bold {colors.get('overdue', '')}"))
        else:
            parts.append(Text(f"due {_day(card.due)}"))
    if card.builds_on:
        parts.append(Text(f"↳ {mask(card.builds_on, private)}", style="dim"))
    if card.trade:
        parts.append(Text(f"⇄ {mask(card.trade, private)}", style="dim"))
    return Text(" · ", style="dim").join(parts)


def card_lines(
    card: Card, width: int, *, colors: Mapping[str, str], private: bool = False
) -> list[Text]:
    """The card's :data:`CARD_LINES` lines, each cut to ``width`` cells with an ellipsis."""
    title = Text(MASK if private else card.title, style="bold")
    lines = [title, _people_line(card, colors, private), _facts_line(card, colors, private)]
    for line in lines:
        line.no_wrap = True
        line.overflow = "ellipsis"
        line.truncate(max(1, width), overflow="ellipsis", pad=True)
    return lines


COLUMN_NAMES: dict[Column, str] = {
    Column.POSSIBLE: "Possible",
    Column.PURSUING: "Pursuing",
    Column.WON: "Won",
    Column.PARKED: "Parked",
}


def card_detail(
    card: Card | None,
    *,
    before: Sequence[Card] = (),
    after: Sequence[Card] = (),
    colors: Mapping[str, str],
    private: bool = False,
) -> Text:
    """Everything about one card, whole: its dates, people, chain, trade and notes.

    ``before`` is the chain it builds on, nearest first; ``after`` the cards built on it.
    """
    if card is None:
        return Text("No card selected — n adds a small win to the focused column.", style="dim")
    text = Text()
    text.append(MASK if private else card.title, style="bold")
    column = COLUMN_NAMES[card.column]
    text.append(f"  {column}", style=colors.get(f"column-{card.column.value}", ""))
    if card.won_at is not None and card.column is Column.WON:
        text.append(f" on {card.won_at:%a} {card.won_at.day} {card.won_at:%b %Y}")
    elif card.due is not None:
        style = f"bold {colors.get('overdue', '')}" if card.overdue else ""
        text.append(f", due {card.due:%a %d %b %Y}" + (" (overdue)" if card.overdue else ""), style)
    text.append("\nWith: ", style="dim")
    if card.people:
        for i, person in enumerate(card.people):
            if i:
                text.append(", ")
            text.append_text(person_text(person.name, person.stance, colors, private=private))
            text.append(f" ({person.stance.value})", style=stance_color(person.stance, colors))
    else:
        text.append("no one linked yet (e to add people)", style="dim")
    text.append("\nChain: ", style="dim")
    if not before and not after:
        text.append("stands alone (b builds a next win on it)", style="dim")
    for link in reversed(before):
        text.append_text(_link(link, colors, private))
        text.append(" → ", style="dim")
    if before or after:
        text.append("this", style="bold")
    if after:
        text.append(" → ", style="dim")
        for i, link in enumerate(after):
            if i:
                text.append(" | ", style="dim")
            text.append_text(_link(link, colors, private))
    if card.trade:
        text.append("\nTrade: ", style="dim")
        text.append(mask(card.trade, private))
    if card.notes:
        text.append("\n")
        text.append(mask(card.notes, private), style="italic")
    return text


def _link(card: Card, colors: Mapping[str, str], private: bool) -> Text:
    mark = "✓ " if card.column is Column.WON else ""
    return Text(
        mark + (MASK if private else card.title),
        style=colors.get(f"column-{card.column.value}", ""),
    )
