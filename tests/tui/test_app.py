"""Pilot tests of the app shell: views, undo, privacy, help, palette, themes, welcome, read-only."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from allies.store.model import Person, Stance
from allies.store.repository import Repository
from allies.tui.screens.modals.help import HelpScreen
from allies.tui.screens.modals.plan_form import PlanForm
from allies.tui.screens.modals.welcome import WelcomeScreen
from allies.widgets.influencer_table import InfluencerTable
from allies.widgets.pulse_header import PulseHeader
from tests.conftest import palette, saved, until


def header_text(app) -> str:
    header = app.screen.query_one(PulseHeader)
    return str(header.render())


async def test_number_keys_switch_views(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, mode in (("2", "board"), ("3", "timeline"), ("4", "review"), ("1", "people")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            assert app.screen.query_one(PulseHeader).view == mode.capitalize()


async def test_header_shows_title_agenda_and_pulse(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(200, 60)):
        text = header_text(app)
        assert "Platform team in the 2027 budget" in text
        assert "Fund a shared data-platform team" in text
        assert "allies 3/10" in text and "wins 3" in text and "chiefs won" in text


async def test_undo_restores_and_saves(demo_repo: Repository, plan_path: Path, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        pid = app.screen.query_one(InfluencerTable).person_id
        before = demo_repo.get(Person, pid).stance
        await pilot.press("plus")
        await pilot.pause()
        assert saved(plan_path).get(Person, pid).stance is not before
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert saved(plan_path).get(Person, pid).stance is before
        await pilot.press("u")
        await pilot.pause()
        assert demo_repo.get(Person, pid).stance is before  # nothing left to undo


async def test_privacy_screen_masks_names_everywhere(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(InfluencerTable)
        top = "Margaret Okafor"  # the CFO, a decider, ranks first (docs/method.md)
        assert top in str(table.cells_at(0)[1])
        first = top.split()[0]
        await pilot.press("asterisk")
        await pilot.pause()
        assert first not in str(table.cells_at(0)[1])
        assert first not in str(
            app.screen.query_one("#people-detail").query("Static").first().render()
        )
        await pilot.press("2", "1")
        await pilot.pause()
        table = app.screen.query_one(InfluencerTable)
        assert first not in str(table.cells_at(0)[1])
        await pilot.press("asterisk")
        await pilot.pause()
        assert top in str(table.cells_at(0)[1])


async def test_help_lists_the_views_keys(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.plain_text()
        for words in ("New", "stance up", "Undo", "Privacy", "Quit", "People view", "Everywhere"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_jumps_to_a_person(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        offered = await palette(pilot, "Person: Priya")
        assert any(o.startswith("Person: Priya Raman") for o in offered), offered
        await pilot.press("down", "enter")
        await pilot.pause()
        table = app.screen.query_one(InfluencerTable)
        assert demo_repo.get(Person, table.person_id).name == "Priya Raman"


async def test_theme_choice_is_remembered(demo_repo: Repository, make_app, tmp_path) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        app.set_theme("allies-light")
        await pilot.pause()
    settings = tmp_path / "xdg-config" / "allies" / "settings.json"
    assert json.loads(settings.read_text())["theme"] == "allies-light"
    from allies.tui.settings import load_theme

    assert load_theme() == "allies-light"


async def test_unknown_theme_falls_back_with_a_message(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo, theme="no-such-theme")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "allies-dark"
        assert any("Unknown theme" in n.message for n in app._notifications)


async def test_welcome_starts_a_plan(plan_path: Path, make_app) -> None:
    repo = Repository.open(plan_path)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")  # empty title: refused beside the field
        assert isinstance(app.screen, WelcomeScreen)
        assert "cannot be empty" in str(app.screen.query_one("#error-title").render())
        await pilot.press(*"Budget 2027", "enter", *"Fund the team", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
    repo.close()
    meta = saved(plan_path).meta
    assert (meta.title, meta.agenda) == ("Budget 2027", "Fund the team")


async def test_plan_form_edits_thresholds(demo_repo: Repository, plan_path: Path, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_edit_plan()
        await pilot.pause()
        assert isinstance(app.screen, PlanForm)
        box = app.screen.query_one("#consensus_threshold", Input)
        box.value = "150"
        await pilot.press("enter")
        assert "0 to 100" in str(app.screen.query_one("#error-consensus_threshold").render())
        box.value = "75"
        await pilot.press("enter")
        await pilot.pause()
    assert saved(plan_path).meta.consensus_threshold == 0.75


async def test_read_only_refuses_changes(demo_repo: Repository, plan_path: Path, make_app):
    demo_repo.close()
    before = plan_path.read_bytes()
    ro = Repository.open(plan_path, read_only=True)
    app = make_app(ro)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("plus", "n", "d")
        await pilot.pause()
        assert app.screen.query_one(InfluencerTable)  # still on the table, no modal
    assert plan_path.read_bytes() == before
    assert all(p.stance is not Stance.CHAMPION or p.name == "Sam Patel" for p in ro.people.values())


# ------------------------------------------------------------------ the command palette


async def test_palette_jumps_to_a_card(demo_repo: Repository, make_app) -> None:
    from allies.store.model import Win
    from allies.tui.screens.board import BoardScreen

    stalled = next(w for w in demo_repo.wins.values() if w.title == "Tom checks the ROI model")
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        offered = await palette(pilot, "Card: Tom checks")
        assert offered[0] == f"Card: Tom checks the ROI model ({stalled.column.value})"
        await pilot.press("enter")  # on the best match
        await pilot.pause()
        assert app.current_mode == "board" and isinstance(app.screen, BoardScreen)
        assert app.screen.board.card is not None
        assert demo_repo.get(Win, app.screen.board.card.id).title == "Tom checks the ROI model"


async def test_palette_stance_up_saves_the_selected_person(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    dana = next(p for p in demo_repo.people.values() if p.name == "Dana Whitfield")
    assert dana.stance is Stance.NEUTRAL
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.select_person(dana.id)
        await pilot.pause()
        offered = await palette(pilot, "Stance up")
        assert offered[0] == "Stance up — Dana Whitfield"  # on People: it names who
        await pilot.press("enter")  # on the best match
        await pilot.pause()
        on_disk = saved(plan_path)
        assert on_disk.get(Person, dana.id).stance is Stance.NEUTRAL.step(1)
        on_disk.close()
        # From another view it acts on the People view's selection, and goes there.
        await pilot.press("2")
        await pilot.pause()
        offered = await palette(pilot, "Stance up")
        assert offered[0] == "Stance up"
        await pilot.press("enter")  # on the best match
        await pilot.pause()
        assert app.current_mode == "people"
    on_disk = saved(plan_path)
    assert on_disk.get(Person, dana.id).stance is Stance.NEUTRAL.step(1).step(1)
    on_disk.close()


async def test_palette_offers_only_what_can_apply(repo: Repository, make_app) -> None:
    repo.update_meta(title="Empty", agenda="x")  # not pristine: no welcome screen
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        offered = await palette(pilot, "person")
        assert "Add person" in offered
        assert not any(name.startswith(("Edit person", "Delete person")) for name in offered)
        await pilot.press("escape")
        offered = await palette(pilot, "stance")
        assert not any(name.startswith("Stance") for name in offered)
        await pilot.press("escape")
        offered = await palette(pilot, "card")
        assert "Add card" in offered
        assert not any(name.startswith(("Edit card", "Move card")) for name in offered)


async def test_palette_hides_writes_on_a_read_only_plan(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    demo_repo.close()
    ro = Repository.open(plan_path, read_only=True)
    try:
        app = make_app(ro)
        async with app.run_test(size=(120, 40)) as pilot:
            offered = await palette(pilot, "person")
            assert not any(name.startswith(("Add", "Edit", "Delete")) for name in offered)
            assert any(name.startswith("Person: ") for name in offered)  # jumps still work
            await pilot.press("escape")
            assert not any(n.startswith("Stance") for n in await palette(pilot, "stance"))
    finally:
        ro.close()


async def test_palette_filters_the_view_it_was_opened_on(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        offered = await palette(pilot, "filter")
        assert offered[0] == "Filter Review"
        await pilot.press("enter")  # on the best match
        await pilot.pause()
        await pilot.press(*"lee")
        await pilot.pause()
        assert app.current_mode == "review" and app.screen.filter_text == "lee"


async def test_palette_moves_the_selected_card_and_names_it(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    from allies.store.model import Column, Win

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        card = app.screen.board.card
        assert card is not None and card.column is Column.POSSIBLE
        offered = await palette(pilot, "move card")
        # In the first column: only the next column is offered, naming the card.
        assert f"Move card to the next column — {card.title}" in offered
        assert not any("previous column" in name for name in offered)
        await pilot.press("enter")  # on the best match
        await pilot.pause()
    on_disk = saved(plan_path)
    assert on_disk.get(Win, card.id).column is Column.PURSUING
    on_disk.close()


async def test_palette_jumps_back_to_today_in_the_timeline(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "t")
        await pilot.pause()
        today = app.screen.selected()
        await pilot.press("g")  # the first meeting, weeks ago
        assert app.screen.selected() != today
        await pilot.press("1")
        await pilot.pause()
        assert (await palette(pilot, "Jump to today"))[0] == "Jump to today"
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "timeline"
        assert today is not None and app.screen.selected() == today


async def test_palette_names_no_one_behind_the_privacy_screen(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("asterisk")
        await pilot.pause()
        offered = await palette(pilot, "e")
        assert "Edit person" in offered and "Privacy screen off" in offered
        names = [p.name for p in demo_repo.people.values()]
        titles = [w.title for w in demo_repo.wins.values()]
        assert not any(value in name for name in offered for value in names + titles)


async def test_export_from_the_app_writes_a_private_file(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        for fmt in ("markdown", "ics", "json"):
            app.export_plan(fmt)
        await app.workers.wait_for_complete()
        await pilot.pause()
    exports = sorted((plan_path.parent / "exports").iterdir())
    assert [p.suffix for p in exports] == [".ics", ".json", ".md"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in exports)
    assert "## Chief influencers" in exports[2].read_text()
    assert "BEGIN:VEVENT" in exports[0].read_text()


def stances_on_board(board, person: int) -> set:
    """The stances the board's cards show for this person."""
    from allies.widgets.kanban_column import KanbanColumn

    return {
        p.stance
        for column in board.query(KanbanColumn)
        for card in column.cards
        for p in card.people
        if p.id == person
    }


async def test_views_are_built_ahead_while_the_user_reads(demo_repo: Repository, make_app) -> None:
    from allies.store.model import Stance
    from allies.tui.screens.board import BoardScreen
    from allies.tui.screens.people import PeopleScreen

    app = make_app(demo_repo, prewarm=True)
    async with app.run_test(size=(120, 40)) as pilot:
        # Idle: board, timeline and review are made in the background.
        def built(mode: str) -> bool:
            try:
                return app.get_screen_stack(mode)[0].is_mounted
            except (KeyError, IndexError):
                return False

        await until(pilot, lambda: all(map(built, ("board", "timeline", "review"))))
        assert app.current_mode == "people" and isinstance(app.screen, PeopleScreen)
        board = app.get_screen_stack("board")[0]
        assert isinstance(board, BoardScreen) and board.is_mounted
        assert app.get_screen_stack("review") and app.get_screen_stack("timeline")
        dana = app.screen.query_one(InfluencerTable).person_id
        await pilot.press("plus")  # Dana: neutral -> supportive, while the board waits
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.screen is board
        assert stances_on_board(board, dana) == {Stance.SUPPORTIVE}


async def test_a_view_shown_again_shows_changes_made_elsewhere(
    demo_repo: Repository, make_app
) -> None:
    from allies.store.model import Stance

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        board = app.screen
        await pilot.press("1")
        await pilot.pause()
        dana = app.screen.query_one(InfluencerTable).person_id
        await pilot.press("plus")  # neutral -> supportive while the board is away
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.screen is board
        assert stances_on_board(board, dana) == {Stance.SUPPORTIVE}
        assert "allies 4/10" in str(board.query_one(PulseHeader).pulse_line())


async def test_keys_typed_ahead_across_views_never_crash(demo_repo: Repository, make_app) -> None:
    """A card moved, then another view asked for before the move is handled: the new view,
    not built yet, draws the change when it is ready (it used to be asked to draw before)."""
    from textual import events

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        board = app.screen
        version = demo_repo.version
        for key in ("L", "3", "4", "1"):  # typed ahead: queued before any is handled
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "people" and demo_repo.version == version + 1
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.query("Timeline") and board.is_mounted


async def test_views_fit_the_terminal_width_from_the_first_screen(
    demo_repo: Repository, make_app
) -> None:
    """The width classes (narrow below 100 columns) hold from the first frame, for views
    made later too, and follow a resize."""
    from allies.tui.screens.people import PeopleScreen

    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        people = app.screen
        assert isinstance(people, PeopleScreen)
        assert people.has_class("-narrow") and not people.has_class("-wide")
        # narrow: the detail sits under the table, not beside it
        table, detail = people.query_one("#people-master"), people.query_one("#people-detail")
        assert detail.region.y > table.region.y and detail.region.x == table.region.x
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.screen.has_class("-wide") and not app.screen.has_class("-narrow")
        await pilot.press("1")
        await pilot.pause()
        assert people.has_class("-wide")
        assert detail.region.x > table.region.x


async def test_quick_view_switches_always_end_with_the_last_view_painted(
    demo_repo: Repository, make_app
) -> None:
    """A view shown again holds repaints until it is ready: never longer."""
    from textual import events

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in "2341":
            await pilot.press(key)
            await pilot.pause()
        for key in "2132":  # typed ahead: queued before any is handled
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "board"
        assert app._batch_count == 0  # repaints are not held back
        assert "Possible" in str(app.screen.query_one("#column-possible").border_title)


async def test_switching_to_the_view_on_screen_holds_nothing(
    demo_repo: Repository, make_app
) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "1")
        await pilot.pause()
        await app.switch_mode("people")  # as the palette does before running an action
        assert app._batch_count == 0  # repaints are not held back
