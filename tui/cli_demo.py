"""``allies demo``: write the demo plan (never over another file without --force), then open it."""

from __future__ import annotations

import argparse
import os

from store.demo import build_demo
from store.paths import demo_plan
from store.repository import Repository
from tui.cli import fail


def run(args: argparse.Namespace) -> int:
    db = getattr(args, "db", None)
    path = demo_plan(db.expanduser() if db is not None else None).absolute()
    if path.exists():
        if not args.force:
            return fail(f"{path} already exists; use --force to replace it with the demo plan")
        # take the lock before removing, so an open app is never pulled from under
        from store.storage import PlanLock

        lock = PlanLock(path)
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
    from tui.cli_open import launch

    return launch(path, read_only=getattr(args, "read_only", False))
