"""Run every benchmark (targets: CONTRIBUTING.md, "Benchmarks"); print one table of the figures.

    python -m tests.benchmarks.run [--quick] [--only startup,save,keys,cli,memory] [--profile]

Each figure is a median over several runs. Start-up is timed in a real
pseudo-terminal (first_screen.py) against a minimal Textual app measured in the
same run, interleaved with it, and reported as a ratio to it; view switches are
timed there too, as a cross-check of the in-process key timings. The large plan
is generated once (seeded) into the work folder and reused until the generator
changes. With ``--profile``, every figure that misses its target is profiled
(pyinstrument) and the profiles are written beside the results.

Not part of the test suite: nothing here asserts, and pytest does not collect it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tests.benchmarks import keys, memory, save
from tests.benchmarks.common import (
    FIRST_SCREEN_CANDIDATES,
    HERE,
    PYTHON,
    ROOT,
    allies_cmd,
    child_env,
    default_workdir,
    demo_plan,
    first_row_name,
    large_plan,
    marker_for,
    median,
)
from tests.benchmarks.floor_app import MARKER as FLOOR_MARKER
from tests.benchmarks.generate import SEED
from tests.benchmarks.table_app import MARKER as TABLE_MARKER

GROUPS = ("startup", "save", "keys", "cli", "memory")
KEY_TARGET_MS = 50.0


@dataclass
class Row:
    """One line of the table."""

    figure: str
    value: float | None
    unit: str
    target: str = ""
    passed: bool | None = None  # None: no target, or not measured
    ratio: float | None = None
    note: str = ""
    group: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def result(self) -> str:
        if self.value is None:
            return "n/a"
        return {True: "pass", False: "FAIL", None: "info"}[self.passed]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.1f} {unit}"


def _helper(module: str, *args: str, timeout: float = 3600) -> dict[str, Any]:
    """Run a helper script (``python -m tests.benchmarks.<module>``) and read its JSON."""
    cmd = [PYTHON, "-m", f"tests.benchmarks.{module}", *args]
    proc = subprocess.run(
        cmd, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=timeout
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"samples": {}, "problems": {}, "errors": [f"{module} failed: {tail}"]}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# ------------------------------------------------------------------ start-up


def first_screen_tool(explicit: Path | None) -> Path:
    for candidate in (explicit, *FIRST_SCREEN_CANDIDATES):
        if candidate is not None and candidate.exists():
            return candidate
    raise SystemExit("first_screen.py not found: pass --first-screen PATH")


def _time_first_screen(
    tool: Path, workdir: Path, label: str, marker: str, cmd: list[str]
) -> tuple[float | None, str]:
    """One run of ``cmd`` to ``marker`` in a pty: (ms, problem)."""
    out = workdir / "first_screen.jsonl"
    dump = workdir / f"screen-{label}.txt"
    out.unlink(missing_ok=True)
    args = [PYTHON, str(tool), "--runs", "1", "--timeout", "60", "--marker", marker]
    # A returning user's start: the cache folder (parsed CSS) is kept between runs; the
    # untimed first round fills it. Everything else starts from a fresh home.
    args += ["--env", f"XDG_CACHE_HOME={workdir / 'xdg-cache'}"]
    args += ["--cwd", str(ROOT), "--json", str(out), "--dump-file", str(dump), "-q", "--", *cmd]
    subprocess.run(args, cwd=workdir, env=child_env(), capture_output=True, timeout=120)
    try:
        summary = json.loads(out.read_text().splitlines()[-1])
    except (OSError, IndexError, ValueError):
        return None, "first_screen.py gave no result"
    if summary["statuses"] != ["marker"]:
        screen = [ln.strip() for ln in dump.read_text().splitlines() if ln.strip()]
        return None, f"{summary['statuses'][0]}: " + " | ".join(screen[-2:])[:160]
    return float(summary["all_ms"][0]), ""


_WARM_CSS = """
import asyncio, sys
from pathlib import Path
from allies.store.repository import Repository
from allies.tui.app import AlliesApp
from allies.tui.css_cache import CssCache

async def main():
    repo = Repository.open(Path(sys.argv[1]), read_only=True)
    cache = CssCache.default()
    app = AlliesApp(repo, css_cache=cache, prewarm=False, remember_settings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    repo.close()
    cache.save()

asyncio.run(main())
"""


def _warm_css_cache(workdir: Path, plan: Path) -> None:
    """Quit once, as a returning user has: the parsed CSS is in the cache folder.

    (A timed run is ended by a signal once its first screen shows, so it never
    gets to write the cache itself.)
    """
    env = {**child_env(), "XDG_CACHE_HOME": str(workdir / "xdg-cache")}
    subprocess.run([PYTHON, "-c", _WARM_CSS, str(plan)], env=env, capture_output=True, timeout=120)


def bench_startup(args: argparse.Namespace, demo: Path, large: Path) -> list[Row]:
    tool = first_screen_tool(args.first_screen)
    _warm_css_cache(args.workdir, demo)
    programs = {
        "floor": (FLOOR_MARKER, [PYTHON, str(HERE / "floor_app.py")]),
        "table": (TABLE_MARKER, [PYTHON, str(HERE / "table_app.py")]),
        "demo": (marker_for(first_row_name(demo)), allies_cmd("--db", str(demo))),
        "large": (marker_for(first_row_name(large)), allies_cmd("--db", str(large))),
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    ratios: dict[str, list[float]] = {name: [] for name in programs}
    problems: dict[str, list[str]] = {name: [] for name in programs}
    for round_no in range(-1, args.startup_runs):  # round -1 warms caches, untimed
        this_round: dict[str, float] = {}
        for name, (marker, cmd) in programs.items():  # interleaved: same load for each
            ms, problem = _time_first_screen(tool, args.workdir, name, marker, cmd)
            if round_no < 0:
                continue
            if ms is not None:
                times[name].append(ms)
                this_round[name] = ms
            elif problem not in problems[name]:
                problems[name].append(problem)
        if "floor" in this_round:  # each program against the floor timed just before it
            for name, ms in this_round.items():
                ratios[name].append(ms / this_round["floor"])
    floor = median(times["floor"])
    rows = [
        Row(
            "start → first screen, minimal Textual app (floor)",
            floor,
            "ms",
            note="; ".join(problems["floor"]),
            samples=times["floor"],
        )
    ]
    table = median(times["table"])
    rows.append(
        Row(
            "start → first screen, reference: Textual app with header, 10-row table, footer",
            table,
            "ms",
            ratio=median(ratios["table"]),
            note="; ".join([f"until “{TABLE_MARKER}” shows", *problems["table"]]),
            samples=times["table"],
        )
    )
    for name, title, limit in (("demo", "demo plan", 1.2), ("large", "large plan", 1.5)):
        value = median(times[name])
        ratio = median(ratios[name])  # median of per-round ratios: the load drifts
        marker = programs[name][0]
        rows.append(
            Row(
                f"start → first screen, {title}",
                value,
                "ms",
                f"≤ {limit}× floor",
                None if ratio is None else ratio <= limit,
                ratio,
                "; ".join([f"until “{marker}” shows", *problems[name]]),
                samples=times[name],
            )
        )
    return rows


# ---------------------------------------------------------------- the others


def _rows_from(
    result: dict[str, Any],
    figures: Sequence[tuple[str, str, float | None]],
    unit: str,
    target: str,
) -> list[Row]:
    """Rows for (figure key, shown name, limit) from a helper's samples."""
    rows = []
    for key, name, limit in figures:
        samples = result["samples"].get(key, [])
        value = median(samples)
        figure = key.split("|")[0]
        notes = list(result["problems"].get(figure, []))
        passed = None if value is None or limit is None else value <= limit
        rows.append(Row(name, value, unit, target if limit else "", passed, None, "; ".join(notes)))
        rows[-1].samples = samples
    errors = result.get("errors", [])
    if errors and rows:
        rows[-1].note = "; ".join(filter(None, [rows[-1].note, *sorted(set(errors))]))[:300]
    return rows


def bench_save(args: argparse.Namespace, large: Path) -> list[Row]:
    result = _helper("save", str(large), "--edits", str(args.edits))
    figures = [(save.EDIT, "one edit saved (atomic), large plan", 50.0)]
    figures.append((save.STANCE, "stance change saved (person + log), large plan", 50.0))
    figures.append((save.PROTECTED_EDIT, "one edit saved, protected large plan", 50.0))
    figures.append((save.PLAIN_OPEN, "open the large plan (read, check), for scale", None))
    figures.append((save.UNLOCK, "open protected: unlock the key (scrypt, once per open)", None))
    figures.append((save.PROTECTED_OPEN, "open protected large plan: decrypt, read, check", None))
    return _rows_from(result, figures, "ms", "≤ 50 ms")


def bench_keys(args: argparse.Namespace, large: Path) -> list[Row]:
    result = _helper("keys", str(large), "--runs", str(args.key_runs), "--today", str(args.today))
    names = [
        (keys.FLOOR_UNBOUND, None),
        (keys.FLOOR_SWITCH_FIRST, None),
        (keys.FLOOR_SWITCH_AGAIN, None),
        (keys.UNBOUND, None),
        (keys.CURSOR, KEY_TARGET_MS),
        (keys.STANCE, KEY_TARGET_MS),
        (keys.SWITCH_FIRST.format("1→2"), KEY_TARGET_MS),
        (keys.SWITCH_FIRST.format("2→3"), KEY_TARGET_MS),
        (keys.SWITCH_FIRST.format("3→4"), KEY_TARGET_MS),
        (keys.SWITCH_AHEAD.format("1→2"), KEY_TARGET_MS),
        (keys.SWITCH_AHEAD.format("2→3"), KEY_TARGET_MS),
        (keys.SWITCH_AHEAD.format("3→4"), KEY_TARGET_MS),
        (keys.SWITCH_AHEAD.format("4→5"), KEY_TARGET_MS),
        (keys.SWITCH_BACK, KEY_TARGET_MS),
        (keys.SWITCH_AGAIN, KEY_TARGET_MS),
        (keys.CARD, KEY_TARGET_MS),
        (keys.SWITCH_FIRST.format("1→5"), KEY_TARGET_MS),
        (keys.MAP_MOVE, KEY_TARGET_MS),
        (keys.MAP_STANCE, KEY_TARGET_MS),
    ]
    floor_pilot = median(result["samples"].get(f"{keys.FLOOR_UNBOUND}|pilot", []))
    floors = {  # a view switch against the floor app's (Textual holds repaints 50 ms)
        keys.SWITCH_AGAIN: keys.FLOOR_SWITCH_AGAIN,
        **{
            keys.SWITCH_FIRST.format(v): keys.FLOOR_SWITCH_FIRST
            for v in ("1→2", "2→3", "3→4", "1→5")
        },
    }
    rows = []
    for figure, limit in names:
        # judged on the frame clock (the repainted screen); falls back to the idle clock
        # for a key that draws nothing (an unbound key)
        clock = "frame" if result["samples"].get(f"{figure}|frame") else "net"
        [row] = _rows_from(
            result, [(f"{figure}|{clock}", f"key: {figure}", limit)], "ms", "≤ 50 ms"
        )
        pilot = median(result["samples"].get(f"{figure}|pilot", []))
        cpu = median(result["samples"].get(f"{figure}|cpu", []))
        idle = median(result["samples"].get(f"{figure}|net", []))
        extra = [f"idle {_fmt(idle, 'ms')}" if clock == "frame" and idle is not None else ""]
        extra.append(f"CPU {_fmt(cpu, 'ms')}" if cpu is not None else "")
        extra.append(f"pilot clock {_fmt(pilot, 'ms')}" if pilot is not None else "")
        row.note = "; ".join(filter(None, [*extra, row.note]))
        floor = median(result["samples"].get(f"{floors.get(figure)}|{clock}", []))
        if floor and row.value is not None:
            row.ratio = row.value / floor
        rows.append(row)
    if floor_pilot is not None:
        rows[0].note += " (pilot's own waits)"
    if result.get("errors"):
        rows[-1].note = "; ".join(filter(None, [rows[-1].note, *sorted(set(result["errors"]))]))
    return rows


PTY_STEPS = (
    ("2", "Pursuing", "1→2, first visit"),
    ("3", "✓ held", "2→3, first visit"),
    ("4", "Week of ", "3→4, first visit"),
    ("1", None, "4→1, back to People"),  # None: the people table's marker
)


def bench_pty_steps(args: argparse.Namespace, large: Path) -> list[Row]:
    """View switches in a real terminal: key sent to the marker of the next view on screen.

    The markers are text each view shows (a board column, a held meeting on the
    timeline, the review's week line); if a view changes its wording, the step
    times out and the row says so rather than guessing.
    """
    tool = first_screen_tool(args.first_screen)
    marker = marker_for(first_row_name(large))
    out = args.workdir / "pty_steps.jsonl"
    out.unlink(missing_ok=True)
    cmd = [PYTHON, str(tool), "--runs", str(args.pty_runs), "--timeout", "60"]
    cmd += ["--marker", marker, "--cwd", str(ROOT), "--json", str(out), "-q"]
    for key, step_marker, _ in PTY_STEPS:
        cmd += ["--step", key, step_marker or marker]
    cmd += ["--", *allies_cmd("--db", str(large))]
    subprocess.run(cmd, cwd=args.workdir, env=child_env(), capture_output=True, timeout=1800)
    try:
        summary = json.loads(out.read_text().splitlines()[-1])
    except (OSError, IndexError, ValueError):
        summary = {"steps": [{} for _ in PTY_STEPS], "statuses": ["no result"]}
    problem = ", ".join(sorted({s for s in summary["statuses"] if s != "marker"}))
    rows = []
    for (_key, step_marker, view), stats in zip(PTY_STEPS, summary["steps"], strict=True):
        value = stats.get("median")
        note = f"until “{step_marker or marker}” shows"
        rows.append(
            Row(
                f"real terminal: view switch {view}",
                value,
                "ms",
                "≤ 50 ms",
                None if value is None else value <= KEY_TARGET_MS,
                None,
                "; ".join(filter(None, [note, problem and f"runs ended: {problem}"])),
            )
        )
    return rows


def _time_cli(argv: list[str], runs: int) -> tuple[list[float], str]:
    """Whole-process wall time of ``allies <argv>`` (stdout to /dev/null), in seconds."""
    samples: list[float] = []
    for i in range(-1, runs):  # one untimed warm-up
        started = time.perf_counter()
        proc = subprocess.run(
            allies_cmd(*argv),
            cwd=ROOT,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        took = time.perf_counter() - started
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or [""])[-1]
            return [], f"exit {proc.returncode}: {last}"[:200]
        if i >= 0:
            samples.append(took)
    return samples, ""


def bench_cli(args: argparse.Namespace, large: Path) -> list[Row]:
    rows = []
    common = ["--db", str(large), "--today", str(args.today)]
    for command, limit, note in (
        ("suggest", 0.5, ""),
        ("review", 0.5, "no target of its own; suggest's 0.5 s applied"),
    ):
        samples, problem = _time_cli([command, *common], args.cli_runs)
        value = median(samples)
        rows.append(
            Row(
                f"`allies {command}`, large plan, whole process",
                value,
                "s",
                f"≤ {limit} s",
                None if value is None else value <= limit,
                None,
                "; ".join(filter(None, [note, problem])),
                samples=samples,
            )
        )
    return rows


def bench_memory(args: argparse.Namespace, large: Path) -> list[Row]:
    marker = marker_for(first_row_name(large))
    result = _helper("memory", str(large), "--marker", marker, "--runs", str(args.mem_runs))
    figures = [(memory.PEAK, "memory: peak RSS, large plan open, every view visited", 150.0)]
    figures.append((memory.CURRENT, "memory: RSS after visiting every view", None))
    return _rows_from(result, figures, "MB", "≤ 150 MB")


# ----------------------------------------------------------------- profiles


def profile_missed(args: argparse.Namespace, rows: list[Row], plans: dict[str, Path]) -> list[Path]:
    """Profile every group with a missed target; return the profile files written."""
    missed = {row.group for row in rows if row.passed is False}
    folder = args.workdir / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def helper(module: str, *argv: str) -> None:
        subprocess.run(
            [PYTHON, "-m", f"tests.benchmarks.{module}", *argv],
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            timeout=3600,
        )

    if "startup" in missed:
        for name in ("demo", "large"):
            out = folder / f"start-{name}.txt"
            helper("profiles", "start", str(plans[name]), str(out))
            written.append(out)
    if "save" in missed:
        out = folder / "save.txt"
        helper("save", str(plans["large"]), "--edits", "10", "--profile", str(out))
        written.append(out)
    if "keys" in missed:
        for old in folder.glob("keys-*.txt"):
            old.unlink()
        helper("keys", str(plans["large"]), "--runs", "1", "--profile", str(folder))
        written.extend(sorted(folder.glob("keys-*.txt")))
    if "cli" in missed:
        for command in ("suggest", "review"):
            out = folder / f"cli-{command}.txt"
            argv = [command, "--db", str(plans["large"]), "--today", str(args.today)]
            helper("profiles", "cli", str(out), "--", *argv)
            written.append(out)
    if "memory" in missed:
        out = folder / "memory.txt"
        helper("profiles", "memory", str(plans["large"]), str(out))
        written.append(out)
    return [p for p in written if p.exists()]


# -------------------------------------------------------------------- table


def print_table(rows: list[Row]) -> None:
    header = ("figure", "measured", "target", "result", "× floor", "notes")
    cells = [
        (
            r.figure,
            _fmt(r.value, r.unit),
            r.target,
            r.result,
            f"{r.ratio:.2f}×" if r.ratio is not None else "",
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(5)]
    line = "  ".join("-" * w for w in widths) + "  -----"
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)) + "  notes")
    print(line)
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=False)) + "  " + c[5])


def _load() -> str:
    """The load average: other work on the machine slows every wall-clock figure."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def _compile_checkout() -> None:
    """Write the checkout's bytecode first, as ``pip install`` does for an installed app.

    With PYTHONDONTWRITEBYTECODE set (as on some machines), every start would
    otherwise compile Allies' modules again (~35 ms) while Textual's, installed,
    are compiled: the comparison with the floor would not be like for like.
    """
    import compileall

    import allies

    for folder in ("store", "tui", "widgets", "themes", "tests"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    # Where the installed package is imported from, when that is not the checkout itself
    # (a strict editable install imports through a tree of links in build/).
    imported_from = Path(allies.__file__).parent
    if imported_from != ROOT:
        compileall.compile_dir(imported_from, quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument(
        "--only", default=",".join(GROUPS), help="comma list of " + ",".join(GROUPS)
    )
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--regen", action="store_true", help="generate the large plan again")
    parser.add_argument("--startup-runs", type=int, default=15)
    parser.add_argument("--key-runs", type=int, default=4)
    parser.add_argument("--cli-runs", type=int, default=7)
    parser.add_argument("--pty-runs", type=int, default=5)
    parser.add_argument("--mem-runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="fewer runs: a smoke test")
    parser.add_argument("--profile", action="store_true", help="profile the missed targets")
    parser.add_argument("--first-screen", type=Path, default=None, metavar="PATH")
    args = parser.parse_args(argv)
    if args.quick:
        args.startup_runs, args.key_runs, args.cli_runs, args.pty_runs = 2, 1, 2, 1
        args.mem_runs, args.edits = 1, 5
    only = {g.strip() for g in args.only.split(",") if g.strip()}
    if unknown := only - set(GROUPS):
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    args.workdir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    print(f"work folder {args.workdir}; today {args.today}; seed {args.seed}", flush=True)
    _compile_checkout()
    print(f"machine: {os.cpu_count()} cores; {_load()}", flush=True)
    plans = {
        "large": large_plan(args.workdir, args.today, seed=args.seed, regen=args.regen),
        "demo": demo_plan(args.workdir, args.today),
    }
    for name, plan in plans.items():
        check = subprocess.run(
            allies_cmd("check", "--db", str(plan)),
            cwd=ROOT,
            env=child_env(),
            text=True,
            capture_output=True,
        )
        print(f"{name}: {check.stdout.strip() or check.stderr.strip()}", flush=True)

    benches = {
        "startup": lambda: bench_startup(args, plans["demo"], plans["large"]),
        "save": lambda: bench_save(args, plans["large"]),
        "keys": lambda: [
            *bench_keys(args, plans["large"]),
            *bench_pty_steps(args, plans["large"]),
        ],
        "cli": lambda: bench_cli(args, plans["large"]),
        "memory": lambda: bench_memory(args, plans["large"]),
    }
    rows: list[Row] = []
    for group in GROUPS:
        if group not in only:
            continue
        print(f"… {group}", flush=True)
        for row in benches[group]():
            row.group = group
            rows.append(row)

    print()
    print_table(rows)
    took = time.perf_counter() - started
    print(
        f"\n{sum(r.passed is True for r in rows)} pass, {sum(r.passed is False for r in rows)} "
        f"fail, {sum(r.value is None for r in rows)} not measured ({took:.0f} s)"
    )
    results = args.workdir / "results.json"
    results.write_text(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False))
    print(f"samples: {results}")
    print(f"machine at the end: {_load()}")
    if args.profile:
        for path in profile_missed(args, rows, plans):
            print(f"profile: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
