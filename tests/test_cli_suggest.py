"""``allies suggest``: the JSON contract of DESIGN §8, the readable report, no Textual."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from allies.store.model import (
    Interest,
    Meeting,
    MeetingStatus,
    Person,
    Stance,
    Tie,
    TieKind,
    Trade,
)
from allies.store.repository import Repository
from allies.tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 2)  # a Monday
SUGGEST_KEYS = {"influence", "chief_influencers", "approach_next", "meetings", "proposed"}


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[tuple[Path, dict[str, int]]]:
    """A small plan, left open for writing (as the app would hold it) during the test."""
    path = tmp_path / "plan.json"
    repo = Repository.open(path, title="Budget", agenda="Fund the platform team")
    ids = {
        name: repo.add(Person(id=0, name=name, stance=stance)).id
        for name, stance in [
            ("Dana", Stance.NEUTRAL),
            ("Sam", Stance.CHAMPION),
            ("Lee", Stance.SUPPORTIVE),
            ("Priya", Stance.OPPOSED),
        ]
    }
    for source, target, kind in [
        ("Sam", "Dana", TieKind.DEFERS_TO),
        ("Lee", "Dana", TieKind.LISTENS_TO),
        ("Priya", "Dana", TieKind.DEFERS_TO),
        ("Dana", "Sam", TieKind.LISTENS_TO),
        ("Dana", "Sam", TieKind.TRUSTS),
    ]:
        repo.add(Tie(id=0, source=ids[source], target=ids[target], kind=kind, strength=2))
    interest = repo.add(Interest(id=0, person=ids["Dana"], text="less on-call"))
    repo.add(Trade(id=0, person=ids["Dana"], interest=interest.id, offer="a handover"))
    held = at(TODAY - timedelta(days=5), 10)
    repo.add(
        Meeting(
            id=0, title="1:1 Sam", start=held, attendees=(ids["Sam"],), status=MeetingStatus.HELD
        )
    )
    group = Meeting(
        id=0,
        title="Budget pre-read",
        start=at(TODAY + timedelta(days=3), 14),
        attendees=(ids["Dana"], ids["Sam"], ids["Priya"]),
    )
    ids["group"] = repo.add(group).id
    yield path, ids
    repo.close()


def suggest(path: Path, *extra: str) -> int:
    return main(["suggest", "--db", str(path), "--today", TODAY.isoformat(), *extra])


def test_json_holds_every_documented_key(
    plan: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = plan

    assert suggest(path, "--json") == 0
    out = json.loads(capsys.readouterr().out)

    assert set(out) >= SUGGEST_KEYS | {"chiefs", "moves", "trade_ups"}
    chief = out["chiefs"][0]
    assert chief["id"] == out["chief_influencers"][0]
    assert "3 people defer to them" not in chief["evidence"]  # Sam and Priya defer; Lee listens
    assert "2 people defer to them" in chief["evidence"]
    assert "1 person listens to them" in chief["evidence"]
    assert all({"kind", "people", "reason"} <= set(m) for m in out["moves"])
    assert all(m["reason"] for m in out["moves"])
    for p in out["proposed"]:
        assert p["reason"] and isinstance(p["bring"], list)
    influence = out["influence"]
    assert len(influence) == 4
    assert all({"id", "name", "score", "rank"} <= set(row) for row in influence)
    assert [row["rank"] for row in influence] == [1, 2, 3, 4]
    assert influence[0] == influence[0] | {"id": ids["Dana"], "name": "Dana", "score": 100}
    assert out["chief_influencers"][0] == ids["Dana"]

    approach = out["approach_next"]
    assert next(row["id"] for row in approach) == ids["Dana"]
    assert {row["id"] for row in approach} == {ids["Dana"], ids["Priya"]}
    dana = approach[0]
    assert {"id", "name", "score", "reasons"} <= set(dana)
    assert "wants: less on-call" in dana["reasons"]
    assert "you can offer a handover for it (idea)" in dana["reasons"]
    assert "Sam (ally) has their ear" in dana["reasons"]

    (group,) = out["meetings"]
    assert {"id", "title", "kind", "start", "ready", "problems"} <= set(group)
    assert (group["id"], group["title"], group["kind"]) == (
        ids["group"],
        "Budget pre-read",
        "group",
    )
    assert datetime.fromisoformat(group["start"]) == at(TODAY + timedelta(days=3), 14)
    assert group["ready"] is False
    problems = {p["code"]: p for p in group["problems"]}
    assert set(problems) == {"needs_one_on_one", "low_consensus", "too_few_wins"}
    # the holdouts: winning Dana, whom Sam and Priya follow, lifts the room on her own
    assert problems["low_consensus"]["people"] == [ids["Dana"]]
    assert group["holdouts"] == [ids["Dana"]]
    assert group["threshold"] == 0.6
    assert 0 <= group["consensus"] < 0.6
    assert re.fullmatch(
        r"consensus \d+% of the room's weight \(needs 60%\); winning Dana over would bring it"
        r" to \d+%",
        problems["low_consensus"]["detail"],
    )
    assert problems["too_few_wins"] == {
        "code": "too_few_wins",
        "people": [],
        "detail": "0 of 1 wins won by then that involve the room",
    }
    assert problems["needs_one_on_one"]["people"] == [ids["Dana"], ids["Priya"]]
    assert problems["needs_one_on_one"]["detail"] == "no one-on-one yet with Dana and Priya"

    proposed = out["proposed"]
    assert [p["attendees"] for p in proposed] == [[ids["Dana"]], [ids["Priya"]]]
    for p in proposed:
        assert {"title", "kind", "start", "attendees", "for_meeting"} <= set(p)
        assert p["kind"] == "one_on_one"
        assert p["for_meeting"] == ids["group"]
        start = datetime.fromisoformat(p["start"])
        assert start.tzinfo is not None
        assert TODAY <= start.date() < TODAY + timedelta(days=3)


def test_readable_report_is_plain_when_piped(
    plan: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = plan

    assert suggest(path) == 0
    out = capsys.readouterr().out

    assert "\x1b[" not in out  # no colour codes in a file
    assert all(line == line.rstrip() for line in out.splitlines())
    for text in (
        "Budget",
        "Approach next",
        "wants: less on-call",  # known: no more "ask Sam what Dana wants"
        "Budget pre-read",
        "not ready",
        "no one-on-one yet with Dana and Priya",
        "One-on-one with Dana",
        "Mon 2 Mar 2026 10:00",
    ):
        assert text in " ".join(out.split())  # a reason may wrap across lines
    assert "ask Sam what Dana wants" not in " ".join(out.split())
    assert out.index("One-on-one with Dana") < out.index("One-on-one with Priya")


def test_names_with_markup_are_shown_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.json"
    with Repository.open(path, title="[red]plan[/]") as repo:
        repo.add(Person(id=0, name="[bold]x[/]"))

    assert suggest(path) == 0
    out = capsys.readouterr().out

    assert "[bold]x[/]" in out
    assert "[red]plan[/]" in out


def test_an_empty_plan_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.json"
    Repository.open(path, title="Empty").close()

    assert suggest(path) == 0
    assert "No people in this plan yet" in capsys.readouterr().out
    assert suggest(path, "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in SUGGEST_KEYS} == {key: [] for key in SUGGEST_KEYS}


def test_a_missing_plan_or_bad_date_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "--db", str(tmp_path / "nope.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("allies: ") and "there is no plan here yet" in err
    assert not (tmp_path / "nope.json").exists()

    Repository.open(tmp_path / "plan.json").close()
    assert main(["suggest", "--db", str(tmp_path / "plan.json"), "--today", "someday"]) == 1
    assert "Cannot read 'someday' as a date" in capsys.readouterr().err


def test_demo_plan_suggestions_read_sensibly(
    demo_repo: Repository, plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "--db", str(plan_path), "--json", "--today", "2026-12-02"]) == 0
    out = json.loads(capsys.readouterr().out)

    people = demo_repo.people
    assert out["approach_next"], "the demo has people still to win"
    for row in out["approach_next"]:
        assert not people[row["id"]].stance.is_ally
        assert row["reasons"]
    assert out["chief_influencers"]
    assert all(m["problems"] or m["ready"] for m in out["meetings"])


def test_suggest_never_imports_textual(plan: tuple[Path, dict[str, int]]) -> None:
    path, _ = plan
    code = (
        "import sys\n"
        "from allies.tui.cli import main\n"
        f"rc = main(['suggest', '--db', {str(path)!r}, '--today', '{TODAY.isoformat()}'])\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "sys.exit(rc)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert "One-on-one with Dana" in result.stdout
