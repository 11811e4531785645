"""The selected row reads: WCAG contrast of its text against its background, as drawn.

Measured from the segments the widgets render (colour and background of each
visible character run), in both themes, on the People table and the Timeline.
"""

from __future__ import annotations

import pytest
from rich.color import Color
from rich.segment import Segment

from allies.store.model import Stance
from allies.store.repository import Repository
from allies.widgets.influencer_table import InfluencerTable
from allies.widgets.timeline import Timeline

THEMES = ("allies-dark", "allies-light")
NEEDED = 4.5


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: Color, bg: Color) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _blend(fg: Color, bg: Color, amount: float) -> Color:
    (r1, g1, b1), (r2, g2, b2) = fg.get_truecolor(), bg.get_truecolor()
    return Color.from_rgb(r1 + (r2 - r1) * amount, g1 + (g2 - g1) * amount, b1 + (b2 - b1) * amount)


def worst_contrast(segments: list[Segment]) -> tuple[float, str]:
    """The lowest contrast of any visible text in these segments, and that text."""
    worst: tuple[float, str] = (21.0, "")
    for segment in segments:
        if not segment.text.strip() or segment.style is None:
            continue
        style = segment.style
        assert style.color is not None and style.bgcolor is not None, segment
        fg, bg = style.color, style.bgcolor
        if style.reverse:
            fg, bg = bg, fg
        if style.dim:  # drawn half-way to the background
            fg = _blend(fg, bg, 0.5)
        ratio = contrast(fg, bg)
        if ratio < worst[0]:
            worst = (ratio, segment.text)
    return worst


def _people(repo: Repository) -> None:
    for i, stance in enumerate(Stance):
        repo.add_person(f"Person {stance.value}", role=f"Role {i}", stance=stance, decider=i == 1)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("stance", list(Stance))
async def test_selected_person_reads_in_both_themes(
    repo: Repository, make_app, theme: str, stance: Stance
) -> None:
    _people(repo)
    app = make_app(repo, theme=theme, remember_settings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(InfluencerTable)
        table.focus()
        table.move_cursor(
            row=next(
                i
                for i in range(table.row_count)
                if str(table.cells_at(i)[1]).endswith(stance.value)
            )
        )
        await pilot.pause()
        y = table.cursor_row + 1 - round(table.scroll_offset.y)
        ratio, text = worst_contrast(list(table.render_line(y)))
        assert ratio >= NEEDED, f"{text!r} on the selected row: {ratio:.2f}:1 ({theme})"


@pytest.mark.parametrize("theme", THEMES)
async def test_selected_meeting_reads_in_both_themes(
    demo_repo: Repository, make_app, theme: str
) -> None:
    app = make_app(demo_repo, theme=theme, remember_settings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        timeline = app.screen.query_one(Timeline)
        timeline.focus()
        for _ in range(4):  # a few meetings: one-on-ones, a group meeting with problems
            await pilot.press("j")
            await pilot.pause()
            index = timeline.highlighted
            assert index is not None
            top = timeline._index_to_line[index] - round(timeline.scroll_offset.y)
            for line in range(top, top + timeline._heights[index]):
                ratio, text = worst_contrast(list(timeline.render_line(line)))
                assert ratio >= NEEDED, f"{text!r} on the selected meeting: {ratio:.2f}:1 ({theme})"
