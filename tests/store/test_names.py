"""Namesakes told apart in every text that names a person (store/names.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from allies.store.advice import trade_ups
from allies.store.analysis import analysis_for
from allies.store.approach import Knowledge, approach_next
from allies.store.model import (
    Column,
    Meeting,
    MeetingKind,
    Person,
    Stance,
    Tie,
    TieKind,
    Win,
)
from allies.store.names import labels, listed, namesakes, what_tells_apart
from allies.store.repository import Repository
from allies.store.review import weekly_review
from allies.store.sequencing import all_readiness, suggest_sequence
from allies.store.situation_map import situation_map
from tests.conftest import TODAY

FINANCE = "Marcus Lee (CFO · Finance)"
SALES = "Marcus Lee (Sales)"


def add(repo: Repository, name: str, stance: Stance = Stance.NEUTRAL, **fields: object) -> int:
    return repo.add(Person(id=0, name=name, stance=stance, **fields)).id  # type: ignore[arg-type]


def namesake_plan(repo: Repository) -> dict[str, int]:
    """Two Marcus Lees who both defer to Dana; Dana trusts the one in Sales."""
    ids = {
        "finance": add(repo, "Marcus Lee", Stance.SUPPORTIVE, role="CFO", org="Finance"),
        "sales": add(repo, "marcus  lee", Stance.SKEPTICAL, org="Sales"),
        "dana": add(repo, "Dana Whitfield"),
        "vera": add(repo, "Vera", Stance.NEUTRAL, decider=True),
    }
    for who in ("finance", "sales"):
        repo.add(Tie(id=0, source=ids[who], target=ids["dana"], kind=TieKind.DEFERS_TO))
    repo.add(Tie(id=0, source=ids["dana"], target=ids["sales"], kind=TieKind.TRUSTS))
    repo.add(Tie(id=0, source=ids["vera"], target=ids["finance"], kind=TieKind.LISTENS_TO))
    return ids


def test_labels_tell_namesakes_apart_and_leave_others_alone(repo: Repository) -> None:
    ids = namesake_plan(repo)
    named = labels(repo.people.values())
    assert named[ids["finance"]] == FINANCE
    assert named[ids["sales"]] == "marcus  lee (Sales)"  # as typed, told apart by the org
    assert named[ids["dana"]] == "Dana Whitfield"
    assert namesakes(repo.people.values()) == {ids["finance"], ids["sales"]}


def test_the_number_is_the_last_resort() -> None:
    a, b = Person(id=4, name="Sam", role="Dev"), Person(id=9, name="Sam", role="Dev")
    c = Person(id=11, name="Sam")
    assert labels([a, b, c]) == {4: "Sam (Dev · no. 4)", 9: "Sam (Dev · no. 9)", 11: "Sam (no. 11)"}
    assert what_tells_apart(c) == "no. 11"
    assert listed(["A", "B", "C", "D", "E"]) == "A, B, C and 2 others"


def test_advice_names_which_namesake(repo: Repository) -> None:
    ids = namesake_plan(repo)
    repo.update(repo.people[ids["sales"]].replace(name="Marcus Lee"))
    reasons = next(s.reasons for s in approach_next(repo) if s.person == ids["dana"])
    assert f"respected by {FINANCE} and {SALES}" in reasons or (
        f"respected by {SALES} and {FINANCE}" in reasons
    ), reasons
    knowledge = Knowledge(repo)
    assert knowledge.next_step(ids["dana"]) == f"ask {SALES} what Dana Whitfield wants"
    analysis = analysis_for(repo)
    assert "Vera (a decider) listens to them" in analysis.evidence(ids["finance"])
    assert situation_map(analysis).placements[ids["sales"]].name == SALES


def test_problems_proposals_and_moves_name_which_namesake(repo: Repository) -> None:
    ids = namesake_plan(repo)
    repo.update(repo.people[ids["sales"]].replace(name="Marcus Lee"))
    start = datetime.combine(TODAY + timedelta(days=9), time(10)).astimezone()
    group = repo.add(
        Meeting(
            id=0,
            title="Budget",
            kind=MeetingKind.GROUP,
            start=start,
            attendees=(ids["finance"], ids["sales"], ids["dana"]),
        )
    )
    [problem, *_] = all_readiness(repo)[group.id].problems
    assert problem.detail == f"no one-on-one yet with {FINANCE}, {SALES} and Dana Whitfield"
    proposals = suggest_sequence(repo, TODAY)
    assert f"One-on-one with {SALES}" in [p.title for p in proposals]
    win = repo.add(Win(id=0, title="Pilot", column=Column.WON, people=(ids["finance"],)))
    [up] = trade_ups(repo)
    assert up.win == win.id and f"ask {FINANCE} for the next" in up.reason
    review = weekly_review(repo, TODAY)
    text = " ".join(m.reason for m in review.moves)
    assert "Marcus Lee:" not in text and "approach Marcus Lee " not in text
    assert SALES in text
