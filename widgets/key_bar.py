"""The key bar: one line of the keys that work where the focus is.

A light stand-in for Textual's Footer, which mounts a widget per key and
rebuilds them all whenever the focus or the view changes (about a tenth of a
second on every view switch). This draws the same keys as one line of text.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

TAIL_ACTIONS = frozenset({"help", "app.help"})  # shown at the end, always


class KeyBar(Static):
    """Shown keys of the focused widget, its screen and the app; the palette key at the end."""

    _shown: Text | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        """Redraw from the screen's active bindings (one entry per action).

        Keys that do not fit are left out whole (never cut mid-word); the key
        reference and the palette keys always show at the end: every key and every
        action can be found from them.
        """
        colors = self.app.theme_variables
        key_style = f"bold {colors.get('footer-key-foreground', colors.get('primary', ''))}"
        entries: list[Text] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or binding.action in TAIL_ACTIONS:
                continue
            seen.add(binding.action)
            dim = "" if enabled else " dim"
            entry = Text(f" {self._key(binding)} ", style=key_style + dim, end="")
            entry.append(f"{binding.description} ", style=dim.strip())
            entries.append(entry)
        tail = Text(" ? ", style=key_style, end="")
        tail.append("keys ")
        tail.append(" ^p ", style=key_style)
        tail.append("palette")
        room = self.size.width - tail.cell_len if self.size.width > 0 else 10**6
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for entry in entries:
            if text.cell_len + entry.cell_len > room:
                break
            text.append_text(entry)
        text.append_text(tail)
        if text != self._shown:  # the same keys again (a view shown again): no repaint
            self._shown = text
            self.update(text, layout=False)

    def on_resize(self) -> None:
        self.show_keys()

    def _key(self, binding: Binding) -> str:
        return self.app.get_key_display(binding)
