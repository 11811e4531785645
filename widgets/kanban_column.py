"""One column of the board: a virtualised list of cards with a cursor.

Only the cards in view are drawn (Line API, fixed card height), and a drawn
card is cached until it changes, so a column of a thousand cards costs what a
screenful costs. The column does not take the focus: the board holds it and
drives the cursor, so moving between columns never re-renders the footer.
Data in: :meth:`KanbanColumn.show`. Out: :class:`KanbanColumn.Clicked`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from allies.store.model import Column
from allies.widgets.cached_lines import CachedLinesView
from allies.widgets.kanban_card import CARD_HEIGHT, CARD_LINES, COLUMN_NAMES, Card, card_lines


class KanbanColumn(CachedLinesView):
    """The cards of one column, in order; the cursor marks the selected card."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "kanban-column--cursor",
        "kanban-column--cursor-idle",
        "kanban-column--mark",
        "kanban-column--hint",
    }
    """
    | Class | Description |
    | :- | :- |
    | `kanban-column--cursor` | The selected card while the board has the focus. |
    | `kanban-column--cursor-idle` | The selected card while the focus is elsewhere. |
    | `kanban-column--mark` | The bar left of the selected card. |
    | `kanban-column--hint` | What an empty column says. |
    """

    DEFAULT_CSS = """
    KanbanColumn {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        & > .kanban-column--cursor { background: $primary 25%; }
        & > .kanban-column--cursor-idle { background: $boost; }
        & > .kanban-column--mark { color: $accent; }
        & > .kanban-column--hint { color: $text-muted; }
    }
    """

    class Clicked(Message):
        """A card (or the empty space) of this column was clicked."""

        def __init__(self, column: KanbanColumn) -> None:
            super().__init__()
            self.column = column

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
        self._cursor_state = 0  # 0: not the current column, 1: current, 2: current and focused
        self._cache: dict[tuple[int, int], list[Strip]] = {}
        self._cache_width = 0
        self._titles: tuple[str | None, str | None] = (None, None)
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
        restyle = private != self._private or colors != self._colors
        cards = tuple(cards)
        same = cards == self._cards  # identity first, then equal values (cards are frozen)
        if same and not restyle and (total is None or total == self._total):
            if select is not None and self.card is not None and select != self.card.id:
                index = next((i for i, c in enumerate(self._cards) if c.id == select), None)
                if index is not None:
                    self.select(index)
            return  # nothing to redraw: the board refreshes every column after each change
        keep = select if select is not None else (self.card.id if self.card else None)
        if restyle:
            self._cache.clear()
            self._private, self._colors = private, colors
        else:
            old = {c.id: c for c in self._cards}
            for card in cards:
                before = old.get(card.id)
                if before is not None and before is not card and before != card:
                    self._drop(card.id)
        self._cards = cards
        self._total = len(self._cards) if total is None else total
        if keep is not None:
            index = next((i for i, c in enumerate(self._cards) if c.id == keep), None)
            self.cursor = self.cursor if index is None else index
        self.cursor = max(0, min(self.cursor, len(self._cards) - 1))
        self._title()
        self._resize()
        self._scroll_to_cursor()
        self.refresh()

    def select(self, index: int) -> None:
        """Move the cursor to the card at ``index`` (clamped); repaint only the two cards."""
        index = max(0, min(index, len(self._cards) - 1))
        if index != self.cursor:
            self._refresh_card(self.cursor)
            self.cursor = index
            self._refresh_card(index)
        self._scroll_to_cursor()

    def set_cursor_state(self, current: bool, focused: bool) -> None:
        """How to draw the cursor: only the current column shows it, brighter with the focus."""
        state = (2 if focused else 1) if current else 0
        if state != self._cursor_state:
            self._cursor_state = state
            if current != self.has_class("-current"):
                # Restyle the column alone: Textual would restyle its scrollbar too, which
                # no rule about the current column touches (half the cost of a card move's
                # restyle).
                self.set_class(current, "-current", update=False)
                if self.is_mounted:
                    self.app.stylesheet.apply(self, animate=False)
            self._refresh_card(self.cursor)

    def _title(self) -> None:
        """Name and count on top; when the column is too narrow for both, the count goes below."""
        shown = len(self._cards)
        count = f"{shown}/{self._total}" if shown != self._total else str(shown)
        name = COLUMN_NAMES[self.column]
        width = self.outer_size.width
        if width and len(name) + len(count) + 7 > width:
            titles: tuple[str | None, str | None] = (name, count)
        else:
            titles = (f"{name} {count}", None)
        if titles != self._titles:  # setting a border title repaints the whole column
            self._titles = titles
            self.border_title, self.border_subtitle = titles

    def _drop(self, card_id: int) -> None:
        for key in [k for k in self._cache if k[0] == card_id]:
            del self._cache[key]

    def _refresh_card(self, index: int) -> None:
        if self.is_mounted:
            self.refresh_lines(index * CARD_HEIGHT, CARD_HEIGHT)

    # ---------------------------------------------------------------- drawing

    def forget_drawn(self) -> None:
        self._cache.clear()

    def _resize(self) -> None:
        """Fit the scrollable height to the cards, without a layout of the screen if possible.

        Cards are cut to the width, never scrolled sideways: the virtual width stays 0, so a
        resize alone does not change the virtual size. When a card comes or goes and the
        scrollbar stays (or stays away), only the scrollbar needs updating: a layout would
        also repaint every column's scrollbar in a second frame.
        """
        size = Size(0, max(1, len(self._cards) * CARD_HEIGHT))
        if size == self.virtual_size:
            return
        view = self.scrollable_content_region.height
        if self.is_mounted and view and (size.height > view) == (self.virtual_size.height > view):
            self.set_virtual_size_in_place(size)
        else:
            self.virtual_size = size

    def on_resize(self, event: events.Resize) -> None:
        # Drawn cards stay valid until the width changes (render_line checks it): the first
        # paint comes before this event and must not be thrown away.
        self._title()
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        if self._cards and self.is_mounted:
            width = self.scrollable_content_region.width
            region = Region(0, self.cursor * CARD_HEIGHT, max(1, width), CARD_HEIGHT)
            self.scroll_to_region(region, animate=False, immediate=True, x_axis=False)

    def render_line(self, y: int) -> Strip:
        width, top = self.view
        row = top + y
        if not self._cards:
            return self._hint_line(row, width)
        index, line = divmod(row, CARD_HEIGHT)
        if index >= len(self._cards) or line >= CARD_LINES:
            return Strip.blank(width, self.base_style)
        state = self._cursor_state if index == self.cursor else 0
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        key = (self._cards[index].id, state)
        strips = self._cache.get(key)
        if strips is None:
            if len(self._cache) > 400:
                self._cache.clear()
            strips = self._cache[key] = self._render_card(self._cards[index], width, state)
        return strips[line]

    def _render_card(self, card: Card, width: int, state: int) -> list[Strip]:
        style = self.base_style
        if state:
            cursor = "kanban-column--cursor" if state == 2 else "kanban-column--cursor-idle"
            style += self.get_component_rich_style(cursor)
        mark = Text("▌" if state == 2 else " ", end="")
        if state == 2:
            mark.stylize(self.get_component_rich_style("kanban-column--mark", partial=True))
        console = self.app.console
        strips = []
        for text in card_lines(card, width - 1, colors=self._colors, private=self._private):
            line = mark.copy()
            line.append_text(text)
            line.stylize_before(style)
            strips.append(Strip(line.render(console)).adjust_cell_length(width, style))
        return strips

    def _hint_line(self, row: int, width: int) -> Strip:
        """An empty column says what belongs in it (wrapped), or that the filter hides all."""
        base = self.base_style
        hint = self.hint if self._total == 0 else "No card matches the filter"
        style = base + self.get_component_rich_style("kanban-column--hint")
        lines = Text(hint, style=style).wrap(self.app.console, max(1, width - 2))
        if row >= len(lines):
            return Strip.blank(width, base)
        line = Text(" ", style=style, end="")
        line.append_text(lines[row])
        return Strip(line.render(self.app.console)).adjust_cell_length(width, base)

    # ------------------------------------------------------------------ mouse

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.select((round(self.scroll_offset.y) + offset.y) // CARD_HEIGHT)
        self.post_message(self.Clicked(self))
