"""Turning protection on and off: the plan and every backup, encrypted or decrypted together.

Each operation holds the plan's lock (no planner may have it open), checks the
plan before touching anything, and writes every file atomically, in an order
that a crash cannot turn into a plan without a key:

* protect: the key first, then each backup, then the plan;
* unprotect: the plan first, then each backup, then the key is removed.

A protect interrupted half-way is finished by running it again with the same
passphrase (the key already on disk is reused, not replaced).
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Iterator
from pathlib import Path

from allies.store.crypto import (
    PlanKey,
    ProtectionError,
    check_new_passphrase,
    is_sealed,
    key_path,
    read_key,
)
from allies.store.errors import UnsafeFileError
from allies.store.plan_file import load
from allies.store.storage import PlanLock, atomic_write, plan_backups, read_regular


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[Path]:
    path = path.expanduser().resolve()
    lock = PlanLock(path)
    lock.acquire()
    try:
        yield path
    finally:
        lock.release()


def _read(path: Path) -> bytes:
    """A plan's or backup's bytes: a regular file only (never blocks on a FIFO)."""
    try:
        return read_regular(path)[0]
    except UnsafeFileError as exc:
        raise ProtectionError(str(exc)) from None
    except FileNotFoundError:
        raise ProtectionError(f"there is no plan at {path}") from None
    except OSError as exc:
        raise ProtectionError(f"cannot read {path}: {exc.strerror}") from None


def is_protected(path: Path) -> bool:
    """Whether the plan at ``path`` is stored encrypted (False for no file, or not a file)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as f:
            return is_sealed(f.read(64))
    except OSError:
        return False


def key_opens(path: Path, key: PlanKey) -> bool:
    """Whether ``key`` decrypts the plan at ``path`` (a remembered key may be out of date)."""
    return key.opens(_read(path))


def protect(path: Path, passphrase: str) -> int:
    """Encrypt the plan and its backups; the number of backups encrypted."""
    check_new_passphrase(passphrase)
    with _locked(path) as path:
        raw = _read(path)
        if is_sealed(raw):
            raise ProtectionError(
                f"{path} is already protected (to change the passphrase: --change)"
            )
        loaded = load(raw)
        if loaded.problems:
            raise ProtectionError(f"{path} has problems, fix them first: {loaded.problems[0]}")
        if key_path(path).exists():  # an earlier protect was interrupted: finish it with its key
            key = read_key(path, passphrase)
        else:
            key = PlanKey.generate()
            atomic_write(key_path(path), key.lock(passphrase), tighten_folder=False)
        sealed = 0
        for backup in plan_backups(path):
            data = _read(backup)
            if not is_sealed(data):
                atomic_write(backup, key.seal(data))
                sealed += 1
        atomic_write(path, key.seal(raw), tighten_folder=False)
        return sealed


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Lock the same key with a new passphrase (the plan and backups are not rewritten)."""
    check_new_passphrase(new)
    with _locked(path) as path:
        if not is_sealed(_read(path)):
            raise ProtectionError(f"{path} is not protected")
        key = read_key(path, old)
        atomic_write(key_path(path), key.lock(new), tighten_folder=False)


def unprotect(path: Path, passphrase: str) -> int:
    """Decrypt the plan and its backups and remove the key; the number of backups decrypted."""
    with _locked(path) as path:
        raw = _read(path)
        if not is_sealed(raw):
            raise ProtectionError(f"{path} is not protected")
        key = read_key(path, passphrase)
        plain = key.open(raw)
        if load(plain).problems:
            raise ProtectionError(f"{path} decrypts to a plan with problems; left as it is")
        atomic_write(path, plain, tighten_folder=False)
        opened = 0
        for backup in plan_backups(path):
            data = _read(backup)
            if is_sealed(data):
                with contextlib.suppress(ProtectionError):  # another key's: left as it is
                    atomic_write(backup, key.open(data))
                    opened += 1
        key_path(path).unlink()
        return opened
