"""The header: plan title, my agenda, the view tabs and the one-line pulse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from widgets.stance import MASK

if TYPE_CHECKING:
    from store.pulse import Pulse

VIEWS = (("1", "People"), ("2", "Board"), ("3", "Timeline"), ("4", "Review"))


class PulseHeader(Widget):
    """Two lines: title and view tabs; my agenda and the pulse."""

    pulse: reactive[Pulse | None] = reactive(None, always_update=True)
    """The figures to show (None until the plan is read)."""
    view: reactive[str] = reactive("People")
    """The name of the current view, highlighted among the tabs."""
    private: reactive[bool] = reactive(False)
    """Mask meeting titles while the privacy screen is on."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="pulse-top"):
            yield Static(id="pulse-title")
            yield Static(id="pulse-tabs")
        yield Static(id="pulse-line")

    def watch_pulse(self) -> None:
        self._render_all()

    def watch_view(self) -> None:
        self._render_tabs()
        self._render_all()

    def watch_private(self) -> None:
        self._render_all()

    def on_mount(self) -> None:
        self._paint_tabs()

    def on_resize(self) -> None:
        self._paint_tabs()

    def _render_tabs(self) -> None:
        if self.is_mounted:
            self._paint_tabs()

    def _paint_tabs(self) -> None:
        narrow = 0 < self.size.width < 100  # other views by number only, so the title shows
        tabs = Text()
        for key, name in VIEWS:
            current = name == self.view
            label = f" {key} {name} " if current or not narrow else f" {key} "
            tabs.append(label, style="reverse bold" if current else "dim")
            tabs.append(" ")
        self.query_one("#pulse-tabs", Static).update(tabs)

    def _render_all(self) -> None:
        if not self.is_mounted:
            return
        pulse = self.pulse
        if pulse is None:
            return
        title = Text("Allies │ ", style="bold")
        title.append(pulse.title, style=f"bold {self.app.theme_variables.get('accent', '')}")
        if pulse.agenda:
            title.append(" — ", style="dim")
            title.append(pulse.agenda, style="italic")
        self.query_one("#pulse-title", Static).update(title, layout=False)  # fixed size
        line = Text()
        line.append(f"allies {pulse.allies}/{pulse.people}")
        line.append(f" · consensus {pulse.consensus:.0%}")
        line.append(f" · chiefs won {pulse.chiefs_won}/{pulse.chiefs}")
        line.append(f" · wins {pulse.wins_won}")
        meeting = pulse.next_meeting
        if meeting is not None:
            title_text = MASK if self.private else meeting.title
            line.append(f" · next: {meeting.start:%a %d %b %H:%M} {title_text}")
        else:
            line.append(" · no meeting planned")
        self.query_one("#pulse-line", Static).update(line, layout=False)
