"""One edit saved on the large plan: a change through the repository, written atomically.

Each sample is one ``repo.update`` of a person's notes, timed until it
returns: TinyDB's update, serialising the whole plan, writing a temporary
file, fsync, rename over the plan and fsync of the folder. A stance change
(``set_stance``: the person plus a stance-log entry, one save) is timed too.
Runs on a copy of the plan.

    python -m tests.benchmarks.save PLAN [--edits 30] [--profile FILE]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.benchmarks.common import emit, fresh_copy, profile_text

EDIT = "edit saved (notes)"
STANCE = "edit saved (stance + log)"
PROTECTED_EDIT = "edit saved, protected plan (notes)"
UNLOCK = "open protected: unlock the key (scrypt)"
PROTECTED_OPEN = "open protected: decrypt, read and check"
PLAIN_OPEN = "open plain: read and check"


def run(plan: Path, edits: int, profile: Path | None) -> dict[str, Any]:
    from allies.store.model import STANCE_SCALE
    from allies.store.repository import Repository

    samples: dict[str, list[float]] = {EDIT: [], STANCE: []}
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
    with tempfile.TemporaryDirectory(prefix="allies-save-") as tmp:
        copy = fresh_copy(plan, Path(tmp) / "plan")
        repo = Repository.open(copy, backup=False)
        try:
            rng = random.Random(8)
            ids = list(repo.people)
            saves = repo.storage.saves
            for i in range(edits):
                person = repo.people[rng.choice(ids)]
                if profiler is not None:
                    profiler.start()
                started = time.perf_counter()
                repo.update(person.replace(notes=f"Benchmark edit {i}"))
                samples[EDIT].append(round((time.perf_counter() - started) * 1000, 2))
                person = repo.people[rng.choice(ids)]
                stance = rng.choice([s for s in STANCE_SCALE if s is not person.stance])
                started = time.perf_counter()
                repo.set_stance(person.id, stance)
                samples[STANCE].append(round((time.perf_counter() - started) * 1000, 2))
                if profiler is not None:
                    profiler.stop()
            saved = repo.storage.saves - saves
        finally:
            repo.close()
        samples.update(_protected(copy, edits))
    if profiler is not None and profile is not None:
        profile.parent.mkdir(parents=True, exist_ok=True)
        profile.write_text(profile_text(profiler))
    problems = {}
    if saved != 2 * edits:
        problems[EDIT] = [f"{saved} saves for {2 * edits} edits: not one save per edit"]
    return {"samples": samples, "problems": problems, "errors": []}


def _protected(copy: Path, edits: int) -> dict[str, list[float]]:
    """The same plan protected: opening it (unlock, then decrypt and read) and saving edits."""
    from allies.store.crypto import read_key
    from allies.store.protection import protect
    from allies.store.repository import Repository

    samples: dict[str, list[float]] = {PLAIN_OPEN: [], UNLOCK: [], PROTECTED_OPEN: []}
    for _ in range(3):
        started = time.perf_counter()
        Repository.open(copy, backup=False).close()
        samples[PLAIN_OPEN].append(round((time.perf_counter() - started) * 1000, 2))
    passphrase = "benchmark passphrase"
    protect(copy, passphrase)
    for _ in range(3):
        started = time.perf_counter()
        key = read_key(copy, passphrase)
        samples[UNLOCK].append(round((time.perf_counter() - started) * 1000, 2))
        started = time.perf_counter()
        Repository.open(copy, backup=False, key=key).close()
        samples[PROTECTED_OPEN].append(round((time.perf_counter() - started) * 1000, 2))
    repo = Repository.open(copy, backup=False, key=key)
    try:
        ids = list(repo.people)
        edited: list[float] = []
        for i in range(edits):
            person = repo.people[ids[i % len(ids)]]
            started = time.perf_counter()
            repo.update(person.replace(notes=f"Protected edit {i}"))
            edited.append(round((time.perf_counter() - started) * 1000, 2))
        samples[PROTECTED_EDIT] = edited
    finally:
        repo.close()
    return samples


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--profile", type=Path, default=None, metavar="FILE")
    args = parser.parse_args(argv)
    emit(run(args.plan, args.edits, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
