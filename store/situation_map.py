"""The stakeholder map: where each person stands (across) and how much they sway (up).

Step 1 and 5 of the method as a picture. Stance runs across, opposed to
champion, with "unknown" set apart (not read yet). Influence runs up in four
bands, from the influence scores (``store.influence``, read through
``store.analysis``): the top band holds people with most of the top person's
weight, the next the rest of the *influential* (chief influencers, or a good
share of the top score), then people someone follows, then everyone else.

The four quadrants carry the method's words:

* **win over** — influential, not yet with you (opposed, skeptical, neutral);
* **keep close** — influential allies;
* **keep informed** — allies with less sway;
* **watch** — less sway, not yet with you.

Everything here is plain data, computed once per version of the plan.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from allies.store.influence import Influence, led_people
from allies.store.model import STANCE_SCALE, Person, Stance
from allies.store.names import labels

if TYPE_CHECKING:
    from allies.store.analysis import Analysis

BAND_NAMES = ("low", "some", "high", "top")
"""Influence bands, bottom (0) to top (3)."""
TOP_SHARE = 60.0  # this share of the way from the lowest score to the top: the top band
INFLUENTIAL_SHARE = 25.0  # ... and this share makes anyone influential, chief or not
INFLUENTIAL_BAND = 2  # bands from here up are "influential"
COLUMNS: tuple[Stance, ...] = (*STANCE_SCALE, Stance.UNKNOWN)
"""Map columns, left to right: the stance scale, then unknown apart."""


class Quadrant(StrEnum):
    """Where a person sits on the map, in the method's words."""

    WIN_OVER = "win over"
    KEEP_CLOSE = "keep close"
    KEEP_INFORMED = "keep informed"
    WATCH = "watch"
    UNREAD = "unread"  # stance unknown: find out where they stand

    @property
    def hint(self) -> str:
        """What to do about the people in it, in a few words."""
        return _HINTS[self]


_HINTS = {
    Quadrant.WIN_OVER: "influential, not yet with you",
    Quadrant.KEEP_CLOSE: "influential allies",
    Quadrant.KEEP_INFORMED: "allies with less sway",
    Quadrant.WATCH: "less sway, not yet with you",
    Quadrant.UNREAD: "stance not read yet",
}


def quadrant(stance: Stance, band: int) -> Quadrant:
    """The quadrant of a stance in an influence band."""
    if stance is Stance.UNKNOWN:
        return Quadrant.UNREAD
    influential = band >= INFLUENTIAL_BAND
    if stance.is_ally:
        return Quadrant.KEEP_CLOSE if influential else Quadrant.KEEP_INFORMED
    return Quadrant.WIN_OVER if influential else Quadrant.WATCH


def band(score: float, *, chief: bool, led: bool, floor: float = 0.0, top: float = 100.0) -> int:
    """The influence band (0 low … 3 top) of a score, read between the plan's lowest
    score (``floor``: what anyone has, followed or not) and its highest (``top``)."""
    share = 100.0 * (score - floor) / (top - floor) if top > floor else 0.0
    if share >= TOP_SHARE:
        return 3
    if chief or share >= INFLUENTIAL_SHARE:
        return 2
    return 1 if led else 0


@dataclass(frozen=True, slots=True)
class Placement:
    """One person on the map."""

    person: int
    name: str
    stance: Stance
    score: float
    rank: int
    band: int  # 0 (low) … 3 (top)
    column: int  # index in COLUMNS; 5 is unknown
    chief: bool
    decider: bool

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.stance, self.band)


Cell = tuple[Placement, ...]
"""The people of one (column, band) cell, most influential first."""


@dataclass(frozen=True, slots=True)
class SituationMap:
    """Everyone placed, and the cells they fall in."""

    placements: Mapping[int, Placement]
    cells: Mapping[tuple[int, int], Cell]  # (column, band) -> people, best first
    counts: Mapping[Quadrant, int] = field(default_factory=dict)  # people per quadrant
    index: Mapping[int, int] = field(default_factory=dict)  # person -> place in their cell
    sources: Mapping[int, Person] = field(default_factory=dict)  # the records placed
    basis: tuple[object, ...] = ()  # the scores, chiefs and led it was placed by

    def cell(self, column: int, band: int) -> Cell:
        return self.cells.get((column, band), ())

    def count(self, q: Quadrant) -> int:
        """How many people sit in a quadrant."""
        return self.counts.get(q, 0)

    def where(self, person_id: int) -> tuple[int, int, int] | None:
        """(column, band, index in its cell) of a person, or None."""
        p = self.placements.get(person_id)
        if p is None:
            return None
        i = self.index.get(person_id)
        return p.column, p.band, self.cell(p.column, p.band).index(p) if i is None else i


def place(
    people: Mapping[int, Person],
    scores: Mapping[int, Influence],
    chiefs: Sequence[int],
    led: Collection[int] = (),
    previous: SituationMap | None = None,
    names: Mapping[int, str] | None = None,
) -> SituationMap:
    """Place every person: stance column, influence band, best first in each cell.

    ``names``: each person's label (``store.names.labels``: namesakes told apart),
    when already at hand.

    With the ``previous`` map of the same scores, people whose records did not
    change keep their placement, and cells whose people did not change are the
    same objects (a stance change re-places one person; drawers can tell what moved).
    """
    names = names if names is not None else labels(people.values())
    chief_set = set(chiefs)
    basis = (scores, tuple(chiefs), frozenset(led))
    floor = min((s.score for s in scores.values()), default=0.0)
    top = max((s.score for s in scores.values()), default=100.0)
    old: Mapping[int, Placement] = {}
    sources: Mapping[int, Person] = {}
    if (
        previous is not None
        and previous.basis[:1]
        and previous.basis[0] is scores
        and previous.basis[1:] == basis[1:]
    ):
        old, sources = previous.placements, previous.sources
    placements: dict[int, Placement] = {}
    cells: dict[tuple[int, int], list[Placement]] = {}
    column_of = {s: i for i, s in enumerate(COLUMNS)}
    for pid, person in people.items():
        kept = old.get(pid)
        if kept is not None and sources.get(pid) is person and kept.name == names[pid]:
            placements[pid] = kept
            cells.setdefault((kept.column, kept.band), []).append(kept)
            continue
        inf = scores.get(pid)
        score, rank = (inf.score, inf.rank) if inf is not None else (0.0, len(people))
        chief = pid in chief_set
        p = Placement(
            person=pid,
            name=names[pid],
            stance=person.stance,
            score=score,
            rank=rank,
            band=band(score, chief=chief, led=pid in led, floor=floor, top=top),
            column=column_of[person.stance],
            chief=chief,
            decider=person.decider,
        )
        placements[pid] = p
        cells.setdefault((p.column, p.band), []).append(p)
    ordered = {key: tuple(sorted(ps, key=_BEST_FIRST)) for key, ps in cells.items()}
    if previous is not None:
        for key, cell in ordered.items():
            if previous.cells.get(key) == cell:
                ordered[key] = previous.cells[key]
    counts: dict[Quadrant, int] = {}
    index = {p.person: i for ps in ordered.values() for i, p in enumerate(ps)}
    for (column, band_no), ps in cells.items():
        q = quadrant(COLUMNS[column], band_no)
        counts[q] = counts.get(q, 0) + len(ps)
    return SituationMap(
        placements=placements,
        cells=ordered,
        counts=counts,
        index=index,
        sources=dict(people),
        basis=basis,
    )


def _best_first(p: Placement) -> tuple[int, str, int]:
    return (p.rank, p.name.casefold(), p.person)


_BEST_FIRST = _best_first


def situation_map(analysis: Analysis, previous: SituationMap | None = None) -> SituationMap:
    """The map of the plan an analysis was made for (its scores, chiefs and edges);
    ``previous``: the map of an earlier version, to re-place only what changed."""
    plan = analysis.plan
    led = led_people(plan, analysis.edges)
    return place(plan.people, analysis.scores, analysis.chiefs, led, previous, analysis.labels)
