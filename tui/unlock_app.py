"""The passphrase screen shown before a protected plan is opened in the planner.

A small app of its own, run before the planner: nothing of the plan is read
until the key is unlocked, so the screen shows only the plan's file name.
Three wrong passphrases, or Escape, end it with the plan untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App

from allies.store.crypto import PlanKey, ProtectionError, WrongPassphraseError, read_locked_key
from allies.themes import FORMS_CSS, CssPaths, css_file
from allies.tui.screens.modals.unlock import UnlockScreen
from allies.tui.theming import domain_defaults, set_up_themes


class UnlockApp(App[PlanKey | None]):
    """Ask for a protected plan's passphrase; return its unlocked key (None: not unlocked)."""

    CSS_PATH: ClassVar[CssPaths] = [css_file("app"), *FORMS_CSS]
    TITLE = "Allies"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, plan: Path, *, theme: str | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.locked = read_locked_key(plan)  # missing or damaged: said before any screen
        self.key: PlanKey | None = None
        self.problem: ProtectionError | None = None
        """A key file that the right passphrase opens but that holds no key."""
        self.gave_up = True
        """Left without three wrong tries (Escape, ctrl+q)."""
        set_up_themes(self, theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return domain_defaults(self)

    def on_mount(self) -> None:
        self.push_screen(UnlockScreen(self.plan.name, self._check, opening=True), self._done)

    def _check(self, passphrase: str) -> bool:
        """Whether ``passphrase`` unlocks the key (runs in a thread: scrypt takes a second)."""
        try:
            self.key = PlanKey.unlock(self.locked, passphrase)
        except WrongPassphraseError:
            return False
        except ProtectionError as exc:
            self.problem = exc
        return True

    def _done(self, right: bool | None) -> None:
        self.gave_up = right is None
        self.exit(self.key)


def unlock_on_screen(plan: Path) -> PlanKey:
    """The plan's key, typed on the passphrase screen; ProtectionError when it is not given."""
    from allies.tui.settings import load_theme

    app = UnlockApp(plan, theme=load_theme())
    key = app.run()
    if app.problem is not None:
        raise app.problem
    if key is not None:
        return key
    if app.gave_up:
        raise ProtectionError(f"{plan} was not opened; nothing was read or changed")
    from allies.tui.passphrase import wrong_three_times

    raise WrongPassphraseError(f"{wrong_three_times(plan)} (three wrong tries)")
