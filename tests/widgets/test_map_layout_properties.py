"""Properties of the map's placement, geometry and moves, over random plans (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from allies.store.influence import Influence
from allies.store.model import Person, Stance
from allies.store.situation_map import COLUMNS, Quadrant, SituationMap, place, quadrant
from allies.widgets.map_layout import FIXED_LINES, layout, move

people_st = st.lists(
    st.tuples(st.sampled_from(list(Stance)), st.floats(0, 100), st.booleans()),
    min_size=1,
    max_size=60,
)


def build(rows: list[tuple[Stance, float, bool]]) -> SituationMap:
    people = {
        i: Person(id=i, name=f"P{i}", stance=s, decider=d) for i, (s, _x, d) in enumerate(rows)
    }
    order = sorted(range(len(rows)), key=lambda i: -rows[i][1])
    scores = {i: Influence(i, rows[i][1], order.index(i) + 1) for i in range(len(rows))}
    return place(people, scores, chiefs=order[:5], led=set(order[: len(order) // 2]))


@settings(max_examples=60, deadline=None)
@given(people_st)
def test_everyone_is_placed_once_in_the_quadrant_of_their_cell(rows) -> None:
    m = build(rows)
    placed = [p.person for cell in m.cells.values() for p in cell]
    assert sorted(placed) == list(range(len(rows)))
    for (col, band), cell in m.cells.items():
        for i, p in enumerate(cell):
            assert (p.column, p.band) == (col, band) and COLUMNS[col] is p.stance
            assert m.where(p.person) == (col, band, i)
            assert p.quadrant is quadrant(p.stance, band)
    assert sum(m.counts.values()) == len(rows)
    assert m.count(Quadrant.UNREAD) == sum(1 for s, _x, _d in rows if s is Stance.UNKNOWN)


@settings(max_examples=60, deadline=None)
@given(people_st, st.integers(20, 220), st.integers(8, 70))
def test_the_layout_fits_any_size(rows, width, height) -> None:
    m = build(rows)
    lay = layout(width, height, m)
    assert all(h >= 1 for h in lay.heights)
    assert sum(lay.heights) == max(len(lay.heights), height - FIXED_LINES)


@settings(max_examples=60, deadline=None)
@given(people_st, st.lists(st.sampled_from(["up", "down", "left", "right"]), max_size=30))
def test_moves_land_on_someone_and_down_walks_the_whole_column(rows, keys) -> None:
    m = build(rows)
    here = 0
    for key in keys:
        here = move(m, here, key)
        assert here in m.placements
    column = m.placements[here].column
    top = here
    while (up := move(m, top, "up")) != top:
        top = up
    seen = [top]
    while (down := move(m, seen[-1], "down")) != seen[-1]:
        seen.append(down)
    assert sorted(seen) == sorted(p for p, pl in m.placements.items() if pl.column == column)
