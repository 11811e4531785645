"""The output boundary of the command line: what is printed is cleaned first.

Rich writes its own escape sequences (colour) around the text it is given, so
the text is cleaned after Rich has laid it out and before it is encoded: each
segment's text goes through :func:`allies.store.text.clean_output`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.segment import Segment

from allies.store.text import clean_output

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType


class CleanConsole(Console):
    """A Rich console that never prints a terminal escape or control character it was given."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or clean_output(segment.text) is segment.text:
                yield segment
            else:
                yield Segment(clean_output(segment.text), segment.style)
