"""The one-line pulse of a plan shown in the header: allies, consensus, wins, next meeting."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from allies.store.model import Column, Meeting, MeetingStatus
from allies.store.repository import Repository


class Pulse(NamedTuple):
    title: str
    agenda: str
    allies: int
    people: int
    consensus: float  # everyone's consensus, as in a room (``store.consensus``), 0–1
    wins_won: int
    chiefs_won: int
    chiefs: int
    next_meeting: Meeting | None


def compute_pulse(repo: Repository, now: datetime) -> Pulse:
    """Summarise the plan for the header (cheap: uses the cached analysis)."""
    from allies.store.analysis import analysis_for

    analysis = analysis_for(repo)
    people = repo.people
    allies = [p.id for p in people.values() if p.stance.is_ally]
    from allies.store.consensus import consensus as room_consensus

    everyone = room_consensus(people, people, analysis.scores, repo.meta.consensus_threshold)
    consensus = everyone.share
    upcoming = [
        m for m in repo.meetings.values() if m.status is MeetingStatus.PLANNED and m.start >= now
    ]
    next_meeting = min(upcoming, key=lambda m: m.start) if upcoming else None
    chiefs = analysis.chiefs
    return Pulse(
        title=repo.meta.title,
        agenda=repo.meta.agenda,
        allies=len(allies),
        people=len(people),
        consensus=consensus,
        wins_won=sum(1 for w in repo.wins.values() if w.column is Column.WON),
        chiefs_won=sum(1 for c in chiefs if people[c].stance.is_ally),
        chiefs=len(chiefs),
        next_meeting=next_meeting,
    )
