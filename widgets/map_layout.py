"""Geometry of the stakeholder map, and moving between people by position.

Kept apart from the drawing so both are plain functions: the column widths
and band heights for a size, and the person an arrow key lands on.
"""

from __future__ import annotations

from dataclasses import dataclass

from allies.store.situation_map import BAND_NAMES, COLUMNS, SituationMap

GUTTER = 6  # band names on the left
SEPS = ("│", "│", "┃", "│", " ┊", "")  # after each column; ┃ splits for / not yet
FIXED_LINES = 3  # column heads, and the two quadrant lines


@dataclass(frozen=True, slots=True)
class Layout:
    size: tuple[int, int]
    gutter: int
    widths: tuple[int, ...]  # per column of COLUMNS
    seps: tuple[str, ...]
    heights: tuple[int, ...]  # lines per band, bottom (0) to top


def layout(width: int, height: int, situation: SituationMap) -> Layout:
    """Column widths (equal, unknown a little narrower) and band heights (by crowding)."""
    inner = max(0, width - GUTTER - sum(len(s) for s in SEPS))
    stances = len(COLUMNS) - 1
    unknown = min(max(8, inner // (stances + 1)), max(0, inner - 4 * stances))
    col, extra = divmod(max(0, inner - unknown), stances)
    # what does not divide evenly widens the stance columns from the left
    widths = (*(col + (1 if i < extra else 0) for i in range(stances)), unknown)
    bands = len(BAND_NAMES)
    room = max(bands, height - FIXED_LINES)
    need = [
        max((len(situation.cell(c, b)) for c in range(len(COLUMNS))), default=0)
        for b in range(bands)
    ]
    heights = [1] * bands
    spare = room - bands
    short = [max(0, n - 1) for n in need]
    if sum(short) > spare:
        # crowded: lines shared in proportion to each band's crowd (largest remainder)
        shares = [spare * n / sum(short) for n in short]
        for b in range(bands):
            heights[b] += int(shares[b])
        left = spare - sum(int(x) for x in shares)
        for b in sorted(range(bands), key=lambda b: (int(shares[b]) - shares[b], -b))[:left]:
            heights[b] += 1
        spare = 0
    else:
        for b in range(bands):
            heights[b] += short[b]
        spare -= sum(short)
    # room left: shared out from the top among the bands with people, so the grid
    # fills the height and an empty band stays one line
    filled = [b for b in range(bands - 1, -1, -1) if need[b]] or list(range(bands - 1, -1, -1))
    i = 0
    while spare > 0:
        heights[filled[i % len(filled)]] += 1
        spare -= 1
        i += 1
    return Layout((width, height), GUTTER, widths, SEPS, tuple(heights))


def move(situation: SituationMap, person_id: int, direction: str) -> int:
    """The person one step ``direction`` (up/down/left/right) from ``person_id`` on the map.

    Up and down go through the column, cell by cell from the top band down;
    left and right go to the nearest column with anyone in it, to the person
    nearest in band and place. Stays put at an edge.
    """
    here = situation.where(person_id)
    if here is None:
        return person_id
    col, band, index = here
    if direction in ("up", "down"):
        column = [
            p.person for b in range(len(BAND_NAMES) - 1, -1, -1) for p in situation.cell(col, b)
        ]
        i = column.index(person_id) + (-1 if direction == "up" else 1)
        return column[i] if 0 <= i < len(column) else person_id
    step = -1 if direction == "left" else 1
    c = col + step
    while 0 <= c < len(COLUMNS):
        best: tuple[int, int, int] | None = None
        for b in range(len(BAND_NAMES)):
            for i, p in enumerate(situation.cell(c, b)):
                key = (abs(b - band), abs(i - index), p.person)
                if best is None or key < best:
                    best = key
        if best is not None:
            return best[2]
        c += step
    return person_id
