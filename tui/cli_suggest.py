"""``allies suggest``: chief influencers, whom to approach next, meeting problems, an order.

Opens the plan read-only (it works while the app holds the plan) and never
imports Textual. ``--json`` prints the stable keys of docs/cli.md; otherwise Rich
tables that read fine in a terminal and plain when piped to a file.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from allies.store.advice import Move, trade_ups
from allies.store.analysis import Analysis
from allies.store.approach import beyond_no_advice
from allies.store.consensus import percent
from allies.store.dates import parse_date
from allies.store.repository import Repository
from allies.store.review import week_moves
from allies.store.sequencing import Proposal, planned_groups
from allies.tui.cli import EXIT_OK, resolve_db
from allies.tui.output import CleanConsole

SHOWN = 10  # people per list in the readable output; --json lists everything
SHOWN_MEETINGS = 15
SHOWN_PROPOSALS = 25
SHOWN_MOVES = 12

_STANCE_STYLE = {
    # blue (for) to orange (against), as in the app: readable with red-green colour blindness
    "opposed": "dark_orange3",
    "skeptical": "yellow",
    "neutral": "",
    "supportive": "cyan",
    "champion": "bold dodger_blue1",
    "unknown": "dim",
}


def run(args: argparse.Namespace) -> int:
    """Print the suggestions for the plan named by ``args`` (``--db``, ``--json``, ``--today``)."""
    given = getattr(args, "today", None)
    today = parse_date(given) if given else date.today()
    now = None if given else datetime.now().astimezone()  # skip today's slots already gone
    repo = Repository.open(resolve_db(args), read_only=True)
    try:
        moment = now if now is not None else datetime.combine(today, time(0, 0)).astimezone()
        analysis = Analysis(repo, now=moment)
        proposals = analysis.proposals(today, now)
        if getattr(args, "json", False):
            document = as_json(repo, analysis, proposals, today)
            sys.stdout.write(_dumps(document) + "\n")
        else:
            console = CleanConsole()  # nothing from the plan reaches the terminal raw
            if console.is_terminal:
                print_readable(console, repo, analysis, proposals, today)
            else:  # piped: plain text without the padding Rich adds to fill the width
                with console.capture() as captured:
                    print_readable(console, repo, analysis, proposals, today)
                lines = captured.get().splitlines()
                sys.stdout.write("".join(line.rstrip() + "\n" for line in lines))
    finally:
        repo.close()
    return EXIT_OK


def _dumps(document: dict[str, Any]) -> str:
    """JSON with one record per line: easy to read and grep, and fast on a large plan.

    (``json.dumps(indent=...)`` falls back to the pure-Python encoder, which is
    several times slower; each line here goes through the C encoder.)
    """

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    entries = []
    for key, value in document.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            rows = ",\n".join(f"    {one(v)}" for v in value)
            entries.append(f"  {one(key)}: [\n{rows}\n  ]")
        else:
            entries.append(f"  {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(entries) + "\n}"


def as_json(
    repo: Repository, analysis: Analysis, proposals: list[Proposal], today: date
) -> dict[str, Any]:
    """The ``suggest`` document of docs/cli.md (with a few extra keys, never fewer)."""
    people = repo.people
    ranked = sorted(analysis.scores.values(), key=lambda s: s.rank)
    knowledge = analysis.knowledge
    return {
        "today": today.isoformat(),
        "influence": [
            {
                "id": s.person,
                "name": people[s.person].name,
                "score": round(s.score, 2),
                "rank": s.rank,
                "stance": people[s.person].stance.value,
                "decider": people[s.person].decider,
                "weight": round(s.weight, 3),
                "evidence": list(analysis.evidence(s.person)),
            }
            for s in ranked
        ],
        "chief_influencers": list(analysis.chiefs),
        "chiefs": [
            {"id": pid, "name": people[pid].name, "evidence": list(analysis.evidence(pid))}
            for pid in analysis.chiefs
        ],
        "beyond_no": list(analysis.flagged_no),
        "beyond_no_advice": [
            {"id": pid, "advice": beyond_no_advice(repo, pid, knowledge)}
            for pid in analysis.flagged_no
        ],
        "approach_next": [
            {
                "id": s.person,
                "name": people[s.person].name,
                "score": s.score,
                "reasons": list(s.reasons),
                "stance": people[s.person].stance.value,
                "ask": [c.person for c in analysis.channels(s.person)],
            }
            for s in analysis.approach
        ],
        "meetings": [
            {
                "id": m.id,
                "title": m.title,
                "kind": m.kind.value,
                "start": m.start.isoformat(),
                "ready": analysis.readiness[m.id].ready,
                "consensus": round(analysis.readiness[m.id].consensus, 3),
                "threshold": analysis.readiness[m.id].threshold,
                "holdouts": list(analysis.readiness[m.id].holdouts),
                "problems": [
                    {"code": p.code, "people": list(p.people), "detail": p.detail}
                    for p in analysis.readiness[m.id].problems
                ],
            }
            for m in planned_groups(repo)
        ],
        "proposed": [
            {
                "title": p.title,
                "kind": p.kind,
                "start": p.start.isoformat(),
                "attendees": list(p.attendees),
                "for_meeting": p.for_meeting,
                "moves_meeting": p.moves_meeting,
                "minutes": p.minutes,
                "reason": p.reason,
                "bring": list(p.bring),
            }
            for p in proposals
        ],
        "trade_ups": [
            {
                "win": t.win,
                "title": t.title,
                "people": list(t.people),
                "follows": t.follows,
                "next_people": list(t.next_people),
                "reason": t.reason,
            }
            for t in trade_ups(repo, analysis.knowledge)
        ],
        "moves": [
            {"kind": m.kind, "people": list(m.people), "reason": m.reason}
            for m in week_moves(repo, analysis, proposals, today)
        ],
    }


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y %H:%M}"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _person(repo: Repository, pid: int) -> Text:
    person = repo.people[pid]
    return Text(person.name, style=_STANCE_STYLE.get(person.stance.value, ""))


def print_readable(
    console: Console,
    repo: Repository,
    analysis: Analysis,
    proposals: list[Proposal],
    today: date,
) -> None:
    """Rich tables and lines; user data always as Text, so markup in names shows literally."""
    heading = Text("Suggestions for ", style="bold")
    heading.append(repo.meta.title)
    heading.append(f" — today is {today:%a} {today.day} {today:%b %Y}", style="")
    console.print(heading)
    if repo.meta.agenda:
        console.print(Text("My agenda: ") + Text(repo.meta.agenda))
    if not repo.people:
        console.print("\nNo people in this plan yet: add the people around the decision first.")
        return
    _print_moves(console, repo, week_moves(repo, analysis, proposals, today))
    _print_influence(console, repo, analysis)
    _print_approach(console, repo, analysis)
    _print_groups(console, repo, analysis, today)
    _print_sequence(console, repo, proposals)


def _hang(console: Console, lead: str, text: Text) -> None:
    """``lead`` then ``text``, whose wrapped lines hang under its first word."""
    _hang_all(console, [(lead, text)])


def _hang_all(console: Console, rows: list[tuple[str, Text]]) -> None:
    """Rows of ``lead`` then ``text`` in one grid (one render, however many rows)."""
    if not rows:
        return
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for lead, text in rows:
        grid.add_row(lead, text)
    console.print(grid)


def _print_moves(console: Console, repo: Repository, week: list[Move]) -> None:
    console.print()
    console.print(Text("This week", style="bold"))
    if not week:
        console.print("  nothing pressing: keep reading the situation.")
    _hang_all(
        console,
        [(f"  {i:>2}. ", Text(move.reason)) for i, move in enumerate(week[:SHOWN_MOVES], 1)],
    )
    if len(week) > SHOWN_MOVES:
        console.print(f"  … and {len(week) - SHOWN_MOVES} more (see --json)")


def _print_influence(console: Console, repo: Repository, analysis: Analysis) -> None:
    people = repo.people
    chiefs = set(analysis.chiefs)
    table = _table("Influence", "rank", "name", "role", "stance", "score")
    for s in sorted(analysis.scores.values(), key=lambda s: s.rank)[:SHOWN]:
        person = people[s.person]
        mark = " ♛" if s.person in chiefs else ""
        role = person.role + (" (decider)" if person.decider else "")
        name = _person(repo, s.person) + mark
        table.add_row(str(s.rank), name, Text(role), person.stance.value, f"{s.score:.0f}")
    console.print()
    console.print(table)
    if len(people) > SHOWN:
        console.print(f"  … and {len(people) - SHOWN} more (see --json)")
    _hang(
        console,
        "  ",
        Text(
            "♛ chief influencer: the top 5 among the people someone defers to, listens to,"
            " or looked to in a meeting (★ is the champion stance)",
            style="dim",
        ),
    )
    if not analysis.chiefs:
        console.print(
            "  No one defers to or listens to anyone yet: add ties to find the influencers."
        )
    rows = []
    for pid in analysis.chiefs:
        line = _person(repo, pid) + Text(": ")
        line.append("; ".join(analysis.evidence(pid)) or "followed")
        rows.append(("  ♛ ", line))
    _hang_all(console, rows)
    last_chief = max((analysis.scores[c].rank for c in chiefs), default=0)
    for s in sorted(analysis.scores.values(), key=lambda s: s.rank)[:last_chief]:
        if s.person not in chiefs:
            line = _person(repo, s.person)
            line.append(
                f" ranks #{s.rank} but is no chief: no one is recorded deferring to, listening to"
                " or looking to them"
                + (" (a decider's own weight)" if people[s.person].decider else ""),
                style="dim",
            )
            _hang(console, "    ", line)


def _print_approach(console: Console, repo: Repository, analysis: Analysis) -> None:
    console.print()
    console.print(Text("Approach next", style="bold"))
    if not analysis.approach:
        console.print("  everyone is already an ally.")
    rows: list[tuple[str, Text]] = []
    for i, s in enumerate(analysis.approach[:SHOWN], start=1):
        line = _person(repo, s.person)
        line.append(f"  ({repo.people[s.person].stance.value})", style="dim")
        rows.append((f"{i:>3}. ", line))
        if s.action:
            rows.append(("     ", Text("next: " + s.action)))
        rows.append(("     ", Text("; ".join(s.reasons), style="dim")))
    _hang_all(console, rows)
    if len(analysis.approach) > SHOWN:
        console.print(f"  … and {len(analysis.approach) - SHOWN} more (see --json)")


def _print_groups(console: Console, repo: Repository, analysis: Analysis, today: date) -> None:
    groups = [m for m in planned_groups(repo) if m.start.astimezone().date() >= today]
    console.print()
    console.print(Text("Group meetings", style="bold"))
    if not groups:
        console.print("  none planned from today on.")
    for m in groups[:SHOWN_MEETINGS]:
        r = analysis.readiness[m.id]
        line = Text(f"  {_when(m.start)}  ") + Text(m.title, style="bold")
        line.append(" — ")
        line.append("ready" if r.ready else "not ready", style="green" if r.ready else "red")
        line.append(f", consensus {percent(r.consensus)} (needs {percent(r.threshold)})")
        console.print(line)
        _hang_all(console, [("    · ", Text(problem.detail)) for problem in r.problems])
    if len(groups) > SHOWN_MEETINGS:
        console.print(f"  … and {len(groups) - SHOWN_MEETINGS} more (see --json)")
    past = len(planned_groups(repo)) - len(groups)
    if past:
        console.print(f"  {past} earlier group meeting(s) still planned: a debrief is due.")


def _print_sequence(console: Console, repo: Repository, proposals: list[Proposal]) -> None:
    table = _table(
        "Suggested sequence (nothing changes until you accept it in the app)",
        "when",
        "what",
        "why",
    )
    for p in proposals[:SHOWN_PROPOSALS]:
        prepared = repo.meetings.get(p.for_meeting) if p.for_meeting is not None else None
        target = prepared.title if prepared is not None else ""
        why = Text(p.reason) + Text(f" (for {target})" if target else "", style="dim")
        table.add_row(_when(p.start), Text(p.title), why)
    console.print()
    if proposals:
        console.print(table)
        if len(proposals) > SHOWN_PROPOSALS:
            console.print(f"  … and {len(proposals) - SHOWN_PROPOSALS} more (see --json)")
    else:
        console.print(
            "Suggested sequence: nothing to add — every coming group meeting is ready"
            " or has what it needs planned."
        )
