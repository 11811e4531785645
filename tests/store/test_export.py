"""Exports: the JSON backup, the Markdown briefing and the iCalendar file."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from allies.store.analysis import analysis_for
from allies.store.export import meeting_uid, to_ics, to_json, to_markdown
from allies.store.model import TABLES, Meeting, MeetingStatus
from allies.store.repository import Repository
from tests.fixtures.sample_plan import TODAY, build_sample, local


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    plan = Repository.open(tmp_path / "plan.json", title="Budget push")
    plan.ids = build_sample(plan)
    yield plan
    plan.close()


# ------------------------------------------------------------------- JSON


def test_json_is_the_file_format_with_every_table(repo: Repository):
    data = json.loads(to_json(repo))
    assert set(data) == {"meta", *TABLES}
    assert data["meta"]["1"]["title"] == "Budget push"
    assert data == json.loads(repo.path.read_text())


def test_json_lists_empty_tables_too(tmp_path: Path):
    with Repository.open(tmp_path / "empty.json") as empty:
        data = json.loads(to_json(empty))
    assert data["people"] == {} and data["reviews"] == {}


def test_json_is_pretty_and_keeps_unicode(repo: Repository):
    repo.add_person("Zoë 李")
    text = to_json(repo)
    assert "Zoë 李" in text
    assert text.startswith('{\n  "meta"')


# --------------------------------------------------------------- Markdown


def test_markdown_briefing_has_every_section(repo: Repository):
    text = to_markdown(repo, TODAY)
    assert text.startswith("# Budget push\n")
    for heading in ("## Pulse", "## Chief influencers", "## People", "## Board", "## Timeline"):
        assert heading in text
    assert "**My agenda:** Fund the platform team" in text
    assert "Wins won: 1" in text
    # the next planned meeting from today on is Tuesday's 1:1 (not last week's overdue one)
    assert "Next meeting: Tue 1 Dec 2026 10:00 — 1:1 Dana" in text


def test_markdown_people_show_agenda_trades_and_ties(repo: Repository):
    text = to_markdown(repo, TODAY)
    dana = text[text.index("### Dana Whitfield") :]
    dana = dana[: dana.index("\n### ")]
    assert "VP Engineering, Engineering" in dana
    assert "neutral" in dana
    assert "Keep delivery velocity (open) — learned from Sam Ortiz" in dana
    assert "I offer Two engineers for Q1 ↔ I ask Support at the budget review" in dana
    assert "(task, proposed)" in dana
    assert "Trusts: Sam Ortiz" in dana
    assert "Listens to: Margaret Okafor" in dana


def test_markdown_lists_chief_influencers_in_rank_order(repo: Repository):
    text = to_markdown(repo, TODAY)
    chiefs = text[text.index("## Chief influencers") : text.index("**Approach next:**")]
    ranked = [repo.people[pid].name for pid in analysis_for(repo).chiefs]
    assert "Dana Whitfield" in ranked and "Sam Ortiz" not in ranked  # nobody defers to Sam
    positions = [chiefs.index(f"**{name.replace('*', chr(92) + '*')}**") for name in ranked]
    assert positions == sorted(positions)
    assert "Sam Ortiz" not in chiefs


def test_markdown_board_by_column_with_chain(repo: Repository):
    text = to_markdown(repo, TODAY)
    board = text[text.index("## Board") : text.index("## Timeline")]
    assert board.index("### Possible (1)") < board.index("Pilot extended")
    assert "builds on “Pilot agreed”" in board
    assert "### Won (1)" in board
    assert "### Parked (0)" in board


def test_markdown_timeline_groups_by_week_and_shows_readiness(repo: Repository):
    text = to_markdown(repo, TODAY)
    timeline = text[text.index("## Timeline") :]
    assert "### Week of Mon 23 Nov 2026" in timeline
    assert "### Week of Mon 30 Nov 2026" in timeline
    assert "### Week of Mon 7 Dec 2026" in timeline
    this_week = timeline[timeline.index("Mon 30 Nov") : timeline.index("Mon 7 Dec")]
    assert "Budget pre-read" in this_week
    assert "not ready" in this_week
    assert "needs_one_on_one" in this_week  # Priya's only one-on-one was cancelled


def test_markdown_escapes_names_and_hides_notes(repo: Repository):
    text = to_markdown(repo, TODAY)
    assert r"Lee \*Chen\*" in text
    assert "Lee *Chen*" not in text
    assert "SECRET" not in text
    with_notes = to_markdown(repo, TODAY, include_notes=True)
    assert "SECRET-DANA" in with_notes and "SECRET-OUTCOME" in with_notes


def test_markdown_of_an_empty_plan(tmp_path: Path):
    with Repository.open(tmp_path / "empty.json", title="Nothing yet") as empty:
        text = to_markdown(empty, TODAY)
    assert "No people yet." in text
    assert "No meetings yet." in text
    assert "Next meeting: none planned" in text


# -------------------------------------------------------------- iCalendar


def events(data: bytes) -> list:
    cal = Calendar.from_ical(data)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_ics_has_one_event_per_meeting_with_its_status(repo: Repository):
    data = to_ics(repo)
    cal = Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0"
    assert "Allies" in str(cal["PRODID"])
    status = {str(e["SUMMARY"]): str(e["STATUS"]) for e in events(data)}
    # a cancelled meeting stays, marked cancelled, so a calendar that has it drops it
    assert status == {
        "Coffee with Lee": "CONFIRMED",  # held: a past event
        "Catch-up with Sam": "CONFIRMED",
        "1:1 Dana": "CONFIRMED",
        "Budget pre-read": "CONFIRMED",
        "Lunch with Priya": "CANCELLED",
        "1:1 Margaret": "CONFIRMED",
    }
    assert all(str(e["CLASS"]) == "PRIVATE" for e in events(data))
    assert all(e.decoded("SEQUENCE") == 0 for e in events(data))


def test_ics_can_leave_held_meetings_out(repo: Repository):
    titles = {str(e["SUMMARY"]) for e in events(to_ics(repo, include_held=False))}
    assert "Coffee with Lee" not in titles
    assert "Lunch with Priya" in titles and len(titles) == 5


def test_ics_times_are_in_utc_and_match_the_meeting(repo: Repository):
    meeting = repo.meetings[repo.ids["group"]]
    event = next(e for e in events(to_ics(repo)) if str(e["SUMMARY"]) == meeting.title)
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    assert start.utcoffset() == timedelta(0)
    assert start == meeting.start
    assert end - start == timedelta(minutes=45)
    assert isinstance(event.decoded("DTSTAMP"), datetime)
    assert b"DTSTART:" in to_ics(repo) and b"Z\r\n" in to_ics(repo)


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run with the machine's local zone set to New York (UTC−5 in December)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_ics_converts_local_meeting_times_to_utc(new_york: None, tmp_path: Path):
    with Repository.open(tmp_path / "ny.json") as plan:
        person = plan.add_person("Dana")
        plan.add(Meeting(id=0, title="1:1", start=local(TODAY, 10), attendees=(person.id,)))
        data = to_ics(plan)
        text = to_markdown(plan, TODAY)
    (event,) = events(data)
    assert event.decoded("DTSTART") == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    assert b"DTSTART:20261130T150000Z" in data
    assert "Mon 30 Nov 2026 10:00" in text  # the briefing shows local time


def test_ics_time_of_a_meeting_in_another_zone(repo: Repository):
    from datetime import timezone

    tokyo = timezone(timedelta(hours=9))
    m = repo.add(
        Meeting(
            id=0,
            title="Call Tokyo",
            start=datetime(2026, 12, 2, 9, 0, tzinfo=tokyo),
            attendees=(1,),
        )
    )
    event = next(e for e in events(to_ics(repo)) if str(e["SUMMARY"]) == m.title)
    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 0, 0, tzinfo=UTC)


def test_ics_uids_are_stable_and_unique(repo: Repository):
    first = [str(e["UID"]) for e in events(to_ics(repo))]
    second = [str(e["UID"]) for e in events(to_ics(repo))]
    assert first == second
    assert len(set(first)) == len(first)
    meeting = repo.meetings[repo.ids["dana11"]]
    assert meeting_uid(meeting) == meeting.uid in first
    assert str(uuid.UUID(meeting.uid)) == meeting.uid


def test_ics_sequence_rises_with_time_title_or_status(repo: Repository):
    mid = repo.ids["dana11"]

    def sequence() -> int:
        uid = repo.meetings[mid].uid
        event = next(e for e in events(to_ics(repo)) if str(e["UID"]) == uid)
        return int(event.decoded("SEQUENCE"))

    assert sequence() == 0
    repo.update(repo.meetings[mid].replace(outcome="notes only"))
    assert sequence() == 0  # not a calendar change
    repo.update(repo.meetings[mid].replace(start=repo.meetings[mid].start + timedelta(hours=1)))
    assert sequence() == 1
    repo.update(repo.meetings[mid].replace(title="1:1 Dana (moved)"))
    assert sequence() == 2
    repo.update(repo.meetings[mid].replace(status=MeetingStatus.CANCELLED))
    assert sequence() == 3
    repo.update(repo.meetings[mid].replace(minutes=60))  # the end moves too
    assert sequence() == 4


def test_ics_calendar_name_is_escaped(tmp_path: Path):
    with Repository.open(tmp_path / "p.json", title="Budget; Q1, ops\\ team") as plan:
        data = to_ics(plan)
    assert b"X-WR-CALNAME:Budget\\; Q1\\, ops\\\\ team" in data
    assert b"NAME:Budget\\; Q1\\, ops\\\\ team" in data
    import vobject

    parsed = vobject.readOne(data.decode())
    assert parsed.contents["x-wr-calname"][0].value == "Budget; Q1, ops\\ team"


def test_ics_description_lists_attendees_but_never_notes(repo: Repository):
    repo.update(repo.meetings[repo.ids["group"]].replace(outcome="SECRET-PLANNED-OUTCOME"))
    data = to_ics(repo)
    event = next(e for e in events(data) if str(e["SUMMARY"]) == "Budget pre-read")
    description = str(event["DESCRIPTION"])
    assert "Group meeting" in description
    assert "Dana Whitfield (VP Engineering, Engineering)" in description
    assert "Priya Nair (Director, Ops, Operations)" in description
    assert b"SECRET" not in data
    assert b"opposed" not in data  # stances are private too


def test_ics_include_notes_adds_outcome_and_notes(repo: Repository):
    repo.update(repo.meetings[repo.ids["group"]].replace(outcome="SECRET-PLANNED-OUTCOME"))
    event = next(
        e
        for e in events(to_ics(repo, include_notes=True))
        if str(e["SUMMARY"]) == "Budget pre-read"
    )
    description = str(event["DESCRIPTION"])
    assert "SECRET-PLANNED-OUTCOME" in description
    assert "SECRET-DANA" in description


def test_ics_escapes_text_that_looks_like_ical(repo: Repository):
    repo.add(
        Meeting(id=0, title="Plan; review, then\\ vote", start=local(TODAY, 15), attendees=(1,))
    )
    data = to_ics(repo)
    assert b"SUMMARY:Plan\\; review\\, then\\\\ vote" in data
    titles = {str(e["SUMMARY"]) for e in events(data)}
    assert "Plan; review, then\\ vote" in titles


def test_ics_of_an_empty_plan_is_a_valid_calendar(tmp_path: Path):
    with Repository.open(tmp_path / "empty.json") as empty:
        data = to_ics(empty)
    assert events(data) == []
    assert Calendar.from_ical(data)["VERSION"] == "2.0"


def test_markdown_numbers_chiefs_consecutively_and_rounds_like_the_header(
    repo: Repository,
) -> None:
    """Issue 19, point 9: a chief list 1, 2, 3 … and one rounding for consensus."""
    from allies.store.model import Person, percent
    from allies.store.pulse import compute_pulse

    boss = repo.add(Person(id=0, name="Unfollowed Boss", decider=True)).id  # ranks high, no ♛
    text = to_markdown(repo, TODAY)
    chiefs = text[text.index("## Chief influencers") : text.index("**Approach next:**")]
    numbers = [int(line.split(".")[0]) for line in chiefs.splitlines() if line[:1].isdigit()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert analysis_for(repo).scores[boss].rank < len(repo.people)
    assert "Unfollowed Boss" not in chiefs
    pulse = compute_pulse(repo, local(TODAY, 0))
    assert f"- Consensus: {percent(pulse.consensus)} " in text
