"""Memory with the large plan open: the real app in a pseudo-terminal, every view visited.

Starts ``allies --db PLAN`` in a pty (ptyprocess, screen emulated by pyte, as
first_screen.py does), waits until ``--marker`` is on screen, visits the four
views (2, 3, 4, 1), waiting each time for the screen to settle, then reads the
process's peak (VmHWM) and current (VmRSS) resident memory from /proc.

    python -m tests.benchmarks.memory PLAN --marker NAME [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tests.benchmarks.common import ROOT, SIZE, allies_cmd, child_env, emit

PEAK = "peak RSS, large plan, all views visited"
CURRENT = "RSS after visiting every view"


def _status_mb(pid: int) -> dict[str, float]:
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = round(int(rest.split()[0]) / 1024, 1)
    return values


class Terminal:
    """A child process in a pty, its screen kept by pyte."""

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        import ptyprocess
        import pyte

        cols, rows = SIZE
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.proc = ptyprocess.PtyProcess.spawn(
            cmd, env=env, dimensions=(rows, cols), cwd=str(ROOT)
        )
        self.screen.write_process_input = self._answer  # replies to terminal queries

    def _answer(self, data: str) -> None:
        with contextlib.suppress(OSError):
            os.write(self.proc.fd, data.encode())

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def read(self, timeout: float) -> bool:
        """Feed what the child wrote within ``timeout``; False once it has exited."""
        if select.select([self.proc.fd], [], [], timeout)[0]:
            try:
                data = os.read(self.proc.fd, 65536)
            except OSError:
                data = b""
            if not data:
                return False
            self.stream.feed(data)
        return self.proc.isalive()

    def wait_for(self, marker: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while marker not in self.text():
            if time.monotonic() > deadline or not self.read(0.02):
                return False
        return True

    def settle(self, quiet: float = 0.3, timeout: float = 15.0) -> None:
        """Read until the screen has not changed for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last, changed = self.text(), time.monotonic()
        while time.monotonic() - changed < quiet and time.monotonic() < deadline:
            if not self.read(0.02):
                return
            if (now := self.text()) != last:
                last, changed = now, time.monotonic()

    def send(self, keys: str) -> None:
        os.write(self.proc.fd, keys.encode())

    def kill(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if not self.proc.isalive():
                break
            try:
                os.killpg(os.getpgid(self.proc.pid), sig)
            except (ProcessLookupError, PermissionError):
                break
            time.sleep(0.3)
        self.proc.close(force=True)


def one_run(plan: Path, marker: str) -> tuple[dict[str, float], str]:
    """Peak and current RSS of one app run, and a problem (empty when none)."""
    with tempfile.TemporaryDirectory(prefix="allies-mem-") as home:
        env = child_env()
        cols, rows = SIZE
        env.update(TERM="xterm-256color", COLORTERM="truecolor", HOME=home)
        env.update(COLUMNS=str(cols), LINES=str(rows), LANG="C.UTF-8", LC_ALL="C.UTF-8")
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env.pop(var, None)
        term = Terminal(allies_cmd("--db", str(plan)), env)
        try:
            if not term.wait_for(marker, 60):
                last = [line.strip() for line in term.text().splitlines() if line.strip()]
                return {}, "never showed its first screen: " + " | ".join(last[-3:])[:200]
            for key in "2341":
                term.send(key)
                term.settle()
            if not term.proc.isalive():
                return {}, "the app exited while switching views"
            return _status_mb(term.proc.pid), ""
        finally:
            term.kill()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("--marker", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    samples: dict[str, list[float]] = {PEAK: [], CURRENT: []}
    problems: dict[str, list[str]] = {}
    for _ in range(args.runs):
        values, problem = one_run(args.plan, args.marker)
        if problem:
            problems.setdefault(PEAK, []).append(problem)
            continue
        samples[PEAK].append(values["VmHWM"])
        samples[CURRENT].append(values["VmRSS"])
    emit({"samples": samples, "problems": problems, "errors": []})
    return 0


if __name__ == "__main__":
    sys.exit(main())
