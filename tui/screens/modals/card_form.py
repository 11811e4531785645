"""Add, edit or build on a card: title, people by name, trade, due date, notes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time

from textual.app import ComposeResult
from textual.suggester import Suggester
from textual.widgets import Input, Select, TextArea

from allies.store.errors import ValidationError
from allies.store.model import Column, Person, Win
from allies.store.text import TITLE_MAX
from allies.tui.screens.modals.form import FormScreen
from allies.widgets.date_field import DateField
from allies.widgets.form_input import FormInput
from allies.widgets.form_select import FormSelect
from allies.widgets.influencer_table import fit
from allies.widgets.kanban_card import COLUMN_NAMES


class NamesSuggester(Suggester):
    """Completes the last name of a comma-separated list (→ accepts)."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self.names = sorted(set(names), key=str.casefold)

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.rsplit(",", 1)[-1].lstrip()
        if not typed:
            return None
        needle = typed.casefold()
        for name in self.names:
            if name.casefold().startswith(needle) and len(name) > len(typed):
                return value + name[len(typed) :]
        return None


def resolve_people(
    text: str, people: Mapping[int, Person], *, prefer: Sequence[int] = ()
) -> tuple[int, ...]:
    """Person ids for comma-separated names: whole names, or a part only one name contains.

    Raises ValidationError("people") naming what was not found or is ambiguous.
    Two people with the same name resolve in order, those already on the card first.
    """
    rank = {pid: i for i, pid in enumerate(prefer)}
    everyone = sorted(people.values(), key=lambda p: (rank.get(p.id, len(rank)), p.id))
    chosen: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        needle = part.casefold()
        exact = [p for p in everyone if p.name.casefold() == needle and p.id not in chosen]
        if exact:
            chosen.append(exact[0].id)
            continue
        partial = [p for p in everyone if needle in p.name.casefold() and p.id not in chosen]
        if len(partial) == 1:
            chosen.append(partial[0].id)
        elif not partial:
            raise ValidationError("people", f"No one called “{part}” — add them in People (1)")
        else:
            names = ", ".join(p.name for p in partial[:4])
            more = "…" if len(partial) > 4 else ""
            raise ValidationError("people", f"“{part}” could be {names}{more} — type more")
    return tuple(chosen)


class CardForm(FormScreen[Win]):
    """A card's fields. Dismisses with the edited Win (id 0 for a new card)."""

    def __init__(
        self,
        win: Win | None,
        *,
        people: Mapping[int, Person],
        trades: Sequence[tuple[str, int]],
        today: date,
        column: Column = Column.POSSIBLE,
        builds_on: Win | None = None,
    ) -> None:
        super().__init__()
        self.people = people
        self.trades = trades
        self.today = today
        if win is not None:
            self.base = win
            self.TITLE = "Edit card"
        elif builds_on is not None:
            self.base = Win(id=0, title="", people=builds_on.people, builds_on=builds_on.id)
            self.TITLE = f"Build on “{builds_on.title}” — a new card in Possible"
        else:
            self.base = Win(id=0, title="", column=column)
            self.TITLE = f"New card in {COLUMN_NAMES[column]}"

    def compose_fields(self) -> ComposeResult:
        w = self.base
        names = ", ".join(self.people[p].name for p in w.people if p in self.people)
        yield from self.field(
            "Title", FormInput(w.title, id="title", max_length=TITLE_MAX), "title"
        )
        suggester = NamesSuggester(p.name for p in self.people.values())
        hint = "names, comma separated — → completes a name"
        yield from self.field(
            "People", FormInput(names, id="people", placeholder=hint, suggester=suggester), "people"
        )
        trades = [(fit(label, 64), tid) for label, tid in self.trades]
        value = w.trade if w.trade is not None and any(t == w.trade for _, t in trades) else None
        yield from self.field(
            "Rides on the trade",
            FormSelect(
                trades,
                prompt="no trade",
                allow_blank=True,
                value=value if value is not None else Select.NULL,
                type_to_search=True,
                id="trade",
            ),
            "trade",
        )
        due = w.due.isoformat() if w.due else ""
        now = datetime.combine(self.today, time(12))
        yield from self.field("Due", DateField(due, now=now, id="due"), "due")
        yield from self.field("Notes", TextArea(w.notes, id="notes"), "notes")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def build(self) -> Win:
        try:
            due = self.query_one("#due", DateField).date_value()
        except ValidationError as exc:
            raise ValidationError("due", exc.message) from None
        people = resolve_people(
            self.query_one("#people", Input).value, self.people, prefer=self.base.people
        )
        trade = self.query_one("#trade", Select).value
        win = self.base.replace(
            title=self.query_one("#title", Input).value,
            people=people,
            trade=trade if isinstance(trade, int) else None,
            due=due,
            notes=self.query_one("#notes", TextArea).text,
        )
        return win.validate()
