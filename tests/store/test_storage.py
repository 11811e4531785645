"""Storage promises of DESIGN §9: crash-safe saves, privacy, one writer, backups."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from allies.store import storage
from allies.store.crypto import ProtectionError, read_key
from allies.store.errors import PlanLockedError, SaveError
from allies.store.model import Person
from allies.store.plan_file import load
from allies.store.protection import protect
from allies.store.repository import Repository
from allies.store.storage import BACKUPS_KEPT, TMP_PREFIX, backups_dir, lock_path

ROOT = Path(__file__).resolve().parents[2]
CRASH_WRITER = Path(__file__).with_name("crash_writer.py")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """Run under the usual umask, so any private mode comes from the app itself."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# ------------------------------------------------------------------- crash test

CRASH_TRIALS = 300
CRASH_PASSPHRASE = "crash test passphrase"


@pytest.mark.parametrize("protected", [False, True], ids=["plain", "protected"])
def test_killed_mid_save_never_tears_or_loses_an_acknowledged_save(
    tmp_path: Path, protected: bool
) -> None:
    """SIGKILL a writer at random moments: the file always parses and holds the last ack.

    On a protected plan the same holds of the encrypted file: it always decrypts
    (authenticated) to a whole plan.

    Three trials in four time the kill from the writer's first acknowledged save, so
    they all hit the save loop; the fourth times it from the writer's start, so kills
    also land while it opens the plan and writes its backup. An in-place writer (as
    TinyDB's JSONStorage is) fails this test within a few trials.
    """
    plan = tmp_path / "plan.json"
    with Repository.open(plan, title="Crash", agenda="save 0") as repo, repo.transaction("seed"):
        for i in range(40):  # about 60 KB: a save spans many pages
            repo.add_person(f"Person {i}", notes=f"Notes on person {i}. " * 70)
    env = dict(os.environ)
    key = None
    if protected:
        protect(plan, CRASH_PASSPHRASE)
        key = read_key(plan, CRASH_PASSPHRASE)
        env["ALLIES_CRASH_PASSPHRASE"] = CRASH_PASSPHRASE
    server = subprocess.Popen(
        [sys.executable, str(CRASH_WRITER), str(plan)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(20260601)
    trials = total_acks = acked_trials = after_ack_trials = 0
    unparseable: list[str] = []
    lost = phantom = in_flight_landed = killed_with_tmp = 0
    on_disk = 0  # the save counter the file holds
    try:
        assert server.stdout.readline().strip() == "ready"
        for trial in range(CRASH_TRIALS):
            start = "fork" if trial % 4 == 3 else "ack"
            after_ack_trials += start == "ack"
            server.stdin.write(f"run {rng.uniform(0, 30):.3f} {start}\n")
            server.stdin.flush()
            acks: list[int] = []
            while True:
                line = server.stdout.readline()
                assert line, "the crash writer died"
                word, _, arg = line.strip().partition(" ")
                assert word != "error", arg
                if word == "ack":
                    acks.append(int(arg))
                elif word == "done":
                    assert arg == "killed"
                    break
            trials += 1
            total_acks += len(acks)
            acked_trials += bool(acks)
            last_ack = acks[-1] if acks else on_disk
            killed_with_tmp += any(tmp_path.glob(f"{TMP_PREFIX}*"))
            raw = plan.read_bytes()
            if key is not None:
                try:
                    raw = key.open(raw)
                except ProtectionError as exc:
                    unparseable.append(f"trial {trial}: {exc}")
                    break
            loaded = load(raw)
            if loaded.problems or loaded.meta is None:
                unparseable.append(f"trial {trial}: {loaded.problems}")
                break  # the writer could not open it again
            on_disk = int(loaded.meta.agenda.removeprefix("save "))
            lost += on_disk < last_ack
            phantom += on_disk > last_ack + 1
            in_flight_landed += on_disk == last_ack + 1
    finally:
        if server.poll() is None:
            server.stdin.write("quit\n")
            server.stdin.close()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    print(
        f"\ncrash test ({'protected' if protected else 'plain'}): {trials} SIGKILLs, "
        f"{total_acks} acknowledged saves "
        f"({acked_trials} trials saved at least once); unparseable files: {len(unparseable)}; "
        f"lost acknowledged saves: {lost}; killed between rename and ack: {in_flight_landed}; "
        f"killed with a temp file written: {killed_with_tmp}"
    )
    assert unparseable == []
    assert lost == 0
    assert phantom == 0
    assert trials == CRASH_TRIALS
    assert acked_trials >= after_ack_trials  # the kills did hit the save loop
    with Repository.open(plan, key=key) as repo:  # the next open cleans up and works
        assert repo.meta.agenda == f"save {on_disk}"
        repo.wait_for_backup()  # its own backup is written in a thread
        assert not list(tmp_path.glob(f"{TMP_PREFIX}*"))
        assert not list(backups_dir(plan).glob(f"{TMP_PREFIX}*"))


# ----------------------------------------------------------------- permissions


@pytest.mark.usefixtures("umask_022")
def test_everything_created_is_private_under_a_lax_umask(tmp_path: Path) -> None:
    plan = tmp_path / "new" / "deeper" / "plan.json"
    Repository.open(plan, title="P").close()
    with Repository.open(plan) as repo:  # the second open makes a backup
        repo.add_person("Dana")
    backups = list(backups_dir(plan).iterdir())
    assert backups
    assert mode(plan) == 0o600
    assert mode(lock_path(plan)) == 0o600
    assert all(mode(b) == 0o600 for b in backups)
    assert mode(plan.parent) == 0o700
    assert mode(plan.parent.parent) == 0o700
    assert mode(backups_dir(plan)) == 0o700


@pytest.mark.usefixtures("umask_022")
def test_permissions_are_reapplied_on_every_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Allies' own data folder, the folder is made 0700 again too."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from allies.store.paths import default_plan

    plan = default_plan()
    assert plan.parent == tmp_path / "data" / "allies"
    Repository.open(plan, title="P").close()
    with Repository.open(plan) as repo:
        os.chmod(plan, 0o644)
        os.chmod(plan.parent, 0o755)
        repo.add_person("Dana")
        assert mode(plan) == 0o600
        assert mode(plan.parent) == 0o700
    os.chmod(lock_path(plan), 0o644)
    os.chmod(backups_dir(plan), 0o755)
    with Repository.open(plan) as repo:
        assert mode(lock_path(plan)) == 0o600
        repo.wait_for_backup()  # written (and its folder tightened) in a thread
        assert mode(backups_dir(plan)) == 0o700


@pytest.mark.usefixtures("umask_022")
def test_a_users_own_folder_keeps_its_mode(tmp_path: Path) -> None:
    """--db ~/Documents/plan.json: the plan is 0600, ~/Documents stays as the user set it."""
    documents = tmp_path / "Documents"
    documents.mkdir()
    os.chmod(documents, 0o755)
    Repository.open(documents / "plan.json", title="P").close()
    with Repository.open(documents / "plan.json") as repo:  # backs up, then saves
        repo.add_person("Dana")
    assert mode(documents) == 0o755
    assert mode(documents / "plan.json") == 0o600
    assert mode(backups_dir(documents / "plan.json")) == 0o700


def test_a_shared_sticky_folder_is_not_made_private(tmp_path: Path) -> None:
    """A plan put in a shared folder like /tmp must not lock the other users out of it."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    Repository.open(shared / "plan.json", title="P").close()
    assert mode(shared) == 0o1777
    assert mode(shared / "plan.json") == 0o600


# ---------------------------------------------------------------------- lock


def test_a_second_instance_is_refused_naming_the_holder(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    before = None
    with Repository.open(plan, title="P"):
        before = plan.read_bytes()
        with pytest.raises(PlanLockedError) as info:
            Repository.open(plan)
        assert info.value.pid == os.getpid()
        assert f"process {os.getpid()}" in str(info.value)
        assert "--read-only" in str(info.value)
        assert plan.read_bytes() == before
    Repository.open(plan).close()  # released on close


HOLDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from allies.store.repository import Repository
    repo = Repository.open({plan!r})
    print("holding", flush=True)
    sys.stdin.readline()
    """
)


def test_the_lock_holds_across_processes_and_dies_with_its_holder(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    Repository.open(plan, title="P").close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(root=str(ROOT), plan=str(plan))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(PlanLockedError) as info:
            Repository.open(plan)
        assert info.value.pid == holder.pid
        assert str(holder.pid) in str(info.value)
        with Repository.open(plan, read_only=True) as viewer:  # read-only still works
            assert viewer.meta.title == "P"
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert lock_path(plan).exists()  # the file stays, but the lock went with the process
    with Repository.open(plan) as repo:
        assert repo.meta.title == "P"
        assert lock_path(plan).read_text().split() == [str(os.getpid())]


# ------------------------------------------------------ leftovers and backups


def test_leftover_temp_files_are_removed_on_open(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    Repository.open(plan, title="P").close()
    leftovers = [tmp_path / f"{TMP_PREFIX}plan.json.{pid}" for pid in (123, 4567)]
    for leftover in leftovers:
        leftover.write_bytes(b'{"meta": {"1": {"tit')
    backups_dir(plan).mkdir()  # a crash while writing a backup leaves one there
    leftovers.append(backups_dir(plan) / f"{TMP_PREFIX}plan-20260301-091500-123456.json.77")
    leftovers[-1].write_bytes(b"{")
    keep = [
        tmp_path / "notes.txt",
        # another plan's temp files: its writer may be saving right now
        tmp_path / f"{TMP_PREFIX}plan.json.bak.88",
        backups_dir(plan) / f"{TMP_PREFIX}plan-old-20260301-091500-123456.json.99",
    ]
    for other in keep:
        other.write_text("not ours")
    with Repository.open(plan) as repo:
        assert repo.meta.title == "P"
    assert not any(leftover.exists() for leftover in leftovers)
    assert all(other.read_text() == "not ours" for other in keep)


def test_each_open_keeps_a_backup_and_only_the_last_ten(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    Repository.open(plan, title="P").close()
    seen: list[bytes] = []
    for i in range(BACKUPS_KEPT + 3):
        before = plan.read_bytes()
        with Repository.open(plan) as repo:
            repo.wait_for_backup()  # written in a thread while the app starts
            newest = max(backups_dir(plan).iterdir())
            assert newest.read_bytes() == before  # the copy is of the file as opened
            seen.append(before)
            repo.add_person(f"Person {i}")
    backups = sorted(backups_dir(plan).iterdir())
    assert len(backups) == BACKUPS_KEPT
    assert [b.read_bytes() for b in backups] == seen[-BACKUPS_KEPT:]


def test_a_backup_that_cannot_be_made_is_said_and_the_plan_still_opens_and_saves(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.json"
    Repository.open(plan, title="P").close()
    backups_dir(plan).write_text("not a folder")  # the backup (made in a thread) fails
    with Repository.open(plan) as repo:
        repo.add_person("Dana")  # the save waits for the backup, then goes ahead
        (warning,) = repo.warnings
    assert warning.startswith("No backup could be made on open (")
    with Repository.open(plan, read_only=True) as again:
        assert [p.name for p in again.people.values()] == ["Dana"]


def test_pruning_backups_never_touches_another_plans_backups(tmp_path: Path) -> None:
    """plan.json and plan-old.json in one folder: each keeps its own ten."""
    plan, old = tmp_path / "plan.json", tmp_path / "plan-old.json"
    for path in (plan, old):
        Repository.open(path, title=path.stem).close()
    for i in range(BACKUPS_KEPT):
        with Repository.open(old) as repo:  # changed each time: a new backup each open
            repo.add_person(f"Old {i}")
    for i in range(3):
        with Repository.open(plan) as repo:
            repo.add_person(f"New {i}")
    names = [b.name for b in backups_dir(plan).iterdir()]
    assert len([n for n in names if n.startswith("plan-old-")]) == BACKUPS_KEPT
    assert len([n for n in names if not n.startswith("plan-old-")]) == 3


# ---------------------------------------------------------------- failed saves


@pytest.mark.parametrize("broken", ["replace", "fsync", "write"])
def test_a_failed_save_leaves_the_file_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    plan = tmp_path / "plan.json"
    with Repository.open(plan, title="P") as repo:
        repo.add_person("Dana")
        before = plan.read_bytes()

        def disk_full(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        with monkeypatch.context() as patch:
            patch.setattr(storage.os, broken, disk_full)
            with pytest.raises(SaveError, match="disk is full"):
                repo.add_person("Lee")
        assert plan.read_bytes() == before
        assert not list(tmp_path.glob(f"{TMP_PREFIX}*"))
        assert [p.name for p in repo.people.values()] == ["Dana", "Lee"]
        assert repo.unsaved_error and "disk is full" in repo.unsaved_error
        repo.save_pending()
        assert repo.unsaved_error is None
    with Repository.open(plan) as reopened:
        assert [p.name for p in reopened.people.values()] == ["Dana", "Lee"]


def test_a_save_failing_again_keeps_the_change_until_it_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.json"
    with Repository.open(plan, title="P") as repo:
        before = plan.read_bytes()

        def no_space(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as patch:
            patch.setattr(storage.os, "replace", no_space)
            with pytest.raises(SaveError):
                repo.add(Person(id=0, name="Dana"))
            with pytest.raises(SaveError):
                repo.save_pending()
            with pytest.raises(SaveError):
                repo.close()  # closing does not drop it silently either
        assert plan.read_bytes() == before
        assert repo.storage.dirty
        with pytest.raises(PlanLockedError):  # still ours until the change is saved
            Repository.open(plan)
    # the with-block's close() saves now that the disk has room
    with Repository.open(plan) as reopened:
        assert [p.name for p in reopened.people.values()] == ["Dana"]


def test_held_changes_reach_the_file_on_save_pending_or_close(tmp_path: Path) -> None:
    """The app shows a change first and saves it a moment later: until then the file is
    the old plan, whole; a failure then is kept and reported like any failed save."""
    plan = tmp_path / "plan.json"
    with Repository.open(plan, title="P") as repo:
        before = plan.read_bytes()
        with repo.saves_held():
            repo.add_person("Dana")
            repo.add_person("Lee")
        assert plan.read_bytes() == before and repo.pending
        assert repo.can_undo and repo.unsaved_error is None
        repo.save_pending()
        assert not repo.pending
        assert [p["name"] for p in load(plan.read_bytes()).data["people"].values()] == [
            "Dana",
            "Lee",
        ]
        with repo.saves_held():
            repo.add_person("Kim")
    # closing saves what is still held
    with Repository.open(plan) as reopened:
        assert [p.name for p in reopened.people.values()] == ["Dana", "Lee", "Kim"]


def test_a_held_change_whose_save_fails_stays_pending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.json"
    with Repository.open(plan, title="P") as repo:
        before = plan.read_bytes()
        with repo.saves_held():
            repo.add_person("Dana")
        with monkeypatch.context() as patch:
            patch.setattr(storage.os, "fsync", lambda *a: (_ for _ in ()).throw(OSError(28, "x")))
            with pytest.raises(SaveError):
                repo.save_pending()
        assert plan.read_bytes() == before
        assert repo.pending and repo.unsaved_error
        with repo.saves_held():  # a later change does not hide the earlier failure
            repo.add_person("Lee")
        assert repo.unsaved_error
        repo.save_pending()
        assert not repo.pending and repo.unsaved_error is None
    with Repository.open(plan) as reopened:
        assert [p.name for p in reopened.people.values()] == ["Dana", "Lee"]


# -------------------------------------------------------------------- symlinks


def test_a_plan_reached_through_a_symlink_is_saved_through_it(tmp_path: Path) -> None:
    """Saving must not replace the link with a copy, and both names share one lock."""
    real = tmp_path / "synced" / "plan.json"
    Repository.open(real, title="P").close()
    link = tmp_path / "plan.json"
    link.symlink_to(real)
    with Repository.open(link) as repo:
        repo.add_person("Dana")
        with pytest.raises(PlanLockedError):
            Repository.open(real)
    assert link.is_symlink()
    with Repository.open(real, read_only=True) as reread:
        assert [p.name for p in reread.people.values()] == ["Dana"]
