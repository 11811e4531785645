"""The network around a person (store/network.py): two hops, strength, the introduction path."""

from __future__ import annotations

from allies.store.model import Person, Stance, Tie, TieKind
from allies.store.network import FIRST_HOP_MAX, network
from allies.store.repository import Repository

DEFERS, LISTENS, TRUSTS = TieKind.DEFERS_TO, TieKind.LISTENS_TO, TieKind.TRUSTS


def person(repo: Repository, name: str, stance: Stance = Stance.NEUTRAL) -> int:
    return repo.add(Person(id=0, name=name, stance=stance)).id


def tie(repo: Repository, source: int, target: int, kind: TieKind, strength: int = 1) -> None:
    repo.add(Tie(id=0, source=source, target=target, kind=kind, strength=strength))


def test_both_directions_two_hops_strongest_first(repo: Repository) -> None:
    dana, lee, sam, tom, ann = (person(repo, n) for n in ("Dana", "Lee", "Sam", "Tom", "Ann"))
    tie(repo, dana, lee, LISTENS, 1)
    tie(repo, dana, sam, DEFERS, 3)
    tie(repo, dana, sam, TRUSTS, 2)
    tie(repo, lee, ann, TRUSTS, 2)  # second hop: Lee has Dana's ear, Ann has Lee's
    tie(repo, tom, dana, DEFERS, 2)
    net = network(dana, repo.people, repo.ties)
    assert [(link.other, link.kinds, link.strength) for link in net.has_their_ear] == [
        (sam, (DEFERS, TRUSTS), 3),
        (lee, (LISTENS,), 1),
    ]
    assert [f.other for f in net.has_their_ear[1].further] == [ann]
    assert [(link.other, link.outward) for link in net.follows_them] == [(tom, False)]
    assert net.people == {dana, lee, sam, tom, ann}
    assert net.path == ()  # no ally anywhere


def test_introduction_path_from_an_ally_through_someone_with_their_ear(repo: Repository) -> None:
    dana, lee = person(repo, "Dana"), person(repo, "Lee")
    sam = person(repo, "Sam", Stance.CHAMPION)
    far = person(repo, "Far", Stance.SUPPORTIVE)
    tie(repo, dana, lee, LISTENS, 3)
    tie(repo, lee, sam, TRUSTS, 1)
    tie(repo, far, dana, DEFERS, 3)  # Far follows Dana: no way to Dana's ear
    assert network(dana, repo.people, repo.ties).path == (sam, lee, dana)
    tie(repo, dana, far, TRUSTS, 1)  # now an ally has Dana's ear directly
    assert network(dana, repo.people, repo.ties).path == (far, dana)
    assert network(sam, repo.people, repo.ties).path == (sam,)  # an ally is their own path


def test_a_crowded_person_shows_a_few_and_counts_the_rest(repo: Repository) -> None:
    hub = person(repo, "Hub")
    for i in range(FIRST_HOP_MAX + 3):
        tie(repo, person(repo, f"F{i}"), hub, DEFERS)
    net = network(hub, repo.people, repo.ties)
    assert len(net.follows_them) == FIRST_HOP_MAX
    assert net.hidden == 3
