"""The influencer table: everyone around the decision, one row each.

Data in: :meth:`InfluencerTable.show` with immutable :class:`PersonRow` values.
Out: DataTable's own ``RowHighlighted``/``RowSelected`` (row keys are person
ids as strings). On a plan with a thousand people only changed rows are
repainted; the table is rebuilt only when rows come or go or the order changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from store.model import Stance
from widgets.stance import MASK, stance_color, stance_text

# Fixed columns (marks, stance, influence, rank, contact) and the two that share the rest.
FIXED_WIDTH = 2 + 12 + 4 + 3 + 6
PADDING = 2 * 7


@dataclass(frozen=True)
class PersonRow:
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


def fit(value: str, width: int) -> Text:
    """Literal text cut to ``width`` cells with an ellipsis."""
    text = Text(value, no_wrap=True, overflow="ellipsis")
    text.truncate(width, overflow="ellipsis")
    return text


class InfluencerTable(DataTable[Text]):
    """A DataTable of people with vim-style movement."""

    HELP_TITLE = "The people table"

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
        Binding("l,right", "app.focus_next", "Next pane", show=False),
        Binding("h,left", "app.focus_previous", "Previous pane", show=False),
    ]

    COLUMN_KEYS = ("marks", "name", "role", "stance", "score", "rank", "contact")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._rows: dict[int, PersonRow] = {}
        self._order: tuple[int, ...] = ()
        self._private = False
        self._colors: Mapping[str, str] = {}
        self._widths = (20, 14)
        self._pending: list[PersonRow] | None = None
        self._pending_select: int | None = None

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        name_w, role_w = self._widths
        header = (("★◆", 2), ("Name", name_w), ("Role", role_w), ("Stance", 12))
        header += (("Infl", 4), ("#", 3), ("Seen", 6))
        for key, (label, width) in zip(self.COLUMN_KEYS, header, strict=True):
            self.add_column(label, key=key, width=width)

    def on_resize(self) -> None:
        """Share the width left by the fixed columns between name and role."""
        free = max(16, self.size.width - FIXED_WIDTH - PADDING - 2)
        name_w = max(10, min(40, free * 3 // 5))
        widths = (name_w, max(6, min(30, free - name_w)))
        if widths != self._widths or self._pending is not None:
            self._widths = widths
            self.clear(columns=True)
            self._add_columns()
            rows = self._pending or [self._rows[i] for i in self._order]
            select, self._pending = self._pending_select, None
            self._order = ()
            self.show(rows, private=self._private, colors=self._colors, select=select)

    @property
    def person_id(self) -> int | None:
        """The highlighted person's id."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return int(key.value) if key.value is not None else None

    def show(
        self,
        rows: Sequence[PersonRow],
        *,
        private: bool,
        colors: Mapping[str, str],
        select: int | None = None,
    ) -> None:
        """Show these rows (in this order); keep the cursor on ``select`` or the same person."""
        if not self.size.width:
            # Not laid out yet: fill once, when the first resize gives the widths.
            self._pending, self._pending_select = list(rows), select
            self._private, self._colors = private, dict(colors)
            return
        keep = select if select is not None else self.person_id
        order = tuple(r.id for r in rows)
        restyle = private != self._private or colors != self._colors
        self._private, self._colors = private, dict(colors)
        if order != self._order or restyle:
            self.clear()
            for row in rows:
                self.add_row(*self._cells(row), key=str(row.id))
        else:
            for row in rows:
                if self._rows.get(row.id) != row:
                    self._replace_row(str(row.id), self._cells(row))
        self._rows = {r.id: r for r in rows}
        self._order = order
        if keep is not None and keep in self._rows:
            self.move_cursor(row=order.index(keep))

    def _replace_row(self, key: str, cells: tuple[Text, ...]) -> None:
        """Put new cells in one row and repaint only that row.

        ``DataTable.update_cell`` bumps a counter that is part of every render-cache
        key, so changing one cell re-renders every visible cell through Rich (about
        100 ms for a full screen on the large plan, for a stance change). Rows here are
        one line high and columns have fixed widths, so only this row's cached
        renders can be stale: those are dropped and the row's region is refreshed.
        """
        row_key, index = RowKey(key), self.get_row_index(key)
        data = self._data[row_key]
        for column, cell in zip(self.COLUMN_KEYS, cells, strict=True):
            data[ColumnKey(column)] = cell
        region = self._get_row_region(index)
        lines = range(region.y, region.bottom)
        self._row_renderable_cache.discard((self._update_count, index))
        for cache, stale in (
            (self._cell_render_cache, lambda k: k[0] == row_key),
            (self._row_render_cache, lambda k: k[0] == row_key),
            (self._line_cache, lambda k: k[0] in lines),
        ):
            for cache_key in list(filter(stale, cache.keys())):
                cache.discard(cache_key)
        self.refresh_row(index)

    def _cells(self, row: PersonRow) -> tuple[Text, ...]:
        colors = self._colors
        marks = Text("★" if row.chief else " ", style=colors.get("chief", ""))
        marks.append("◆" if row.decider else " ", style="bold")
        name = MASK if self._private else row.name
        name_w, role_w = self._widths
        name_text = fit(name, name_w)
        name_text.stylize(stance_color(row.stance, colors))
        role = MASK if self._private and row.role else row.role
        contact = row.last_contact.strftime("%d %b") if row.last_contact else "never"
        return (
            marks,
            name_text,
            fit(role, role_w),
            stance_text(row.stance, colors),
            Text(f"{row.score:.0f}", justify="right"),
            Text(str(row.rank), justify="right"),
            Text(contact, style="" if row.last_contact else "dim"),
        )
