"""The second sample plan (a city council) read the way a coach would read it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest

from allies.store.analysis import Analysis
from allies.store.repository import Repository
from allies.store.review import weekly_review
from allies.store.sequencing import suggest_sequence
from tests.fixtures.council_plan import TODAY, build_council

NOW = datetime.combine(TODAY, time(8)).astimezone()


@pytest.fixture
def council(tmp_path: Path) -> Iterator[tuple[Repository, dict[str, int]]]:
    repo = Repository.open(tmp_path / "council.json", title="Council")
    ids = build_council(repo)
    yield repo, ids
    repo.close()


def test_the_deciders_are_reached_through_their_ears(council) -> None:
    repo, ids = council
    order = [s.person for s in Analysis(repo, now=NOW).approach]
    assert order.index(ids["ines"]) < order.index(ids["helen"])  # the Mayor's chief of staff
    assert order.index(ids["tom"]) < order.index(ids["raul"])  # the City Manager's finance chief
    assert order[0] == ids["ines"]


def test_the_budget_chair_says_no_and_stays_in_view(council) -> None:
    repo, ids = council
    analysis = Analysis(repo, now=NOW)
    assert ids["ken"] in analysis.chiefs and ids["ken"] in analysis.flagged_no
    order = [s.person for s in analysis.approach]
    for nobody in ("ben", "dana", "priya"):
        assert order.index(ids["ken"]) < order.index(ids[nobody])
    ken = analysis.suggestion(ids["ken"])
    assert ken is not None
    assert "wants: Keep parking revenue for the road budget (learned from Olu Adeyemi)" in (
        ken.reasons
    )
    assert not any(r.startswith("ask Olu") for r in ken.reasons)  # learned already


def test_the_workshop_sequence_meets_olu_before_ken_with_a_day_between(council) -> None:
    repo, ids = council
    analysis = Analysis(repo, now=NOW)
    proposals = suggest_sequence(repo, TODAY, analysis.scores, now=NOW, chiefs=analysis.chiefs)
    start = {p.attendees[0]: p.start for p in proposals if p.moves_meeting is None}
    assert start[ids["olu"]] < start[ids["ken"]]
    assert (start[ids["ken"]].date() - start[ids["olu"]].date()).days >= 2
    assert start[ids["tom"]] < start[ids["raul"]]
    olu = next(p for p in proposals if p.attendees == (ids["olu"],))
    assert "Ken Ito trusts them" in olu.reason and olu.bring == (ids["maria"],)


def test_the_week_starts_with_the_undebriefed_one_on_one(council) -> None:
    repo, ids = council
    review = weekly_review(repo, TODAY, now=NOW)
    assert review.moves[0].kind == "debrief" and review.moves[0].people == (ids["ines"],)
    briefing = next(g for g in review.group_readiness if g.meeting.id == ids["briefing"])
    assert briefing.readiness is not None
    assert briefing.readiness.undebriefed == (ids["ines"],)
    assert set(briefing.readiness.holdouts) == {ids["helen"], ids["raul"]}
