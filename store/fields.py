"""What a record field declares, once: how it is read from the file, the default a
file may leave out, how it is checked and cleaned, and what it refers to.

A record class (store/model.py) declares each field with one of the helpers
below, for example ``name: str = text(NAME_MAX, required=True)``. The helper
returns a ``dataclasses.field`` whose metadata holds a :class:`Field`: the one
place the field's facts live. Reading a stored document (``from_doc``),
writing it (``to_doc``), checking and cleaning a record (``validate``), the
references between tables (``REFS``) and the quick way a well-formed plan is
opened (:meth:`Field.quick`) all come from it.

Each kind of field answers three questions:

* ``read``: the stored value as a Python value, or a ``ValidationError`` naming
  the field ("field 'strength' should be a whole number, not '3'");
* ``clean``: the value checked and cleaned, as a form, an import or a file must
  leave it (text stripped of controls, a range kept, a list without repeats);
* ``quick``: for a whole column of stored values (one field of every record of
  a table), the values ``clean(read(value))`` would give, provided that for
  every one of them reading succeeds and cleaning changes nothing; ``None``
  otherwise. It works on the column at once, with the C-level ``map``/``set``
  operations, so opening a large plan does not run Python code per value; a
  column it doubts is read value by value instead, for the messages.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from enum import Enum
from itertools import chain
from operator import attrgetter
from typing import Any

from allies.store.errors import ValidationError
from allies.store.limits import MAX_YEAR, MIN_YEAR, in_range
from allies.store.text import NEEDS_STRIPPING, NEEDS_STRIPPING_MULTILINE, clean_text

FACTS = "allies"
"""The key of a dataclass field's metadata that holds its :class:`Field`."""

Column = Sequence[Any]

_NONE = type(None)
_YEAR = attrgetter("year")
_TZINFO = attrgetter("tzinfo")


def bad(name: str, what: str) -> ValidationError:
    """The error of a stored value of the wrong type or shape."""
    return ValidationError(name, f"field '{name}' {what}")


def _only(column: Column, *types: type) -> bool:
    """Whether every value of ``column`` is of exactly one of ``types`` (True is not an int)."""
    return frozenset(types).issuperset(map(type, column))


class Field:
    """The facts of one field; a subclass per kind of value."""

    PHASE = 0
    """When ``validate`` checks it: 0 numbers, choices and times; 1 lists and
    identifiers; 2 text, in the order declared. (The order of the messages when a
    record has more than one thing wrong.)"""

    def __init__(self, *, optional: bool = False, refs: str | None = None) -> None:
        self.optional = optional
        """``None`` is a value (stored as null)."""
        self.refs = refs
        """The table whose ids this field holds, if any."""
        self.may_omit = False
        """A file may leave the field out (written by an older or other tool)."""
        self.default: Any = dataclasses.MISSING
        """What a file that leaves the field out means (set by the helper)."""

    def read(self, value: Any, name: str) -> Any:
        """The stored ``value`` as a Python value; ValidationError naming the field."""
        if value is None and self.optional:
            return None
        return self.read_value(value, name)

    def read_value(self, value: Any, name: str) -> Any:
        raise NotImplementedError

    def clean(self, value: Any, name: str) -> Any:
        """``value`` checked and cleaned (the same object when nothing changes)."""
        return value

    @property
    def cleans(self) -> bool:
        """Whether :meth:`clean` ever does anything (so ``validate`` can skip it)."""
        return type(self).clean is not Field.clean

    def quick(self, column: Column) -> Column | None:
        """What ``clean(read(v))`` gives for every ``v`` of ``column`` when reading
        succeeds and cleaning changes nothing; ``None`` when in any doubt."""
        raise NotImplementedError


# ------------------------------------------------------------------ text


class Text(Field):
    """One piece of text: stripped of controls and spaces, of a bounded length."""

    PHASE = 2

    def __init__(
        self,
        max_len: int,
        *,
        required: bool = False,
        multiline: bool = False,
        label: str | None = None,
        shape: re.Pattern[str] | None = None,
        shape_message: str = "",
    ) -> None:
        super().__init__()
        self.max_len = max_len
        self.required = required
        self.multiline = multiline
        self.label = label
        self.shape = shape
        """A pattern that non-empty text must match in full (an email address)."""
        self.shape_message = shape_message
        """The message when it does not, formatted with the text as ``{text!r}``."""
        self._dirty = (NEEDS_STRIPPING_MULTILINE if multiline else NEEDS_STRIPPING).search

    def read_value(self, value: Any, name: str) -> str:
        if not isinstance(value, str):
            raise bad(name, f"should be text, not {value!r}")
        return value

    def clean(self, value: Any, name: str) -> str:
        text = clean_text(
            value,
            name,
            max_len=self.max_len,
            required=self.required,
            multiline=self.multiline,
            label=self.label,
        )
        if text and self.shape is not None and self.shape.fullmatch(text) is None:
            raise ValidationError(name, self.shape_message.format(text=text))
        return text

    def quick(self, column: Column) -> Column | None:
        if not _only(column, str):
            return None
        if self.required and not all(column):
            return None
        if column and max(map(len, column)) > self.max_len:
            return None
        if list(map(str.strip, column)) != list(column):
            return None
        joined = "".join(column)  # no control, escape or bidi character in any of them
        if not joined.isprintable() and self._dirty(joined) is not None:
            return None
        if self.shape is not None and None in map(self.shape.fullmatch, filter(None, column)):
            return None
        return column


class Identifier(Text):
    """Text Allies makes (a calendar UID): checked before the text a person typed."""

    PHASE = 1


class Tags(Field):
    """A list of one-line labels: each cleaned, empty ones dropped."""

    PHASE = 1

    def __init__(self, max_len: int, *, label: str) -> None:
        super().__init__()
        self.item = Text(max_len, label=label)
        self._each = Text(max_len, required=True, label=label)  # the quick check: none empty

    def read_value(self, value: Any, name: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise bad(name, f"should be a list of text, not {value!r}")
        return tuple(value)

    def clean(self, value: Any, name: str) -> tuple[str, ...]:
        return tuple(t for t in (self.item.clean(t, name) for t in value) if t)

    def quick(self, column: Column) -> Column | None:
        if not _only(column, list):
            return None
        if self._each.quick(list(chain.from_iterable(column))) is None:
            return None
        return list(map(tuple, column))


# ------------------------------------------------------------ numbers, choices


class Whole(Field):
    """A whole number, maybe within a range, maybe the id of a record of ``refs``."""

    def __init__(
        self,
        lo: int | None = None,
        hi: int | None = None,
        *,
        message: str = "",
        optional: bool = False,
        refs: str | None = None,
    ) -> None:
        super().__init__(optional=optional, refs=refs)
        self.lo = lo
        self.hi = hi
        self.message = message
        """What is said of a number out of range."""

    def read_value(self, value: Any, name: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad(name, f"should be a whole number, not {value!r}")
        return value

    def clean(self, value: Any, name: str) -> Any:
        if value is None and self.optional:
            return None
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            raise ValidationError(name, self.message)
        return value

    @property
    def cleans(self) -> bool:
        return self.lo is not None or self.hi is not None

    def quick(self, column: Column) -> Column | None:
        if not (_only(column, int, _NONE) if self.optional else _only(column, int)):
            return None
        numbers = [v for v in column if v is not None] if self.optional else column
        if numbers and (
            (self.lo is not None and min(numbers) < self.lo)
            or (self.hi is not None and max(numbers) > self.hi)
        ):
            return None
        return column


_WHOLE = Whole()


class Number(Field):
    """A number (stored as a JSON number, read as a float) within a range."""

    def __init__(self, lo: float, hi: float, *, message: str) -> None:
        super().__init__()
        self.lo = lo
        self.hi = hi
        self.message = message

    def read_value(self, value: Any, name: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad(name, f"should be a number, not {value!r}")
        return float(value)

    def clean(self, value: Any, name: str) -> Any:
        if not self.lo <= value <= self.hi:  # (not NaN either)
            raise ValidationError(name, self.message)
        return value

    def quick(self, column: Column) -> Column | None:
        if not _only(column, int, float):
            return None
        numbers = list(map(float, column))
        if not all(self.lo <= v <= self.hi for v in numbers):
            return None
        return numbers


class Flag(Field):
    """True or false."""

    def read_value(self, value: Any, name: str) -> bool:
        if not isinstance(value, bool):
            raise bad(name, f"should be true or false, not {value!r}")
        return value

    def quick(self, column: Column) -> Column | None:
        return column if _only(column, bool) else None


class Choice(Field):
    """One member of an enum, stored as its value."""

    def __init__(self, enum: type[Enum]) -> None:
        super().__init__()
        self.members: dict[str, Enum] = {m.value: m for m in enum}
        """Value -> member: a dict lookup, as Enum(value) is slow on big plans."""

    def read_value(self, value: Any, name: str) -> Enum:
        member = self.members.get(value) if isinstance(value, str) else None
        if member is None:
            allowed = ", ".join(self.members)
            raise bad(name, f"should be one of {allowed}, not {value!r}")
        return member

    def quick(self, column: Column) -> Column | None:
        if not _only(column, str):
            return None
        try:
            return list(map(self.members.__getitem__, column))
        except KeyError:
            return None


class Ids(Field):
    """A list of ids of ``refs`` records, each once."""

    PHASE = 1

    def __init__(self, refs: str) -> None:
        super().__init__(refs=refs)

    def read_value(self, value: Any, name: str) -> tuple[int, ...]:
        if not isinstance(value, list):
            raise bad(name, f"should be a list of ids, not {value!r}")
        return tuple(_WHOLE.read_value(x, name) for x in value)

    def clean(self, value: Any, name: str) -> tuple[int, ...]:
        return tuple(dict.fromkeys(value))

    def quick(self, column: Column) -> Column | None:
        if not _only(column, list) or not _only(list(chain.from_iterable(column)), int):
            return None
        if list(map(len, map(set, column))) != list(map(len, column)):
            return None  # a repeat: cleaning drops it
        return list(map(tuple, column))


# ------------------------------------------------------------------ times


class Day(Field):
    """A date, stored as YYYY-MM-DD, within the supported years."""

    _parse: Callable[[str], date] = date.fromisoformat
    _shape = "a date (YYYY-MM-DD)"
    _not = "is not a date (YYYY-MM-DD)"

    def read_value(self, value: Any, name: str) -> date:
        if not isinstance(value, str):
            raise bad(name, f"should be {self._shape}, not {value!r}")
        try:
            parsed = type(self)._parse(value)
        except ValueError:
            raise bad(name, f"{self._not}: {value!r}") from None
        if not in_range(parsed):
            raise bad(name, f"is outside the supported years {MIN_YEAR}-{MAX_YEAR}: {value!r}")
        return parsed

    def quick(self, column: Column) -> Column | None:
        if not (_only(column, str, _NONE) if self.optional else _only(column, str)):
            return None
        parse: Callable[[str], Any] = type(self)._parse
        texts = set(column)
        values: Collection[Any]
        try:
            if len(texts) == len(column) and None not in texts:  # all different: in order
                values = parsed = list(map(parse, column))
            else:  # each distinct text parsed once; records share the (immutable) value
                texts.discard(None)
                lookup = dict(zip(texts, map(parse, texts), strict=True))
                values = lookup.values()
                parsed = list(map(lookup.get if self.optional else lookup.__getitem__, column))
        except ValueError:
            return None
        years = list(map(_YEAR, values))
        if years and not MIN_YEAR <= min(years) <= max(years) <= MAX_YEAR:
            return None
        return parsed if self.accept(values) else None

    def accept(self, values: Collection[Any]) -> bool:
        """Whether parsed values are kept as they are (a subclass's further check)."""
        return True


class Moment(Day):
    """A date and time, stored in ISO 8601 with its UTC offset; one without an
    offset is read (and kept) in this computer's time zone."""

    _parse: Callable[[str], datetime] = datetime.fromisoformat  # type: ignore[assignment]
    _shape = "a date and time"
    _not = "is not an ISO date and time"

    def read_value(self, value: Any, name: str) -> datetime:
        parsed = super().read_value(value, name)
        assert isinstance(parsed, datetime)
        return parsed if parsed.tzinfo is not None else parsed.astimezone()

    def clean(self, value: Any, name: str) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.astimezone()
        return value

    def accept(self, values: Collection[Any]) -> bool:
        return None not in map(_TZINFO, values)  # without an offset: the checking path's


# ------------------------------------------------------------------ helpers
#
# Each returns the dataclass field of a record class. ``default`` (or
# ``default_factory``) is the value when a record is made in code without it;
# ``may_omit=True`` says a stored document may leave the field out, and then
# reads as that same default.


def _field(
    facts: Field,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
    may_omit: bool = False,
) -> Any:
    if may_omit:
        if default is dataclasses.MISSING:
            raise TypeError("a field a file may omit needs a default")
        facts.may_omit = True
        facts.default = default
    return dataclasses.field(
        default=default, default_factory=default_factory, metadata={FACTS: facts}
    )


def text(
    max_len: int,
    *,
    required: bool = False,
    multiline: bool = False,
    label: str | None = None,
    default: Any = dataclasses.MISSING,
    may_omit: bool = False,
) -> Any:
    """Text of at most ``max_len`` characters; ``required``: not empty."""
    facts = Text(max_len, required=required, multiline=multiline, label=label)
    return _field(facts, default, may_omit=may_omit)


def identifier(
    max_len: int, *, label: str, default_factory: Callable[[], str] | None = None
) -> Any:
    """A required identifier Allies makes (a calendar UID)."""
    facts = Identifier(max_len, required=True, label=label)
    factory = dataclasses.MISSING if default_factory is None else default_factory
    return _field(facts, default_factory=factory)


def email_address(
    max_len: int, *, shape: re.Pattern[str], message: str, default: str, may_omit: bool = False
) -> Any:
    """An email address: empty, or text that matches ``shape`` (else ``message``)."""
    facts = Text(max_len, shape=shape, shape_message=message)
    return _field(facts, default, may_omit=may_omit)


def labels(max_len: int, *, label: str, default: tuple[str, ...], may_omit: bool = False) -> Any:
    """A list of one-line labels of at most ``max_len`` characters each."""
    return _field(Tags(max_len, label=label), default, may_omit=may_omit)


def whole(
    lo: int | None = None,
    hi: int | None = None,
    *,
    message: str = "",
    default: Any = dataclasses.MISSING,
    may_omit: bool = False,
) -> Any:
    """A whole number from ``lo`` to ``hi`` (either may be open); ``message`` when not."""
    return _field(Whole(lo, hi, message=message), default, may_omit=may_omit)


def number(lo: float, hi: float, *, message: str, default: float) -> Any:
    """A number from ``lo`` to ``hi``; ``message`` when not."""
    return _field(Number(lo, hi, message=message), default)


def flag(*, default: bool) -> Any:
    """True or false."""
    return _field(Flag(), default)


def choice(enum: type[Enum], *, default: Any = dataclasses.MISSING) -> Any:
    """One of ``enum``'s members, stored as its value."""
    return _field(Choice(enum), default)


def ref(
    table: str,
    *,
    optional: bool = False,
    default: Any = dataclasses.MISSING,
    may_omit: bool = False,
) -> Any:
    """The id of a record of ``table``; ``optional``: or null."""
    return _field(Whole(optional=optional, refs=table), default, may_omit=may_omit)


def ids(table: str, *, default: tuple[int, ...], may_omit: bool = False) -> Any:
    """The ids of records of ``table``, each once."""
    return _field(Ids(table), default, may_omit=may_omit)


def day(
    *,
    optional: bool = False,
    default: Any = dataclasses.MISSING,
    may_omit: bool = False,
) -> Any:
    """A date; ``optional``: or null."""
    return _field(Day(optional=optional), default, may_omit=may_omit)


def moment(
    *,
    optional: bool = False,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
    may_omit: bool = False,
) -> Any:
    """A date and time; ``optional``: or null."""
    facts = Moment(optional=optional)
    return _field(facts, default, default_factory, may_omit=may_omit)
