"""The app's themes: registered before the first paint, the user's choice remembered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allies.store.errors import SaveError
from allies.themes import DEFAULT_THEME, DOMAIN_DEFAULTS_DARK, DOMAIN_DEFAULTS_LIGHT, THEMES

if TYPE_CHECKING:
    from textual.app import App


def set_up_themes(app: App[Any], wanted: str | None) -> str | None:
    """Register Allies' themes and choose ``wanted`` (else the default).

    Set before the first paint, so the CSS is built once, in the right colours.
    Returns a warning to show when ``wanted`` is not a theme.
    """
    for theme in THEMES:
        app.register_theme(theme)
    name = wanted or DEFAULT_THEME
    known = app.get_theme(name) is not None
    app.theme = name if known else DEFAULT_THEME
    return None if known else f"Unknown theme {name!r} in settings; using {DEFAULT_THEME}."


def domain_defaults(app: App[Any]) -> dict[str, str]:
    """The domain colours (stances, columns, readiness) a theme does not set itself."""
    theme = app.get_theme(app.theme)
    light = theme is not None and not theme.dark
    return dict(DOMAIN_DEFAULTS_LIGHT if light else DOMAIN_DEFAULTS_DARK)


def remember_theme(app: App[None], theme: object) -> None:
    """Save a theme the user switched to, for the next start."""
    from allies.tui.settings import save_setting

    name = getattr(theme, "name", None)
    if not isinstance(name, str):
        return
    try:
        save_setting("theme", name)
    except SaveError as exc:
        app.notify(str(exc), severity="warning")
