"""``allies review``: print this week's review (DESIGN §6), or its JSON with ``--json``.

Opens the plan read-only (it works while the planner has it open) and never
imports Textual. The review is built as lines of Rich ``Text`` (user data is
never markup); a terminal gets them through Rich in one print, in colour and
wrapped with hanging indents, while a pipe or a file gets the plain lines
written directly. Lists that can grow without bound on a big plan stop at
:data:`SHOWN` items with "… and N more (see --json)". Marking the review done
is the planner's job (it writes).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeVar

from rich.text import Text

from allies.store.consensus import percent
from allies.store.dates import parse_date
from allies.store.model import Meeting, MeetingKind
from allies.store.repository import Repository
from allies.store.review import WeeklyReview, review_json, weekly_review
from allies.store.text import clean_output
from allies.tui.cli import EXIT_OK, resolve_db

T = TypeVar("T")

SHOWN = 25
"""Items per section in the readable output; ``--json`` lists everything."""

_STANCE_STYLE = {
    "opposed": "red",
    "skeptical": "yellow",
    "supportive": "green",
    "champion": "bold green",
    "unknown": "dim",
}

Line = tuple[int, Text]
"""One printed line: its hanging indent in a terminal (0 for none) and its text."""


def run(args: argparse.Namespace) -> int:
    """Print the review of the plan named by ``args`` (``--db``, ``--json``, ``--today``)."""
    given = getattr(args, "today", None)
    today = parse_date(given) if given else date.today()
    now = None if given else datetime.now().astimezone()
    with Repository.open(resolve_db(args), read_only=True) as repo:
        review = weekly_review(repo, today, now=now)
        if getattr(args, "json", False):
            print(json.dumps(review_json(review, repo), indent=2, ensure_ascii=False))
            return EXIT_OK
        lines = review_lines(repo, review)
    isatty = getattr(sys.stdout, "isatty", None)
    if isatty is not None and isatty():
        _print_rich(lines)
    else:  # piped: plain text, one line per item, no padding to fill the width
        text = "".join((" " * indent + text.plain).rstrip() + "\n" for indent, text in lines)
        sys.stdout.write(clean_output(text))
    return EXIT_OK


def _print_rich(lines: Sequence[Line]) -> None:
    """All lines in one print: colour, and wrapped lines hang under their first word."""
    from rich.console import Group
    from rich.padding import Padding

    from allies.tui.output import CleanConsole

    console = CleanConsole()  # nothing from the plan reaches the terminal raw
    console.print(Group(*(Padding(text, (0, 0, 0, i)) if i else text for i, text in lines)))


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{_day(local.date())} {local:%H:%M}"


def _person(repo: Repository, pid: int) -> Text:
    person = repo.people.get(pid)
    if person is None:
        return Text("(removed)", style="dim")
    return Text(person.name, style=_STANCE_STYLE.get(person.stance.value, ""))


def _people(repo: Repository, ids: tuple[int, ...]) -> Text:
    return Text(", ").join(_person(repo, pid) for pid in ids)


def _meeting_line(repo: Repository, m: Meeting) -> Text:
    kind = "one-on-one" if m.kind is MeetingKind.ONE_ON_ONE else "group"
    line = Text(f"  {_when(m.start)}  ") + Text(m.title, style="bold")
    line.append(f" ({kind}, {m.status.value}) — with ")
    return line + _people(repo, m.attendees)


def _more(lines: list[Line], total: int) -> None:
    """Say how many items a section left out."""
    if total > SHOWN:
        lines.append((0, Text(f"  … and {total - SHOWN} more (see --json)", style="dim")))


def _section(lines: list[Line], title: str, empty: str, items: Sequence[T]) -> Sequence[T]:
    """A blank line and the heading; the items to list under it (at most :data:`SHOWN`)."""
    lines.append((0, Text()))
    lines.append((0, Text(title, style="bold")))
    if not items:
        lines.append((0, Text(f"  {empty}")))
    return items[:SHOWN]


def review_lines(repo: Repository, review: WeeklyReview) -> list[Line]:
    """The review as lines of Rich text; user data always as Text, so markup shows literally."""
    lines: list[Line] = []
    add = lines.append
    heading = Text("Weekly review: ", style="bold") + Text(repo.meta.title, style="bold")
    add((0, heading))
    since = (
        f"changes since the review of {_day(review.last_review)}"
        if review.last_review
        else "never reviewed: changes of the last 7 days"
    )
    week = f"Week of {_day(review.week_start)} – {_day(review.week_end)} {review.week_end.year}"
    add((0, Text(f"{week} · today is {_day(review.today)} · {since}")))

    quiet = "nothing pressing: keep reading the situation."
    for i, move in enumerate(_section(lines, "What to do this week", quiet, review.moves), 1):
        add((0, Text(f"  {i:>2}. ") + Text(move.reason)))
    _more(lines, len(review.moves))

    meetings = review.meetings_this_week
    for wm in _section(lines, "This week's meetings", "none.", meetings):
        add((0, _meeting_line(repo, wm.meeting)))
        if wm.readiness is not None:
            r = wm.readiness
            verdict = Text("    ready" if r.ready else "    not ready")
            verdict.stylize("green" if r.ready else "red")
            verdict.append(f", consensus {percent(r.consensus)} (needs {percent(r.threshold)})")
            add((0, verdict))
            for p in r.problems:
                add((6, Text(f"· {p.detail}")))
    _more(lines, len(meetings))

    title = "Debrief due (past meetings still planned)"
    for m in _section(lines, title, "none.", review.not_debriefed):
        add((0, _meeting_line(repo, m)))
    _more(lines, len(review.not_debriefed))

    for w in _section(lines, "Wins since then", "none yet.", review.wins_since_review):
        line = Text("  ✓ ") + Text(w.title)
        if w.won_at:
            line.append(f" (won {_day(w.won_at.astimezone().date())})", style="dim")
        add((0, line))
    _more(lines, len(review.wins_since_review))

    for s in _section(lines, "Stance changes", "none.", review.stance_changes):
        line = Text("  ") + _person(repo, s.person) + Text(": ")
        line.append(f"{s.before.value} → " if s.before else "read as ")
        line.append(s.after.value)
        line.append(f" ({_day(s.at.astimezone().date())}", style="dim")
        if s.meeting is not None and s.meeting in repo.meetings:
            line.append(", after ", style="dim")
            line.append(repo.meetings[s.meeting].title, style="dim")
        line.append(")", style="dim")
        add((0, line))
    _more(lines, len(review.stance_changes))

    title = "Stale cards (no movement for 14 days)"
    for w in _section(lines, title, "none.", review.stale_cards):
        line = Text("  ") + Text(w.title)
        moved = _day(w.updated.astimezone().date())
        line.append(f" ({w.column.value}, last moved {moved})", style="dim")
        add((0, line))
    _more(lines, len(review.stale_cards))

    title = "Chief influencers out of touch (30 days)"
    for o in _section(lines, title, "none.", review.out_of_touch):
        line = Text("  ") + _person(repo, o.person)
        if o.last_contact is None:
            line.append(" — never contacted")
        else:
            line.append(f" — last contact {_day(o.last_contact)}, {o.days} days ago")
        add((0, line))
    _more(lines, len(review.out_of_touch))

    everyone = "everyone is already an ally."
    for i, sug in enumerate(_section(lines, "Approach next", everyone, review.approach_next), 1):
        add((0, Text(f"  {i}. ") + _person(repo, sug.person) + Text(f": {sug.action}")))
        add((5, Text("; ".join(sug.reasons), style="dim")))

    groups = review.group_readiness
    for g in _section(lines, "Planned group meetings", "none from today on.", groups):
        r = g.readiness
        assert r is not None
        line = Text(f"  {_when(g.meeting.start)}  ") + Text(g.meeting.title, style="bold")
        line.append(" — ")
        line.append("ready" if r.ready else "not ready", style="green" if r.ready else "red")
        line.append(f", consensus {percent(r.consensus)} (needs {percent(r.threshold)})")
        add((0, line))
        for p in r.problems:
            add((4, Text(f"· {p.detail}")))
    _more(lines, len(groups))
    return lines
