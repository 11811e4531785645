"""The command palette (ctrl+p): every action by name, and jumps to people, cards and meetings.

Context-aware: only what can apply is offered — nothing that writes on a read-only
plan, no person actions without people, no card moves past the board's edge. When
the palette is opened on the view an action belongs to, that view's own state
decides (the selected person, card or meeting, and its name in the command);
from another view the action switches there and acts on that view's selection.

Names and titles are user text: commands are shown with ``Content``/``Text``
(never markup), and help lines hold only fixed words (Textual reads them as markup).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from allies.store.model import MeetingKind, Stance
from allies.store.names import labels
from allies.tui.screens.base import PlanScreen
from allies.widgets.influencer_table import fit

if TYPE_CHECKING:
    from allies.tui.app import AlliesApp

Command = tuple[str, str, Callable[[], object]]

NAME_WIDTH = 40  # a name or title added to a command is cut here
DETAIL_ADDS = (
    ("detail-ties", "tie", "Who defers to, listens to or trusts whom"),
    ("detail-agenda", "interest", "What they want, and who told you"),
    ("detail-trades", "trade", "What you could offer them, and ask in return"),
)
VIEWS = (("1", "people"), ("2", "board"), ("3", "timeline"), ("4", "review"), ("5", "map"))


class AlliesCommands(Provider):
    """Actions by name, themes, exports, and every person, card and meeting by name."""

    @property
    def allies(self) -> AlliesApp:
        return cast("AlliesApp", self.app)

    # ------------------------------------------------------------- context

    def _here(self, view: str) -> Any | None:
        """The view's screen when the palette was opened on it (its state says what applies)."""
        screen = self.screen
        if isinstance(screen, PlanScreen) and self.allies.current_mode == view:
            return screen
        return None

    def _named(self, verb: str, name: str | None) -> str:
        """``verb — name`` for the selected record, or the bare verb (privacy: always bare)."""
        if name is None or self.allies.private:
            return verb
        return f"{verb} — {fit(name, NAME_WIDTH).plain}"

    async def _on_widget(self, view: str, selector: str, action: str) -> None:
        """Switch to ``view`` and run an action of one of its widgets (the board, the timeline)."""
        app = self.allies
        await app.switch_mode(view)
        widget = app.screen.query_one(selector)
        widget.focus()
        await widget.run_action(action)

    # ------------------------------------------------------------- commands

    def _actions(self) -> Iterator[Command]:
        app = self.allies
        repo = app.repo
        run = app.go.run_action
        writable = not repo.read_only
        if writable:
            yield ("Add person", "A new influencer (People view)", partial(run, "people", "new"))
            if repo.people:
                yield (
                    "Add meeting",
                    "A one-on-one or a group meeting",
                    partial(run, "timeline", "new"),
                )
            yield ("Add card", "A small win on the board", partial(run, "board", "new"))
        yield from self._person_actions()
        yield from self._card_actions()
        yield from self._meeting_actions()
        if writable:
            yield (
                "Mark reviewed",
                "Store today as this week's review",
                partial(run, "review", "mark_reviewed"),
            )
        yield from self._filter_actions()
        for key, view in VIEWS:
            if view != app.current_mode:
                yield (
                    f"Go to {view.capitalize()}",
                    f"Key {key}",
                    partial(app.run_action, f"view('{view}')"),
                )
        if repo.can_undo:
            yield ("Undo", "Undo the last change (u)", app.action_undo)
        if repo.can_redo:
            yield ("Redo", "Do again what was undone (U or ctrl+y)", app.action_redo)
        yield (
            "Privacy screen off" if app.private else "Privacy screen",
            "Show names and notes again (*)" if app.private else "Mask names and notes (*)",
            app.action_privacy,
        )
        yield ("Keys", "Every key for this view (?)", app.action_help)
        if writable:
            yield (
                "Edit plan title and agenda",
                "The plan's title, my agenda, thresholds",
                app.action_edit_plan,
            )
        if writable:
            yield (
                "Import from a file",
                "People (CSV, vCard), meetings (ICS) or a JSON export: preview, then import",
                self._import_from_file,
            )
        for fmt, label in (
            ("json", "JSON backup"),
            ("markdown", "Markdown briefing"),
            ("ics", "calendar (ICS)"),
            ("dot", "network graph (Graphviz DOT)"),
            ("mermaid", "network graph (Mermaid)"),
            ("csv", "people (CSV)"),
        ):
            yield (
                f"Export {label}",
                "Written beside the plan, in exports/",
                partial(app.export_plan, fmt),
            )
        yield self._dates_command()
        for name in sorted(app.available_themes):
            yield (f"Theme: {name}", "Switch and remember the theme", partial(app.set_theme, name))
        yield ("Quit", "Save and leave (q)", app.action_quit)

    def _import_from_file(self) -> None:
        """Ask for a path, show the dry run, import on confirmation (one change, one undo)."""
        from allies.store.importer import import_file
        from allies.tui.screens.modals.import_file import ImportFileScreen, ImportRequest

        app = self.allies

        def chosen(request: ImportRequest | None) -> None:
            if request is None:
                return
            report = app.change(lambda: import_file(app.repo, request.raw, request.options))
            if report is not None:
                left_out = "" if report.complete else " Some entries were left out (see preview)."
                app.notify(f"Imported {report.summary()}.{left_out} u undoes it.", timeout=6)

        app.push_screen(ImportFileScreen(app.repo), chosen)

    def _dates_command(self) -> Command:
        """Read numeric dates day first (3/12 = 3 December) or month first, remembered."""
        from allies.store.dates import day_first

        if day_first():
            return (
                "Dates: month first",
                "Read 3/12 as 12 March (now: 3 December)",
                _dates(self.allies, False),
            )
        return (
            "Dates: day first",
            "Read 3/12 as 3 December (now: 12 March)",
            _dates(self.allies, True),
        )

    def _person_actions(self) -> Iterator[Command]:
        """Edit, delete, stance up/down of the selected person; sort the table."""
        repo = self.allies.repo
        if not repo.people:
            return
        run = partial(self.allies.go.run_action, "people")
        here = self._here("people")
        if not repo.read_only:
            person = here.selected() if here is not None else None
            if here is None or person is not None:
                name = person.name if person is not None else None
                yield (
                    self._named("Edit person", name),
                    "Edit the selected person (People view, e)",
                    partial(run, "edit"),
                )
                yield (
                    self._named("Delete person", name),
                    "Delete the selected person, confirmed (People view, d)",
                    partial(run, "delete"),
                )
                for pane, what, about in DETAIL_ADDS:
                    yield (
                        self._named(f"Add {what}", name),
                        f"{about} (People view: the {what}s pane, n)",
                        partial(run, f"add_to_detail('{pane}')"),
                    )
                stance: Stance | None = person.stance if person is not None else None
                if stance is None or stance.step(1) is not stance:
                    yield (
                        self._named("Stance up", name),
                        "Move the selected person's stance up one step (+)",
                        partial(run, "stance(1)"),
                    )
                if stance is None or stance.step(-1) is not stance:
                    yield (
                        self._named("Stance down", name),
                        "Move the selected person's stance down one step (-)",
                        partial(run, "stance(-1)"),
                    )
        if here is None or here.selected() is not None:
            chosen = here.selected() if here is not None else None
            yield (
                self._named("Copy brief", chosen.name if chosen is not None else None),
                "The selected person's brief, as text, to the clipboard (People view, c)",
                partial(run, "copy_brief"),
            )
        yield (
            "Sort people",
            "By rank, name, stance or last contact, in turn (o)",
            partial(run, "sort"),
        )

    def _card_actions(self) -> Iterator[Command]:
        """Edit, delete, move and build on the selected card."""
        repo = self.allies.repo
        if not repo.wins or repo.read_only:
            return
        run = partial(self.allies.go.run_action, "board")
        on_board = partial(self._on_widget, "board", "#board")
        here = self._here("board")
        title: str | None = None
        can_left = can_right = True
        if here is not None:
            board = here.board
            card = board.card
            if card is None:
                return
            title = card.title
            column = board.columns.index(board.current_column)
            can_left, can_right = column > 0, column < len(board.columns) - 1
        yield (
            self._named("Edit card", title),
            "Edit the selected card (Board, e)",
            partial(on_board, "open"),
        )
        yield (
            self._named("Delete card", title),
            "Delete the selected card, confirmed (Board, d)",
            partial(run, "delete"),
        )
        if can_left:
            yield (
                self._named("Move card to the previous column", title),
                "The selected card, one column left (Board, H or shift+left)",
                partial(on_board, "move(-1)"),
            )
        if can_right:
            yield (
                self._named("Move card to the next column", title),
                "The selected card, one column right (Board, L or shift+right)",
                partial(on_board, "move(1)"),
            )
        yield (
            self._named("Build on this card", title),
            "A new card in Possible, linked to the selected one (Board, b)",
            partial(run, "build_on"),
        )

    def _meeting_actions(self) -> Iterator[Command]:
        """Edit, delete, debrief the selected meeting; suggest a sequence; back to today."""
        repo = self.allies.repo
        run = partial(self.allies.go.run_action, "timeline")
        if not repo.read_only and any(m.kind is MeetingKind.GROUP for m in repo.meetings.values()):
            yield (
                "Suggest sequence",
                "One-on-ones to hold before each group meeting (Timeline, s)",
                partial(run, "suggest"),
            )
        if not repo.meetings:
            return
        here = self._here("timeline")
        meeting = here.selected() if here is not None else None
        if not repo.read_only and (here is None or meeting is not None):
            title = meeting.title if meeting is not None else None
            yield (
                self._named("Debrief meeting", title),
                "Record how the selected meeting went (Timeline, r)",
                partial(run, "debrief"),
            )
            yield (
                self._named("Edit meeting", title),
                "Edit the selected meeting (Timeline, e)",
                partial(run, "edit"),
            )
            yield (
                self._named("Delete meeting", title),
                "Delete the selected meeting, confirmed (Timeline, d)",
                partial(run, "delete"),
            )
        yield (
            "Jump to today",
            "The timeline's next meeting from today (Timeline, t)",
            partial(self._on_widget, "timeline", "#timeline", "today"),
        )

    def _filter_actions(self) -> Iterator[Command]:
        """Filter the view the palette was opened on (when it has a filter)."""
        screen = self.screen
        if not isinstance(screen, PlanScreen) or not hasattr(screen, "action_filter"):
            return
        run = partial(self.allies.go.run_action, self.allies.current_mode)
        if screen.check_action("filter", ()):
            yield (
                f"Filter {screen.VIEW_NAME}",
                "Keep only what holds the text you type (/)",
                partial(run, "filter"),
            )
        if getattr(screen, "filter_text", "") and hasattr(screen, "action_clear_filter"):
            yield ("Clear filter", "Show everything again (escape)", partial(run, "clear_filter"))

    def _jumps(self) -> Iterator[Command]:
        app = self.allies
        if app.private:
            return
        named = labels(app.repo.people.values())  # namesakes told apart
        for person in app.repo.people.values():
            role = f" — {person.role}" if person.role and named[person.id] == person.name else ""
            yield (
                f"Person: {named[person.id]}{role}",
                "Show in the People view",
                partial(app.go.to_person, person.id),
            )
        for win in app.repo.wins.values():
            yield (
                f"Card: {win.title} ({win.column.value})",
                "Show on the Board",
                partial(app.go.to_card, win.id),
            )
        for meeting in app.repo.meetings.values():
            when = f"{meeting.start.astimezone():%a %d %b %H:%M}"
            yield (
                f"Meeting: {meeting.title} ({when})",
                "Show in the Timeline",
                partial(app.go.to_meeting, meeting.id),
            )

    async def discover(self) -> Hits:
        for name, help_text, callback in self._actions():
            yield DiscoveryHit(Text(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for commands in (self._actions(), self._jumps()):
            for name, help_text, callback in commands:
                score = matcher.match(name)
                if score > 0:
                    yield Hit(score, _highlight(matcher, name), callback, text=name, help=help_text)


def _dates(app: AlliesApp, first: bool) -> Callable[[], object]:
    def switch() -> None:
        from allies.store.dates import set_day_first
        from allies.store.errors import SaveError
        from allies.tui.settings import save_setting

        set_day_first(first)
        way = "day first: 3/12 is 3 December" if first else "month first: 3/12 is 12 March"
        try:
            if app.remember_settings:
                save_setting("day_first", first)
        except SaveError as exc:
            app.notify(str(exc), severity="warning")
        app.notify(f"Dates are read {way}.", timeout=4)

    return switch


def _highlight(matcher: Matcher, name: str) -> Content:
    """The name with the matched letters marked, taken literally (a name is never markup)."""
    content = Content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
