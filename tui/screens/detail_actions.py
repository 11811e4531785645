"""What the People view's detail panes do to the plan (a mixin of the People screen).

``DetailActions`` answers the panes' messages (add / edit / delete a tie, an
interest or a trade; advance a trade) with a form or a confirmation, then one
change through ``AlliesApp.change``. The panes are drawn after the first screen,
so nothing here is imported before a pane asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from allies.store.approach import trusted_channels
from allies.store.model import (
    Interest,
    InterestStatus,
    Person,
    Record,
    Tie,
    Trade,
    TradeStatus,
)
from allies.store.names import labels
from allies.widgets.stance import MASK

if TYPE_CHECKING:
    from allies.store.repository import Repository
    from allies.tui.app import AlliesApp
    from allies.widgets.pane_list import PaneList
    from allies.widgets.trade_list import TradeList


def _pane_id(cls: type[PaneList[Any]]) -> str:
    from allies.widgets.agenda_list import AgendaList
    from allies.widgets.ties_list import TiesList
    from allies.widgets.trade_list import TradeList

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
        named = labels(people)
        return [(named[p.id], p.id) for p in people]

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
        from allies.tui.screens.modals.interest_form import InterestForm
        from allies.tui.screens.modals.tie_form import TieForm
        from allies.tui.screens.modals.trade_form import TradeForm
        from allies.widgets.agenda_list import AgendaList
        from allies.widgets.ties_list import TiesList
        from allies.widgets.trade_list import TradeList

        person = self.selected()
        if person is None:
            return
        shown = labels(self.repo.people.values())[person.id]  # namesakes told apart
        screen: Any
        if isinstance(pane, TiesList):
            assert record is None or isinstance(record, Tie)
            others = [(n, pid) for n, pid in self._people_options() if pid != person.id]
            screen = TieForm(person.id, shown, others, record)  # no tie to oneself
        elif isinstance(pane, AgendaList):
            assert record is None or isinstance(record, Interest)
            others = [(n, pid) for n, pid in self._people_options() if pid != person.id]
            channels = trusted_channels(self.repo, person.id)  # whom the advice says to ask
            told_by = channels[0].person if channels else None
            screen = InterestForm(person.id, shown, others, record, told_by=told_by)
        else:
            assert record is None or isinstance(record, Trade)
            mine = sorted(
                (i for i in self.repo.interests.values() if i.person == person.id),
                key=lambda i: (-i.priority, i.id),
            )
            options = [(i.text, i.id) for i in mine]
            wanted = next((i.id for i in mine if i.status is InterestStatus.OPEN), None)
            screen = TradeForm(person.id, shown, options, record, answers=wanted)
        what = {TiesList: "tie", AgendaList: "interest", TradeList: "trade"}[type(pane)]
        self.allies.push_screen(screen, lambda r: self._save(r, type(pane), what))

    def _record(self, pane: PaneList[Any], item_id: int) -> Record | None:
        from allies.widgets.agenda_list import AgendaList
        from allies.widgets.ties_list import TiesList
        from allies.widgets.trade_list import TradeList

        table: dict[type[PaneList[Any]], Callable[[], Any]] = {
            TiesList: lambda: self.repo.ties,
            AgendaList: lambda: self.repo.interests,
            TradeList: lambda: self.repo.trades,
        }
        return table[type(pane)]().get(item_id)  # type: ignore[no-any-return]

    def action_add_to_detail(self, pane_id: str) -> None:
        """Add a tie, an interest or a trade for the selected person (the palette's way,
        which needs no knowing which pane has the focus)."""
        if self.selected() is None:
            return
        found = cast("Any", self).query(f"#{pane_id}")
        if found:
            self._form(found.first(), None)

    def on_pane_list_add_requested(self, event: PaneList.AddRequested) -> None:
        event.stop()
        self._form(event.pane, None)

    def on_pane_list_edit_requested(self, event: PaneList.EditRequested) -> None:
        event.stop()
        record = self._record(event.pane, event.item_id)
        if record is not None:
            self._form(event.pane, record)

    def on_pane_list_delete_requested(self, event: PaneList.DeleteRequested) -> None:
        from allies.tui.names import counted
        from allies.tui.screens.modals.confirm import ConfirmScreen

        event.stop()
        record = self._record(event.pane, event.item_id)
        row = event.pane.item
        if record is None or row is None:
            return
        what = {Tie: "tie", Interest: "interest", Trade: "trade"}[type(record)]
        person = self.selected()
        described = event.pane.describe(row).plain
        if person is not None:  # the panes speak from the selected person's side: name them
            name = labels(self.repo.people.values())[person.id]
            described = f"{name} {described}" if what == "tie" else f"{name}: {described}"
        if self.allies.private:
            described = MASK
        refs = self.repo.references(type(record), record.id)
        detached = counted(refs)
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
