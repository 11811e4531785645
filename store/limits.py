"""The supported range of every date in a plan: one rule for the model, the file
checks, the date parser and ``--today``.

Dates far from now (year 1 or 9999) overflow when moved between time zones or
stepped by a week, and are never meant: they are refused where they come in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from allies.store.errors import ValidationError

MIN_YEAR = 1900
MAX_YEAR = 2200


def in_range(value: date) -> bool:
    """Whether a date (or date-time) is within the supported years."""
    return MIN_YEAR <= value.year <= MAX_YEAR


def range_error(field: str, value: date | str) -> ValidationError:
    shown = value.isoformat() if isinstance(value, date) else value
    return ValidationError(
        field, f"{shown} is outside the supported dates (years {MIN_YEAR} to {MAX_YEAR})"
    )


def check_dates(record: Any) -> None:
    """Raise ValidationError for the first date of ``record`` outside the supported range."""
    for name in record.FIELDS:
        value = getattr(record, name)
        if isinstance(value, date) and not in_range(value):
            raise range_error(name, value)
