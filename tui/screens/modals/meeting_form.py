"""Plan or edit a meeting: title, attendees picked by name, a natural start, a duration.

The kind is not asked: one attendee makes a one-on-one, two or more a group
meeting (docs/method.md), and the form says which as attendees are picked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from allies.store.dates import format_local
from allies.store.errors import ValidationError
from allies.store.model import Meeting, Stance
from allies.themes import MEETINGS_CSS, CssPaths
from allies.tui.screens.modals.form import FormScreen
from allies.widgets.date_field import DateField
from allies.widgets.form_input import FormInput
from allies.widgets.person_picker import PersonPicker

DEFAULT_HOUR = 9
SHORT_TERMINAL = 34  # rows: below this the fields scroll inside the box
_DURATION = re.compile(
    r"^(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*(?:m|min|mins|minutes)?)?$"
)


def parse_minutes(text: str) -> int:
    """``30``, ``45m``, ``1h``, ``1h30``, ``1.5h`` → minutes; ValidationError otherwise."""
    raw = text.strip().lower()
    m = _DURATION.match(raw) if raw else None
    if not m or not (m.group(1) or m.group(2)):
        raise ValidationError("minutes", "Duration: minutes (45) or hours (1h, 1h30)")
    minutes = round(float(m.group(1) or 0) * 60) + int(m.group(2) or 0)
    if not 1 <= minutes <= 24 * 60:
        raise ValidationError("minutes", "Duration must be between 1 minute and 24 hours")
    return minutes


class MeetingForm(FormScreen[Meeting]):
    """Title, attendees, start (natural input, shown resolved), duration."""

    CSS_PATH: ClassVar[CssPaths] = MEETINGS_CSS

    def __init__(
        self,
        meeting: Meeting | None,
        people: Sequence[tuple[int, str, Stance]],
        *,
        now: datetime,
    ) -> None:
        super().__init__()
        self.meeting = meeting
        self.people = people
        self.now = now
        self.heading = "Edit meeting" if meeting else "New meeting"

    def compose_fields(self) -> ComposeResult:
        m = self.meeting
        start = format_local(m.start) if m else ""  # with its offset in a repeated hour
        yield from self.field("Title", FormInput(m.title if m else "", id="title"), "title")
        picker = PersonPicker(self.people, m.attendees if m else (), id="attendees")
        yield from self.field("Attendees (type part of a name, enter adds)", picker, "attendees")
        yield Static(id="kind", classes="meeting-kind")
        yield from self.field(
            "Start",
            DateField(
                start,
                placeholder="e.g. tue 10am, next friday 14:30, dec 3 14:30",
                now=self.now.replace(tzinfo=None),
                allow_empty=False,
                id="start",
            ),
            "start",
        )
        minutes = str(m.minutes) if m else "30"
        yield from self.field(
            "Duration (minutes, or 1h30)", FormInput(minutes, id="minutes"), "minutes"
        )

    def on_mount(self) -> None:
        self._show_kind(self.query_one(PersonPicker).selected)
        self.query_one("#title", Input).focus()

    def on_resize(self) -> None:
        self.set_class(self.app.size.height < SHORT_TERMINAL, "-short")

    @on(PersonPicker.Changed, "#attendees")
    def _attendees(self, event: PersonPicker.Changed) -> None:
        self._show_kind(event.selected)

    def default_title(self, attendees: Sequence[int]) -> str:
        """The title used when none is typed: who the meeting is with."""
        names = {pid: name for pid, name, _ in self.people}
        who = [names.get(pid, "?") for pid in attendees]
        if len(who) == 1:
            return f"One-on-one with {who[0]}"
        shown = ", ".join(who[:3]) + (f" and {len(who) - 3} more" if len(who) > 3 else "")
        return f"Group meeting: {shown}"

    def _show_kind(self, attendees: tuple[int, ...]) -> None:
        title = self.query_one("#title", Input)
        title.placeholder = (
            f"left empty: {self.default_title(attendees)}" if attendees else "what it is about"
        )
        n = len(attendees)
        if n == 0:
            text = Text("Pick one attendee for a one-on-one, two or more for a group.", "dim")
        elif n == 1:
            text = Text("One-on-one", "italic")
        else:
            text = Text(f"Group meeting · {n} attendees", "italic")
        self.query_one("#kind", Static).update(text)

    def build(self) -> Meeting:
        title = self.query_one("#title", Input).value
        attendees = self.query_one(PersonPicker).selected
        if not attendees:
            raise ValidationError("attendees", "Pick at least one attendee")
        if not title.strip():
            title = self.default_title(attendees)
        try:
            parsed = self.query_one("#start", DateField).parsed()
        except ValidationError as exc:
            raise ValidationError("start", exc.message) from None
        if parsed is None:
            raise ValidationError("start", "Enter when it starts, e.g. tue 10am")
        start = parsed.value if parsed.has_time else parsed.value.replace(hour=DEFAULT_HOUR)
        minutes = parse_minutes(self.query_one("#minutes", Input).value)
        base = self.meeting or Meeting(id=0, title="", start=start)
        return base.replace(
            title=title, attendees=attendees, start=start.astimezone(), minutes=minutes
        ).validate()
