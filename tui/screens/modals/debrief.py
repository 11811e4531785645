"""The debrief: right after a meeting, everything learned, from the keyboard, in one save.

Status and stances take one key each (the focus stays put: tab moves on), the
rest are short inputs: the outcome, an interest learned, a trade discussed, a win to
add or move, who the room looked to, a follow-up. ``enter`` saves it all as one
change (one undo step); ``escape`` drops it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from allies.store.debrief import (
    Debrief,
    DiscussedTrade,
    FollowUp,
    LearnedInterest,
    NewWin,
    still_to_come,
)
from allies.store.errors import ValidationError
from allies.store.model import (
    BOARD_COLUMNS,
    STANCE_SCALE,
    Column,
    Interest,
    Meeting,
    MeetingStatus,
    Stance,
    Trade,
    Win,
)
from allies.store.text import NOTE_MAX, clean_text
from allies.themes import MEETINGS_CSS, CssPaths
from allies.tui.screens.base import bindings_for
from allies.tui.screens.modals.form import FormScreen, flat
from allies.widgets.burst_order import keep_burst_order
from allies.widgets.date_field import DateField
from allies.widgets.form_input import FormInput
from allies.widgets.form_select import FormSelect
from allies.widgets.person_picker import PersonPicker
from allies.widgets.stance import person_text, stance_text

STANCE_KEYS = " ".join(f"{i} {s.value}" for i, s in enumerate(STANCE_SCALE, 1))
LOOKED_TO_NOTE = (
    "Each other attendee then defers to them: a 'defers to' tie is added "
    "(or made stronger), and their influence rises."
)
COLUMN_OPTIONS = [(c.value.capitalize(), c) for c in BOARD_COLUMNS]


class _OneKey(Static, can_focus=True):
    """A value set with one key. The focus stays: tab moves on, as everywhere else."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.save", "Save", show=False),
    ]

    KEYS_HINT = ""
    """What this field takes, said when a key it does not take is typed into it."""

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        raise NotImplementedError

    def chosen(self) -> None:
        self.draw()

    def on_key(self, event: events.Key) -> None:
        """A letter or digit this field does not take is not swallowed without a word.

        Keys typed in a burst are all sent to the field focused when they arrive: those
        that come after a tab that moved on go on to the field that has the focus now.
        """
        if keep_burst_order(self, event):
            return
        char = event.character
        if not char or not char.isalnum() or bindings_for(self, event.key):
            return
        event.stop()
        self.app.bell()
        self.notify(f"{self.KEYS_HINT} — tab moves to the next field.", timeout=3)


class StatusChoice(_OneKey):
    """Held or cancelled: ``h`` / ``c`` (``space`` flips)."""

    HELP_TITLE = "How did it go?"
    KEYS_HINT = "This field takes h (held), c (cancelled) or space"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "set('held')", "Held", show=False),
        Binding("c", "set('cancelled')", "Cancelled", show=False),
        Binding("space,left,right", "flip", "Flip", show=False),
    ]

    def __init__(
        self, value: MeetingStatus, *, held_refused: str = "", id: str | None = None
    ) -> None:
        """``held_refused``: why it cannot be marked held (a meeting still to come)."""
        super().__init__(id=id)
        self.held_refused = held_refused
        self.value = MeetingStatus.CANCELLED if held_refused else value

    def draw(self) -> None:
        text = Text()
        for key, status in (("h", MeetingStatus.HELD), ("c", MeetingStatus.CANCELLED)):
            on = status is self.value
            text.append(f" {key} {status.value} ", style="reverse bold" if on else "dim")
            text.append("  ")
        self.update(text)

    def action_set(self, value: str) -> None:
        status = MeetingStatus(value)
        if status is MeetingStatus.HELD and self.held_refused:
            self.app.bell()
            self.notify(self.held_refused, title="Not held yet", severity="warning", timeout=5)
            return
        self.value = status
        self.chosen()

    def action_flip(self) -> None:
        held = self.value is MeetingStatus.HELD
        self.action_set("cancelled" if held else "held")


class StanceChoice(_OneKey):
    """One attendee's stance: ``1``–``5`` set it, ``0`` unknown, ``+``/``-`` step."""

    HELP_TITLE = "A stance"
    KEYS_HINT = f"A stance takes {STANCE_KEYS}, 0 unknown, or +/-"

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(i), f"set('{s.value}')", s.value, show=False)
            for i, s in enumerate(STANCE_SCALE, 1)
        ),
        Binding("0", "set('unknown')", "unknown", show=False),
        Binding("plus,equals_sign,right", "step(1)", "Up", show=False),
        Binding("minus,left", "step(-1)", "Down", show=False),
        Binding("down", "app.focus_next", "Next person", show=False),
        Binding("up", "app.focus_previous", "Previous person", show=False),
    ]

    def __init__(self, person: int, name: str, stance: Stance) -> None:
        super().__init__(id=f"stance-{person}", classes="stance-choice")
        self.person = person
        self.name_text = name
        self.was = stance
        self.value = stance

    def draw(self) -> None:
        colors = self.app.theme_variables
        name = person_text(self.name_text, self.was, colors)
        name.truncate(34, overflow="ellipsis", pad=True)
        text = Text()
        text.append_text(name)
        text.append("  ")
        if self.value is self.was:
            text.append_text(stance_text(self.value, colors))
            text.append("  (unchanged)", style="dim")
        else:
            text.append(f"{self.was.value} → ", style="dim")
            text.append_text(stance_text(self.value, colors))
        self.update(text)

    def action_set(self, value: str) -> None:
        self.value = Stance(value)
        self.chosen()

    def action_step(self, delta: int) -> None:
        self.value = self.value.step(delta)
        self.draw()


class DebriefScreen(FormScreen[Debrief]):
    """Everything a meeting taught, recorded at once."""

    CSS_PATH: ClassVar[CssPaths] = MEETINGS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "looked_to", "Go to: the room looked to", id="debrief.looked_to"),
        Binding("ctrl+o", "outcome", "Go to: outcome", id="debrief.outcome"),
    ]

    def __init__(
        self,
        meeting: Meeting,
        people: Sequence[tuple[int, str, Stance]],
        wins: Sequence[tuple[int, str, Column]],
        *,
        now: datetime,
        trusting: Sequence[int] = (),
    ) -> None:
        """``trusting``: people who trust an attendee, whose interests they may have told."""
        super().__init__()
        self.meeting = meeting
        self.people = {pid: (name, stance) for pid, name, stance in people}
        self.attendees = tuple(pid for pid in meeting.attendees if pid in self.people)
        others = sorted(
            {p for p in trusting if p in self.people and p not in self.attendees},
            key=self._name_key,
        )
        self.about = (*self.attendees, *others)
        self.wins = wins
        self.now = now
        self.heading = f"Debrief: {meeting.title}"
        self.full_text["outcome"] = meeting.outcome

    def _name_key(self, pid: int) -> str:
        return self.people[pid][0].casefold()

    def _label(self, pid: int) -> Text:
        name, stance = self.people[pid]
        return Text(f"{stance.symbol} {name}")  # literal: a name is never markup

    def compose_fields(self) -> ComposeResult:
        m = self.meeting
        local = m.start.astimezone()
        yield Static(
            Text(
                f"{local:%a} {local.day} {local:%b %Y, %H:%M} · "
                + (f"{n} attendees" if (n := len(self.attendees)) != 1 else "1 attendee")
            ),
            classes="debrief-when",
        )
        status = m.status if m.status is not MeetingStatus.PLANNED else MeetingStatus.HELD
        upcoming = still_to_come(m) if m.start > self.now else ""
        if upcoming:
            at = local
            yield Static(
                Text(
                    f"Still to come ({at:%a} {at.day} {at:%b %H:%M}): "
                    "it can only be marked cancelled now."
                ),
                id="debrief-upcoming",
            )
        choice = StatusChoice(status, held_refused=upcoming, id="status")
        yield from self.field("How did it go?", choice, "status")
        outcome = FormInput(
            flat(m.outcome), placeholder="what was agreed", id="outcome", compact=True
        )
        yield from self.field("Outcome", outcome, "outcome")
        yield from self.field("Stances (↑↓ moves between people)", self._stances(), "stances")
        picker = PersonPicker(
            [(pid, *self.people[pid]) for pid in (*self.attendees, *self._others())],
            m.looked_to,
            empty="no one noted",
            compact=True,
            id="looked_to",
        )
        yield from self.field("The room looked to (ctrl+l)", picker, "looked_to")
        yield Static(LOOKED_TO_NOTE, classes="debrief-hint")
        yield from self.field(
            "Interest learned (; separates several)",
            self._about("interest", "what they want"),
            "interest",
        )
        yield from self.field("Trade discussed: I offer ⇄ I ask", self._trade(), "trade")
        yield from self.field(
            "Add a win (to the board, with these people)", self._new_win(), "new_win"
        )
        yield from self.field("Move a win", self._move_win(), "move_win")
        yield from self.field(
            "Follow-up (optional)",
            DateField(now=self.now.replace(tzinfo=None), id="follow_up"),
            "follow_up",
        )
        yield Static(self._contact_note(), classes="debrief-note")

    def _others(self) -> list[int]:
        """Everyone not in the meeting, by name."""
        return sorted((p for p in self.people if p not in self.attendees), key=self._name_key)

    def _stances(self) -> Vertical:
        rows = [StanceChoice(pid, *self.people[pid]) for pid in self.attendees]
        hint = Static(f"{STANCE_KEYS} 0 unknown", classes="debrief-hint")
        return Vertical(*rows, hint, classes="debrief-stances")

    def _about(self, name: str, placeholder: str) -> Horizontal:
        """Whose (the attendees, then those who trust them) and the text."""
        options = [(self._label(pid), pid) for pid in self.about]
        first = self.attendees[0] if self.attendees else Select.BLANK
        who = FormSelect(options, value=first, allow_blank=False, id=f"{name}-who", compact=True)
        text = FormInput(placeholder=placeholder, id=name, compact=True)
        return Horizontal(who, text, classes="debrief-row")

    def _trade(self) -> Vertical:
        return Vertical(
            self._about("offer", "what I offer"),
            FormInput(placeholder="what I ask in return", id="ask", compact=True),
            classes="debrief-trade",
        )

    def _new_win(self) -> Horizontal:
        return Horizontal(
            FormInput(placeholder="e.g. a pilot agreed", id="new_win", compact=True),
            FormSelect(
                COLUMN_OPTIONS,
                value=Column.POSSIBLE,
                allow_blank=False,
                id="new_win-column",
                compact=True,
            ),
            classes="debrief-row -win",
        )

    def _move_win(self) -> Horizontal:
        options = [(Text(f"{title} ({column.value})"), wid) for wid, title, column in self.wins]
        return Horizontal(
            FormSelect(options, prompt="no card moved", id="move_win", compact=True),
            FormSelect(
                COLUMN_OPTIONS,
                value=Column.WON,
                allow_blank=False,
                id="move_win-column",
                compact=True,
            ),
            classes="debrief-row -win",
        )

    def _contact_note(self) -> Text:
        day = self.meeting.start.astimezone()
        return Text(
            f"Saving marks last contact {day:%a} {day.day} {day:%b} for the attendees (if held). "
            "enter saves all of it as one change; u undoes it.",
            style="dim",
        )

    def on_mount(self) -> None:
        self.query_one("#follow_up", DateField).input.compact = True
        self.query_one("#status", StatusChoice).focus()

    def action_looked_to(self) -> None:
        self.query_one("#looked_to Input").focus()

    def action_outcome(self) -> None:
        self.query_one("#outcome").focus()

    # ---------------------------------------------------------------- result

    def build(self) -> Debrief:
        outcome = self.query_one("#outcome", Input).value
        full = self.full_text.get("outcome", "")
        if outcome == flat(full):
            outcome = full  # as it was, or as written in the editor: keep its line breaks
        outcome = clean_text(outcome, "outcome", max_len=NOTE_MAX, multiline=True)
        stances = tuple(
            (c.person, c.value) for c in self.query(StanceChoice) if c.value is not c.was
        )
        return Debrief(
            status=self.query_one("#status", StatusChoice).value,
            outcome=outcome,
            stances=stances,
            interests=self._interests(),
            trades=self._trades(),
            new_wins=self._new_wins(),
            moved_wins=self._moved(),
            looked_to=self.query_one("#looked_to", PersonPicker).selected,
            follow_up=self._follow_up(),
        )

    def _who(self, name: str) -> int:
        value = self.query_one(f"#{name}-who", Select).value
        if not isinstance(value, int):
            raise ValidationError(name, "Pick whose it is")
        return value

    def _interests(self) -> tuple[LearnedInterest, ...]:
        texts = [t.strip() for t in self.query_one("#interest", Input).value.split(";")]
        texts = [t for t in texts if t]
        if not texts:
            return ()
        who = self._who("interest")
        source = None
        if who not in self.attendees and len(self.attendees) == 1:
            source = self.attendees[0]  # told by the one person I met
        found = []
        for text in texts:
            try:
                Interest(id=0, person=who, text=text).validate()
            except ValidationError as exc:
                raise ValidationError("interest", exc.message) from None
            found.append(LearnedInterest(person=who, text=text, learned_from=source))
        return tuple(found)

    def _trades(self) -> tuple[DiscussedTrade, ...]:
        offer = self.query_one("#offer", Input).value
        ask = self.query_one("#ask", Input).value
        if not offer.strip() and not ask.strip():
            return ()
        if not offer.strip():
            raise ValidationError("trade", "Say what you offer for it")
        who = self._who("offer")
        try:
            Trade(id=0, person=who, offer=offer, ask=ask).validate()
        except ValidationError as exc:
            raise ValidationError("trade", exc.message) from None
        return (DiscussedTrade(person=who, offer=offer, ask=ask),)

    def _new_wins(self) -> tuple[NewWin, ...]:
        title = self.query_one("#new_win", Input).value
        if not title.strip():
            return ()
        try:
            Win(id=0, title=title).validate()
        except ValidationError as exc:
            raise ValidationError("new_win", exc.message) from None
        column = self.query_one("#new_win-column", Select).value
        return (NewWin(title, column if isinstance(column, Column) else Column.POSSIBLE),)

    def _moved(self) -> tuple[tuple[int, Column], ...]:
        win = self.query_one("#move_win", Select).value
        column = self.query_one("#move_win-column", Select).value
        if not isinstance(win, int) or not isinstance(column, Column):
            return ()
        return ((win, column),)

    def _follow_up(self) -> FollowUp | None:
        try:
            parsed = self.query_one("#follow_up", DateField).parsed()
        except ValidationError as exc:
            raise ValidationError("follow_up", exc.message) from None
        if parsed is None:
            return None
        start = parsed.value
        if not parsed.has_time:
            at = self.meeting.start.astimezone()
            start = start.replace(hour=at.hour, minute=at.minute)
        return FollowUp(start=start.astimezone())
