"""The network around one person, in box-drawing lines: two hops, strength, the way in.

Data in (``show`` with a ``Network`` and who is who), nothing out: it follows
the map's selection. Line weight gives a tie's strength (┄ weak, ─ firm,
━ strong) and the words its kind; people on the introduction path (an ally
who has the ear of someone with theirs) are marked » and named first, as the way in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip

from allies.store.model import Stance, TieKind
from allies.store.network import Link, Network
from allies.widgets.cached_lines import CachedLinesView
from allies.widgets.stance import CHIEF, MASK, stance_color

LINE = {1: "┄┄", 2: "──", 3: "━━"}
KIND = {TieKind.DEFERS_TO: "defers", TieKind.LISTENS_TO: "listens", TieKind.TRUSTS: "trusts"}


class Who(NamedTuple):
    """What the network shows of a person."""

    name: str
    stance: Stance
    chief: bool = False


class PersonNetwork(CachedLinesView):
    """Who has the selected person's ear, who follows them, and who can introduce you.

    Drawn line by line and scrolled in place: a new person's network changes no
    layout, so following the map's cursor repaints this pane alone.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text: list[Text] = []
        self._strips: dict[int, Strip] = {}

    def show(
        self,
        network: Network | None,
        people: Mapping[int, Who],
        *,
        colors: Mapping[str, str],
        private: bool = False,
    ) -> None:
        text = network_text(network, people, colors=colors, private=private)
        self._text = list(text.split("\n", allow_blank=True))
        self._strips.clear()
        # lines are cut to the width (no sideways scrolling); the scrollbar is always
        # there, so a longer or shorter network never changes the screen's layout
        self.set_virtual_size_in_place(Size(0, len(self._text)))
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    @property
    def plain(self) -> str:
        """What is drawn, as plain text (for tests and readers of the screen)."""
        return "\n".join(line.plain for line in self._text)

    def forget_drawn(self) -> None:
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width, top = self.view
        base = self.base_style
        index = top + y
        strip = self._strips.get(index)
        if strip is None:
            if index >= len(self._text):
                return Strip.blank(width, base)
            line = self._text[index].copy()
            line.truncate(width, overflow="ellipsis")
            segments = list(line.render(self.app.console))
            strip = Strip(segments).apply_style(base).adjust_cell_length(width, base)
            self._strips[index] = strip
        return strip


def network_text(
    network: Network | None,
    people: Mapping[int, Who],
    *,
    colors: Mapping[str, str],
    private: bool = False,
) -> Text:
    """The whole drawing (one Text, lines separated by newlines)."""
    if network is None or network.centre not in people:
        return Text("Select someone on the map to see who surrounds them.", style="dim")
    path = set(network.path[:-1])
    out = Text(no_wrap=True, overflow="ellipsis")

    def name(pid: int) -> Text:
        who = people.get(pid)
        if who is None:
            return Text("?")
        shown = MASK if private else who.name
        text = Text(f"{who.stance.symbol} {shown}", style=stance_color(who.stance, colors))
        if who.chief:
            text.append(f" {CHIEF}", style=colors.get("chief", ""))
        if pid in path:
            text.stylize("bold underline")
            text = Text("»", style="bold") + text
        return text

    centre = name(network.centre)
    centre.stylize("bold")
    out.append_text(Text("┏ ", style="dim") + centre + Text("\n"))
    out.append_text(_way_in(network, people, colors, private))
    sections = (
        ("has their ear", network.has_their_ear, "▶"),
        ("follows them", network.follows_them, "◀"),
    )
    for title, links, arrow in sections:
        out.append(f"┣━ {title}", style="bold")
        out.append("" if links else "  (no one recorded)", style="dim")
        out.append("\n")
        for i, link in enumerate(links):
            last = i == len(links) - 1
            out.append_text(_link_line("┃  " + ("┗" if last else "┣"), link, arrow, name))
            for j, far in enumerate(link.further):
                lead = (
                    "┃  "
                    + (" " if last else "┃")
                    + "  "
                    + ("└" if j == len(link.further) - 1 else "├")
                )
                out.append_text(_link_line(lead, far, arrow, name, dim=True))
    if network.hidden:
        out.append(f"┃  … {network.hidden} more ties\n", style="dim")
    out.append("┗━", style="dim")
    out.rstrip()
    return out


def _way_in(
    network: Network, people: Mapping[int, Who], colors: Mapping[str, str], private: bool
) -> Text:
    """The introduction path, first: the method's "through someone they trust"."""
    out = Text("┣━ ", style="dim")
    if len(network.path) == 1:
        out.append("an ally already", style="bold")
    elif network.path:
        out.append("way in: ", style="bold")
        for k, pid in enumerate(network.path[:-1]):
            if k:
                out.append(" → ")
            who = people.get(pid)
            shown = MASK if private or who is None else who.name
            out.append(shown, style=stance_color(who.stance, colors) if who else "")
        out.append(" → them")
    else:
        out.append("no ally has their ear (two hops)", style="dim")
    out.append("\n")
    return out


def _link_line(
    lead: str, link: Link, arrow: str, name: Callable[[int], Text], *, dim: bool = False
) -> Text:
    line = LINE.get(link.strength, "──")
    kinds = "·".join(KIND[k] for k in link.kinds)
    text = Text(f"{lead}{line}{arrow} " if arrow == "▶" else f"{lead}{arrow}{line} ")
    text.append_text(name(link.other))
    text.append(f"  {kinds}", style="dim" if not dim else "dim italic")
    text.append("\n")
    if dim:
        text.stylize("dim", 0, len(lead))
    return text
