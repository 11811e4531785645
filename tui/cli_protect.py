"""``allies protect [--change]``: encrypt a plan and its backups, or change its passphrase."""

from __future__ import annotations

import argparse

from allies.store.crypto import key_path
from allies.store.protection import change_passphrase, protect
from allies.tui import passphrase
from allies.tui.cli import resolve_db


def run(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    if args.change:
        old = passphrase.ask("Current passphrase: ")
        new = passphrase.ask_new(passphrase.NEW_PASSPHRASE_FILE)
        change_passphrase(path, old, new)
        print(f"New passphrase set for {path}.")
        return 0
    backups = protect(path, passphrase.ask_new())
    print(f"{path} is protected (age encryption); {backups} backup(s) encrypted too.")
    print(f"Its key is {key_path(path)}: keep it with the plan. Without the passphrase")
    print("neither can be read, and the passphrase cannot be recovered.")
    return 0
