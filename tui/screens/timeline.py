"""The Timeline view: meetings by week, readiness of each group meeting, what to do next.

Step 6 of the method (sequence the meetings) and step 7 (keep reading the
situation): one-on-ones first, group meetings once they are ready, and a
debrief right after each meeting.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static

from allies.store.model import (
    Column,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Person,
    Stance,
    TieKind,
    Win,
)
from allies.store.names import labels
from allies.themes import CssPaths, css_file
from allies.tui.screens.base import PlanScreen
from allies.tui.search import fold
from allies.widgets.stance import MASK
from allies.widgets.timeline import Attendee, MeetingDetail, MeetingRow, Timeline, week_of

if TYPE_CHECKING:
    from allies.store.debrief import Debrief
    from allies.store.sequencing import Problem, Proposal, Readiness


MORE_CARDS = 20  # open cards offered by the debrief beyond those with the attendees


class TimelineScreen(PlanScreen):
    """Meetings in date order, grouped by week, with readiness and debriefs due."""

    CSS_PATH: ClassVar[CssPaths] = [css_file("timeline")]

    VIEW_NAME = "Timeline"
    AUTO_FOCUS = "#timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,a", "new", "New", tooltip="Plan a meeting", id="timeline.new"),
        Binding("e", "edit", "Edit", id="timeline.edit"),
        Binding("d", "delete", "Delete", id="timeline.delete"),
        Binding(
            "s",
            "suggest",
            "Suggest",
            tooltip="Suggest the one-on-ones to hold before each group meeting",
            id="timeline.suggest",
        ),
        Binding(
            "r",
            "debrief",
            "Debrief",
            tooltip="Debrief the selected meeting: held, outcome, stances, what you learned",
            id="timeline.debrief",
            priority=True,  # checked as it arrives: the keys typed after it reach the debrief
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter meetings by title or attendee",
            id="timeline.filter",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="timeline.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self._all_rows: list[MeetingRow] = []
        self._memo: dict[int, tuple[tuple[object, ...], MeetingRow]] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(id="timeline-next")
        with Horizontal(id="timeline-body"):
            with Vertical(id="timeline-main"):
                yield Input(
                    placeholder="Filter meetings by title or attendee…  (escape clears)",
                    id="timeline-filter",
                )
                yield Timeline(id="timeline")
                yield Static(id="timeline-empty")
            with VerticalScroll(id="timeline-side"):
                yield MeetingDetail(id="timeline-detail")

    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    def selected(self) -> Meeting | None:
        mid = self.timeline.meeting_id
        return self.repo.meetings.get(mid) if mid is not None else None

    def select_meeting(self, meeting_id: int) -> None:
        """Put the cursor on this meeting (the command palette jumps here)."""
        if self.filter_text and self.timeline.row(meeting_id) is None:
            self._close_filter()
            self._show_rows()
        self.timeline.select_meeting(meeting_id)
        self.timeline.focus()

    # ---------------------------------------------------------------- drawing

    def refresh_body(self, select: int | None = None) -> None:
        from allies.store.analysis import analysis_for

        analysis = analysis_for(self.repo, self.allies.now())
        readiness = analysis.readiness
        named = analysis.labels  # namesakes told apart
        now = self.allies.now()
        people = self.repo.people
        memo = self._memo
        rows: list[MeetingRow] = []
        # Stored starts are all UTC: they sort fast (local times compare far slower).
        for m in sorted(self.repo.meetings.values(), key=lambda m: (m.start, m.id)):
            # A row depends on its meeting, its people, its readiness and whether a debrief
            # is due: the same records (compared by identity first) give back the same row.
            due = m.status is MeetingStatus.PLANNED and m.start < now
            ready = readiness.get(m.id)
            attendees = tuple([people.get(pid) for pid in m.attendees])
            looked_to = tuple([people.get(pid) for pid in m.looked_to]) if m.looked_to else ()
            shown = tuple([named.get(pid, "") for pid in (*m.attendees, *m.looked_to)])
            key = (m, ready, due, attendees, looked_to, shown)
            hit = memo.get(m.id)
            if hit is not None and hit[0] == key:
                row = hit[1]
            else:
                row = self._row(m, ready, due, attendees, looked_to, named)
                memo[m.id] = (key, row)
            rows.append(row)
        if len(memo) > len(rows):
            for gone in memo.keys() - self.repo.meetings.keys():
                del memo[gone]
        self._all_rows = rows
        self.query_one("#timeline-next", Static).update(self._next_steps(rows, now))
        self._show_rows(select)

    def _show_rows(self, select: int | None = None) -> None:
        """Hand the timeline the meetings (those the filter keeps) and redraw the detail."""
        needle = fold(self.filter_text.strip())
        only = {row.id for row in self._all_rows if _matches(row, needle)} if needle else None
        timeline = self.timeline
        timeline.show(
            self._all_rows,
            today=self.allies.today(),
            private=self.allies.private,
            colors=self.app.theme_variables,
            select=select,
            only=only,
        )
        empty = self.query_one("#timeline-empty", Static)
        if only is not None and not only:
            empty.update(
                Text(f"No meeting matches “{self.filter_text}” — escape clears the filter.")
            )
        nothing = only is not None and not only
        empty.display = nothing
        timeline.display = not nothing
        self.show_detail()

    def _row(
        self,
        m: Meeting,
        ready: Readiness | None,
        due: bool,
        attendees: tuple[Person | None, ...],
        looked_to: tuple[Person | None, ...],
        named: Mapping[int, str],
    ) -> MeetingRow:
        return MeetingRow(
            m.id,
            m.title,
            m.start.astimezone(),
            m.minutes,
            m.kind,
            m.status,
            tuple(
                [Attendee(p.id, named[p.id], p.stance, p.role) for p in attendees if p is not None]
            ),
            m.outcome,
            tuple([named[p.id] for p in looked_to if p is not None]),
            ready=ready.ready if ready is not None and not due else None,
            consensus=ready.consensus if ready is not None else None,
            problems=tuple([p.detail for p in ready.problems]) if ready else (),
            masked_problems=tuple([_masked(p) for p in ready.problems]) if ready else (),
            problem_codes=tuple([p.code for p in ready.problems]) if ready else (),
            debrief_due=due,
        )

    def _next_steps(self, rows: list[MeetingRow], now: datetime) -> Text:
        """What to do next this week, in at most three lines (``rows`` in date order)."""
        private = self.allies.private
        colors = self.app.theme_variables
        today = self.allies.today()

        def name(row: MeetingRow) -> str:
            return (
                f"{MASK if private else row.title} ({row.start:%a} {row.start.day} {row.start:%b})"
            )

        lines: list[Text] = []
        due = [r for r in rows if r.debrief_due]
        if due:
            line = Text()
            line.append(
                f"! {len(due)} debrief{'s' * (len(due) > 1)} due",
                f"bold {colors.get('overdue', '')}",
            )
            line.append(f": {name(due[0])}" + (" and more" if len(due) > 1 else ""))
            line.append(" — r records how it went", style="dim")
            lines.append(line)
        coming = [r for r in rows if r.status is MeetingStatus.PLANNED and r.start >= now]
        group = next((r for r in coming if r.kind is MeetingKind.GROUP), None)
        if group is not None and group.ready is False:
            n = len(group.problems)
            line = Text()
            line.append(f"✖ {name(group)} is not ready", f"bold {colors.get('not-ready', '')}")
            line.append(f": {n} problem{'s' * (n != 1)} — {_remedy(group.problem_codes)}")
            lines.append(line)
        elif group is not None:
            line = Text()
            line.append(f"✔ {name(group)} is ready", f"bold {colors.get('ready', '')}")
            lines.append(line)
        week = [r for r in coming if week_of(r.day) == week_of(today)]
        if week:
            line = Text(f"This week: {len(week)} meeting{'s' * (len(week) != 1)} ahead, next ")
            line.append(name(week[0]), style="bold")
            lines.append(line)
        elif not coming:
            lines.append(Text("Nothing planned — n plans a one-on-one with your next ally."))
        else:
            lines.append(Text(f"Nothing else this week; next: {name(coming[0])}"))
        return Text("\n").join(lines)

    def show_detail(self) -> None:
        timeline = self.timeline
        mid = timeline.meeting_id if timeline.display else None
        row = timeline.row(mid) if mid is not None else None
        self.query_one(MeetingDetail).show_meeting(
            row, private=self.allies.private, colors=self.app.theme_variables
        )

    @on(Timeline.MeetingHighlighted, "#timeline")
    def _highlighted(self) -> None:
        self.show_detail()

    @on(Timeline.MeetingSelected, "#timeline")
    def _selected(self) -> None:
        self.action_edit()

    # ---------------------------------------------------------------- actions

    def _candidates(self) -> list[tuple[int, str, Stance]]:
        """Everyone, by name; namesakes told apart by role and organisation."""
        named = labels(self.repo.people.values())
        return [(p.id, named[p.id], p.stance) for p in self.repo.people.values()]

    def action_new(self) -> None:
        from allies.tui.screens.modals.meeting_form import MeetingForm

        if not self.repo.people:
            self.notify("Add people first (1, then n): a meeting needs attendees.", timeout=4)
            return

        def saved(meeting: Meeting | None) -> None:
            if meeting is None:
                return
            added = self.allies.change(lambda: self.repo.add(meeting), done="Meeting planned")
            if added is not None:
                if self.filter_text:  # show the new meeting, whatever the filter was
                    self._close_filter()
                self.refresh_body(select=added.id)

        form = MeetingForm(None, self._candidates(), now=self.allies.now())
        self.app.push_screen(form, saved)

    def action_edit(self) -> None:
        from allies.tui.screens.modals.meeting_form import MeetingForm

        meeting = self.selected()
        if meeting is None:
            return

        def saved(edited: Meeting | None) -> None:
            if edited is not None:
                self.allies.change(lambda: self.repo.update(edited), done="Saved")

        form = MeetingForm(meeting, self._candidates(), now=self.allies.now())
        self.app.push_screen(form, saved)

    def action_delete(self) -> None:
        from allies.tui.screens.modals.confirm import ConfirmScreen

        meeting = self.selected()
        if meeting is None:
            return
        logged = self.repo.references(Meeting, meeting.id).get("stance_log", 0)
        one = "1 stance change keeps its stance but loses"
        detail = (
            f"{one if logged == 1 else f'{logged} stance changes keep their stance but lose'} "
            "the link to it. "
            if logged
            else ""
        )
        title = "this meeting" if self.allies.private else meeting.title

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.allies.change(
                    lambda: self.repo.delete(Meeting, meeting.id, label=f"delete {meeting.title}"),
                    done="Deleted — u undoes",
                )

        self.app.push_screen(
            ConfirmScreen(f"Delete {title}?", f"{detail}You can undo with u.", danger=True),
            confirmed,
        )

    def action_suggest(self) -> None:
        from allies.store.analysis import analysis_for
        from allies.store.sequencing import apply_proposals
        from allies.tui.screens.modals.sequence import SequenceScreen

        now, today = self.allies.now(), self.allies.today()
        analysis = analysis_for(self.repo, now)
        proposals = analysis.proposals(today, now)
        if not proposals:
            self.notify(
                "Nothing to add: every coming group meeting is ready or has what it needs planned.",
                timeout=4,
            )
            return

        def accepted(chosen: list[Proposal] | None) -> None:
            if not chosen:
                return
            n = len(chosen)
            done = f"Scheduled {n} suggestion{'s' * (n != 1)} — u undoes"
            self.allies.change(lambda: apply_proposals(self.repo, chosen), done=done)

        meetings = {m.id: (m.title, m.start) for m in self.repo.meetings.values()}
        screen = SequenceScreen(proposals, meetings, private=self.allies.private)
        self.app.push_screen(screen, accepted)

    def action_debrief(self) -> None:
        from allies.store.debrief import apply_debrief
        from allies.tui.screens.modals.debrief import DebriefScreen

        meeting = self.selected()
        if meeting is None:
            return
        now = self.allies.now()

        def recorded(debrief: Debrief | None) -> None:
            if debrief is None:
                return
            result = self.allies.change(
                lambda: apply_debrief(self.repo, meeting.id, debrief, now=now)
            )
            if result is not None:
                names = labels(self.repo.people.values())
                self.notify(result.summary(names), timeout=8)

        wins = [(w.id, w.title, w.column) for w in self._movable_wins(meeting)]
        trusting = [
            t.source
            for t in self.repo.ties.values()
            if t.kind is TieKind.TRUSTS and t.target in meeting.attendees
        ]
        screen = DebriefScreen(meeting, self._candidates(), wins, now=now, trusting=trusting)
        self.app.push_screen(screen, recorded)

    def _movable_wins(self, meeting: Meeting) -> list[Win]:
        """Cards the debrief may move: those with these people, then the latest open ones."""
        attendees = set(meeting.attendees)
        linked = [w for w in self.repo.wins.values() if attendees & set(w.people)]
        linked.sort(key=lambda w: (w.column is Column.WON, w.title.casefold()))
        seen = {w.id for w in linked}
        open_cards = [
            w
            for w in self.repo.wins.values()
            if w.id not in seen and w.column in (Column.POSSIBLE, Column.PURSUING)
        ]
        open_cards.sort(key=lambda w: w.updated, reverse=True)
        return linked + open_cards[:MORE_CARDS]

    # ---------------------------------------------------------------- filter

    def action_filter(self) -> None:
        box = self.query_one("#timeline-filter", Input)
        box.add_class("-open")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#timeline-filter", Input)
        if self.filter_text or box.has_class("-open"):
            self._close_filter()
            self._show_rows()
            self.timeline.focus()

    def _close_filter(self) -> None:
        box = self.query_one("#timeline-filter", Input)
        with box.prevent(Input.Changed):
            box.value = ""
        box.remove_class("-open")
        self.filter_text = ""

    @on(Input.Changed, "#timeline-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self._show_rows()

    @on(Input.Submitted, "#timeline-filter")
    def _filter_done(self) -> None:
        self.timeline.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        writes = ("new", "edit", "delete", "suggest", "debrief")
        if action == "debrief" and isinstance(self.focused, Input):
            return False  # an r typed in the filter is a letter (the key is a priority one)
        if action in writes and self.repo.read_only:
            return None
        if action in ("edit", "delete", "debrief") and self.selected() is None:
            return None
        return True


def _masked(problem: Problem) -> str:
    """A readiness problem in words without names (for the privacy screen)."""
    return problem.private or problem.detail


def _matches(row: MeetingRow, needle: str) -> bool:
    """A meeting matches a filter (folded) by its title, an attendee's name or its outcome
    (also when masked), accents and case aside."""
    return (
        needle in fold(row.title)
        or needle in fold(row.outcome)
        or any(needle in fold(person.name) for person in row.attendees)
    )


def _remedy(codes: tuple[str, ...]) -> str:
    """What fixes the first problem of a group meeting."""
    if "needs_one_on_one" in codes:
        return "s suggests the one-on-ones to hold first"
    if "low_consensus" in codes:
        return "s suggests one-on-ones with the holdouts who would lift the room"
    return "secure a small win first (2 Board)"
