"""The Allies app: wiring only — views, global keys, and routing changes to the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from functools import partial
from importlib import import_module
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.signal import Signal
from textual.widget import AwaitMount

from allies.store.errors import AlliesError, ReadOnlyError, SaveError, ValidationError
from allies.store.pulse import Pulse, compute_pulse
from allies.store.repository import Repository
from allies.themes import CSS_FILES
from allies.tui.exporting import export_plan
from allies.tui.navigation import Navigator
from allies.tui.opening import greet
from allies.tui.privacy import unlock, watch_idle
from allies.tui.saving import Saver, save_failed_title
from allies.tui.screens.people import PeopleScreen
from allies.tui.theming import domain_defaults, remember_theme, set_up_themes
from allies.tui.views import Views, freeze_heap
from allies.widgets import textual_tuning

if TYPE_CHECKING:
    from textual.screen import Screen

    from allies.tui.css_cache import CssCache

T = TypeVar("T")


class AlliesApp(textual_tuning.CrashReportingApp):
    """One plan, five views, everything from the keyboard."""

    TITLE = "Allies"
    CSS_PATH: ClassVar[list[Any]] = CSS_FILES  # type: ignore[misc]
    # People is the first screen; the other views are imported when first shown.
    MODES: ClassVar[dict[str, Any]] = {
        "people": PeopleScreen,
        "board": lambda: import_module("allies.tui.screens.board").BoardScreen(),
        "timeline": lambda: import_module("allies.tui.screens.timeline").TimelineScreen(),
        "review": lambda: import_module("allies.tui.screens.review").ReviewScreen(),
        "map": lambda: import_module("allies.tui.screens.map").MapScreen(),
    }
    DEFAULT_MODE = "people"
    COMMANDS = App.COMMANDS | {lambda: import_module("allies.tui.commands").AlliesCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "view('people')", "People", show=False, id="view.people"),
        Binding("2", "view('board')", "Board", show=False, id="view.board"),
        Binding("3", "view('timeline')", "Timeline", show=False, id="view.timeline"),
        Binding("4", "view('review')", "Review", show=False, id="view.review"),
        Binding("5", "view('map')", "Map", show=False, id="view.map"),
        Binding("question_mark,f1", "help", "Keys", id="app.help"),
        Binding("u,ctrl+z", "undo", "Undo", show=False, id="app.undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, id="app.redo"),
        Binding("asterisk", "privacy", "Privacy", show=False, id="app.privacy"),
        Binding("ctrl+s", "save", "Save", show=False, id="app.save"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]
    """Global keys; the ``?`` screen and the README's key table come from these (ids for
    the user's keymap)."""

    private: reactive[bool] = reactive(False, init=False)
    """The privacy screen: names, notes, interests and trades masked on every view."""

    def __init__(
        self,
        repo: Repository,
        *,
        today: date | None = None,
        now: datetime | None = None,
        theme: str | None = None,
        remember_settings: bool = True,
        prewarm: bool = True,
        css_cache: CssCache | None = None,
        keymap: Mapping[str, str] | None = None,
        privacy_after: float = 0,
    ) -> None:
        super().__init__()
        if keymap:
            self.set_keymap(keymap)
        if css_cache is not None:
            self.stylesheet = textual_tuning.CachedStylesheet(variables=self.get_css_variables())
            self.stylesheet.disk_cache = css_cache
        self.repo = repo
        self._today = today
        self._now = now
        self._pulse: tuple[tuple[int, datetime], Pulse] | None = None
        self.views = Views(self, self.DEFAULT_MODE, prewarm=prewarm)
        self.saver = Saver(self, repo, self._save_failed)
        self.go = Navigator(self)
        """Switch view, then select a record or run an action there."""
        self.plan_changed_signal: Signal[None] = Signal(self, "plan-changed")
        """Published after every change to the plan or the privacy screen."""
        self.remember_settings = remember_settings
        self.open_demo = False
        self.crash_report: Path | None = None
        self.crash_notice: str | None = None
        self.privacy_after = privacy_after
        """Minutes without a key or click before the privacy screen turns on (0: never)."""
        self.locked = False
        """The privacy screen of a protected plan turned on by itself: it needs the passphrase."""
        self._theme_warning = set_up_themes(self, theme)

    def on_mount(self) -> None:
        if self._theme_warning:
            self.notify(self._theme_warning, severity="warning")
        if self.remember_settings:
            self.theme_changed_signal.subscribe(self, partial(remember_theme, self))
        greet(self)
        self.call_after_refresh(freeze_heap)
        self.saver.on_signals(self.leave_on_signal)
        self.views.start()
        watch_idle(self)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown):
            self.views.last_key = monotonic()
        await super().on_event(event)

    def notify(self, message: str, **options: Any) -> None:
        """Notifications carry names and titles: never read them as markup."""
        super().notify(message, **{**options, "markup": False})

    # Textual's own palette commands that Allies does not offer: "Screenshot" writes every
    # name on screen into ~/Downloads; "Quit" and "Keys" have Allies' own commands.
    DROPPED_SYSTEM_COMMANDS: ClassVar[frozenset[str]] = frozenset({"Screenshot", "Quit", "Keys"})

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in self.DROPPED_SYSTEM_COMMANDS:
                yield command

    def action_help_quit(self) -> None:
        """ctrl+c: say how to quit, in plain words (Textual's own says it in markup)."""
        self.notify("Press q (or ctrl+q) to quit Allies.", title="Do you want to quit?")

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return domain_defaults(self)

    def set_theme(self, name: str) -> None:
        self.theme = name

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
        """The header's figures, computed once per plan version and minute."""
        now = self.now()
        key = (self.repo.version, now.replace(second=0, microsecond=0))
        if self._pulse is None or self._pulse[0] != key:
            self._pulse = (key, compute_pulse(self.repo, now))
        return self._pulse[1]

    # ---------------------------------------------------------------- changes

    def change(self, action: Callable[[], T], *, done: str | None = None) -> T | None:
        """Run one change against the store; report problems; redraw the view.

        Returns the action's result, or None when it was refused.
        """
        try:
            with self.repo.saves_held():  # saved just after the change is on screen
                result = action()
        except ValidationError as exc:
            self.notify(exc.message, title="Not saved", severity="error")
            self.saver.soon()  # (rolled back: the file is as it was; nothing is lost)
            return None
        except SaveError as exc:
            self._save_failed(str(exc), save_failed_title(exc))
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
        self.saver.soon()
        return result

    def plan_changed(self) -> None:
        """Tell the views the plan (or the privacy screen) changed: the one on screen
        redraws now, the others when next shown."""
        self.plan_changed_signal.publish(None)

    def _save_failed(self, message: str, title: str = "Save failed") -> None:
        self.notify(message, title=title, severity="error", timeout=30)
        self.plan_changed()

    def leave_on_signal(self) -> None:
        """SIGTERM or SIGHUP: save now, then exit (tui/saving.py)."""
        self.saver.leave()

    def report_crash(self, error: Exception) -> None:
        """An uncaught error: a private crash report, one line after the screen closes."""
        if self.crash_notice is None:  # errors while closing after the first add nothing
            from allies.tui.crash import crash_notice, write_crash_report

            self.crash_report = write_crash_report(error)
            self.crash_notice = crash_notice(error, self.crash_report)

    # ---------------------------------------------------------------- actions

    async def action_view(self, name: str) -> None:
        await self.switch_mode(name)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show another view (a view built before is painted whole, at once: tui/views.py)."""
        return self.views.switch(mode, super().switch_mode)

    def view_shown(self, view: object = None) -> None:
        """A view switched to has handled being shown (called by the view)."""
        self.views.shown(view=view)

    def action_undo(self) -> None:
        self._step_back_or_forth(redo=False)

    def action_redo(self) -> None:
        self._step_back_or_forth(redo=True)

    def _step_back_or_forth(self, *, redo: bool) -> None:
        """Undo the last change, or redo what was undone."""
        if self.repo.read_only:
            self.notify("This plan is open read-only.", severity="warning")
            return
        if not (self.repo.can_redo if redo else self.repo.can_undo):
            self.notify(f"Nothing to {'redo' if redo else 'undo'}.", timeout=2)
            return
        label = self.change(self.repo.redo if redo else self.repo.undo)
        if label:
            self.notify(f"{'Redid' if redo else 'Undid'}: {label}", timeout=3)

    def action_save(self) -> None:
        if not self.repo.pending:
            self.notify("All changes are saved.", timeout=2)
            return
        self.change(self.repo.save_pending, done="Saved.")

    def action_privacy(self) -> None:
        if self.private and self.locked:
            unlock(self)
            return
        self.private = not self.private

    def watch_private(self) -> None:
        self.plan_changed()

    def action_help(self) -> None:
        from allies.tui.screens.modals.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_edit_plan(self) -> None:
        from allies.tui.screens.modals.plan_form import PlanForm

        def saved(values: dict[str, Any] | None) -> None:
            if values:
                self.change(lambda: self.repo.update_meta(**values), done="Plan saved")

        self.push_screen(PlanForm(self.repo.meta), saved)

    def export_plan(self, fmt: str) -> None:
        """Export beside the plan, in ``exports/`` (tui/exporting.py)."""
        export_plan(self, self.repo, fmt, self.today())

    async def action_quit(self) -> None:
        # Keys typed just before q (a card move, say) may still be on their way as
        # messages: quit once the view has handled them and repainted.
        self.call_after_refresh(self._quit)

    def _quit(self) -> None:
        if self.saver.now(then=" Press ctrl+s to retry; quitting now would lose the change."):
            self.exit()
