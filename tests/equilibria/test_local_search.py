import pytest

import gamegroup as gg
from gamegroup.equilibria import local_nash_search
from gamegroup.games import public_goods
from gamegroup.testing import assert_nash, assert_reproducible


def test_local_search_finds_the_three_equilibria_of_battle_of_the_sexes():
    game = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    found = local_nash_search(game, n_starts=12, rng=0)
    assert len(found.equilibria) == 3
    for eq in found.equilibria:
        assert_nash(game, eq)


def test_same_seed_same_search():
    game = public_goods(group_size=3, multiplier=2.4, threshold=2).to_normal_form()
    first = assert_reproducible(local_nash_search, game, n_starts=3, rng=5)
    assert first.seed.entropy == 5


def test_symmetric_games_are_searched_for_symmetric_equilibria():
    game = public_goods(group_size=10, multiplier=8.0, threshold=5)
    found = local_nash_search(game, n_starts=6, rng=1)
    for eq in found.equilibria:
        assert_nash(game, eq.strategies[0])


def test_local_search_validation():
    game = gg.BimatrixGame([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"`n_starts`"):
        local_nash_search(game, n_starts=0)
    with pytest.raises(TypeError, match=r"`rng`"):
        local_nash_search(game, rng=1.5)
