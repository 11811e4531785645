"""Pilot tests of the People view: the table, the person form, stance keys, delete, filter."""

from __future__ import annotations

from pathlib import Path

from allies.store.model import Person, Stance, Tie
from allies.store.repository import Repository
from allies.tui.screens.modals.confirm import ConfirmScreen
from allies.tui.screens.modals.person_form import PersonForm
from allies.widgets.influencer_table import InfluencerTable
from tests.conftest import palette, saved, until


def names_on_screen(app) -> list[str]:
    table = app.screen.query_one(InfluencerTable)
    return [str(table.cells_at(i)[1]) for i in range(table.row_count)]


async def test_add_person_from_the_keyboard(repo: Repository, plan_path: Path, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "press n to add the first person" in str(
            app.screen.query_one("#people-empty").render()
        )
        await pilot.press("n")
        assert isinstance(app.screen, PersonForm)
        await pilot.press(*"Dana Whitfield", "tab", *"VP Engineering", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, PersonForm)
        assert names_on_screen(app) == ["Dana Whitfield"]
    on_disk = saved(plan_path)
    [dana] = on_disk.people.values()
    assert (dana.name, dana.role) == ("Dana Whitfield", "VP Engineering")


async def test_empty_name_is_refused_beside_the_field(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonForm)
        error = app.screen.query_one("#error-name")
        assert error.display and "cannot be empty" in str(error.render())
        await pilot.press("escape")
        assert not isinstance(app.screen, PersonForm)
    assert len(repo.people) == 0


async def test_markup_in_a_name_is_shown_literally(repo: Repository, make_app) -> None:
    repo.add_person("[bold]x[/]")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)):
        assert names_on_screen(app) == ["[bold]x[/]"]


async def test_stance_keys_move_and_log(repo: Repository, plan_path: Path, make_app) -> None:
    repo.add_person("Lee", stance=Stance.NEUTRAL)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert "champion" in str(app.screen.query_one(InfluencerTable).cells_at(0)[3])
        await pilot.press("u")
        await pilot.pause()
    on_disk = saved(plan_path)
    [lee] = on_disk.people.values()
    assert lee.stance is Stance.SUPPORTIVE
    assert [c.stance for c in on_disk.stance_log.values()] == [Stance.NEUTRAL, Stance.SUPPORTIVE]


async def test_delete_is_confirmed_and_detaches(repo: Repository, plan_path: Path, make_app):
    a = repo.add_person("Ann")
    b = repo.add_person("Bob")
    repo.add(Tie(id=0, source=b.id, target=a.id, kind="defers_to"))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(InfluencerTable)
        table.move_cursor(row=names_on_screen(app).index("Ann"))
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "1 tie." in str(app.screen.query_one("#confirm-detail").render())
        await pilot.press("n")
        assert len(repo.people) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert names_on_screen(app) == ["Bob"]
    on_disk = saved(plan_path)
    assert [p.name for p in on_disk.people.values()] == ["Bob"]
    assert not on_disk.ties


async def test_filter_narrows_the_table(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"finance")
        await pilot.pause()
        assert sorted(names_on_screen(app)) == ["Margaret Okafor", "Tom Becker"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(names_on_screen(app)) == 10


async def test_edit_person_saves(demo_repo: Repository, plan_path: Path, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.screen.query_one(InfluencerTable).person_id
        await pilot.press("e")
        assert isinstance(app.screen, PersonForm)
        app.screen.query_one("#role").value = "SVP Engineering"
        await pilot.press("enter")
        await pilot.pause()
    assert saved(plan_path).get(Person, first).role == "SVP Engineering"


async def test_detail_follows_the_cursor_when_it_rests(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j", "j")
        table = app.screen.query_one(InfluencerTable)
        fourth = demo_repo.get(Person, table.person_id).name

        def head() -> str:
            return str(app.screen.query_one("#detail-head").render())

        await until(pilot, lambda: head().startswith(fourth))


async def test_broken_markup_in_a_name_never_crashes(repo: Repository, make_app) -> None:
    """A name like '[/]' goes through the form, the toast, the palette and the filter as typed."""
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"[/] [bold]Bo", "enter")
        await pilot.pause()
        assert names_on_screen(app) == ["[/] [bold]Bo"]
        assert "Person: [/] [bold]Bo" in await palette(pilot, "Person: [/]")
        await pilot.press("escape")
        await pilot.press("slash", *"[/]x")
        await pilot.pause()
        assert "[/]x" in str(app.screen.query_one("#people-empty").render())
    assert [p.name for p in repo.people.values()] == ["[/] [bold]Bo"]


async def test_delete_says_which_one_on_ones_go_too(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.select_person(
            next(p.id for p in demo_repo.people.values() if p.name == "Sam Patel")
        )
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Their one-on-one meeting will be deleted" in str(
            app.screen.query_one("#confirm-detail").render()
        )
        await pilot.press("y")
        await pilot.pause()
    assert not any(m.title.startswith("1:1 Sam") for m in demo_repo.meetings.values())


async def test_a_message_goes_once_the_field_is_fixed(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "enter")
        await pilot.pause()
        assert app.screen.query_one("#error-name").display
        await pilot.press("Z")
        await pilot.pause()
        assert not app.screen.query_one("#error-name").display
        await pilot.press("escape")  # typed something: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, PersonForm)


async def test_email_is_entered_and_checked_in_the_person_form(
    repo: Repository, plan_path: Path, make_app
) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Dana", "tab", "tab", "tab", *"not an address", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonForm)
        error = app.screen.query_one("#error-email")
        assert error.display and "name@example.org" in str(error.render())
        await pilot.press(*["backspace"] * len("not an address"), *"dana@example.org", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, PersonForm)
    [dana] = saved(plan_path).people.values()
    assert dana.email == "dana@example.org"
