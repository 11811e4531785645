"""``allies export --format dot|mermaid`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from allies.store.repository import Repository
from allies.tui.cli import main
from tests.fixtures.sample_plan import build_sample


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    with Repository.open(path, title="Budget push") as repo:
        build_sample(repo)
    return path


@pytest.mark.parametrize(
    ("fmt", "start"), [("dot", "digraph allies {"), ("mermaid", "flowchart LR")]
)
def test_graph_formats_to_stdout(
    fmt: str, start: str, plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", fmt, "--db", str(plan)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(start)
    assert "SECRET" not in out  # notes stay out unless asked
    assert main(["export", "--format", fmt, "--db", str(plan), "--include-notes"]) == 0
    assert "SECRET" in capsys.readouterr().out
