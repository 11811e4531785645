"""People with the same name, told apart: by role and organisation, else by number.

A plan may hold two Marcus Lees (one in Finance, one in Sales). Every text that
names a person (advice, reasons, problems, the detail, the pickers) takes the
name from :func:`labels`, so that "respected by Marcus Lee (Finance)" says which.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from allies.store.model import Person

NAMES_SHOWN = 3


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def namesakes(people: Iterable[Person]) -> set[int]:
    """The ids of people who share their name with someone else (case-insensitive)."""
    people = list(people)
    counts = Counter(_key(p.name) for p in people)
    return {p.id for p in people if counts[_key(p.name)] > 1}


def what_tells_apart(person: Person, others: Iterable[Person] = ()) -> str:
    """Role and organisation (``CFO · Finance``), else the record's number.

    ``others``: the person's namesakes; when one of them has the same role and
    organisation, the number is added (``CFO · Finance · no. 7``).
    """
    told = " · ".join(x for x in (person.role, person.org) if x)
    if not told:
        return f"no. {person.id}"
    if any(o.id != person.id and (o.role, o.org) == (person.role, person.org) for o in others):
        return f"{told} · no. {person.id}"
    return told


def labels(people: Iterable[Person]) -> dict[int, str]:
    """A label per person: the name, with what tells namesakes apart in brackets.

    The one way a person is named in words; ``Marcus Lee`` when the name is the
    only one, ``Marcus Lee (Finance)`` when another Marcus Lee is in the plan.
    """
    people = list(people)
    twins = namesakes(people)
    if not twins:
        return {p.id: p.name for p in people}
    groups: dict[str, list[Person]] = {}
    for p in people:
        if p.id in twins:
            groups.setdefault(_key(p.name), []).append(p)
    return {
        p.id: f"{p.name} ({what_tells_apart(p, groups[_key(p.name)])})" if p.id in twins else p.name
        for p in people
    }


def listed(shown: Sequence[str], limit: int = NAMES_SHOWN) -> str:
    """'Dana', 'Dana and Lee', 'Dana, Lee and Sam', 'Dana, Lee, Sam and 2 others'."""
    first = list(shown[:limit])
    rest = len(shown) - len(first)
    if rest > 0:
        first.append(f"{rest} other" if rest == 1 else f"{rest} others")
    if len(first) <= 1:
        return "".join(first)
    return ", ".join(first[:-1]) + " and " + first[-1]
