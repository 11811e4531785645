"""The Board view: small wins moving Possible → Pursuing → Won, plus Parked.

The board widget shows cards and asks for moves; this screen applies them to
the store, asks before a card leaves Won (it clears the date it was won), and
shows the selected card whole with its chain in the strip below.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from allies.store.analysis import analysis_for
from allies.store.model import BOARD_COLUMNS, Column, Person, Trade, Win
from allies.store.names import labels
from allies.themes import CssPaths, css_file
from allies.tui.screens.base import PlanScreen
from allies.widgets.kanban_board import KanbanBoard
from allies.widgets.kanban_card import COLUMN_NAMES, Card, CardPerson, card_detail

if TYPE_CHECKING:
    from allies.tui.screens.modals.card_form import CardForm


class BoardScreen(PlanScreen):
    """Kanban of small wins: win one, then build on it."""

    CSS_PATH: ClassVar[CssPaths] = [css_file("board")]

    VIEW_NAME = "Board"
    AUTO_FOCUS = "#board"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,a", "new", "New", tooltip="New card in the focused column", id="board.new"),
        Binding(
            "b",
            "build_on",
            "Build on",
            tooltip="Build on this win: a new card in Possible, linked, with the same people",
            id="board.build_on",
        ),
        Binding("d", "delete", "Delete", id="board.delete"),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter by title, notes, trade or person",
            id="board.filter",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="board.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._detail_shown: tuple[object, ...] | None = None
        self.filter_text = ""
        self._cards: dict[int, Card] = {}
        self._asking = False  # the "out of Won?" question is up
        self._built_on: dict[int, list[int]] = {}
        self._parent_of: dict[int, int] = {}
        self._select: int | None = None
        self._memo: dict[int, tuple[tuple[object, ...], Card]] = {}
        self._memo_day: date | None = None

    def compose_body(self) -> ComposeResult:
        yield Input(
            placeholder="Filter cards by text or person…  (escape clears)", id="board-filter"
        )
        yield KanbanBoard(id="board")
        yield Static(id="board-detail")

    @property
    def board(self) -> KanbanBoard:
        return self.query_one(KanbanBoard)

    def selected(self) -> Win | None:
        card = self.board.card
        return self.repo.wins.get(card.id) if card else None

    # ---------------------------------------------------------------- drawing

    def refresh_body(self) -> None:
        """Hand the board the cards of each column; unchanged cards are reused, not rebuilt."""
        select, self._select = self._select, None
        people, trades, wins = self.repo.people, self.repo.trades, self.repo.wins
        named = analysis_for(self.repo, self.allies.now()).labels  # namesakes told apart
        today = self.allies.today()
        if today != self._memo_day:
            self._memo.clear()
            self._memo_day = today
        memo = self._memo
        cards: dict[int, Card] = {}
        columns: dict[Column, list[Card]] = {c: [] for c in BOARD_COLUMNS}
        totals: dict[Column, int] = dict.fromkeys(BOARD_COLUMNS, 0)
        children: dict[int, list[int]] = defaultdict(list)
        parents: dict[int, int] = {}
        needle = self.filter_text.casefold()
        for win in sorted(wins.values(), key=_BOARD_ORDER):
            # A card depends on its win, its people, its trade and the win it builds on:
            # the same records (compared by identity first) give back the same card.
            key = (
                win,
                trades.get(win.trade) if win.trade is not None else None,
                wins.get(win.builds_on) if win.builds_on is not None else None,
                *map(people.get, win.people),
                *map(named.get, win.people),
            )
            hit = memo.get(win.id)
            if hit is not None and hit[0] == key:
                card = hit[1]
            else:
                card = self._card(win, people, trades, wins, today, named)
                if hit is not None and hit[1] == card:
                    card = hit[1]  # same face (e.g. only its position changed): keep it
                memo[win.id] = (key, card)
            cards[win.id] = card
            if win.builds_on is not None:
                children[win.builds_on].append(win.id)
                parents[win.id] = win.builds_on
            totals[win.column] += 1
            if not needle or _matches(card, needle):
                columns[win.column].append(card)
        for gone in memo.keys() - cards.keys():
            del memo[gone]
        self._cards, self._built_on, self._parent_of = cards, children, parents
        self.board.show(
            columns,
            totals=totals,
            private=self.allies.private,
            colors=self.app.theme_variables,
            select=select,
        )
        self.show_detail()

    @staticmethod
    def _card(
        win: Win,
        people: Mapping[int, Person],
        trades: Mapping[int, Trade],
        wins: Mapping[int, Win],
        today: date,
        named: Mapping[int, str],
    ) -> Card:
        trade = trades.get(win.trade) if win.trade is not None else None
        parent = wins.get(win.builds_on) if win.builds_on is not None else None
        return Card(
            id=win.id,
            title=win.title,
            column=win.column,
            people=tuple(
                CardPerson(p.id, named[p.id], p.stance)
                for p in (people.get(pid) for pid in win.people)
                if p is not None
            ),
            trade=_trade_text(trade) if trade else "",
            due=win.due,
            overdue=win.due is not None and win.due < today and win.column is not Column.WON,
            builds_on=parent.title if parent else "",
            won_at=win.won_at.date() if win.won_at else None,
            notes=win.notes,
        )

    def show_detail(self) -> None:
        card = self.board.card
        before: list[Card] = []
        after: list[Card] = []
        if card is not None:
            seen = {card.id}
            parent = self._parent_of.get(card.id)
            while parent is not None and parent not in seen and parent in self._cards:
                seen.add(parent)
                before.append(self._cards[parent])
                parent = self._parent_of.get(parent)
            after = [self._cards[c] for c in self._built_on.get(card.id, ()) if c in self._cards]
        shown = (card, tuple(before), tuple(after), self.allies.private, self.app.theme)
        if shown == self._detail_shown:
            return  # the same detail: repainting it would cost a frame for nothing
        self._detail_shown = shown
        detail = card_detail(
            card,
            before=before,
            after=after,
            colors=self.app.theme_variables,
            private=self.allies.private,
        )
        self.query_one("#board-detail", Static).update(detail, layout=False)

    @on(KanbanBoard.Highlighted, "#board")
    def _highlighted(self) -> None:
        self.show_detail()

    # ------------------------------------------------------------------ moves

    @on(KanbanBoard.MoveRequested, "#board")
    def _move(self, event: KanbanBoard.MoveRequested) -> None:
        from allies.tui.screens.modals.confirm import ConfirmScreen

        win = self.repo.wins.get(event.card_id)
        if win is None or win.column is event.column or self._asking:
            event.board.move_handled()  # (keys typed on while the question is up: dropped)
            return
        others = [w.id for w in self.repo.column(event.column) if w.id != win.id]
        index = others.index(event.before) if event.before in others else None

        def move() -> Win:
            self._select = win.id
            return self.repo.move_win(win.id, event.column, index)

        if win.column is not Column.WON or event.column is Column.WON:
            self.allies.change(move)
            event.board.move_handled()
            return
        title = "this card" if self.allies.private else f"“{win.title}”"
        won = f" on {win.won_at:%a %d %b}" if win.won_at else ""

        def confirmed(yes: bool | None) -> None:
            self._asking = False
            event.board.move_handled()
            if yes:
                self.allies.change(move, done=f"Moved to {COLUMN_NAMES[event.column]}")

        self._asking = True
        self.app.push_screen(
            ConfirmScreen(
                f"Move {title} out of Won?",
                f"It was won{won}. Moving it clears that date, so it stops counting toward "
                "the pulse and group-meeting readiness. u undoes.",
            ),
            confirmed,
        )

    @on(KanbanBoard.ReorderRequested, "#board")
    def _reorder(self, event: KanbanBoard.ReorderRequested) -> None:
        win = self.repo.wins.get(event.card_id)
        if win is None:
            return
        others = [w.id for w in self.repo.column(win.column) if w.id != win.id]
        if event.past not in others:
            return
        index = others.index(event.past) + (1 if event.delta > 0 else 0)

        def move() -> Win:
            self._select = win.id
            return self.repo.move_win(win.id, win.column, index)

        self.allies.change(move)

    # ---------------------------------------------------------------- actions

    def _form(
        self, win: Win | None, *, column: Column = Column.POSSIBLE, builds_on: Win | None = None
    ) -> CardForm:
        from allies.tui.screens.modals.card_form import CardForm

        people = self.repo.people
        named = labels(people.values())
        trades = sorted((_trade_label(t, named), t.id) for t in self.repo.trades.values())
        return CardForm(
            win,
            people=people,
            trades=trades,
            today=self.allies.today(),
            column=column,
            builds_on=builds_on,
        )

    def _add(self, win: Win | None) -> None:
        if win is None:
            return
        if self.filter_text:  # show the new card, whatever the filter was
            box = self.query_one("#board-filter", Input)
            with box.prevent(Input.Changed):
                box.value = ""
            box.remove_class("-open")
            self.filter_text = ""

        def add() -> Win:
            added = self.repo.add_win(
                win.title,
                win.column,
                people=win.people,
                trade=win.trade,
                builds_on=win.builds_on,
                due=win.due,
                notes=win.notes,
            )
            self._select = added.id
            return added

        self.allies.change(add, done=f"Added to {COLUMN_NAMES[win.column]}")

    def action_new(self) -> None:
        self.app.push_screen(self._form(None, column=self.board.current_column), self._add)

    def action_build_on(self) -> None:
        parent = self.selected()
        if parent is not None:
            self.app.push_screen(self._form(None, builds_on=parent), self._add)

    @on(KanbanBoard.OpenRequested, "#board")
    def _open(self, event: KanbanBoard.OpenRequested) -> None:
        win = self.repo.wins.get(event.card_id)
        if win is None:
            return
        if self.repo.read_only:
            self.notify("This plan is open read-only.", severity="warning")
            return

        def saved(edited: Win | None) -> None:
            if edited is not None:
                self.allies.change(lambda: self.repo.update(edited), done="Saved")

        self.app.push_screen(self._form(win), saved)

    def action_delete(self) -> None:
        from allies.tui.screens.modals.confirm import ConfirmScreen

        win = self.selected()
        if win is None:
            return
        built = len(self._built_on.get(win.id, ()))
        detail = (
            f"{built} card{'s' if built != 1 else ''} build on it; they stay, without the link."
            if built
            else "Nothing builds on it."
        )
        title = "this card" if self.allies.private else f"“{win.title}”"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.allies.change(
                    lambda: self.repo.delete(Win, win.id, label=f"delete {win.title}"),
                    done="Deleted — u undoes",
                )

        self.app.push_screen(
            ConfirmScreen(f"Delete {title}?", f"{detail} You can undo with u.", danger=True),
            confirmed,
        )

    def select_card(self, card_id: int) -> None:
        """Put the cursor on this card (clearing a filter that hides it)."""
        if card_id not in self.repo.wins:
            return
        if self.filter_text:
            self.action_clear_filter()
        self._select = card_id
        self.refresh_body()
        self.board.focus()

    def action_filter(self) -> None:
        box = self.query_one("#board-filter", Input)
        box.add_class("-open")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#board-filter", Input)
        if self.filter_text or box.has_class("-open"):
            box.value = ""
            box.remove_class("-open")
            self.filter_text = ""
            self.refresh_body()
            self.board.focus()

    @on(Input.Changed, "#board-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refresh_body()

    @on(Input.Submitted, "#board-filter")
    def _filter_done(self) -> None:
        self.board.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "build_on", "delete") and self.repo.read_only:
            return None
        if action in ("build_on", "delete") and self.board.card is None:
            return None
        return True


_BOARD_ORDER = attrgetter("position", "id")


def _trade_text(trade: Trade) -> str:
    return f"{trade.offer} ↔ {trade.ask}" if trade.ask else trade.offer


def _trade_label(trade: Trade, named: Mapping[int, str]) -> str:
    """How a trade is offered in the card form: whose it is, and what it trades."""
    who = named.get(trade.person, "?")
    return f"{who}: {_trade_text(trade)}"


def _matches(card: Card, needle: str) -> bool:
    """A card matches a filter by its title, notes, trade or any person's name."""
    fields = (card.title, card.notes, card.trade, *(p.name for p in card.people))
    return any(needle in f.casefold() for f in fields)
