"""Crash-safe, private storage of one plan file in TinyDB's JSON layout.

* The file is parsed once at open; TinyDB then reads from memory.
* Every save writes a temporary file beside the plan, flushes and fsyncs it,
  renames it over the plan and fsyncs the folder: a crash leaves the old plan
  or the new one, never a torn file.
* Everything created is private: files 0600, folders 0700, re-applied on save.
* An exclusive ``flock`` on ``<plan>.lock`` is held for the storage's lifetime.
* A backup copy is kept on every open (the last 10, in ``backups/``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from allies.store.errors import PlanLockedError, SaveError

try:  # orjson is several times faster on a large plan; json is the fallback.
    import orjson

    def _dumps(data: Any) -> bytes:
        raw: bytes = orjson.dumps(data, option=orjson.OPT_INDENT_2)
        return raw

    def _loads(raw: bytes) -> Any:
        return orjson.loads(raw)

except ImportError:  # pragma: no cover - exercised only without orjson
    import json

    def _dumps(data: Any) -> bytes:
        return json.dumps(data, indent=2, ensure_ascii=False).encode()

    def _loads(raw: bytes) -> Any:
        return json.loads(raw)


TMP_PREFIX = ".allies-tmp-"
BACKUPS_KEPT = 10
FILE_MODE = 0o600
DIR_MODE = 0o700


def dumps(data: Any) -> bytes:
    """Serialise a plan the way it is stored."""
    return _dumps(data)


def loads(raw: bytes) -> Any:
    """Parse a stored plan; raises ValueError with the position on bad JSON."""
    return _loads(raw)


def backups_dir(path: Path) -> Path:
    """Where backups of ``path`` are kept."""
    return path.parent / "backups"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


_UMASK = threading.Lock()


def ensure_private_dir(folder: Path, *, tighten: bool = True) -> None:
    """Create ``folder`` (and parents) readable by the owner only.

    With ``tighten``, an existing folder is made 0700 again — for the folders
    Allies owns (its data folder, ``backups/``, ``exports/``). Never a shared
    folder (sticky, like /tmp) or someone else's: a plan saved there must not
    lock others out.
    """
    with _UMASK:  # the umask is the process's: one thread at a time sets and restores it
        old = os.umask(0o077)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        finally:
            os.umask(old)
    if not tighten:
        return
    with contextlib.suppress(OSError):
        st = folder.stat()
        if st.st_mode & stat.S_ISVTX or st.st_uid != os.geteuid():
            return
        os.chmod(folder, DIR_MODE)


def atomic_write(path: Path, data: bytes, *, tighten_folder: bool = True) -> None:
    """Write ``data`` to ``path`` atomically and durably, mode 0600.

    ``tighten_folder``: re-apply 0700 to an existing folder (one Allies owns).

    On failure the old file is untouched, the temporary file removed, and
    :class:`SaveError` raised with a message for the user.
    """
    folder = path.parent
    tmp = folder / f"{TMP_PREFIX}{path.name}.{os.getpid()}"
    fd = -1
    try:
        ensure_private_dir(folder, tighten=tighten_folder)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        if exc.errno == errno.ENOSPC:
            reason = "the disk is full"
        raise SaveError(
            f"Could not save {path}: {reason}. Your change is kept; save again."
        ) from exc


def _backup_name(path: Path) -> str:
    """A regex for the names of ``path``'s backups (not another plan's: see make_backup)."""
    return re.escape(path.stem) + r"-\d{8}-\d{6}-\d{6}" + re.escape(path.suffix)


def remove_leftovers(path: Path) -> list[Path]:
    """Remove temporary files a crashed save left beside ``path`` or among its backups.

    Only this plan's: another plan in the same folder may be saving right now.
    """
    tmp = re.escape(TMP_PREFIX)
    places = (
        (path.parent, re.compile(tmp + re.escape(path.name) + r"\.\d+")),
        (backups_dir(path), re.compile(tmp + _backup_name(path) + r"\.\d+")),
    )
    removed = []
    for folder, pattern in places:
        try:
            names = [p for p in folder.iterdir() if pattern.fullmatch(p.name)]
        except OSError:
            continue
        for leftover in names:
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed


def plan_backups(path: Path) -> list[Path]:
    """This plan's backups, oldest first (not another plan's in the same folder)."""
    own = re.compile(_backup_name(path))
    try:
        return sorted(p for p in backups_dir(path).iterdir() if own.fullmatch(p.name))
    except OSError:
        return []


def make_backup(path: Path, raw: bytes, *, stamp: datetime | None = None) -> Path:
    """Copy the plan's bytes into ``backups/`` and keep only the newest ten."""
    folder = backups_dir(path)
    ensure_private_dir(folder)
    stamp = stamp or datetime.now()
    name = f"{path.stem}-{stamp:%Y%m%d-%H%M%S-%f}{path.suffix}"
    target = folder / name
    atomic_write(target, raw)
    # Only this plan's backups: "plan-old.json" is another plan's, not a backup of "plan.json".
    for old in plan_backups(path)[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


class BackupOnOpen:
    """The backup of a plan as opened, written in a thread while the app starts.

    Writing it (the whole file, made durable) need not hold back the first
    screen; whatever writes the plan or reports the open's problems waits for
    it first (:meth:`wait`), so the backup is always of the file as it was.
    """

    def __init__(self, path: Path, raw: bytes) -> None:
        self.problem: str | None = None
        self._thread = threading.Thread(
            target=self._write, args=(path, raw), name="allies-backup", daemon=False
        )
        self._thread.start()

    def _write(self, path: Path, raw: bytes) -> None:
        try:
            make_backup(path, raw)
        except (SaveError, OSError) as exc:  # OSError: the folder could not be made or listed
            cause = exc.__cause__ if isinstance(exc, SaveError) else exc
            reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else exc
            self.problem = f"No backup could be made on open ({reason})."

    def wait(self) -> str | None:
        """Wait until the backup is written; what went wrong, if anything."""
        self._thread.join()
        return self.problem


class PlanLock:
    """An exclusive ``flock`` on ``<plan>.lock``; the kernel drops it if we die."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        ensure_private_dir(self.path.parent, tighten=False)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise PlanLockedError(str(self.path.with_suffix("")), self.holder()) from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.chmod(self.path, FILE_MODE)
        self._fd = fd

    def holder(self) -> int | None:
        """The pid written by the process holding the lock, if readable."""
        try:
            return int(self.path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class AtomicStorage:
    """A TinyDB storage that serves the plan from memory and saves atomically.

    It has what TinyDB asks of a storage (``read``, ``write``, ``close``) without
    importing TinyDB's base class: TinyDB itself is loaded with the first change.

    Writes can be batched (``with storage.batch():``) so that one user action
    is one save. When a save fails, :attr:`dirty` stays true and the data stay
    in memory, so the next save (or :meth:`flush`) writes them.

    ``owns_folder`` may be a function, asked on the first save: whether the
    folder is Allies' own takes platformdirs, which opening need not wait for.
    """

    def __init__(
        self,
        path: Path,
        data: dict[str, Any],
        *,
        read_only: bool = False,
        owns_folder: bool | Callable[[], bool] = True,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._owns_folder = owns_folder
        self._data = data
        self._depth = 0
        self.dirty = False
        self.saves = 0
        self.before_save: Callable[[], object] | None = None
        """Called before each save: the backup made on open is written first."""
        self.seal: Callable[[bytes], bytes] | None = None
        """For a protected plan: encrypts the bytes of each save (no plaintext is written)."""

    @property
    def owns_folder(self) -> bool:
        """Whether the plan's folder is Allies' own (made 0700 again on every save)."""
        if not isinstance(self._owns_folder, bool):
            self._owns_folder = self._owns_folder()
        return self._owns_folder

    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self.dirty = True
        if self._depth == 0:
            self.flush()

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Writes inside are kept in memory, unsaved (``dirty``), until ``flush``."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group writes: the file is saved once, when the outermost batch ends."""
        with self.hold():
            yield
        if self._depth == 0 and self.dirty:
            self.flush()

    def flush(self) -> None:
        """Save now if anything changed; raises SaveError and stays dirty on failure."""
        if not self.dirty or self.read_only:
            return
        if self.before_save is not None:
            self.before_save()
        raw = dumps(self._data)
        if self.seal is not None:
            raw = self.seal(raw)
        atomic_write(self.path, raw, tighten_folder=self.owns_folder)
        self.dirty = False
        self.saves += 1

    def close(self) -> None:
        pass
