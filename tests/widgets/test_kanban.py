"""The Kanban widgets alone: cards drawn literally and cut with an ellipsis, keys move the
cursor and post move / reorder / open requests, and a big column draws only what is in view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from textual.app import App, ComposeResult
from textual.message import Message

from allies.store.model import BOARD_COLUMNS, Column, Stance
from allies.widgets import kanban_column
from allies.widgets.kanban_board import KanbanBoard
from allies.widgets.kanban_card import CARD_HEIGHT, Card, CardPerson, card_detail, card_lines
from allies.widgets.kanban_column import KanbanColumn
from allies.widgets.stance import MASK


def make_cards(column: Column, n: int, start: int = 1) -> list[Card]:
    return [
        Card(id=start + i, title=f"{column.value} {start + i}", column=column) for i in range(n)
    ]


class BoardApp(App[None]):
    """A board alone, recording what it posts."""

    def __init__(self, cards: Mapping[Column, Sequence[Card]]) -> None:
        super().__init__()
        self.cards = cards
        self.posted: list[Message] = []

    def compose(self) -> ComposeResult:
        yield KanbanBoard(id="board")

    def on_mount(self) -> None:
        board = self.query_one(KanbanBoard)
        board.show(self.cards)
        board.focus()

    def on_kanban_board_move_requested(self, event: KanbanBoard.MoveRequested) -> None:
        self.posted.append(event)

    def on_kanban_board_reorder_requested(self, event: KanbanBoard.ReorderRequested) -> None:
        self.posted.append(event)

    def on_kanban_board_open_requested(self, event: KanbanBoard.OpenRequested) -> None:
        self.posted.append(event)


def plain(column: KanbanColumn) -> list[str]:
    """The column's content lines as text."""
    height = column.scrollable_content_region.height
    return [column.render_line(y).text.strip() for y in range(height)]


def test_a_card_shows_title_people_due_chain_and_trade() -> None:
    card = Card(
        id=1,
        title="Dana agrees to a pilot",
        column=Column.PURSUING,
        people=(CardPerson(1, "Dana", Stance.CHAMPION), CardPerson(2, "Lee", Stance.OPPOSED)),
        trade="On-call help ↔ Her backing",
        due=date(2026, 11, 30),
        overdue=True,
        builds_on="Sam's numbers",
    )
    title, people, facts = (str(t) for t in card_lines(card, 80, colors={}))
    assert title.rstrip() == "Dana agrees to a pilot"
    assert people.rstrip() == "★ Dana, ✖ Lee"
    assert facts.rstrip() == "! due 30 Nov · ↳ Sam's numbers · ⇄ On-call help ↔ Her backing"


def test_long_text_is_cut_with_an_ellipsis_and_markup_stays_literal() -> None:
    card = Card(id=1, title="[bold]x[/] " + "very long title " * 10, column=Column.POSSIBLE)
    lines = card_lines(card, 20, colors={})
    assert all(line.cell_len == 20 for line in lines)
    assert str(lines[0]).startswith("[bold]x[/] very")
    assert str(lines[0]).endswith("…")


def test_privacy_masks_titles_names_and_trades() -> None:
    card = Card(
        id=1,
        title="Secret",
        column=Column.WON,
        people=(CardPerson(1, "Dana", Stance.NEUTRAL),),
        trade="Budget",
        won_at=date(2026, 11, 20),
    )
    text = " ".join(str(t) for t in card_lines(card, 60, colors={}, private=True))
    assert "Secret" not in text and "Dana" not in text and "Budget" not in text
    assert MASK in text and "won 20 Nov" in text
    detail = str(card_detail(card, colors={}, private=True))
    assert "Secret" not in detail and "Dana" not in detail


def test_detail_shows_the_chain_both_ways() -> None:
    first = Card(id=1, title="First", column=Column.WON)
    middle = Card(id=2, title="Middle", column=Column.PURSUING, builds_on="First")
    nexts = [Card(id=3, title="Next A", column=Column.POSSIBLE)]
    text = str(card_detail(middle, before=[first], after=nexts, colors={}))
    assert "Chain: ✓ First → this → Next A" in text


async def test_keys_move_the_cursor_and_ask_for_moves() -> None:
    cards = {
        Column.POSSIBLE: make_cards(Column.POSSIBLE, 3, 1),
        Column.PURSUING: make_cards(Column.PURSUING, 2, 10),
    }
    app = BoardApp(cards)
    async with app.run_test(size=(120, 30)) as pilot:
        board = app.query_one(KanbanBoard)
        await pilot.press("j", "j")
        assert board.card is not None and board.card.id == 3
        await pilot.press("k")
        assert board.card.id == 2
        await pilot.press("L")  # row 1 of Possible → before row 1 of Pursuing
        await pilot.press("K")
        await pilot.press("enter")
        await pilot.press("l")
        assert board.current_column is Column.PURSUING and board.card.id == 11
        await pilot.press("shift+left", "K")
        await pilot.pause()
        move, reorder, open_, back, up = app.posted
        assert (move.card_id, move.column, move.before) == (2, Column.PURSUING, 11)
        assert (reorder.card_id, reorder.delta, reorder.past) == (2, -1, 1)
        assert open_.card_id == 2
        assert (back.card_id, back.column, back.before) == (11, Column.POSSIBLE, 2)
        assert (up.card_id, up.delta, up.past) == (11, -1, 10)


async def test_no_request_past_the_edges() -> None:
    app = BoardApp({Column.POSSIBLE: make_cards(Column.POSSIBLE, 1)})
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("H", "K", "J")  # first column, only card
        await pilot.press("l", "L", "enter")  # empty Pursuing: nothing selected
        await pilot.pause()
        assert app.posted == []


async def test_a_click_selects_the_card_and_its_column() -> None:
    cards = {
        Column.POSSIBLE: make_cards(Column.POSSIBLE, 2, 1),
        Column.WON: make_cards(Column.WON, 3, 20),
    }
    app = BoardApp(cards)
    async with app.run_test(size=(120, 30)) as pilot:
        board = app.query_one(KanbanBoard)
        # Row 1 of the content is the first card; 4 rows per card: row 9 is the third card.
        await pilot.click("#column-won", offset=(3, 9))
        assert board.current_column is Column.WON
        assert board.card is not None and board.card.id == 22
        await pilot.press("enter")
        await pilot.pause()
        assert [m.card_id for m in app.posted] == [22]


async def test_columns_show_counts_and_a_hint_when_empty() -> None:
    app = BoardApp({Column.POSSIBLE: make_cards(Column.POSSIBLE, 2)})
    async with app.run_test(size=(120, 30)):
        board = app.query_one(KanbanBoard)
        titles = [board.column_widget(c).border_title for c in BOARD_COLUMNS]
        assert titles == ["Possible 2", "Pursuing 0", "Won 0", "Parked 0"]
        assert "n adds one" not in " ".join(plain(board.column_widget(Column.POSSIBLE)))
        assert "L moves a card here" in " ".join(plain(board.column_widget(Column.PURSUING)))


async def test_a_big_column_draws_only_the_cards_in_view(monkeypatch) -> None:
    cards = {Column.POSSIBLE: make_cards(Column.POSSIBLE, 2000)}
    app = BoardApp(cards)
    drawn: list[int] = []
    real = kanban_column.card_lines

    def counting(card: Card, width: int, **kwargs: object) -> list:
        drawn.append(card.id)
        return real(card, width, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kanban_column, "card_lines", counting)
    async with app.run_test(size=(120, 30)) as pilot:
        board = app.query_one(KanbanBoard)
        await pilot.press("end")
        await pilot.pause()
        assert board.card is not None and board.card.id == 2000
        assert "possible 2000" in " ".join(plain(board.column_widget(Column.POSSIBLE)))
        drawn.clear()
        # The screen hands back all 2,000 cards after a move: one changed, one moved away.
        moved = [c for c in cards[Column.POSSIBLE] if c.id != 1999]
        board.show({Column.POSSIBLE: moved, Column.PURSUING: [cards[Column.POSSIBLE][1998]]})
        await pilot.pause()
        assert 0 < len(drawn) < 30


async def test_a_narrow_column_moves_its_count_below_the_name() -> None:
    app = BoardApp({Column.POSSIBLE: make_cards(Column.POSSIBLE, 712)})
    async with app.run_test(size=(64, 20)):
        column = app.query_one(KanbanBoard).column_widget(Column.POSSIBLE)
        assert (column.border_title, column.border_subtitle) == ("Possible", "712")
    app = BoardApp({Column.POSSIBLE: make_cards(Column.POSSIBLE, 712)})
    async with app.run_test(size=(120, 20)):
        column = app.query_one(KanbanBoard).column_widget(Column.POSSIBLE)
        assert (column.border_title, column.border_subtitle) == ("Possible 712", None)


async def test_each_card_is_drawn_once_on_first_show_and_again_after_a_resize(
    monkeypatch,
) -> None:
    cards = {Column.POSSIBLE: make_cards(Column.POSSIBLE, 3)}
    app = BoardApp(cards)
    drawn: list[tuple[int, int]] = []
    real = kanban_column.card_lines

    def counting(card: Card, width: int, **kwargs: object) -> list:
        drawn.append((card.id, width))
        return real(card, width, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kanban_column, "card_lines", counting)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        column = app.query_one(KanbanBoard).column_widget(Column.POSSIBLE)
        assert sorted(card for card, _ in drawn) == [1, 2, 3]  # the first paint is kept
        wide = {width for _, width in drawn}
        drawn.clear()
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert sorted(card for card, _ in drawn) == [1, 2, 3]
        assert {width for _, width in drawn}.isdisjoint(wide)
        width = column.scrollable_content_region.width
        assert all(column.render_line(y).cell_length == width for y in range(12))


async def test_a_column_that_loses_cards_at_its_end_stays_in_range() -> None:
    cards = {Column.POSSIBLE: make_cards(Column.POSSIBLE, 60)}
    app = BoardApp(cards)
    async with app.run_test(size=(120, 30)) as pilot:
        board = app.query_one(KanbanBoard)
        column = board.column_widget(Column.POSSIBLE)
        await pilot.press("end")
        await pilot.pause()
        assert column.scroll_y > 0 and column.show_vertical_scrollbar

        board.show({Column.POSSIBLE: cards[Column.POSSIBLE][:50]})
        await pilot.pause()
        assert board.card is not None and board.card.id == 50
        assert column.scroll_y <= column.max_scroll_y
        assert column.vertical_scrollbar.window_virtual_size == 50 * CARD_HEIGHT
        assert "possible 50" in " ".join(plain(column))

        board.show({Column.POSSIBLE: cards[Column.POSSIBLE][:2]})
        await pilot.pause()
        assert column.scroll_y == 0 and not column.show_vertical_scrollbar
        assert "possible 1" in " ".join(plain(column))

        board.show({Column.POSSIBLE: cards[Column.POSSIBLE]})
        await pilot.pause()
        assert column.show_vertical_scrollbar
        assert column.vertical_scrollbar.window_virtual_size == 60 * CARD_HEIGHT
