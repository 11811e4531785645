"""Schema migrations: each step turns a plan of schema N into schema N+1.

A migrated plan is written only on the next save, and the original is kept
in ``backups/`` (a backup is made on every open), so a migration never loses
the old file.

Schema 0 is the pre-release layout: ``meta`` had no ``schema`` field, meetings
had no ``kind`` (it was implied by the number of attendees), people had no
``tags``, and there were no ``stance_log`` or ``reviews`` tables.

Schema 2 gives each meeting a stable calendar identity (``uid``, a random
UUID, and ``sequence``, its revision for calendar programs) and each person an
``email`` (empty until known).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = dict[str, Any]


class MigrationError(Exception):
    """A plan could not be migrated; the file is left as it was."""


def _zero_to_one(data: Data) -> Data:
    meta = data.setdefault("meta", {})
    for doc in meta.values():
        doc["schema"] = 1
        doc.setdefault("consensus_threshold", 0.6)
        doc.setdefault("min_wins_before_group", 1)
        doc.setdefault("last_review", None)
    for doc in data.get("people", {}).values():
        doc.setdefault("tags", [])
    for doc in data.get("meetings", {}).values():
        attendees = doc.get("attendees", [])
        n = len(attendees) if isinstance(attendees, list) else 0
        doc.setdefault("kind", "group" if n > 1 else "one_on_one")
    data.setdefault("stance_log", {})
    data.setdefault("reviews", {})
    return data


def _one_to_two(data: Data) -> Data:
    import uuid

    for doc in data.get("meta", {}).values():
        doc["schema"] = 2
    # A record that is not an object is left for the checks to report, with its place.
    for doc in data.get("people", {}).values():
        if isinstance(doc, dict):
            doc.setdefault("email", "")
    for doc in data.get("meetings", {}).values():
        if isinstance(doc, dict):
            if not isinstance(doc.get("uid"), str) or not doc["uid"].strip():
                doc["uid"] = str(uuid.uuid4())
            doc.setdefault("sequence", 0)
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _zero_to_one, 1: _one_to_two}


def _copy(data: Data) -> Data:
    """A copy a migration may change: each table and each record copied, one level deep.

    Migrations only add or replace a record's own fields (never change a list or
    object inside one), so nested values are shared; a deep copy of a large plan
    cost most of a migration's time.
    """
    copied: Data = {}
    for name, table in data.items():
        if isinstance(table, dict):
            copied[name] = {k: dict(d) if isinstance(d, dict) else d for k, d in table.items()}
        else:
            copied[name] = table
    return copied


def migrate(data: Data, schema: int) -> Data:
    """Return a migrated copy of ``data`` (schema ``schema``) at the current schema."""
    data = _copy(data)
    from allies.store.model import SCHEMA

    while schema < SCHEMA:
        step = MIGRATIONS.get(schema)
        if step is None:
            raise MigrationError(f"no migration from schema {schema} to {schema + 1}")
        try:
            data = step(data)
        except (AttributeError, TypeError, KeyError) as exc:
            raise MigrationError(f"could not migrate schema {schema}: {exc}") from exc
        schema += 1
    return data
