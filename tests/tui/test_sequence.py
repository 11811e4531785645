"""Pilot tests of the suggested sequence: shown first, nothing changes until accepted."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from allies.store.model import Meeting, MeetingKind, MeetingStatus, Stance
from allies.store.repository import Repository
from allies.tui.app import AlliesApp
from allies.tui.screens.modals.sequence import SequenceScreen
from allies.widgets.timeline import Timeline
from tests.conftest import NOW, TODAY, saved


def proposals_shown(app) -> list[str]:
    options = app.screen.query_one("#sequence-list")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def group_row(app, title: str) -> str:
    timeline = app.screen.query_one(Timeline)
    [row] = [str(o.prompt) for o in timeline.options if title in str(o.prompt)]
    return row


def three_strangers(repo: Repository, *, days: int = 7) -> tuple[list[int], int]:
    """Three people with no one-on-one yet, and a group meeting with them in ``days`` days."""
    ids = [repo.add_person(n, stance=Stance.NEUTRAL).id for n in ("Ann", "Bob", "Cat")]
    start = datetime.combine(TODAY + timedelta(days=days), time(14)).astimezone()
    m = repo.add(Meeting(id=0, title="Kick-off", start=start, minutes=60, attendees=tuple(ids)))
    return ids, m.id


async def test_accept_the_suggested_one_on_ones(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    group = next(m for m in demo_repo.meetings.values() if m.title == "Budget pre-read")
    margaret = group.attendees[0]
    before = set(demo_repo.meetings)
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        assert "no one-on-one yet with Margaret Okafor" in group_row(app, "Budget pre-read")
        await pilot.press("s")
        assert isinstance(app.screen, SequenceScreen)
        [shown] = proposals_shown(app)
        assert "One-on-one with Margaret Okafor" in shown
        assert "before Budget pre-read (Thu 10 Dec)" in shown
        assert set(saved(plan_path).meetings) == before, "nothing changes until accepted"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SequenceScreen)
        row = group_row(app, "Budget pre-read")
        # left: the consensus Margaret's one-on-one is meant to lift, and Dana's debrief
        assert "✖ 2 problems" in row and "no one-on-one yet" not in row
        assert "debrief the 1:1 with Dana Whitfield first" in row
    on_disk = saved(plan_path)
    [added] = [m for m in on_disk.meetings.values() if m.id not in before]
    assert added.attendees == (margaret,)
    assert added.kind is MeetingKind.ONE_ON_ONE and added.status is MeetingStatus.PLANNED
    assert NOW <= added.start < group.start
    assert added.start.weekday() < 5, "on a working day"


async def test_untick_one_and_accept_the_rest(repo: Repository, plan_path: Path, make_app):
    ids, group = three_strangers(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "s")
        assert len(proposals_shown(app)) == 3
        await pilot.press("space", "enter")
        await pilot.pause()
    on_disk = saved(plan_path)
    added = [m for m in on_disk.meetings.values() if m.id != group]
    assert len(added) == 2
    assert all(m.kind is MeetingKind.ONE_ON_ONE for m in added)
    assert {m.attendees[0] for m in added} < set(ids)
    # accepted together: one undo step takes both back
    assert repo.undo() == "schedule suggested meetings"
    assert list(repo.meetings) == [group]


async def test_escape_changes_nothing(repo: Repository, plan_path: Path, make_app) -> None:
    three_strangers(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "s")
        assert isinstance(app.screen, SequenceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SequenceScreen)
    assert len(saved(plan_path).meetings) == 1


async def test_untick_all_refuses_to_accept_nothing(repo: Repository, make_app) -> None:
    three_strangers(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "s", "a", "enter")
        assert isinstance(app.screen, SequenceScreen)
        await pilot.press("a", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, SequenceScreen)
    assert len(repo.meetings) == 4


async def test_too_few_days_proposes_moving_the_meeting(repo: Repository, make_app) -> None:
    _, group = three_strangers(repo, days=0)  # this afternoon: no day left to prepare
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "s")
        shown = proposals_shown(app)
        assert any(
            "Move Kick-off later" in line and "was Wed  2 Dec 14:00" in line for line in shown
        )
        await pilot.press("enter")
        await pilot.pause()
    moved = repo.meetings[group]
    ones = [m for m in repo.meetings.values() if m.id != group]
    assert len(ones) == 3 and all(m.start < moved.start for m in ones)


async def test_nothing_to_suggest_says_so(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "s", "enter")  # accept: Margaret's one-on-one
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, SequenceScreen)


async def test_late_in_the_day_nothing_is_proposed_in_the_past(repo: Repository) -> None:
    three_strangers(repo)
    late = datetime.combine(TODAY, time(17, 30)).astimezone()
    app = AlliesApp(repo, today=TODAY, now=late, remember_settings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "s", "enter")
        await pilot.pause()
    assert all(m.start > late for m in repo.meetings.values())
