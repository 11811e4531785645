"""The plan's records: frozen dataclasses and enums, one per table of DESIGN §7.

Each record knows how to build itself from a stored document (checking every
field, so a bad file is reported with what and where) and how to turn itself
back into one. Records are immutable: a change makes a new record.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum, StrEnum
from operator import attrgetter
from typing import Any, ClassVar, Self, TypeVar, cast, dataclass_transform

from allies.store.errors import ValidationError
from allies.store.limits import MAX_YEAR, MIN_YEAR, in_range
from allies.store.text import NAME_MAX, NOTE_MAX, SHORT_MAX, TITLE_MAX, clean_text

SCHEMA = 2


class Stance(StrEnum):
    """Where a person stands on my agenda."""

    OPPOSED = "opposed"
    SKEPTICAL = "skeptical"
    NEUTRAL = "neutral"
    SUPPORTIVE = "supportive"
    CHAMPION = "champion"
    UNKNOWN = "unknown"

    @property
    def score(self) -> int | None:
        """−2…+2, or None for unknown."""
        return _STANCE_SCORE[self]

    @property
    def is_ally(self) -> bool:
        return self is Stance.SUPPORTIVE or self is Stance.CHAMPION

    @property
    def label(self) -> str:
        return self.value

    @property
    def symbol(self) -> str:
        """A shape per stance, so colour is never the only cue."""
        return _STANCE_SYMBOL[self]

    def step(self, delta: int) -> Stance:
        """One step up (+1) or down (−1) the scale; unknown steps to neutral first."""
        if self is Stance.UNKNOWN:
            return Stance.NEUTRAL
        order = STANCE_SCALE
        i = max(0, min(len(order) - 1, order.index(self) + delta))
        return order[i]


STANCE_SCALE: tuple[Stance, ...] = (
    Stance.OPPOSED,
    Stance.SKEPTICAL,
    Stance.NEUTRAL,
    Stance.SUPPORTIVE,
    Stance.CHAMPION,
)
_STANCE_SCORE = {
    Stance.OPPOSED: -2,
    Stance.SKEPTICAL: -1,
    Stance.NEUTRAL: 0,
    Stance.SUPPORTIVE: 1,
    Stance.CHAMPION: 2,
    Stance.UNKNOWN: None,
}
_STANCE_SYMBOL = {
    Stance.OPPOSED: "✖",
    Stance.SKEPTICAL: "▼",
    Stance.NEUTRAL: "●",
    Stance.SUPPORTIVE: "▲",
    Stance.CHAMPION: "★",
    Stance.UNKNOWN: "?",
}


def percent(share: float) -> str:
    """A share (0–1) as a whole percentage, rounded down: the one rounding used everywhere.

    Rounded down so that a room short of its threshold never reads as reaching it.
    """
    return f"{math.floor(share * 100 + 1e-9)}%"


class TieKind(StrEnum):
    DEFERS_TO = "defers_to"
    LISTENS_TO = "listens_to"
    TRUSTS = "trusts"


class InterestStatus(StrEnum):
    OPEN = "open"
    ADDRESSED = "addressed"
    DROPPED = "dropped"


class Currency(StrEnum):
    INSPIRATION = "inspiration"
    TASK = "task"
    POSITION = "position"
    RELATIONSHIP = "relationship"
    PERSONAL = "personal"


class TradeStatus(StrEnum):
    IDEA = "idea"
    PROPOSED = "proposed"
    AGREED = "agreed"
    DECLINED = "declined"
    DELIVERED = "delivered"

    @property
    def is_open(self) -> bool:
        """A trade still on the table."""
        return self in (TradeStatus.IDEA, TradeStatus.PROPOSED, TradeStatus.AGREED)

    def advance(self) -> TradeStatus:
        """idea → proposed → agreed → delivered; declined and delivered stay."""
        return _TRADE_NEXT.get(self, self)


_TRADE_NEXT = {
    TradeStatus.IDEA: TradeStatus.PROPOSED,
    TradeStatus.PROPOSED: TradeStatus.AGREED,
    TradeStatus.AGREED: TradeStatus.DELIVERED,
}


class Column(StrEnum):
    POSSIBLE = "possible"
    PURSUING = "pursuing"
    WON = "won"
    PARKED = "parked"


BOARD_COLUMNS: tuple[Column, ...] = (Column.POSSIBLE, Column.PURSUING, Column.WON, Column.PARKED)


class MeetingKind(StrEnum):
    ONE_ON_ONE = "one_on_one"
    GROUP = "group"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


EMAIL_MAX = 254
UID_MAX = 255
# One address: something@something, no spaces, no second @ (not a full RFC 5322 check).
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+")


def new_uid() -> str:
    """A new calendar identity for a meeting (a random UUID)."""
    import uuid  # only when a meeting is made, not when a plan is opened

    return str(uuid.uuid4())


def clean_email(value: object) -> str:
    """An email address as stored: cleaned, empty or of the shape name@domain."""
    text = clean_text(value, "email", max_len=EMAIL_MAX)
    if text and EMAIL_SHAPE.fullmatch(text) is None:
        raise ValidationError("email", f"Email should look like name@example.org, not {text!r}")
    return text


# --- field converters: stored value -> Python value, raising on bad types ---


def now() -> datetime:
    """The current time, with its UTC offset (local zone)."""
    return datetime.now(UTC).astimezone()


def _bad(name: str, what: str) -> ValidationError:
    return ValidationError(name, f"field '{name}' {what}")


def _as_int(v: Any, name: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise _bad(name, f"should be a whole number, not {v!r}")
    return v


def _as_opt_int(v: Any, name: str) -> int | None:
    return None if v is None else _as_int(v, name)


def _as_bool(v: Any, name: str) -> bool:
    if not isinstance(v, bool):
        raise _bad(name, f"should be true or false, not {v!r}")
    return v


def _as_float(v: Any, name: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _bad(name, f"should be a number, not {v!r}")
    return float(v)


def _as_ids(v: Any, name: str) -> tuple[int, ...]:
    if not isinstance(v, list):
        raise _bad(name, f"should be a list of ids, not {v!r}")
    return tuple(_as_int(x, name) for x in v)


def _as_strs(v: Any, name: str) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise _bad(name, f"should be a list of text, not {v!r}")
    return tuple(v)


def _as_date(v: Any, name: str) -> date:
    if not isinstance(v, str):
        raise _bad(name, f"should be a date (YYYY-MM-DD), not {v!r}")
    try:
        d = date.fromisoformat(v)
    except ValueError:
        raise _bad(name, f"is not a date (YYYY-MM-DD): {v!r}") from None
    if not in_range(d):
        raise _bad(name, f"is outside the supported years {MIN_YEAR}-{MAX_YEAR}: {v!r}")
    return d


def _as_opt_date(v: Any, name: str) -> date | None:
    return None if v is None else _as_date(v, name)


def _as_datetime(v: Any, name: str) -> datetime:
    if not isinstance(v, str):
        raise _bad(name, f"should be a date and time, not {v!r}")
    try:
        d = datetime.fromisoformat(v)
    except ValueError:
        raise _bad(name, f"is not an ISO date and time: {v!r}") from None
    if not in_range(d):
        raise _bad(name, f"is outside the supported years {MIN_YEAR}-{MAX_YEAR}: {v!r}")
    if d.tzinfo is None:
        d = d.astimezone()
    return d


def _as_opt_datetime(v: Any, name: str) -> datetime | None:
    return None if v is None else _as_datetime(v, name)


def _as_str(v: Any, name: str) -> str:
    if not isinstance(v, str):
        raise _bad(name, f"should be text, not {v!r}")
    return v


class EnumField:
    """The converter of an enum field: its stored value (a string) -> the member."""

    def __init__(self, cls: type[Enum]) -> None:
        self.members: dict[str, Enum] = {m.value: m for m in cls}
        """Value -> member: a dict lookup, as Enum(value) is slow on big plans."""

    def __call__(self, v: Any, name: str) -> Enum:
        member = self.members.get(v) if isinstance(v, str) else None
        if member is None:
            allowed = ", ".join(self.members)
            raise _bad(name, f"should be one of {allowed}, not {v!r}")
        return member


def _enum(cls: type[Enum]) -> Any:
    return EnumField(cls)


def _dump(v: Any) -> Any:
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, tuple):
        return [_dump(x) for x in v]
    return v


class Record:
    """Shared behaviour of the table records (made with :func:`record`).

    ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and the frozen
    ``__setattr__`` come from here rather than being generated for each class:
    the same behaviour as a frozen dataclass's, without compiling five functions
    per class when the store is imported (most of the cost of making a dataclass).
    """

    TABLE: ClassVar[str]
    # field name -> converter from stored value; "id" is the TinyDB doc id.
    SPEC: ClassVar[dict[str, Any]]
    # id fields that refer to other tables: field -> table
    REFS: ClassVar[dict[str, str]] = {}

    id: int

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Self:
        """Build a record from a stored document; raise ValidationError naming the field."""
        if not isinstance(doc, dict):
            raise ValidationError("", f"record {doc_id} should be an object, not {doc!r}")
        values: dict[str, Any] = {"id": doc_id}
        for name, conv in cls.SPEC.items():
            if name not in doc:
                default = _DEFAULTS.get((cls.TABLE, name), _MISSING)
                if default is _MISSING:
                    raise _bad(name, "is missing")
                values[name] = default
                continue
            values[name] = conv(doc[name], name)
        return cls(**values)

    def to_doc(self) -> dict[str, Any]:
        """The stored document for this record (without its id)."""
        return {name: _dump(getattr(self, name)) for name in self.SPEC}

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes``; this very record when they change nothing."""
        for name, value in changes.items():
            if getattr(self, name) != value:
                return dataclasses.replace(self, **changes)  # type: ignore[type-var,no-any-return]
        return self

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        fields = _init_fields(cls)
        if len(args) > len(fields):
            raise TypeError(
                f"{cls.__name__}() takes {len(fields)} positional arguments but {len(args)} "
                "were given"
            )
        for i, (name, set_value, default, factory) in enumerate(fields):
            if i < len(args):
                if name in kwargs:
                    raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
                value = args[i]
            elif name in kwargs:
                value = kwargs.pop(name)
            elif default is not dataclasses.MISSING:
                value = default
            elif factory is not dataclasses.MISSING:
                value = factory()
            else:
                raise TypeError(f"{cls.__name__}() missing required argument: {name!r}")
            set_value(self, value)
        if kwargs:
            raise TypeError(
                f"{cls.__name__}() got an unexpected keyword argument {next(iter(kwargs))!r}"
            )

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> tuple[Any, ...]:
        return _field_values(type(self))(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_field_names(type(self)), state, strict=True):
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        names = _field_names(type(self))
        values = _field_values(type(self))(self)
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, values, strict=True))
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = _field_values(type(self))
            return bool(values(self) == values(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_field_values(type(self))(self))


_FIELD_NAMES: dict[type[Record], tuple[str, ...]] = {}
_FIELD_VALUES: dict[type[Record], Callable[[Record], tuple[Any, ...]]] = {}


def _field_names(cls: type[Record]) -> tuple[str, ...]:
    """The dataclass fields of a record class, in order (``id`` first)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    return names


def _field_values(cls: type[Record]) -> Callable[[Record], tuple[Any, ...]]:
    """A function returning a record's field values as a tuple, in field order."""
    values = _FIELD_VALUES.get(cls)
    if values is None:
        values = _FIELD_VALUES[cls] = attrgetter(*_field_names(cls))
    return values


_INIT_FIELDS: dict[type[Record], tuple[tuple[str, Any, Any, Any], ...]] = {}


def _init_fields(cls: type[Record]) -> tuple[tuple[str, Any, Any, Any], ...]:
    """(name, slot setter, default, default factory) of each field, in order."""
    found = _INIT_FIELDS.get(cls)
    if found is None:
        found = _INIT_FIELDS[cls] = tuple(
            (f.name, getattr(cls, f.name).__set__, f.default, f.default_factory)
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        )
    return found


_R = TypeVar("_R", bound=type[Record])


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: _R) -> _R:
    """Make a record class: to readers and type checkers, a frozen dataclass with slots.

    It is a dataclass (``fields``, ``replace``) whose methods are :class:`Record`'s.
    """
    return cast("_R", dataclass(slots=True, init=False, repr=False, eq=False)(cls))


_MISSING = object()
# Fields that a file may omit (written by older or other tools); all others are required.
_DEFAULTS: dict[tuple[str, str], Any] = {
    ("people", "tags"): (),
    ("people", "notes"): "",
    ("people", "org"): "",
    ("people", "role"): "",
    ("people", "last_contact"): None,
    ("people", "email"): "",
    ("stance_log", "note"): "",
    ("stance_log", "meeting"): None,
    ("ties", "note"): "",
    ("ties", "strength"): 1,
    ("interests", "learned_from"): None,
    ("interests", "priority"): 2,
    ("trades", "interest"): None,
    ("wins", "notes"): "",
    ("wins", "builds_on"): None,
    ("wins", "trade"): None,
    ("wins", "due"): None,
    ("wins", "won_at"): None,
    ("wins", "people"): (),
    ("meetings", "outcome"): "",
    ("meetings", "looked_to"): (),
    ("meetings", "sequence"): 0,
    ("reviews", "notes"): "",
}


@record
class Meta(Record):
    """The plan itself: its title, my agenda and the thresholds of the rules."""

    TABLE: ClassVar[str] = "meta"
    SPEC: ClassVar[dict[str, Any]] = {
        "schema": _as_int,
        "title": _as_str,
        "agenda": _as_str,
        "consensus_threshold": _as_float,
        "min_wins_before_group": _as_int,
        "last_review": _as_opt_date,
        "created": _as_datetime,
    }
    id: int
    schema: int
    title: str
    agenda: str
    consensus_threshold: float
    min_wins_before_group: int
    last_review: date | None
    created: datetime

    @classmethod
    def new(cls, title: str = "My plan", agenda: str = "") -> Meta:
        return cls(
            id=1,
            schema=SCHEMA,
            title=clean_text(title, "title", max_len=TITLE_MAX, required=True),
            agenda=clean_text(agenda, "agenda", max_len=SHORT_MAX),
            consensus_threshold=0.6,
            min_wins_before_group=1,
            last_review=None,
            created=now(),
        )

    def validate(self) -> Meta:
        if not 0 <= self.consensus_threshold <= 1:
            raise ValidationError(
                "consensus_threshold", "Consensus threshold must be between 0 and 1"
            )
        if self.min_wins_before_group < 0:
            raise ValidationError("min_wins_before_group", "Minimum wins cannot be negative")
        return self.replace(
            title=clean_text(self.title, "title", max_len=TITLE_MAX, required=True),
            agenda=clean_text(self.agenda, "agenda", max_len=SHORT_MAX),
        )


@record
class Person(Record):
    """Someone around the decision."""

    TABLE: ClassVar[str] = "people"
    SPEC: ClassVar[dict[str, Any]] = {
        "name": _as_str,
        "role": _as_str,
        "org": _as_str,
        "decider": _as_bool,
        "stance": _enum(Stance),
        "notes": _as_str,
        "tags": _as_strs,
        "last_contact": _as_opt_date,
        "created": _as_datetime,
        "updated": _as_datetime,
        "email": _as_str,
    }
    id: int
    name: str
    role: str = ""
    org: str = ""
    decider: bool = False
    stance: Stance = Stance.UNKNOWN
    notes: str = ""
    tags: tuple[str, ...] = ()
    last_contact: date | None = None
    created: datetime = field(default_factory=now)
    updated: datetime = field(default_factory=now)
    email: str = ""

    def validate(self) -> Person:
        tags = tuple(
            t for t in (clean_text(t, "tags", max_len=40, label="a tag") for t in self.tags) if t
        )
        return self.replace(
            name=clean_text(self.name, "name", max_len=NAME_MAX, required=True),
            role=clean_text(self.role, "role", max_len=SHORT_MAX),
            org=clean_text(self.org, "org", max_len=SHORT_MAX, label="organisation"),
            notes=clean_text(self.notes, "notes", max_len=NOTE_MAX, multiline=True),
            tags=tags,
            email=clean_email(self.email),
        )


@record
class StanceChange(Record):
    """One entry of the stance log."""

    TABLE: ClassVar[str] = "stance_log"
    SPEC: ClassVar[dict[str, Any]] = {
        "person": _as_int,
        "stance": _enum(Stance),
        "at": _as_datetime,
        "meeting": _as_opt_int,
        "note": _as_str,
    }
    REFS: ClassVar[dict[str, str]] = {"person": "people", "meeting": "meetings"}
    id: int
    person: int
    stance: Stance
    at: datetime = field(default_factory=now)
    meeting: int | None = None
    note: str = ""

    def validate(self) -> StanceChange:
        return self.replace(note=clean_text(self.note, "note", max_len=NOTE_MAX, multiline=True))


@record
class Tie(Record):
    """A directed tie: source defers to / listens to / trusts target."""

    TABLE: ClassVar[str] = "ties"
    SPEC: ClassVar[dict[str, Any]] = {
        "source": _as_int,
        "target": _as_int,
        "kind": _enum(TieKind),
        "strength": _as_int,
        "note": _as_str,
    }
    REFS: ClassVar[dict[str, str]] = {"source": "people", "target": "people"}
    id: int
    source: int
    target: int
    kind: TieKind
    strength: int = 1
    note: str = ""

    def validate(self) -> Tie:
        if self.source == self.target:
            raise ValidationError("target", "A person cannot have a tie to themselves")
        if not 1 <= self.strength <= 3:
            raise ValidationError("strength", "Strength must be 1, 2 or 3")
        return self.replace(note=clean_text(self.note, "note", max_len=SHORT_MAX))


@record
class Interest(Record):
    """Something a person wants: part of their agenda."""

    TABLE: ClassVar[str] = "interests"
    SPEC: ClassVar[dict[str, Any]] = {
        "person": _as_int,
        "text": _as_str,
        "priority": _as_int,
        "learned_from": _as_opt_int,
        "status": _enum(InterestStatus),
        "created": _as_datetime,
    }
    REFS: ClassVar[dict[str, str]] = {"person": "people", "learned_from": "people"}
    id: int
    person: int
    text: str
    priority: int = 2
    learned_from: int | None = None
    status: InterestStatus = InterestStatus.OPEN
    created: datetime = field(default_factory=now)

    def validate(self) -> Interest:
        if not 1 <= self.priority <= 3:
            raise ValidationError("priority", "Priority must be 1, 2 or 3 (3 is high)")
        return self.replace(text=clean_text(self.text, "text", max_len=SHORT_MAX, required=True))


@record
class Trade(Record):
    """A possible trade: what I offer for what I ask."""

    TABLE: ClassVar[str] = "trades"
    SPEC: ClassVar[dict[str, Any]] = {
        "person": _as_int,
        "interest": _as_opt_int,
        "offer": _as_str,
        "ask": _as_str,
        "currency": _enum(Currency),
        "status": _enum(TradeStatus),
        "created": _as_datetime,
        "updated": _as_datetime,
    }
    REFS: ClassVar[dict[str, str]] = {"person": "people", "interest": "interests"}
    id: int
    person: int
    offer: str
    ask: str = ""
    interest: int | None = None
    currency: Currency = Currency.TASK
    status: TradeStatus = TradeStatus.IDEA
    created: datetime = field(default_factory=now)
    updated: datetime = field(default_factory=now)

    def validate(self) -> Trade:
        return self.replace(
            offer=clean_text(self.offer, "offer", max_len=SHORT_MAX, required=True),
            ask=clean_text(self.ask, "ask", max_len=SHORT_MAX),
        )


@record
class Win(Record):
    """A small win: a card on the board."""

    TABLE: ClassVar[str] = "wins"
    SPEC: ClassVar[dict[str, Any]] = {
        "title": _as_str,
        "column": _enum(Column),
        "position": _as_int,
        "people": _as_ids,
        "trade": _as_opt_int,
        "builds_on": _as_opt_int,
        "due": _as_opt_date,
        "won_at": _as_opt_datetime,
        "notes": _as_str,
        "created": _as_datetime,
        "updated": _as_datetime,
    }
    REFS: ClassVar[dict[str, str]] = {"people": "people", "trade": "trades", "builds_on": "wins"}
    id: int
    title: str
    column: Column = Column.POSSIBLE
    position: int = 0
    people: tuple[int, ...] = ()
    trade: int | None = None
    builds_on: int | None = None
    due: date | None = None
    won_at: datetime | None = None
    notes: str = ""
    created: datetime = field(default_factory=now)
    updated: datetime = field(default_factory=now)

    def validate(self) -> Win:
        if self.builds_on is not None and self.builds_on == self.id:
            raise ValidationError("builds_on", "A win cannot build on itself")
        return self.replace(
            title=clean_text(self.title, "title", max_len=TITLE_MAX, required=True),
            notes=clean_text(self.notes, "notes", max_len=NOTE_MAX, multiline=True),
            people=tuple(dict.fromkeys(self.people)),
        )


@record
class Meeting(Record):
    """A one-on-one or a group meeting."""

    TABLE: ClassVar[str] = "meetings"
    SPEC: ClassVar[dict[str, Any]] = {
        "title": _as_str,
        "kind": _enum(MeetingKind),
        "start": _as_datetime,
        "minutes": _as_int,
        "attendees": _as_ids,
        "status": _enum(MeetingStatus),
        "outcome": _as_str,
        "looked_to": _as_ids,
        "created": _as_datetime,
        "updated": _as_datetime,
        "uid": _as_str,
        "sequence": _as_int,
    }
    REFS: ClassVar[dict[str, str]] = {"attendees": "people", "looked_to": "people"}
    id: int
    title: str
    start: datetime
    kind: MeetingKind = MeetingKind.ONE_ON_ONE
    minutes: int = 30
    attendees: tuple[int, ...] = ()
    status: MeetingStatus = MeetingStatus.PLANNED
    outcome: str = ""
    looked_to: tuple[int, ...] = ()
    created: datetime = field(default_factory=now)
    updated: datetime = field(default_factory=now)
    uid: str = field(default_factory=new_uid)
    sequence: int = 0

    def validate(self) -> Meeting:
        attendees = tuple(dict.fromkeys(self.attendees))
        if not attendees:
            raise ValidationError("attendees", "A meeting needs at least one attendee")
        if not 1 <= self.minutes <= 24 * 60:
            raise ValidationError("minutes", "Duration must be between 1 minute and 24 hours")
        kind = MeetingKind.ONE_ON_ONE if len(attendees) == 1 else MeetingKind.GROUP
        if self.sequence < 0:
            raise ValidationError("sequence", "The calendar sequence cannot be negative")
        start = self.start if self.start.tzinfo else self.start.astimezone()
        return self.replace(
            uid=clean_text(self.uid, "uid", max_len=UID_MAX, required=True, label="calendar UID"),
            title=clean_text(self.title, "title", max_len=TITLE_MAX, required=True),
            outcome=clean_text(self.outcome, "outcome", max_len=NOTE_MAX, multiline=True),
            attendees=attendees,
            kind=kind,
            start=start,
            looked_to=tuple(dict.fromkeys(self.looked_to)),
        )


@record
class Review(Record):
    """A weekly review marked done."""

    TABLE: ClassVar[str] = "reviews"
    SPEC: ClassVar[dict[str, Any]] = {"at": _as_date, "notes": _as_str}
    id: int
    at: date
    notes: str = ""

    def validate(self) -> Review:
        return self.replace(notes=clean_text(self.notes, "notes", max_len=NOTE_MAX, multiline=True))


RECORD_TYPES: tuple[type[Record], ...] = (
    Person,
    StanceChange,
    Tie,
    Interest,
    Trade,
    Win,
    Meeting,
    Review,
)
TABLES: dict[str, type[Record]] = {cls.TABLE: cls for cls in RECORD_TYPES}
