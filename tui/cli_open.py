"""``allies``: open the planner on a plan (creating an empty one on first run)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from allies.store.repository import Repository
from allies.tui.cli import EXIT_OK, EXIT_USAGE, fail, interactive, resolve_db

if TYPE_CHECKING:
    import argparse


NOT_A_TERMINAL = (
    "the planner needs a terminal (its input or output is not one); "
    "for text, use: allies review, allies suggest or allies export --format markdown"
)


def launch(path: Path, *, read_only: bool = False) -> int:
    """Open the plan (clear one-line errors come from cli.main), then run the app."""
    repo = Repository.open(path, read_only=read_only)
    try:
        if not interactive():
            return fail(NOT_A_TERMINAL, EXIT_USAGE)
        from allies.tui.app import AlliesApp
        from allies.tui.css_cache import CssCache
        from allies.tui.settings import load_keymap, load_privacy_after, load_theme

        css_cache = CssCache.default()
        app = AlliesApp(
            repo,
            theme=load_theme(),
            css_cache=css_cache,
            keymap=load_keymap(),
            privacy_after=load_privacy_after(),
        )
        app.run()
    finally:
        repo.close()
    if app.crash_notice is not None:  # the screen is restored: one line, no traceback
        from allies.tui.crash import EXIT_CRASH

        print(app.crash_notice, file=sys.stderr)
        return EXIT_CRASH
    if app.return_code:
        return app.return_code
    css_cache.save()  # what this run parsed, for the next start
    if app.open_demo:
        from allies.store.paths import demo_plan

        return open_demo(demo_plan(), force=False)
    return EXIT_OK


def open_demo(path: Path, *, force: bool) -> int:
    """Write the demo plan at ``path`` if it is not there (or ``force``), then open it."""
    from allies.tui.cli_demo import write_demo

    if force or not path.exists():
        write_demo(path, force=force)
    return launch(path)


def run(args: argparse.Namespace) -> int:
    return launch(resolve_db(args), read_only=args.read_only)
