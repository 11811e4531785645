"""The stylesheet parses each source once per theme, and still follows a theme change."""

from __future__ import annotations

from textual.color import Color

from allies.store.repository import Repository
from allies.tui.stylesheet import CachedStylesheet
from allies.widgets.pulse_header import PulseHeader


async def test_a_theme_change_recolours_the_views(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo, theme="allies-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.stylesheet, CachedStylesheet)
        header = app.screen.query_one(PulseHeader)
        dark = header.styles.background
        assert dark == Color.parse(app.theme_variables["panel"])
        app.theme = "allies-light"
        await pilot.pause()
        light = header.styles.background
        assert light == Color.parse(app.theme_variables["panel"]) and light != dark
        await pilot.press("2")  # a view made after the change is in the new colours too
        await pilot.pause()
        assert app.screen.query_one(PulseHeader).styles.background == light


def test_reparse_keeps_the_parsed_rules_for_the_next_parse() -> None:
    sheet = CachedStylesheet(variables={"accent": "#ff0000"})
    sheet.add_source("Static { color: $accent; }", read_from=("a.tcss", ""))
    sheet.reparse()
    rules = sheet.rules
    sheet.add_source("Label { color: red; }", read_from=("b.tcss", ""))
    sheet.parse()
    assert sheet.rules[0] is rules[0]  # the first source was not parsed again
    assert sheet.rules[0].styles.color == Color.parse("#ff0000")
    sheet.set_variables({"accent": "#00ff00"})  # a new theme: everything in its colours
    sheet.reparse()
    assert sheet.rules[0] is not rules[0]
    assert sheet.rules[0].styles.color == Color.parse("#00ff00")


async def test_a_view_shown_again_follows_a_theme_changed_meanwhile(
    demo_repo: Repository, make_app
) -> None:
    app = make_app(demo_repo, theme="allies-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")  # the board is made, then left in the dark theme
        await pilot.pause()
        board = app.screen
        dark = board.query_one(PulseHeader).styles.background
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("2")  # shown again, nothing changed: same colours
        await pilot.pause()
        assert app.screen is board and board.query_one(PulseHeader).styles.background == dark
        await pilot.press("1")
        await pilot.pause()
        app.theme = "allies-light"
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        light = Color.parse(app.theme_variables["panel"])
        assert app.screen is board and board.query_one(PulseHeader).styles.background == light
        assert light != dark
