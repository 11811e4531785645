"""The store is UI-free: importing any of its modules pulls in no Textual, Rich or UI code."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from allies import store

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "rich", "allies.tui", "allies.widgets", "allies.themes")
MODULES = [
    "allies.store",
    *sorted(f"allies.store.{m.name}" for m in pkgutil.iter_modules(store.__path__)),
]

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
forbidden = tuple(sys.argv[2].split(","))
loaded = [m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in forbidden)]
print(json.dumps(sorted(loaded)))
"""


def test_the_store_has_the_modules_the_design_names() -> None:
    for name in ("model", "storage", "repository", "migrations", "dates", "text", "errors"):
        assert f"allies.store.{name}" in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_store_module_loads_no_ui(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module, ",".join(FORBIDDEN)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
