"""What an unexpected error leaves behind: one short line on screen, the details in a
private file.

A traceback can carry names, notes and titles from the plan (in the error's message,
and in the local variables Textual shows by default), and a terminal keeps it in its
scrollback. So the screen gets the error's type and where the details are; the
details (the traceback, without local variables) go to a file only the user can read
(0600, in a 0700 folder), and it holds no message of an error either: only
where it happened and its type.
"""

from __future__ import annotations

import os
import threading
import traceback
from datetime import datetime
from pathlib import Path

EXIT_CRASH = 70
"""The exit status after an unexpected error (EX_SOFTWARE)."""


def crash_dir() -> Path:
    from allies.store.paths import data_dir

    return data_dir() / "crashes"


def write_crash_report(error: BaseException) -> Path | None:
    """Write the traceback of ``error`` (no local variables) to a new 0600 file; its path,
    or None when no file could be written."""
    from allies.store.storage import atomic_write

    lines = _redacted_traceback(error)
    stamp = datetime.now()
    path = crash_dir() / f"crash-{stamp:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    header = f"Allies crash report, {stamp:%Y-%m-%d %H:%M:%S}, process {os.getpid()}\n\n"
    try:
        atomic_write(path, (header + "".join(lines)).encode("utf-8", "replace"))
    except Exception:  # a crash report must never raise in its turn
        return None
    return path


def _redacted_traceback(error: BaseException) -> list[str]:
    """The traceback of ``error`` and of the errors it came from: where (files, lines,
    functions, source) and which type, but neither local variables nor the errors'
    messages, which may quote the plan (a protected plan's text is never written)."""
    lines: list[str] = []
    seen: set[int] = set()

    def one(exc: BaseException) -> None:
        seen.add(id(exc))
        for cause, why in (
            (exc.__cause__, "The error above was the direct cause of the following one:"),
            (
                None if exc.__suppress_context__ else exc.__context__,
                "While handling the error above, another one happened:",
            ),
        ):
            if cause is not None and id(cause) not in seen:
                one(cause)
                lines.append(f"\n{why}\n\n")
                break
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__)).format())
        kind = type(exc)
        lines.append(f"{kind.__module__}.{kind.__qualname__} (message withheld)\n")

    one(error)
    return lines


def crash_notice(error: BaseException, report: Path | None) -> str:
    """The one line shown: the error's type only (its message may quote the plan)."""
    where = (
        f"the details are in {report} (readable by you only)"
        if report is not None
        else "no crash report could be written"
    )
    return (
        f"allies: stopped by an unexpected error ({type(error).__name__}); {where}. "
        "Changes saved before it are in the plan."
    )


def exit_after(seconds: float, code: int) -> None:
    """End the process in ``seconds`` unless it has ended by then (a shutdown that
    blocks on a terminal that is gone must not keep the plan locked)."""

    def leave() -> None:
        os._exit(code)

    timer = threading.Timer(seconds, leave)
    timer.daemon = True
    timer.start()
