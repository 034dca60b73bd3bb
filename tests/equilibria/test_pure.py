from itertools import product
from math import comb

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamegroup.equilibria import pure_nash_equilibria, symmetric_pure_equilibria
from gamegroup.games import NormalFormGame, public_goods
from gamegroup.testing import assert_nash
from gamegroup.testing import strategies as ggst


def brute_force(game):
    payoffs = game.payoffs
    found = []
    for profile in product(*(range(n) for n in game.n_actions)):
        stable = True
        for i in range(game.n_players):
            here = payoffs[(i, *profile)]
            for b in range(game.n_actions[i]):
                other = list(profile)
                other[i] = b
                if payoffs[(i, *other)] > here:
                    stable = False
        if stable:
            found.append(profile)
    return found


@given(ggst.normal_form_games(n_players=st.integers(1, 4), n_actions=st.integers(1, 3)))
def test_pure_equilibria_match_brute_force(game):
    found = pure_nash_equilibria(game)
    profiles = [tuple(int(s.argmax()) for s in eq.strategies) for eq in found]
    exact = [p for p, eq in zip(profiles, found, strict=True) if eq.verified_exactly]
    assert exact == brute_force(game)
    for eq in found:
        assert eq.regret <= 1e-9
        assert_nash(game, eq)


def test_chunking_does_not_change_the_answer():
    rng = np.random.default_rng(3)
    game = NormalFormGame(rng.integers(0, 3, size=(3, 4, 5, 6)).astype(float))
    assert pure_nash_equilibria(game) == pure_nash_equilibria(game, chunk_entries=7)


@pytest.mark.parametrize(("n_players", "threshold"), [(3, 2), (5, 2), (6, 3), (8, 4)])
def test_threshold_public_goods_has_c_n_t_plus_one_pure_equilibria(n_players, threshold):
    game = public_goods(
        group_size=n_players, multiplier=1.5 * n_players / threshold, threshold=threshold
    )
    tensor = pure_nash_equilibria(game.to_normal_form())
    assert len(tensor) == comb(n_players, threshold) + 1
    assert symmetric_pure_equilibria(game).total_profiles == len(tensor)
    representatives = pure_nash_equilibria(game)
    assert len(representatives) == 2
    for eq in representatives:
        assert_nash(game.to_normal_form(), eq.strategies)


def test_pure_validation():
    game = NormalFormGame(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r"`tol`"):
        pure_nash_equilibria(game, tol=-1.0)
    with pytest.raises(ValueError, match=r"`chunk_entries`"):
        pure_nash_equilibria(game, chunk_entries=0)
    with pytest.raises(TypeError, match=r"`game`"):
        pure_nash_equilibria("game")
