"""The key reference: generated from the bindings themselves, so it never drifts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from allies.themes import FORMS_CSS
from allies.tui.legend import legend_rows


def _keys(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    names = {"question_mark": "?", "asterisk": "*", "slash": "/", "plus": "+", "minus": "-"}
    return ", ".join(names.get(k, k) for k in binding.key.split(","))


def binding_rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each described binding; the tooltip says more when set."""
    rows = []
    for b in bindings:
        if isinstance(b, Binding) and b.description:
            rows.append((_keys(b), b.tooltip or b.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """Keys of the current view, its widgets, and the global keys."""

    CSS_PATH: ClassVar[list[str | Path]] = FORMS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close")
    ]

    def __init__(self, view: Screen[object]) -> None:
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
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        focused = self.view.focused
        if focused is not None:
            rows = binding_rows(list(type(focused).BINDINGS))
            if rows:
                title = getattr(type(focused), "HELP_TITLE", "") or type(focused).__name__
                groups.append((title, rows))
        name = getattr(self.view, "VIEW_NAME", "") or type(self.view).__name__
        group = getattr(self.view, "HELP_GROUP", "") or f"{name} view"
        groups.append((group, binding_rows(list(type(self.view).BINDINGS))))
        if not isinstance(self.view, ModalScreen):  # a form's keys are its own
            groups.append(("Everywhere", binding_rows(list(type(self.app).BINDINGS))))
            groups.append(
                (
                    "",
                    [
                        ("1 2 3 4", "People, Board, Timeline, Review"),
                        ("ctrl+p", "Command palette: every action by name"),
                    ],
                )
            )
        groups.append(("Symbols", legend_rows()))
        for title, rows in groups:
            if title:
                table.add_row(Text(title, style="underline"), "")
            for key, description in rows:
                table.add_row(key, description)
            table.add_row("", "")
        return table

    def plain_text(self, width: int = 100) -> str:
        """The reference as plain text (what the screen shows)."""
        from rich.console import Console

        console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(self.table)
        return console.export_text()

    def action_close(self) -> None:
        self.dismiss(None)
