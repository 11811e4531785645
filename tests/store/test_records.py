"""Records declared once: what each field's declaration makes a file mean.

Every table's fields are declared in store/model.py with the helpers of
store/fields.py. These tests hold what users and other tools rely on: which
fields an older file may leave out and what they then read as, the order
fields are stored in, the references between tables, the message a bad file
gets (naming the field), and that opening a plan the quick way (a column at a
time) gives exactly what checking every record one by one gives.
"""

from __future__ import annotations

import copy
import gc
import json
import pickle
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from allies.store.demo import build_demo
from allies.store.errors import ValidationError
from allies.store.model import (
    TABLES,
    Meeting,
    Meta,
    Person,
    Record,
    Stance,
    Tie,
    TieKind,
    Win,
)
from allies.store.plan_file import load
from allies.store.repository import Repository
from allies.store.text import NAME_MAX
from tests.benchmarks.generate import generate

Data = dict[str, Any]


def checked(cls: type[Record], doc_id: int, doc: Any) -> Record:
    """The checking path: every field read, then the record validated."""
    return cls.from_doc(doc_id, doc).validate()


def quick(cls: type[Record], doc_id: int, doc: Any) -> Record | None:
    found = cls.read_quickly([doc_id], [doc])
    return None if found is None else found[0]


def same(a: Record, b: Record) -> bool:
    """Equal, and equal in every detail == would let pass (types, time zones)."""
    return a == b and repr(a) == repr(b) and type(a) is type(b)


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Data:
    path = tmp_path_factory.mktemp("demo") / "plan.json"
    with Repository.open(path, title="Demo", backup=False) as repo:
        build_demo(repo, date(2026, 12, 2))
    data: Data = json.loads(path.read_bytes())
    return data


@pytest.fixture(scope="module")
def large_data(tmp_path_factory: pytest.TempPathFactory) -> Data:
    path = tmp_path_factory.mktemp("large") / "plan.json"
    generate(path, seed=1, today=date(2026, 11, 30))
    data: Data = json.loads(path.read_bytes())
    return data


def plan_with(tmp_path: Path, table: str, docs: dict[str, Any]) -> Data:
    """A good plan with Dana (1) and Lee (2), and ``docs`` as the whole of ``table``."""
    with Repository.open(tmp_path / "plan.json", title="Good", backup=False) as repo:
        repo.add_person("Dana")
        repo.add_person("Lee")
    data: Data = json.loads((tmp_path / "plan.json").read_bytes())
    data[table] = docs
    return data


def problems(data: Data) -> list[str]:
    return load(json.dumps(data).encode()).problems


PERSON = {
    "name": "Dana",
    "role": "VP Engineering",
    "org": "",
    "decider": True,
    "stance": "neutral",
    "notes": "Wants numbers.\nNot slides.",
    "tags": ["finance"],
    "last_contact": None,
    "created": "2026-11-01T09:00:00+00:00",
    "updated": "2026-11-01T09:00:00+00:00",
    "email": "dana@example.org",
}
TIE = {"source": 1, "target": 2, "kind": "trusts", "strength": 2, "note": ""}
MEETING = {
    "title": "Budget",
    "kind": "group",
    "start": "2026-12-02T10:00:00+01:00",
    "minutes": 30,
    "attendees": [1, 2],
    "status": "planned",
    "outcome": "",
    "looked_to": [],
    "created": "2026-11-01T09:00:00+00:00",
    "updated": "2026-11-01T09:00:00+00:00",
    "uid": "0f9c5a52-3c7e-4d33-9b5e-0d4f5bd1e2a7",
    "sequence": 0,
}


# ------------------------------------------------------- the file's contract

# The order each table's fields are stored in (docs/format.md): a record written
# back is byte for byte what it was.
STORED_ORDER = {
    "meta": "schema title agenda consensus_threshold min_wins_before_group last_review created",
    "people": "name role org decider stance notes tags last_contact created updated email",
    "stance_log": "person stance at meeting note",
    "ties": "source target kind strength note",
    "interests": "person text priority learned_from status created",
    "trades": "person interest offer ask currency status created updated",
    "wins": "title column position people trade builds_on due won_at notes created updated",
    "meetings": "title kind start minutes attendees status outcome looked_to created updated "
    "uid sequence",
    "reviews": "at notes",
}


@pytest.mark.parametrize("cls", [Meta, *TABLES.values()], ids=lambda c: c.TABLE)
def test_fields_are_stored_in_the_documented_order(cls: type[Record]) -> None:
    assert list(cls.FIELDS) == STORED_ORDER[cls.TABLE].split()


# What an older (or another tool's) file may leave out, and what it then means.
MAY_OMIT = {
    ("people", "role"): "",
    ("people", "org"): "",
    ("people", "notes"): "",
    ("people", "tags"): (),
    ("people", "last_contact"): None,
    ("people", "email"): "",
    ("stance_log", "meeting"): None,
    ("stance_log", "note"): "",
    ("ties", "strength"): 1,
    ("ties", "note"): "",
    ("interests", "priority"): 2,
    ("interests", "learned_from"): None,
    ("trades", "interest"): None,
    ("wins", "people"): (),
    ("wins", "trade"): None,
    ("wins", "builds_on"): None,
    ("wins", "due"): None,
    ("wins", "won_at"): None,
    ("wins", "notes"): "",
    ("meetings", "outcome"): "",
    ("meetings", "looked_to"): (),
    ("meetings", "sequence"): 0,
    ("reviews", "notes"): "",
}


@pytest.mark.parametrize(("table", "field"), list(MAY_OMIT))
def test_an_omitted_optional_field_reads_as_its_default(
    demo_data: Data, table: str, field: str
) -> None:
    cls = TABLES[table]
    key, doc = next(iter(demo_data[table].items())) if demo_data[table] else ("1", {})
    if table == "reviews":
        doc = {"at": "2026-11-30", "notes": "Weekly review"}
    without = {k: v for k, v in doc.items() if k != field}
    got = checked(cls, int(key), without)
    assert getattr(got, field) == MAY_OMIT[(table, field)]
    assert got == checked(cls, int(key), {**doc, field: got.to_doc()[field]})


@pytest.mark.parametrize("cls", list(TABLES.values()), ids=lambda c: c.TABLE)
def test_every_other_field_left_out_is_reported_by_name(demo_data: Data, cls: type[Record]) -> None:
    doc = next(iter(demo_data[cls.TABLE].values()), {"at": "2026-11-30", "notes": ""})
    required = [f for f in doc if (cls.TABLE, f) not in MAY_OMIT]
    assert required
    for field in required:
        with pytest.raises(ValidationError) as info:
            cls.from_doc(1, {k: v for k, v in doc.items() if k != field})
        assert info.value.field == field
        assert info.value.message == f"field '{field}' is missing"


def test_references_between_tables_are_the_documented_ones() -> None:
    assert {name: cls.REFS for name, cls in TABLES.items() if cls.REFS} == {
        "stance_log": {"person": "people", "meeting": "meetings"},
        "ties": {"source": "people", "target": "people"},
        "interests": {"person": "people", "learned_from": "people"},
        "trades": {"person": "people", "interest": "interests"},
        "wins": {"people": "people", "trade": "trades", "builds_on": "wins"},
        "meetings": {"attendees": "people", "looked_to": "people"},
    }


def test_a_too_long_name_in_a_file_is_refused_with_the_field_named(tmp_path: Path) -> None:
    long = {**PERSON, "name": "x" * (NAME_MAX + 1)}
    data = plan_with(tmp_path, "people", {"1": PERSON, "2": long})
    assert problems(data) == [
        f"table 'people', record 2: Name is too long ({NAME_MAX + 1} characters; "
        f"at most {NAME_MAX})"
    ]


@pytest.mark.parametrize(
    ("table", "doc", "field", "message"),
    [
        # The rule across fields comes first, then numbers, then lists, then text.
        ("meetings", {**MEETING, "attendees": [], "minutes": 0}, "attendees", "at least one"),
        ("meetings", {**MEETING, "minutes": 0, "sequence": -1}, "minutes", "Duration"),
        ("meetings", {**MEETING, "uid": " ", "title": ""}, "uid", "cannot be empty"),
        ("people", {**PERSON, "name": "", "tags": ["x" * 41]}, "tags", "A tag is too long"),
        ("people", {**PERSON, "name": "", "email": "nope"}, "name", "Name cannot be empty"),
        ("ties", {**TIE, "target": 1, "strength": 9}, "target", "themselves"),
    ],
)
def test_a_record_with_two_faults_reports_the_same_one_as_ever(
    table: str, doc: Data, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        checked(TABLES[table], 1, doc)
    assert info.value.field == field
    assert message in info.value.message


@pytest.mark.parametrize(
    ("table", "field", "value", "message"),
    [
        ("ties", "strength", "3", "field 'strength' should be a whole number, not '3'"),
        ("ties", "strength", True, "field 'strength' should be a whole number, not True"),
        ("ties", "strength", 7, "Strength must be 1, 2 or 3"),
        (
            "ties",
            "kind",
            "adores",
            "field 'kind' should be one of defers_to, listens_to, trusts, not 'adores'",
        ),
        ("ties", "target", 1, "A person cannot have a tie to themselves"),
        ("ties", "note", ["a"], "field 'note' should be text, not ['a']"),
    ],
)
def test_a_wrong_value_gets_its_message_naming_the_field(
    tmp_path: Path, table: str, field: str, value: Any, message: str
) -> None:
    data = plan_with(tmp_path, table, {"1": {**TIE, field: value}})
    assert problems(data) == [f"table '{table}', record 1: {message}"]


def test_one_odd_record_among_many_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    ties = {str(n): {**TIE, "note": f"tie {n}"} for n in range(1, 301)}
    ties["150"] = {**TIE, "strength": 7}
    ties["151"] = {**TIE, "note": "  padded  "}  # cleaned, not refused
    ties["0200"] = ties.pop("200")
    data = plan_with(tmp_path, "ties", ties)
    loaded = load(json.dumps(data).encode())
    assert loaded.problems == [
        "table 'ties', record 150: Strength must be 1, 2 or 3",
        "table 'ties': record id '0200' should be written '200' "
        "(plain digits 0-9, no leading zero)",
    ]
    got = loaded.records["ties"]
    assert len(got) == 298 and 150 not in got and 200 not in got
    assert got[151].note == "padded" and got[300].note == "tie 300"


def test_a_naive_time_is_given_the_local_offset(tmp_path: Path) -> None:
    meeting = {**MEETING, "start": "2026-12-02T10:00:00", "updated": "2026-11-01T09:00:00"}
    loaded = load(json.dumps(plan_with(tmp_path, "meetings", {"1": meeting})).encode())
    assert loaded.problems == []
    got = loaded.records["meetings"][1]
    assert isinstance(got, Meeting)
    assert got.start.utcoffset() is not None and got.updated.utcoffset() is not None
    assert same(got, checked(Meeting, 1, meeting))


# ------------------------------------------------------------ the records


@pytest.mark.parametrize(
    "record",
    [
        Person(id=3, name="Dana", stance=Stance.CHAMPION, tags=("finance",)),
        Tie(id=1, source=1, target=2, kind=TieKind.TRUSTS),
        Win(id=5, title="Budget line", people=(1, 2), due=date(2026, 12, 24)),
    ],
)
def test_records_are_immutable_values(record: Record) -> None:
    again = pickle.loads(pickle.dumps(record))
    assert again == record and hash(again) == hash(record) and repr(again) == repr(record)
    assert record.replace(id=record.id) is record  # nothing changed: the very record
    other = record.replace(id=record.id + 1)
    assert other != record and len({record, again, other}) == 2
    with pytest.raises(FrozenInstanceError):
        record.id = 9  # type: ignore[misc]


def test_a_time_made_without_an_offset_is_kept_in_the_local_zone() -> None:
    meeting = Meeting(id=1, title="M", start=datetime(2026, 1, 5, 10), attendees=(1,))
    assert meeting.validate().start.utcoffset() is not None
    aware = datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert meeting.replace(start=aware).validate().start is aware


# ------------------------------------------------ the quick way = the checking way


@pytest.mark.parametrize("plan", ["demo_data", "large_data"])
def test_every_table_of_a_real_plan_is_read_quickly_and_the_same(
    plan: str, request: pytest.FixtureRequest
) -> None:
    data: Data = request.getfixturevalue(plan)
    for name, cls in TABLES.items():
        assert data[name] or name == "reviews", f"the {plan} has no {name}"
        items = list(data[name].items())
        found = cls.read_quickly([int(k) for k, _ in items], [doc for _, doc in items])
        assert found is not None, f"{name}: the quick way gave up"
        for (key, doc), fast in zip(items, found, strict=True):
            assert same(fast, checked(cls, int(key), doc)), f"{name} {key}"


# Values to put in each field in turn: wrong types, edge values, text that cleaning changes.
ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2,
    3,
    4,
    1441,
    1.0,
    2.5,
    "",
    " ",
    "x",
    " padded ",
    "tab\there",
    "two\nlines",
    "cr\rhere",
    "esc\x1b[31mred",
    "bidi\u202eoverride",
    "nbsp\u00a0inside",
    "trailing nbsp\u00a0",
    "line\u2028separator",
    "emoji 🎉 and 名前",
    "x" * 41,
    "x" * 81,
    "x" * 121,
    "x" * 201,
    "x" * 4001,
    "a@b",
    "a@b@c",
    "a @b.org",
    " a@b.org",
    "@",
    "x" * 250 + "@b.org",
    "3",
    "neutral",
    "supportive",
    "group",
    "one_on_one",
    "trusts",
    "won",
    "held",
    "open",
    "agreed",
    "task",
    "2026-12-02",
    "2026-02-30",
    "2026-12-02T10:00:00+01:00",
    "2026-12-02T10:00:00",
    "2026-12-02 10:00",
    "last tuesday",
    [],
    [1],
    [1, 1],
    [1, 2],
    [1, "2"],
    [True],
    ["a"],
    ["a", ""],
    [" a"],
    ["a\tb"],
    ["x" * 41],
    {"a": 1},
]


def variants(doc: Data) -> Iterator[tuple[str, Any]]:
    """The document with each field given each odd value, dropped, and then a few wholes."""
    for field in doc:
        for value in ODD_VALUES:
            yield f"{field}={value!r}", {**doc, field: value}
        yield f"no {field}", {k: v for k, v in doc.items() if k != field}
    yield "extra field", {**doc, "colour": "teal"}
    yield "not an object", list(doc.values())
    yield "a string", "Dana→Lee"
    yield "null", None


@pytest.mark.parametrize("table", list(TABLES))
def test_a_doubtful_record_is_left_to_the_checking_way(table: str, demo_data: Data) -> None:
    """The quick way never accepts what the checks refuse, nor builds anything different."""
    cls = TABLES[table]
    docs = list(demo_data[table].items())[:3]
    if table == "reviews":  # the demo has none
        docs = [("1", {"at": "2026-11-30", "notes": "Weekly review"})]
    seen_fast = seen_refused = 0
    for key, doc in docs:
        for what, variant in variants(doc):
            doc_id = int(key)
            fast = quick(cls, doc_id, copy.deepcopy(variant))
            try:
                expected = checked(cls, doc_id, copy.deepcopy(variant))
            except ValidationError:
                assert fast is None, f"{table} {key} {what}: accepted, but the checks refuse it"
                seen_refused += 1
                continue
            if fast is not None:
                assert same(fast, expected), f"{table} {key} {what}"
                seen_fast += 1
    assert seen_fast and seen_refused


def test_text_cleaning_would_change_is_cleaned_the_checking_way() -> None:
    doc = {**TIE, "note": " since 2019 "}
    assert quick(Tie, 1, doc) is None
    assert checked(Tie, 1, doc) == Tie(
        id=1, source=1, target=2, kind=TieKind.TRUSTS, strength=2, note="since 2019"
    )


def test_notes_on_several_lines_are_read_quickly() -> None:
    fast = quick(Person, 4, PERSON)
    assert fast is not None and same(fast, checked(Person, 4, PERSON))


def test_reading_a_plan_leaves_garbage_collection_as_it_was(tmp_path: Path) -> None:
    raw = json.dumps(plan_with(tmp_path, "ties", {})).encode()
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    load(raw)
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # what it read is collectable as ever
    gc.disable()
    try:
        load(raw)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_a_plan_keeps_what_the_app_froze_frozen(tmp_path: Path) -> None:
    raw = json.dumps(plan_with(tmp_path, "ties", {})).encode()
    gc.freeze()  # as the app does after its first screen
    try:
        frozen = gc.get_freeze_count()
        load(raw)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
