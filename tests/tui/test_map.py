"""Pilot tests of the Map view: move through the map by position, open a person in People,
move a stance and watch them cross, the network follows, privacy masks the names."""

from __future__ import annotations

import re

from allies.store.model import Stance
from allies.store.repository import Repository
from allies.store.situation_map import Quadrant
from allies.tui.screens.map import MapScreen
from allies.tui.screens.people import PeopleScreen
from allies.widgets.person_network import PersonNetwork
from allies.widgets.stakeholder_map import StakeholderMap
from tests.conftest import palette, saved


def pid(repo: Repository, name: str) -> int:
    return next(p.id for p in repo.people.values() if p.name == name)


async def open_map(app, pilot) -> StakeholderMap:
    await pilot.press("5")
    await pilot.pause()
    assert isinstance(app.screen, MapScreen)
    return app.screen.query_one(StakeholderMap)


def map_text(widget: StakeholderMap) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def network_text(app) -> str:
    return app.screen.query_one(PersonNetwork).plain


async def network_of(app, pilot, name: str) -> str:
    """The network pane once it shows ``name`` (it follows the cursor when it rests)."""
    for _ in range(50):
        text = network_text(app)
        if text.startswith("┏ ") and name in text.splitlines()[0]:
            return text
        await pilot.pause(0.02)
    raise AssertionError(f"the network never showed {name}: {network_text(app)[:80]!r}")


async def test_keys_move_between_people_by_position(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    name = lambda: demo_repo.people[m.selected].name  # noqa: E731
    async with app.run_test(size=(120, 40)) as pilot:
        m = await open_map(app, pilot)
        assert name() == "Margaret Okafor"  # the top of the ranking first
        await network_of(app, pilot, "Margaret Okafor")
        await pilot.press("right")
        assert name() == "Lee Chen"  # the nearest in the next column (supportive)
        await pilot.press("l")
        assert name() == "Sam Patel"
        await pilot.press("down")  # nobody else is a champion: stays
        assert name() == "Sam Patel"
        await pilot.press("h", "j")
        assert name() == "Aisha Mensah"  # down the supportive column to the low band
        await pilot.press("k", "left")
        assert name() == "Dana Whitfield"  # the neutral column, the nearest band
        assert "Sam Patel" in await network_of(app, pilot, "Dana Whitfield")  # her ear


async def test_the_map_names_quadrants_and_marks(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        m = await open_map(app, pilot)
        text = map_text(m)
        for words in ("WIN OVER 2", "KEEP CLOSE 2", "WATCH 3", "KEEP INFORMED 1", "UNREAD 2"):
            assert words in text
        assert re.search(r"● Dana W\. ?♛", text) and re.search(r"★ Sam P\. ?♛", text)
        assert "Marga…♛◆" in text  # a chief and a decider: both marks kept, the name cut


async def test_enter_opens_the_person_in_people(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_map(app, pilot)
        await pilot.press("right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.table.person_id == pid(demo_repo, "Lee Chen")


async def test_a_stance_change_moves_them_across_and_is_saved(
    demo_repo: Repository, make_app, plan_path
):
    app = make_app(demo_repo)
    margaret = pid(demo_repo, "Margaret Okafor")  # the top of the ranking, selected first
    async with app.run_test(size=(120, 40)) as pilot:
        m = await open_map(app, pilot)
        assert m.situation.where(margaret) == (2, 3, 0)
        assert m.placement is not None and m.placement.quadrant is Quadrant.WIN_OVER
        await pilot.press("plus")
        await pilot.pause()
        assert m.selected == margaret  # the cursor goes with her
        assert m.situation.where(margaret) == (3, 3, 0)  # one column to the right
        assert m.placement is not None and m.placement.quadrant is Quadrant.KEEP_CLOSE
        top = next(line for line in map_text(m).splitlines() if line.startswith(" top"))
        assert top.index("Marga") > top.index("┃")  # drawn on the allies' side of the line
        assert "KEEP CLOSE 3" in map_text(m)
        await network_of(app, pilot, "▲ Margaret Okafor")  # the network follows
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert m.situation.where(margaret) == (1, 3, 0)
        await pilot.press("u")  # undo: back one column
        await pilot.pause()
        assert m.situation.where(margaret) == (2, 3, 0) and m.selected == margaret
    assert saved(plan_path).people[margaret].stance is Stance.NEUTRAL


async def test_privacy_masks_the_names_on_the_map_and_the_network(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        m = await open_map(app, pilot)
        await pilot.press("asterisk")
        await pilot.pause()
        text = map_text(m) + network_text(app)
        for person in demo_repo.people.values():
            assert person.name.split()[0] not in text
        assert "•••••" in text and "WIN OVER 2" in text  # the picture stays, the names go
        await pilot.press("asterisk")
        await pilot.pause()
        assert "Dana" in map_text(m)


async def test_the_map_reads_at_80_by_24(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        m = await open_map(app, pilot)
        text = map_text(m)
        assert "WIN OVER" in text and "Dana W." in text and "Priya R." in text
        assert m.size.width == 78


async def test_help_and_palette_know_the_map(demo_repo: Repository, make_app, plan_path):
    import io

    from rich.console import Console

    from allies.tui.screens.modals.help import HelpScreen

    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Go to Map" in await palette(pilot, "go to map")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=160, record=True, file=io.StringIO())
        console.print(app.screen.table)
        keys = console.export_text()
        assert "The stakeholder map" in keys and "Map view" in keys
        assert "Move to the nearest person" in keys and "watch them move" in keys
        await pilot.press("escape")
        app.export_plan("mermaid")
        await app.workers.wait_for_complete()
    written = list((plan_path.parent / "exports").glob("*.mmd"))
    assert written and written[0].read_text().startswith("flowchart LR")


async def test_a_click_selects_and_a_double_click_opens(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        m = await open_map(app, pilot)
        lines = map_text(m).splitlines()
        y = next(i for i, line in enumerate(lines) if "Priya" in line)
        x = lines[y].index("Priya")
        # the map's content starts inside its border: one cell right and down
        await pilot.click(StakeholderMap, offset=(x + 1, y + 1))
        assert demo_repo.people[m.selected].name == "Priya Raman"
        await pilot.click(StakeholderMap, offset=(x + 1, y + 1), times=2)
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.table.person_id == pid(demo_repo, "Priya Raman")
