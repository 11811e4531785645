"""The network around one person: two hops of ties, and who can introduce you.

Steps 1 and 3 of the method: whose lead a person follows, whose ear they
have, whom they trust — and, the other way, who follows them. Two hops at
most, strongest ties first, a few per person, so it reads on a small screen.

The **introduction path** runs from an ally to the person through people
each of whom the next one defers to, listens to or trusts: the ally has the
ear of someone who has the person's ear. The shortest such path wins, then
the strongest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from allies.store.model import Person, Tie, TieKind

FIRST_HOP_MAX = 6  # ties shown each way around the person
SECOND_HOP_MAX = 2  # further ties shown under each of those
KIND_ORDER = {TieKind.DEFERS_TO: 0, TieKind.LISTENS_TO: 1, TieKind.TRUSTS: 2}


@dataclass(frozen=True, slots=True)
class Link:
    """The ties one way between the person it hangs under and ``other``.

    ``outward``: the near person defers to / listens to / trusts ``other``
    (``other`` has their ear); otherwise ``other`` does so to the near person.
    """

    other: int
    kinds: tuple[TieKind, ...]  # defers_to / listens_to / trusts, in that order
    strength: int  # the strongest of those ties, 1–3
    outward: bool
    further: tuple[Link, ...] = ()  # the second hop, under this one


@dataclass(frozen=True, slots=True)
class Network:
    """Two hops around ``centre``, and the introduction path (ally first, centre last)."""

    centre: int
    has_their_ear: tuple[Link, ...]  # the centre defers to / listens to / trusts them
    follows_them: tuple[Link, ...]  # they defer to / listen to / trust the centre
    path: tuple[int, ...]
    hidden: int = 0  # first-hop ties left out for space

    @property
    def people(self) -> frozenset[int]:
        """Everyone shown."""
        found = {self.centre, *self.path}
        for link in (*self.has_their_ear, *self.follows_them):
            found.add(link.other)
            found.update(f.other for f in link.further)
        return frozenset(found)


class TieIndex:
    """Ties by source and by target, built once per version of the ties."""

    def __init__(self, ties: Mapping[int, Tie], people: Mapping[int, Person]) -> None:
        self.out: dict[int, list[Tie]] = {}
        self.into: dict[int, list[Tie]] = {}
        for tie in ties.values():
            if tie.source == tie.target or tie.source not in people or tie.target not in people:
                continue
            self.out.setdefault(tie.source, []).append(tie)
            self.into.setdefault(tie.target, []).append(tie)
        for index in (self.out, self.into):
            for found in index.values():
                found.sort(key=_strongest_first)


def _strongest_first(tie: Tie) -> tuple[int, int, int]:
    return (-tie.strength, KIND_ORDER[tie.kind], tie.id)


def _links(index: TieIndex, pid: int, outward: bool, skip: set[int], limit: int) -> list[Link]:
    ties = index.out.get(pid, []) if outward else index.into.get(pid, [])
    kinds: dict[int, set[TieKind]] = {}
    strength: dict[int, int] = {}
    for tie in ties:  # strongest first: the first tie to someone sets their place
        other = tie.target if outward else tie.source
        if other in skip:
            continue
        kinds.setdefault(other, set()).add(tie.kind)
        strength[other] = max(strength.get(other, 0), tie.strength)
    found = [
        Link(other, tuple(sorted(ks, key=KIND_ORDER.__getitem__)), strength[other], outward)
        for other, ks in kinds.items()
    ]
    return found[:limit]


def network(
    centre: int, people: Mapping[int, Person], ties: Mapping[int, Tie] | TieIndex
) -> Network:
    """The network around ``centre`` (a person id of ``people``)."""
    index = ties if isinstance(ties, TieIndex) else TieIndex(ties, people)
    sides: list[tuple[Link, ...]] = []
    hidden = 0
    for outward in (True, False):
        first = _links(index, centre, outward, {centre}, limit=len(people))
        hidden += max(0, len(first) - FIRST_HOP_MAX)
        shown = []
        for link in first[:FIRST_HOP_MAX]:
            further = _links(index, link.other, outward, {centre, link.other}, SECOND_HOP_MAX)
            shown.append(Link(link.other, link.kinds, link.strength, outward, tuple(further)))
        sides.append(tuple(shown))
    return Network(
        centre=centre,
        has_their_ear=sides[0],
        follows_them=sides[1],
        path=introduction(centre, people, index),
        hidden=hidden,
    )


def introduction(centre: int, people: Mapping[int, Person], index: TieIndex) -> tuple[int, ...]:
    """The shortest path (at most two hops) from an ally to ``centre``; () when none.

    Each step goes from someone to a person who has their ear: the centre's
    ear is held by those it defers to, listens to or trusts. An ally centre is
    its own path.
    """
    if centre not in people:
        return ()
    if people[centre].stance.is_ally:
        return (centre,)
    best: tuple[int, tuple[int, ...]] | None = None  # (-strength, path)
    for first in index.out.get(centre, []):
        mid = first.target
        if people[mid].stance.is_ally:
            candidate: tuple[int, tuple[int, ...]] = (-first.strength, (mid, centre))
            if best is None or candidate < best:
                best = candidate
    if best is not None:
        return best[1]
    for first in index.out.get(centre, []):
        mid = first.target
        for second in index.out.get(mid, []):
            ally = second.target
            if ally == centre or not people[ally].stance.is_ally:
                continue
            longer: tuple[int, tuple[int, ...]] = (
                -(first.strength + second.strength),
                (ally, mid, centre),
            )
            candidate = longer
            if best is None or candidate < best:
                best = candidate
    return best[1] if best else ()
