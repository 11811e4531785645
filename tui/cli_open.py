"""``allies``: open the planner on a plan (creating an empty one on first run)."""

from __future__ import annotations

import argparse
from pathlib import Path

from store.repository import Repository
from tui.cli import EXIT_OK, resolve_db


def launch(path: Path, *, read_only: bool = False) -> int:
    """Open the plan (clear one-line errors come from cli.main), then run the app."""
    repo = Repository.open(path, read_only=read_only)
    try:
        from tui.app import AlliesApp
        from tui.settings import load_theme

        AlliesApp(repo, theme=load_theme()).run()
    finally:
        repo.close()
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return launch(resolve_db(args), read_only=args.read_only)
