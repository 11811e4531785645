"""Pilot tests of the debrief: one key per stance, what was learned, one save, one undo."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from textual.widgets import Static

from allies.store.model import Column, Meeting, MeetingStatus, Stance, Tie, TieKind
from allies.store.repository import Repository
from allies.tui.screens.modals.debrief import DebriefScreen
from allies.tui.screens.modals.help import HelpScreen
from allies.widgets.timeline import Timeline
from tests.conftest import TODAY, burst, saved

YESTERDAY = TODAY - timedelta(days=1)
TITLE_COLUMN = len("Wed  2 Dec 14:00  ") + len("group ") + len("! debrief due ")


def row(app, title: str) -> str:
    timeline = app.screen.query_one(Timeline)
    prompts = [str(o.prompt) for o in timeline.options]
    [found] = [p for p in prompts if p.split("\n")[0][TITLE_COLUMN:] == title]
    return found


def error(app, name: str) -> str:
    box = app.screen.query_one(f"#error-{name}")
    return str(box.render()) if box.display else ""


def past_group(repo: Repository) -> tuple[int, int, int, int]:
    """Ann, Bob and Cat met yesterday; Bob already defers to Ann a little."""
    ann = repo.add_person("Ann", stance=Stance.NEUTRAL).id
    bob = repo.add_person("Bob", stance=Stance.SKEPTICAL).id
    cat = repo.add_person("Cat", stance=Stance.NEUTRAL).id
    repo.add(Tie(id=0, source=bob, target=ann, kind=TieKind.DEFERS_TO, strength=2))
    start = datetime.combine(YESTERDAY, time(15)).astimezone()
    m = repo.add(
        Meeting(id=0, title="Steering", start=start, minutes=60, attendees=(ann, bob, cat))
    )
    return m.id, ann, bob, cat


async def test_debrief_a_one_on_one_in_a_few_keys(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    meeting = next(m for m in demo_repo.meetings.values() if m.title.startswith("1:1 Dana"))
    title = meeting.title
    [dana] = meeting.attendees
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        app.screen.select_meeting(meeting.id)
        await pilot.press("r")
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("h", "tab", *"Dana will pilot the handover", "tab", "4")
        await pilot.press("tab", "tab", "tab")  # the room looked to; whose interest; the interest
        await pilot.press(*"Keep feature velocity; Fewer night pages", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, DebriefScreen)
        shown = row(app, title)
        assert "✓ held" in shown and "→ Dana will pilot the handover" in shown
        assert "▲ Dana Whitfield" in shown
        assert "debrief due" not in str(app.screen.query_one("#timeline-next").render())
    on_disk = saved(plan_path)
    held = on_disk.meetings[meeting.id]
    assert (held.status, held.outcome) == (MeetingStatus.HELD, "Dana will pilot the handover")
    assert on_disk.people[dana].stance is Stance.SUPPORTIVE
    last = list(on_disk.stance_log.values())[-1]
    assert (last.person, last.stance, last.meeting) == (dana, Stance.SUPPORTIVE, meeting.id)
    learned = [i.text for i in on_disk.interests.values() if i.person == dana]
    assert learned[-2:] == ["Keep feature velocity", "Fewer night pages"]
    assert on_disk.people[dana].last_contact == meeting.start.astimezone().date()
    on_disk.close()

    # one undo step takes the whole debrief back
    assert demo_repo.undo() == f"debrief {meeting.title}"
    assert demo_repo.meetings[meeting.id].status is MeetingStatus.PLANNED
    assert demo_repo.people[dana].stance is Stance.NEUTRAL
    assert len([i for i in demo_repo.interests.values() if i.person == dana]) == 2


async def test_debrief_a_group_meeting(repo: Repository, plan_path: Path, make_app) -> None:
    mid, ann, bob, cat = past_group(repo)
    card = repo.add_win("Numbers agreed", Column.PURSUING)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r")
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        await pilot.press("h", "tab", *"Ann backs it; Bob wants numbers", "tab")
        await pilot.press("5", "tab", "plus", "tab")  # Ann champion; Bob skeptical → neutral
        screen.query_one("#offer").focus()
        await pilot.press(*"Weekly cost report", "tab", *"Not block the line")
        screen.query_one("#new_win").focus()
        await pilot.press(*"Bob reviews the model")
        screen.query_one("#move_win").value = card.id
        screen.query_one("#looked_to Input").focus()
        await pilot.press(*"ann", "enter")
        screen.query_one("#follow_up Input").focus()
        await pilot.press(*"next mon 10am")
        await pilot.pause()
        resolved = str(screen.query_one("#follow_up .date-resolved").render())
        assert resolved == "→ Mon 7 Dec 2026, 10:00"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DebriefScreen)
        assert "✓ held" in row(app, "Steering")
        assert "! debrief due" not in row(app, "Follow-up: Steering")
    on_disk = saved(plan_path)
    held = on_disk.meetings[mid]
    assert (held.status, held.looked_to) == (MeetingStatus.HELD, (ann,))
    assert held.outcome == "Ann backs it; Bob wants numbers"
    stances = {pid: on_disk.people[pid].stance for pid in (ann, bob, cat)}
    assert stances == {ann: Stance.CHAMPION, bob: Stance.NEUTRAL, cat: Stance.NEUTRAL}
    assert {(c.person, c.meeting) for c in on_disk.stance_log.values() if c.meeting} == {
        (ann, mid),
        (bob, mid),
    }
    ties = {(t.source, t.target): t.strength for t in on_disk.ties.values()}
    assert ties == {(bob, ann): 3, (cat, ann): 1}
    [trade] = on_disk.trades.values()
    assert (trade.person, trade.offer, trade.ask) == (
        ann,
        "Weekly cost report",
        "Not block the line",
    )
    wins = {w.title: w for w in on_disk.wins.values()}
    assert wins["Bob reviews the model"].people == (ann, bob, cat)
    assert wins["Numbers agreed"].column is Column.WON
    assert {on_disk.people[p].last_contact for p in (ann, bob, cat)} == {YESTERDAY}
    [follow] = [m for m in on_disk.meetings.values() if m.id != mid]
    assert follow.attendees == (ann, bob, cat) and follow.status is MeetingStatus.PLANNED
    assert follow.start == datetime(2026, 12, 7, 10, 0).astimezone()


async def test_cancelled_keeps_last_contact(repo: Repository, plan_path: Path, make_app) -> None:
    mid, ann, _, _ = past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "r", "c", "tab", *"Ann was ill", "enter")
        await pilot.pause()
        assert "– cancelled" in row(app, "Steering")
    on_disk = saved(plan_path)
    assert on_disk.meetings[mid].status is MeetingStatus.CANCELLED
    assert on_disk.people[ann].last_contact is None


async def test_bad_input_is_shown_beside_the_field(repo: Repository, make_app) -> None:
    mid, _, _, _ = past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r", "h")
        screen = app.screen
        screen.query_one("#follow_up Input").focus()
        await pilot.press(*"the twelfth of never", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert "Cannot read" in error(app, "follow_up")
        screen.query_one("#follow_up Input").value = ""
        screen.query_one("#ask").focus()
        await pilot.press(*"their support", "enter")
        await pilot.pause()
        assert "Say what you offer" in error(app, "trade")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DebriefScreen)
    assert repo.meetings[mid].status is MeetingStatus.PLANNED
    assert not repo.trades


async def test_stance_keys_step_and_reset(repo: Repository, make_app) -> None:
    _, ann, _, _ = past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r")
        choice = app.screen.query_one(f"#stance-{ann}")
        choice.focus()
        await pilot.press("minus", "minus")
        assert "neutral → ✖ opposed" in str(choice.render())
        await pilot.press("0")
        assert "unknown" in str(choice.render())
        choice.focus()
        await pilot.press("3")
        assert "(unchanged)" in str(choice.render())
        await pilot.press("escape")
    assert repo.people[ann].stance is Stance.NEUTRAL


async def test_debrief_opens_on_the_selected_meeting_only(repo: Repository, make_app) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r")
        assert not isinstance(app.screen, DebriefScreen)


async def test_learn_an_interest_through_someone_they_trust(
    demo_repo: Repository, plan_path: Path, make_app
) -> None:
    meeting = next(m for m in demo_repo.meetings.values() if m.title.startswith("1:1 Sam"))
    [sam] = meeting.attendees
    dana = next(p.id for p in demo_repo.people.values() if p.name == "Dana Whitfield")
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        app.screen.select_meeting(meeting.id)
        await pilot.press("r")
        about = app.screen.query_one("#interest-who")
        assert about.value == sam  # the attendee first; Dana trusts Sam, so she is offered too
        about.value = dana
        app.screen.query_one("#interest").focus()
        await pilot.press(*"A quieter pager rota", "enter")
        await pilot.pause()
    [learned] = [i for i in saved(plan_path).interests.values() if i.text == "A quieter pager rota"]
    assert (learned.person, learned.learned_from) == (dana, sam)


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_meeting_still_to_come_cannot_be_debriefed_as_held(
    repo: Repository, plan_path: Path, make_app
) -> None:
    ann = repo.add_person("Ann", stance=Stance.NEUTRAL).id
    start = datetime.combine(TODAY + timedelta(days=2), time(10)).astimezone()
    mid = repo.add(Meeting(id=0, title="Budget", start=start, minutes=30, attendees=(ann,))).id
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")  # the cursor starts on the next meeting: this one
        assert app.screen.query_one(Timeline).meeting_id == mid
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        status = screen.query_one("#status")
        assert "Still to come (Fri 4 Dec 10:00): it can only be marked cancelled" in str(
            screen.query_one("#debrief-upcoming", Static).render()
        )
        await pilot.press("h", "space")  # held is refused, and said why
        assert status.value is MeetingStatus.CANCELLED
        assert any("can be marked held once it has started" in t for t in toasts(app))
        await pilot.press("escape")
        await pilot.pause()
        assert "✓ held" not in row(app, "Budget")
    on_disk = saved(plan_path)
    assert on_disk.meetings[mid].status is MeetingStatus.PLANNED
    assert on_disk.people[ann].last_contact is None


async def test_the_debrief_form_keeps_the_focus_where_the_user_put_it(
    repo: Repository, make_app
) -> None:
    _, ann, bob, _ = past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r")
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        assert screen.focused is screen.query_one("#status")
        await pilot.press("c", "h")  # one key each: the focus stays on the status
        assert screen.focused is screen.query_one("#status")
        await pilot.press("x")  # a letter the field does not take is said, not swallowed
        assert any("h (held), c (cancelled)" in t for t in toasts(app))
        await pilot.press("tab", "tab")  # outcome, then Ann's stance: tab skips nothing
        assert screen.focused is screen.query_one(f"#stance-{ann}")
        await pilot.press("4")
        assert screen.focused is screen.query_one(f"#stance-{ann}")
        await pilot.press("ctrl+l")  # straight to "the room looked to"
        assert screen.focused is screen.query_one("#looked_to Input")
        assert any("defers to" in str(s.render()) for s in screen.query(".debrief-hint"))
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "This form" in app.screen.plain_text() and "ctrl+l" in app.screen.plain_text()
        await pilot.press("escape")
        screen.query_one(f"#stance-{bob}").focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "A stance" in app.screen.plain_text()
        await pilot.press("escape")
        assert app.screen is screen


async def test_the_room_looked_to_says_what_it_does(
    repo: Repository, plan_path: Path, make_app
) -> None:
    _, ann, bob, cat = past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r", "ctrl+l", *"ann", "enter", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, DebriefScreen)
        said = " ".join(toasts(app))
        assert "The room looked to Ann: 1 'defers to' tie added, 1 made stronger" in said
    ties = {(t.source, t.target): t.strength for t in saved(plan_path).ties.values()}
    assert ties == {(bob, ann): 3, (cat, ann): 1}


async def test_an_outcome_written_in_the_editor_keeps_its_lines(
    repo: Repository, plan_path: Path, make_app, tmp_path: Path, monkeypatch
) -> None:
    script = tmp_path / "fake-editor.sh"
    script.write_text('#!/bin/sh\nprintf "Ann backs it.\\nBob wants numbers.\\n" > "$1"\n')
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    mid, _, _, _ = past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r", "ctrl+o", "ctrl+g")
        outcome = app.screen.query_one("#outcome")
        await until_value(pilot, lambda: outcome.value == "Ann backs it. Bob wants numbers.")
        await pilot.press("enter")
        await pilot.pause()
    assert saved(plan_path).meetings[mid].outcome == "Ann backs it.\nBob wants numbers."


async def until_value(pilot, condition) -> None:
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("never")


async def test_keys_typed_in_a_burst_follow_the_tab(repo: Repository, make_app) -> None:
    from textual import events

    past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r")
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        for key, char in (("h", "h"), ("tab", "\t"), ("O", "O"), ("k", "k")):
            app.post_message(events.Key(key, char))  # queued before any is handled
        await until_value(pilot, lambda: screen.query_one("#outcome").value == "Ok")
        assert not toasts(app)  # nothing said to be swallowed


async def test_text_then_tab_then_a_stance_in_a_burst(repo: Repository, make_app) -> None:
    from textual import events

    _, ann, _, _ = past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r", "ctrl+o")
        screen = app.screen
        for key, char in (("A", "A"), ("g", "g"), ("tab", "\t"), ("5", "5")):
            app.post_message(events.Key(key, char))  # queued before any is handled
        choice = screen.query_one(f"#stance-{ann}")
        await until_value(pilot, lambda: choice.value is Stance.CHAMPION)
        assert screen.query_one("#outcome").value == "Ag"


async def test_up_and_down_move_between_the_attendees_stances(
    repo: Repository, plan_path: Path, make_app
) -> None:
    meeting, ann, bob, cat = past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        app.screen.select_meeting(meeting)
        await pilot.press("r")
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("h", "tab", "tab")  # the outcome, then Ann's stance
        assert app.focused.id == f"stance-{ann}"
        await pilot.press("4", "down", "2", "down", "5", "up", "up")
        assert app.focused.id == f"stance-{ann}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, DebriefScreen)
    people = saved(plan_path).people
    assert (people[ann].stance, people[bob].stance, people[cat].stance) == (
        Stance.SUPPORTIVE,
        Stance.SKEPTICAL,
        Stance.CHAMPION,
    )


async def test_keys_typed_in_the_same_burst_as_r_reach_the_debrief(
    repo: Repository, make_app
) -> None:
    past_group(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        burst(app, "r", "h", "tab", "O", "k")  # all queued before "r" is handled
        await until_value(pilot, lambda: isinstance(app.screen, DebriefScreen))
        screen = app.screen
        await until_value(pilot, lambda: screen.query_one("#outcome").value == "Ok")
