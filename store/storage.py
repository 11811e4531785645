"""Crash-safe, private storage of one plan file in TinyDB's JSON layout.

* The file is parsed once at open; TinyDB then reads from memory.
* Every save writes a temporary file beside the plan (a new, unpredictable name,
  created exclusively, never through a symbolic link), flushes and fsyncs it,
  renames it over the plan and fsyncs the folder: a crash leaves the old plan
  or the new one, never a torn file.
* Everything created is private: files 0600, folders 0700, re-applied on save.
* An exclusive ``flock`` on ``<plan>.lock`` is held for the storage's lifetime;
  the lock file is checked by inode before each save.
* The plan's identity (inode, size, mtime, hash) is remembered after each read
  and write and checked before each save: a plan changed under Allies is never
  overwritten (the change goes to a new file beside it).
* A backup copy is kept on open when the plan changed since the last one (the
  last 10, in ``backups/``).
* The plan's folder is treated as hostile: lock, temp and backup files are
  opened without following symbolic links, a ``backups/`` that is a link is not
  used, and anything but a regular file where one is expected is refused.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import secrets
import stat
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from allies.store.errors import (
    AlliesError,
    PlanChangedError,
    PlanLockedError,
    SaveError,
    UnsafeFileError,
)

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


MAX_PLAN_BYTES = 256 * 1024 * 1024
"""A plan larger than this is refused (a plan of 5,000 people is about 10 MB)."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def dumps(data: Any) -> bytes:
    """Serialise a plan the way it is stored."""
    return _dumps(data)


def loads(raw: bytes) -> Any:
    """Parse a stored plan; raises ValueError with the position on bad JSON."""
    return _loads(raw)


def digest(data: bytes) -> bytes:
    """The hash kept in a file's identity."""
    return hashlib.sha256(data).digest()


_HASHER: ThreadPoolExecutor | None = None
_HASHER_PID = 0


def digest_soon(data: bytes) -> Future[bytes]:
    """:func:`digest` in a thread: a save hashes what it writes while the disk syncs
    (hashlib lets go of the interpreter for large data), so the hash costs no time."""
    global _HASHER, _HASHER_PID
    if _HASHER is None or os.getpid() != _HASHER_PID:  # (a forked child makes its own)
        _HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="allies-hash")
        _HASHER_PID = os.getpid()
    return _HASHER.submit(digest, data)


def backups_dir(path: Path) -> Path:
    """Where backups of ``path`` are kept."""
    return path.parent / "backups"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return os.strerror(exc.errno) if exc.errno else str(exc)


@dataclass(frozen=True)
class FileIdentity:
    """Which file a path held when Allies read or wrote it, and what it held."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of(cls, st: os.stat_result, data: bytes, hashed: bytes | None = None) -> FileIdentity:
        """The identity of the file ``st`` describes, holding ``data`` (``hashed``: its
        digest, when already computed)."""
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, hashed or digest(data))

    def same_file(self, st: os.stat_result) -> bool:
        """Whether ``st`` (an lstat) is this file, unchanged as far as a stat can tell."""
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) == (
            self.dev,
            self.ino,
            self.size,
            self.mtime_ns,
        ) and stat.S_ISREG(st.st_mode)


def read_regular(path: Path, *, max_bytes: int | None = None) -> tuple[bytes, FileIdentity]:
    """Read a plan (or any file Allies expects to be a regular file) and its identity.

    Never blocks on a FIFO and never reads a device: anything but a regular file,
    and a file over ``max_bytes``, raises :class:`UnsafeFileError`; OSError as usual.
    """
    max_bytes = MAX_PLAN_BYTES if max_bytes is None else max_bytes
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | _CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFileError(f"{path} is {_kind(st.st_mode)}, not a plan file")
        if st.st_size > max_bytes:
            raise UnsafeFileError(
                f"{path} is too large to be a plan ({st.st_size // 2**20} MB; "
                f"at most {max_bytes // 2**20} MB)"
            )
        chunks = []
        total = 0
        while chunk := os.read(fd, max(st.st_size - total, 0) + 65536):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise UnsafeFileError(f"{path} grew too large while it was read")
        data = b"".join(chunks)
        # What was read, with the size and time it had then (growing files are caught
        # on save, by size or time).
        return data, FileIdentity.of(os.fstat(fd), data)
    finally:
        os.close(fd)


_UMASK = threading.Lock()


def _tighten(fd: int) -> None:
    """Make an open folder 0700 — only one of ours: not sticky (shared, like /tmp),
    not another user's."""
    st = os.fstat(fd)
    if st.st_mode & stat.S_ISVTX or st.st_uid != os.geteuid():
        return
    if stat.S_IMODE(st.st_mode) != DIR_MODE:
        os.fchmod(fd, DIR_MODE)


def ensure_private_dir(folder: Path, *, tighten: bool = True, refuse_link: bool = False) -> None:
    """Create ``folder`` (and parents) readable by the owner only.

    With ``tighten``, an existing folder is made 0700 again — for the folders
    Allies owns (its data folder, ``backups/``, ``exports/``). Never a shared
    folder (sticky, like /tmp), someone else's, or one reached through a symbolic
    link at its last step: its mode is left alone, and with ``refuse_link`` (a
    folder Allies makes beside the plan, such as ``exports/``) it is refused
    (:class:`UnsafeFileError`). A settings folder linked by a dotfile manager is
    used as it is.
    """
    with _UMASK:  # the umask is the process's: one thread at a time sets and restores it
        old = os.umask(0o077)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        finally:
            os.umask(old)
    if not tighten:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError as exc:
        linked = exc.errno == errno.ELOOP or (exc.errno == errno.ENOTDIR and folder.is_symlink())
        if linked and refuse_link:
            raise UnsafeFileError(
                f"{folder} is a symbolic link; Allies does not follow it for its own folders"
            ) from None
        return
    try:
        with contextlib.suppress(OSError):
            _tighten(fd)
    finally:
        os.close(fd)


def _open_dir(folder: Path) -> int:
    return os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)


def _open_subdir(parent_fd: int, name: str, where: Path, *, create: bool) -> int | None:
    """Open (making it, with ``create``) the folder ``name`` in an open folder, 0700.

    A symbolic link there is refused (:class:`UnsafeFileError`); None when it does
    not exist and ``create`` is false.
    """
    if create:
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, DIR_MODE, dir_fd=parent_fd)
    try:
        fd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent_fd)
    except FileNotFoundError:
        if create:
            raise
        return None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafeFileError(
                f"{where} is not a folder of Allies' (a symbolic link or a file); "
                "nothing was written there"
            ) from None
        raise
    with contextlib.suppress(OSError):
        _tighten(fd)
    return fd


def _temp_name(name: str) -> str:
    """A new temp file's name: recognisable (for clean-up) and unpredictable (48 random bits)."""
    return f"{TMP_PREFIX}{name}.{secrets.token_hex(6)}.tmp"


def _write_in(dir_fd: int, name: str, data: bytes) -> os.stat_result:
    """Write ``name`` in an open folder atomically and durably, 0600; its stat as written.

    The temp file is created exclusively (never an existing file, never through a
    symbolic link); on failure it is removed and the old file is untouched.
    """
    for attempt in range(3):
        tmp = _temp_name(name)
        try:
            fd = os.open(
                tmp,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
                FILE_MODE,
                dir_fd=dir_fd,
            )
            break
        except FileExistsError:  # something planted there: never used, another name
            if attempt == 2:
                raise
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fchmod(fd, FILE_MODE)
            os.fsync(fd)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise
    os.fsync(dir_fd)
    return st


def atomic_write(path: Path, data: bytes, *, tighten_folder: bool = True) -> os.stat_result:
    """Write ``data`` to ``path`` atomically and durably, mode 0600; the file's stat.

    ``tighten_folder``: re-apply 0700 to an existing folder (one Allies owns).
    A symbolic link at ``path`` is replaced, never written through.

    On failure the old file is untouched, the temporary file removed, and
    :class:`SaveError` raised with a message for the user.
    """
    try:
        ensure_private_dir(path.parent, tighten=tighten_folder)
        dir_fd = _open_dir(path.parent)
        try:
            return _write_in(dir_fd, path.name, data)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise SaveError(
            f"Could not save {path}: {_reason(exc)}. Your change is kept; save again."
        ) from exc
    except UnsafeFileError as exc:
        raise SaveError(f"Could not save {path}: {exc}. Your change is kept.") from exc


def _backup_name(path: Path) -> str:
    """A regex for the names of ``path``'s backups (not another plan's: see make_backup)."""
    return re.escape(path.stem) + r"-\d{8}-\d{6}-\d{6}" + re.escape(path.suffix)


def _temp_pattern(name_regex: str) -> re.Pattern[str]:
    """Temp files of one file: ours (random, ``.tmp``) and older versions' (``.<pid>``)."""
    return re.compile(re.escape(TMP_PREFIX) + name_regex + r"\.(?:[0-9a-f]{12}\.tmp|\d+)")


def remove_leftovers(path: Path) -> list[Path]:
    """Remove temporary files a crashed save left beside ``path`` or among its backups.

    Only this plan's: another plan in the same folder may be saving right now.
    A ``backups/`` that is a symbolic link is not looked into.
    """
    removed: list[Path] = []
    try:
        plan_fd = _open_dir(path.parent)
    except OSError:
        return removed
    try:
        _remove_matching(plan_fd, path.parent, _temp_pattern(re.escape(path.name)), removed)
        try:
            backups_fd = _open_subdir(plan_fd, "backups", backups_dir(path), create=False)
        except (OSError, UnsafeFileError):
            backups_fd = None
        if backups_fd is not None:
            try:
                pattern = _temp_pattern(_backup_name(path))
                _remove_matching(backups_fd, backups_dir(path), pattern, removed)
            finally:
                os.close(backups_fd)
    finally:
        os.close(plan_fd)
    return removed


def _remove_matching(dir_fd: int, folder: Path, pattern: re.Pattern[str], out: list[Path]) -> None:
    try:
        names = [n for n in os.listdir(dir_fd) if pattern.fullmatch(n)]
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)  # a link is removed, never followed
            out.append(folder / name)


def _same_content(dir_fd: int, name: str, data: bytes) -> bool:
    """Whether the regular file ``name`` holds exactly ``data``."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        offset = 0
        while chunk := os.read(fd, 1 << 20):
            if data[offset : offset + len(chunk)] != chunk:
                return False
            offset += len(chunk)
        return offset == len(data)
    except OSError:
        return False
    finally:
        os.close(fd)


def plan_backups(path: Path) -> list[Path]:
    """This plan's backups, oldest first (not another plan's in the same folder; none
    from a ``backups/`` that is a symbolic link)."""
    own = re.compile(_backup_name(path))
    folder = backups_dir(path)
    if folder.is_symlink():
        return []
    try:
        return sorted(p for p in folder.iterdir() if own.fullmatch(p.name))
    except OSError:
        return []


def plan_file_set(path: Path) -> list[Path]:
    """The files that belong to the plan at ``path``: itself, its lock, its key (protected
    plans), its backups, conflict copies and temp files (those that exist, besides the
    first three)."""
    from allies.store.crypto import key_path  # (crypto needs this module: imported here)

    path = path.expanduser().resolve()
    files = [path, lock_path(path), key_path(path)]
    temps = _temp_pattern(re.escape(path.name))
    backup_names = re.compile(_backup_name(path))
    backup_temps = _temp_pattern(_backup_name(path))
    conflicts = re.compile(
        re.escape(path.stem) + r"-conflict-\d{8}-\d{6}(?:-\d+)?" + re.escape(path.suffix)
    )
    with contextlib.suppress(OSError):
        files += [
            p
            for p in path.parent.iterdir()
            if temps.fullmatch(p.name) or conflicts.fullmatch(p.name)
        ]
    folder = backups_dir(path)
    if folder.is_dir() and not folder.is_symlink():
        with contextlib.suppress(OSError):
            files += [
                p
                for p in folder.iterdir()
                if backup_names.fullmatch(p.name) or backup_temps.fullmatch(p.name)
            ]
    return files


def is_plan_file(plan: Path, target: Path) -> bool:
    """Whether writing ``target`` would write one of the plan's own files (by name, through
    a symbolic link, or as a hard link to one): an export must never land there."""
    plan = plan.expanduser().resolve()
    target = target.expanduser()
    files = plan_file_set(plan)
    resolved = target.resolve()
    if resolved in files or resolved == backups_dir(plan):
        return True
    if resolved.parent == backups_dir(plan) and re.fullmatch(_backup_name(plan), resolved.name):
        return True
    try:
        st = os.stat(target)
    except OSError:
        return False
    for name in files:
        with contextlib.suppress(OSError):
            other = os.stat(name)
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                return True
    return False


def make_backup(path: Path, raw: bytes, *, stamp: datetime | None = None) -> Path:
    """Copy the plan's bytes into ``backups/`` and keep only the newest ten.

    When the newest backup already holds these bytes, it is kept as it is and no
    copy is written (a large plan opened again and again is backed up once).
    Raises SaveError on failure (``backups/`` a symbolic link, say).
    """
    folder = backups_dir(path)
    own = re.compile(_backup_name(path))
    try:
        plan_fd = _open_dir(path.parent)
        try:
            backups_fd = _open_subdir(plan_fd, "backups", folder, create=True)
        finally:
            os.close(plan_fd)
        assert backups_fd is not None
        try:
            # Only this plan's backups: "plan-old.json" is another plan's, not one of "plan.json".
            olds = sorted(n for n in os.listdir(backups_fd) if own.fullmatch(n))
            if olds and _same_content(backups_fd, olds[-1], raw):
                return folder / olds[-1]
            stamp = stamp or datetime.now()
            name = f"{path.stem}-{stamp:%Y%m%d-%H%M%S-%f}{path.suffix}"
            _write_in(backups_fd, name, raw)
            olds = sorted({*olds, name})
            for old in olds[:-BACKUPS_KEPT]:
                with contextlib.suppress(OSError):
                    os.unlink(old, dir_fd=backups_fd)
        finally:
            os.close(backups_fd)
    except OSError as exc:
        raise SaveError(f"Could not write a backup in {folder}: {_reason(exc)}") from exc
    except UnsafeFileError as exc:
        raise SaveError(f"Could not write a backup: {exc}") from exc
    return folder / name


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
        except (AlliesError, OSError) as exc:  # OSError: the folder could not be made or listed
            cause = exc.__cause__ if isinstance(exc, SaveError) else exc
            reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else exc
            self.problem = f"No backup could be made on open ({reason})."

    def wait(self) -> str | None:
        """Wait until the backup is written; what went wrong, if anything."""
        self._thread.join()
        return self.problem


class PlanLock:
    """An exclusive ``flock`` on ``<plan>.lock``; the kernel drops it if we die.

    The lock file must be a regular file with one name: a symbolic link, a hard
    link (to the plan, say) or a FIFO there is refused, never written through.
    The lock is held by inode: :meth:`still_held` says whether ``<plan>.lock``
    is still the file locked (a user may delete a "stale" lock, or replace it).
    """

    ATTEMPTS = 5

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fd: int | None = None
        self._inode: tuple[int, int] | None = None

    def acquire(self) -> None:
        """Take the lock; PlanLockedError when held, UnsafeFileError for a planted file,
        AlliesError naming the lock file when it cannot be made (a full disk)."""
        try:
            ensure_private_dir(self.path.parent, tighten=False)
        except OSError as exc:
            raise AlliesError(f"Cannot create the folder of {self.path}: {_reason(exc)}") from None
        for _ in range(self.ATTEMPTS):
            if self._try_acquire():
                return
        raise AlliesError(f"Cannot lock {self.path}: it keeps being replaced by another program")

    def _try_acquire(self) -> bool:
        flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC
        created = False
        try:
            try:
                fd = os.open(self.path, flags | os.O_EXCL, FILE_MODE)
                created = True
            except FileExistsError:
                fd = os.open(self.path, flags, FILE_MODE)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafeFileError(
                    f"{self.path} is a symbolic link, not a lock file; Allies did not open it. "
                    "Remove it and try again"
                ) from None
            raise AlliesError(f"Cannot create the lock file {self.path}: {_reason(exc)}") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
                what = _kind(st.st_mode) if not stat.S_ISREG(st.st_mode) else "a hard link"
                raise UnsafeFileError(
                    f"{self.path} is {what}, not a lock file; Allies did not write to it. "
                    "Remove it and try again"
                )
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise PlanLockedError(str(self.path.with_suffix("")), self.holder()) from None
                raise
            if not self._names(st):  # removed or replaced between open and lock: again
                os.close(fd)
                return False
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            os.fchmod(fd, FILE_MODE)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                if created and self._names(os.fstat(fd)):
                    os.unlink(self.path)  # a lock file made for nothing is not left behind
            with contextlib.suppress(OSError):
                os.close(fd)
            if isinstance(exc, OSError):
                raise AlliesError(f"Cannot lock {self.path}: {_reason(exc)}") from None
            raise
        self._fd = fd
        self._inode = (st.st_dev, st.st_ino)
        return True

    def _names(self, st: os.stat_result) -> bool:
        """Whether ``<plan>.lock`` is the file ``st`` describes."""
        try:
            now = os.stat(self.path, follow_symlinks=False)
        except OSError:
            return False
        return (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def still_held(self) -> bool:
        """Whether the lock file is still the one locked (not removed, not replaced)."""
        if self._fd is None or self._inode is None:
            return False
        try:
            now = os.stat(self.path, follow_symlinks=False)
        except OSError:
            return False
        return (now.st_dev, now.st_ino) == self._inode

    def renew(self) -> bool:
        """The lock file was removed or replaced: lock the file now there (or a new one).

        False when another process holds it: it may be writing the plan.
        """
        old = self._fd
        self._fd = None
        try:
            self.acquire()
        except AlliesError:
            self._fd = old  # still ours, for whatever it is worth; the caller stops saving
            return False
        if old is not None:
            with contextlib.suppress(OSError):
                os.close(old)
        return True

    def holder(self) -> int | None:
        """The pid written by the process holding the lock, if readable."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return int(os.read(fd, 64).split()[0])
        except (OSError, ValueError, IndexError):
            return None
        finally:
            os.close(fd)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def conflict_path(path: Path, stamp: datetime | None = None) -> Path:
    """A new file beside ``path`` for changes that must not overwrite it."""
    stamp = stamp or datetime.now()
    base = f"{path.stem}-conflict-{stamp:%Y%m%d-%H%M%S}"
    candidate = path.with_name(base + path.suffix)
    n = 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{base}-{n}{path.suffix}")
        n += 1
    return candidate


class AtomicStorage:
    """A TinyDB storage that serves the plan from memory and saves atomically.

    It has what TinyDB asks of a storage (``read``, ``write``, ``close``) without
    importing TinyDB's base class: TinyDB itself is loaded with the first change.

    Writes can be batched (``with storage.batch():``) so that one user action
    is one save. When a save fails, :attr:`dirty` stays true and the data stay
    in memory, so the next save (or :meth:`flush`) writes them.

    Before each save it checks that it may write the plan: the lock file is still
    the one locked (or, removed, can be locked again) and the plan is the file it
    read or last wrote (:class:`FileIdentity`: a stat, and the hash only when the
    stat differs). If not, the plan is left alone and this save and every later
    one go to a new file beside it (:attr:`diverted`), and
    :class:`PlanChangedError` says where, once.

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
        identity: FileIdentity | None = None,
        lock: PlanLock | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._owns_folder = owns_folder
        self._data = data
        self._depth = 0
        self.dirty = False
        self.saves = 0
        self.identity = identity
        """The plan as last read or written by this storage (None: not on disk yet)."""
        self.lock = lock
        self.diverted: Path | None = None
        """Where saves go since the plan changed under us (None: to the plan)."""
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

    def changed_on_disk(self) -> str | None:
        """Why the plan may not be written now (None: it may). A stat or two, a hash
        only when the stat differs."""
        if self.lock is not None and not self.lock.still_held() and not self.lock.renew():
            return "its lock file was removed or replaced, and another program now holds it"
        try:
            st = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return None if self.identity is None else "it was moved or deleted"
        except OSError as exc:
            return f"it cannot be checked ({_reason(exc)})"
        if self.identity is None:
            return "another program created it meanwhile"
        if self.identity.same_file(st):
            return None
        if stat.S_ISREG(st.st_mode) and st.st_size == self.identity.size:
            with contextlib.suppress(OSError, AlliesError):
                _, identity = read_regular(self.path)
                if identity.digest == self.identity.digest:  # touched, not changed
                    self.identity = identity
                    return None
        return "another program (or another Allies) changed it since Allies last read or saved it"

    def flush(self) -> None:
        """Save now if anything changed; raises SaveError and stays dirty on failure."""
        if not self.dirty or self.read_only:
            return
        if self.before_save is not None:
            self.before_save()
        data = self._bytes()
        if self.diverted is None and (why := self.changed_on_disk()) is not None:
            target = conflict_path(self.path)
            atomic_write(target, data, tighten_folder=self.owns_folder)
            self.diverted = target
            self.dirty = False
            self.saves += 1
            raise PlanChangedError(
                f"{self.path} was not saved: {why}. Allies did not overwrite it; your "
                f"changes are saved in {target} instead, and so will be every change from "
                "now on. Quit, compare the two files, and keep the one you want.",
                str(target),
            )
        target = self.diverted or self.path
        hashed = digest_soon(data) if self.diverted is None else None
        st = atomic_write(target, data, tighten_folder=self.owns_folder)
        if hashed is not None:
            self.identity = FileIdentity.of(st, data, hashed.result())
        self.dirty = False
        self.saves += 1

    def _bytes(self) -> bytes:
        """What a save writes: the plan as stored, encrypted for a protected plan
        (a conflict copy too: no plaintext of a protected plan is ever written)."""
        raw = dumps(self._data)
        return self.seal(raw) if self.seal is not None else raw

    def save_copy(self) -> Path | None:
        """Write what is held to a new file beside the plan (never over it); None on failure."""
        target = conflict_path(self.path)
        try:
            atomic_write(target, self._bytes(), tighten_folder=False)
        except SaveError:
            return None
        self.dirty = False
        return target

    def close(self) -> None:
        pass
