"""Every rule's answer for one version of a plan, computed at most once.

Screens read influence, approach-next, readiness and flags from an
``Analysis`` instead of recomputing them per row. ``analysis_for`` keeps one
per repository; when the plan changes, a new one reuses every answer whose
inputs did not change (a card move keeps the influence ranking; a stance
change keeps it too, since stances do not move influence), and computes the
others only when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast
from weakref import WeakKeyDictionary

from allies.store.approach import (
    Channel,
    Knowledge,
    Suggestion,
    approach_next,
    beyond_no,
    trust_index,
    trusted_channels,
)
from allies.store.influence import (
    Edges,
    EvidenceIndex,
    Influence,
    Plan,
    chief_influencers,
    evidence,
    influence,
    influence_edges,
)
from allies.store.names import labels

if TYPE_CHECKING:
    from allies.store.repository import Repository
    from allies.store.sequencing import Proposal, Readiness

T = TypeVar("T")

# What each answer reads: tables whose every change matters. "graph" is the
# influence graph: ties, plus who is in the plan and who decides.
DEPENDS: dict[str, tuple[str, ...]] = {
    "edges": ("graph",),
    "scores": ("graph",),
    "chiefs": ("graph",),
    "trust": ("graph",),
    "approach": ("graph", "people", "interests", "trades"),
    "knowledge": ("graph", "people", "interests", "trades"),
    "readiness": ("graph", "people", "meetings", "wins", "meta", "now"),
    "flagged_no": ("graph", "people", "trades"),
    "evidence_index": ("graph",),
    "labels": ("people",),
}


class Analysis:
    """The rules' results for one state of a plan (read-only; never writes)."""

    def __init__(
        self, plan: Plan, keys: dict[str, Hashable] | None = None, now: datetime | None = None
    ) -> None:
        self.plan = plan
        self.now = now if now is not None else datetime.now().astimezone()
        """The moment readiness is read at (a past planned one-on-one needs its debrief)."""
        self._keys = keys  # None: no versions known, compute everything afresh
        self._values: dict[str, Any] = {}
        self._channels: dict[int, list[Channel]] = {}
        self._approach_by_person: dict[int, Suggestion] | None = None
        self._evidence: dict[int, tuple[str, ...]] = {}

    def _key(self, name: str) -> Hashable:
        if self._keys is None:
            return None
        return tuple(self._keys[t] for t in DEPENDS[name])

    def _get(self, name: str, compute: Callable[[], T]) -> T:
        if name not in self._values:
            self._values[name] = compute()
        return cast(T, self._values[name])

    def inherit(self, older: Analysis) -> None:
        """Take over the older analysis's answers whose inputs did not change."""
        if self._keys is None or older._keys is None:
            return
        for name, value in older._values.items():
            if older._key(name) == self._key(name):
                self._values[name] = value
        # channels read the trust index and each person's stance and last contact
        if self._keys["graph"] == older._keys["graph"] and (
            self._keys["people"] == older._keys["people"]
        ):
            self._channels = older._channels
            self._evidence = older._evidence

    @property
    def edges(self) -> Edges:
        """The influence graph: follower → {leader: summed strength}."""
        return self._get("edges", lambda: influence_edges(self.plan))

    @property
    def scores(self) -> dict[int, Influence]:
        """Influence by person id (every person has one)."""
        return self._get("scores", lambda: influence(self.plan, self.edges))

    @property
    def chiefs(self) -> list[int]:
        """The chief influencers' ids, top first."""
        return self._get("chiefs", lambda: chief_influencers(self.plan, self.scores, self.edges))

    @property
    def approach(self) -> list[Suggestion]:
        """Everyone not yet an ally, best next ally first."""
        return self._get(
            "approach",
            lambda: approach_next(
                self.plan, self.scores, self.chiefs, edges=self.edges, knowledge=self.knowledge
            ),
        )

    @property
    def knowledge(self) -> Knowledge:
        """What is known of each person's agenda (interests, trades, channels), indexed once."""
        return self._get("knowledge", lambda: Knowledge(self.plan))

    @property
    def readiness(self) -> dict[int, Readiness]:
        """Readiness of each planned group meeting, by meeting id."""
        # imported when first asked: not at start-up
        from allies.store.sequencing import all_readiness

        return self._get("readiness", lambda: all_readiness(self.plan, self.scores, now=self.now))

    def proposals(self, today: date, now: datetime | None) -> list[Proposal]:
        """The one-on-ones to hold before each coming group meeting, from what is known here.

        ``now``: today's slots before it are gone (None: the whole of ``today`` is free).
        """
        from allies.store.sequencing import suggest_sequence

        return suggest_sequence(
            self.plan,
            today,
            self.scores,
            now=now,
            chiefs=self.chiefs,
            readiness=self.readiness,
            knowledge=self.knowledge,
        )

    @property
    def flagged_no(self) -> list[int]:
        """Opposed or skeptical chief influencers with no alternative on the table yet."""
        return self._get("flagged_no", lambda: beyond_no(self.plan, self.scores, self.chiefs))

    @property
    def labels(self) -> dict[int, str]:
        """Each person's name as said in words, namesakes told apart (``store.names``)."""
        return self._get("labels", lambda: labels(self.plan.people.values()))

    def evidence(self, person_id: int) -> tuple[str, ...]:
        """Why this person counts as an influencer, in words (who follows them, the room)."""
        found = self._evidence.get(person_id)
        if found is None:
            index = self._get("evidence_index", lambda: EvidenceIndex(self.plan))
            found = self._evidence[person_id] = evidence(self.plan, person_id, index, self.labels)
        return found

    def channels(self, person_id: int) -> list[Channel]:
        """Whom this person trusts (allies first): the people to ask what they want."""
        found = self._channels.get(person_id)
        if found is None:
            trust = self._get("trust", lambda: trust_index(self.plan))
            found = trusted_channels(self.plan, person_id, trust)
            self._channels[person_id] = found
        return found

    def suggestion(self, person_id: int) -> Suggestion | None:
        """This person's approach-next suggestion (None for allies)."""
        if self._approach_by_person is None:
            self._approach_by_person = {s.person: s for s in self.approach}
        return self._approach_by_person.get(person_id)

    def is_chief(self, person_id: int) -> bool:
        return person_id in self.chiefs


_CACHE: WeakKeyDictionary[Repository, tuple[int, Analysis]] = WeakKeyDictionary()


def _keys(repo: Repository, now: datetime) -> dict[str, Hashable]:
    keys: dict[str, Hashable] = dict(repo.table_versions)
    keys["graph"] = (
        repo.table_versions["ties"],
        tuple((p.id, p.decider, p.name) for p in repo.people.values()),  # names break rank ties
        # the eyes of the room: who was looked to in held meetings
        tuple(
            (m.id, m.attendees, m.looked_to)
            for m in repo.meetings.values()
            if m.looked_to and m.status.value == "held"
        ),
    )
    keys["now"] = now
    return keys


def analysis_for(repo: Repository, now: datetime | None = None) -> Analysis:
    """The analysis of the repository as it is now, cached until its version changes.

    ``now``: the moment readiness is read at (default: this moment, to the minute);
    a new minute recomputes readiness only.
    """
    # to the minute: a cursor move a second later reuses the same analysis
    now = (now if now is not None else datetime.now().astimezone()).replace(second=0, microsecond=0)
    cached = _CACHE.get(repo)
    if cached is not None and cached[0] == repo.version and cached[1].now == now:
        return cached[1]
    result = Analysis(repo, _keys(repo, now), now)
    if cached is not None:
        result.inherit(cached[1])
    _CACHE[repo] = (repo.version, result)
    return result
