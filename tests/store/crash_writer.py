"""Helper for the crash test: a writer that the test kills with SIGKILL mid-save.

Run as ``python crash_writer.py PLAN``. It imports the store once, prints
``ready`` and then serves commands read from stdin, one per line:

``run DELAY_MS``
    Fork a writer. The writer opens the plan (lock, leftovers, backup, checks),
    prints ``open N`` (N = the save counter found in ``meta.agenda``), then
    saves forever: each save bumps the counter, and *after the save returns*
    prints ``ack N`` and flushes stdout. After DELAY_MS milliseconds this
    process kills the writer with SIGKILL, reaps it and prints ``done``.
``quit``
    Exit.

Forking from a process that has already imported everything keeps a trial
to a few milliseconds, so hundreds of kills fit in a short test. The killer
is the writer's own parent, so the pid it kills cannot have been reused.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store.repository import Repository

COUNTER_PREFIX = "save "


def counter_of(agenda: str) -> int:
    """The save counter stored in the plan's agenda (``save N``)."""
    return int(agenda.removeprefix(COUNTER_PREFIX))


def say(line: str) -> None:
    """Print one line and flush it: a single unbuffered write, so a kill never splits it."""
    os.write(1, f"{line}\n".encode())


def writer(path: Path) -> None:
    """Open the plan and save in a loop, acknowledging each save; never returns."""
    try:
        repo = Repository.open(path)
        n = counter_of(repo.meta.agenda)
        say(f"open {n}")
        while True:
            n += 1
            repo.update_meta(agenda=f"{COUNTER_PREFIX}{n}")
            say(f"ack {n}")
    except BaseException:
        say("error " + traceback.format_exc().replace("\n", " | "))
        os._exit(1)


def main() -> None:
    path = Path(sys.argv[1])
    say("ready")
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "quit":
            return
        if command != "run":
            say(f"error unknown command {line!r}")
            continue
        delay = float(arg) / 1000
        pid = os.fork()
        if pid == 0:
            writer(path)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        say(f"done {'killed' if killed else 'exited'}")


if __name__ == "__main__":
    main()
