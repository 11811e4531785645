"""The stakeholder map's placement (store/situation_map.py): stance across, influence up."""

from __future__ import annotations

from allies.store.analysis import analysis_for
from allies.store.influence import Influence
from allies.store.model import Person, Stance, Tie, TieKind
from allies.store.repository import Repository
from allies.store.situation_map import COLUMNS, Quadrant, band, place, quadrant, situation_map


def test_quadrants_use_the_methods_words() -> None:
    assert quadrant(Stance.OPPOSED, 3) is Quadrant.WIN_OVER
    assert quadrant(Stance.NEUTRAL, 2) is Quadrant.WIN_OVER  # not yet with you
    assert quadrant(Stance.SUPPORTIVE, 2) is Quadrant.KEEP_CLOSE
    assert quadrant(Stance.CHAMPION, 0) is Quadrant.KEEP_INFORMED
    assert quadrant(Stance.SKEPTICAL, 1) is Quadrant.WATCH
    assert quadrant(Stance.UNKNOWN, 3) is Quadrant.UNREAD  # set apart
    assert Quadrant.WIN_OVER.hint == "influential, not yet with you"


def test_bands_run_from_the_top_share_down_to_nobody_following() -> None:
    assert band(100, chief=True, led=True) == 3
    assert band(30, chief=False, led=True) == 2
    assert band(3, chief=True, led=True) == 2  # a chief influencer is influential
    assert band(3, chief=False, led=True) == 1
    assert band(0, chief=False, led=False) == 0


def test_cells_hold_people_best_first_and_where_finds_them() -> None:
    people = {
        i: Person(id=i, name=n, stance=s, decider=i == 3)
        for i, n, s in (
            (1, "Ann", Stance.OPPOSED),
            (2, "Bo", Stance.OPPOSED),
            (3, "Cy", Stance.UNKNOWN),
        )
    }
    scores = {1: Influence(1, 10.0, 2), 2: Influence(2, 100.0, 1), 3: Influence(3, 0.0, 3)}
    m = place(people, scores, chiefs=[2, 1], led={1, 2})
    assert [p.name for p in m.cell(0, 2)] == ["Ann"]
    assert [p.name for p in m.cell(0, 3)] == ["Bo"]
    assert m.where(3) == (COLUMNS.index(Stance.UNKNOWN), 0, 0)
    assert m.placements[3].decider and not m.placements[3].chief
    assert m.count(Quadrant.WIN_OVER) == 2
    assert m.where(99) is None


def test_the_demo_map_reads_as_the_method_does(demo_repo: Repository) -> None:
    m = situation_map(analysis_for(demo_repo))
    names = {p.name: p for p in m.placements.values()}
    assert names["Dana Whitfield"].quadrant is Quadrant.WIN_OVER  # influential, neutral
    assert names["Sam Patel"].quadrant is Quadrant.KEEP_CLOSE
    assert names["Priya Raman"].quadrant is Quadrant.WATCH
    assert names["Victor Novak"].quadrant is Quadrant.UNREAD
    assert sum(len(c) for c in m.cells.values()) == len(demo_repo.people)


def test_a_stance_change_moves_the_person_across(repo: Repository) -> None:
    a = repo.add(Person(id=0, name="Ann", stance=Stance.SKEPTICAL)).id
    b = repo.add(Person(id=0, name="Bo")).id
    repo.add(Tie(id=0, source=b, target=a, kind=TieKind.DEFERS_TO))
    before = situation_map(analysis_for(repo)).placements[a]
    repo.set_stance(a, Stance.SUPPORTIVE)
    after = situation_map(analysis_for(repo)).placements[a]
    assert (before.column, after.column) == (1, 3)
    assert before.band == after.band == 3
    assert (before.quadrant, after.quadrant) == (Quadrant.WIN_OVER, Quadrant.KEEP_CLOSE)


def test_a_new_map_re_places_only_what_changed(demo_repo: Repository) -> None:
    before = situation_map(analysis_for(demo_repo))
    dana = next(p.id for p in demo_repo.people.values() if p.name == "Dana Whitfield")
    demo_repo.set_stance(dana, Stance.SUPPORTIVE)
    after = situation_map(analysis_for(demo_repo), before)
    assert after.placements[dana].column == 3 and before.placements[dana].column == 2
    kept = [pid for pid in after.placements if after.placements[pid] is before.placements[pid]]
    assert len(kept) == len(demo_repo.people) - 1  # everyone else kept as they were
    assert after.cell(4, 2) is before.cell(4, 2)  # an untouched cell is the same object
    assert after.cell(3, 2) is not before.cell(3, 2)
    assert after == situation_map(analysis_for(demo_repo))  # the same map as made afresh
