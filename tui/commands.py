"""The command palette (ctrl+p): every action by name, and jumps to people and meetings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

if TYPE_CHECKING:
    from tui.app import AlliesApp

Command = tuple[str, str, Callable[[], object]]


class AlliesCommands(Provider):
    """Actions by name, themes, exports, and every person and meeting by name."""

    @property
    def allies(self) -> AlliesApp:
        return cast("AlliesApp", self.app)

    def _actions(self) -> Iterator[Command]:
        app = self.allies
        run = app.run_palette_action
        yield ("Add person", "A new influencer (People view)", partial(run, "people", "new"))
        yield ("Add meeting", "A one-on-one or a group meeting", partial(run, "timeline", "new"))
        yield ("Add card", "A small win on the board", partial(run, "board", "new"))
        yield (
            "Suggest sequence",
            "One-on-ones to hold before each group meeting",
            partial(run, "timeline", "suggest"),
        )
        yield (
            "Debrief meeting",
            "Record how the selected meeting went",
            partial(run, "timeline", "debrief"),
        )
        yield (
            "Mark reviewed",
            "Store today as this week's review",
            partial(run, "review", "mark_reviewed"),
        )
        for key, view in (("1", "people"), ("2", "board"), ("3", "timeline"), ("4", "review")):
            yield (
                f"Go to {view.capitalize()}",
                f"Key {key}",
                partial(app.run_action, f"view('{view}')"),
            )
        yield ("Undo", "Undo the last change (u)", app.action_undo)
        yield ("Privacy screen", "Mask names and notes (*)", app.action_privacy)
        yield ("Keys", "Every key for this view (?)", app.action_help)
        yield (
            "Edit plan title and agenda",
            "The plan's title, my agenda, thresholds",
            app.action_edit_plan,
        )
        for fmt, label in (
            ("json", "JSON backup"),
            ("markdown", "Markdown briefing"),
            ("ics", "calendar (ICS)"),
        ):
            yield (
                f"Export {label}",
                "Written beside the plan, in exports/",
                partial(app.export_plan, fmt),
            )
        for name in sorted(app.available_themes):
            yield (f"Theme: {name}", "Switch and remember the theme", partial(app.set_theme, name))

    def _jumps(self) -> Iterator[Command]:
        app = self.allies
        if app.private:
            return
        for person in app.repo.people.values():
            role = f" — {person.role}" if person.role else ""
            yield (
                f"Person: {person.name}{role}",
                "Show in the People view",
                partial(app.jump_to_person, person.id),
            )
        for meeting in app.repo.meetings.values():
            when = f"{meeting.start:%a %d %b %H:%M}"
            yield (
                f"Meeting: {meeting.title} ({when})",
                "Show in the Timeline",
                partial(app.jump_to_meeting, meeting.id),
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


def _highlight(matcher: Matcher, name: str) -> Content:
    """The name with the matched letters marked, taken literally (a name is never markup)."""
    content = Content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
