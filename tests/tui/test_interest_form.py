"""Pilot tests of the interest form: what they want, its priority, who told me, its status."""

from __future__ import annotations

from allies.store.model import Interest, InterestStatus
from allies.store.repository import Repository
from allies.tui.screens.modals.interest_form import InterestForm
from tests.conftest import open_form

PEOPLE = [("Dana", 1), ("Sam", 2)]


async def test_new_interest_from_the_keyboard(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, InterestForm(1, "Dana", PEOPLE))
        assert "What does Dana want?" in str(app.screen.query_one(".form-title").render())
        await pilot.press(*"Predictable spend", "tab", "space", "up", "enter")  # priority 3
        await pilot.press("tab", "space", *"sa", "enter", "ctrl+s")
        await pilot.pause()
    [interest] = results
    assert interest is not None
    assert (interest.id, interest.person, interest.text) == (0, 1, "Predictable spend")
    assert (interest.priority, interest.learned_from) == (3, 2)
    assert interest.status is InterestStatus.OPEN


async def test_empty_text_is_refused_beside_the_field(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, InterestForm(1, "Dana", PEOPLE))
        await pilot.press("space", "enter")
        await pilot.pause()
        error = app.screen.query_one("#error-text")
        assert error.display and "cannot be empty" in str(error.render())
        await pilot.press("escape")  # something was typed: asks before discarding
        await pilot.pause()
        assert results == []
        await pilot.press("y")
        await pilot.pause()
    assert results == [None]


async def test_editing_keeps_the_record_and_can_clear_the_source(repo: Repository, make_app):
    old = Interest(id=4, person=1, text="Credit", priority=1, learned_from=2)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, InterestForm(1, "Dana", PEOPLE, old))
        form = app.screen
        assert form.query_one("#learned_from").value == 2
        form.query_one("#learned_from").clear()
        form.query_one("#status").value = InterestStatus.ADDRESSED
        await pilot.press("enter")
        await pilot.pause()
    [edited] = results
    assert edited == old.replace(learned_from=None, status=InterestStatus.ADDRESSED)


async def test_a_new_interest_was_learned_from_the_one_they_trust_unless_changed(
    repo: Repository, plan_path, make_app
) -> None:
    from allies.store.model import Tie, TieKind
    from tests.conftest import saved

    marcus = repo.add_person("Marcus Webb")
    helen = repo.add_person("Helen Park")
    repo.add(Tie(id=0, source=marcus.id, target=helen.id, kind=TieKind.TRUSTS))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("InfluencerTable")
        row = next(i for i in range(table.row_count) if str(table.cells_at(i)[1]) == "Marcus Webb")
        table.move_cursor(row=row)
        app.screen.show_detail_now()
        await pilot.press("l", "l", "n")  # Marcus's agenda pane, a new interest
        await pilot.pause()
        assert isinstance(app.screen, InterestForm)
        assert app.screen.query_one("#learned_from").value == helen.id
        await pilot.press(*"Protect Y11 exam prep", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, InterestForm)
    [interest] = saved(plan_path).interests.values()
    assert (interest.person, interest.learned_from) == (marcus.id, helen.id)
