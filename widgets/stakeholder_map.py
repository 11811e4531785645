"""The stakeholder map: stance across, influence up, the method's four quadrants.

Data in (``show`` with a ``SituationMap``), messages out (``Highlighted``,
``OpenRequested``). Drawn line by line (Line API): the lines are built once
per change of data, size, selection or colours, from the cells on screen only
— a crowded cell shows its top names and a count, so a 1,000-person plan
draws as fast as a ten-person one.

Colours come from the component classes (``themes/map.tcss``, theme
variables); every stance also has its own symbol, the quadrant lines are
heavy, and chief influencers (♛) and deciders (◆) are marked, so colour is
never the only cue.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from allies.store.model import Stance
from allies.store.situation_map import (
    BAND_NAMES,
    COLUMNS,
    INFLUENTIAL_BAND,
    Placement,
    SituationMap,
)
from allies.widgets.map_layout import Layout, layout, move
from allies.widgets.map_lines import MapLines


class StakeholderMap(Widget, can_focus=True):
    """Everyone on one grid; the arrow keys move between people by position."""

    HELP_TITLE = "The stakeholder map"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"stakeholder-map--{s.value}" for s in Stance),
        "stakeholder-map--chief",
        "stakeholder-map--cursor",
        "stakeholder-map--axis",
        "stakeholder-map--quadrant",
        "stakeholder-map--rule",
        "stakeholder-map--more",
        "stakeholder-map--band-alt",
    }
    """
    | Class | Description |
    | :- | :- |
    | `stakeholder-map--<stance>` | A person's symbol and name, by stance. |
    | `stakeholder-map--chief` | The chief influencer mark (♛). |
    | `stakeholder-map--cursor` | The selected person. |
    | `stakeholder-map--axis` | Column heads and band names. |
    | `stakeholder-map--quadrant` | Quadrant names on the heavy lines. |
    | `stakeholder-map--rule` | Grid lines. |
    | `stakeholder-map--more` | "+N more" in a crowded cell. |
    | `stakeholder-map--band-alt` | Every other influence band (a faint stripe). |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up,k", "move('up')", "Up", show=False, id="map.up", tooltip="Move to the person above"
        ),
        Binding(
            "down,j",
            "move('down')",
            "Down",
            show=False,
            id="map.down",
            tooltip="Move to the person below",
        ),
        Binding(
            "left,h",
            "move('left')",
            "Left",
            show=False,
            id="map.left",
            tooltip="Move to the nearest person in the column to the left",
        ),
        Binding(
            "right,l",
            "move('right')",
            "Right",
            show=False,
            id="map.right",
            tooltip="Move to the nearest person in the column to the right",
        ),
        Binding("enter", "open", "Open", id="map.open", tooltip="Open them in People"),
    ]

    class Highlighted(Message):
        """The selection moved to another person."""

        def __init__(self, widget: StakeholderMap, person_id: int | None) -> None:
            super().__init__()
            self.widget = widget
            self.person_id = person_id

        @property
        def control(self) -> StakeholderMap:
            return self.widget

    class OpenRequested(Message):
        """Enter on a person: open them (in People)."""

        def __init__(self, widget: StakeholderMap, person_id: int) -> None:
            super().__init__()
            self.widget = widget
            self.person_id = person_id

        @property
        def control(self) -> StakeholderMap:
            return self.widget

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.situation = SituationMap(placements={}, cells={})
        self.private = False
        self.selected: int | None = None
        self._layout: Layout | None = None
        self._layout_stale = True  # the map changed: band heights may follow
        self._rows: list[tuple[str, int, int]] = []  # per line: (kind, band, row in band)
        self._band_top: dict[int, int] = {}  # band -> its first line
        self._cursor: tuple[int, int, int, int] | None = None  # (line, band, column, offset)
        self._paint_size = Size(0, 0)  # during a paint
        self._drawn: dict[int, tuple[object, Strip]] = {}  # y -> (what it shows, line)
        self._styles: dict[str, Style] = {}
        self._base: Style | None = None
        self._hits: dict[int, list[tuple[int, int, int]]] = {}  # y -> (x0, x1, person)

    # ------------------------------------------------------------------ data

    def show(
        self, situation: SituationMap, *, private: bool = False, select: int | None = None
    ) -> None:
        """Take a new map (computed once per change of the plan) and redraw what changed.

        Lines are kept by what they show (the cells of their band, the cursor, the
        counts): after a stance change only the lines of the cells the person left
        and entered, and the quadrant counts, are drawn again.
        """
        self.situation = situation
        if private != self.private:
            self.private = private
            self._drawn.clear()
        if select is not None and select in situation.placements:
            self.selected = select
        elif self.selected not in situation.placements:
            best = min(situation.placements.values(), key=lambda p: p.rank, default=None)
            self.selected = best.person if best else None
        self._layout_stale = True
        self._cursor = None
        if self._drawn and self.is_mounted:
            self._plan_lines()
            width = self.size.width
            for y in range(len(self._rows)):
                drawn = self._drawn.get(y)
                if drawn is None or drawn[0] != self._line_key(y):
                    self.refresh(Region(0, y, width, 1))
        else:
            self.refresh()
        self.post_message(self.Highlighted(self, self.selected))

    def _forget(self) -> None:
        self._layout = None
        self._cursor = None
        self._drawn.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._base = None
        self._drawn.clear()

    def on_resize(self, _event: events.Resize) -> None:
        self._forget()

    @property
    def placement(self) -> Placement | None:
        return self.situation.placements.get(self.selected) if self.selected is not None else None

    # --------------------------------------------------------------- actions

    def _select(self, target: int) -> None:
        """Move the cursor: only the lines it leaves and enters are redrawn (a whole band
        when a crowded cell scrolls to it)."""
        before = self._cursor_line()
        self.selected = target
        self._cursor = None
        after = self._cursor_line()
        width = self.size.width
        for where in (before, after):
            if where is None:
                continue
            y, band, _column, _offset = where
            scrolled = any(w is not None and w[3] for w in (before, after))
            if scrolled:  # a crowded cell scrolled to (or back from) the cursor
                for line, (kind, b, _row) in enumerate(self._rows):
                    if kind == "band" and b == band:
                        self.refresh(Region(0, line, width, 1))
            else:
                self.refresh(Region(0, y, width, 1))
        self.post_message(self.Highlighted(self, target))

    def action_move(self, direction: str) -> None:
        if self.selected is None:
            return
        target = move(self.situation, self.selected, direction)
        if target != self.selected:
            self._select(target)

    def action_open(self) -> None:
        if self.selected is not None:
            self.post_message(self.OpenRequested(self, self.selected))

    def on_click(self, event: events.Click) -> None:
        """A click selects the person under it; a second click opens them."""
        at = event.get_content_offset(self)
        if at is None:  # on the border
            return
        for x0, x1, pid in self._hits.get(at.y, []):
            if x0 <= at.x < x1:
                if pid != self.selected:
                    self._select(pid)
                elif event.chain >= 2:
                    self.action_open()
                return

    # --------------------------------------------------------------- drawing

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            # what the class sets (partial), in colours blended over the background as
            # drawn (theme colours like $text-muted carry an alpha)
            part = self.get_component_rich_style(f"stakeholder-map--{name}", partial=True)
            full = self.get_component_rich_style(f"stakeholder-map--{name}")
            style = self._styles[name] = part + Style(
                color=full.color if part.color else None,
                bgcolor=full.bgcolor if part.bgcolor else None,
            )
        return style

    def _plan_lines(self) -> Layout:
        """The layout for the current size, and what each line of it shows."""
        width, height = self._paint_size if self._paint_size.width else self.size
        stale = self._layout is None or self._layout.size != (width, height)
        if self._layout_stale or stale:
            self._layout_stale = False
            new = layout(width, height, self.situation)
            if new == self._layout:
                return new
            self._layout = new
            rows = [("heads", 0, 0), ("rule", INFLUENTIAL_BAND + 1, 0)]
            for band in range(len(BAND_NAMES) - 1, -1, -1):
                if band == INFLUENTIAL_BAND - 1:
                    rows.append(("rule", band, 0))
                self._band_top[band] = len(rows)
                rows.extend(("band", band, row) for row in range(self._layout.heights[band]))
            self._rows = rows[:height]
            self._cursor = None
            self._drawn.clear()
            self.refresh()
        assert self._layout is not None
        return self._layout

    def _line_key(self, y: int) -> object:
        """What line ``y`` shows: the same key, the same line."""
        kind, band, row = self._rows[y]
        if kind == "heads":
            return kind
        if kind == "rule":
            return (kind, band, tuple(self.situation.counts.items()))
        cursor = self._cursor_line()
        assert self._layout is not None
        return (
            band,
            row,
            self._layout.heights[band],
            tuple(self.situation.cells.get((c, band)) for c in range(len(COLUMNS))),
            # the cursor: on this line, or scrolling a crowded cell of this band
            self.selected if cursor is not None and cursor[0] == y else None,
            cursor[2:] if cursor is not None and cursor[1] == band and cursor[3] else None,
        )

    def _cell_view(self, col: int, band: int, lines: int) -> tuple[int, int]:
        """(names shown, first shown) of a cell: scrolled to the cursor when it is there."""
        n = len(self.situation.cell(col, band))
        shown = lines if n <= lines else lines - 1
        sel = self.placement
        if n <= shown or sel is None or (sel.column, sel.band) != (col, band):
            return shown, 0
        i = self.situation.index[sel.person]
        return shown, (max(0, min(i - shown + 1, n - shown)) if shown else i)

    def _cursor_line(self) -> tuple[int, int, int, int] | None:
        """(line, band, column, offset of its cell) of the cursor, or None."""
        if self._cursor is None:
            sel = self.placement
            if sel is None or not self._rows:
                return None
            lay = self._plan_lines()
            shown, offset = self._cell_view(sel.column, sel.band, lay.heights[sel.band])
            row = self.situation.index[sel.person] - offset if shown else 0
            self._cursor = (self._band_top[sel.band] + row, sel.band, sel.column, offset)
        return self._cursor

    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint_size = self.size
        try:
            return super().render_lines(crop)
        finally:
            self._paint_size = Size(0, 0)

    def render_line(self, y: int) -> Strip:
        lay = self._plan_lines()
        width = lay.size[0]
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        if not self.situation.placements:
            if y:
                return Strip.blank(width, base)
            text = " No one on the map yet: add people in People (1)."
            return Strip([Segment(text, base)]).adjust_cell_length(width, base)
        if y >= len(self._rows):
            return Strip.blank(width, base)
        kind, band, row = self._rows[y]
        key = self._line_key(y)  # (styles changing clear the drawn lines)
        drawn = self._drawn.get(y)
        if drawn is not None and drawn[0] == key:
            return drawn[1]
        lines = MapLines(
            self.situation, lay, self._style, self._cell_view, self.selected, self.private
        )
        if kind == "heads":
            strip = lines.heads(base)
        elif kind == "rule":
            strip = lines.rule(base, band)
        else:
            strip = lines.band_line(base, band, row, self._hits.setdefault(y, []))
        strip = strip.adjust_cell_length(width, base)
        self._drawn[y] = (key, strip)
        return strip
