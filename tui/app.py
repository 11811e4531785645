"""The Allies app: wiring only — views, global keys, and routing changes to the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.widget import AwaitMount

from allies.store.errors import (
    AlliesError,
    PlanChangedError,
    ReadOnlyError,
    SaveError,
    ValidationError,
)
from allies.store.pulse import Pulse, compute_pulse
from allies.store.repository import Repository
from allies.themes import (
    CSS_FILES,
    DEFAULT_THEME,
    DOMAIN_DEFAULTS_DARK,
    DOMAIN_DEFAULTS_LIGHT,
    THEMES,
)
from allies.tui.screens.people import PeopleScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from allies.tui.css_cache import CssCache

T = TypeVar("T")


def _view(module: str, name: str) -> Any:
    from importlib import import_module

    return getattr(import_module(f"allies.tui.screens.{module}"), name)()


def _freeze_heap() -> None:
    """Move the loaded plan out of the garbage collector's way.

    A full collection over the ~140,000 objects of a large plan costs about 0.1 s
    and would land on a random key press; the plan lives as long as the app.
    """
    import gc

    gc.freeze()
    gc.enable()  # off since start-up (tui.cli.main): nothing to collect until now


PREWARM_AFTER = 0.8  # seconds after start before the other views are built ahead
PREWARM_GAP = 0.3  # between two of them
SWITCH_HOLD_AT_MOST = 0.1  # seconds: a view shown before is painted by then, ready or not
SAVE_AT_LATEST = 0.2  # seconds: a change is on disk by then even if no frame is drawn
IDLE_CHECK = 10.0  # seconds between checks for the idle privacy screen
PREWARM_QUIET = 0.6  # no key for this long: the user is reading, not typing
LEAVE_AT_MOST = 2.0  # seconds Textual has to shut down after SIGHUP/SIGTERM


def _no_delay(delay: float = 0.05) -> None:
    """Stands in for ``App.delay_update`` while a visited view is switched to."""


def _save_failed(exc: SaveError) -> str:
    """The title of a failed save's message."""
    return "Plan changed on disk" if isinstance(exc, PlanChangedError) else "Save failed"


def _commands() -> Any:
    from allies.tui.commands import AlliesCommands

    return AlliesCommands


class AlliesApp(App[None]):
    """One plan, four views, everything from the keyboard."""

    TITLE = "Allies"
    CSS_PATH: ClassVar[list[Any]] = CSS_FILES  # type: ignore[misc]
    # People is the first screen; the other views are imported when first shown.
    MODES: ClassVar[dict[str, Any]] = {
        "people": PeopleScreen,
        "board": lambda: _view("board", "BoardScreen"),
        "timeline": lambda: _view("timeline", "TimelineScreen"),
        "review": lambda: _view("review", "ReviewScreen"),
    }
    DEFAULT_MODE = "people"
    COMMANDS = App.COMMANDS | {lambda: _commands()}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "view('people')", "People", show=False, id="view.people"),
        Binding("2", "view('board')", "Board", show=False, id="view.board"),
        Binding("3", "view('timeline')", "Timeline", show=False, id="view.timeline"),
        Binding("4", "view('review')", "Review", show=False, id="view.review"),
        Binding("question_mark,f1", "help", "Keys", id="app.help"),
        Binding("u,ctrl+z", "undo", "Undo", show=False, id="app.undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, id="app.redo"),
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
    | U / ctrl+y | Redo what was undone |
    | * | Privacy screen: mask names and notes |
    | ctrl+s | Retry a save that failed |
    | q | Quit |
    """

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
        privacy_after: float = 0,
    ) -> None:
        super().__init__()
        from allies.tui.stylesheet import CachedStylesheet

        self.stylesheet = CachedStylesheet(variables=self.get_css_variables())
        if css_cache is not None:
            self.stylesheet.disk_cache = css_cache
        self.repo = repo
        self._today = today
        self._now = now
        self._pulse: tuple[tuple[int, datetime], Pulse] | None = None
        self._visited = {self.DEFAULT_MODE}
        self._prewarm = prewarm
        self._save_due = False
        self._switch_held = False
        self._switch_count = 0
        self._last_key = monotonic()
        self._theme_name = theme or DEFAULT_THEME
        self.remember_settings = remember_settings
        self.open_demo = False
        self.crash_report: Path | None = None
        self.crash_notice: str | None = None
        self.privacy_after = privacy_after
        """Minutes without a key or click before the privacy screen turns on (0: never)."""
        self.locked = False
        """The privacy screen of a protected plan turned on by itself: it needs the passphrase."""
        # Themes are set before the first paint, so the CSS is built once, in the right colours.
        for theme_obj in THEMES:
            self.register_theme(theme_obj)
        self._unknown_theme = self.get_theme(self._theme_name) is None
        self.theme = DEFAULT_THEME if self._unknown_theme else self._theme_name

    # ----------------------------------------------------------------- set-up

    def on_mount(self) -> None:
        if self._unknown_theme:
            self.notify(
                f"Unknown theme {self._theme_name!r} in settings; using {DEFAULT_THEME}.",
                severity="warning",
            )
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.repo.is_pristine and not self.repo.read_only:
            from allies.tui.screens.modals.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(), self._welcomed)
        if self.repo.read_only:
            why = "newer Allies" if self.repo.newer_schema else "--read-only"
            self.notify(f"Read-only ({why}): changes will not be saved.", timeout=6)
        self.call_after_refresh(_freeze_heap)
        self._save_on_signals()
        if self._prewarm:
            self.set_timer(PREWARM_AFTER, self._build_next_view)
        self.call_after_refresh(self._said_on_open)
        if self.privacy_after > 0:
            self.set_interval(IDLE_CHECK, self._privacy_when_idle)

    def _said_on_open(self) -> None:
        """What the user should know about the plan as opened, once it is on screen.

        After the first screen: the warnings include the backup's, which is written
        in a thread while the app starts.
        """
        for warning in self.repo.warnings:
            self.notify(warning, severity="warning", timeout=10)
        if self.repo.migrated_from is not None:
            self.notify("This plan was upgraded; the original is kept in backups/.", timeout=6)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown):
            self._last_key = monotonic()
        await super().on_event(event)

    def _build_next_view(self) -> None:
        """Build one view not shown yet, in the background, while the user is idle.

        A view's first showing costs a few hundred milliseconds on a large plan
        (making its widgets, styling and drawing them); built ahead, it shows like
        a view visited before. One view per quiet moment, never under a modal.
        """
        quiet = monotonic() - self._last_key >= PREWARM_QUIET
        if not quiet or len(self.screen_stack) > 1:
            self.set_timer(PREWARM_GAP, self._build_next_view)
            return
        mode = next((m for m in self.MODES if m not in self._visited), None)
        if mode is None:
            return
        self.read_view_css()  # (already done, normally: see PeopleScreen)
        self._visited.add(mode)
        try:
            self._init_mode(mode)  # Textual's own set-up of a mode, without showing it
        except Exception:  # a view that cannot be built ahead is built when first shown
            self._visited.discard(mode)
            return
        self.set_timer(PREWARM_GAP / 2, partial(self._draw_ahead, mode))
        self.set_timer(PREWARM_GAP, self._build_next_view)

    def _draw_ahead(self, mode: str) -> None:
        """Draw a view built ahead once, off screen, so its first showing finds its
        widgets' lines drawn (Textual draws only the screen on top)."""
        try:
            screen = self.get_screen_stack(mode)[0]
            if screen.is_mounted and screen is not self.screen:
                screen._refresh_layout(self.size)
                screen._compositor.render_update(full=True)
        except Exception:  # only a head start: the view draws itself when shown
            return

    def read_view_css(self) -> None:
        """Parse the stylesheets of the views and modals not shown yet, ahead of them.

        Done once, just after the first screen: in one re-parse (~10 ms) rather than
        one per view, and no view's first showing restyles every other view.
        """
        from allies.themes import MEETINGS_CSS, css_file

        paths = [css_file("person_detail"), *MEETINGS_CSS, css_file("board"), css_file("review")]
        new = [p for p in paths if not self.stylesheet.has_source(str(p), "")]
        for path in new:
            self.stylesheet.read(path)
        if new:
            from allies.tui.screens.base import PlanScreen

            self.stylesheet.reparse()
            self.stylesheet.update(self)
            if isinstance(self.screen, PlanScreen):
                self.screen.styles_refreshed()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications carry names and titles: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

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
        theme = self.get_theme(self.theme) if self.is_mounted else None
        light = theme is not None and not theme.dark
        return dict(DOMAIN_DEFAULTS_LIGHT if light else DOMAIN_DEFAULTS_DARK)

    def _remember_theme(self, theme: object) -> None:
        from allies.store.errors import SaveError
        from allies.tui.settings import save_setting

        name = getattr(theme, "name", None)
        if not self.remember_settings or not isinstance(name, str):
            return
        try:
            save_setting("theme", name)
        except SaveError as exc:
            self.notify(str(exc), severity="warning")

    def set_theme(self, name: str) -> None:
        self.theme = name

    def _welcomed(self, choice: tuple[str, str, str] | None) -> None:
        if choice is None:
            return
        kind, title, agenda = choice
        if kind == "demo":
            self.exit(result=None, return_code=0, message=None)
            self.open_demo = True
            return
        self.change(lambda: self.repo.update_meta(title=title, agenda=agenda), done="Plan started")

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
            self._save_soon()  # (rolled back: the file is as it was; nothing is lost)
            return None
        except SaveError as exc:
            self.notify(str(exc), title=_save_failed(exc), severity="error", timeout=30)
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
        self._save_soon()
        return result

    def _save_soon(self) -> None:
        """Save the change once its frame is drawn (or, at the latest, a moment later).

        The save (~10 ms on a large plan, two fsyncs) would otherwise stand between the
        key and its repaint. A failed save is reported as before and kept pending.
        """
        if self.repo.pending and not self._save_due:
            self._save_due = True
            self.call_after_refresh(self._save_due_now)
            self.set_timer(SAVE_AT_LATEST, self._save_due_now)

    def _save_on_signals(self) -> None:
        """Closing the terminal (SIGHUP) or ``kill`` (SIGTERM): save what is pending, leave.

        A change is written a frame after it is shown; without this, a signal in that
        moment would end the process before the write.
        """
        if self.is_headless:
            return
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(sig, self.leave_on_signal)
            except (NotImplementedError, RuntimeError, ValueError):
                return

    def leave_on_signal(self) -> None:
        """Save now, then exit (the plan's lock goes with the process).

        After a closed terminal Textual's shutdown can block (writing to a terminal
        that is gone): the process ends after ``LEAVE_AT_MOST`` seconds regardless,
        its change saved first.
        """
        from allies.tui.crash import exit_after

        if not self.save_now():
            self.repo.save_copy()  # nobody is left to retry: the change goes beside the plan
        if not self.is_headless:  # (a test's app must not end the test run)
            exit_after(LEAVE_AT_MOST, 1)
        self.exit(return_code=1)

    def _handle_exception(self, error: Exception) -> None:
        """An uncaught error: a crash report in a private file, one line on screen.

        Textual's own handler (the one place such errors arrive) still runs, but the
        traceback it would print, with local variables and so plan text, is dropped;
        the command line prints :attr:`crash_notice` once the screen is restored.
        """
        from allies.tui.crash import crash_notice, write_crash_report

        first = self.crash_notice is None  # errors while closing after it add nothing
        if first:
            self.crash_report = write_crash_report(error)
            self.crash_notice = crash_notice(error, self.crash_report)
        super()._handle_exception(error)
        shown = getattr(self, "_exit_renderables", None)
        if isinstance(shown, list):
            shown.clear()

    def _save_due_now(self) -> None:
        if self._save_due:  # the other of the two calls saved (or tried) already
            self.save_now()

    def save_now(self, *, then: str = "") -> bool:
        """Write what is pending now; False (and a message, ``then`` after the reason)
        when the save failed."""
        self._save_due = False
        if not self.repo.pending:
            return True
        try:
            self.repo.save_pending()
        except PlanChangedError as exc:  # saved, in a new file beside the plan: it says where
            self.notify(str(exc), title=_save_failed(exc), severity="error", timeout=30)
            self.plan_changed()
            return True
        except SaveError as exc:
            self.notify(f"{exc}{then}", title="Save failed", severity="error", timeout=30)
            self.plan_changed()
            return False
        return True

    def plan_changed(self) -> None:
        """Tell the view on screen to redraw from the store."""
        from allies.tui.screens.base import PlanScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, PlanScreen):
                screen.plan_changed()
                break

    # ---------------------------------------------------------------- actions

    async def action_view(self, name: str) -> None:
        await self.switch_mode(name)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show another view, painted whole once it is ready.

        Textual holds every repaint for 50 ms on a mode switch, so that a view being
        built is not seen half-drawn, then paints it in parts over the next timer
        ticks. For a view built before (shown, or built ahead), repaints are held
        instead until it has handled being shown (see ``view_shown``), at once, then
        it is painted in one frame.
        """
        if mode == self.current_mode:
            return super().switch_mode(mode)  # nothing to show
        if mode not in self._visited:
            # A view made now: Textual's own hold (a single paint measured slower here).
            self._visited.add(mode)
            return super().switch_mode(mode)
        self.delay_update = _no_delay  # type: ignore[method-assign]
        if not self._switch_held:
            self._switch_held = True
            self._switch_count += 1
            self._begin_batch()
            self.set_timer(SWITCH_HOLD_AT_MOST, partial(self.view_shown, self._switch_count))
        try:
            return super().switch_mode(mode)
        finally:
            del self.delay_update

    def view_shown(self, switch: int | None = None, view: object = None) -> None:
        """A view switched to is ready: paint it whole, now (not at the next 1/60 s tick).

        ``switch``: the switch a time limit was set for (a later switch is not released
        by an earlier one's limit); ``view``: the view that is ready (only the one on
        top releases the hold).
        """
        if not self._switch_held or switch not in (None, self._switch_count):
            return
        if view is not None and view is not self.screen:
            return
        self._switch_held = False
        self._end_batch()
        try:
            screen = self.screen
            screen.refresh()
            # Widgets redrawn while the view was being shown tell the screen only when
            # idle, after this paint, which would then paint them again: take them now.
            for node in screen.walk_children():
                bars = (node._vertical_scrollbar, node._horizontal_scrollbar)
                for widget in (node, *filter(None, bars)):
                    if widget._repaint_required and widget.display:
                        widget._repaint_required = False
                        screen._dirty_widgets.add(widget)
            screen._on_timer_update()  # Textual's own paint step, run now
        except Exception:  # closing (no screen), or Textual's update timer paints it
            return

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

    def action_redo(self) -> None:
        if self.repo.read_only:
            self.notify("This plan is open read-only.", severity="warning")
            return
        if not self.repo.can_redo:
            self.notify("Nothing to redo.", timeout=2)
            return
        label = self.change(self.repo.redo)
        if label:
            self.notify(f"Redid: {label}", timeout=3)

    def action_save(self) -> None:
        if not self.repo.pending:
            self.notify("All changes are saved.", timeout=2)
            return
        self.change(self.repo.save_pending, done="Saved.")

    def action_privacy(self) -> None:
        if self.private and self.locked:
            self._unlock()
            return
        self.private = not self.private

    def _privacy_when_idle(self) -> None:
        """Mask the plan after the set idle minutes; a protected plan then needs its passphrase."""
        if self.private or monotonic() - self._last_key < self.privacy_after * 60:
            return
        self.private = True
        self.locked = self.repo.protected
        if self.locked:
            self._unlock()

    def _unlock(self) -> None:
        from allies.store.crypto import ProtectionError, read_key
        from allies.tui.screens.modals.unlock import UnlockScreen

        if isinstance(self.screen, UnlockScreen):
            return
        path = self.repo.path

        def check(passphrase: str) -> bool:
            try:
                read_key(path, passphrase)
            except ProtectionError:
                return False
            return True

        def unlocked(right: bool | None) -> None:
            if right:
                self._last_key = monotonic()  # the idle minutes start again from here
                self.locked = False
                self.private = False
                return
            self.exit(message="Wrong passphrase three times: Allies closed; your plan is saved.")

        self.push_screen(UnlockScreen(path.name, check), unlocked)

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

    async def run_palette_action(self, view: str, action: str) -> None:
        """Switch to ``view`` and run one of its actions (from the command palette)."""
        await self.switch_mode(view)
        await self.screen.run_action(action)

    async def jump_to_person(self, person_id: int) -> None:
        await self.switch_mode("people")
        select = getattr(self.screen, "select_person", None)
        if select is not None:
            select(person_id)

    async def jump_to_meeting(self, meeting_id: int) -> None:
        await self.switch_mode("timeline")
        select = getattr(self.screen, "select_meeting", None)
        if select is not None:
            select(meeting_id)

    async def jump_to_card(self, card_id: int) -> None:
        await self.switch_mode("board")
        select = getattr(self.screen, "select_card", None)
        if select is not None:
            select(card_id)

    def export_plan(self, fmt: str) -> None:
        """Export beside the plan, in ``exports/``: built here, written off the UI thread."""
        from allies.store.export import SUFFIXES, render

        name = f"{self.repo.path.stem}-{self.today():%Y%m%d}.{SUFFIXES[fmt]}"
        target = self.repo.path.parent / "exports" / name
        from allies.store.text import clean_output_bytes

        data = clean_output_bytes(render(self.repo, fmt, today=self.today()))
        self.run_worker(partial(self._write_export, target, data), thread=True, group="export")

    def _write_export(self, target: Path, data: bytes) -> None:
        from allies.store.storage import atomic_write, ensure_private_dir

        try:
            ensure_private_dir(target.parent, refuse_link=True)  # never a linked exports/
            atomic_write(target, data)
        except AlliesError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.call_from_thread(self.notify, f"Exported to {target}", timeout=8)

    def action_quit(self) -> None:
        # Keys typed just before q (a card move, say) may still be on their way as
        # messages: quit once the view has handled them and repainted.
        self.call_after_refresh(self._quit)

    def _quit(self) -> None:
        if self.save_now(then=" Press ctrl+s to retry; quitting now would lose the change."):
            self.exit()
