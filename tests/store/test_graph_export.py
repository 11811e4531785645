"""DOT and Mermaid exports (store/graph_export.py): rendered by Graphviz where present,
checked for structure always; Mermaid node ids valid and labels escaped."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from allies.store.export import render
from allies.store.graph_export import mermaid_text, to_dot, to_mermaid
from allies.store.model import Person, Stance, Tie, TieKind
from allies.store.repository import Repository

HARD_NAMES = ('Lee "the fixer" O\'Neil', "Ops [infra] | {core}", "Zoë 🚀 <b>#1</b>; a\\b", "Dee`x`")


@pytest.fixture
def tricky(repo: Repository) -> Repository:
    ids = [
        repo.add(Person(id=0, name=n, stance=s, decider=i == 0, notes="secret: hates Fridays")).id
        for i, (n, s) in enumerate(
            zip(
                HARD_NAMES,
                (Stance.CHAMPION, Stance.OPPOSED, Stance.UNKNOWN, Stance.NEUTRAL),
                strict=True,
            )
        )
    ]
    repo.add(Tie(id=0, source=ids[1], target=ids[0], kind=TieKind.DEFERS_TO, strength=3))
    repo.add(Tie(id=0, source=ids[2], target=ids[0], kind=TieKind.LISTENS_TO, note="tie secret"))
    repo.add(Tie(id=0, source=ids[0], target=ids[3], kind=TieKind.TRUSTS, strength=2))
    return repo


# ---------------------------------------------------------------- DOT structure

_DOT_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|->|[A-Za-z_][A-Za-z0-9_.]*|[0-9.]+|[{}\[\];,=]|\s+')


def dot_statements(text: str) -> list[list[str]]:
    """A small DOT reader: tokens of each statement of a ``digraph { ... }``.

    Fails on anything a DOT parser would reject here: an unterminated string, a
    stray character, unbalanced brackets or braces.
    """
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        m = _DOT_TOKEN.match(text, pos)
        assert m, f"DOT cannot read {text[pos : pos + 20]!r}"
        if not m.group().isspace():
            tokens.append(m.group())
        pos = m.end()
    assert tokens[:3] == ["digraph", "allies", "{"] and tokens[-1] == "}"
    statements, current, depth = [], [], 0
    for tok in tokens[3:-1]:
        depth += {"[": 1, "]": -1}.get(tok, 0)
        assert depth in (0, 1), "unbalanced brackets"
        if tok == ";" and depth == 0:
            statements.append(current)
            current = []
        else:
            current.append(tok)
    assert not current and depth == 0
    return statements


def test_dot_has_a_node_per_person_and_an_edge_per_tie(tricky: Repository) -> None:
    statements = dot_statements(to_dot(tricky))
    nodes = [s for s in statements if re.fullmatch(r"p\d+", s[0]) and s[1] == "["]
    edges = [s for s in statements if len(s) > 2 and s[1] == "->"]
    assert len(nodes) == 4 and len(edges) == 3
    text = to_dot(tricky)
    assert "style=solid, penwidth=3" in text and "style=dashed" in text and "style=dotted" in text
    assert "shape=box" in text and "shape=octagon" in text  # champion / opposed by shape
    assert "peripheries=2" in text  # the decider
    assert '\\"the fixer\\"' in text  # quotes escaped
    assert "secret" not in text


def test_dot_notes_only_when_asked(tricky: Repository) -> None:
    text = to_dot(tricky, include_notes=True)
    assert "hates Fridays" in text and "tie secret" in text
    dot_statements(text)


@pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's dot is not installed (apt-get install graphviz); the structural check "
    "above still runs",
)
def test_dot_renders_with_graphviz(tricky: Repository, tmp_path) -> None:
    from allies.store.demo import build_demo

    demo = Repository.open(tmp_path / "demo.json", title="Demo")
    build_demo(demo, date(2026, 12, 2))
    for plan in (tricky, demo):
        done = subprocess.run(
            ["dot", "-Tsvg"],
            input=to_dot(plan, include_notes=True).encode(),
            capture_output=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert b"<svg" in done.stdout and b"Warning" not in done.stderr
    demo.close()


# --------------------------------------------------------------------- Mermaid


def test_mermaid_ids_are_plain_and_labels_escaped(tricky: Repository) -> None:
    text = to_mermaid(tricky)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines[1:]:
        node = re.fullmatch(
            r'  (\w+)(\[\[|\(\[|\(|\[/|\{\{|>)"([^"]*)"(\]\]|\]\)|\)|\\\]|\}\}|\])', line
        )
        edge = re.fullmatch(r'  (p\d+) (==>|-->|-\.->)\|"([^"|]*)"\| (p\d+)', line)
        style = re.fullmatch(r"  (classDef \w+ [\w:#,-]+|class (p\d+,?)+ \w+)", line)
        assert node or edge or style, line
        if node:
            assert re.fullmatch(r"p\d+", node.group(1))
            assert not re.search(
                r'[\[\]{}()|"<>`;\\]',
                node.group(3).replace("<br/>", "").replace("#", "").replace(";", ""),
            )
    assert "#quot;the fixer#quot;" not in text  # quotes are numeric codes: #34;
    assert "#34;the fixer#34;" in text
    assert "Ops #91;infra#93; #124; #123;core#125;" in text
    assert "🚀" in text  # emoji kept as typed
    assert "secret" not in text


def test_mermaid_text_round_trips_every_special_character() -> None:
    raw = 'a"b[c]d|e#f;g<h>i{j}k(l)m`n\\o&p*q_r'
    coded = mermaid_text(raw)
    assert re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), coded) == raw
    assert mermaid_text("two\nlines\x1b[31m") == "two lines #91;31m"


def test_export_formats_and_the_briefing_embeds_the_map(demo_repo: Repository) -> None:
    today = date(2026, 12, 2)
    assert render(demo_repo, "dot", today=today).startswith(b"digraph allies {")
    assert render(demo_repo, "mermaid", today=today).startswith(b"flowchart LR")
    briefing = render(demo_repo, "markdown", today=today).decode()
    assert "## Map" in briefing and "```mermaid\nflowchart LR\n" in briefing
