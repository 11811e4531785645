"""Pilot tests of the meeting form: attendees by name, kind inferred, natural start, duration."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from allies.store.errors import ValidationError
from allies.store.model import Meeting, MeetingKind, MeetingStatus, Stance
from allies.store.repository import Repository
from allies.tui.screens.modals.meeting_form import MeetingForm, parse_minutes
from allies.widgets.timeline import Timeline
from tests.conftest import burst, saved


def people(repo: Repository) -> dict[str, int]:
    return {
        name: repo.add_person(name, stance=stance).id
        for name, stance in (
            ("Dana Whitfield", Stance.NEUTRAL),
            ("Lee Chen", Stance.SUPPORTIVE),
            ("Margaret Okafor", Stance.NEUTRAL),
        )
    }


def error(app, name: str) -> str:
    box = app.screen.query_one(f"#error-{name}")
    return str(box.render()) if box.display else ""


async def test_plan_a_group_meeting_and_see_its_problems(
    repo: Repository, plan_path: Path, make_app
) -> None:
    ids = people(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "n")
        assert isinstance(app.screen, MeetingForm)
        await pilot.press(*"Budget pre-read", "tab")
        assert "Pick one attendee" in str(app.screen.query_one("#kind").render())
        await pilot.press(*"dana", "enter")
        assert str(app.screen.query_one("#kind").render()) == "One-on-one"
        await pilot.press(*"oka", "enter")
        assert str(app.screen.query_one("#kind").render()) == "Group meeting · 2 attendees"
        await pilot.press("tab", *"tue 2pm")
        await pilot.pause()
        # shown resolved before saving (today is Wednesday 2 December)
        resolved = str(app.screen.query_one("#start .date-resolved").render())
        assert resolved == "→ Tue 8 Dec 2026, 14:00"
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"1h30", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingForm)
        timeline = app.screen.query_one(Timeline)
        [row] = [
            str(option.prompt) for option in timeline.options if "Budget" in str(option.prompt)
        ]
        assert "✖ 3 problems" in row
        assert "no one-on-one yet with Dana Whitfield and Margaret Okafor" in row
        assert "0 of 1 wins won by then" in row
    [meeting] = saved(plan_path).meetings.values()
    assert meeting.title == "Budget pre-read"
    assert meeting.kind is MeetingKind.GROUP
    assert meeting.attendees == (ids["Dana Whitfield"], ids["Margaret Okafor"])
    assert meeting.start == datetime(2026, 12, 8, 14, 0).astimezone()
    assert (meeting.minutes, meeting.status) == (90, MeetingStatus.PLANNED)


async def test_one_attendee_makes_a_one_on_one(repo: Repository, plan_path: Path, make_app):
    people(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "n", *"Coffee", "tab", *"lee", "enter", "tab", *"next friday")
        await pilot.press("enter")
        await pilot.pause()
    [meeting] = saved(plan_path).meetings.values()
    assert meeting.kind is MeetingKind.ONE_ON_ONE
    # a date alone gets 09:00; the default duration is 30 minutes
    assert meeting.start == datetime(2026, 12, 4, 9, 0).astimezone()
    assert meeting.minutes == 30


async def test_a_meeting_left_untitled_is_named_for_who_it_is_with(
    repo: Repository, plan_path: Path, make_app
) -> None:
    people(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "n", "tab", *"lee", "enter")
        title = app.screen.query_one("#title")
        assert title.placeholder == "left empty: One-on-one with Lee Chen"
        await pilot.press(*"dana", "enter", *"marg", "enter", "tab", *"tue 10am", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingForm)
    [meeting] = saved(plan_path).meetings.values()
    assert meeting.title == "Group meeting: Lee Chen, Dana Whitfield, Margaret Okafor"
    assert meeting.kind is MeetingKind.GROUP


async def test_a_date_that_does_not_parse_gets_a_message(repo: Repository, make_app) -> None:
    people(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "n", *"Coffee", "tab", *"lee", "enter", "tab", *"someday soon")
        await pilot.pause()
        hint = app.screen.query_one("#start .date-resolved")
        assert "Cannot read 'someday soon'" in str(hint.render()) and hint.has_class("-error")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        assert "Cannot read 'someday soon'" in error(app, "start")
        await pilot.press("escape")
        assert not isinstance(app.screen, MeetingForm)
    assert not repo.meetings


async def test_missing_attendees_and_bad_duration_are_refused(repo: Repository, make_app):
    people(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "n", *"Coffee", "enter")
        await pilot.pause()
        assert "Pick at least one attendee" in error(app, "attendees")
        await pilot.press("tab", *"lee", "enter", "tab", *"tomorrow 10am", "tab", "ctrl+a")
        await pilot.press("ctrl+k", *"ages", "enter")
        await pilot.pause()
        assert "Duration" in error(app, "minutes")
    assert not repo.meetings


async def test_edit_keeps_the_rest(repo: Repository, plan_path: Path, make_app) -> None:
    ids = people(repo)
    start = datetime.combine(datetime(2026, 12, 3), time(10)).astimezone()
    m = repo.add(
        Meeting(
            id=0,
            title="Sync",
            start=start,
            attendees=(ids["Lee Chen"],),
            status=MeetingStatus.HELD,
            outcome="fine",
        )
    )
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "e")
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert form.query_one("#start Input").value == "2026-12-03 10:00"
        form.query_one("#attendees Input").focus()
        await pilot.press(*"dana", "enter", "enter")
        await pilot.pause()
    edited = saved(plan_path).meetings[m.id]
    assert edited.attendees == (ids["Lee Chen"], ids["Dana Whitfield"])
    assert edited.kind is MeetingKind.GROUP
    assert (edited.status, edited.outcome, edited.start) == (MeetingStatus.HELD, "fine", start)


@pytest.mark.parametrize(
    ("typed", "minutes"), [("45", 45), ("45m", 45), ("1h", 60), ("1h30", 90), ("1.5h", 90)]
)
def test_durations(typed: str, minutes: int) -> None:
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize("typed", ["", "soon", "0", "25h", "-5"])
def test_bad_durations(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_minutes(typed)


async def test_a_start_typed_fast_after_the_attendees_and_a_tab_is_kept(
    repo: Repository, make_app
) -> None:
    people(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "n", "tab", *"lee", "enter")
        await pilot.pause()
        burst(app, "tab", *"thu", "space", "3")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#start Input").value == "thu 3"
