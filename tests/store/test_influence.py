"""Influence ranking (DESIGN §5): who leads whom, and who the chief influencers are."""

from __future__ import annotations

import random
from pathlib import Path

from allies.store.influence import (
    BASE,
    DECIDER_BASE,
    _links,
    _solve,
    chief_influencers,
    influence,
)
from allies.store.model import Person, Tie, TieKind
from allies.store.repository import Repository

DEFERS, LISTENS, TRUSTS = TieKind.DEFERS_TO, TieKind.LISTENS_TO, TieKind.TRUSTS


def person(repo: Repository, name: str, *, decider: bool = False) -> int:
    return repo.add(Person(id=0, name=name, decider=decider)).id


def tie(
    repo: Repository, source: int, target: int, kind: TieKind = DEFERS, strength: int = 1
) -> None:
    repo.add(Tie(id=0, source=source, target=target, kind=kind, strength=strength))


def test_someone_many_defer_to_outranks_someone_nobody_defers_to(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    for name in ("Cy", "Di", "Ed"):
        tie(repo, person(repo, name), a)
    tie(repo, person(repo, "Fay"), person(repo, "Gil"))  # a tie elsewhere: Bo stays unled

    scores = influence(repo)

    assert scores[a].rank == 1
    assert scores[a].score == 100
    assert scores[a].score > scores[b].score
    assert scores[a].rank < scores[b].rank


def test_a_deciders_ear_ranks_higher_than_a_peripheral_persons(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    decider = person(repo, "Dee", decider=True)
    other = person(repo, "Nat")
    tie(repo, decider, a, LISTENS)
    tie(repo, other, b, LISTENS)

    scores = influence(repo)

    assert scores[a].score > scores[b].score
    assert scores[a].rank < scores[b].rank


def test_a_tie_from_an_influential_person_is_worth_more(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    big, small = person(repo, "Big"), person(repo, "Small")
    for name in ("F1", "F2", "F3", "F4"):
        tie(repo, person(repo, name), big)
    tie(repo, big, a)
    tie(repo, small, b)

    scores = influence(repo)

    assert scores[a].score > scores[b].score


def test_stronger_ties_carry_more_influence(repo: Repository) -> None:
    a, b, follower = person(repo, "Ann"), person(repo, "Bo"), person(repo, "Cy")
    tie(repo, follower, a, DEFERS, strength=3)
    tie(repo, follower, b, DEFERS, strength=1)

    scores = influence(repo)

    assert scores[a].score > scores[b].score


def test_trust_is_a_channel_not_influence(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    for name in ("Cy", "Di", "Ed"):
        tie(repo, person(repo, name), a, TRUSTS, strength=3)
    tie(repo, person(repo, "Fay"), b)

    scores = influence(repo)

    assert scores[b].rank == 1
    assert scores[b].score > scores[a].score


def test_scores_are_stable_for_the_same_data(repo: Repository, tmp_path: Path) -> None:
    ids = [person(repo, name, decider=name == "E") for name in "ABCDEFG"]
    for s, t, kind, strength in [(0, 1, DEFERS, 2), (1, 2, LISTENS, 1), (2, 0, DEFERS, 3)]:
        tie(repo, ids[s], ids[t], kind, strength)
    tie(repo, ids[3], ids[4], LISTENS, 2)
    tie(repo, ids[4], ids[0], DEFERS, 1)
    first = influence(repo)
    repo.close()

    reopened = Repository.open(tmp_path / "plan.json", read_only=True)
    again = influence(reopened)

    assert again == first
    assert influence(reopened) == again


def test_equal_scores_rank_by_name_then_id(repo: Repository) -> None:
    # inserted in reverse alphabetical order, so name order differs from id order
    zed, amy = person(repo, "Zed"), person(repo, "amy")
    amy2 = person(repo, "Amy")
    tie(repo, person(repo, "F1"), zed)
    tie(repo, person(repo, "F2"), amy)
    tie(repo, person(repo, "F3"), amy2)

    scores = influence(repo)

    assert scores[zed].score == scores[amy].score == scores[amy2].score == 100
    assert [scores[amy].rank, scores[amy2].rank, scores[zed].rank] == [1, 2, 3]


def test_cycles_and_isolated_people_are_fine(repo: Repository) -> None:
    a, b, c = person(repo, "Ann"), person(repo, "Bo"), person(repo, "Cy")
    alone = person(repo, "Loner")
    tie(repo, a, b)
    tie(repo, b, c)
    tie(repo, c, a)

    scores = influence(repo)

    assert set(scores) == {a, b, c, alone}
    assert scores[a].score == scores[b].score == scores[c].score == 100
    assert 0 < scores[alone].score < 100
    assert scores[alone].rank == 4
    assert sorted(s.rank for s in scores.values()) == [1, 2, 3, 4]


def test_every_score_is_between_0_and_100_with_the_top_at_100(repo: Repository) -> None:
    ids = [person(repo, f"P{i}", decider=i % 4 == 0) for i in range(12)]
    for i in range(12):
        tie(repo, ids[i], ids[(i * 5 + 3) % 12], LISTENS if i % 2 else DEFERS, 1 + i % 3)

    scores = influence(repo)

    assert all(0 <= s.score <= 100 for s in scores.values())
    assert max(s.score for s in scores.values()) == 100
    assert next(s for s in scores.values() if s.rank == 1).score == 100


def test_empty_plan_and_plan_without_ties(repo: Repository) -> None:
    assert influence(repo) == {}
    assert chief_influencers(repo) == []

    bo, ann = person(repo, "Bo"), person(repo, "Ann")
    tie(repo, bo, ann, TRUSTS)
    scores = influence(repo)

    assert scores[ann].score == scores[bo].score == 0
    assert (scores[ann].rank, scores[bo].rank) == (1, 2)
    assert chief_influencers(repo) == []


def test_chief_influencers_are_the_top_five_among_people_someone_follows(
    repo: Repository,
) -> None:
    leaders = [person(repo, f"Leader {i}") for i in range(7)]
    for i, leader in enumerate(leaders):
        for j in range(7 - i):  # Leader 0 has 7 followers, Leader 6 has 1
            tie(repo, person(repo, f"Follower {i}.{j}"), leader)
    boss = person(repo, "Boss", decider=True)  # influential by office, but nobody follows

    scores = influence(repo)
    chiefs = chief_influencers(repo, scores)

    assert chiefs == leaders[:5]
    assert boss not in chiefs
    assert [scores[c].rank for c in chiefs] == sorted(scores[c].rank for c in chiefs)


def test_fewer_chiefs_when_fewer_are_followed(repo: Repository) -> None:
    a, b = person(repo, "Ann"), person(repo, "Bo")
    tie(repo, person(repo, "Cy"), a, LISTENS)
    tie(repo, person(repo, "Di"), b)
    tie(repo, person(repo, "Ed"), b)

    assert chief_influencers(repo) == [b, a]


def test_the_solution_is_the_fixed_point_of_the_rule() -> None:
    """Each person's influence is their base plus what their followers pass on, to 1e-6."""
    rng = random.Random(7)
    for _ in range(200):
        ids = sorted(rng.sample(range(1, 500), rng.randint(1, 60)))
        deciders = {pid for pid in ids if rng.random() < 0.2}
        hubs = ids[:3]
        edges: dict[int, dict[int, float]] = {}
        for _ in range(rng.randint(0, 4 * len(ids))):
            source = rng.choice(ids)
            target = rng.choice(hubs if rng.random() < 0.3 else ids)
            if source != target:
                out = edges.setdefault(source, {})
                out[target] = float(min(3, out.get(target, 0.0) + rng.randint(1, 3)))
        value = _solve(ids, deciders, edges)
        expected = [DECIDER_BASE if pid in deciders else BASE for pid in ids]
        for i, j, share in _links(ids, edges):
            expected[j] += value[i] * share
        assert all(abs(a - b) < 1e-6 for a, b in zip(value, expected, strict=True))
