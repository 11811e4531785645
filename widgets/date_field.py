"""A date input that shows, as you type, the date it resolves to."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from allies.store.dates import Parsed, parse_when
from allies.store.errors import ValidationError
from allies.widgets.form_input import FormInput


class DateField(Vertical):
    """Natural or ISO date input (``tue 10am``, ``+3d``, ``dec 3 14:30``) with its resolution."""

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "e.g. tue 10am, next friday, +3d, 2026-12-03",
        now: datetime | None = None,
        allow_empty: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="date-field")
        self._value = value
        self._placeholder = placeholder
        self._now = now
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        yield FormInput(self._value, placeholder=self._placeholder)
        yield Static(classes="date-resolved")

    def on_mount(self) -> None:
        self._show()

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show()

    def _show(self) -> None:
        hint = self.query_one(".date-resolved", Static)
        text = self.input.value.strip()
        if not text:
            hint.update("" if self.allow_empty else "required")
            hint.set_class(False, "-error")
            return
        try:
            parsed = parse_when(text, now=self._now)
        except ValidationError as exc:
            hint.update(Text(exc.message))
            hint.set_class(True, "-error")
            return
        shown = Text(f"→ {parsed.describe()}")
        if parsed.rule:  # the reading chosen where the words could mean two dates
            shown.append(f"  ({parsed.rule})", style="dim")
        hint.update(shown)
        hint.set_class(False, "-error")

    def quiet_error(self, message: str) -> None:
        """Stop showing ``message`` here (the form shows it); typing shows hints again."""
        hint = self.query_one(".date-resolved", Static)
        if hint.has_class("-error") and str(hint.render()) == message:
            hint.update("")
            hint.set_class(False, "-error")

    def parsed(self) -> Parsed | None:
        """The resolved value, None when empty; raises ValidationError when unreadable."""
        text = self.input.value.strip()
        if not text:
            if not self.allow_empty:
                raise ValidationError("date", "Enter a date")
            return None
        return parse_when(text, now=self._now)

    def date_value(self) -> date | None:
        parsed = self.parsed()
        return parsed.day if parsed else None
