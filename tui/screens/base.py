"""The frame every view shares: the pulse header, the view's body and the footer.

A view refreshes itself from the store when it is shown and the plan (or the
privacy screen) changed since it last drew, and whenever the app says the plan
changed while it is on screen.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from allies.widgets import textual_tuning
from allies.widgets.key_bar import KeyBar
from allies.widgets.pulse_header import PulseHeader

if TYPE_CHECKING:
    from allies.store.model import Person
    from allies.store.repository import Repository
    from allies.tui.app import AlliesApp


def _freeze_objects() -> None:
    """``gc.freeze`` as a Python function: Textual reads a callback's signature, and a
    builtin's costs the first screen ~4 ms (its text signature is tokenized)."""
    gc.freeze()


def bindings_for(node: DOMNode, key: str) -> list[Binding]:
    """The bindings ``node``'s class and its bases declare for ``key`` (public BINDINGS)."""
    found = []
    for cls in type(node).__mro__:
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and key in binding.key.replace(" ", "").split(","):
                found.append(binding)
    return found


def width_classes(width: int, breakpoints: list[tuple[int, str]]) -> set[str]:
    """The width class Textual gives a screen ``width`` cells wide (its breakpoint rule)."""
    for at_least, name in sorted(breakpoints, reverse=True):
        if width >= at_least:
            return {name}
    return set()


class PlanScreen(Screen[None]):
    """Base class of the four views."""

    VIEW_NAME = ""
    WRITES: frozenset[str] = frozenset({"new", "edit", "delete", "stance", "build_on", "debrief"})
    """Actions that change the plan: on a read-only plan their keys say why nothing happens."""

    def on_key(self, event: events.Key) -> None:
        """A key whose action changes the plan, on a read-only plan: say so (not silence)."""
        if not self.repo.read_only:
            return
        for binding in bindings_for(self, event.key):
            if binding.action.split("(")[0] in self.WRITES:
                event.stop()
                self.notify("This plan is open read-only: nothing is changed.", timeout=3)
                return

    def __init__(self) -> None:
        super().__init__()
        self._drawn: tuple[int, bool, str] | None = None
        self._styled_with: tuple[int, int, str] | None = None
        self._composed = False  # its widgets exist (set when mounted)
        if self.app.is_running:
            # A new screen asks Textual to re-parse and re-apply the whole stylesheet when
            # first shown (twice, ~90 ms), in case the CSS changed since the screen was made.
            # Views have no CSS of their own and are made (on first visit) just before they
            # are shown, with every stylesheet loaded: they are up to date.
            textual_tuning.mark_styles_current(self, self.app)
            # Textual sets the width classes (-narrow / -wide) on the first resize, which
            # restyles every widget of the view; set now, its widgets are styled once.
            width = self.app.size.width
            breakpoints = self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS or []
            self.add_class(*width_classes(width, breakpoints), update=False)

    @property
    def allies(self) -> AlliesApp:
        return cast("AlliesApp", self.app)

    @property
    def repo(self) -> Repository:
        return self.allies.repo

    def compose(self) -> ComposeResult:
        yield PulseHeader(id="pulse")
        yield from self.compose_body()
        yield KeyBar(id="keys")

    def compose_body(self) -> ComposeResult:
        """The view's own widgets (override)."""
        yield from ()

    def on_mount(self) -> None:
        self._composed = True
        self._styled_with = self._styling()  # its widgets were styled as they were mounted
        # The view lives as long as the app: out of the garbage collector's way, so that
        # no full collection over its objects lands on a later key (~30 ms on a large plan).
        self.call_after_refresh(_freeze_objects)
        self.query_one(PulseHeader).view = self.VIEW_NAME
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.allies.plan_changed_signal.subscribe(self, self._plan_changed, immediate=True)
        self.plan_changed()

    def _plan_changed(self, _data: None) -> None:
        """The app says the plan changed: redraw if this view is on screen (under any
        modal); a view in another mode redraws when it is shown again."""
        if self in self.app.screen_stack:
            self.plan_changed()

    @property
    def _state(self) -> tuple[int, bool, str]:
        """What the drawing depends on: the plan's version, privacy and the theme."""
        return (self.repo.version, self.allies.private, self.app.theme)

    def _theme_changed(self, _theme: object) -> None:
        """Theme colours are baked into the drawn text: draw again in the new colours."""
        self.query_one(KeyBar).show_keys()
        if self._drawn == self._state:
            return
        if self.is_current:
            self.plan_changed()
        else:
            self._drawn = None

    def _styling(self) -> tuple[int, int, str]:
        """What this view's styles were computed from: the stylesheet's state and the theme.

        Sources that can style this view's widgets are counted: the app's and views' CSS
        files, and unscoped default CSS. A widget type's own (scoped) default CSS, added
        when another view first shows one, styles only widgets of that type.
        """
        app = self.app
        sources = app.stylesheet.source.values()
        general = sum(1 for _css, default, _tie, scope in sources if not default or not scope)
        return (textual_tuning.stylesheet_generation(app), general, app.theme)

    def styles_refreshed(self) -> None:
        """Every widget was just restyled (by the app): the styles are current."""
        self._styled_with = self._styling()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown again: redraw if the plan changed meanwhile; keep styles that still hold.

        Textual restyles every widget of a view on each switch, in case the CSS or
        the theme changed meanwhile; that, and the repaint of every widget it forces,
        is most of what a switch costs. The styles are kept when the stylesheet (its
        sources, its last re-parse) and the theme are those the view had. (Handlers
        run subclass first: Textual's ``Screen`` reads ``refresh_styles`` after this.)
        """
        styled_with = self._styling()
        if styled_with == self._styled_with:
            event.refresh_styles = False
        self._styled_with = styled_with
        if self._drawn != self._state:
            self.plan_changed()
        else:
            self._refresh_header()
        self.call_next(self.allies.view_shown, view=self)  # after Textual's own handler

    def plan_changed(self) -> None:
        """Redraw from the store: the header, then the view's body.

        A view switched to but not built yet (keys typed ahead) has nothing to redraw:
        it draws from the store when it is mounted.
        """
        if not self._composed:
            self._drawn = None
            return
        self._drawn = self._state
        self._refresh_header()
        self.refresh_body()

    def _refresh_header(self) -> None:
        header = self.query_one(PulseHeader)
        header.private = self.allies.private
        header.read_only = self.repo.read_only
        header.pulse = self.allies.pulse()

    def refresh_body(self) -> None:
        """Redraw the view's body from the store (override)."""

    def step_stance(self, person: Person | None, delta: int) -> None:
        """Move ``person``'s stance one step up (+1) or down (−1), logged and undoable."""
        if person is None:
            return
        stance = person.stance.step(delta)
        if stance is person.stance:
            edge = "top" if delta > 0 else "bottom"
            self.notify(f"Already at the {edge} of the scale ({stance.value}).", timeout=2)
            return
        label = f"{person.name}'s stance set to {stance.value}"  # (said back by undo)
        self.allies.change(lambda: self.repo.set_stance(person.id, stance, label=label))
