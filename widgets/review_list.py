"""The weekly review as one list: section headers, and a line for each thing to act on.

Data in: :meth:`ReviewList.show` with immutable :class:`ReviewSection` values
(the screen builds the lines; this widget only lays them out). Out:
:class:`ReviewList.Jump` when a line is chosen (enter or a click), naming the
person, card or meeting it is about. One OptionList, so a review of a large
plan stays one virtualised widget: headers are disabled options the cursor
skips, and an empty section shows its one-line "nothing here" message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

Target = Literal["person", "card", "meeting"]


@dataclass(frozen=True)
class ReviewItem:
    """One actionable line (or a few lines): what it shows and what enter opens."""

    kind: Target
    target: int
    text: Text


@dataclass(frozen=True)
class ReviewSection:
    """A heading, its lines, and what to say when it has none."""

    key: str
    title: str
    items: tuple[ReviewItem, ...]
    empty: str
    total: int | None = None
    """How many there are when ``items`` holds only the first of them (None: all shown)."""
    more: str = ""
    """Where to see the rest, e.g. "the board (2) shows them all"."""
    filtered: bool = False
    """The lines are those matching a filter: the heading counts matches, even none."""


class ReviewList(OptionList):
    """The review's sections in one scrolling list, with vim-style movement."""

    HELP_TITLE = "The review list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "Top", show=False),
        Binding("G", "last", "Bottom", show=False),
        Binding("h", "section(-1)", "Previous section", show=False, id="review.section_up"),
        Binding("l", "section(1)", "Next section", show=False, id="review.section_down"),
    ]

    class Jump(Message):
        """A line was chosen: show ``target`` (a person, card or meeting id) in its view."""

        def __init__(self, review_list: ReviewList, kind: Target, target: int) -> None:
            super().__init__()
            self.review_list = review_list
            self.kind: Target = kind
            self.target = target

        @property
        def control(self) -> ReviewList:
            return self.review_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._items: dict[str, ReviewItem] = {}

    def show(self, sections: Sequence[ReviewSection], *, heading_style: str = "bold") -> None:
        """Replace the content, keeping the cursor on the same line when it is still there."""
        current = self.highlighted_option
        keep_id = current.id if current is not None else None
        keep_index = self.highlighted
        options: list[Option] = []
        items: dict[str, ReviewItem] = {}
        for number, section in enumerate(sections):
            total = len(section.items) if section.total is None else section.total
            heading = Text("\n" if number else "")
            heading.append(section.title, style=heading_style)
            if section.filtered:
                heading.append(f"  {total} matching" if total else "  no match", style="italic")
            elif total:
                heading.append(f"  {total}")
            else:
                heading.append("\n  ")
                heading.append(section.empty, style="italic")
            options.append(Option(heading, id=f"{section.key}:", disabled=True))
            seen: dict[tuple[str, int], int] = {}
            for item in section.items:
                n = seen[(item.kind, item.target)] = seen.get((item.kind, item.target), -1) + 1
                option_id = f"{section.key}:{item.kind}:{item.target}:{n}"
                items[option_id] = item
                options.append(Option(item.text, id=option_id))
            hidden = total - len(section.items)
            if hidden > 0:
                rest = Text(f"  … and {hidden} more", style="italic")
                if section.more:
                    rest.append(f" — {section.more}")
                options.append(Option(rest, id=f"{section.key}:more", disabled=True))
        self._items = items
        self.set_options(options)
        self._restore(keep_id, keep_index)

    def _restore(self, keep_id: str | None, keep_index: int | None) -> None:
        if keep_id is not None and keep_id in self._items:
            self.highlighted = self.get_option_index(keep_id)
            return
        enabled = [i for i, option in enumerate(self.options) if not option.disabled]
        if not enabled:
            self.highlighted = None
            return
        wanted = keep_index or 0
        self.highlighted = next((i for i in enabled if i >= wanted), enabled[-1])

    def _section_of(self, index: int) -> str:
        """The key of the section the option at ``index`` belongs to."""
        return (self.get_option_at_index(index).id or "").split(":", 1)[0]

    def action_section(self, delta: int) -> None:
        """Go to the first line of the previous (-1) or next (1) section that has lines.

        Sections with nothing to act on are passed over; at either end the cursor stays.
        """
        current = self.highlighted
        if current is None:
            return
        here = self._section_of(current)
        firsts: list[tuple[str, int]] = []  # (section, index of its first line), in order
        for index, option in enumerate(self.options):
            if option.disabled or (option.id or "") not in self._items:
                continue
            key = self._section_of(index)
            if not firsts or firsts[-1][0] != key:
                firsts.append((key, index))
        position = next(n for n, (key, _) in enumerate(firsts) if key == here)
        target = position + delta
        if 0 <= target < len(firsts):
            self.highlighted = firsts[target][1]

    @property
    def item(self) -> ReviewItem | None:
        """The line under the cursor (None when the review has nothing to act on)."""
        option = self.highlighted_option
        return self._items.get(option.id or "") if option is not None else None

    def select_item(self, kind: Target, target: int) -> bool:
        """Put the cursor on the first line about this person, card or meeting."""
        for index, option in enumerate(self.options):
            item = self._items.get(option.id or "")
            if item is not None and (item.kind, item.target) == (kind, target):
                self.highlighted = index
                return True
        return False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self._items.get(event.option.id or "")
        if item is not None:
            self.post_message(self.Jump(self, item.kind, item.target))
