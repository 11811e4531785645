"""Pilot tests of the People view's detail: ties, agenda and trades panes, approach advice."""

from __future__ import annotations

from pathlib import Path

from allies.store.model import (
    Interest,
    Person,
    Stance,
    Tie,
    TieKind,
    TradeStatus,
)
from allies.store.repository import Repository
from allies.tui.screens.modals.confirm import ConfirmScreen
from allies.tui.screens.modals.interest_form import InterestForm
from allies.tui.screens.modals.tie_form import TieForm
from allies.tui.screens.modals.trade_form import TradeForm
from allies.widgets.agenda_list import AgendaList
from allies.widgets.influencer_table import InfluencerTable
from allies.widgets.stance import MASK
from allies.widgets.ties_list import TiesList
from allies.widgets.trade_list import TradeList
from tests.conftest import saved


def select_person(app, name: str) -> None:
    table = app.screen.query_one(InfluencerTable)
    for i in range(table.row_count):
        if str(table.cells_at(i)[1]) == name:
            table.move_cursor(row=i)
            app.screen.show_detail_now()
            return
    raise AssertionError(f"{name} is not in the table")


def lines(pane) -> list[str]:
    return [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def table_rank(app, name: str) -> tuple[str, str]:
    """(score, rank) shown in the table for this person."""
    table = app.screen.query_one(InfluencerTable)
    for i in range(table.row_count):
        row = table.cells_at(i)
        if str(row[1]) == name:
            return str(row[4]), str(row[5])
    raise AssertionError(name)


async def test_ties_read_in_words_both_ways(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Dana Whitfield")
        await pilot.pause()
        ties = lines(app.screen.query_one(TiesList))
        assert "▮▯▯ listens to ★ Sam Patel" in ties
        assert "▮▮▮ trusts ★ Sam Patel" in ties
        assert "▮▮▮ deferred to by ? Jorge Alvarez" in ties
        assert "▮▮▯ has the ear of ● Margaret Okafor" in ties  # Margaret listens to Dana
        select_person(app, "Priya Raman")
        await pilot.pause()
        ties = lines(app.screen.query_one(TiesList))
        assert "▮▮▯ defers to ? Victor Novak" in ties
        assert "▮▮▯ trusts ● Hannah Kim" in ties


async def test_agenda_trades_and_approach_advice(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Dana Whitfield")
        await pilot.pause()
        agenda = lines(app.screen.query_one(AgendaList))
        assert agenda[0].startswith("high ○ Cut the on-call load on her product teams")
        trades = lines(app.screen.query_one(TradeList))
        assert trades == [
            "proposed  Platform team takes over on-call for shared pipelines"
            " ↔ Back the proposal at the staff meeting"
        ]
        approach = text_of(app, "#detail-approach")
        assert approach.startswith(
            "Approach next: #1 — next: offer 'Platform team takes over on-call"
        )
        assert "bring Sam Patel, who has their ear" in approach
        assert "respected by Lee Chen, Sam Patel" in approach
        assert "Sam Patel (ally) has their ear" in approach
        # what she wants was learned through Sam: no more "ask Sam what Dana wants"
        assert "wants: Cut the on-call load on her product teams (learned from Sam Patel)" in (
            approach
        )
        assert "Ask ★ Sam Patel what Dana Whitfield wants" not in approach
        select_person(app, "Lee Chen")
        await pilot.pause()
        assert text_of(app, "#detail-approach").startswith("An ally already")


async def test_tab_walks_the_panes_and_the_footer_follows(demo_repo: Repository, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the detail is drawn just after the table
        assert isinstance(app.screen.focused, InfluencerTable)
        assert app.screen.active_bindings["n"].binding.description == "New"
        await pilot.press("tab")
        assert isinstance(app.screen.focused, TiesList)
        assert app.screen.active_bindings["n"].binding.description == "New tie"
        await pilot.press("tab")
        assert isinstance(app.screen.focused, AgendaList)
        assert app.screen.active_bindings["n"].binding.description == "New interest"
        await pilot.press("tab")
        assert isinstance(app.screen.focused, TradeList)
        assert app.screen.active_bindings["space"].binding.description == "Advance"
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert isinstance(app.screen.focused, InfluencerTable)


async def test_focused_row_is_shown_whole(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        select_person(app, "Dana Whitfield")
        await pilot.press("tab", "tab")
        await pilot.pause()
        item = app.screen.query_one("#detail-item")
        assert item.display
        assert str(item.render()).startswith(
            "Cut the on-call load on her product teams — high priority, open; "
            "learned from ★ Sam Patel; 1 open trade answers it"
        )
        agenda = app.screen.query_one(AgendaList)
        assert agenda.region.height >= 2  # the focused pane is on screen, even at 80×24
        assert agenda.region.bottom <= 24
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert not item.display


async def test_add_a_tie_from_the_keyboard_reranks(repo: Repository, plan_path: Path, make_app):
    for name in ("Ann", "Bob", "Cy", "Dee"):
        repo.add_person(name)
    repo.add(Tie(id=0, source=repo_id(repo, "Cy"), target=repo_id(repo, "Dee"), kind="defers_to"))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        assert table_rank(app, "Dee")[1] == "1"
        assert table_rank(app, "Ann") != ("100", "1")
        select_person(app, "Bob")
        await pilot.press("tab", "n")
        assert isinstance(app.screen, TieForm)
        # Relation: "defers to" (the default); Who: enter, type part of a name, enter.
        await pilot.press("tab", "space", *"an", "enter", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, TieForm)
        assert "▮▮▯ defers to ? Ann" in lines(app.screen.query_one(TiesList))
        assert isinstance(app.screen.focused, TiesList)
        # Ann is now followed by Bob, as Dee is by Cy: Ann ties for the top (by name).
        assert table_rank(app, "Ann") == ("100", "1")
    [tie] = [t for t in saved(plan_path).ties.values() if t.source == repo_id(repo, "Bob")]
    assert (tie.target, tie.kind, tie.strength) == (repo_id(repo, "Ann"), TieKind.DEFERS_TO, 2)


def repo_id(repo: Repository, name: str) -> int:
    return next(p.id for p in repo.people.values() if p.name == name)


async def test_an_incoming_tie_is_stored_the_right_way_round(
    repo: Repository, plan_path: Path, make_app
):
    dana = repo.add_person("Dana")
    sam = repo.add_person("Sam")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Dana")
        await pilot.press("tab", "n")
        form = app.screen
        form.query_one("#relation").value = 5  # "is trusted by …"
        await pilot.press("tab", "space", *"sam", "enter", "ctrl+s")
        await pilot.pause()
        assert "▮▮▯ trusted by ? Sam" in lines(app.screen.query_one(TiesList))
    [tie] = saved(plan_path).ties.values()
    assert (tie.source, tie.target, tie.kind) == (sam.id, dana.id, TieKind.TRUSTS)


async def test_a_tie_to_oneself_cannot_be_picked(repo: Repository, make_app) -> None:
    repo.add_person("Dana")
    repo.add_person("Sam")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Dana")
        await pilot.press("tab", "n")
        await pilot.pause()
        assert isinstance(app.screen, TieForm)
        assert [str(name) for name, _ in app.screen.people] == ["Sam"]
        await pilot.press("ctrl+s")  # no one picked: refused beside the field
        await pilot.pause()
        assert isinstance(app.screen, TieForm)
        assert app.screen.query_one("#error-target").display
        await pilot.press("escape")
    assert not repo.ties


async def test_add_an_interest_learned_from_someone(repo: Repository, plan_path: Path, make_app):
    dana = repo.add_person("Dana")
    sam = repo.add_person("Sam", stance=Stance.CHAMPION)
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Dana")
        await pilot.press("tab", "tab", "n")
        assert isinstance(app.screen, InterestForm)
        await pilot.press(*"Fewer on-call pages", "tab", "tab", "space", *"sam", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert lines(app.screen.query_one(AgendaList)) == ["med  ○ Fewer on-call pages  via Sam"]
        assert "learned from ★ Sam" in text_of(app, "#detail-item")
    [interest] = saved(plan_path).interests.values()
    assert (interest.person, interest.text, interest.learned_from) == (
        dana.id,
        "Fewer on-call pages",
        sam.id,
    )


async def test_add_a_trade_then_advance_it(repo: Repository, plan_path: Path, make_app) -> None:
    dana = repo.add_person("Dana", stance=Stance.NEUTRAL)
    interest = repo.add(Interest(id=0, person=dana.id, text="Fewer on-call pages", priority=3))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "tab", "tab", "n")
        assert isinstance(app.screen, TradeForm)
        await pilot.press(*"Take over on-call", "tab", *"Back the proposal")
        await pilot.press("tab", "tab", "space", *"on-call", "enter", "ctrl+s")
        await pilot.pause()
        pane = app.screen.query_one(TradeList)
        assert lines(pane) == ["idea      Take over on-call ↔ Back the proposal"]
        approach = text_of(app, "#detail-approach")
        assert "wants: Fewer on-call pages" in approach
        assert "you can offer Take over on-call for it (idea)" in approach
        assert "1 open trade answers it" in str(
            app.screen.query_one(AgendaList).describe(app.screen.query_one(AgendaList).rows[0])
        )
        await pilot.press("space")
        await pilot.pause()
        assert lines(pane)[0].startswith("proposed ")
        await pilot.press("greater_than_sign", "greater_than_sign", "space")
        await pilot.pause()
        assert lines(pane)[0].startswith("delivered")
    [trade] = saved(plan_path).trades.values()
    assert (trade.offer, trade.ask, trade.interest) == (
        "Take over on-call",
        "Back the proposal",
        interest.id,
    )
    assert trade.status is TradeStatus.DELIVERED


async def test_edit_with_enter_and_delete_confirmed(demo_repo: Repository, plan_path, make_app):
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Dana Whitfield")
        await pilot.press("tab", "tab", "enter")
        assert isinstance(app.screen, InterestForm)
        app.screen.query_one("#text").value = "Cut on-call load by half"
        await pilot.press("enter")
        await pilot.pause()
        agenda = app.screen.query_one(AgendaList)
        assert "Cut on-call load by half" in lines(agenda)[0]
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "1 trade." in text_of(app, "#confirm-detail")
        await pilot.press("y")
        await pilot.pause()
        assert len(lines(agenda)) == 1
    on_disk = saved(plan_path)
    dana = next(p for p in on_disk.people.values() if p.name == "Dana Whitfield")
    texts = [i.text for i in on_disk.interests.values() if i.person == dana.id]
    assert texts == ["Headcount for platform work without losing feature velocity"]
    # the trade that answered it stays, no longer naming an interest
    [trade] = [t for t in on_disk.trades.values() if t.person == dana.id]
    assert trade.interest is None


async def test_delete_on_an_empty_pane_never_deletes_the_person(repo: Repository, make_app):
    repo.add_person("Dana")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "d", "e")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert len(repo.people) == 1


async def test_delete_a_tie_and_undo(demo_repo: Repository, plan_path: Path, make_app) -> None:
    before = len(demo_repo.ties)
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Priya Raman")
        await pilot.press("tab", "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Priya Raman defers to ? Victor Novak" in text_of(app, "#confirm-detail")
        await pilot.press("y")
        await pilot.pause()
        assert len(saved(plan_path).ties) == before - 1
        await pilot.press("u")
        await pilot.pause()
        assert "▮▮▯ defers to ? Victor Novak" in lines(app.screen.query_one(TiesList))
    assert len(saved(plan_path).ties) == before


async def test_no_alternative_flag_until_a_trade_is_open(repo: Repository, make_app) -> None:
    boss = repo.add_person("Boss", stance=Stance.OPPOSED)
    for name in ("Ann", "Bob"):
        p = repo.add_person(name)
        repo.add(Tie(id=0, source=p.id, target=boss.id, kind="defers_to"))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Boss")
        await pilot.pause()
        assert "No alternative on the table yet" in text_of(app, "#detail-approach")
        await pilot.press("tab", "tab", "tab", "n", *"A pilot first", "ctrl+s")
        await pilot.pause()
        assert "No alternative on the table yet" not in text_of(app, "#detail-approach")


async def test_privacy_masks_the_panes(demo_repo: Repository, make_app) -> None:
    app = make_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Dana Whitfield")
        await pilot.press("asterisk")
        await pilot.pause()
        shown = "\n".join(
            [
                text_of(app, "#detail-head"),
                text_of(app, "#detail-approach"),
                text_of(app, "#detail-notes"),
                *lines(app.screen.query_one(TiesList)),
                *lines(app.screen.query_one(AgendaList)),
                *lines(app.screen.query_one(TradeList)),
            ]
        )
        for secret in ("Dana", "Sam", "Margaret", "on-call", "Platform", "velocity", "Engineering"):
            assert secret not in shown
        assert MASK in lines(app.screen.query_one(TiesList))[0]
        assert "neutral" in text_of(app, "#detail-approach")  # what names no one stays
        await pilot.press("tab")
        await pilot.pause()
        assert "Sam" not in text_of(app, "#detail-item")
        await pilot.press("asterisk")
        await pilot.pause()
        assert "Sam Patel" in lines(app.screen.query_one(TiesList))[0]


async def test_long_text_is_cut_in_the_list_and_whole_below(repo: Repository, make_app) -> None:
    dana = repo.add_person("Dana")
    long = "A very long interest " * 9
    repo.add(Interest(id=0, person=dana.id, text=long.strip()))
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab")
        await pilot.pause()
        agenda = app.screen.query_one(AgendaList)
        first_line = agenda.render_line(0).text.rstrip()
        assert first_line.endswith("…") and len(first_line) <= agenda.size.width
        assert long.strip() in text_of(app, "#detail-item")


async def test_read_only_hides_the_pane_verbs(plan_path: Path, make_app) -> None:
    with Repository.open(plan_path, title="x") as r:
        r.add_person("Dana")
    ro = Repository.open(plan_path, read_only=True)
    app = make_app(ro)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        assert isinstance(app.screen.focused, TiesList)
        new = app.screen.active_bindings.get("n")
        assert new is None or not new.enabled
        await pilot.press("n")
        assert not isinstance(app.screen, TieForm)
    assert isinstance(saved(plan_path).get(Person, 1), Person)


async def test_the_chief_rule_is_explained_where_it_surprises(repo: Repository, make_app) -> None:
    """Issue 19, point 7: a decider ranked among the chiefs but followed by no one gets no ♛,
    and the detail says why; a chief's detail says what makes them one."""
    repo.add(Person(id=0, name="Boss", decider=True))
    lead = repo.add(Person(id=0, name="Lead")).id
    for name in ("Ann", "Bo"):
        fan = repo.add(Person(id=0, name=name)).id
        repo.add(Tie(id=0, source=fan, target=lead, kind=TieKind.DEFERS_TO, strength=1))
    repo.add(
        Tie(id=0, source=lead, target=repo.add(Person(id=0, name="Cy")).id, kind=TieKind.LISTENS_TO)
    )
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Boss")
        await pilot.pause()
        head = text_of(app, "#detail-head")
        assert "♛ chief influencer" not in head and "◆ decider" in head
        assert "is no chief influencer (♛): no one is recorded deferring to" in head
        select_person(app, "Lead")
        await pilot.pause()
        head = text_of(app, "#detail-head")
        assert "♛ chief influencer" in head
        assert "why ♛: 2 people defer to them" in head


async def test_namesakes_are_told_apart_in_the_detail(repo: Repository, make_app) -> None:
    """Two Marcus Lees: the detail's advice and ties say which one (store/names.py)."""
    finance = repo.add(Person(id=0, name="Marcus Lee", role="CFO", org="Finance")).id
    sales = repo.add(Person(id=0, name="Marcus Lee", org="Sales")).id
    dana = repo.add(Person(id=0, name="Dana", stance=Stance.NEUTRAL)).id
    repo.add(Tie(id=0, source=finance, target=dana, kind=TieKind.DEFERS_TO))
    repo.add(Tie(id=0, source=dana, target=sales, kind=TieKind.TRUSTS))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Dana")
        await pilot.pause()
        approach = " ".join(text_of(app, "#detail-approach").split())
        assert "respected by Marcus Lee (CFO · Finance)" in approach
        assert "Marcus Lee (Sales) what Dana wants" in approach  # the channel to ask
        ties = lines(app.screen.query_one(TiesList))
        assert any(t.endswith("trusts ? Marcus Lee (Sales)") for t in ties), ties
        assert any("deferred to by ? Marcus Lee (CFO · Finance)" in t for t in ties), ties


async def test_whom_to_ask_is_said_once_not_three_times(repo: Repository, make_app) -> None:
    """Nothing Marcus wants is known: one line says to ask Helen, whom he trusts."""
    ruth = repo.add_person("Ruth Adeyemi", decider=True)
    marcus = repo.add_person("Marcus Webb")
    helen = repo.add_person("Helen Park")
    repo.add_person("Priya Shah")
    repo.add(Tie(id=0, source=ruth.id, target=marcus.id, kind=TieKind.LISTENS_TO))
    repo.add(Tie(id=0, source=marcus.id, target=helen.id, kind=TieKind.TRUSTS))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        select_person(app, "Marcus Webb")
        await pilot.pause()
        approach = text_of(app, "#detail-approach")
        assert approach.count("what Marcus Webb wants") == 1
        assert "Ask ? Helen Park what Marcus Webb wants" in approach
        assert "has the ear of Ruth Adeyemi" in approach  # the other reasons stay
        select_person(app, "Priya Shah")
        await pilot.pause()
        approach = text_of(app, "#detail-approach")
        assert "No one Priya Shah trusts is recorded" in approach
        assert "find someone Priya Shah trusts" not in approach  # said once, by that line
        assert "learn what Priya Shah wants" not in approach
