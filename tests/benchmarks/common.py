"""What the benchmark scripts share: paths, the plans they measure, markers, statistics."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository root: the working directory for ``python -m tui``."""
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
FIRST_SCREEN_CANDIDATES = (
    ROOT.parent / "shared" / "tools" / "first_screen.py",
    HERE / "first_screen.py",
)
SIZE = (120, 40)
"""Terminal size for every screen benchmark (first_screen.py's default)."""


def default_workdir() -> Path:
    """Where plans, copies and results go (outside the repository)."""
    base = Path(os.environ.get("TMPDIR", "/tmp"))
    return base / f"allies-bench-{os.getuid()}"


def allies_cmd(*args: str) -> list[str]:
    """The command that runs Allies from this checkout (same as the ``allies`` script)."""
    return [PYTHON, "-m", "tui", *args]


def child_env() -> dict[str, str]:
    """Environment for child processes: this checkout importable, no Textual dev mode."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if "PYTHONPATH" in env else "")
    env.pop("TEXTUAL", None)
    return env


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _generator_stamp(seed: int, today: date) -> str:
    source = (HERE / "generate.py").read_bytes()
    return hashlib.sha256(source + f"{seed}:{today}".encode()).hexdigest()[:16]


def large_plan(workdir: Path, today: date, *, seed: int, regen: bool = False) -> Path:
    """The large plan for ``today``: generated once, regenerated when the generator changes."""
    from tests.benchmarks.generate import generate

    folder = workdir / "large"
    path = folder / "plan.json"
    stamp = folder / "stamp.txt"
    want = _generator_stamp(seed, today)
    if not regen and path.exists() and stamp.exists() and stamp.read_text() == want:
        return path
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    generate(path, seed=seed, today=today)
    stamp.write_text(want)
    return path


def demo_plan(workdir: Path, today: date) -> Path:
    """The demo plan (what ``allies demo`` writes), built for ``today``."""
    from allies.store.demo import build_demo
    from allies.store.repository import Repository

    folder = workdir / "demo"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "demo.json"
    repo = Repository.open(path, title="Demo", backup=False)
    try:
        build_demo(repo, today)
    finally:
        repo.close()
    return path


def fresh_copy(plan: Path, folder: Path) -> Path:
    """A private copy of ``plan`` in a new ``folder`` (benchmarks that write use one)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = folder / plan.name
    shutil.copyfile(plan, target)
    return target


def first_row_name(plan: Path) -> str:
    """The name on the people table's first row (rank 1): shown only once rows are drawn."""
    from allies.store.analysis import Analysis
    from allies.store.repository import Repository

    repo = Repository.open(plan, read_only=True)
    try:
        scores = Analysis(repo).scores
        top = min(scores.values(), key=lambda s: (s.rank, s.person))
        return repo.people[top.person].name
    finally:
        repo.close()


def marker_for(name: str) -> str:
    """A prefix of ``name`` that survives the table truncating it with an ellipsis."""
    return name if len(name) <= 12 else name[:12]


def emit(result: object) -> None:
    """Print one JSON document on stdout (how helper scripts report to run.py)."""
    print(json.dumps(result), flush=True)


def profile_text(profiler: object) -> str:
    """A pyinstrument profile as text: the call tree, then the top functions flat."""
    render = profiler.output_text  # type: ignore[attr-defined]
    return "\n".join(
        (
            render(unicode=True, color=False),
            "Top functions by total time (own code and callees):",
            render(unicode=True, color=False, flat=True, flat_time="total"),
            "Top functions by self time:",
            render(unicode=True, color=False, flat=True, flat_time="self"),
        )
    )
