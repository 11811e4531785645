"""Errors the store raises, each with a message a user can act on."""

from __future__ import annotations


class AlliesError(Exception):
    """Base class: every store error carries a one-line message for users."""


class ValidationError(AlliesError, ValueError):
    """A value a user typed (or a file held) is not acceptable.

    ``field`` names the form field, so a form can show the message beside it.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class PlanLockedError(AlliesError):
    """Another process holds the plan's lock."""

    def __init__(self, path: str, pid: int | None) -> None:
        who = f"process {pid}" if pid else "another process"
        super().__init__(
            f"{path} is open elsewhere (held by {who}); close it there, or open it with --read-only"
        )
        self.path = path
        self.pid = pid


class BadPlanError(AlliesError):
    """The plan file cannot be used as it is; it was left untouched."""

    def __init__(self, path: str, problem: str, backups: str) -> None:
        super().__init__(
            f"{path}: {problem} — the file was left untouched; backups are in {backups}"
        )
        self.path = path
        self.problem = problem
        self.backups = backups


class SaveError(AlliesError):
    """A save failed; the file on disk is unchanged and the change is kept in memory."""


class ReadOnlyError(AlliesError):
    """A change was attempted on a plan opened read-only."""


class UnsafeFileError(AlliesError):
    """A path where Allies expects its own regular file (or folder) holds something else:
    a symbolic link, a FIFO, a device, a hard link to another file, a file too large.
    Nothing was written through it."""


class PlanChangedError(SaveError):
    """The plan on disk is no longer the one Allies read or last wrote (another program
    or another Allies changed it, or its lock was removed). It was not overwritten: the
    change went to a new file beside it (``saved_to``)."""

    def __init__(self, message: str, saved_to: str | None) -> None:
        super().__init__(message)
        self.saved_to = saved_to
