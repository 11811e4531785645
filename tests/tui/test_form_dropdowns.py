"""Pilot tests: an open drop-down stays inside its form's border, at 80×24."""

from __future__ import annotations

import pytest

from allies.store.model import Column, Meeting, MeetingKind, Stance
from allies.store.repository import Repository
from allies.tui.screens.modals.card_form import CardForm
from allies.tui.screens.modals.debrief import DebriefScreen
from allies.tui.screens.modals.interest_form import InterestForm
from allies.tui.screens.modals.person_form import PersonForm
from allies.tui.screens.modals.tie_form import TieForm
from allies.tui.screens.modals.trade_form import TradeForm
from allies.widgets.form_select import FormSelect
from tests.conftest import NOW, TODAY, open_form, until

PEOPLE = [(f"Person {n}", n) for n in range(1, 16)]
INTERESTS = [(f"Interest {n}", n) for n in range(1, 16)]

FORMS = {
    "tie": lambda: TieForm(1, "Ann", PEOPLE),
    "interest": lambda: InterestForm(1, "Ann", PEOPLE),
    "trade": lambda: TradeForm(1, "Ann", INTERESTS),
    "person": lambda: PersonForm(None, today=TODAY),
    "debrief": lambda: DebriefScreen(
        Meeting(id=1, title="Budget", kind=MeetingKind.GROUP, start=NOW, attendees=(1, 2)),
        [(1, "Ann", Stance.NEUTRAL), (2, "Bob", Stance.SKEPTICAL)],
        [(n, f"Card {n}", Column.POSSIBLE) for n in range(1, 16)],
        now=NOW,
    ),
    "card": lambda: CardForm(None, people={}, trades=INTERESTS, today=TODAY),
}


@pytest.mark.parametrize("form", sorted(FORMS))
async def test_an_open_drop_down_stays_inside_the_form(
    repo: Repository, make_app, form: str
) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot, FORMS[form]())
        selects = list(app.screen.query(FormSelect))
        assert selects
        for select in selects:
            select.focus()
            await pilot.press("space")
            overlay = select.query_one("SelectOverlay")
            await until(pilot, lambda s=select: s.expanded)
            await pilot.pause()
            box = app.screen.query_one(".form-box").region
            assert box.contains_region(overlay.region), (select.id, box, overlay.region)
            await pilot.press("escape")
            await until(pilot, lambda s=select: not s.expanded)
