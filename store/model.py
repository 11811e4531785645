"""The plan's records: frozen dataclasses and enums, one per table (docs/format.md).

Each table's fields are declared once, in its record class, with the helpers of
store/fields.py: the Python type, the default, whether a file may leave the
field out, the limits and the table it refers to. Reading a stored document
(checking every field, so a bad file is reported with what and where), writing
it back, cleaning a record and the references between tables all derive from
that declaration; rules across fields are a short method per class. Records
are immutable: a change makes a new record.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum, StrEnum
from itertools import repeat
from operator import itemgetter
from typing import Any, ClassVar, Self, TypeVar, cast, dataclass_transform

from allies.store.errors import ValidationError
from allies.store.fields import (
    FACTS,
    Field,
    bad,
    choice,
    day,
    email_address,
    flag,
    identifier,
    ids,
    labels,
    moment,
    number,
    ref,
    text,
    whole,
)
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


def now() -> datetime:
    """The current time, with its UTC offset (local zone)."""
    return datetime.now(UTC).astimezone()


def _dump(v: Any) -> Any:
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, tuple):
        return [_dump(x) for x in v]
    return v


class Record:
    """What the records of every table share (each class is made with :func:`record`).

    The class attributes in capitals other than ``TABLE`` are derived from the
    field declarations when the class is made.
    """

    __slots__ = ()

    TABLE: ClassVar[str]
    FIELDS: ClassVar[dict[str, Field]]
    """The stored fields, in the order they are stored ("id" is the TinyDB doc id)."""
    REFS: ClassVar[dict[str, str]]
    """Fields that hold ids of other records: field -> table."""
    _CHECKS: ClassVar[tuple[tuple[str, Field], ...]]
    """The fields ``validate`` checks or cleans, in the order it does."""
    _ROW: ClassVar[Callable[[dict[str, Any]], tuple[Any, ...]]]
    _PUT: ClassVar[tuple[Callable[[Any, Any], None], ...]]
    _ACROSS: ClassVar[bool]

    id: int

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Self:
        """Build a record from a stored document; raise ValidationError naming the field."""
        if not isinstance(doc, dict):
            raise ValidationError("", f"record {doc_id} should be an object, not {doc!r}")
        values: dict[str, Any] = {"id": doc_id}
        for name, facts in cls.FIELDS.items():
            if name in doc:
                values[name] = facts.read(doc[name], name)
            elif facts.may_omit:
                values[name] = facts.default
            else:
                raise bad(name, "is missing")
        return cls(**values)

    def to_doc(self) -> dict[str, Any]:
        """The stored document for this record (without its id)."""
        return {name: _dump(getattr(self, name)) for name in self.FIELDS}

    def across_fields(self) -> Self:
        """The rules across fields, checked before each field's own: raise
        ValidationError, or return the record with what they decide."""
        return self

    def validate(self) -> Self:
        """This record checked and cleaned (this very record when all is well)."""
        checked = self.across_fields()
        changes = {}
        for name, facts in self._CHECKS:
            value = getattr(checked, name)
            cleaned = facts.clean(value, name)
            if cleaned is not value:
                changes[name] = cleaned
        return checked.replace(**changes)

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes``; this very record when they change nothing."""
        for name, value in changes.items():
            if getattr(self, name) != value:
                return dataclasses.replace(self, **changes)  # type: ignore[type-var,no-any-return]
        return self

    @classmethod
    def read_quickly(cls, doc_ids: Sequence[int], docs: Sequence[Any]) -> list[Self] | None:
        """The records of well-formed stored documents, built a column at a time.

        The same records ``from_doc(...).validate()`` would give, or ``None`` when
        any document is in the least doubtful (a field left out, a wrong type, a
        time without its offset, anything cleaning would change, a rule broken):
        the caller then reads each one the checking way, for the messages.
        """
        if not docs:
            return []
        if not {dict}.issuperset(map(type, docs)):
            return None
        try:
            rows = list(map(cls._ROW, docs))
        except KeyError:
            return None
        columns: list[Sequence[Any]] = [doc_ids]
        for facts, column in zip(cls.FIELDS.values(), zip(*rows, strict=True), strict=True):
            values = facts.quick(column)
            if values is None:
                return None
            columns.append(values)
        # Filled through the slots, as copy and pickle do: frozen, no __post_init__.
        records: list[Self] = list(map(object.__new__, repeat(cls, len(docs))))
        for put, values in zip(cls._PUT, columns, strict=True):
            deque(map(put, records, values), maxlen=0)
        if cls._ACROSS:
            try:
                if any(r.across_fields() is not r for r in records):
                    return None
            except ValidationError:
                return None
        return records


_R = TypeVar("_R", bound=type[Record])


@dataclass_transform(
    frozen_default=True,
    kw_only_default=True,
    field_specifiers=(
        field,
        text,
        identifier,
        email_address,
        labels,
        whole,
        number,
        flag,
        choice,
        ref,
        ids,
        day,
        moment,
    ),
)
def record(cls: _R) -> _R:
    """``@dataclass(frozen=True, slots=True, kw_only=True)``, then what derives from
    the fields: ``FIELDS``, ``REFS`` and the order ``validate`` checks them in."""
    made = cast("_R", dataclass(frozen=True, slots=True, kw_only=True)(cls))  # (slots: a new class)
    declared = [f for f in dataclasses.fields(made) if f.name != "id"]  # type: ignore[arg-type]
    for f in declared:
        if FACTS not in f.metadata:
            raise TypeError(f"{cls.__name__}.{f.name}: declare it with a helper of store/fields.py")
    facts: dict[str, Field] = {f.name: f.metadata[FACTS] for f in declared}
    made.FIELDS = facts
    made.REFS = {name: f.refs for name, f in facts.items() if f.refs is not None}
    checked = [(name, f) for name, f in facts.items() if f.cleans]
    made._CHECKS = tuple(sorted(checked, key=lambda item: item[1].PHASE))
    made._ROW = itemgetter(*facts)
    made._PUT = tuple(made.__dict__[name].__set__ for name in ("id", *facts))
    made._ACROSS = made.across_fields is not Record.across_fields
    return made


TAG_MAX = 40


@record
class Meta(Record):
    """The plan itself: its title, my agenda and the thresholds of the rules."""

    TABLE: ClassVar[str] = "meta"
    id: int
    schema: int = whole()
    title: str = text(TITLE_MAX, required=True)
    agenda: str = text(SHORT_MAX)
    consensus_threshold: float = number(
        0, 1, message="Consensus threshold must be between 0 and 1", default=0.6
    )
    min_wins_before_group: int = whole(0, message="Minimum wins cannot be negative", default=1)
    last_review: date | None = day(optional=True, default=None)
    created: datetime = moment(default_factory=now)

    @classmethod
    def new(cls, title: str = "My plan", agenda: str = "") -> Meta:
        return cls(
            id=1,
            schema=SCHEMA,
            title=clean_text(title, "title", max_len=TITLE_MAX, required=True),
            agenda=clean_text(agenda, "agenda", max_len=SHORT_MAX),
        )


@record
class Person(Record):
    """Someone around the decision."""

    TABLE: ClassVar[str] = "people"
    id: int
    name: str = text(NAME_MAX, required=True)
    role: str = text(SHORT_MAX, default="", may_omit=True)
    org: str = text(SHORT_MAX, label="organisation", default="", may_omit=True)
    decider: bool = flag(default=False)
    stance: Stance = choice(Stance, default=Stance.UNKNOWN)
    notes: str = text(NOTE_MAX, multiline=True, default="", may_omit=True)
    tags: tuple[str, ...] = labels(TAG_MAX, label="a tag", default=(), may_omit=True)
    last_contact: date | None = day(optional=True, default=None, may_omit=True)
    created: datetime = moment(default_factory=now)
    updated: datetime = moment(default_factory=now)
    email: str = email_address(
        EMAIL_MAX,
        shape=EMAIL_SHAPE,
        message="Email should look like name@example.org, not {text!r}",
        default="",
        may_omit=True,
    )


@record
class StanceChange(Record):
    """One entry of the stance log."""

    TABLE: ClassVar[str] = "stance_log"
    id: int
    person: int = ref("people")
    stance: Stance = choice(Stance)
    at: datetime = moment(default_factory=now)
    meeting: int | None = ref("meetings", optional=True, default=None, may_omit=True)
    note: str = text(NOTE_MAX, multiline=True, default="", may_omit=True)


@record
class Tie(Record):
    """A directed tie: source defers to / listens to / trusts target."""

    TABLE: ClassVar[str] = "ties"
    id: int
    source: int = ref("people")
    target: int = ref("people")
    kind: TieKind = choice(TieKind)
    strength: int = whole(1, 3, message="Strength must be 1, 2 or 3", default=1, may_omit=True)
    note: str = text(SHORT_MAX, default="", may_omit=True)

    def across_fields(self) -> Tie:
        if self.source == self.target:
            raise ValidationError("target", "A person cannot have a tie to themselves")
        return self


@record
class Interest(Record):
    """Something a person wants: part of their agenda."""

    TABLE: ClassVar[str] = "interests"
    id: int
    person: int = ref("people")
    text: str = text(SHORT_MAX, required=True)
    priority: int = whole(
        1, 3, message="Priority must be 1, 2 or 3 (3 is high)", default=2, may_omit=True
    )
    learned_from: int | None = ref("people", optional=True, default=None, may_omit=True)
    status: InterestStatus = choice(InterestStatus, default=InterestStatus.OPEN)
    created: datetime = moment(default_factory=now)


@record
class Trade(Record):
    """A possible trade: what I offer for what I ask."""

    TABLE: ClassVar[str] = "trades"
    id: int
    person: int = ref("people")
    interest: int | None = ref("interests", optional=True, default=None, may_omit=True)
    offer: str = text(SHORT_MAX, required=True)
    ask: str = text(SHORT_MAX, default="")
    currency: Currency = choice(Currency, default=Currency.TASK)
    status: TradeStatus = choice(TradeStatus, default=TradeStatus.IDEA)
    created: datetime = moment(default_factory=now)
    updated: datetime = moment(default_factory=now)


@record
class Win(Record):
    """A small win: a card on the board."""

    TABLE: ClassVar[str] = "wins"
    id: int
    title: str = text(TITLE_MAX, required=True)
    column: Column = choice(Column, default=Column.POSSIBLE)
    position: int = whole(default=0)
    people: tuple[int, ...] = ids("people", default=(), may_omit=True)
    trade: int | None = ref("trades", optional=True, default=None, may_omit=True)
    builds_on: int | None = ref("wins", optional=True, default=None, may_omit=True)
    due: date | None = day(optional=True, default=None, may_omit=True)
    won_at: datetime | None = moment(optional=True, default=None, may_omit=True)
    notes: str = text(NOTE_MAX, multiline=True, default="", may_omit=True)
    created: datetime = moment(default_factory=now)
    updated: datetime = moment(default_factory=now)

    def across_fields(self) -> Win:
        if self.builds_on is not None and self.builds_on == self.id:
            raise ValidationError("builds_on", "A win cannot build on itself")
        return self


@record
class Meeting(Record):
    """A one-on-one or a group meeting."""

    TABLE: ClassVar[str] = "meetings"
    id: int
    title: str = text(TITLE_MAX, required=True)
    kind: MeetingKind = choice(MeetingKind, default=MeetingKind.ONE_ON_ONE)
    start: datetime = moment()
    minutes: int = whole(
        1, 24 * 60, message="Duration must be between 1 minute and 24 hours", default=30
    )
    attendees: tuple[int, ...] = ids("people", default=())
    status: MeetingStatus = choice(MeetingStatus, default=MeetingStatus.PLANNED)
    outcome: str = text(NOTE_MAX, multiline=True, default="", may_omit=True)
    looked_to: tuple[int, ...] = ids("people", default=(), may_omit=True)
    created: datetime = moment(default_factory=now)
    updated: datetime = moment(default_factory=now)
    uid: str = identifier(UID_MAX, label="calendar UID", default_factory=new_uid)
    sequence: int = whole(
        0, message="The calendar sequence cannot be negative", default=0, may_omit=True
    )

    def across_fields(self) -> Meeting:
        if not self.attendees:
            raise ValidationError("attendees", "A meeting needs at least one attendee")
        one = len(set(self.attendees)) == 1
        return self.replace(kind=MeetingKind.ONE_ON_ONE if one else MeetingKind.GROUP)


@record
class Review(Record):
    """A weekly review marked done."""

    TABLE: ClassVar[str] = "reviews"
    id: int
    at: date = day()
    notes: str = text(NOTE_MAX, multiline=True, default="", may_omit=True)


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
