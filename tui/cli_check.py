"""``allies check``: verify a plan file, naming every problem; exit 1 on any."""

from __future__ import annotations

import argparse
import os

from allies.store.crypto import ProtectionError, plain
from allies.store.errors import UnsafeFileError
from allies.store.plan_file import load, naive_times
from allies.store.storage import backups_dir, read_regular
from allies.store.text import clean_output
from allies.tui.cli import EXIT_OK, EXIT_PROBLEMS, fail, resolve_db


def run(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    if not os.path.lexists(path):
        return fail(f"{path}: there is no plan here")
    try:
        raw, _ = read_regular(path)  # never waits on a FIFO, never reads a device
    except UnsafeFileError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{path}: cannot be read ({exc.strerror})")
    try:
        raw = plain(path, raw)
    except ProtectionError as exc:
        return fail(f"{path}: {exc}")
    plan = load(raw)
    problems = list(plan.problems)
    if not problems:
        problems.extend(naive_times(plan.data))
    if problems:
        print(f"{path}: {len(problems)} problem(s):")
        for problem in problems:
            print(f"  - {clean_output(problem)}")
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
        print(f"  - not understood by this version: {clean_output(warning)}")
    return EXIT_OK
