"""What the planner says and asks as a plan opens: the welcome, read-only, warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allies.tui.app import AlliesApp


def greet(app: AlliesApp) -> None:
    """On mount: a new plan gets the welcome; a read-only one says so; the plan's
    warnings come once the first screen is up (they include the backup's, which is
    written in a thread while the app starts)."""
    repo = app.repo
    if repo.is_pristine and not repo.read_only:
        from allies.tui.screens.modals.welcome import WelcomeScreen

        app.push_screen(WelcomeScreen(), lambda choice: _welcomed(app, choice))
    if repo.read_only:
        why = "newer Allies" if repo.newer_schema else "--read-only"
        app.notify(f"Read-only ({why}): changes will not be saved.", timeout=6)
    app.call_after_refresh(lambda: _said_on_open(app))


def _said_on_open(app: AlliesApp) -> None:
    for warning in app.repo.warnings:
        app.notify(warning, severity="warning", timeout=10)
    if app.repo.migrated_from is not None:
        app.notify("This plan was upgraded; the original is kept in backups/.", timeout=6)


def _welcomed(app: AlliesApp, choice: tuple[str, str, str] | None) -> None:
    """The welcome's answer: open the demo instead, or start the plan with its title."""
    if choice is None:
        return
    kind, title, agenda = choice
    if kind == "demo":
        app.exit(result=None, return_code=0, message=None)
        app.open_demo = True
        return
    app.change(lambda: app.repo.update_meta(title=title, agenda=agenda), done="Plan started")
