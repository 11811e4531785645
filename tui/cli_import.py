"""``allies import FILE``: a JSON export, people from CSV or vCard, meetings from iCalendar.

The format is recognised by content (``--format`` forces one). The file is read
and recognised before the plan is opened, so a file that is none of these is
refused without touching anything. The import is one transaction; ``--dry-run``
runs it and rolls it back, printing what would change (the plan's file is not
written, and a plan that does not exist yet is not created).

Entries left out are printed on stderr as ``FILE:LINE: reason``; conflicts
(``--merge``) too. Exit 0 when everything went in, 1 when something was left
out or nothing could be imported; never a traceback, and an import into a new
path that fails leaves no plan, lock or folder behind.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from allies.store.crypto import remembered_key
from allies.store.import_base import decode
from allies.store.importer import ImportFailed, ImportOptions, ImportReport, detect
from allies.store.repository import Repository
from allies.store.storage import lock_path
from allies.tui.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, fail, resolve_db

PROBLEMS_SHOWN = 20
MAX_BYTES = 64 * 1024 * 1024


def _read(file: Path) -> bytes:
    try:
        with file.expanduser().open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportFailed(f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise ImportFailed(f"is larger than {MAX_BYTES // (1024 * 1024)} MB; not imported")
    return raw


def _confirm_merge(people: int) -> bool:
    """Ask y/N on a terminal; never ask when input is piped."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    try:
        answer = input(f"This plan already has {people} people. Add the export to them? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _print(report: ImportReport, file: Path, path: Path) -> int:
    for line, message in report.problems:
        where = f"{file}:{line}" if line else f"{file}"
        print(f"{where}: {message}", file=sys.stderr)
    for conflict in report.conflicts:
        print(f"{file}: conflict: {conflict}", file=sys.stderr)
    if report.dry_run:
        print(f"Dry run: would import {report.summary()} into {path}; nothing was written.")
        for change in report.changes:
            print(f"  {change}")
    else:
        print(f"Imported {report.summary()} into {path}")
    if report.ignored_columns:
        print("Ignored columns: " + ", ".join(report.ignored_columns))
    for who in report.unmatched:
        print(f"Not in the plan: {who}")
    for note in report.notes:
        print(note)
    return EXIT_OK if report.complete else EXIT_PROBLEMS


def _missing_folders(path: Path) -> list[Path]:
    """The folders an import into ``path`` would create (deepest first)."""
    missing = []
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_new_plan(path: Path, folders: list[Path]) -> None:
    """After a failed import into a new path: no plan, lock or folder left behind."""
    for leftover in (path, lock_path(path)):
        with contextlib.suppress(OSError):
            leftover.unlink()
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty


def run(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    file: Path = args.file
    dates: dict[str, date | None] = {}
    for name, option in (("start", "--from"), ("end", "--to")):
        value = getattr(args, name, None)
        try:
            dates[name] = date.fromisoformat(value) if value else None
        except ValueError:
            return fail(f"{option}: not a date (YYYY-MM-DD): {value!r}", EXIT_USAGE)
    options = ImportOptions(
        fmt=getattr(args, "format", None),
        merge=args.merge,
        dry_run=getattr(args, "dry_run", False),
        start=dates["start"],
        end=dates["end"],
    )
    if options.start and options.end and options.start > options.end:
        return fail("--from is after --to; nothing was imported")
    try:
        raw = _read(file)
        fmt = options.fmt or detect(decode(raw)[0])  # refused before the plan is opened
    except ImportFailed as exc:
        return _failed(file, exc)
    if options.dry_run:
        return _dry_run(path, raw, fmt, options, file)
    existed = path.exists()
    folders = [] if existed else _missing_folders(path)
    repo = Repository.open(path)
    try:
        with repo:
            code = _import(repo, raw, fmt, options, file, path)
            empty = not existed and repo.is_pristine
        if empty:  # nothing went in: no new plan left behind either
            _remove_new_plan(path, folders)
            print(f"No plan was created at {path}.")
        return code
    except ImportFailed as exc:
        if not existed:
            _remove_new_plan(path, folders)
        return _failed(file, exc)
    except Exception as exc:  # never a traceback: the plan was rolled back
        if not existed:
            _remove_new_plan(path, folders)
        return fail(f"{file}: could not be imported ({_reason(exc)}); nothing was imported")


def _dry_run(path: Path, raw: bytes, fmt: str, options: ImportOptions, file: Path) -> int:
    """Run the import on a copy of the plan (works while the planner has it open)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "plan.json"
        if path.exists():
            shutil.copyfile(path, copy)
        key = remembered_key(path)  # a protected plan: its copy opens with the plan's key
        try:
            with Repository.open(copy, backup=False, key=key) as repo:
                return _import(repo, raw, fmt, options, file, path)
        except ImportFailed as exc:
            return _failed(file, exc)
        except Exception as exc:  # never a traceback
            return fail(f"{file}: could not be imported ({_reason(exc)}); nothing was imported")


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return text or type(exc).__name__


def _import(
    repo: Repository, raw: bytes, fmt: str, options: ImportOptions, file: Path, path: Path
) -> int:
    from allies.store.importer import import_file

    if fmt == "json" and repo.people and not options.merge and not options.dry_run:
        if not _confirm_merge(len(repo.people)):
            return fail(
                f"{path} already has {len(repo.people)} people; "
                "run again with --merge to add the export to them"
            )
        options.merge = True
    options.fmt = fmt
    return _print(import_file(repo, raw, options), file, path)


def _failed(file: Path, exc: ImportFailed) -> int:
    print(f"allies: {file}: {exc}; nothing was imported", file=sys.stderr)
    for problem in exc.problems[1:PROBLEMS_SHOWN]:
        print(f"  - {problem}", file=sys.stderr)
    if len(exc.problems) > PROBLEMS_SHOWN:
        print(f"  … and {len(exc.problems) - PROBLEMS_SHOWN} more", file=sys.stderr)
    return EXIT_PROBLEMS
