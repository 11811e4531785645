"""A text field for forms that keeps keys typed in a burst in order across a tab
(see widgets/burst_order.py: in "Agreed⇥3" typed fast, the "3" reaches the next field)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from allies.widgets.burst_order import keep_burst_order


class FormInput(Input):
    """An Input whose tab takes effect before the keys typed after it."""

    def on_key(self, event: events.Key) -> None:
        keep_burst_order(self, event)
