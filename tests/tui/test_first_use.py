"""Pilot tests of what a first-time user ran into (issue 19): forms, the palette, the
detail pane, duplicates, the privacy screen, the legend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from allies.store.model import Stance
from allies.store.repository import Repository
from allies.tui.screens.modals.form import FormScreen
from allies.tui.screens.modals.interest_form import InterestForm
from tests.conftest import saved


async def until(pilot, condition: Callable[[], bool], tries: int = 100) -> None:
    """Let the app run until ``condition`` holds (no fixed wait)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen never got there")


async def palette(pilot, query: str) -> list[str]:
    """Open the palette, type ``query``; the names of the commands offered, best first."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)

    def offered() -> list[str]:
        found = pilot.app.screen.query(CommandList)
        return [o.hit.text for o in found.first().options] if found else []

    await until(pilot, lambda: any(query.casefold() in o.casefold() for o in offered()))
    return offered()


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_palette_adds_an_interest_and_enter_on_a_drop_down_saves(
    repo: Repository, plan_path: Path, make_app
) -> None:
    repo.add_person("Grace Obi", role="Head of Nursing", stance=Stance.NEUTRAL)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        offered = await palette(pilot, "Add interest")
        assert offered[0] == "Add interest — Grace Obi"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InterestForm))
        await pilot.press(*"Safe staffing ratios", "tab")  # onto the priority drop-down
        assert app.screen.focused is app.screen.query_one("#priority")
        await pilot.press("enter")  # the footer says "enter save": it saves
        await until(pilot, lambda: not isinstance(app.screen, FormScreen))
    [interest] = saved(plan_path).interests.values()
    assert interest.text == "Safe staffing ratios"


async def test_palette_offers_a_tie_and_a_trade_for_the_selected_person(
    repo: Repository, make_app
) -> None:
    repo.add_person("Grace Obi")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        assert (await palette(pilot, "Add tie"))[0] == "Add tie — Grace Obi"
        await pilot.press("escape")
        assert (await palette(pilot, "Add trade"))[0] == "Add trade — Grace Obi"


async def test_help_explains_every_symbol(demo_repo: Repository, make_app) -> None:
    from allies.store.model import Stance as S
    from allies.tui.screens.modals.help import HelpScreen
    from allies.widgets.influencer_table import InfluencerTable

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        # the chief mark and the champion stance are not one symbol
        table = app.screen.query_one(InfluencerTable)
        marks = {str(table.cells_at(i)[0])[0] for i in range(table.row_count)}
        assert "♛" in marks and S.CHAMPION.symbol not in marks
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.plain_text()
        legend = text[text.index("Symbols") :]
        for symbol, meaning in (
            ("♛", "Chief influencer"),
            ("◆", "Decider"),
            ("▮▮▯", "Strength of a tie"),
            ("⇄", "A trade"),
            ("↳", "builds on"),
            ("★", "Stance champion"),
        ):
            line = next((x for x in legend.splitlines() if symbol in x), "")
            assert meaning in line, symbol


async def test_the_channel_hint_asks_for_the_right_direction(repo: Repository, make_app) -> None:
    from allies.store.model import Tie, TieKind

    tom = repo.add_person("Tom Reyes", stance=Stance.SKEPTICAL)
    helen = repo.add_person("Helen Achebe", stance=Stance.SUPPORTIVE)
    repo.add(Tie(id=0, source=helen.id, target=tom.id, kind=TieKind.TRUSTS))  # Helen trusts Tom
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.select_person(tom.id)
        await pilot.pause()
        app.screen.show_detail_now()
        ties = str(app.screen.query_one("#detail-ties").get_option_at_index(0).prompt)
        assert "trusted by ▲ Helen Achebe" in ties
        hint = str(app.screen.query_one("#detail-approach").render())
        assert "add a 'trusted by' tie" not in hint
        assert "No one Tom Reyes trusts is recorded — add a tie 'Tom Reyes trusts …'" in hint
        assert "'trusted by' runs the other way" in hint


async def test_the_detail_starts_at_the_top_for_the_next_person(repo: Repository, make_app) -> None:
    from textual.containers import VerticalScroll

    from allies.store.model import Interest

    for name in ("Ann Lowe", "Ben Kim"):
        p = repo.add_person(name)
        for i in range(12):
            repo.add(Interest(id=0, person=p.id, text=f"{name} wants thing {i}"))
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        scroll = app.screen.query_one("#detail-scroll", VerticalScroll)
        scroll.scroll_end(animate=False, immediate=True)
        await until(pilot, lambda: scroll.scroll_y > 0)
        await pilot.press("j")  # the next person, from the table
        await until(pilot, lambda: "Ben Kim" in str(app.screen.query_one("#detail-head").render()))
        await pilot.pause()
        assert scroll.scroll_y == 0  # their name is in view, above their ties
        assert scroll.region.contains_region(app.screen.query_one("#detail-head").region)


async def test_a_second_person_of_the_same_name_is_warned_and_told_apart(
    repo: Repository, plan_path: Path, make_app
) -> None:
    from allies.tui.screens.modals.meeting_form import MeetingForm
    from allies.widgets.person_picker import PersonPicker

    repo.add_person("Dana Whitfield", role="CFO", org="Finance")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Dana Whitfield", "tab", *"Sales lead", "enter")
        await until(pilot, lambda: any("already a Dana Whitfield" in t for t in toasts(app)))
        assert any("(CFO · Finance)" in t for t in toasts(app))
        await pilot.press("3", "n")
        await until(pilot, lambda: isinstance(app.screen, MeetingForm))
        picker = app.screen.query_one("#attendees", PersonPicker)
        picker.focus()
        await pilot.press(*"dana")
        matches = picker.matches
        shown = [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]
        assert shown == [
            "? Dana Whitfield (CFO · Finance)",
            "? Dana Whitfield (Sales lead)",
        ]
    assert len(saved(plan_path).people) == 2


async def test_board_keys_typed_in_a_burst_all_apply(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    from textual import events

    from allies.store.model import Column
    from allies.tui.screens.board import BoardScreen
    from allies.tui.screens.modals.confirm import ConfirmScreen
    from allies.widgets.kanban_board import KanbanBoard

    pilot_card = "Pilot: two engineers for one quarter"  # first in Possible
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen))
        board = app.screen.query_one(KanbanBoard)
        for key in "LL":  # queued before either is handled, as fast typing does
            app.post_message(events.Key(key, key))
        await until(pilot, lambda: board.current_column is Column.WON)
        assert board.card is not None and board.card.title == pilot_card
        for key in "LL":  # out of Won asks first: the question is on screen, on top
            app.post_message(events.Key(key, key))
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert board.current_column is Column.WON
        await pilot.press("H")  # the board takes keys again, for the card it shows
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: board.current_column is Column.PURSUING)
    column = next(w.column for w in saved(plan_path).wins.values() if w.title == pilot_card)
    assert column is Column.PURSUING


async def test_privacy_masks_the_header_and_read_only_says_so(
    repo: Repository, plan_path: Path, make_app
) -> None:
    from allies.widgets.pulse_header import PulseHeader

    repo.update_meta(title="Night shift plan", agenda="12-hour shifts")
    repo.add_person("Grace Obi", stance=Stance.NEUTRAL)
    repo.close()
    ro = Repository.open(plan_path, read_only=True)
    app = make_app(ro)
    async with app.run_test(size=(120, 40)) as pilot:
        header = app.screen.query_one(PulseHeader)
        top = str(header.render()).splitlines()[0]
        assert "read-only" in top and "Night shift plan — 12-hour shifts" in top
        await pilot.press("asterisk")
        await pilot.pause()
        top = str(header.render()).splitlines()[0]
        assert "Night shift" not in top and "12-hour" not in top
        await pilot.press("asterisk", "plus")
        await until(pilot, lambda: any("read-only" in t for t in toasts(app)))
        assert ro.people[1].stance is Stance.NEUTRAL
        await pilot.press("ctrl+c")
        await until(pilot, lambda: any("to quit" in t for t in toasts(app)))
        assert not any("[b]" in t for t in toasts(app))
    ro.close()


async def test_the_palette_offers_no_screenshot(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"screensh")
        await pilot.pause()
        from textual.command import CommandList

        await until(pilot, lambda: bool(app.screen.query(CommandList)))
        await pilot.pause()
        offered = [o.hit.text for o in app.screen.query_one(CommandList).options]
        assert not any("Screenshot" in o for o in offered)
        assert not [c for c in app.get_system_commands(app.screen) if c.title == "Screenshot"]


async def test_view_tabs_are_clickable_and_keep_labels_at_80_columns(
    repo: Repository, make_app
) -> None:
    from allies.widgets.pulse_header import PulseHeader

    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        header = app.screen.query_one(PulseHeader)
        x = header.content_region.x + header.content_size.width - header.tabs().cell_len
        x += header.tabs().plain.index("3 Timeline")
        await pilot.click(offset=(x, header.region.y))
        await until(pilot, lambda: app.current_mode == "timeline")


async def test_every_tab_shows_its_whole_name_at_80x24(demo_repo: Repository, make_app) -> None:
    from allies.widgets.pulse_header import VIEWS, PulseHeader

    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, name in VIEWS:
            await pilot.press(key)
            await until(pilot, lambda n=name: app.current_mode == n.casefold())
            header = app.screen.query_one(PulseHeader)
            await until(pilot, lambda h=header, n=name: h.view == n)
            top = header.render().plain.split("\n")[0]
            assert len(top) <= header.content_size.width
            for k, n in VIEWS:
                assert f" {k} {n} " in top + " ", (name, top)
            assert top.split(" 1 People")[0].strip(), "the plan's title keeps some room"


async def test_dates_day_first_from_the_palette_and_the_rule_in_the_preview(
    repo: Repository, make_app, monkeypatch, tmp_path: Path
) -> None:
    import json

    from allies.store import dates
    from allies.tui.screens.modals.meeting_form import MeetingForm

    monkeypatch.setattr(dates, "_day_first", False)  # restored after the test
    repo.add_person("Grace Obi")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        offered = await palette(pilot, "Dates: day first")
        assert offered[0] == "Dates: day first"
        await pilot.press("enter")
        await until(pilot, lambda: dates.day_first())
        await pilot.press("3", "n")
        await until(pilot, lambda: isinstance(app.screen, MeetingForm))
        when = app.screen.query_one("#start Input")
        when.focus()
        when.value = ""
        await pilot.press(*"3/12 10am")
        resolved = str(app.screen.query_one("#start .date-resolved").render())
        assert resolved.startswith("→ Thu 3 Dec 2026, 10:00") and "day first" in resolved
        when.value = ""
        await pilot.press(*"next fri")  # today is a Wednesday
        resolved = str(app.screen.query_one("#start .date-resolved").render())
        assert resolved.startswith("→ Fri 4 Dec 2026")
        assert "'fri next week' is Fri 11 Dec" in resolved
    settings = json.loads((tmp_path / "xdg-config" / "allies" / "settings.json").read_text())
    assert settings["day_first"] is True


async def test_smaller_things_said_plainly(repo: Repository, make_app) -> None:
    from textual import events

    from allies.tui.screens.modals.person_form import PersonForm
    from allies.widgets.key_bar import KeyBar

    repo.add_person("Grace Obi", stance=Stance.NEUTRAL)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = str(app.screen.query_one(KeyBar).render())
        assert keys.rstrip().endswith("^p palette") and "…" not in keys  # whole keys only
        await pilot.press("plus", "u")
        await until(pilot, lambda: any(t.startswith("Undid:") for t in toasts(app)))
        assert "Undid: Grace Obi's stance set to supportive" in toasts(app)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PersonForm))
        app.screen.query_one("#name").post_message(events.Paste("x" * 262))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#error-name").render())
        assert "262 characters; at most 80" in error  # not cut to 200 first


async def test_the_person_form_fits_with_its_help_line(repo: Repository, make_app) -> None:
    from allies.tui.screens.modals.person_form import PersonForm

    for size in ((80, 24), (120, 40)):
        app = make_app(repo)
        async with app.run_test(size=size) as pilot:
            await pilot.press("n")
            await until(pilot, lambda a=app: isinstance(a.screen, PersonForm))
            await pilot.pause()
            box = app.screen.query_one(".form-box").region
            help_line = app.screen.query_one(".form-help").region
            assert box.contains_region(help_line), size
            assert box.bottom <= size[1]


async def test_filter_finds_notes_interests_trades_and_outcomes_without_accents(
    repo: Repository, make_app
) -> None:
    from datetime import datetime, time, timedelta

    from allies.store.model import Interest, Meeting, MeetingStatus, Trade
    from allies.widgets.influencer_table import InfluencerTable
    from allies.widgets.timeline import Timeline
    from tests.conftest import TODAY

    repo.add_person("Zoë Lindqvist", notes="Worried about the rota")
    tom = repo.add_person("Tom Reyes")
    ann = repo.add_person("Ann Lowe")
    repo.add(Interest(id=0, person=tom.id, text="Safe staffing ratios"))
    repo.add(Trade(id=0, person=ann.id, offer="Night-shift cover", ask="Her vote"))
    start = datetime.combine(TODAY - timedelta(days=1), time(10)).astimezone()
    repo.add(
        Meeting(
            id=0,
            title="1:1 Ann",
            start=start,
            attendees=(ann.id,),
            status=MeetingStatus.HELD,
            outcome="She will sponsor the pilot",
        )
    )
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(InfluencerTable)

        async def shown(typed: str) -> list[str]:
            await pilot.press("slash", *typed, "enter")
            await pilot.pause()
            names = [str(table.cells_at(i)[1]) for i in range(table.row_count)]
            await pilot.press("escape")
            await pilot.pause()
            return names

        assert await shown("zoe") == ["Zoë Lindqvist"]  # no accent typed
        assert await shown("ROTA") == ["Zoë Lindqvist"]  # in the notes
        assert await shown("staffing") == ["Tom Reyes"]  # an interest
        assert await shown("night-shift") == ["Ann Lowe"]  # a trade
        await pilot.press("3", "slash", *"sponsor", "enter")
        await pilot.pause()
        timeline = app.screen.query_one(Timeline)
        kept = [o.id for o in timeline.options if o.id and o.id.startswith("m")]
        assert kept == [f"m{next(iter(repo.meetings))}"]


async def test_copy_a_persons_brief(repo: Repository, make_app) -> None:
    from allies.store.model import Interest

    grace = repo.add_person("Grace Obi", role="Head of Nursing", notes="Prefers mornings")
    repo.add(Interest(id=0, person=grace.id, text="Safe staffing ratios", priority=3))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await until(pilot, lambda: bool(app.clipboard))
        brief = app.clipboard
        assert brief.startswith("# Grace Obi\nHead of Nursing\n")
        assert "- Safe staffing ratios [open]" in brief and "Prefers mornings" in brief
        app.copy_to_clipboard("")
        await pilot.press("asterisk", "c")  # masked: nothing leaves the screen
        await pilot.pause()
        assert app.clipboard == ""
        assert (await palette(pilot, "Copy brief"))[0] == "Copy brief"  # (masked: no name)


async def test_long_text_in_the_users_editor(
    repo: Repository, plan_path: Path, make_app, tmp_path: Path, monkeypatch
) -> None:
    """ctrl+g: the notes go to $EDITOR in a 0600 file, removed after; what it wrote is kept."""
    from allies.tui.screens.modals.person_form import PersonForm

    seen = tmp_path / "seen.txt"
    script = tmp_path / "fake-editor.sh"
    script.write_text(
        '#!/bin/sh\nstat -c "%a %n" "$1" > "' + str(seen) + '"\n'
        'printf "Line one\\nLine two\\n" > "$1"\n'
    )
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    grace = repo.add_person("Grace Obi", notes="old notes")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, PersonForm))
        app.screen.query_one("#notes").focus()
        await pilot.press("ctrl+g")
        await until(pilot, lambda: app.screen.query_one("#notes").text == "Line one\nLine two")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, PersonForm))
    mode, used = seen.read_text().split()
    assert mode == "600" and used.startswith(str(tmp_path))
    assert not Path(used).exists()  # removed after
    assert saved(plan_path).people[grace.id].notes == "Line one\nLine two"


async def test_redo_brings_back_what_undo_took(repo: Repository, plan_path: Path, make_app):
    grace = repo.add_person("Grace Obi", stance=Stance.NEUTRAL)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("plus", "plus", "u", "u")
        await pilot.pause()
        assert repo.people[grace.id].stance is Stance.NEUTRAL
        await pilot.press("U", "ctrl+y")
        await until(pilot, lambda: repo.people[grace.id].stance is Stance.CHAMPION)
        assert "Redid: Grace Obi's stance set to champion" in toasts(app)
        await pilot.press("U")
        await until(pilot, lambda: "Nothing to redo." in toasts(app))
    assert saved(plan_path).people[grace.id].stance is Stance.CHAMPION


async def test_the_footer_keeps_each_views_main_keys_at_80x24(
    demo_repo: Repository, make_app
) -> None:
    from allies.widgets.key_bar import KeyBar

    main_keys = {
        "1": ("n New", "e Edit", "/ Filter"),
        "2": ("H/L Move", "n New", "b Build on"),
        "3": ("n New", "s Suggest", "r Debrief"),
        "4": ("m Mark reviewed", "/ Filter"),
        "5": ("+/- Stance",),
    }
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, shown in main_keys.items():
            await pilot.press(key)
            bar = app.screen.query_one(KeyBar)
            await until(pilot, lambda b=bar, s=shown: all(k in str(b.render()) for k in s))
            keys = str(bar.render())
            assert len(keys) <= bar.size.width and keys.rstrip().endswith("? keys  ^p palette")
            assert "…" not in keys
