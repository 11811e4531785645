"""Showing the four views quickly: built ahead while the user reads, painted whole when shown.

A view's first showing on a large plan costs a few hundred milliseconds (making
its widgets, styling and drawing them). From ``PREWARM_AFTER`` after start, while
no key has come for ``PREWARM_QUIET``, the views not shown yet are built one by
one and drawn once off screen; shown later, they appear like views visited
before. Textual holds every repaint for a while on a mode switch and then paints
in parts; for a view built before, repaints are held instead until it has
handled being shown, and it is painted in one frame at once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING

from allies.widgets import textual_tuning

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import AwaitMount

PREWARM_AFTER = 0.8  # seconds after start before the other views are built ahead
PREWARM_GAP = 0.3  # between two of them
PREWARM_QUIET = 0.6  # no key for this long: the user is reading, not typing
SWITCH_HOLD_AT_MOST = 0.1  # seconds: a view shown before is painted by then, ready or not


def freeze_heap() -> None:
    """Move the loaded plan out of the garbage collector's way, once the first screen is up.

    A full collection over the objects of a large plan would land on a random key
    press; the plan lives as long as the app.
    """
    gc.freeze()
    gc.enable()  # off since start-up (tui.cli.main): nothing to collect until now


def _no_delay(delay: float = 0.05) -> None:
    """Stands in for ``App.delay_update`` while a visited view is switched to."""


class Views:
    """The app's views: which were built, building the others ahead, switching."""

    def __init__(self, app: App[None], first: str, *, prewarm: bool) -> None:
        self.app = app
        self.visited = {first}
        self.prewarm = prewarm
        self.last_key = monotonic()
        self._held: AbstractContextManager[None] | None = None
        self._switches = 0

    def start(self) -> None:
        """Once the app is mounted: build the other views ahead, later."""
        if self.prewarm and textual_tuning.can_build_ahead(self.app):
            self.app.set_timer(PREWARM_AFTER, self._build_next)

    def _build_next(self) -> None:
        """Build one view not shown yet, while the user is idle; never under a modal."""
        app = self.app
        quiet = monotonic() - self.last_key >= PREWARM_QUIET
        if not quiet or len(app.screen_stack) > 1:
            app.set_timer(PREWARM_GAP, self._build_next)
            return
        mode = next((m for m in app.MODES if m not in self.visited), None)
        if mode is None:
            return
        self.read_css()  # (already done, normally: see PeopleScreen)
        self.visited.add(mode)
        try:
            textual_tuning.build_mode(app, mode)  # Textual's own set-up, without showing it
        except Exception:  # a view that cannot be built ahead is built when first shown
            self.visited.discard(mode)
            return
        app.set_timer(PREWARM_GAP / 2, partial(self._draw_ahead, mode))
        app.set_timer(PREWARM_GAP, self._build_next)

    def read_css(self) -> None:
        """Parse the stylesheets of the views and modals not shown yet, ahead of them.

        Done once, just after the first screen: in one re-parse rather than one per
        view, and no view's first showing restyles every other view.
        """
        from allies.themes import MEETINGS_CSS, css_file
        from allies.tui.screens.base import PlanScreen

        app = self.app
        paths = [
            css_file("person_detail"),
            *MEETINGS_CSS,
            css_file("board"),
            css_file("review"),
            css_file("map"),
        ]
        new = [p for p in paths if not app.stylesheet.has_source(str(p), "")]
        for path in new:
            app.stylesheet.read(path)
        if new:
            app.stylesheet.parse()
            app.stylesheet.update(app)
            if isinstance(app.screen, PlanScreen):
                app.screen.styles_refreshed()

    def _draw_ahead(self, mode: str) -> None:
        """Draw a view built ahead once, off screen (Textual draws only the top screen)."""
        try:
            textual_tuning.draw_ahead(self.app, self.app.get_screen_stack(mode)[0])
        except Exception:  # only a head start: the view draws itself when shown
            return

    def switch(self, mode: str, switch_mode: Callable[[str], AwaitMount]) -> AwaitMount:
        """Switch with Textual's ``switch_mode``; a view built before is held, not delayed."""
        app = self.app
        if mode == app.current_mode:
            return switch_mode(mode)  # nothing to show
        if mode not in self.visited:
            # A view made now: Textual's own hold (a single paint measured slower here).
            self.visited.add(mode)
            return switch_mode(mode)
        app.delay_update = _no_delay  # type: ignore[method-assign]
        if self._held is None:
            self._switches += 1
            self._held = app.batch_update()
            self._held.__enter__()
            app.set_timer(SWITCH_HOLD_AT_MOST, partial(self.shown, self._switches))
        try:
            return switch_mode(mode)
        finally:
            del app.delay_update

    def shown(self, switch: int | None = None, view: object = None) -> None:
        """A view switched to is ready: paint it whole, now.

        ``switch``: the switch a time limit was set for (a later switch is not released
        by an earlier one's limit); ``view``: the view that is ready (only the one on
        top releases the hold).
        """
        if self._held is None or switch not in (None, self._switches):
            return
        if view is not None and view is not self.app.screen:
            return
        held, self._held = self._held, None
        held.__exit__(None, None, None)
        try:
            textual_tuning.paint_now(self.app.screen)
        except Exception:  # closing (no screen), or Textual's update timer paints it
            return
