"""The influencer table: everyone around the decision, one row each.

Data in: :meth:`InfluencerTable.show` with immutable :class:`PersonRow` values.
Out: :class:`InfluencerTable.Highlighted` (the cursor rests on another person)
and :class:`InfluencerTable.Selected` (enter, or a click on the cursor row).

Only the rows in view are drawn (Line API), and a drawn row is cached until it
changes, so a table of a thousand people costs what a screenful costs: showing
the rows is a list assignment, a cursor move repaints two lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from allies.store.model import Stance
from allies.widgets.cached_lines import CachedLinesView
from allies.widgets.stance import CHIEF, DECIDER, MASK, stance_color, stance_text

# Widths of the fixed columns (marks, stance, influence, rank, contact); name and role share
# what is left, each column padded by a space either side.
MARKS_W, STANCE_W, INFL_W, RANK_W, SEEN_W = 2, 12, 4, 4, 6
FIXED_WIDTH = MARKS_W + STANCE_W + INFL_W + RANK_W + SEEN_W
PADDING = 2 * 7
HEADER = (CHIEF + DECIDER, "Name", "Role", "Stance", "Infl", "#", "Seen")
RIGHT = frozenset({4, 5})  # influence and rank are right-aligned


class PersonRow(NamedTuple):
    """What the table shows of one person."""

    id: int
    name: str
    role: str
    decider: bool
    stance: Stance
    score: float
    rank: int
    chief: bool
    last_contact: date | None


_BOLD = Style(bold=True)
_DIM = Style(dim=True)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis (as Rich's Text.truncate does)."""
    return text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


def _fill(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells."""
    text = _cut(text, width)
    return text + " " * (width - cell_len(text))


def _right(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells and aligned right."""
    text = _cut(text, width).rstrip()
    return " " * (width - cell_len(text)) + text


def fit(value: str, width: int) -> Text:
    """Literal text cut to ``width`` cells with an ellipsis."""
    return Text(_cut(strip_control_codes(value), width), no_wrap=True, overflow="ellipsis", end="")


class _PersonMessage(Message):
    """A message about one person of the table (the base of the table's messages)."""

    def __init__(self, table: InfluencerTable, person_id: int | None) -> None:
        super().__init__()
        self.table = table
        self.person_id = person_id

    @property
    def control(self) -> InfluencerTable:
        return self.table


class InfluencerTable(CachedLinesView, can_focus=True):
    """A table of people with a row cursor and vim-style movement; the header stays put."""

    HELP_TITLE = "The people table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "first", "Top", show=False),
        Binding("end,G", "last", "Bottom", show=False),
        Binding("enter", "select", "Open", show=False),
        Binding("l,right", "app.focus_next", "Next pane", show=False),
        Binding("h,left", "app.focus_previous", "Previous pane", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "influencer-table--header",
        "influencer-table--stripe",
        "influencer-table--cursor",
        "influencer-table--cursor-idle",
    }
    """
    | Class | Description |
    | :- | :- |
    | `influencer-table--header` | The column names. |
    | `influencer-table--stripe` | Every other row. |
    | `influencer-table--cursor` | The selected row while the table has the focus. |
    | `influencer-table--cursor-idle` | The selected row while the focus is elsewhere. |
    """

    DEFAULT_CSS = """
    InfluencerTable {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        &:focus { background-tint: $foreground 5%; }
        & > .influencer-table--header { text-style: bold; background: $panel; }
        & > .influencer-table--stripe { background: $surface-lighten-1 50%; }
        &:dark > .influencer-table--stripe { background: $surface-darken-1 40%; }
        & > .influencer-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .influencer-table--cursor-idle {
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class Highlighted(_PersonMessage):
        """The cursor is on another person (or on no one: an empty table)."""

    class Selected(_PersonMessage):
        """Enter (or a click) on the highlighted person (``person_id`` is never None)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: tuple[PersonRow, ...] = ()
        self._by_id: dict[int, PersonRow] = {}
        self.cursor_row = 0
        self._private = False
        self._colors: Mapping[str, str] = {}
        self._widths = (MARKS_W, 20, 14, STANCE_W, INFL_W, RANK_W, SEEN_W)
        self._cache: dict[tuple[int, int, int], Strip] = {}
        self._cache_width = 0
        self._header: Strip | None = None
        self._posted: int | None = None

    # ------------------------------------------------------------------ data

    @property
    def row_count(self) -> int:
        """How many people the table holds (all of them, not only those in view)."""
        return len(self._rows)

    @property
    def person_id(self) -> int | None:
        """The highlighted person's id."""
        return self._rows[self.cursor_row].id if self._rows else None

    def cells_at(self, index: int) -> tuple[Text, ...]:
        """The cells of the row at ``index``, as drawn (for tests and screen readers)."""
        return self._cells(self._rows[index])

    def show(
        self,
        rows: Sequence[PersonRow],
        *,
        private: bool,
        colors: Mapping[str, str],
        select: int | None = None,
    ) -> None:
        """Show these rows (in this order); keep the cursor on ``select`` or the same person."""
        keep = select if select is not None else self.person_id
        rows = tuple(rows)
        restyle = private != self._private or dict(colors) != self._colors
        if rows == self._rows and not restyle:  # the same table (a change elsewhere)
            if select is not None and select in self._by_id:
                self.move_cursor(row=next(i for i, r in enumerate(rows) if r.id == select))
            return
        if restyle:
            self._private, self._colors = private, dict(colors)
            self.forget_drawn()
        else:
            for row in rows:
                before = self._by_id.get(row.id)
                if before is not None and before != row:
                    self._drop(row.id)
        self._rows = rows
        self._by_id = {r.id: r for r in rows}
        index = next((i for i, r in enumerate(rows) if r.id == keep), None)
        if index is not None:
            self.cursor_row = index
        self.cursor_row = max(0, min(self.cursor_row, len(rows) - 1))
        self.virtual_size = Size(0, len(rows) + 1)
        self._scroll_to_cursor()
        self.refresh()
        self._post_highlight()

    def move_cursor(self, *, row: int) -> None:
        """Put the cursor on the row at ``row`` (clamped); repaint only the two rows."""
        row = max(0, min(row, len(self._rows) - 1))
        if row != self.cursor_row:
            self._refresh_row(self.cursor_row)
            self.cursor_row = row
            self._refresh_row(row)
        self._scroll_to_cursor()
        self._post_highlight()

    def _post_highlight(self) -> None:
        pid = self.person_id
        if pid != self._posted:
            self._posted = pid
            self.post_message(self.Highlighted(self, pid))

    def _drop(self, person_id: int) -> None:
        for key in [k for k in self._cache if k[0] == person_id]:
            del self._cache[key]

    def _refresh_row(self, index: int) -> None:
        if self.is_mounted:
            self.refresh_lines(index + 1, 1)  # virtual line: the header is line 0

    def _scroll_to_cursor(self) -> None:
        if not self._rows or not self.is_mounted:
            return
        view = self.scrollable_content_region.height - 1  # rows below the header
        if view <= 0:
            return
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row >= top + view:
            top = self.cursor_row - view + 1
        if top != round(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False, immediate=True)

    # ------------------------------------------------------------------ keys

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(row=self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - 2)
        self.move_cursor(row=self.cursor_row + direction * page)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self._rows[self.cursor_row].id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = round(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self._rows):
            if index == self.cursor_row:
                self.action_select()
            else:
                self.move_cursor(row=index)

    def on_focus(self) -> None:
        self._refresh_row(self.cursor_row)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor_row)

    # ---------------------------------------------------------------- drawing

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    def _fit_columns(self, width: int) -> None:
        """Share the width left by the fixed columns between name and role."""
        free = max(16, width - FIXED_WIDTH - PADDING)
        name_w = max(10, min(40, free * 3 // 5))
        role_w = max(6, min(30, free - name_w))
        self._widths = (MARKS_W, name_w, role_w, STANCE_W, INFL_W, RANK_W, SEEN_W)
        self.forget_drawn()
        self._cache_width = width

    def forget_drawn(self) -> None:
        self._cache.clear()
        self._header = None

    def render_line(self, y: int) -> Strip:
        width, top = self.view
        if width != self._cache_width:
            self._fit_columns(width)
        base = self.base_style
        if y == 0:
            if self._header is None:
                style = base + self.get_component_rich_style("influencer-table--header")
                cells = tuple(Text(label, end="") for label in HEADER)
                self._header = self._line(cells, style, width)
            return self._header
        index = top + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        state = (2 if self.has_focus else 1) if index == self.cursor_row else 0
        key = (row.id, state, index % 2)
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 600:
                self._cache.clear()
            style = base
            if state:
                name = "influencer-table--cursor" if state == 2 else "influencer-table--cursor-idle"
                style += self.get_component_rich_style(name)
            elif index % 2 == 0:
                style += self.get_component_rich_style("influencer-table--stripe")
            strip = self._cache[key] = self._row_line(row, style, width, plain=bool(state))
        return strip

    def _row_line(self, row: PersonRow, style: Style, width: int, *, plain: bool = False) -> Strip:
        """One person's row as segments: what ``_line`` makes of ``_cells``, built directly
        (a quarter of the cost: no Text to copy, cut, pad and render per cell).

        ``plain``: the selected row, in the cursor's own colours only — a stance colour
        on the cursor bar cannot be read (the stance still shows by its symbol).
        """
        colors = self._colors
        _, name_w, role_w, stance_w, infl_w, rank_w, seen_w = self._widths
        stance = style if plain else style + Style.parse(stance_color(row.stance, colors))
        chief = style if plain else style + Style.parse(colors.get("chief", ""))
        name = strip_control_codes(MASK if self._private else row.name)
        role = strip_control_codes(MASK if self._private and row.role else row.role)
        name = _cut(name, name_w)
        contact = row.last_contact.strftime("%d %b") if row.last_contact else "never"
        spans = [
            (" ", style),
            (CHIEF if row.chief else " ", chief),
            (DECIDER if row.decider else " ", chief + _BOLD),
            ("  ", style),
            (name, stance),
            (" " * (name_w - cell_len(name)) + "  " + _fill(role, role_w) + "  ", style),
            (_fill(f"{row.stance.symbol} {row.stance.value}", stance_w), stance),
            (
                "  " + _right(f"{row.score:.0f}", infl_w) + "  " + _right(str(row.rank), rank_w),
                style,
            ),
            ("  ", style),
            (_fill(contact, seen_w), style if row.last_contact or plain else style + _DIM),
            (" ", style),
        ]
        segments: list[Segment] = []
        for text, span_style in spans:  # one segment per run of one style, as Rich renders
            if segments and segments[-1].style == span_style:
                segments[-1] = Segment(segments[-1].text + text, span_style)
            elif text:
                segments.append(Segment(text, span_style))
        return Strip(segments).adjust_cell_length(width, style)

    def _line(self, cells: tuple[Text, ...], style: Style, width: int) -> Strip:
        """One line: each cell padded by a space either side, cut or padded to its column."""
        line = Text(end="", no_wrap=True)
        for column, (cell, cell_width) in enumerate(zip(cells, self._widths, strict=True)):
            cell = cell.copy()
            cell.truncate(cell_width, overflow="ellipsis", pad=True)
            if column in RIGHT:
                cell.rstrip()
                cell.pad_left(cell_width - cell.cell_len)
            line.append(" ")
            line.append_text(cell)
            line.append(" ")
        line.stylize_before(style)
        return Strip(line.render(self.app.console)).adjust_cell_length(width, style)

    def _cells(self, row: PersonRow) -> tuple[Text, ...]:
        colors = self._colors
        marks = Text(CHIEF if row.chief else " ", style=colors.get("chief", ""), end="")
        marks.append(DECIDER if row.decider else " ", style="bold")
        name = MASK if self._private else row.name
        _, name_w, role_w, *_ = self._widths
        name_text = fit(name, name_w)
        name_text.stylize(stance_color(row.stance, colors))
        role = MASK if self._private and row.role else row.role
        contact = row.last_contact.strftime("%d %b") if row.last_contact else "never"
        return (
            marks,
            name_text,
            fit(role, role_w),
            stance_text(row.stance, colors),
            Text(f"{row.score:.0f}", end=""),
            Text(str(row.rank), end=""),
            Text(contact, style="" if row.last_contact else "dim", end=""),
        )
