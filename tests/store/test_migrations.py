"""An older plan opens, is migrated in memory, and is written at the new schema on save."""

from __future__ import annotations

import copy
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest

from allies.store.errors import BadPlanError
from allies.store.migrations import MigrationError, migrate
from allies.store.model import SCHEMA, MeetingKind, Stance
from allies.store.repository import Repository
from allies.store.storage import backups_dir

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema0_plan.json"


@pytest.fixture
def old_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.json"
    shutil.copyfile(FIXTURE, plan)
    return plan


def stored(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_bytes())
    return data


def test_the_fixture_really_is_schema_zero() -> None:
    data = stored(FIXTURE)
    assert "schema" not in data["meta"]["1"]
    assert all("kind" not in m for m in data["meetings"].values())
    assert all("tags" not in p for p in data["people"].values())
    assert "stance_log" not in data and "reviews" not in data


def test_a_schema_zero_plan_opens_migrated_and_untouched_until_saved(old_plan: Path) -> None:
    original = old_plan.read_bytes()
    with Repository.open(old_plan) as repo:
        assert repo.migrated_from == 0
        assert repo.schema == SCHEMA
        assert not repo.read_only
        assert repo.meta.title == "Pre-release plan"
        assert repo.meta.consensus_threshold == 0.75  # kept
        assert repo.meta.min_wins_before_group == 1  # defaulted
        assert repo.meta.last_review is None
        assert [p.name for p in repo.people.values()] == [
            "Dana Whitfield",
            "Lee Okafor",
            "Sam Reyes",
        ]
        assert all(p.tags == () for p in repo.people.values())
        assert repo.people[1].stance is Stance.SKEPTICAL
        assert repo.meetings[1].kind is MeetingKind.ONE_ON_ONE
        assert repo.meetings[2].kind is MeetingKind.GROUP
        assert dict(repo.stance_log) == {} and dict(repo.reviews) == {}
        assert repo.interests[1].learned_from == 2
        assert old_plan.read_bytes() == original  # opening alone writes nothing
    assert old_plan.read_bytes() == original
    (backup,) = backups_dir(old_plan).iterdir()
    assert backup.read_bytes() == original


def test_the_first_save_writes_the_current_schema_and_keeps_everything(old_plan: Path) -> None:
    original = old_plan.read_bytes()
    before = stored(old_plan)
    with Repository.open(old_plan) as repo:
        repo.set_stance(3, Stance.NEUTRAL)
    after = stored(old_plan)
    assert after["meta"]["1"]["schema"] == SCHEMA
    assert after["meta"]["1"]["consensus_threshold"] == 0.75
    assert [m["kind"] for m in after["meetings"].values()] == ["one_on_one", "group"]
    assert all(p["tags"] == [] for p in after["people"].values())
    assert [s["person"] for s in after["stance_log"].values()] == [3]
    assert after["reviews"] == {}
    for table in ("ties", "interests", "trades", "wins"):
        assert after[table] == before[table]
    assert after["people"]["1"] == {**before["people"]["1"], "tags": [], "email": ""}
    # the pre-migration file is kept in backups/
    (backup,) = backups_dir(old_plan).iterdir()
    assert backup.read_bytes() == original
    with Repository.open(old_plan) as reopened:
        assert reopened.migrated_from is None  # nothing left to migrate
        assert reopened.people[3].stance is Stance.NEUTRAL


def test_a_read_only_open_migrates_in_memory_only(old_plan: Path) -> None:
    original = old_plan.read_bytes()
    with Repository.open(old_plan, read_only=True) as repo:
        assert repo.migrated_from == 0
        assert repo.meetings[2].kind is MeetingKind.GROUP
    assert old_plan.read_bytes() == original
    assert not backups_dir(old_plan).exists()


def test_migrate_never_changes_the_data_it_is_given() -> None:
    data = stored(FIXTURE)
    pristine = copy.deepcopy(data)
    migrated = migrate(data, 0)
    assert data == pristine
    assert migrated["meta"]["1"]["schema"] == SCHEMA


def test_an_unknown_old_schema_is_reported_not_guessed(old_plan: Path) -> None:
    data = stored(old_plan)
    data["meta"]["1"]["schema"] = -1
    raw = json.dumps(data).encode()
    old_plan.write_bytes(raw)
    with pytest.raises(MigrationError, match="no migration from schema -1"):
        migrate(data, -1)
    with pytest.raises(BadPlanError, match="no migration from schema -1 to 0"):
        Repository.open(old_plan)
    assert old_plan.read_bytes() == raw


def test_a_schema_zero_plan_with_a_broken_table_is_reported(old_plan: Path) -> None:
    data = stored(old_plan)
    data["people"] = [data["people"]["1"]]
    raw = json.dumps(data).encode()
    old_plan.write_bytes(raw)
    with pytest.raises(BadPlanError, match="table 'people' should be an object of records"):
        Repository.open(old_plan)
    assert old_plan.read_bytes() == raw


def test_schema_one_meetings_get_a_stable_uid_and_people_an_email(old_plan: Path) -> None:
    """Schema 1 → 2: every meeting gets its own calendar identity, kept from then on."""
    with Repository.open(old_plan) as repo:
        repo.set_stance(3, Stance.NEUTRAL)  # the first save writes schema 2
    schema_one = stored(old_plan)
    for doc in schema_one["meetings"].values():
        del doc["uid"], doc["sequence"]
    for doc in schema_one["people"].values():
        del doc["email"]
    schema_one["meta"]["1"]["schema"] = 1
    old_plan.write_text(json.dumps(schema_one))
    with Repository.open(old_plan) as repo:
        assert repo.migrated_from == 1
        uids = [m.uid for m in repo.meetings.values()]
        assert len(set(uids)) == len(uids) == 2
        assert all(str(uuid.UUID(u)) == u for u in uids)
        assert all(m.sequence == 0 for m in repo.meetings.values())
        assert all(p.email == "" for p in repo.people.values())
        repo.set_stance(3, Stance.SUPPORTIVE)
    after = stored(old_plan)
    assert after["meta"]["1"]["schema"] == 2
    assert [m["uid"] for m in after["meetings"].values()] == uids
    with Repository.open(old_plan, read_only=True) as reopened:
        assert reopened.migrated_from is None
        assert [m.uid for m in reopened.meetings.values()] == uids  # stable from now on


def test_migrating_to_two_keeps_a_uid_already_there_and_leaves_bad_records_to_the_checks() -> None:
    data = {
        "meta": {"1": {"schema": 1}},
        "people": {"1": ["not", "an", "object"]},
        "meetings": {"1": {"uid": "kept@example.org"}, "2": {"uid": "  "}},
    }
    migrated = migrate(data, 1)
    assert migrated["meetings"]["1"] == {"uid": "kept@example.org", "sequence": 0}
    assert uuid.UUID(migrated["meetings"]["2"]["uid"])
    assert migrated["people"]["1"] == ["not", "an", "object"]
    assert migrated["meta"]["1"]["schema"] == 2
