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
    has a short history), but the current week is always there. One pass over
    the log in time order: each change moves the running count of allies.
    """
    events = sorted(
        (c.at, c.id, c.person, c.stance.is_ally) for c in log.values() if c.person in people
    )
    logged = {e[2] for e in events}
    won = sorted(w.won_at for w in wins.values() if w.won_at and w.column is Column.WON)
    first = min([e[0] for e in events[:1]] + won[:1], default=None)
    this_monday = week_bounds(today)[0]
    start = this_monday - timedelta(weeks=weeks - 1)
    if first is not None:
        start = max(start, week_bounds(first.astimezone().date())[0])
    else:
        start = this_monday
    weight = {pid: s.score for pid, s in scores.items()}
    total = sum(weight.values())
    # people with no logged change hold their present stance throughout; the others
    # are not read yet until their first change
    steady = [pid for pid, p in people.items() if pid not in logged and p.stance.is_ally]
    allies, share = len(steady), sum(weight.get(pid, 0.0) for pid in steady)
    is_ally: dict[int, bool] = {}
    result = []
    i, monday = 0, start
    while monday <= this_monday:
        end = datetime.combine(monday + timedelta(days=7), time(0, 0)).astimezone()
        while i < len(events) and events[i][0] <= end:
            _at, _id, pid, ally = events[i]
            if ally != is_ally.get(pid, False):
                allies += 1 if ally else -1
                share += weight.get(pid, 0.0) * (1 if ally else -1)
            is_ally[pid] = ally
            i += 1
        if total > 0:
            consensus = max(0.0, share / total)
        else:
            consensus = allies / len(people) if people else 0.0
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
