"""Pilot tests of importing from inside the app: the palette command, its preview, one undo."""

from __future__ import annotations

from pathlib import Path

from allies.store.repository import Repository
from tests.tui.test_app import palette


async def test_palette_import_previews_then_imports_as_one_undo_step(
    repo: Repository, plan_path: Path, make_app
) -> None:
    from allies.tui.screens.modals.import_file import ImportFileScreen

    contacts = Path(__file__).resolve().parents[1] / "fixtures" / "files" / "org_chart.csv"
    repo.add_person("Grace Hopper", email="grace@example.com")
    before = plan_path.read_bytes()
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        offered = await palette(pilot, "Import from a file")
        assert offered[0] == "Import from a file"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportFileScreen)
        await pilot.press(*str(contacts), "enter")
        await pilot.pause()
        preview = str(app.screen.query_one("#import-preview").render())
        assert "Would import 5 people, 4 ties" in preview
        assert "add tie Alan Turing defers to Grace Hopper" in preview
        assert "Dennis Ritchie" in preview
        assert len(repo.people) == 1 and plan_path.read_bytes() == before  # only a preview
        await pilot.press("enter")  # the Import button has the focus
        await pilot.pause()
        assert not isinstance(app.screen, ImportFileScreen)
        assert len(repo.people) == 6 and len(repo.ties) == 4
        assert repo.undo_label == "import csv"
        await pilot.press("u")  # one undo step takes it all back
        await pilot.pause()
        assert len(repo.people) == 1 and not repo.ties


async def test_palette_import_of_a_bad_file_says_why_and_changes_nothing(
    repo: Repository, tmp_path: Path, make_app
) -> None:
    from allies.tui.screens.modals.import_file import ImportFileScreen

    odd = tmp_path / "notes.txt"
    odd.write_text("just some words\n")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await palette(pilot, "Import from a file")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*str(odd), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportFileScreen)
        preview = str(app.screen.query_one("#import-preview").render())
        assert "looked for a JSON export" in preview and "nothing would be imported" in preview
        assert app.screen.query_one("#import-yes").disabled
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportFileScreen)
    assert not repo.people


async def test_palette_import_of_a_backup_into_an_empty_plan_restores_it(
    repo: Repository, tmp_path: Path, make_app
) -> None:
    from allies.store.export import to_json

    source_path = tmp_path / "source.json"
    with Repository.open(source_path, title="Backed up plan") as source:
        dana = source.add_person("Dana Whitfield", email="dana@example.com")
        source.add_person("Lee Chen")
        source.update_meta(agenda="Fund the platform team")
        backup = tmp_path / "backup.json"
        backup.write_text(to_json(source))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await palette(pilot, "Import from a file")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*str(backup), "enter")
        await pilot.pause()
        assert "Would import 2 people" in str(app.screen.query_one("#import-preview").render())
        await pilot.press("enter")
        await pilot.pause()
    assert repo.meta.title == "Backed up plan" and repo.meta.agenda == "Fund the platform team"
    assert [p.email for p in repo.people.values()] == [dana.email, ""]
