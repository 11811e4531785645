"""``allies export``: the plan as a JSON backup, a Markdown briefing, an iCalendar file
or a CSV of people.

Opens the plan read-only (it works while the planner has it open). Writes to
stdout, or atomically to ``-o FILE`` with mode 0600.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from allies.store.crypto import remembered_key
from allies.store.export import render
from allies.store.repository import Repository
from allies.store.storage import atomic_write, is_plan_file
from allies.store.text import clean_output_bytes
from allies.tui.cli import EXIT_OK, fail, resolve_db


def write_private(output: Path, data: bytes) -> None:
    """Write ``data`` atomically, mode 0600, leaving an existing folder's mode as it was."""
    atomic_write(output, data, tighten_folder=False)


def run(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    output: Path | None = args.output
    if output is not None and str(output) == "-":
        output = None
    if output is not None:
        output = output.expanduser()
        if is_plan_file(path, output):
            itself = output.resolve() == path.resolve()
            what = "the plan itself" if itself else "one of the plan's files (its lock, a backup)"
            return fail(f"{output} is {what}; choose another file for the export")
    if getattr(args, "encrypt", False) and remembered_key(path) is None:
        return fail("--encrypt is for a protected plan's exports (see allies protect)")
    with Repository.open(path, read_only=True) as repo:
        data = render(
            repo,
            args.format,
            include_notes=args.include_notes,
            include_held=not getattr(args, "no_held", False),
            today=date.today(),
        )
    data = clean_output_bytes(data)  # no terminal escape from the plan, on screen or in a file
    key = remembered_key(path)  # the plan is protected: so is the export, if asked
    if key is not None and getattr(args, "encrypt", False):
        data = key.seal(data)
    elif key is not None:
        print(
            "allies: note: the plan is protected, this export is not (--encrypt encrypts it)",
            file=sys.stderr,
        )
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    write_private(output, data)
    print(f"Exported {args.format} to {output}", file=sys.stderr)
    return EXIT_OK
