"""Protected plans: the plan encrypted in the age format, its key kept beside it under a passphrase.

A protected plan is the same JSON as any plan, encrypted to an X25519 key
(age's ``age-encryption.org/v1`` format). The key's secret half is kept beside
the plan, in ``<plan>.key.age``, itself encrypted with the user's passphrase
(age's scrypt recipient). So:

* opening needs the passphrase once, to unlock the key (scrypt: about a second);
* saving needs only the key's public half, so a save costs what it did, plus a
  few milliseconds of encryption;
* the standard ``age`` tool decrypts a plan without Allies:
  ``age -d -i plan.json.key.age -o plan-plain.json plan.json`` (it asks for
  the passphrase of the key file).

Nothing here asks for the passphrase: the command line and the app do that.
"""

from __future__ import annotations

from pathlib import Path

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from allies.store.errors import AlliesError

MAGIC = b"age-encryption.org/v1"
KEY_SUFFIX = ".key.age"
MIN_PASSPHRASE = 8


class ProtectionError(AlliesError):
    """A protected plan or its key cannot be used as they are; nothing was changed."""


class WrongPassphraseError(ProtectionError):
    """The passphrase does not unlock the plan's key."""


class NeedsKeyError(ProtectionError):
    """The plan is protected: it opens only with its key, unlocked by the passphrase."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} is protected: it needs its passphrase")
        self.path = path


def is_sealed(raw: bytes) -> bool:
    """Whether these bytes are an age-encrypted file."""
    return raw.startswith(MAGIC)


def key_path(plan: Path) -> Path:
    """Where the passphrase-locked key of ``plan`` is kept."""
    return plan.with_name(plan.name + KEY_SUFFIX)


def check_new_passphrase(text: str) -> str:
    """A new passphrase, or ProtectionError saying what is wrong with it."""
    if len(text) < MIN_PASSPHRASE:
        raise ProtectionError(f"a passphrase needs at least {MIN_PASSPHRASE} characters")
    if text != text.strip():
        raise ProtectionError("a passphrase cannot start or end with spaces")
    return text


class PlanKey:
    """The unlocked key of a protected plan, for one session."""

    def __init__(self, identity: x25519.Identity) -> None:
        self._identity = identity
        self._recipient = identity.to_public()

    @classmethod
    def generate(cls) -> PlanKey:
        return cls(x25519.Identity.generate())

    @classmethod
    def unlock(cls, locked: bytes, passphrase: str) -> PlanKey:
        """The key from its passphrase-locked file's bytes."""
        if not is_sealed(locked):
            raise ProtectionError("the key file is not an age file: it is damaged or not Allies'")
        try:
            secret = age_passphrase.decrypt(locked, passphrase)
        except pyrage.DecryptError:
            raise WrongPassphraseError("wrong passphrase") from None
        try:
            return cls(x25519.Identity.from_str(secret.decode().strip()))
        except (UnicodeDecodeError, pyrage.IdentityError, ValueError):
            raise ProtectionError("the key file is damaged: it holds no age key") from None

    @classmethod
    def from_secret(cls, secret: str) -> PlanKey:
        """The key from its secret half as text (``AGE-SECRET-KEY-1…``), e.g. from a keyring."""
        try:
            return cls(x25519.Identity.from_str(secret.strip()))
        except (pyrage.IdentityError, ValueError):
            raise ProtectionError("the remembered key is damaged: it is no age key") from None

    @property
    def secret(self) -> str:
        """The secret half as text: what the OS keyring keeps when the user asks it to."""
        return str(self._identity)

    def opens(self, sealed: bytes) -> bool:
        """Whether this key decrypts ``sealed`` (a plan file's bytes)."""
        try:
            self.open(sealed)
        except ProtectionError:
            return False
        return True

    @property
    def recipient(self) -> str:
        """The public half (``age1…``): what a save encrypts to."""
        return str(self._recipient)

    def lock(self, passphrase: str) -> bytes:
        """The key's file: the secret half encrypted with ``passphrase`` (scrypt)."""
        return bytes(age_passphrase.encrypt(f"{self._identity}\n".encode(), passphrase))

    def seal(self, plain: bytes) -> bytes:
        """Encrypt a plan's bytes to this key."""
        return bytes(pyrage.encrypt(plain, [self._recipient]))

    def open(self, sealed: bytes) -> bytes:
        """Decrypt a plan's bytes; ProtectionError when they were changed or are another key's."""
        try:
            return bytes(pyrage.decrypt(sealed, [self._identity]))
        except pyrage.DecryptError:
            raise ProtectionError(
                "the file could not be decrypted: it was changed or damaged, "
                "or it was encrypted with another key"
            ) from None


_UNLOCKED: dict[Path, PlanKey] = {}


def remember_key(plan: Path, key: PlanKey) -> None:
    """Keep an unlocked key for this process, so that opening ``plan`` needs no passphrase again."""
    _UNLOCKED[plan.expanduser().resolve()] = key


def remembered_key(plan: Path) -> PlanKey | None:
    """The key unlocked earlier in this process for ``plan``, if any."""
    return _UNLOCKED.get(plan.expanduser().resolve())


def plain(plan: Path, raw: bytes) -> bytes:
    """A plan file's bytes as JSON: decrypted with the key unlocked for it, when protected."""
    if not is_sealed(raw):
        return raw
    key = remembered_key(plan)
    if key is None:
        raise NeedsKeyError(str(plan))
    return key.open(raw)


def read_key(plan: Path, passphrase: str) -> PlanKey:
    """Unlock the key kept beside ``plan``."""
    return PlanKey.unlock(read_locked_key(plan), passphrase)


def read_locked_key(plan: Path) -> bytes:
    """The passphrase-locked key file of ``plan``; ProtectionError when missing or not age."""
    path = key_path(plan)
    try:
        locked = path.read_bytes()
    except FileNotFoundError:
        raise ProtectionError(
            f"{plan} is protected, but its key {path.name} is missing: it must travel with the plan"
        ) from None
    except OSError as exc:
        raise ProtectionError(f"cannot read the key {path}: {exc.strerror}") from None
    if not is_sealed(locked):
        raise ProtectionError(
            f"the key {path.name} is not an age file: it is damaged or not Allies'"
        )
    return locked
