"""Parsed CSS kept between runs, so the first screen does not wait for the CSS parser.

Textual parses every CSS source (the app's .tcss files and each widget's default
CSS) on every start: about 10 ms before the first screen, the same sources with
the same theme variables each time. This file keeps the parsed rules between
runs, found by everything the parse depends on: the CSS text, where it was read
from, its scope and priority, the theme's variables, and the Textual and Python
installs. A change to any of them is a miss, parsed as
before and remembered at exit; an unreadable, foreign or stale cache is ignored.

It is kept in the user's cache folder (platformdirs), never beside the
program: uninstalling Allies leaves nothing in site-packages. It holds no plan
data. It is a pickle, read only from a folder and file that belong to the user
and that no one else may write. The stylesheet that reads it is
``CachedStylesheet`` in widgets/textual_tuning.py (it overrides a private
Textual method).
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allies.store.storage import atomic_write

if TYPE_CHECKING:
    from textual.css.model import RuleSet

FORMAT = 2
KEPT_AT_MOST = 200  # entries: a few themes' worth of every view's and widget's CSS
FILE_NAME = "css-cache.pickle"


def cache_dir() -> Path:
    """The user's cache folder for Allies (platformdirs)."""
    from platformdirs import user_cache_path

    return Path(user_cache_path("allies"))


def _stamp() -> tuple[Any, ...]:
    """What a cache file must have been written by to be read: this format, Python, Textual.

    Textual is told apart by its files (reinstalling or upgrading rewrites them):
    asking its version would import importlib.metadata, ~10 ms.
    """
    import textual
    import textual.css.model

    files = (textual.__file__, textual.css.model.__file__)
    marks = [(f, (st := os.stat(f)).st_size, st.st_mtime_ns) for f in files if f is not None]
    return (FORMAT, sys.version_info[:2], marks)


Source = tuple[Any, ...]
"""What one parse depends on besides the variables: css, location, defaults, tie breaker, scope."""
Variables = tuple[tuple[str, str], ...]


class CssCache:
    """Parsed rule sets by theme variables, then by source.

    Each source's rules are pickled on their own and unpickled only when asked
    for: a start reads the rules of what it shows, not of every view and theme.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._blobs: dict[Variables, dict[Source, bytes]] | None = None
        self._new: dict[tuple[Variables, Source], list[RuleSet]] = {}
        self._used: set[tuple[Variables, Source]] = set()
        self.hits = 0

    @classmethod
    def default(cls) -> CssCache:
        """In the user's cache folder."""
        return cls(cache_dir() / FILE_NAME)

    @staticmethod
    def variables_key(variables: dict[str, str]) -> Variables:
        return tuple(sorted(variables.items()))

    def get(self, variables: Variables, source: Source) -> list[RuleSet] | None:
        blob = self._load().get(variables, {}).get(source)
        if blob is None:
            return None
        try:
            rules: list[RuleSet] = pickle.loads(blob)
        except Exception:  # a damaged entry: parsed again, and replaced
            return None
        self._used.add((variables, source))
        self.hits += 1
        return rules

    def put(self, variables: Variables, source: Source, rules: list[RuleSet]) -> None:
        self._new[variables, source] = rules
        self._used.add((variables, source))

    def save(self) -> None:
        """Write the cache if this run parsed anything new (never raises)."""
        if not self._new:
            return
        try:
            blobs = {variables: dict(by_source) for variables, by_source in self._load().items()}
            for (variables, source), rules in self._new.items():
                blob = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
                blobs.setdefault(variables, {})[source] = blob
            if sum(map(len, blobs.values())) > KEPT_AT_MOST:  # keep what this run used
                blobs = {
                    variables: kept
                    for variables, by_source in blobs.items()
                    if (
                        kept := {s: b for s, b in by_source.items() if (variables, s) in self._used}
                    )
                }
            data = pickle.dumps((_stamp(), blobs), protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(self.path, data, tighten_folder=False)  # 0600, in a folder made 0700
        except Exception:  # a cache: never worth an error
            return
        self._blobs = blobs
        self._new = {}

    def _load(self) -> dict[Variables, dict[Source, bytes]]:
        if self._blobs is None:
            self._blobs = self._read()
        return self._blobs

    def _read(self) -> dict[Variables, dict[Source, bytes]]:
        try:
            if not (_private(self.path.parent) and _private(self.path)):
                return {}
            stamp, blobs = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, unreadable, or written by another version: start afresh
            return {}
        if stamp != _stamp() or not isinstance(blobs, dict):
            return {}
        return blobs


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else (else not to be unpickled)."""
    st = path.stat()
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
