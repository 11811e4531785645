"""Approach next, trusted channels and "beyond the no" (DESIGN §5, steps 2, 3 and 5)."""

from __future__ import annotations

from datetime import date

import pytest

from allies.store.analysis import Analysis, analysis_for
from allies.store.approach import approach_next, beyond_no, trusted_channels
from allies.store.model import (
    Interest,
    InterestStatus,
    Person,
    Stance,
    Tie,
    TieKind,
    Trade,
    TradeStatus,
)
from allies.store.repository import Repository

DEFERS, LISTENS, TRUSTS = TieKind.DEFERS_TO, TieKind.LISTENS_TO, TieKind.TRUSTS


def person(repo: Repository, name: str, stance: Stance = Stance.NEUTRAL, **fields: object) -> int:
    return repo.add(Person(id=0, name=name, stance=stance, **fields)).id  # type: ignore[arg-type]


def tie(
    repo: Repository, source: int, target: int, kind: TieKind = DEFERS, strength: int = 1
) -> None:
    repo.add(Tie(id=0, source=source, target=target, kind=kind, strength=strength))


def order(repo: Repository) -> list[int]:
    return [s.person for s in approach_next(repo)]


def reasons(repo: Repository, pid: int) -> tuple[str, ...]:
    return next(s.reasons for s in approach_next(repo) if s.person == pid)


def test_allies_are_never_suggested(repo: Repository) -> None:
    ids = {stance: person(repo, stance.value, stance) for stance in Stance}

    suggested = set(order(repo))

    assert ids[Stance.SUPPORTIVE] not in suggested
    assert ids[Stance.CHAMPION] not in suggested
    others = {Stance.NEUTRAL, Stance.UNKNOWN, Stance.SKEPTICAL, Stance.OPPOSED}
    assert suggested == {ids[s] for s in others}


def test_openness_orders_otherwise_equal_people(repo: Repository) -> None:
    opposed = person(repo, "Ann", Stance.OPPOSED)
    skeptical = person(repo, "Bo", Stance.SKEPTICAL)
    neutral = person(repo, "Cy", Stance.NEUTRAL)
    for target in (opposed, skeptical, neutral):
        tie(repo, person(repo, f"fan of {target}"), target)

    ranked = [pid for pid in order(repo) if pid in (opposed, skeptical, neutral)]

    assert ranked == [neutral, skeptical, opposed]
    assert "opposed" in reasons(repo, opposed)
    assert "skeptical" in reasons(repo, skeptical)
    assert "neutral" in reasons(repo, neutral)


def test_respect_among_influencers_comes_first_and_is_named(repo: Repository) -> None:
    dana, lee = person(repo, "Dana"), person(repo, "Lee")
    respected = person(repo, "Rita")
    peripheral = person(repo, "Pat")
    tie(repo, dana, respected)
    tie(repo, lee, respected, LISTENS)
    tie(repo, person(repo, "Nobody"), peripheral)
    for name in ("F1", "F2"):
        tie(repo, person(repo, name), dana)

    ranked = order(repo)

    assert ranked.index(respected) < ranked.index(peripheral)
    assert "respected by Dana and Lee" in reasons(repo, respected)


def test_an_open_trade_for_their_interest_lifts_them_and_says_so(repo: Repository) -> None:
    with_trade, without = person(repo, "Ann"), person(repo, "Bo")
    for target in (with_trade, without):
        tie(repo, person(repo, f"fan of {target}"), target)
    interest = repo.add(Interest(id=0, person=with_trade, text="fewer pages at night"))
    repo.add(Trade(id=0, person=with_trade, interest=interest.id, offer="on-call handover"))

    assert order(repo)[:2] == [with_trade, without]
    said = reasons(repo, with_trade)
    assert "wants: fewer pages at night" in said
    assert "you can offer on-call handover for it (idea)" in said


@pytest.mark.parametrize(
    ("trade_status", "interest_status"),
    [
        (TradeStatus.DECLINED, InterestStatus.OPEN),
        (TradeStatus.DELIVERED, InterestStatus.OPEN),
        (TradeStatus.PROPOSED, InterestStatus.ADDRESSED),
        (TradeStatus.IDEA, InterestStatus.DROPPED),
    ],
)
def test_a_trade_off_the_table_or_for_a_closed_interest_does_not_lift(
    repo: Repository, trade_status: TradeStatus, interest_status: InterestStatus
) -> None:
    bo, ann = person(repo, "Bo"), person(repo, "Ann")  # Ann would win a tie on name alone
    interest = repo.add(Interest(id=0, person=bo, text="budget", status=interest_status))
    repo.add(Trade(id=0, person=bo, interest=interest.id, offer="x", status=trade_status))

    assert order(repo) == [ann, bo]
    assert not any(r.startswith("you can offer") for r in reasons(repo, bo))


def test_an_ally_who_has_their_ear_lifts_them(repo: Repository) -> None:
    sam = person(repo, "Sam", Stance.CHAMPION)
    kim = person(repo, "Kim", Stance.SUPPORTIVE)
    bo, ann = person(repo, "Bo"), person(repo, "Ann")
    tie(repo, bo, sam, LISTENS)
    neutral_friend = person(repo, "Nel")
    tie(repo, ann, neutral_friend, LISTENS)  # a non-ally's ear does not count

    ranked = order(repo)

    assert ranked.index(bo) < ranked.index(ann)
    assert "Sam (ally) has their ear" in reasons(repo, bo)
    tie(repo, bo, kim, DEFERS)
    assert any(r.endswith("(allies) have their ear") for r in reasons(repo, bo))


def test_deciders_are_named_as_such(repo: Repository) -> None:
    boss = person(repo, "Boss", decider=True)

    assert "a decider: find out whom Boss listens to first" in reasons(repo, boss)


def test_trusted_channels_list_allies_first_then_strength_then_recent_contact(
    repo: Repository,
) -> None:
    dana = person(repo, "Dana")
    old_ally = person(repo, "Old", Stance.SUPPORTIVE, last_contact=date(2026, 1, 5))
    new_ally = person(repo, "New", Stance.CHAMPION, last_contact=date(2026, 2, 20))
    strong = person(repo, "Strong", Stance.NEUTRAL)
    weak = person(repo, "Weak", Stance.OPPOSED, last_contact=date(2026, 2, 25))
    tie(repo, dana, weak, TRUSTS, 1)
    tie(repo, dana, strong, TRUSTS, 3)
    tie(repo, dana, old_ally, TRUSTS, 2)
    tie(repo, dana, new_ally, TRUSTS, 2)
    tie(repo, dana, person(repo, "Boss"), LISTENS, 3)  # an ear, not trust
    tie(repo, strong, dana, TRUSTS, 3)  # trust the other way round

    channels = trusted_channels(repo, dana)

    assert [c.person for c in channels] == [new_ally, old_ally, strong, weak]
    assert [c.is_ally for c in channels] == [True, True, False, False]
    assert channels[0].last_contact == date(2026, 2, 20)
    assert channels[2].strength == 3
    assert trusted_channels(repo, weak) == []


def test_beyond_no_flags_opposed_or_skeptical_chiefs_without_an_open_trade(
    repo: Repository,
) -> None:
    opposed = person(repo, "Priya", Stance.OPPOSED)
    skeptical = person(repo, "Tom", Stance.SKEPTICAL)
    neutral = person(repo, "Nel", Stance.NEUTRAL)
    with_trade = person(repo, "Tess", Stance.OPPOSED)
    for target in (opposed, skeptical, neutral, with_trade):
        tie(repo, person(repo, f"fan of {target}"), target)
    repo.add(Trade(id=0, person=with_trade, offer="a dashboard", status=TradeStatus.PROPOSED))
    repo.add(Trade(id=0, person=opposed, offer="old idea", status=TradeStatus.DECLINED))
    unfollowed = person(repo, "Olga", Stance.OPPOSED)  # not a chief influencer

    flagged = beyond_no(repo)

    assert set(flagged) == {opposed, skeptical}
    assert unfollowed not in flagged


def test_analysis_gathers_the_rules_and_is_cached_per_version(repo: Repository) -> None:
    dana, sam = person(repo, "Dana"), person(repo, "Sam", Stance.CHAMPION)
    tie(repo, sam, dana)
    tie(repo, dana, sam, TRUSTS)

    first = analysis_for(repo)

    assert analysis_for(repo) is first
    assert first.chiefs == [dana]
    assert [s.person for s in first.approach] == [dana]
    assert [c.person for c in first.channels(dana)] == [sam]
    assert first.suggestion(sam) is None

    repo.set_stance(dana, Stance.SUPPORTIVE)
    second = analysis_for(repo)

    assert second is not first
    assert second.approach == []
    assert isinstance(Analysis(repo).scores[dana].score, float)
