"""Issue 20: the plan's folder is hostile and its text untrusted (store and command line).

Each test fails on the code before the hardening: the attack or odd input it
plants went through, or crashed. Symbolic links are planted as the same user.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from allies.store import storage
from allies.store.dates import parse_datetime, parse_when
from allies.store.errors import (
    AlliesError,
    BadPlanError,
    PlanChangedError,
    SaveError,
    UnsafeFileError,
    ValidationError,
)
from allies.store.model import SCHEMA
from allies.store.plan_file import naive_times
from allies.store.repository import Repository
from allies.store.storage import (
    TMP_PREFIX,
    backups_dir,
    ensure_private_dir,
    is_plan_file,
    lock_path,
    make_backup,
    remove_leftovers,
)
from allies.store.text import clean_output
from allies.tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    with Repository.open(path, title="Plan") as repo:
        repo.add_person("Dana", notes="Private: thinks the CFO is bluffing")
    return path


def conflict_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("plan-conflict-*.json"))


def names_in(path: Path) -> set[str]:
    with Repository.open(path, read_only=True) as repo:
        return {p.name for p in repo.people.values()}


# ------------------------------------------------------- 1. the lock file


@pytest.mark.parametrize("target", ["plan", "other"])
def test_a_symlinked_lock_file_is_refused_and_its_target_left_alone(
    plan: Path, tmp_path: Path, target: str
) -> None:
    victim = plan if target == "plan" else tmp_path / "someone-elses.txt"
    if target == "other":
        victim.write_text("precious")
    before = victim.read_bytes()
    lock_path(plan).unlink()
    lock_path(plan).symlink_to(victim)
    with pytest.raises(UnsafeFileError, match="symbolic link"):
        Repository.open(plan)
    assert victim.read_bytes() == before
    # also through import and demo --force, which lock the plan too
    export = tmp_path / "export.json"
    assert main(["export", "--format", "json", "--db", str(plan), "-o", str(export)]) == 0
    assert main(["import", str(export), "--db", str(plan), "--merge"]) == 1
    from allies.tui.cli_demo import write_demo

    with pytest.raises(UnsafeFileError):
        write_demo(plan, force=True)
    assert victim.read_bytes() == before


def test_a_lock_file_hard_linked_to_the_plan_or_a_fifo_is_refused(plan: Path) -> None:
    before = plan.read_bytes()
    lock_path(plan).unlink()
    os.link(plan, lock_path(plan))
    with pytest.raises(UnsafeFileError, match="hard link"):
        Repository.open(plan)
    assert plan.read_bytes() == before
    lock_path(plan).unlink()
    os.mkfifo(lock_path(plan))
    with pytest.raises(UnsafeFileError, match="FIFO"):
        Repository.open(plan)


# ------------------------------------------------------ 2. the temp file


def test_a_planted_temp_file_symlink_is_never_written_through(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("another user's file")
    # the name the old code used (pid-based), and the first name the new code will draw
    (tmp_path / f"{TMP_PREFIX}plan.json.{os.getpid()}").symlink_to(victim)
    drawn = iter(["aaaaaaaaaaaa", "bbbbbbbbbbbb"])
    monkeypatch.setattr(storage.secrets, "token_hex", lambda n: next(drawn))
    (tmp_path / f"{TMP_PREFIX}plan.json.aaaaaaaaaaaa.tmp").symlink_to(victim)
    with Repository.open(plan, backup=False) as repo:
        repo.add_person("Lee")
    assert victim.read_text() == "another user's file"
    assert not plan.is_symlink() and stat.S_ISREG(plan.lstat().st_mode)
    assert names_in(plan) == {"Dana", "Lee"}


def test_temp_names_are_unpredictable_and_still_cleaned_up(plan: Path, tmp_path: Path) -> None:
    names = {storage._temp_name("plan.json") for _ in range(20)}
    assert len(names) == 20 and all(n.startswith(TMP_PREFIX + "plan.json.") for n in names)
    for name in list(names)[:3]:
        (tmp_path / name).write_text("{")
    removed = remove_leftovers(plan)
    assert len(removed) == 3


# -------------------------------------------------- 3. escapes on output

EVIL = "\x1b]52;c;SGVsbG8=\x07\x1b]0;pwned\x07\x1b[2J\x1b]8;;http://x\x07Board\x1b]8;;\x07"


def newer_plan_with_escapes(path: Path) -> None:
    data = json.loads(path.read_text())
    meta = data["meta"]["1"]
    meta["schema"] = SCHEMA + 1
    meta["title"] = EVIL
    meta["agenda"] = "Win " + EVIL
    path.write_text(json.dumps(data, indent=2))


@pytest.mark.parametrize(
    "command",
    [
        ["review"],
        ["suggest"],
        ["export", "--format", "markdown"],
        ["export", "--format", "ics"],
        ["check"],
    ],
)
def test_escapes_from_a_newer_schema_plan_never_reach_the_terminal(
    plan: Path, capsysbinary: pytest.CaptureFixture[bytes], command: list[str]
) -> None:
    newer_plan_with_escapes(plan)
    assert main([*command, "--db", str(plan)]) == 0
    captured = capsysbinary.readouterr()
    assert b"\x1b" not in captured.out and b"\x07" not in captured.out
    assert b"\x1b" not in captured.err


def test_clean_output_keeps_layout_and_drops_controls() -> None:
    assert clean_output("a\tb\r\nc\n") == "a\tb\r\nc\n"
    assert clean_output("x" + EVIL + "\ry\u202e") == "xBoardy"


# -------------------------------------------------- 4. crash at the command line


def test_a_crash_in_a_command_is_one_line_and_a_private_report(
    plan: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from allies.tui import cli_check

    def boom(args: object) -> int:
        secret = "Dana thinks the CFO is bluffing"
        raise RuntimeError(secret)

    monkeypatch.setattr(cli_check, "run", boom)
    code = main(["check", "--db", str(plan)])
    err = capsys.readouterr().err
    assert code == 70
    assert "Traceback" not in err and "bluffing" not in err and err.count("\n") == 1
    assert "RuntimeError" in err
    (report,) = (Path(os.environ["XDG_DATA_HOME"]) / "allies" / "crashes").iterdir()
    assert str(report) in err
    assert mode(report) == 0o600
    text = report.read_text()
    assert "Traceback" in text and "RuntimeError" in text and "boom" in text
    assert "bluffing" not in text  # neither the error's message nor local variables


# ----------------------------------------------------------- 5. odd dates


@pytest.mark.parametrize("text", ["+9999y", "-9999y", "0001-01-01", "9999-12-31", "+200y"])
def test_dates_outside_the_supported_range_are_refused_by_the_parser(text: str) -> None:
    with pytest.raises(ValidationError, match="supported"):
        parse_when(text)


def test_a_date_out_of_range_is_refused_by_the_model(plan: Path) -> None:
    from datetime import date

    with Repository.open(plan) as repo:
        dana = next(iter(repo.people.values()))
        with pytest.raises(ValidationError, match="supported"):
            repo.update(dana.replace(last_contact=date(9999, 12, 31)))
        assert repo.people[dana.id].last_contact is None


@pytest.mark.parametrize("when", ["9999-12-31T10:00:00+00:00", "0001-01-01T10:00:00+00:00"])
def test_check_reports_a_meeting_out_of_range_and_the_app_refuses_it_clearly(
    plan: Path, capsys: pytest.CaptureFixture[str], when: str
) -> None:
    data = json.loads(plan.read_text())
    data["meetings"]["1"] = {
        "title": "Far",
        "kind": "one_on_one",
        "start": when,
        "minutes": 30,
        "attendees": [1],
        "status": "planned",
        "outcome": "",
        "looked_to": [],
        "created": "2026-01-01T00:00:00+00:00",
        "updated": "2026-01-01T00:00:00+00:00",
    }
    plan.write_text(json.dumps(data, indent=2))
    assert main(["check", "--db", str(plan)]) == 1
    assert "supported" in capsys.readouterr().out
    with pytest.raises(BadPlanError, match="supported"):
        Repository.open(plan)


@pytest.mark.parametrize("today", ["+9999y", "0001-01-01", "9999-12-31"])
def test_today_out_of_range_is_one_clear_line(
    plan: Path, capsys: pytest.CaptureFixture[str], today: str
) -> None:
    for command in ("review", "suggest"):
        assert main([command, "--db", str(plan), "--today", today]) == 1
        err = capsys.readouterr().err
        assert err.startswith("allies: ") and "supported" in err and err.count("\n") == 1


# ------------------------------------------------------ 6. two writers


def test_two_writers_after_the_lock_file_is_removed_lose_no_acknowledged_change(
    plan: Path, tmp_path: Path
) -> None:
    first = Repository.open(plan, backup=False)
    lock_path(plan).unlink()  # "a stale lock": removed by a user
    second = Repository.open(plan, backup=False)  # gets a new lock file
    acknowledged: list[str] = []
    try:
        for i in range(6):
            for label, repo in (("first", first), ("second", second)):
                name = f"{label} {i}"
                try:
                    repo.add_person(name)
                except PlanChangedError as exc:  # saved, but beside the plan: it says where
                    assert exc.saved_to and Path(exc.saved_to).exists()
                except SaveError:
                    continue  # not acknowledged
                acknowledged.append(name)
    finally:
        first.close()
        second.close()
    found = names_in(plan)
    for copy in conflict_copies(tmp_path):
        found |= names_in(copy)
    assert set(acknowledged) <= found
    assert len(acknowledged) == 12
    assert conflict_copies(tmp_path)  # the first writer was diverted, not overwriting


def test_a_replaced_lock_file_is_noticed_before_the_next_save(plan: Path, tmp_path: Path) -> None:
    with Repository.open(plan, backup=False) as repo:
        lock_path(plan).unlink()
        intruder = storage.PlanLock(plan)  # another Allies, on a new lock file
        intruder.acquire()
        try:
            before = plan.read_bytes()
            with pytest.raises(PlanChangedError, match="lock file"):
                repo.add_person("Lee")
            assert plan.read_bytes() == before
        finally:
            intruder.release()
    (copy,) = conflict_copies(tmp_path)
    assert "Lee" in names_in(copy)


def test_a_removed_lock_file_is_taken_again_before_the_next_save(plan: Path) -> None:
    from allies.store.errors import PlanLockedError

    with Repository.open(plan, backup=False) as repo:
        lock_path(plan).unlink()
        repo.add_person("Lee")  # nobody else took the plan: saved, and locked again
        assert lock_path(plan).read_text().split() == [str(os.getpid())]
        with pytest.raises(PlanLockedError):
            Repository.open(plan)
    assert names_in(plan) == {"Dana", "Lee"}


def test_export_onto_a_file_of_the_plans_set_is_refused(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Repository.open(plan) as repo:
        repo.wait_for_backup()
        repo.add_person("Lee")  # changed: the next open backs it up
    Repository.open(plan).close()
    (backup, *_) = sorted(backups_dir(plan).iterdir())
    hard = tmp_path / "hard-link.json"
    os.link(plan, hard)
    soft = tmp_path / "soft-link.json"
    soft.symlink_to(lock_path(plan))
    for target in (plan, lock_path(plan), backup, hard, soft):
        before = target.read_bytes()
        assert is_plan_file(plan, target)
        assert main(["export", "--format", "json", "--db", str(plan), "-o", str(target)]) == 1
        assert "choose another file" in capsys.readouterr().err
        assert target.read_bytes() == before
    with Repository.open(plan, backup=False) as repo:  # changed under it: a conflict copy
        plan.write_text(plan.read_text() + " ")
        with pytest.raises(PlanChangedError):
            repo.add_person("Kim")
    (conflict,) = conflict_copies(tmp_path)
    assert is_plan_file(plan, conflict)
    assert not is_plan_file(plan, tmp_path / "export.json")
    assert not is_plan_file(plan, tmp_path / "plan-old.json")


# --------------------------------------------- 7. changed under the app


def test_a_plan_edited_outside_is_never_overwritten(plan: Path, tmp_path: Path) -> None:
    with Repository.open(plan, backup=False) as repo:
        data = json.loads(plan.read_text())
        data["meta"]["1"]["agenda"] = "Edited in a text editor"
        plan.write_text(json.dumps(data, indent=2))
        edited = plan.read_bytes()
        with pytest.raises(PlanChangedError) as raised:
            repo.add_person("Lee")
        assert "did not overwrite" in str(raised.value)
        assert [p.name for p in repo.people.values()] == ["Dana", "Lee"]  # kept on screen
        assert not repo.pending
        repo.add_person("Kim")  # later changes go to the same copy, never the plan
    assert plan.read_bytes() == edited
    (copy,) = conflict_copies(tmp_path)
    assert names_in(copy) == {"Dana", "Lee", "Kim"}


def test_a_plan_only_touched_outside_is_saved_as_usual(plan: Path, tmp_path: Path) -> None:
    with Repository.open(plan, backup=False) as repo:
        st = plan.stat()
        os.utime(plan, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # same bytes
        repo.add_person("Lee")
        repo.add_person("Kim")
    assert names_in(plan) == {"Dana", "Lee", "Kim"}
    assert not conflict_copies(tmp_path)


# ------------------------------------------------------------- 8. (app)
# SIGHUP is driven in a pseudo-terminal: tests/tui/test_hardening_app.py


# ------------------------------------------- 10. duplicate and odd ids


def test_duplicate_ids_are_reported_and_refused_not_dropped(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = plan.read_text()
    data = json.loads(text)
    person = json.dumps(data["people"]["1"] | {"name": "Hidden twin"})
    # the layout Allies writes, a second record with the same key
    doubled = text.replace(
        '"people": {\n    "1": {', f'"people": {{\n    "1": {person},\n    "1": {{'
    )
    assert doubled != text
    plan.write_text(doubled)
    assert main(["check", "--db", str(plan)]) == 1
    assert "written twice" in capsys.readouterr().out
    with pytest.raises(BadPlanError, match="written twice"):
        Repository.open(plan)
    plan.write_text(
        json.dumps(json.loads(text)).replace('"1": {"name"', '"1": {"name": "x", "name"')
    )
    assert main(["check", "--db", str(plan)]) == 1  # any layout: the slow, exact path


@pytest.mark.parametrize("key", ["01", "\u0661", " 1", "1_0", "+2"])
def test_non_canonical_ids_are_reported_and_refused(
    plan: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    data = json.loads(plan.read_text())
    data["people"][key] = data["people"]["1"] | {"name": "Shadow"}
    plan.write_text(json.dumps(data, indent=2))
    assert main(["check", "--db", str(plan)]) == 1
    assert "should be written" in capsys.readouterr().out
    with pytest.raises(BadPlanError):
        Repository.open(plan)


# ------------------------------------------------------- 11. daylight saving


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("berlin")
def test_a_local_time_that_does_not_exist_or_happens_twice_is_asked_about() -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        parse_datetime("2026-03-29 02:30")
    with pytest.raises(ValidationError, match="happens twice") as twice:
        parse_datetime("2026-10-25 02:30")
    assert "+02:00" in twice.value.message and "+01:00" in twice.value.message
    first = parse_datetime("2026-10-25 02:30+02:00")
    second = parse_datetime("2026-10-25 02:30+01:00")
    assert (second - first).total_seconds() == 3600
    assert parse_datetime("2026-10-25 04:30").utcoffset().total_seconds() == 3600  # type: ignore[union-attr]


@pytest.mark.usefixtures("berlin")
def test_the_meeting_form_text_of_a_repeated_hour_reads_back_exactly() -> None:
    from datetime import datetime

    from allies.store.dates import format_local

    second = datetime.fromisoformat("2026-10-25T02:30+01:00")
    text = format_local(second)
    assert text == "2026-10-25 02:30+01:00"
    assert parse_datetime(text) == second
    assert format_local(datetime.fromisoformat("2026-10-26T02:30+01:00")) == "2026-10-26 02:30"


def test_check_reports_a_start_without_utc_offset(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(plan.read_text())
    data["people"]["1"]["updated"] = "2026-03-29T02:30:00"
    plan.write_text(json.dumps(data, indent=2))
    assert naive_times(data)
    assert main(["check", "--db", str(plan)]) == 1
    assert "no UTC offset" in capsys.readouterr().out


# ------------------------------------------------ 12. symlinked folders


def test_a_symlinked_backups_folder_is_not_followed_nor_its_mode_changed(
    plan: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    os.chmod(foreign, 0o755)
    backups_dir(plan).symlink_to(foreign)
    with Repository.open(plan) as repo:
        repo.add_person("Lee")
        (warning,) = repo.warnings
    assert "No backup" in warning
    assert list(foreign.iterdir()) == []
    assert mode(foreign) == 0o755
    with pytest.raises(SaveError):
        make_backup(plan, plan.read_bytes())
    assert list(foreign.iterdir()) == []
    (foreign / f"{TMP_PREFIX}plan-20260301-091500-123456.json.77").write_text("{")
    remove_leftovers(plan)  # not looked into
    assert len(list(foreign.iterdir())) == 1


def test_a_symlinked_exports_folder_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    os.chmod(foreign, 0o755)
    (tmp_path / "exports").symlink_to(foreign)
    with pytest.raises(UnsafeFileError, match="symbolic link"):
        ensure_private_dir(tmp_path / "exports", refuse_link=True)  # as the app's export does
    ensure_private_dir(tmp_path / "exports")  # elsewhere (a linked settings folder): used,
    assert mode(foreign) == 0o755  # but its mode is never changed through the link


# ------------------------------------------------------ 13. demo --force


def test_demo_force_backs_up_the_plan_it_replaces(plan: Path) -> None:
    from allies.tui.cli_demo import write_demo

    before = plan.read_bytes()
    backup = write_demo(plan, force=True)
    assert backup is not None and backup.read_bytes() == before
    assert backup.parent == backups_dir(plan)
    assert "Dana" not in names_in(plan)


# ------------------------------------------------------------ 14. odd files


def test_a_fifo_as_the_plan_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    for args in (["check"], ["review"]):
        done = subprocess.run(
            [sys.executable, "-m", "allies", *args, "--db", str(fifo)],
            capture_output=True,
            text=True,
            timeout=60,  # the old code waits on the FIFO for ever
            env=env,
            cwd=tmp_path,
        )
        assert done.returncode == 1
        assert "FIFO" in done.stderr and "Traceback" not in done.stderr


def test_a_plan_linked_to_dev_zero_or_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    with pytest.raises(BadPlanError, match="device"):
        Repository.open(zero)
    assert main(["check", "--db", str(zero)]) == 1
    assert "device" in capsys.readouterr().err
    big = tmp_path / "big.json"
    Repository.open(big, title="Big").close()
    monkeypatch.setattr(storage, "MAX_PLAN_BYTES", 100)
    with pytest.raises(BadPlanError, match="too large"):
        Repository.open(big)


def test_an_unchanged_plan_is_backed_up_once(plan: Path) -> None:
    for _ in range(4):
        with Repository.open(plan) as repo:
            repo.wait_for_backup()
    assert len(list(backups_dir(plan).iterdir())) == 1


def test_a_full_disk_at_open_names_the_lock_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.json"

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage.os, "pwrite", no_space)
    with pytest.raises(AlliesError) as raised:
        Repository.open(plan, title="P")
    assert str(lock_path(plan)) in str(raised.value) and "disk is full" in str(raised.value)
    assert not lock_path(plan).exists() and not plan.exists()
