"""Meeting sequence: is a group meeting ready, and what would make it ready?

Step 6 of the method: one-on-ones with influencers and their supporters first;
a group meeting only once enough allies and small wins are secured.
``readiness`` names what a planned group meeting still lacks (``docs/method.md``
has the rules); ``suggest_sequence`` proposes what fixes each problem, each
proposal with its reason and the ally to bring; nothing changes until
``apply_proposals``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from allies.store.approach import Knowledge, Suggestion
from allies.store.consensus import Consensus, consensus, percent, weight_of
from allies.store.influence import INFLUENCE_KINDS, Influence, Plan, influence
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
from allies.store.names import labels, listed

if TYPE_CHECKING:
    from allies.store.repository import Repository

NEEDS_ONE_ON_ONE = "needs_one_on_one"
LOW_CONSENSUS = "low_consensus"
TOO_FEW_WINS = "too_few_wins"

ONE_ON_ONE_MINUTES = 30
MAX_ONE_ON_ONES_PER_DAY = 3  # so a week of preparation is not crammed into one morning
ROOM_FOR_A_WIN = 1  # working days between the first one-on-one and a "no"
# Each working day: every half hour from 10:00 to 11:30 and from 14:00 to 16:30.
SLOT_TIMES: tuple[time, ...] = tuple(time(h, m) for h in (10, 11, 14, 15, 16) for m in (0, 30))
SEARCH_DAYS = 5000  # working days searched for a free slot before giving up (~20 years)

# The method's order of one-on-ones: the first ally, then the open, then the no's.
_STANCE_ORDER = {
    Stance.CHAMPION: 0,
    Stance.SUPPORTIVE: 0,
    Stance.NEUTRAL: 1,
    Stance.UNKNOWN: 1,
    Stance.SKEPTICAL: 2,
    Stance.OPPOSED: 3,
}


@dataclass(frozen=True)
class Problem:
    """Why a group meeting is not ready: a code, the people concerned, and the detail in words."""

    code: str
    people: tuple[int, ...]
    detail: str
    private: str = ""
    """The detail without names or titles (for the privacy screen)."""


@dataclass(frozen=True)
class Readiness:
    """Whether a group meeting is ready, its consensus (0–1) and its problems.

    ``holdouts``: the fewest attendees whose move to supportive would reach the
    ``threshold``; ``lifted``: the consensus then. ``undebriefed``: attendees whose
    only one-on-one is past and never debriefed. ``card``: the open board card
    closest to a win that involves the room, when wins are short.
    """

    meeting: int
    ready: bool
    consensus: float
    problems: tuple[Problem, ...]
    threshold: float = 0.6
    holdouts: tuple[int, ...] = ()
    lifted: float = 0.0
    undebriefed: tuple[int, ...] = ()
    card: int | None = None


@dataclass(frozen=True)
class Proposal:
    """A suggested one-on-one, or moving a group meeting later (``moves_meeting`` set).

    ``reason`` says why in words; ``bring``: allies who have the person's ear.
    """

    title: str
    kind: str
    start: datetime
    attendees: tuple[int, ...]
    for_meeting: int | None
    moves_meeting: int | None = None
    minutes: int = ONE_ON_ONE_MINUTES
    reason: str = ""
    bring: tuple[int, ...] = ()


def _won_when(win: Win) -> datetime:
    """When a won card was won: ``won_at``, or its last move when that was never recorded."""
    return win.won_at if win.won_at is not None else win.updated


def follows_index(plan: Plan) -> dict[int, set[int]]:
    """Person → the people they defer or listen to."""
    people = plan.people
    out: dict[int, set[int]] = {}
    for tie in plan.ties.values():
        if tie.kind in INFLUENCE_KINDS and tie.source != tie.target and tie.target in people:
            out.setdefault(tie.source, set()).add(tie.target)
    return out


class _Facts:
    """What readiness needs, indexed once: one-on-ones per person, won cards, who follows whom."""

    def __init__(self, plan: Plan, scores: dict[int, Influence], now: datetime) -> None:
        self.plan = plan
        self.scores = scores
        self.now = now
        self.one_on_ones: dict[int, list[Meeting]] = {}
        for m in plan.meetings.values():
            if m.kind is MeetingKind.ONE_ON_ONE and m.status is not MeetingStatus.CANCELLED:
                for pid in m.attendees:
                    self.one_on_ones.setdefault(pid, []).append(m)
        for meetings in self.one_on_ones.values():
            meetings.sort(key=lambda m: (m.start, m.id))
        self.won = sorted(
            ((_won_when(w), w) for w in plan.wins.values() if w.column is Column.WON),
            key=lambda pair: (pair[0], pair[1].id),
        )
        self.won_by: dict[int, list[tuple[datetime, int]]] = {}  # person -> (won, card)
        for when, w in self.won:
            for pid in w.people:
                self.won_by.setdefault(pid, []).append((when, w.id))
        self.follows = follows_index(plan)

    @cached_property
    def names(self) -> dict[int, str]:
        """Each person's name as said in a problem (namesakes told apart)."""
        return labels(self.plan.people.values())

    def prepared(self, person: int, before: datetime) -> bool | None:
        """True: a 1:1 held, or still ahead, before ``before``; None: only an undebriefed one."""
        undebriefed = False
        for m in self.one_on_ones.get(person, ()):
            if m.start >= before:
                break
            if m.status is MeetingStatus.HELD or m.start >= self.now:
                return True
            undebriefed = True
        return None if undebriefed else False

    def ahead(self, person: int, before: datetime) -> bool:
        """A planned one-on-one still to come, before ``before``."""
        return any(
            m.status is MeetingStatus.PLANNED and self.now <= m.start < before
            for m in self.one_on_ones.get(person, ())
        )

    def has_one_on_one_before(self, person: int, when: datetime) -> bool:
        return self.prepared(person, when) is True

    def wins_for(self, room: set[int], when: datetime) -> int:
        """Won cards by ``when`` that involve the room or someone an attendee follows."""
        reach = set(room)
        for pid in room:
            reach |= self.follows.get(pid, set())
        cards = {card for pid in reach for at, card in self.won_by.get(pid, ()) if at <= when}
        return len(cards)

    def closest_card(self, room: set[int]) -> int | None:
        """The open card nearest a win that involves the room: pursuing first, then due soonest."""
        reach = set(room)
        for pid in room:
            reach |= self.follows.get(pid, set())
        cards = [
            w
            for w in self.plan.wins.values()
            if w.column in (Column.PURSUING, Column.POSSIBLE) and reach.intersection(w.people)
        ]
        if not cards:
            return None
        best = min(
            cards,
            key=lambda w: (
                w.column is not Column.PURSUING,
                w.due is None,
                w.due or date.max,
                w.position,
                w.id,
            ),
        )
        return best.id

    def readiness(self, meeting: Meeting) -> Readiness:
        people = self.plan.people
        meta = self.plan.meta
        attendees = [pid for pid in dict.fromkeys(meeting.attendees) if pid in people]
        room = consensus(people, attendees, self.scores, meta.consensus_threshold)
        if meeting.kind is not MeetingKind.GROUP:
            return Readiness(meeting.id, True, room.share, (), meta.consensus_threshold)
        problems: list[Problem] = []
        missing: list[int] = []
        undebriefed: list[int] = []
        for pid in attendees:
            if people[pid].stance is Stance.CHAMPION:
                continue  # a champion's confirmation is enough
            state = self.prepared(pid, meeting.start)
            if state is None:
                undebriefed.append(pid)
            elif not state:
                missing.append(pid)
        if missing or undebriefed:
            problems.append(_one_on_one_problem(self.names, missing, undebriefed))
        if not room.reached:
            problems.append(_consensus_problem(self.names, room))
        won = self.wins_for(set(attendees), meeting.start)
        card = None
        if won < meta.min_wins_before_group:
            card = self.closest_card(set(attendees))
            problems.append(_wins_problem(self.plan, won, meta.min_wins_before_group, card))
        return Readiness(
            meeting.id,
            not problems,
            room.share,
            tuple(problems),
            room.threshold,
            room.holdouts,
            room.lifted,
            tuple(undebriefed),
            card,
        )


def _one_on_one_problem(
    shown: Mapping[int, str], missing: list[int], undebriefed: list[int]
) -> Problem:
    parts = []
    if missing:
        parts.append(f"no one-on-one yet with {listed([shown[p] for p in missing], len(missing))}")
    if undebriefed:
        who = listed([shown[p] for p in undebriefed], len(undebriefed))
        parts.append(f"debrief the 1:1 with {who} first (past, still marked planned)")
    masked = []
    if missing:
        masked.append(f"no one-on-one yet with {_count(len(missing), 'attendee')}")
    if undebriefed:
        masked.append(f"debrief the 1:1 with {_count(len(undebriefed), 'attendee')} first")
    return Problem(
        NEEDS_ONE_ON_ONE, tuple(missing + undebriefed), "; ".join(parts), "; ".join(masked)
    )


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' * (n != 1)}"


def _consensus_problem(shown: Mapping[int, str], room: Consensus) -> Problem:
    need = percent(room.threshold)
    detail = f"consensus {percent(room.share)} of the room's weight (needs {need})"
    who = listed([shown[p] for p in room.holdouts], len(room.holdouts))
    masked = detail
    n = _count(len(room.holdouts), "holdout")
    if room.reachable:
        detail += f"; winning {who} over would bring it to {percent(room.lifted)}"
        masked += f"; winning {n} over would bring it to {percent(room.lifted)}"
    else:
        detail += f"; even with {who} won over it would reach only {percent(room.lifted)}"
        masked += f"; even with {n} won over it would reach only {percent(room.lifted)}"
    return Problem(LOW_CONSENSUS, room.holdouts, detail, masked)


def _wins_problem(plan: Plan, won: int, needed: int, card: int | None) -> Problem:
    detail = f"{won} of {needed} wins won by then that involve the room"
    masked = detail
    if card is not None:
        win = plan.wins[card]
        detail += f"; closest: '{win.title}' ({win.column.value})"
        masked += f"; closest: a {win.column.value} card"
    people = tuple(plan.wins[card].people) if card is not None else ()
    return Problem(TOO_FEW_WINS, people, detail, masked)


def _start_of(today: date) -> datetime:
    return datetime.combine(today, time(0, 0)).astimezone()


def readiness(
    plan: Plan,
    meeting_id: int,
    scores: dict[int, Influence] | None = None,
    *,
    now: datetime | None = None,
) -> Readiness:
    """Whether this group meeting is ready (a one-on-one is always ready).

    ``now`` decides which planned one-on-ones are past and undebriefed (default: this moment).
    """
    scores = scores if scores is not None else influence(plan)
    now = now if now is not None else datetime.now().astimezone()
    return _Facts(plan, scores, now).readiness(plan.meetings[meeting_id])


def planned_groups(plan: Plan) -> list[Meeting]:
    """The planned group meetings, in start order."""
    groups = [
        m
        for m in plan.meetings.values()
        if m.kind is MeetingKind.GROUP and m.status is MeetingStatus.PLANNED
    ]
    groups.sort(key=lambda m: (m.start, m.id))
    return groups


def all_readiness(
    plan: Plan, scores: dict[int, Influence] | None = None, *, now: datetime | None = None
) -> dict[int, Readiness]:
    """Readiness of every planned group meeting, by meeting id, in start order."""
    scores = scores if scores is not None else influence(plan)
    now = now if now is not None else datetime.now().astimezone()
    facts = _Facts(plan, scores, now)
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

    def working_days_after(self, day: date, n: int) -> date:
        """The working day ``n`` working days after ``day`` (``day`` itself when n is 0)."""
        while n > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return day

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

    def take(self, before: datetime | None, after: datetime | None = None) -> datetime | None:
        """Book the earliest free one-on-one slot on a working day before ``before``'s day.

        ``after``: the slot starts at or after it (to keep an order, or leave room for a win).
        """
        last_day = before.astimezone().date() if before is not None else None
        first_day = after.astimezone().date() if after is not None else None
        length = timedelta(minutes=ONE_ON_ONE_MINUTES)
        for i in range(self._first_open, self._first_open + SEARCH_DAYS):
            day = self._day(i)
            if last_day is not None and day >= last_day:
                return None
            if day in self._full or (first_day is not None and day < first_day):
                continue
            if self._count.get(day, 0) < MAX_ONE_ON_ONES_PER_DAY:
                for t in SLOT_TIMES:
                    start = datetime.combine(day, t).astimezone()
                    if self._not_before is not None and start < self._not_before:
                        continue  # that slot of today is already gone
                    if after is not None and start < after:
                        continue
                    if not self._clashes(start, start + length):
                        self._book(start, start + length, -1)
                        self._count[day] = self._count.get(day, 0) + 1
                        return start
                if first_day is not None and day == first_day:
                    continue  # only the slots after ``after`` were full
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


@dataclass(frozen=True)
class _Need:
    """A one-on-one to propose: with whom, why, whom to bring, and before whose one-on-one."""

    person: int
    reason: str
    bring: tuple[int, ...] = ()
    precedes: int | None = None  # a trusted person met just before this chief

    def _replace_reason(self, reason: str) -> _Need:
        return _Need(self.person, reason, self.bring, self.precedes)


class _Planner:
    """Works out, for one group meeting, the one-on-ones that fix its problems."""

    def __init__(
        self,
        plan: Plan,
        scores: dict[int, Influence],
        facts: _Facts,
        chiefs: set[int],
        knowledge: Knowledge | None = None,
    ) -> None:
        self.plan = plan
        self.people = plan.people
        self.scores = scores
        self.facts = facts
        self.chiefs = chiefs
        self.knowledge = knowledge if knowledge is not None else Knowledge(plan)
        self.names = self.knowledge.names
        self.strength: dict[tuple[int, int, TieKind], int] = {}
        for tie in plan.ties.values():
            key = (tie.source, tie.target, tie.kind)
            self.strength[key] = max(self.strength.get(key, 0), tie.strength)
        self.trusts: dict[int, dict[int, int]] = {}
        for tie in plan.ties.values():
            if tie.source == tie.target or tie.target not in self.people:
                continue
            if tie.kind is TieKind.TRUSTS or tie.kind is TieKind.DEFERS_TO:
                mine = self.trusts.setdefault(tie.source, {})
                mine[tie.target] = max(mine.get(tie.target, 0), tie.strength)

    def bring(self, pid: int) -> tuple[int, ...]:
        """Allies who have this person's ear, most influential first (at most two)."""
        ears = [a for a in self.facts.follows.get(pid, ()) if self.people[a].stance.is_ally]
        ears.sort(key=lambda a: (-weight_of(self.scores, a), self.people[a].name.casefold(), a))
        return tuple(ears[:2])

    def _why(self, pid: int, r: Readiness) -> str:
        why = self._why_first(pid, r)
        person = self.people[pid]
        ears = self.unwon_ears(pid)
        if ears:
            who = listed([self.names[e] for e in ears[:2]])
            verb = "who have their ear, are" if len(ears[:2]) > 1 else "who has their ear, is"
            why += f"; a decider: go once {who}, {verb} on side"
        if not person.stance.is_ally:
            why += "; next: " + self.knowledge.next_step(pid)
        return why

    def unwon_ears(self, pid: int) -> list[int]:
        """A decider's ear-holders still to win, strongest tie first (empty for others)."""
        if not self.people[pid].decider:
            return []
        ears = [
            e
            for e in self.facts.follows.get(pid, ())
            if e != pid and not self.people[e].stance.is_ally
        ]
        ears.sort(key=lambda e: (-self.ear_strength(pid, e), self.people[e].name.casefold(), e))
        return ears

    def ear_strength(self, follower: int, leader: int) -> int:
        return max(self.strength.get((follower, leader, kind), 0) for kind in INFLUENCE_KINDS)

    def _why_first(self, pid: int, r: Readiness) -> str:
        person = self.people[pid]
        name = self.names[pid]
        stance = person.stance
        if pid in r.holdouts and not self._needs_first_meeting(pid, r):
            lifted = percent(r.lifted)
            return f"{name} is a holdout: winning them over lifts the room towards {lifted}"
        if stance.is_ally:
            return f"start with an ally: confirm {name}'s support and ask them to speak early"
        if stance is Stance.UNKNOWN:
            return f"read {name} first: their stance is not known yet"
        if stance is Stance.NEUTRAL:
            return f"win {name} over in private before the room meets"
        if stance is Stance.SKEPTICAL:
            return f"hear {name}'s doubts in private, not in the room"
        return f"hear {name}'s no in private and look past it, not in the room"

    def _needs_first_meeting(self, pid: int, r: Readiness) -> bool:
        return any(p.code == NEEDS_ONE_ON_ONE and pid in p.people for p in r.problems)

    def trusted_first(self, pid: int, taken: set[int], meeting: Meeting) -> int | None:
        """Someone an opposed or unknown chief trusts or defers to (ally or neutral), met first."""
        person = self.people[pid]
        if pid not in self.chiefs or person.stance not in (Stance.OPPOSED, Stance.UNKNOWN):
            return None
        options = [
            (t, strength)
            for t, strength in self.trusts.get(pid, {}).items()
            if t != pid
            and (self.people[t].stance.is_ally or self.people[t].stance is Stance.NEUTRAL)
        ]
        options.sort(
            key=lambda o: (
                not self.people[o[0]].stance.is_ally,
                -o[1],
                self.people[o[0]].name.casefold(),
                o[0],
            )
        )
        for t, _ in options:
            if t in taken:
                return None  # already met on this road
            if self.facts.prepared(t, meeting.start) is not True:
                return t
            return None  # already met, or a one-on-one ahead: nothing to add
        return None

    def needs(self, meeting: Meeting, r: Readiness, proposed: set[int]) -> list[_Need]:
        """The one-on-ones that fix the meeting's problems, in the method's order."""
        people = self.people
        wanted: list[int] = []
        for p in r.problems:
            if p.code == NEEDS_ONE_ON_ONE:
                wanted += [pid for pid in p.people if pid not in r.undebriefed]
        for pid in r.holdouts:
            if pid not in wanted and not self.facts.ahead(pid, meeting.start):
                wanted.append(pid)  # met before and still a holdout: a second conversation
        wanted = [pid for pid in dict.fromkeys(wanted) if pid not in proposed]
        wanted.sort(
            key=lambda pid: (
                _STANCE_ORDER[people[pid].stance],
                -weight_of(self.scores, pid),
                people[pid].name.casefold(),
                pid,
            )
        )
        wanted = self._deciders_last(wanted, r)
        notes: dict[int, list[str]] = {}
        out: list[_Need] = []
        taken = set(wanted) | proposed
        for pid in wanted:
            already = self._trusted_on_the_list(pid, wanted)
            if already is not None:
                chief = self.names[pid]
                notes.setdefault(already, []).append(
                    f"{chief} trusts them: sound out what would move {chief} first"
                )
            first = self.trusted_first(pid, taken, meeting)
            if first is not None:
                taken.add(first)
                chief = self.names[pid]
                verb = "defers to" if self._defers(pid, first) else "trusts"
                out.append(
                    _Need(
                        first,
                        f"{chief} {verb} {self.names[first]}: learn what {chief} wants from"
                        f" {self.names[first]} before you meet {chief}",
                        precedes=pid,
                    )
                )
            out.append(_Need(pid, self._why(pid, r), self.bring(pid)))
        return [
            n._replace_reason("; ".join([n.reason, *notes[n.person]]))
            if n.person in notes and n.precedes is None
            else n
            for n in out
        ]

    def _deciders_last(self, wanted: list[int], r: Readiness) -> list[int]:
        """A decider's one-on-one after those of the people who have her ear (still to win)."""
        out = list(wanted)
        for d in [pid for pid in wanted if self.people[pid].decider]:
            ears = [
                e
                for e in self.facts.follows.get(d, ())
                if not self.people[e].stance.is_ally and e != d
            ]
            if any(e in r.undebriefed for e in ears):
                out.remove(d)
                out.append(d)
                continue
            placed = [out.index(e) for e in ears if e in out]
            if placed and max(placed) > out.index(d):
                out.remove(d)
                out.insert(max(out.index(e) for e in ears if e in out) + 1, d)
        return out

    def _trusted_on_the_list(self, pid: int, wanted: list[int]) -> int | None:
        """Someone an opposed or unknown chief trusts who is met before them anyway."""
        if pid not in self.chiefs or self.people[pid].stance not in (
            Stance.OPPOSED,
            Stance.UNKNOWN,
        ):
            return None
        before = wanted[: wanted.index(pid)]
        trusted = [t for t in self.trusts.get(pid, {}) if t in before]
        return trusted[0] if trusted else None

    def _defers(self, source: int, target: int) -> bool:
        return (source, target, TieKind.DEFERS_TO) in self.strength


def _with_bring(reason: str, bring: tuple[int, ...], shown: Mapping[int, str]) -> str:
    if not bring:
        return reason
    who = listed([shown[b] for b in bring])
    return f"{reason}; bring {who}, who {'has' if len(bring) == 1 else 'have'} their ear"


def suggest_sequence(
    plan: Plan,
    today: date,
    scores: dict[int, Influence] | None = None,
    *,
    approach: list[Suggestion] | None = None,
    now: datetime | None = None,
    chiefs: list[int] | None = None,
    readiness: dict[int, Readiness] | None = None,
    knowledge: Knowledge | None = None,
) -> list[Proposal]:
    """What fixes each coming group meeting that is not ready, earliest first.

    One-on-ones on working days from ``today`` up to the day before the group
    meeting, never over another meeting or proposal, in the method's order (the
    first ally, then the open, then the skeptics, then the opposed, a working day
    after the first ally so there is room for a win); before an opposed or unknown
    chief, someone they trust; for low consensus, the holdouts. When the days run
    out, the rest follow and the group meeting is proposed later. Ready meetings
    get nothing. ``now`` (aware): slots earlier than it are skipped, and planned
    one-on-ones before it count only once debriefed (default: the start of ``today``).
    ``approach`` is accepted for callers of the first version and not needed;
    ``readiness`` (from ``all_readiness`` at the same ``now``) and ``knowledge`` save
    recomputing them.
    """
    del approach
    scores = scores if scores is not None else influence(plan)
    if chiefs is None:
        from allies.store.influence import chief_influencers

        chiefs = chief_influencers(plan, scores)
    people = plan.people
    moment = now if now is not None else _start_of(today)
    facts = _Facts(plan, scores, moment)
    planner = _Planner(plan, scores, facts, set(chiefs), knowledge)
    calendar = _Calendar(plan, today, now)
    proposed: dict[int, list[datetime]] = {}
    proposals: list[Proposal] = []
    for meeting in planned_groups(plan):
        if meeting.start.astimezone().date() < today:
            continue  # already past: a debrief is due, not preparation
        r = readiness[meeting.id] if readiness is not None else facts.readiness(meeting)
        if r.ready:
            continue
        ahead = {pid for pid, starts in proposed.items() if any(s < meeting.start for s in starts)}
        needs = planner.needs(meeting, r, ahead)
        if not needs:
            continue
        waits = {n.person for n in needs if planner.unwon_ears(n.person)}
        placed, late = _place(calendar, needs, meeting, people, today, waits, planner.names)
        moved: datetime | None = None
        if late and placed:
            moved = calendar.move(meeting, max(s for _, s in placed))
        for need, slot in placed:
            proposed.setdefault(need.person, []).append(slot)
            proposals.append(
                Proposal(
                    title=f"One-on-one with {planner.names[need.person]}",
                    kind=MeetingKind.ONE_ON_ONE.value,
                    start=slot,
                    attendees=(need.person,),
                    for_meeting=meeting.id,
                    reason=_with_bring(need.reason, need.bring, planner.names),
                    bring=need.bring,
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
                    reason=(
                        f"not enough working days before {meeting.start.astimezone():%a %d %b}"
                        " for the one-on-ones it needs: hold the room once they are done"
                    ),
                )
            )
    proposals.sort(key=lambda p: (p.start, p.moves_meeting is not None, p.title))
    return proposals


def _place(
    calendar: _Calendar,
    needs: list[_Need],
    meeting: Meeting,
    people: Mapping[int, Person],
    today: date,
    waits: set[int],
    names: Mapping[int, str],
) -> tuple[list[tuple[_Need, datetime]], bool]:
    """Slots in order; the no's a working day after the first conversation (room for a win).

    A decider whose ear is still to win (``waits``) is met a working day after today
    at the earliest, so there is time to win her ear first.

    When the days before the meeting run out, the rest follow after it (True: late).
    """
    placed: list[tuple[_Need, datetime]] = []
    late = False
    previous: datetime | None = None
    first_ally: datetime | None = None
    for need in needs:
        after = previous
        stance = people[need.person].stance
        if stance in (Stance.SKEPTICAL, Stance.OPPOSED) and first_ally is not None:
            gap = calendar.working_days_after(first_ally.astimezone().date(), ROOM_FOR_A_WIN + 1)
            gap_start = datetime.combine(gap, time(0, 0)).astimezone()
            after = max(after, gap_start) if after is not None else gap_start
        if need.person in waits:
            wait = calendar.working_days_after(today, ROOM_FOR_A_WIN + 1)
            wait_start = datetime.combine(wait, time(0, 0)).astimezone()
            after = max(after, wait_start) if after is not None else wait_start
        slot = None if late else calendar.take(before=meeting.start, after=after)
        if slot is None:
            late = True
            slot = calendar.take(before=None, after=after)
            if slot is None:
                continue
        if (
            after is not None
            and after != previous
            and first_ally is not None
            and need.person not in waits
        ):
            first = names[placed[0][0].person] if placed else "the first"
            need = need._replace_reason(
                f"{need.reason}; a working day after {first}'s, to leave room for a win"
            )
        placed.append((need, slot))
        previous = slot + timedelta(minutes=ONE_ON_ONE_MINUTES)
        if first_ally is None:  # the first one-on-one, even one to learn what a no wants:
            first_ally = slot  # the hardest ones come a working day after it
    return placed, late


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
