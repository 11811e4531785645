"""The Kanban board: its columns side by side, and the verbs that move cards.

Data in: :meth:`KanbanBoard.show` with the cards of each column. Out: messages
that ask the screen to move, reorder or open a card, and which card is
selected. The board never changes anything itself: the screen decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message

from allies.store.model import BOARD_COLUMNS, Column
from allies.widgets.kanban_card import CARD_HEIGHT, Card
from allies.widgets.kanban_column import KanbanColumn

HINTS: dict[Column, str] = {
    Column.POSSIBLE: "Small wins you could secure — n adds one",
    Column.PURSUING: "Wins in play — L moves a card here",
    Column.WON: "Secured wins — b builds the next on one",
    Column.PARKED: "On hold for now",
}


class KanbanBoard(Horizontal, can_focus=True):
    """Columns Possible → Pursuing → Won, plus Parked.

    The board holds the focus and drives one cursor per column; the current
    column shows its cursor. Moving between columns is not a focus change, so it
    costs a repaint of two cards, not a new footer.
    """

    HELP_TITLE = "The board"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Previous card", show=False, id="board.cursor_up"),
        Binding("down,j", "cursor(1)", "Next card", show=False, id="board.cursor_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="board.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="board.page_down"),
        Binding("home,g", "edge(0)", "First card", show=False, id="board.first"),
        Binding("end,G", "edge(1)", "Last card", show=False, id="board.last"),
        Binding("left,h", "column(-1)", "Previous column", show=False, id="board.left"),
        Binding("right,l", "column(1)", "Next column", show=False, id="board.right"),
        Binding(
            "H,shift+left",
            "move(-1)",
            "Move",
            key_display="H/L",
            tooltip="Move the card to the previous / next column (also shift+← / shift+→)",
            id="board.move_left",
        ),
        Binding(
            "L,shift+right", "move(1)", "Move to the next column", show=False, id="board.move_right"
        ),
        Binding("K,shift+up", "reorder(-1)", "Reorder up", show=False, id="board.up"),
        Binding("J,shift+down", "reorder(1)", "Reorder down", show=False, id="board.down"),
        Binding("e,enter", "open", "Edit", id="board.edit"),
    ]

    class MoveRequested(Message):
        """Move a card to another column, before another card (or to the end)."""

        def __init__(self, board: KanbanBoard, card_id: int, column: Column, before: int | None):
            super().__init__()
            self.board = board
            self.card_id = card_id
            self.column = column
            """The column to move it to."""
            self.before = before
            """The card it should land above; None for the end of the column."""

        @property
        def control(self) -> KanbanBoard:
            return self.board

    class ReorderRequested(Message):
        """Move a card up (−1) or down (+1) past its visible neighbour."""

        def __init__(self, board: KanbanBoard, card_id: int, delta: int, past: int) -> None:
            super().__init__()
            self.board = board
            self.card_id = card_id
            self.delta = delta
            self.past = past
            """The neighbour it moves past (the filter may hide the cards between)."""

        @property
        def control(self) -> KanbanBoard:
            return self.board

    class OpenRequested(Message):
        """Open a card to edit it."""

        def __init__(self, board: KanbanBoard, card_id: int) -> None:
            super().__init__()
            self.board = board
            self.card_id = card_id

        @property
        def control(self) -> KanbanBoard:
            return self.board

    class Highlighted(Message):
        """The selected card changed (None when the current column is empty)."""

        def __init__(self, board: KanbanBoard, card_id: int | None) -> None:
            super().__init__()
            self.board = board
            self.card_id = card_id

        @property
        def control(self) -> KanbanBoard:
            return self.board

    def __init__(self, columns: Sequence[Column] = BOARD_COLUMNS, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self._current = self.columns[0]
        self._moving: tuple[int, Column] | None = None
        """The card being moved and the column last asked for, until the screen catches up."""
        self._asked = 0

    def compose(self) -> ComposeResult:
        for column in self.columns:
            yield KanbanColumn(column, hint=HINTS.get(column, ""), id=f"column-{column.value}")

    def on_mount(self) -> None:
        self._paint_cursors()

    # ------------------------------------------------------------------ data

    def column_widget(self, column: Column) -> KanbanColumn:
        return self.query_one(f"#column-{column.value}", KanbanColumn)

    @property
    def current_column(self) -> Column:
        """The column whose cursor is live."""
        return self._current

    @property
    def card(self) -> Card | None:
        """The selected card of the current column."""
        return self.column_widget(self._current).card

    def show(
        self,
        cards: Mapping[Column, Sequence[Card]],
        *,
        totals: Mapping[Column, int] | None = None,
        private: bool = False,
        colors: Mapping[str, str] | None = None,
        select: int | None = None,
    ) -> None:
        """Show each column's cards; with ``select``, the cursor goes to that card."""
        target = None
        for column in self.columns:
            shown = cards.get(column, ())
            here = select if select is not None and any(c.id == select for c in shown) else None
            if here is not None:
                target = column
            self.column_widget(column).show(
                shown,
                total=(totals or {}).get(column),
                private=private,
                colors=colors,
                select=here,
            )
        if target is None and self.card is None:
            # the current column shows nothing (a filter hid its cards): go where a card is
            target = next((c for c in self.columns if cards.get(c)), None)
        if target is not None:
            self.set_current(target)
        self._highlighted()

    def set_current(self, column: Column) -> None:
        """Make ``column`` the one whose cursor is live."""
        had_card = self.card is not None
        self._current = column
        self._paint_cursors()
        if (self.card is not None) != had_card:
            self.refresh_bindings()  # move / edit become possible or not

    def _paint_cursors(self) -> None:
        for widget in self.query(KanbanColumn):
            widget.set_cursor_state(widget.column is self._current, self.has_focus)

    def _highlighted(self) -> None:
        self.post_message(self.Highlighted(self, self.card.id if self.card else None))

    # ---------------------------------------------------------------- actions

    def watch_has_focus(self, focused: bool) -> None:
        super().watch_has_focus(focused)
        self._paint_cursors()

    @on(KanbanColumn.Clicked)
    def _clicked(self, event: KanbanColumn.Clicked) -> None:
        event.stop()
        self.focus()
        self.set_current(event.column.column)
        self._highlighted()

    def _select(self, index: int) -> None:
        column = self.column_widget(self._current)
        before = column.cursor
        column.select(index)
        if column.cursor != before:
            self._highlighted()

    def action_cursor(self, delta: int) -> None:
        self._moving = None  # the cursor moved on: moves act on what it shows
        self._select(self.column_widget(self._current).cursor + delta)

    def action_page(self, delta: int) -> None:
        self._moving = None  # the cursor moved on: moves act on what it shows
        column = self.column_widget(self._current)
        per_page = max(1, column.scrollable_content_region.height // CARD_HEIGHT)
        self._select(column.cursor + delta * per_page)

    def action_edge(self, end: int) -> None:
        self._moving = None  # the cursor moved on: moves act on what it shows
        self._select(len(self.column_widget(self._current).cards) - 1 if end else 0)

    def action_column(self, delta: int) -> None:
        self._moving = None  # the cursor moved on: moves act on what it shows
        i = self.columns.index(self._current) + delta
        if not 0 <= i < len(self.columns):
            return
        old = self.column_widget(self._current)
        new = self.column_widget(self.columns[i])
        # Land on the card at the same height on screen, as the eye expects.
        new.select(old.cursor - _top(old) + _top(new))
        self.set_current(new.column)
        self._highlighted()

    def action_move(self, delta: int) -> None:
        """Ask to move the card one column on.

        Keys typed in a burst arrive before the screen has moved the card: each move
        then goes on from where the last one asked it to go (see :meth:`move_handled`).
        """
        if self._moving is not None:
            card_id, column = self._moving
            before = None  # (the card is not drawn in that column yet: to its end)
            i = self.columns.index(column) + delta
            if not 0 <= i < len(self.columns):
                return
        else:
            card = self.card
            i = self.columns.index(self._current) + delta
            if card is None or not 0 <= i < len(self.columns):
                return
            card_id = card.id
            source = self.column_widget(self._current)
            target = self.column_widget(self.columns[i])
            row = source.cursor - _top(source) + _top(target)
            before = target.cards[row].id if 0 <= row < len(target.cards) else None
        self._moving = (card_id, self.columns[i])
        self._asked += 1
        self.post_message(self.MoveRequested(self, card_id, self.columns[i], before))

    def move_handled(self) -> None:
        """The screen has dealt with one move asked for (done, refused or declined)."""
        self._asked = max(0, self._asked - 1)
        if not self._asked:
            self._moving = None

    def action_reorder(self, delta: int) -> None:
        column = self.column_widget(self._current)
        j = column.cursor + delta
        if column.card is None or not 0 <= j < len(column.cards):
            return
        self.post_message(self.ReorderRequested(self, column.card.id, delta, column.cards[j].id))

    def action_open(self) -> None:
        if self.card is not None:
            self.post_message(self.OpenRequested(self, self.card.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moving and opening need a card (shown greyed out on an empty column)."""
        if action == "move" and self._moving is not None:
            return True
        return self.card is not None or action not in ("move", "reorder", "open")


def _top(column: KanbanColumn) -> int:
    """The index of the first card in view."""
    return round(column.scroll_offset.y) // CARD_HEIGHT
