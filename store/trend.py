"""Consensus over time: is the campaign moving? (step 7 of the method)

Week by week (Monday to Sunday), each person's stance as of the week's end is
rebuilt from the stance log: their last logged stance by then; before their
first entry their stance was not read yet. A person with no entry at all has
held their present stance throughout. Consensus is measured as in the pulse
(the influence-weighted share of allies, with today's influence scores, since
the log records stances and not ties); wins count from the day they were won.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allies.store.dates import week_bounds
from allies.store.influence import Influence
from allies.store.model import Column, Person, StanceChange, Win

WEEKS = 12


@dataclass(frozen=True, slots=True)
class Week:
    """One week's standing, as of its Sunday night."""

    start: date  # the Monday
    consensus: float  # 0–1
    allies: int
    wins: int  # won by the week's end, in total


def _ally_history(
    log: Mapping[int, StanceChange], people: Mapping[int, Person]
) -> dict[int, tuple[list[datetime], list[bool]]]:
    """Per person in the plan with logged changes: when each came, and whether it made an ally."""
    history: dict[int, list[StanceChange]] = {}
    for change in log.values():
        if change.person in people:
            history.setdefault(change.person, []).append(change)
    result = {}
    for pid, changes in history.items():
        changes.sort(key=lambda c: (c.at, c.id))
        result[pid] = ([c.at for c in changes], [c.stance.is_ally for c in changes])
    return result


def weekly(
    people: Mapping[int, Person],
    log: Mapping[int, StanceChange],
    wins: Mapping[int, Win],
    scores: Mapping[int, Influence],
    today: date,
    weeks: int = WEEKS,
) -> tuple[Week, ...]:
    """The last ``weeks`` weeks up to the one holding ``today``, oldest first.

    Weeks before the plan's first recorded change are left out (a short plan
    has a short history), but the current week is always there.
    """
    history = _ally_history(log, people)
    won = sorted(w.won_at for w in wins.values() if w.won_at and w.column is Column.WON)
    first = min([at[0] for at, _ in history.values()] + won[:1], default=None)
    this_monday = week_bounds(today)[0]
    start = this_monday - timedelta(weeks=weeks - 1)
    if first is not None:
        start = max(start, week_bounds(first.astimezone().date())[0])
    else:
        start = this_monday
    weight = {pid: s.score for pid, s in scores.items()}
    total = sum(weight.values())
    by_head = total <= 0  # no influence recorded: a share by head count
    # people with no logged change hold their present stance throughout
    steady = [pid for pid, p in people.items() if pid not in history and p.stance.is_ally]
    steady_weight = sum(weight.get(pid, 0.0) for pid in steady)
    result = []
    monday = start
    while monday <= this_monday:
        end = datetime.combine(monday + timedelta(days=7), time(0, 0)).astimezone()
        allies, share = len(steady), steady_weight
        for pid, (times, ally) in history.items():
            i = bisect_right(times, end)
            if i and ally[i - 1]:
                allies += 1
                share += weight.get(pid, 0.0)
        consensus = share / total if not by_head else allies / len(people) if people else 0.0
        result.append(
            Week(
                start=monday,
                consensus=consensus,
                allies=allies,
                wins=bisect_right(won, end) if won else 0,
            )
        )
        monday += timedelta(weeks=1)
    return tuple(result)
