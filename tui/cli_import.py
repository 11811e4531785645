"""``allies import FILE``: a JSON export (restore, or ``--merge``), or people from CSV.

Opens the plan read-write (it takes the lock). A JSON import is all or nothing;
a CSV import keeps the good rows, prints each bad row's line and reason on
stderr and exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from allies.store.importer import ImportFailed, ImportReport, import_csv, import_json
from allies.store.repository import Repository
from allies.store.storage import lock_path
from allies.tui.cli import EXIT_OK, EXIT_PROBLEMS, fail, resolve_db

PROBLEMS_SHOWN = 20


def file_kind(file: Path, text: str) -> str:
    """'json' or 'csv', from the file's suffix or, failing that, its first character."""
    suffix = file.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "csv"


def _read(file: Path) -> str:
    try:
        return file.expanduser().read_bytes().decode("utf-8")
    except OSError as exc:
        raise ImportFailed(f"{file}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ImportFailed(f"{file}: is not UTF-8 text; save it as UTF-8 and try again") from None


def _confirm_merge(people: int) -> bool:
    """Ask y/N on a terminal; never ask when input is piped."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    try:
        answer = input(f"This plan already has {people} people. Add the export to them? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _import(repo: Repository, file: Path, text: str, merge: bool) -> int:
    if file_kind(file, text) == "csv":
        report = import_csv(repo, text)
        for line, message in report.problems:
            print(f"{file}:{line}: {message}", file=sys.stderr)
        _done(report, repo.path)
        return EXIT_PROBLEMS if report.problems else EXIT_OK
    if repo.people and not merge:
        if not _confirm_merge(len(repo.people)):
            return fail(
                f"{repo.path} already has {len(repo.people)} people; "
                "run again with --merge to add the export to them"
            )
        merge = True
    _done(import_json(repo, text, merge=merge), repo.path)
    return EXIT_OK


def _done(report: ImportReport, path: Path) -> None:
    print(f"Imported {report.summary()} into {path}")


def run(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    file: Path = args.file
    try:
        text = _read(file)
    except ImportFailed as exc:
        return fail(str(exc))
    existed = path.exists()
    repo = Repository.open(path)
    try:
        with repo:
            return _import(repo, file, text, args.merge)
    except ImportFailed as exc:
        if not existed:  # nothing was imported: do not leave an empty plan behind
            with contextlib.suppress(OSError):
                path.unlink()
                lock_path(path).unlink()
        print(f"allies: {file}: {exc}; nothing was imported", file=sys.stderr)
        for problem in exc.problems[1:PROBLEMS_SHOWN]:
            print(f"  - {problem}", file=sys.stderr)
        if len(exc.problems) > PROBLEMS_SHOWN:
            print(f"  … and {len(exc.problems) - PROBLEMS_SHOWN} more", file=sys.stderr)
        return EXIT_PROBLEMS
