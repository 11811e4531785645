"""Pilot tests of the Review view: the demo's sections, jumps, mark reviewed, privacy."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from allies.store.model import Meeting, MeetingStatus
from allies.store.repository import Repository
from allies.themes import DOMAIN_DEFAULTS_DARK, DOMAIN_DEFAULTS_LIGHT
from allies.tui.screens.board import BoardScreen
from allies.tui.screens.modals.confirm import ConfirmScreen
from allies.tui.screens.people import PeopleScreen
from allies.tui.screens.review import SECTION_LIMIT
from allies.tui.screens.timeline import TimelineScreen
from allies.widgets.influencer_table import InfluencerTable
from allies.widgets.review_list import ReviewList
from allies.widgets.stance import MASK
from tests.conftest import NOW, TODAY, saved


def review_list(app) -> ReviewList:
    return app.screen.query_one(ReviewList)


def section(app, key: str) -> list[str]:
    """The plain text of each line of one section (its heading left out)."""
    return [
        option.prompt.plain
        for option in review_list(app).options
        if (option.id or "").startswith(f"{key}:") and not option.disabled
    ]


def heading(app, key: str) -> str:
    return review_list(app).get_option(f"{key}:").prompt.plain


def everything(app) -> str:
    return "\n".join(option.prompt.plain for option in review_list(app).options)


def by_name(repo: Repository, name: str) -> int:
    return next(p.id for p in repo.people.values() if p.name == name)


def card(repo: Repository, title: str) -> int:
    return next(w.id for w in repo.wins.values() if w.title == title)


def meeting(repo: Repository, title: str) -> int:
    return next(m.id for m in repo.meetings.values() if m.title == title)


async def test_demo_review_shows_every_section(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        summary = str(app.screen.query_one("#review-summary").render())
        assert "Week of Mon 30 Nov – Sun 6 Dec 2026" in summary
        assert "last reviewed Tue 24 Nov, 8 days ago" in summary
        week = section(app, "week")
        assert len(week) == 2
        assert "Mon 30 Nov 11:00  1:1 Dana — on-call handover  debrief due" in week[0]
        assert "Fri  4 Dec 15:00  1:1 Priya — what would help Sales" in week[1]
        assert "debrief due" not in week[1]
        [debrief] = section(app, "debrief")
        assert "1:1 Dana — on-call handover" in debrief and "Dana Whitfield" in debrief
        [win] = section(app, "wins")
        assert "Lee raises the cost case with Mar…" in win and "won Mon 30 Nov" in win
        [stance] = section(app, "stances")
        assert "Lee Chen" in stance and "neutral → supportive" in stance
        [stale] = section(app, "stale")
        assert "Tom checks the ROI model" in stale and "16 days ago" in stale
        touch = section(app, "touch")  # in the chiefs' order of influence
        names = ("Margaret Okafor", "Victor Novak", "Dana Whitfield")
        for line, name in zip(touch, names, strict=True):
            assert name in line
        assert "never contacted" in touch[1] and "41 days ago" in touch[2]
        approach = section(app, "approach")
        assert approach[0].startswith("  1. ● Dana Whitfield  neutral")
        assert "Sam Patel (ally) has their ear" in approach[0]
        [group] = section(app, "groups")
        assert "Budget pre-read" in group and "✗ not ready · consensus 41% (needs 60%)" in group
        assert "no one-on-one yet with Margaret Okafor" in group
        assert "debrief the 1:1 with Dana Whitfield first" in group  # planned, past, not recorded
        assert "winning Margaret Okafor over would bring it to 64%" in group
        moves = section(app, "moves")
        assert "debrief 1:1 Dana — on-call handover" in moves[0]
        # The cursor starts on the first line to act on, not on a heading.
        assert review_list(app).item is not None and review_list(app).item.kind == "meeting"


async def test_empty_sections_say_so(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert "No debriefs due — every past meeting is recorded." in heading(app, "debrief")
        assert "Nothing stalled" in heading(app, "stale")
        assert "No group meeting planned" in heading(app, "groups")
        assert "never reviewed" in str(app.screen.query_one("#review-summary").render())
        assert review_list(app).item is None
        await pilot.press("enter", "e")
        await pilot.pause()
        assert app.current_mode == "review"


async def test_enter_on_a_chief_opens_them_in_people(demo_repo: Repository, make_app) -> None:
    margaret = by_name(demo_repo, "Margaret Okafor")
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert review_list(app).select_item("person", margaret)
        assert "Margaret Okafor" in review_list(app).highlighted_option.prompt.plain
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "people"
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.query_one(InfluencerTable).person_id == margaret


async def test_keys_walk_the_lines_and_skip_headings(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("l")  # past this week's moves, to the meetings
        # Two meetings this week, then the debrief due, then the win (headings skipped).
        await pilot.press("j", "j", "j")
        item = review_list(app).item
        assert item is not None
        assert (item.kind, item.target) == (
            "card",
            card(demo_repo, "Lee raises the cost case with Margaret"),
        )
        await pilot.press("k")
        assert review_list(app).item.target == meeting(demo_repo, "1:1 Dana — on-call handover")


async def test_enter_on_a_card_opens_the_board_on_it(demo_repo: Repository, make_app) -> None:
    stalled = card(demo_repo, "Tom checks the ROI model")
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert review_list(app).select_item("card", stalled)
        await pilot.press("e")
        await pilot.pause()
        assert app.current_mode == "board"
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.board.card.id == stalled


async def test_enter_on_a_debrief_opens_the_timeline_on_it(demo_repo: Repository, make_app) -> None:
    due = meeting(demo_repo, "1:1 Dana — on-call handover")
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        rl = review_list(app)
        rl.highlighted = rl.get_option_index(f"debrief:meeting:{due}:0")
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "timeline"
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.selected() is not None and app.screen.selected().id == due
        # Back to the review, and into another meeting: the timeline follows.
        group = meeting(demo_repo, "Budget pre-read")
        await pilot.press("4")
        await pilot.pause()
        rl.highlighted = rl.get_option_index(f"groups:meeting:{group}:0")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.selected() is not None and app.screen.selected().id == group


async def test_mark_reviewed_saves_and_resets_the_changes(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert section(app, "wins") and section(app, "stances")
        await pilot.press("m")
        await pilot.pause()
        on_disk = saved(plan_path)
        assert on_disk.meta.last_review == TODAY
        assert [r.at for r in on_disk.reviews.values()] == [TODAY]
        on_disk.close()
        # Changes are now counted from today: last Monday's win and stance move drop out.
        assert section(app, "wins") == [] and section(app, "stances") == []
        assert "No wins since the last review" in heading(app, "wins")
        assert "reviewed today" in str(app.screen.query_one("#review-summary").render())
        # Debriefs, stale cards and chiefs out of touch do not depend on the last review.
        assert section(app, "debrief") and section(app, "stale") and section(app, "touch")

        # Already reviewed today: asked first; n keeps one record, y adds another.
        await pilot.press("m")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(demo_repo.reviews) == 1
        await pilot.press("m", "y")
        await pilot.pause()
        assert len(demo_repo.reviews) == 2

        await pilot.press("u", "u")
        await pilot.pause()
        assert section(app, "wins")
    on_disk = saved(plan_path)
    assert on_disk.meta.last_review == TODAY - timedelta(days=8)
    assert not on_disk.reviews
    on_disk.close()


async def test_privacy_screen_masks_names_and_titles(demo_repo: Repository, make_app) -> None:
    names = [p.name for p in demo_repo.people.values()]
    titles = [m.title for m in demo_repo.meetings.values()] + [
        w.title for w in demo_repo.wins.values()
    ]
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "asterisk")
        await pilot.pause()
        text = everything(app)
        assert MASK in text
        for value in names + [t[:20] for t in titles]:
            assert value not in text
        assert "no one-on-one yet with 1 attendee" in text
        assert "more reasons hidden by the privacy screen" in text
        await pilot.press("asterisk")
        await pilot.pause()
        assert "Dana Whitfield" in everything(app)


async def test_user_text_is_shown_literally(repo: Repository, make_app) -> None:
    x = repo.add_person("[red]Ann[/red]")
    repo.add(
        Meeting(
            id=0,
            title="[bold]sync[/]",
            start=NOW - timedelta(days=1),
            minutes=30,
            attendees=(x.id,),
            status=MeetingStatus.PLANNED,
        )
    )
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        [line] = section(app, "debrief")
        assert "[bold]sync[/]" in line and "[red]Ann[/red]" in line


async def test_a_long_section_shows_the_oldest_and_counts_the_rest(
    repo: Repository, make_app
) -> None:
    with repo.transaction("twenty stalled cards"):
        for n in range(20):
            win = repo.add_win(f"card {n:02}")
            repo.update(win.replace(updated=NOW - timedelta(days=40 - n)), stamp=False)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        stale = section(app, "stale")
        assert len(stale) == SECTION_LIMIT
        assert "card 00" in stale[0]  # the longest stalled first
        assert heading(app, "stale").endswith("  20")
        more = review_list(app).get_option("stale:more").prompt.plain
        assert more == f"  … and {20 - SECTION_LIMIT} more — the board (2) shows them all"


async def test_switching_theme_redraws_in_its_colours(demo_repo: Repository, make_app) -> None:
    def overdue_style(app) -> str:
        line = next(o.prompt for o in review_list(app).options if "debrief due" in o.prompt.plain)
        start = line.plain.index("debrief due")
        return " ".join(str(s.style) for s in line.spans if s.start <= start < s.end).lower()

    app = make_app(demo_repo, theme="allies-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert DOMAIN_DEFAULTS_DARK["overdue"] in overdue_style(app)
        app.theme = "allies-light"
        await pilot.pause()
        assert DOMAIN_DEFAULTS_LIGHT["overdue"] in overdue_style(app)


async def test_slash_filters_the_lines_and_escape_clears(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        before = everything(app)
        await pilot.press("slash", *"DANA")
        await pilot.pause()
        # Only lines holding "dana" (any case) are left; every heading stays, counting them.
        lines = [o.prompt.plain for o in review_list(app).options if (o.id or "").count(":") == 3]
        assert lines and all("dana" in line.casefold() for line in lines)
        assert len(section(app, "week")) == 1 and "1:1 Dana" in section(app, "week")[0]
        assert heading(app, "week").endswith("  1 matching")
        assert "Dana Whitfield" in section(app, "touch")[0]
        assert heading(app, "touch").endswith("  1 matching")
        assert heading(app, "stale").endswith("  no match")  # "Tom checks the ROI model"
        assert section(app, "stale") == []
        assert "Tom checks the ROI model" not in everything(app)
        # Enter goes back to the list, on a matching line; escape shows everything again.
        await pilot.press("enter")
        assert app.focused is review_list(app)
        assert "dana" in review_list(app).highlighted_option.prompt.plain.casefold()
        await pilot.press("escape")
        await pilot.pause()
        assert everything(app) == before
        assert not app.screen.query_one("#review-filter").has_class("-open")
        assert app.screen.filter_text == ""


async def test_the_filter_searches_past_the_shown_lines(repo: Repository, make_app) -> None:
    with repo.transaction("thirty stalled cards"):
        for n in range(30):
            win = repo.add_win(f"card {n:02}" + (" budget" if n >= 20 else ""))
            repo.update(win.replace(updated=NOW - timedelta(days=60 - n)), stamp=False)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert not any("budget" in line for line in section(app, "stale"))  # past the first 15
        await pilot.press("slash", *"Budget")
        await pilot.pause()
        stale = section(app, "stale")
        assert len(stale) == 10 and "card 20 budget" in stale[0]
        assert heading(app, "stale").endswith("  10 matching")


async def test_h_and_l_jump_between_sections(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        rl = review_list(app)
        first = rl.highlighted
        assert rl.highlighted_option.id.startswith("moves:")  # what to do comes first
        await pilot.press("l")
        assert rl.highlighted_option.id.startswith("week:")
        await pilot.press("j", "l")  # from the second meeting of the week: the debrief due
        assert rl.highlighted_option.id.startswith("debrief:")
        await pilot.press("l", "l", "l")
        assert rl.highlighted_option.id.startswith("stale:")
        assert rl.item.target == card(demo_repo, "Tom checks the ROI model")
        await pilot.press("h")
        assert rl.highlighted_option.id.startswith("stances:")
        await pilot.press("h", "h", "h", "h")
        assert rl.highlighted == first  # the first line of the first section
        await pilot.press("h")
        assert rl.highlighted == first  # nothing before it: the cursor stays
        await pilot.press("G", "l")
        assert rl.highlighted_option.id.startswith("groups:")  # nothing after the last


async def test_a_filtered_review_follows_changes(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "slash", *"lee", "enter")
        await pilot.pause()
        assert "Lee raises the cost case" in section(app, "wins")[0]
        assert "Lee Chen" in section(app, "stances")[0]
        await pilot.press("m")  # reviewed today: last Monday's win is no longer news
        await pilot.pause()
        assert app.screen.filter_text == "lee"
        assert section(app, "wins") == [] and heading(app, "wins").endswith("  no match")
        assert section(app, "stances") == []
