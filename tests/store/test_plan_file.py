"""Bad files are reported (what, where, and where the backups are) and never touched."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from allies.store.errors import BadPlanError, ReadOnlyError
from allies.store.model import SCHEMA, Tie, TieKind
from allies.store.plan_file import load
from allies.store.repository import Repository
from allies.store.storage import backups_dir

Data = dict[str, Any]


def good_plan(path: Path) -> Data:
    """A small valid plan on disk; returns its data."""
    with Repository.open(path, title="Good", backup=False) as repo:
        dana = repo.add_person("Dana")
        lee = repo.add_person("Lee")
        repo.add(Tie(id=0, source=dana.id, target=lee.id, kind=TieKind.DEFERS_TO))
    data: Data = json.loads(path.read_bytes())
    return data


def set_field(table: str, doc: str, name: str, value: Any) -> Callable[[Data], Any]:
    def mutate(data: Data) -> Any:
        data[table][doc][name] = value
        return data

    return mutate


def drop_field(table: str, doc: str, name: str) -> Callable[[Data], Any]:
    def mutate(data: Data) -> Any:
        del data[table][doc][name]
        return data

    return mutate


def drop(table: str) -> Callable[[Data], Any]:
    def mutate(data: Data) -> Any:
        del data[table]
        return data

    return mutate


BAD_FILES: list[tuple[str, bytes | Callable[[Data], Any], list[str]]] = [
    ("not JSON", b'{"meta": {"1": {"title": "Good"', ["not valid JSON", "line 1"]),
    ("empty", b"", ["the file is empty"]),
    ("only whitespace", b"  \n\n", ["the file is empty"]),
    ("not UTF-8", b'{"meta": "\xff\xfe"}', ["not valid JSON"]),
    ("top-level list", lambda data: [data], ["top level should be an object"]),
    ("top-level string", b'"plan"', ["top level should be an object"]),
    (
        "stance angry",
        set_field("people", "1", "stance", "angry"),
        ["table 'people', record 1", "field 'stance'", "'angry'", "supportive"],
    ),
    (
        "decider yes",
        set_field("people", "2", "decider", "yes"),
        ["table 'people', record 2", "field 'decider'", "true or false", "'yes'"],
    ),
    (
        "strength as text",
        set_field("ties", "1", "strength", "3"),
        ["table 'ties', record 1", "field 'strength'", "whole number"],
    ),
    (
        "strength out of range",
        set_field("ties", "1", "strength", 7),
        ["table 'ties', record 1", "Strength must be 1, 2 or 3"],
    ),
    (
        "created not a date",
        set_field("people", "1", "created", "last tuesday"),
        ["table 'people', record 1", "field 'created'", "'last tuesday'"],
    ),
    (
        "name missing",
        drop_field("people", "1", "name"),
        ["table 'people', record 1", "field 'name' is missing"],
    ),
    (
        "empty name",
        set_field("people", "1", "name", "   "),
        ["table 'people', record 1", "Name cannot be empty"],
    ),
    (
        "tie to person 99",
        set_field("ties", "1", "target", 99),
        ["table 'ties', record 1", "field 'target'", "people 99", "does not exist"],
    ),
    ("missing meta", drop("meta"), ["table 'meta' is missing"]),
    ("empty meta", lambda data: {**data, "meta": {}}, ["table 'meta' is missing or empty"]),
    (
        "meta title a number",
        set_field("meta", "1", "title", 42),
        ["table 'meta'", "field 'title'", "should be text"],
    ),
    (
        "schema not a number",
        set_field("meta", "1", "schema", "one"),
        ["table 'meta'", "field 'schema'"],
    ),
    (
        "table not an object",
        lambda data: {**data, "people": [data["people"]["1"]]},
        ["table 'people' should be an object of records"],
    ),
    (
        "record id not a number",
        lambda data: {**data, "people": {"dana": data["people"]["1"]}},
        ["table 'people'", "'dana' is not a number"],
    ),
    (
        "record not an object",
        lambda data: {**data, "ties": {"1": "Dana→Lee"}},
        ["table 'ties', record 1", "should be an object"],
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [pytest.param(content, expected, id=name) for name, content, expected in BAD_FILES],
)
def test_a_bad_file_is_reported_and_left_byte_identical(
    tmp_path: Path, content: bytes | Callable[[Data], Any], expected: list[str]
) -> None:
    plan = tmp_path / "plan.json"
    data = good_plan(plan)
    raw = (
        content if isinstance(content, bytes) else json.dumps(content(copy.deepcopy(data))).encode()
    )
    plan.write_bytes(raw)
    for read_only in (False, True):
        with pytest.raises(BadPlanError) as info:
            Repository.open(plan, read_only=read_only)
        message = str(info.value)
        for part in expected:
            assert part in message
        assert str(plan) in message
        assert str(backups_dir(plan)) in message
        assert "left untouched" in message
    assert plan.read_bytes() == raw
    assert not backups_dir(plan).exists()  # nothing was written, not even a backup
    Repository.open(plan.with_name("other.json"), title="Other").close()  # lock was released
    plan.write_bytes(json.dumps(data).encode())  # once repaired, it opens
    with Repository.open(plan) as repo:
        assert repo.meta.title == "Good"


def test_every_problem_is_listed_for_allies_check(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    data = good_plan(plan)
    data["people"]["1"]["stance"] = "angry"
    data["people"]["2"]["decider"] = "yes"
    data["ties"]["1"]["kind"] = "adores"
    loaded = load(json.dumps(data).encode())
    assert loaded.problems == [
        "table 'people', record 1: field 'stance' should be one of opposed, skeptical, "
        "neutral, supportive, champion, unknown, not 'angry'",
        "table 'people', record 2: field 'decider' should be true or false, not 'yes'",
        "table 'ties', record 1: field 'kind' should be one of defers_to, listens_to, "
        "trusts, not 'adores'",
    ]
    plan.write_text(json.dumps(data))
    with pytest.raises(BadPlanError, match=r"not 'angry' \(and 2 more\)"):
        Repository.open(plan)


def test_a_newer_schema_opens_read_only_and_is_never_written(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    data = good_plan(plan)
    data["meta"]["1"]["schema"] = SCHEMA + 1
    data["meta"]["1"]["colour"] = "teal"  # a field this version does not know
    data["people"]["1"]["pronouns"] = "she/her"
    data["sessions"] = {"1": {"what": "a table from the future"}}
    raw = json.dumps(data).encode()
    plan.write_bytes(raw)
    with Repository.open(plan) as repo:
        assert repo.read_only
        assert repo.newer_schema
        assert repo.schema == SCHEMA + 1
        assert [p.name for p in repo.people.values()] == ["Dana", "Lee"]
        with pytest.raises(ReadOnlyError):
            repo.add_person("Sam")
        with pytest.raises(ReadOnlyError):
            repo.update_meta(title="Mine now")
    assert plan.read_bytes() == raw


def test_a_good_plan_checks_clean(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    good_plan(plan)
    loaded = load(plan.read_bytes())
    assert loaded.problems == []
    assert loaded.meta is not None and loaded.meta.title == "Good"
    assert sorted(p.name for p in loaded.records["people"].values()) == ["Dana", "Lee"]


def test_a_newer_schema_with_unknown_values_still_opens_read_only(tmp_path: Path) -> None:
    """A future stance or a record this version cannot read is left out, not fatal."""
    plan = tmp_path / "plan.json"
    data = good_plan(plan)
    data["meta"]["1"]["schema"] = SCHEMA + 1
    data["people"]["1"]["stance"] = "ambivalent"  # a stance from the future
    raw = json.dumps(data).encode()
    plan.write_bytes(raw)
    with Repository.open(plan) as repo:
        assert repo.read_only
        assert [p.name for p in repo.people.values()] == ["Lee"]
        assert not any(t.source == 1 or t.target == 1 for t in repo.ties.values())
        assert repo.warnings and "newer Allies" in repo.warnings[0]
    assert plan.read_bytes() == raw
