"""Snapshots of the People view on the demo plan: the table beside the detail's panes."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("theme", ["allies-dark", "allies-light"])
def test_people_snapshot(theme: str, shoot) -> None:
    """Dana selected, her ties pane focused: ties in words, agenda, trades, approach advice."""
    assert shoot((120, 40), ["tab"], theme=theme)


def test_people_snapshot_narrow(shoot) -> None:
    """At 80×24 the detail stacks below the table and grows while a pane has the focus."""
    assert shoot((80, 24), ["tab", "tab", "tab"])


def test_people_snapshot_private(shoot) -> None:
    """The privacy screen masks names, notes, interests and trades in every pane."""
    assert shoot((120, 40), ["j", "j", "j", "j", "asterisk"])
