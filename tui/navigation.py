"""Going to a view and a record in it: from the command palette and the review's lines.

The views say what they can select through protocols (``SelectsPerson`` …):
the app needs no view's class, and mypy checks that each view keeps its side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App


@runtime_checkable
class SelectsPerson(Protocol):
    """A view that can put its cursor on a person (People)."""

    def select_person(self, person_id: int) -> None: ...


@runtime_checkable
class SelectsMeeting(Protocol):
    """A view that can put its cursor on a meeting (Timeline)."""

    def select_meeting(self, meeting_id: int) -> None: ...


@runtime_checkable
class SelectsCard(Protocol):
    """A view that can put its cursor on a card (Board)."""

    def select_card(self, card_id: int) -> None: ...


class Navigator:
    """Switches the app's view, then selects in it."""

    def __init__(self, app: App[None]) -> None:
        self.app = app

    async def run_action(self, view: str, action: str) -> None:
        """Switch to ``view`` and run one of its actions (from the command palette)."""
        await self.app.switch_mode(view)
        await self.app.screen.run_action(action)

    async def to_person(self, person_id: int) -> None:
        await self.app.switch_mode("people")
        if isinstance(screen := self.app.screen, SelectsPerson):
            screen.select_person(person_id)

    async def to_meeting(self, meeting_id: int) -> None:
        await self.app.switch_mode("timeline")
        if isinstance(screen := self.app.screen, SelectsMeeting):
            screen.select_meeting(meeting_id)

    async def to_card(self, card_id: int) -> None:
        await self.app.switch_mode("board")
        if isinstance(screen := self.app.screen, SelectsCard):
            screen.select_card(card_id)
