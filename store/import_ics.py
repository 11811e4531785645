"""Meetings from an iCalendar file (``.ics``: a calendar program's export).

Each timed event (VEVENT) that starts within ``start``…``end`` (local dates,
both included; no limit when None) becomes a meeting: its SUMMARY the title,
DTSTART in its own time zone, DTEND or DURATION the length, UID and SEQUENCE
its calendar identity, STATUS:CANCELLED a cancelled meeting. Attendees are
matched to the plan's people by email, then by name (CN); those not in the
plan are listed, never added. An event with no attendee in the plan is left
out. All-day events are left out; a repeating event gives its first date only.

With ``merge`` an event whose UID is already a meeting's updates that meeting
when the file's SEQUENCE is higher; a meeting changed on both sides is a
conflict, kept as the plan has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from allies.store.errors import ValidationError
from allies.store.import_base import ImportFailed, ImportReport, PeopleIndex, one_line
from allies.store.limits import MAX_YEAR, MIN_YEAR
from allies.store.model import Meeting, MeetingStatus, new_uid
from allies.store.repository import Repository

DEFAULT_MINUTES = 30
MAX_MINUTES = 24 * 60


def looks_like_ics(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:15].upper() == "BEGIN:VCALENDAR"


@dataclass
class EventIn:
    uid: str
    title: str
    start: datetime
    minutes: int
    status: MeetingStatus
    sequence: int
    attendees: list[tuple[str, str]] = field(default_factory=list)
    """(email, name) of each attendee but the organiser."""
    repeats: bool = False

    @property
    def label(self) -> str:
        return f"{one_line(self.title) or '(no title)'} ({self.start.astimezone():%Y-%m-%d %H:%M})"


def _text(value: Any) -> str:
    return str(value) if value is not None else ""


def _address(prop: Any) -> tuple[str, str]:
    value = _text(prop).strip()
    email = value[7:] if value.lower().startswith("mailto:") else ""
    params = getattr(prop, "params", {}) or {}
    return email.strip(), one_line(_text(params.get("CN", "")))


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def read_events(
    text: str, report: ImportReport, start: date | None = None, end: date | None = None
) -> list[EventIn]:
    """The timed events in range; anything left out is said in the report."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(text)
        components = list(calendar.walk("VEVENT"))
    except Exception as exc:  # icalendar raises ValueError and others on bad input
        reason = one_line(str(exc))[:200] or type(exc).__name__
        raise ImportFailed(f"not a readable iCalendar file ({reason})") from None
    events: list[EventIn] = []
    outside = 0
    for component in components:
        try:
            event = _event(component, report)
        except Exception as exc:  # a property of a shape icalendar cannot decode
            summary = one_line(_text(component.get("SUMMARY")))[:80] or "(no title)"
            reason = one_line(str(exc))[:200] or type(exc).__name__
            report.problem(0, f"event {summary!r}: cannot be read ({reason}); skipped")
            continue
        if event is None:
            continue
        day = event.start.astimezone().date()
        if (start is not None and day < start) or (end is not None and day > end):
            outside += 1
            continue
        events.append(event)
    if outside:
        report.notes.append(f"{outside} event(s) outside the dates asked for were left out.")
    return events


def _event(component: Any, report: ImportReport) -> EventIn | None:
    title = _text(component.get("SUMMARY"))
    if "DTSTART" not in component:
        report.problem(0, f"event {one_line(title)!r} has no start; skipped")
        return None
    start = component.decoded("DTSTART")
    if not isinstance(start, datetime):
        report.notes.append(f"All-day event {one_line(title)!r} left out (meetings have a time).")
        return None
    if not MIN_YEAR <= start.year <= MAX_YEAR:
        report.problem(
            0,
            f"event {one_line(title)!r} starts in {start.year}, outside the years "
            f"{MIN_YEAR}-{MAX_YEAR}; skipped",
        )
        return None
    if start.tzinfo is None:  # a "floating" time, or a zone not known here: the local one
        zone = getattr(component.get("DTSTART"), "params", {}).get("TZID")
        if zone:
            report.notes.append(
                f"Event {one_line(title)!r}: time zone {one_line(str(zone))!r} is not known "
                "here; its time was read as local time."
            )
        start = start.astimezone()
    minutes = DEFAULT_MINUTES
    if "DTEND" in component:
        end = component.decoded("DTEND")
        if isinstance(end, datetime):
            end = end if end.tzinfo else end.astimezone()
            minutes = int((end - start).total_seconds() // 60)
    elif "DURATION" in component:
        duration = component.decoded("DURATION")
        if isinstance(duration, timedelta):
            minutes = int(duration.total_seconds() // 60)
    if minutes < 1:
        minutes = DEFAULT_MINUTES
    status_text = _text(component.get("STATUS")).upper()
    status = MeetingStatus.CANCELLED if status_text == "CANCELLED" else MeetingStatus.PLANNED
    sequence_value = component.get("SEQUENCE")
    try:
        sequence = max(0, min(int(_text(sequence_value) or 0), 2**31 - 1))
    except ValueError:
        sequence = 0
    organiser = ""
    if "ORGANIZER" in component:
        organiser = _address(component.get("ORGANIZER"))[0].casefold()
    attendees = []
    for prop in _list(component.get("ATTENDEE")):
        email, name = _address(prop)
        if organiser and email.casefold() == organiser:
            continue
        if email or name:
            attendees.append((email, name))
    return EventIn(
        uid=one_line(_text(component.get("UID"))) or new_uid(),
        title=title,
        start=start,
        minutes=minutes,
        status=status,
        sequence=sequence,
        attendees=attendees,
        repeats="RRULE" in component or "RDATE" in component,
    )


def import_ics(
    repo: Repository,
    text: str,
    *,
    merge: bool = False,
    start: date | None = None,
    end: date | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Add the events of an iCalendar file as meetings, in one transaction."""
    report = report or ImportReport(format="ics")
    report.counts.setdefault("meetings", 0)
    events = read_events(text, report, start, end)
    index = PeopleIndex(repo)
    by_uid = {m.uid: m for m in repo.meetings.values()}
    seen: set[str] = set()
    with repo.transaction("import meetings from iCalendar"):
        for event in events:
            if event.uid in seen:
                report.notes.append(f"{event.label}: a second copy of one event; left out.")
                continue
            seen.add(event.uid)
            attendees = _match(event, index, report)
            if not attendees:
                report.problem(0, f"{event.label}: none of its attendees is in the plan; skipped")
                continue
            if event.repeats:
                report.notes.append(f"{event.label} repeats: only its first date was imported.")
            existing = by_uid.get(event.uid)
            try:
                if existing is not None:
                    _merge_meeting(repo, existing, event, attendees, merge, report)
                    continue
                meeting = repo.add(
                    Meeting(
                        id=0,
                        title=event.title,
                        start=event.start,
                        minutes=min(event.minutes, MAX_MINUTES),
                        attendees=tuple(attendees),
                        status=event.status,
                        uid=event.uid,
                        sequence=event.sequence,
                    )
                )
            except ValidationError as exc:
                report.problem(0, f"{event.label}: {exc.message}; skipped")
                continue
            if event.minutes > MAX_MINUTES:
                report.notes.append(f"{event.label}: longer than a day, shortened to 24 hours.")
            names = ", ".join(repo.people[a].name for a in meeting.attendees)
            report.add("meetings", f"add meeting {meeting.title} with {names}")
    return report


def _match(event: EventIn, index: PeopleIndex, report: ImportReport) -> list[int]:
    found: list[int] = []
    for email, name in event.attendees:
        person, ambiguous = index.find(email, name)
        who = f"{name} <{email}>" if name and email else (name or email)
        if ambiguous:
            report.conflicts.append(f"{event.label}: attendee {ambiguous}; left out")
        elif person is None:
            report.unmatched.append(f"{event.label}: {who}")
        elif person not in found:
            found.append(person)
    return found


def _merge_meeting(
    repo: Repository,
    existing: Meeting,
    event: EventIn,
    attendees: list[int],
    merge: bool,
    report: ImportReport,
) -> None:
    if not merge:
        report.problem(
            0, f"{event.label} is already in the plan (same UID); skipped (--merge updates)"
        )
        return
    title = one_line(event.title)
    same = (
        existing.start == event.start
        and existing.minutes == min(event.minutes, MAX_MINUTES)
        and existing.title == title
        and existing.status is event.status
    )
    if same:
        return
    if event.sequence <= existing.sequence:
        report.conflicts.append(
            f"{event.label}: differs from the plan's meeting {existing.title!r} but is not a "
            f"later revision (SEQUENCE {event.sequence}, the plan has {existing.sequence}); "
            "kept the plan's"
        )
        return
    updated = repo.update(
        existing.replace(
            title=event.title,
            start=event.start,
            minutes=min(event.minutes, MAX_MINUTES),
            status=event.status,
            sequence=event.sequence,
            attendees=tuple(dict.fromkeys([*existing.attendees, *attendees])),
        )
    )
    report.update("meetings", f"update meeting {updated.title} (revision {updated.sequence})")
