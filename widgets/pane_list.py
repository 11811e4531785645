"""The base of the People view's detail panes: a focusable list of records with n / e / d.

A pane shows rows handed to it (each with an integer ``id``) and posts what the
user asked for — add, edit, delete — naming the record by id. It never writes
anything itself: the screen decides what happens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

RowT = TypeVar("RowT")


class PaneList(OptionList, Generic[RowT]):
    """A list of records in a detail pane (subclasses render rows and name the verbs)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("h", "app.focus_previous", "Previous pane", show=False, id="pane.previous"),
        Binding("l", "app.focus_next", "Next pane", show=False, id="pane.next"),
    ]

    EMPTY = "Nothing here yet — press n to add."
    """The line shown when there are no rows."""

    class AddRequested(Message):
        """The user asked to add a record to this pane."""

        def __init__(self, pane: PaneList[Any]) -> None:
            super().__init__()
            self.pane = pane

        @property
        def control(self) -> PaneList[Any]:
            return self.pane

    class ItemRequest(Message):
        """Base of the messages about one record of the pane."""

        def __init__(self, pane: PaneList[Any], item_id: int) -> None:
            super().__init__()
            self.pane = pane
            self.item_id = item_id
            """The id of the record (a tie, interest or trade id)."""

        @property
        def control(self) -> PaneList[Any]:
            return self.pane

    class EditRequested(ItemRequest):
        """The user asked to edit the highlighted record."""

    class DeleteRequested(ItemRequest):
        """The user asked to delete the highlighted record."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: tuple[RowT, ...] = ()
        self._key: tuple[object, ...] | None = None
        self.private = False
        self.palette: Mapping[str, str] = {}
        self.read_only = False

    # ---------------------------------------------------------------- data in

    @property
    def rows(self) -> tuple[RowT, ...]:
        return self._rows

    def show(
        self,
        rows: Sequence[RowT],
        *,
        private: bool,
        colors: Mapping[str, str],
        read_only: bool = False,
        select: int | None = None,
    ) -> None:
        """Show these rows; keep the highlight on ``select`` or on the same record."""
        rows = tuple(rows)
        key = (rows, private, tuple(sorted(colors.items())), read_only)
        keep = select if select is not None else self.item_id
        if read_only != self.read_only:
            self.read_only = read_only
            self.refresh_bindings()  # only then: the footer recomposes on every refresh
        if key != self._key:
            self._key = key
            self._rows = rows
            self.private, self.palette = private, colors
            if rows:
                self.set_options(
                    Option(self.render_row(row), id=str(self.row_id(row))) for row in rows
                )
            else:
                self.set_options([Option(Text(self.EMPTY, style="dim italic"), disabled=True)])
        if rows:
            ids = [self.row_id(r) for r in rows]
            self.highlighted = ids.index(keep) if keep in ids else (self.highlighted or 0)

    @property
    def item_id(self) -> int | None:
        """The highlighted record's id (None when the pane is empty)."""
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id is not None else None

    @property
    def item(self) -> RowT | None:
        """The highlighted row."""
        found = self.item_id
        return next((r for r in self._rows if self.row_id(r) == found), None)

    def row_id(self, row: RowT) -> int:
        return int(row.id)  # type: ignore[attr-defined]

    def render_row(self, row: RowT) -> Text:
        """One line for the row (cut with an ellipsis by CSS)."""
        raise NotImplementedError

    def describe(self, row: RowT) -> Text:
        """The row in full, for the line under the panes."""
        return self.render_row(row)

    # ------------------------------------------------------------- verbs out

    def action_add(self) -> None:
        self.post_message(self.AddRequested(self))

    def action_edit(self) -> None:
        if (found := self.item_id) is None:
            self.notify(self.EMPTY, timeout=3)
            return
        self.post_message(self.EditRequested(self, found))

    def action_select(self) -> None:
        """Enter (OptionList's select) edits, like ``e``."""
        self.action_edit()

    def action_delete(self) -> None:
        if (found := self.item_id) is not None:
            self.post_message(self.DeleteRequested(self, found))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the verbs on a read-only plan.

        On an empty pane they stay enabled (and do nothing): a disabled key would
        fall through to the screen, where ``d`` deletes the person.
        """
        verbs = ("add", "edit", "select", "delete", "advance")
        return not (self.read_only and action in verbs)
