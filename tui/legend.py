"""What the symbols on the screens mean: the legend at the end of the key reference (``?``)."""

from __future__ import annotations

from allies.store.model import STANCE_SCALE, Stance
from allies.widgets.stance import CHIEF, DECIDER


def legend_rows() -> list[tuple[str, str]]:
    """(symbol, meaning) for every mark the views draw."""
    stances = [
        (s.symbol, f"Stance {s.value} (before a name, in its colour)")
        for s in (*STANCE_SCALE, Stance.UNKNOWN)
    ]
    return [
        *stances,
        (CHIEF, "Chief influencer: ranked high on influence (the People detail says why)"),
        (DECIDER, "Decider: has a say in the final decision"),
        ("▮▮▯", "Strength of a tie, 1 to 3 (▮▯▯ weak, ▮▮▮ strong)"),
        ("┄ ─ ━", "On the Map's network: a weak, firm or strong tie (▶ they have the ear of)"),
        ("»", "On the Map's network: the way in, an ally who has the ear of someone with theirs"),
        ("⇄", "A trade: on an interest, open trades answering it; on a card, its trade"),
        ("↳", "On a card: the win it builds on"),
        ("! debrief due", "A meeting past its time, not recorded yet (Timeline: r)"),
        ("✔ ready / ✖ n problems", "Whether a group meeting has enough allies and wins"),
        ("▶ today", "Today's place on the timeline"),
    ]
