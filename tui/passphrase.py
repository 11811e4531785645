"""Asking for a protected plan's passphrase: on the terminal, or from a file for scripts.

Never from the command line (it would sit in the shell's history and in ``ps``).
``ALLIES_PASSPHRASE_FILE`` names a file whose first line is the passphrase;
``ALLIES_NEW_PASSPHRASE_FILE`` the new one for ``allies protect --change``.
"""

from __future__ import annotations

import os
import sys
from getpass import getpass
from pathlib import Path

from allies.store.crypto import (
    PlanKey,
    ProtectionError,
    WrongPassphraseError,
    check_new_passphrase,
    read_key,
    remember_key,
)

PASSPHRASE_FILE = "ALLIES_PASSPHRASE_FILE"
NEW_PASSPHRASE_FILE = "ALLIES_NEW_PASSPHRASE_FILE"
TRIES = 3


def _from_file(variable: str) -> str | None:
    name = os.environ.get(variable)
    if not name:
        return None
    try:
        with open(name, encoding="utf-8") as f:
            line = f.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise ProtectionError(f"cannot read the passphrase from ${variable} ({exc})") from None
    return line.rstrip("\r\n")


def _terminal(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise ProtectionError(
            f"no terminal to ask the passphrase on: set {PASSPHRASE_FILE} to a file holding it"
        )
    return getpass(prompt)


def ask(prompt: str = "Passphrase: ", *, variable: str = PASSPHRASE_FILE) -> str:
    """The passphrase, from ``$variable``'s file or typed (not echoed)."""
    given = _from_file(variable)
    return given if given is not None else _terminal(prompt)


def ask_new(variable: str = PASSPHRASE_FILE) -> str:
    """A new passphrase: from ``$variable``'s file, or typed twice."""
    given = _from_file(variable)
    if given is not None:
        return check_new_passphrase(given)
    first = check_new_passphrase(_terminal("New passphrase: "))
    if _terminal("The same passphrase again: ") != first:
        raise ProtectionError("the two passphrases differ; nothing was changed")
    return first


def unlock(plan: Path) -> PlanKey:
    """Unlock ``plan``'s key (three tries on a terminal) and keep it for this process."""
    from_file = os.environ.get(PASSPHRASE_FILE)
    for attempt in range(1 if from_file else TRIES):
        typed = ask(f"Passphrase for {plan.name}: ")
        if not from_file:
            print("Unlocking…", file=sys.stderr)  # scrypt: about a second
        try:
            key = read_key(plan, typed)
        except WrongPassphraseError:
            if from_file or attempt == TRIES - 1:
                raise WrongPassphraseError(
                    f"wrong passphrase for {plan}; the plan was not opened or changed"
                ) from None
            print("Wrong passphrase, try again.", file=sys.stderr)
            continue
        remember_key(plan, key)
        return key
    raise AssertionError("unreachable")  # pragma: no cover
