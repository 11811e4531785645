"""The Allies app: wiring only — views, global keys, and routing changes to the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive

from store.errors import AlliesError, ReadOnlyError, SaveError, ValidationError
from store.pulse import Pulse, compute_pulse
from store.repository import Repository
from themes import CSS_FILES, DEFAULT_THEME, DOMAIN_DEFAULTS_DARK, DOMAIN_DEFAULTS_LIGHT, THEMES
from tui.screens.board import BoardScreen
from tui.screens.people import PeopleScreen
from tui.screens.review import ReviewScreen
from tui.screens.timeline import TimelineScreen

T = TypeVar("T")


class AlliesApp(App[None]):
    """One plan, four views, everything from the keyboard."""

    TITLE = "Allies"
    CSS_PATH: ClassVar[list[Any]] = CSS_FILES  # type: ignore[misc]
    MODES: ClassVar[dict[str, Any]] = {
        "people": PeopleScreen,
        "board": BoardScreen,
        "timeline": TimelineScreen,
        "review": ReviewScreen,
    }
    DEFAULT_MODE = "people"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "view('people')", "People", show=False, id="view.people"),
        Binding("2", "view('board')", "Board", show=False, id="view.board"),
        Binding("3", "view('timeline')", "Timeline", show=False, id="view.timeline"),
        Binding("4", "view('review')", "Review", show=False, id="view.review"),
        Binding("question_mark,f1", "help", "Keys", id="app.help"),
        Binding("u,ctrl+z", "undo", "Undo", id="app.undo"),
        Binding("asterisk", "privacy", "Privacy", show=False, id="app.privacy"),
        Binding("ctrl+s", "save", "Save", show=False, id="app.save"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]
    """
    | Key | Action |
    | :- | :- |
    | 1–4 | People, Board, Timeline, Review |
    | ? / f1 | Key reference |
    | u / ctrl+z | Undo the last change |
    | * | Privacy screen: mask names and notes |
    | ctrl+s | Retry a save that failed |
    | q | Quit |
    """

    private: reactive[bool] = reactive(False)
    """The privacy screen: names, notes, interests and trades masked on every view."""

    def __init__(
        self,
        repo: Repository,
        *,
        today: date | None = None,
        now: datetime | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.repo = repo
        self._today = today
        self._now = now
        self._theme_name = theme or DEFAULT_THEME

    # ----------------------------------------------------------------- set-up

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self._theme_name if self.get_theme(self._theme_name) else DEFAULT_THEME
        if self.repo.read_only:
            why = "newer Allies" if self.repo.newer_schema else "--read-only"
            self.notify(f"Read-only ({why}): changes will not be saved.", timeout=6)
        if self.repo.migrated_from is not None:
            self.notify("This plan was upgraded; the original is kept in backups/.", timeout=6)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        theme = self.get_theme(self.theme) if self.is_mounted else None
        light = theme is not None and not theme.dark
        return dict(DOMAIN_DEFAULTS_LIGHT if light else DOMAIN_DEFAULTS_DARK)

    # ------------------------------------------------------------------ clock

    def today(self) -> date:
        """Today (frozen in tests and snapshots)."""
        return self._today or (self._now.date() if self._now else date.today())

    def now(self) -> datetime:
        if self._now is not None:
            return self._now
        if self._today is not None:
            return datetime.combine(self._today, datetime.now().time()).astimezone()
        return datetime.now().astimezone()

    def pulse(self) -> Pulse:
        return compute_pulse(self.repo, self.now())

    # ---------------------------------------------------------------- changes

    def change(self, action: Callable[[], T], *, done: str | None = None) -> T | None:
        """Run one change against the store; report problems; redraw the view.

        Returns the action's result, or None when it was refused.
        """
        try:
            result = action()
        except ValidationError as exc:
            self.notify(exc.message, title="Not saved", severity="error")
            return None
        except SaveError as exc:
            self.notify(str(exc), title="Save failed", severity="error", timeout=30)
            self.plan_changed()
            return None
        except ReadOnlyError:
            self.notify("This plan is open read-only.", severity="warning")
            return None
        except AlliesError as exc:
            self.notify(str(exc), severity="error")
            return None
        if done:
            self.notify(done, timeout=2)
        self.plan_changed()
        return result

    def plan_changed(self) -> None:
        """Tell the view on screen to redraw from the store."""
        from tui.screens.base import PlanScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, PlanScreen):
                screen.plan_changed()
                break

    # ---------------------------------------------------------------- actions

    async def action_view(self, name: str) -> None:
        await self.switch_mode(name)

    def action_undo(self) -> None:
        if self.repo.read_only:
            self.notify("This plan is open read-only.", severity="warning")
            return
        if not self.repo.can_undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        label = self.change(self.repo.undo)
        if label:
            self.notify(f"Undid: {label}", timeout=3)

    def action_save(self) -> None:
        if self.repo.unsaved_error is None:
            self.notify("All changes are saved.", timeout=2)
            return
        self.change(self.repo.save_pending, done="Saved.")

    def action_privacy(self) -> None:
        self.private = not self.private

    def watch_private(self) -> None:
        self.plan_changed()

    def action_help(self) -> None:
        from tui.screens.modals.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        if self.repo.unsaved_error is not None:
            try:
                self.repo.save_pending()
            except SaveError as exc:
                self.notify(
                    f"{exc} Press ctrl+s to retry; quitting now would lose the change.",
                    severity="error",
                    timeout=30,
                )
                return
        self.exit()
