"""Import from inside the app: a path, the dry run's report, then the import on confirmation.

The preview is the real import run and rolled back (``ImportOptions.dry_run``),
so what it lists is what the import does. Confirming dismisses with the file's
bytes as read for the preview (a file changed meanwhile is not read twice); the
app runs the import as one change: one save, one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from allies.store.errors import AlliesError
from allies.store.importer import ImportOptions, import_file
from allies.store.repository import Repository
from allies.themes import FORMS_CSS, CssPaths

MAX_BYTES = 64 * 1024 * 1024
PREVIEW_LINES = 200


@dataclass
class ImportRequest:
    """What to import, as previewed."""

    path: Path
    raw: bytes
    options: ImportOptions


class ImportFileScreen(ModalScreen[ImportRequest | None]):
    """Path → preview (dry run) → Import. Escape cancels at any point."""

    CSS_PATH: ClassVar[CssPaths] = FORMS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
    ]

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo
        self.request: ImportRequest | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box", classes="modal-box form-box"):
            yield Static(Text("Import from a file", style="bold"), classes="form-title")
            yield Input(
                placeholder="a .csv, .vcf, .ics or JSON export (~ allowed)", id="import-path"
            )
            yield Checkbox(
                "Update people and meetings already in the plan (merge)", True, id="import-merge"
            )
            with VerticalScroll(id="import-preview-box", can_focus=False):
                yield Static(id="import-preview")
            with Horizontal(classes="modal-buttons"):
                yield Button("Import", id="import-yes", variant="primary", disabled=True)
                yield Button("Cancel (escape)", id="import-no")
            yield Static(
                "enter shows what would change · then Import applies it (one undo step)",
                classes="form-help",
            )

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def _show(self, text: str) -> None:
        self.query_one("#import-preview", Static).update(Text(text))

    @on(Input.Submitted, "#import-path")
    @on(Checkbox.Changed, "#import-merge")
    def preview(self) -> None:
        """Read the file and run the import as a dry run; show its report."""
        self.request = None
        button = self.query_one("#import-yes", Button)
        button.disabled = True
        value = self.query_one("#import-path", Input).value.strip()
        if not value:
            self._show("Type the path of a file to import, then enter.")
            return
        path = Path(value).expanduser()
        merge = self.query_one("#import-merge", Checkbox).value
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                raise AlliesError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            report = import_file(self.repo, raw, ImportOptions(merge=merge, dry_run=True))
        except OSError as exc:
            self._show(f"{path}: cannot be read ({exc.strerror or exc})")
            return
        except AlliesError as exc:
            self._show(f"{path}: {exc}; nothing would be imported")
            return
        lines = [f"Would import {report.summary()} ({report.format}, {report.encoding})."]
        lines += [f"{path.name}:{n}: {m}" if n else m for n, m in report.problems]
        lines += report.lines()
        if len(lines) > PREVIEW_LINES:
            lines = [*lines[:PREVIEW_LINES], f"… and {len(lines) - PREVIEW_LINES} more lines"]
        self._show("\n".join(lines))
        if report.total or report.updated:
            self.request = ImportRequest(path, raw, ImportOptions(fmt=report.format, merge=merge))
            button.disabled = False
            button.focus()

    @on(Button.Pressed, "#import-yes")
    def confirm(self) -> None:
        if self.request is not None:
            self.dismiss(self.request)

    @on(Button.Pressed, "#import-no")
    def action_cancel(self) -> None:
        self.dismiss(None)
