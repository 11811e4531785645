"""Whom to approach next, through whom, and what to do after a "no".

Steps 2, 3 and 5 of the method (``docs/method.md`` has the rules): the best
next ally is someone the other influencers respect, who is open to the agenda,
and who is ready to be won (a trade on the table answers one of their
interests, or an ally already has their ear). A decider is reached through the
people who have her ear: they come before her. Opposed and skeptical chief
influencers stay in view above people nobody follows. Every suggestion says
why, in words, with names.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from allies.store.influence import (
    INFLUENCE_KINDS,
    Edges,
    Influence,
    Plan,
    chief_influencers,
    influence,
    influence_edges,
    led_people,
)
from allies.store.model import Interest, InterestStatus, Stance, TieKind, TradeStatus
from allies.store.names import labels, listed

ALLY_STANCES = frozenset(s for s in Stance if s.is_ally)
NO_STANCES = (Stance.OPPOSED, Stance.SKEPTICAL)

# How open a stance is to being won; allies are done and never suggested.
OPENNESS: dict[Stance, float] = {
    Stance.UNKNOWN: 1.0,
    Stance.NEUTRAL: 1.0,
    Stance.SKEPTICAL: 0.6,
    Stance.OPPOSED: 0.3,
}
TRADE_LIFT = 1.3  # an open trade answers one of their open interests
ALLY_EAR_LIFT = 1.3  # they defer or listen to an ally
DECIDER_EAR_LIFT = 1.5  # a decider listens to them: the road to her goes through them
MIN_RESPECT = 1.0  # so people without ties still rank by openness and readiness

_STANCE_WORDS = {
    Stance.UNKNOWN: "stance not read yet",
    Stance.NEUTRAL: "neutral",
    Stance.SKEPTICAL: "skeptical",
    Stance.OPPOSED: "opposed",
}


class Suggestion(NamedTuple):
    """A person to approach next, with a score (higher first) and the reasons in words.

    ``action``: the one next step with them, in words (what to offer, whom to ask);
    ``counts``: someone follows them, or they decide (False: a person nobody follows).
    """

    person: int
    score: float
    reasons: tuple[str, ...]
    action: str = ""
    counts: bool = True


class Channel(NamedTuple):
    """Someone the target trusts: a person to ask what the target wants."""

    person: int
    is_ally: bool
    last_contact: date | None
    strength: int


def approach_next(
    plan: Plan,
    scores: dict[int, Influence] | None = None,
    chiefs: list[int] | None = None,
    *,
    edges: Edges | None = None,
    knowledge: Knowledge | None = None,
) -> list[Suggestion]:
    """Everyone not yet an ally, best next ally first.

    Score = respect (influence, at least ``MIN_RESPECT``) × openness × readiness
    (lifts for an open trade, an ally's ear, a decider's ear). People someone
    follows, deciders and chief influencers come before people nobody follows;
    a decider comes after the non-allies who have her ear. Ties broken by name, then id.
    """
    scores = scores if scores is not None else influence(plan)
    edges = edges if edges is not None else influence_edges(plan)
    chiefs = chiefs if chiefs is not None else chief_influencers(plan, scores, edges)
    people = plan.people
    followers: dict[int, set[int]] = {}  # leader -> the people who defer or listen to them
    leaders: dict[int, set[int]] = {}  # follower -> the people they defer or listen to
    strength: dict[tuple[int, int], int] = {}  # (follower, leader) -> strongest tie
    for tie in plan.ties.values():
        if tie.kind not in INFLUENCE_KINDS or tie.source == tie.target:
            continue
        if tie.source not in people or tie.target not in people:
            continue
        followers.setdefault(tie.target, set()).add(tie.source)
        leaders.setdefault(tie.source, set()).add(tie.target)
        pair = (tie.source, tie.target)
        strength[pair] = max(strength.get(pair, 0), tie.strength)
    led = led_people(plan, edges)
    allies = {pid for pid, p in people.items() if p.stance in ALLY_STANCES}
    knowledge = knowledge if knowledge is not None else Knowledge(plan)
    shown = knowledge.names
    by_influence = {
        pid: (-scores[pid].score if pid in scores else 0.0, p.name.casefold(), pid)
        for pid, p in people.items()
    }.__getitem__

    ranked: list[tuple[tuple[object, ...], Suggestion]] = []
    ears_of: dict[int, list[int]] = {}
    for pid, person in people.items():
        if pid in allies:
            continue
        reasons: list[str] = []
        respect = max(scores[pid].score if pid in scores else 0.0, MIN_RESPECT)
        fans = sorted(followers.get(pid, ()), key=by_influence)
        plain_fans = [f for f in fans if not people[f].decider]
        if plain_fans:
            reasons.append(f"respected by {listed([shown[f] for f in plain_fans])}")
        readiness = 1.0
        deciders = [f for f in fans if people[f].decider]
        if deciders:
            readiness *= DECIDER_EAR_LIFT
            reasons.append(f"has the ear of {listed([shown[d] for d in deciders])} (decider)")
        ally_ears = sorted(allies.intersection(leaders.get(pid, ())), key=by_influence)
        if person.decider:
            ears = sorted(
                leaders.get(pid, ()),
                key=lambda e: (-strength.get((pid, e), 0), *by_influence(e)),
            )
            ears_of[pid] = [e for e in ears if e not in allies]
            reasons.append(_decider_road(shown[pid], ears, allies, shown))
        openness = OPENNESS.get(person.stance, 1.0)
        reasons.append(_STANCE_WORDS.get(person.stance, person.stance.value))
        if knowledge.open_trade(pid) is not None and knowledge.interest(pid) is not None:
            readiness *= TRADE_LIFT
        if ally_ears:
            readiness *= ALLY_EAR_LIFT
            if not person.decider:  # a decider's road already names them
                who = listed([shown[a] for a in ally_ears])
                reasons.append(
                    f"{who} (ally) has their ear"
                    if len(ally_ears) == 1
                    else f"{who} (allies) have their ear"
                )
        action = knowledge.next_step(pid)
        reasons += knowledge.advice(pid, besides=action)
        if ally_ears:
            action += f"; bring {listed([shown[a] for a in ally_ears[:2]])}, who has their ear"
        if pid in chiefs and person.stance in NO_STANCES and knowledge.open_trade(pid) is None:
            reasons.append("beyond the no: no alternative on the table yet")
        score = round(respect * openness * readiness, 2)
        counts = pid in led or person.decider or pid in chiefs
        key = (not counts, -score, person.name.casefold(), pid)
        suggestion = Suggestion(pid, score, tuple(reasons), action, bool(counts))
        ranked.append((key, suggestion))
    ranked.sort(key=lambda pair: pair[0])
    return _deciders_after_their_ears([s for _, s in ranked], ears_of)


def _decider_road(name: str, ears: list[int], allies: set[int], names: Mapping[int, str]) -> str:
    """How to reach a decider: through whom she listens to, or find that out first."""
    if not ears:
        return f"a decider: find out whom {name} listens to first"
    shown = [f"{names[e]} (ally)" if e in allies else names[e] for e in ears]
    if len(shown) == 1:
        return f"a decider: reach them through {shown[0]}, who has their ear"
    return (
        f"a decider: reach them through {', '.join(shown[:-1])} and {shown[-1]}, who have their ear"
    )


def _deciders_after_their_ears(
    ranked: list[Suggestion], ears_of: dict[int, list[int]]
) -> list[Suggestion]:
    """Hold each decider back until the people who have her ear (still to win) are listed."""
    listed = {s.person for s in ranked}
    missing = {d: {e for e in ears if e in listed and e != d} for d, ears in ears_of.items()}
    waits_on: dict[int, list[int]] = {}  # ear-holder -> deciders waiting for them
    for d, ears in missing.items():
        for e in ears:
            waits_on.setdefault(e, []).append(d)
    held: dict[int, Suggestion] = {}
    out: list[Suggestion] = []

    def place(s: Suggestion) -> None:
        out.append(s)
        freed = []
        for d in waits_on.get(s.person, ()):
            missing[d].discard(s.person)
            if not missing[d] and d in held:
                freed.append(d)
        for d in sorted(freed, key=lambda d: order[d]):  # in their own order
            place(held.pop(d))

    order = {s.person: i for i, s in enumerate(ranked)}
    for s in ranked:
        if missing.get(s.person):
            held[s.person] = s
        else:
            place(s)
    # deciders who listen to each other: in their own order
    return out + sorted(held.values(), key=lambda s: order[s.person])


class Knowledge:
    """What is known of each person's agenda: their top open interest, trades, who told you."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.names = labels(plan.people.values())
        """Each person's name as said in advice (namesakes told apart)."""
        self._interests: dict[int, list[Interest]] = {}
        for i in plan.interests.values():
            if i.status is InterestStatus.OPEN:
                self._interests.setdefault(i.person, []).append(i)
        for found in self._interests.values():
            found.sort(key=lambda i: (-i.priority, i.id))
        self._open: dict[int, int] = {}  # person -> first open trade, known interest first
        self._declined: dict[int, int] = {}  # person -> latest declined trade
        open_key: dict[int, tuple[bool, int]] = {}
        interests = plan.interests
        for t in plan.trades.values():
            if t.status is TradeStatus.DECLINED:
                if t.id > self._declined.get(t.person, 0):
                    self._declined[t.person] = t.id
                continue
            if not t.status.is_open:
                continue
            answered = interests.get(t.interest) if t.interest is not None else None
            if answered is not None and answered.status is not InterestStatus.OPEN:
                continue  # it answers an interest addressed or dropped: moot
            key = (t.interest is None, t.id)
            if t.person not in open_key or key < open_key[t.person]:
                open_key[t.person] = key
                self._open[t.person] = t.id
        self._trust = trust_index(plan)
        people = plan.people
        self._ally_ears: dict[int, list[tuple[int, int]]] = {}  # person -> (strength, ally)
        for tie in plan.ties.values():
            if (
                tie.kind in INFLUENCE_KINDS
                and tie.target in people
                and tie.source != tie.target
                and people[tie.target].stance.is_ally
            ):
                self._ally_ears.setdefault(tie.source, []).append((tie.strength, tie.target))

    def interest(self, pid: int) -> Interest | None:
        """Their most important open interest, when one is known."""
        found = self._interests.get(pid)
        return found[0] if found else None

    def open_trade(self, pid: int) -> int | None:
        """Their first open trade (answering a known interest first)."""
        return self._open.get(pid)

    def declined(self, pid: int) -> int | None:
        """Their latest declined trade."""
        return self._declined.get(pid)

    def next_step(self, pid: int) -> str:
        """The one next step with this person, in words."""
        interest = self.interest(pid)
        trade_id = self.open_trade(pid)
        if trade_id is not None:
            trade = self.plan.trades[trade_id]
            return f"offer '{trade.offer}'" + (f" for '{trade.ask}'" if trade.ask else "")
        declined_id = self.declined(pid)
        if declined_id is not None and interest is not None:
            return f"find another offer on '{interest.text}' (they declined the last)"
        if interest is not None:
            return f"put a trade on the table for '{interest.text}'"
        return self.agenda_step(pid)

    def agenda_step(self, pid: int) -> str:
        """The next step while nothing they want is known: ask someone they trust."""
        name = self.names[pid]
        channel = self.channel(pid)
        if channel is not None:
            return f"ask {self.names[channel]} what {name} wants"
        return f"learn what {name} wants (no one they trust is recorded)"

    def agenda_question(self, pid: int) -> str:
        """The advice while nothing they want is known: whom to ask, or to find someone to ask."""
        name = self.names[pid]
        channel = self.channel(pid)
        if channel is not None:
            return f"ask {self.names[channel]} what {name} wants"
        return f"find someone {name} trusts, to learn what they want"

    def advice(self, pid: int, *, besides: str = "") -> list[str]:
        """What you know of their agenda and what to do with it, in words.

        The known interest and an open or declined trade; a trusted channel only
        while no interest of theirs is known (once learned, through it or not, the
        advice moves on to what to offer). ``besides``: the next step shown with
        it, which the advice then does not say a second time in other words.
        """
        people = self.plan.people
        out: list[str] = []
        interest = self.interest(pid)
        trade_id = self.open_trade(pid)
        declined_id = self.declined(pid)
        if interest is not None:
            told = interest.learned_from if interest.learned_from in people else None  # 0: none
            via = f" (learned from {self.names[told]})" if told is not None else ""
            out.append(f"wants: {interest.text}{via}")
        if trade_id is not None:
            trade = self.plan.trades[trade_id]
            answered = self.plan.interests.get(trade.interest) if trade.interest else None
            what = ""
            if answered is not None:
                what = " for it" if answered == interest else f" for their interest {answered.text}"
            out.append(f"you can offer {trade.offer}{what} ({trade.status.value})")
        elif declined_id is not None:
            offer = self.plan.trades[declined_id].offer
            if interest is not None:
                out.append(f"they declined {offer}: find another offer for that interest")
            else:
                out.append(f"they declined {offer}: learn what they want instead")
        elif interest is not None and besides != self.next_step(pid):
            out.append("no trade on the table yet: offer something for that interest")
        if interest is None and not (besides and besides == self.agenda_step(pid)):
            out.append(self.agenda_question(pid))
        return out

    def channel(self, pid: int) -> int | None:
        """Whom to ask what this person wants: someone they trust, else an ally they follow."""
        channels = trusted_channels(self.plan, pid, self._trust)
        if channels:
            return channels[0].person
        people = self.plan.people
        ears = sorted(
            self._ally_ears.get(pid, ()),
            key=lambda st: (-st[0], people[st[1]].name.casefold(), st[1]),
        )
        return ears[0][1] if ears else None


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
    """Opposed or skeptical chief influencers and deciders with no open trade ("beyond the no").

    A decider counts even when no tie is recorded: her no decides. Pass
    ``chiefs`` (from ``chief_influencers`` on the same scores) to save recomputing them.
    """
    if chiefs is None:
        chiefs = chief_influencers(plan, scores if scores is not None else influence(plan))
    with_trade = {t.person for t in plan.trades.values() if t.status.is_open}
    people = plan.people
    deciders = sorted(
        (pid for pid, p in people.items() if p.decider and pid not in chiefs),
        key=lambda pid: (people[pid].name.casefold(), pid),
    )
    return [
        pid
        for pid in [*chiefs, *deciders]
        if people[pid].stance in NO_STANCES and pid not in with_trade
    ]


def beyond_no_advice(plan: Plan, person_id: int, knowledge: Knowledge | None = None) -> str:
    """What to do after this person's "no": the known interest, the declined trade, a channel."""
    knowledge = knowledge if knowledge is not None else Knowledge(plan)
    return "look past the no: " + "; ".join(knowledge.advice(person_id))
