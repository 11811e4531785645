"""Influence: who leads whom (step 1 of the method; ``docs/method.md`` has the formulas).

The evidence, read the way a coach reads a room:

- ``defers_to`` and ``listens_to`` ties, by their absolute strength (1–3): a
  strong tie carries three times a weak one, whatever else the follower records;
- the eyes of the room: every *held* meeting whose ``looked_to`` names someone
  counts as each attendee having looked to that person (as strong as a tie of
  strength 1 per meeting, up to 3), whether it came through the debrief form or
  not; a debrief that also wrote a tie is not counted twice (the stronger wins);
- the ear of deciders: a decider starts with more influence to pass on, so
  having her ear counts for more.

Each person's influence is their own base (1, a decider 3) plus a share of the
influence of everyone who follows them. A follower passes ``PASS × strength /
BUDGET`` of their influence along their strongest tie, however many other ties
they have (recording weaker extra ties of a decider never demotes the person
she listens to most); the other ties share the rest of the budget. Solved by
iteration, plain Python, O(ties × iterations); deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol

from allies.store.model import (
    Interest,
    Meeting,
    MeetingStatus,
    Meta,
    Person,
    Tie,
    TieKind,
    Trade,
    Win,
)
from allies.store.names import labels

BASE = 1.0  # everyone's own influence
DECIDER_BASE = 3.0  # a decider's: her ear is worth having
PASS = 0.6  # the most of a follower's influence that a full budget of ties passes on
BUDGET = 9.0  # tie strength a follower can spread without diluting: three strong ties
MAX_STRENGTH = 3  # one pair's evidence counts at most as one strong tie
ROOM_FLOOR = 0.1  # the weight in a room of someone nobody follows (see ``weight``)
MAX_ITERATIONS = 100
TOLERANCE = 1e-9
CHIEF_COUNT = 5
INFLUENCE_KINDS = (TieKind.DEFERS_TO, TieKind.LISTENS_TO)


class Plan(Protocol):
    """What the rules read: the Repository's read attributes (or any stand-in)."""

    @property
    def meta(self) -> Meta: ...
    @property
    def people(self) -> Mapping[int, Person]: ...
    @property
    def ties(self) -> Mapping[int, Tie]: ...
    @property
    def interests(self) -> Mapping[int, Interest]: ...
    @property
    def trades(self) -> Mapping[int, Trade]: ...
    @property
    def wins(self) -> Mapping[int, Win]: ...
    @property
    def meetings(self) -> Mapping[int, Meeting]: ...


class Influence(NamedTuple):
    """One person's influence: a 0–100 score (top = 100), a rank (1 = top), a room weight.

    ``weight`` is what the person's stance weighs in a room (consensus): the
    influence others give them, plus a decider's own, plus a small floor — a
    person nobody follows weighs ``ROOM_FLOOR``.
    """

    person: int
    score: float
    rank: int
    weight: float = ROOM_FLOOR


Edges = dict[int, dict[int, float]]
"""Follower → {leader: strength of the evidence, 1–3}."""


def looks(plan: Plan) -> dict[tuple[int, int], int]:
    """(attendee, person looked to) → number of held meetings where the room looked to them."""
    people = plan.people
    counts: dict[tuple[int, int], int] = {}
    for m in plan.meetings.values():
        if m.status is not MeetingStatus.HELD or not m.looked_to:
            continue
        for leader in m.looked_to:
            if leader not in people:
                continue
            for pid in m.attendees:
                if pid != leader and pid in people:
                    counts[pid, leader] = counts.get((pid, leader), 0) + 1
    return counts


def looked_to_meetings(plan: Plan) -> dict[int, int]:
    """Person → number of held meetings in which the room looked to them."""
    counts: dict[int, int] = {}
    for m in plan.meetings.values():
        if m.status is MeetingStatus.HELD:
            for leader in dict.fromkeys(m.looked_to):
                if leader in plan.people:
                    counts[leader] = counts.get(leader, 0) + 1
    return counts


def influence_edges(plan: Plan) -> Edges:
    """Follower → {leader: evidence 1–3} from defers_to / listens_to ties and the room's eyes.

    Ties naming someone not in the plan, or a person to themselves, are ignored.
    """
    people = plan.people
    edges: Edges = {}
    for tie in plan.ties.values():
        if tie.kind not in INFLUENCE_KINDS or tie.source == tie.target:
            continue
        if tie.source not in people or tie.target not in people:
            continue
        out = edges.setdefault(tie.source, {})
        out[tie.target] = min(MAX_STRENGTH, out.get(tie.target, 0.0) + float(tie.strength))
    for (follower, leader), n in looks(plan).items():
        out = edges.setdefault(follower, {})
        out[leader] = max(out.get(leader, 0.0), float(min(MAX_STRENGTH, n)))
    return edges


def _links(ids: list[int], edges: Edges) -> list[tuple[int, int, float]]:
    """Every tie as (follower index, leader index, share of the follower's influence passed)."""
    index = {pid: i for i, pid in enumerate(ids)}
    links: list[tuple[int, int, float]] = []
    for i, pid in enumerate(ids):
        out = edges.get(pid)
        if not out:
            continue
        ordered = sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))
        (top, top_w), rest = ordered[0], ordered[1:]
        links.append((i, index[top], PASS * top_w / BUDGET))
        spread = max(BUDGET, sum(out.values()))
        links.extend((i, index[t], PASS * w / spread) for t, w in rest)
    return links


def _solve(ids: list[int], deciders: set[int], edges: Edges) -> list[float]:
    """Each person's influence: own base plus the shares passed on by their followers."""
    base = [DECIDER_BASE if pid in deciders else BASE for pid in ids]
    links = _links(ids, edges)
    value = base[:]
    for _ in range(MAX_ITERATIONS):
        nxt = base[:]
        for i, j, share in links:
            nxt[j] += value[i] * share
        delta = sum(abs(a - b) for a, b in zip(nxt, value, strict=True))
        value = nxt
        if delta < TOLERANCE * len(ids):
            break
    return value


def influence(plan: Plan, edges: Edges | None = None) -> dict[int, Influence]:
    """Every person's influence score, rank and room weight, by person id.

    With no evidence at all, everyone scores 0 and ranks by name. Callers that
    ask often go through ``store.analysis``, which caches the result.
    """
    return _influence(plan, influence_edges(plan) if edges is None else edges)


def _influence(plan: Plan, edges: Edges) -> dict[int, Influence]:
    people = plan.people
    ids = sorted(people)
    deciders = {pid for pid in ids if people[pid].decider}
    raw = _solve(ids, deciders, edges)
    weights = {pid: ROOM_FLOOR + r - BASE for pid, r in zip(ids, raw, strict=True)}
    if edges or deciders:
        top = max(raw)
        scores = {pid: round(100.0 * r / top, 6) for pid, r in zip(ids, raw, strict=True)}
    else:
        scores = dict.fromkeys(ids, 0.0)
    order = sorted(ids, key=lambda pid: (-scores[pid], people[pid].name.casefold(), pid))
    return {
        pid: Influence(person=pid, score=scores[pid], rank=rank, weight=round(weights[pid], 6))
        for rank, pid in enumerate(order, start=1)
    }


def led_people(plan: Plan, edges: Edges | None = None) -> set[int]:
    """People whom at least one other person defers to, listens to or looked to in a room."""
    edges = influence_edges(plan) if edges is None else edges
    return {leader for out in edges.values() for leader in out}


def chief_influencers(
    plan: Plan, scores: dict[int, Influence] | None = None, edges: Edges | None = None
) -> list[int]:
    """The top five by rank among the people someone follows (ties or the room's eyes).

    A decider nobody is recorded as following is not a chief however high she
    ranks: her rank is her own weight as a decider, not evidence that others follow her.
    """
    edges = influence_edges(plan) if edges is None else edges
    scores = scores if scores is not None else influence(plan, edges)
    led = led_people(plan, edges)
    ranked = sorted((s for s in scores.values() if s.person in led), key=lambda s: s.rank)
    return [s.person for s in ranked[:CHIEF_COUNT]]


class EvidenceIndex:
    """Who follows whom and the room's eyes, indexed once for many ``evidence`` calls."""

    def __init__(self, plan: Plan) -> None:
        people = plan.people
        self.defer: dict[int, set[int]] = {}
        self.listen: dict[int, set[int]] = {}
        for tie in plan.ties.values():
            if tie.source == tie.target or tie.source not in people:
                continue
            if tie.kind is TieKind.DEFERS_TO:
                self.defer.setdefault(tie.target, set()).add(tie.source)
            elif tie.kind is TieKind.LISTENS_TO:
                self.listen.setdefault(tie.target, set()).add(tie.source)
        self.rooms = looked_to_meetings(plan)


def evidence(
    plan: Plan,
    person_id: int,
    index: EvidenceIndex | None = None,
    names: Mapping[int, str] | None = None,
) -> tuple[str, ...]:
    """Why this person counts, in words: who follows them, the room's eyes, deciders.

    ``names``: each person's label (``store.names.labels``), when already at hand.
    """
    people = plan.people
    index = index if index is not None else EvidenceIndex(plan)
    defer = index.defer.get(person_id, set())
    listen = index.listen.get(person_id, set())
    out: list[str] = []
    if defer:
        out.append(_count(len(defer), "defers", "defer") + " to them")
    if listen:
        out.append(_count(len(listen), "listens", "listen") + " to them")
    rooms = index.rooms.get(person_id, 0)
    if rooms:
        out.append(f"the room looked to them in {rooms} meeting{'s' * (rooms != 1)}")
    ears = sorted(
        (people[p] for p in (defer | listen) if people[p].decider),
        key=lambda p: (p.name.casefold(), p.id),
    )
    if ears and names is None:
        names = labels(people.values())
    for d in ears:
        name = names[d.id] if names is not None else d.name
        out.append(f"{name}{_role(d) if name == d.name else ' (a decider)'} listens to them")
    if people[person_id].decider:
        out.append("a decider")
    return tuple(out)


def _role(person: Person) -> str:
    return f" ({person.role}, a decider)" if person.role else " (a decider)"


def _count(n: int, one: str, many: str) -> str:
    return f"1 person {one}" if n == 1 else f"{n} people {many}"
