"""Enter saves a form even when its focus is on a checkbox ("Senior decider")."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox

from allies.store.repository import Repository
from allies.tui.screens.modals.person_form import PersonForm
from tests.conftest import saved


async def test_space_ticks_the_decider_box_and_enter_saves(
    repo: Repository, plan_path: Path, make_app
) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Ruth Adeyemi")
        form = app.screen
        assert isinstance(form, PersonForm)
        box = form.query_one("#decider", Checkbox)
        box.focus()
        await pilot.press("space")
        assert box.value is True
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PersonForm)  # saved and closed
        assert box.value is True  # enter did not flip it back
    [ruth] = saved(plan_path).people.values()
    assert (ruth.name, ruth.decider) == ("Ruth Adeyemi", True)
