"""Pilot tests of the Board view: move, reorder, add, build on, filter, edit and delete cards
from the keyboard, checking the screen and the saved file."""

from __future__ import annotations

import errno
from datetime import timedelta
from pathlib import Path

import pytest

from allies.store import storage
from allies.store.model import Column, Win
from allies.store.repository import Repository
from allies.tui.screens.board import BoardScreen
from allies.tui.screens.modals.card_form import CardForm
from allies.tui.screens.modals.confirm import ConfirmScreen
from allies.widgets.kanban_board import KanbanBoard
from allies.widgets.kanban_column import KanbanColumn
from allies.widgets.pulse_header import PulseHeader
from tests.conftest import TODAY, saved

# The demo board, in order:
#   Possible: Pilot: two engineers… (builds on Dana agrees…), Priya's pipeline dashboard scoped
#   Pursuing: Dana agrees to an on-call handover pilot (builds on Sam's…), Tom checks the ROI model
#   Won:      Sam's on-call cost numbers, Aisha co-presents…, Lee raises the cost case…
#   Parked:   Security review of the platform plan
PILOT = "Pilot: two engineers for one quarter"
PRIYA = "Priya's pipeline dashboard scoped"
DANA = "Dana agrees to an on-call handover pilot"
SAM = "Sam's on-call cost numbers"


async def open_board(app, pilot) -> KanbanBoard:
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(app.screen, BoardScreen)
    return app.screen.query_one(KanbanBoard)


def titles(board: KanbanBoard, column: Column) -> list[str]:
    return [card.title for card in board.column_widget(column).cards]


def saved_titles(path: Path, column: Column) -> list[str]:
    return [w.title for w in saved(path).column(column)]


def by_title(repo: Repository, title: str) -> Win:
    return next(w for w in repo.wins.values() if w.title == title)


def detail(app) -> str:
    return str(app.screen.query_one("#board-detail").render())


def lines(column: KanbanColumn) -> list[str]:
    height = column.scrollable_content_region.height
    return [column.render_line(y).text.strip() for y in range(height)]


async def test_board_shows_columns_counts_cards_and_chain(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        counts = [board.column_widget(c).border_title for c in board.columns]
        assert counts == ["Possible 2", "Pursuing 2", "Won 3", "Parked 1"]
        assert titles(board, Column.POSSIBLE) == [PILOT, PRIYA]
        pursuing = lines(board.column_widget(Column.PURSUING))
        assert "▼ Tom Becker" in pursuing and "! due 30 Nov" in pursuing  # overdue is marked
        assert board.card is not None and board.card.title == PILOT
        assert f"Chain: ✓ {SAM} → {DANA} → this" in detail(app)
        await pilot.press("l")
        assert board.card.title == DANA
        assert f"✓ {SAM} → this → {PILOT}" in detail(app)


async def test_the_detail_follows_a_moved_card_and_a_theme_change(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        assert board.card is not None and board.card.title == PILOT
        assert "Possible" in detail(app)
        await pilot.press("L")  # the card moves to Pursuing, the cursor with it
        await pilot.pause()
        assert board.card.title == PILOT and "Pursuing" in detail(app)
        before = app.screen.query_one("#board-detail").render()
        app.theme = "allies-light"  # same card, new colours: drawn again
        await pilot.pause()
        after = app.screen.query_one("#board-detail").render()
        assert str(after) == str(before) and after.spans != before.spans


async def test_move_into_won_stamps_won_at_and_the_cursor_follows(
    demo_repo: Repository, plan_path: Path, make_app
):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("l", "L")
        await pilot.pause()
        assert board.current_column is Column.WON
        assert board.card is not None and board.card.title == DANA
        assert titles(board, Column.WON)[0] == DANA  # lands on the row it left
        assert board.column_widget(Column.WON).border_title == "Won 4"
        assert "wins 4" in str(app.screen.query_one(PulseHeader).pulse_line())
    win = by_title(saved(plan_path), DANA)
    assert win.column is Column.WON and win.won_at is not None


async def test_a_move_is_in_the_file_as_soon_as_the_app_settles(
    demo_repo: Repository, plan_path: Path, make_app
):
    """Shown first, saved just after its frame: the file never waits for the app's exit."""
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        assert titles(board, Column.PURSUING)[0] == PILOT
        assert not demo_repo.pending
        assert saved_titles(plan_path, Column.PURSUING)[0] == PILOT
        await pilot.press("L", "q")  # quit typed right after a move: saved before leaving
        await pilot.pause()
    assert app.return_code == 0
    assert saved_titles(plan_path, Column.WON)[0] == PILOT


async def test_a_move_typed_ahead_of_quit_lands_and_is_saved(
    demo_repo: Repository, plan_path: Path, make_app
):
    from textual import events

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        for key in ("L", "q"):  # queued before either is handled, as fast typing does
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
    assert saved_titles(plan_path, Column.PURSUING)[0] == PILOT


async def test_a_failed_save_is_shown_kept_on_screen_and_retried(
    demo_repo: Repository, plan_path: Path, make_app, monkeypatch: pytest.MonkeyPatch
):
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        before = plan_path.read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(storage.os, "replace", disk_full)
            await pilot.press("L")
            await pilot.pause(0.3)  # past the latest moment a save is tried
            assert [n.title for n in app._notifications].count("Save failed") == 1
            assert plan_path.read_bytes() == before
            assert titles(board, Column.PURSUING)[0] == PILOT  # the change stays on screen
            await pilot.press("q")
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, BoardScreen)  # not lost
            assert any("quitting now would lose" in n.message for n in app._notifications)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not demo_repo.pending
        assert saved_titles(plan_path, Column.PURSUING)[0] == PILOT


async def test_a_signal_right_after_a_change_saves_it_before_leaving(
    demo_repo: Repository, plan_path: Path, make_app, monkeypatch: pytest.MonkeyPatch
):
    """Closing the terminal (SIGHUP) or kill (SIGTERM) a moment after a move."""
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        monkeypatch.setattr(app, "_save_soon", lambda: None)  # the signal comes first
        await pilot.press("L")
        await pilot.pause()
        assert demo_repo.pending and saved_titles(plan_path, Column.PURSUING)[0] != PILOT
        app.leave_on_signal()
        assert not demo_repo.pending
        assert saved_titles(plan_path, Column.PURSUING)[0] == PILOT
        await pilot.pause()
    assert app.return_code == 1


async def test_moving_out_of_won_asks_before_clearing_won_at(
    demo_repo: Repository, plan_path: Path, make_app
):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("l", "l", "shift+left")
        assert isinstance(app.screen, ConfirmScreen)
        assert "out of Won" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await pilot.pause()
        assert by_title(saved(plan_path), SAM).column is Column.WON
        await pilot.press("H", "y")
        await pilot.pause()
        assert board.current_column is Column.PURSUING and board.card.title == SAM
    win = by_title(saved(plan_path), SAM)
    assert win.column is Column.PURSUING and win.won_at is None


async def test_reorder_is_saved_and_survives_a_restart(
    demo_repo: Repository, plan_path: Path, make_app
):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("j", "K")
        await pilot.pause()
        assert titles(board, Column.POSSIBLE) == [PRIYA, PILOT]
        assert board.card.title == PRIYA
        await pilot.press("K")  # already on top: nothing happens
        await pilot.pause()
    assert saved_titles(plan_path, Column.POSSIBLE) == [PRIYA, PILOT]
    demo_repo.close()
    reopened = Repository.open(plan_path)
    try:
        app = make_app(reopened)
        async with app.run_test(size=(120, 40)) as pilot:
            board = await open_board(app, pilot)
            assert titles(board, Column.POSSIBLE) == [PRIYA, PILOT]
            await pilot.press("J")
            await pilot.pause()
        assert saved_titles(plan_path, Column.POSSIBLE) == [PILOT, PRIYA]
    finally:
        reopened.close()


async def test_new_card_goes_into_the_focused_column(
    demo_repo: Repository, plan_path: Path, make_app
):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("l", "n")
        assert isinstance(app.screen, CardForm)
        assert "Pursuing" in app.screen.TITLE
        await pilot.press(*"Hannah reviews the budget", "tab", *"hannah, lee chen", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CardForm)
        assert titles(board, Column.PURSUING)[-1] == "Hannah reviews the budget"
        assert board.card.title == "Hannah reviews the budget"
    on_disk = saved(plan_path)
    win = by_title(on_disk, "Hannah reviews the budget")
    names = [on_disk.people[p].name for p in win.people]
    assert win.column is Column.PURSUING and names == ["Hannah Kim", "Lee Chen"]
    assert [w.title for w in on_disk.column(Column.PURSUING)][-1] == win.title


async def test_build_on_a_win_links_it_and_copies_its_people(
    demo_repo: Repository, plan_path: Path, make_app
):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("l", "l", "j", "j", "b")  # Won: Lee raises the cost case…
        assert isinstance(app.screen, CardForm)
        assert app.screen.query_one("#people").value == "Lee Chen, Margaret Okafor"
        await pilot.press(*"Margaret funds a pilot", "enter")
        await pilot.pause()
        assert board.current_column is Column.POSSIBLE
        assert board.card.title == "Margaret funds a pilot"
        assert "✓ Lee raises the cost case with Margaret → this" in detail(app)
    on_disk = saved(plan_path)
    parent = by_title(on_disk, "Lee raises the cost case with Margaret")
    child = by_title(on_disk, "Margaret funds a pilot")
    assert child.column is Column.POSSIBLE
    assert child.builds_on == parent.id and child.people == parent.people


async def test_filter_by_person_or_text_and_clear(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("slash", *"margaret")
        await pilot.pause()
        assert titles(board, Column.POSSIBLE) == [PILOT]
        assert titles(board, Column.WON) == ["Lee raises the cost case with Margaret"]
        assert titles(board, Column.PURSUING) == []
        assert board.column_widget(Column.POSSIBLE).border_title == "Possible 1/2"
        assert "No card matches" in lines(board.column_widget(Column.PURSUING))[0]
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert titles(board, Column.POSSIBLE) == [PILOT, PRIYA]
        await pilot.press("slash", *"ROI")
        await pilot.pause()
        assert [titles(board, c) for c in board.columns] == [
            [],
            ["Tom checks the ROI model"],
            [],
            [],
        ]


async def test_reorder_while_filtered_moves_past_the_visible_neighbour(
    repo: Repository, plan_path: Path, make_app
):
    for title in ("Alpha plan", "hidden one", "Beta plan"):
        repo.add_win(title)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("slash", *"plan", "enter", "j", "K")
        await pilot.pause()
        assert titles(board, Column.POSSIBLE) == ["Beta plan", "Alpha plan"]
    assert saved_titles(plan_path, Column.POSSIBLE) == ["Beta plan", "Alpha plan", "hidden one"]


async def test_delete_is_confirmed_and_unlinks_what_builds_on_it(
    demo_repo: Repository, plan_path: Path, make_app
):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("l", "l", "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "1 card build on it" in str(app.screen.query_one("#confirm-detail").render())
        await pilot.press("n")
        await pilot.pause()
        assert SAM in titles(board, Column.WON)
        await pilot.press("d", "y")
        await pilot.pause()
        assert SAM not in titles(board, Column.WON)
        assert board.card is not None and board.card.column is Column.WON
    on_disk = saved(plan_path)
    assert SAM not in [w.title for w in on_disk.wins.values()]
    assert by_title(on_disk, DANA).builds_on is None


async def test_edit_with_a_natural_due_date(demo_repo: Repository, plan_path: Path, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, CardForm)
        app.screen.query_one("#people").value = "nobody at all"
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#error-people")
        assert error.display and "No one called “nobody at all”" in str(error.render())
        app.screen.query_one("#people").value = "Dana Whitfield"
        app.screen.query_one("#due Input").value = "+3d"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "Dana Whitfield" in detail(app) and "Margaret" not in detail(app)
    win = by_title(saved(plan_path), PILOT)
    assert win.due == TODAY + timedelta(days=3)
    assert [saved(plan_path).people[p].name for p in win.people] == ["Dana Whitfield"]


async def test_undo_puts_a_moved_card_back(demo_repo: Repository, plan_path: Path, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        assert PILOT in titles(board, Column.PURSUING)
        await pilot.press("u")
        await pilot.pause()
        assert titles(board, Column.POSSIBLE) == [PILOT, PRIYA]
    assert saved_titles(plan_path, Column.POSSIBLE) == [PILOT, PRIYA]


async def test_long_titles_truncate_at_80_columns_and_show_whole_below(repo: Repository, make_app):
    long = "Win the platform budget line " * 3 + "END"
    repo.add_win(long)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        first = lines(board.column_widget(Column.POSSIBLE))[0]
        assert first.startswith("▌Win the platform") and first.endswith("…")
        assert "END" in detail(app).replace("\n", "")


async def test_privacy_masks_cards_and_detail(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("asterisk")
        await pilot.pause()
        shown = " ".join(lines(board.column_widget(Column.POSSIBLE))) + detail(app)
        assert "Pilot" not in shown and "Dana" not in shown
        assert "•••••" in shown


async def test_a_read_only_plan_refuses_moves(demo_repo: Repository, plan_path: Path, make_app):
    demo_repo.close()
    read_only = Repository.open(plan_path, read_only=True)
    app = make_app(read_only)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            board = await open_board(app, pilot)
            await pilot.press("L", "J")
            await pilot.pause()
            assert titles(board, Column.POSSIBLE) == [PILOT, PRIYA]
            assert not app.screen.check_action("new", ())
    finally:
        read_only.close()
    assert saved_titles(plan_path, Column.POSSIBLE) == [PILOT, PRIYA]


async def test_adding_a_card_clears_the_filter_so_it_shows(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("slash", *"ROI", "enter")
        await pilot.pause()
        # Possible holds no match: the cursor goes to the visible card, in Pursuing
        assert board.current_column is Column.PURSUING
        await pilot.press("n", *"Unrelated win", "enter")
        await pilot.pause()
        assert titles(board, Column.PURSUING)[-1] == "Unrelated win"
        assert titles(board, Column.POSSIBLE) == [PILOT, PRIYA]
        assert board.card is not None and board.card.title == "Unrelated win"


async def test_a_filter_that_hides_the_column_moves_to_a_visible_card(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("slash", *"security", "enter")  # only the Parked card matches
        await pilot.pause()
        assert board.current_column is Column.PARKED
        assert board.card is not None and board.card.title.startswith("Security review")
        await pilot.press("H")  # the move keys work again on the visible card
        await pilot.pause()
    [card] = [w for w in saved(plan_path).wins.values() if w.title.startswith("Security")]
    assert card.column is Column.WON and card.won_at is not None


async def test_columns_redraw_their_cards_at_a_new_terminal_size(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        column = board.column_widget(Column.PURSUING)  # not the current (wider) one
        wide = column.size.width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert column.size.width < wide
        width = column.scrollable_content_region.width
        assert all(column.render_line(y).cell_length == width for y in range(4))
        assert DANA[:8] in "".join(lines(column)) and DANA not in "".join(lines(column))
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert column.size.width == wide
        assert "Dana agrees to an on-call" in " ".join(lines(column))


async def test_at_80_columns_the_current_column_is_the_wide_one(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(app, pilot)
        possible = board.column_widget(Column.POSSIBLE)
        pursuing = board.column_widget(Column.PURSUING)
        assert possible.size.width > pursuing.size.width
        await pilot.press("L")  # the card moves, the cursor (and the width) go with it
        await pilot.pause()
        assert board.current_column is Column.PURSUING
        assert pursuing.has_class("-current") and not possible.has_class("-current")
        assert pursuing.size.width > possible.size.width
        assert pursuing.styles.border_top[1] != possible.styles.border_top[1]  # its colour
