"""The lines of the stakeholder map, drawn from a layout and the placed people.

Kept apart from the widget (which owns the cursor, the keys and the cache of
drawn lines): given the map, the geometry, the colours and the cursor, each
method draws one kind of line — the column heads, a quadrant rule, a line of
an influence band.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from allies.store.model import Stance
from allies.store.situation_map import (
    BAND_NAMES,
    COLUMNS,
    INFLUENTIAL_BAND,
    Placement,
    Quadrant,
    SituationMap,
)
from allies.widgets.map_layout import Layout
from allies.widgets.stance import CHIEF, DECIDER, MASK

UNKNOWN_COLUMN = len(COLUMNS) - 1
SHORT_HEADS = {Stance.SKEPTICAL: "skeptic", Stance.SUPPORTIVE: "support", Stance.CHAMPION: "champ"}
Hits = list[tuple[int, int, int]]
"""Where people are drawn on a line: (first column, end column, person id)."""


@dataclass(frozen=True, slots=True)
class MapLines:
    """Draws lines of one map at one size, in one set of colours, with one cursor."""

    situation: SituationMap
    lay: Layout
    style: Callable[[str], Style]  # a component class's style, by its short name
    cell_view: Callable[[int, int, int], tuple[int, int]]  # (names shown, first shown)
    selected: int | None
    private: bool

    def heads(self, base: Style) -> Strip:
        """The column heads: each stance's symbol and name."""
        axis = base + self.style("axis")
        segs = [Segment(" " * self.lay.gutter, base)]
        for col, stance in enumerate(COLUMNS):
            w = self.lay.widths[col]
            word = f"{stance.symbol} {stance.value}"
            if cell_len(word) > w:
                word = f"{stance.symbol} {SHORT_HEADS.get(stance, stance.value)}"
            segs.append(Segment(set_cell_size(word.center(w), w), axis + self.style(stance.value)))
            segs.append(Segment(self.lay.seps[col], base))
        return Strip(segs)

    def rule(self, base: Style, band_above: int) -> Strip:
        """The heavy line above the influential bands, or between them and the rest."""
        rule, label = base + self.style("rule"), base + self.style("quadrant")
        top = band_above > INFLUENTIAL_BAND
        left_q, right_q = (
            (Quadrant.WIN_OVER, Quadrant.KEEP_CLOSE)
            if top
            else (Quadrant.WATCH, Quadrant.KEEP_INFORMED)
        )
        segs = [Segment(" " * (self.lay.gutter - 1) + "┼", rule)]
        left_w = sum(self.lay.widths[:3]) + 2
        right_w = sum(self.lay.widths[3:5]) + 1
        for quadrant, w in ((left_q, left_w), (right_q, right_w)):
            segs.extend(self._titled(quadrant, w, rule, label))
            if quadrant is left_q:
                segs.append(Segment("┳" if top else "╋", rule))
        segs.append(Segment(" ┊", rule))
        if top:
            segs.extend(
                self._titled(Quadrant.UNREAD, self.lay.widths[UNKNOWN_COLUMN], rule, label, "┄")
            )
        else:
            segs.append(Segment(" " * self.lay.widths[UNKNOWN_COLUMN], base))
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

    def band_line(self, base: Style, band: int, row: int, hits: Hits) -> Strip:
        """One line of an influence band; where each person drawn on it is goes in ``hits``."""
        if band % 2 == 1:
            base = base + self.style("band-alt")
        axis = f"{BAND_NAMES[band]:>4} ┤" if row == 0 else "     │"
        segs = [Segment(set_cell_size(axis, self.lay.gutter), base + self.style("axis"))]
        x = self.lay.gutter
        rule = base + self.style("rule")
        for col in range(len(COLUMNS)):
            w = self.lay.widths[col]
            segs.extend(self._cell_line(col, band, row, w, base, x, hits))
            segs.append(Segment(self.lay.seps[col], rule))
            x += w + cell_len(self.lay.seps[col])
        return Strip(segs)

    def _cell_line(
        self, col: int, band: int, row: int, width: int, base: Style, x: int, hits: Hits
    ) -> list[Segment]:
        cell = self.situation.cell(col, band)
        n = len(cell)
        shown, offset = self.cell_view(col, band, self.lay.heights[band])
        if shown == 0:  # one line for a crowded cell: the selected (or top) name and a count
            person = cell[offset]
            more = f" +{n - 1}"
            more_style = base + self.style("more")
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
        return [Segment(set_cell_size(text, width), base + self.style("more"))]

    def _person(self, p: Placement, width: int, base: Style, x: int, hits: Hits) -> list[Segment]:
        if width <= 0:
            return []
        style = base + self.style(p.stance.value)
        if p.person == self.selected:
            style = style + self.style("cursor")
        marks = (CHIEF if p.chief else "") + (DECIDER if p.decider else "")
        name = MASK if self.private else p.name
        room = width - 3 - cell_len(marks)
        name = short_name(name, room)
        segs = [Segment(f" {p.stance.symbol} {name}", style)]
        used = 3 + cell_len(name)
        if marks and used + cell_len(marks) <= width:
            if used + 1 + cell_len(marks) <= width:
                segs.append(Segment(" ", style))
                used += 1
            segs.append(Segment(CHIEF if p.chief else "", style + self.style("chief")))
            segs.append(Segment(DECIDER if p.decider else "", style))
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
