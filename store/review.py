"""The weekly review (docs/method.md, step 7 of the method: keep reading the situation).

At the start of each week: the meetings of this week and whether the group
ones are ready, the meetings whose debrief is due, what moved since the last
review (wins won, stances changed), the cards that have not moved for two
weeks, the chief influencers nobody has spoken to for a month, whom to
approach next, and the consensus of every planned group meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from allies.store.advice import Move, moves
from allies.store.analysis import Analysis, analysis_for
from allies.store.approach import Suggestion
from allies.store.dates import week_bounds
from allies.store.influence import Plan
from allies.store.model import (
    Column,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Stance,
    StanceChange,
    Win,
)
from allies.store.repository import Repository
from allies.store.sequencing import Proposal, Readiness

STALE_DAYS = 14  # a card with no update for this long has stalled
OUT_OF_TOUCH_DAYS = 30  # a chief influencer not contacted for longer is drifting
FIRST_REVIEW_DAYS = 7  # never reviewed: report the changes of the last week
APPROACH_SHOWN = 3
ENTERED_WITH = timedelta(seconds=1)  # a stance logged this close to the person's creation


@dataclass(frozen=True)
class WeekMeeting:
    """A meeting of this week; ``readiness`` is set for a planned group meeting."""

    meeting: Meeting
    readiness: Readiness | None


@dataclass(frozen=True)
class StanceMove:
    """A logged change of stance, with the stance it replaced (None when first read)."""

    person: int
    before: Stance | None
    after: Stance
    at: datetime
    meeting: int | None
    note: str


@dataclass(frozen=True)
class OutOfTouch:
    """A chief influencer not contacted for too long (``last_contact`` None: never)."""

    person: int
    last_contact: date | None
    days: int | None


@dataclass(frozen=True)
class WeeklyReview:
    """Everything the weekly review shows, as of ``today``."""

    today: date
    week_start: date
    week_end: date
    since: date
    """Changes on or after this day are reported: the day after the last review, or a week ago.

    A review marked on a day covers that whole day: once marked, the day's
    wins and stance changes are not reported again.
    """
    last_review: date | None
    meetings_this_week: tuple[WeekMeeting, ...]
    not_debriefed: tuple[Meeting, ...]
    wins_since_review: tuple[Win, ...]
    stance_changes: tuple[StanceMove, ...]
    stale_cards: tuple[Win, ...]
    out_of_touch: tuple[OutOfTouch, ...]
    approach_next: tuple[Suggestion, ...]
    group_readiness: tuple[WeekMeeting, ...]
    moves: tuple[Move, ...] = ()
    """This week's moves, most urgent first (``store.advice.moves``)."""

    @property
    def quiet(self) -> bool:
        """Nothing needs attention (no debrief due, nothing stale, no one out of touch)."""
        return not (self.not_debriefed or self.stale_cards or self.out_of_touch)


def _local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def _analysis(plan: Plan, now: datetime) -> Analysis:
    return analysis_for(plan, now) if isinstance(plan, Repository) else Analysis(plan, now=now)


def weekly_review(plan: Plan, today: date, *, now: datetime | None = None) -> WeeklyReview:
    """The review of the week holding ``today`` (Monday to Sunday).

    ``now`` decides which meetings are past (debrief due); by default the
    start of ``today``, so a frozen ``today`` gives the same review every run.
    """
    given_now = now
    now = now or datetime.combine(today, time(0, 0)).astimezone()
    analysis = _analysis(plan, now)
    week_start, week_end = week_bounds(today)
    last_review = plan.meta.last_review
    if last_review is not None:
        since = last_review + timedelta(days=1)
    else:
        since = today - timedelta(days=FIRST_REVIEW_DAYS - 1)
    meetings = sorted(plan.meetings.values(), key=lambda m: (m.start, m.id))

    this_week = tuple(
        WeekMeeting(m, analysis.readiness.get(m.id))
        for m in meetings
        if week_start <= _local_day(m.start) <= week_end and m.status is not MeetingStatus.CANCELLED
    )
    not_debriefed = tuple(
        m for m in meetings if m.status is MeetingStatus.PLANNED and m.start < now
    )
    wins = sorted(
        (
            w
            for w in plan.wins.values()
            if w.column is Column.WON and w.won_at and since <= _local_day(w.won_at) <= today
        ),
        key=lambda w: (w.won_at, w.id),
    )
    stale = tuple(
        w
        for w in sorted(plan.wins.values(), key=lambda w: (w.updated, w.id))
        if w.column in (Column.POSSIBLE, Column.PURSUING)
        and (today - _local_day(w.updated)).days >= STALE_DAYS
    )
    groups = tuple(
        WeekMeeting(m, analysis.readiness[m.id])
        for m in meetings
        if m.kind is MeetingKind.GROUP
        and m.status is MeetingStatus.PLANNED
        and m.start >= now
        and m.id in analysis.readiness
    )
    return WeeklyReview(
        today=today,
        week_start=week_start,
        week_end=week_end,
        since=since,
        last_review=last_review,
        meetings_this_week=this_week,
        not_debriefed=not_debriefed,
        wins_since_review=tuple(wins),
        stance_changes=_stance_moves(plan, since, today),
        stale_cards=stale,
        out_of_touch=_out_of_touch(plan, analysis.chiefs, today),
        approach_next=tuple(analysis.approach[:APPROACH_SHOWN]),
        group_readiness=groups,
        moves=tuple(_moves(plan, analysis, today, given_now)),
    )


def _moves(plan: Plan, analysis: Analysis, today: date, now: datetime | None) -> list[Move]:
    return week_moves(plan, analysis, analysis.proposals(today, now), today)


def week_moves(
    plan: Plan, analysis: Analysis, proposals: list[Proposal], today: date
) -> list[Move]:
    """This week's moves: ``store.advice.moves`` read from the analysis and the proposals."""
    return moves(
        plan,
        today,
        now=analysis.now,
        readiness=analysis.readiness,
        approach=[(s.person, s.action) for s in analysis.approach if s.counts],
        flagged_no=analysis.flagged_no,
        proposals=proposals,
        knowledge=analysis.knowledge,
    )


def _stance_log(plan: Plan) -> list[StanceChange]:
    log = getattr(plan, "stance_log", None)
    return list(log.values()) if log is not None else []


def _stance_moves(plan: Plan, since: date, today: date) -> tuple[StanceMove, ...]:
    """The net change of each person's stance from ``since`` to ``today``.

    One line per person: the stance before ``since`` → the latest logged by
    ``today``; nothing when they are back where they started. A person's first
    logged stance (entered with them) is where they started, not a change.
    """
    people = plan.people
    before: dict[int, Stance | None] = {}
    last: dict[int, StanceChange] = {}
    for change in sorted(_stance_log(plan), key=lambda c: (c.at, c.id)):
        pid = change.person
        if pid not in people or _local_day(change.at) > today:
            continue
        if pid not in before:  # their first logged stance
            if abs(change.at - people[pid].created) <= ENTERED_WITH:
                before[pid] = change.stance  # entered with them: where they started
                continue
            before[pid] = None  # a first read: from "not read yet"
        if _local_day(change.at) < since:
            before[pid] = change.stance
        else:
            last[pid] = change
    moves: list[StanceMove] = []
    for pid, change in last.items():
        start = before.get(pid)
        if start is change.stance:
            continue
        moves.append(StanceMove(pid, start, change.stance, change.at, change.meeting, change.note))
    moves.sort(key=lambda m: (m.at, m.person))
    return tuple(moves)


def last_contact(plan: Plan, person_id: int, today: date) -> date | None:
    """The latest of the recorded last contact and the held meetings the person attended."""
    days = [
        _local_day(m.start)
        for m in plan.meetings.values()
        if m.status is MeetingStatus.HELD
        and person_id in m.attendees
        and _local_day(m.start) <= today
    ]
    recorded = plan.people[person_id].last_contact
    if recorded is not None:
        days.append(recorded)
    return max(days, default=None)


def _out_of_touch(plan: Plan, chiefs: list[int], today: date) -> tuple[OutOfTouch, ...]:
    out: list[OutOfTouch] = []
    for pid in chiefs:
        contact = last_contact(plan, pid, today)
        if contact is None:
            out.append(OutOfTouch(pid, None, None))
        elif (today - contact).days >= OUT_OF_TOUCH_DAYS:
            out.append(OutOfTouch(pid, contact, (today - contact).days))
    return tuple(out)


# ------------------------------------------------------------------- JSON


def _person(plan: Plan, pid: int) -> dict[str, Any]:
    person = plan.people.get(pid)
    return {"id": pid, "name": person.name if person else None}


def _meeting(plan: Plan, m: Meeting) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "kind": m.kind.value,
        "start": m.start.isoformat(),
        "minutes": m.minutes,
        "status": m.status.value,
        "attendees": [_person(plan, a) for a in m.attendees],
    }


def _readiness(r: Readiness | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "ready": r.ready,
        "consensus": round(r.consensus, 3),
        "threshold": r.threshold,
        "holdouts": list(r.holdouts),
        "problems": [
            {"code": p.code, "people": list(p.people), "detail": p.detail} for p in r.problems
        ],
    }


def _win(plan: Plan, w: Win) -> dict[str, Any]:
    return {
        "id": w.id,
        "title": w.title,
        "column": w.column.value,
        "won_at": w.won_at.isoformat() if w.won_at else None,
        "updated": w.updated.isoformat(),
        "people": [_person(plan, p) for p in w.people],
    }


def review_json(review: WeeklyReview, plan: Plan) -> dict[str, Any]:
    """The ``review`` document of docs/cli.md (people and meetings by id and name)."""
    return {
        "today": review.today.isoformat(),
        "week_start": review.week_start.isoformat(),
        "week_end": review.week_end.isoformat(),
        "since": review.since.isoformat(),
        "last_review": review.last_review.isoformat() if review.last_review else None,
        "meetings_this_week": [
            {**_meeting(plan, wm.meeting), "readiness": _readiness(wm.readiness)}
            for wm in review.meetings_this_week
        ],
        "not_debriefed": [_meeting(plan, m) for m in review.not_debriefed],
        "wins_since_review": [_win(plan, w) for w in review.wins_since_review],
        "stance_changes": [
            {
                **_person(plan, s.person),
                "from": s.before.value if s.before else None,
                "to": s.after.value,
                "at": s.at.isoformat(),
                "meeting": s.meeting,
                "note": s.note,
            }
            for s in review.stance_changes
        ],
        "stale_cards": [_win(plan, w) for w in review.stale_cards],
        "out_of_touch": [
            {
                **_person(plan, o.person),
                "last_contact": o.last_contact.isoformat() if o.last_contact else None,
                "days": o.days,
            }
            for o in review.out_of_touch
        ],
        "approach_next": [
            {
                **_person(plan, s.person),
                "score": s.score,
                "reasons": list(s.reasons),
                "action": s.action,
            }
            for s in review.approach_next
        ],
        "group_readiness": [
            {
                "id": g.meeting.id,
                "title": g.meeting.title,
                "start": g.meeting.start.isoformat(),
                **(_readiness(g.readiness) or {}),
            }
            for g in review.group_readiness
        ],
        "moves": [
            {"kind": m.kind, "people": list(m.people), "reason": m.reason} for m in review.moves
        ],
    }
