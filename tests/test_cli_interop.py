"""Exchange with other programs from the command line: calendar identity across
exports and restores, calcurse reading the calendar, CSV and Markdown exports,
dry runs and malformed files (one message, non-zero exit, nothing left behind)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from datetime import UTC
from pathlib import Path

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt

from allies.store.model import Meeting, Stance
from allies.store.repository import Repository
from allies.tui.cli import main
from tests.fixtures.sample_plan import TODAY, build_sample, local

FILES = Path(__file__).resolve().parent / "fixtures" / "files"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    with Repository.open(path, title="Budget; push, Q1") as repo:
        build_sample(repo)
    return path


def export(plan: Path, fmt: str, out: Path, *extra: str) -> bytes:
    assert main(["export", "--format", fmt, "--db", str(plan), "-o", str(out), *extra]) == 0
    return out.read_bytes()


def uids(data: bytes) -> dict[str, str]:
    """Event title -> UID."""
    cal = Calendar.from_ical(data)
    return {str(e["SUMMARY"]): str(e["UID"]) for e in cal.walk("VEVENT")}


# ------------------------------------------------------------ calendar identity


def test_uids_stay_stable_through_delete_export_and_json_restore(plan: Path, tmp_path: Path):
    first = uids(export(plan, "ics", tmp_path / "1.ics"))
    assert len(set(first.values())) == len(first) == 6
    with Repository.open(plan) as repo:  # delete the first meeting (ids after it shift on restore)
        oldest = min(repo.meetings.values(), key=lambda m: m.id)
        repo.delete(Meeting, oldest.id)
        added = repo.add(Meeting(id=0, title="New one", start=local(TODAY, 16), attendees=(1,)))
    second = uids(export(plan, "ics", tmp_path / "2.ics"))
    assert oldest.title not in second
    assert {t: u for t, u in second.items() if t != "New one"} == {
        t: u for t, u in first.items() if t != oldest.title
    }
    assert second["New one"] not in first.values()  # a new meeting never reuses a UID
    backup = tmp_path / "backup.json"
    export(plan, "json", backup)
    restored = tmp_path / "restored.json"
    assert main(["import", str(backup), "--db", str(restored)]) == 0
    with Repository.open(restored, read_only=True) as repo:
        assert [m.id for m in repo.meetings.values()] == [1, 2, 3, 4, 5, 6]  # renumbered
        assert added.uid in {m.uid for m in repo.meetings.values()}
    third = uids(export(restored, "ics", tmp_path / "3.ics"))
    assert third == second


def test_merging_the_plans_own_export_changes_nothing(plan: Path, tmp_path: Path, capsys):
    backup = tmp_path / "backup.json"
    export(plan, "json", backup)
    before = json.loads(plan.read_bytes())
    assert main(["import", str(backup), "--db", str(plan), "--merge"]) == 0
    assert "Imported nothing" in capsys.readouterr().out
    after = json.loads(plan.read_bytes())
    for table in ("people", "meetings", "ties", "interests", "trades", "wins", "stance_log"):
        assert len(after[table]) == len(before[table]), table


def test_ics_cancelled_meetings_are_cancelled_and_held_ones_can_be_left_out(
    plan: Path, tmp_path: Path
):
    data = export(plan, "ics", tmp_path / "all.ics")
    status = {str(e["SUMMARY"]): str(e["STATUS"]) for e in Calendar.from_ical(data).walk("VEVENT")}
    assert status["Lunch with Priya"] == "CANCELLED"
    assert status["Coffee with Lee"] == "CONFIRMED"
    assert b"CLASS:PRIVATE" in data and b"SEQUENCE:0" in data
    assert b"X-WR-CALNAME:Budget\\; push\\, Q1" in data
    fewer = export(plan, "ics", tmp_path / "fewer.ics", "--no-held")
    assert "Coffee with Lee" not in uids(fewer)


@pytest.mark.skipif(
    shutil.which("calcurse") is None,
    reason="calcurse is not installed (.ci/run installs it with apt-get where it can)",
)
def test_calcurse_imports_the_calendar(plan: Path, tmp_path: Path):
    ics = tmp_path / "plan.ics"
    export(plan, "ics", ics, "--include-notes")
    home = tmp_path / "calcurse"
    home.mkdir()
    env = {**os.environ, "TZ": "UTC", "HOME": str(home)}
    done = subprocess.run(
        ["calcurse", "-D", str(home), "-i", str(ics)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "6 apps" in done.stdout and "0 skipped" in done.stdout, done.stdout
    apts = (home / "apts").read_text()
    for title in ("1:1 Dana", "Budget pre-read", "Lunch with Priya", "Coffee with Lee"):
        assert f"|{title}" in apts
    # times as exported (UTC): the group meeting lasts 45 minutes
    with Repository.open(plan, read_only=True) as repo:
        group = next(m for m in repo.meetings.values() if m.title == "Budget pre-read")
    start = group.start.astimezone(UTC)
    assert f"{start:%m/%d/%Y @ %H:%M} -> " in apts


# ---------------------------------------------------------------- exports


def test_csv_export_lists_people_with_stance_influence_and_last_contact(plan: Path, tmp_path: Path):
    with Repository.open(plan) as repo:
        repo.update_person(repo.people[1].replace(email="dana@example.com", role="=HYPERLINK(1)"))
        repo.touch_contact([1], TODAY)
    data = export(plan, "csv", tmp_path / "people.csv")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert len(rows) == 5 and all(r["name"] for r in rows)
    dana = next(r for r in rows if r["name"] == "Dana Whitfield")
    assert dana["stance"] == "neutral" and dana["last_contact"] == TODAY.isoformat()
    assert dana["email"] == "dana@example.com" and int(dana["influence"]) >= 0
    assert dana["role"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert {r["rank"] for r in rows} == {"1", "2", "3", "4", "5"}
    # and it reads back as people
    other = tmp_path / "other.json"
    assert main(["import", str(tmp_path / "people.csv"), "--db", str(other)]) == 0
    with Repository.open(other, read_only=True) as repo:
        assert len(repo.people) == 5
        dana_again = next(p for p in repo.people.values() if p.name == "Dana Whitfield")
        assert dana_again.role == "=HYPERLINK(1)"  # as it was in the plan
        assert next(p for p in repo.people.values() if p.name == "Priya Nair").stance is (
            Stance.OPPOSED
        )


def test_markdown_keeps_user_text_literal_and_notes_on_their_lines(plan: Path, tmp_path: Path):
    with Repository.open(plan) as repo:
        dana = repo.people[1]
        repo.update_person(
            dana.replace(role="1. not a list", notes="First line\nsecond line\n\n- not a bullet")
        )
    text = export(plan, "markdown", tmp_path / "b.md", "--include-notes").decode()
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<table>" in html and ">Influence</th>" in html
    assert "<td>Dana Whitfield</td>" in html
    assert "<td>1. not a list</td>" in html
    assert "<p>1. not a list, Engineering</p>" in html  # as typed, not a nested list
    dana_section = html.split("<h3>Dana Whitfield</h3>")[1].split("<h3>")[0]
    assert "<ol" not in dana_section
    assert "First line<br />\nsecond line" in dana_section  # lines kept
    assert "<p>- not a bullet</p>" in dana_section  # a paragraph of the note, not a list


# ------------------------------------------------------------ import on the command line


def test_dry_run_prints_the_changes_and_writes_nothing(plan: Path, tmp_path: Path, capsys):
    before = plan.read_bytes()
    args = ["import", str(FILES / "org_chart.csv"), "--db", str(plan), "--dry-run"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Dry run: would import 6 people, 4 ties into {plan}")
    assert "  add tie Alan Turing defers to Grace Hopper" in out
    assert "Ignored columns: Location" in out
    assert "Dennis Ritchie" in out
    assert plan.read_bytes() == before
    assert not (plan.parent / "backups").exists()  # not even a backup: it ran on a copy
    new = tmp_path / "new" / "plan.json"
    assert main(["import", str(FILES / "contacts.vcf"), "--db", str(new), "--dry-run"]) == 0
    assert "would import 3 people" in capsys.readouterr().out
    assert not new.parent.exists()  # a dry run creates no plan


def test_a_dry_run_works_while_the_planner_has_the_plan_open(plan: Path, capsys):
    with Repository.open(plan):  # holds the lock
        args = ["import", str(FILES / "contacts.vcf"), "--db", str(plan), "--dry-run"]
        assert main(args) == 1  # Dana and Priya are already in the plan
    captured = capsys.readouterr()
    assert "already in the plan" in captured.err and "would import 1 people" in captured.out


def test_import_with_format_and_dates_from_the_command_line(tmp_path: Path, capsys):
    target = tmp_path / "plan.json"
    with Repository.open(target) as repo:
        repo.add_person("Lee Chen", email="lee.chen@example.com")
    ics = str(FILES / "calendar.ics")
    args = ["import", ics, "--db", str(target), "--from", "2026-12-04", "--to", "2026-12-04"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Imported 1 meetings" in out
    assert main(["import", ics, "--db", str(target), "--format", "csv"]) == 1
    assert "header" in capsys.readouterr().err
    assert main(["import", ics, "--db", str(target), "--from", "someday"]) == 2
    assert "--from: not a date (YYYY-MM-DD): 'someday'" in capsys.readouterr().err


def test_a_file_that_is_none_of_these_says_what_was_looked_for(tmp_path: Path, capsys):
    odd = tmp_path / "notes.txt"
    odd.write_text("Dana is worried about velocity.\nLee is in.\n")
    target = tmp_path / "plan.json"
    assert main(["import", str(odd), "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "looked for a JSON export" in err and "vCard" in err
    assert not target.exists()


def test_import_and_its_dry_run_into_a_protected_plan(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
):
    from allies.store.crypto import is_sealed

    path = tmp_path / "plan.json"
    with Repository.open(path, title="Secret plan") as repo:
        repo.add_person("Grace Hopper", email="grace@example.com")
    secret = tmp_path / "pass"
    secret.write_text("correct horse battery staple\n")
    secret.chmod(0o600)
    monkeypatch.setenv("ALLIES_PASSPHRASE_FILE", str(secret))
    assert main(["protect", "--db", str(path)]) == 0
    sealed = path.read_bytes()
    capsys.readouterr()
    chart = str(FILES / "org_chart.csv")
    assert main(["import", chart, "--db", str(path), "--merge", "--dry-run"]) == 0
    assert "would import 5 people, 4 ties" in capsys.readouterr().out
    assert path.read_bytes() == sealed
    assert main(["import", chart, "--db", str(path), "--merge"]) == 0
    assert is_sealed(path.read_bytes())
    with Repository.open(path, read_only=True) as repo:
        assert len(repo.people) == 6 and len(repo.ties) == 4
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and b"Turing" in p.read_bytes()]
