"""``allies export`` and ``allies import`` from the command line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from allies.store.repository import Repository
from allies.tui.cli import main
from tests.fixtures.sample_plan import build_sample

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    with Repository.open(path, title="Budget push") as repo:
        build_sample(repo)
    return path


def names(path: Path) -> set[str]:
    with Repository.open(path, read_only=True) as repo:
        return {p.name for p in repo.people.values()}


# ----------------------------------------------------------------- export


def test_export_json_to_stdout(plan: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["export", "--format", "json", "--db", str(plan)]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == json.loads(plan.read_text())


def test_export_to_a_file_is_private_and_leaves_the_folder_alone(plan: Path, tmp_path: Path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    target = shared / "briefing.md"
    assert main(["export", "--format", "markdown", "--db", str(plan), "-o", str(target)]) == 0
    assert target.read_text().startswith("# Budget push")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert not [p for p in shared.iterdir() if p.name != "briefing.md"]  # no temp file left


def test_export_ics_hides_notes_unless_asked(plan: Path, tmp_path: Path):
    out = tmp_path / "meetings.ics"
    assert main(["export", "--format", "ics", "--db", str(plan), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert len([c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]) == 6
    assert b"SECRET" not in data
    args = ["export", "--format", "ics", "--db", str(plan), "-o", str(out), "--include-notes"]
    assert main(args) == 0
    assert b"SECRET-DANA" in out.read_bytes()


def test_export_works_while_the_plan_is_open_elsewhere(plan: Path, capsys):
    with Repository.open(plan):  # holds the lock, like the planner
        assert main(["export", "--format", "markdown", "--db", str(plan)]) == 0
    assert "## Timeline" in capsys.readouterr().out


def test_export_refuses_to_overwrite_the_plan(plan: Path, capsys):
    before = plan.read_bytes()
    assert main(["export", "--format", "markdown", "--db", str(plan), "-o", str(plan)]) == 1
    assert "plan itself" in capsys.readouterr().err
    assert plan.read_bytes() == before


def test_export_of_a_missing_plan_is_one_clear_line(tmp_path: Path, capsys):
    assert main(["export", "--format", "json", "--db", str(tmp_path / "none.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("allies: ") and "no plan" in err and err.count("\n") == 1


# ----------------------------------------------------------------- import


def test_export_then_import_restores_the_plan(plan: Path, tmp_path: Path, capsys):
    backup = tmp_path / "backup.json"
    assert main(["export", "--format", "json", "--db", str(plan), "-o", str(backup)]) == 0
    restored = tmp_path / "restored.json"
    assert main(["import", str(backup), "--db", str(restored)]) == 0
    assert "Imported 5 people" in capsys.readouterr().out
    assert json.loads(restored.read_text()) == json.loads(plan.read_text())
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600


def test_import_json_into_a_plan_with_people_needs_merge(plan: Path, tmp_path: Path, capsys):
    other = tmp_path / "other.json"
    with Repository.open(other) as repo:
        repo.add_person("Olivia Mine")
    before = other.read_bytes()
    assert main(["import", str(plan), "--db", str(other)]) == 1
    err = capsys.readouterr().err
    assert "--merge" in err and err.count("\n") == 1
    assert other.read_bytes() == before  # stdin is not a terminal: nothing asked, nothing done
    assert main(["import", str(plan), "--db", str(other), "--merge"]) == 0
    assert len(names(other)) == 6


def test_import_bad_json_changes_nothing(plan: Path, tmp_path: Path, capsys):
    data = json.loads(plan.read_text())
    data["meetings"]["1"]["attendees"] = [42]
    data["wins"]["1"]["column"] = "maybe"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    target = tmp_path / "target.json"
    assert main(["import", str(bad), "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    assert "maybe" in err
    assert not target.exists()  # no empty plan left behind


def test_import_csv_keeps_good_rows_and_reports_bad_ones(tmp_path: Path, capsys):
    people = tmp_path / "people.csv"
    people.write_text("name,role,org,stance\nDana,VP,Eng,neutral\n,CTO,Eng,\nLee,Head,Prod,keen\n")
    target = tmp_path / "plan.json"
    assert main(["import", str(people), "--db", str(target)]) == 1
    captured = capsys.readouterr()
    assert f"{people}:3:" in captured.err
    assert f"{people}:4:" in captured.err and "keen" in captured.err
    assert "Imported 1 people" in captured.out
    assert names(target) == {"Dana"}


def test_import_clean_csv_exits_zero(tmp_path: Path, capsys):
    people = tmp_path / "people.csv"
    people.write_text("Name,Role,Org\nDana,VP,Eng\nLee,Head,Product\n")
    target = tmp_path / "plan.json"
    assert main(["import", str(people), "--db", str(target)]) == 0
    assert capsys.readouterr().err == ""
    assert names(target) == {"Dana", "Lee"}


def test_import_into_a_locked_plan_says_it_is_open_elsewhere(plan: Path, tmp_path: Path, capsys):
    people = tmp_path / "people.csv"
    people.write_text("name\nNew Person\n")
    with Repository.open(plan):
        assert main(["import", str(people), "--db", str(plan)]) == 1
    err = capsys.readouterr().err
    assert "open elsewhere" in err and str(os.getpid()) in err
    assert "New Person" not in names(plan)


def test_import_of_an_unreadable_file(tmp_path: Path, capsys):
    binary = tmp_path / "people.csv"
    binary.write_bytes(b"name\n\x81\x8d\x90\n")  # bytes Windows-1252 leaves undefined
    assert main(["import", str(binary), "--db", str(tmp_path / "p.json")]) == 1
    err = capsys.readouterr().err
    assert "UTF-8" in err and "UTF-16" in err and "Windows-1252" in err
    assert not (tmp_path / "p.json").exists()
    assert main(["import", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "p.json")]) == 1
    assert "cannot be read" in capsys.readouterr().err


def test_export_and_import_never_load_textual(plan: Path, tmp_path: Path):
    db, md, restored = str(plan), str(tmp_path / "x.md"), str(tmp_path / "y.json")
    script = (
        "import sys\n"
        "from allies.tui.cli import main\n"
        f"assert main(['export', '--format', 'markdown', '--db', {db!r}, '-o', {md!r}]) == 0\n"
        f"assert main(['import', {db!r}, '--db', {restored!r}]) == 0\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok")
