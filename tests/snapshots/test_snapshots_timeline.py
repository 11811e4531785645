"""Snapshots of the Timeline on the demo plan (both themes, 80×24), the sequence and the debrief."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("theme", ["allies-dark", "allies-light"])
def test_timeline_snapshot(theme: str, shoot) -> None:
    """Weeks, today, a debrief due, the group meeting's problems; the next meeting selected."""
    assert shoot((120, 40), ["3"], theme=theme)


def test_timeline_snapshot_narrow(shoot) -> None:
    """At 80×24 the detail goes; the list and what to do next stay."""
    assert shoot((80, 24), ["3"])


def test_sequence_snapshot(shoot) -> None:
    """The suggested one-on-one with Margaret before the budget pre-read, ticked."""
    assert shoot((120, 40), ["3", "s"])


def test_debrief_snapshot(shoot) -> None:
    """The debrief of Dana's one-on-one (debrief due), with her stance moved up."""
    # "_" lets each key settle; h keeps the focus on the status, tab moves on
    keys = ["3", "k", "r", "_", "h", "_", "tab", "_", "tab", "_", "4", "_"]
    assert shoot((120, 40), keys)
