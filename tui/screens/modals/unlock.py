"""The passphrase asked for to leave the privacy screen of a protected plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from allies.themes import FORMS_CSS, CssPaths
from allies.tui.passphrase import TRIES


class UnlockScreen(ModalScreen[bool | None]):
    """Ask for the passphrase; dismiss with True once it is right, False after three wrong tries.

    ``check`` is given the typed passphrase and says whether it unlocks the plan's
    key; it takes about a second (scrypt), so it runs in a thread. When opening
    (``opening``), Escape gives up (None) and nothing of the plan has been read;
    on the privacy screen Escape keeps the plan locked.
    """

    CSS_PATH: ClassVar[CssPaths] = FORMS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Stay locked", show=False, id="unlock.stay"),
    ]

    def __init__(
        self, plan_name: str, check: Callable[[str], bool], *, opening: bool = False
    ) -> None:
        super().__init__()
        self.plan_name = plan_name
        self.check = check
        self.opening = opening
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box", classes="modal-box"):
            if self.opening:
                yield Static(Text("This plan is protected", style="bold"))
                yield Static(Text(f"Type the passphrase of {self.plan_name} to open it."))
            else:
                yield Static(Text("Locked while you were away", style="bold"))
                yield Static(Text(f"Type the passphrase of {self.plan_name} to come back."))
            yield Input(password=True, id="unlock-passphrase", placeholder="passphrase")
            yield Static("", id="unlock-message")
            hint = "enter unlock · escape give up" if self.opening else "enter unlock"
            yield Static(Text(hint), id="unlock-keys", classes="form-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_escape(self) -> None:
        """Escape gives up when opening; on the privacy screen the plan stays locked."""
        if self.opening:
            self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        event.input.disabled = True
        self.query_one("#unlock-message", Static).update("Checking…")
        self._check(event.value)

    @work(thread=True, exclusive=True)
    def _check(self, passphrase: str) -> None:
        right = self.check(passphrase)
        self.app.call_from_thread(self._checked, right)

    def _checked(self, right: bool) -> None:
        if right:
            self.dismiss(True)
            return
        self.tries += 1
        if self.tries >= TRIES:
            self.dismiss(False)
            return
        left = TRIES - self.tries
        message = f"Wrong passphrase ({left} {'try' if left == 1 else 'tries'} left)."
        self.query_one("#unlock-message", Static).update(Text(message))
        field = self.query_one(Input)
        field.value = ""
        field.disabled = False
        field.focus()
