"""More natural dates (issue 19): next week, spelled numbers, a time before the day,
a day of the month, day-first numeric dates, and the reading said back."""

from __future__ import annotations

from datetime import datetime

import pytest

from allies.store import dates
from allies.store.dates import parse_date, parse_when

THURSDAY = datetime(2026, 12, 3, 9, 0)


@pytest.fixture(autouse=True)
def _month_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "_day_first", False)  # restored after each test


@pytest.mark.parametrize(
    ("typed", "expected", "has_time"),
    [
        ("next week", datetime(2026, 12, 7), False),
        ("next week 10am", datetime(2026, 12, 7, 10), True),
        ("in two weeks", datetime(2026, 12, 17), False),
        ("in a week", datetime(2026, 12, 10), False),
        ("in three days", datetime(2026, 12, 6), False),
        ("3pm tomorrow", datetime(2026, 12, 4, 15), True),
        ("at 10:30 on fri", datetime(2026, 12, 4, 10, 30), True),
        ("noon next week", datetime(2026, 12, 7, 12), True),
        ("the 15th", datetime(2026, 12, 15), False),
        ("on the 2nd", datetime(2027, 1, 2), False),  # past this month: next month's
        ("15th 2pm", datetime(2026, 12, 15, 14), True),
        ("fri next week", datetime(2026, 12, 11), False),
        ("next fri", datetime(2026, 12, 4), False),
        ("15 dec 2026", datetime(2026, 12, 15), False),  # a bare number is not a time
    ],
)
def test_more_natural_forms(typed: str, expected: datetime, has_time: bool) -> None:
    parsed = parse_when(typed, now=THURSDAY)
    assert (parsed.value, parsed.has_time) == (expected, has_time)


def test_next_friday_on_a_thursday_says_which_rule_it_follows() -> None:
    rule = parse_when("next fri", now=THURSDAY).rule
    assert "'next fri' is the coming one (tomorrow), never today" in rule
    assert "'fri next week' is Fri 11 Dec" in rule


def test_numeric_dates_follow_the_day_first_setting() -> None:
    assert parse_when("3/12", now=THURSDAY).value == datetime(2027, 3, 12)
    assert "month first" in parse_when("3/12", now=THURSDAY).rule
    assert parse_date("1.12.2026") == datetime(2026, 1, 12).date()
    dates.set_day_first(True)
    assert parse_when("3/12", now=THURSDAY).value == datetime(2026, 12, 3)
    assert "day first" in parse_when("3/12", now=THURSDAY).rule
    assert parse_date("1.12.2026") == datetime(2026, 12, 1).date()
    assert parse_when("2026-12-03", now=THURSDAY).rule == ""  # ISO is never ambiguous
    assert parse_when("25/12", now=THURSDAY).rule == ""  # only one way to read it
