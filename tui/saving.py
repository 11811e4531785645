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

from allies.store.errors import PlanChangedError, SaveError

if TYPE_CHECKING:
    from textual.app import App

    from allies.store.repository import Repository

SAVE_AT_LATEST = 0.2  # seconds: a change is on disk by then even if no frame is drawn
LEAVE_AT_MOST = 2.0  # seconds Textual has to shut down after SIGHUP/SIGTERM


def save_failed_title(exc: SaveError) -> str:
    """The title of a failed save's message."""
    return "Plan changed on disk" if isinstance(exc, PlanChangedError) else "Save failed"


class Saver:
    """Saves one app's plan; ``failed`` is called with a failed save's message and title."""

    def __init__(
        self, app: App[None], repo: Repository, failed: Callable[[str, str], None]
    ) -> None:
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
        except PlanChangedError as exc:  # saved, in a new file beside the plan: it says where
            self.failed(str(exc), save_failed_title(exc))
            return True
        except SaveError as exc:
            self.failed(f"{exc}{then}", save_failed_title(exc))
            return False
        return True

    def leave(self) -> None:
        """Save now, then exit (the plan's lock goes with the process).

        After a closed terminal Textual's shutdown can block (writing to a terminal
        that is gone): the process ends after ``LEAVE_AT_MOST`` seconds regardless.
        """
        from allies.tui.crash import exit_after

        if not self.now():
            self.repo.save_copy()  # nobody is left to retry: the change goes beside the plan
        if not self.app.is_headless:  # (a test's app must not end the test run)
            exit_after(LEAVE_AT_MOST, 1)
        self.app.exit(return_code=1)

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
