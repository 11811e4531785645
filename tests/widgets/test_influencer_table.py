"""The influencer table alone: a changed row is repainted with its new content (and only the
rows that changed are touched), names are drawn literally and cut with an ellipsis."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult

from allies.store.model import Stance
from allies.widgets.influencer_table import InfluencerTable, PersonRow

COLORS = {"chief": "yellow", "stance-champion": "green", "stance-blocker": "red"}


def person(i: int, **changes: object) -> PersonRow:
    row = PersonRow(
        id=i,
        name=f"Person {i}",
        role="Role",
        decider=False,
        stance=Stance.UNKNOWN,
        score=100 - i,
        rank=i,
        chief=False,
        last_contact=date(2026, 11, i % 28 + 1),
    )
    return row._replace(**changes)


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: list[int | None] = []
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield InfluencerTable(id="table")

    def on_influencer_table_highlighted(self, event: InfluencerTable.Highlighted) -> None:
        self.highlighted.append(event.person_id)

    def on_influencer_table_selected(self, event: InfluencerTable.Selected) -> None:
        assert event.person_id is not None
        self.selected.append(event.person_id)


def screen_lines(table: InfluencerTable) -> list[str]:
    """What the table draws, line by line (header first)."""
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_a_changed_row_is_repainted_and_the_others_stay() -> None:
    rows = [person(i) for i in range(1, 61)]
    app = TableApp()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(InfluencerTable)
        table.show(rows, private=False, colors=COLORS)
        await pilot.pause()
        before = screen_lines(table)
        assert "Person 3 " in before[3] and "unknown" in before[3]

        rows[2] = person(3, name="Renamed Three", stance=Stance.CHAMPION, decider=True)
        table.show(rows, private=False, colors=COLORS)
        await pilot.pause()
        after = screen_lines(table)

        assert "Renamed Three" in after[3] and "◆" in after[3] and "champion" in after[3]
        assert "Person 3 " not in after[3]
        assert after[:3] == before[:3] and after[4:] == before[4:]
        assert table.cells_at(2)[1].plain == "Renamed Three"


async def test_a_row_below_the_fold_is_updated_when_scrolled_to() -> None:
    rows = [person(i) for i in range(1, 101)]
    app = TableApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(InfluencerTable)
        table.show(rows, private=False, colors=COLORS)
        await pilot.pause()
        table.move_cursor(row=99)
        await pilot.pause()
        rows[95] = person(96, name="Changed Far Down")
        table.show(rows, private=False, colors=COLORS)
        await pilot.pause()
        assert any("Changed Far Down" in line for line in screen_lines(table))


async def test_names_are_literal_and_cut_with_an_ellipsis() -> None:
    long_name = "[bold]Not markup[/bold] " + "x" * 80
    app = TableApp()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(InfluencerTable)
        table.show([person(1, name=long_name)], private=False, colors=COLORS)
        await pilot.pause()
        line = screen_lines(table)[1]
        assert "[bold]Not markup[/bold]" in line
        assert "x…" in line and "x" * 80 not in line
        table.show([person(1, name="[/] still literal")], private=False, colors=COLORS)
        await pilot.pause()
        assert "[/] still literal" in screen_lines(table)[1]


async def focused_table(app: TableApp, pilot, count: int) -> InfluencerTable:
    """The table showing ``count`` people, with the focus."""
    table = app.query_one(InfluencerTable)
    table.show([person(i) for i in range(1, count + 1)], private=False, colors=COLORS)
    table.focus()
    await pilot.pause()
    return table


async def test_keys_move_the_cursor_and_the_header_stays() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = await focused_table(app, pilot, 100)
        await pilot.press("j", "j")
        await pilot.pause()
        assert table.person_id == 3 and app.highlighted[-1] == 3
        await pilot.press("G")
        await pilot.pause()
        lines = screen_lines(table)
        assert lines[0].split()[:2] == ["♛◆", "Name"]  # the header, still on top
        assert "Person 100 " in lines[-1] and table.person_id == 100
        await pilot.press("pageup")
        assert table.person_id < 100 and str(table.person_id) in str(
            table.cells_at(table.cursor_row)[1]
        )
        await pilot.press("g")
        await pilot.pause()
        assert table.person_id == 1 and "Person 1 " in screen_lines(table)[1]


async def test_enter_and_a_click_on_the_cursor_row_select_the_person() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = await focused_table(app, pilot, 10)
        selected = app.selected
        await pilot.press("enter")
        await pilot.pause()
        assert selected == [1]
        await pilot.click(InfluencerTable, offset=(10, 4))  # the fourth person's row
        await pilot.pause()
        assert table.person_id == 4 and selected == [1]  # a click moves the cursor...
        await pilot.click(InfluencerTable, offset=(10, 4))
        await pilot.pause()
        assert selected == [1, 4]  # ...and a click on the cursor row opens the person


async def test_an_empty_table_has_no_one_selected() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(InfluencerTable)
        table.show([], private=False, colors=COLORS)
        await pilot.pause()
        assert table.person_id is None and table.row_count == 0
        await pilot.press("j", "enter", "G")  # nothing to move to or open: no error
        assert table.person_id is None


async def test_rows_are_drawn_cell_for_cell_as_their_cells_read() -> None:
    """A row is drawn straight to segments; it must match its cells (``cells_at``) laid
    out by the table's columns: cut with an ellipsis, padded, numbers on the right, the
    stance and chief colours, dim "never" — wide characters and markup-like names too."""
    from rich.segment import Segment

    names = ["Dana Whitfield", "李小龙 Bruce Lee 李小龙", "[bold]x[/]", "Zoë 🙂 Ångström", "A" * 80]
    rows = [
        person(i, name=name, chief=i % 2 == 0, decider=i % 3 == 0, stance=stance, rank=i * 997)
        for i, (name, stance) in enumerate(zip(names, [*Stance][: len(names)], strict=True), 1)
    ]
    rows.append(person(9, role="", last_contact=None, score=0.4))
    for size in ((120, 40), (80, 24)):
        app = TableApp()
        async with app.run_test(size=size) as pilot:
            table = app.query_one(InfluencerTable)
            for private in (False, True):
                table.show(rows, private=private, colors=COLORS)
                await pilot.pause()
                width = table.scrollable_content_region.width
                style = table.base_style
                for row in rows:
                    drawn = Segment.simplify(table._row_line(row, style, width))
                    laid_out = Segment.simplify(table._line(table._cells(row), style, width))
                    assert list(drawn) == list(laid_out)
                assert "[bold]x[/]" in screen_lines(table)[3] or private
