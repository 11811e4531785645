"""Exporting from the planner: beside the plan, in ``exports/``, written off the UI thread."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from allies.store.errors import AlliesError

if TYPE_CHECKING:
    from textual.app import App

    from allies.store.repository import Repository


def export_plan(app: App[None], repo: Repository, fmt: str, today: date) -> None:
    """Render the export now (it reads the plan); write it in a thread worker."""
    from allies.store.export import SUFFIXES, render

    name = f"{repo.path.stem}-{today:%Y%m%d}.{SUFFIXES[fmt]}"
    target = repo.path.parent / "exports" / name
    from allies.store.text import clean_output_bytes

    data = clean_output_bytes(render(repo, fmt, today=today))
    app.run_worker(partial(_write, app, target, data), thread=True, group="export")


def _write(app: App[None], target: Path, data: bytes) -> None:
    from allies.store.storage import atomic_write, ensure_private_dir

    try:
        ensure_private_dir(target.parent, refuse_link=True)  # never a linked exports/
        atomic_write(target, data)
    except AlliesError as exc:
        app.call_from_thread(app.notify, str(exc), severity="error")
        return
    app.call_from_thread(app.notify, f"Exported to {target}", timeout=8)
