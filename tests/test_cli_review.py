"""``allies review``: the weekly review printed, as text or JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from allies.store.model import Column, Win
from allies.store.repository import Repository
from allies.tui.cli import main
from allies.tui.cli_review import SHOWN
from tests.fixtures.review_plan import build_review_plan, days_ago

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    with Repository.open(path, title="Budget push") as repo:
        build_review_plan(repo)
    return path


def review(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["review", "--db", str(db), "--today", "2026-12-02", *extra]) == 0
    return capsys.readouterr().out


def section(text: str, title: str) -> str:
    """The lines under one heading, up to the next blank line."""
    body = text[text.index(title) + len(title) :]
    return body.split("\n\n", 1)[0]


def test_review_reads_as_plain_text_when_piped(db: Path, capsys):
    out = review(db, capsys)
    assert "\x1b[" not in out  # no colour codes in a file
    assert out.startswith("Weekly review: Budget push\n")
    assert "Week of Mon 30 Nov – Sun 6 Dec 2026" in out
    assert "today is Wed 2 Dec" in out
    assert "since the review of Fri 27 Nov" in out
    assert all(line == line.rstrip() for line in out.splitlines())


def test_review_sections_hold_the_right_items(db: Path, capsys):
    out = review(db, capsys)
    week = section(out, "This week's meetings")
    assert "monday" in week and "group" in week and "sunday" in week
    assert "cancelled" not in week and "next_monday" not in week
    assert "not ready" in week and "no one-on-one yet with" in week
    due = section(out, "Debrief due")
    assert "overdue" in due and "monday" in due and "group" not in due
    wins = section(out, "Wins since then")
    # the review day's own wins were covered by that review (issue 19, point 10)
    assert "won_since" in wins and "won_on_review_day" not in wins and "won_before" not in wins
    stances = section(out, "Stance changes")
    assert "Dana: neutral → supportive" in stances and "after overdue" in stances
    assert "Priya: read as opposed" in stances
    stale = section(out, "Stale cards")
    assert "stale_pursuing (pursuing" in stale and "moving" not in stale
    drifting = section(out, "Chief influencers out of touch")
    assert "Dana — never contacted" in drifting
    assert "Margaret — last contact Fri 23 Oct, 40 days ago" in drifting
    assert "Lee" not in drifting and "Priya" not in drifting
    approach = section(out, "Approach next")
    assert "  1. " in approach and "  4. " not in approach
    groups = section(out, "Planned group meetings")
    assert "group" in groups and "next_group" in groups


def test_review_json_is_the_documented_document(db: Path, capsys):
    data = json.loads(review(db, capsys, "--json"))
    assert data["week_start"] == "2026-11-30"
    assert data["week_end"] == "2026-12-06"
    assert [m["title"] for m in data["not_debriefed"]] == ["overdue", "monday"]
    assert {o["name"] for o in data["out_of_touch"]} == {"Dana", "Margaret"}
    assert [g["title"] for g in data["group_readiness"]] == ["group", "next_group"]
    assert all({"id", "name", "score", "reasons"} <= set(s) for s in data["approach_next"])
    assert all(s["action"] for s in data["approach_next"])
    assert [m["kind"] for m in data["moves"]][:2] == ["debrief", "debrief"]  # what is due first
    for g in data["group_readiness"]:
        assert {"consensus", "threshold", "holdouts"} <= set(g)
    assert len({s["id"] for s in data["stance_changes"]}) == len(data["stance_changes"])


def test_long_sections_stop_at_a_screenful_and_say_how_many_more(db: Path, capsys):
    with Repository.open(db) as repo:
        for i in range(SHOWN + 5):  # the fixture already has two stale cards
            repo.add(Win(id=0, title=f"old idea {i}", column=Column.POSSIBLE, updated=days_ago(60)))
    out = review(db, capsys)
    stale = section(out, "Stale cards")
    assert stale.count("last moved") == SHOWN
    assert stale.rstrip().endswith("… and 7 more (see --json)")
    assert "old idea 0 (possible, last moved" in stale  # oldest first
    assert "more (see --json)" not in section(out, "Wins since then")
    data = json.loads(review(db, capsys, "--json"))
    assert len(data["stale_cards"]) == SHOWN + 7


def test_review_today_accepts_natural_dates(db: Path, capsys):
    assert main(["review", "--db", str(db), "--today", "dec 2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["week_start"].endswith("-11-30")


def test_a_bad_today_is_one_clear_line(db: Path, capsys):
    assert main(["review", "--db", str(db), "--today", "someday"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("allies: ") and "someday" in err and err.count("\n") == 1


def test_markup_in_names_is_shown_literally(db: Path, capsys):
    with Repository.open(db) as repo:
        repo.update(repo.people[1].replace(name="[bold]Dana[/bold]"))
    out = review(db, capsys)
    assert "[bold]Dana[/bold] — never contacted" in out


def test_review_works_while_the_plan_is_open_and_never_writes(db: Path, capsys):
    before = db.read_bytes()
    with Repository.open(db):
        out = review(db, capsys)
    assert "Weekly review" in out
    assert db.read_bytes() == before


def test_review_of_a_quiet_plan(tmp_path: Path, capsys):
    path = tmp_path / "empty.json"
    Repository.open(path).close()
    out = review(path, capsys)
    assert "never reviewed: changes of the last 7 days" in out
    assert "everyone is already an ally." in out
    assert "none from today on." in out


def test_review_never_loads_textual(db: Path):
    script = (
        "import sys\n"
        "from allies.tui.cli import main\n"
        f"assert main(['review', '--db', {str(db)!r}, '--today', '2026-12-02']) == 0\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Weekly review" in done.stdout


def test_today_honours_the_day_first_setting(
    db: Path, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from allies.store import dates
    from allies.tui.settings import save_setting

    monkeypatch.setattr(dates, "_day_first", False)  # restored after the test
    save_setting("day_first", True)
    assert main(["review", "--db", str(db), "--today", "1.12.2026"]) == 0
    assert "today is Tue 1 Dec" in capsys.readouterr().out
