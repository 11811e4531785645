"""The debrief as one change: held/cancelled, stances with the meeting, learned, ties, contact."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from allies.store.debrief import (
    Debrief,
    DiscussedTrade,
    FollowUp,
    LearnedInterest,
    NewWin,
    apply_debrief,
)
from allies.store.errors import ValidationError
from allies.store.model import (
    Column,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Person,
    Stance,
    Tie,
    TieKind,
    TradeStatus,
)
from allies.store.repository import Repository

DAY = date(2026, 11, 30)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


def group(repo: Repository) -> tuple[int, int, int, int]:
    """Three people and a planned group meeting with all of them."""
    ann = repo.add_person("Ann", stance=Stance.NEUTRAL).id
    bob = repo.add_person("Bob", stance=Stance.SKEPTICAL).id
    cat = repo.add_person("Cat").id
    m = repo.add(
        Meeting(id=0, title="Budget", start=at(DAY, 14), minutes=45, attendees=(ann, bob, cat))
    )
    return m.id, ann, bob, cat


def test_a_full_debrief_is_one_save_and_one_undo_step(repo: Repository, tmp_path: Path) -> None:
    mid, ann, bob, cat = group(repo)
    repo.add(Tie(id=0, source=bob, target=ann, kind=TieKind.DEFERS_TO, strength=2))
    card = repo.add_win("Pilot agreed", Column.PURSUING)
    result = apply_debrief(
        repo,
        mid,
        Debrief(
            status=MeetingStatus.HELD,
            outcome="Ann will back it",
            stances=((ann, Stance.SUPPORTIVE), (bob, Stance.NEUTRAL), (cat, Stance.UNKNOWN)),
            interests=(LearnedInterest(person=bob, text="Fewer pages at night", priority=3),),
            trades=(DiscussedTrade(person=bob, offer="Take the pager", ask="Not block"),),
            new_wins=(NewWin("Bob reviews the numbers", Column.PURSUING),),
            moved_wins=((card.id, Column.WON),),
            looked_to=(ann,),
            follow_up=FollowUp(start=at(date(2026, 12, 7), 10)),
        ),
    )
    assert repo.undo_label == "debrief Budget"
    on_disk = Repository.open(tmp_path / "plan.json", read_only=True)
    m = on_disk.meetings[mid]
    assert (m.status, m.outcome, m.looked_to) == (MeetingStatus.HELD, "Ann will back it", (ann,))
    assert on_disk.people[ann].stance is Stance.SUPPORTIVE
    assert on_disk.people[bob].stance is Stance.NEUTRAL
    logged = [(c.person, c.stance, c.meeting) for c in on_disk.stance_log.values() if c.meeting]
    assert logged == [(ann, Stance.SUPPORTIVE, mid), (bob, Stance.NEUTRAL, mid)]
    [interest] = on_disk.interests.values()
    assert (interest.person, interest.text, interest.priority) == (bob, "Fewer pages at night", 3)
    [trade] = on_disk.trades.values()
    assert (trade.person, trade.offer, trade.status) == (
        bob,
        "Take the pager",
        TradeStatus.PROPOSED,
    )
    wins = {w.title: w for w in on_disk.wins.values()}
    assert wins["Pilot agreed"].column is Column.WON and wins["Pilot agreed"].won_at is not None
    assert wins["Bob reviews the numbers"].people == (ann, bob, cat)
    ties = {(t.source, t.target, t.kind): t.strength for t in on_disk.ties.values()}
    assert ties == {(bob, ann, TieKind.DEFERS_TO): 3, (cat, ann, TieKind.DEFERS_TO): 1}
    assert {p.last_contact for p in on_disk.people.values()} == {DAY}
    assert result.follow_up is not None
    follow = on_disk.meetings[result.follow_up.id]
    assert follow.title == "Follow-up: Budget"
    assert (follow.attendees, follow.minutes, follow.kind) == (
        (ann, bob, cat),
        45,
        MeetingKind.GROUP,
    )
    assert follow.status is MeetingStatus.PLANNED
    on_disk.close()

    assert repo.undo() == "debrief Budget"  # one step undoes all of it
    assert repo.meetings[mid].status is MeetingStatus.PLANNED
    assert len(repo.meetings) == 1 and not repo.interests and not repo.trades
    assert repo.people[ann].stance is Stance.NEUTRAL and repo.people[ann].last_contact is None
    assert [t.strength for t in repo.ties.values()] == [2]
    assert repo.wins[card.id].column is Column.PURSUING


def test_strength_stops_at_three(repo: Repository) -> None:
    mid, ann, bob, _ = group(repo)
    repo.add(Tie(id=0, source=bob, target=ann, kind=TieKind.DEFERS_TO, strength=3))
    repo.add(Tie(id=0, source=bob, target=ann, kind=TieKind.TRUSTS, strength=1))
    apply_debrief(repo, mid, Debrief(looked_to=(ann,)))
    ties = {(t.source, t.kind): t.strength for t in repo.ties.values() if t.target == ann}
    assert ties[(bob, TieKind.DEFERS_TO)] == 3
    assert ties[(bob, TieKind.TRUSTS)] == 1, "only defers_to ties are strengthened"


def test_debriefing_again_does_not_strengthen_twice(repo: Repository) -> None:
    mid, ann, _, _ = group(repo)
    apply_debrief(repo, mid, Debrief(looked_to=(ann,)))
    apply_debrief(repo, mid, Debrief(outcome="edited later", looked_to=(ann,)))
    assert sorted(t.strength for t in repo.ties.values()) == [1, 1]


def test_looking_to_someone_absent_strengthens_every_attendee(repo: Repository) -> None:
    mid, ann, bob, cat = group(repo)
    boss = repo.add(Person(id=0, name="Boss")).id
    apply_debrief(repo, mid, Debrief(looked_to=(boss,)))
    assert sorted(t.source for t in repo.ties.values() if t.target == boss) == [ann, bob, cat]


def test_cancelled_meeting_leaves_last_contact(repo: Repository) -> None:
    mid, ann, _, _ = group(repo)
    apply_debrief(repo, mid, Debrief(status=MeetingStatus.CANCELLED, outcome="Moved by Ann"))
    assert repo.meetings[mid].status is MeetingStatus.CANCELLED
    assert repo.people[ann].last_contact is None


def test_last_contact_never_moves_backwards(repo: Repository) -> None:
    mid, ann, _, _ = group(repo)
    later = date(2026, 12, 1)
    repo.update(repo.people[ann].replace(last_contact=later))
    apply_debrief(repo, mid, Debrief())
    assert repo.people[ann].last_contact == later


def test_a_refused_part_changes_nothing(repo: Repository) -> None:
    mid, ann, bob, _ = group(repo)
    version = repo.version
    with pytest.raises(ValidationError) as err:
        apply_debrief(
            repo,
            mid,
            Debrief(
                stances=((ann, Stance.CHAMPION),),
                interests=(LearnedInterest(person=bob, text="   "),),
            ),
        )
    assert err.value.field == "text"
    assert repo.version == version
    assert repo.meetings[mid].status is MeetingStatus.PLANNED
    assert repo.people[ann].stance is Stance.NEUTRAL
    assert len(repo.stance_log) == 2  # the two stances given when they were added


def test_planned_is_not_a_debrief(repo: Repository) -> None:
    mid, _, _, _ = group(repo)
    with pytest.raises(ValidationError):
        apply_debrief(repo, mid, Debrief(status=MeetingStatus.PLANNED))


def test_a_meeting_still_to_come_is_not_marked_held(repo: Repository) -> None:
    ann = repo.add_person("Ann").id
    start = datetime(2026, 12, 10, 10).astimezone()
    mid = repo.add(Meeting(id=0, title="Later", start=start, minutes=30, attendees=(ann,))).id
    with pytest.raises(ValidationError, match="still to come"):
        apply_debrief(repo, mid, Debrief(), now=datetime(2026, 12, 2, 9).astimezone())
    assert repo.people[ann].last_contact is None
    cancelled = apply_debrief(
        repo,
        mid,
        Debrief(status=MeetingStatus.CANCELLED),
        now=datetime(2026, 12, 2, 9).astimezone(),
    )
    assert cancelled.meeting.status is MeetingStatus.CANCELLED
