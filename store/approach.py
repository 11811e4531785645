"""Whom to approach next, through whom, and whose "no" needs an alternative.

docs/method.md, steps 2, 3 and 5 of the method: the best next ally is someone the
other influencers respect, who is open to the agenda, and who is ready to be
won (a trade on the table answers one of their interests, or an ally already
has their ear). Every suggestion says why, in words, with names.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from allies.store.influence import (
    INFLUENCE_KINDS,
    Influence,
    Plan,
    chief_influencers,
    influence,
)
from allies.store.model import InterestStatus, Person, Stance, TieKind

ALLY_STANCES = frozenset(s for s in Stance if s.is_ally)

# How open a stance is to being won; allies are done and never suggested.
OPENNESS: dict[Stance, float] = {
    Stance.UNKNOWN: 1.0,
    Stance.NEUTRAL: 1.0,
    Stance.SKEPTICAL: 0.6,
    Stance.OPPOSED: 0.3,
}
TRADE_LIFT = 1.3  # an open trade answers one of their open interests
ALLY_EAR_LIFT = 1.3  # they defer or listen to an ally
MIN_RESPECT = 1.0  # so people without ties still rank by openness and readiness
NAMES_SHOWN = 3

_STANCE_WORDS = {
    Stance.UNKNOWN: "stance not read yet",
    Stance.NEUTRAL: "neutral",
    Stance.SKEPTICAL: "skeptical",
    Stance.OPPOSED: "opposed",
}


class Suggestion(NamedTuple):
    """A person to approach next, with a score (higher first) and the reasons in words."""

    person: int
    score: float
    reasons: tuple[str, ...]


class Channel(NamedTuple):
    """Someone the target trusts: a person to ask what the target wants."""

    person: int
    is_ally: bool
    last_contact: date | None
    strength: int


def names(people: list[Person], limit: int = NAMES_SHOWN) -> str:
    """'Dana', 'Dana and Lee', 'Dana, Lee and Sam', 'Dana, Lee, Sam and 2 others'."""
    shown = [p.name for p in people[:limit]]
    rest = len(people) - len(shown)
    if rest > 0:
        shown.append(f"{rest} other" if rest == 1 else f"{rest} others")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def approach_next(plan: Plan, scores: dict[int, Influence] | None = None) -> list[Suggestion]:
    """Everyone not yet an ally, best next ally first (ties broken by name, then id)."""
    scores = scores if scores is not None else influence(plan)
    people = plan.people
    followers: dict[int, set[int]] = {}  # leader -> the people who defer or listen to them
    leaders: dict[int, set[int]] = {}  # follower -> the people they defer or listen to
    for tie in plan.ties.values():
        if tie.kind not in INFLUENCE_KINDS or tie.source == tie.target:
            continue
        if tie.source not in people or tie.target not in people:
            continue
        followers.setdefault(tie.target, set()).add(tie.source)
        leaders.setdefault(tie.source, set()).add(tie.target)
    offers = _offers_for_interests(plan)
    allies = {pid for pid, p in people.items() if p.stance in ALLY_STANCES}
    # Most influential first (then by name, then id): one key per person, made once.
    by_influence = {
        pid: (-scores[pid].score if pid in scores else 0.0, p.name.casefold(), pid)
        for pid, p in people.items()
    }.__getitem__

    result: list[Suggestion] = []
    for pid, person in people.items():
        if pid in allies:
            continue
        reasons: list[str] = []
        respect = max(scores[pid].score if pid in scores else 0.0, MIN_RESPECT)
        fans = sorted(followers.get(pid, ()), key=by_influence)
        if fans:
            reasons.append(f"respected by {names([people[f] for f in fans])}")
        if person.decider:
            reasons.append("a decider")
        openness = OPENNESS.get(person.stance, 1.0)
        reasons.append(_STANCE_WORDS.get(person.stance, person.stance.value))
        readiness = 1.0
        offer = offers.get(pid)
        if offer is not None:
            readiness *= TRADE_LIFT
            reasons.append(f"you can offer {offer[0]} for their interest {offer[1]}")
        ears = sorted(allies.intersection(leaders.get(pid, ())), key=by_influence)
        if ears:
            readiness *= ALLY_EAR_LIFT
            who = names([people[a] for a in ears])
            reasons.append(
                f"{who} (ally) has their ear"
                if len(ears) == 1
                else f"{who} (allies) have their ear"
            )
        score = round(respect * openness * readiness, 2)
        result.append(Suggestion(person=pid, score=score, reasons=tuple(reasons)))
    result.sort(key=lambda s: (-s.score, people[s.person].name.casefold(), s.person))
    return result


def _offers_for_interests(plan: Plan) -> dict[int, tuple[str, str]]:
    """Person → (offer, interest text) for their best open trade answering an open interest."""
    best: dict[int, tuple[tuple[int, int], tuple[str, str]]] = {}
    for trade in plan.trades.values():
        if not trade.status.is_open or trade.interest is None:
            continue
        interest = plan.interests.get(trade.interest)
        if interest is None or interest.person != trade.person:
            continue
        if interest.status is not InterestStatus.OPEN:
            continue
        key = (-interest.priority, trade.id)  # highest priority first, then oldest trade
        if trade.person not in best or key < best[trade.person][0]:
            best[trade.person] = (key, (trade.offer, interest.text))
    return {pid: pair for pid, (_, pair) in best.items()}


def trust_index(plan: Plan) -> dict[int, dict[int, int]]:
    """Truster → {trusted person: strongest trust tie}, for many ``trusted_channels`` calls."""
    people = plan.people
    index: dict[int, dict[int, int]] = {}
    for tie in plan.ties.values():
        if tie.kind is not TieKind.TRUSTS or tie.source == tie.target:
            continue
        if tie.source not in people or tie.target not in people:
            continue
        mine = index.setdefault(tie.source, {})
        mine[tie.target] = max(mine.get(tie.target, 0), tie.strength)
    return index


def trusted_channels(
    plan: Plan, person_id: int, index: dict[int, dict[int, int]] | None = None
) -> list[Channel]:
    """Whom this person trusts: allies first, then stronger trust, then most recent contact.

    Pass ``index`` (from :func:`trust_index`) when asking for many people at once.
    """
    people = plan.people
    if index is None:
        index = trust_index(plan)
    channels = [
        Channel(
            person=pid,
            is_ally=people[pid].stance.is_ally,
            last_contact=people[pid].last_contact,
            strength=strength,
        )
        for pid, strength in index.get(person_id, {}).items()
    ]
    channels.sort(
        key=lambda c: (
            not c.is_ally,
            -c.strength,
            c.last_contact is None,
            -(c.last_contact.toordinal() if c.last_contact else 0),
            people[c.person].name.casefold(),
            c.person,
        )
    )
    return channels


def beyond_no(
    plan: Plan, scores: dict[int, Influence] | None = None, chiefs: list[int] | None = None
) -> list[int]:
    """Opposed or skeptical chief influencers with no open trade ("beyond the no").

    Pass ``chiefs`` (from ``chief_influencers`` on the same scores) to save recomputing them.
    """
    if chiefs is None:
        chiefs = chief_influencers(plan, scores if scores is not None else influence(plan))
    with_trade = {t.person for t in plan.trades.values() if t.status.is_open}
    return [
        pid
        for pid in chiefs
        if plan.people[pid].stance in (Stance.OPPOSED, Stance.SKEPTICAL) and pid not in with_trade
    ]
