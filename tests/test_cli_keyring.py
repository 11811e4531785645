"""``allies protect --remember`` / ``--forget``: a protected plan's key kept in the OS keyring."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from keyring.errors import PasswordDeleteError

from allies.store import crypto
from allies.store.crypto import PlanKey, is_sealed
from allies.store.keychain import SERVICE, account
from allies.tui.cli import main
from allies.tui.settings import kept_in_keyring, settings_path
from tests.test_cli_protect import PASS, _secret
from tests.test_cli_protect import protected_template as protected_template


class MemoryKeyring(KeyringBackend):
    """An OS keyring for tests: it keeps passwords in a dict and counts the look-ups."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}
        self.lookups = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.lookups += 1
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not kept")


@pytest.fixture
def os_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture
def plan(protected_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(protected_template, tmp_path / "p")
    monkeypatch.setenv("ALLIES_PASSPHRASE_FILE", str(_secret(tmp_path, PASS)))
    return tmp_path / "p" / "plan.json"


def _no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing to type the passphrase with, and no key unlocked earlier in this process."""
    monkeypatch.delenv("ALLIES_PASSPHRASE_FILE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    monkeypatch.setattr(crypto, "_UNLOCKED", {})


def test_a_remembered_plan_opens_without_its_passphrase(plan, os_keyring, monkeypatch, capsys):
    assert main(["protect", "--remember", "--db", str(plan)]) == 0
    assert "keyring keeps the key" in capsys.readouterr().out
    secret = os_keyring.kept[(SERVICE, account(plan))]
    assert PlanKey.from_secret(secret).opens(plan.read_bytes())
    assert kept_in_keyring(plan)
    assert PASS not in settings_path().read_text()  # the settings hold only the plan's path

    _no_passphrase(monkeypatch)
    assert main(["suggest", "--db", str(plan), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["influence"]
    assert is_sealed(plan.read_bytes())


def test_forget_removes_the_key_and_the_passphrase_is_needed_again(
    plan, os_keyring, monkeypatch, capsys
):
    assert main(["protect", "--remember", "--db", str(plan)]) == 0
    assert main(["protect", "--forget", "--db", str(plan)]) == 0
    assert "no longer keeps" in capsys.readouterr().out
    assert os_keyring.kept == {}
    assert not kept_in_keyring(plan)

    _no_passphrase(monkeypatch)
    assert main(["check", "--db", str(plan)]) == 1
    assert "ALLIES_PASSPHRASE_FILE" in capsys.readouterr().err
    assert main(["protect", "--forget", "--db", str(plan)]) == 1
    assert "was not asked to keep" in capsys.readouterr().err


def test_a_stale_key_in_the_keyring_falls_back_to_the_passphrase(plan, os_keyring, capsys):
    assert main(["protect", "--remember", "--db", str(plan)]) == 0
    os_keyring.kept[(SERVICE, account(plan))] = PlanKey.generate().secret  # another plan's key
    assert main(["check", "--db", str(plan)]) == 0  # the passphrase file still works
    assert "asking for the passphrase" in capsys.readouterr().err


def test_the_keyring_is_not_asked_unless_the_user_asked_for_it(plan, os_keyring, capsys):
    assert main(["check", "--db", str(plan)]) == 0
    assert os_keyring.lookups == 0


def test_a_wrong_passphrase_remembers_nothing(plan, os_keyring, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ALLIES_PASSPHRASE_FILE", str(_secret(tmp_path, "not it at all", "bad")))
    assert main(["protect", "--remember", "--db", str(plan)]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert os_keyring.kept == {}
    assert not kept_in_keyring(plan)


def test_without_an_os_keyring_remember_says_so(plan, capsys) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        assert main(["protect", "--remember", "--db", str(plan)]) == 1
    finally:
        keyring.set_keyring(before)
    assert "no OS keyring could keep the key" in capsys.readouterr().err
    assert not kept_in_keyring(plan)


def test_without_the_keyring_package_remember_says_what_to_install(plan, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring fails
    assert main(["protect", "--remember", "--db", str(plan)]) == 1
    assert "pip install 'allies[keyring]'" in capsys.readouterr().err


def test_protect_remember_on_a_plain_plan_protects_it_first(tmp_path, os_keyring, monkeypatch):
    from allies.store.repository import Repository

    path = tmp_path / "plain.json"
    Repository.open(path, title="Plain").close()
    monkeypatch.setenv("ALLIES_PASSPHRASE_FILE", str(_secret(tmp_path, PASS)))
    assert main(["protect", "--remember", "--db", str(path)]) == 0
    assert is_sealed(path.read_bytes())
    assert PlanKey.from_secret(os_keyring.kept[(SERVICE, account(path))]).opens(path.read_bytes())


def test_unprotect_removes_the_kept_key(plan, os_keyring, capsys) -> None:
    assert main(["protect", "--remember", "--db", str(plan)]) == 0
    assert main(["unprotect", "--yes", "--db", str(plan)]) == 0
    assert os_keyring.kept == {}
    assert not kept_in_keyring(plan)
    assert not is_sealed(plan.read_bytes())
