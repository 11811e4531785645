"""Stance rendering shared by every widget: symbol + word + theme colour.

Colour is never the only cue: each stance has its own symbol, so the scale
reads for colour-blind users and in monochrome terminals.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from allies.store.model import Stance

MASK = "•••••"
CHIEF = "♛"
"""The chief-influencer mark (a crown: the champion stance is ★)."""
DECIDER = "◆"
"""The decider mark."""


def stance_color(stance: Stance, colors: Mapping[str, str]) -> str:
    """The theme colour for a stance (``$stance-<name>``)."""
    return colors.get(f"stance-{stance.value}", "")


def stance_text(stance: Stance, colors: Mapping[str, str], *, short: bool = False) -> Text:
    """``▲ supportive`` in the stance's colour (``▲`` alone when short)."""
    label = stance.symbol if short else f"{stance.symbol} {stance.value}"
    return Text(label, style=stance_color(stance, colors))


def person_text(
    name: str, stance: Stance, colors: Mapping[str, str], *, private: bool = False
) -> Text:
    """A person's name coloured by stance, with its symbol; literal (no markup)."""
    text = Text(f"{stance.symbol} ", style=stance_color(stance, colors))
    text.append(MASK if private else name, style=stance_color(stance, colors))
    return text


def mask(value: str, private: bool) -> str:
    """The value, or a fixed-width mask when the privacy screen is on."""
    return MASK if private and value else value
