"""``allies protect`` / ``unprotect``, and every command on a protected plan."""

from __future__ import annotations

import json
import os
import pty
import shutil
import sys
import time
from pathlib import Path

import pytest

from allies.store.crypto import is_sealed, key_path, read_key
from allies.store.model import Stance
from allies.store.repository import Repository
from allies.store.storage import plan_backups
from allies.tui.cli import main
from tests.conftest import TODAY

PASS = "correct horse battery"
MARKER = "Zyxwvut Quillfeather"


def _secret(tmp_path: Path, text: str, name: str = "pass") -> Path:
    path = tmp_path / name
    path.write_text(text + "\n")
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def protected_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A protected plan with a marked person and one backup, made through the command line."""
    folder = tmp_path_factory.mktemp("cli-protected")
    path = folder / "plan.json"
    with Repository.open(path, title="Secret plan") as repo:
        repo.add_person(MARKER, role="Treasurer", stance=Stance.OPPOSED)
    Repository.open(path).close()
    os.environ["ALLIES_PASSPHRASE_FILE"] = str(_secret(folder, PASS))
    try:
        assert main(["protect", "--db", str(path)]) == 0
    finally:
        del os.environ["ALLIES_PASSPHRASE_FILE"]
    (folder / "pass").unlink()
    return folder


@pytest.fixture
def plan(protected_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(protected_template, tmp_path / "p")
    monkeypatch.setenv("ALLIES_PASSPHRASE_FILE", str(_secret(tmp_path, PASS)))
    return tmp_path / "p" / "plan.json"


def _cleartext(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes()]


def test_protect_says_what_it_did_and_leaves_no_cleartext(protected_template: Path) -> None:
    path = protected_template / "plan.json"
    assert is_sealed(path.read_bytes())
    assert key_path(path).exists()
    assert all(is_sealed(b.read_bytes()) for b in plan_backups(path))
    assert _cleartext(protected_template) == []


def test_reading_commands_work_with_the_passphrase(plan: Path, capsys) -> None:
    assert main(["check", "--db", str(plan)]) == 0
    assert "OK — 1 people" in capsys.readouterr().out
    assert main(["suggest", "--db", str(plan), "--json", "--today", TODAY.isoformat()]) == 0
    assert json.loads(capsys.readouterr().out)["influence"][0]["name"] == MARKER
    assert main(["review", "--db", str(plan), "--json", "--today", TODAY.isoformat()]) == 0
    assert "week_start" in json.loads(capsys.readouterr().out)
    assert is_sealed(plan.read_bytes())


def test_export_warns_that_it_is_not_encrypted_unless_asked(plan: Path, tmp_path: Path, capsys):
    out = tmp_path / "export.json"
    assert main(["export", "--format", "json", "--db", str(plan), "-o", str(out)]) == 0
    assert "this export is not" in capsys.readouterr().err
    assert MARKER in out.read_text()


def test_an_encrypted_export_opens_with_the_plans_key(plan: Path, tmp_path: Path) -> None:
    sealed = tmp_path / "export.json.age"
    args = ["export", "--format", "json", "--db", str(plan), "-o", str(sealed), "--encrypt"]
    assert main(args) == 0
    assert is_sealed(sealed.read_bytes())
    key = read_key(plan, PASS)
    assert json.loads(key.open(sealed.read_bytes()))["people"]["1"]["name"] == MARKER


def test_encrypt_is_refused_for_a_plain_plan(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plain.json"
    Repository.open(path).close()
    assert main(["export", "--format", "json", "--db", str(path), "--encrypt"]) == 1
    assert "protected plan" in capsys.readouterr().err


def test_an_import_into_a_protected_plan_is_saved_encrypted(plan: Path, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name,role,org\nOlwen Brackenridge,Clerk,Council\n")
    assert main(["import", str(csv), "--db", str(plan)]) == 0
    assert is_sealed(plan.read_bytes())
    assert b"Olwen" not in plan.read_bytes()
    with Repository.open(plan, key=read_key(plan, PASS), read_only=True) as repo:
        assert "Olwen Brackenridge" in {p.name for p in repo.people.values()}


def test_a_wrong_passphrase_is_said_and_changes_nothing(plan: Path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ALLIES_PASSPHRASE_FILE", str(_secret(tmp_path, "not it at all", "bad")))
    files = {p: p.read_bytes() for p in plan.parent.rglob("*") if p.is_file()}
    for command in (["check"], ["review"], ["suggest"], ["export", "--format", "json"], []):
        assert main([*command, "--db", str(plan)]) == 1
        assert "wrong passphrase" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in plan.parent.rglob("*") if p.is_file()} == files


def test_without_a_terminal_or_a_file_the_passphrase_is_asked_for_clearly(
    plan: Path, monkeypatch, capsys
) -> None:
    monkeypatch.delenv("ALLIES_PASSPHRASE_FILE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["review", "--db", str(plan)]) == 1
    assert "ALLIES_PASSPHRASE_FILE" in capsys.readouterr().err


def test_three_wrong_tries_at_the_terminal_then_a_clear_exit(plan: Path, monkeypatch, capsys):
    monkeypatch.delenv("ALLIES_PASSPHRASE_FILE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed = iter(["nope", "nope again", "still nope", PASS])
    monkeypatch.setattr("allies.tui.passphrase.getpass", lambda prompt: next(typed))
    assert main(["check", "--db", str(plan)]) == 1
    err = capsys.readouterr().err
    assert err.count("try again") == 2
    assert "wrong passphrase" in err
    assert next(typed) == PASS  # a fourth try was never asked for


def test_change_reads_the_new_passphrase_from_its_own_file(plan: Path, tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIES_NEW_PASSPHRASE_FILE", str(_secret(tmp_path, "brand new one", "n")))
    before = plan.read_bytes()
    assert main(["protect", "--change", "--db", str(plan)]) == 0
    assert plan.read_bytes() == before
    assert read_key(plan, "brand new one")


def test_setting_a_passphrase_at_the_terminal_asks_twice(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "plan.json"
    Repository.open(path).close()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed = iter(["first passphrase", "second passphrase"])
    monkeypatch.setattr("allies.tui.passphrase.getpass", lambda prompt: next(typed))
    assert main(["protect", "--db", str(path)]) == 1
    assert "differ" in capsys.readouterr().err
    assert not is_sealed(path.read_bytes())
    assert not key_path(path).exists()


def test_unprotect_asks_first_then_decrypts_everything(plan: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["unprotect", "--db", str(plan)]) == 1
    assert is_sealed(plan.read_bytes())
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert main(["unprotect", "--db", str(plan)]) == 0
    assert not is_sealed(plan.read_bytes())
    assert not key_path(plan).exists()
    assert not any(is_sealed(b.read_bytes()) for b in plan_backups(plan))
    assert main(["unprotect", "--db", str(plan), "--yes"]) == 1
    assert "not protected" in capsys.readouterr().err


def test_unprotect_without_a_terminal_needs_yes(plan: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["unprotect", "--db", str(plan)]) == 1
    assert "--yes" in capsys.readouterr().err
    assert main(["unprotect", "--db", str(plan), "--yes"]) == 0


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
def test_the_standard_age_tool_decrypts_the_plan(plan: Path, tmp_path: Path) -> None:
    """What the README promises: ``age -d -i plan.json.key.age plan.json`` (asks the passphrase)."""
    out = tmp_path / "plain.json"
    pid, fd = pty.fork()
    if pid == 0:  # age reads the passphrase from the terminal
        os.execvp("age", ["age", "-d", "-i", str(key_path(plan)), "-o", str(out), str(plan)])
    said, typed, deadline = b"", False, time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        said += chunk
        if not typed and b"passphrase" in said.lower():
            os.write(fd, PASS.encode() + b"\n")
            typed = True
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, said
    assert json.loads(out.read_text())["people"]["1"]["name"] == MARKER


async def test_a_protected_session_writes_no_cleartext_anywhere(
    plan: Path, tmp_path: Path, monkeypatch, make_app
) -> None:
    """Edits in the app, saves, quit: no file Allies wrote holds a name in the clear."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    repo = Repository.open(plan, key=read_key(plan, PASS))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("plus", "plus", "minus")
        await pilot.pause()
        await pilot.press("q")
    repo.close()
    assert is_sealed(plan.read_bytes())
    with Repository.open(plan, key=read_key(plan, PASS), read_only=True) as again:
        assert next(iter(again.people.values())).stance is Stance.SKEPTICAL  # opposed, +1 +1 -1
    assert _cleartext(tmp_path) == []
