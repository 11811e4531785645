"""The views follow a theme change, shown or not."""

from __future__ import annotations

from textual.color import Color

from allies.store.repository import Repository
from allies.widgets.pulse_header import PulseHeader


async def test_a_theme_change_recolours_the_views(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo, theme="allies-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
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
