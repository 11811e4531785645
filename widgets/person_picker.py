"""Pick people by typing part of a name: attendees, who the room looked to, and so on.

Data in: the candidates as ``(id, name, stance)`` and the ids already chosen.
Out: :class:`PersonPicker.Changed` with the chosen ids, in the order picked.
Keys, while typing: ``up``/``down`` move among the matches, ``enter`` adds the
highlighted match (or removes it when already chosen), ``backspace`` on an
empty box removes the last person chosen. ``enter`` on an empty box is left to
the form (it saves).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from allies.store.model import Stance
from allies.widgets.form_input import FormInput
from allies.widgets.stance import person_text

MAX_MATCHES = 6


@dataclass(frozen=True)
class Candidate:
    """Someone who can be picked."""

    id: int
    name: str
    stance: Stance


class _NameInput(FormInput):
    """The search box; backspace on an empty box asks to drop the last person."""

    class DropLast(Message):
        """Backspace was pressed with nothing typed."""

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.DropLast())
            return
        super().action_delete_left()


class PersonPicker(Vertical):
    """The people chosen so far, a box to type a name in, and the matches below it."""

    DEFAULT_CSS = """
    PersonPicker { height: auto; }
    PersonPicker > .picker-chosen { height: auto; padding: 0 1; }
    PersonPicker > OptionList {
        display: none; max-height: 8; border: none; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    PersonPicker > OptionList.-open { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
    ]

    class Changed(Message):
        """The chosen people changed."""

        def __init__(self, picker: PersonPicker, selected: tuple[int, ...]) -> None:
            super().__init__()
            self.picker = picker
            self.selected = selected
            """The chosen ids, in the order picked."""

        @property
        def control(self) -> PersonPicker:
            return self.picker

    def __init__(
        self,
        people: Iterable[Candidate | tuple[int, str, Stance]],
        selected: Iterable[int] = (),
        *,
        multiple: bool = True,
        placeholder: str = "Type part of a name, enter adds",
        empty: str = "no one yet",
        colors: Mapping[str, str] | None = None,
        compact: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._people = {
            c.id: c for c in (p if isinstance(p, Candidate) else Candidate(*p) for p in people)
        }
        self._selected = tuple(dict.fromkeys(i for i in selected if i in self._people))
        self.multiple = multiple
        self._placeholder = placeholder
        self._empty = empty
        self._colors = dict(colors) if colors is not None else None
        self._compact = compact

    def compose(self) -> ComposeResult:
        yield Static(classes="picker-chosen")
        yield _NameInput(placeholder=self._placeholder, compact=self._compact)
        matches = OptionList(compact=True)
        matches.can_focus = False
        yield matches

    def on_mount(self) -> None:
        if self._colors is None:
            self._colors = dict(self.app.theme_variables)
        self._show_chosen()

    # ------------------------------------------------------------------ data

    @property
    def selected(self) -> tuple[int, ...]:
        """The chosen ids, in the order picked."""
        return self._selected

    def set_selected(self, ids: Iterable[int]) -> None:
        """Choose these people (unknown ids are ignored)."""
        self._choose(tuple(dict.fromkeys(i for i in ids if i in self._people)))

    @property
    def input(self) -> Input:
        return self.query_one(_NameInput)

    @property
    def matches(self) -> OptionList:
        return self.query_one(OptionList)

    def focus(self, scroll_visible: bool = True) -> PersonPicker:
        self.input.focus(scroll_visible)
        return self

    # --------------------------------------------------------------- drawing

    def _choose(self, ids: tuple[int, ...]) -> None:
        if ids == self._selected:
            return
        self._selected = ids
        if self.is_mounted:
            self._show_chosen()
        self.post_message(self.Changed(self, ids))

    def _show_chosen(self) -> None:
        colors = self._colors or {}
        line = Text()
        for i, pid in enumerate(self._selected):
            if i:
                line.append("  ")
            person = self._people[pid]
            line.append_text(person_text(person.name, person.stance, colors))
        if not self._selected:
            line = Text(self._empty, style="dim")
        self.query_one(".picker-chosen", Static).update(line)

    def _find(self, needle: str) -> list[Candidate]:
        """Matches for ``needle``: names starting with it, then words, then anywhere."""
        needle = needle.casefold()
        found = []
        for person in self._people.values():
            name = person.name.casefold()
            at = name.find(needle)
            if at < 0:
                continue
            rank = 0 if at == 0 else 1 if name[at - 1] in " -'." else 2
            found.append((rank, name, person.id, person))
        found.sort(key=lambda t: t[:3])
        return [person for *_, person in found[:MAX_MATCHES]]

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        matches = self.matches
        needle = event.value.strip()
        found = self._find(needle) if needle else []
        colors = self._colors or {}
        options = []
        for person in found:
            prompt = person_text(person.name, person.stance, colors)
            if person.id in self._selected:
                prompt.append("  ✓ chosen (enter removes)", style="dim")
            options.append(Option(prompt, id=str(person.id)))
        if needle and not found:
            options.append(Option(Text(f"No one matches “{needle}”", style="dim"), disabled=True))
        matches.set_options(options)
        matches.highlighted = 0 if found else None
        matches.set_class(bool(options), "-open")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return  # let the form have it
        event.stop()
        option = self.matches.highlighted_option
        if option is None or option.id is None:
            return
        self._toggle(int(option.id))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._toggle(int(event.option.id))

    def _toggle(self, pid: int) -> None:
        if pid in self._selected:
            self._choose(tuple(i for i in self._selected if i != pid))
        elif self.multiple:
            self._choose((*self._selected, pid))
        else:
            self._choose((pid,))
        self.input.value = ""

    @on(_NameInput.DropLast)
    def _drop_last(self, event: _NameInput.DropLast) -> None:
        event.stop()
        if self._selected:
            self._choose(self._selected[:-1])

    def action_move(self, delta: int) -> None:
        matches = self.matches
        if matches.option_count:
            if delta > 0:
                matches.action_cursor_down()
            else:
                matches.action_cursor_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "move" or self.matches.has_class("-open")
