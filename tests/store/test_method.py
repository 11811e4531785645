"""The method's rules on small plans written from the method (issue 14's "done when" list).

Each plan is the kind a leader enters in ten minutes; none comes from the demo.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allies.store.advice import TRADE_UP, trade_ups
from allies.store.approach import Knowledge, approach_next, beyond_no
from allies.store.consensus import SUPPORT, consensus, percent
from allies.store.influence import chief_influencers, evidence, influence
from allies.store.model import (
    Column,
    Interest,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Person,
    Stance,
    Tie,
    TieKind,
    Trade,
    TradeStatus,
)
from allies.store.repository import Repository
from allies.store.review import weekly_review
from allies.store.sequencing import LOW_CONSENSUS, NEEDS_ONE_ON_ONE, readiness, suggest_sequence

MONDAY = date(2026, 3, 2)
DEFERS, LISTENS, TRUSTS = TieKind.DEFERS_TO, TieKind.LISTENS_TO, TieKind.TRUSTS


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


NOW = at(MONDAY, 8)


def person(repo: Repository, name: str, stance: Stance = Stance.NEUTRAL, **kw: object) -> int:
    return repo.add(Person(id=0, name=name, stance=stance, **kw)).id  # type: ignore[arg-type]


def tie(repo: Repository, a: int, b: int, kind: TieKind = DEFERS, strength: int = 2) -> None:
    repo.add(Tie(id=0, source=a, target=b, kind=kind, strength=strength))


def meet(
    repo: Repository,
    who: list[int],
    start: datetime,
    status: MeetingStatus = MeetingStatus.PLANNED,
    looked_to: tuple[int, ...] = (),
) -> int:
    kind = MeetingKind.GROUP if len(who) > 1 else MeetingKind.ONE_ON_ONE
    m = Meeting(
        id=0,
        title="Room" if len(who) > 1 else "1:1",
        start=start,
        kind=kind,
        attendees=tuple(who),
        status=status,
        looked_to=looked_to,
    )
    return repo.add(m).id


# ------------------------------------------------------------- 1 influence


def test_people_nobody_follows_weigh_little_in_a_room(repo: Repository) -> None:
    lead = person(repo, "Lead")
    junior = person(repo, "Junior")
    for n in range(4):
        tie(repo, person(repo, f"T{n}"), lead, DEFERS, 3)

    scores = influence(repo)

    assert scores[junior].weight * 5 < scores[lead].weight


def test_a_strong_tie_carries_more_than_a_weak_one_whatever_else_is_recorded(
    repo: Repository,
) -> None:
    a, b, fan = person(repo, "A"), person(repo, "B"), person(repo, "Fan")
    lone = person(repo, "Lone")
    tie(repo, fan, a, DEFERS, 3)
    tie(repo, fan, b, DEFERS, 1)
    tie(repo, lone, b, DEFERS, 1)  # one weak tie: not worth as much as a strong one

    scores = influence(repo)

    assert scores[a].score > scores[b].score


def test_the_eyes_of_the_room_count_on_any_held_meeting(repo: Repository) -> None:
    """``looked_to`` on a held meeting counts even when it never came through the debrief."""
    quiet, looked = person(repo, "Quiet"), person(repo, "Looked")
    others = [person(repo, f"P{n}") for n in range(3)]
    before = influence(repo)[looked].score
    meet(repo, [quiet, looked, *others], at(MONDAY, 10), MeetingStatus.HELD, looked_to=(looked,))
    meet(repo, [quiet, looked, *others], at(MONDAY, 14), MeetingStatus.PLANNED, (quiet,))

    scores = influence(repo)

    assert scores[looked].score > scores[quiet].score
    assert scores[looked].rank == 1 and before == 0.0
    assert looked in chief_influencers(repo)
    assert quiet not in chief_influencers(repo)  # a planned meeting is no evidence
    assert "the room looked to them in 1 meeting" in evidence(repo, looked)


def test_evidence_names_who_defers_listens_and_which_decider(repo: Repository) -> None:
    helen = person(repo, "Helen", decider=True, role="CFO")
    zara = person(repo, "Zara")
    for n in range(3):
        tie(repo, person(repo, f"D{n}"), zara, DEFERS)
    tie(repo, helen, zara, LISTENS, 3)

    said = evidence(repo, zara)

    assert said == (
        "3 people defer to them",
        "1 person listens to them",
        "Helen (CFO, a decider) listens to them",
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra=st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from([DEFERS, LISTENS]), st.integers(1, 2)),
        max_size=8,
    ),
    others=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=8),
)
def test_a_deciders_weaker_extra_ties_never_demote_the_one_she_listens_to_most(
    extra: list[tuple[int, TieKind, int]], others: list[tuple[int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = Repository.open(Path(folder) / "p.json", title="Prop")
        try:
            ceo = person(repo, "CEO", decider=True)
            chief_of_staff = person(repo, "Chief of staff")
            crowd = [person(repo, f"P{n}") for n in range(6)]
            for a, b in others:
                if a != b:
                    tie(repo, crowd[a], crowd[b], DEFERS, 1)
            tie(repo, ceo, chief_of_staff, LISTENS, 3)
            before = influence(repo)
            for target, kind, strength in extra:
                tie(repo, ceo, crowd[target], kind, strength)
            after = influence(repo)
            # her strongest ear loses nothing to the new, weaker ties (no dilution) …
            assert after[chief_of_staff].weight >= before[chief_of_staff].weight - 1e-9
            # … and stays above anyone whose only evidence is one of those weaker ties
            followed = {crowd[b] for a, b in others if a != b}
            for target, _, _ in extra:
                if crowd[target] not in followed:
                    assert after[crowd[target]].rank > after[chief_of_staff].rank
        finally:
            repo.close()


# ------------------------------------------------------------- 2 consensus


def test_juniors_who_support_you_do_not_outweigh_two_real_influencers_opposed(
    repo: Repository,
) -> None:
    juniors = [person(repo, f"Junior {n}", Stance.SUPPORTIVE) for n in range(8)]
    ken = person(repo, "Ken", Stance.OPPOSED)
    lee = person(repo, "Lee", Stance.OPPOSED)
    for leader in (ken, lee):
        for n in range(5):
            tie(repo, person(repo, f"Team {leader}.{n}"), leader, DEFERS, 3)
    group = meet(repo, [*juniors, ken, lee], at(MONDAY + timedelta(days=7), 14))
    for pid in [*juniors, ken, lee]:
        meet(repo, [pid], at(MONDAY - timedelta(days=3), 10), MeetingStatus.HELD)
    repo.add_win("a first win", Column.WON, people=(juniors[0],), won_at=at(MONDAY, 7))

    r = readiness(repo, group, now=NOW)

    assert not r.ready
    assert [p.code for p in r.problems] == [LOW_CONSENSUS]
    assert r.consensus < 0.5
    assert set(r.holdouts) == {ken, lee}


def test_neutral_counts_more_than_opposed_and_unknown_is_not_support() -> None:
    assert SUPPORT[Stance.CHAMPION] > SUPPORT[Stance.SUPPORTIVE] > SUPPORT[Stance.NEUTRAL]
    assert SUPPORT[Stance.NEUTRAL] > SUPPORT[Stance.SKEPTICAL] > SUPPORT[Stance.OPPOSED]
    assert SUPPORT[Stance.UNKNOWN] == 0.0


def test_the_holdouts_are_the_fewest_who_lift_the_room_and_say_by_how_much(
    repo: Repository,
) -> None:
    sam = person(repo, "Sam", Stance.SUPPORTIVE)
    ken = person(repo, "Ken", Stance.SKEPTICAL)
    bo = person(repo, "Bo", Stance.NEUTRAL)
    for n in range(3):
        tie(repo, person(repo, f"K{n}"), ken, DEFERS, 3)
    group = meet(repo, [sam, ken, bo], at(MONDAY + timedelta(days=7), 14))

    r = readiness(repo, group, now=NOW)
    detail = next(p.detail for p in r.problems if p.code == LOW_CONSENSUS)

    assert r.holdouts == (ken,)
    assert r.lifted >= 0.6
    assert f"winning Ken over would bring it to {percent(r.lifted)}" in detail


@settings(max_examples=80, deadline=None)
@given(
    stances=st.lists(st.sampled_from(list(Stance)), min_size=1, max_size=7),
    weights=st.lists(st.floats(0.1, 5.0), min_size=7, max_size=7),
    threshold=st.floats(0.3, 0.9),
)
def test_holdouts_are_minimal_and_enough(
    stances: list[Stance], weights: list[float], threshold: float
) -> None:
    from itertools import combinations

    from allies.store.influence import Influence

    people = {i: Person(id=i, name=f"P{i}", stance=s) for i, s in enumerate(stances, start=1)}
    scores = {i: Influence(i, 0.0, i, weights[i - 1]) for i in people}
    c = consensus(people, people, scores, threshold)
    total = sum(weights[i - 1] for i in people)

    def lifted(won: tuple[int, ...]) -> float:
        return (
            sum(weights[i - 1] * (0.8 if i in won else SUPPORT[people[i].stance]) for i in people)
            / total
        )

    assert 0.0 <= c.share <= 1.0
    if c.reached:
        assert c.holdouts == ()
        return
    if c.reachable:
        assert lifted(c.holdouts) >= threshold - 1e-9
        others = [i for i in people if not people[i].stance.is_ally]
        for fewer in combinations(others, len(c.holdouts) - 1):
            assert lifted(fewer) < threshold - 1e-9


# ------------------------------------------------------------- 3 readiness


def test_an_undebriefed_past_one_on_one_does_not_count(repo: Repository) -> None:
    zara, sam = person(repo, "Zara", Stance.SUPPORTIVE), person(repo, "Sam", Stance.SUPPORTIVE)
    group = meet(repo, [zara, sam], at(MONDAY + timedelta(days=2), 14))
    meet(repo, [zara], at(MONDAY - timedelta(days=3), 10))  # past, still planned
    meet(repo, [sam], at(MONDAY + timedelta(days=1), 10))  # still ahead: counts
    repo.add_win("w", Column.WON, people=(sam,), won_at=at(MONDAY - timedelta(days=1), 9))

    r = readiness(repo, group, now=NOW)

    problem = next(p for p in r.problems if p.code == NEEDS_ONE_ON_ONE)
    assert problem.people == (zara,)
    assert r.undebriefed == (zara,)
    assert "debrief the 1:1 with Zara first" in problem.detail
    assert suggest_sequence(repo, MONDAY, now=NOW) == []  # a debrief fixes it, not a new 1:1


def test_a_champion_needs_no_one_on_one_and_wins_must_involve_the_room(
    repo: Repository,
) -> None:
    cam, al = person(repo, "Cam", Stance.CHAMPION), person(repo, "Al", Stance.SUPPORTIVE)
    boss = person(repo, "Boss")
    stranger = person(repo, "Stranger")
    tie(repo, al, boss, LISTENS)
    group = meet(repo, [cam, al], at(MONDAY + timedelta(days=2), 14))
    meet(repo, [al], at(MONDAY - timedelta(days=3), 10), MeetingStatus.HELD)
    repo.add_win("elsewhere", Column.WON, people=(stranger,), won_at=at(MONDAY, 7))
    assert not readiness(repo, group, now=NOW).ready  # a win with no one of the room

    win = repo.add_win("with Al's boss", Column.WON, people=(boss,))
    # won without a date: dated by its last move
    repo.update(win.replace(won_at=None, updated=at(MONDAY, 7)), stamp=False)

    assert readiness(repo, group, now=NOW).ready


# ------------------------------------------------------------- 4 approach next


def test_a_deciders_ear_holder_is_approached_before_the_decider(repo: Repository) -> None:
    helen = person(repo, "Helen", decider=True)
    omar = person(repo, "Omar")
    tie(repo, helen, omar, LISTENS, 3)

    order = [s.person for s in approach_next(repo)]
    said = {s.person: s.reasons for s in approach_next(repo)}

    assert order.index(omar) < order.index(helen)
    assert "has the ear of Helen (decider)" in said[omar]
    assert "a decider: reach them through Omar, who has their ear" in said[helen]


def test_recording_more_ears_of_a_decider_keeps_the_main_one_first(repo: Repository) -> None:
    helen = person(repo, "Helen", decider=True)
    omar, pat = person(repo, "Omar"), person(repo, "Pat")
    tie(repo, helen, omar, LISTENS, 3)
    first = [s.person for s in approach_next(repo)]
    tie(repo, helen, pat, LISTENS, 1)

    order = [s.person for s in approach_next(repo)]

    assert order.index(omar) < order.index(pat) < order.index(helen)
    assert first.index(omar) == 0 and order.index(omar) == 0


def test_a_decider_with_no_ear_known_says_find_out_whom_she_listens_to(
    repo: Repository,
) -> None:
    helen = person(repo, "Helen", decider=True)
    person(repo, "Other")

    first = approach_next(repo)[0]

    assert first.person == helen
    assert first.reasons[0] == "a decider: find out whom Helen listens to first"


def test_an_opposed_chief_outranks_people_nobody_follows(repo: Repository) -> None:
    priya = person(repo, "Priya", Stance.OPPOSED)
    for n in range(2):
        tie(repo, person(repo, f"Team {n}", Stance.SUPPORTIVE), priya, DEFERS, 1)
    nobodies = [person(repo, f"Nobody {n}", Stance.NEUTRAL) for n in range(5)]

    order = [s.person for s in approach_next(repo)]
    said = {s.person: s.reasons for s in approach_next(repo)}

    assert priya in chief_influencers(repo)
    assert all(order.index(priya) < order.index(n) for n in nobodies)
    assert "beyond the no: no alternative on the table yet" in said[priya]
    assert priya in beyond_no(repo)


def test_an_opposed_decider_with_no_ties_is_flagged(repo: Repository) -> None:
    cfo = person(repo, "CFO", Stance.OPPOSED, decider=True)

    assert beyond_no(repo) == [cfo]


def test_the_trusted_channel_disappears_once_the_interest_was_learned_through_it(
    repo: Repository,
) -> None:
    zara, yusuf = person(repo, "Zara"), person(repo, "Yusuf", Stance.SUPPORTIVE)
    tie(repo, zara, yusuf, TRUSTS, 3)
    assert "ask Yusuf what Zara wants" in Knowledge(repo).advice(zara)

    repo.add(Interest(id=0, person=zara, text="a bigger team", learned_from=yusuf))

    said = Knowledge(repo).advice(zara)
    assert "ask Yusuf what Zara wants" not in said
    assert "wants: a bigger team (learned from Yusuf)" in said
    assert "no trade on the table yet: offer something for that interest" in said


def test_a_declined_trade_is_named_with_the_known_interest(repo: Repository) -> None:
    zara = person(repo, "Zara", Stance.OPPOSED)
    interest = repo.add(Interest(id=0, person=zara, text="headcount"))
    repo.add(
        Trade(
            id=0,
            person=zara,
            interest=interest.id,
            offer="a shared analyst",
            status=TradeStatus.DECLINED,
        )
    )

    said = Knowledge(repo).advice(zara)

    assert "they declined a shared analyst: find another offer for that interest" in said


# ------------------------------------------------------------- 5 sequence


def test_the_opposed_chief_comes_after_the_first_ally_with_a_working_day_between(
    repo: Repository,
) -> None:
    ally = person(repo, "Ally", Stance.SUPPORTIVE)
    neutral = person(repo, "Neutral")
    priya = person(repo, "Priya", Stance.OPPOSED)
    hannah = person(repo, "Hannah", Stance.NEUTRAL)
    tie(repo, priya, hannah, TRUSTS, 3)
    for n in range(3):
        tie(repo, person(repo, f"Team {n}"), priya, DEFERS, 2)
    tie(repo, priya, ally, LISTENS, 2)
    group = meet(repo, [priya, neutral, ally], at(MONDAY + timedelta(days=8), 14))

    proposals = suggest_sequence(repo, MONDAY, now=NOW)

    who = [p.attendees[0] for p in proposals]
    assert who == [ally, neutral, hannah, priya]
    first = proposals[0].start.date()
    hardest = proposals[-1].start.date()
    assert (
        sum(1 for d in range(1, (hardest - first).days) if (first + timedelta(d)).weekday() < 5)
        >= 1
    )
    assert all(p.for_meeting == group for p in proposals)
    assert "Priya trusts Hannah" in proposals[2].reason
    assert proposals[3].bring == (ally,)
    assert all(p.reason for p in proposals)


def test_a_holdout_met_before_gets_a_second_conversation_or_the_meeting_moves(
    repo: Repository,
) -> None:
    ken = person(repo, "Ken", Stance.SKEPTICAL)
    sam = person(repo, "Sam", Stance.SUPPORTIVE)
    for n in range(3):
        tie(repo, person(repo, f"K{n}"), ken, DEFERS, 3)
    for pid in (ken, sam):
        meet(repo, [pid], at(MONDAY - timedelta(days=4), 10), MeetingStatus.HELD)
    repo.add_win("w", Column.WON, people=(sam,), won_at=at(MONDAY - timedelta(days=1), 9))
    group = meet(repo, [ken, sam], at(MONDAY + timedelta(days=4), 14))

    (proposal,) = suggest_sequence(repo, MONDAY, now=NOW)
    assert proposal.attendees == (ken,)
    assert "holdout" in proposal.reason

    # the same room today at 13:00: no working day is left before it, so it moves
    soon = meet(repo, [ken, sam], at(MONDAY, 13))
    proposals = [p for p in suggest_sequence(repo, MONDAY, now=NOW) if p.for_meeting == soon]
    assert [p.attendees for p in proposals if p.moves_meeting is None] == [(ken,)]
    (move,) = [p for p in proposals if p.moves_meeting == soon]
    assert move.start > repo.meetings[soon].start and "not enough working days" in move.reason
    assert group in repo.meetings


def test_nothing_is_proposed_for_a_ready_meeting(repo: Repository) -> None:
    a, b = person(repo, "A", Stance.SUPPORTIVE), person(repo, "B", Stance.CHAMPION)
    meet(repo, [a, b], at(MONDAY + timedelta(days=3), 14))
    meet(repo, [a], at(MONDAY - timedelta(days=2), 10), MeetingStatus.HELD)
    repo.add_win("w", Column.WON, people=(a,), won_at=at(MONDAY - timedelta(days=1), 9))

    assert suggest_sequence(repo, MONDAY, now=NOW) == []


# ------------------------------------------------------------- 6 trade up


def test_a_won_card_yields_a_trade_up_and_the_next_people_through_the_new_ally(
    repo: Repository,
) -> None:
    lee = person(repo, "Lee", Stance.SUPPORTIVE)
    tom = person(repo, "Tom", Stance.SKEPTICAL)
    tie(repo, tom, lee, LISTENS, 2)
    interest = repo.add(Interest(id=0, person=lee, text="credit for the data work"))
    trade = repo.add(
        Trade(id=0, person=lee, interest=interest.id, offer="co-sponsor", ask="raise the case")
    )
    win = repo.add_win("Lee raises the case", Column.WON, people=(lee,), trade=trade.id)

    (up,) = trade_ups(repo)

    assert up.win == win.id and up.people == (lee,)
    assert up.title == "Build on: Lee raises the case"
    assert "co-sponsor" in up.follows and "credit for the data work" in up.follows
    assert up.next_people == (tom,)
    assert "then approach Tom through Lee" in up.reason
    repo.add_win("bigger ask", builds_on=win.id, people=(lee,))
    assert trade_ups(repo) == []  # already built on


def test_the_weeks_moves_start_with_what_is_due(repo: Repository) -> None:
    helen = person(repo, "Helen", decider=True)
    zara = person(repo, "Zara", Stance.SUPPORTIVE)
    meet(repo, [zara], at(MONDAY - timedelta(days=2), 10))  # debrief due
    repo.add_win("won", Column.WON, people=(zara,), won_at=at(MONDAY - timedelta(days=1), 9))
    repo.update_meta(last_review=MONDAY - timedelta(days=7))

    review = weekly_review(repo, MONDAY, now=NOW)

    kinds = [m.kind for m in review.moves]
    assert kinds[0] == "debrief"
    assert "find_ear" in kinds and TRADE_UP in kinds
    find = next(m for m in review.moves if m.kind == "find_ear")
    assert find.people == (helen,) and "find out whom Helen listens to" in find.reason


# ------------------------------------------------------------- review noise


def test_the_review_shows_the_net_change_per_person(repo: Repository) -> None:
    ann = repo.add_person("Ann", stance=Stance.NEUTRAL).id  # a first stance: not a change
    bo = repo.add_person("Bo", stance=Stance.SUPPORTIVE).id
    for stance in (Stance.SUPPORTIVE, Stance.CHAMPION, Stance.SUPPORTIVE, Stance.NEUTRAL):
        repo.set_stance(ann, stance)  # back where she started
    today = repo.stance_log[max(repo.stance_log)].at.astimezone().date()

    assert weekly_review(repo, today).stance_changes == ()

    repo.set_stance(ann, Stance.SKEPTICAL)
    repo.set_stance(bo, Stance.CHAMPION)
    moves = weekly_review(repo, today).stance_changes
    assert [(m.person, m.before, m.after) for m in moves] == [
        (ann, Stance.NEUTRAL, Stance.SKEPTICAL),
        (bo, Stance.SUPPORTIVE, Stance.CHAMPION),
    ]

    repo.mark_reviewed(today)
    assert weekly_review(repo, today).stance_changes == ()


@st.composite
def rooms(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(2, 7))
    stances = draw(
        st.lists(
            st.sampled_from([s for s in Stance if s is not Stance.CHAMPION]),
            min_size=n,
            max_size=n,
        )
    )
    ties = draw(
        st.lists(
            st.tuples(
                st.integers(0, n + 2),
                st.integers(0, n + 2),
                st.sampled_from(list(TieKind)),
                st.integers(1, 3),
            ),
            max_size=10,
        )
    )
    days = draw(st.integers(3, 15))
    return {"stances": stances, "ties": ties, "days": days}


def _working_days_between(a: date, b: date) -> int:
    return sum(1 for d in range(1, (b - a).days) if (a + timedelta(d)).weekday() < 5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=rooms())
def test_one_on_ones_follow_the_methods_order_with_room_for_a_win(spec: dict[str, object]) -> None:
    """Allies, then the open, then skeptics, then the opposed; a working day before a no."""
    with tempfile.TemporaryDirectory() as folder:
        repo = Repository.open(Path(folder) / "p.json", title="Prop")
        try:
            stances: list[Stance] = spec["stances"]  # type: ignore[assignment]
            room = [person(repo, f"R{i}", s) for i, s in enumerate(stances)]
            outside = [person(repo, f"O{i}") for i in range(3)]
            everyone = room + outside
            for a, b, kind, strength in spec["ties"]:  # type: ignore[attr-defined]
                if a != b:
                    tie(repo, everyone[a], everyone[b], kind, strength)
            days: int = spec["days"]  # type: ignore[assignment]
            group = meet(repo, room, at(MONDAY + timedelta(days=days), 15))

            proposals = [
                p for p in suggest_sequence(repo, MONDAY, now=NOW) if p.for_meeting == group
            ]
            plain = [
                p
                for p in proposals
                if p.moves_meeting is None
                and p.attendees[0] in room
                and not repo.people[p.attendees[0]].decider
                and ": learn what" not in p.reason  # a trusted person met before a chief
            ]
            rank = {
                Stance.SUPPORTIVE: 0,
                Stance.NEUTRAL: 1,
                Stance.UNKNOWN: 1,
                Stance.SKEPTICAL: 2,
                Stance.OPPOSED: 3,
            }
            order = [rank[repo.people[p.attendees[0]].stance] for p in plain]
            assert order == sorted(order), "the method's order"
            assert all(p.start.date() >= MONDAY and p.start.weekday() < 5 for p in proposals)
            first = min((p.start for p in proposals if p.moves_meeting is None), default=None)
            for p in plain:
                if rank[repo.people[p.attendees[0]].stance] >= 2 and p.start != first:
                    assert first is not None
                    assert _working_days_between(first.date(), p.start.date()) >= 1
        finally:
            repo.close()
