"""The debrief: everything learned in a meeting, recorded as one change.

DESIGN §5 and step 7 of the method: right after a meeting the leader marks it
held (or cancelled), writes the outcome, moves stances (logged with the
meeting), adds the interests and trades they heard, adds or moves a win, notes
who the room looked to (strengthening ``defers_to`` ties to them), and may
schedule a follow-up. :func:`apply_debrief` does it all inside one
``repo.transaction``: one save, one undo step, and nothing at all if any part
is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from allies.store.errors import ValidationError
from allies.store.model import (
    Column,
    Currency,
    Interest,
    Meeting,
    MeetingStatus,
    Stance,
    Tie,
    TieKind,
    Trade,
    TradeStatus,
)

if TYPE_CHECKING:
    from allies.store.repository import Repository

MAX_TIE_STRENGTH = 3


@dataclass(frozen=True)
class LearnedInterest:
    """An interest heard in the meeting: whose, what, and who told me (None: they did)."""

    person: int
    text: str
    priority: int = 2
    learned_from: int | None = None


@dataclass(frozen=True)
class DiscussedTrade:
    """A trade talked about in the meeting; it goes on the table as ``proposed``."""

    person: int
    offer: str
    ask: str = ""
    currency: Currency = Currency.TASK
    status: TradeStatus = TradeStatus.PROPOSED
    interest: int | None = None


@dataclass(frozen=True)
class NewWin:
    """A small win to add to the board, linked to the meeting's attendees."""

    title: str
    column: Column = Column.POSSIBLE


@dataclass(frozen=True)
class FollowUp:
    """A follow-up meeting with the same attendees."""

    start: datetime
    title: str = ""
    minutes: int | None = None


@dataclass(frozen=True)
class Debrief:
    """What the user recorded after a meeting."""

    status: MeetingStatus = MeetingStatus.HELD
    outcome: str = ""
    stances: tuple[tuple[int, Stance], ...] = ()
    interests: tuple[LearnedInterest, ...] = ()
    trades: tuple[DiscussedTrade, ...] = ()
    new_wins: tuple[NewWin, ...] = ()
    moved_wins: tuple[tuple[int, Column], ...] = ()
    looked_to: tuple[int, ...] = ()
    follow_up: FollowUp | None = None


@dataclass(frozen=True)
class DebriefResult:
    """The meeting as saved, and the follow-up when one was scheduled."""

    meeting: Meeting
    follow_up: Meeting | None
    ties_added: int = 0
    """``defers_to`` ties made because the room looked to someone."""
    ties_strengthened: int = 0
    """``defers_to`` ties made one stronger for the same reason."""
    looked_to_new: tuple[int, ...] = ()
    """Those the room looked to, newly noted in this debrief."""

    def summary(self, names: dict[int, str]) -> str:
        """What was saved, in words: the ties "the room looked to" made say so."""
        text = "Debrief saved"
        if self.looked_to_new and (self.ties_added or self.ties_strengthened):
            who = ", ".join(names.get(p, "?") for p in self.looked_to_new)
            parts = []
            if self.ties_added:
                parts.append(
                    f"{self.ties_added} 'defers to' tie{'s' * (self.ties_added != 1)} added"
                )
            if self.ties_strengthened:
                parts.append(f"{self.ties_strengthened} made stronger")
            text += f". The room looked to {who}: {', '.join(parts)} (their influence rises)"
        if self.follow_up is not None:
            at = self.follow_up.start.astimezone()
            text += f". Follow-up planned for {at:%a} {at.day} {at:%b %H:%M}"
        return text + ". u undoes it all."


def apply_debrief(
    repo: Repository, meeting_id: int, debrief: Debrief, *, now: datetime | None = None
) -> DebriefResult:
    """Record a debrief: one save, one undo step; nothing changes if any part is refused.

    ``now``: a meeting that starts after it cannot be marked held (it would write
    last-contact dates in the future); it may be marked cancelled.
    """
    meeting = repo.get(Meeting, meeting_id)
    if debrief.status is MeetingStatus.PLANNED:
        raise ValidationError("status", "A debrief marks the meeting held or cancelled")
    if debrief.status is MeetingStatus.HELD and now is not None and meeting.start > now:
        raise ValidationError("status", still_to_come(meeting))
    with repo.transaction(f"debrief {meeting.title}"):
        new_looks = tuple(p for p in dict.fromkeys(debrief.looked_to) if p not in meeting.looked_to)
        saved = repo.update(
            meeting.replace(
                status=debrief.status,
                outcome=debrief.outcome,
                looked_to=tuple(dict.fromkeys(debrief.looked_to)),
            )
        )
        for pid, stance in debrief.stances:
            repo.set_stance(pid, stance, meeting=meeting_id)
        for learned in debrief.interests:
            repo.add(
                Interest(
                    id=0,
                    person=learned.person,
                    text=learned.text,
                    priority=learned.priority,
                    learned_from=learned.learned_from,
                )
            )
        for trade in debrief.trades:
            repo.add(
                Trade(
                    id=0,
                    person=trade.person,
                    offer=trade.offer,
                    ask=trade.ask,
                    currency=trade.currency,
                    status=trade.status,
                    interest=trade.interest,
                )
            )
        for win in debrief.new_wins:
            repo.add_win(win.title, win.column, people=meeting.attendees)
        for win_id, column in debrief.moved_wins:
            repo.move_win(win_id, column)
        added = strengthened = 0
        for leader in new_looks:
            more, stronger = strengthen_deference(repo, meeting.attendees, leader)
            added, strengthened = added + more, strengthened + stronger
        if debrief.status is MeetingStatus.HELD:
            repo.touch_contact(meeting.attendees, meeting.start.astimezone().date())
        follow = None
        if debrief.follow_up is not None:
            follow = repo.add(
                Meeting(
                    id=0,
                    title=debrief.follow_up.title or f"Follow-up: {meeting.title}",
                    start=debrief.follow_up.start,
                    minutes=debrief.follow_up.minutes or meeting.minutes,
                    attendees=meeting.attendees,
                )
            )
    return DebriefResult(repo.meetings[saved.id], follow, added, strengthened, new_looks)


def still_to_come(meeting: Meeting) -> str:
    """Why a meeting cannot be marked held yet."""
    at = meeting.start.astimezone()
    return (
        f"{meeting.title} is still to come ({at:%a} {at.day} {at:%b %H:%M}): "
        "it can be marked held once it has started"
    )


def strengthen_deference(
    repo: Repository, attendees: tuple[int, ...], leader: int
) -> tuple[int, int]:
    """The room looked to ``leader``: each other attendee defers to them a little more.

    An existing ``defers_to`` tie gains one strength (at most 3); a missing one
    is created at strength 1. Returns how many ties were added and strengthened.
    """
    added = strengthened = 0
    with repo.transaction("the room looked to them"):
        for source in attendees:
            if source == leader:
                continue
            tie = next(
                (
                    t
                    for t in repo.ties.values()
                    if t.source == source and t.target == leader and t.kind is TieKind.DEFERS_TO
                ),
                None,
            )
            if tie is None:
                repo.add(Tie(id=0, source=source, target=leader, kind=TieKind.DEFERS_TO))
                added += 1
            elif tie.strength < MAX_TIE_STRENGTH:
                repo.update(tie.replace(strength=tie.strength + 1))
                strengthened += 1
    return added, strengthened
