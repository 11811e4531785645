"""The command line: version, check, demo, and opening a plan that is locked or broken."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from allies.store.repository import Repository
from allies.tui import cli
from allies.tui.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    from importlib.metadata import version

    assert capsys.readouterr().out.strip() == f"allies {version('allies')}"
    assert cli.version() == version("allies")


def test_check_ok(demo_repo: Repository, plan_path: Path, capsys) -> None:
    assert main(["check", "--db", str(plan_path)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "10 people" in out


def test_check_names_every_problem(plan_path: Path, capsys) -> None:
    plan_path.write_text(
        '{"meta": {"1": {"schema": 1, "title": "T", "agenda": "", "consensus_threshold": 0.6,'
        ' "min_wins_before_group": 1, "last_review": null,'
        ' "created": "2026-01-01T00:00:00+00:00"}},'
        ' "people": {"1": {"name": "A", "role": "", "org": "", "decider": "yes", "stance": "angry",'
        ' "notes": "", "tags": [], "last_contact": null, "created": "2026-01-01T00:00:00+00:00",'
        ' "updated": "2026-01-01T00:00:00+00:00"}}}'
    )
    before = plan_path.read_bytes()
    assert main(["check", "--db", str(plan_path)]) == 1
    out = capsys.readouterr().out
    assert "record 1" in out and "decider" in out
    assert "backups" in out
    assert plan_path.read_bytes() == before


def test_check_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["check", "--db", str(tmp_path / "nope.json")]) == 1
    assert "no plan here" in capsys.readouterr().err


def test_demo_writes_and_never_overwrites(tmp_path: Path, monkeypatch, capsys) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(
        "allies.tui.cli_open.launch", lambda path, read_only=False: opened.append(path) or 0
    )
    target = tmp_path / "demo.json"
    assert main(["demo", "--db", str(target)]) == 0
    assert opened == [target.resolve()]
    with Repository.open(target, read_only=True) as repo:
        assert len(repo.people) >= 8 and repo.meta.title.startswith("Platform team")
    target.write_text("{}")
    assert main(["demo", "--db", str(target)]) == 0  # there already: opened, not refused
    assert opened == [target.resolve(), target.resolve()]
    assert "--force rebuilds it" in capsys.readouterr().err
    assert target.read_text() == "{}"
    assert main(["demo", "--db", str(target), "--force"]) == 0
    with Repository.open(target, read_only=True) as repo:
        assert len(repo.people) >= 8


def test_default_demo_goes_beside_the_plan(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALLIES_DB", str(tmp_path / "plans" / "plan.json"))
    monkeypatch.setattr("allies.tui.cli_open.launch", lambda path, read_only=False: 0)
    assert main(["demo"]) == 0
    assert (tmp_path / "plans" / "demo.json").exists()
    assert not (tmp_path / "plans" / "plan.json").exists()


def test_open_a_locked_plan_says_who_and_suggests_read_only(
    repo: Repository, plan_path: Path, capsys
) -> None:
    assert main(["--db", str(plan_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "open elsewhere" in err and "--read-only" in err
    assert str(__import__("os").getpid()) in err


def test_open_a_corrupt_plan_is_one_line_and_leaves_it(plan_path: Path, capsys) -> None:
    plan_path.write_text('{"meta": {"1": {"schema": 1,')
    before = plan_path.read_bytes()
    assert main(["--db", str(plan_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not valid JSON" in err and "backups" in err
    assert "Traceback" not in err
    assert plan_path.read_bytes() == before


def test_check_does_not_import_textual(demo_repo: Repository, plan_path: Path) -> None:
    code = (
        "import sys; from allies.tui.cli import main; rc = main(['check', '--db', sys.argv[1]]);"
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(plan_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_collector_is_back_on_after_a_command(
    demo_repo: Repository, plan_path: Path, capsys
) -> None:
    """main() rests the garbage collector while it works; an in-process caller gets it back."""
    import gc

    assert gc.isenabled()
    assert main(["check", "--db", str(plan_path)]) == 0
    assert gc.isenabled()
    assert main(["check", "--db", str(plan_path.with_name("missing.json"))]) != 0
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        main(["check", "--db", str(plan_path)])
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "argv", [["--db"], ["--db", "-x"], ["--bogus"], ["--db", "p.json", "extra"]]
)
def test_bad_options_get_the_whole_usage(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.parse_args(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "usage: allies" in err and "COMMAND" in err and "error:" in err


@pytest.mark.parametrize("flag", ["-h", "--help", "--h", "--he"])
def test_help_lists_the_commands_however_it_is_asked(
    flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.parse_args([flag])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in cli.COMMANDS)


def test_the_planner_on_a_pipe_says_what_to_use_instead(
    repo: Repository, tmp_path: Path, capsys
) -> None:
    plan = tmp_path / "other.json"
    assert main(["--db", str(plan)]) == 2  # (pytest's stdin and stdout are not terminals)
    err = capsys.readouterr().err
    assert "needs a terminal" in err and "allies review" in err and err.count("\n") == 1


def test_a_locked_plan_tells_a_writing_command_to_wait_not_to_use_read_only(
    plan_path: Path, capsys
) -> None:
    """``--read-only`` is the planner's option: ``import`` cannot take it."""
    holder = Repository.open(plan_path)
    try:
        csv = plan_path.with_name("people.csv")
        csv.write_text("name,role\nAnn,Clerk\n")
        assert main(["import", str(csv), "--db", str(plan_path)]) == 1
        err = capsys.readouterr().err
        assert "open elsewhere" in err and "allies import' again" in err
        assert "--read-only" not in err
    finally:
        holder.close()
