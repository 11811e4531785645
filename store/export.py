"""Exports of a plan: a JSON backup, a Markdown briefing and an iCalendar file.

* JSON is the file format itself (TinyDB layout, every table), pretty-printed,
  so it can be kept as a backup and imported again.
* Markdown is a briefing to read or print: the plan, its pulse, the chief
  influencers, each person's agenda and trades, the board and the timeline.
* ICS holds one event per meeting for a calendar program, identified by the
  meeting's stable ``uid``; cancelled meetings are marked cancelled. Calendars
  are often synced to a server, so people's notes and meeting outcomes are left
  out unless asked for, and every event is CLASS:PRIVATE.
* CSV lists the people for a spreadsheet: stance, influence, last contact.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from icalendar import Calendar, Event, vText

from allies.store.dates import week_bounds
from allies.store.graph_export import markdown_map
from allies.store.model import (
    BOARD_COLUMNS,
    TABLES,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Person,
    TieKind,
    Win,
    percent,
)
from allies.store.pulse import compute_pulse
from allies.store.repository import Repository

if TYPE_CHECKING:
    from allies.store.analysis import Analysis

PRODID = "-//Allies//Allies planner//EN"

# ------------------------------------------------------------------- JSON


def to_json(repo: Repository) -> str:
    """The whole plan in its file layout (every table, even empty ones), pretty-printed."""
    raw = repo.raw()
    data: dict[str, Any] = {"meta": raw.get("meta", {})}
    for name in TABLES:
        data[name] = raw.get(name, {})
    for name, table in raw.items():  # tables a newer Allies added: keep them
        if name not in data and name != "_default":
            data[name] = table
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


# What makes a line a list item, a heading's underline or a code block when it starts one.
_MD_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+=])(?=\s|$|[-=]*\s*$)")


def _md(text: str) -> str:
    """User text made literal in Markdown (so a name like ``*x*`` shows as typed).

    Each line is escaped where it starts too: ``1. not a list`` stays text after
    a list marker or at the start of a line, instead of becoming a nested list.
    """
    return "\n".join(_md_line(line) for line in text.split("\n"))


def _md_line(line: str) -> str:
    line = _MD_SPECIAL.sub(r"\\\1", line.strip())
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line)


def _md_block(text: str, indent: str) -> str:
    """Several lines kept as lines inside a list item (hard breaks; blank lines kept)."""
    lines = _md(text).split("\n")
    out = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        out.append(line + ("\\" if line and following else ""))
    return f"\n{indent}".join(out).replace(f"\n{indent}\n", "\n\n")


def _cell(text: str) -> str:
    """User text in a table cell: literal, on one line."""
    return _md(" ".join(text.split()))


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _when(dt: datetime) -> str:
    local = dt.astimezone()
    return f"{_day(local.date())} {local:%H:%M}"


def _names(repo: Repository, ids: Iterable[int]) -> str:
    return ", ".join(_md(repo.people[i].name) for i in ids if i in repo.people) or "nobody"


def _who(person: Person) -> str:
    parts = [p for p in (person.role, person.org) if p]
    return _md(", ".join(parts)) if parts else "no role recorded"


def _stance(person: Person) -> str:
    return f"{person.stance.symbol} {person.stance.label}"


def to_markdown(repo: Repository, today: date, *, include_notes: bool = False) -> str:
    """A readable briefing of the plan as of ``today``.

    People's notes and meeting outcomes are private; they appear only with
    ``include_notes``.
    """
    from allies.store.analysis import analysis_for  # the rules load only when needed

    analysis = analysis_for(repo, datetime.combine(today, time(0, 0)).astimezone())
    meta = repo.meta
    out: list[str] = [f"# {_md(meta.title)}", "", f"*Briefing of {_day(today)}*", ""]
    out += [f"**My agenda:** {_md(meta.agenda) or 'not written yet'}", ""]
    out += _md_pulse(repo, today)
    out += _md_chiefs(repo, analysis)
    out += _md_people(repo, analysis, include_notes)
    out += _md_board(repo)
    out += markdown_map(repo)
    out += _md_timeline(repo, analysis, include_notes)
    return "\n".join(out).rstrip() + "\n"


def _md_pulse(repo: Repository, today: date) -> list[str]:
    pulse = compute_pulse(repo, datetime.combine(today, time(0, 0)).astimezone())
    nxt = pulse.next_meeting
    nxt_text = f"{_when(nxt.start)} — {_md(nxt.title)}" if nxt else "none planned"
    return [
        "## Pulse",
        "",
        f"- Allies: {pulse.allies} of {pulse.people} people, "
        f"{pulse.chiefs_won} of {pulse.chiefs} chief influencers",
        f"- Consensus: {percent(pulse.consensus)} (everyone, weighed by influence and stance)",
        f"- Wins won: {pulse.wins_won}",
        f"- Next meeting: {nxt_text}",
        "",
    ]


def _md_chiefs(repo: Repository, analysis: Analysis) -> list[str]:
    out = ["## Chief influencers", ""]
    if not analysis.chiefs:
        out.append("No one yet: record who defers to or listens to whom.")
    for n, pid in enumerate(analysis.chiefs, start=1):
        p, s = repo.people[pid], analysis.scores[pid]
        why = "; ".join(_md(e) for e in analysis.evidence(pid))
        out.append(
            f"{n}. **{_md(p.name)}** — {_who(p)} — {_stance(p)} — influence {s.score:.0f}"
            f" (rank {s.rank})" + (f" — {why}" if why else "")
        )
    if analysis.approach:
        out += ["", "**Approach next:**", ""]
        for sug in analysis.approach[:3]:
            reasons = "; ".join(_md(r) for r in sug.reasons)
            out.append(f"- {_md(repo.people[sug.person].name)} — {reasons}")
    return [*out, ""]


def _md_people(repo: Repository, analysis: Analysis, include_notes: bool) -> list[str]:
    out = ["## People", ""]
    if not repo.people:
        out += ["No people yet.", ""]
    by_person: dict[int, list[int]] = defaultdict(list)
    for tie in repo.ties.values():
        by_person[tie.source].append(tie.id)
    people = sorted(repo.people.values(), key=lambda p: (analysis.scores[p.id].rank, p.id))
    if people:
        out += [
            "| Rank | Name | Role | Organisation | Stance | Influence | Last contact |",
            "|---:|---|---|---|---|---:|---|",
        ]
        for p in people:
            s = analysis.scores[p.id]
            contact = p.last_contact.isoformat() if p.last_contact else "never"
            out.append(
                f"| {s.rank} | {_cell(p.name)} | {_cell(p.role)} | {_cell(p.org)} "
                f"| {_stance(p)} | {s.score:.0f} | {contact} |"
            )
        out.append("")
    for p in people:
        s = analysis.scores[p.id]
        decider = " · decider" if p.decider else ""
        contact = p.last_contact.isoformat() if p.last_contact else "never"
        out += [f"### {_md(p.name)}", ""]
        out.append(f"- {_who(p)}{decider}")
        out.append(f"- Stance: {_stance(p)}")
        out.append(f"- Influence: {s.score:.0f} (rank {s.rank})")
        out.append(f"- Last contact: {contact}")
        for kind, verb in (
            (TieKind.DEFERS_TO, "Defers to"),
            (TieKind.LISTENS_TO, "Listens to"),
            (TieKind.TRUSTS, "Trusts"),
        ):
            targets = [repo.ties[t].target for t in by_person[p.id] if repo.ties[t].kind is kind]
            if targets:
                out.append(f"- {verb}: {_names(repo, targets)}")
        if include_notes and p.notes:
            out.append(f"- Notes: {_md_block(p.notes, '  ')}")
        out += ["", "**Agenda:**", ""]
        interests = [i for i in repo.interests.values() if i.person == p.id]
        interests.sort(key=lambda i: (-i.priority, i.id))
        for i in interests:
            learned = f" — learned from {_names(repo, [i.learned_from])}" if i.learned_from else ""
            out.append(f"- [priority {i.priority}] {_md(i.text)} ({i.status.value}){learned}")
        if not interests:
            out.append("- not known yet")
        out += ["", "**Trades:**", ""]
        trades = [t for t in repo.trades.values() if t.person == p.id]
        for t in trades:
            ask = _md(t.ask) if t.ask else "nothing asked yet"
            line = f"- I offer {_md(t.offer)} ↔ I ask {ask} ({t.currency.value}, {t.status.value})"
            if t.interest is not None and t.interest in repo.interests:
                line += f" — answers “{_md(repo.interests[t.interest].text)}”"
            out.append(line)
        if not trades:
            out.append("- none on the table")
        out.append("")
    return out


def _md_card(repo: Repository, w: Win) -> str:
    parts = [f"**{_md(w.title)}**"]
    if w.people:
        parts.append(f"with {_names(repo, w.people)}")
    if w.trade is not None and w.trade in repo.trades:
        parts.append(f"trade: {_md(repo.trades[w.trade].offer)}")
    if w.due:
        parts.append(f"due {w.due.isoformat()}")
    if w.won_at:
        parts.append(f"won {w.won_at.astimezone().date().isoformat()}")
    if w.builds_on is not None and w.builds_on in repo.wins:
        parts.append(f"builds on “{_md(repo.wins[w.builds_on].title)}”")
    return "- " + " — ".join(parts)


def _md_board(repo: Repository) -> list[str]:
    out = ["## Board", ""]
    for column in BOARD_COLUMNS:
        cards = repo.column(column)
        out += [f"### {column.value.capitalize()} ({len(cards)})", ""]
        out += [_md_card(repo, w) for w in cards] or ["- nothing here"]
        out.append("")
    return out


def _md_timeline(repo: Repository, analysis: Analysis, include_notes: bool) -> list[str]:
    out = ["## Timeline", ""]
    meetings = sorted(repo.meetings.values(), key=lambda m: (m.start, m.id))
    if not meetings:
        out += ["No meetings yet.", ""]
    weeks: dict[date, list[Meeting]] = defaultdict(list)
    for m in meetings:
        weeks[week_bounds(m.start.astimezone().date())[0]].append(m)
    for monday, items in weeks.items():
        out += [f"### Week of {_day(monday)}", ""]
        for m in items:
            kind = "one-on-one" if m.kind is MeetingKind.ONE_ON_ONE else "group"
            people = ", ".join(
                f"{_md(repo.people[a].name)} ({repo.people[a].stance.label})"
                for a in m.attendees
                if a in repo.people
            )
            out.append(
                f"- {_when(m.start)} ({m.minutes} min) — **{_md(m.title)}** — {kind}, "
                f"{m.status.value} — with {people}"
            )
            ready = analysis.readiness.get(m.id)
            if ready is not None:
                verdict = "ready" if ready.ready else "not ready"
                out.append(f"  - {verdict}; consensus {percent(ready.consensus)}")
                out += [f"  - {p.code}: {_md(p.detail)}" for p in ready.problems]
            if include_notes and m.outcome:
                out.append(f"  - Outcome: {_md_block(m.outcome, '    ')}")
        out.append("")
    return out


# -------------------------------------------------------------- iCalendar


def _utc(dt: datetime) -> datetime:
    return (dt if dt.tzinfo else dt.astimezone()).astimezone(UTC)


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's calendar UID: its stored ``uid``, kept by JSON export and import.

    A calendar program that imported an earlier export updates the event
    instead of adding a second one, whatever happened to record ids meanwhile.
    """
    return meeting.uid


def _description(repo: Repository, m: Meeting, include_notes: bool) -> str:
    kind = "One-on-one" if m.kind is MeetingKind.ONE_ON_ONE else "Group meeting"
    lines = [kind, "", "Attendees:"]
    for pid in m.attendees:
        p = repo.people.get(pid)
        if p is None:
            continue
        who = ", ".join(x for x in (p.role, p.org) if x)
        lines.append(f"- {p.name} ({who})" if who else f"- {p.name}")
        if include_notes and p.notes:
            lines.append("  Notes: " + p.notes.replace("\n", "\n  "))
    if include_notes and m.outcome:
        lines += ["", "Outcome:", m.outcome]
    return "\n".join(lines)


# Meeting status -> iCalendar STATUS. A held meeting is a past event, confirmed.
ICS_STATUS = {
    MeetingStatus.PLANNED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def to_ics(repo: Repository, *, include_notes: bool = False, include_held: bool = True) -> bytes:
    """An iCalendar file with one VEVENT per meeting (times in UTC).

    Each event's UID is the meeting's ``uid`` and its SEQUENCE the meeting's
    revision, so re-importing a later export updates events in place. Cancelled
    meetings are exported with STATUS:CANCELLED (a calendar removes or strikes
    them); held meetings are past events, or left out with ``include_held=False``.
    Every event is CLASS:PRIVATE.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # vText escapes ; , \ and line breaks (a bare str here would be written as it is).
    cal.add("name", vText(repo.meta.title))
    cal.add("x-wr-calname", vText(repo.meta.title))
    meetings = [
        m for m in repo.meetings.values() if include_held or m.status is not MeetingStatus.HELD
    ]
    for m in sorted(meetings, key=lambda m: (m.start, m.id)):
        event = Event()
        event.add("uid", meeting_uid(m))
        event.add("sequence", m.sequence)
        # Without METHOD, DTSTAMP is when the event was last revised in the store.
        event.add("dtstamp", _utc(m.updated))
        event.add("created", _utc(m.created))
        event.add("last-modified", _utc(m.updated))
        event.add("dtstart", _utc(m.start))
        event.add("dtend", _utc(m.start) + timedelta(minutes=m.minutes))
        event.add("summary", m.title)
        event.add("description", _description(repo, m, include_notes))
        event.add("class", "PRIVATE")
        event.add("status", ICS_STATUS[m.status])
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


# -------------------------------------------------------------------- CSV

CSV_HEADER = (
    "name",
    "role",
    "org",
    "email",
    "stance",
    "decider",
    "influence",
    "rank",
    "last_contact",
    "tags",
)
# A cell a spreadsheet would run as a formula starts with one of these: written with a ' first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(repo: Repository) -> str:
    """People for a spreadsheet: one row each, most influential first (UTF-8, comma-separated).

    The header is one ``allies import`` reads back (name, role, org, email, stance).
    """
    import csv
    import io

    from allies.store.analysis import analysis_for

    analysis = analysis_for(repo)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    people = sorted(repo.people.values(), key=lambda p: (analysis.scores[p.id].rank, p.id))
    for p in people:
        s = analysis.scores[p.id]
        writer.writerow(
            [
                _csv_text(p.name),
                _csv_text(p.role),
                _csv_text(p.org),
                _csv_text(p.email),
                p.stance.value,
                "yes" if p.decider else "no",
                f"{s.score:.0f}",
                s.rank,
                p.last_contact.isoformat() if p.last_contact else "",
                _csv_text(", ".join(p.tags)),
            ]
        )
    return buffer.getvalue()


SUFFIXES = {
    "json": "json",
    "markdown": "md",
    "ics": "ics",
    "csv": "csv",
    "dot": "dot",
    "mermaid": "mmd",
}


def render(
    repo: Repository,
    fmt: str,
    *,
    include_notes: bool = False,
    include_held: bool = True,
    today: date,
) -> bytes:
    """The export in ``fmt`` (json, markdown, ics, csv, dot or mermaid) as bytes."""
    if fmt == "json":
        return to_json(repo).encode()
    if fmt == "markdown":
        return to_markdown(repo, today, include_notes=include_notes).encode()
    if fmt == "csv":
        return to_csv(repo).encode()
    if fmt in ("dot", "mermaid"):
        from allies.store.graph_export import render_graph

        return render_graph(repo, fmt, include_notes=include_notes)
    return to_ics(repo, include_notes=include_notes, include_held=include_held)
