"""The analysis cache: answers are reused exactly when their inputs did not change."""

from __future__ import annotations

from allies.store.analysis import analysis_for
from allies.store.model import Column, Stance, Tie, TieKind
from allies.store.repository import Repository


def test_a_card_move_keeps_the_influence_ranking(demo_repo: Repository) -> None:
    before = analysis_for(demo_repo)
    scores, approach = before.scores, before.approach
    win = next(iter(demo_repo.wins.values()))
    demo_repo.move_win(win.id, Column.PARKED)
    after = analysis_for(demo_repo)
    assert after is not before
    assert after.scores is scores  # reused, not recomputed
    assert after.approach is approach  # nothing approach reads changed


def test_a_stance_change_keeps_influence_but_renews_approach(demo_repo: Repository) -> None:
    before = analysis_for(demo_repo)
    scores, approach = before.scores, before.approach
    target = before.approach[0].person
    demo_repo.set_stance(target, Stance.CHAMPION)
    after = analysis_for(demo_repo)
    assert after.scores is scores
    assert after.approach is not approach
    assert target not in [s.person for s in after.approach]  # now an ally


def test_a_new_tie_or_decider_renews_influence(demo_repo: Repository) -> None:
    first = analysis_for(demo_repo)
    scores = first.scores
    people = list(demo_repo.people.values())
    demo_repo.add(Tie(id=0, source=people[-1].id, target=people[-2].id, kind=TieKind.DEFERS_TO))
    second = analysis_for(demo_repo)
    assert second.scores is not scores
    assert second.scores[people[-2].id].score > scores[people[-2].id].score
    scores = second.scores
    demo_repo.update(people[-1].replace(decider=not people[-1].decider))
    assert analysis_for(demo_repo).scores is not scores
