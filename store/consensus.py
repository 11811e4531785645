"""Consensus in a room: whose stance weighs what (step 6 of the method).

Each person weighs by their influence in the plan (``Influence.weight``: a
junior nobody follows adds little), and their stance counts on a scale, so a
neutral is not an opponent and an unknown is not support. Consensus is the
weighted support over the weight of the room, 0–1. The holdouts are the
smallest set of people whose move to supportive would reach the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from allies.store.influence import ROOM_FLOOR, Influence
from allies.store.model import Person, Stance, percent

__all__ = ["SUPPORT", "Consensus", "consensus", "percent", "weight_of"]

SUPPORT: dict[Stance, float] = {
    Stance.CHAMPION: 1.0,
    Stance.SUPPORTIVE: 0.8,
    Stance.NEUTRAL: 0.35,
    Stance.SKEPTICAL: 0.15,
    Stance.OPPOSED: 0.0,
    Stance.UNKNOWN: 0.0,  # not read yet is not support
}
"""How much of a person's weight counts as support, by stance."""

WON = SUPPORT[Stance.SUPPORTIVE]  # what a holdout counts for once won over
EPSILON = 1e-9


class Consensus(NamedTuple):
    """A room's consensus (0–1), its threshold, and the holdouts that would lift it.

    ``holdouts``: the fewest people whose move to supportive reaches the
    threshold, most decisive first; ``lifted`` is the consensus with them won.
    ``reachable`` is False when even winning everyone would not reach it
    (then ``holdouts`` holds every non-ally).
    """

    share: float
    threshold: float
    holdouts: tuple[int, ...]
    lifted: float
    reachable: bool

    @property
    def reached(self) -> bool:
        return self.share >= self.threshold - EPSILON


def weight_of(scores: Mapping[int, Influence], pid: int) -> float:
    found = scores.get(pid)
    return found.weight if found is not None else ROOM_FLOOR


def consensus(
    people: Mapping[int, Person],
    room: Iterable[int],
    scores: Mapping[int, Influence],
    threshold: float,
) -> Consensus:
    """The consensus of ``room`` (person ids; unknown ids and repeats are skipped)."""
    ids = [pid for pid in dict.fromkeys(room) if pid in people]
    weight = {pid: weight_of(scores, pid) for pid in ids}
    total = sum(weight.values())
    if not total:
        return Consensus(0.0, threshold, (), 0.0, False)
    support = sum(weight[pid] * SUPPORT[people[pid].stance] for pid in ids)
    share = support / total
    gains = sorted(
        (
            (weight[pid] * (WON - SUPPORT[people[pid].stance]), pid)
            for pid in ids
            if not people[pid].stance.is_ally
        ),
        key=lambda g: (-g[0], people[g[1]].name.casefold(), g[1]),
    )
    holdouts: list[int] = []
    lifted = support
    if share < threshold - EPSILON:
        for gain, pid in gains:
            holdouts.append(pid)
            lifted += gain
            if lifted / total >= threshold - EPSILON:
                break
    reachable = lifted / total >= threshold - EPSILON
    return Consensus(share, threshold, tuple(holdouts), lifted / total, reachable)
