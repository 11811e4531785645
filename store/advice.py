"""What to do this week: the moves a coach would name, each with its reason.

Steps 4 and 7 of the method. ``trade_ups`` reads the board: every won card
with nothing built on it yet is a win to build on (the next, larger ask of the
same people, following the trade or interest it answered), and the people who
listen to the new ally are the next to approach through them. ``moves`` puts
the week in order: debriefs due, deciders whose ear is unknown, the one-on-ones
proposed this week, meetings to move, cards to push over the line, the people
to approach, the no's to look past, and the wins to trade up from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allies.store.approach import Knowledge, beyond_no_advice
from allies.store.dates import week_bounds
from allies.store.influence import INFLUENCE_KINDS, Plan
from allies.store.model import Column, MeetingStatus, Person, Win
from allies.store.names import listed
from allies.store.sequencing import TOO_FEW_WINS, Proposal, Readiness

APPROACH_MOVES = 3  # people to approach named in the week's moves
TRADE_UP_MOVES = 3

DEBRIEF = "debrief"
FIND_EAR = "find_ear"
ONE_ON_ONE = "one_on_one"
POSTPONE = "postpone"
WIN_CARD = "win_card"
APPROACH = "approach"
BEYOND_NO = "beyond_no"
TRADE_UP = "trade_up"


@dataclass(frozen=True)
class TradeUp:
    """A won card to build on: the next, larger ask of the same people, and who comes next."""

    win: int
    people: tuple[int, ...]
    title: str
    """A title for the "build on" card."""
    follows: str
    """The trade or interest the next ask follows, in words ("" when none is recorded)."""
    next_people: tuple[int, ...]
    """Non-allies who listen to or defer to the card's allies: approach them through them."""
    reason: str


@dataclass(frozen=True)
class Move:
    """One thing to do this week: a kind, the people it concerns, and why."""

    kind: str
    people: tuple[int, ...]
    reason: str
    meeting: int | None = None
    """The meeting it is about (a debrief, a move), when there is one."""
    win: int | None = None
    """The card it is about (a card to push, a win to trade up from), when there is one."""


def trade_ups(plan: Plan, knowledge: Knowledge | None = None) -> list[TradeUp]:
    """Won cards with nothing built on them yet, most recently won first."""
    people = plan.people
    built_on = {w.builds_on for w in plan.wins.values() if w.builds_on is not None}
    won = [w for w in plan.wins.values() if w.column is Column.WON and w.id not in built_on]
    won.sort(key=lambda w: (w.won_at or w.updated, w.id), reverse=True)
    listeners: dict[int, set[int]] = {}
    for tie in plan.ties.values():
        if tie.kind in INFLUENCE_KINDS and tie.source != tie.target and tie.source in people:
            listeners.setdefault(tie.target, set()).add(tie.source)
    knowledge = knowledge if knowledge is not None else Knowledge(plan)
    shown = knowledge.names
    out: list[TradeUp] = []
    for w in won:
        who = [people[p] for p in w.people if p in people]
        follows = _follows(plan, w, who, knowledge)
        allies = {p.id for p in who if p.stance.is_ally}
        nxt = sorted(
            {
                f
                for a in allies
                for f in listeners.get(a, ())
                if f not in w.people and not people[f].stance.is_ally
            },
            key=lambda f: (people[f].name.casefold(), f),
        )
        reason = f"trade up from '{w.title}'"
        asked = [p for p in who if p.stance.is_ally] or who
        if asked:
            reason += f": ask {listed([shown[p.id] for p in asked])} for the next, larger step"
        if follows:
            reason += f" ({follows})"
        if nxt and allies:
            reason += (
                f"; then approach {listed([shown[f] for f in nxt])} through "
                f"{listed([shown[a] for a in sorted(allies)])}, whom they listen to"
            )
        out.append(
            TradeUp(
                win=w.id,
                people=tuple(p.id for p in who),
                title=f"Build on: {w.title}",
                follows=follows,
                next_people=tuple(nxt),
                reason=reason,
            )
        )
    return out


def _follows(plan: Plan, win: Win, who: list[Person], knowledge: Knowledge) -> str:
    trade = plan.trades.get(win.trade) if win.trade is not None else None
    if trade is not None:
        ask = f" for '{trade.ask}'" if trade.ask else ""
        text = f"you gave '{trade.offer}'{ask}"
        interest = plan.interests.get(trade.interest) if trade.interest else None
        return text + (f", on their interest {interest.text}" if interest else "")
    for person in who:
        interest = knowledge.interest(person.id)
        if interest is not None:
            return f"on {knowledge.names[person.id]}'s interest {interest.text}"
    return ""


def moves(
    plan: Plan,
    today: date,
    *,
    now: datetime | None,
    readiness: dict[int, Readiness],
    approach: list[tuple[int, str]],
    flagged_no: list[int],
    proposals: list[Proposal],
    knowledge: Knowledge | None = None,
) -> list[Move]:
    """This week's moves, most urgent first (see the module's docstring for the order)."""
    people = plan.people
    now = now if now is not None else datetime.combine(today, time(0, 0)).astimezone()
    knowledge = knowledge if knowledge is not None else Knowledge(plan)
    shown = knowledge.names
    out: list[Move] = []
    due = sorted(
        (m for m in plan.meetings.values() if m.status is MeetingStatus.PLANNED and m.start < now),
        key=lambda m: (m.start, m.id),
    )
    for m in due:
        who = listed([shown[p] for p in m.attendees if p in people])
        out.append(
            Move(
                DEBRIEF,
                m.attendees,
                f"debrief {m.title} with {who}: stances and what you learned, before the next step",
                meeting=m.id,
            )
        )
    ears = {t.source for t in plan.ties.values() if t.kind in INFLUENCE_KINDS}
    for pid in sorted(people, key=lambda p: (people[p].name.casefold(), p)):
        person = people[pid]
        if person.decider and not person.stance.is_ally and pid not in ears:
            out.append(
                Move(
                    FIND_EAR,
                    (pid,),
                    f"find out whom {shown[pid]} listens to: a decider is reached through"
                    " the people who have their ear",
                )
            )
    _, week_end = week_bounds(today)
    for p in proposals:
        if p.start.astimezone().date() > week_end:
            continue
        when = f"{p.start.astimezone():%a %d %b %H:%M}"
        if p.moves_meeting is not None:
            title = plan.meetings[p.moves_meeting].title
            out.append(
                Move(POSTPONE, p.attendees, f"move {title} to {when}: {p.reason}", p.moves_meeting)
            )
        else:
            out.append(Move(ONE_ON_ONE, p.attendees, f"{p.title}, {when}: {p.reason}"))
    for mid, r in readiness.items():
        if r.card is None or not any(pr.code == TOO_FEW_WINS for pr in r.problems):
            continue
        card = plan.wins[r.card]
        meeting = plan.meetings[mid]
        out.append(
            Move(
                WIN_CARD,
                card.people,
                f"push '{card.title}' ({card.column.value}) over the line before {meeting.title}:"
                " the room needs a win first",
                meeting=mid,
                win=card.id,
            )
        )
    booked = {pid for m in out if m.kind in (ONE_ON_ONE, DEBRIEF) for pid in m.people}
    for pid, action in [a for a in approach if a[0] not in booked][:APPROACH_MOVES]:
        stance = people[pid].stance.value
        out.append(Move(APPROACH, (pid,), f"approach {shown[pid]} ({stance}): {action}"))
        booked.add(pid)  # their next step is said: no second line for their no
    for pid in [p for p in flagged_no if p not in booked]:
        out.append(
            Move(BEYOND_NO, (pid,), f"{shown[pid]}: {beyond_no_advice(plan, pid, knowledge)}")
        )
    recent = today - timedelta(days=30)
    for up in trade_ups(plan, knowledge)[:TRADE_UP_MOVES]:
        win = plan.wins[up.win]
        if (win.won_at or win.updated).astimezone().date() >= recent:
            out.append(Move(TRADE_UP, up.people, up.reason, win=up.win))
    return out
