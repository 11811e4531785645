"""A protected plan's key remembered in the OS keyring, when the user asks for it.

Opt-in (``allies protect --remember``): the key's secret half is kept by the
operating system's keyring (macOS Keychain, Windows Credential Locker, the
Secret Service of GNOME or KDE), through the ``keyring`` package, under the
service ``allies`` and the plan's full path. A protected plan then opens
without its passphrase for whoever is logged in as the user; the privacy
screen still asks for it. ``allies protect --forget`` and ``allies unprotect``
remove it again.

``keyring`` is an optional dependency (``pip install 'allies[keyring]'``); it
is imported only when a plan is remembered or forgotten, or when a remembered
plan is opened.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from allies.store.crypto import PlanKey, ProtectionError

SERVICE = "allies"
INSTALL = "pip install 'allies[keyring]'"


class KeychainError(ProtectionError):
    """The OS keyring cannot be used here; nothing was remembered or forgotten."""


def account(plan: Path) -> str:
    """The keyring entry's user name: the plan's full path (one entry per plan)."""
    return str(plan.expanduser().resolve())


def _keyring() -> ModuleType:
    try:
        import keyring
    except ImportError:
        raise KeychainError(f"remembering the key needs the keyring package: {INSTALL}") from None
    return keyring


def remember(plan: Path, key: PlanKey) -> None:
    """Keep ``key`` in the OS keyring for ``plan``; KeychainError when there is no keyring."""
    keyring = _keyring()
    try:
        keyring.set_password(SERVICE, account(plan), key.secret)
    except keyring.errors.KeyringError as exc:
        raise KeychainError(f"no OS keyring could keep the key here ({exc})") from None


def recall(plan: Path) -> PlanKey | None:
    """The key the OS keyring keeps for ``plan``, or None (not kept, no keyring, unreadable)."""
    try:
        keyring = _keyring()
    except KeychainError:
        return None
    try:
        secret = keyring.get_password(SERVICE, account(plan))
    except keyring.errors.KeyringError:
        return None
    if not secret:
        return None
    try:
        return PlanKey.from_secret(secret)
    except ProtectionError:
        return None


def forget(plan: Path) -> bool:
    """Remove ``plan``'s key from the OS keyring; whether there was one to remove."""
    keyring = _keyring()
    try:
        keyring.delete_password(SERVICE, account(plan))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise KeychainError(f"the OS keyring could not be reached ({exc})") from None
    return True
