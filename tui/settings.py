"""Small user settings (the theme, how dates are read, the idle privacy screen) in the
platformdirs config folder."""

from __future__ import annotations

import json
from pathlib import Path

from allies.store.paths import config_dir


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> dict[str, object]:
    try:
        data = json.loads(settings_path().read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_theme() -> str | None:
    theme = load_settings().get("theme")
    return theme if isinstance(theme, str) else None


def load_day_first() -> bool:
    """Whether the user reads numeric dates day first (``3/12`` is 3 December)."""
    return load_settings().get("day_first") is True


PRIVACY_AFTER_DEFAULT = 5.0


def load_privacy_after() -> float:
    """Idle minutes before the privacy screen turns on (``privacy_after_minutes``; 0: never)."""
    value = load_settings().get("privacy_after_minutes", PRIVACY_AFTER_DEFAULT)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return PRIVACY_AFTER_DEFAULT
    return float(value)


def save_setting(key: str, value: object) -> None:
    from allies.store.storage import atomic_write

    data = load_settings()
    data[key] = value
    atomic_write(settings_path(), json.dumps(data, indent=2).encode())
