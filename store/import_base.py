"""What every import shares: its report, the error that stops it, reading the bytes,
and adding (or, with ``--merge``, updating) people found in a contacts file.

Every record an import makes goes through the same ``validate()`` as the
person, meeting and tie forms, inside one transaction (one save, one undo
step). People are matched to the plan's by email first, then by name; a match
is updated only with ``merge``, and only where the plan has nothing yet: a
field that differs is a conflict, reported and left as the plan has it.
"""

from __future__ import annotations

import codecs
import re
from collections import defaultdict
from dataclasses import dataclass, field

from allies.store.errors import AlliesError, ValidationError
from allies.store.model import Person, Stance, Tie, TieKind
from allies.store.repository import Repository


class ImportFailed(AlliesError):
    """Nothing was imported; ``problems`` says why (the plan is unchanged)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ImportReport:
    """What an import added and updated, and everything it had to leave out or ask about."""

    format: str = ""
    encoding: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    """Records added, per table."""
    updated: dict[str, int] = field(default_factory=dict)
    """Records of the plan updated (``--merge``), per table."""
    changes: list[str] = field(default_factory=list)
    """One line per change made (or, in a dry run, that would be made)."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """Entries left out: (line in the file, or 0 when unknown; why)."""
    ignored_columns: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    """Attendees and managers named in the file that are not in the plan."""
    conflicts: list[str] = field(default_factory=list)
    """Records of the plan that the file says otherwise about; the plan's side was kept."""
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def complete(self) -> bool:
        """Everything in the file was imported or matched: nothing left out or in conflict."""
        return not (self.problems or self.conflicts)

    def summary(self) -> str:
        """'12 people, 3 ties' — what was added (and updated), in words."""
        parts = [f"{n} {table.replace('_', ' ')}" for table, n in self.counts.items() if n]
        text = ", ".join(parts) or "nothing"
        updated = [f"{n} {table.replace('_', ' ')}" for table, n in self.updated.items() if n]
        if updated:
            text += f"; updated {', '.join(updated)}"
        return text

    def add(self, table: str, line: str) -> None:
        self.counts[table] = self.counts.get(table, 0) + 1
        self.changes.append(line)

    def update(self, table: str, line: str) -> None:
        self.updated[table] = self.updated.get(table, 0) + 1
        self.changes.append(line)

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def lines(self) -> list[str]:
        """The whole report as text lines (changes first), for the command line and the app."""
        out = [f"  {c}" for c in self.changes]
        if self.ignored_columns:
            out.append("Ignored columns: " + ", ".join(self.ignored_columns))
        out += [f"Not in the plan: {u}" for u in self.unmatched]
        out += [f"Conflict: {c}" for c in self.conflicts]
        out += self.notes
        return out


class DryRun(Exception):
    """Raised inside an import's transaction to roll it back: the report is what it would do."""


# ------------------------------------------------------------------- bytes


def decode(raw: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read in: UTF-8 (with or without a byte order
    mark), then UTF-16 (Excel's "Unicode text"), then Windows-1252 (Outlook on Windows).
    """
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[len(codecs.BOM_UTF8) :], "utf-8"), "UTF-8 with BOM"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:  # UTF-16 without a byte order mark, or not text at all
        even_zeros = raw[0::2].count(0)
        odd_zeros = raw[1::2].count(0)
        encoding = "utf-16-le" if odd_zeros >= even_zeros else "utf-16-be"
        return _strict(raw, encoding), "UTF-16"
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ImportFailed(_NOT_TEXT) from None


_NOT_TEXT = "not text: it could not be read as UTF-8, UTF-16 or Windows-1252 (cp1252)"


def _strict(raw: bytes, encoding: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFailed(_NOT_TEXT) from None
    return text.lstrip("\ufeff")


# ------------------------------------------------------------------ people


def name_key(name: str) -> str:
    """A name as matched: case and spacing ignored."""
    return " ".join(name.split()).casefold()


@dataclass
class PersonIn:
    """A person as a contacts file gives it (text as found; checked when added)."""

    line: int
    name: str
    role: str = ""
    org: str = ""
    email: str = ""
    stance: str = ""
    notes: str = ""
    manager: str = ""


class PeopleIndex:
    """The plan's people by email and by name, kept up to date as an import adds people."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for person in repo.people.values():
            self.add(person)

    def add(self, person: Person) -> None:
        if person.email:
            self.by_email.setdefault(person.email.casefold(), person.id)
        self.by_name[name_key(person.name)].append(person.id)

    def find(self, email: str, name: str, org: str = "") -> tuple[int | None, str | None]:
        """(person id, None), (None, None) when no one matches, or (None, why) when ambiguous."""
        if email and (found := self.by_email.get(email.casefold())) is not None:
            return found, None
        candidates = self.by_name.get(name_key(name), [])
        if email:  # someone with another address is someone else of the same name
            folded = email.casefold()
            candidates = [
                i
                for i in candidates
                if not self.repo.people[i].email or self.repo.people[i].email.casefold() == folded
            ]
        if len(candidates) > 1 and org:
            same_org = [i for i in candidates if name_key(self.repo.people[i].org) == name_key(org)]
            candidates = same_org or candidates
        if len(candidates) > 1:
            return None, f"{name} matches {len(candidates)} people in the plan"
        return (candidates[0] if candidates else None), None


def parse_stance(raw: str) -> Stance:
    value = raw.strip().lower()
    if not value:
        return Stance.UNKNOWN
    try:
        return Stance(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Stance)
        raise ValidationError("stance", f"stance should be one of {allowed}, not {raw!r}") from None


def _checked_person(row: PersonIn) -> Person:
    """The person as the person form would save it (cleaned, checked)."""
    person: Person = Person(
        id=0,
        name=row.name,
        role=row.role,
        org=row.org,
        email=row.email,
        stance=parse_stance(row.stance),
        notes=row.notes,
    ).validate()
    return person


MERGED_FIELDS = ("role", "org", "email", "notes")


def add_people(
    repo: Repository, rows: list[PersonIn], *, merge: bool, report: ImportReport
) -> dict[int, int]:
    """Add (or with ``merge`` update) each row's person; return file line -> person id.

    Must run inside a transaction. A row that fails validation, appears twice
    in the file, or matches someone already in the plan (without ``merge``) is
    reported and left out; the other rows go in.
    """
    index = PeopleIndex(repo)
    ids: dict[int, int] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        try:
            person = _checked_person(row)
        except ValidationError as exc:
            report.problem(row.line, exc.message)
            continue
        # The same person twice: the same address, or (without one) the same name and org.
        if person.email:
            key = ("@", person.email.casefold())
        else:
            key = (name_key(person.name), name_key(person.org))
        earlier = seen.get(key)
        if earlier is not None:
            report.problem(
                row.line, f"{person.name} is already earlier in the file (line {earlier}); skipped"
            )
            continue
        seen[key] = row.line
        found, ambiguous = index.find(person.email, person.name, person.org)
        if ambiguous:
            report.conflicts.append(f"line {row.line}: {ambiguous}; skipped, not guessed")
            continue
        if found is not None:
            if not merge:
                report.problem(
                    row.line, f"{person.name} is already in the plan; skipped (--merge updates)"
                )
                continue
            _merge_person(repo, repo.people[found], person, row.line, report)
            ids[row.line] = found
            continue
        added = repo.add_person(
            person.name,
            role=person.role,
            org=person.org,
            email=person.email,
            stance=person.stance,
            notes=person.notes,
        )
        index.add(added)
        ids[row.line] = added.id
        who = ", ".join(x for x in (added.role, added.org, added.email) if x)
        report.add("people", f"add person {added.name}" + (f" ({who})" if who else ""))
    _org_chart_ties(repo, rows, ids, index, report)
    return ids


def _merge_person(
    repo: Repository, old: Person, new: Person, line: int, report: ImportReport
) -> None:
    """Fill in what the plan does not know yet; a field that differs is a conflict."""
    changes: dict[str, object] = {}
    for name in MERGED_FIELDS:
        mine, theirs = getattr(old, name), getattr(new, name)
        if not theirs or theirs == mine:
            continue
        if not mine:
            changes[name] = theirs
        else:
            report.conflicts.append(
                f"line {line}: {old.name}'s {name} is {mine!r} in the plan and {theirs!r} in "
                "the file; kept the plan's"
            )
    stance_changed = False
    if new.stance is not Stance.UNKNOWN and new.stance is not old.stance:
        if old.stance is Stance.UNKNOWN:
            stance_changed = True
        else:
            report.conflicts.append(
                f"line {line}: {old.name}'s stance is {old.stance.value} in the plan and "
                f"{new.stance.value} in the file; kept the plan's"
            )
    if changes:
        repo.update_person(old.replace(**changes))
    if stance_changed:
        repo.set_stance(old.id, new.stance)
    if changes or stance_changed:
        fields = [*changes, "stance"] if stance_changed else list(changes)
        report.update("people", f"update person {old.name}: {', '.join(fields)}")


MANAGER_STRENGTH = 2
MANAGER_NOTE = "manager (org chart)"


def _org_chart_ties(
    repo: Repository,
    rows: list[PersonIn],
    ids: dict[int, int],
    index: PeopleIndex,
    report: ImportReport,
) -> None:
    """Each row's manager becomes a ``defers_to`` tie from the person to the manager."""
    existing = {(t.source, t.target, t.kind) for t in repo.ties.values()}
    for row in rows:
        manager = " ".join(row.manager.split())
        if not manager or row.line not in ids:
            continue
        email = manager if "@" in manager else ""
        target, ambiguous = index.find(email, "" if email else manager)
        person = repo.people[ids[row.line]]
        if ambiguous:
            report.conflicts.append(f"line {row.line}: manager {ambiguous}; no tie made")
            continue
        if target is None:
            report.unmatched.append(
                f"line {row.line}: {person.name}'s manager {manager!r} is in neither the plan "
                "nor the file; no tie made"
            )
            continue
        if target == person.id:
            report.problem(row.line, f"{person.name} is their own manager; no tie made")
            continue
        if (person.id, target, TieKind.DEFERS_TO) in existing:
            continue
        repo.add(
            Tie(
                id=0,
                source=person.id,
                target=target,
                kind=TieKind.DEFERS_TO,
                strength=MANAGER_STRENGTH,
                note=MANAGER_NOTE,
            )
        )
        existing.add((person.id, target, TieKind.DEFERS_TO))
        report.add("ties", f"add tie {person.name} defers to {repo.people[target].name}")


_SPACES = re.compile(r"\s+")
SHORT = 300


def shorten(text: str, limit: int = SHORT) -> str:
    """A message cut to ``limit`` characters (a file can hold a 5,000-digit id)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
