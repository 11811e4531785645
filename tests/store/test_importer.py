"""Importing a JSON export (restore or merge) and people from CSV."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from allies.store.export import to_json
from allies.store.importer import ImportFailed, import_csv, import_json
from allies.store.model import Column, Person, Stance, TieKind, Win
from allies.store.repository import Repository
from tests.fixtures.sample_plan import build_sample


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Repository]:
    repo = Repository.open(tmp_path / "source.json", title="Budget push")
    build_sample(repo)
    repo.set_stance(1, Stance.SUPPORTIVE)
    repo.mark_reviewed(repo.meta.created.date())
    yield repo
    repo.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Repository]:
    repo = Repository.open(tmp_path / "target.json", title="Empty")
    yield repo
    repo.close()


def by_name(repo: Repository) -> dict[str, Person]:
    return {p.name: p for p in repo.people.values()}


def test_restore_into_empty_plan_reproduces_the_export(source: Repository, target: Repository):
    exported = to_json(source)
    report = import_json(target, exported)
    assert to_json(target) == exported
    assert report.counts["people"] == 5
    assert report.counts["meetings"] == 6
    assert report.counts["reviews"] == 1
    assert target.meta.title == "Budget push"
    assert target.meta.agenda == "Fund the platform team"
    assert target.meta.created == source.meta.created
    assert target.meta.last_review == source.meta.last_review


def test_restore_is_saved_to_disk(source: Repository, target: Repository):
    import_json(target, to_json(source))
    saved = json.loads(target.path.read_text())
    assert {d["name"] for d in saved["people"].values()} == set(by_name(source))


def test_merge_remaps_ids_and_keeps_the_plans_settings(source: Repository, target: Repository):
    mine = target.add_person("Olivia Mine", stance=Stance.CHAMPION)
    existing = target.add_win("My own card")
    report = import_json(target, to_json(source), merge=True)

    assert report.counts["people"] == 5
    assert target.meta.title == "Empty"
    assert "reviews" not in report.counts and not target.reviews
    people = by_name(target)
    assert people["Olivia Mine"].id == mine.id
    dana, lee = people["Dana Whitfield"], people["Lee *Chen*"]
    assert dana.id != 1  # shifted past the plan's own person
    defers = {(t.source, t.target) for t in target.ties.values() if t.kind is TieKind.DEFERS_TO}
    assert (lee.id, dana.id) in defers
    interest = next(i for i in target.interests.values() if i.person == dana.id)
    assert interest.learned_from == people["Sam Ortiz"].id
    trade = next(t for t in target.trades.values() if t.person == dana.id)
    assert trade.interest == interest.id
    group = next(m for m in target.meetings.values() if m.title == "Budget pre-read")
    assert {target.people[a].name for a in group.attendees} == {
        "Dana Whitfield",
        "Lee *Chen*",
        "Priya Nair",
    }
    # the imported cards come after the plan's own card, and keep their chain
    possible = target.column(Column.POSSIBLE)
    assert [w.title for w in possible] == ["My own card", "Pilot extended"]
    assert possible[0].id == existing.id
    assert target.wins[possible[1].builds_on].title == "Pilot agreed"
    # stance history came along, pointing at the imported people
    logged = {target.people[s.person].name for s in target.stance_log.values()}
    assert "Priya Nair" in logged and "Olivia Mine" in logged


def test_import_without_merge_into_a_plan_with_people_is_refused(
    source: Repository, target: Repository
):
    target.add_person("Olivia Mine")
    before = target.path.read_bytes()
    with pytest.raises(ImportFailed, match="--merge"):
        import_json(target, to_json(source))
    assert len(target.people) == 1
    assert target.path.read_bytes() == before


def test_import_is_one_undo_step(source: Repository, target: Repository):
    target.add_person("Olivia Mine")
    import_json(target, to_json(source), merge=True)
    assert target.undo() == "import JSON"
    assert [p.name for p in target.people.values()] == ["Olivia Mine"]
    assert not target.meetings and not target.ties


def test_a_dangling_id_is_reported_and_nothing_changes(source: Repository, target: Repository):
    data = json.loads(to_json(source))
    data["ties"]["1"]["target"] = 99
    before = target.path.read_bytes()
    with pytest.raises(ImportFailed) as info:
        import_json(target, json.dumps(data))
    assert "99" in str(info.value)
    assert "ties" in str(info.value)
    assert not target.people
    assert target.path.read_bytes() == before


def test_a_bad_field_is_reported_with_table_and_record(source: Repository, target: Repository):
    data = json.loads(to_json(source))
    data["people"]["2"]["stance"] = "ecstatic"
    with pytest.raises(ImportFailed) as info:
        import_json(target, json.dumps(data))
    assert "people" in str(info.value) and "record 2" in str(info.value)
    assert "ecstatic" in str(info.value)


def test_broken_json_names_the_line(target: Repository):
    with pytest.raises(ImportFailed, match="line 3"):
        import_json(target, '{\n  "meta": {},\n  oops\n}')


def test_not_a_plan_is_refused(target: Repository):
    with pytest.raises(ImportFailed):
        import_json(target, "[1, 2, 3]")
    with pytest.raises(ImportFailed, match="meta"):
        import_json(target, '{"people": {}}')


def test_newer_schema_is_refused(source: Repository, target: Repository):
    data = json.loads(to_json(source))
    data["meta"]["1"]["schema"] = 99
    with pytest.raises(ImportFailed, match="newer"):
        import_json(target, json.dumps(data))
    assert not target.people


def test_a_failure_midway_rolls_everything_back(
    source: Repository, target: Repository, monkeypatch: pytest.MonkeyPatch
):
    before = target.path.read_bytes()
    real_add = target.add
    calls = {"n": 0}

    def flaky_add(record, **kw):
        calls["n"] += 1
        if calls["n"] == 12:
            raise OSError("simulated failure")
        return real_add(record, **kw)

    monkeypatch.setattr(target, "add", flaky_add)
    with pytest.raises(OSError):
        import_json(target, to_json(source))
    assert not target.people and not target.ties and not target.interests
    assert target.meta.title == "Empty"
    assert target.path.read_bytes() == before


def test_a_builds_on_loop_is_broken_not_fatal(target: Repository, tmp_path: Path):
    with Repository.open(tmp_path / "loop.json") as other:
        a = other.add_win("A")
        b = other.add_win("B", builds_on=a.id)
        other.update(other.wins[a.id].replace(builds_on=b.id))
        exported = to_json(other)
    import_json(target, exported)
    links = [w.builds_on for w in target.wins.values()]
    assert sorted(links, key=lambda x: x or 0)[0] is None
    assert sum(link is not None for link in links) == 1
    for w in target.wins.values():
        if w.builds_on is not None:
            assert isinstance(target.wins[w.builds_on], Win)


# ---------------------------------------------------------------------- CSV


def test_csv_people_with_flexible_header(target: Repository):
    text = (
        "Name,ORG,Role,Email,Stance\n"
        "Dana Whitfield,Engineering,VP Engineering,dana@example.com,neutral\n"
        'Lee Chen,Product,"Head of Product, EMEA",lee@example.com,Supportive\n'
        "Sam Ortiz,Engineering,,,\n"
    )
    report = import_csv(target, text)
    assert report.problems == []
    assert report.counts == {"people": 3}
    people = by_name(target)
    assert people["Dana Whitfield"].org == "Engineering"
    assert people["Lee Chen"].role == "Head of Product, EMEA"
    assert people["Lee Chen"].stance is Stance.SUPPORTIVE
    assert people["Sam Ortiz"].stance is Stance.UNKNOWN
    # a known stance is logged like any other stance change
    assert [s.person for s in target.stance_log.values()] == [
        people["Dana Whitfield"].id,
        people["Lee Chen"].id,
    ]


def test_csv_bad_rows_are_reported_by_line_and_good_rows_kept(target: Repository):
    target.add_person("Margaret Okafor", org="Finance")
    text = (
        "name,role,org,stance\n"
        "Dana,VP,Eng,neutral\n"
        ",CTO,Eng,\n"  # line 3: no name
        "Lee,Head,Product,keen\n"  # line 4: bad stance
        "\n"
        '"Priya\nNair",Director,Ops,opposed\n'  # lines 6-7: one quoted row
        f"{'x' * 200},,,\n"  # line 8: too long
        "margaret okafor,CFO,finance,\n"  # line 9: already in the plan
        "Dana,VP,Eng,\n"  # line 10: twice in the file
        "Sam,Staff,Eng,champion\n"
    )
    report = import_csv(target, text)
    lines = [line for line, _ in report.problems]
    assert lines == [3, 4, 8, 9, 10]
    messages = dict(report.problems)
    assert "empty" in messages[3].lower()
    assert "keen" in messages[4]
    assert "too long" in messages[8]
    assert "already in the plan" in messages[9]
    assert "earlier in the file" in messages[10]
    assert report.counts["people"] == 3
    assert set(by_name(target)) == {"Margaret Okafor", "Dana", "Priya Nair", "Sam"}


def test_csv_strips_control_characters_and_keeps_markup_literal(target: Repository):
    import_csv(target, "name,role,org\n\x1b[31m[bold]Evil[/bold]\x07,,\n")
    assert [p.name for p in target.people.values()] == ["[bold]Evil[/bold]"]


def test_csv_semicolons_and_byte_order_mark(target: Repository):
    report = import_csv(target, "\ufeffname;role;org\nDana;VP, Eng;Engineering\n")
    assert report.problems == []
    assert target.people[1].role == "VP, Eng"


def test_csv_without_a_name_column_is_refused(target: Repository):
    with pytest.raises(ImportFailed, match="header"):
        import_csv(target, "Dana,VP,Eng\nLee,Head,Product\n")
    with pytest.raises(ImportFailed, match="empty"):
        import_csv(target, "")
    assert not target.people


def test_csv_all_rows_bad_changes_nothing(target: Repository):
    version = target.version
    report = import_csv(target, "name,role\n,x\n,y\n")
    assert [line for line, _ in report.problems] == [2, 3]
    assert report.counts["people"] == 0
    assert target.version == version


def test_merging_an_export_from_before_meeting_uids_matches_meetings_by_title_and_start(
    source: Repository,
):
    data = json.loads(to_json(source))
    data["meta"]["1"]["schema"] = 1
    for doc in data["meetings"].values():
        del doc["uid"], doc["sequence"]
    for doc in data["people"].values():
        del doc["email"]
    count, uids = len(source.meetings), {m.uid for m in source.meetings.values()}
    report = import_json(source, json.dumps(data), merge=True)
    assert len(source.meetings) == count and {m.uid for m in source.meetings.values()} == uids
    assert report.total == 0 and not report.conflicts
