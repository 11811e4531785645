"""The selected person's detail: who they are and where they stand."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store.model import Person
from widgets.stance import MASK, stance_text


class PersonDetail(VerticalScroll):
    """Name, role, stance, contact and notes of one person, shown whole."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head")
        yield Static(id="detail-notes")

    def show_person(
        self, person: Person | None, *, private: bool, colors: Mapping[str, str]
    ) -> None:
        head = self.query_one("#detail-head", Static)
        notes = self.query_one("#detail-notes", Static)
        if person is None:
            head.update(Text("Select someone to see their detail.", style="dim"))
            notes.update("")
            return
        text = Text()
        text.append(MASK if private else person.name, style="bold")
        if person.decider:
            text.append("  ◆ decider", style="bold")
        text.append("\n")
        role = " · ".join(x for x in (person.role, person.org) if x)
        if role:
            text.append((MASK if private else role) + "\n", style="dim")
        text.append("Stance: ")
        text.append_text(stance_text(person.stance, colors))
        contact = person.last_contact.strftime("%a %d %b %Y") if person.last_contact else "never"
        text.append(f"\nLast contact: {contact}")
        if person.tags:
            text.append("\nTags: " + ", ".join(person.tags), style="dim")
        head.update(text)
        notes.update(Text(MASK if private and person.notes else person.notes))
