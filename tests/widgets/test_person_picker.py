"""The person picker: type part of a name, enter adds, backspace removes, enter on empty submits."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input

from allies.store.model import Stance
from allies.widgets.person_picker import PersonPicker

PEOPLE = [
    (1, "Dana Whitfield", Stance.NEUTRAL),
    (2, "Lee Chen", Stance.SUPPORTIVE),
    (3, "Aisha Mensah", Stance.SUPPORTIVE),
    (4, "Adam Lee", Stance.OPPOSED),
    (5, "[bold]x[/]", Stance.UNKNOWN),
]


class PickerApp(App[None]):
    def __init__(
        self, selected: tuple[int, ...] = (), multiple: bool = True, people=PEOPLE
    ) -> None:
        super().__init__()
        self.people = people
        self.selected = selected
        self.multiple = multiple
        self.changes: list[tuple[int, ...]] = []
        self.submitted = 0

    def compose(self) -> ComposeResult:
        yield PersonPicker(self.people, self.selected, multiple=self.multiple, id="who")

    def on_mount(self) -> None:
        self.query_one(PersonPicker).focus()

    @on(PersonPicker.Changed, "#who")
    def _changed(self, event: PersonPicker.Changed) -> None:
        self.changes.append(event.selected)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.submitted += 1


def matches(app: PickerApp) -> list[str]:
    found = app.query_one(PersonPicker).matches
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


def chosen(app: PickerApp) -> str:
    return str(app.query_one(".picker-chosen").render())


async def test_typing_part_of_a_name_and_enter_adds() -> None:
    app = PickerApp()
    async with app.run_test() as pilot:
        assert "no one yet" in chosen(app)
        await pilot.press(*"lee")
        # a name starting with it first, then a word starting with it
        assert matches(app) == ["▲ Lee Chen", "✖ Adam Lee"]
        await pilot.press("down", "enter")
        await pilot.press(*"ais", "enter")
        await pilot.pause()
        assert app.query_one(PersonPicker).selected == (4, 3)
        assert app.changes == [(4,), (4, 3)]
        assert chosen(app) == "✖ Adam Lee  ▲ Aisha Mensah"
        assert app.submitted == 0, "enter on a match must not submit the form"
        assert app.query_one(PersonPicker).input.value == ""


async def test_backspace_on_empty_box_removes_the_last() -> None:
    app = PickerApp(selected=(1, 2))
    async with app.run_test() as pilot:
        await pilot.press("x", "backspace")  # first backspace only clears the typing
        assert app.query_one(PersonPicker).selected == (1, 2)
        await pilot.press("backspace")
        await pilot.pause()
        assert app.query_one(PersonPicker).selected == (1,)
        assert app.changes == [(1,)]


async def test_enter_on_a_chosen_match_removes_it() -> None:
    app = PickerApp(selected=(1, 2))
    async with app.run_test() as pilot:
        await pilot.press(*"dana")
        assert "chosen (enter removes)" in matches(app)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(PersonPicker).selected == (2,)


async def test_enter_on_an_empty_box_is_left_to_the_form() -> None:
    app = PickerApp()
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.submitted == 1


async def test_no_match_says_so_and_adds_nothing() -> None:
    app = PickerApp()
    async with app.run_test() as pilot:
        await pilot.press(*"zz", "enter")
        await pilot.pause()
        assert matches(app) == ["No one matches “zz”"]
        assert app.query_one(PersonPicker).selected == ()
        assert app.submitted == 0


async def test_single_choice_replaces() -> None:
    app = PickerApp(selected=(1,), multiple=False)
    async with app.run_test() as pilot:
        await pilot.press(*"chen", "enter")
        await pilot.pause()
        assert app.query_one(PersonPicker).selected == (2,)


async def test_markup_in_a_name_is_literal() -> None:
    app = PickerApp()
    async with app.run_test() as pilot:
        await pilot.press(*"bold", "enter")
        await pilot.pause()
        assert chosen(app) == "? [bold]x[/]"


async def test_a_long_name_takes_one_line_cut_with_an_ellipsis() -> None:
    long_name = "Maximiliana " + "Wolkenstein-" * 6 + "Trostburg"  # about 90 characters
    app = PickerApp(
        people=[*PEOPLE, (6, long_name, Stance.NEUTRAL), (7, "Maxine Roe", Stance.NEUTRAL)]
    )
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press(*"max")
        await pilot.pause()
        found = app.query_one(PersonPicker).matches
        assert found.option_count == 2
        assert found.virtual_size.height == 2  # one line per match: no wrapping
        first = found.render_line(0).text
        assert "Maximiliana" in first and "…" in first
