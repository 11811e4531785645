"""``allies protect [--change | --remember | --forget]``: encrypt a plan and its backups,
change its passphrase, or keep its key in the OS keyring (or stop keeping it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from allies.store.crypto import key_path, read_key
from allies.store.protection import change_passphrase, is_protected, protect
from allies.tui import passphrase
from allies.tui.cli import fail, resolve_db


def run(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    if args.change:
        old = passphrase.ask("Current passphrase: ")
        new = passphrase.ask_new(passphrase.NEW_PASSPHRASE_FILE)
        change_passphrase(path, old, new)
        print(f"New passphrase set for {path}.")
        return 0
    if args.forget:
        return forget(path)
    if not (args.remember and is_protected(path)):
        new = passphrase.ask_new()
        backups = protect(path, new)
        print(f"{path} is protected (age encryption); {backups} backup(s) encrypted too.")
        print(f"Its key is {key_path(path)}: keep it with the plan. Without the passphrase")
        print("neither can be read, and the passphrase cannot be recovered.")
        if args.remember:
            return remember(path, new)
        return 0
    return remember(path, passphrase.ask(f"Passphrase for {path.name}: "))


def remember(path: Path, typed: str) -> int:
    """Keep the plan's key in the OS keyring (the passphrase checked first)."""
    from allies.store.keychain import remember as keep
    from allies.tui.settings import set_kept_in_keyring

    keep(path, read_key(path, typed))
    set_kept_in_keyring(path, True)
    print(f"The OS keyring keeps the key of {path}: it opens without the passphrase")
    print("while you are logged in (the privacy screen still asks for it).")
    print("allies protect --forget stops this.")
    return 0


def forget(path: Path) -> int:
    """Remove the plan's key from the OS keyring."""
    from allies.store.keychain import forget as drop
    from allies.tui.settings import kept_in_keyring, set_kept_in_keyring

    if not kept_in_keyring(path):
        return fail(f"the OS keyring was not asked to keep the key of {path}")
    found = drop(path)
    set_kept_in_keyring(path, False)
    print(
        f"The OS keyring no longer keeps the key of {path}."
        if found
        else f"The OS keyring held no key of {path}; it will not be looked for again."
    )
    return 0
