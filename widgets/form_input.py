"""A text field for forms that keeps keys typed in a burst in order across a tab.

Textual sends every key of a burst to the field focused when the key arrives,
and acts on ``tab`` only once it has bubbled up to the screen; so in "Agreed⇥3"
typed fast, the "3" lands in this field though the tab has moved on. Here ``tab``
moves the focus at once, and a key that arrives after the focus has moved is
passed on to the field that has it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class FormInput(Input):
    """An Input whose tab takes effect before the keys typed after it."""

    def on_key(self, event: events.Key) -> None:
        screen = self.screen
        focused = screen.focused
        if focused is not None and focused is not self:
            event.prevent_default()  # (not typed here: Input's own handler is skipped)
            event.stop()
            focused.post_message(events.Key(event.key, event.character))
        elif event.key in ("tab", "shift+tab"):
            event.prevent_default()
            event.stop()
            if event.key == "tab":
                screen.focus_next()
            else:
                screen.focus_previous()
