"""Repository promises: read-only opens, undo, transactions, delete-and-detach."""

from __future__ import annotations

import copy
import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from allies.store.errors import ReadOnlyError, ValidationError
from allies.store.model import (
    Column,
    Interest,
    Meeting,
    MeetingKind,
    Person,
    Stance,
    StanceChange,
    Tie,
    TieKind,
    Trade,
    Win,
    now,
)
from allies.store.repository import Repository
from allies.store.storage import backups_dir, lock_path


@pytest.fixture
def repo(tmp_path: Path) -> Any:
    r = Repository.open(tmp_path / "plan.json", title="Test plan")
    yield r
    r.close()


def on_disk(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_bytes())
    return data


def snapshot(repo: Repository) -> dict[str, Any]:
    """Everything the plan holds, as stored."""
    return copy.deepcopy(json.loads(json.dumps(repo.raw())))


# ------------------------------------------------------------------- read-only


def test_read_only_open_writes_nothing_and_takes_no_lock(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    with Repository.open(plan, title="P", backup=False) as writer:
        writer.add_person("Dana")
    lock_path(plan).unlink()
    os.utime(plan, (1_000_000_000, 1_000_000_000))
    before, mtime = plan.read_bytes(), plan.stat().st_mtime_ns

    viewer = Repository.open(plan, read_only=True)
    assert [p.name for p in viewer.people.values()] == ["Dana"]
    assert not lock_path(plan).exists()
    assert not backups_dir(plan).exists()
    with Repository.open(plan) as other:  # a writer can open it meanwhile: no lock held
        assert other.meta.title == "P"
    lock_path(plan).unlink()
    backups = sorted(backups_dir(plan).iterdir())  # the writer's backup
    dana = next(iter(viewer.people.values()))
    changes = [
        lambda: viewer.add_person("Lee"),
        lambda: viewer.add(Person(id=0, name="Lee")),
        lambda: viewer.update(dana.replace(role="CFO")),
        lambda: viewer.delete(Person, dana.id),
        lambda: viewer.set_stance(dana.id, Stance.CHAMPION),
        lambda: viewer.add_win("First win"),
        lambda: viewer.update_meta(title="New"),
        lambda: viewer.mark_reviewed(date(2026, 1, 5)),
        lambda: viewer.touch_contact([dana.id], date(2026, 1, 5)),
    ]
    for change in changes:
        with pytest.raises(ReadOnlyError):
            change()
    assert viewer.undo() is None
    viewer.save_pending()
    viewer.close()
    assert [p.name for p in viewer.people.values()] == ["Dana"]
    assert plan.read_bytes() == before
    assert plan.stat().st_mtime_ns == mtime
    assert not lock_path(plan).exists()
    assert sorted(backups_dir(plan).iterdir()) == backups
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "plan.json"]


def test_read_only_of_a_missing_plan_creates_nothing(tmp_path: Path) -> None:
    from allies.store.errors import BadPlanError

    with pytest.raises(BadPlanError, match="no plan here"):
        Repository.open(tmp_path / "plan.json", read_only=True)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ undo


def test_undo_goes_back_at_least_fifty_steps(repo: Repository) -> None:
    start = snapshot(repo)
    dana = repo.add_person("Dana")
    states = [snapshot(repo)]
    for i in range(59):
        if i % 3 == 0:
            repo.add_person(f"Person {i}")
        elif i % 3 == 1:
            repo.set_stance(dana.id, Stance.SUPPORTIVE if i % 2 else Stance.SKEPTICAL)
        else:
            repo.add_win(f"Win {i}")
        states.append(snapshot(repo))
    assert len(states) == 60
    for expected in reversed(states[:-1]):
        assert repo.undo() is not None
        assert snapshot(repo) == expected
    assert repo.undo() is not None
    assert snapshot(repo) == start
    assert on_disk(repo.path) == start  # every undo is saved too
    assert repo.undo() is None


def test_each_change_bumps_the_version(repo: Repository) -> None:
    v0 = repo.version
    dana = repo.add_person("Dana")
    v1 = repo.version
    repo.set_stance(dana.id, Stance.NEUTRAL)
    v2 = repo.version
    repo.undo()
    assert v0 < v1 < v2 < repo.version


def test_a_transaction_is_one_save_and_one_undo_step(repo: Repository) -> None:
    lee = repo.add_person("Lee")
    before, saves = snapshot(repo), repo.storage.saves
    with repo.transaction("debrief"):
        dana = repo.add_person("Dana", stance=Stance.NEUTRAL)
        repo.set_stance(dana.id, Stance.SUPPORTIVE)
        repo.add(Tie(id=0, source=dana.id, target=lee.id, kind=TieKind.DEFERS_TO, strength=2))
        win = repo.add_win("Budget line", people=(dana.id,))
        repo.move_win(win.id, Column.WON)
        repo.touch_contact([dana.id, lee.id], date(2026, 3, 2))
    assert repo.storage.saves == saves + 1
    assert on_disk(repo.path) == snapshot(repo)
    assert repo.undo_label == "debrief"
    assert repo.undo() == "debrief"
    assert snapshot(repo) == before
    assert on_disk(repo.path) == before
    assert repo.undo_label == "add Lee"


def test_an_exception_inside_a_transaction_rolls_everything_back(repo: Repository) -> None:
    dana = repo.add_person("Dana", stance=Stance.NEUTRAL)
    lee = repo.add_person("Lee")
    tie = repo.add(Tie(id=0, source=dana.id, target=lee.id, kind=TieKind.TRUSTS))
    before, file_before = snapshot(repo), repo.path.read_bytes()
    version, label = repo.version, repo.undo_label
    with pytest.raises(ValidationError), repo.transaction("half a debrief"):
        repo.set_stance(dana.id, Stance.CHAMPION)
        repo.delete(Tie, tie.id)
        repo.update_meta(agenda="changed")
        repo.add_person("Sam")
        repo.add_person("")  # refused: the whole debrief goes
    assert snapshot(repo) == before
    assert repo.path.read_bytes() == file_before
    assert repo.version == version
    assert repo.undo_label == label
    assert [p.name for p in repo.people.values()] == ["Dana", "Lee"]
    assert repo.meta.agenda == ""
    # ids freed by the rollback are handed out again, and TinyDB agrees with the cache
    sam = repo.add_person("Sam")
    assert sam.id == 3
    assert on_disk(repo.path)["people"]["3"]["name"] == "Sam"


def test_a_refused_change_changes_nothing(repo: Repository) -> None:
    dana = repo.add_person("Dana")
    before = snapshot(repo)
    with pytest.raises(ValidationError, match="no such record 99"):
        repo.add(Tie(id=0, source=dana.id, target=99, kind=TieKind.DEFERS_TO))
    with pytest.raises(ValidationError, match="themselves"):
        repo.add(Tie(id=0, source=dana.id, target=dana.id, kind=TieKind.DEFERS_TO))
    with pytest.raises(ValidationError, match="Name cannot be empty"):
        repo.update(dana.replace(name="  \x1b[2J "))
    assert snapshot(repo) == before


# ---------------------------------------------------------- delete and detach


def build_web(repo: Repository) -> dict[str, int]:
    """Dana is referenced from every table that can refer to a person."""
    dana = repo.add_person("Dana", stance=Stance.SKEPTICAL)
    lee = repo.add_person("Lee", stance=Stance.SUPPORTIVE)
    sam = repo.add_person("Sam")
    start = now() + timedelta(days=3)
    one = repo.add(Meeting(id=0, title="1:1 Dana", start=start, attendees=(dana.id,)))
    group = repo.add(
        Meeting(
            id=0,
            title="Steering",
            start=start + timedelta(days=2),
            attendees=(dana.id, lee.id),
            looked_to=(dana.id, lee.id),
        )
    )
    big = repo.add(
        Meeting(
            id=0,
            title="All hands",
            start=start + timedelta(days=4),
            attendees=(dana.id, lee.id, sam.id),
        )
    )
    repo.set_stance(dana.id, Stance.NEUTRAL, meeting=one.id)
    repo.set_stance(lee.id, Stance.CHAMPION, meeting=one.id)
    ties = [
        repo.add(Tie(id=0, source=dana.id, target=lee.id, kind=TieKind.DEFERS_TO)),
        repo.add(Tie(id=0, source=sam.id, target=dana.id, kind=TieKind.LISTENS_TO)),
        repo.add(Tie(id=0, source=lee.id, target=sam.id, kind=TieKind.TRUSTS)),
    ]
    hers = repo.add(Interest(id=0, person=dana.id, text="Headcount"))
    lees = repo.add(Interest(id=0, person=lee.id, text="Visibility", learned_from=dana.id))
    trade_dana = repo.add(Trade(id=0, person=dana.id, offer="A pilot", interest=hers.id))
    trade_lee = repo.add(Trade(id=0, person=lee.id, offer="A slot", interest=lees.id))
    win = repo.add_win("Pilot agreed", people=(dana.id, lee.id), trade=trade_dana.id)
    later = repo.add_win("Pilot extended", people=(lee.id,), trade=trade_lee.id, builds_on=win.id)
    return {
        "dana": dana.id,
        "lee": lee.id,
        "sam": sam.id,
        "one": one.id,
        "group": group.id,
        "big": big.id,
        "tie_kept": ties[2].id,
        "lees_interest": lees.id,
        "trade_lee": trade_lee.id,
        "win": win.id,
        "later": later.id,
    }


def test_deleting_a_person_detaches_them_everywhere(repo: Repository) -> None:
    ids = build_web(repo)
    dana, lee, sam = ids["dana"], ids["lee"], ids["sam"]
    assert repo.references(Person, dana) == {
        "stance_log": 2,
        "ties": 2,
        "interests": 2,
        "trades": 1,
        "wins": 1,
        "meetings": 4,
    }
    repo.delete(Person, dana)

    assert dana not in repo.people
    assert [t.id for t in repo.ties.values()] == [ids["tie_kept"]]
    assert [i.person for i in repo.interests.values()] == [lee]
    assert repo.interests[ids["lees_interest"]].learned_from is None
    assert [t.id for t in repo.trades.values()] == [ids["trade_lee"]]
    assert repo.wins[ids["win"]].people == (lee,)
    assert repo.wins[ids["win"]].trade is None  # Dana's trade went with her
    assert repo.wins[ids["later"]].builds_on == ids["win"]
    assert ids["one"] not in repo.meetings  # her one-on-one has no one left
    # Dana's stance log goes; Lee's change logged at that meeting stays, without the meeting
    assert [(s.person, s.stance, s.meeting) for s in repo.stance_log.values()] == [
        (lee, Stance.SUPPORTIVE, None),
        (lee, Stance.CHAMPION, None),
    ]
    group = repo.meetings[ids["group"]]
    assert group.attendees == (lee,)
    assert group.looked_to == (lee,)
    assert group.kind is MeetingKind.ONE_ON_ONE  # one attendee left: a one-on-one now
    big = repo.meetings[ids["big"]]
    assert big.attendees == (lee, sam)
    assert big.kind is MeetingKind.GROUP
    assert repo.references(Person, dana) == {}
    # what is on disk is what is in memory, and it passes the file checks
    with Repository.open(repo.path, read_only=True) as reread:
        assert snapshot(reread) == snapshot(repo)


def test_undoing_a_delete_restores_every_detached_reference(repo: Repository) -> None:
    ids = build_web(repo)
    before = snapshot(repo)
    repo.delete(Person, ids["dana"], label="delete Dana")
    assert repo.undo() == "delete Dana"
    assert snapshot(repo) == before
    assert on_disk(repo.path) == before
    # the cache is in id order again, as after a fresh open
    assert list(repo.people) == sorted(repo.people)
    assert list(repo.meetings) == sorted(repo.meetings)
    with Repository.open(repo.path, read_only=True) as reread:
        assert snapshot(reread) == before


def test_deleting_a_win_unlinks_the_wins_built_on_it(repo: Repository) -> None:
    first = repo.add_win("First")
    second = repo.add_win("Second", builds_on=first.id)
    repo.delete(Win, first.id)
    assert repo.wins[second.id].builds_on is None
    repo.undo()
    assert repo.wins[second.id].builds_on == first.id


def test_deleting_a_meeting_keeps_the_stance_log(repo: Repository) -> None:
    dana = repo.add_person("Dana")
    meeting = repo.add(Meeting(id=0, title="1:1", start=now(), attendees=(dana.id,)))
    repo.set_stance(dana.id, Stance.SUPPORTIVE, meeting=meeting.id)
    repo.delete(Meeting, meeting.id)
    (entry,) = repo.stance_log.values()
    assert isinstance(entry, StanceChange)
    assert (entry.person, entry.stance, entry.meeting) == (dana.id, Stance.SUPPORTIVE, None)


def test_adding_a_person_with_a_stance_is_one_undo_step(tmp_path) -> None:
    from allies.store.model import Stance
    from allies.store.repository import Repository

    with Repository.open(tmp_path / "p.json", title="P") as repo:
        repo.add_person("Dana", stance=Stance.SUPPORTIVE)
        assert len(repo.stance_log) == 1
        assert repo.undo() is not None
        assert not repo.people and not repo.stance_log


# ------------------------------------------------------------- schema 2 fields


def test_a_meeting_uid_is_unique_in_a_plan_and_kept_by_edits(repo: Repository) -> None:
    from allies.store.model import Meeting, now

    dana = repo.add_person("Dana", email="dana@example.org")
    first = repo.add(Meeting(id=0, title="1:1", start=now(), attendees=(dana.id,)))
    with pytest.raises(ValidationError, match="calendar UID"):
        repo.add(Meeting(id=0, title="Copy", start=now(), attendees=(dana.id,), uid=first.uid))
    edited = repo.update(first.replace(outcome="went well"))
    assert edited.uid == first.uid and edited.sequence == 0
    assert on_disk(repo.path)["meetings"][str(first.id)]["uid"] == first.uid
    assert on_disk(repo.path)["people"][str(dana.id)]["email"] == "dana@example.org"


def test_an_email_is_checked_like_the_form_checks_it(repo: Repository) -> None:
    with pytest.raises(ValidationError, match=r"name@example\.org"):
        repo.add_person("Dana", email="dana at example.org")
    assert repo.add_person("Lee", email="  lee@example.org ").email == "lee@example.org"


def test_a_rolled_back_change_leaves_nothing_to_save(repo: Repository) -> None:
    repo.add_person("Dana")
    before = repo.path.read_bytes()
    with pytest.raises(RuntimeError), repo.transaction("doomed"):
        repo.add_person("Lee")
        raise RuntimeError("stop")
    assert not repo.pending and [p.name for p in repo.people.values()] == ["Dana"]
    repo.close()
    assert repo.path.read_bytes() == before
