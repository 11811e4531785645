"""Where plans live: resolved lazily, never created at import time."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "ALLIES_DB"


def data_dir() -> Path:
    """The user's data folder for Allies (platformdirs)."""
    from platformdirs import user_data_path

    return Path(user_data_path("allies"))


def config_dir() -> Path:
    """The user's settings folder for Allies (platformdirs)."""
    from platformdirs import user_config_path

    return Path(user_config_path("allies"))


def default_plan() -> Path:
    """``--db`` unset: ``$ALLIES_DB`` or ``<data dir>/plan.json``."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return data_dir() / "plan.json"


def demo_plan(db: Path | None = None) -> Path:
    """Where ``allies demo`` writes: ``--db``, or demo.json beside the default plan."""
    if db is not None:
        return db
    return default_plan().parent / "demo.json"
