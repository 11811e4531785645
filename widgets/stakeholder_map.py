"""The stakeholder map: stance across, influence up, the method's four quadrants.

Data in (``show`` with a ``SituationMap``), messages out (``Highlighted``,
``OpenRequested``). Drawn line by line (Line API): the lines are built once
per change of data, size, selection or colours, from the cells on screen only
— a crowded cell shows its top names and a count, so a 1,000-person plan
draws as fast as a ten-person one.

Colours come from the component classes (``themes/map.tcss``, theme
variables); every stance also has its own symbol, the quadrant lines are
heavy, and chief influencers (★) and deciders (◆) are marked, so colour is
never the only cue.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from allies.store.model import Stance
from allies.store.situation_map import (
    BAND_NAMES,
    COLUMNS,
    INFLUENTIAL_BAND,
    Placement,
    Quadrant,
    SituationMap,
)
from allies.widgets.map_layout import Layout, layout, move
from allies.widgets.stance import MASK

UNKNOWN_COLUMN = len(COLUMNS) - 1
SHORT_HEADS = {Stance.SKEPTICAL: "skeptic", Stance.SUPPORTIVE: "support", Stance.CHAMPION: "champ"}


class StakeholderMap(Widget, can_focus=True):
    """Everyone on one grid; the arrow keys move between people by position."""

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
    | `stakeholder-map--chief` | The chief influencer mark (★). |
    | `stakeholder-map--cursor` | The selected person. |
    | `stakeholder-map--axis` | Column heads and band names. |
    | `stakeholder-map--quadrant` | Quadrant names on the heavy lines. |
    | `stakeholder-map--rule` | Grid lines. |
    | `stakeholder-map--more` | "+N more" in a crowded cell. |
    | `stakeholder-map--band-alt` | Every other influence band (a faint stripe). |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move('up')", "Up", show=False, id="map.up"),
        Binding("down,j", "move('down')", "Down", show=False, id="map.down"),
        Binding("left,h", "move('left')", "Left", show=False, id="map.left"),
        Binding("right,l", "move('right')", "Right", show=False, id="map.right"),
        Binding("enter", "open", "Open", id="map.open", tooltip="Open them in People"),
    ]
    """
    | Key | Action |
    | :- | :- |
    | ↑ ↓ ← → / h j k l | Move to the nearest person that way on the map |
    | enter | Open the person in the People view |
    """

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
        self._lines: list[Strip] | None = None
        self._hits: dict[int, list[tuple[int, int, int]]] = {}  # y -> (x0, x1, person)
        self._layout: Layout | None = None

    # ------------------------------------------------------------------ data

    def show(
        self, situation: SituationMap, *, private: bool = False, select: int | None = None
    ) -> None:
        """Take a new map (computed once per change of the plan) and redraw."""
        self.situation = situation
        self.private = private
        if select is not None and select in situation.placements:
            self.selected = select
        elif self.selected not in situation.placements:
            best = min(situation.placements.values(), key=lambda p: p.rank, default=None)
            self.selected = best.person if best else None
        self._forget()
        self.post_message(self.Highlighted(self, self.selected))

    def _forget(self) -> None:
        self._lines = None
        self._layout = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None

    def on_resize(self, _event: events.Resize) -> None:
        self._forget()

    @property
    def placement(self) -> Placement | None:
        return self.situation.placements.get(self.selected) if self.selected else None

    # --------------------------------------------------------------- actions

    def action_move(self, direction: str) -> None:
        if self.selected is None:
            return
        target = move(self.situation, self.selected, direction)
        if target != self.selected:
            self.selected = target
            self._lines = None
            self.refresh()
            self.post_message(self.Highlighted(self, target))

    def action_open(self) -> None:
        if self.selected is not None:
            self.post_message(self.OpenRequested(self, self.selected))

    def on_click(self, event: events.Click) -> None:
        for x0, x1, pid in self._hits.get(event.y, []):
            if x0 <= event.x < x1:
                if pid != self.selected:
                    self.selected = pid
                    self._lines = None
                    self.refresh()
                    self.post_message(self.Highlighted(self, pid))
                elif event.chain >= 2:
                    self.action_open()
                return

    # --------------------------------------------------------------- drawing

    def render_line(self, y: int) -> Strip:
        if self._lines is None:
            self._lines = self._draw()
        return self._lines[y] if y < len(self._lines) else Strip.blank(self.size.width)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"stakeholder-map--{name}", partial=True)

    def _draw(self) -> list[Strip]:
        width, height = self.size
        if self._layout is None or self._layout.size != (width, height):
            self._layout = layout(width, height, self.situation)
        lay = self._layout
        base = self.rich_style
        self._hits = {}
        if not self.situation.placements:
            return [Strip([Segment(" No one on the map yet: add people in People (1).", base)])]
        lines = [self._heads(lay, base), self._rule(lay, base, INFLUENTIAL_BAND + 1)]
        for band in range(len(BAND_NAMES) - 1, -1, -1):
            if band == INFLUENTIAL_BAND - 1:
                lines.append(self._rule(lay, base, band))
            for row in range(lay.heights[band]):
                lines.append(self._band_line(lay, base, band, row, len(lines)))
        return [line.adjust_cell_length(width, base) for line in lines[:height]]

    def _heads(self, lay: Layout, base: Style) -> Strip:
        axis = base + self._style("axis")
        segs = [Segment(" " * lay.gutter, base)]
        for col, stance in enumerate(COLUMNS):
            w = lay.widths[col]
            word = f"{stance.symbol} {stance.value}"
            if cell_len(word) > w:
                word = f"{stance.symbol} {SHORT_HEADS.get(stance, stance.value)}"
            segs.append(Segment(set_cell_size(word.center(w), w), axis + self._style(stance.value)))
            segs.append(Segment(lay.seps[col], base))
        return Strip(segs)

    def _rule(self, lay: Layout, base: Style, band_above: int) -> Strip:
        """The heavy line above the influential bands, or between them and the rest."""
        rule, label = base + self._style("rule"), base + self._style("quadrant")
        top = band_above > INFLUENTIAL_BAND
        left_q, right_q = (
            (Quadrant.WIN_OVER, Quadrant.KEEP_CLOSE)
            if top
            else (Quadrant.WATCH, Quadrant.KEEP_INFORMED)
        )
        segs = [Segment(" " * (lay.gutter - 1) + "┼", rule)]
        left_w = sum(lay.widths[:3]) + 2
        right_w = sum(lay.widths[3:5]) + 1
        for quadrant, w in ((left_q, left_w), (right_q, right_w)):
            segs.extend(self._titled(quadrant, w, rule, label))
            if quadrant is left_q:
                segs.append(Segment("┳" if top else "╋", rule))
        segs.append(Segment(" ┊", rule))
        if top:
            segs.extend(self._titled(Quadrant.UNREAD, lay.widths[UNKNOWN_COLUMN], rule, label, "┄"))
        else:
            segs.append(Segment(" " * lay.widths[UNKNOWN_COLUMN], base))
        return Strip(segs)

    def _titled(
        self, quadrant: Quadrant, width: int, rule: Style, label: Style, line: str = "━"
    ) -> list[Segment]:
        count = self.situation.count(quadrant)
        name = quadrant.value.upper()
        title = f" {name} "
        for candidate in (f" {name} {count} · {quadrant.hint} ", f" {name} {count} "):
            if cell_len(candidate) + 1 <= width:
                title = candidate
                break
        if cell_len(title) + 1 > width:
            title = set_cell_size(title, max(0, width - 2)) + "…"
        return [
            Segment(line, rule),
            Segment(title, label),
            Segment(line * max(0, width - 1 - cell_len(title)), rule),
        ]

    def _band_line(self, lay: Layout, base: Style, band: int, row: int, y: int) -> Strip:
        if band % 2 == 1:
            base = base + self._style("band-alt")
        axis = f"{BAND_NAMES[band]:>4} ┤" if row == 0 else "     │"
        segs = [Segment(set_cell_size(axis, lay.gutter), base + self._style("axis"))]
        x = lay.gutter
        hits = self._hits.setdefault(y, [])
        rule = base + self._style("rule")
        for col in range(len(COLUMNS)):
            w = lay.widths[col]
            segs.extend(self._cell_line(col, band, row, lay.heights[band], w, base, x, hits))
            segs.append(Segment(lay.seps[col], rule))
            x += w + cell_len(lay.seps[col])
        return Strip(segs)

    def _cell_line(
        self,
        col: int,
        band: int,
        row: int,
        lines: int,
        width: int,
        base: Style,
        x: int,
        hits: list[tuple[int, int, int]],
    ) -> list[Segment]:
        cell = self.situation.cell(col, band)
        n = len(cell)
        shown = lines if n <= lines else lines - 1
        selected = self.placement
        offset = 0
        if n > shown and selected is not None and (selected.column, selected.band) == (col, band):
            i = cell.index(selected)
            offset = max(0, min(i - shown + 1, n - shown)) if shown else i
        if shown == 0:  # one line for a crowded cell: the selected (or top) name and a count
            person = cell[offset]
            more = f" +{n - 1}"
            more_style = base + self._style("more")
            return [
                *self._person(person, width - cell_len(more), base, x, hits),
                Segment(more, more_style),
            ]
        if row < shown:
            i = offset + row
            if i >= n:
                return [Segment(" " * width, base)]
            return self._person(cell[i], width, base, x, hits)
        hidden = n - shown
        text = f" +{hidden}"
        for candidate in (f" +{hidden} more of {n}", f" +{hidden} more"):
            if cell_len(candidate) <= width:
                text = candidate
                break
        return [Segment(set_cell_size(text, width), base + self._style("more"))]

    def _person(
        self, p: Placement, width: int, base: Style, x: int, hits: list[tuple[int, int, int]]
    ) -> list[Segment]:
        if width <= 0:
            return []
        style = base + self._style(p.stance.value)
        if p.person == self.selected:
            style = style + self._style("cursor")
        marks = ("★" if p.chief else "") + ("◆" if p.decider else "")
        name = MASK if self.private else p.name
        room = width - 3 - cell_len(marks)
        name = short_name(name, room)
        segs = [Segment(f" {p.stance.symbol} {name}", style)]
        used = 3 + cell_len(name)
        if marks and used + cell_len(marks) <= width:
            segs.append(Segment("★" if p.chief else "", style + self._style("chief")))
            segs.append(Segment("◆" if p.decider else "", style))
            used += cell_len(marks)
        segs.append(Segment(" " * max(0, width - used), base))
        hits.append((x, x + width, p.person))
        return segs


def short_name(name: str, room: int) -> str:
    """The name in ``room`` cells: whole, else ``First L.``, else cut with an ellipsis."""
    if room <= 0:
        return ""
    if cell_len(name) <= room:
        return name
    parts = name.split()
    if len(parts) > 1:
        initials = f"{parts[0]} {parts[-1][0]}."
        if cell_len(initials) <= room:
            return initials
    return set_cell_size(name, room - 1) + "…"
