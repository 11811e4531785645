"""Imports: a JSON export (a whole plan), people from CSV or vCard, meetings from iCalendar.

``import_file`` reads the bytes (UTF-8, UTF-16 or Windows-1252), recognises
the format by content (or takes the one forced), and runs the import in one
transaction: one save, one undo step. A dry run runs the very same import and
rolls it back, so its report is exactly what the import would do, and the
file is never written.

A JSON import is all or nothing: the document is checked like a plan file
(types, enums, dangling ids), then every record is added in one transaction,
so any failure leaves the plan exactly as it was. Ids are remapped to the
plan's own. With ``merge`` records already in the plan are matched instead of
added again: people by email then name, meetings by uid, the rest by what
they say (a tie by its two people and kind, an interest by person and text…);
a record changed on both sides is a conflict, kept as the plan has it.

Contacts and calendar imports keep the good entries and report each bad one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from allies.store.import_base import (
    DryRun,
    ImportFailed,
    ImportReport,
    PeopleIndex,
    decode,
    shorten,
)
from allies.store.import_csv import import_csv, looks_like_csv
from allies.store.import_ics import import_ics, looks_like_ics
from allies.store.import_vcard import import_vcard, looks_like_vcard
from allies.store.model import (
    SCHEMA,
    Column,
    Interest,
    Meeting,
    Person,
    Record,
    Review,
    StanceChange,
    Tie,
    Trade,
    Win,
)
from allies.store.plan_file import check
from allies.store.repository import POSITION_GAP, Repository
from allies.store.storage import loads

__all__ = [
    "FORMATS",
    "DryRun",
    "ImportFailed",
    "ImportOptions",
    "ImportReport",
    "detect",
    "import_csv",
    "import_file",
    "import_ics",
    "import_json",
    "import_vcard",
]

# Tables in an order where every reference points to a table already imported.
_ORDER: tuple[type[Record], ...] = (Person, Interest, Trade, Meeting, StanceChange, Tie, Win)


# ------------------------------------------------------------------- JSON


INT64 = 2**63


def parse_json(text: str) -> dict[str, Any]:
    """Parse an export; raise ImportFailed naming the line of a syntax error.

    Read as the plan file is (orjson): nesting deeper than 1,024, a lone
    surrogate or a number too large for a double are syntax errors; a whole
    number outside 64 bits is refused before anything looks at it.
    """
    try:
        data = loads(text.lstrip("\ufeff").encode("utf-8", "surrogatepass"))
    except ValueError as exc:
        raise ImportFailed(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ImportFailed("not an Allies export: the top level should be an object of tables")
    _check_numbers(data)
    return data


def _check_numbers(data: Any) -> None:
    """Refuse a whole number beyond 64 bits anywhere (the plan file could not hold it)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, int) and not -INT64 <= value < INT64:
            raise ImportFailed(f"a number is too large: {str(value)[:30]}… (beyond 64 bits)")
        elif isinstance(value, float) and abs(value) >= INT64:
            raise ImportFailed(f"a number is too large: {value:.3g} (beyond 64 bits)")


def import_json(
    repo: Repository, text: str, *, merge: bool = False, report: ImportReport | None = None
) -> ImportReport:
    """Add every record of a JSON export to ``repo``, in one transaction (one undo step).

    Without ``merge`` the plan must have no people yet, and the export's plan
    settings (title, agenda, thresholds, last review) replace the plan's.
    With ``merge`` the records are added beside the plan's own and its settings
    are kept. Raises ImportFailed (nothing changed) on any problem.
    """
    plan = check(parse_json(text))
    if plan.problems:
        count = len(plan.problems)
        problems = [shorten(p) for p in plan.problems]
        raise ImportFailed(
            f"the export has {count} problem{'s' if count > 1 else ''}: {problems[0]}", problems
        )
    if plan.schema > SCHEMA:
        raise ImportFailed(
            f"the export was written by a newer Allies (schema {plan.schema}); update Allies first"
        )
    if repo.people and not merge:
        raise ImportFailed(
            f"this plan already has {len(repo.people)} people; use --merge to add the export to it"
        )
    report = report or ImportReport(format="json")
    with repo.transaction("import JSON"):
        if not merge and plan.meta is not None:
            meta = plan.meta
            repo.update_meta(
                title=meta.title,
                agenda=meta.agenda,
                consensus_threshold=meta.consensus_threshold,
                min_wins_before_group=meta.min_wins_before_group,
                last_review=meta.last_review,
                created=meta.created,
            )
        # An export older than schema 2 had no meeting uids (the migration just made some up):
        # its meetings are matched by title and start instead.
        invented_uids = plan.migrated_from is not None and plan.migrated_from < 2
        matcher = _Matcher(repo, report, invented_uids) if merge else None
        ids: dict[str, dict[int, int]] = {}
        for cls in _ORDER:
            records = list(plan.records[cls.TABLE].values())
            if cls is Win:
                records = _wins_in_order(records, _column_bases(repo, records))
            ids[cls.TABLE] = {}
            report.counts[cls.TABLE] = 0
            for record in records:
                remapped = _remap(record, ids)
                found = matcher.match(remapped) if matcher is not None else None
                if found is None:
                    found = repo.add(remapped).id
                    report.counts[cls.TABLE] += 1
                ids[cls.TABLE][record.id] = found
        if matcher is not None and matcher.unchanged:
            report.notes.append(f"{matcher.unchanged} record(s) were already in the plan.")
        if not merge:
            reviews = plan.records[Review.TABLE].values()
            for review in reviews:
                repo.add(review)
            report.counts[Review.TABLE] = len(reviews)
    if report.total:
        report.changes.insert(0, f"add {report.summary()}")
    return report


PERSON_FIELDS = (
    "name",
    "role",
    "org",
    "decider",
    "stance",
    "notes",
    "tags",
    "last_contact",
    "email",
)
MEETING_FIELDS = ("title", "start", "minutes", "status", "attendees", "outcome", "looked_to")


def _natural_key(record: Record) -> tuple[Any, ...] | None:
    """What makes a record the same as one in the plan, whatever its id."""
    if isinstance(record, Interest):
        return (record.person, record.text.casefold())
    if isinstance(record, Trade):
        return (record.person, record.offer.casefold(), record.ask.casefold())
    if isinstance(record, StanceChange):
        return (record.person, record.stance, record.at)
    if isinstance(record, Tie):
        return (record.source, record.target, record.kind)
    if isinstance(record, Win):
        return (record.title.casefold(),)
    return None


class _Matcher:
    """``--merge`` of a JSON export: the plan's record an imported one is, if any."""

    def __init__(self, repo: Repository, report: ImportReport, invented_uids: bool) -> None:
        self.repo = repo
        self.report = report
        self.people = PeopleIndex(repo)  # the plan's own people only
        self.meetings = {m.uid: m.id for m in repo.meetings.values()}
        self.invented_uids = invented_uids
        self.by_time = {(m.title.casefold(), m.start): m.id for m in repo.meetings.values()}
        self.keys: dict[str, dict[tuple[Any, ...], int]] = {}
        self.unchanged = 0

    def match(self, record: Record) -> int | None:
        """The id of the plan's record ``record`` is (updated if the export's is newer)."""
        if isinstance(record, Person):
            found, ambiguous = self.people.find(record.email, record.name, record.org)
            if ambiguous:
                self.report.conflicts.append(f"{ambiguous}; added as a new person")
                return None
            if found is None:
                return None
            self._update(self.repo.people[found], record, PERSON_FIELDS, record.name)
            return found
        if isinstance(record, Meeting):
            if self.invented_uids:
                meeting_id = self.by_time.get((record.title.casefold(), record.start))
                if meeting_id is not None:
                    record = record.replace(uid=self.repo.meetings[meeting_id].uid)
            else:
                meeting_id = self.meetings.get(record.uid)
            if meeting_id is None:
                return None
            self._update(self.repo.meetings[meeting_id], record, MEETING_FIELDS, record.title)
            return meeting_id
        key = _natural_key(record)
        if key is None:
            return None
        table = self.keys.get(record.TABLE)
        if table is None:
            table = self.keys[record.TABLE] = {}
            for mine in self.repo.table(type(record)).values():
                table.setdefault(_natural_key(mine) or (), mine.id)
        found = table.get(key)
        if found is not None:
            self.unchanged += 1
        return found

    def _update(self, mine: Record, theirs: Record, fields: tuple[str, ...], label: str) -> None:
        differ = [f for f in fields if getattr(mine, f) != getattr(theirs, f)]
        if not differ:
            self.unchanged += 1
            return
        newer = getattr(theirs, "updated") > getattr(mine, "updated")  # noqa: B009
        if isinstance(theirs, Meeting) and isinstance(mine, Meeting):
            newer = newer or theirs.sequence > mine.sequence
        if not newer:
            self.report.conflicts.append(
                f"{mine.TABLE} {label!r}: {', '.join(differ)} differ(s) and the plan's is as "
                "recent; kept the plan's"
            )
            return
        changes = {f: getattr(theirs, f) for f in differ}
        if isinstance(theirs, Meeting):
            changes["sequence"] = theirs.sequence
        self.repo.update(mine.replace(**changes))
        self.report.update(mine.TABLE, f"update {mine.TABLE} {label}: {', '.join(differ)}")


def _remap(record: Record, ids: dict[str, dict[int, int]]) -> Record:
    """The record with every reference turned into the new ids."""
    changes: dict[str, Any] = {}
    for fname, target in record.REFS.items():
        value = getattr(record, fname)
        table = ids[target]
        if isinstance(value, tuple):
            changes[fname] = tuple(table[v] for v in value)
        elif value is not None:
            changes[fname] = table[value]
    remapped: Record = record.replace(**changes)
    return remapped


def _column_bases(repo: Repository, wins: list[Record]) -> dict[Column, int]:
    """Per column, how far to shift imported positions so they come after the plan's cards."""
    bases: dict[Column, int] = {}
    for column in Column:
        existing = repo.column(column)
        imported = [w.position for w in wins if isinstance(w, Win) and w.column is column]
        if existing and imported:
            bases[column] = existing[-1].position + POSITION_GAP - min(imported)
        else:
            bases[column] = 0
    return bases


def _wins_in_order(wins: list[Record], bases: dict[Column, int]) -> list[Record]:
    """Cards ordered so a card comes after the one it builds on (a cycle is broken)."""
    pending: dict[int, Win] = {}
    for w in wins:
        assert isinstance(w, Win)
        pending[w.id] = w.replace(position=w.position + bases[w.column])
    done: set[int] = set()
    ordered: list[Record] = []
    for first in pending.values():
        chain: list[Win] = []
        on_path: set[int] = set()
        card = first
        while card.id not in done:
            chain.append(card)
            on_path.add(card.id)
            target = card.builds_on
            if target is None or target in done:
                break
            if target in on_path:  # builds_on loops back: drop the closing link
                chain[-1] = card.replace(builds_on=None)
                break
            card = pending[target]
        for card in reversed(chain):
            done.add(card.id)
            ordered.append(card)
    return ordered


# --------------------------------------------------------------- any file

FORMATS = ("json", "csv", "vcard", "ics")
LOOKED_FOR = (
    "looked for a JSON export (starting with '{'), a vCard file (BEGIN:VCARD), "
    "an iCalendar file (BEGIN:VCALENDAR) and a CSV file whose header names people "
    "(name, or first and last name)"
)


@dataclass
class ImportOptions:
    """How to import: ``fmt`` forces a format (else it is recognised by content)."""

    fmt: str | None = None
    merge: bool = False
    dry_run: bool = False
    start: date | None = None
    end: date | None = None


def detect(text: str) -> str:
    """The format of a file's text, by content; ImportFailed says what was looked for."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return "json"
    if looks_like_vcard(head):
        return "vcard"
    if looks_like_ics(head):
        return "ics"
    if looks_like_csv(text):
        return "csv"
    raise ImportFailed(f"not a file Allies can import: {LOOKED_FOR}")


def import_file(repo: Repository, raw: bytes, options: ImportOptions) -> ImportReport:
    """Import a file's bytes into ``repo``: one transaction, one undo step.

    With ``options.dry_run`` the import runs and is rolled back: the report
    says what it would do, and the plan (and its file) stay as they were.
    Raises ImportFailed when nothing can be imported.
    """
    text, encoding = decode(raw)
    fmt = options.fmt or detect(text)
    if fmt not in FORMATS:
        raise ImportFailed(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    report = ImportReport(format=fmt, encoding=encoding, dry_run=options.dry_run)
    try:
        with repo.transaction(f"import {fmt}"):
            result = _run(repo, fmt, text, options, report)
            if options.dry_run:
                raise DryRun
    except DryRun:
        return report
    return result


def _run(
    repo: Repository, fmt: str, text: str, options: ImportOptions, report: ImportReport
) -> ImportReport:
    if fmt == "json":
        if repo.people and not options.merge:
            raise ImportFailed(
                f"this plan already has {len(repo.people)} people; "
                "use --merge to add the export to it"
            )
        # Into a plan without people an export is a restore (its settings too), merge or not.
        merge = options.merge and bool(repo.people)
        return import_json(repo, text, merge=merge, report=report)
    if fmt == "csv":
        return import_csv(repo, text, merge=options.merge, report=report)
    if fmt == "vcard":
        return import_vcard(repo, text, merge=options.merge, report=report)
    return import_ics(
        repo, text, merge=options.merge, start=options.start, end=options.end, report=report
    )
