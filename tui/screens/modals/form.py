"""The base of every form: labelled fields, messages beside them, enter saves, escape cancels."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from store.errors import ValidationError

T = TypeVar("T")


class FormScreen(ModalScreen[T | None], Generic[T]):
    """Subclasses compose fields with :meth:`field` and implement :meth:`build`.

    ``build`` returns the value to dismiss with, or raises ValidationError whose
    ``field`` names the field that gets the message.
    """

    TITLE = "Form"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box form-box"):
            yield Static(Text(self.TITLE, style="bold"), classes="form-title")
            with VerticalScroll(classes="form-fields", can_focus=False):
                yield from self.compose_fields()
            yield Static("enter save · escape cancel · tab next field", classes="form-help")

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        """Start in the first field, unless the form already focused one; show the top."""
        self.query_one(".form-fields").scroll_home(animate=False)
        if self.focused is not None:
            self.focused.scroll_visible(animate=False)  # a field further down stays in view
            return
        for widget in self.query_one(".form-fields").query("*"):
            if widget.focusable:
                widget.focus()
                break

    @staticmethod
    def field(label: str, widget: Widget, name: str) -> ComposeResult:
        """A label, the widget, and a place for its message."""
        yield Label(label, classes="form-label")
        yield widget
        yield Static(id=f"error-{name}", classes="form-error")

    def build(self) -> T:
        raise NotImplementedError

    def show_error(self, name: str, message: str) -> None:
        for error in self.query(".form-error"):
            error.display = False
        try:
            box = self.query_one(f"#error-{name}", Static)
        except Exception:
            self.notify(message, severity="error")
            return
        box.update(Text(message))
        box.display = True

    def action_save(self) -> None:
        try:
            value = self.build()
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
