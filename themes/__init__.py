"""The app's themes: Theme objects with the domain colours as variables, and the .tcss files.

Domain colours (stances, board columns, readiness, overdue, stale) are theme
variables, so every theme — ours or Textual's built-ins — can colour them, and
tcss refers to them as ``$stance-champion`` and so on.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from textual.theme import Theme

THEMES_DIR = Path(__file__).parent

# Defaults used under any theme that does not define them (Textual's built-ins).
# Stances run blue (for) to orange (against): distinguishable for red–green
# colour-blind users, and every stance is also shown with its own symbol.
DOMAIN_DEFAULTS_DARK: dict[str, str] = {
    "stance-champion": "#4ea1ff",
    "stance-supportive": "#8cc8ff",
    "stance-neutral": "#c8c8c8",
    "stance-skeptical": "#ffb454",
    "stance-opposed": "#ff7a45",
    "stance-unknown": "#8a8a8a",
    "column-possible": "#8a8fa8",
    "column-pursuing": "#ffb454",
    "column-won": "#4ea1ff",
    "column-parked": "#6f6f6f",
    "ready": "#4ea1ff",
    "not-ready": "#ff7a45",
    "overdue": "#ff7a45",
    "stale": "#b08a5a",
    "chief": "#e6c04d",
}
DOMAIN_DEFAULTS_LIGHT: dict[str, str] = {
    "stance-champion": "#0b57b8",
    "stance-supportive": "#2f7fd6",
    "stance-neutral": "#505050",
    "stance-skeptical": "#b35c00",
    "stance-opposed": "#c2410c",
    "stance-unknown": "#7a7a7a",
    "column-possible": "#5a607a",
    "column-pursuing": "#b35c00",
    "column-won": "#0b57b8",
    "column-parked": "#7a7a7a",
    "ready": "#0b57b8",
    "not-ready": "#c2410c",
    "overdue": "#c2410c",
    "stale": "#8a5a20",
    "chief": "#8a6d00",
}

ALLIES_DARK = Theme(
    name="allies-dark",
    primary="#4ea1ff",
    secondary="#e6c04d",
    accent="#ffb454",
    warning="#ffb454",
    error="#ff7a45",
    success="#4ea1ff",
    foreground="#e2e4ea",
    background="#15171c",
    surface="#1d2027",
    panel="#262a33",
    dark=True,
    variables={**DOMAIN_DEFAULTS_DARK, "footer-key-foreground": "#4ea1ff"},
)

ALLIES_LIGHT = Theme(
    name="allies-light",
    primary="#0b57b8",
    secondary="#8a6d00",
    accent="#b35c00",
    warning="#b35c00",
    error="#c2410c",
    success="#0b57b8",
    foreground="#1d2027",
    background="#f7f7f4",
    surface="#ffffff",
    panel="#e8e8e3",
    dark=False,
    variables={**DOMAIN_DEFAULTS_LIGHT, "footer-key-foreground": "#0b57b8"},
)

THEMES: tuple[Theme, ...] = (ALLIES_DARK, ALLIES_LIGHT)
DEFAULT_THEME = "allies-dark"


def css_file(name: str) -> Path:
    """One area's stylesheet: ``themes/<name>.tcss``."""
    return THEMES_DIR / f"{name}.tcss"


# The app parses the shell and the first view only; every other view and modal
# names its own file (CSS_PATH), read when it is first shown: less CSS to parse
# before the first screen. Forms come before the timeline, which refines them.
CssPaths = list[str | PurePath]
"""A screen's ``CSS_PATH`` (Textual's own type for it)."""
CSS_FILES: CssPaths = [css_file("app"), css_file("people")]
FORMS_CSS: CssPaths = [css_file("forms")]
MEETINGS_CSS: CssPaths = [css_file("forms"), css_file("timeline")]
