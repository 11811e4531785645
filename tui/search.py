"""What ``/`` finds: any word the user wrote, accents and case aside ("zoe" finds "Zoë").

People are found by name, role, organisation, tags, notes, their interests and
the trades with them; meetings by title, attendees and outcome.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from allies.store.repository import Repository


def fold(text: str) -> str:
    """``text`` without accents, case-folded: what a typed filter is compared with."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_HAYSTACKS: WeakKeyDictionary[Repository, tuple[int, dict[int, str]]] = WeakKeyDictionary()


def people_text(repo: Repository) -> dict[int, str]:
    """Each person's searchable words, folded (made once per version of the plan)."""
    kept = _HAYSTACKS.get(repo)
    if kept is not None and kept[0] == repo.version:
        return kept[1]
    words: dict[int, list[str]] = {
        p.id: [p.name, p.role, p.org, *p.tags, p.notes] for p in repo.people.values()
    }
    for interest in repo.interests.values():
        words.get(interest.person, []).append(interest.text)
    for trade in repo.trades.values():
        words.get(trade.person, []).extend((trade.offer, trade.ask))
    texts = {pid: fold("\n".join(parts)) for pid, parts in words.items()}
    _HAYSTACKS[repo] = (repo.version, texts)
    return texts
