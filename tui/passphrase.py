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
    read_locked_key,
    remember_key,
    remembered_key,
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


def unlock(plan: Path, *, on_screen: bool = False) -> PlanKey:
    """Unlock ``plan``'s key and keep it for this process.

    From the OS keyring when the user asked it to keep the key; else from
    ``$ALLIES_PASSPHRASE_FILE``; else typed: on a full-screen passphrase screen
    when ``on_screen`` (the planner), on the terminal otherwise. Three tries.
    """
    key = remembered_key(plan) or _from_keyring(plan)
    if key is None:
        if on_screen and not os.environ.get(PASSPHRASE_FILE):
            from allies.tui.unlock_app import unlock_on_screen

            key = unlock_on_screen(plan)
        else:
            key = _typed(plan)
    remember_key(plan, key)
    return key


def _from_keyring(plan: Path) -> PlanKey | None:
    """The key the OS keyring keeps for ``plan``, when the user asked for that and it still fits."""
    from allies.tui.settings import kept_in_keyring

    if not kept_in_keyring(plan):
        return None
    from allies.store.keychain import recall
    from allies.store.protection import key_opens

    key = recall(plan)
    if key is not None and key_opens(plan, key):
        return key
    print(
        "The OS keyring holds no key that opens this plan any more; "
        "asking for the passphrase (allies protect --remember keeps it again).",
        file=sys.stderr,
    )
    return None


def _typed(plan: Path) -> PlanKey:
    """The key unlocked by a passphrase from the file, or typed on the terminal (three tries)."""
    from_file = os.environ.get(PASSPHRASE_FILE)
    locked = read_locked_key(plan)  # a missing or damaged key is said before any prompt
    for attempt in range(1 if from_file else TRIES):
        typed = ask(f"Passphrase for {plan.name}: ")
        if not from_file:
            print("Unlocking…", file=sys.stderr)  # scrypt: about a second
        try:
            return PlanKey.unlock(locked, typed)
        except WrongPassphraseError:
            if from_file or attempt == TRIES - 1:
                raise WrongPassphraseError(wrong_three_times(plan)) from None
            print("Wrong passphrase, try again.", file=sys.stderr)
    raise AssertionError("unreachable")  # pragma: no cover


def wrong_three_times(plan: Path) -> str:
    """What is said when the passphrase was wrong (three times at a terminal, once from a file)."""
    return f"wrong passphrase for {plan}; the plan was not opened or changed"
