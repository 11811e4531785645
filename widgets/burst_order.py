"""Keys typed in a burst stay in order across a tab, in every kind of form field.

Textual sends every key of a burst to the field focused when the key arrives,
and acts on ``tab`` only once it has bubbled up to the screen: so in "fri⇥10"
typed fast after picking from a drop-down, the letters after the tab landed in
the drop-down (and were lost) though the tab had moved on. A field that calls
:func:`keep_burst_order` from its ``on_key`` moves the focus on ``tab`` at once,
and passes a key that arrives after the focus has moved on to the field that
has it.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget


def keep_burst_order(field: Widget, event: events.Key) -> bool:
    """Handle ``event`` for ``field`` if it belongs elsewhere or is a tab; True if handled."""
    screen = field.screen
    focused = screen.focused
    if focused is None:
        return False
    if focused is not field:
        if field in focused.ancestors:  # its own part has the focus (an open drop-down's list)
            return False
        event.prevent_default()  # not acted on here: the focus has moved on
        event.stop()
        focused.post_message(events.Key(event.key, event.character))
        return True
    if event.key in ("tab", "shift+tab"):
        event.prevent_default()
        event.stop()
        if event.key == "tab":
            screen.focus_next()
        else:
            screen.focus_previous()
        return True
    return False
