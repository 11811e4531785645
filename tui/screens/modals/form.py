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
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from allies.store.errors import ValidationError
from allies.themes import FORMS_CSS, CssPaths
from allies.widgets.form_checkbox import FormCheckbox
from allies.widgets.form_select import FormSelect

T = TypeVar("T")


def flat(text: str) -> str:
    """``text`` on one line (what a one-line field shows of it)."""
    return " ".join(text.split())


class FormScreen(ModalScreen[T | None], Generic[T]):
    """Subclasses compose fields with :meth:`field` and implement :meth:`build`.

    ``build`` returns the value to dismiss with, or raises ValidationError whose
    ``field`` names the field that gets the message. ``enter`` in a one-line field
    or on a closed drop-down saves, as ``ctrl+s`` does.
    """

    CSS_PATH: ClassVar[CssPaths] = FORMS_CSS

    TITLE = "Form"
    heading = ""
    """The form's title line, when it depends on what is edited (else ``TITLE``)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Cancel (asks first when something was typed)",
            id="form.cancel",
        ),
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding(
            "f1,question_mark",
            "help",
            "Keys",
            tooltip="The keys of this form (? types itself in a text field)",
            id="form.help",
        ),
        Binding(
            "ctrl+g",
            "edit_in_editor",
            "Edit this text in $EDITOR",
            tooltip="Edit the focused text (notes, an outcome) in $EDITOR",
            id="form.editor",
        ),
    ]

    HELP_GROUP = "This form"
    """The title of the form's own keys in the key reference."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box form-box"):
            yield Static(Text(self.heading or self.TITLE or "", style="bold"), classes="form-title")
            with VerticalScroll(classes="form-fields", can_focus=False):
                yield from self.compose_fields()
            yield Static(
                "enter save · escape cancel · tab next field · f1 keys", classes="form-help"
            )

    def compose_fields(self) -> ComposeResult:
        yield from ()

    _initial: tuple[object, ...] | None = None

    @property
    def full_text(self) -> dict[str, str]:
        """A one-line field's whole text, with its line breaks, by the field's id (as
        written in the editor, or as it was before): the field shows it on one line."""
        if not hasattr(self, "_full_text"):
            self._full_text: dict[str, str] = {}
        return self._full_text

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_first)
        self.call_after_refresh(self._remember_initial)

    def _remember_initial(self) -> None:
        self._initial = self._values()

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

    _checked: tuple[object, ...] | None = None

    def show_error(self, name: str, message: str) -> None:
        self._checked = self._values()
        for error in self.query(".form-error"):
            error.display = False
        try:
            box = self.query_one(f"#error-{name}", Static)
        except Exception:
            self.notify(message, severity="error")
            return
        box.update(Text(message))
        box.display = True
        self._quiet_date_hint(name, message)

    def _quiet_date_hint(self, name: str, message: str) -> None:
        """A date field says under its box why it cannot read the date; with the same
        message now below the field, it says it once (until the date is typed again)."""
        from allies.widgets.date_field import DateField

        found = self.query(f"#{name}")
        field = found.first() if found else None
        if isinstance(field, DateField):
            field.quiet_error(message)

    def action_edit_in_editor(self) -> None:
        """The focused text field, edited in the user's editor (long notes, an outcome)."""
        from allies.tui.editor import edit_text

        repo = getattr(self.app, "repo", None)
        if repo is not None and repo.protected:
            self.notify(
                "This plan is protected: its text is never written to a file outside it, "
                "so it is not handed to an editor.",
                severity="warning",
                timeout=6,
            )
            return
        field = self.focused
        if isinstance(field, TextArea):
            before = field.text
        elif isinstance(field, Input):
            full = self.full_text.get(field.id or "")
            before = full if full is not None and flat(full) == field.value else field.value
        else:
            self.notify("Move to a text field first (tab), then ctrl+g.", timeout=3)
            return
        try:
            after = edit_text(self.app, before)
        except (FileNotFoundError, OSError) as exc:
            self.notify(f"Cannot open an editor: {exc}", severity="warning", timeout=5)
            return
        if after is None:
            self.notify("The editor failed: the text is as it was.", severity="warning")
        elif isinstance(field, TextArea):
            field.text = after
        else:  # one line shown; the lines kept for the form to save (see ``full_text``)
            self.full_text[field.id or ""] = after
            field.value = flat(after)

    def action_help(self) -> None:
        from allies.tui.screens.modals.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_save(self) -> None:
        try:
            value = self.build()
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return
        self.dismiss(value)

    def _values(self) -> tuple[object, ...]:
        """What the fields hold now (to tell whether anything was typed)."""
        values: list[object] = []
        for widget in self.query(".form-fields *"):
            for attr in ("value", "text"):
                if isinstance(widget, (Input, TextArea, Select, Checkbox)) and hasattr(
                    widget, attr
                ):
                    values.append(getattr(widget, attr))
                    break
        return tuple(values)

    def action_cancel(self) -> None:
        """Close without saving — asking first when something was typed."""
        if self._initial is None or self._values() == self._initial:
            self.dismiss(None)
            return
        from allies.tui.screens.modals.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard what you typed?", "Nothing has been saved yet.", danger=True),
            answered,
        )

    def on_input_changed(self) -> None:
        self._clear_errors()

    def on_text_area_changed(self) -> None:
        self._clear_errors()

    def on_select_changed(self) -> None:
        self._clear_errors()

    def _clear_errors(self) -> None:
        """A message goes once the fields differ from what it was about."""
        if self._checked is not None and self._values() != self._checked:
            self._checked = None
            for error in self.query(".form-error"):
                error.display = False

    @on(Input.Submitted)
    @on(FormSelect.Submitted)
    @on(FormCheckbox.Submitted)
    def _submitted(
        self, event: Input.Submitted | FormSelect.Submitted | FormCheckbox.Submitted
    ) -> None:
        event.stop()
        self.action_save()
