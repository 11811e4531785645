"""First run: start a new plan (title and my agenda) or open the demo."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from allies.store.errors import ValidationError
from allies.store.text import SHORT_MAX, TITLE_MAX, clean_text
from allies.themes import FORMS_CSS, CssPaths

INTRO = (
    "Allies helps you move an agenda by building alliances: find the chief influencers, "
    "learn what each wants (through someone they trust), trade, win small, and hold group "
    "meetings only when enough allies are on board."
)


class WelcomeScreen(ModalScreen[tuple[str, str, str] | None]):
    """Dismisses with ("new", title, agenda), ("demo", "", "") or None (start untitled)."""

    CSS_PATH: ClassVar[CssPaths] = FORMS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="welcome.skip"),
        Binding("ctrl+d", "demo", "Open the demo", id="welcome.demo"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box form-box", id="welcome"):
            yield Static(Text("Welcome to Allies", style="bold"), classes="form-title")
            yield Static(INTRO, id="welcome-intro")
            yield Label("What is this plan called?", classes="form-label")
            yield Input(placeholder="e.g. Platform team in the 2027 budget", id="title")
            yield Static(id="error-title", classes="form-error")
            yield Label("My agenda — what do you want agreed?", classes="form-label")
            yield Input(placeholder="e.g. Fund a shared data-platform team", id="agenda")
            yield Static(id="error-agenda", classes="form-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Start the plan (enter)", id="start", variant="primary")
                yield Button("Open the demo (ctrl+d)", id="demo")
            yield Static("escape: start with an untitled plan", classes="form-help")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _start(self) -> None:
        try:
            title = clean_text(
                self.query_one("#title", Input).value, "title", max_len=TITLE_MAX, required=True
            )
            agenda = clean_text(self.query_one("#agenda", Input).value, "agenda", max_len=SHORT_MAX)
        except ValidationError as exc:
            box = self.query_one(f"#error-{exc.field}", Static)
            box.update(exc.message)
            box.display = True
            return
        self.dismiss(("new", title, agenda))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "title" and event.value.strip():
            self.query_one("#agenda", Input).focus()
        else:
            self._start()

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self._start()

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        self.dismiss(("demo", "", ""))

    def action_skip(self) -> None:
        self.dismiss(None)
