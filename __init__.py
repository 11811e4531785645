"""Allies: a private, keyboard-driven terminal planner for building alliances.

Installed, the repository's top-level folders are one namespace: ``allies.tui``
(the app and the command line), ``allies.widgets``, ``allies.store`` (the UI-free
core) and ``allies.themes``.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """``allies.__version__`` from the installed distribution's metadata, read on first use."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("allies")
        except PackageNotFoundError:  # run from a checkout that was never installed
            return "0+unknown"
    raise AttributeError(name)
