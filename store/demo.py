"""The demo plan: a realistic story that follows the method, dates relative to today.

The leader wants a shared data-platform team funded in next year's budget.
Dana (VP Engineering) is the chief influencer most people defer to; Margaret
(CFO) is the senior decider and listens to Lee; Sam is the colleague Dana
trusts; Priya is the stubborn "no", with an alternative trade on the table.
Everything is written through the repository, so the plan is valid by
construction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from allies.store.model import (
    Column,
    Currency,
    Interest,
    Meeting,
    MeetingStatus,
    Person,
    Stance,
    StanceChange,
    Tie,
    TieKind,
    Trade,
    TradeStatus,
    Win,
)
from allies.store.repository import Repository

When = Callable[..., datetime]

TITLE = "Platform team in the 2027 budget"
AGENDA = "Fund a shared data-platform team of four in next year's budget"

# name, role, org, decider, stance, notes
PEOPLE = [
    (
        "Margaret Okafor",
        "CFO",
        "Finance",
        True,
        Stance.NEUTRAL,
        "Signs off the budget. Wants numbers, not slides.",
    ),
    (
        "Dana Whitfield",
        "VP Engineering",
        "Engineering",
        False,
        Stance.NEUTRAL,
        "Everyone looks to Dana when engineering cost comes up. Worried about velocity.",
    ),
    (
        "Lee Chen",
        "Head of Product",
        "Product",
        False,
        Stance.SUPPORTIVE,
        "Has Margaret's ear; weekly 1:1 with her.",
    ),
    (
        "Sam Patel",
        "Staff Engineer",
        "Engineering",
        False,
        Stance.CHAMPION,
        "Dana's most trusted engineer. Ran the on-call cost numbers.",
    ),
    (
        "Priya Raman",
        "Director, Sales Ops",
        "Sales",
        False,
        Stance.OPPOSED,
        "Said no in the October review: 'another platform team, another delay'.",
    ),
    (
        "Tom Becker",
        "Finance Business Partner",
        "Finance",
        False,
        Stance.SKEPTICAL,
        "Builds Margaret's budget models. Follows her lead.",
    ),
    (
        "Aisha Mensah",
        "Data Science Lead",
        "Data",
        False,
        Stance.SUPPORTIVE,
        "Her team loses two days a sprint to pipeline fixes.",
    ),
    (
        "Jorge Alvarez",
        "Security Lead",
        "Engineering",
        False,
        Stance.UNKNOWN,
        "Not read yet. Defers to Dana on platform questions.",
    ),
    (
        "Hannah Kim",
        "HR Business Partner",
        "People",
        False,
        Stance.NEUTRAL,
        "Priya trusts her; knows what Sales is worried about.",
    ),
    (
        "Victor Novak",
        "COO",
        "Operations",
        True,
        Stance.UNKNOWN,
        "Second signature on new teams. Listens to Margaret.",
    ),
]

# source, target, kind, strength
TIES = [
    ("Sam Patel", "Dana Whitfield", TieKind.DEFERS_TO, 2),
    ("Aisha Mensah", "Dana Whitfield", TieKind.DEFERS_TO, 2),
    ("Jorge Alvarez", "Dana Whitfield", TieKind.DEFERS_TO, 3),
    ("Tom Becker", "Dana Whitfield", TieKind.LISTENS_TO, 1),
    ("Hannah Kim", "Dana Whitfield", TieKind.LISTENS_TO, 1),
    ("Priya Raman", "Dana Whitfield", TieKind.LISTENS_TO, 2),
    ("Lee Chen", "Dana Whitfield", TieKind.DEFERS_TO, 1),
    ("Margaret Okafor", "Lee Chen", TieKind.LISTENS_TO, 3),
    ("Margaret Okafor", "Dana Whitfield", TieKind.LISTENS_TO, 2),
    ("Victor Novak", "Margaret Okafor", TieKind.LISTENS_TO, 2),
    ("Tom Becker", "Margaret Okafor", TieKind.DEFERS_TO, 3),
    ("Priya Raman", "Victor Novak", TieKind.DEFERS_TO, 2),
    ("Dana Whitfield", "Sam Patel", TieKind.TRUSTS, 3),
    ("Dana Whitfield", "Sam Patel", TieKind.LISTENS_TO, 1),
    ("Margaret Okafor", "Lee Chen", TieKind.TRUSTS, 2),
    ("Priya Raman", "Hannah Kim", TieKind.TRUSTS, 2),
    ("Tom Becker", "Aisha Mensah", TieKind.TRUSTS, 1),
    ("Victor Novak", "Margaret Okafor", TieKind.TRUSTS, 3),
]

# person, text, priority, learned from
INTERESTS = [
    ("Dana Whitfield", "Cut the on-call load on her product teams", 3, "Sam Patel"),
    (
        "Dana Whitfield",
        "Headcount for platform work without losing feature velocity",
        2,
        "Sam Patel",
    ),
    ("Margaret Okafor", "Predictable cloud spend next year", 3, "Lee Chen"),
    ("Priya Raman", "A pipeline dashboard before the Q1 sales kickoff", 3, "Hannah Kim"),
    ("Tom Becker", "A clear ROI model he can defend", 2, "Aisha Mensah"),
    ("Lee Chen", "Credit for the data work in the roadmap review", 1, None),
]

# person, interest text (or None), offer, ask, currency, status
TRADES = [
    (
        "Dana Whitfield",
        "Cut the on-call load on her product teams",
        "Platform team takes over on-call for shared pipelines",
        "Back the proposal at the staff meeting",
        Currency.TASK,
        TradeStatus.PROPOSED,
    ),
    (
        "Priya Raman",
        "A pipeline dashboard before the Q1 sales kickoff",
        "Ship her pipeline dashboard as the team's first deliverable",
        "Not block the budget line",
        Currency.TASK,
        TradeStatus.IDEA,
    ),
    (
        "Margaret Okafor",
        "Predictable cloud spend next year",
        "Quarterly cloud-cost report owned by the platform team",
        "Put the team in the budget draft",
        Currency.POSITION,
        TradeStatus.IDEA,
    ),
    (
        "Lee Chen",
        "Credit for the data work in the roadmap review",
        "Name Product as co-sponsor in the roadmap review",
        "Raise the cost case with Margaret",
        Currency.RELATIONSHIP,
        TradeStatus.AGREED,
    ),
    (
        "Aisha Mensah",
        None,
        "Early access to the shared feature store",
        "Co-present the data case",
        Currency.INSPIRATION,
        TradeStatus.DELIVERED,
    ),
    (
        "Tom Becker",
        "A clear ROI model he can defend",
        "Let Tom own the ROI model's assumptions",
        "Sign off the cost numbers",
        Currency.POSITION,
        TradeStatus.DECLINED,
    ),
]


def build_demo(repo: Repository, today: date | None = None) -> None:
    """Fill an empty plan with the demo story (one transaction)."""
    today = today or date.today()

    def at(days: int, hour: int = 10, minute: int = 0) -> datetime:
        """A working day ``days`` from today (weekends move to the next Monday)."""
        day = today + timedelta(days=days)
        if day.weekday() >= 5:
            day += timedelta(days=7 - day.weekday())
        return datetime.combine(day, time(hour, minute)).astimezone()

    with repo.transaction("demo plan"):
        repo.update_meta(title=TITLE, agenda=AGENDA, last_review=today - timedelta(days=8))
        ids: dict[str, int] = {}
        for name, role, org, decider, stance, notes in PEOPLE:
            p = repo.add(
                Person(
                    id=0,
                    name=name,
                    role=role,
                    org=org,
                    decider=decider,
                    stance=stance,
                    notes=notes,
                    created=at(-40),
                    updated=at(-40),
                )
            )
            ids[name] = p.id
        contacts = {
            "Sam Patel": -12,
            "Lee Chen": -5,
            "Aisha Mensah": -15,
            "Dana Whitfield": -41,
            "Priya Raman": -34,
            "Hannah Kim": -20,
            "Margaret Okafor": -45,
        }
        for name, days in contacts.items():
            seen = at(days).date()  # on a working day, like the meetings
            repo.update(repo.get(Person, ids[name]).replace(last_contact=seen))
        for source, target, kind, strength in TIES:
            repo.add(
                Tie(id=0, source=ids[source], target=ids[target], kind=kind, strength=strength)
            )
        interests: dict[str, int] = {}
        for person, text, priority, learned in INTERESTS:
            i = repo.add(
                Interest(
                    id=0,
                    person=ids[person],
                    text=text,
                    priority=priority,
                    learned_from=ids[learned] if learned else None,
                    created=at(-30),
                )
            )
            interests[text] = i.id
        trades: dict[str, int] = {}
        for person, interest, offer, ask, currency, status in TRADES:
            t = repo.add(
                Trade(
                    id=0,
                    person=ids[person],
                    interest=interests[interest] if interest else None,
                    offer=offer,
                    ask=ask,
                    currency=currency,
                    status=status,
                    created=at(-25),
                )
            )
            trades[person] = t.id
        _meetings(repo, ids, at)
        _wins(repo, ids, trades, at, today)
        _stance_history(repo, ids, at)


def _meetings(repo: Repository, ids: dict[str, int], when: When) -> None:
    rows = [
        (
            "Brown-bag: what a platform team would do",
            ["Sam Patel", "Aisha Mensah"],
            -15,
            12,
            MeetingStatus.HELD,
            "Both in. Aisha will co-present the data case.",
            ["Sam Patel"],
        ),
        (
            "1:1 Sam — on-call numbers",
            ["Sam Patel"],
            -12,
            10,
            MeetingStatus.HELD,
            "Sam ran the numbers: 31% of on-call pages are shared pipelines. Dana trusts these.",
            [],
        ),
        (
            "1:1 Lee — the cost case",
            ["Lee Chen"],
            -5,
            14,
            MeetingStatus.HELD,
            "Lee is in; will raise it with Margaret in their weekly.",
            [],
        ),
        ("1:1 Dana — on-call handover", ["Dana Whitfield"], -2, 11, MeetingStatus.PLANNED, "", []),
        (
            "1:1 Priya — what would help Sales",
            ["Priya Raman"],
            2,
            15,
            MeetingStatus.PLANNED,
            "",
            [],
        ),
        ("1:1 Tom — ROI model", ["Tom Becker"], 3, 10, MeetingStatus.PLANNED, "", []),
        (
            "Budget pre-read",
            ["Margaret Okafor", "Dana Whitfield", "Lee Chen", "Tom Becker", "Priya Raman"],
            8,
            14,
            MeetingStatus.PLANNED,
            "",
            [],
        ),
    ]
    for title, attendees, days, hour, status, outcome, looked_to in rows:
        repo.add(
            Meeting(
                id=0,
                title=title,
                start=when(days, hour),
                minutes=45 if len(attendees) > 1 else 30,
                attendees=tuple(ids[a] for a in attendees),
                status=status,
                outcome=outcome,
                looked_to=tuple(ids[x] for x in looked_to),
                created=when(-20),
                updated=when(-20),
            )
        )


def _wins(
    repo: Repository, ids: dict[str, int], trades: dict[str, int], when: When, today: date
) -> None:
    rows = [
        ("Sam's on-call cost numbers", Column.WON, ["Sam Patel"], None, None, -11, None),
        (
            "Aisha co-presents the data case",
            Column.WON,
            ["Aisha Mensah"],
            "Aisha Mensah",
            None,
            -14,
            None,
        ),
        (
            "Lee raises the cost case with Margaret",
            Column.WON,
            ["Lee Chen", "Margaret Okafor"],
            "Lee Chen",
            None,
            -4,
            None,
        ),
        (
            "Dana agrees to an on-call handover pilot",
            Column.PURSUING,
            ["Dana Whitfield"],
            "Dana Whitfield",
            0,
            None,
            5,
        ),
        (
            "Pilot: two engineers for one quarter",
            Column.POSSIBLE,
            ["Dana Whitfield", "Margaret Okafor"],
            None,
            3,
            None,
            20,
        ),
        (
            "Priya's pipeline dashboard scoped",
            Column.POSSIBLE,
            ["Priya Raman", "Hannah Kim"],
            "Priya Raman",
            None,
            None,
            12,
        ),
        ("Tom checks the ROI model", Column.PURSUING, ["Tom Becker"], None, None, None, -2),
        (
            "Security review of the platform plan",
            Column.PARKED,
            ["Jorge Alvarez"],
            None,
            None,
            None,
            None,
        ),
    ]
    made: list[int] = []
    for title, column, people, trade, builds_on, won_days, due_days in rows:
        win = repo.add_win(
            title,
            column,
            people=tuple(ids[p] for p in people),
            trade=trades[trade] if trade else None,
            builds_on=made[builds_on] if builds_on is not None else None,
            due=today + timedelta(days=due_days) if due_days is not None else None,
            won_at=when(won_days, 16) if won_days is not None else None,
        )
        made.append(win.id)
    stale = repo.get(Win, made[7])
    repo.update(stale.replace(updated=when(-30)), stamp=False)  # parked a month ago
    stalled = repo.get(Win, made[6])
    repo.update(stalled.replace(updated=when(-16)), stamp=False)  # pursued, then stalled


def _stance_history(repo: Repository, ids: dict[str, int], when: When) -> None:
    meetings = {m.title: m.id for m in repo.meetings.values()}
    history = [
        ("Sam Patel", Stance.SUPPORTIVE, -30, None),
        ("Sam Patel", Stance.CHAMPION, -12, "1:1 Sam — on-call numbers"),
        ("Aisha Mensah", Stance.SUPPORTIVE, -15, "Brown-bag: what a platform team would do"),
        ("Lee Chen", Stance.NEUTRAL, -30, None),
        ("Lee Chen", Stance.SUPPORTIVE, -5, "1:1 Lee — the cost case"),
        ("Priya Raman", Stance.OPPOSED, -34, None),
        ("Tom Becker", Stance.SKEPTICAL, -25, None),
        ("Dana Whitfield", Stance.NEUTRAL, -41, None),
        ("Margaret Okafor", Stance.NEUTRAL, -45, None),
        ("Hannah Kim", Stance.NEUTRAL, -20, None),
    ]
    for name, stance, days, meeting in history:
        repo.add(
            StanceChange(
                id=0,
                person=ids[name],
                stance=stance,
                at=when(days, 17),
                meeting=meetings[meeting] if meeting else None,
            )
        )
