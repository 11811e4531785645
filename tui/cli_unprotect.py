"""``allies unprotect``: store a protected plan and its backups unencrypted again."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from allies.store.protection import is_protected, unprotect
from allies.tui import passphrase
from allies.tui.cli import fail, resolve_db


def run(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    if not is_protected(path):
        return fail(f"{path} is not protected")
    if not args.yes:
        if not sys.stdin.isatty():
            return fail("unprotect asks first: run it at a terminal, or pass --yes")
        answer = input(f"Store {path} and its backups unencrypted? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.")
            return 1
    opened = unprotect(path, passphrase.ask(f"Passphrase for {path.name}: "))
    print(f"{path} is stored unencrypted again; {opened} backup(s) decrypted; its key removed.")
    _forget_kept_key(path)
    return 0


def _forget_kept_key(path: Path) -> None:
    """A key the OS keyring kept for the plan is of no use now: remove it."""
    from allies.store.keychain import KeychainError, forget
    from allies.tui.settings import kept_in_keyring, set_kept_in_keyring

    if not kept_in_keyring(path):
        return
    set_kept_in_keyring(path, False)
    try:
        forget(path)
    except KeychainError as exc:
        print(f"The OS keyring still holds the old key ({exc}).", file=sys.stderr)
