"""Every use of a private Textual name, in one place, each behind a check.

Allies runs on Textual's public API. A few speed-ups reach past it; they live
here and nowhere else (a test greps ``tui/`` and ``widgets/`` for private
attribute access and allows it only in this module). Each trick:

- names the private attributes it relies on in ``PRIVATE_NAMES`` (a test checks
  that they exist in the installed Textual, so an upgrade that removes one shows
  up as a failing test, not as a crash);
- checks at run time that those names exist, and otherwise does what plain
  Textual does (the fallback is the behaviour without the trick, never an error);
- earns its place in the benchmark (docs/architecture.md lists what each buys).

``ALLIES_PLAIN_TEXTUAL=1`` in the environment turns every trick off (the
benchmarks and one test run the app so); ``ALLIES_PLAIN_TEXTUAL=name,name``
turns off the named ones.

What each buys, measured by turning it off alone (tests/benchmarks/keys.py on
the large plan, medians; on a loaded 2-core machine, so read the size, not
the digits):

- ``build_ahead``: first visit of a view after 2 s idle: 23–33 ms → 445–730 ms.
- ``draw_ahead``: the same switches: 23–33 ms → 131–215 ms.
- ``styles_current``: the same switches: 23–33 ms → 57–158 ms (CPU 12 → 40 ms).
- ``paint_now``: the same switches 23 → 108 ms; back to People after edits
  CPU 17 → 41 ms.
- ``steady_scroll``: switch to the board 23 → 90 ms (CPU 12 → 34 ms); back to
  People CPU 17 → 28 ms.
- ``css_cache``: CSS parsing before the first screen, large plan, fresh
  process: 58–104 ms cold, 0.1 ms from the cache.

Removed for buying less than 10 ms: holding back frames while Textual batches
updates (one whole-screen render at start, ~2 ms), keeping the timeline's drawn
rows over a resize (no change in CPU), re-parsing CSS in place without the
cache (the same number of parses), reading ``allies [--db]`` without argparse
(~4 ms).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.screen import Screen
from textual.scroll_view import ScrollView

if TYPE_CHECKING:
    from textual.css.model import RuleSet
    from textual.geometry import Size

PRIVATE_NAMES: dict[str, tuple[str, ...]] = {
    # A view made while the app runs is styled when mounted; Textual restyles it again
    # when first shown unless its stylesheet counter says it is current.
    "styles_current": ("App._css_update_count", "Screen._css_update_count"),
    # A view switched to is painted in one frame at once, not at the next timer tick.
    "paint_now": (
        "Widget._vertical_scrollbar",
        "Widget._horizontal_scrollbar",
        "Widget._repaint_required",
        "Screen._dirty_widgets",
        "Screen._on_timer_update",
    ),
    # The other views are built (and drawn once, off screen) while the user reads.
    "build_ahead": ("App._init_mode",),
    "draw_ahead": ("Screen._refresh_layout", "Screen._compositor"),
    # A layout of unchanged sizes is no resize for the people table and board columns.
    "steady_scroll": ("ScrollView._size_updated", "Widget._scroll_update"),
    # Parsed CSS kept between runs (tui/css_cache.py): Textual's parse, served from a cache.
    # An uncaught error: Allies' crash report instead of Textual's traceback on screen
    # (it holds local variables, so plan text). Not a speed trick: privacy.
    "crash_report": ("App._handle_exception", "App._exit_renderables"),
    "css_cache": ("Stylesheet._parse_rules", "Stylesheet._parse_cache", "Stylesheet._variables"),
}


def _off() -> set[str]:
    value = os.environ.get("ALLIES_PLAIN_TEXTUAL", "")
    if value.strip().lower() in ("1", "all", "yes", "true"):
        return set(PRIVATE_NAMES)
    return {name.strip() for name in value.split(",") if name.strip()}


OFF = _off()


def enabled(trick: str) -> bool:
    """Whether ``trick`` is switched on (it may still fall back if a name is missing)."""
    return trick not in OFF


def has(obj: object, *names: str) -> bool:
    """Whether ``obj`` has every one of ``names`` (an upgrade may have removed any)."""
    return all(hasattr(obj, name) for name in names)


# ----------------------------------------------------------------- styles_current


def mark_styles_current(screen: Screen[Any], app: App[Any]) -> None:
    """Tell Textual a screen made now is styled with the current stylesheet.

    Fallback: Textual re-applies the stylesheet when the screen is first shown.
    """
    if enabled("styles_current") and has(app, "_css_update_count"):
        screen._css_update_count = app._css_update_count


def stylesheet_generation(app: App[Any]) -> int:
    """A number that changes whenever Textual re-applies the stylesheet (0 without it)."""
    return int(getattr(app, "_css_update_count", 0))


# ---------------------------------------------------------------------- paint_now


def paint_now(screen: Screen[Any]) -> None:
    """Paint a screen's pending changes in one frame, now.

    Widgets redrawn while a view was being shown tell the screen only when idle,
    after its next paint, which would then paint them again: take them now, and
    run Textual's own paint step. Fallback: ``refresh`` (painted at the next tick).
    """
    screen.refresh()
    if not enabled("paint_now") or not has(screen, "_dirty_widgets", "_on_timer_update"):
        return
    dirty = screen._dirty_widgets
    for node in screen.walk_children():
        bars = (
            getattr(node, "_vertical_scrollbar", None),
            getattr(node, "_horizontal_scrollbar", None),
        )
        for widget in (node, *filter(None, bars)):
            if getattr(widget, "_repaint_required", False) and widget.display:
                widget._repaint_required = False
                dirty.add(widget)
    screen._on_timer_update()


# ----------------------------------------------------------- build_ahead, draw_ahead


def can_build_ahead(app: App[Any]) -> bool:
    """Whether views can be built before they are first shown."""
    return enabled("build_ahead") and has(app, "_init_mode")


def build_mode(app: App[Any], mode: str) -> None:
    """Make (compose and mount) a mode's screen without showing it."""
    app._init_mode(mode)


def draw_ahead(app: App[Any], screen: Screen[Any]) -> None:
    """Lay out and render a screen not on top once, so its first showing finds its
    widgets' lines drawn (Textual draws only the screen on top). Fallback: nothing."""
    if not enabled("draw_ahead") or not has(screen, "_refresh_layout", "_compositor"):
        return
    if screen.is_mounted and screen is not app.screen:
        screen._refresh_layout(app.size)
        screen._compositor.render_update(full=True)


# -------------------------------------------------------------------- steady_scroll


class SteadyScrollView(ScrollView):
    """A scroll view to which a layout of the same sizes as the last is no resize.

    Textual's ScrollView reads every layout as a resize (it compares the container
    size it is given with its own, which never match), so each layout of the
    screen sent every table and column a Resize and repainted its scrollbars.
    Fallback: Textual's own handling (a Resize per layout).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sized: tuple[object, ...] | None = None  # the sizes of the last layout

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if enabled("steady_scroll"):
            key = (size, virtual_size, container_size, self.virtual_size, self.styles.gutter)
            if key == self._sized:
                return False
            self._sized = key
        return super()._size_updated(size, virtual_size, container_size, layout)

    def set_virtual_size_in_place(self, size: Size) -> None:
        """Change the scrollable size without a layout (scrollbars and offsets updated
        here, as a layout would). Fallback: set ``virtual_size`` (a layout follows)."""
        if not enabled("steady_scroll") or not has(self, "_scroll_update"):
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)
        if self._sized is not None:
            self._sized = (*self._sized[:3], size, self._sized[4])


# ----------------------------------------------------------------------- css_cache


class RuleCache(Protocol):
    """Parsed rules kept between runs (tui/css_cache.py), by variables and source."""

    def variables_key(self, variables: dict[str, str]) -> Any: ...
    def get(self, variables: Any, source: tuple[Any, ...]) -> list[RuleSet] | None: ...
    def put(self, variables: Any, source: tuple[Any, ...], rules: list[RuleSet]) -> None: ...


class CachedStylesheet(Stylesheet):
    """Textual's stylesheet, whose parse is served from ``disk_cache`` when it has the
    rules (Textual's own per-run parse cache is filled as the parse would fill it).
    Fallback (no cache, trick off, or a name missing): Textual's parse."""

    disk_cache: RuleCache | None = None

    def reparse(self) -> None:
        """Parse in place, so the parse is served from the caches.

        Textual re-parses every source in a fresh stylesheet when the variables
        change (at start-up, when the theme is set), past both caches, then parses
        them all again here when the next source is added: the whole CSS twice.
        Fallback (no cache, or the trick off): Textual's own re-parse.
        """
        if self.disk_cache is None or not enabled("css_cache"):
            super().reparse()
            return
        self.parse()

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        source = (css, read_from, is_default_rules, tie_breaker, scope)
        disk = self.disk_cache
        usable = enabled("css_cache") and has(self, "_parse_cache", "_variables")
        if disk is None or not usable or source in self._parse_cache:
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        variables = disk.variables_key(self._variables)
        rules = disk.get(variables, source)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                disk.put(variables, source, rules)
        else:
            self._parse_cache[source] = rules
        return rules


# -------------------------------------------------------------------- crash_report


class CrashReportingApp(App[None]):
    """An app whose uncaught errors go to ``report_crash`` (override), and whose
    traceback Textual would print on exit is dropped. Fallback (names missing):
    Textual's own handling, which prints the traceback."""

    def report_crash(self, error: Exception) -> None:
        """Called once per uncaught error, before Textual's own handling (override)."""

    def _handle_exception(self, error: Exception) -> None:
        self.report_crash(error)
        super()._handle_exception(error)
        shown = getattr(self, "_exit_renderables", None)
        if isinstance(shown, list):
            shown.clear()


# --------------------------------------------------------------------------- checks


def missing_names() -> list[str]:
    """The names in ``PRIVATE_NAMES`` the installed Textual does not have."""
    from textual.app import App
    from textual.widget import Widget

    classes: dict[str, Any] = {
        "Stylesheet": Stylesheet,
        "App": App,
        "Screen": Screen,
        "Widget": Widget,
        "ScrollView": ScrollView,
    }
    instances = {name: cls() for name, cls in classes.items()}
    missing = []
    for names in PRIVATE_NAMES.values():
        for dotted in names:
            owner, name = dotted.split(".")
            if not (hasattr(classes[owner], name) or hasattr(instances[owner], name)):
                missing.append(dotted)
    return missing
