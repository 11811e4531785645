"""``allies demo``: write the demo plan (never over another file without --force), then open it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from allies.store.demo import build_demo
from allies.store.errors import BadPlanError, UnsafeFileError
from allies.store.paths import demo_plan
from allies.store.repository import Repository
from allies.store.storage import PlanLock, backups_dir, make_backup, read_regular

if TYPE_CHECKING:
    import argparse


def write_demo(path: Path, *, force: bool) -> Path | None:
    """Write the demo plan at ``path`` (replacing a file there only when ``force``).

    A plan replaced is backed up first (in ``backups/`` beside it; nothing is
    replaced when that backup cannot be made); the backup's path is returned.
    """
    backup = None
    if os.path.lexists(path):
        if not force:
            raise FileExistsError(path)
        lock = PlanLock(path)  # never pull a plan from under an open app
        lock.acquire()
        try:
            try:
                raw, _ = read_regular(path)
            except UnsafeFileError as exc:
                raise BadPlanError(str(path), str(exc), str(backups_dir(path))) from None
            backup = make_backup(path, raw)  # SaveError: nothing replaced
            os.unlink(path)
        finally:
            lock.release()
    repo = Repository.open(path, title="Demo")
    try:
        build_demo(repo)
    finally:
        repo.close()
    return backup


def run(args: argparse.Namespace) -> int:
    db = getattr(args, "db", None)
    path = demo_plan(db.expanduser() if db is not None else None).resolve()
    try:
        backup = write_demo(path, force=args.force)
    except FileExistsError:  # made before: open it (it may hold what was tried in it)
        print(f"allies: opening the demo plan at {path} (--force rebuilds it)", file=sys.stderr)
    else:
        if backup is not None:
            print(f"allies: the plan that was at {path} is kept in {backup}", file=sys.stderr)
    from allies.tui.cli_open import launch

    return launch(path, read_only=getattr(args, "read_only", False))
