"""Protected plans: the key, protect / change / unprotect, and a protected plan opened and saved."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allies.store.crypto import (
    NeedsKeyError,
    PlanKey,
    ProtectionError,
    WrongPassphraseError,
    is_sealed,
    key_path,
    plain,
    read_key,
    remember_key,
)
from allies.store.errors import BadPlanError
from allies.store.model import Stance
from allies.store.protection import change_passphrase, is_protected, protect, unprotect
from allies.store.repository import Repository
from allies.store.storage import plan_backups

PASS = "correct horse battery"
MARKER = "Zyxwvut Quillfeather"  # a name that must never appear on disk in the clear


def _plan(path: Path, opens: int = 2) -> None:
    """A plan with a marked person, opened ``opens`` times (each open after the first backs
    up: the plan is changed each time, as a backup is made only of a changed plan)."""
    repo = Repository.open(path, title="Secret plan", agenda="Win the vote")
    repo.add_person(MARKER, role="Treasurer", stance=Stance.OPPOSED)
    repo.close()
    for i in range(opens - 1):
        with Repository.open(path) as again:
            again.update_meta(agenda=f"Win the vote, take {i + 2}")


@pytest.fixture(scope="module")
def protected_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PlanKey]:
    """A protected plan with one backup, and its unlocked key (scrypt is slow: done once)."""
    folder = tmp_path_factory.mktemp("protected")
    path = folder / "plan.json"
    _plan(path, opens=2)
    protect(path, PASS)
    return folder, read_key(path, PASS)


@pytest.fixture
def protected(protected_template: tuple[Path, PlanKey], tmp_path: Path) -> tuple[Path, PlanKey]:
    """A fresh copy of the protected plan (in ``tmp_path/plan``) and its key."""
    folder, key = protected_template
    shutil.copytree(folder, tmp_path / "plan")
    return tmp_path / "plan" / "plan.json", key


def _cleartext_anywhere(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes()]


def test_a_key_seals_and_opens_and_its_lock_needs_the_passphrase() -> None:
    key = PlanKey.generate()
    sealed = key.seal(b'{"x": 1}')
    assert is_sealed(sealed) and b'"x"' not in sealed
    assert key.open(sealed) == b'{"x": 1}'
    locked = key.lock(PASS)
    assert is_sealed(locked)
    assert PlanKey.unlock(locked, PASS).recipient == key.recipient
    with pytest.raises(WrongPassphraseError):
        PlanKey.unlock(locked, "not the passphrase")


def test_a_tampered_plan_fails_authentication() -> None:
    key = PlanKey.generate()
    sealed = bytearray(key.seal(b'{"people": {}}' * 50))
    sealed[-5] ^= 1
    with pytest.raises(ProtectionError, match="changed or damaged"):
        key.open(bytes(sealed))


def test_another_keys_plan_does_not_open() -> None:
    with pytest.raises(ProtectionError):
        PlanKey.generate().open(PlanKey.generate().seal(b"{}"))


@pytest.mark.parametrize("damage", [b"", b"not age at all", b"age-encryption.org/v1\n-> junk"])
def test_a_damaged_key_file_is_a_clear_error(damage: bytes) -> None:
    with pytest.raises(ProtectionError) as exc:
        PlanKey.unlock(damage, PASS)
    assert not isinstance(exc.value, WrongPassphraseError) or damage.startswith(b"age")


def test_a_key_file_holding_no_age_key_is_damaged() -> None:
    from pyrage import passphrase

    with pytest.raises(ProtectionError, match="damaged"):
        PlanKey.unlock(passphrase.encrypt(b"hello", PASS), PASS)


@pytest.mark.parametrize("weak", ["short", "  padded passphrase  "])
def test_a_weak_passphrase_is_refused_before_anything_changes(tmp_path: Path, weak: str) -> None:
    path = tmp_path / "plan.json"
    _plan(path)
    before = path.read_bytes()
    with pytest.raises(ProtectionError):
        protect(path, weak)
    assert path.read_bytes() == before
    assert not key_path(path).exists()


def test_protect_encrypts_the_plan_and_every_backup(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    _plan(path, opens=3)
    assert len(plan_backups(path)) == 2
    assert protect(path, PASS) == 2
    assert is_protected(path)
    assert all(is_sealed(b.read_bytes()) for b in plan_backups(path))
    assert _cleartext_anywhere(tmp_path) == []
    assert os.stat(key_path(path)).st_mode & 0o777 == 0o600
    assert os.stat(path).st_mode & 0o777 == 0o600
    # the backups decrypt to plans, with the same key
    key = read_key(path, PASS)
    for backup in plan_backups(path):
        assert MARKER in json.loads(key.open(backup.read_bytes()))["people"]["1"]["name"]


def test_a_protected_plan_opens_only_with_its_key_and_saves_encrypted(
    protected: tuple[Path, PlanKey], tmp_path: Path
) -> None:
    path, key = protected
    with pytest.raises(NeedsKeyError):
        Repository.open(path)
    repo = Repository.open(path, key=key)
    assert repo.protected
    person = next(iter(repo.people.values()))
    assert person.name == MARKER
    repo.set_stance(person.id, Stance.NEUTRAL)
    repo.undo()
    repo.set_stance(person.id, Stance.SUPPORTIVE)
    repo.close()
    assert is_sealed(path.read_bytes())
    assert _cleartext_anywhere(tmp_path) == []
    again = Repository.open(path, key=key, read_only=True)
    assert next(iter(again.people.values())).stance is Stance.SUPPORTIVE
    again.close()


def test_a_remembered_key_opens_the_plan(protected: tuple[Path, PlanKey]) -> None:
    path, key = protected
    with pytest.raises(NeedsKeyError):
        plain(path, path.read_bytes())
    remember_key(path, key)
    assert b'"people"' in plain(path, path.read_bytes())
    Repository.open(path, read_only=True).close()


def test_a_tampered_protected_plan_is_reported_and_left_untouched(
    protected: tuple[Path, PlanKey],
) -> None:
    path, key = protected
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(data))
    with pytest.raises(BadPlanError, match="changed or damaged"):
        Repository.open(path, key=key)
    assert path.read_bytes() == bytes(data)


def test_wrong_passphrase_and_missing_key_change_nothing(
    protected: tuple[Path, PlanKey], tmp_path: Path
) -> None:
    path, _ = protected
    files = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(WrongPassphraseError):
        unprotect(path, "wrong passphrase!")
    with pytest.raises(WrongPassphraseError):
        change_passphrase(path, "wrong passphrase!", "another good one")
    key_path(path).rename(tmp_path / "elsewhere")
    with pytest.raises(ProtectionError, match="missing"):
        read_key(path, PASS)
    (tmp_path / "elsewhere").rename(key_path(path))
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == files


def test_change_passphrase_keeps_the_data_and_the_key(protected: tuple[Path, PlanKey]) -> None:
    path, key = protected
    before = path.read_bytes()
    recipient = key.recipient
    change_passphrase(path, PASS, "a new passphrase")
    assert path.read_bytes() == before
    assert read_key(path, "a new passphrase").recipient == recipient
    with pytest.raises(WrongPassphraseError):
        read_key(path, PASS)


def test_protect_unprotect_protect_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    _plan(path, opens=2)
    original = path.read_bytes()
    protect(path, PASS)
    with pytest.raises(ProtectionError, match="already protected"):
        protect(path, PASS)
    assert unprotect(path, PASS) == 1
    assert path.read_bytes() == original
    assert not key_path(path).exists()
    assert not any(is_sealed(b.read_bytes()) for b in plan_backups(path))
    with pytest.raises(ProtectionError, match="not protected"):
        unprotect(path, PASS)
    protect(path, "second passphrase")
    assert is_protected(path)
    assert read_key(path, "second passphrase").open(path.read_bytes()) == original


def test_an_interrupted_protect_is_finished_with_the_same_key(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    _plan(path, opens=2)
    key = PlanKey.generate()
    key_path(path).write_bytes(key.lock(PASS))  # protect died after writing the key
    backup = plan_backups(path)[0]
    backup.write_bytes(key.seal(backup.read_bytes()))  # ... and sealing the backup
    with pytest.raises(WrongPassphraseError):
        protect(path, "some other passphrase")
    assert not is_sealed(path.read_bytes())
    protect(path, PASS)
    assert read_key(path, PASS).recipient == key.recipient
    assert key.open(path.read_bytes())  # the backup and the plan share the key


def test_a_plan_with_problems_is_not_protected(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("{ not json")
    with pytest.raises(ProtectionError, match="problems"):
        protect(path, PASS)
    assert path.read_text() == "{ not json"


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_round_trip(data: bytes) -> None:
    key = PlanKey.generate()
    assert key.open(key.seal(data)) == data


def test_a_fifo_as_the_plan_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    os.mkfifo(path)
    with pytest.raises(ProtectionError, match="not a plan file"):
        protect(path, PASS)
