"""Consensus over time: is the campaign moving? (step 7 of the method)

Week by week (Monday to Sunday), each person's stance as of the week's end is
rebuilt from the stance log: their last logged stance by then; before their
first entry their stance was not read yet. A person with no entry at all has
held their present stance throughout, and this week everyone stands where the
plan says they stand now (as in the header). Consensus is measured as the pulse does
(``store.consensus``: weighted support, each stance counting for its share),
with today's influence weights, since the log records stances and not ties;
wins count from the day they were won.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allies.store.consensus import SUPPORT, weight_of
from allies.store.dates import week_bounds
from allies.store.influence import Influence
from allies.store.model import Column, Person, Stance, StanceChange, Win

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
    events = sorted((c.at, c.id, c.person, c.stance) for c in log.values() if c.person in people)
    logged = {e[2] for e in events}
    won = sorted(w.won_at for w in wins.values() if w.won_at and w.column is Column.WON)
    first = min([e[0] for e in events[:1]] + won[:1], default=None)
    this_monday = week_bounds(today)[0]
    start = this_monday - timedelta(weeks=weeks - 1)
    if first is not None:
        start = max(start, week_bounds(first.astimezone().date())[0])
    else:
        start = this_monday
    # consensus as the pulse measures it (store.consensus): each person's weight
    # times the support their stance counts for, over everyone's weight
    weight = {pid: weight_of(scores, pid) for pid in people}
    total = sum(weight.values())
    # people with no logged change hold their present stance throughout; the others
    # are not read yet until their first change
    stance: dict[int, Stance] = {
        pid: (Stance.UNKNOWN if pid in logged else p.stance) for pid, p in people.items()
    }
    allies = sum(1 for st in stance.values() if st.is_ally)
    support = sum(weight[pid] * SUPPORT[st] for pid, st in stance.items())
    result = []
    i, monday = 0, start
    while monday <= this_monday:
        end = datetime.combine(monday + timedelta(days=7), time(0, 0)).astimezone()
        while i < len(events) and events[i][0] <= end:
            _at, _id, pid, new = events[i]
            old = stance[pid]
            allies += int(new.is_ally) - int(old.is_ally)
            support += weight[pid] * (SUPPORT[new] - SUPPORT[old])
            stance[pid] = new
            i += 1
        if monday == this_monday:  # this week: where everyone stands now (the log may lag)
            stance = {pid: p.stance for pid, p in people.items()}
            allies = sum(1 for st in stance.values() if st.is_ally)
            support = sum(weight[pid] * SUPPORT[st] for pid, st in stance.items())
        consensus = max(0.0, support / total) if total > 0 else 0.0
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
