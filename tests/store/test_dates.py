"""Typed dates: natural input resolved against a fixed 'now', bad input refused clearly."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from allies.store.dates import parse_date, parse_datetime, parse_when, week_bounds
from allies.store.errors import ValidationError

NOW = datetime(2026, 12, 1, 9, 0)  # a Tuesday morning
assert NOW.strftime("%a") == "Tue"


def at(day: int, hour: int = 0, minute: int = 0, *, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute)


@pytest.mark.parametrize(
    ("typed", "value", "has_time"),
    [
        # ISO
        ("2026-12-03", at(3), False),
        ("2026-12-03 14:30", at(3, 14, 30), True),
        ("2026-12-03T14:30", at(3, 14, 30), True),
        ("2027-02-28", at(28, month=2, year=2027), False),
        # words
        ("today", at(1), False),
        ("tomorrow", at(2), False),
        ("Tomorrow 10am", at(2, 10), True),
        ("tomorrow at 16:15", at(2, 16, 15), True),
        ("yesterday", at(30, month=11), False),
        ("now", at(1, 9), True),
        ("noon", at(1, 12), True),
        # relative
        ("+3d", at(4), False),
        ("+3d 9am", at(4, 9), True),
        ("-1w", at(24, month=11), False),
        ("+2m", at(1, month=2, year=2027), False),
        ("in 2 weeks", at(15), False),
        ("in 3 days", at(4), False),
        ("3 days ago", at(28, month=11), False),
        ("+2h", at(1, 11), True),
        # weekdays: a bare weekday may be today; "next" never is
        ("tue", at(1), False),
        ("tue 10am", at(1, 10), True),
        ("wednesday", at(2), False),
        ("mon", at(7), False),
        ("next friday", at(4), False),
        ("next tuesday", at(8), False),
        ("next friday 14:30", at(4, 14, 30), True),
        ("fri at 3pm", at(4, 15), True),
        ("last monday", at(30, month=11), False),
        ("  TUE   10AM ", at(1, 10), True),
        # month and day
        ("dec 3", at(3), False),
        ("dec 3 14:30", at(3, 14, 30), True),
        ("3 dec", at(3), False),
        ("3 December 2027", at(3, year=2027), False),
        ("12/25", at(25), False),
        ("jan 5", at(5, month=1, year=2027), False),  # early next year, not eleven months ago
        ("nov 20", at(20, month=11), False),  # a recent past date stays in the past
        # a time alone is today
        ("14:30", at(1, 14, 30), True),
        ("3pm", at(1, 15), True),
    ],
)
def test_natural_input_resolves_against_now(typed: str, value: datetime, has_time: bool) -> None:
    parsed = parse_when(typed, now=NOW)
    assert parsed.value == value
    assert parsed.has_time is has_time


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "xyz",
        "32/13",
        "13/13",
        "tue 25pm",
        "tue 10xm",
        "tomorrow 25:00",
        "25:00",
        "2026-13-01",
        "2026-02-30",
        "feb 30",
        "dec 32",  # a typo for a day, not December 2032
        "99",
        "+3 parsecs",
        "next blursday",
        "+2h 10am",
    ],
)
def test_unreadable_input_is_refused_with_a_hint(typed: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_when(typed, now=NOW)
    assert info.value.field == "date"
    assert "2026-12-03" in info.value.message  # shows an example of what works


def test_a_refusal_quotes_what_was_typed() -> None:
    with pytest.raises(ValidationError, match="Cannot read 'tue 25pm' as a date"):
        parse_when("tue 25pm", now=NOW)


def test_next_weekday_on_that_weekday_is_a_week_later() -> None:
    friday = datetime(2026, 12, 4, 9, 0)
    assert parse_when("next friday", now=friday).value == at(11)
    assert parse_when("friday", now=friday).value == at(4)
    assert parse_when("last friday", now=friday).value == at(27, month=11)


def test_resolved_dates_are_shown_back_in_words() -> None:
    assert parse_when("tue 10am", now=NOW).describe() == "Tue 1 Dec 2026, 10:00"
    assert parse_when("+3d", now=NOW).describe() == "Fri 4 Dec 2026"


def test_parse_date_ignores_the_time() -> None:
    assert parse_date("tomorrow 10am", today=NOW.date()) == date(2026, 12, 2)
    assert parse_date("2026-12-24", today=NOW.date()) == date(2026, 12, 24)


def test_parse_datetime_is_aware_and_gives_a_bare_date_a_default_hour() -> None:
    value = parse_datetime("dec 3", now=NOW)
    assert value.tzinfo is not None
    assert value.replace(tzinfo=None) == at(3, 9)
    assert parse_datetime("dec 3", now=NOW, default_hour=14).replace(tzinfo=None) == at(3, 14)
    assert parse_datetime("dec 3 16:45", now=NOW).replace(tzinfo=None) == at(3, 16, 45)


def test_an_iso_time_with_an_offset_is_converted_to_local_time_keeping_the_instant() -> None:
    parsed = parse_when("2026-12-03T14:30+00:00", now=NOW)
    expected = datetime.fromisoformat("2026-12-03T14:30+00:00").astimezone()
    assert parsed.value.tzinfo is not None  # the offset given is kept: never re-guessed
    assert parsed.value == expected
    assert parsed.value.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert parsed.has_time


@pytest.mark.parametrize("offset", range(7))
def test_a_week_runs_monday_to_sunday(offset: int) -> None:
    day = date(2026, 11, 30) + timedelta(days=offset)  # Monday 30 Nov .. Sunday 6 Dec
    assert week_bounds(day) == (date(2026, 11, 30), date(2026, 12, 6))
