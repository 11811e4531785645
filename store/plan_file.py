"""Reading a stored plan: parse, migrate, check types and ids — collecting every problem.

This is what ``allies check`` runs, and what the repository runs at open. It
never writes: a bad file is reported, not repaired.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain
from operator import attrgetter
from typing import Any

from allies.store.errors import ValidationError
from allies.store.migrations import MigrationError, migrate
from allies.store.model import SCHEMA, TABLES, Meta, Record
from allies.store.storage import loads
from allies.store.text import strip_controls


class LoadedPlan:
    """A checked plan: its raw TinyDB data and typed records, per table."""

    def __init__(
        self,
        data: dict[str, Any],
        meta: Meta | None,
        records: dict[str, dict[int, Record]],
        problems: list[str] | None = None,
    ) -> None:
        self.data = data
        self.meta = meta
        self.records = records
        self.problems: list[str] = [] if problems is None else problems
        self.warnings: list[str] = []
        """What a newer-schema plan holds that this version left out (it opens read-only)."""
        self.schema = SCHEMA
        self.migrated_from: int | None = None

    @property
    def newer(self) -> bool:
        """Written by a newer Allies: open read-only."""
        return self.schema > SCHEMA


def parse(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """Parse the file's bytes; return (data, None) or (None, problem)."""
    if not raw.strip():
        return None, "the file is empty"
    try:
        data = loads(raw)
    except ValueError as exc:
        return None, f"not valid JSON ({exc})"
    if not isinstance(data, dict):
        return None, "not a plan: the top level should be an object of tables"
    return data, None


def load(raw: bytes) -> LoadedPlan:
    """Parse, migrate and check a plan; ``problems`` lists what is wrong and where."""
    with _gc_paused():
        data, problem = parse(raw)
        if data is None:
            return LoadedPlan({}, None, {}, [problem or "unreadable"])
        duplicates = duplicate_keys(raw, data)
        if duplicates:
            return LoadedPlan({}, None, {}, duplicates)
        return check(data)


def duplicate_keys(raw: bytes, data: dict[str, Any]) -> list[str]:
    """Keys written twice in one object (JSON parsers keep the last copy silently).

    Quick for a file in the layout Allies writes (two spaces a level): there every
    record's key starts a line indented four spaces, so counting those lines and
    the records read says whether any were dropped. Anything else is parsed again,
    keeping every key.
    """
    tables = data.values()
    ours = raw.startswith(b'{\n  "') and all(isinstance(t, dict) for t in tables)
    if ours and raw.count(b'\n    "') == sum(len(t) for t in tables):
        return []
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                found.append(
                    f"the key {key!r} is written twice in one object; one copy would be lost"
                )
            seen.add(key)
        return dict(items)

    import json

    try:
        json.loads(raw, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return []  # what the first parse accepted and this one does not: not a duplicate
    return found


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a plan is read.

    Reading a large plan makes some 100,000 objects, kept for the session and
    none in a cycle, so every collection their allocation triggers is wasted
    work (dozens, and a full one when much is already loaded). Afterwards they
    go straight to the oldest generation (``freeze`` then ``unfreeze``, unless
    something else froze objects) instead of being walked by two more young
    collections just after opening. Nothing is left frozen.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def check(data: dict[str, Any]) -> LoadedPlan:
    """Check a parsed plan (migrating an older schema in memory)."""
    plan = LoadedPlan(data, None, {name: {} for name in TABLES})
    problems = plan.problems
    meta_table = data.get("meta")
    if not isinstance(meta_table, dict) or not meta_table:
        problems.append("table 'meta' is missing or empty")
        return plan
    schema = _schema_of(meta_table)
    if schema is None:
        problems.append("table 'meta': field 'schema' should be a whole number")
        return plan
    plan.schema = schema
    for name, table in data.items():  # before migrating, which walks the tables
        if not isinstance(table, dict):
            problems.append(f"table '{name}' should be an object of records")
    if problems:
        return plan
    if schema > SCHEMA:
        # A newer file: read what we can understand, never write it.
        pass
    elif schema < SCHEMA:
        try:
            data = migrate(data, schema)
        except MigrationError as exc:
            problems.append(str(exc))
            return plan
        plan.data = data
        plan.migrated_from = schema
        meta_table = data["meta"]
    _check_meta(plan, meta_table)
    for name, cls in TABLES.items():
        _check_table(plan, name, cls, data.get(name, {}))
    if plan.newer and plan.meta is not None:
        # A newer Allies wrote this: show what this version understands, read-only,
        # and say what was left out, rather than refusing the whole plan.
        plan.warnings.extend(problems)
        problems.clear()
        while dangling := _dangling(plan):
            for name, doc_id, message in dangling:
                plan.records[name].pop(doc_id, None)
                plan.warnings.append(message)
        return plan
    if not problems:
        problems.extend(message for _, _, message in _dangling(plan))
    return plan


def _schema_of(meta_table: dict[str, Any]) -> int | None:
    doc = next(iter(meta_table.values()))
    schema = doc.get("schema", 0) if isinstance(doc, dict) else None
    return schema if isinstance(schema, int) and not isinstance(schema, bool) else None


def _doc_id(plan: LoadedPlan, table: str, key: str) -> int | None:
    try:
        doc_id = int(key)
    except ValueError:
        plan.problems.append(f"table '{table}': record id {key!r} is not a number")
        return None
    if doc_id < 1:
        plan.problems.append(f"table '{table}': record id {key!r} should be positive")
        return None
    if str(doc_id) != key:  # "01", " 1", "1_0", non-ASCII digits: would hide record {doc_id}
        plan.problems.append(
            f"table '{table}': record id {key!r} should be written {str(doc_id)!r} "
            "(plain digits 0-9, no leading zero)"
        )
        return None
    return doc_id


def _check_meta(plan: LoadedPlan, table: dict[str, Any]) -> None:
    key, doc = next(iter(table.items()))
    doc_id = _doc_id(plan, "meta", key)
    if doc_id is None:
        return
    try:
        meta = Meta.from_doc(doc_id, doc)
        if plan.newer:  # not checked (a newer Allies knows its rules), but never shown raw
            plan.meta = meta.replace(
                title=strip_controls(meta.title).strip() or "Untitled",
                agenda=strip_controls(meta.agenda).strip(),
            )
        else:
            plan.meta = meta.validate()
    except ValidationError as exc:
        plan.problems.append(f"table 'meta': {exc.message}")


CHUNK = 64
"""Records read together again when a table has a doubtful one (so one odd record
costs the checking of its neighbours, not of its whole table)."""


def _check_table(plan: LoadedPlan, name: str, cls: type[Record], table: dict[str, Any]) -> None:
    out = plan.records[name]
    items = list(table.items())
    if _read_quickly(out, cls, items):
        return
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        if _read_quickly(out, cls, chunk):
            continue
        for key, doc in chunk:
            _read_checking(plan, name, cls, key, doc)


def _read_quickly(out: dict[int, Record], cls: type[Record], items: list[tuple[str, Any]]) -> bool:
    """Read well-formed records all at once (see ``Record.read_quickly``); False if in doubt."""
    keys = [key for key, _ in items]
    try:
        doc_ids = list(map(int, keys))
    except ValueError:
        return False
    if list(map(str, doc_ids)) != keys or (doc_ids and min(doc_ids) < 1):
        return False  # an id written oddly: reported by the checking path
    records = cls.read_quickly(doc_ids, [doc for _, doc in items])
    if records is None:
        return False
    out.update(zip(doc_ids, records, strict=True))
    return True


def _read_checking(plan: LoadedPlan, name: str, cls: type[Record], key: str, doc: Any) -> None:
    """Read one record, checking every field in turn; report what is wrong."""
    doc_id = _doc_id(plan, name, key)
    if doc_id is None:
        return
    try:
        record = cls.from_doc(doc_id, doc).validate()
    except ValidationError as exc:
        plan.problems.append(f"table '{name}', record {key}: {exc.message}")
        return
    plan.records[name][doc_id] = record


def _dangling(plan: LoadedPlan) -> list[tuple[str, int, str]]:
    """Records that refer to a record that does not exist: (table, id, message)."""
    if not _any_dangling(plan):
        return []
    found = []
    for name, cls in TABLES.items():
        for doc_id, record in plan.records[name].items():
            for fname, target in cls.REFS.items():
                value = getattr(record, fname)
                ids = value if isinstance(value, tuple) else (value,)
                for ref in ids:
                    if ref is not None and ref not in plan.records[target]:
                        found.append(
                            (
                                name,
                                doc_id,
                                f"table '{name}', record {doc_id}: field '{fname}' "
                                f"refers to {target} {ref}, which does not exist",
                            )
                        )
    return found


def _any_dangling(plan: LoadedPlan) -> bool:
    """Whether any record refers to a missing one: a set difference per field, no loop in Python."""
    for name, cls in TABLES.items():
        records = plan.records[name].values()
        if not records:
            continue
        for fname, target in cls.REFS.items():
            values = map(attrgetter(fname), records)
            first = next(iter(records))
            refs = set(
                chain.from_iterable(values) if isinstance(getattr(first, fname), tuple) else values
            )
            refs.discard(None)
            if not refs.issubset(plan.records[target].keys()):
                return True
    return False


def naive_times(data: dict[str, Any]) -> list[str]:
    """Date-times stored without a UTC offset: read in whatever zone Allies runs in."""
    from datetime import datetime

    from allies.store.fields import Moment

    found = []
    tables: dict[str, type[Meta] | type[Record]] = {"meta": Meta, **TABLES}
    for name, cls in tables.items():
        table = data.get(name)
        if not isinstance(table, dict):
            continue
        fields = [f for f, facts in cls.FIELDS.items() if isinstance(facts, Moment)]
        for key, doc in table.items():
            if not isinstance(doc, dict):
                continue
            for fname in fields:
                value = doc.get(fname)
                if not isinstance(value, str):
                    continue
                try:
                    naive = datetime.fromisoformat(value).tzinfo is None
                except ValueError:
                    continue
                if naive:
                    found.append(
                        f"table '{name}', record {key}: field '{fname}' ({value}) has no UTC "
                        "offset; it is read in this computer's time zone"
                    )
    return found
