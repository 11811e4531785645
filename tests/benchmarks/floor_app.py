"""The floor: a minimal Textual app, timed to its first screen like Allies is.

It shows one line of text and nothing else, so its start-up is what Python plus
Textual cost on this machine; Allies' start-up is reported as a ratio to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

MARKER = "Floor ready"


class FloorApp(App[None]):
    """One static line."""

    def compose(self) -> ComposeResult:
        yield Static(MARKER)


class _View(Screen[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text)


class FloorModesApp(App[None]):
    """Two one-line views a key apart, switched as Allies switches its views (modes).

    Textual's ``switch_mode`` holds repaints back for 50 ms (``delay_update``)
    to avoid flicker, so this is the least any view switch can cost.
    """

    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "one": lambda: _View("View one"),
        "two": lambda: _View("View two"),
    }
    DEFAULT_MODE = "one"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "switch_mode('one')", "One"),
        Binding("2", "switch_mode('two')", "Two"),
    ]


if __name__ == "__main__":
    FloorApp().run()
