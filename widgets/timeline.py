"""The timeline: meetings in date order, grouped by week, today marked.

Data in: :meth:`Timeline.show` with immutable :class:`MeetingRow` values (the
screen works out readiness and what to say). Out: :class:`Timeline.MeetingHighlighted`
and :class:`Timeline.MeetingSelected`. It is one OptionList — each meeting an
option, each week a disabled header — so 600 meetings cost one widget, and
a change repaints only the rows that changed. A meeting's text is built only
when its row is first drawn, and kept while the row is unchanged.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from allies.store.model import MeetingKind, MeetingStatus, Stance, percent
from allies.widgets.stance import MASK, person_text, stance_color

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.geometry import Region
    from textual.style import Style
    from textual.visual import RenderOptions
    from textual.widget import Widget

INDENT = " " * 19  # continuation lines start under the kind column
TODAY_ID = "today"


class Attendee(NamedTuple):
    """Someone in the meeting, as the timeline shows them.

    Rows are tuples rather than frozen dataclasses: a large plan builds 600 of
    them with 2,000 attendees, and tuples are several times cheaper to make.
    """

    id: int
    name: str
    stance: Stance
    role: str = ""


class MeetingRow(NamedTuple):
    """What the timeline shows of one meeting."""

    id: int
    title: str
    start: datetime
    minutes: int
    kind: MeetingKind
    status: MeetingStatus
    attendees: tuple[Attendee, ...]
    outcome: str = ""
    looked_to: tuple[str, ...] = ()
    ready: bool | None = None
    """For a coming planned group meeting: ready or not; None otherwise."""
    consensus: float | None = None
    problems: tuple[str, ...] = ()
    """The readiness problems, in words."""
    masked_problems: tuple[str, ...] = ()
    """The same problems without names, for the privacy screen."""
    problem_codes: tuple[str, ...] = ()
    """Their codes (``needs_one_on_one``, ``low_consensus``, ``too_few_wins``)."""
    debrief_due: bool = False
    """Past and still planned: it needs a debrief."""

    @property
    def day(self) -> date:
        return self.start.date()


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_label(monday: date, today: date) -> Text:
    """``Week of 30 Nov · this week``."""
    label = Text(f"Week of {monday.day} {monday:%b}", style="bold")
    if monday.year != today.year:
        label.append(f" {monday.year}", style="bold")
    weeks = (monday - week_of(today)).days // 7
    near = {0: "this week", 1: "next week", -1: "last week"}.get(weeks)
    if near:
        label.append(f" · {near}", style="italic")
    return label


def badge(row: MeetingRow, colors: Mapping[str, str]) -> Text:
    """The status column: debrief due, ready / n problems, held, cancelled."""
    if row.debrief_due:
        return Text("! debrief due", style=f"bold {colors.get('overdue', '')}")
    if row.status is MeetingStatus.HELD:
        return Text("✓ held", style="dim")
    if row.status is MeetingStatus.CANCELLED:
        return Text("– cancelled", style="dim")
    if row.ready is True:
        return Text("✔ ready", style=f"bold {colors.get('ready', '')}")
    if row.ready is False:
        n = len(row.problems)
        return Text(f"✖ {n} problem{'s' * (n != 1)}", style=f"bold {colors.get('not-ready', '')}")
    return Text("")


def attendee_line(row: MeetingRow, colors: Mapping[str, str], *, private: bool) -> Text:
    """The attendees, each coloured by stance with its symbol."""
    line = Text(INDENT)
    for i, person in enumerate(row.attendees):
        if i:
            line.append("  ")
        line.append_text(person_text(person.name, person.stance, colors, private=private))
    return line


def meeting_prompt(row: MeetingRow, colors: Mapping[str, str], *, private: bool) -> Text:
    """One meeting's lines: when, kind, status, title; attendees; problems or outcome."""
    kind = "1:1" if row.kind is MeetingKind.ONE_ON_ONE else "group"
    text = Text()
    text.append(f"{row.start:%a} {row.start.day:>2} {row.start:%b %H:%M}  ", style="bold")
    text.append(f"{kind:<6}", style="italic")
    status = badge(row, colors)
    status.pad_right(14 - status.cell_len)
    text.append_text(status)
    title_style = "strike dim" if row.status is MeetingStatus.CANCELLED else ""
    text.append(MASK if private else row.title, style=title_style)
    text.append("\n")
    text.append_text(attendee_line(row, colors, private=private))
    if row.ready is False and not row.debrief_due:
        for problem in _problems(row, private=private):
            text.append(f"\n{INDENT}· {problem}", style=colors.get("not-ready", ""))
    elif row.outcome and row.status is not MeetingStatus.PLANNED:
        first = row.outcome.strip().splitlines()[0] if row.outcome.strip() else ""
        text.append(f"\n{INDENT}→ {MASK if private else first}", style="dim")
    return text


def _problems(row: MeetingRow, *, private: bool) -> tuple[str, ...]:
    return row.masked_problems if private and row.masked_problems else row.problems


def meeting_lines(row: MeetingRow) -> int:
    """How many lines :func:`meeting_prompt` gives ``row``, without building it."""
    if row.ready is False and not row.debrief_due:
        return 2 + len(row.problems)
    if row.outcome and row.status is not MeetingStatus.PLANNED:
        return 3
    return 2


class Prompt(Visual):
    """An option's lines, never wrapped: its height is its line count.

    OptionList measures every option's height up front; measuring 600 rich
    texts by wrapping them is most of the cost of a large timeline, and these
    rows do not wrap (they end in an ellipsis), so the count is exact. The
    text becomes renderable content only when it is first drawn, and its drawn
    lines are kept: OptionList forgets its own copies whenever the options are
    set again (each letter typed in the filter), though the rows are the same.
    """

    KEPT = 4  # drawings kept per prompt (plain and highlighted, at one or two widths)

    def __init__(self, text: Text) -> None:
        self._text: Text | None = text
        self.lines = text.plain.count("\n") + 1
        self._content: Content | None = None
        self.drawings: dict[tuple[object, ...], list[Strip]] = {}

    @classmethod
    def to_strips(
        cls,
        widget: Widget,
        visual: Visual,
        width: int,
        height: int | None,
        style: Style,
        *,
        apply_selection: bool = True,
        pad: bool = False,
        post_style: Style | None = None,
    ) -> list[Strip]:
        """Draw ``visual`` (a prompt: from its kept drawings when it was drawn so before)."""

        def draw() -> list[Strip]:
            return super(Prompt, cls).to_strips(
                widget,
                visual,
                width,
                height,
                style,
                apply_selection=apply_selection,
                pad=pad,
                post_style=post_style,
            )

        if not isinstance(visual, Prompt) or widget.text_selection is not None:
            return draw()
        key = (width, height, style, apply_selection, pad, post_style)
        drawn = visual.drawings.get(key)
        if drawn is None:
            drawn = draw()
            if len(visual.drawings) >= cls.KEPT:
                visual.drawings.clear()
            visual.drawings[key] = drawn
        return drawn

    @property
    def text(self) -> Text:
        assert self._text is not None
        return self._text

    def __str__(self) -> str:
        return self.text.plain

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = Content.from_rich_text(self.text)
        return self._content

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        # Only asked for an auto width (the timeline is 1fr): never build every row for it.
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.lines


class MeetingPrompt(Prompt):
    """A meeting's prompt, whose text is built from its row when it is first drawn.

    Most of 600 meetings are never on screen: their height comes from the row
    (:func:`meeting_lines`), and their text is made only if they scroll into view.
    """

    def __init__(self, row: MeetingRow, colors: Mapping[str, str], *, private: bool) -> None:
        self.row = row
        self.private = private
        self._colors = colors
        self._text = None
        self.lines = meeting_lines(row)
        self._content = None
        self.drawings = {}

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = meeting_prompt(self.row, self._colors, private=self.private)
        return self._text


class Timeline(OptionList):
    """Meetings by week; the cursor moves between meetings and skips the headers."""

    HELP_TITLE = "The timeline"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("h,left", "previous_week", "Previous week", show=False, id="timeline.week_back"),
        Binding("l,right", "next_week", "Next week", show=False, id="timeline.week_on"),
        Binding("t", "today", "Today", show=False, id="timeline.today"),
    ]

    class MeetingHighlighted(Message):
        """The cursor moved to a meeting (None: no meeting)."""

        def __init__(self, timeline: Timeline, meeting_id: int | None) -> None:
            super().__init__()
            self.timeline = timeline
            self.meeting_id = meeting_id

        @property
        def control(self) -> Timeline:
            return self.timeline

    class MeetingSelected(Message):
        """Enter (or a click) on a meeting."""

        def __init__(self, timeline: Timeline, meeting_id: int) -> None:
            super().__init__()
            self.timeline = timeline
            self.meeting_id = meeting_id

        @property
        def control(self) -> Timeline:
            return self.timeline

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: dict[int, MeetingRow] = {}
        self._meeting_prompts: dict[int, MeetingPrompt] = {}
        self._marks: dict[str, Prompt] = {}  # week headers and the today marker, by key
        self._keys: tuple[str, ...] = ()
        self._style: tuple[bool, tuple[tuple[str, str], ...], date] | None = None
        self._today: date = date.today()
        self._place_pending = True  # until the first paint, which places the highlight
        self._this_week_pending = False
        self._highlight_span: tuple[int, int] | None = None

    @property
    def meeting_id(self) -> int | None:
        """The highlighted meeting's id."""
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith("m"):
            return None
        return int(option.id[1:])

    def row(self, meeting_id: int) -> MeetingRow | None:
        return self._rows.get(meeting_id)

    def show(
        self,
        rows: Sequence[MeetingRow],
        *,
        today: date,
        private: bool,
        colors: Mapping[str, str],
        select: int | None = None,
        only: Collection[int] | None = None,
    ) -> None:
        """Show these meetings (sorted here by start); keep the cursor on ``select`` or the same.

        ``only``: the meetings a filter kept; the others are hidden, and the week headers
        are those of weeks with meetings shown (this week's header is otherwise always there).
        """
        keep = select if select is not None else self.meeting_id
        ordered = sorted(rows, key=_in_order)
        shown = ordered if only is None else [r for r in ordered if r.id in only]
        self._today = today
        entries = self._entries(shown, today, anchor=only is None)
        keys = tuple(key for key, _ in entries)
        style = (private, tuple(sorted(colors.items())), today)
        restyled = style != self._style
        old = {} if restyled else self._meeting_prompts
        if restyled:
            self._marks.clear()
        prompts: dict[int, MeetingPrompt] = {}
        changed: list[MeetingPrompt] = []
        for row in ordered:
            prompt = old.get(row.id)
            if prompt is None or (prompt.row is not row and prompt.row != row):
                prompt = MeetingPrompt(row, colors, private=private)
                changed.append(prompt)
            prompts[row.id] = prompt
        rebuild = keys != self._keys or restyled
        if rebuild:
            self.set_options(
                Option(prompt, id=key, disabled=not key.startswith("m"))
                for key, prompt in self._prompts(entries, prompts, today, colors)
            )
        self._rows = {r.id: r for r in shown}
        if not rebuild:
            for prompt in changed:
                if prompt.row.id in self._rows:
                    self.replace_option_prompt(f"m{prompt.row.id}", prompt)
        self._meeting_prompts = prompts
        self._keys, self._style = keys, style
        if keep is not None and keep in self._rows:
            self.select_meeting(keep)
        elif self.meeting_id is None:
            self.action_today()

    def _entries(
        self, rows: list[MeetingRow], today: date, *, anchor: bool = True
    ) -> list[tuple[str, MeetingRow | date | None]]:
        """Keys in order: a header per week, the today marker, the meetings.

        ``anchor``: this week's header is shown even with no meeting in it, above the marker.
        """
        entries: list[tuple[str, MeetingRow | date | None]] = []
        this_week = week_of(today)
        week: date | None = None
        marked = False
        for row in rows:
            monday = week_of(row.day)
            if not marked and monday > this_week:
                if anchor and week != this_week:
                    entries.append((f"w{this_week.isoformat()}", this_week))
                entries.append((TODAY_ID, None))
                marked = True
            if monday != week:
                week = monday
                entries.append((f"w{monday.isoformat()}", monday))
            if not marked and row.day >= today:
                entries.append((TODAY_ID, None))
                marked = True
            entries.append((f"m{row.id}", row))
        if not marked:
            if anchor and week != this_week:
                entries.append((f"w{this_week.isoformat()}", this_week))
            entries.append((TODAY_ID, None))
        return entries

    def _prompts(
        self,
        entries: list[tuple[str, MeetingRow | date | None]],
        meetings: Mapping[int, MeetingPrompt],
        today: date,
        colors: Mapping[str, str],
    ) -> list[tuple[str, Prompt]]:
        """Each entry's prompt: meetings' from ``meetings``, headers' and the marker's kept."""
        kept = self._marks
        out: list[tuple[str, Prompt]] = []
        for key, value in entries:
            if isinstance(value, MeetingRow):
                out.append((key, meetings[value.id]))
                continue
            prompt = kept.get(key)
            if prompt is None:
                if isinstance(value, date):
                    prompt = Prompt(week_label(value, today))
                else:
                    marker = Text(f"▶ today · {today:%a} {today.day} {today:%b}", style="bold")
                    marker.stylize(colors.get("accent", ""))
                    prompt = Prompt(marker)
                kept[key] = prompt
            out.append((key, prompt))
        return out

    def render_lines(self, crop: Region) -> list[Strip]:
        region = self.scrollable_content_region
        if self._place_pending and region:
            # The first paint: scroll to the highlight now, not after drawing rows
            # from the top of the list that are scrolled away at once.
            self._place_pending = False
            self.scroll_to_highlight()
            if self._this_week_pending:
                self._show_this_week()
        highlighted = self.highlighted  # the lines render_line gives the cursor's colours
        self._highlight_span = None
        if highlighted is not None:
            top = self._lines_before(highlighted)
            self._highlight_span = (top, self._lines_before(highlighted + 1))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """A line; the highlighted meeting's in the cursor's own colours only.

        Attendees coloured by stance cannot be read on the cursor bar (each keeps
        its stance symbol); dim and coloured badges are evened out the same way.
        """
        strip = super().render_line(y)
        span = self._highlight_span
        if span is None or not span[0] <= round(self.scroll_offset.y) + y < span[1]:
            return strip
        cursor = self.get_visual_style("option-list--option", "option-list--option-highlighted")
        plain = RichStyle(color=cursor.rich_style.color, dim=False)
        return Strip(
            [
                Segment(text, (style or RichStyle()) + plain, control)
                for text, style, control in strip
            ],
            strip.cell_length,
        )

    def select_meeting(self, meeting_id: int) -> None:
        """Move the cursor to this meeting (and scroll it into view)."""
        try:
            self.highlighted = self.get_option_index(f"m{meeting_id}")
        except Exception:
            return

    def action_today(self) -> None:
        """Highlight the first meeting from today on (else the last one)."""
        try:
            start = self.get_option_index(TODAY_ID)
        except Exception:
            return
        for index in range(start, self.option_count):
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                break
        else:
            self.action_last()
        self._this_week_pending = True
        self.call_after_refresh(self._show_this_week)

    def action_next_week(self) -> None:
        """Highlight the first meeting of the next week that has meetings."""
        start = self.highlighted if self.highlighted is not None else -1
        passed_header = start < 0
        for index in range(start + 1, self.option_count):
            option = self.get_option_at_index(index)
            if _is_header(option):
                passed_header = True
            elif passed_header and not option.disabled:
                self.highlighted = index
                return

    def action_previous_week(self) -> None:
        """Highlight the first meeting of the previous week that has meetings."""
        highlighted = self.highlighted
        if highlighted is None:
            self.action_first()
            return
        header = self._header_at_or_before(highlighted)
        # The last meeting before this week's header belongs to the week to go to.
        for index in range(header - 1, -1, -1):
            if not self.get_option_at_index(index).disabled:
                week = self._header_at_or_before(index)
                self.highlighted = self._first_meeting_after(week)
                return

    def _header_at_or_before(self, index: int) -> int:
        """The index of the week header above ``index`` (-1: none)."""
        while index >= 0 and not _is_header(self.get_option_at_index(index)):
            index -= 1
        return index

    def _first_meeting_after(self, index: int) -> int | None:
        """The first meeting after ``index`` (a header)."""
        for i in range(index + 1, self.option_count):
            if not self.get_option_at_index(i).disabled:
                return i
        return None

    def _show_this_week(self) -> None:
        """Scroll this week's header to the top when the highlight still shows below it."""
        self._this_week_pending = False
        try:
            header = self.get_option_index(f"w{week_of(self._today).isoformat()}")
        except Exception:
            return
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        top = self._lines_before(header)
        bottom = self._lines_before(highlighted + 1)
        if bottom - top <= self.scrollable_content_region.height:
            self.scroll_to(y=top, animate=False, immediate=True)

    def _lines_before(self, index: int) -> int:
        """The line the option at ``index`` starts on (every prompt knows its height)."""
        return sum(
            prompt.lines if isinstance(prompt := self.get_option_at_index(i).prompt, Prompt) else 1
            for i in range(index)
        )

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.MeetingHighlighted(self, self.meeting_id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        meeting_id = self.meeting_id
        if meeting_id is not None:
            self.post_message(self.MeetingSelected(self, meeting_id))


def _in_order(row: MeetingRow) -> tuple[float, int]:
    """Sort key: by start, then id (as timestamps: local times compare slowly)."""
    return (row.start.timestamp(), row.id)


def _is_header(option: Option) -> bool:
    return option.id is not None and option.id.startswith("w")


class MeetingDetail(Static):
    """The selected meeting in full: title, attendees with roles, problems, outcome."""

    _shown: tuple[MeetingRow | None, bool, Mapping[str, str]] | None = None

    def show_meeting(
        self, row: MeetingRow | None, *, private: bool, colors: Mapping[str, str]
    ) -> None:
        """Show this meeting (nothing is redrawn when it is shown so already)."""
        if self._shown is not None and self._shown == (row, private, colors):
            return
        self._shown = (row, private, colors)
        if row is None:
            self.update(Text("No meeting selected — press n to plan one.", style="dim"))
            return
        text = Text()
        text.append(MASK if private else row.title, style="bold")
        end = row.start + timedelta(minutes=row.minutes)
        text.append(f"\n{row.start:%A} {row.start.day} {row.start:%B %Y}, ")
        text.append(f"{row.start:%H:%M}–{end:%H:%M} ({row.minutes} min)\n")
        kind = "One-on-one" if row.kind is MeetingKind.ONE_ON_ONE else "Group meeting"
        text.append(f"{kind} · {row.status.value}\n")
        text.append_text(badge(row, colors))
        if row.consensus is not None and row.kind is MeetingKind.GROUP:
            text.append(f"  consensus {percent(row.consensus)}", style="dim")
        text.append("\n\nAttendees\n", style="bold")
        for person in row.attendees:
            text.append_text(person_text(person.name, person.stance, colors, private=private))
            text.append(f"  {person.stance.value}", style=stance_color(person.stance, colors))
            if person.role and not private:
                text.append(f" · {person.role}", style="dim")
            text.append("\n")
        if row.problems and not row.debrief_due:
            text.append("\nNot ready yet\n", style="bold")
            for problem in _problems(row, private=private):
                text.append(f"· {problem}\n", style=colors.get("not-ready", ""))
        if row.looked_to:
            names = ", ".join(MASK if private else n for n in row.looked_to)
            text.append(f"\nThe room looked to {names}\n")
        if row.outcome:
            text.append("\nOutcome\n", style="bold")
            text.append(MASK if private else row.outcome)
        if row.debrief_due:
            text.append("\n\nPress r to record how it went.", style="italic")
        self.update(text)
