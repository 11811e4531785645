"""Helper for the crash test: a writer that the test kills with SIGKILL mid-save.

Run as ``python crash_writer.py PLAN``. It imports the store once, prints
``ready`` and then serves commands read from stdin, one per line:

``run DELAY_MS FROM``
    Fork a writer. The writer opens the plan (lock, leftovers, backup, checks),
    prints ``open N`` (N = the save counter found in ``meta.agenda``), then
    saves forever: each save bumps the counter (and lengthens or shortens the
    first person's notes), and *after the save returns* prints ``ack N`` and
    flushes stdout. DELAY_MS milliseconds after FROM (``fork``: the writer's
    start, so some kills land while it opens and backs up the plan; ``ack``:
    its first acknowledged save) this process kills the writer with SIGKILL,
    reaps it and prints ``done killed``.
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

from allies.store.repository import Repository

COUNTER_PREFIX = "save "
PADDING = "Notes that come and go. " * 150


def counter_of(agenda: str) -> int:
    """The save counter stored in the plan's agenda (``save N``)."""
    return int(agenda.removeprefix(COUNTER_PREFIX))


def say(line: str) -> None:
    """Print one line and flush it: a single unbuffered write, so a kill never splits it."""
    os.write(1, f"{line}\n".encode())


def writer(path: Path, first_ack: int) -> None:
    """Open the plan and save in a loop, acknowledging each save; never returns.

    After the first acknowledged save, one byte is written to ``first_ack``.
    """
    try:
        repo = Repository.open(path)
        n = counter_of(repo.meta.agenda)
        say(f"open {n}")
        person = next(iter(repo.people.values()))
        while True:
            n += 1
            # One save that also grows or shrinks the file by a few KB, as real edits do:
            # an in-place rewrite killed before its truncate would leave a torn tail.
            with repo.transaction(f"save {n}"):
                repo.update_meta(agenda=f"{COUNTER_PREFIX}{n}")
                person = repo.update(person.replace(notes=PADDING if n % 2 else ""))
            say(f"ack {n}")
            if first_ack >= 0:
                os.write(first_ack, b"!")
                os.close(first_ack)
                first_ack = -1
    except BaseException:
        say("error " + traceback.format_exc().replace("\n", " | "))
        os._exit(1)


def main() -> None:
    path = Path(sys.argv[1])
    passphrase = os.environ.get("ALLIES_CRASH_PASSPHRASE")
    if passphrase:  # a protected plan: unlock its key once, as the app does at open
        from allies.store.crypto import read_key, remember_key

        remember_key(path, read_key(path, passphrase))
    say("ready")
    for line in sys.stdin:
        command, *args = line.split()
        if command == "quit":
            return
        if command != "run" or len(args) != 2 or args[1] not in ("fork", "ack"):
            say(f"error unknown command {line!r}")
            continue
        delay, start = float(args[0]) / 1000, args[1]
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            if start == "fork":
                os.close(write_end)
            writer(path, write_end if start == "ack" else -1)
        os.close(write_end)
        if start == "ack":
            os.read(read_end, 1)  # b"" if the writer died first; it then said why
        os.close(read_end)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        say(f"done {'killed' if killed else 'exited'}")


if __name__ == "__main__":
    main()
