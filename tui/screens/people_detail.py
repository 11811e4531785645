"""The People view's detail panes: the data they show.

``DetailIndex`` groups ties, interests and trades by person once per plan
version, so moving the cursor over a thousand people stays cheap; ``person_view``
gathers what the detail shows of one person. What the panes' keys do is in
``tui.screens.detail_actions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allies.store.analysis import Analysis
from allies.store.approach import Suggestion, beyond_no_advice
from allies.store.model import Interest, InterestStatus, Stance, Tie, Trade
from allies.widgets.agenda_list import InterestRow
from allies.widgets.person_detail import ChannelView, PersonView
from allies.widgets.ties_list import PHRASES, TieRow
from allies.widgets.trade_list import TradeRow

if TYPE_CHECKING:
    from allies.store.repository import Repository

# Approach-next reasons that name no one and reveal no plan (shown under the privacy screen).
PLAIN_REASONS = {"a decider", "neutral", "skeptical", "opposed", "stance not read yet"}
KIND_ORDER = {kind: i for i, (kind, _) in enumerate(PHRASES)}


class DetailIndex:
    """Ties, interests and trades by person, rebuilt only when those tables change.

    A stance change or a card move leaves them as they were: only the
    approach ranking (read from the analysis, itself cached) is looked up again.
    """

    def __init__(self, repo: Repository, analysis: Analysis) -> None:
        self.key = self.key_of(repo)
        self.ties: dict[int, list[Tie]] = {}
        for tie in repo.ties.values():
            self.ties.setdefault(tie.source, []).append(tie)
            if tie.target != tie.source:
                self.ties.setdefault(tie.target, []).append(tie)
        self.interests: dict[int, list[Interest]] = {}
        for interest in repo.interests.values():
            self.interests.setdefault(interest.person, []).append(interest)
        self.trades: dict[int, list[Trade]] = {}
        self.open_trades: dict[int, int] = {}  # interest id -> open trades answering it
        for trade in repo.trades.values():
            self.trades.setdefault(trade.person, []).append(trade)
            if trade.status.is_open and trade.interest is not None:
                self.open_trades[trade.interest] = self.open_trades.get(trade.interest, 0) + 1
        self._approach: list[Suggestion] | None = None
        self._approach_rank: dict[int, int] = {}

    @staticmethod
    def key_of(repo: Repository) -> tuple[int, ...]:
        """The versions of the tables the index groups."""
        versions = repo.table_versions
        return (versions["ties"], versions["interests"], versions["trades"])

    def approach_rank(self, analysis: Analysis) -> dict[int, int]:
        """Place in the approach-next list by person (recomputed when that list changes)."""
        if self._approach is not analysis.approach:
            self._approach = analysis.approach
            self._approach_rank = {s.person: i for i, s in enumerate(analysis.approach, start=1)}
        return self._approach_rank


def person_view(repo: Repository, analysis: Analysis, index: DetailIndex, pid: int) -> PersonView:
    """Everything the detail shows of one person, as plain values."""
    people = repo.people
    named = analysis.labels  # namesakes told apart
    person = people[pid]
    inf = analysis.scores.get(pid)
    ties = []
    for tie in index.ties.get(pid, ()):
        outgoing = tie.source == pid
        other = people[tie.target if outgoing else tie.source]
        ties.append(
            TieRow(
                tie.id,
                tie.kind,
                outgoing,
                other.id,
                named[other.id],
                other.stance,
                tie.strength,
                tie.note,
            )
        )
    ties.sort(
        key=lambda r: (
            not r.outgoing,
            KIND_ORDER[r.kind],
            -r.strength,
            r.other_name.casefold(),
            r.id,
        )
    )
    interests = []
    for i in index.interests.get(pid, ()):
        source = people.get(i.learned_from) if i.learned_from is not None else None
        interests.append(
            InterestRow(
                i.id,
                i.text,
                i.priority,
                i.status,
                named[source.id] if source else None,
                source.stance if source else Stance.UNKNOWN,
                index.open_trades.get(i.id, 0),
            )
        )
    interests.sort(key=lambda r: (r.status is not InterestStatus.OPEN, -r.priority, r.id))
    trades = []
    for t in index.trades.get(pid, ()):
        answered = repo.interests.get(t.interest) if t.interest is not None else None
        trades.append(
            TradeRow(
                t.id, t.offer, t.ask, t.currency, t.status, answered.text if answered else None
            )
        )
    trades.sort(key=lambda r: (not r.status.is_open, r.id))
    suggestion = analysis.suggestion(pid)
    interest_known = any(i.status is InterestStatus.OPEN for i in index.interests.get(pid, ()))
    # While nothing they want is known, the detail's own line says whom to ask (or that no
    # one they trust is recorded): the same advice is not repeated in the reasons above it.
    said_below = (
        set()
        if interest_known
        else {analysis.knowledge.agenda_step(pid), analysis.knowledge.agenda_question(pid)}
    )
    reasons = (
        tuple((r, r not in PLAIN_REASONS) for r in suggestion.reasons if r not in said_below)
        if suggestion
        else ()
    )
    action = suggestion.action if suggestion and suggestion.action not in said_below else ""
    flagged = pid in analysis.flagged_no
    chiefs = analysis.chiefs
    chief_note = ""
    last = max((analysis.scores[c].rank for c in chiefs), default=0)
    if inf is not None and pid not in chiefs and inf.rank <= last:
        chief_note = (
            f"ranks #{inf.rank} but is no chief influencer (♛): no one is recorded deferring to,"
            " listening to or looking to them"
        )
    channels = tuple(
        ChannelView(named[c.person], people[c.person].stance, c.is_ally, c.last_contact)
        for c in analysis.channels(pid)
    )
    return PersonView(
        person=person,
        score=inf.score if inf else 0.0,
        rank=inf.rank if inf else 0,
        chief=analysis.is_chief(pid),
        approach_rank=index.approach_rank(analysis).get(pid),
        reasons=reasons,
        channels=channels,
        flagged_no=flagged,
        beyond_no=beyond_no_advice(repo, pid, analysis.knowledge) if flagged else "",
        interest_known=interest_known,
        evidence=analysis.evidence(pid) if analysis.is_chief(pid) else (),
        chief_note=chief_note,
        action=action,
        ties=tuple(ties),
        interests=tuple(interests),
        trades=tuple(trades),
    )


def brief_text(view: PersonView) -> str:
    """One person's brief as plain text (Markdown-friendly), for the clipboard."""
    person = view.person
    lines = [f"# {person.name}"]
    about = " · ".join(x for x in (person.role, person.org) if x)
    if about:
        lines.append(about)
    marks = [m for m, on in (("chief influencer", view.chief), ("decider", person.decider)) if on]
    lines.append(
        f"Stance: {person.stance.value} · influence {view.score:.0f} (#{view.rank})"
        + (f" · {', '.join(marks)}" if marks else "")
    )
    if view.ties:
        lines += ["", "## Ties", *(f"- {t.phrase} {t.other_name}" for t in view.ties)]
    if view.interests:
        lines += ["", "## Agenda"]
        for i in view.interests:
            told = f" (via {i.learned_from})" if i.learned_from else ""
            lines.append(f"- {i.text}{told} [{i.status.value}]")
    if view.trades:
        lines += ["", "## Possible trades"]
        for t in view.trades:
            ask = f" ⇄ {t.ask}" if t.ask else ""
            lines.append(f"- {t.offer}{ask} [{t.status.value}]")
    if person.notes:
        lines += ["", "## Notes", person.notes]
    return "\n".join(lines) + "\n"
