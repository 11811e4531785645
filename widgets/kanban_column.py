"""One column of the board: a virtualised list of cards with a cursor.

Only the cards in view are drawn (Line API, fixed card height), and a drawn
card is cached until it changes, so a column of a thousand cards costs what a
screenful costs. Data in: :meth:`KanbanColumn.show`. Out: :class:`KanbanColumn.Highlighted`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.model import Column
from widgets.kanban_card import CARD_HEIGHT, CARD_LINES, COLUMN_NAMES, Card, card_lines


class KanbanColumn(ScrollView, can_focus=True):
    """The cards of one column, in order; the cursor marks the selected card."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "first", "First card", show=False),
        Binding("end,G", "last", "Last card", show=False),
    ]
    """
    | Key | Action |
    | :- | :- |
    | ↑ / k, ↓ / j | Previous / next card |
    | page up / page down | A screenful up / down |
    | home / g, end / G | First / last card |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "kanban-column--cursor",
        "kanban-column--mark",
        "kanban-column--hint",
    }

    DEFAULT_CSS = """
    KanbanColumn {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        & > .kanban-column--cursor { background: $boost; }
        &:focus > .kanban-column--cursor { background: $primary 25%; }
        & > .kanban-column--mark { color: $text-muted; }
        &:focus > .kanban-column--mark { color: $accent; }
        & > .kanban-column--hint { color: $text-muted; }
    }
    """

    class Highlighted(Message):
        """The selected card of this column changed (or the column got the focus)."""

        def __init__(self, column: KanbanColumn, card_id: int | None) -> None:
            super().__init__()
            self.column = column
            self.card_id = card_id
            """The selected card, None when the column is empty."""

        @property
        def control(self) -> KanbanColumn:
            return self.column

    def __init__(self, column: Column, *, hint: str = "", id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-{column.value}")
        self.column = column
        self.hint = hint
        self.cursor = 0
        self._cards: tuple[Card, ...] = ()
        self._total = 0
        self._private = False
        self._colors: Mapping[str, str] = {}
        self._cache: dict[tuple[int, bool, bool], list[Strip]] = {}
        self._title()

    # ------------------------------------------------------------------ data

    @property
    def cards(self) -> tuple[Card, ...]:
        """The cards shown, in order."""
        return self._cards

    @property
    def card(self) -> Card | None:
        """The selected card."""
        return self._cards[self.cursor] if self._cards else None

    @property
    def card_id(self) -> int | None:
        card = self.card
        return card.id if card else None

    def show(
        self,
        cards: Sequence[Card],
        *,
        total: int | None = None,
        private: bool = False,
        colors: Mapping[str, str] | None = None,
        select: int | None = None,
    ) -> None:
        """Show these cards; keep the cursor on ``select``, else the same card, else its row.

        ``total`` is the column's size before a filter (shown as "shown/total").
        """
        colors = dict(colors or {})
        keep = select if select is not None else self.card_id
        if private != self._private or colors != self._colors:
            self._cache.clear()
            self._private, self._colors = private, colors
        else:
            old = {c.id: c for c in self._cards}
            for card in cards:
                if old.get(card.id, card) != card:
                    self._drop(card.id)
        self._cards = tuple(cards)
        self._total = len(self._cards) if total is None else total
        ids = [c.id for c in self._cards]
        if keep is not None and keep in ids:
            self.cursor = ids.index(keep)
        self.cursor = max(0, min(self.cursor, len(self._cards) - 1))
        self._title()
        self._resize()
        self._scroll_to_cursor()
        self.refresh()

    def select(self, index: int) -> None:
        """Move the cursor to the card at ``index`` (clamped) and say so."""
        index = max(0, min(index, len(self._cards) - 1))
        if index != self.cursor:
            self.cursor = index
            self.refresh()
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, self.card_id))

    def _title(self) -> None:
        shown = len(self._cards)
        count = f"{shown}/{self._total}" if shown != self._total else str(shown)
        self.border_title = f"{COLUMN_NAMES[self.column]} {count}"

    def _drop(self, card_id: int) -> None:
        for key in [k for k in self._cache if k[0] == card_id]:
            del self._cache[key]

    # ---------------------------------------------------------------- drawing

    def _resize(self) -> None:
        height = max(1, len(self._cards) * CARD_HEIGHT)
        self.virtual_size = Size(self.scrollable_content_region.width, height)

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self._resize()
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        if self._cards and self.is_mounted:
            width = self.scrollable_content_region.width
            region = Region(0, self.cursor * CARD_HEIGHT, max(1, width), CARD_HEIGHT)
            self.scroll_to_region(region, animate=False, immediate=True, x_axis=False)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = round(self.scroll_offset.y) + y
        if not self._cards:
            return self._hint_line(row, width, base)
        index, line = divmod(row, CARD_HEIGHT)
        if index >= len(self._cards) or line >= CARD_LINES:
            return Strip.blank(width, base)
        selected = index == self.cursor
        key = (self._cards[index].id, selected, self.has_focus)
        strips = self._cache.get(key)
        if strips is None:
            if len(self._cache) > 400:
                self._cache.clear()
            strips = self._cache[key] = self._render_card(self._cards[index], width, selected)
        return strips[line]

    def _render_card(self, card: Card, width: int, selected: bool) -> list[Strip]:
        style = self.rich_style
        if selected:
            style += self.get_component_rich_style("kanban-column--cursor")
        console = self.app.console
        strips = []
        marked = selected and self.has_focus
        mark = Text("▌" if marked else " ", end="")
        if marked:
            mark.stylize(self.get_component_rich_style("kanban-column--mark", partial=True))
        for text in card_lines(card, width - 1, colors=self._colors, private=self._private):
            line = mark.copy()
            line.append_text(text)
            line.stylize_before(style)
            strips.append(Strip(line.render(console)).adjust_cell_length(width, style))
        return strips

    def _hint_line(self, row: int, width: int, base: Style) -> Strip:
        """An empty column says what belongs in it (wrapped), or that the filter hides all."""
        hint = self.hint if self._total == 0 else "No card matches the filter"
        style = base + self.get_component_rich_style("kanban-column--hint")
        lines = Text(hint, style=style).wrap(self.app.console, max(1, width - 2))
        if row >= len(lines):
            return Strip.blank(width, base)
        line = Text(" ", style=style, end="")
        line.append_text(lines[row])
        return Strip(line.render(self.app.console)).adjust_cell_length(width, base)

    # -------------------------------------------------------------- keys/mouse

    def watch_has_focus(self, focused: bool) -> None:
        super().watch_has_focus(focused)
        self.refresh()
        if focused:
            self.post_message(self.Highlighted(self, self.card_id))

    def action_cursor(self, delta: int) -> None:
        self.select(self.cursor + delta)

    def action_page(self, delta: int) -> None:
        self.select(
            self.cursor + delta * max(1, self.scrollable_content_region.height // CARD_HEIGHT)
        )

    def action_first(self) -> None:
        self.select(0)

    def action_last(self) -> None:
        self.select(len(self._cards) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (round(self.scroll_offset.y) + offset.y) // CARD_HEIGHT
        if 0 <= index < len(self._cards):
            self.focus()
            self.select(index)
