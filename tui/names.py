"""People with the same name, told apart: by role and organisation, else by number.

A plan may hold two Dana Whitfields (one in Finance, one in Sales); every place
that offers people by name (pickers, drop-downs) says which is which.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from allies.store.model import Person


def namesakes(people: Iterable[Person]) -> set[int]:
    """The ids of people who share their name with someone else (case-insensitive)."""
    people = list(people)
    counts = Counter(" ".join(p.name.split()).casefold() for p in people)
    return {p.id for p in people if counts[" ".join(p.name.split()).casefold()] > 1}


def what_tells_apart(person: Person) -> str:
    """Role and organisation (``CFO · Finance``), else the record's number."""
    return " · ".join(x for x in (person.role, person.org) if x) or f"no. {person.id}"


def labels(people: Iterable[Person]) -> dict[int, str]:
    """A label per person: the name, with what tells namesakes apart in brackets."""
    people = list(people)
    twins = namesakes(people)
    return {p.id: f"{p.name} ({what_tells_apart(p)})" if p.id in twins else p.name for p in people}


def same_name_warning(person: Person, people: Iterable[Person]) -> str | None:
    """What to say when ``person`` shares a name with someone else already in the plan."""
    key = " ".join(person.name.split()).casefold()
    others = [p for p in people if p.id != person.id and " ".join(p.name.split()).casefold() == key]
    if not others:
        return None
    which = ", ".join(what_tells_apart(p) for p in others)
    return (
        f"There is already a {person.name} ({which}). Both are kept; a role or an "
        "organisation tells them apart wherever people are picked by name."
    )


def counted(references: dict[str, int]) -> str:
    """``1 trade, 3 interests, 2 stance log entries`` from a table → count map."""
    words = {"stance_log": ("stance log entry", "stance log entries")}
    parts = []
    for table, n in references.items():
        one, many = words.get(
            table, (table.replace("_", " ").removesuffix("s"), table.replace("_", " "))
        )
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)
