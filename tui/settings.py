"""Small user settings (the theme, the keymap, how dates are read, the idle privacy
screen, the plans whose key the OS keyring keeps) in the platformdirs config folder."""

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


def load_keymap() -> dict[str, str]:
    """The user's own keys: ``"keymap": {"binding id": "keys"}`` in settings.json, e.g.
    ``{"app.privacy": "f9", "view.board": "b,2"}`` (ids: see the bindings, or docs)."""
    keymap = load_settings().get("keymap")
    if not isinstance(keymap, dict):
        return {}
    return {str(k): v for k, v in keymap.items() if isinstance(v, str) and v}


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


KEYRING_PLANS = "keyring_plans"


def kept_in_keyring(plan: Path) -> bool:
    """Whether the user asked the OS keyring to keep ``plan``'s key (``allies protect --remember``).

    Only then is the keyring looked at when the plan opens: no keyring import, no
    desktop prompt, for anyone who did not ask for it.
    """
    plans = load_settings().get(KEYRING_PLANS)
    return isinstance(plans, list) and str(plan.expanduser().resolve()) in plans


def set_kept_in_keyring(plan: Path, kept: bool) -> None:
    """Record (or drop) ``plan`` among the plans whose key the OS keyring keeps."""
    found = load_settings().get(KEYRING_PLANS)
    plans = [p for p in found if isinstance(p, str)] if isinstance(found, list) else []
    name = str(plan.expanduser().resolve())
    plans = [p for p in plans if p != name] + ([name] if kept else [])
    save_setting(KEYRING_PLANS, plans)


def save_setting(key: str, value: object) -> None:
    from allies.store.storage import atomic_write

    data = load_settings()
    data[key] = value
    atomic_write(settings_path(), json.dumps(data, indent=2).encode())
