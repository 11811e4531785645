"""The header: plan title, my agenda, the view tabs and the one-line pulse.

One widget drawing two lines (not a container of four): it is on every view,
and each widget costs its share of every restyle and of the first screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from allies.store.model import percent
from allies.widgets.stance import MASK

if TYPE_CHECKING:
    from allies.store.pulse import Pulse

VIEWS = (("1", "People"), ("2", "Board"), ("3", "Timeline"), ("4", "Review"), ("5", "Map"))
NARROW = 100  # below this many columns the tabs close up and the title loses "Allies │"
TITLE_ROOM = 16  # the plan title keeps at least this many columns beside the tabs


class PulseHeader(Widget):
    """Two lines: title and view tabs; my agenda and the pulse."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pulse-header--line"}
    """
    | Class | Description |
    | :- | :- |
    | `pulse-header--line` | The second line: the figures of the pulse. |
    """

    pulse: reactive[Pulse | None] = reactive(None, always_update=True, layout=False)
    """The figures to show (None until the plan is read)."""
    view: reactive[str] = reactive("People")
    """The name of the current view, highlighted among the tabs."""
    private: reactive[bool] = reactive(False)
    """Mask the plan's title, my agenda and meeting titles while the privacy screen is on."""
    read_only: reactive[bool] = reactive(False)
    """The plan is open read-only: say so on the first line."""

    def tabs(self) -> Text:
        """The view tabs, the current one highlighted.

        Every tab keeps its whole name (the number is its key); below ``NARROW``
        columns the tabs close up, and only where even that leaves the title no
        room do the other views' names shrink to three letters.
        """
        width = self.content_size.width
        if not 0 < width < NARROW:
            return self._tabs(gap=" ")
        tabs = self._tabs(gap="")
        if tabs.cell_len + TITLE_ROOM > width:
            tabs = self._tabs(gap="", short=True)
        return tabs

    def _tabs(self, *, gap: str, short: bool = False) -> Text:
        tabs = Text(end="")
        for key, name in VIEWS:
            current = name == self.view
            label = f" {key} {name if current or not short else name[:3]} "
            click = Style.from_meta({"@click": f"app.view('{name.casefold()}')"})
            tabs.append(label, style=Style.parse("reverse bold" if current else "dim") + click)
            tabs.append(gap)
        return tabs

    def title(self) -> Text:
        """``Allies │`` plan title — my agenda (without ``Allies │`` when narrow)."""
        narrow = 0 < self.content_size.width < NARROW
        title = Text("" if narrow else "Allies │ ", style="bold", end="")
        pulse = self.pulse
        if pulse is None:
            return title
        if self.read_only:
            title.append("read-only ", style="reverse bold")
        plan_title = MASK if self.private and pulse.title else pulse.title
        title.append(plan_title, style=f"bold {self.app.theme_variables.get('accent', '')}")
        if pulse.agenda:
            title.append(" — ", style="dim")
            title.append(MASK if self.private else pulse.agenda, style="italic")
        return title

    def pulse_line(self) -> Text:
        """Allies, consensus, chiefs won, wins, the next meeting."""
        pulse = self.pulse
        line = Text(end="", style=self.get_component_rich_style("pulse-header--line"))
        if pulse is None:
            return line
        line.append(f"allies {pulse.allies}/{pulse.people}")
        line.append(f" · consensus {percent(pulse.consensus)}")
        line.append(f" · chiefs won {pulse.chiefs_won}/{pulse.chiefs}")
        line.append(f" · wins {pulse.wins_won}")
        meeting = pulse.next_meeting
        if meeting is not None:
            title_text = MASK if self.private else meeting.title
            line.append(f" · next: {meeting.start:%a %d %b %H:%M} {title_text}")
        else:
            line.append(" · no meeting planned")
        return line

    def render(self) -> Text:
        width = self.content_size.width
        tabs = self.tabs()
        title = self.title()
        room = max(0, width - tabs.cell_len - 1)
        if title.cell_len > room:
            title.truncate(room, overflow="ellipsis")
        top = title.copy()
        top.pad_right(max(0, width - title.cell_len - tabs.cell_len))
        top.append_text(tabs)
        line = self.pulse_line()
        if line.cell_len > width:
            line.truncate(width, overflow="ellipsis")
        return Text("\n", end="").join((top, line))
