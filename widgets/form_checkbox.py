"""A checkbox for forms: ``space`` ticks it, ``enter`` submits the form.

Textual's Checkbox toggles on ``enter`` too; in a form whose footer says
"enter save", that flipped the box ("Senior decider") and left the form open.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Checkbox

from allies.widgets.burst_order import keep_burst_order


class FormCheckbox(Checkbox):
    """A Checkbox whose ``enter`` submits the form it is in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Save the form", show=False),
        Binding("space", "toggle_button", "Tick or untick", show=False),
    ]

    class Submitted(Message):
        """Enter on the checkbox: the form should save."""

        def __init__(self, checkbox: FormCheckbox) -> None:
            super().__init__()
            self.checkbox = checkbox

        @property
        def control(self) -> FormCheckbox:
            return self.checkbox

    def on_key(self, event: events.Key) -> None:
        keep_burst_order(self, event)  # keys typed after a tab reach the next field

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))
