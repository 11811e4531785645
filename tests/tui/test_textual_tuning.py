"""Private Textual names: only in widgets/textual_tuning.py, listed, present, and optional."""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import textual

from allies.widgets import textual_tuning

ROOT = Path(__file__).resolve().parents[2]
TUNING = ROOT / "widgets" / "textual_tuning.py"

# What the tuning module relies on, trick by trick: a change here is a decision
# (a new private name is a new pin on Textual), reviewed with the benchmark figure.
EXPECTED = {
    "styles_current": ("App._css_update_count", "Screen._css_update_count"),
    "paint_now": (
        "Widget._vertical_scrollbar",
        "Widget._horizontal_scrollbar",
        "Widget._repaint_required",
        "Screen._dirty_widgets",
        "Screen._on_timer_update",
    ),
    "build_ahead": ("App._init_mode",),
    "draw_ahead": ("Screen._refresh_layout", "Screen._compositor"),
    "steady_scroll": ("ScrollView._size_updated", "Widget._scroll_update"),
    "crash_report": ("App._handle_exception", "App._exit_renderables"),
    "css_cache": ("Stylesheet._parse_rules", "Stylesheet._parse_cache", "Stylesheet._variables"),
}


# Private names of other libraries that Textual happens to use a name of too.
NOT_TEXTUAL = {("os", "_exit")}


def test_the_private_names_relied_on_are_listed() -> None:
    assert textual_tuning.PRIVATE_NAMES == EXPECTED


def test_every_private_name_exists_in_the_installed_textual() -> None:
    assert textual_tuning.missing_names() == [], f"Textual {textual.__version__}"


def _own_private_names(tree: ast.AST) -> set[str]:
    """Private names a module defines itself (its own attributes and methods)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def _textual_private_names() -> set[str]:
    """Every private attribute name Textual's own source assigns or defines."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= _own_private_names(ast.parse(path.read_text(encoding="utf-8")))
    return names


def _textual_bases_names(cls: type) -> set[str]:
    """The private names a class's Textual bases define (methods, class and instance
    attributes, read from the bases' modules)."""
    names: set[str] = set()
    for base in cls.__mro__:
        if base.__module__.split(".")[0] in ("textual", "rich"):
            names |= {name for name in vars(base) if name.startswith("_")}
            source = inspect.getsource(sys.modules[base.__module__])
            names |= _own_private_names(ast.parse(source))
    return names


def test_no_module_but_the_tuning_module_names_a_private_textual_attribute() -> None:
    """No ``obj._name`` of Textual's outside the tuning module, and no class that
    overrides or shadows a private name of its Textual base."""
    textual_names = _textual_private_names()
    paths = [p for f in ("tui", "widgets") for p in sorted((ROOT / f).rglob("*.py")) if p != TUNING]
    project = set().union(*(_own_private_names(ast.parse(p.read_text("utf-8"))) for p in paths))
    found = []
    for folder in ("tui", "widgets"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == TUNING or path.name == "__main__.py":
                continue
            module = importlib.import_module(
                "allies." + ".".join(path.relative_to(ROOT).with_suffix("").parts)
            )
            tree = ast.parse(path.read_text(encoding="utf-8"))
            ours = project  # (a base class of ours may define it in another module)
            for node in ast.walk(tree):  # someone else's private attribute
                if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
                    continue
                owner = node.value.id if isinstance(node.value, ast.Name) else ""
                if (owner, node.attr) in NOT_TEXTUAL:
                    continue
                if node.attr in textual_names and node.attr not in ours:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.attr}")
            for node in ast.walk(tree):  # our classes: no private name of their bases
                if not isinstance(node, ast.ClassDef):
                    continue
                cls = getattr(module, node.name, None)
                if not isinstance(cls, type):
                    continue
                theirs = _textual_bases_names(cls)
                for name in sorted(_own_private_names(node) & theirs):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}.{name}")
    assert found == [], "\n".join(found)


def test_the_app_runs_with_every_trick_off(tmp_path: Path) -> None:
    """Plain Textual: every view and the help shown, then quit, without an error."""
    script = """
import asyncio
from datetime import date
from pathlib import Path
from allies.store.demo import build_demo
from allies.store.repository import Repository
from allies.tui.app import AlliesApp
from allies.widgets import textual_tuning

assert textual_tuning.OFF == set(textual_tuning.PRIVATE_NAMES)
path = Path(__import__("sys").argv[1])
repo = Repository.open(path)
build_demo(repo, today=date(2026, 12, 1))

async def main():
    app = AlliesApp(repo, today=date(2026, 12, 1), remember_settings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, view in [("2", "BoardScreen"), ("3", "TimelineScreen"), ("4", "ReviewScreen"),
                          ("question_mark", "HelpScreen"), ("escape", "ReviewScreen"),
                          ("1", "PeopleScreen"), ("2", "BoardScreen")]:
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == view, (key, app.screen)

asyncio.run(main())
repo.close()
print("ok")
"""
    env = {**os.environ, "ALLIES_PLAIN_TEXTUAL": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "plan.json")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")
