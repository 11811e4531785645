"""Pilot tests of the trade form: I offer ↔ I ask, the currency, the interest it answers."""

from __future__ import annotations

from allies.store.model import Currency, Trade, TradeStatus
from allies.store.repository import Repository
from allies.tui.screens.modals.trade_form import TradeForm
from tests.conftest import open_form

INTERESTS = [("Fewer on-call pages", 11), ("Credit in the roadmap review", 12)]


async def test_new_trade_from_the_keyboard(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, TradeForm(5, "Dana", INTERESTS))
        await pilot.press(*"Co-sponsor credit", "tab", *"Raise it with the CFO")
        await pilot.press("tab", "space", "down", "enter")  # currency: position
        await pilot.press("tab", "space", *"roadmap", "enter", "ctrl+s")
        await pilot.pause()
    [trade] = results
    assert trade is not None
    assert (trade.id, trade.person, trade.offer, trade.ask) == (
        0,
        5,
        "Co-sponsor credit",
        "Raise it with the CFO",
    )
    assert (trade.currency, trade.interest, trade.status) == (
        Currency.POSITION,
        12,
        TradeStatus.IDEA,
    )


async def test_an_offer_is_required_and_text_is_bounded(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, TradeForm(5, "Dana", INTERESTS))
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#error-offer")
        assert error.display and "Offer cannot be empty" in str(error.render())
        app.screen.query_one("#offer").value = "x"
        app.screen.query_one("#ask").value = "y" * 201
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#error-ask")
        assert error.display and "too long" in str(error.render())
        await pilot.press("escape")  # something was typed: asks before discarding
        await pilot.pause()
        assert results == []
        await pilot.press("y")
        await pilot.pause()
    assert results == [None]


async def test_editing_keeps_the_trade(repo: Repository, make_app) -> None:
    old = Trade(id=3, person=5, offer="Dashboard", ask="Not block", interest=11)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, TradeForm(5, "Dana", INTERESTS, old))
        form = app.screen
        assert form.query_one("#interest").value == 11
        form.query_one("#status").value = TradeStatus.DECLINED
        await pilot.press("enter")
        await pilot.pause()
    [edited] = results
    assert edited == old.replace(status=TradeStatus.DECLINED)


async def test_a_new_trade_answers_their_most_wanted_open_interest(
    repo: Repository, plan_path, make_app
) -> None:
    from allies.store.model import Interest, InterestStatus
    from tests.conftest import saved

    marcus = repo.add_person("Marcus")
    repo.add(Interest(id=0, person=marcus.id, text="Old wish", status=InterestStatus.DROPPED))
    wanted = repo.add(Interest(id=0, person=marcus.id, text="Protect Y11 exam prep", priority=3))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "l", "l", "n")  # Marcus's trades pane, a new trade
        await pilot.pause()
        assert isinstance(app.screen, TradeForm)
        assert app.screen.query_one("#interest").value == wanted.id
        await pilot.press(*"Keep Y11 doubles", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, TradeForm)
    [trade] = saved(plan_path).trades.values()
    assert (trade.offer, trade.interest) == ("Keep Y11 doubles", wanted.id)
