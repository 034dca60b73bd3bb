from itertools import product

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamegroup import NormalFormGame
from gamegroup.testing import strategies as ggst


def brute_force_expected_payoffs(game, profile):
    total = np.zeros(game.n_players)
    for actions in product(*(range(n) for n in game.n_actions)):
        weight = np.prod([profile[i][a] for i, a in enumerate(actions)])
        total += weight * game.payoffs[(slice(None), *actions)]
    return total


@st.composite
def games_with_profiles(draw, **kwargs):
    game = draw(ggst.normal_form_games(**kwargs))
    return game, draw(ggst.mixed_profiles(game))


@given(games_with_profiles(n_players=st.integers(1, 4)))
def test_expected_payoffs_equal_brute_force_sum_over_pure_profiles(case):
    game, profile = case
    np.testing.assert_allclose(
        game.expected_payoffs(profile), brute_force_expected_payoffs(game, profile), atol=1e-10
    )


@given(games_with_profiles())
def test_deviation_payoffs_are_expected_payoffs_of_pure_deviations(case):
    game, profile = case
    deviations = game.deviation_payoffs(profile)
    expected = game.expected_payoffs(profile)
    for i, v in enumerate(deviations):
        assert v.shape == (game.n_actions[i],)
        np.testing.assert_allclose(profile[i] @ v, expected[i], atol=1e-10)
        for a in range(game.n_actions[i]):
            pure = list(profile)
            pure[i] = np.eye(game.n_actions[i])[a]
            np.testing.assert_allclose(v[a], game.expected_payoffs(pure)[i], atol=1e-10)


@given(ggst.normal_form_games(), st.data())
def test_batched_deviation_payoffs_equal_one_at_a_time(game, data):
    profiles = [data.draw(ggst.mixed_profiles(game)) for _ in range(3)]
    batch = [np.stack([p[i] for p in profiles]) for i in range(game.n_players)]
    batched = game.deviation_payoffs(batch)
    for b, profile in enumerate(profiles):
        single = game.deviation_payoffs(profile)
        for i in range(game.n_players):
            np.testing.assert_allclose(batched[i][b], single[i], atol=1e-12)
    np.testing.assert_allclose(
        game.expected_payoffs(batch)[1], game.expected_payoffs(profiles[1]), atol=1e-12
    )


@given(games_with_profiles(n_players=3), st.permutations(range(3)))
def test_relabelling_players_permutes_payoffs(case, order):
    game, profile = case
    relabelled = game.permute_players(order)
    new_profile = [profile[k] for k in order]
    np.testing.assert_allclose(
        relabelled.expected_payoffs(new_profile),
        game.expected_payoffs(profile)[list(order)],
        atol=1e-10,
    )
    new_dev = relabelled.deviation_payoffs(new_profile)
    old_dev = game.deviation_payoffs(profile)
    for new_index, old_index in enumerate(order):
        np.testing.assert_allclose(new_dev[new_index], old_dev[old_index], atol=1e-10)


@given(games_with_profiles(n_actions=3), st.permutations(range(3)), st.integers(0, 1))
def test_relabelling_actions_permutes_deviation_payoffs(case, order, player):
    game, profile = case
    relabelled = game.permute_actions(player, order)
    new_profile = list(profile)
    new_profile[player] = profile[player][list(order)]
    np.testing.assert_allclose(
        relabelled.expected_payoffs(new_profile), game.expected_payoffs(profile), atol=1e-10
    )
    np.testing.assert_allclose(
        relabelled.deviation_payoffs(new_profile)[player],
        game.deviation_payoffs(profile)[player][list(order)],
        atol=1e-10,
    )


def test_payoffs_are_read_only_and_copied():
    source = np.zeros((2, 2, 2))
    game = NormalFormGame(source)
    source[0, 0, 0] = 9
    assert game.payoffs[0, 0, 0] == 0
    with pytest.raises(ValueError, match="read-only"):
        game.payoffs[0, 0, 0] = 1


def test_names_and_repr():
    game = NormalFormGame(
        np.zeros((2, 2, 3)), player_names=["row", "col"], action_names=[["u", "d"], ["l", "c", "r"]]
    )
    assert game.action_names[1] == ("l", "c", "r")
    assert repr(game) == "NormalFormGame(n_players=2, n_actions=(2, 3))"
    swapped = game.permute_players([1, 0])
    assert swapped.player_names == ("col", "row")
    assert swapped.action_names[0] == ("l", "c", "r")


def test_equality():
    assert NormalFormGame(np.ones((2, 2, 2))) == NormalFormGame(np.ones((2, 2, 2)))
    assert NormalFormGame(np.ones((2, 2, 2))) != NormalFormGame(np.zeros((2, 2, 2)))


@pytest.mark.parametrize(
    ("payoffs", "error", "pattern"),
    [
        (np.zeros((3, 2, 2)), ValueError, r"`payoffs` must have shape"),
        (np.full((2, 2, 2), np.nan), ValueError, r"`payoffs` must contain only finite"),
        ([[[1, 2], [3, "x"]]], TypeError, r"`payoffs` must be an array of real numbers"),
        (None, TypeError, r"`payoffs`"),
    ],
)
def test_bad_payoffs_are_rejected_naming_the_argument(payoffs, error, pattern):
    with pytest.raises(error, match=pattern):
        NormalFormGame(payoffs)


def test_bad_names_are_rejected():
    with pytest.raises(ValueError, match=r"`player_names` must be a sequence of 2 strings"):
        NormalFormGame(np.zeros((2, 2, 2)), player_names=["a"])
    with pytest.raises(ValueError, match=r"`action_names` must have one list per player"):
        NormalFormGame(np.zeros((2, 2, 2)), action_names=[["a", "b"]])
    with pytest.raises(ValueError, match=r"`action_names\[1\]`"):
        NormalFormGame(np.zeros((2, 2, 2)), action_names=[["a", "b"], ["c"]])


def test_bad_profiles_are_rejected_naming_the_argument():
    game = NormalFormGame(np.zeros((2, 2, 3)))
    with pytest.raises(ValueError, match=r"`profile` must have one mixed strategy per player"):
        game.expected_payoffs([[1, 0]])
    with pytest.raises(ValueError, match=r"`profile\[1\]` must have 3 entries"):
        game.expected_payoffs([[1, 0], [1, 0]])
    with pytest.raises(ValueError, match=r"`profile\[0\]` must lie on the simplex"):
        game.deviation_payoffs([[0.6, 0.6], [1, 0, 0]])
    with pytest.raises(TypeError, match=r"`profile` must be a sequence"):
        game.expected_payoffs(3)
    with pytest.raises(ValueError, match=r"same batch shape"):
        game.expected_payoffs([[[1, 0], [0, 1]], [1, 0, 0]])


def test_pure_payoffs_validation():
    game = NormalFormGame(np.arange(12.0).reshape(2, 2, 3))
    np.testing.assert_array_equal(game.pure_payoffs((1, 2)), [5.0, 11.0])
    with pytest.raises(ValueError, match=r"`actions\[1\]` must be an integer <= 2"):
        game.pure_payoffs((0, 3))
    with pytest.raises(ValueError, match=r"`actions` must give one action per player"):
        game.pure_payoffs((0,))
    with pytest.raises(ValueError, match=r"`order` must be a permutation"):
        game.permute_players([0, 0])
    with pytest.raises(ValueError, match=r"`player` must be an integer <= 1"):
        game.permute_actions(2, [0, 1])
