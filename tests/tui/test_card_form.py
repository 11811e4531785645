"""The card form: people picked by typing their names, natural due dates, messages beside
the field, and the pre-filled form of "build on this win"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.app import App

from allies.store.errors import ValidationError
from allies.store.model import Column, Person, Win
from allies.tui.screens.modals.card_form import CardForm, NamesSuggester, resolve_people
from tests.conftest import TODAY, burst

PEOPLE = {
    1: Person(id=1, name="Dana Whitfield"),
    2: Person(id=2, name="Dan Ortiz"),
    3: Person(id=3, name="Lee Chen"),
    4: Person(id=4, name="Sam Patel"),
    5: Person(id=5, name="Sam Patel"),
}


def test_names_resolve_whole_or_by_a_unique_part() -> None:
    assert resolve_people("dana whitfield, LEE", PEOPLE) == (1, 3)
    assert resolve_people(" ortiz ,, ", PEOPLE) == (2,)
    assert resolve_people("", PEOPLE) == ()


def test_unknown_and_ambiguous_names_say_what_to_do() -> None:
    with pytest.raises(ValidationError) as unknown:
        resolve_people("Lee, Victor", PEOPLE)
    assert unknown.value.field == "people" and "No one called “Victor”" in unknown.value.message
    with pytest.raises(ValidationError) as ambiguous:
        resolve_people("Da", PEOPLE)
    assert "Dana Whitfield, Dan Ortiz" in ambiguous.value.message and "type more" in (
        ambiguous.value.message
    )


def test_people_with_the_same_name_keep_the_ones_on_the_card() -> None:
    assert resolve_people("Sam Patel", PEOPLE, prefer=(5,)) == (5,)
    assert resolve_people("Sam Patel, Sam Patel", PEOPLE, prefer=(5,)) == (5, 4)


async def test_suggester_completes_the_last_name_typed() -> None:
    suggester = NamesSuggester(p.name for p in PEOPLE.values())
    assert await suggester.get_suggestion("Lee Chen, sa") == "Lee Chen, sam Patel"
    assert await suggester.get_suggestion("Lee Chen, ") is None
    assert await suggester.get_suggestion("zz") is None


class FormApp(App[None]):
    """Push one form and keep what it returns."""

    def __init__(self, form: CardForm) -> None:
        super().__init__()
        self.form = form
        self.result: Win | str | None = "open"

    def on_mount(self) -> None:
        def done(value: Win | None) -> None:
            self.result = value

        self.push_screen(self.form, done)


def form(win: Win | None = None, **kwargs: object) -> CardForm:
    trades = [("Dana Whitfield: on-call help ↔ her backing", 7)]
    return CardForm(win, people=PEOPLE, trades=trades, today=TODAY, **kwargs)  # type: ignore[arg-type]


async def test_new_card_with_people_trade_and_natural_due_date() -> None:
    app = FormApp(form(column=Column.PURSUING))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press(*"Dana backs the pilot", "tab", *"Dana W")
        await pilot.pause()
        await pilot.press("right")
        assert app.form.query_one("#people").value == "Dana Whitfield"
        app.form.query_one("#trade").value = 7
        app.form.query_one("#due Input").value = "next friday"
        await pilot.pause()
        assert "Fri 4 Dec 2026" in str(app.form.query_one(".date-resolved").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(app.result, Win)
    assert (app.result.id, app.result.title, app.result.column) == (
        0,
        "Dana backs the pilot",
        Column.PURSUING,
    )
    assert app.result.people == (1,) and app.result.trade == 7
    assert app.result.due == TODAY + timedelta(days=2)


async def test_problems_show_beside_their_field_and_nothing_is_returned() -> None:
    app = FormApp(form())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        assert app.form.query_one("#error-title").display
        assert "cannot be empty" in str(app.form.query_one("#error-title").render())
        app.form.query_one("#title").value = "A small win"
        app.form.query_one("#due Input").value = "someday soon"
        await pilot.press("ctrl+s")
        assert app.form.query_one("#error-due").display
        assert not app.form.query_one("#error-title").display
        await pilot.press("escape")  # something was typed: asks before discarding
        await pilot.pause()
        assert app.result == "open"
        await pilot.press("y")
        await pilot.pause()
    assert app.result is None


async def test_build_on_prefills_people_and_links_the_parent() -> None:
    parent = Win(id=9, title="Sam's numbers", column=Column.WON, people=(4, 3), trade=7)
    app = FormApp(form(builds_on=parent))
    async with app.run_test(size=(100, 40)) as pilot:
        assert "Sam's numbers" in app.form.heading
        assert app.form.query_one("#people").value == "Sam Patel, Lee Chen"
        await pilot.press(*"Sam presents them", "enter")
        await pilot.pause()
    assert isinstance(app.result, Win)
    assert app.result.builds_on == 9 and app.result.people == (4, 3)
    assert app.result.column is Column.POSSIBLE and app.result.trade is None


async def test_editing_keeps_the_card_and_its_column() -> None:
    win = Win(id=3, title="Old", column=Column.WON, people=(3,), trade=7, notes="n")
    app = FormApp(form(win))
    async with app.run_test(size=(100, 40)) as pilot:
        assert app.form.query_one("#trade").value == 7
        app.form.query_one("#title").value = "New"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(app.result, Win)
    assert (app.result.id, app.result.title, app.result.column) == (3, "New", Column.WON)
    assert app.result.people == (3,) and app.result.notes == "n" and app.result.trade == 7


async def test_an_unreadable_date_is_said_once() -> None:
    app = FormApp(form())
    async with app.run_test(size=(100, 40)) as pilot:
        app.form.query_one("#title").value = "A small win"
        app.form.query_one("#due Input").value = "someday soon"
        await pilot.pause()
        hint = app.form.query_one("#due .date-resolved")
        assert "Cannot read" in str(hint.render())  # said as it is typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Cannot read" in str(app.form.query_one("#error-due").render())
        assert "Cannot read" not in str(hint.render())  # not twice
        app.form.query_one("#due Input").value = "fri"
        await pilot.pause()
        assert "→" in str(hint.render())


async def test_a_long_trade_stays_on_one_line_of_its_drop_down(repo, make_app) -> None:
    from allies.store.model import Trade

    marcus = repo.add_person("Marcus Webb")
    offer, ask = "Keep Y11 double lessons in every block", "Co-lead the timetable review"
    trade = repo.add(Trade(id=0, person=marcus.id, offer=offer, ask=ask))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        assert isinstance(app.screen, CardForm)
        picked = app.screen.query_one("#trade")
        short_height = picked.region.height
        picked.value = trade.id
        await pilot.pause()
        label = picked.query_one("SelectCurrent Static#label")
        assert str(label.render()).startswith("Marcus Webb: Keep Y11")
        assert label.region.height == 1
        assert picked.region.height == short_height  # the field did not grow


async def test_keys_typed_fast_after_a_drop_down_and_a_tab_reach_the_next_field(
    repo, make_app
) -> None:
    from allies.store.model import Trade

    marcus = repo.add_person("Marcus Webb")
    repo.add(Trade(id=0, person=marcus.id, offer="Keep Y11 doubles", ask="Co-lead the review"))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        assert isinstance(app.screen, CardForm)
        app.screen.query_one("#trade").focus()
        await pilot.pause()
        burst(app, "tab", *"fri")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#due Input").value == "fri"
