"""Writing changes to the plan file: a frame after they are shown, and before leaving.

A save (two fsyncs) would otherwise stand between a key and its repaint, so a
change is shown first and written once its frame is drawn, or at the latest
``SAVE_AT_LATEST`` later if no frame comes. Closing the terminal (SIGHUP) or
``kill`` (SIGTERM) saves what is pending before the process ends. A failed
save is reported and kept pending, to be retried (``ctrl+s``, or quitting).
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING

from allies.store.errors import SaveError

if TYPE_CHECKING:
    from textual.app import App

    from allies.store.repository import Repository

SAVE_AT_LATEST = 0.2  # seconds: a change is on disk by then even if no frame is drawn


class Saver:
    """Saves one app's plan; ``failed`` is called with the message of a failed save."""

    def __init__(self, app: App[None], repo: Repository, failed: Callable[[str], None]) -> None:
        self.app = app
        self.repo = repo
        self.failed = failed
        self._due = False

    def soon(self) -> None:
        """Save the pending change once its frame is drawn (or a moment later)."""
        if self.repo.pending and not self._due:
            self._due = True
            self.app.call_after_refresh(self._due_now)
            self.app.set_timer(SAVE_AT_LATEST, self._due_now)

    def _due_now(self) -> None:
        if self._due:  # the other of the two calls saved (or tried) already
            self.now()

    def now(self, *, then: str = "") -> bool:
        """Write what is pending now; False (and ``failed`` told, ``then`` after the
        reason) when the save failed."""
        self._due = False
        if not self.repo.pending:
            return True
        try:
            self.repo.save_pending()
        except SaveError as exc:
            self.failed(f"{exc}{then}")
            return False
        return True

    def on_signals(self, leave: Callable[[], None]) -> None:
        """Call ``leave`` on SIGTERM and SIGHUP (in a real terminal; not in tests)."""
        if self.app.is_headless:
            return
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(sig, leave)
            except (NotImplementedError, RuntimeError, ValueError):
                return
