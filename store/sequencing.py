"""Meeting sequence: is a group meeting ready, and which one-on-ones come first?

docs/method.md, step 6 of the method: one-on-ones with influencers first; a group
meeting only once enough allies and small wins are secured. ``readiness``
names what a planned group meeting still lacks; ``suggest_sequence`` proposes
the missing one-on-ones on working days before it (and moving it later when
the days run out); nothing changes until ``apply_proposals``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from allies.store.approach import Suggestion, approach_next, names
from allies.store.influence import Influence, Plan, influence
from allies.store.model import Column, Meeting, MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from allies.store.repository import Repository

NEEDS_ONE_ON_ONE = "needs_one_on_one"
LOW_CONSENSUS = "low_consensus"
TOO_FEW_WINS = "too_few_wins"

ONE_ON_ONE_MINUTES = 30
MAX_ONE_ON_ONES_PER_DAY = 3  # so a week of preparation is not crammed into one morning
# Each working day: every half hour from 10:00 to 11:30 and from 14:00 to 16:30.
SLOT_TIMES: tuple[time, ...] = tuple(time(h, m) for h in (10, 11, 14, 15, 16) for m in (0, 30))
SEARCH_DAYS = 5000  # working days searched for a free slot before giving up (~20 years)


@dataclass(frozen=True)
class Problem:
    """Why a group meeting is not ready: a code, the people concerned, and the detail in words."""

    code: str
    people: tuple[int, ...]
    detail: str


@dataclass(frozen=True)
class Readiness:
    """Whether a group meeting is ready, its consensus (0–1) and its problems."""

    meeting: int
    ready: bool
    consensus: float
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Proposal:
    """A suggested one-on-one, or moving a group meeting later (``moves_meeting`` set)."""

    title: str
    kind: str
    start: datetime
    attendees: tuple[int, ...]
    for_meeting: int | None
    moves_meeting: int | None = None
    minutes: int = ONE_ON_ONE_MINUTES


class _Facts:
    """What readiness needs, indexed once: one-on-one times per person, times of wins."""

    def __init__(self, plan: Plan, scores: dict[int, Influence]) -> None:
        self.plan = plan
        self.scores = scores
        self.one_on_ones: dict[int, list[datetime]] = {}
        for m in plan.meetings.values():
            if m.kind is MeetingKind.ONE_ON_ONE and m.status is not MeetingStatus.CANCELLED:
                for pid in m.attendees:
                    self.one_on_ones.setdefault(pid, []).append(m.start)
        for starts in self.one_on_ones.values():
            starts.sort()
        self.won_at = sorted(
            w.won_at for w in plan.wins.values() if w.column is Column.WON and w.won_at is not None
        )

    def has_one_on_one_before(self, person: int, when: datetime) -> bool:
        starts = self.one_on_ones.get(person)
        return starts is not None and starts[0] < when

    def wins_by(self, when: datetime) -> int:
        return bisect_right(self.won_at, when)

    def readiness(self, meeting: Meeting) -> Readiness:
        people = self.plan.people
        meta = self.plan.meta
        attendees = [pid for pid in meeting.attendees if pid in people]
        weight = {
            pid: self.scores[pid].score + 1.0 if pid in self.scores else 1.0 for pid in attendees
        }
        total = sum(weight.values())
        allied = sum(weight[pid] for pid in attendees if people[pid].stance.is_ally)
        consensus = allied / total if total else 0.0
        if meeting.kind is not MeetingKind.GROUP:
            return Readiness(meeting.id, True, consensus, ())
        problems: list[Problem] = []
        missing = [pid for pid in attendees if not self.has_one_on_one_before(pid, meeting.start)]
        if missing:
            who = names([people[pid] for pid in missing], limit=len(missing))
            problems.append(
                Problem(NEEDS_ONE_ON_ONE, tuple(missing), f"no one-on-one yet with {who}")
            )
        if consensus < meta.consensus_threshold - 1e-9:
            others = tuple(
                sorted(
                    (pid for pid in attendees if not people[pid].stance.is_ally),
                    key=lambda pid: (-weight[pid], people[pid].name.casefold(), pid),
                )
            )
            share = math.floor(consensus * 100 + 1e-9)
            need = round(meta.consensus_threshold * 100)
            detail = f"allies hold {share}% of the influence in the room (needs {need}%)"
            problems.append(Problem(LOW_CONSENSUS, others, detail))
        won = self.wins_by(meeting.start)
        if won < meta.min_wins_before_group:
            detail = f"{won} of {meta.min_wins_before_group} wins won by then"
            problems.append(Problem(TOO_FEW_WINS, (), detail))
        return Readiness(meeting.id, not problems, consensus, tuple(problems))


def readiness(plan: Plan, meeting_id: int, scores: dict[int, Influence] | None = None) -> Readiness:
    """Whether this group meeting is ready (a one-on-one is always ready)."""
    scores = scores if scores is not None else influence(plan)
    return _Facts(plan, scores).readiness(plan.meetings[meeting_id])


def planned_groups(plan: Plan) -> list[Meeting]:
    """The planned group meetings, in start order."""
    groups = [
        m
        for m in plan.meetings.values()
        if m.kind is MeetingKind.GROUP and m.status is MeetingStatus.PLANNED
    ]
    groups.sort(key=lambda m: (m.start, m.id))
    return groups


def all_readiness(plan: Plan, scores: dict[int, Influence] | None = None) -> dict[int, Readiness]:
    """Readiness of every planned group meeting, by meeting id, in start order."""
    scores = scores if scores is not None else influence(plan)
    facts = _Facts(plan, scores)
    return {m.id: facts.readiness(m) for m in planned_groups(plan)}


# ------------------------------------------------------------------ suggesting


class _Calendar:
    """Working-day slots from ``today`` on, and what is already booked."""

    def __init__(self, plan: Plan, today: date, not_before: datetime | None = None) -> None:
        # Imported here: only a suggestion needs it, and the first screen does not.
        from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule

        start = datetime.combine(today, time())
        self._not_before = not_before
        self._days_iter: Iterator[datetime] = iter(
            rrule(DAILY, byweekday=(MO, TU, WE, TH, FR), dtstart=start)
        )
        self._days: list[date] = []
        self._first_open = 0
        self._full: set[date] = set()
        self._count: dict[date, int] = {}
        self._busy: dict[date, list[tuple[datetime, datetime, int]]] = {}
        for m in plan.meetings.values():
            if m.status is MeetingStatus.CANCELLED:
                continue
            self._book(m.start, m.start + timedelta(minutes=m.minutes), m.id)
            if m.kind is MeetingKind.ONE_ON_ONE:
                day = m.start.astimezone().date()
                self._count[day] = self._count.get(day, 0) + 1

    def _day(self, i: int) -> date:
        while len(self._days) <= i:
            self._days.append(next(self._days_iter).date())
        return self._days[i]

    def _book(self, start: datetime, end: datetime, owner: int) -> None:
        day, last = start.astimezone().date(), end.astimezone().date()
        while day <= last:
            self._busy.setdefault(day, []).append((start, end, owner))
            day += timedelta(days=1)

    def _clashes(self, start: datetime, end: datetime, ignore: int = 0) -> bool:
        day, last = start.astimezone().date(), end.astimezone().date()
        while day <= last:
            for s, e, owner in self._busy.get(day, ()):
                if owner != ignore and s < end and start < e:
                    return True
            day += timedelta(days=1)
        return False

    def take(self, before: datetime | None) -> datetime | None:
        """Book the earliest free one-on-one slot on a working day before ``before``'s day."""
        last_day = before.astimezone().date() if before is not None else None
        length = timedelta(minutes=ONE_ON_ONE_MINUTES)
        for i in range(self._first_open, self._first_open + SEARCH_DAYS):
            day = self._day(i)
            if last_day is not None and day >= last_day:
                return None
            if day in self._full:
                continue
            if self._count.get(day, 0) < MAX_ONE_ON_ONES_PER_DAY:
                for t in SLOT_TIMES:
                    start = datetime.combine(day, t).astimezone()
                    if self._not_before is not None and start < self._not_before:
                        continue  # that slot of today is already gone
                    if not self._clashes(start, start + length):
                        self._book(start, start + length, -1)
                        self._count[day] = self._count.get(day, 0) + 1
                        return start
            self._full.add(day)
            while self._day(self._first_open) in self._full:
                self._first_open += 1
        return None

    def move(self, meeting: Meeting, after: datetime) -> datetime | None:
        """Book ``meeting`` on the first free working day after ``after``'s day, same time."""
        at = meeting.start.astimezone().time().replace(tzinfo=None)
        length = timedelta(minutes=meeting.minutes)
        after_day = after.astimezone().date()
        i = self._first_open
        while self._day(i) <= after_day:
            i += 1
        for j in range(i, i + SEARCH_DAYS):
            start = datetime.combine(self._day(j), at).astimezone()
            if not self._clashes(start, start + length, ignore=meeting.id):
                self._book(start, start + length, meeting.id)
                return start
        return None


def _priority(
    plan: Plan, scores: dict[int, Influence], approach: list[Suggestion] | None
) -> dict[int, int]:
    """Order of one-on-ones: approach-next order first, then allies by influence rank."""
    if approach is None:
        approach = approach_next(plan, scores)
    order = [s.person for s in approach]
    seen = set(order)
    rest = sorted(
        (pid for pid in plan.people if pid not in seen),
        key=lambda pid: scores[pid].rank if pid in scores else len(scores) + pid,
    )
    return {pid: i for i, pid in enumerate(order + rest)}


def suggest_sequence(
    plan: Plan,
    today: date,
    scores: dict[int, Influence] | None = None,
    *,
    approach: list[Suggestion] | None = None,
    now: datetime | None = None,
) -> list[Proposal]:
    """The missing one-on-ones before each coming planned group meeting, earliest first.

    ``now`` (aware): slots earlier than it are skipped — late in the day, today's
    morning slots are already gone.

    Slots are working days from ``today`` up to the day before the group meeting,
    never over another meeting or proposal, best next ally first. When the days
    run out, the remaining one-on-ones follow and the group meeting is proposed later.
    Pass ``approach`` (from ``approach_next`` on the same scores) to save recomputing it.
    """
    scores = scores if scores is not None else influence(plan)
    people = plan.people
    facts = _Facts(plan, scores)
    priority = _priority(plan, scores, approach)
    calendar = _Calendar(plan, today, now)
    proposed: dict[int, list[datetime]] = {}
    proposals: list[Proposal] = []
    for meeting in planned_groups(plan):
        if meeting.start.astimezone().date() < today:
            continue  # already past: a debrief is due, not preparation
        missing = [
            pid
            for pid in meeting.attendees
            if pid in people
            and not facts.has_one_on_one_before(pid, meeting.start)
            and not any(s < meeting.start for s in proposed.get(pid, ()))
        ]
        if not missing:
            continue
        missing.sort(key=lambda pid: priority.get(pid, len(priority)))
        placed: list[tuple[int, datetime]] = []
        late: list[int] = []
        for pid in missing:
            slot = calendar.take(before=meeting.start)
            if slot is None:
                late.append(pid)
            else:
                placed.append((pid, slot))
        moved: datetime | None = None
        if late:
            for pid in late:
                slot = calendar.take(before=None)
                if slot is not None:
                    placed.append((pid, slot))
            moved = calendar.move(meeting, max(s for _, s in placed)) if placed else None
        for pid, slot in placed:
            proposed.setdefault(pid, []).append(slot)
            proposals.append(
                Proposal(
                    title=f"One-on-one with {people[pid].name}",
                    kind=MeetingKind.ONE_ON_ONE.value,
                    start=slot,
                    attendees=(pid,),
                    for_meeting=meeting.id,
                )
            )
        if moved is not None:
            proposals.append(
                Proposal(
                    title=f"Move {meeting.title} later",
                    kind=MeetingKind.GROUP.value,
                    start=moved,
                    attendees=meeting.attendees,
                    for_meeting=meeting.id,
                    moves_meeting=meeting.id,
                    minutes=meeting.minutes,
                )
            )
    proposals.sort(key=lambda p: (p.start, p.moves_meeting is not None, p.title))
    return proposals


def apply_proposals(repo: Repository, proposals: list[Proposal]) -> None:
    """Add the proposed one-on-ones and move the meetings: one save, one undo step."""
    if not proposals:
        return
    with repo.transaction("schedule suggested meetings"):
        for p in proposals:
            if p.moves_meeting is not None:
                meeting = repo.meetings[p.moves_meeting]
                repo.update(meeting.replace(start=p.start))
                continue
            repo.add(
                Meeting(
                    id=0,
                    title=p.title,
                    start=p.start,
                    kind=MeetingKind(p.kind),
                    minutes=p.minutes,
                    attendees=p.attendees,
                )
            )
