"""People from vCard files (``.vcf``, vCard 3.0 and 4.0; 2.1 mostly), read with vobject.

From each card: the name (FN, or N's given, additional and family names), the
job (TITLE, or ROLE), the organisation (ORG's first part), the preferred email
(PREF, else the first) and the note. Other properties are named in the report.
"""

from __future__ import annotations

import re

from allies.store.import_base import ImportFailed, ImportReport, PersonIn, add_people, one_line
from allies.store.repository import Repository

USED = {"version", "fn", "n", "title", "role", "org", "email", "note"}
_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)


def looks_like_vcard(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:11].upper() == "BEGIN:VCARD"


def _value(card: object, name: str) -> str:
    items = getattr(card, "contents", {}).get(name) or []
    value = items[0].value if items else ""
    if isinstance(value, list):  # ORG: organisation name, then units
        value = value[0] if value else ""
    return value if isinstance(value, str) else str(value)


def _email(card: object) -> str:
    items = getattr(card, "contents", {}).get("email") or []

    def preferred(item: object) -> bool:
        params = getattr(item, "params", {})
        types = [t.lower() for t in params.get("TYPE", [])]
        return "pref" in types or "PREF" in params

    ordered = sorted(items, key=lambda item: not preferred(item))
    for item in ordered:
        if isinstance(item.value, str) and item.value.strip():
            return str(item.value).strip()
    return ""


def _name(card: object) -> str:
    name = _value(card, "fn").strip()
    if name:
        return name
    items = getattr(card, "contents", {}).get("n") or []
    if not items:
        return ""
    n = items[0].value
    parts = []
    for attr in ("prefix", "given", "additional", "family", "suffix"):
        part = getattr(n, attr, "")
        parts.append(" ".join(part) if isinstance(part, list) else str(part))
    return one_line(" ".join(parts))


def read_people(text: str, report: ImportReport) -> list[PersonIn]:
    """The people of a vCard file; a file vobject cannot read is refused whole."""
    import vobject

    starts = [text.count("\n", 0, m.start()) + 1 for m in _BEGIN.finditer(text)]
    try:
        cards = list(vobject.readComponents(text, allowQP=True))
    except Exception as exc:  # vobject raises many kinds on bad input
        raise ImportFailed(f"not a readable vCard file ({_reason(exc)})") from None
    people: list[PersonIn] = []
    ignored: set[str] = set()
    for i, card in enumerate(cards):
        line = starts[i] if i < len(starts) else 0
        if getattr(card, "name", "").upper() != "VCARD":
            report.problem(line, f"a {card.name} is not a contact; skipped")
            continue
        ignored.update(k.upper() for k in card.contents if k not in USED)
        try:
            person = PersonIn(
                line=line,
                name=_name(card),
                role=_value(card, "title") or _value(card, "role"),
                org=_value(card, "org"),
                email=_email(card),
                notes=_value(card, "note"),
            )
        except Exception as exc:  # a property of an unexpected shape
            report.problem(line, f"cannot read this card ({_reason(exc)}); skipped")
            continue
        people.append(person)
    report.ignored_columns = sorted(ignored)
    return people


def _reason(exc: BaseException) -> str:
    text = one_line(str(exc))[:200]
    return text or type(exc).__name__


def import_vcard(
    repo: Repository, text: str, *, merge: bool = False, report: ImportReport | None = None
) -> ImportReport:
    """Add (or with ``merge`` update) the people of a vCard file, in one transaction."""
    report = report or ImportReport(format="vcard")
    report.counts.setdefault("people", 0)
    people = read_people(text, report)
    if not people and not report.problems:
        raise ImportFailed("the vCard file has no contacts")
    with repo.transaction("import people from vCard"):
        add_people(repo, people, merge=merge, report=report)
    return report
