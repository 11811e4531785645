"""Imports: a JSON export (a whole plan) or a list of people from CSV.

A JSON import is all or nothing: the document is checked like a plan file
(types, enums, dangling ids), then every record is added in one transaction,
so any failure leaves the plan exactly as it was, and one undo removes it all.
Ids are remapped to the plan's own, so an export can be merged into a plan
that already has records.

A CSV import keeps the good rows and reports each bad one by its line number.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from allies.store.errors import AlliesError, ValidationError
from allies.store.model import (
    SCHEMA,
    Column,
    Interest,
    Meeting,
    Person,
    Record,
    Review,
    Stance,
    StanceChange,
    Tie,
    Trade,
    Win,
)
from allies.store.plan_file import check
from allies.store.repository import POSITION_GAP, Repository

# Tables in an order where every reference points to a table already imported.
_ORDER: tuple[type[Record], ...] = (Person, Interest, Trade, Meeting, StanceChange, Tie, Win)


class ImportFailed(AlliesError):
    """Nothing was imported; ``problems`` says why (the plan is unchanged)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ImportReport:
    """What an import added (per table) and the rows it had to leave out."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        """'12 people, 3 ties' — what was added, in words."""
        parts = [f"{n} {table.replace('_', ' ')}" for table, n in self.counts.items() if n]
        return ", ".join(parts) or "nothing"


# ------------------------------------------------------------------- JSON


def parse_json(text: str) -> dict[str, Any]:
    """Parse an export; raise ImportFailed naming the line of a syntax error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict):
        raise ImportFailed("not an Allies export: the top level should be an object of tables")
    return data


def import_json(repo: Repository, text: str, *, merge: bool = False) -> ImportReport:
    """Add every record of a JSON export to ``repo``, in one transaction (one undo step).

    Without ``merge`` the plan must have no people yet, and the export's plan
    settings (title, agenda, thresholds, last review) replace the plan's.
    With ``merge`` the records are added beside the plan's own and its settings
    are kept. Raises ImportFailed (nothing changed) on any problem.
    """
    plan = check(parse_json(text))
    if plan.problems:
        count = len(plan.problems)
        raise ImportFailed(
            f"the export has {count} problem{'s' if count > 1 else ''}: {plan.problems[0]}",
            plan.problems,
        )
    if plan.schema > SCHEMA:
        raise ImportFailed(
            f"the export was written by a newer Allies (schema {plan.schema}); update Allies first"
        )
    if repo.people and not merge:
        raise ImportFailed(
            f"this plan already has {len(repo.people)} people; use --merge to add the export to it"
        )
    report = ImportReport()
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
        ids: dict[str, dict[int, int]] = {}
        for cls in _ORDER:
            records = list(plan.records[cls.TABLE].values())
            if cls is Win:
                records = _wins_in_order(records, _column_bases(repo, records))
            ids[cls.TABLE] = {}
            for record in records:
                new = repo.add(_remap(record, ids))
                ids[cls.TABLE][record.id] = new.id
            report.counts[cls.TABLE] = len(records)
        if not merge:
            reviews = plan.records[Review.TABLE].values()
            for review in reviews:
                repo.add(review)
            report.counts[Review.TABLE] = len(reviews)
    return report


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


# -------------------------------------------------------------------- CSV

CSV_COLUMNS = ("name", "role", "org", "stance")


def import_csv(repo: Repository, text: str) -> ImportReport:
    """Add people from CSV with a header ``name,role,org[,stance]``.

    Header names are case-insensitive and other columns are ignored. Rows
    that cannot be added (no name, a bad stance, too long, already in the
    plan) are reported with their line number; the good rows are added, in
    one transaction. Raises ImportFailed when the header has no ``name``.
    """
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:  # spreadsheets in some locales write ; or tabs
        delimiter = next((d for d in ";\t" if d in first_line), ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed("the CSV file is empty") from None
    except csv.Error as exc:
        raise ImportFailed(f"line 1: {exc}") from None
    columns = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    if "name" not in columns:
        raise ImportFailed("the first line should be a header: name,role,org[,stance]")
    report = ImportReport(counts={Person.TABLE: 0})
    in_plan = {_key(p.name, p.org) for p in repo.people.values()}
    seen: set[tuple[str, str]] = set()
    rows: list[tuple[int, Person]] = []
    last = reader.line_num
    while True:
        line = last + 1  # where the row starts (a quoted cell may span lines)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.problems.append((line, f"cannot read the rest of the file: {exc}"))
            break
        last = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {c: _cell(row, columns.get(c)) for c in CSV_COLUMNS}
        try:
            person = _person_from_row(values)
        except ValidationError as exc:
            report.problems.append((line, exc.message))
            continue
        key = _key(person.name, person.org)
        if key in in_plan or key in seen:
            where = "in the plan" if key in in_plan else "earlier in the file"
            report.problems.append((line, f"{person.name} is already {where}; skipped"))
            continue
        seen.add(key)
        rows.append((line, person))
    if rows:
        with repo.transaction("import people from CSV"):
            for _line, person in rows:
                repo.add_person(person.name, role=person.role, org=person.org, stance=person.stance)
    report.counts[Person.TABLE] = len(rows)
    return report


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _key(name: str, org: str) -> tuple[str, str]:
    return name.casefold(), org.casefold()


def _person_from_row(values: dict[str, str]) -> Person:
    raw = values["stance"].strip().lower()
    try:
        stance = Stance(raw) if raw else Stance.UNKNOWN
    except ValueError:
        allowed = ", ".join(s.value for s in Stance)
        raise ValidationError("stance", f"stance should be one of {allowed}, not {raw!r}") from None
    person: Person = Person(
        id=0, name=values["name"], role=values["role"], org=values["org"], stance=stance
    ).validate()
    return person
