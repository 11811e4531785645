"""The People view's detail panes: the data they show, and what their keys do to the plan.

``DetailIndex`` groups ties, interests and trades by person once per plan
version, so moving the cursor over a thousand people stays cheap.
``DetailActions`` is mixed into the People screen: it answers the panes'
messages (add / edit / delete a tie, an interest or a trade; advance a trade)
with a form or a confirmation, then one change through ``AlliesApp.change``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from store.analysis import Analysis
from store.approach import Suggestion
from store.model import Interest, InterestStatus, Person, Record, Stance, Tie, Trade, TradeStatus
from widgets.agenda_list import AgendaList, InterestRow
from widgets.pane_list import PaneList
from widgets.person_detail import ChannelView, PersonView
from widgets.stance import MASK
from widgets.ties_list import PHRASES, TieRow, TiesList
from widgets.trade_list import TradeList, TradeRow

if TYPE_CHECKING:
    from store.repository import Repository
    from tui.app import AlliesApp

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
                other.name,
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
                source.name if source else None,
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
    reasons = tuple((r, r not in PLAIN_REASONS) for r in suggestion.reasons) if suggestion else ()
    channels = tuple(
        ChannelView(people[c.person].name, people[c.person].stance, c.is_ally, c.last_contact)
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
        flagged_no=pid in analysis.flagged_no,
        ties=tuple(ties),
        interests=tuple(interests),
        trades=tuple(trades),
    )


def _pane_id(cls: type[PaneList[Any]]) -> str:
    return {TiesList: "detail-ties", AgendaList: "detail-agenda", TradeList: "detail-trades"}[cls]


class DetailActions:
    """The People screen's answers to the detail panes' messages (a mixin)."""

    if TYPE_CHECKING:
        repo: Repository
        allies: AlliesApp

        def selected(self) -> Person | None: ...
        def show_detail(self, select: tuple[str, int] | None = None) -> None: ...

    def _people_options(self) -> list[tuple[str, int]]:
        people = sorted(self.repo.people.values(), key=lambda p: (p.name.casefold(), p.id))
        return [(p.name, p.id) for p in people]

    def _save(self, record: Record | None, pane: type[PaneList[Any]], what: str) -> None:
        """Add (id 0) or update the record a form returned, then highlight it in its pane."""
        if record is None:
            return
        if record.id == 0:
            result = self.allies.change(
                lambda: self.repo.add(record, label=f"add {what}"), done=f"Added the {what}"
            )
        else:
            result = self.allies.change(
                lambda: self.repo.update(record, label=f"edit {what}"), done="Saved"
            )
        if result is not None:
            self.show_detail(select=(_pane_id(pane), result.id))

    def _form(self, pane: PaneList[Any], record: Record | None) -> None:
        """Open the pane's form (empty for a new record) and save what it returns."""
        from tui.screens.modals.interest_form import InterestForm
        from tui.screens.modals.tie_form import TieForm
        from tui.screens.modals.trade_form import TradeForm

        person = self.selected()
        if person is None:
            return
        screen: Any
        if isinstance(pane, TiesList):
            assert record is None or isinstance(record, Tie)
            screen = TieForm(person.id, person.name, self._people_options(), record)
        elif isinstance(pane, AgendaList):
            assert record is None or isinstance(record, Interest)
            others = [(name, pid) for name, pid in self._people_options() if pid != person.id]
            screen = InterestForm(person.id, person.name, others, record)
        else:
            assert record is None or isinstance(record, Trade)
            mine = sorted(
                (i for i in self.repo.interests.values() if i.person == person.id),
                key=lambda i: (-i.priority, i.id),
            )
            options = [(i.text, i.id) for i in mine]
            screen = TradeForm(person.id, person.name, options, record)
        what = {TiesList: "tie", AgendaList: "interest", TradeList: "trade"}[type(pane)]
        self.allies.push_screen(screen, lambda r: self._save(r, type(pane), what))

    def _record(self, pane: PaneList[Any], item_id: int) -> Record | None:
        table: dict[type[PaneList[Any]], Callable[[], Any]] = {
            TiesList: lambda: self.repo.ties,
            AgendaList: lambda: self.repo.interests,
            TradeList: lambda: self.repo.trades,
        }
        return table[type(pane)]().get(item_id)  # type: ignore[no-any-return]

    def on_pane_list_add_requested(self, event: PaneList.AddRequested) -> None:
        event.stop()
        self._form(event.pane, None)

    def on_pane_list_edit_requested(self, event: PaneList.EditRequested) -> None:
        event.stop()
        record = self._record(event.pane, event.item_id)
        if record is not None:
            self._form(event.pane, record)

    def on_pane_list_delete_requested(self, event: PaneList.DeleteRequested) -> None:
        from tui.screens.modals.confirm import ConfirmScreen

        event.stop()
        record = self._record(event.pane, event.item_id)
        row = event.pane.item
        if record is None or row is None:
            return
        what = {Tie: "tie", Interest: "interest", Trade: "trade"}[type(record)]
        person = self.selected()
        described = event.pane.describe(row).plain
        if person is not None:  # the panes speak from the selected person's side: name them
            described = (
                f"{person.name} {described}" if what == "tie" else f"{person.name}: {described}"
            )
        if self.allies.private:
            described = MASK
        refs = self.repo.references(type(record), record.id)
        detached = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in refs.items())
        detail = f"{described}\n\n" + (
            f"This also detaches it from: {detached}. " if detached else ""
        )
        cls, rid = type(record), record.id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.allies.change(
                    lambda: self.repo.delete(cls, rid, label=f"delete {what}"),
                    done="Deleted — u undoes",
                )

        self.allies.push_screen(
            ConfirmScreen(f"Delete this {what}?", detail + "You can undo with u.", danger=True),
            confirmed,
        )

    def on_trade_list_advance_requested(self, event: TradeList.AdvanceRequested) -> None:
        event.stop()
        trade = self.repo.trades.get(event.item_id)
        if trade is None:
            return
        if trade.status is TradeStatus.DELIVERED:
            self.allies.notify("Delivered is the last step.", timeout=3)
            return
        if trade.status is TradeStatus.DECLINED:
            self.allies.notify("A declined trade stays declined — e edits it.", timeout=3)
            return
        status = trade.status.advance()
        result = self.allies.change(
            lambda: self.repo.update(trade.replace(status=status), label=f"trade {status.value}"),
            done=f"Trade {status.value}",
        )
        if result is not None:
            self.show_detail(select=("detail-trades", result.id))
