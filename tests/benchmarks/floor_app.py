"""The floor: a minimal Textual app, timed to its first screen like Allies is.

It shows one line of text and nothing else, so its start-up is what Python plus
Textual cost on this machine; Allies' start-up is reported as a ratio to it.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "Floor ready"


class FloorApp(App[None]):
    """One static line."""

    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    FloorApp().run()
