"""Keys from one source: the bindings. The help, the user's keymap and the README follow them."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding

import allies.tui
import allies.widgets
from allies.store.repository import Repository
from allies.tui.app import AlliesApp
from allies.tui.screens.modals.help import KEY_NAMES, HelpScreen
from allies.tui.settings import load_keymap, settings_path

README = Path(__file__).resolve().parents[2] / "README.md"
SYMBOLS = {"?": "question_mark", "*": "asterisk", "+": "plus", "-": "minus", "/": "slash"}


def _every_binding() -> list[Binding]:
    """The bindings of every class in tui/ and widgets/ (App, views, modals, widgets)."""
    found: list[Binding] = []
    for package in (allies.tui, allies.widgets):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__:
                    found += [b for b in vars(cls).get("BINDINGS", []) if isinstance(b, Binding)]
    return found


def _bound_keys() -> set[str]:
    """Ours, and those every Textual app and screen has (tab moves the focus)."""
    from textual.app import App
    from textual.screen import Screen

    textual_own = [b for b in [*App.BINDINGS, *Screen.BINDINGS] if isinstance(b, Binding)]
    return {key.strip() for b in [*_every_binding(), *textual_own] for key in b.key.split(",")}


def _readme_keys() -> tuple[list[str], str]:
    """The keys in the README's key table (backticked, first column), and the section."""
    section = README.read_text(encoding="utf-8").split("## Keys", 1)[1].split("\n## ", 1)[0]
    keys = []
    for line in section.splitlines():
        if line.startswith("| `"):
            keys += re.findall(r"`([^`]+)`", line.split("|")[1])
    return keys, section


def test_every_key_in_the_readme_is_bound() -> None:
    bound = _bound_keys()
    keys, _section = _readme_keys()
    assert keys
    missing = [
        key
        for key in keys
        if not any(arrow in key for arrow in "←→")  # shift+arrows: shown as symbols
        and SYMBOLS.get(key, key) not in bound
    ]
    assert missing == []


def test_every_global_key_is_in_the_readme() -> None:
    _keys, section = _readme_keys()
    documented = {SYMBOLS.get(k, k) for k in re.findall(r"`([^`]+)`", section)}
    for binding in AlliesApp.BINDINGS:
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            assert key in documented, f"{key} ({binding.id}) is not in the README's keys"


async def test_help_lists_keys_a_focused_widget_inherits(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        groups = dict(app.screen.groups())
        active = app.screen.view.active_bindings
        described = {k for k, a in active.items() if a.binding.description}
        shown = {key for rows in groups.values() for keys, _ in rows for key in keys.split(", ")}
        for key in described:
            assert KEY_NAMES.get(key, key) in shown, key
        assert "Everywhere" in groups and "People view" in groups
        people = dict(groups["People view"])
        assert people["+, ="] == "Move their stance up one step (- moves it down)"
        assert people["-"] == "Move their stance down one step"
        assert "+/-" not in people  # the key bar's short form is not a key


async def test_a_keymap_from_the_settings_rebinds_a_key(demo_repo: Repository) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"keymap": {"app.privacy": "f9", "bogus": 3}}))
    assert load_keymap() == {"app.privacy": "f9"}
    app = AlliesApp(demo_repo, prewarm=False, remember_settings=False, keymap=load_keymap())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert app.private
        await pilot.press("asterisk")  # the key it replaced no longer does it
        await pilot.pause()
        assert app.private
