"""Meeting readiness and the suggested sequence (DESIGN §5, step 6 of the method)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allies.store.model import (
    Column,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Person,
    Stance,
    Tie,
    TieKind,
)
from allies.store.repository import Repository
from allies.store.sequencing import (
    LOW_CONSENSUS,
    NEEDS_ONE_ON_ONE,
    TOO_FEW_WINS,
    Proposal,
    all_readiness,
    apply_proposals,
    readiness,
    suggest_sequence,
)

MONDAY = date(2026, 3, 2)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


def person(repo: Repository, name: str, stance: Stance = Stance.NEUTRAL) -> int:
    return repo.add(Person(id=0, name=name, stance=stance)).id


def meeting(
    repo: Repository,
    attendees: list[int],
    start: datetime,
    *,
    minutes: int = 60,
    status: MeetingStatus = MeetingStatus.PLANNED,
    title: str = "",
) -> int:
    kind = MeetingKind.GROUP if len(attendees) > 1 else MeetingKind.ONE_ON_ONE
    m = Meeting(
        id=0,
        title=title or ("Group" if len(attendees) > 1 else "1:1"),
        start=start,
        kind=kind,
        minutes=minutes,
        attendees=tuple(attendees),
        status=status,
    )
    return repo.add(m).id


BEFORE = datetime.combine(MONDAY, time(0, 0)).astimezone()  # the moment readiness is read


def won(repo: Repository, when: datetime, people: tuple[int, ...] = ()) -> None:
    repo.add_win("a small win", Column.WON, won_at=when, people=people)


def codes(repo: Repository, meeting_id: int) -> list[str]:
    return [p.code for p in readiness(repo, meeting_id, now=BEFORE).problems]


# ------------------------------------------------------------------ readiness


def test_every_attendee_needs_a_one_on_one_held_or_planned_before(repo: Repository) -> None:
    ann, bo, cy, di = (person(repo, n) for n in ("Ann", "Bo", "Cy", "Di"))
    group = meeting(repo, [ann, bo, cy, di], at(MONDAY, 14))
    meeting(repo, [ann], at(MONDAY - timedelta(days=10), 10), status=MeetingStatus.HELD)
    meeting(repo, [di], at(MONDAY, 9))  # planned, earlier the same day
    meeting(repo, [bo], at(MONDAY - timedelta(days=1), 10), status=MeetingStatus.CANCELLED)
    meeting(repo, [cy], at(MONDAY + timedelta(days=1), 10))  # after the group meeting

    problem = next(
        p for p in readiness(repo, group, now=BEFORE).problems if p.code == NEEDS_ONE_ON_ONE
    )

    assert problem.people == (bo, cy)
    assert problem.detail == "no one-on-one yet with Bo and Cy"


def test_low_consensus_reports_the_share_the_threshold_and_the_holdouts(repo: Repository) -> None:
    ally, other = person(repo, "Sam", Stance.SUPPORTIVE), person(repo, "Dana", Stance.SKEPTICAL)
    group = meeting(repo, [ally, other], at(MONDAY, 14))

    result = readiness(repo, group, now=BEFORE)  # no ties: everyone weighs the same

    assert result.consensus == pytest.approx((0.8 + 0.15) / 2)
    assert result.threshold == pytest.approx(0.6)
    assert result.holdouts == (other,)
    problem = next(p for p in result.problems if p.code == LOW_CONSENSUS)
    assert problem.detail == (
        "consensus 47% of the room's weight (needs 60%); winning Dana over would bring it to 80%"
    )
    assert problem.people == (other,)

    repo.update_meta(consensus_threshold=0.45)
    assert LOW_CONSENSUS not in codes(repo, group)


def test_consensus_weighs_attendees_by_influence(repo: Repository) -> None:
    leader = person(repo, "Lead", Stance.SUPPORTIVE)
    a, b = person(repo, "Ann"), person(repo, "Bo")
    for name in ("F1", "F2", "F3", "F4"):
        repo.add(Tie(id=0, source=person(repo, name), target=leader, kind=TieKind.DEFERS_TO))
    group = meeting(repo, [leader, a, b], at(MONDAY, 14))

    result = readiness(repo, group)

    assert result.consensus > 0.6  # one ally of three, but the one everyone follows
    assert LOW_CONSENSUS not in codes(repo, group)


def test_wins_count_only_when_won_by_the_meeting(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    group = meeting(repo, [a, b], at(MONDAY, 14))
    won(repo, at(MONDAY, 15), (a,))  # won after the meeting starts
    repo.add_win("still pursuing", Column.PURSUING, people=(b,))

    problem = next(p for p in readiness(repo, group, now=BEFORE).problems if p.code == TOO_FEW_WINS)
    assert problem.detail == (
        "0 of 1 wins won by then that involve the room; closest: 'still pursuing' (pursuing)"
    )

    won(repo, at(MONDAY - timedelta(days=3), 16), (b,))
    assert TOO_FEW_WINS not in codes(repo, group)

    repo.update_meta(min_wins_before_group=2)
    detail = next(
        p.detail for p in readiness(repo, group, now=BEFORE).problems if p.code == TOO_FEW_WINS
    )
    assert (
        detail
        == "1 of 2 wins won by then that involve the room; closest: 'still pursuing' (pursuing)"
    )


def test_a_meeting_is_ready_when_all_three_conditions_hold(repo: Repository) -> None:
    sam, lee = person(repo, "Sam", Stance.CHAMPION), person(repo, "Lee", Stance.SUPPORTIVE)
    group = meeting(repo, [sam, lee], at(MONDAY, 14))
    for pid in (sam, lee):
        meeting(repo, [pid], at(MONDAY - timedelta(days=3), 10), status=MeetingStatus.HELD)
    won(repo, at(MONDAY - timedelta(days=2), 16), (lee,))

    result = readiness(repo, group, now=BEFORE)

    assert result.ready
    assert result.problems == ()
    assert result.consensus == pytest.approx((1.0 + 0.8) / 2)  # a champion and a supporter


def test_all_readiness_covers_planned_group_meetings_only(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    later = meeting(repo, [a, b], at(MONDAY + timedelta(days=7), 10))
    sooner = meeting(repo, [a, b], at(MONDAY, 10))
    meeting(repo, [a, b], at(MONDAY - timedelta(days=7), 10), status=MeetingStatus.HELD)
    meeting(repo, [a], at(MONDAY - timedelta(days=2), 10))

    result = all_readiness(repo)

    assert list(result) == [sooner, later]
    assert not result[sooner].ready


# ----------------------------------------------------------- suggest sequence


def test_the_open_come_before_the_no_with_a_working_day_between(repo: Repository) -> None:
    opposed = person(repo, "Abe", Stance.OPPOSED)
    respected = person(repo, "Zoe", Stance.NEUTRAL)
    repo.add(Tie(id=0, source=person(repo, "Fan"), target=respected, kind=TieKind.DEFERS_TO))
    group = meeting(repo, [opposed, respected], at(MONDAY + timedelta(days=3), 14))
    version = repo.version

    proposals = suggest_sequence(repo, MONDAY)

    assert [p.attendees for p in proposals] == [(respected,), (opposed,)]
    # Monday, then Wednesday: Tuesday is left for a win before the hardest "no"
    assert [p.start for p in proposals] == [at(MONDAY, 10), at(MONDAY + timedelta(days=2), 10)]
    assert proposals[0] == Proposal(
        title="One-on-one with Zoe",
        kind="one_on_one",
        start=at(MONDAY, 10),
        attendees=(respected,),
        for_meeting=group,
        moves_meeting=None,
        minutes=30,
        reason=(
            "win Zoe over in private before the room meets;"
            " next: learn what Zoe wants (no one they trust is recorded)"
        ),
    )
    assert repo.version == version  # nothing changes until accepted


def test_no_slot_on_a_weekend_before_today_or_over_another_meeting(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    saturday = MONDAY - timedelta(days=2)
    meeting(repo, [a, b], at(MONDAY + timedelta(days=2), 14))
    meeting(repo, [person(repo, "Cy")], at(MONDAY, 9, 30), minutes=60)  # busy until 10:30

    proposals = suggest_sequence(repo, saturday)

    assert [p.start for p in proposals] == [at(MONDAY, 10, 30), at(MONDAY, 11)]


def test_at_most_three_one_on_ones_a_day(repo: Repository) -> None:
    ids = [person(repo, n) for n in ("Ann", "Bo", "Cy", "Di", "Ed")]
    meeting(repo, ids, at(MONDAY + timedelta(days=4), 14))

    days = [p.start.date() for p in suggest_sequence(repo, MONDAY)]

    assert days == [MONDAY] * 3 + [MONDAY + timedelta(days=1)] * 2


def test_not_enough_days_proposes_moving_the_group_meeting_later(repo: Repository) -> None:
    ids = [person(repo, n) for n in ("Ann", "Bo", "Cy", "Di", "Ed")]
    group = meeting(repo, ids, at(MONDAY + timedelta(days=1), 9), title="Budget")

    proposals = suggest_sequence(repo, MONDAY)

    moves = [p for p in proposals if p.moves_meeting is not None]
    assert len(moves) == 1
    move = moves[0]
    assert move.moves_meeting == group
    assert move.title == "Move Budget later"
    assert move.start == at(MONDAY + timedelta(days=2), 9)  # Wednesday, same time
    assert move.attendees == tuple(ids)
    one_on_ones = [p for p in proposals if p.kind == "one_on_one"]
    assert len(one_on_ones) == 5
    assert all(p.start + timedelta(minutes=30) <= move.start for p in one_on_ones)

    apply_proposals(repo, proposals)

    assert repo.meetings[group].start == move.start
    assert NEEDS_ONE_ON_ONE not in codes(repo, group)


def test_one_one_on_one_prepares_every_later_group_meeting(repo: Repository) -> None:
    ann, bo, cy = person(repo, "Ann"), person(repo, "Bo"), person(repo, "Cy")
    first = meeting(repo, [ann, bo], at(MONDAY + timedelta(days=3), 14))
    meeting(repo, [ann, cy], at(MONDAY + timedelta(days=8), 14))

    proposals = suggest_sequence(repo, MONDAY)

    assert sorted(p.attendees[0] for p in proposals) == [ann, bo, cy]
    assert next(p for p in proposals if p.attendees == (ann,)).for_meeting == first


def test_the_first_ally_comes_first_and_a_champion_needs_no_one_on_one(
    repo: Repository,
) -> None:
    champion = person(repo, "Cam", Stance.CHAMPION)
    ally = person(repo, "Al", Stance.SUPPORTIVE)
    other = person(repo, "Zed", Stance.SKEPTICAL)
    meeting(repo, [champion, ally, other], at(MONDAY + timedelta(days=3), 14))

    proposals = suggest_sequence(repo, MONDAY)

    assert [p.attendees for p in proposals] == [(ally,), (other,)]
    assert proposals[1].start.date() >= MONDAY + timedelta(days=2)


def test_past_group_meetings_get_no_proposals(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    meeting(repo, [a, b], at(MONDAY - timedelta(days=1), 14))

    assert suggest_sequence(repo, MONDAY) == []


def test_applying_is_one_undo_step(repo: Repository) -> None:
    ids = [person(repo, n) for n in ("Ann", "Bo", "Cy", "Di", "Ed")]
    group = meeting(repo, ids, at(MONDAY + timedelta(days=1), 9))
    before = dict(repo.meetings)

    apply_proposals(repo, suggest_sequence(repo, MONDAY))

    assert len(repo.meetings) == len(before) + 5
    assert repo.meetings[group].start != before[group].start
    repo.undo()
    assert dict(repo.meetings) == before


# --------------------------------------------------------------- properties


@st.composite
def plans(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(2, 7))
    stances = draw(st.lists(st.sampled_from(list(Stance)), min_size=n, max_size=n))
    ties = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.sampled_from(list(TieKind)),
                st.integers(1, 3),
            ),
            max_size=12,
        )
    )
    meetings = draw(
        st.lists(
            st.tuples(
                st.lists(st.integers(0, n - 1), min_size=1, max_size=5, unique=True),
                st.integers(-3, 12),  # day offset from today
                st.integers(7, 18),  # hour
                st.sampled_from([0, 15, 30, 45]),
                st.sampled_from([30, 45, 60, 120]),
                st.sampled_from(list(MeetingStatus)),
            ),
            max_size=10,
        )
    )
    today = draw(st.dates(date(2026, 1, 1), date(2026, 12, 31)))
    return {"stances": stances, "ties": ties, "meetings": meetings, "today": today}


def build(repo: Repository, spec: dict[str, object]) -> list[int]:
    today: date = spec["today"]  # type: ignore[assignment]
    ids = [
        person(repo, f"P{i}", stance)
        for i, stance in enumerate(spec["stances"])  # type: ignore[call-overload]
    ]
    for s, t, kind, strength in spec["ties"]:  # type: ignore[attr-defined]
        if s != t:
            repo.add(Tie(id=0, source=ids[s], target=ids[t], kind=kind, strength=strength))
    for who, offset, hour, minute, minutes, status in spec["meetings"]:  # type: ignore[attr-defined]
        start = at(today + timedelta(days=offset), hour, minute)
        meeting(repo, [ids[i] for i in who], start, minutes=minutes, status=status)
    return ids


def overlaps(a_start: datetime, a_minutes: int, b_start: datetime, b_minutes: int) -> bool:
    a_end = a_start + timedelta(minutes=a_minutes)
    b_end = b_start + timedelta(minutes=b_minutes)
    return a_start < b_end and b_start < a_end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=plans())
def test_suggested_sequences_keep_the_rules(spec: dict[str, object]) -> None:
    today: date = spec["today"]  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder:
        repo = Repository.open(Path(folder) / "plan.json", title="Property")
        try:
            build(repo, spec)
            existing = [
                m for m in repo.meetings.values() if m.status is not MeetingStatus.CANCELLED
            ]
            proposals = suggest_sequence(repo, today)
            moved = {p.moves_meeting: p.start for p in proposals if p.moves_meeting is not None}

            for p in proposals:
                if p.kind != "one_on_one":
                    continue
                local = p.start.astimezone()
                assert local.date() >= today, "never before today"
                assert local.weekday() < 5, "never on a weekend"
                assert p.for_meeting is not None
                group_start = moved.get(p.for_meeting, repo.meetings[p.for_meeting].start)
                assert p.start + timedelta(minutes=p.minutes) <= group_start, "never after it"
                for m in existing:
                    assert not overlaps(p.start, p.minutes, m.start, m.minutes), "over a meeting"
            for i, p in enumerate(proposals):
                for q in proposals[i + 1 :]:
                    assert not overlaps(p.start, p.minutes, q.start, q.minutes), "over a proposal"
            for mid, start in moved.items():
                assert start > repo.meetings[mid].start
                for m in existing:
                    if m.id != mid:
                        assert not overlaps(start, repo.meetings[mid].minutes, m.start, m.minutes)

            start_of_today = at(today, 0)
            coming = [
                mid
                for mid, r in all_readiness(repo, now=start_of_today).items()
                if repo.meetings[mid].start.astimezone().date() >= today
            ]
            apply_proposals(repo, proposals)
            after = all_readiness(repo, now=start_of_today)
            for mid in coming:
                r = after[mid]
                missing = {
                    pid for p in r.problems if p.code == NEEDS_ONE_ON_ONE for pid in p.people
                }
                # only a debrief (not a proposal) settles a past, undebriefed one-on-one
                assert missing <= set(r.undebriefed), "every missing one-on-one is proposed"
        finally:
            repo.close()


def test_slots_already_gone_today_are_skipped(repo: Repository) -> None:
    """Asked at 15:00, the suggestion never lands on this morning."""
    a, b = person(repo, "Ann"), person(repo, "Bo")
    meeting(repo, [a, b], at(MONDAY + timedelta(days=3), 14))

    proposals = suggest_sequence(repo, MONDAY, now=at(MONDAY, 15))

    assert [p.start for p in proposals] == [at(MONDAY, 15), at(MONDAY, 15, 30)]
    assert all(p.start >= at(MONDAY, 15) for p in proposals)
