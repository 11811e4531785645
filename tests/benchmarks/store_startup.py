"""The store's share of start-up on the large plan, each part timed in a fresh process.

    python -m tests.benchmarks.store_startup [--runs 9] [--plan PATH] [--root DIR ...]

For each run, a new Python process imports the store (what the first screen
needs), opens a private copy of the plan read-write (lock, backup, checks) and
computes what the people screen and the header show (influence, chief
influencers, approach next, "beyond the no", the pulse). Prints the median of
each part. ``--root`` runs the same against other checkouts (for example an
older commit exported to a folder), interleaved, so a before/after comparison
sees the same machine load. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tests.benchmarks.common import PYTHON, ROOT, default_workdir, large_plan
from tests.benchmarks.generate import SEED

PROBE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
import allies.store.repository, allies.store.pulse, allies.store.analysis
t1 = time.perf_counter()
from datetime import datetime
from allies.store.analysis import analysis_for
from allies.store.pulse import compute_pulse
from allies.store.repository import Repository
t2 = time.perf_counter()
repo = Repository.open(sys.argv[2])
t3 = time.perf_counter()
analysis = analysis_for(repo)
compute_pulse(repo, datetime.now().astimezone())
analysis.approach, analysis.chiefs, analysis.flagged_no
top = min(repo.people, key=lambda pid: analysis.scores[pid].rank)
analysis.channels(top), analysis.suggestion(top)
t4 = time.perf_counter()
repo.close()
ms = lambda a, b: round((b - a) * 1000, 2)
print(json.dumps({"import": ms(t0, t1), "open": ms(t2, t3), "first screen rules": ms(t3, t4)}))
"""


def measure(root: Path, plan: Path, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [PYTHON, "-c", PROBE, str(root), str(plan)],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
        env=env,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--plan", type=Path, help="default: the generated large plan")
    parser.add_argument("--root", type=Path, action="append", help="checkouts to compare")
    args = parser.parse_args(argv)
    roots: list[Path] = args.root or [ROOT]
    source = args.plan or large_plan(default_workdir(), date.today(), seed=SEED)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # time the code, not its compilation
    env.setdefault("PYTHONPYCACHEPREFIX", str(default_workdir() / "pycache"))
    samples: dict[Path, list[dict[str, float]]] = {root: [] for root in roots}
    with tempfile.TemporaryDirectory() as tmp:
        copies = {}
        for n, root in enumerate(roots):
            copies[root] = Path(tmp) / str(n) / "plan.json"
            copies[root].parent.mkdir()
            shutil.copy(source, copies[root])
        for root in roots:  # once unmeasured: bytecode written, files cached
            measure(root, copies[root], env)
        for _ in range(args.runs):
            for root in roots:
                samples[root].append(measure(root, copies[root], env))
    print(f"{source} — medians of {args.runs} runs, ms")
    for root, runs in samples.items():
        parts = "  ".join(f"{k} {statistics.median(r[k] for r in runs):6.1f}" for k in runs[0])
        print(f"{root!s:<30} {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
