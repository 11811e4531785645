"""Pilot tests of the tie form: the relation in words, either direction; whom; strength."""

from __future__ import annotations

from allies.store.model import Tie, TieKind
from allies.store.repository import Repository
from allies.tui.screens.modals.tie_form import RELATION_WORDS, RELATIONS, TieForm
from tests.conftest import open_form

PEOPLE = [("Ann", 1), ("Bob", 2), ("[bold]Cy[/]", 3)]


async def test_new_tie_picked_by_part_of_a_name(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, TieForm(1, "Ann", PEOPLE))
        assert app.screen.query_one("#relation").value == RELATIONS.index((TieKind.DEFERS_TO, True))
        await pilot.press("tab", "space", *"cy", "enter", "tab", "space", "down", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [tie] = results
    assert tie is not None
    assert (tie.id, tie.source, tie.target, tie.kind, tie.strength) == (
        0,
        1,
        3,
        TieKind.DEFERS_TO,
        1,  # strength: the list runs 3, 2, 1 and starts on 2; down picks 1
    )


async def test_names_in_the_picker_are_literal(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot, TieForm(1, "Ann", PEOPLE))
        app.screen.query_one("#other").value = 3
        await pilot.pause()
        assert "[bold]Cy[/]" in str(
            app.screen.query_one("#other").query_one("SelectCurrent Static#label").render()
        )


async def test_incoming_relation_swaps_source_and_target(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, TieForm(1, "Ann", PEOPLE))
        app.screen.query_one("#relation").value = RELATIONS.index((TieKind.LISTENS_TO, False))
        app.screen.query_one("#other").value = 2
        await pilot.press("ctrl+s")
        await pilot.pause()
    [tie] = results
    assert tie is not None
    # "Ann has the ear of Bob" is stored as Bob listens_to Ann.
    assert (tie.source, tie.target, tie.kind) == (2, 1, TieKind.LISTENS_TO)
    assert "has the ear of" in RELATION_WORDS[(TieKind.LISTENS_TO, False)]


async def test_no_one_picked_is_refused_beside_the_field(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, TieForm(1, "Ann", PEOPLE))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TieForm)
        error = app.screen.query_one("#error-target")
        assert error.display and "Pick the other person" in str(error.render())
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]


async def test_editing_keeps_the_tie_and_its_direction(repo: Repository, make_app) -> None:
    tie = Tie(id=7, source=2, target=1, kind=TieKind.TRUSTS, strength=3, note="old friends")
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_form(app, pilot, TieForm(1, "Ann", PEOPLE, tie))
        form = app.screen
        assert form.query_one("#relation").value == RELATIONS.index((TieKind.TRUSTS, False))
        assert form.query_one("#other").value == 2
        assert form.query_one("#strength").value == 3
        assert form.query_one("#note").value == "old friends"
        form.query_one("#note").value = "since 2019"
        await pilot.press("tab", "tab", "tab", "enter")  # enter in the note box saves
        await pilot.pause()
    [edited] = results
    assert edited == tie.replace(note="since 2019")


async def test_the_picker_does_not_offer_the_person_themself(repo: Repository, make_app) -> None:
    repo.add_person("Ruth")
    repo.add_person("Marcus")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "n")  # the Ties pane of Marcus's detail (first by name), a new tie
        await pilot.pause()
        assert isinstance(app.screen, TieForm)
        assert "Marcus" in app.screen.heading
        assert [str(label) for label, _ in app.screen.people] == ["Ruth"]


async def test_each_relation_reads_the_same_way_in_both_directions(
    repo: Repository, make_app
) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(app, pilot, TieForm(1, "Ruth", PEOPLE))
        await pilot.press("space")  # the relation's list, as the user reads it
        await pilot.pause()
        shown = [str(o.prompt) for o in app.screen.query_one("#relation SelectOverlay").options]
        assert "listens to … (… has their ear)" in shown
        assert "has the ear of … (… listens to them)" in shown
        assert "trusts … (… can tell you what they want)" in shown
        assert not any("this person" in line for line in shown)
