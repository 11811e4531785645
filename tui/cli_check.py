"""``allies check``: verify a plan file, naming every problem; exit 1 on any."""

from __future__ import annotations

import argparse

from allies.store.crypto import ProtectionError, plain
from allies.store.plan_file import load
from allies.store.storage import backups_dir
from allies.tui.cli import EXIT_OK, EXIT_PROBLEMS, fail, resolve_db


def run(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    if not path.exists():
        return fail(f"{path}: there is no plan here")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"{path}: cannot be read ({exc.strerror})")
    try:
        raw = plain(path, raw)
    except ProtectionError as exc:
        return fail(f"{path}: {exc}")
    plan = load(raw)
    if plan.problems:
        print(f"{path}: {len(plan.problems)} problem(s):")
        for problem in plan.problems:
            print(f"  - {problem}")
        print(f"The file was not changed. Backups are in {backups_dir(path)}")
        return EXIT_PROBLEMS
    counts = ", ".join(f"{len(recs)} {name}" for name, recs in plan.records.items())
    notes = []
    if plan.newer:
        notes.append(f" (schema {plan.schema} is newer than this Allies: it opens read-only)")
    if plan.migrated_from is not None:
        notes.append(f" (schema {plan.migrated_from}: will be migrated when opened)")
    print(f"{path}: OK — {counts}{''.join(notes)}")
    for warning in plan.warnings:
        print(f"  - not understood by this version: {warning}")
    return EXIT_OK
