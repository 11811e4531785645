"""Pilot tests of the Timeline view: weeks, today, readiness, debriefs due, keys, privacy, size."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from allies.store.model import Meeting, MeetingStatus, Stance
from allies.store.repository import Repository
from allies.tui.screens.modals.confirm import ConfirmScreen
from allies.tui.screens.modals.meeting_form import MeetingForm
from allies.widgets.timeline import Timeline
from tests.conftest import TODAY, saved


def lines(app) -> list[str]:
    """Every option of the timeline as plain text, in order."""
    timeline = app.screen.query_one(Timeline)
    return [str(timeline.get_option_at_index(i).prompt) for i in range(timeline.option_count)]


def row_text(app, title: str) -> str:
    return next(line for line in lines(app) if title in line)


def meeting_id(repo: Repository, title: str) -> int:
    return next(m.id for m in repo.meetings.values() if m.title == title)


async def test_weeks_today_and_readiness_on_the_demo(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        shown = lines(app)
        headers = [line for line in shown if line.startswith("Week of")]
        assert headers == [
            "Week of 16 Nov",
            "Week of 23 Nov · last week",
            "Week of 30 Nov · this week",
            "Week of 7 Dec · next week",
        ]
        # today sits between Monday's meeting and Friday's
        today = shown.index("▶ today · Wed 2 Dec")
        dana = shown.index(row_text(app, "1:1 Dana — on-call handover"))
        priya = shown.index(row_text(app, "1:1 Priya — what would help Sales"))
        assert dana < today < priya
        assert "! debrief due" in shown[dana]
        group = row_text(app, "Budget pre-read")
        assert "group" in group and "✖ 2 problems" in group
        assert "· no one-on-one yet with Margaret Okafor" in group
        assert "of the room's weight" in group and "(needs 60%)" in group
        assert "● Margaret Okafor  ● Dana Whitfield  ▲ Lee Chen" in group
        assert "✓ held" in row_text(app, "1:1 Lee — the cost case")
        # the cursor starts on the next meeting from today
        assert app.screen.query_one(Timeline).meeting_id == meeting_id(
            demo_repo, "1:1 Priya — what would help Sales"
        )
        # the top lines say what to do next
        summary = str(app.screen.query_one("#timeline-next").render())
        assert "1 debrief due: 1:1 Dana — on-call handover (Mon 30 Nov)" in summary
        assert "Budget pre-read (Thu 10 Dec) is not ready: 2 problems" in summary
        assert "s suggests the one-on-ones" in summary
        assert "This week: 1 meeting ahead, next 1:1 Priya" in summary


async def test_detail_shows_the_selected_meeting_whole(demo_repo: Repository, make_app) -> None:
    long_title = "Budget pre-read " + "with a very long title " * 4
    mid = meeting_id(demo_repo, "Budget pre-read")
    demo_repo.update(demo_repo.meetings[mid].replace(title=long_title.strip()))
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        app.screen.select_meeting(mid)
        await pilot.pause()
        detail = str(app.screen.query_one("#timeline-detail").render())
        assert "Budget pre-read with a very long" in detail
        assert "Not ready yet" in detail and "Margaret Okafor  neutral · CFO" in detail


async def test_narrow_terminal_keeps_the_list(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert not app.screen.query_one("#timeline-side").display
        timeline = app.screen.query_one(Timeline)
        assert timeline.size.width == 80 and timeline.size.height >= 10
        assert "! debrief due" in row_text(app, "1:1 Dana")


async def test_t_goes_back_to_today(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "g")
        timeline = app.screen.query_one(Timeline)
        first = timeline.meeting_id
        assert demo_repo.meetings[first].title.startswith("Brown-bag")
        await pilot.press("j")
        assert demo_repo.meetings[timeline.meeting_id].title == "1:1 Sam — on-call numbers"
        await pilot.press("t")
        assert demo_repo.meetings[timeline.meeting_id].title.startswith("1:1 Priya")


async def test_edit_with_enter_saves(demo_repo: Repository, plan_path: Path, make_app) -> None:
    app = make_app(demo_repo)
    mid = meeting_id(demo_repo, "1:1 Tom — ROI model")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        app.screen.select_meeting(mid)
        await pilot.press("enter")
        assert isinstance(app.screen, MeetingForm)
        app.screen.query_one("#title").value = "1:1 Tom — the ROI model, v2"
        await pilot.press("enter")
        await pilot.pause()
        assert "1:1 Tom — the ROI model, v2" in row_text(app, "Tom")
    assert saved(plan_path).meetings[mid].title == "1:1 Tom — the ROI model, v2"


async def test_delete_is_confirmed_and_undoable(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    app = make_app(demo_repo)
    mid = meeting_id(demo_repo, "1:1 Lee — the cost case")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        app.screen.select_meeting(mid)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        detail = str(app.screen.query_one("#confirm-detail").render())
        assert "1 stance change keeps its stance but loses the link" in detail
        await pilot.press("n")
        assert mid in demo_repo.meetings
        await pilot.press("d", "y")
        await pilot.pause()
        assert not any("1:1 Lee" in line for line in lines(app))
        assert mid not in saved(plan_path).meetings
        await pilot.press("u")
        await pilot.pause()
        assert "1:1 Lee — the cost case" in row_text(app, "1:1 Lee")
    assert mid in saved(plan_path).meetings


async def test_privacy_masks_titles_names_and_problems(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "asterisk")
        await pilot.pause()
        everything = "\n".join(lines(app))
        everything += str(app.screen.query_one("#timeline-next").render())
        everything += str(app.screen.query_one("#timeline-detail").render())
        for secret in ("Budget pre-read", "Dana", "Margaret", "Priya", "Lee is in"):
            assert secret not in everything
        assert "no one-on-one yet with 1 attendee" in everything
        await pilot.press("asterisk")
        await pilot.pause()
        assert "Budget pre-read" in row_text(app, "Budget")


async def test_markup_in_titles_and_names_is_literal(repo: Repository, make_app) -> None:
    ann = repo.add_person("[red]Ann[/]", stance=Stance.CHAMPION)
    start = datetime.combine(TODAY + timedelta(days=1), time(10)).astimezone()
    repo.add(Meeting(id=0, title="[bold]plan[/]", start=start, attendees=(ann.id,)))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        row = row_text(app, "plan")
        assert "[bold]plan[/]" in row and "★ [red]Ann[/]" in row


async def test_empty_plan_says_what_to_do(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert lines(app) == ["Week of 30 Nov · this week", "▶ today · Wed 2 Dec"]
        assert "Nothing planned" in str(app.screen.query_one("#timeline-next").render())
        await pilot.press("e", "d", "r")  # nothing selected: nothing happens
        await pilot.press("n")
        assert not isinstance(app.screen, MeetingForm)  # no people yet: says so instead


async def test_600_meetings_are_one_widget(repo: Repository, make_app) -> None:
    people = [repo.add_person(f"Person {i}").id for i in range(20)]
    with repo.transaction("many meetings"):
        for i in range(600):
            start = datetime.combine(TODAY + timedelta(days=i - 300), time(9 + i % 8))
            attendees = (people[i % 20],) if i % 3 else (people[i % 20], people[(i + 1) % 20])
            status = MeetingStatus.HELD if i < 290 else MeetingStatus.PLANNED
            repo.add(
                Meeting(
                    id=0,
                    title=f"M{i}",
                    start=start.astimezone(),
                    attendees=attendees,
                    status=status,
                )
            )
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        timeline = app.screen.query_one(Timeline)
        assert timeline.option_count > 600
        assert len(app.screen.query("*")) < 40, "one widget for all meetings, not one each"
        before = len(lines(app))
        mid = timeline.meeting_id
        await pilot.press("r", "c", "enter")  # cancel one: the list keeps its shape
        await pilot.pause()
        assert repo.meetings[mid].status is MeetingStatus.CANCELLED
        assert len(lines(app)) == before
        title = repo.meetings[mid].title
        [row] = [line for line in lines(app) if line.split("\n")[0].endswith(f" {title}")]
        assert "– cancelled" in row


def meetings_shown(app) -> list[str]:
    """The first line of every meeting row (headers and the today marker left out)."""
    timeline = app.screen.query_one(Timeline)
    return [
        str(option.prompt).split("\n")[0]
        for option in timeline.options
        if option.id is not None and option.id.startswith("m")
    ]


async def test_filter_by_title_or_attendee_and_escape(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        everything = lines(app)
        await pilot.press("slash", *"DANA")
        await pilot.pause()
        shown = lines(app)
        # Sam's one-on-one by its outcome ("Dana trusts these"), Dana's by its title,
        # the budget pre-read by its attendee
        assert [line[38:] for line in meetings_shown(app)] == [
            "1:1 Sam — on-call numbers",
            "1:1 Dana — on-call handover",
            "Budget pre-read",
        ]
        weeks = [line for line in shown if line.startswith("Week of")]
        assert weeks[-2:] == ["Week of 30 Nov · this week", "Week of 7 Dec · next week"]
        timeline = app.screen.query_one(Timeline)
        assert demo_repo.meetings[timeline.meeting_id].title == "Budget pre-read"
        detail = str(app.screen.query_one("#timeline-detail").render())
        assert detail.startswith("Budget pre-read")
        await pilot.press("escape")
        await pilot.pause()
        assert lines(app) == everything
        assert not app.screen.query_one("#timeline-filter").display
        assert app.screen.focused is timeline


async def test_an_r_typed_in_the_filter_is_a_letter_not_a_debrief(
    demo_repo: Repository, make_app
) -> None:
    from allies.tui.screens.modals.debrief import DebriefScreen

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "slash", *"pre-read")
        await pilot.pause()
        assert not isinstance(app.screen, DebriefScreen)
        assert app.screen.query_one("#timeline-filter").value == "pre-read"
        assert [line[38:] for line in meetings_shown(app)] == ["Budget pre-read"]


async def test_filter_without_a_match_says_so(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "slash", *"zzz")
        await pilot.pause()
        empty = app.screen.query_one("#timeline-empty")
        assert empty.display and not app.screen.query_one(Timeline).display
        assert str(empty.render()) == "No meeting matches “zzz” — escape clears the filter."
        assert "No meeting selected" in str(app.screen.query_one("#timeline-detail").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not empty.display and app.screen.query_one(Timeline).display
        assert len(meetings_shown(app)) == len(demo_repo.meetings)


async def test_filter_behind_the_privacy_screen_matches_but_masks(
    demo_repo: Repository, make_app
) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "asterisk", "slash", *"priya")
        await pilot.pause()
        shown = meetings_shown(app)
        # her one-on-one and the budget pre-read she attends, both masked
        assert [line[:22] for line in shown] == ["Fri  4 Dec 15:00  1:1 ", "Thu 10 Dec 14:00  grou"]
        assert all(line.endswith("•••••") for line in shown)
        assert "Priya" not in "\n".join(lines(app))
        assert "Priya" not in str(app.screen.query_one("#timeline-detail").render())


async def test_a_jump_to_a_hidden_meeting_clears_the_filter(
    demo_repo: Repository, make_app
) -> None:
    app = make_app(demo_repo)
    tom = meeting_id(demo_repo, "1:1 Tom — ROI model")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "slash", *"dana", "enter")
        await pilot.pause()
        assert not any("Tom" in line for line in meetings_shown(app))
        app.screen.select_meeting(tom)
        await pilot.pause()
        assert app.screen.query_one(Timeline).meeting_id == tom
        assert len(meetings_shown(app)) == len(demo_repo.meetings)
        assert not app.screen.query_one("#timeline-filter").display


async def test_h_and_l_jump_between_weeks(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")  # on Priya's one-on-one, Friday of this week
        timeline = app.screen.query_one(Timeline)

        def title() -> str:
            return demo_repo.meetings[timeline.meeting_id].title

        await pilot.press("l")
        assert title() == "1:1 Tom — ROI model"  # Monday of next week
        await pilot.press("l")  # no week after it: stays
        assert title() == "1:1 Tom — ROI model"
        await pilot.press("h")
        assert title() == "1:1 Dana — on-call handover"  # this week's first meeting
        await pilot.press("left")
        assert title() == "1:1 Lee — the cost case"
        await pilot.press("left")
        assert title().startswith("Brown-bag")  # the first of two in the week of 16 Nov
        await pilot.press("left")
        assert title().startswith("Brown-bag")
        await pilot.press("right", "right")
        assert title() == "1:1 Dana — on-call handover"


async def test_rows_are_drawn_again_at_a_new_width(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        timeline = app.screen.query_one(Timeline)

        def drawn() -> str:
            return "\n".join(timeline.render_line(y).text for y in range(timeline.size.height))

        assert "Brown-bag: what a platform team would…" in drawn()  # cut at the side panel
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert "Brown-bag: what a platform team would do" in drawn()
