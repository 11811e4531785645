"""A reference, not a target: a plain Textual app with a header, a 10-row table and a footer.

It shows what the smallest app with a screen like Allies' first one costs here,
next to the floor (one line of text), so the start-up ratios can be read in scale.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

MARKER = "Person number 1"


class TableApp(App[None]):
    """Header, DataTable of ten people in seven columns, Footer."""

    BINDINGS = [("q", "quit", "Quit"), ("n", "bell", "New"), ("e", "bell", "Edit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("★", "Name", "Role", "Stance", "Infl", "#", "Seen")
        for i in range(1, 11):
            cells = ("★", f"Person number {i}", "Role", "neutral", str(100 - i), str(i), "1 Dec")
            table.add_row(*cells)


if __name__ == "__main__":
    TableApp().run()
