"""The Review view: the weekly review of docs/method.md on one screen, every line a way in.

Step 7 of the method — keep reading the situation. At the start of the week:
what happens this week, which debriefs are due, what moved since the last
review, what has stalled, which chief influencers are drifting, whom to
approach next, and whether each planned group meeting has enough consensus.
Enter on a line opens that person, card or meeting in its view; ``m`` marks
the review done, so the next one reports changes from today.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from allies.store.advice import Move
from allies.store.analysis import analysis_for
from allies.store.model import Meeting, MeetingStatus, Win, percent
from allies.store.review import (
    OUT_OF_TOUCH_DAYS,
    STALE_DAYS,
    StanceMove,
    WeeklyReview,
    weekly_review,
)
from allies.store.sequencing import Problem, Readiness
from allies.themes import CssPaths, css_file
from allies.tui.screens.base import PlanScreen
from allies.widgets.influencer_table import fit
from allies.widgets.review_list import ReviewItem, ReviewList, ReviewSection
from allies.widgets.stance import MASK, person_text

TITLE_WIDTH = 34  # a meeting or card title is cut here, so the rest of its line stays in view
NAME_WIDTH = 24
SECTION_LIMIT = 15  # lines per section; the rest is counted and left to its view
# Approach-next reasons that hold no names or notes (store.approach's fixed words): they fit
# beside the name, and stay readable under the privacy screen.
SHORT_REASONS = frozenset({"a decider", "neutral", "skeptical", "opposed", "stance not read yet"})


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def _when(moment: datetime) -> str:
    """Day and time, the day padded so a column of meetings lines up."""
    local = moment.astimezone()
    return f"{local:%a} {local.day:>2} {local:%b} {local:%H:%M}"


@dataclass(frozen=True)
class _Spec:
    """One section before it is drawn: its records and how to draw a line for each."""

    key: str
    title: str
    records: Sequence[Any]
    line: Callable[[Any], ReviewItem]
    empty: str
    more: str = ""


class ReviewScreen(PlanScreen):
    """This week, what is due, what moved, what stalled — and what to do next."""

    CSS_PATH: ClassVar[CssPaths] = [css_file("review")]

    VIEW_NAME = "Review"
    AUTO_FOCUS = "#review-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e",
            "open",
            "Open",
            key_display="enter",
            tooltip="Open this line's person, card or meeting in its view (enter too)",
            id="review.open",
        ),
        Binding(
            "m",
            "mark_reviewed",
            "Mark reviewed",
            tooltip="Mark reviewed: the next review reports changes from today",
            id="review.mark",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Keep the lines that hold this text (headings count the matches)",
            id="review.filter",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="review.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self._review: WeeklyReview | None = None
        self._lines: dict[str, list[tuple[str, ReviewItem]]] = {}
        """Every line of each section of ``_review`` with its casefolded text (for the filter)."""

    def compose_body(self) -> ComposeResult:
        yield Static(id="review-summary")
        yield Input(placeholder="Filter the review…  (escape clears)", id="review-filter")
        yield ReviewList(id="review-list")

    @property
    def review_list(self) -> ReviewList:
        return self.query_one(ReviewList)

    # ---------------------------------------------------------------- drawing

    def refresh_body(self) -> None:
        review = weekly_review(self.repo, self.allies.today(), now=self.allies.now())
        self._review = review
        self._lines.clear()
        self.query_one("#review-summary", Static).update(self._summary(review))
        self._show_sections()

    def _show_sections(self) -> None:
        """Lay out the sections of the review last read (a filter change redraws only this)."""
        if self._review is None:
            return
        heading = f"bold {self.app.theme_variables.get('secondary', '')}"
        sections = [self._section(spec) for spec in self._specs(self._review)]
        self.review_list.show(sections, heading_style=heading)
        self.refresh_bindings()  # enter opens only when a line is left

    def _section(self, spec: _Spec) -> ReviewSection:
        """At most ``SECTION_LIMIT`` lines a section (a large plan's review stays quick).

        Under a filter only the lines whose text holds it are kept, and the heading counts
        them: every record is searched, not only those shown unfiltered.
        """
        needle = self.filter_text.casefold()
        if not needle:
            shown = tuple(spec.line(record) for record in spec.records[:SECTION_LIMIT])
            return ReviewSection(
                spec.key, spec.title, shown, spec.empty, total=len(spec.records), more=spec.more
            )
        matches = [item for text, item in self._all_lines(spec) if needle in text]
        return ReviewSection(
            spec.key,
            spec.title,
            tuple(matches[:SECTION_LIMIT]),
            spec.empty,
            total=len(matches),
            more=spec.more,
            filtered=True,
        )

    def _all_lines(self, spec: _Spec) -> list[tuple[str, ReviewItem]]:
        """Every line of a section, drawn once per review (each filter key only searches)."""
        lines = self._lines.get(spec.key)
        if lines is None:
            items = map(spec.line, spec.records)
            lines = self._lines[spec.key] = [(i.text.plain.casefold(), i) for i in items]
        return lines

    def _warm_lines(self) -> None:
        """Draw every line now, so the first letter typed into the filter answers quickly."""
        if self._review is not None:
            for spec in self._specs(self._review):
                self._all_lines(spec)

    def _summary(self, review: WeeklyReview) -> Text:
        start, end = review.week_start, review.week_end
        first = f"{start:%a} {start.day}" + ("" if start.month == end.month else f" {start:%b}")
        text = Text(f"Week of {first} – {_day(end)} {end.year}")
        if review.last_review is None:
            text.append(" · never reviewed: changes of the last 7 days")
        elif review.last_review == review.today:
            text.append(" · reviewed today", style=self.app.theme_variables.get("ready", ""))
        else:
            days = (review.today - review.last_review).days
            text.append(
                f" · last reviewed {_day(review.last_review)},"
                f" {days} day{'s' if days != 1 else ''} ago"
            )
        text.append(" · m marks it reviewed")
        return text

    def _specs(self, review: WeeklyReview) -> Iterable[_Spec]:
        since = "since the last review" if review.last_review else "in the last 7 days"
        timeline, board = "the timeline (3) shows them all", "the board (2) shows them all"
        yield _Spec(
            "moves",
            "What to do this week",
            review.moves,
            self._move,
            "Nothing pressing — keep reading the situation.",
            "allies suggest lists them all",
        )
        yield _Spec(
            "week",
            "This week's meetings",
            review.meetings_this_week,
            lambda wm: self._meeting(wm.meeting, wm.readiness),
            "No meetings this week — press 3 for the timeline and plan a one-on-one.",
            timeline,
        )
        yield _Spec(
            "debrief",
            "Debrief due — past meetings still planned (enter, then r records one)",
            review.not_debriefed,
            lambda m: self._meeting(m, None, debrief=True),
            "No debriefs due — every past meeting is recorded.",
            timeline,
        )
        yield _Spec(
            "wins",
            f"Wins {since}",
            review.wins_since_review,
            lambda w: self._win(w, won=True),
            f"No wins {since} — a small win to pursue is on the board (2).",
            board,
        )
        yield _Spec(
            "stances",
            f"Stances changed {since}",
            review.stance_changes,
            self._stance,
            f"No stance moved {since}.",
            "the people view (1) shows every stance",
        )
        yield _Spec(
            "stale",
            f"Stalled cards — no movement for {STALE_DAYS} days",
            review.stale_cards,
            lambda w: self._win(w, won=False),
            "Nothing stalled — every open card moved in the last two weeks.",
            board,
        )
        yield _Spec(
            "touch",
            f"Chief influencers out of touch — {OUT_OF_TOUCH_DAYS} days",
            review.out_of_touch,
            lambda o: self._out_of_touch(o.person, o.last_contact, o.days),
            "Every chief influencer was contacted in the last month.",
        )
        yield _Spec(
            "approach",
            "Approach next",
            tuple(enumerate(review.approach_next, start=1)),
            lambda ns: self._suggestion(ns[0], ns[1].person, (ns[1].action, *ns[1].reasons)),
            "No one left to win over — everyone is already an ally.",
        )
        yield _Spec(
            "groups",
            "Planned group meetings — consensus",
            review.group_readiness,
            lambda g: self._meeting(g.meeting, g.readiness, with_people=False),
            "No group meeting planned from today on.",
            timeline,
        )

    # ------------------------------------------------------------ line makers

    @property
    def _colors(self) -> Mapping[str, str]:
        return self.app.theme_variables

    def _title(self, title: str) -> Text:
        return fit(MASK if self.allies.private else title, TITLE_WIDTH)

    def _person(self, pid: int) -> Text:
        person = self.repo.people.get(pid)
        if person is None:
            return Text("(removed)", style="dim")
        named = analysis_for(self.repo, self.allies.now()).labels[pid]  # namesakes told apart
        name = person.name if self.allies.private else fit(named, NAME_WIDTH).plain
        return person_text(name, person.stance, self._colors, private=self.allies.private)

    def _people(self, ids: tuple[int, ...]) -> Text:
        text = Text()
        for n, pid in enumerate(ids):
            if n:
                text.append(", ")
            text.append_text(self._person(pid))
        return text

    def _meeting(
        self,
        m: Meeting,
        readiness: Readiness | None,
        *,
        debrief: bool = False,
        with_people: bool = True,
    ) -> ReviewItem:
        """When, title, readiness or status, who; a group meeting's problems on lines below."""
        line = Text(f"  {_when(m.start)}  ")
        line.append_text(self._title(m.title))
        if readiness is not None:
            line.append("  ")
            line.append_text(self._readiness(readiness))
        elif m.status is not MeetingStatus.PLANNED:
            line.append(f"  {m.status.value}", style="dim")
        elif m.start < self.allies.now() and not debrief:
            line.append("  debrief due", style=self._colors.get("overdue", ""))
        if with_people:
            line.append("  with ", style="dim")
            line.append_text(self._people(m.attendees))
        if readiness is not None:
            for problem in readiness.problems:
                line.append("\n      · ", style="dim")
                line.append(self._problem(problem))
        return ReviewItem("meeting", m.id, line)

    def _readiness(self, r: Readiness) -> Text:
        verdict = "✓ ready" if r.ready else "✗ not ready"
        text = Text(verdict, style=self._colors.get("ready" if r.ready else "not-ready", ""))
        text.append(f" · consensus {percent(r.consensus)} (needs {percent(r.threshold)})")
        return text

    def _problem(self, problem: Problem) -> str:
        if self.allies.private:
            return problem.private or problem.detail
        return problem.detail

    def _win(self, w: Win, *, won: bool) -> ReviewItem:
        colors = self._colors
        if won:
            line = Text("  ✓ ", style=colors.get("column-won", ""))
            line.append_text(self._title(w.title))
            if w.won_at is not None:
                line.append(f"  won {_day(w.won_at.astimezone().date())}", style="dim")
        else:
            line = Text("  ")
            line.append_text(self._title(w.title))
            line.append(f"  {w.column.value}", style=colors.get(f"column-{w.column.value}", ""))
            moved = w.updated.astimezone().date()
            days = (self.allies.today() - moved).days
            line.append(
                f" · last moved {_day(moved)}, {days} days ago",
                style=colors.get("stale", ""),
            )
            if w.due is not None and w.due < self.allies.today():
                line.append(f" · due {_day(w.due)}", style=colors.get("overdue", ""))
        if w.people:
            line.append("  ")
            line.append_text(self._people(w.people))
        return ReviewItem("card", w.id, line)

    def _stance(self, s: StanceMove) -> ReviewItem:
        line = Text("  ")
        line.append_text(self._person(s.person))
        line.append("  ")
        line.append(f"{s.before.value} → " if s.before else "read as ", style="dim")
        line.append(s.after.value, style=self._colors.get(f"stance-{s.after.value}", ""))
        line.append(f"  {_day(s.at.astimezone().date())}", style="dim")
        meeting = self.repo.meetings.get(s.meeting) if s.meeting is not None else None
        if meeting is not None:
            line.append(", after ", style="dim")
            line.append_text(self._title(meeting.title))
        return ReviewItem("person", s.person, line)

    def _move(self, move: Move) -> ReviewItem:
        """One thing to do, in words; enter opens its first person."""
        text = Text("  • ")
        if self.allies.private:
            text.append(f"{move.kind.replace('_', ' ')} (hidden by the privacy screen)", "dim")
        else:
            first, *rest = move.reason.split("; ")
            text.append(first)
            for part in rest:  # each further reason on its own line, as in Approach next
                text.append("\n      · " + part, style="dim")
        if move.win is not None:
            return ReviewItem("card", move.win, text)
        if move.meeting is not None:
            return ReviewItem("meeting", move.meeting, text)
        return ReviewItem("person", move.people[0] if move.people else 0, text)

    def _out_of_touch(self, pid: int, last: date | None, days: int | None) -> ReviewItem:
        line = Text("  ")
        line.append_text(self._person(pid))
        if last is None:
            line.append("  never contacted", style=self._colors.get("overdue", ""))
        else:
            line.append(f"  last contact {_day(last)}, ", style="dim")
            line.append(f"{days} days ago", style=self._colors.get("overdue", ""))
        return ReviewItem("person", pid, line)

    def _suggestion(self, n: int, pid: int, reasons: tuple[str, ...]) -> ReviewItem:
        """The person, their short reasons beside the name, each longer reason on its own line."""
        line = Text(f"  {n}. ")
        line.append_text(self._person(pid))
        short = [r for r in reasons if r in SHORT_REASONS]
        long = [r for r in reasons if r not in SHORT_REASONS]
        if short:
            line.append("  " + " · ".join(short), style="dim")
        if long and self.allies.private:
            long = ["more reasons hidden by the privacy screen"]
        for reason in long:
            line.append("\n       · ", style="dim")
            line.append(reason, style="dim")
        return ReviewItem("person", pid, line)

    # ---------------------------------------------------------------- actions

    @on(ReviewList.Jump, "#review-list")
    async def _jump(self, event: ReviewList.Jump) -> None:
        await self._open(event.kind, event.target)

    async def _open(self, kind: str, target: int) -> None:
        if kind == "person":
            await self.allies.go.to_person(target)
        elif kind == "card":
            await self.allies.go.to_card(target)
        else:
            await self.allies.go.to_meeting(target)

    async def action_open(self) -> None:
        item = self.review_list.item
        if item is not None:
            await self._open(item.kind, item.target)

    def action_mark_reviewed(self) -> None:
        today = self.allies.today()

        def mark() -> None:
            self.allies.change(
                lambda: self.repo.mark_reviewed(today),
                done="Reviewed — the next review reports changes from today",
            )

        if self.repo.meta.last_review != today:
            mark()
            return
        from allies.tui.screens.modals.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                mark()

        self.app.push_screen(
            ConfirmScreen(
                "Already reviewed today — mark it again?",
                "This stores one more review record for today; u undoes it.",
            ),
            confirmed,
        )

    def action_filter(self) -> None:
        box = self.query_one("#review-filter", Input)
        box.add_class("-open")
        box.focus()
        self.call_after_refresh(self._warm_lines)  # once the box is on screen

    def action_clear_filter(self) -> None:
        box = self.query_one("#review-filter", Input)
        if self.filter_text or box.has_class("-open"):
            with box.prevent(Input.Changed):
                box.value = ""
            box.remove_class("-open")
            self.filter_text = ""
            self._show_sections()
            self.review_list.focus()

    @on(Input.Changed, "#review-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text != self.filter_text:
            self.filter_text = text
            self._show_sections()

    @on(Input.Submitted, "#review-filter")
    def _filter_done(self) -> None:
        self.review_list.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open" and self.is_mounted and self.review_list.item is None:
            return None
        return True
