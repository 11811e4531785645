"""The suggested sequence: the one-on-ones to hold before each group meeting.

Shows what ``suggest_sequence`` proposes, every item ticked; ``space`` unticks
one, ``enter`` accepts the ticked ones, ``escape`` changes nothing. The screen
applies the accepted proposals as one undo step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from allies.store.sequencing import Proposal
from allies.themes import MEETINGS_CSS, CssPaths
from allies.widgets.stance import MASK


def _when(start: datetime) -> str:
    local = start.astimezone()
    return f"{local:%a} {local.day:>2} {local:%b %H:%M}"


def describe(
    proposal: Proposal, meetings: Mapping[int, tuple[str, datetime]], *, private: bool
) -> Text:
    """``Wed  2 Dec 10:00  One-on-one with Margaret  before Budget pre-read (Thu 10 Dec)``."""
    text = Text()
    text.append(_when(proposal.start) + "  ", style="bold")
    if proposal.moves_meeting is not None:
        title, old = meetings.get(proposal.moves_meeting, ("the meeting", proposal.start))
        text.append(f"Move {MASK if private else title} later", style="italic")
        text.append(f"  (was {_when(old).strip()}: not enough days for the one-on-ones)", "dim")
        return text
    text.append(f"One-on-one with {MASK}" if private else proposal.title)
    if proposal.for_meeting is not None and proposal.for_meeting in meetings:
        title, start = meetings[proposal.for_meeting]
        local = start.astimezone()
        text.append(
            f"  before {MASK if private else title} ({local:%a} {local.day} {local:%b})", "dim"
        )
    return text


def why(proposal: Proposal | None, *, private: bool) -> Text:
    """The highlighted proposal's reason, in words (hidden by the privacy screen)."""
    if proposal is None or not proposal.reason:
        return Text()
    if private:
        return Text("why: hidden by the privacy screen", style="dim")
    return Text("why: " + proposal.reason)


class _Proposals(SelectionList[int]):
    """The proposals; enter accepts (instead of toggling), space toggles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.accept", "Accept ticked", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class SequenceScreen(ModalScreen[list[Proposal] | None]):
    """Tick the suggestions to accept; nothing changes until enter."""

    CSS_PATH: ClassVar[CssPaths] = MEETINGS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "accept",
            "Accept ticked",
            tooltip="Accept the ticked suggestions (all, unless you untick some)",
            id="sequence.accept",
        ),
        Binding("space", "tick", "Tick / untick", id="sequence.toggle"),
        Binding("a", "all", "Tick all", tooltip="Tick all, or none", id="sequence.all"),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Cancel: nothing changes", id="sequence.cancel"
        ),
    ]

    def __init__(
        self,
        proposals: Sequence[Proposal],
        meetings: Mapping[int, tuple[str, datetime]],
        *,
        private: bool = False,
    ) -> None:
        super().__init__()
        self.proposals = list(proposals)
        self.meetings = meetings
        self.private = private

    def compose(self) -> ComposeResult:
        n = len(self.proposals)
        with Vertical(classes="modal-box sequence-box"):
            yield Static(Text("Suggested sequence", style="bold"), classes="form-title")
            yield Static(
                Text(
                    f"{n} suggestion{'s' * (n != 1)} that {'fix' if n != 1 else 'fixes'} what"
                    " a group meeting lacks, in the method's order: the first ally, the open,"
                    " then the no's.",
                ),
                id="sequence-intro",
            )
            yield _Proposals(
                *(
                    Selection(describe(p, self.meetings, private=self.private), i, True)
                    for i, p in enumerate(self.proposals)
                ),
                id="sequence-list",
            )
            yield Static(
                why(self.proposals[0] if self.proposals else None, private=self.private),
                id="sequence-why",
            )
            yield Static(
                "enter accepts the ticked · space ticks/unticks · a all/none · escape cancels",
                classes="form-help",
            )

    def on_mount(self) -> None:
        self.query_one(_Proposals).focus()

    @on(SelectionList.SelectionHighlighted, "#sequence-list")
    def _highlighted(self, event: SelectionList.SelectionHighlighted[int]) -> None:
        proposal = self.proposals[event.selection.value]
        self.query_one("#sequence-why", Static).update(why(proposal, private=self.private))

    def chosen(self) -> list[Proposal]:
        """The ticked proposals, in their order."""
        ticked = set(self.query_one(_Proposals).selected)
        return [p for i, p in enumerate(self.proposals) if i in ticked]

    def action_accept(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.notify("Nothing ticked — space ticks a suggestion, escape cancels.", timeout=3)
            return
        self.dismiss(chosen)

    def action_tick(self) -> None:
        self.query_one(_Proposals).action_select()

    def action_all(self) -> None:
        options = self.query_one(_Proposals)
        if len(options.selected) == len(self.proposals):
            options.deselect_all()
        else:
            options.select_all()

    def action_cancel(self) -> None:
        self.dismiss(None)
