"""``allies review``: print this week's review (DESIGN §6), or its JSON with ``--json``.

Opens the plan read-only (it works while the planner has it open) and never
imports Textual. The readable output uses Rich, and reads as plain text when
piped to a file. Marking the review done is the planner's job (it writes).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date, datetime

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from store.dates import parse_date
from store.model import Meeting, MeetingKind
from store.repository import Repository
from store.review import WeeklyReview, review_json, weekly_review
from tui.cli import EXIT_OK, resolve_db

_STANCE_STYLE = {
    "opposed": "red",
    "skeptical": "yellow",
    "supportive": "green",
    "champion": "bold green",
    "unknown": "dim",
}


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
        console = Console()
        if console.is_terminal:
            print_review(console, repo, review)
        else:  # piped: plain text, one line per item, no padding to fill the width
            console = Console(soft_wrap=True)
            with console.capture() as captured:
                print_review(console, repo, review)
            sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
    return EXIT_OK


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


def _section(console: Console, title: str, empty: str, count: int) -> bool:
    console.print()
    console.print(Text(title, style="bold"))
    if not count:
        console.print(f"  {empty}")
    return bool(count)


def _indented(console: Console, text: Text, indent: int) -> None:
    """A hanging indent in a terminal; a plain indented line when soft-wrapping to a file."""
    if console.soft_wrap:
        console.print(Text(" " * indent) + text)
    else:
        console.print(Padding(text, (0, 0, 0, indent)))


def _percent(share: float) -> str:
    return f"{math.floor(share * 100 + 1e-9)}%"


def print_review(console: Console, repo: Repository, review: WeeklyReview) -> None:
    """The review as Rich text; user data always as Text, so markup in names shows literally."""
    heading = Text("Weekly review: ", style="bold") + Text(repo.meta.title, style="bold")
    console.print(heading)
    since = (
        f"changes since the last review on {_day(review.since)}"
        if review.last_review
        else "never reviewed: changes of the last 7 days"
    )
    console.print(
        f"Week of {_day(review.week_start)} – {_day(review.week_end)} {review.week_end.year}"
        f" · today is {_day(review.today)} · {since}"
    )

    if _section(console, "This week's meetings", "none.", len(review.meetings_this_week)):
        for wm in review.meetings_this_week:
            console.print(_meeting_line(repo, wm.meeting))
            if wm.readiness is not None:
                r = wm.readiness
                verdict = Text("    ready" if r.ready else "    not ready")
                verdict.stylize("green" if r.ready else "red")
                verdict.append(f", consensus {_percent(r.consensus)}")
                console.print(verdict)
                for p in r.problems:
                    _indented(console, Text(f"· {p.detail}"), 6)

    if _section(
        console, "Debrief due (past meetings still planned)", "none.", len(review.not_debriefed)
    ):
        for m in review.not_debriefed:
            console.print(_meeting_line(repo, m))

    if _section(console, "Wins since then", "none yet.", len(review.wins_since_review)):
        for w in review.wins_since_review:
            line = Text("  ✓ ") + Text(w.title)
            if w.won_at:
                line.append(f" (won {_day(w.won_at.astimezone().date())})", style="dim")
            console.print(line)

    if _section(console, "Stance changes", "none.", len(review.stance_changes)):
        for s in review.stance_changes:
            line = Text("  ") + _person(repo, s.person) + Text(": ")
            line.append(f"{s.before.value} → " if s.before else "read as ")
            line.append(s.after.value)
            line.append(f" ({_day(s.at.astimezone().date())}", style="dim")
            if s.meeting is not None and s.meeting in repo.meetings:
                line.append(", after ", style="dim")
                line.append(repo.meetings[s.meeting].title, style="dim")
            line.append(")", style="dim")
            console.print(line)

    if _section(console, "Stale cards (no movement for 14 days)", "none.", len(review.stale_cards)):
        for w in review.stale_cards:
            line = Text("  ") + Text(w.title)
            moved = _day(w.updated.astimezone().date())
            line.append(f" ({w.column.value}, last moved {moved})", style="dim")
            console.print(line)

    if _section(
        console, "Chief influencers out of touch (30 days)", "none.", len(review.out_of_touch)
    ):
        for o in review.out_of_touch:
            line = Text("  ") + _person(repo, o.person)
            if o.last_contact is None:
                line.append(" — never contacted")
            else:
                line.append(f" — last contact {_day(o.last_contact)}, {o.days} days ago")
            console.print(line)

    if _section(
        console, "Approach next", "everyone is already an ally.", len(review.approach_next)
    ):
        for i, sug in enumerate(review.approach_next, start=1):
            console.print(Text(f"  {i}. ") + _person(repo, sug.person))
            _indented(console, Text("; ".join(sug.reasons), style="dim"), 5)

    if _section(
        console, "Planned group meetings", "none from today on.", len(review.group_readiness)
    ):
        for g in review.group_readiness:
            r = g.readiness
            assert r is not None
            line = Text(f"  {_when(g.meeting.start)}  ") + Text(g.meeting.title, style="bold")
            line.append(" — ")
            line.append("ready" if r.ready else "not ready", style="green" if r.ready else "red")
            line.append(f", consensus {_percent(r.consensus)}")
            console.print(line)
            for p in r.problems:
                _indented(console, Text(f"· {p.detail}"), 4)
