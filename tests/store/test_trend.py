"""Consensus week by week (store/trend.py), rebuilt from the stance log and won cards."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from allies.store.analysis import analysis_for
from allies.store.model import Column, Person, Stance, StanceChange, Tie, TieKind, Win
from allies.store.pulse import compute_pulse
from allies.store.repository import Repository
from allies.store.trend import weekly
from tests.conftest import TODAY


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time().replace(hour=12)).astimezone()


def test_weeks_follow_the_stance_log_and_the_wins(repo: Repository) -> None:
    a = repo.add(Person(id=0, name="Ann", stance=Stance.CHAMPION)).id
    b = repo.add(Person(id=0, name="Bo", stance=Stance.NEUTRAL)).id
    repo.add(Tie(id=0, source=b, target=a, kind=TieKind.DEFERS_TO))
    three_weeks_ago = TODAY - timedelta(weeks=3)
    repo.add(StanceChange(id=0, person=a, stance=Stance.NEUTRAL, at=at(three_weeks_ago)))
    repo.add(
        StanceChange(id=0, person=a, stance=Stance.SUPPORTIVE, at=at(TODAY - timedelta(weeks=1)))
    )
    repo.add(StanceChange(id=0, person=a, stance=Stance.CHAMPION, at=at(TODAY)))
    repo.add(Win(id=0, title="W", column=Column.WON, won_at=at(TODAY - timedelta(weeks=2))))
    weeks = weekly(repo.people, repo.stance_log, repo.wins, analysis_for(repo).scores, TODAY)
    assert len(weeks) == 4  # from the first logged change's week to this one
    assert [w.allies for w in weeks] == [0, 0, 1, 1]
    assert [w.wins for w in weeks] == [0, 1, 1, 1]
    assert weeks[0].consensus < weeks[-2].consensus < weeks[-1].consensus  # Ann comes round
    # this week's figure is the pulse's own (the log agrees with the stances today)
    assert weeks[-1].consensus == pytest.approx(compute_pulse(repo, at(TODAY)).consensus)
    assert weeks[-1].start.weekday() == 0


def test_a_plan_without_history_has_this_week_only(repo: Repository) -> None:
    repo.add(Person(id=0, name="Ann", stance=Stance.SUPPORTIVE))
    repo.add(Person(id=0, name="Bo"))
    weeks = weekly(repo.people, {}, {}, analysis_for(repo).scores, TODAY)
    assert len(weeks) == 1
    assert weeks[0].allies == 1
    assert weeks[0].consensus == pytest.approx(compute_pulse(repo, at(TODAY)).consensus)


def test_the_demo_campaign_moves(demo_repo: Repository) -> None:
    weeks = weekly(
        demo_repo.people,
        demo_repo.stance_log,
        demo_repo.wins,
        analysis_for(demo_repo).scores,
        TODAY,
    )
    assert 2 <= len(weeks) <= 12
    assert weeks[-1].consensus > weeks[0].consensus
    assert weeks[-1].wins == sum(1 for w in demo_repo.wins.values() if w.column is Column.WON)


def test_this_week_agrees_with_the_header(demo_repo: Repository) -> None:
    """The log may lag the records (a stance set without a log entry): this week reads
    the plan as it stands, as the header's pulse does."""
    weeks = weekly(
        demo_repo.people,
        demo_repo.stance_log,
        demo_repo.wins,
        analysis_for(demo_repo).scores,
        TODAY,
    )
    pulse = compute_pulse(demo_repo, at(TODAY))
    assert weeks[-1].consensus == pytest.approx(pulse.consensus)
    assert weeks[-1].allies == pulse.allies
