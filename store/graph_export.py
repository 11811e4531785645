"""The plan's network as a graph for other tools: Graphviz DOT and a Mermaid flowchart.

Nodes are people, shaped and coloured by stance (the shape alone tells the
stance, for readers without colour), with chief influencers and deciders
marked; edges are ties, styled by kind (defers to: solid, listens to: dashed,
trusts: dotted) and as wide as they are strong. People's notes and ties'
notes are private: they appear only with ``include_notes``.

Every label is user text made safe for its format: DOT strings escape quotes
and backslashes; Mermaid labels are quoted, with the characters Mermaid reads
(quotes, brackets, ``|``, ``#``, ``;``, angle brackets…) written as entity
codes, so a name like ``Lee "the fixer" [ops] | team`` shows as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from allies.store.influence import Plan, chief_influencers
from allies.store.model import Person, Stance, TieKind

# Stance → (DOT shape, fill colour, border colour): blue for, orange against, as in the app.
DOT_STANCE: Mapping[Stance, tuple[str, str, str]] = {
    Stance.CHAMPION: ("box", "#4ea1ff", "#0b57b8"),
    Stance.SUPPORTIVE: ("house", "#a9d4ff", "#2f7fd6"),
    Stance.NEUTRAL: ("ellipse", "#e0e0e0", "#505050"),
    Stance.SKEPTICAL: ("invhouse", "#ffd39a", "#b35c00"),
    Stance.OPPOSED: ("octagon", "#ffab8a", "#c2410c"),
    Stance.UNKNOWN: ("ellipse", "#ffffff", "#7a7a7a"),
}
DOT_KIND: Mapping[TieKind, str] = {
    TieKind.DEFERS_TO: "solid",
    TieKind.LISTENS_TO: "dashed",
    TieKind.TRUSTS: "dotted",
}
KIND_WORDS: Mapping[TieKind, str] = {
    TieKind.DEFERS_TO: "defers to",
    TieKind.LISTENS_TO: "listens to",
    TieKind.TRUSTS: "trusts",
}
# Stance → Mermaid node shape (opening, closing): the shape tells the stance.
MERMAID_SHAPE: Mapping[Stance, tuple[str, str]] = {
    Stance.CHAMPION: ("[[", "]]"),
    Stance.SUPPORTIVE: ("([", "])"),
    Stance.NEUTRAL: ("(", ")"),
    Stance.SKEPTICAL: ("[/", "\\]"),
    Stance.OPPOSED: ("{{", "}}"),
    Stance.UNKNOWN: (">", "]"),
}
MERMAID_ARROW: Mapping[TieKind, str] = {
    TieKind.DEFERS_TO: "==>",
    TieKind.LISTENS_TO: "-->",
    TieKind.TRUSTS: "-.->",
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _plain(text: str) -> str:
    """One line of text: control characters (newlines, escapes) become spaces."""
    return _CONTROL.sub(" ", text).strip()


def node_id(person_id: int) -> str:
    """A node id both formats accept: letters and digits only."""
    return f"p{person_id}"


def _marks(person: Person, chiefs: set[int]) -> str:
    marks = []
    if person.id in chiefs:
        marks.append("chief influencer")
    if person.decider:
        marks.append("decider")
    return ", ".join(marks)


# ------------------------------------------------------------------- DOT


def dot_string(text: str) -> str:
    """A DOT double-quoted string holding ``text`` literally."""
    return '"' + _plain(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(lines: list[str]) -> str:
    """A multi-line DOT label: each line escaped, joined by DOT's centred line break."""
    escaped = [dot_string(line)[1:-1] for line in lines if line]
    return '"' + "\\n".join(escaped) + '"'


def to_dot(plan: Plan, *, include_notes: bool = False) -> str:
    """The network as a Graphviz digraph (render with ``dot -Tsvg``)."""
    chiefs = set(chief_influencers(plan))
    people = plan.people
    out = [
        "digraph allies {",
        f"  graph [label={dot_string(plan.meta.title)}, labelloc=t, rankdir=LR,"
        ' fontname="Helvetica"];',
        '  node [style=filled, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for person in sorted(people.values(), key=lambda p: p.id):
        shape, fill, border = DOT_STANCE[person.stance]
        lines = [person.name, f"{person.stance.symbol} {person.stance.label}"]
        lines.append(_marks(person, chiefs))
        if include_notes and person.notes:
            lines.append(person.notes)
        attrs = [
            f"label={_dot_label(lines)}",
            f"shape={shape}",
            f'fillcolor="{fill}"',
            f'color="{border}"',
        ]
        if person.stance is Stance.UNKNOWN:
            attrs.append('style="filled,dashed"')
        if person.id in chiefs:
            attrs.append("penwidth=3")
        if person.decider:
            attrs.append("peripheries=2")
        out.append(f"  {node_id(person.id)} [{', '.join(attrs)}];")
    for tie in sorted(plan.ties.values(), key=lambda t: t.id):
        if tie.source not in people or tie.target not in people or tie.source == tie.target:
            continue
        label = KIND_WORDS[tie.kind]
        if include_notes and tie.note:
            label = f"{label}: {tie.note}"
        attrs = [
            f"label={dot_string(label)}",
            f"style={DOT_KIND[tie.kind]}",
            f"penwidth={tie.strength}",
        ]
        out.append(f"  {node_id(tie.source)} -> {node_id(tie.target)} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------- Mermaid

# Characters Mermaid (or the Markdown around it) reads in a label; written as entity
# codes (#<decimal>;), which Mermaid shows as the character.
_MERMAID_SPECIAL = re.compile(r'[#"&<>\[\]{}()|;`\\*_]')


def mermaid_text(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label: Mermaid's own characters as entity codes."""
    return _MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group())};", _plain(text))


def to_mermaid(plan: Plan, *, include_notes: bool = False) -> str:
    """The network as a Mermaid ``flowchart`` (Markdown viewers draw it)."""
    chiefs = set(chief_influencers(plan))
    people = plan.people
    out = ["flowchart LR"]
    ordered = sorted(people.values(), key=lambda p: p.id)
    for person in ordered:
        opening, closing = MERMAID_SHAPE[person.stance]
        lines = [f"{person.stance.symbol} {person.name}", person.stance.label]
        lines.append(_marks(person, chiefs))
        if include_notes and person.notes:
            lines.append(person.notes)
        label = "<br/>".join(mermaid_text(line) for line in lines if line)
        out.append(f'  {node_id(person.id)}{opening}"{label}"{closing}')
    for tie in sorted(plan.ties.values(), key=lambda t: t.id):
        if tie.source not in people or tie.target not in people or tie.source == tie.target:
            continue
        words = KIND_WORDS[tie.kind] + " " + "●" * tie.strength
        arrow = MERMAID_ARROW[tie.kind]
        out.append(f'  {node_id(tie.source)} {arrow}|"{words}"| {node_id(tie.target)}')
    for stance in Stance:
        members = [node_id(p.id) for p in ordered if p.stance is stance]
        if members:
            _shape, fill, border = DOT_STANCE[stance]
            out.append(f"  classDef {stance.value} fill:{fill},stroke:{border},color:#111")
            out.append(f"  class {','.join(members)} {stance.value}")
    chief_ids = [node_id(c) for c in sorted(chiefs) if c in people]
    if chief_ids:
        out.append("  classDef chief stroke-width:4px")
        out.append(f"  class {','.join(chief_ids)} chief")
    return "\n".join(out) + "\n"


def markdown_map(plan: Plan) -> list[str]:
    """The briefing's map section: the Mermaid graph in a fenced block (never the notes)."""
    if not plan.people:
        return []
    legend = (
        "Shapes by stance: ★ champion (subroutine box), ▲ supportive (stadium), ● neutral "
        "(rounded), ▼ skeptical (trapezoid), ✖ opposed (hexagon), ? unknown (flag). "
        "Arrows: ⇒ defers to, → listens to, ⇢ trusts; dots give the strength."
    )
    return ["## Map", "", legend, "", "```mermaid", to_mermaid(plan).rstrip(), "```", ""]


def render_graph(plan: Plan, fmt: str, *, include_notes: bool = False) -> bytes:
    """``dot`` or ``mermaid`` as bytes."""
    if fmt == "dot":
        return to_dot(plan, include_notes=include_notes).encode()
    return to_mermaid(plan, include_notes=include_notes).encode()
