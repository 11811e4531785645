"""Issue 20 in the app: crashes, odd dates, a plan changed under it, daylight saving,
closing the terminal. Driven with Pilot, or in a pseudo-terminal where the point is
the process itself (its exit, its output, its signals)."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import stat
import struct
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from allies.store.errors import SaveError
from allies.store.model import Meeting, Stance
from allies.store.repository import Repository
from allies.tui.screens.modals.meeting_form import MeetingForm
from tests.conftest import open_form, saved, until

DRIVER = Path(__file__).with_name("pty_driver.py")
HANG_GUARD = 60.0  # seconds: the old code never ends at all


class Terminal:
    """The planner in a pseudo-terminal (80×24)."""

    def __init__(self, mode: str, plan: Path, env: dict[str, str]) -> None:
        import fcntl
        import termios

        pid, fd = pty.fork()
        if pid == 0:  # the child: the app, as a user starts it (never back into pytest)
            try:
                os.execve(sys.executable, [sys.executable, str(DRIVER), mode, str(plan)], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.output = b""
        self.status: int | None = None

    def read_until(self, needle: bytes) -> bool:
        """Read what the app draws until ``needle`` shows (False if it ended first)."""
        deadline = time.monotonic() + HANG_GUARD
        while needle not in self.output and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the app ended
                    return needle in self.output
                if not chunk:
                    return needle in self.output
                self.output += chunk
        return needle in self.output

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def wait(self) -> int | None:
        """The exit status, or None if it still runs after the guard (then killed)."""
        deadline = time.monotonic() + HANG_GUARD
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        return None


@pytest.fixture
def seeded(plan_path: Path) -> Path:
    with Repository.open(plan_path, title="Plan") as repo:
        repo.add_person("Dana", notes="Private: thinks the CFO is bluffing")
    return plan_path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "TEXTUAL_ANIMATIONS": "none",
    }


# ---------------------------------------------------------------- 4. crash


def test_a_crash_in_the_app_shows_one_line_and_exits_non_zero(
    seeded: Path, env: dict[str, str], tmp_path: Path
) -> None:
    term = Terminal("crash", seeded, env)
    try:
        assert term.read_until(b"Dana"), term.output[-2000:]
        term.send(b"?")
        term.read_until(b"\x00never\x00")  # everything it prints, to its end
    finally:
        code = term.wait()
        os.close(term.fd)
    assert code == 70
    assert b"Traceback" not in term.output and b"bluffing" not in term.output
    assert b"unexpected error (RuntimeError)" in term.output
    (report,) = (tmp_path / "xdg-data" / "allies" / "crashes").iterdir()
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert str(report).encode() in term.output
    text = report.read_text()
    assert "RuntimeError" in text and "bluffing" not in text  # no message, no locals


async def test_a_crash_under_pilot_writes_the_report_and_replaces_textuals_traceback(
    seeded: Path, make_app, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repository.open(seeded)
    app = make_app(repo)

    def boom() -> None:
        raise RuntimeError("Dana thinks the CFO is bluffing")

    monkeypatch.setattr(app, "action_help", boom)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
    repo.close()
    assert app.return_code == 1 and app.crash_report is not None
    shown = capsys.readouterr()
    assert "bluffing" not in shown.err + shown.out and "Traceback" not in shown.err + shown.out
    assert app.crash_notice is not None and str(app.crash_report) in app.crash_notice


# ------------------------------------------------------------ 5. odd dates


@pytest.mark.parametrize("typed", ["+9999y", "9999-12-31 10:00", "0001-01-01"])
async def test_a_date_out_of_range_in_a_form_is_a_message_not_a_crash(
    repo: Repository, make_app, typed: str
) -> None:
    repo.add_person("Lee Chen")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "n", *"Coffee", "tab", *"lee", "enter", "tab", *typed)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)  # the form (and what was typed) stays
        box = app.screen.query_one("#error-start")
        assert "supported" in str(box.render())
    assert not repo.meetings


# ------------------------------------------------ 7. changed under the app


async def test_a_change_after_an_edit_outside_goes_to_a_new_file_and_says_so(
    seeded: Path, make_app
) -> None:
    repo = Repository.open(seeded, backup=False)
    app = make_app(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        data = json.loads(seeded.read_text())
        data["meta"]["1"]["agenda"] = "Edited in a text editor"
        seeded.write_text(json.dumps(data, indent=2))
        edited = seeded.read_bytes()
        await pilot.press("plus")  # Dana's stance up one step
        await pilot.pause()
        await until(  # the save comes a frame after the change
            pilot,
            lambda: any(
                "did not overwrite" in n.message and "conflict" in n.message
                for n in app._notifications
            ),
        )
        person = next(iter(repo.people.values()))
        assert person.stance is not Stance.UNKNOWN  # the change stays on screen
    repo.close()
    assert seeded.read_bytes() == edited
    (copy,) = seeded.parent.glob("plan-conflict-*.json")
    assert next(iter(saved(copy).people.values())).stance is person.stance


# -------------------------------------------------------- 8. closing the terminal


def test_closing_the_terminal_ends_the_app_even_if_its_shutdown_blocks(
    seeded: Path, env: dict[str, str]
) -> None:
    with Repository.open(seeded) as repo:
        dana = next(iter(repo.people.values()))
        repo.set_stance(dana.id, Stance.OPPOSED)
    term = Terminal("blocking-exit", seeded, env)
    try:
        assert term.read_until(b"Dana"), term.output[-2000:]
        term.send(b"+")  # opposed -> skeptical, saved a frame after it shows
        deadline = time.monotonic() + HANG_GUARD
        while b"skeptical" not in seeded.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.05)
        term.send(b"+")  # skeptical -> neutral: pending, or not read yet, when the signal comes
    finally:
        os.close(term.fd)  # the terminal goes away: SIGHUP
    code = term.wait()
    assert code is not None, "still running (and holding the plan's lock)"
    with Repository.open(seeded) as repo:  # the lock went with it; nothing shown was lost
        assert repo.people[dana.id].stance in (Stance.SKEPTICAL, Stance.NEUTRAL)


# ---------------------------------------------------------- 11. daylight saving


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("berlin")
async def test_editing_only_the_title_of_a_meeting_in_the_repeated_hour_keeps_its_time(
    repo: Repository, make_app
) -> None:
    lee = repo.add_person("Lee Chen")
    second = datetime.fromisoformat("2026-10-25T02:30+01:00")  # the second 02:30
    meeting = repo.add(Meeting(id=0, title="Late sync", start=second, attendees=(lee.id,)))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        people = [(lee.id, lee.name, lee.stance)]
        results = await open_form(app, pilot, MeetingForm(meeting, people, now=app.now()))
        title = app.screen.query_one("#title")
        title.focus()
        await pilot.press("end", *" moved?", "enter")
        await pilot.pause()
    (edited,) = results
    assert edited.title == "Late sync moved?"
    assert edited.start == second


@pytest.mark.usefixtures("berlin")
async def test_a_time_in_the_skipped_hour_is_asked_about(repo: Repository, make_app) -> None:
    repo.add_person("Lee Chen")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "n", *"Coffee", "tab", *"lee", "enter", "tab")
        await pilot.press(*"2026-03-29 02:30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        assert "does not exist" in str(app.screen.query_one("#error-start").render())
    assert not repo.meetings


def test_save_error_is_the_base_of_plan_changed() -> None:
    from allies.store.errors import PlanChangedError

    assert issubclass(PlanChangedError, SaveError)


# ------------------------------------------------- 3. escapes in the app


async def test_escapes_in_a_newer_schema_plans_title_never_reach_the_screen(
    seeded: Path, make_app
) -> None:
    from allies.store.model import SCHEMA
    from allies.widgets.pulse_header import PulseHeader

    data = json.loads(seeded.read_text())
    data["meta"]["1"] |= {
        "schema": SCHEMA + 1,
        "title": "\x1b]52;c;SGVsbG8=\x07\x1b]0;pwned\x07Board",
        "agenda": "Win\x1b[2J the budget",
    }
    seeded.write_text(json.dumps(data, indent=2))
    repo = Repository.open(seeded)
    assert repo.read_only  # a newer Allies wrote it
    app = make_app(repo)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one(PulseHeader).title())
        assert "Board" in header and "Win the budget" in header
        assert "\x1b" not in header and "\x07" not in header
    repo.close()


# ---------------------------------------------- 12. a symlinked exports/ folder


async def test_an_export_into_a_symlinked_exports_folder_is_refused(
    seeded: Path, make_app, tmp_path: Path
) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    os.chmod(foreign, 0o755)
    (seeded.parent / "exports").symlink_to(foreign)
    repo = Repository.open(seeded)
    app = make_app(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        app.export_plan("markdown")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("symbolic link" in m for m in messages), messages
    repo.close()
    assert list(foreign.iterdir()) == []
    assert stat.S_IMODE(foreign.stat().st_mode) == 0o755
