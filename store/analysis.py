"""Every rule's answer for one version of a plan, computed once.

Screens read influence, approach-next, readiness and flags from an
``Analysis`` instead of recomputing them per row; ``analysis_for`` keeps one
per repository and builds a new one only when ``repo.version`` has moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from store.approach import (
    Channel,
    Suggestion,
    approach_next,
    beyond_no,
    trust_index,
    trusted_channels,
)
from store.influence import Influence, Plan, chief_influencers, influence
from store.sequencing import Readiness, all_readiness

if TYPE_CHECKING:
    from store.repository import Repository


class Analysis:
    """The rules' results for one state of a plan (read-only; never writes)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.scores: dict[int, Influence] = influence(plan)
        """Influence by person id (every person has one)."""
        self.chiefs: list[int] = chief_influencers(plan, self.scores)
        """The chief influencers' ids, top first."""
        self.approach: list[Suggestion] = approach_next(plan, self.scores)
        """Everyone not yet an ally, best next ally first."""
        self.readiness: dict[int, Readiness] = all_readiness(plan, self.scores)
        """Readiness of each planned group meeting, by meeting id."""
        self.flagged_no: list[int] = beyond_no(plan, self.scores)
        """Opposed or skeptical chief influencers with no alternative on the table yet."""
        self._channels: dict[int, list[Channel]] = {}
        self._trust: dict[int, dict[int, int]] | None = None
        self._approach_by_person: dict[int, Suggestion] | None = None

    def channels(self, person_id: int) -> list[Channel]:
        """Whom this person trusts (allies first): the people to ask what they want."""
        found = self._channels.get(person_id)
        if found is None:
            if self._trust is None:
                self._trust = trust_index(self.plan)
            found = trusted_channels(self.plan, person_id, self._trust)
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


def analysis_for(repo: Repository) -> Analysis:
    """The analysis of the repository as it is now, cached until its version changes."""
    cached = _CACHE.get(repo)
    if cached is not None and cached[0] == repo.version:
        return cached[1]
    result = Analysis(repo)
    _CACHE[repo] = (repo.version, result)
    return result
