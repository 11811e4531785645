"""Add or edit a person."""

from __future__ import annotations

from datetime import date, datetime, time

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select, TextArea

from allies.store.errors import ValidationError
from allies.store.model import STANCE_SCALE, Person, Stance
from allies.tui.screens.modals.form import FormScreen
from allies.widgets.date_field import DateField
from allies.widgets.form_checkbox import FormCheckbox
from allies.widgets.form_input import FormInput
from allies.widgets.form_select import FormSelect

STANCE_OPTIONS = [(f"{s.symbol} {s.value}", s) for s in (*STANCE_SCALE, Stance.UNKNOWN)]


class PersonForm(FormScreen[Person]):
    """Name, role, organisation, email, decider, stance, last contact, tags, notes."""

    def __init__(self, person: Person | None, *, today: date) -> None:
        super().__init__()
        self.person = person
        self.today = today
        self.heading = f"Edit {person.name}" if person else "New person"

    def compose_fields(self) -> ComposeResult:
        p = self.person or Person(id=0, name="")
        contact = p.last_contact.isoformat() if p.last_contact else ""
        yield from self.field("Name", FormInput(p.name, id="name"), "name")
        yield from self.field("Role", FormInput(p.role, id="role"), "role")
        yield from self.field("Organisation", FormInput(p.org, id="org"), "org")
        yield from self.field("Email", FormInput(p.email, id="email"), "email")
        yield FormCheckbox("Senior decider", p.decider, id="decider")
        yield from self.field(
            "Stance",
            FormSelect(STANCE_OPTIONS, value=p.stance, allow_blank=False, id="stance"),
            "stance",
        )
        now = datetime.combine(self.today, time(12))
        yield from self.field(
            "Last contact", DateField(contact, now=now, id="last_contact"), "last_contact"
        )
        yield from self.field(
            "Tags (comma separated)", FormInput(", ".join(p.tags), id="tags"), "tags"
        )
        yield from self.field("Notes", TextArea(p.notes, id="notes"), "notes")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def build(self) -> Person:
        base = self.person or Person(id=0, name="")
        try:
            contact = self.query_one("#last_contact", DateField).date_value()
        except ValidationError as exc:
            raise ValidationError("last_contact", exc.message) from None
        stance = self.query_one("#stance", Select).value
        tags = tuple(t.strip() for t in self.query_one("#tags", Input).value.split(","))
        person = base.replace(
            name=self.query_one("#name", Input).value,
            role=self.query_one("#role", Input).value,
            org=self.query_one("#org", Input).value,
            email=self.query_one("#email", Input).value,
            decider=self.query_one("#decider", Checkbox).value,
            stance=stance if isinstance(stance, Stance) else base.stance,
            last_contact=contact,
            tags=tuple(t for t in tags if t),
            notes=self.query_one("#notes", TextArea).text,
        )
        return person.validate()
