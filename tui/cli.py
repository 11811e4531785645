"""The ``allies`` command line.

Subcommands that need no screen never import Textual: each lives in its own
``tui/cli_<name>.py`` module, imported only when it runs. Every failure is one
clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def version() -> str:
    """The installed distribution's version (package metadata, read only when asked)."""
    import allies

    return str(allies.__version__)


EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    import argparse

    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=None if top else argparse.SUPPRESS,
        help="the plan file (default: $ALLIES_DB or the user data folder's plan.json)",
    )


def _today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        metavar="DATE",
        default=None,
        help="pretend today is DATE (ISO or natural, e.g. 2026-12-01 or 'next monday')",
    )


def _version_action() -> type[argparse.Action]:
    import argparse

    class VersionAction(argparse.Action):
        """Like argparse's "version", but reads the version only when asked."""

        def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
            super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

        def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
            print(f"allies {version()}")
            parser.exit()

    return VersionAction


COMMANDS = ("demo", "review", "suggest", "export", "import", "check", "protect", "unprotect")
# Commands that open the plan: a protected plan's passphrase is asked for first.
OPENS_PLAN = ("open", "review", "suggest", "export", "import", "check")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (argparse: imported here, as opening the planner needs none)."""
    import argparse

    _VersionAction = _version_action()
    parser = argparse.ArgumentParser(
        prog="allies",
        description="Allies: a private terminal planner for building alliances around your agenda.",
        epilog="Run 'allies demo' to explore a full example plan.",
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        default=argparse.SUPPRESS,
        help="show the program's version number and exit",
    )
    _db_option(parser, top=True)
    parser.add_argument(
        "--read-only", action="store_true", help="open without the lock; change nothing"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="write the demo plan, then open it")
    _db_option(demo)
    demo.add_argument("--force", action="store_true", help="overwrite an existing file")

    review = sub.add_parser("review", help="print this week's review")
    _db_option(review)
    review.add_argument("--json", action="store_true", help="machine-readable output")
    _today_option(review)

    suggest = sub.add_parser(
        "suggest", help="chief influencers, approach next, meeting problems, suggested order"
    )
    _db_option(suggest)
    suggest.add_argument("--json", action="store_true", help="machine-readable output")
    _today_option(suggest)

    export = sub.add_parser(
        "export", help="export the plan as JSON, Markdown, iCalendar or CSV (people)"
    )
    _db_option(export)
    export.add_argument(
        "--format", required=True, choices=["json", "markdown", "ics", "csv", "dot", "mermaid"]
    )
    export.add_argument("-o", "--output", metavar="FILE", type=Path, default=None)
    export.add_argument(
        "--include-notes",
        action="store_true",
        help="include private notes and meeting outcomes (Markdown, ICS)",
    )
    export.add_argument(
        "--no-held",
        action="store_true",
        help="ICS: leave held meetings out (by default they are past events)",
    )
    export.add_argument(
        "--encrypt",
        action="store_true",
        help="a protected plan's export, encrypted to its key (age format)",
    )

    imp = sub.add_parser(
        "import",
        help="import a JSON export, people from CSV or vCard, or meetings from iCalendar",
    )
    _db_option(imp)
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument(
        "--format",
        choices=["json", "csv", "vcard", "ics"],
        default=None,
        help="the file's format (default: recognised by its content)",
    )
    imp.add_argument(
        "--merge",
        action="store_true",
        help="update records already in the plan (people by email then name, meetings by UID)",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="print what would change; change nothing"
    )
    imp.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        default=None,
        help="ICS: only events on or after DATE (YYYY-MM-DD)",
    )
    imp.add_argument(
        "--to",
        dest="end",
        metavar="DATE",
        default=None,
        help="ICS: only events on or before DATE (YYYY-MM-DD)",
    )

    check = sub.add_parser("check", help="verify the plan file; exit 1 on problems")
    _db_option(check)

    protect = sub.add_parser(
        "protect", help="encrypt the plan and its backups with a passphrase (age format)"
    )
    _db_option(protect)
    what = protect.add_mutually_exclusive_group()
    what.add_argument(
        "--change", action="store_true", help="set a new passphrase for a protected plan"
    )
    what.add_argument(
        "--remember",
        action="store_true",
        help="also keep the key in the OS keyring: the plan opens without the passphrase "
        "(needs allies[keyring])",
    )
    what.add_argument(
        "--forget", action="store_true", help="remove the plan's key from the OS keyring"
    )
    unprotect = sub.add_parser("unprotect", help="store a protected plan unencrypted again")
    _db_option(unprotect)
    unprotect.add_argument("--yes", action="store_true", help="do not ask first")
    return parser


def resolve_db(args: argparse.Namespace) -> Path:
    """The plan path from ``--db``, ``$ALLIES_DB`` or the default."""
    from allies.store.paths import default_plan

    db: Path | None = getattr(args, "db", None)
    return db.expanduser() if db is not None else default_plan()


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the command line."""
    return build_parser().parse_args(argv)


def interactive() -> bool:
    """Both ends are a terminal (a full-screen app on a pipe would wait for ever)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _unlock_if_protected(path: Path, command: str) -> None:
    """Ask for a protected plan's passphrase before anything of it is read or shown.

    The planner asks on a passphrase screen of its own; the other commands on the terminal.
    """
    from allies.store.protection import is_protected

    if is_protected(path):
        from allies.tui.passphrase import unlock

        unlock(path, on_screen=command == "open" and interactive())


def fail(message: str, code: int = EXIT_PROBLEMS) -> int:
    print(f"allies: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the garbage collector rests until the app's first screen.

    Start-up (imports, the plan, the first screen) allocates a great deal and frees
    almost nothing: about a hundred collections (~27 ms) would find nothing to free.
    The app turns the collector back on once its first screen is drawn; a command
    without a screen runs to its end without it (its state is restored on return).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(argv)
    finally:
        if collecting:
            gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    os.umask(0o077)
    args = parse_args(sys.argv[1:] if argv is None else list(argv))
    command = args.command or "open"
    from allies.store.errors import AlliesError, PlanLockedError
    from allies.tui.settings import load_day_first

    if load_day_first():  # numeric dates (3/12, --today 1.12.2026) read day first
        from allies.store.dates import set_day_first

        set_day_first(True)

    try:
        if command in OPENS_PLAN:
            _unlock_if_protected(resolve_db(args), command)
        module = importlib.import_module(f"allies.tui.cli_{command}")
        result: int = module.run(args)
        return result
    except PlanLockedError as exc:
        if command == "open":
            return fail(str(exc))
        who = f"process {exc.pid}" if exc.pid else "another process"
        return fail(  # --read-only is the planner's; a command that writes must wait
            f"{exc.path} is open elsewhere (held by {who}); close it there, "
            f"then run 'allies {command}' again"
        )
    except AlliesError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        return fail(f"{exc.strerror or exc}{':' + where if where else ''}")
    except Exception as exc:  # a bug: no traceback (it may quote the plan) on screen
        from allies.tui.crash import EXIT_CRASH, crash_notice, write_crash_report

        print(crash_notice(exc, write_crash_report(exc)), file=sys.stderr)
        return EXIT_CRASH


if __name__ == "__main__":
    sys.exit(main())
