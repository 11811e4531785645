"""The People view: the influencer table beside the selected person's detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from allies.store.model import Person
from allies.tui.screens.base import PlanScreen
from allies.tui.screens.detail_actions import DetailActions
from allies.tui.search import fold, people_text
from allies.widgets.influencer_table import InfluencerTable, PersonRow

if TYPE_CHECKING:
    from allies.tui.screens.people_detail import DetailIndex
    from allies.widgets.person_detail import PersonDetail

DETAIL_DELAY = 0.06  # seconds the cursor rests before the detail is redrawn
SORTS = ("rank", "name", "stance", "contact")


class PeopleScreen(DetailActions, PlanScreen):
    """Master–detail: who shapes the decision, and what each of them wants.

    ``tab`` / ``shift+tab`` move between the table and the detail's panes (ties,
    agenda, trades); each pane has its own n / e / d (see ``DetailActions``).
    """

    VIEW_NAME = "People"
    AUTO_FOCUS = "#people-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,a", "new", "New", id="people.new"),
        Binding("e", "edit", "Edit", id="people.edit"),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete (confirmed; says what is detached)",
            id="people.delete",
        ),
        Binding(
            "plus,equals_sign",
            "stance(1)",
            "Stance",
            key_display="+/-",
            tooltip="Move their stance up one step (- moves it down)",
            id="people.up",
        ),
        Binding(
            "minus",
            "stance(-1)",
            "Stance −",
            show=False,
            tooltip="Move their stance down one step",
            id="people.down",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter by any word: name, role, organisation, tag, notes, interests, trades",
            id="people.filter",
        ),
        Binding(
            "o",
            "sort",
            "Sort",
            show=False,
            tooltip="Sort by rank, name, stance, last contact",
            id="people.sort",
        ),
        Binding("c", "copy_brief", "Copy brief", show=False, id="people.copy"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="people.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = "rank"
        self.filter_text = ""
        self._index: DetailIndex | None = None
        self._detail_timer: Timer | None = None
        self._detail_mounted = False
        self._shown_person: int | None = None

    def compose_body(self) -> ComposeResult:
        # Side by side (stacked when narrow) by the screen's own layout: one container
        # fewer to compose, style and paint before the first screen.
        with Vertical(id="people-master"):
            yield InfluencerTable(id="people-table")
            yield Static(id="people-empty")
        # The detail is drawn just after the first screen (see on_mount): the table
        # is what the user reads and moves in first, and it shows sooner alone.
        yield Vertical(id="people-detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.app.call_later(self._after_start)

    def _after_start(self) -> None:
        """Draw the table, then the detail.

        The app runs its queue only once start-up is over; until then Textual draws
        nothing on the terminal, so the detail mounted earlier would hold back the
        first screen. From here a refresh reaches the terminal, then the detail comes.
        """
        self.refresh()
        self.call_after_refresh(self._mount_detail)

    async def _mount_detail(self) -> None:
        from allies.widgets.person_detail import PersonDetail

        self.allies.views.read_css()  # the detail's CSS (and the other views'), before it
        await self.query_one("#people-detail").mount(PersonDetail(id="detail"))
        self._detail_mounted = True
        self.show_detail_now()

    @property
    def detail(self) -> PersonDetail | None:
        """The detail of the highlighted person (None until it is drawn)."""
        if not self._detail_mounted:  # in the DOM before its panes: a change now would crash
            return None
        # By id: importing the detail's widgets would cost the first screen ~10 ms.
        found = self.query("#detail")
        return cast("PersonDetail", found.first()) if found else None

    @property
    def table(self) -> InfluencerTable:
        return self.query_one(InfluencerTable)

    def selected(self) -> Person | None:
        pid = self.table.person_id
        return self.repo.people.get(pid) if pid is not None else None

    # ---------------------------------------------------------------- drawing

    def refresh_body(self, select: int | None = None) -> None:
        from allies.store.analysis import analysis_for

        analysis = analysis_for(self.repo, self.allies.now())
        chiefs = set(analysis.chiefs)
        rows = []
        needle = fold(self.filter_text.strip())
        found = people_text(self.repo) if needle else {}
        for p in self.repo.people.values():
            if needle and needle not in found.get(p.id, ""):
                continue
            inf = analysis.scores.get(p.id)
            rows.append(
                PersonRow(
                    id=p.id,
                    name=p.name,
                    role=p.role,
                    decider=p.decider,
                    stance=p.stance,
                    score=inf.score if inf else 0.0,
                    rank=inf.rank if inf else 0,
                    chief=p.id in chiefs,
                    last_contact=p.last_contact,
                )
            )
        rows.sort(key=self._sort_key)
        table = self.table
        table.show(
            rows, private=self.allies.private, colors=self.app.theme_variables, select=select
        )
        empty = self.query_one("#people-empty", Static)
        if not self.repo.people:
            empty.update(
                "No influencers yet — press n to add the first person who shapes this decision."
            )
        elif not rows:
            empty.update(Text(f"No one matches “{self.filter_text}” — escape clears the filter."))
        empty.display = not rows
        table.display = bool(rows)
        if self._index is None:
            self.show_detail()
        else:  # after a change: the table first, the detail in the next moment
            self._detail_later()

    def _sort_key(self, row: PersonRow) -> tuple[object, ...]:
        if self.sort == "name":
            return (row.name.casefold(), row.id)
        if self.sort == "stance":
            score = row.stance.score
            return (-(score if score is not None else -3), row.rank)
        if self.sort == "contact":
            return (row.last_contact.toordinal() if row.last_contact else 0, row.rank)
        return (row.rank, row.id)

    def show_detail(self, select: tuple[str, int] | None = None) -> None:
        """Show the highlighted person's detail; ``select`` = (pane id, record id) to highlight."""
        if self._detail_timer is not None:  # drawing now: a pending redraw is moot
            self._detail_timer.stop()
            self._detail_timer = None
        detail = self.detail
        if detail is None:
            return  # drawn with the highlighted person once mounted
        from allies.store.analysis import analysis_for
        from allies.tui.screens.people_detail import DetailIndex, person_view

        person = self.selected()
        self._shown_person = person.id if person is not None else None
        view = None
        if person is not None:
            analysis = analysis_for(self.repo, self.allies.now())
            if self._index is None or self._index.key != DetailIndex.key_of(self.repo):
                self._index = DetailIndex(self.repo, analysis)
            view = person_view(self.repo, analysis, self._index, person.id)
        detail.show_person(
            view,
            private=self.allies.private,
            colors=self.app.theme_variables,
            read_only=self.repo.read_only,
            select=select,
        )

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """Focus a widget; a detail pane is scrolled into view by the detail (title included)."""
        from allies.widgets.pane_list import PaneList

        if isinstance(widget, PaneList):
            scroll_visible = False  # Textual's own (animated) centring would race the detail's
        super().set_focus(widget, scroll_visible, from_app_focus)

    @on(InfluencerTable.Highlighted, "#people-table")
    def _highlighted(self) -> None:
        """Paint the cursor move at once; the detail follows when the cursor rests.

        Redrawing the detail (ties, agenda, trades) costs far more than moving the
        cursor, so a held key scrolls the table smoothly and the detail catches up
        DETAIL_DELAY after the last move.
        """
        if self._index is None:  # the first person shown: at once, with the table
            self.show_detail()
            return
        if self.table.person_id == self._shown_person:
            return  # already shown (a jump, or a redraw that kept the cursor)
        self._detail_later()

    def _detail_later(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self._show_due_detail)

    def _show_due_detail(self) -> None:
        self._detail_timer = None
        self.show_detail()

    def show_detail_now(self) -> None:
        """Redraw the detail at once (after a jump), dropping a pending delayed redraw."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        self.show_detail()

    @on(InfluencerTable.Selected, "#people-table")
    def _selected(self) -> None:
        self.action_edit()

    # ---------------------------------------------------------------- actions

    def action_new(self) -> None:
        from allies.tui.screens.modals.person_form import PersonForm

        def saved(person: Person | None) -> None:
            if person is None:
                return

            def add() -> Person:
                return self.repo.add_person(
                    person.name,
                    role=person.role,
                    org=person.org,
                    decider=person.decider,
                    stance=person.stance,
                    notes=person.notes,
                    tags=person.tags,
                    last_contact=person.last_contact,
                    email=person.email,
                )

            added = self.allies.change(add, done=f"Added {person.name}")
            if added is not None:
                self.refresh_body(select=added.id)
                self._warn_same_name(added)

        self.app.push_screen(PersonForm(None, today=self.allies.today()), saved)

    def _warn_same_name(self, person: Person) -> None:
        from allies.tui.names import same_name_warning

        warning = same_name_warning(person, self.repo.people.values())
        if warning is not None:
            self.notify(warning, title="Same name", severity="warning", timeout=8)

    def action_edit(self) -> None:
        from allies.tui.screens.modals.person_form import PersonForm

        person = self.selected()
        if person is None:
            self.notify("No one selected — press n to add a person.", timeout=3)
            return

        def saved(edited: Person | None) -> None:
            if edited is not None:
                done = self.allies.change(lambda: self.repo.update_person(edited), done="Saved")
                if done is not None and edited.name != person.name:
                    self._warn_same_name(edited)

        self.app.push_screen(PersonForm(person, today=self.allies.today()), saved)

    def action_delete(self) -> None:
        from allies.tui.names import counted
        from allies.tui.screens.modals.confirm import ConfirmScreen

        person = self.selected()
        if person is None:
            return
        refs = self.repo.references(Person, person.id)
        what = counted(refs)
        detail = f"This also detaches them from: {what}." if what else "Nothing refers to them."
        alone = sum(1 for m in self.repo.meetings.values() if m.attendees == (person.id,))
        if alone:
            many = f"{alone} one-on-one meetings" if alone > 1 else "one-on-one meeting"
            detail += f" Their {many} will be deleted with them."
        name = "this person" if self.allies.private else person.name

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.allies.change(
                    lambda: self.repo.delete(Person, person.id, label=f"delete {person.name}"),
                    done="Deleted — u undoes",
                )

        self.app.push_screen(
            ConfirmScreen(f"Delete {name}?", f"{detail} You can undo with u.", danger=True),
            confirmed,
        )

    def action_copy_brief(self) -> None:
        """The selected person's brief, as text, to the clipboard (never while masked)."""
        from allies.store.analysis import analysis_for
        from allies.tui.screens.people_detail import DetailIndex, brief_text, person_view

        person = self.selected()
        if person is None:
            return
        if self.allies.private:
            self.notify("The privacy screen is on: nothing is copied.", timeout=3)
            return
        analysis = analysis_for(self.repo)
        view = person_view(self.repo, analysis, DetailIndex(self.repo, analysis), person.id)
        self.app.copy_to_clipboard(brief_text(view))
        self.notify(f"Copied {person.name}'s brief to the clipboard.", timeout=3)

    def action_stance(self, delta: int) -> None:
        self.step_stance(self.selected(), delta)

    async def action_filter(self) -> None:
        box = self._filter_box()
        if box is None:  # made on first use: one widget less on the first screen
            box = Input(placeholder="Filter people…  (escape clears)", id="people-filter")
            await self.query_one("#people-master").mount(box, before=0)
        box.add_class("-open")
        box.focus()

    def _filter_box(self) -> Input | None:
        found = self.query("#people-filter")
        return found.first(Input) if found else None

    def action_clear_filter(self) -> None:
        box = self._filter_box()
        if box is None:
            return
        if self.filter_text or box.has_class("-open"):
            box.value = ""
            box.remove_class("-open")
            self.filter_text = ""
            self.refresh_body()
            self.table.focus()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.notify(f"Sorted by {self.sort}", timeout=2)
        self.refresh_body()

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refresh_body()

    @on(Input.Submitted, "#people-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def select_person(self, person_id: int) -> None:
        """Put the cursor on this person (clearing a filter that hides them)."""
        if self.filter_text:
            self.action_clear_filter()
        self.refresh_body(select=person_id)
        self.show_detail_now()
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete", "stance") and self.selected() is None:
            return None
        if action in ("new", "edit", "delete", "stance") and self.repo.read_only:
            return None
        return True
