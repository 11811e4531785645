"""The selected person's detail: who they are, how to approach them, their ties, agenda and trades.

Data in: :meth:`PersonDetail.show_person` with a :class:`PersonView` the screen
prepared (plain values — no store here). Out: the panes' own messages
(``PaneList.AddRequested`` …, ``TradeList.AdvanceRequested``). The highlighted
row of the focused pane is shown whole below the panes, since the lists cut
long text with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import DescendantBlur, DescendantFocus
from textual.widget import Widget
from textual.widgets import OptionList, Static

from allies.store.model import Person, Stance, TieKind
from allies.widgets.agenda_list import AgendaList, InterestRow
from allies.widgets.pane_list import PaneList
from allies.widgets.stance import CHIEF, DECIDER, MASK, mask, person_text, stance_text
from allies.widgets.ties_list import TieRow, TiesList
from allies.widgets.trade_list import TradeList, TradeRow


@dataclass(frozen=True)
class ChannelView:
    """Someone the person trusts: a way to learn what they want."""

    name: str
    stance: Stance
    is_ally: bool
    last_contact: date | None


@dataclass(frozen=True)
class PersonView:
    """Everything the detail shows of one person (prepared by the screen)."""

    person: Person
    score: float = 0.0
    rank: int = 0
    chief: bool = False
    approach_rank: int | None = None
    """Their place in the approach-next order (None for allies)."""
    reasons: tuple[tuple[str, bool], ...] = ()
    """Approach-next reasons in words, each with True when it names people or plans."""
    channels: tuple[ChannelView, ...] = ()
    """Whom they trust; shown as "ask … what they want" only while ``interest_known`` is False."""
    interest_known: bool = False
    flagged_no: bool = False
    """An opposed or skeptical chief influencer (or decider) with no open trade."""
    beyond_no: str = ""
    """What to do after their no, in words (when ``flagged_no``)."""
    evidence: tuple[str, ...] = ()
    """Why they count as an influencer, in words (who follows them, the room, deciders)."""
    chief_note: str = ""
    """Why someone ranked among the chiefs is not one (the chief rule made visible)."""
    action: str = ""
    """The one next step with them, in words."""
    ties: tuple[TieRow, ...] = ()
    interests: tuple[InterestRow, ...] = ()
    trades: tuple[TradeRow, ...] = ()


def _day(value: date | None) -> str:
    return value.strftime("%d %b") if value else "never"


class PersonDetail(Vertical):
    """Head, approach advice, the three panes and the notes of one person, shown whole."""

    _person_id: int | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll") as scroll:
            scroll.can_focus = False
            yield Static(id="detail-head")
            yield Static(id="detail-approach")
            with Vertical(classes="detail-pane"):
                yield Static("Ties", id="ties-title", classes="pane-title")
                yield TiesList(id="detail-ties")
            with Vertical(classes="detail-pane"):
                yield Static("Agenda", id="agenda-title", classes="pane-title")
                yield AgendaList(id="detail-agenda")
            with Vertical(classes="detail-pane"):
                yield Static("Possible trades", id="trades-title", classes="pane-title")
                yield TradeList(id="detail-trades")
            yield Static(id="detail-notes")
        yield Static(id="detail-item")

    @property
    def panes(self) -> tuple[TiesList, AgendaList, TradeList]:
        return (
            self.query_one(TiesList),
            self.query_one(AgendaList),
            self.query_one(TradeList),
        )

    def show_person(
        self,
        view: PersonView | None,
        *,
        private: bool,
        colors: Mapping[str, str],
        read_only: bool = False,
        select: tuple[str, int] | None = None,
    ) -> None:
        """Show this person (None: nobody selected); ``select`` = (pane id, record id)."""
        head = self.query_one("#detail-head", Static)
        self.query_one("#detail-scroll").set_class(view is None, "-empty")
        if view is None:
            head.update(Text("Select someone to see their ties, agenda and trades.", style="dim"))
            for pane in self.panes:
                pane.show((), private=private, colors=colors, read_only=True)
            self._show_item()
            return
        if view.person.id != self._person_id:  # another person: read them from the top
            self._person_id = view.person.id
            if self._focused_pane() is None:
                self.query_one("#detail-scroll", VerticalScroll).scroll_home(
                    animate=False, immediate=True
                )
        head.update(self._head(view, private, colors))
        self.query_one("#detail-approach", Static).update(self._approach(view, private, colors))
        rows = (view.ties, view.interests, view.trades)
        titles = ("Ties", "Agenda", "Possible trades")
        for pane, pane_rows, title in zip(self.panes, rows, titles, strict=True):
            pick = select[1] if select and select[0] == pane.id else None
            pane.show(pane_rows, private=private, colors=colors, read_only=read_only, select=pick)
            label = self.query_one(f"#{pane.id.removeprefix('detail-')}-title", Static)
            label.update(Text(f"{title} ({len(pane_rows)})" if pane_rows else title))
        person = view.person
        self.query_one("#detail-notes", Static).update(Text(mask(person.notes, private)))
        self._show_item()

    def _head(self, view: PersonView, private: bool, colors: Mapping[str, str]) -> Text:
        person = view.person
        text = Text.assemble((MASK if private else person.name, "bold"))
        if view.chief:
            text.append(f"  {CHIEF} chief influencer", style=colors.get("chief", ""))
        if person.decider:
            text.append(f"  {DECIDER} decider", style="bold")
        why = [e for e in view.evidence if e != "a decider"]
        if view.chief and why and not private:
            text.append(f"\nwhy {CHIEF}: " + "; ".join(why), style="dim")
        elif view.chief_note:
            text.append("\n" + view.chief_note, style="dim")
        role = " · ".join(x for x in (person.role, person.org) if x)
        if role:
            text.append("\n" + mask(role, private), style="dim")
        text.append("\n")
        text.append_text(stance_text(person.stance, colors))
        text.append(f" · influence {view.score:.0f} (#{view.rank})")
        text.append(f" · seen {_day(person.last_contact)}")
        if person.tags:
            text.append("\n" + mask(", ".join(person.tags), private), style="dim")
        return text

    def _approach(self, view: PersonView, private: bool, colors: Mapping[str, str]) -> Text:
        person = view.person
        text = Text()
        if view.approach_rank is None:
            text.append("An ally already", style="bold")
            text.append(" — build on them: who defers to or listens to them?", style="dim")
        else:
            text.append(f"Approach next: #{view.approach_rank}", style="bold")
            if view.action:
                text.append(" — next: " + (MASK if private else view.action))
            shown = [MASK if private and named else reason for reason, named in view.reasons]
            if shown:
                text.append("\n" + "; ".join(shown), style="dim")
        if view.flagged_no:
            text.append(
                "\n⚠ No alternative on the table yet", style=f"bold {colors.get('not-ready', '')}"
            )
            advice = view.beyond_no or "look past the no: learn what they want, then offer a trade"
            text.append(" — " + (MASK if private else advice), style="dim")
        if view.interest_known:
            pass  # what they want is known: the reasons above say it and what to offer
        elif view.channels:
            first, *others = view.channels
            text.append("\nAsk ")
            text.append_text(person_text(first.name, first.stance, colors, private=private))
            text.append(" what ")
            text.append(MASK if private else person.name)
            text.append(" wants", style="")
            text.append(self._channel_note(first), style="dim")
            for other in others:
                text.append("\n  or ")
                text.append_text(person_text(other.name, other.stance, colors, private=private))
                text.append(self._channel_note(other), style="dim")
        else:
            who = MASK if private else person.name
            text.append(
                f"\nNo one {who} trusts is recorded — add a tie '{who} trusts …' "
                "(Ties: n, relation 'trusts') to find whom to ask.",
                style="dim",
            )
            if any(t.kind is TieKind.TRUSTS and not t.outgoing for t in view.ties):
                text.append(
                    f" ('trusted by' runs the other way: those people trust {who}.)", style="dim"
                )
        return text

    @staticmethod
    def _channel_note(channel: ChannelView) -> str:
        ally = "ally, " if channel.is_ally else ""
        return f" ({ally}seen {_day(channel.last_contact)})"

    # ------------------------------------------------- the focused row, whole

    def _focused_pane(self) -> PaneList[object] | None:
        focused = self.screen.focused if self.is_mounted else None
        return focused if isinstance(focused, PaneList) and focused in self.panes else None

    def _show_item(self) -> None:
        box = self.query_one("#detail-item", Static)
        pane = self._focused_pane()
        row = pane.item if pane is not None else None
        box.display = row is not None
        if pane is not None and row is not None:
            box.update(pane.describe(row))
        if pane is not None:  # after the line took its room: keep the focused pane in view
            self.call_after_refresh(self._scroll_to, pane)

    def _scroll_to(self, pane: PaneList[object]) -> None:
        """Scroll the focused pane into view, with its title when both fit."""
        scroll = self.query_one("#detail-scroll", VerticalScroll)
        box = pane.parent if isinstance(pane.parent, Widget) else pane
        fits = box.outer_size.height <= scroll.scrollable_content_region.height
        scroll.scroll_to_widget(box if fits else pane, animate=False, immediate=True)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._show_item()

    @on(DescendantFocus)
    @on(DescendantBlur)
    def _focus_moved(self) -> None:
        self.call_after_refresh(self._show_item)
