"""Pilot test of h / l in the People detail panes: previous / next pane, as shift+tab / tab."""

from __future__ import annotations

from allies.store.repository import Repository
from allies.widgets.agenda_list import AgendaList
from allies.widgets.influencer_table import InfluencerTable
from allies.widgets.ties_list import TiesList
from allies.widgets.trade_list import TradeList


async def test_h_and_l_move_between_the_panes(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        assert isinstance(app.screen.focused, TiesList)
        await pilot.press("l")
        assert isinstance(app.screen.focused, AgendaList)
        assert app.screen.active_bindings["n"].binding.description == "New interest"
        await pilot.press("l")
        assert isinstance(app.screen.focused, TradeList)
        await pilot.press("h")
        assert isinstance(app.screen.focused, AgendaList)
        await pilot.press("h", "h")  # past the first pane: back to the table, like shift+tab
        assert isinstance(app.screen.focused, InfluencerTable)


async def test_l_and_h_leave_and_return_to_the_people_table(demo_repo, make_app) -> None:
    from allies.widgets.influencer_table import InfluencerTable
    from allies.widgets.ties_list import TiesList

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen.focused, InfluencerTable)
        await pilot.press("l")
        assert isinstance(app.screen.focused, TiesList)
        await pilot.press("h")
        assert isinstance(app.screen.focused, InfluencerTable)
