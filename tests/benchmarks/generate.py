"""A seeded generator of the large plan the benchmarks measure (CONTRIBUTING.md, "Benchmarks").

1,000 people, 3,000 ties, 1,500 interests, 1,000 trades, 2,000 wins and 600
meetings (plus a stance log and a few weekly reviews), written through the
repository so the plan is valid by construction. Each table is written in one
transaction, so the whole plan costs a handful of saves instead of ten thousand.

The same seed gives the same plan; dates are relative to ``today`` (like the
demo plan), so the plan always looks current: meetings last month and next
month, cards gone stale, chiefs out of touch.

    python -m tests.benchmarks.generate PATH [--seed 8] [--today 2026-12-02] [--scale 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from allies.store.model import (
    BOARD_COLUMNS,
    Column,
    Currency,
    Interest,
    InterestStatus,
    Meeting,
    MeetingStatus,
    Person,
    Review,
    Stance,
    StanceChange,
    Tie,
    TieKind,
    Trade,
    TradeStatus,
    Win,
)
from allies.store.repository import POSITION_GAP, Repository

SEED = 8
TITLE = "Large benchmark plan"
AGENDA = "Consolidate the regional data centres into one cloud platform by Q3"


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind the plan gets."""

    people: int = 1000
    ties: int = 3000
    interests: int = 1500
    trades: int = 1000
    wins: int = 2000
    meetings: int = 600

    def scaled(self, factor: float) -> Sizes:
        """The same proportions, ``factor`` times as many (at least a few of each)."""

        def n(v: int) -> int:
            return max(3, round(v * factor))

        return Sizes(*(n(v) for v in vars(self).values()))


LARGE = Sizes()

FIRST: tuple[str, ...] = (
    "Ada",
    "Alan",
    "Amara",
    "Anders",
    "Aoife",
    "Arjun",
    "Astrid",
    "Beatriz",
    "Bram",
    "Camille",
    "Chidi",
    "Chloe",
    "Dalia",
    "Dmitri",
    "Eero",
    "Elif",
    "Emeka",
    "Esme",
    "Farah",
    "Felix",
    "Freya",
    "Gustavo",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jana",
    "Jonas",
    "Kai",
    "Kemal",
    "Lars",
    "Leila",
    "Luca",
    "Maeve",
    "Malik",
    "Mei",
    "Milan",
    "Nadia",
    "Nils",
    "Noor",
    "Olga",
    "Omar",
    "Pia",
    "Rafael",
    "Rosa",
    "Ruth",
    "Saanvi",
    "Selin",
    "Soren",
    "Tariq",
    "Teodor",
    "Uma",
    "Vera",
    "Wen",
    "Yara",
    "Yusuf",
    "Zofia",
    "Zoran",
)
LAST: tuple[str, ...] = (
    "Abara",
    "Bauer",
    "Castillo",
    "Dahl",
    "Eriksen",
    "Ferreira",
    "Gallo",
    "Haddad",
    "Ibsen",
    "Jovanovic",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Ortiz",
    "Petrov",
    "Quinlan",
    "Rossi",
    "Sato",
    "Tanaka",
    "Urquhart",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zeller",
    "Achebe",
    "Brennan",
    "Costa",
    "Duarte",
    "Engel",
    "Fischer",
    "Gunnarsson",
    "Horvath",
    "Iyer",
    "Jensen",
    "Kaur",
    "Laine",
    "Mbeki",
    "Novak",
    "Okoye",
    "Park",
    "Quispe",
    "Reyes",
    "Silva",
    "Thorsen",
    "Ueda",
    "Vidal",
    "Weber",
    "Young",
)
ROLES = (
    "CFO",
    "COO",
    "CIO",
    "VP Engineering",
    "VP Sales",
    "Director of Operations",
    "Head of Product",
    "Staff Engineer",
    "Principal Architect",
    "Security Lead",
    "Finance Business Partner",
    "Procurement Manager",
    "Data Science Lead",
    "Regional Manager",
    "HR Business Partner",
    "Programme Manager",
    "Site Reliability Lead",
    "Legal Counsel",
    "Chief of Staff",
    "Team Lead",
)
ORGS = (
    "Finance",
    "Engineering",
    "Operations",
    "Sales",
    "Product",
    "Data",
    "Legal",
    "People",
    "Procurement",
    "Security",
    "EMEA",
    "APAC",
    "Americas",
)
TAGS = ("budget", "infra", "exec", "region", "vendor", "ops", "board", "union", "audit")
STANCES = (
    (Stance.UNKNOWN, 30),
    (Stance.NEUTRAL, 25),
    (Stance.SKEPTICAL, 15),
    (Stance.SUPPORTIVE, 15),
    (Stance.OPPOSED, 8),
    (Stance.CHAMPION, 7),
)
WANTS = (
    "Lower {thing} costs next year",
    "Headcount for {thing} without losing velocity",
    "Credit for the {thing} work in the annual review",
    "A clear migration plan for {thing}",
    "No outage during the {thing} freeze",
    "Early access to the new {thing}",
    "A seat on the {thing} steering group",
    "Predictable {thing} spend",
)
THINGS = (
    "storage",
    "network",
    "on-call",
    "data platform",
    "compliance",
    "vendor",
    "reporting",
    "regional",
    "security",
    "licence",
)
OFFERS = (
    "Platform team takes over {thing} on-call",
    "Name them co-sponsor of the {thing} programme",
    "Quarterly {thing} report owned by my team",
    "Two engineers for their {thing} backlog",
    "Early pilot of the {thing} migration",
    "Introduce them to the {thing} vendor's CTO",
)
ASKS = (
    "Back the proposal at the staff meeting",
    "Not block the budget line",
    "Raise the cost case with the CFO",
    "Co-present the business case",
    "Lend a reviewer for the design",
    "",
)
WIN_TITLES = (
    "{name} agrees to a {thing} pilot",
    "Budget line for {thing} drafted",
    "{thing} cost model signed off",
    "{name} co-sponsors the {thing} review",
    "Steering group slot for {thing}",
    "{name} stops blocking {thing}",
)
NOTES = (
    "",
    "",
    "Wants numbers, not slides.",
    "Follows the CFO's lead on anything with a cost.",
    "Said no in the last review: 'another migration, another delay'. Try the pilot angle.",
    "Weekly 1:1 with the COO; knows what the regions are worried about. Ask about the audit.",
)


def _weighted_stance(rng: random.Random) -> Stance:
    stances, weights = zip(*STANCES, strict=True)
    return rng.choices(stances, weights)[0]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local, offset-aware datetime on ``day``."""
    return datetime.combine(day, time(hour, minute)).astimezone()


def _due(rng: random.Random, today: date) -> date | None:
    return today + timedelta(days=rng.randint(-20, 90)) if rng.random() < 0.6 else None


def _past(rng: random.Random, now: datetime, max_days: int) -> datetime:
    return now - timedelta(days=rng.randint(0, max_days), minutes=rng.randint(0, 600))


def generate(
    path: Path,
    *,
    seed: int = SEED,
    today: date | None = None,
    sizes: Sizes = LARGE,
) -> dict[str, int]:
    """Write a new plan at ``path`` (which must not exist); return the record counts."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    today = today or date.today()
    now = _at(today, 9)
    rng = random.Random(seed)
    repo = Repository.open(path, title=TITLE, agenda=AGENDA, backup=False)
    try:
        repo.update_meta(title=TITLE, agenda=AGENDA, last_review=today - timedelta(days=7))
        people = _people(repo, rng, sizes.people, today, now)
        _ties(repo, rng, people, sizes.ties)
        interests = _interests(repo, rng, people, sizes.interests, now)
        trades = _trades(repo, rng, people, interests, sizes.trades, now)
        _wins(repo, rng, people, trades, sizes.wins, today, now)
        _meetings(repo, rng, people, sizes.meetings, today, now)
        with repo.transaction("reviews"):
            for weeks in range(8, 0, -1):
                repo.add(Review(id=0, at=today - timedelta(weeks=weeks), notes="Weekly review"))
        return {
            "people": len(repo.people),
            "ties": len(repo.ties),
            "interests": len(repo.interests),
            "trades": len(repo.trades),
            "wins": len(repo.wins),
            "meetings": len(repo.meetings),
            "stance_log": len(repo.stance_log),
            "reviews": len(repo.reviews),
        }
    finally:
        repo.close()


def _people(
    repo: Repository, rng: random.Random, count: int, today: date, now: datetime
) -> list[int]:
    names = [f"{f} {s}" for f in FIRST for s in LAST]
    rng.shuffle(names)
    while len(names) < count:  # more people than name pairs: number the rest
        names.append(f"{rng.choice(FIRST)} {rng.choice(LAST)} {len(names)}")
    ids = []
    with repo.transaction("people"):
        for i in range(count):
            stance = _weighted_stance(rng)
            created = _past(rng, now, 400)
            contact = None if rng.random() < 0.25 else today - timedelta(days=rng.randint(0, 120))
            person = repo.add(
                Person(
                    id=0,
                    name=names[i],
                    role=rng.choice(ROLES),
                    org=rng.choice(ORGS),
                    decider=rng.random() < 0.03,
                    stance=stance,
                    notes=rng.choice(NOTES),
                    tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
                    last_contact=contact,
                    created=created,
                    updated=created,
                )
            )
            ids.append(person.id)
            if stance is not Stance.UNKNOWN:  # how they got there: one or two log entries
                steps = [stance] if rng.random() < 0.6 else [Stance.NEUTRAL, stance]
                for n, step in enumerate(steps):
                    at = created + timedelta(days=n * rng.randint(1, 60))
                    repo.add(StanceChange(id=0, person=person.id, stance=step, at=min(at, now)))
    return ids


def _ties(repo: Repository, rng: random.Random, people: Sequence[int], count: int) -> None:
    """Directed ties with a heavy tail: a few people many defer to, most hardly anyone."""
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(people))]
    leaders = list(people)
    rng.shuffle(leaders)
    kinds = (TieKind.DEFERS_TO, TieKind.LISTENS_TO, TieKind.TRUSTS)
    seen: set[tuple[int, int, TieKind]] = set()
    with repo.transaction("ties"):
        while len(seen) < count:
            source = rng.choice(people)
            target = rng.choices(leaders, weights)[0]
            kind = rng.choices(kinds, (45, 35, 20))[0]
            if source == target or (source, target, kind) in seen:
                continue
            seen.add((source, target, kind))
            strength = rng.choices((1, 2, 3), (50, 35, 15))[0]
            repo.add(Tie(id=0, source=source, target=target, kind=kind, strength=strength))


def _interests(
    repo: Repository, rng: random.Random, people: Sequence[int], count: int, now: datetime
) -> list[Interest]:
    statuses = (InterestStatus.OPEN, InterestStatus.ADDRESSED, InterestStatus.DROPPED)
    added = []
    with repo.transaction("interests"):
        for _ in range(count):
            person = rng.choice(people)
            source = rng.choice(people) if rng.random() < 0.6 else None
            added.append(
                repo.add(
                    Interest(
                        id=0,
                        person=person,
                        text=rng.choice(WANTS).format(thing=rng.choice(THINGS)),
                        priority=rng.randint(1, 3),
                        learned_from=source if source != person else None,
                        status=rng.choices(statuses, (70, 20, 10))[0],
                        created=_past(rng, now, 300),
                    )
                )
            )
    return added


def _trades(
    repo: Repository,
    rng: random.Random,
    people: Sequence[int],
    interests: Sequence[Interest],
    count: int,
    now: datetime,
) -> list[Trade]:
    added = []
    with repo.transaction("trades"):
        for _ in range(count):
            interest = rng.choice(interests) if rng.random() < 0.7 else None
            person = interest.person if interest else rng.choice(people)
            created = _past(rng, now, 200)
            added.append(
                repo.add(
                    Trade(
                        id=0,
                        person=person,
                        interest=interest.id if interest else None,
                        offer=rng.choice(OFFERS).format(thing=rng.choice(THINGS)),
                        ask=rng.choice(ASKS),
                        currency=rng.choice(list(Currency)),
                        status=rng.choices(list(TradeStatus), (30, 25, 20, 10, 15))[0],
                        created=created,
                        updated=created + timedelta(days=rng.randint(0, 30)),
                    )
                )
            )
    return added


def _wins(
    repo: Repository,
    rng: random.Random,
    people: Sequence[int],
    trades: Sequence[Trade],
    count: int,
    today: date,
    now: datetime,
) -> None:
    positions = dict.fromkeys(BOARD_COLUMNS, 0)
    added: list[int] = []
    names = repo.people
    with repo.transaction("wins"):
        for _ in range(count):
            column = rng.choices(BOARD_COLUMNS, (35, 25, 25, 15))[0]
            positions[column] += POSITION_GAP
            linked = tuple(rng.sample(people, rng.randint(1, 3)))
            trade = rng.choice(trades) if rng.random() < 0.4 else None
            updated = _past(rng, now, 60)
            won_at = updated if column is Column.WON else None
            first = names[linked[0]].name.split()[0]
            win = repo.add(
                Win(
                    id=0,
                    title=rng.choice(WIN_TITLES).format(name=first, thing=rng.choice(THINGS)),
                    column=column,
                    position=positions[column],
                    people=linked,
                    trade=trade.id if trade else None,
                    builds_on=rng.choice(added) if added and rng.random() < 0.3 else None,
                    due=_due(rng, today),
                    won_at=won_at,
                    notes=rng.choice(NOTES),
                    created=updated - timedelta(days=rng.randint(0, 90)),
                    updated=updated,
                )
            )
            added.append(win.id)


def _meetings(
    repo: Repository,
    rng: random.Random,
    people: Sequence[int],
    count: int,
    today: date,
    now: datetime,
) -> None:
    """One-on-ones and group meetings from two months back to two months ahead.

    Titles never contain a person's name: the start-up benchmark waits for a
    name that only the people table shows, and the header shows the next meeting.
    """
    topics = [t.title() for t in THINGS]
    with repo.transaction("meetings"):
        for _ in range(count):
            group = rng.random() < 0.3
            attendees = tuple(rng.sample(people, rng.randint(3, 8) if group else 1))
            day = today + timedelta(days=rng.randint(-60, 60))
            start = _at(day, rng.randint(8, 17), rng.choice((0, 30)))
            if start < now:
                status = rng.choices(
                    (MeetingStatus.HELD, MeetingStatus.PLANNED, MeetingStatus.CANCELLED),
                    (80, 12, 8),
                )[0]
            else:
                status = MeetingStatus.PLANNED
            held = status is MeetingStatus.HELD
            topic = rng.choice(topics)
            repo.add(
                Meeting(
                    id=0,
                    title=f"{topic} steering group" if group else f"{topic} one-on-one",
                    start=start,
                    minutes=rng.choice((30, 45, 60, 90)) if group else rng.choice((15, 30, 45)),
                    attendees=attendees,
                    status=status,
                    outcome="Agreed to look at the numbers again." if held else "",
                    looked_to=(rng.choice(attendees),) if held and group else (),
                    created=min(start, now) - timedelta(days=rng.randint(1, 30)),
                    updated=min(start, now),
                )
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the seeded large benchmark plan.")
    parser.add_argument("path", type=Path, help="the plan file to create (must not exist)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="size factor (1 = the benchmark's large plan)"
    )
    args = parser.parse_args(argv)
    started = clock.perf_counter()
    counts = generate(args.path, seed=args.seed, today=args.today, sizes=LARGE.scaled(args.scale))
    took = clock.perf_counter() - started
    summary = ", ".join(f"{n} {table}" for table, n in counts.items())
    print(f"{args.path}: {summary} ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
