"""Profiles (pyinstrument) of the figures that miss their target, written as text.

    python -m tests.benchmarks.profiles start PLAN OUT   # start-up, headless, imports included
    python -m tests.benchmarks.profiles cli OUT -- suggest --db PLAN
    python -m tests.benchmarks.profiles memory PLAN OUT  # top allocation sites (tracemalloc)

Each runs in a fresh process (run.py starts one per profile), so imports count
as they do for a user.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyinstrument import Profiler

from tests.benchmarks.common import SIZE, fresh_copy, profile_text


async def _open_app(plan: Path) -> None:
    """Import the app, open the plan and run until the people table is drawn and idle."""
    from allies.store.repository import Repository
    from allies.tui.app import AlliesApp
    from tests.benchmarks.keys import _people_rows, _wait_for, until_idle

    repo = Repository.open(plan)
    try:
        app = AlliesApp(repo)
        async with app.run_test(size=SIZE) as pilot:
            await _wait_for(pilot, lambda: _people_rows(app) > 0)
            await until_idle(app, time.perf_counter(), windows=20)
            for key in "2341":  # every view, for the memory profile
                await pilot.press(key)
                await until_idle(app, time.perf_counter(), windows=20)
    finally:
        repo.close()


def start(plan: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="allies-prof-") as tmp:
        copy = fresh_copy(plan, Path(tmp) / "plan")
        profiler = Profiler(interval=0.001, async_mode="disabled")
        profiler.start()
        asyncio.run(_open_app_until_drawn(copy))
        profiler.stop()
    out.write_text(profile_text(profiler))


async def _open_app_until_drawn(plan: Path) -> None:
    from allies.store.repository import Repository
    from allies.tui.app import AlliesApp
    from tests.benchmarks.keys import _people_rows, _wait_for

    repo = Repository.open(plan)
    try:
        app = AlliesApp(repo)
        async with app.run_test(size=SIZE) as pilot:
            await _wait_for(pilot, lambda: _people_rows(app) > 0)
    finally:
        repo.close()


def cli(argv: list[str], out: Path) -> None:
    profiler = Profiler(interval=0.001)
    profiler.start()
    from allies.tui.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        main(argv)
    profiler.stop()
    out.write_text(profile_text(profiler))


def memory(plan: Path, out: Path) -> None:
    import tracemalloc

    tracemalloc.start(8)
    with tempfile.TemporaryDirectory(prefix="allies-prof-") as tmp:
        asyncio.run(_open_app(fresh_copy(plan, Path(tmp) / "plan")))
    snapshot = tracemalloc.take_snapshot()
    peak = tracemalloc.get_traced_memory()[1]
    lines = [f"traced peak {peak / 2**20:.1f} MB; top allocation sites still held:"]
    for stat in snapshot.statistics("traceback")[:15]:
        lines.append(f"{stat.size / 2**20:8.2f} MB  {stat.count:8} blocks")
        lines.extend(f"      {frame}" for frame in stat.traceback.format()[-6:])
    out.write_text("\n".join(lines) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("start")
    p.add_argument("plan", type=Path)
    p.add_argument("out", type=Path)
    p = sub.add_parser("memory")
    p.add_argument("plan", type=Path)
    p.add_argument("out", type=Path)
    p = sub.add_parser("cli")
    p.add_argument("out", type=Path)
    p.add_argument("args", nargs=argparse.REMAINDER)
    args: Any = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.what == "start":
        start(args.plan, args.out)
    elif args.what == "memory":
        memory(args.plan, args.out)
    else:
        cli([a for a in args.args if a != "--"], args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
