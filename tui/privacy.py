"""The privacy screen turning on by itself after idle minutes, and unlocking a protected plan."""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allies.tui.app import AlliesApp

IDLE_CHECK = 10.0  # seconds between checks for the idle privacy screen


def watch_idle(app: AlliesApp) -> None:
    """Check now and then whether the user has been away for ``app.privacy_after`` minutes."""
    if app.privacy_after > 0:
        app.set_interval(IDLE_CHECK, lambda: privacy_when_idle(app))


def privacy_when_idle(app: AlliesApp) -> None:
    """Mask the plan after the set idle minutes; a protected plan then needs its passphrase."""
    if app.private or monotonic() - app.views.last_key < app.privacy_after * 60:
        return
    app.private = True
    app.locked = app.repo.protected
    if app.locked:
        unlock(app)


def unlock(app: AlliesApp) -> None:
    """Ask for the passphrase of a protected plan; three wrong ones close Allies."""
    from allies.store.crypto import ProtectionError, read_key
    from allies.tui.screens.modals.unlock import UnlockScreen

    if isinstance(app.screen, UnlockScreen):
        return
    path = app.repo.path

    def check(passphrase: str) -> bool:
        try:
            read_key(path, passphrase)
        except ProtectionError:
            return False
        return True

    def unlocked(right: bool | None) -> None:
        if right:
            app.views.last_key = monotonic()  # the idle minutes start again from here
            app.locked = False
            app.private = False
            return
        app.exit(message="Wrong passphrase three times: Allies closed; your plan is saved.")

    app.push_screen(UnlockScreen(path.name, check), unlocked)
