"""The key reference: generated from the bindings themselves, so it never drifts."""

from __future__ import annotations

import os
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from allies.themes import FORMS_CSS, CssPaths
from allies.tui.legend import legend_rows

KEY_NAMES = {
    "question_mark": "?",
    "asterisk": "*",
    "slash": "/",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "greater_than_sign": ">",
    "less_than_sign": "<",
}


def _key_name(key: str) -> str:
    return KEY_NAMES.get(key, key)


class HelpScreen(ModalScreen[None]):
    """Keys of the current view, its widgets, and the global keys."""

    CSS_PATH: ClassVar[CssPaths] = FORMS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close")
    ]

    def __init__(self, view: Screen[Any]) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box help-box"):
            yield Static(Text("Keys", style="bold"), classes="form-title")
            with VerticalScroll():
                yield Static(self.table, id="help-keys")
            yield Static("escape closes", classes="form-help")

    @property
    def table(self) -> Table:
        """The keys active where help was asked, grouped by who binds them: the focused
        widget (and what it inherits), its containers, the view, then the app."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for title, rows in self.groups():
            if title:
                table.add_row(Text(title, style="underline"), "")
            for key, description in rows:
                table.add_row(key, description)
            table.add_row("", "")
        return table

    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(title, [(keys, what they do)]) per node of the view's active bindings."""
        by_node: dict[DOMNode, dict[str, tuple[list[str], str]]] = {}
        for key, active in self.view.active_bindings.items():
            binding = active.binding
            if not binding.description:
                continue
            rows = by_node.setdefault(active.node, {})
            keys, _ = rows.setdefault(
                binding.id or binding.action, ([], binding.tooltip or binding.description)
            )
            label = _key_name(key)  # each real key (the key bar shows "+/-" for two bindings)
            if label not in keys:
                keys.append(label)
        groups = [
            (self._title(node), [(", ".join(keys), what) for keys, what in rows.values()])
            for node, rows in by_node.items()
        ]
        modal = isinstance(self.view, ModalScreen)  # a form's keys are its own
        if not modal and "ctrl+p" not in self.view.active_bindings:
            groups.append(("", [("ctrl+p", "Command palette: every action by name")]))
        groups.append(("Symbols", legend_rows()))
        return groups

    def _title(self, node: DOMNode) -> str:
        if node is self.app:
            return "Everywhere"
        if node is self.view:
            name = getattr(node, "VIEW_NAME", "") or type(node).__name__
            return getattr(node, "HELP_GROUP", "") or f"{name} view"
        return getattr(type(node), "HELP_TITLE", "") or type(node).__name__

    def plain_text(self, width: int = 100) -> str:
        """The reference as plain text (what the screen shows)."""
        from rich.console import Console

        console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(self.table)
        return console.export_text()

    def action_close(self) -> None:
        self.dismiss(None)
