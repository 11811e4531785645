"""Add or edit a tie of the selected person: the relation in words (either way), whom, strength."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from allies.store.errors import ValidationError
from allies.store.model import Tie, TieKind
from allies.tui.screens.modals.form import FormScreen
from allies.widgets.form_input import FormInput
from allies.widgets.form_select import FormSelect

# (kind, outgoing) in the order offered; the words say it from the selected person's side.
RELATIONS: tuple[tuple[TieKind, bool], ...] = (
    (TieKind.DEFERS_TO, True),
    (TieKind.LISTENS_TO, True),
    (TieKind.TRUSTS, True),
    (TieKind.DEFERS_TO, False),
    (TieKind.LISTENS_TO, False),
    (TieKind.TRUSTS, False),
)
RELATION_WORDS = {
    (TieKind.DEFERS_TO, True): "defers to … (follows their lead)",
    (TieKind.LISTENS_TO, True): "listens to … (… has their ear)",
    (TieKind.TRUSTS, True): "trusts … (… can tell you what they want)",
    (TieKind.DEFERS_TO, False): "is deferred to by …",
    (TieKind.LISTENS_TO, False): "has the ear of … (… listens to them)",
    (TieKind.TRUSTS, False): "is trusted by …",
}
STRENGTHS = [("3 — strong", 3), ("2 — medium", 2), ("1 — weak", 1)]


class TieForm(FormScreen[Tie]):
    """The selected person's side of a tie; returns the Tie to store (source → target)."""

    def __init__(
        self,
        person_id: int,
        person_name: str,
        people: Sequence[tuple[str, int]],
        tie: Tie | None = None,
    ) -> None:
        super().__init__()
        self.person_id = person_id
        self.people = [(Text(name), pid) for name, pid in people]  # names are literal
        self.tie = tie
        self.heading = f"Edit a tie of {person_name}" if tie else f"New tie: {person_name} …"

    def compose_fields(self) -> ComposeResult:
        tie = self.tie
        relation: tuple[TieKind, bool] = (TieKind.DEFERS_TO, True)
        other: int | None = None
        if tie is not None:
            outgoing = tie.source == self.person_id
            relation = (tie.kind, outgoing)
            other = tie.target if outgoing else tie.source
        options = [(RELATION_WORDS[r], RELATIONS.index(r)) for r in RELATIONS]
        yield from self.field(
            "Relation",
            FormSelect(options, value=RELATIONS.index(relation), allow_blank=False, id="relation"),
            "kind",
        )
        people = FormSelect(
            self.people,
            prompt="Space, then type part of a name",
            value=other if other is not None else Select.NULL,
            type_to_search=True,
            id="other",
        )
        yield from self.field("Who", people, "target")
        strength = tie.strength if tie else 2
        yield from self.field(
            "Strength",
            FormSelect(STRENGTHS, value=strength, allow_blank=False, id="strength"),
            "strength",
        )
        yield from self.field("Note", FormInput(tie.note if tie else "", id="note"), "note")

    def on_mount(self) -> None:
        self.query_one("#relation", Select).focus()

    def build(self) -> Tie:
        index = self.query_one("#relation", Select).value
        kind, outgoing = RELATIONS[index if isinstance(index, int) else 0]
        other = self.query_one("#other", Select).value
        if not isinstance(other, int):
            raise ValidationError("target", "Pick the other person (space, then type a name)")
        strength = self.query_one("#strength", Select).value
        source, target = (self.person_id, other) if outgoing else (other, self.person_id)
        base = self.tie or Tie(id=0, source=source, target=target, kind=kind)
        tie = base.replace(
            source=source,
            target=target,
            kind=kind,
            strength=strength if isinstance(strength, int) else 2,
            note=self.query_one("#note", Input).value,
        )
        return tie.validate()
