"""``allies demo``: write the demo plan (never over another file without --force), then open it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from allies.store.demo import build_demo
from allies.store.paths import demo_plan
from allies.store.repository import Repository
from allies.store.storage import PlanLock

if TYPE_CHECKING:
    import argparse


def write_demo(path: Path, *, force: bool) -> None:
    """Write the demo plan at ``path`` (replacing a file there only when ``force``)."""
    if path.exists():
        if not force:
            raise FileExistsError(path)
        lock = PlanLock(path)  # never pull a plan from under an open app
        lock.acquire()
        try:
            os.unlink(path)
        finally:
            lock.release()
    repo = Repository.open(path, title="Demo")
    try:
        build_demo(repo)
    finally:
        repo.close()


def run(args: argparse.Namespace) -> int:
    db = getattr(args, "db", None)
    path = demo_plan(db.expanduser() if db is not None else None).resolve()
    try:
        write_demo(path, force=args.force)
    except FileExistsError:  # made before: open it (it may hold what was tried in it)
        print(f"allies: opening the demo plan at {path} (--force rebuilds it)", file=sys.stderr)
    from allies.tui.cli_open import launch

    return launch(path, read_only=getattr(args, "read_only", False))
