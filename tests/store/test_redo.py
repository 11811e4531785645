"""Redo: what undo took back comes again, until a new change is made."""

from __future__ import annotations

from pathlib import Path

from allies.store.model import Stance
from allies.store.repository import Repository
from tests.conftest import saved


def test_redo_after_undo_and_a_new_change_clears_it(repo: Repository, plan_path: Path) -> None:
    ann = repo.add_person("Ann", stance=Stance.NEUTRAL)
    repo.set_stance(ann.id, Stance.SUPPORTIVE)
    bob = repo.add_person("Bob")
    assert repo.undo() is not None
    assert bob.id not in repo.people
    assert repo.undo() is not None
    assert repo.people[ann.id].stance is Stance.NEUTRAL
    assert repo.can_redo
    repo.redo()
    assert repo.people[ann.id].stance is Stance.SUPPORTIVE
    repo.redo()
    assert repo.people[bob.id].name == "Bob"
    assert not repo.can_redo and repo.redo() is None
    repo.undo()  # Bob goes again, and can come back…
    assert repo.can_redo
    repo.add_person("Cat")  # …until something new is done
    assert not repo.can_redo
    on_disk = saved(plan_path)
    assert sorted(p.name for p in on_disk.people.values()) == ["Ann", "Cat"]
    assert on_disk.people[ann.id].stance is Stance.SUPPORTIVE
    on_disk.close()
