"""A drop-down for forms: ``enter`` submits the form, as it does in a text field.

Textual's Select opens its list on ``enter``; in a form whose footer says
"enter save", that re-opened the list and sent the next keys into it. Here the
list opens with ``space``, ``down`` or ``up`` (or a click), and ``enter`` posts
:class:`FormSelect.Submitted` for the form to save.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Select

from allies.widgets.burst_order import keep_burst_order

T = TypeVar("T")


class FormSelect(Select[T]):
    """A Select whose ``enter`` submits the form it is in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Save the form", show=False),
        Binding("space,down,up", "show_overlay", "Open the list", show=False),
    ]

    HELP_TITLE = "A drop-down"

    class Submitted(Message):
        """Enter on a closed drop-down: the form should save."""

        def __init__(self, select: FormSelect[object]) -> None:
            super().__init__()
            self.select = select

        @property
        def control(self) -> FormSelect[object]:
            return self.select

    def on_mount(self) -> None:
        self.watch(self, "expanded", self._show_list, init=False)

    def _show_list(self, expanded: bool) -> None:
        """An open list opens in the flow of the form's fields (themes/forms.tcss):
        scroll the fields so all of it shows."""
        if expanded:
            overlay = self.query_one("SelectOverlay")
            self.call_after_refresh(overlay.scroll_visible, animate=False)

    def on_key(self, event: events.Key) -> None:
        keep_burst_order(self, event)  # keys typed after a tab reach the next field

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))  # type: ignore[arg-type]
