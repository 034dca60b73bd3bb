import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gamegroup as gg
from gamegroup.equilibria import is_epsilon_nash, is_nash, regret
from gamegroup.testing import assert_nash
from gamegroup.testing import strategies as ggst


@given(ggst.normal_form_games(), st.data())
def test_regret_is_the_largest_gain_from_a_pure_deviation(game, data):
    profile = data.draw(ggst.mixed_profiles(game))
    expected = 0.0
    for i in range(game.n_players):
        current = game.expected_payoffs(profile)[i]
        for action in range(game.n_actions[i]):
            deviated = list(profile)
            deviated[i] = np.eye(game.n_actions[i])[action]
            expected = max(expected, game.expected_payoffs(deviated)[i] - current)
    assert regret(game, profile) == pytest.approx(expected, abs=1e-9)
    assert is_epsilon_nash(game, profile, expected + 1e-9)


def test_assert_nash_reports_the_deviation():
    game = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(AssertionError, match="player 0 gains 2"):
        assert_nash(game, [[1, 0], [1, 0]])
    with pytest.raises(AssertionError, match="strategy 0 earns"):
        assert_nash(gg.public_goods(group_size=3, multiplier=2.0), [0.0, 1.0])


def test_verification_validation():
    game = gg.BimatrixGame([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"`tol`"):
        is_nash(game, [[1, 0], [1, 0]], tol=0)
    with pytest.raises(ValueError, match=r"`epsilon`"):
        is_epsilon_nash(game, [[1, 0], [1, 0]], -1.0)
    with pytest.raises(ValueError, match=r"`profile"):
        regret(game, [[1, 0]])
    with pytest.raises(ValueError, match=r"`profile"):
        regret(gg.public_goods(group_size=3, multiplier=2.0), [[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(TypeError, match=r"`game`"):
        regret("game", [[1, 0]])
