"""The weekly review: what moved, what is due, what is stale, who is drifting."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from allies.store.analysis import analysis_for
from allies.store.model import Meeting, Stance
from allies.store.repository import Repository
from allies.store.review import review_json, weekly_review
from tests.fixtures.review_plan import LAST_REVIEW, TODAY, Plan, build_review_plan, days_ago
from tests.fixtures.sample_plan import local


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Plan]:
    repo = Repository.open(tmp_path / "plan.json", title="Review")
    yield build_review_plan(repo)
    repo.close()


def test_the_week_runs_monday_to_sunday(plan: Plan):
    review = weekly_review(plan.repo, TODAY)
    assert review.week_start == date(2026, 11, 30)
    assert review.week_end == date(2026, 12, 6)
    assert weekly_review(plan.repo, date(2026, 11, 30)).week_start == date(2026, 11, 30)
    assert weekly_review(plan.repo, date(2026, 12, 6)).week_start == date(2026, 11, 30)


def test_meetings_this_week_skip_cancelled_and_carry_readiness(plan: Plan):
    review = weekly_review(plan.repo, TODAY)
    titles = [wm.meeting.title for wm in review.meetings_this_week]
    assert titles == ["monday", "group", "sunday"]
    readiness = {wm.meeting.title: wm.readiness for wm in review.meetings_this_week}
    assert readiness["monday"] is None
    assert readiness["group"] is not None
    assert readiness["group"] == analysis_for(plan.repo).readiness[plan.m["group"]]


def test_past_meetings_still_planned_are_due_a_debrief(plan: Plan):
    review = weekly_review(plan.repo, TODAY)
    assert [m.title for m in review.not_debriefed] == ["overdue", "monday"]


def test_a_meeting_earlier_today_is_due_once_it_has_started(plan: Plan):
    repo = plan.repo
    repo.add(Meeting(id=0, title="this morning", start=local(TODAY, 9), attendees=(1,)))
    assert "this morning" not in [m.title for m in weekly_review(repo, TODAY).not_debriefed]
    late = weekly_review(repo, TODAY, now=local(TODAY, 11))
    assert "this morning" in [m.title for m in late.not_debriefed]


def test_a_review_covers_its_whole_day(plan: Plan):
    """Once marked reviewed, that day's wins are not reported again (issue 19, point 10)."""
    review = weekly_review(plan.repo, TODAY)
    assert review.since == LAST_REVIEW + timedelta(days=1)
    assert [w.title for w in review.wins_since_review] == ["won_since"]


def test_never_reviewed_reports_the_last_seven_days(plan: Plan):
    plan.repo.update_meta(last_review=None)
    review = weekly_review(plan.repo, TODAY)
    assert review.since == TODAY - timedelta(days=6)
    assert [w.title for w in review.wins_since_review] == ["won_on_review_day", "won_since"]
    review = weekly_review(plan.repo, TODAY + timedelta(days=2))
    assert [w.title for w in review.wins_since_review] == ["won_since"]


def test_marking_reviewed_moves_the_window(plan: Plan):
    plan.repo.mark_reviewed(TODAY)
    review = weekly_review(plan.repo, TODAY + timedelta(days=7))
    assert review.since == TODAY + timedelta(days=1)
    assert review.wins_since_review == ()
    assert review.stance_changes == ()


def test_stance_changes_since_the_review_show_before_and_after(plan: Plan):
    moves = weekly_review(plan.repo, TODAY).stance_changes
    described = [(m.person, m.before, m.after, m.meeting) for m in moves]
    assert described == [
        (plan.p["priya"], None, Stance.OPPOSED, None),
        (plan.p["dana"], Stance.NEUTRAL, Stance.SUPPORTIVE, plan.m["overdue"]),
    ]


def test_a_stance_set_through_the_repository_shows_up(plan: Plan):
    # a first logged stance this close to the person's creation is where they started
    plan.repo.set_stance(plan.p["sam"], Stance.SUPPORTIVE)
    plan.repo.set_stance(plan.p["sam"], Stance.SKEPTICAL)
    logged = plan.repo.stance_log[max(plan.repo.stance_log)]
    moves = weekly_review(plan.repo, logged.at.astimezone().date()).stance_changes
    assert (plan.p["sam"], Stance.SKEPTICAL) in [(m.person, m.after) for m in moves]


def test_stale_cards_are_open_cards_unmoved_for_two_weeks(plan: Plan):
    review = weekly_review(plan.repo, TODAY)
    assert [w.title for w in review.stale_cards] == ["stale_pursuing", "stale"]


def test_chief_influencers_out_of_touch(plan: Plan):
    chiefs = analysis_for(plan.repo).chiefs
    assert set(chiefs) == {plan.p[k] for k in ("dana", "margaret", "priya", "lee")}
    review = weekly_review(plan.repo, TODAY)
    out = {o.person: o for o in review.out_of_touch}
    # Dana: never contacted; Margaret: 40 days ago. Lee at 29 days is still in touch,
    # and Priya was met (a held meeting) ten days ago though her last contact was never set.
    assert set(out) == {plan.p["dana"], plan.p["margaret"]}
    assert out[plan.p["dana"]].last_contact is None
    assert out[plan.p["margaret"]].days == 40
    assert [o.person for o in review.out_of_touch] == [
        c for c in chiefs if c in out
    ]  # most influential first


def test_approach_next_is_the_top_three(plan: Plan):
    review = weekly_review(plan.repo, TODAY)
    assert review.approach_next == tuple(analysis_for(plan.repo).approach[:3])
    assert all(not plan.repo.people[s.person].stance.is_ally for s in review.approach_next)


def test_group_readiness_covers_upcoming_planned_group_meetings(plan: Plan):
    review = weekly_review(plan.repo, TODAY)
    assert [g.meeting.title for g in review.group_readiness] == ["group", "next_group"]
    group = review.group_readiness[0].readiness
    assert group is not None and not group.ready
    codes = {p.code for p in group.problems}
    assert "needs_one_on_one" in codes  # no one-on-one with Dana, Lee or Priya before it


def test_review_of_an_empty_plan(tmp_path: Path):
    with Repository.open(tmp_path / "empty.json") as repo:
        review = weekly_review(repo, TODAY)
        data = review_json(review, repo)
    assert review.quiet
    assert data["meetings_this_week"] == [] and data["approach_next"] == []


def test_review_json_has_the_documented_keys_and_names(plan: Plan):
    data = review_json(weekly_review(plan.repo, TODAY), plan.repo)
    json.dumps(data)  # plain JSON types only
    assert {
        "week_start",
        "week_end",
        "meetings_this_week",
        "not_debriefed",
        "wins_since_review",
        "stance_changes",
        "stale_cards",
        "out_of_touch",
        "approach_next",
        "group_readiness",
    } <= set(data)
    assert data["week_start"] == "2026-11-30" and data["week_end"] == "2026-12-06"
    group = next(m for m in data["meetings_this_week"] if m["title"] == "group")
    assert group["id"] == plan.m["group"]
    assert {"id": plan.p["dana"], "name": "Dana"} in group["attendees"]
    assert group["readiness"]["ready"] is False
    assert data["stance_changes"][1] == {
        "id": plan.p["dana"],
        "name": "Dana",
        "from": "neutral",
        "to": "supportive",
        "at": days_ago(3).isoformat(),
        "meeting": plan.m["overdue"],
        "note": "",
    }
    drifting = {plan.p["dana"], plan.p["margaret"]}
    chiefs = analysis_for(plan.repo).chiefs
    expected = [plan.repo.people[c].name for c in chiefs if c in drifting]
    assert [o["name"] for o in data["out_of_touch"]] == expected
    codes = {p["code"] for g in data["group_readiness"] for p in g["problems"]}
    assert codes <= {"needs_one_on_one", "low_consensus", "too_few_wins"}
    assert all(isinstance(s["reasons"], list) for s in data["approach_next"])


def test_thirty_days_without_contact_is_out_of_touch(plan: Plan):
    lee = plan.p["lee"]
    plan.repo.update(plan.repo.people[lee].replace(last_contact=TODAY - timedelta(days=30)))
    review = weekly_review(plan.repo, TODAY)
    assert lee in {o.person for o in review.out_of_touch}
