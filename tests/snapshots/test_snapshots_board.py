"""Snapshots of the Board view on the demo plan: 120×40 in both themes, and 80×24."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("theme", ["allies-dark", "allies-light"])
def test_board_snapshot(theme: str, shoot) -> None:
    """The four columns with counts, the Pursuing card selected and its chain below."""
    assert shoot((120, 40), ["2", "l"], theme=theme)


def test_board_snapshot_narrow(shoot) -> None:
    """At 80 columns the focused column widens; the others stay readable, cut with an ellipsis."""
    assert shoot((80, 24), ["2", "l"])
