"""Imports of real-shaped files (tests/fixtures/files/), written by hand in each format's
documented layout: what goes in, and what the report says about the rest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from allies.store.import_base import decode
from allies.store.importer import ImportFailed, ImportOptions, ImportReport, detect, import_file
from allies.store.model import MeetingKind, MeetingStatus, Person, Stance, TieKind
from allies.store.repository import Repository

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "files"


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    with Repository.open(tmp_path / "plan.json", backup=False) as plan:
        yield plan


def run(repo: Repository, name: str, **options: object) -> ImportReport:
    return import_file(repo, (FILES / name).read_bytes(), ImportOptions(**options))  # type: ignore[arg-type]


def people(repo: Repository) -> dict[str, Person]:
    return {p.name: p for p in repo.people.values()}


def fields(p: Person) -> tuple[str, str, str]:
    return (p.role, p.org, p.email)


@pytest.mark.parametrize(
    ("name", "encoding", "fmt"),
    [
        ("google_old.csv", "UTF-8", "csv"),
        ("google_new.csv", "UTF-8", "csv"),
        ("outlook.csv", "Windows-1252", "csv"),
        ("excel_unicode.txt", "UTF-16", "csv"),
        ("semicolon_bom.csv", "UTF-8 with BOM", "csv"),
        ("org_chart.csv", "UTF-8", "csv"),
        ("linkedin_connections.csv", "UTF-8", "csv"),
        ("contacts.vcf", "UTF-8", "vcard"),
        ("calendar.ics", "UTF-8", "ics"),
    ],
)
def test_each_file_is_read_in_its_encoding_and_recognised_by_content(
    name: str, encoding: str, fmt: str
) -> None:
    text, found = decode((FILES / name).read_bytes())
    assert found == encoding
    assert detect(text) == fmt


def test_google_contacts_old_format_keeps_title_organisation_and_first_email(
    repo: Repository,
) -> None:
    report = run(repo, "google_old.csv")
    assert report.complete and report.counts == {"people": 3}
    got = people(repo)
    assert fields(got["Dana Whitfield"]) == (
        "VP Engineering",
        "Example Corp",
        "dana.whitfield@example.com",  # the first of "a ::: b"
    )
    assert got["Dana Whitfield"].notes == "Wants numbers before slides."
    assert fields(got["Lee Chen"])[0] == "Head of Product, EMEA"
    # no "Name": given, additional and family names make it
    assert fields(got["Priya K. Nair"]) == (
        "Director of Operations",
        "Example Corp",
        "priya.nair@example.com",
    )
    for ignored in ("Phone 1 - Value", "Organization 1 - Department", "Group Membership"):
        assert ignored in report.ignored_columns
    assert "Organization 1 - Title" not in report.ignored_columns


def test_google_contacts_current_format_is_accepted(repo: Repository) -> None:
    report = run(repo, "google_new.csv")
    assert report.complete and report.counts == {"people": 3}
    got = people(repo)
    assert fields(got["Margaret Okafor"]) == ("CFO", "Example Corp", "margaret.okafor@example.com")
    assert got["Margaret Okafor"].notes == "Signs off the budget.\nPrefers a one-page memo."
    assert fields(got["Jordan Blake"]) == ("Research Lead", "Partner Labs", "")
    assert {"Nickname", "E-mail 2 - Value", "Address 1 - Formatted", "Labels"} <= set(
        report.ignored_columns
    )


def test_outlook_export_in_windows_1252(repo: Repository) -> None:
    report = run(repo, "outlook.csv")
    assert report.encoding == "Windows-1252" and report.complete
    got = people(repo)
    assert fields(got["Zoë Müller"]) == (
        "Leiterin Einkauf",  # "Job Title", not Outlook's "Title" (Ms.)
        "Nordwerk GmbH",
        "zoe.mueller@nordwerk.example",
    )
    assert got["Zoë Müller"].notes == "Budget owner – “call before Friday”, €2M"
    assert fields(got["François Dubois"])[0] == "General Counsel"
    assert fields(got["Åsa Lindqvist"]) == ("", "Example Corp", "")
    assert "Title" in report.ignored_columns and "Department" in report.ignored_columns


def test_excel_unicode_text_is_utf16_and_tab_separated(repo: Repository) -> None:
    report = run(repo, "excel_unicode.txt")
    assert report.encoding == "UTF-16" and report.complete
    got = people(repo)
    assert got["李小龍"].stance is Stance.SUPPORTIVE and got["李小龍"].org == "Asia Pacific"
    assert got["Ørjan Nilsen"].stance is Stance.SKEPTICAL
    assert got["Amara Okoye"].stance is Stance.UNKNOWN
    assert report.ignored_columns == ["Phone"]
    assert "Columns separated by tabs." in report.notes


def test_semicolons_with_a_byte_order_mark(repo: Repository) -> None:
    report = run(repo, "semicolon_bom.csv")
    assert report.encoding == "UTF-8 with BOM" and report.complete
    got = people(repo)
    assert got["Dana Whitfield"].role == "VP, Engineering"
    assert got["Priya; the planner"].stance is Stance.OPPOSED
    assert got["Lee Chen"].stance is Stance.CHAMPION


def test_org_chart_manager_column_becomes_defers_to_ties(repo: Repository) -> None:
    report = run(repo, "org_chart.csv")
    got = people(repo)
    ties = {
        (repo.people[t.source].name, repo.people[t.target].name)
        for t in repo.ties.values()
        if t.kind is TieKind.DEFERS_TO
    }
    assert ties == {
        ("Alan Turing", "Grace Hopper"),
        ("Ada Lovelace", "Alan Turing"),
        ("Edsger Dijkstra", "Ada Lovelace"),
        ("Barbara Liskov", "Grace Hopper"),
    }
    assert report.counts == {"people": 6, "ties": 4}
    assert got["Ada Lovelace"].org == "Engineering"  # the department
    # a manager in neither the plan nor the file is listed, not invented
    assert len(report.unmatched) == 1 and "Dennis Ritchie" in report.unmatched[0]
    assert "Dennis Ritchie" not in got
    assert report.ignored_columns == ["Location"]


def test_linkedin_connections_skip_the_preamble(repo: Repository) -> None:
    report = run(repo, "linkedin_connections.csv")
    assert report.complete
    got = people(repo)
    assert fields(got["Tomás Reyes"]) == ("CTO", "Partner Labs", "tomas@partner.example")
    assert fields(got["Nia Adeyemi"]) == ("Product Manager", "Partner Labs", "")
    assert report.ignored_columns == ["URL", "Connected On"]


def test_vcard_three_contacts_in_versions_3_and_4(repo: Repository) -> None:
    report = run(repo, "contacts.vcf")
    assert report.format == "vcard" and report.complete and report.counts == {"people": 3}
    got = people(repo)
    dana = got["Dana Whitfield"]
    assert fields(dana) == ("VP Engineering", "Example Corp", "dana.whitfield@example.com")  # pref
    assert dana.notes == "Wants numbers before slides.\nAsk about the Q3 audit."
    assert fields(got["Priya Nair"]) == (
        "Director, Operations",  # vCard 4, escaped comma
        "Example Corp",
        "priya.nair@example.com",
    )
    # no FN: built from N; a folded TITLE line unfolded
    margaret = got["Dr. Margaret Okafor"]
    assert margaret.role.endswith("Executive Steering Committee")
    assert report.ignored_columns == ["ADR", "BDAY", "TEL"]


@pytest.fixture
def team(repo: Repository) -> Repository:
    repo.add_person("Dana Whitfield", email="dana.whitfield@example.com")
    repo.add_person("Priya Nair")  # no email: matched by name
    repo.add_person("Lee Chen", email="lee.chen@example.com")
    return repo


def test_ics_events_become_meetings_in_their_own_time_zones(team: Repository) -> None:
    report = run(team, "calendar.ics", start=date(2026, 11, 1))
    meetings = {m.title: m for m in team.meetings.values()}
    assert set(meetings) == {"Budget pre-read", "1:1 Lee", "Vendor lunch", "Weekly sync"}
    budget = meetings["Budget pre-read"]
    assert budget.start.astimezone(UTC) == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # Berlin
    assert budget.minutes == 45 and budget.kind is MeetingKind.GROUP
    assert budget.uid == "budget-preread-20261203@example.com" and budget.sequence == 2
    assert {team.people[a].name for a in budget.attendees} == {"Dana Whitfield", "Priya Nair"}
    lee = meetings["1:1 Lee"]
    assert lee.start.astimezone(UTC) == datetime(2026, 12, 4, 14, 0, tzinfo=UTC)  # New York
    assert lee.start.utcoffset() == timedelta(hours=-5) and lee.minutes == 30
    assert meetings["Vendor lunch"].status is MeetingStatus.CANCELLED
    # the organiser (me) is not an attendee; strangers are listed, never added
    assert len(team.people) == 3
    assert any("Jordan Blake <jordan@partner.example>" in u for u in report.unmatched)
    assert any("Casey Recruiter" in u for u in report.unmatched)
    assert len(report.problems) == 1
    assert "Coffee with a recruiter" in report.problems[0][1]
    assert "none of its attendees is in the plan" in report.problems[0][1]
    notes = " ".join(report.notes)
    assert "All-day event 'Team offsite' left out" in notes
    assert "1 event(s) outside the dates" in notes
    assert "Weekly sync" in notes and "repeats" in notes


def test_ics_date_range_both_ends(team: Repository) -> None:
    run(team, "calendar.ics", start=date(2026, 12, 4), end=date(2026, 12, 5))
    assert {m.title for m in team.meetings.values()} == {"1:1 Lee", "Vendor lunch"}


def test_ics_reimport_with_merge_updates_by_uid_and_reports_conflicts(team: Repository) -> None:
    run(team, "calendar.ics")
    count = len(team.meetings)
    again = run(team, "calendar.ics")  # without --merge: skipped, said so
    assert len(team.meetings) == count
    assert any("already in the plan (same UID)" in m for _, m in again.problems)
    text = (FILES / "calendar.ics").read_bytes()
    moved = text.replace(b"SEQUENCE:2", b"SEQUENCE:3").replace(
        b"20261203T100000", b"20261203T110000"
    )
    report = import_file(team, moved, ImportOptions(merge=True))
    assert len(team.meetings) == count  # updated, not duplicated
    budget = next(m for m in team.meetings.values() if m.title == "Budget pre-read")
    assert budget.start.astimezone(UTC).hour == 10 and budget.sequence == 3
    assert report.updated == {"meetings": 1}
    # the same change without a later SEQUENCE is a conflict, not a guess
    stale = text.replace(b"20261203T100000", b"20261203T120000")
    report = import_file(team, stale, ImportOptions(merge=True))
    assert any("Budget pre-read" in c and "kept the plan's" in c for c in report.conflicts)
    assert budget.start == team.meetings[budget.id].start


def test_merge_of_contacts_fills_in_and_reports_conflicts(repo: Repository) -> None:
    repo.add_person("Dana Whitfield", role="CTO", stance=Stance.NEUTRAL)
    plain = run(repo, "contacts.vcf")  # without --merge: Dana is skipped, said so
    assert any("Dana Whitfield is already in the plan" in m for _, m in plain.problems)
    assert len(repo.people) == 3
    report = run(repo, "google_old.csv", merge=True)
    dana = people(repo)["Dana Whitfield"]
    assert dana.email == "dana.whitfield@example.com" and dana.org == "Example Corp"  # filled
    assert dana.role == "CTO"  # the plan's, kept
    assert any("Dana Whitfield's role is 'CTO'" in c for c in report.conflicts)
    # Priya Nair (vCard) and Priya K. Nair (Google) share an email: one person
    assert report.counts["people"] == 1  # only Lee Chen is new
    assert len(repo.people) == 4


def test_a_dry_run_reports_exactly_and_leaves_the_file_byte_identical(repo: Repository) -> None:
    repo.add_person("Grace Hopper", email="grace@example.com")
    before, version = repo.path.read_bytes(), repo.version
    dry = run(repo, "org_chart.csv", dry_run=True, merge=True)
    assert dry.dry_run and dry.counts == {"people": 5, "ties": 4}
    assert dry.updated == {"people": 1}  # Grace's role and organisation filled in
    assert "add tie Alan Turing defers to Grace Hopper" in dry.changes
    assert [p.name for p in repo.people.values()] == ["Grace Hopper"]
    assert repo.version == version and not repo.pending
    repo.close()
    assert repo.path.read_bytes() == before
    with Repository.open(repo.path, backup=False) as again:
        real = run(again, "org_chart.csv", merge=True)
        assert real.changes == dry.changes
        assert again.undo_label == "import csv"
        again.undo()  # one undo step takes the whole import back
        assert len(again.people) == 1 and not again.ties


def test_format_can_be_forced(repo: Repository) -> None:
    with pytest.raises(ImportFailed, match="vCard"):
        run(repo, "org_chart.csv", fmt="vcard")
    assert not repo.people


def test_a_file_of_none_of_these_says_what_was_looked_for(repo: Repository) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_file(repo, b"just some notes\nabout people\n", ImportOptions())
    message = str(caught.value)
    for looked_for in ("JSON", "vCard", "BEGIN:VCALENDAR", "CSV", "first and last name"):
        assert looked_for in message


def test_two_people_of_one_name_with_different_addresses_are_two_people(
    repo: Repository,
) -> None:
    repo.add_person("Alex Kim", email="alex.kim@example.com")
    text = (
        "name,email\n"
        "Alex Kim,alex@partner.example\n"  # another Alex Kim
        "alex kim,ALEX.KIM@example.com\n"  # the plan's, by address
        "Alex Kim,alex@partner.example\n"  # the first row again
    )
    report = import_file(repo, text.encode(), ImportOptions())
    assert report.counts == {"people": 1}
    assert [line for line, _ in report.problems] == [3, 4]
    assert "already in the plan" in report.problems[0][1]
    assert "earlier in the file (line 2)" in report.problems[1][1]
    assert sorted(p.email for p in repo.people.values()) == [
        "alex.kim@example.com",
        "alex@partner.example",
    ]


def test_ics_windows_zone_names_are_understood_and_unknown_zones_said(
    repo: Repository,
) -> None:
    repo.add_person("Dana", email="d@example.org")
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
        "BEGIN:VEVENT\r\nUID:outlook-1\r\n"
        "DTSTART;TZID=W. Europe Standard Time:20261203T100000\r\n"
        "DTEND;TZID=W. Europe Standard Time:20261203T110000\r\n"
        "SUMMARY:From Outlook\r\nATTENDEE;CN=Dana:mailto:d@example.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:nowhere-1\r\nDTSTART;TZID=Nowhere/Land:20261204T100000\r\n"
        "SUMMARY:Somewhere\r\nATTENDEE;CN=Dana:mailto:d@example.org\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    report = import_file(repo, text.encode(), ImportOptions())
    outlook = next(m for m in repo.meetings.values() if m.uid == "outlook-1")
    assert outlook.start.astimezone(UTC) == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert outlook.minutes == 60
    assert any("'Nowhere/Land' is not known" in n for n in report.notes)
    assert len(repo.meetings) == 2


def test_ics_events_outside_the_supported_years_are_skipped_not_fatal(repo: Repository) -> None:
    repo.add_person("Dana", email="d@example.org")
    event = (
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nSUMMARY:{uid}\r\n"
        "ATTENDEE:mailto:d@example.org\r\nEND:VEVENT\r\n"
    )
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + event.format(uid="far", start="99991231T230000Z")
        + event.format(uid="old", start="18000101T090000Z")
        + event.format(uid="fine", start="20261203T090000Z")
        + "END:VCALENDAR\r\n"
    )
    report = import_file(repo, text.encode(), ImportOptions())
    assert [m.uid for m in repo.meetings.values()] == ["fine"]
    assert len(report.problems) == 2 and all("outside the years" in m for _, m in report.problems)
