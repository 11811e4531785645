"""Opening a plan the quick way gives exactly what checking every field gives.

store/fast_load.py builds a well-formed record in one step and hands anything
doubtful to the checking path (``from_doc`` + ``validate``). These tests hold
the two equal: on every record of the demo and the large plan, and on records
with each field made wrong, odd or borderline in turn.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from allies.store.demo import build_demo
from allies.store.errors import ValidationError
from allies.store.fast_load import builder
from allies.store.model import TABLES, Meeting, Person, Record, Stance, Tie, TieKind, Win
from allies.store.plan_file import load
from allies.store.repository import Repository
from tests.benchmarks.generate import generate

Data = dict[str, Any]


def checked(cls: type[Record], doc_id: int, doc: Any) -> Record:
    """The checking path, as it was before the quick one."""
    return cls.from_doc(doc_id, doc).validate()  # type: ignore[attr-defined,no-any-return]


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


@pytest.mark.parametrize("plan", ["demo_data", "large_data"])
def test_every_record_of_a_real_plan_is_built_the_quick_way_and_the_same(
    plan: str, request: pytest.FixtureRequest
) -> None:
    data: Data = request.getfixturevalue(plan)
    for name, cls in TABLES.items():
        assert data[name] or name == "reviews", f"the {plan} has no {name}"
        build = builder(cls)
        for key, doc in data[name].items():
            fast = build(int(key), doc)
            assert fast is not None, f"{name} {key} took the slow path"
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
def test_a_doubtful_record_takes_the_checking_path(table: str, demo_data: Data) -> None:
    """The quick way never accepts what the checks refuse, nor builds anything different."""
    cls = TABLES[table]
    build = builder(cls)
    docs = list(demo_data[table].items())[:3]
    if table == "reviews":  # the demo has none
        docs = [("1", {"at": "2026-11-30", "notes": "Weekly review"})]
    seen_fast = seen_refused = 0
    for key, doc in docs:
        for what, variant in variants(doc):
            doc_id = int(key)
            fast = build(doc_id, copy.deepcopy(variant))
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


def test_a_record_cleaning_would_change_is_cleaned_as_before() -> None:
    doc = {"source": 1, "target": 2, "kind": "trusts", "strength": 2, "note": " since 2019 "}
    assert builder(Tie)(1, doc) is None
    assert checked(Tie, 1, doc) == Tie(
        id=1, source=1, target=2, kind=TieKind.TRUSTS, strength=2, note="since 2019"
    )


def plan_with(tmp_path: Path, table: str, doc: Data) -> Data:
    with Repository.open(tmp_path / "plan.json", title="Good", backup=False) as repo:
        repo.add_person("Dana")
        repo.add_person("Lee")
    data: Data = json.loads((tmp_path / "plan.json").read_bytes())
    data[table] = {"1": doc}
    return data


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
def test_a_wrong_type_gets_the_same_message_as_before(
    tmp_path: Path, table: str, field: str, value: Any, message: str
) -> None:
    doc = {"source": 1, "target": 2, "kind": "trusts", "strength": 2, "note": ""}
    data = plan_with(tmp_path, table, {**doc, field: value})
    loaded = load(json.dumps(data).encode())
    assert loaded.problems == [f"table '{table}', record 1: {message}"]


def test_a_naive_time_is_given_the_local_offset_as_before(tmp_path: Path) -> None:
    meeting = {
        "title": "Budget",
        "kind": "group",
        "start": "2026-12-02T10:00:00",
        "minutes": 30,
        "attendees": [1, 2],
        "status": "planned",
        "outcome": "",
        "looked_to": [],
        "created": "2026-11-01T09:00:00+00:00",
        "updated": "2026-11-01T09:00:00",
        "uid": "0f9c5a52-3c7e-4d33-9b5e-0d4f5bd1e2a7",
        "sequence": 0,
    }
    loaded = load(json.dumps(plan_with(tmp_path, "meetings", meeting)).encode())
    assert loaded.problems == []
    got = loaded.records["meetings"][1]
    assert isinstance(got, Meeting)
    assert got.start.utcoffset() is not None and got.updated.utcoffset() is not None
    assert same(got, checked(Meeting, 1, meeting))


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


@pytest.mark.parametrize(
    "record",
    [
        Person(id=3, name="Dana", stance=Stance.CHAMPION, tags=("finance",)),
        Tie(id=1, source=1, target=2, kind=TieKind.TRUSTS),
        Win(id=5, title="Budget line", people=(1, 2), due=date(2026, 12, 24)),
    ],
)
def test_records_print_compare_and_hash_as_generated_dataclasses_do(record: Record) -> None:
    """The records share __repr__, __eq__ and __hash__ (cheaper to import): same results."""
    fields = dataclasses.fields(record)  # type: ignore[arg-type]
    twin_cls = dataclasses.make_dataclass(
        type(record).__name__, [(f.name, f.type) for f in fields], frozen=True
    )
    values = {f.name: getattr(record, f.name) for f in fields}
    twin = twin_cls(**values)
    assert repr(record) == repr(twin)
    assert hash(record) == hash(twin)
    again = dataclasses.replace(record)  # type: ignore[type-var]
    assert again == record and again is not record and hash(again) == hash(record)
    other = dataclasses.replace(record, id=record.id + 1)  # type: ignore[type-var]
    assert other != record
    assert record != twin  # another class is never equal, as with dataclasses
    assert len({record, again, other}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.id = 9  # type: ignore[misc]


def test_notes_on_several_lines_still_take_the_quick_way() -> None:
    doc = {
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
    fast = builder(Person)(4, doc)
    assert fast is not None and same(fast, checked(Person, 4, doc))
