"""Words about people for the screens: the same-name warning, counts of references.

Namesakes are told apart by ``store.names``, the one place that says how.
"""

from __future__ import annotations

from collections.abc import Iterable

from allies.store.model import Person
from allies.store.names import what_tells_apart


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
