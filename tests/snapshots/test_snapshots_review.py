"""Snapshots of the Review view on the demo plan: 120×40 in both themes; filtered at 80×24."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("theme", ["allies-dark", "allies-light"])
def test_review_snapshot(theme: str, shoot) -> None:
    assert shoot((120, 40), ["4"], theme=theme)


def test_review_filtered_snapshot_80x24(shoot) -> None:
    """The filter open above the list: headings keep their place and count the matches."""
    assert shoot((80, 24), ["4", "slash", *"dana"], theme="allies-dark")
