"""Natural dates: one parser for every date a user types.

Accepts ISO (``2026-12-03``, ``2026-12-03 14:30``), relative (``today``,
``tomorrow``, ``yesterday``, ``+3d``, ``-1w``, ``+2m``, ``in 3 days``,
``in two weeks``, ``next week``), weekdays (``tue``, ``tue 10am``, ``next friday``,
``fri next week``, ``last monday``), a time before the day (``3pm tomorrow``),
a day of the month (``the 15th``) and month-day forms (``dec 3``, ``dec 3 14:30``,
``3 dec``), using python-dateutil for the parsing and the stepping.

Numeric dates (``3/12``, ``1.12.2026``) are read month first unless the user's
setting says day first (:func:`set_day_first`, applied once at start).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
from dateutil.relativedelta import weekday as du_weekday

from allies.store.errors import ValidationError
from allies.store.limits import in_range, range_error

_WEEKDAYS: dict[str, du_weekday] = {
    "mon": MO,
    "monday": MO,
    "tue": TU,
    "tues": TU,
    "tuesday": TU,
    "wed": WE,
    "wednesday": WE,
    "thu": TH,
    "thur": TH,
    "thurs": TH,
    "thursday": TH,
    "fri": FR,
    "friday": FR,
    "sat": SA,
    "saturday": SA,
    "sun": SU,
    "sunday": SU,
}
_UNITS = {"d": "days", "day": "days", "days": "days", "w": "weeks", "wk": "weeks"}
_UNITS.update({"week": "weeks", "weeks": "weeks", "m": "months", "month": "months"})
_UNITS.update({"months": "months", "y": "years", "year": "years", "years": "years"})
_UNITS.update({"h": "hours", "hour": "hours", "hours": "hours"})

_RELATIVE = re.compile(r"^(?:in\s+)?([+-]?)\s*(\d{1,4})\s*([a-z]+)(?:\s+(ago))?(?:\s+(.*))?$")
_WEEKDAY = re.compile(r"^(?:(next|this|last|on)\s+)?([a-z]+)(?:\s+(?:at\s+)?(.+))?$")
_TIME_ONLY = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")


_day_first = False


def set_day_first(value: bool) -> None:
    """Read numeric dates day first (``3/12`` is 3 December) from now on."""
    global _day_first
    _day_first = bool(value)


def day_first() -> bool:
    """Whether numeric dates are read day first."""
    return _day_first


@dataclass(frozen=True)
class Parsed:
    """A resolved date or date-time, with whether the user gave a time."""

    value: datetime
    has_time: bool
    rule: str = ""
    """The reading chosen where input could mean two dates (``next fri``, ``3/12``)."""

    @property
    def day(self) -> date:
        return self.value.date()

    def describe(self) -> str:
        """How it is shown back before saving: 'Tue 1 Dec 2026, 10:00'."""
        text = f"{self.value:%a} {self.value.day} {self.value:%b %Y}"
        return f"{text}, {self.value:%H:%M}" if self.has_time else text


def _parse_time(text: str) -> time | None:
    text = text.strip().lower().replace(".", "")
    if text in ("noon", "midday"):
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    m = _TIME_ONLY.match(text)
    if not m:
        return None
    hour, minute, ampm = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _with_time(day: date, rest: str | None) -> Parsed | None:
    if not rest:
        return Parsed(datetime.combine(day, time(0, 0)), False)
    t = _parse_time(rest)
    return None if t is None else Parsed(datetime.combine(day, t), True)


def parse_when(text: str, *, now: datetime | None = None, day_first: bool | None = None) -> Parsed:
    """Parse a typed date (and optional time) relative to ``now``.

    Raises :class:`ValidationError` (field ``"date"``) with a hint when it
    cannot be understood. Weekday names without ``last`` mean the next such
    day (today counts for a bare weekday). ``day_first``: read ``3/12`` as
    3 December (None: the setting, see :func:`set_day_first`).
    """
    now = now or datetime.now()
    today = now.date()
    raw = _spelled_numbers(" ".join(text.strip().lower().split()))
    if not raw:
        raise ValidationError("date", "Enter a date, e.g. 2026-12-03, tue 10am or +3d")
    dayfirst = _day_first if day_first is None else day_first
    try:
        result = (
            _parse_words(raw, now)
            or _parse_more(raw, now, dayfirst)
            or _parse_iso_and_more(raw, today, dayfirst)
        )
    except (ValueError, OverflowError):  # "+9999y": beyond what a date can hold
        raise range_error("date", text.strip()) from None
    if result is None:
        raise ValidationError(
            "date",
            f"Cannot read {text.strip()!r} as a date — try 2026-12-03, tue 10am, "
            "next friday, +3d or dec 3 14:30",
        )
    if not in_range(result.value):
        raise range_error("date", result.value.date())
    if result.has_time and result.value.tzinfo is None:
        problem = local_time_problem(result.value)
        if problem:
            raise ValidationError("date", problem)
    return result


def _offset(value: datetime) -> str:
    offset = value.strftime("%z")
    return f"{offset[:3]}:{offset[3:5]}" if offset else ""


def local_time_problem(value: datetime) -> str | None:
    """Why a local wall-clock time cannot be placed in time by itself (None: it can).

    On the night clocks go forward a time in the skipped hour does not exist; on
    the night they go back one in the repeated hour happens twice. Either is asked
    about (with the offsets to choose from), never guessed.
    """
    first = value.replace(fold=0).astimezone()
    second = value.replace(fold=1).astimezone()
    shown = f"{value:%H:%M} on {value:%a} {value.day} {value:%b %Y}"
    if first.replace(tzinfo=None) != value or second.replace(tzinfo=None) != value:
        return (
            f"{shown} does not exist in this time zone (the clocks go forward then); "
            "choose another time"
        )
    if first.utcoffset() != second.utcoffset():
        iso = f"{value:%Y-%m-%d %H:%M}"
        return (
            f"{shown} happens twice in this time zone (the clocks go back then); "
            f"say which: {iso}{_offset(first)} (the first) or {iso}{_offset(second)} (the second)"
        )
    return None


def format_local(value: datetime) -> str:
    """An aware date-time as the user edits it: local ``YYYY-MM-DD HH:MM``, with the UTC
    offset only when that local time happens twice (so reading it back is exact)."""
    local = value.astimezone()
    text = f"{local:%Y-%m-%d %H:%M}"
    naive = local.replace(tzinfo=None)
    if local_time_problem(naive) is not None:
        text += _offset(local)
    return text


def _parse_words(raw: str, now: datetime) -> Parsed | None:
    today = now.date()
    words = {"today": 0, "now": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}
    head, _, rest = raw.partition(" ")
    if head in words:
        if head == "now" and not rest:
            current = now.replace(second=0, microsecond=0)
            return Parsed(current, True)
        return _with_time(today + timedelta(days=words[head]), rest.removeprefix("at ") or None)
    m = _RELATIVE.match(raw)
    if m and m.group(3) in _UNITS:
        sign = -1 if m.group(1) == "-" or m.group(4) else 1
        unit = _UNITS[m.group(3)]
        amount = sign * int(m.group(2))
        if unit == "hours":
            if m.group(5):
                return None
            base = now.replace(second=0, microsecond=0)
            return Parsed(base + timedelta(hours=amount), True)
        day = today + relativedelta(**{unit: amount})  # type: ignore[arg-type]
        return _with_time(day, m.group(5))
    m = _WEEKDAY.match(raw)
    if m and m.group(2) in _WEEKDAYS:
        which, wd = m.group(1), _WEEKDAYS[m.group(2)]
        rest = m.group(3)
        if rest is not None and rest.startswith("next week"):  # "fri next week"
            monday = today + relativedelta(days=+1, weekday=MO(+1))
            day = monday + relativedelta(weekday=wd(+1))
            found = _with_time(day, rest.removeprefix("next week").strip() or None)
            return _ruled(found, "that day in next week (Monday to Sunday)")
        if which == "last":
            day = today + relativedelta(days=-1, weekday=wd(-1))
        elif which == "next":
            # "next friday": the coming friday, never today
            day = today + relativedelta(days=+1, weekday=wd(+1))
            week_on = day + relativedelta(
                weekday=wd(+1), days=7 if day < _next_monday(today) else 0
            )
            name = m.group(2)
            soon = " (tomorrow)" if day == today + timedelta(days=1) else ""
            if week_on == day:  # both readings agree: nothing to say
                return _with_time(day, rest)
            return _ruled(
                _with_time(day, rest),
                f"'next {name}' is the coming one{soon}, never today; "
                f"'{name} next week' is {week_on:%a} {week_on.day} {week_on:%b}",
            )
        else:
            day = today + relativedelta(weekday=wd(+1))
        return _with_time(day, rest)
    return None


def _next_monday(today: date) -> date:
    return today + relativedelta(days=+1, weekday=MO(+1))


def _ruled(parsed: Parsed | None, rule: str) -> Parsed | None:
    return None if parsed is None else Parsed(parsed.value, parsed.has_time, rule)


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_SPELLED = re.compile(r"^(in\s+)(" + "|".join(_NUMBER_WORDS) + r")\s+(?=[a-z])")
_TIME_FIRST = re.compile(
    r"^(?:at\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2}|noon|midday|midnight)"
    r"\s+(?:on\s+)?(.+)$"
)
_DAY_OF_MONTH = re.compile(
    r"^(?:on\s+)?(?:the\s+)?((\d{1,2})(?:st|nd|rd|th))(?:\s+(?:at\s+)?(.+))?$"
)
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4})?)?\b")


def _spelled_numbers(raw: str) -> str:
    """``in two weeks`` → ``in 2 weeks`` (and ``in a month`` → ``in 1 month``)."""
    return _SPELLED.sub(lambda m: f"{m.group(1)}{_NUMBER_WORDS[m.group(2)]} ", raw)


def _parse_more(raw: str, now: datetime, dayfirst: bool) -> Parsed | None:
    """``next week``, ``3pm tomorrow``, ``the 15th``."""
    today = now.date()
    if raw == "next week" or raw.startswith("next week "):
        rest = raw.removeprefix("next week").strip().removeprefix("at ").strip() or None
        return _ruled(_with_time(_next_monday(today), rest), "Monday of next week")
    m = _TIME_FIRST.match(raw)
    if m:
        t = _parse_time(m.group(1))
        if t is not None:
            try:
                on = parse_when(m.group(2), now=now, day_first=dayfirst)
            except ValidationError:
                return None
            if not on.has_time:
                return Parsed(datetime.combine(on.day, t), True, on.rule)
        return None
    m = _DAY_OF_MONTH.match(raw)
    if m:
        wanted = int(m.group(2))
        first = today.replace(day=1)
        for months in range(13):  # the next such day, today counting (skips a short month)
            month = first + relativedelta(months=months)
            try:
                day = month.replace(day=wanted)
            except ValueError:
                continue
            if day >= today:
                return _ruled(_with_time(day, m.group(3)), f"the next {m.group(1)} of a month")
        return None
    return None


def _parse_iso_and_more(raw: str, today: date, dayfirst: bool = False) -> Parsed | None:
    try:
        value = datetime.fromisoformat(raw.upper().replace(" ", "T", 1)) if "-" in raw else None
    except ValueError:
        value = None
    if value is not None:
        has_time = "t" in raw or ":" in raw
        if value.tzinfo is not None:
            value = value.astimezone()  # local time, the instant (and its offset) kept
        return Parsed(value, has_time)
    only_time = _parse_time(raw)
    if only_time is not None:
        return Parsed(datetime.combine(today, only_time), True)
    if not re.search(r"\d", raw):
        return None
    default = datetime.combine(today, time(0, 0))
    try:
        from dateutil import parser as du_parser  # ~14 ms to import: only when typed dates come

        value = du_parser.parse(raw, default=default, dayfirst=dayfirst, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    numbers = re.findall(r"\d+", raw)
    if value.year != today.year and len(numbers) < 3 and not re.search(r"\b\d{4}\b", raw):
        return None  # a lone number taken as a year: "dec 32" is a typo, not December 2032
    has_time = bool(re.search(r"\d:\d|\d\s*(am|pm)\b", raw))
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if not re.search(r"\b\d{4}\b", raw) and value.date() < today - timedelta(days=180):
        value = value + relativedelta(years=1)  # "jan 5" in December means next January
    return Parsed(value, has_time, _numeric_rule(raw, dayfirst))


def _numeric_rule(raw: str, dayfirst: bool) -> str:
    """Which way round ``3/12`` was read, when it could be read both ways."""
    m = _NUMERIC.match(raw)
    if not m or int(m.group(1)) > 12 or int(m.group(2)) > 12 or m.group(1) == m.group(2):
        return ""
    if dayfirst:
        return f"day first: {m.group(1)}/{m.group(2)} is day {m.group(1)} of month {m.group(2)}"
    return (
        f"month first: {m.group(1)}/{m.group(2)} is day {m.group(2)} of month {m.group(1)} "
        "(for day first: 'Dates' in the palette)"
    )


def parse_date(text: str, *, today: date | None = None, day_first: bool | None = None) -> date:
    """Parse a typed date (any time of day is ignored)."""
    now = datetime.combine(today, time(12, 0)) if today else None
    return parse_when(text, now=now, day_first=day_first).day


def parse_datetime(text: str, *, now: datetime | None = None, default_hour: int = 9) -> datetime:
    """Parse a typed date-time; a date alone gets ``default_hour``:00. Local time, aware."""
    parsed = parse_when(text, now=now)
    value = parsed.value
    if not parsed.has_time:
        value = value.replace(hour=default_hour, minute=0)
        if value.tzinfo is None and (problem := local_time_problem(value)):
            raise ValidationError("date", problem)
    return value.astimezone()


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding ``day``."""
    start = day + relativedelta(weekday=MO(-1))
    return start, start + timedelta(days=6)
