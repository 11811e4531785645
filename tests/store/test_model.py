"""Records and text: what a user types is cleaned, checked and kept as typed."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allies.store.errors import ValidationError
from allies.store.model import (
    TABLES,
    Column,
    Interest,
    Meeting,
    MeetingKind,
    Meta,
    Person,
    Review,
    Stance,
    StanceChange,
    Tie,
    TieKind,
    Trade,
    TradeStatus,
    Win,
)
from allies.store.repository import Repository
from allies.store.text import NAME_MAX, clean_text

# Unicode's Bidi_Control characters: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def forbidden(ch: str, *, multiline: bool = False) -> bool:
    """A character that must never reach the screen from user text."""
    code = ord(ch)
    if multiline and ch == "\n":
        return False
    c0, c1 = code < 0x20 or code == 0x7F, 0x80 <= code <= 0x9F
    return c0 or c1 or code in BIDI_CONTROLS or ch in "\u2028\u2029"


safe_text = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
        blacklist_characters=[chr(c) for c in BIDI_CONTROLS],
    )
)
hostile_text = st.lists(
    st.one_of(
        st.text(),
        st.sampled_from(
            [
                "\x1b",
                "\x1b[",
                "\x1b[31m",
                "\x1b[2J",
                "\x1b]0;title\x07",
                "\x1b]8;;http://x\x1b\\",
                "\x1bP+q\x1b\\",
                "\x9b",
                "\x9b1;31m",
                "\x07",
                "\r",
                "\n",
                "\t",
                "\x00",
                "\x7f",
                "\u202e",
                "\u2066",
                "\u061c",
                "\u200f",
                "\u2028",
                "[bold]",
                "[/]",
            ]
        ),
    )
).map("".join)


# -------------------------------------------------------------- sanitisation


@settings(deadline=None, max_examples=300)
@given(hostile_text)
def test_clean_text_leaves_no_control_escape_or_bidi_character(value: str) -> None:
    for multiline in (False, True):
        cleaned = clean_text(value, "notes", max_len=10**6, multiline=multiline)
        assert not [ch for ch in cleaned if forbidden(ch, multiline=multiline)]
        assert "\x1b" not in cleaned
        # cleaning is stable: a saved value reads back the same when checked at open
        assert clean_text(cleaned, "notes", max_len=10**6, multiline=multiline) == cleaned


@settings(deadline=None)
@given(safe_text)
def test_harmless_text_is_kept_exactly(value: str) -> None:
    assert clean_text(value, "name", max_len=10**6) == value.strip()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("[bold]x[/]", "[bold]x[/]"),
        ("[red]Dana[/red] [link=http://evil]click[/link]", None),
        ("Dana [b]Lee", None),
        ("李小龍", None),
        ("Zoë Ω 👩‍💻 🇳🇴 👍🏽", None),
        ("ＦＵＬＬ　ＷＩＤＴＨ", None),
        ("e\u0301 (combining)", None),
        ("\x1b[31mRed\x1b[0m Dana", "Red Dana"),
        ("\x1b]0;owned\x07Dana", "Dana"),
        ("\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x9b2JDana", "Dana"),
        ("Dana\u202egnirts", "Danagnirts"),
        ("\u2066Lee\u2069", "Lee"),
        ("Dana\tLee\nSam\r\nAl", "Dana Lee Sam  Al"),
        ("  Dana  ", "Dana"),
        ("\x00D\x07a\x7fn\x85a", "Dana"),
    ],
)
def test_names_are_cleaned_as_expected(typed: str, kept: str | None) -> None:
    expected = typed if kept is None else kept
    person = Person(id=1, name=typed).validate()
    assert person.name == expected


def test_notes_keep_their_lines_but_lose_controls() -> None:
    notes = "Line one\r\nLine two\rLine three\n\tindented \x1b[1mbold\x1b[0m"
    cleaned = Person(id=1, name="Dana", notes=notes).validate().notes
    assert cleaned == "Line one\nLine two\nLine three\n    indented bold"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Name cannot be empty"),
        ("    ", "Name cannot be empty"),
        ("\x1b[2J\x07\u202e", "Name cannot be empty"),
        ("x" * (NAME_MAX + 1), f"Name is too long ({NAME_MAX + 1} characters; at most {NAME_MAX})"),
        ("李" * (NAME_MAX + 5), f"at most {NAME_MAX}"),
    ],
)
def test_empty_and_overlong_names_are_refused_clearly(name: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        Person(id=1, name=name).validate()
    assert message in info.value.message
    assert info.value.field == "name"


def test_a_name_of_exactly_the_limit_is_accepted() -> None:
    assert len(Person(id=1, name="x" * NAME_MAX).validate().name) == NAME_MAX


def test_other_fields_refuse_bad_input_with_their_own_names() -> None:
    cases = [
        (Interest(id=1, person=1, text=" "), "text", "Text cannot be empty"),
        (Interest(id=1, person=1, text="x", priority=4), "priority", "1, 2 or 3"),
        (Trade(id=1, person=1, offer=""), "offer", "Offer cannot be empty"),
        (Tie(id=1, source=1, target=1, kind=TieKind.TRUSTS), "target", "themselves"),
        (Tie(id=1, source=1, target=2, kind=TieKind.TRUSTS, strength=0), "strength", "1, 2"),
        (Win(id=1, title="\n"), "title", "Title cannot be empty"),
        (Win(id=3, title="W", builds_on=3), "builds_on", "build on itself"),
        (
            Meeting(id=1, title="M", start=datetime(2026, 1, 5, 10, tzinfo=UTC)),
            "attendees",
            "at least one attendee",
        ),
        (
            Meeting(
                id=1,
                title="M",
                start=datetime(2026, 1, 5, 10, tzinfo=UTC),
                attendees=(1,),
                minutes=0,
            ),
            "minutes",
            "Duration",
        ),
        (Meta.new("T").replace(consensus_threshold=1.5), "consensus_threshold", "between 0 and 1"),
        (Person(id=1, name="D", tags=("x" * 41,)), "tags", "A tag is too long"),
    ]
    for record, field, message in cases:
        with pytest.raises(ValidationError) as info:
            record.validate()
        assert info.value.field == field
        assert message in info.value.message


def test_a_meetings_kind_follows_its_attendees() -> None:
    start = datetime(2026, 1, 5, 10, tzinfo=UTC)
    one = Meeting(id=1, title="M", start=start, attendees=(4, 4), kind=MeetingKind.GROUP)
    assert one.validate().attendees == (4,)
    assert one.validate().kind is MeetingKind.ONE_ON_ONE
    group = Meeting(id=1, title="M", start=start, attendees=(4, 5))
    assert group.validate().kind is MeetingKind.GROUP


# ---------------------------------------------------------- stored documents


def sample_records() -> list[object]:
    at = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    return [
        Person(
            id=1,
            name="[bold]Dana[/] 👩‍💻",
            role="CFO",
            decider=True,
            stance=Stance.SKEPTICAL,
            tags=("finance", "李"),
            last_contact=date(2026, 2, 27),
            created=at,
            updated=at,
        ),
        StanceChange(id=2, person=1, stance=Stance.NEUTRAL, at=at, meeting=3, note="moved"),
        Tie(id=3, source=1, target=2, kind=TieKind.LISTENS_TO, strength=3, note="n"),
        Interest(id=4, person=1, text="Headcount", priority=3, learned_from=2, created=at),
        Trade(id=5, person=1, offer="Pilot", ask="Vote", interest=4, created=at, updated=at),
        Win(
            id=6,
            title="Pilot",
            column=Column.WON,
            position=2048,
            people=(1, 2),
            trade=5,
            builds_on=1,
            due=date(2026, 3, 9),
            won_at=at,
            created=at,
            updated=at,
        ),
        Meeting(
            id=7,
            title="Steering",
            start=at,
            kind=MeetingKind.GROUP,
            attendees=(1, 2),
            looked_to=(2,),
            created=at,
            updated=at,
        ),
        Review(id=8, at=date(2026, 3, 2), notes="ok"),
    ]


@pytest.mark.parametrize("record", sample_records(), ids=lambda r: type(r).__name__)
def test_every_record_survives_its_stored_form(record: object) -> None:
    cls = type(record)
    assert cls in TABLES.values()
    doc = record.to_doc()  # type: ignore[attr-defined]
    assert "id" not in doc
    assert list(doc) == list(cls.FIELDS)  # type: ignore[attr-defined]
    assert cls.from_doc(record.id, doc) == record  # type: ignore[attr-defined]


def test_stored_datetimes_carry_their_utc_offset() -> None:
    (person,) = [r for r in sample_records() if isinstance(r, Person)]
    assert person.to_doc()["created"] == "2026-03-02T09:30:00+01:00"


def test_names_come_back_from_the_file_exactly_as_typed(tmp_path: Path) -> None:
    names = ["[bold]x[/]", "Zoë 👩‍💻 🇳🇴", "李小龍", 'O\'Brien "Bob" \\ /']
    with Repository.open(tmp_path / "plan.json", title="[i]Plan[/i] ✨") as repo:
        for name in names:
            repo.add_person(name)
    with Repository.open(tmp_path / "plan.json", read_only=True) as repo:
        assert [p.name for p in repo.people.values()] == names
        assert repo.meta.title == "[i]Plan[/i] ✨"


# ----------------------------------------------------------------- enums


def test_stance_scale_steps_and_allies() -> None:
    assert [s.score for s in Stance] == [-2, -1, 0, 1, 2, None]
    assert {s for s in Stance if s.is_ally} == {Stance.SUPPORTIVE, Stance.CHAMPION}
    assert Stance.UNKNOWN.step(+1) is Stance.NEUTRAL
    assert Stance.UNKNOWN.step(-1) is Stance.NEUTRAL
    assert Stance.CHAMPION.step(+1) is Stance.CHAMPION
    assert Stance.OPPOSED.step(-1) is Stance.OPPOSED
    assert Stance.SKEPTICAL.step(+1) is Stance.NEUTRAL
    assert len({s.symbol for s in Stance}) == len(Stance)  # colour is never the only cue
    assert all(unicodedata.east_asian_width(s.symbol) != "W" for s in Stance)


def test_trade_status_advances_and_knows_what_is_open() -> None:
    assert TradeStatus.IDEA.advance() is TradeStatus.PROPOSED
    assert TradeStatus.AGREED.advance() is TradeStatus.DELIVERED
    assert TradeStatus.DECLINED.advance() is TradeStatus.DECLINED
    assert {s for s in TradeStatus if s.is_open} == {
        TradeStatus.IDEA,
        TradeStatus.PROPOSED,
        TradeStatus.AGREED,
    }
