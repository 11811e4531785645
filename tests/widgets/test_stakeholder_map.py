"""The stakeholder map alone: a crowded cell shows its top names and a count, the cursor
stays in view inside it, keys post messages, and the geometry fits the size."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.message import Message

from allies.store.influence import Influence
from allies.store.model import Person, Stance
from allies.store.situation_map import SituationMap, place
from allies.themes import THEMES, css_file
from allies.widgets.map_layout import layout, move
from allies.widgets.map_lines import short_name
from allies.widgets.stakeholder_map import StakeholderMap


def crowd(n: int) -> SituationMap:
    """``n`` neutral people nobody follows (one crowded cell), and one influential champion."""
    people = {
        i: Person(id=i, name=f"Person {i:04d}", stance=Stance.NEUTRAL) for i in range(1, n + 1)
    }
    people[0] = Person(id=0, name="Chief", stance=Stance.CHAMPION)
    scores = {i: Influence(i, 1.0, i + 1) for i in range(1, n + 1)}
    scores[0] = Influence(0, 100.0, 1)
    return place(people, scores, chiefs=[0], led={0})


class MapApp(App[None]):
    CSS_PATH = [css_file("map")]

    def __init__(self, situation: SituationMap) -> None:
        super().__init__()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "allies-dark"
        self.situation = situation
        self.posted: list[Message] = []

    def compose(self) -> ComposeResult:
        yield StakeholderMap(id="map")

    def on_mount(self) -> None:
        widget = self.query_one(StakeholderMap)
        widget.show(self.situation)
        widget.focus()

    def on_stakeholder_map_open_requested(self, event: StakeholderMap.OpenRequested) -> None:
        self.posted.append(event)


def lines(widget: StakeholderMap) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_a_crowded_cell_shows_top_names_and_a_count() -> None:
    app = MapApp(crowd(1000))
    async with app.run_test(size=(100, 20)) as pilot:
        widget = app.query_one(StakeholderMap)
        text = "\n".join(lines(widget))
        assert "Person 0001" in text and "Person 0999" not in text
        shown = text.count("● Person")
        assert f"+{1000 - shown} more" in text
        assert widget.selected == 0  # the top of the ranking
        await pilot.press("left")
        assert widget.selected == 1  # into the crowd, best first
        for _ in range(30):
            await pilot.press("down")
        assert widget.selected == 31
        assert "Person 0031" in "\n".join(lines(widget))  # the cell scrolled to the cursor
        await pilot.press("enter")
        await pilot.pause()
        assert [e.person_id for e in app.posted] == [31]


async def test_an_empty_plan_says_what_to_do() -> None:
    app = MapApp(place({}, {}, []))
    async with app.run_test(size=(80, 10)):
        assert "add people in People" in lines(app.query_one(StakeholderMap))[0]


def test_layout_fills_the_width_and_gives_crowded_bands_more_lines() -> None:
    situation = crowd(50)
    lay = layout(120, 30, situation)
    assert lay.gutter + sum(lay.widths) + sum(len(s) for s in lay.seps) == 120
    assert sum(lay.heights) == 27
    assert lay.heights == (24, 1, 1, 1)  # the crowd gets the room; one line for the chief
    assert layout(120, 30, crowd(3)).heights == (13, 1, 1, 12)  # room to spare: shared


def test_moves_stay_put_at_the_edges() -> None:
    situation = crowd(3)
    assert move(situation, 0, "right") == 0 and move(situation, 0, "up") == 0
    assert move(situation, 1, "up") == 1 and move(situation, 3, "down") == 3
    assert move(situation, 2, "right") == 0


def test_short_names() -> None:
    assert short_name("Dana Whitfield", 20) == "Dana Whitfield"
    assert short_name("Dana Whitfield", 8) == "Dana W."
    assert short_name("Margaret Okafor", 6) == "Marga…"
    assert short_name("Zoë 🚀 Rocket", 7) == "Zoë R."


async def test_moving_along_a_line_redraws_it() -> None:
    """Two people side by side on one line: the cursor moves between them on that line."""
    people = {
        1: Person(id=1, name="Ann", stance=Stance.NEUTRAL),
        2: Person(id=2, name="Bo", stance=Stance.SUPPORTIVE),
    }
    scores = {1: Influence(1, 100.0, 1), 2: Influence(2, 100.0, 2)}
    app = MapApp(place(people, scores, chiefs=[1, 2], led={1, 2}))
    async with app.run_test(size=(100, 12)) as pilot:
        widget = app.query_one(StakeholderMap)
        line = next(y for y, text in enumerate(lines(widget)) if "Ann" in text)

        def cursor_on() -> str:
            strip = widget.render_line(line)
            return "".join(s.text for s in strip if s.style and s.style.reverse).strip()

        assert "Ann" in cursor_on()
        await pilot.press("right")
        assert "Bo" in cursor_on() and "Ann" not in cursor_on()


async def test_a_crowded_cell_scrolls_back_when_the_cursor_leaves_it() -> None:
    """Two crowded cells side by side, scrolled alike: each shows its own people."""
    people = {}
    for i in range(1, 41):
        stance = Stance.NEUTRAL if i <= 20 else Stance.SUPPORTIVE
        people[i] = Person(id=i, name=f"{stance.value[:3]} {i:04d}", stance=stance)
    scores = {i: Influence(i, 1.0, i) for i in people}
    app = MapApp(place(people, scores, chiefs=[], led=set()))
    async with app.run_test(size=(100, 12)) as pilot:
        widget = app.query_one(StakeholderMap)
        await pilot.press(*["down"] * 8)
        assert widget.selected == 9
        assert "neu 0001" not in "\n".join(lines(widget))  # scrolled to the cursor
        await pilot.press("right")
        assert widget.selected == 29  # the same place in the next cell
        text = "\n".join(lines(widget))
        assert "neu 0001" in text and "neu 0009" not in text  # scrolled back
        assert "sup 0029" in text and "sup 0021" not in text
