"""A scroll view drawn line by line from a cache of finished lines (Line API).

Shared by the people table and the board's columns: only what is in view is
drawn, a drawn line is kept until its content changes, and the widget's own
style, width and scroll offset are looked up once per paint, not once per line.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from allies.widgets.textual_tuning import SteadyScrollView


class CachedLinesView(SteadyScrollView):
    """Subclasses draw in ``render_line`` (using ``view`` and ``base_style``) and keep
    their drawn lines until ``forget_drawn``, which is also called when the colours change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._base: Style | None = None
        self._drawn_with: Style | None = None
        self._paint: tuple[int, int] | None = None  # (width, scroll offset) during a paint

    def forget_drawn(self) -> None:
        """Drop every drawn line (override: clear the subclass's caches)."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None

    @property
    def base_style(self) -> Style:
        """The widget's own style, looked up once per style change (not once per line)."""
        if self._base is None:
            base = self.rich_style
            if base != self._drawn_with:  # drawn lines carry the old colours
                self.forget_drawn()
                self._drawn_with = base
            self._base = base
        return self._base

    @property
    def view(self) -> tuple[int, int]:
        """(width, first line in view): fixed for the length of a paint."""
        return self._paint or (self.scrollable_content_region.width, round(self.scroll_offset.y))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint = (self.scrollable_content_region.width, round(self.scroll_offset.y))
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None
