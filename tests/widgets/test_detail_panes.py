"""The detail panes alone: rows in, requests out (never a write), keys on an empty pane inert."""

from __future__ import annotations

from textual.app import App, ComposeResult

from allies.store.model import Currency, Stance, TieKind, TradeStatus
from allies.widgets.pane_list import PaneList
from allies.widgets.stance import MASK
from allies.widgets.ties_list import TieRow, TiesList
from allies.widgets.trade_list import TradeList, TradeRow

TRADES = (
    TradeRow(4, "Ship the dashboard", "Not block", Currency.TASK, TradeStatus.IDEA, "A dashboard"),
    TradeRow(9, "Credit", "", Currency.POSITION, TradeStatus.AGREED),
)


class PaneApp(App[None]):
    def __init__(self, pane: PaneList) -> None:
        super().__init__()
        self.pane = pane
        self.posted: list[tuple[str, int | None]] = []

    def compose(self) -> ComposeResult:
        yield self.pane

    def on_pane_list_add_requested(self, event: PaneList.AddRequested) -> None:
        self.posted.append(("add", None))

    def on_pane_list_edit_requested(self, event: PaneList.EditRequested) -> None:
        self.posted.append(("edit", event.item_id))

    def on_pane_list_delete_requested(self, event: PaneList.DeleteRequested) -> None:
        self.posted.append(("delete", event.item_id))

    def on_trade_list_advance_requested(self, event: TradeList.AdvanceRequested) -> None:
        self.posted.append(("advance", event.item_id))


async def test_trade_keys_name_the_highlighted_trade() -> None:
    app = PaneApp(TradeList())
    async with app.run_test(size=(60, 10)) as pilot:
        app.pane.show(TRADES, private=False, colors={})
        app.pane.focus()
        await pilot.press("j", "space", "greater_than_sign", "e", "enter", "d", "k", "n")
        await pilot.pause()
    assert app.posted == [
        ("advance", 9),
        ("advance", 9),
        ("edit", 9),
        ("edit", 9),
        ("delete", 9),
        ("add", None),
    ]


async def test_an_empty_pane_posts_nothing_but_add() -> None:
    app = PaneApp(TradeList())
    async with app.run_test(size=(60, 10)) as pilot:
        app.pane.show((), private=False, colors={})
        app.pane.focus()
        await pilot.press("e", "d", "space", "n")
        await pilot.pause()
        assert "No trade on the table" in str(app.pane.get_option_at_index(0).prompt)
    assert app.posted == [("add", None)]


async def test_highlight_follows_the_record_and_privacy_masks() -> None:
    row = TieRow(3, TieKind.TRUSTS, False, 8, "Sam", Stance.CHAMPION, 2, "old friends")
    other = TieRow(5, TieKind.DEFERS_TO, True, 9, "Dana", Stance.NEUTRAL, 3)
    app = PaneApp(TiesList())
    async with app.run_test(size=(60, 10)):
        pane = app.pane
        pane.show((other, row), private=False, colors={}, select=3)
        assert pane.item_id == 3
        pane.show((row, other), private=True, colors={})  # new order: still on the same tie
        assert pane.item_id == 3
        assert str(pane.get_option_at_index(0).prompt) == f"▮▮▯ trusted by ★ {MASK}"
        assert "old friends" not in str(pane.describe(row))
