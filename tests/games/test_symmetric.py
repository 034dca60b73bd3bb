from fractions import Fraction
from itertools import combinations
from math import comb

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamegroup import NormalFormGame, SymmetricGame, public_goods
from gamegroup._combinatorics import compositions
from gamegroup.testing import assert_on_simplex
from gamegroup.testing import strategies as ggst


@given(ggst.symmetric_games(group_size=st.integers(2, 4)))
def test_symmetric_to_normal_form_round_trip(game):
    tensor_game = game.to_normal_form()
    assert tensor_game.n_actions == (game.n_strategies,) * game.group_size
    assert SymmetricGame.from_normal_form(tensor_game) == game


@given(ggst.symmetric_games(group_size=3), st.permutations(range(3)))
def test_expanded_tensor_is_invariant_under_relabelling_players(game, order):
    tensor_game = game.to_normal_form()
    assert tensor_game.permute_players(order) == tensor_game


@given(ggst.symmetric_games(group_size=st.integers(2, 4)), st.data())
def test_infinite_population_payoffs_equal_deviation_payoffs_of_the_symmetric_profile(game, data):
    x = data.draw(ggst.simplex_points(game.n_strategies))
    tensor_game = game.to_normal_form()
    deviation = tensor_game.deviation_payoffs([x] * game.group_size)[0]
    np.testing.assert_allclose(game.infinite_population_payoffs(x), deviation, atol=1e-10)


@given(ggst.symmetric_games(), st.data())
def test_infinite_population_payoffs_are_vectorised_over_any_batch_shape(game, data):
    points = [data.draw(ggst.simplex_points(game.n_strategies)) for _ in range(6)]
    batch = np.array(points).reshape(2, 3, game.n_strategies)
    together = game.infinite_population_payoffs(batch)
    assert together.shape == (2, 3, game.n_strategies)
    for index, point in enumerate(points):
        np.testing.assert_allclose(
            together.reshape(6, -1)[index], game.infinite_population_payoffs(point), atol=1e-12
        )


@given(
    ggst.symmetric_games(n_strategies=st.integers(2, 3), group_size=st.integers(2, 5)), st.data()
)
def test_finite_population_payoffs_converge_to_infinite_population_payoffs(game, data):
    # At state i = Z x the two differ by O(1/Z): sampling without vs with replacement.
    base = data.draw(ggst.population_states(10, game.n_strategies))
    errors = []
    for scale in (10, 100, 1000):
        state = base * scale
        z = 10 * scale
        finite = game.finite_population_payoffs(z, state[None, :])[0]
        infinite = game.infinite_population_payoffs(state / z)
        present = state > 0
        errors.append(np.max(np.abs(finite - infinite)[present]))
    spread = np.ptp(game.payoffs) + 1e-300
    # Bound: total-variation distance of the two samplings is <= C(N-1, 2)/(Z-1)-ish; use
    # N^2 / Z times the payoff range as a generous, scale-aware envelope.
    for err, scale in zip(errors, (10, 100, 1000), strict=True):
        assert err <= spread * game.group_size**2 / (10 * scale) + 1e-9


def enumerate_groups_exactly(table, group_size, population_size, contributors):
    """Average payoff of each strategy over every group a focal member can be in (exact)."""
    members = [1] * contributors + [0] * (population_size - contributors)
    out = []
    for strategy in (0, 1):
        if (strategy == 1 and contributors == 0) or (
            strategy == 0 and contributors == population_size
        ):
            out.append(np.nan)
            continue
        focal = members.index(strategy)
        others = members[:focal] + members[focal + 1 :]
        total, count = Fraction(0), 0
        for group in combinations(range(population_size - 1), group_size - 1):
            co_contributors = sum(others[g] for g in group)
            total += Fraction(table[strategy][co_contributors])
            count += 1
        out.append(float(total / count))
    return out


def test_finite_population_payoffs_match_literal_enumeration_of_groups():
    game = public_goods(group_size=4, multiplier=3.0, cost=1.0)
    z = 12
    result = game.finite_population_payoffs(z)
    for contributors in range(z + 1):
        expected = enumerate_groups_exactly(game.payoffs, 4, z, contributors)
        np.testing.assert_allclose(result[contributors], expected, rtol=0, atol=1e-12)


def test_finite_population_linear_public_goods_z100_n5_matches_exact_group_counting():
    # All Z + 1 states in one vectorised call, against exact rational counting of groups:
    # a focal s-player is in C(m_C, j) * C(m_D, N-1-j) groups with j co-contributors.
    n, z, r = 5, 100, 3.0
    game = public_goods(group_size=n, multiplier=r, cost=1.0)
    result = game.finite_population_payoffs(z)
    assert result.shape == (z + 1, 2)
    for i in range(z + 1):
        for s in (0, 1):
            if (s == 1 and i == 0) or (s == 0 and i == z):
                assert np.isnan(result[i, s])
                continue
            m_c = i - (s == 1)
            m_d = z - i - (s == 0)
            total = Fraction(0)
            for j in range(n):
                groups = comb(m_c, j) * comb(m_d, n - 1 - j)
                payoff = Fraction(r).limit_denominator() * (j + s) / n - s
                total += groups * payoff
            exact = total / comb(z - 1, n - 1)
            assert abs(result[i, s] - float(exact)) <= 1e-12


def test_finite_population_payoffs_accept_a_subset_of_states():
    game = public_goods(group_size=3, multiplier=2.0)
    everything = game.finite_population_payoffs(8)
    subset = game.finite_population_payoffs(8, [[5, 3], [0, 8]])
    np.testing.assert_allclose(subset, everything[[3, 8]], rtol=0, atol=1e-14)


@given(
    ggst.symmetric_games(n_strategies=3, group_size=st.integers(2, 4)),
    st.permutations(range(3)),
    st.data(),
)
def test_relabelling_strategies_permutes_payoffs(game, order, data):
    x = data.draw(ggst.simplex_points(3))
    relabelled = game.permute_strategies(order)
    np.testing.assert_allclose(
        relabelled.infinite_population_payoffs(x[list(order)]),
        game.infinite_population_payoffs(x)[list(order)],
        atol=1e-10,
    )
    state = data.draw(ggst.population_states(9, 3))
    np.testing.assert_allclose(
        relabelled.finite_population_payoffs(9, state[None, list(order)])[0],
        game.finite_population_payoffs(9, state[None, :])[0][list(order)],
        atol=1e-10,
    )


def test_hypergeometric_weights_sum_to_one():
    # A game paying 1 for everything has expected payoff exactly 1 wherever defined.
    game = SymmetricGame(np.ones((3, 15)), group_size=5)
    finite = game.finite_population_payoffs(30)
    np.testing.assert_allclose(finite[~np.isnan(finite)], 1.0, atol=1e-12)
    states = compositions(30, 3)
    assert np.array_equal(np.isnan(finite), states == 0)
    x = states / 30
    assert_on_simplex(x)
    np.testing.assert_allclose(game.infinite_population_payoffs(x), 1.0, atol=1e-12)


def test_large_groups_stay_accurate():
    # N = 200: the multinomial weights must not overflow; payoffs of a game paying the
    # number of co-players using strategy 1 have mean (N - 1) x_1.
    n = 200
    table = np.tile(compositions(n - 1, 2)[:, 1].astype(float), (2, 1))
    game = SymmetricGame(table, group_size=n)
    x = np.array([[0.3, 0.7], [1.0, 0.0], [1e-9, 1 - 1e-9]])
    np.testing.assert_allclose(
        game.infinite_population_payoffs(x)[:, 0], (n - 1) * x[:, 1], rtol=1e-10
    )


def test_from_function_matches_the_table():
    def payoff(s, counts):
        return float(s * 10 + counts[1])

    game = SymmetricGame.from_function(payoff, n_strategies=2, group_size=4)
    np.testing.assert_array_equal(game.payoffs, [[0, 1, 2, 3], [10, 11, 12, 13]])
    assert game.payoff(1, [1, 2]) == 12.0


def test_from_function_errors_name_the_strategy_and_counts():
    with pytest.raises(
        ValueError, match=r"`function` returned nan for strategy 0 and co-player counts \[2, 0\]"
    ):
        SymmetricGame.from_function(lambda s, c: np.nan, n_strategies=2, group_size=3)
    with pytest.raises(TypeError, match=r"`function` must return a real number"):
        SymmetricGame.from_function(lambda s, c: "x", n_strategies=2, group_size=3)
    with pytest.raises(TypeError, match=r"`function` must be callable"):
        SymmetricGame.from_function(3, n_strategies=2, group_size=3)


def test_to_normal_form_refuses_huge_tensors_with_a_clear_error():
    game = public_goods(group_size=40, multiplier=3.0)
    with pytest.raises(
        ValueError, match=r"`group_size`=40 with 2 strategies needs a normal-form tensor"
    ):
        game.to_normal_form()


def test_from_normal_form_rejects_asymmetric_games():
    asymmetric = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 2]]])
    with pytest.raises(ValueError, match=r"`game` is not symmetric: .* up to 1"):
        SymmetricGame.from_normal_form(asymmetric)
    assert SymmetricGame.from_normal_form(asymmetric, tol=1.0).payoffs[1, 1] == 1.0
    with pytest.raises(ValueError, match=r"`game` must have at least 2 players with the same"):
        SymmetricGame.from_normal_form(NormalFormGame(np.zeros((2, 2, 3))))


def test_expanded_payoff_matches_a_hand_built_three_player_game():
    game = SymmetricGame([[0, 2, 4], [1, 2, 3]], group_size=3)
    tensor = game.to_normal_form().payoffs
    for profile in np.ndindex(2, 2, 2):
        for player in range(3):
            co_ones = sum(profile) - profile[player]
            assert tensor[(player, *profile)] == game.payoffs[profile[player], co_ones]


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        (
            {"payoffs": np.zeros((2, 3)), "group_size": 3.0},
            TypeError,
            r"`group_size` must be an integer",
        ),
        (
            {"payoffs": np.zeros((2, 3)), "group_size": 1},
            ValueError,
            r"`group_size` must be an integer >= 2",
        ),
        (
            {"payoffs": np.zeros((2, 4)), "group_size": 3},
            ValueError,
            r"`payoffs` must have shape \(k, C\(N\+k-2, k-1\)\) = \(2, 3\)",
        ),
        (
            {"payoffs": np.full((2, 3), np.inf), "group_size": 3},
            ValueError,
            r"`payoffs` must contain only finite",
        ),
        ({"payoffs": np.zeros(3), "group_size": 3}, ValueError, r"`payoffs` must be 2-dimensional"),
        (
            {"payoffs": np.zeros((2, 3)), "group_size": 3, "strategy_names": ["a"]},
            ValueError,
            r"`strategy_names` must be a sequence of 2 strings",
        ),
    ],
)
def test_bad_constructor_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        SymmetricGame(**kwargs)


def test_bad_population_input():
    game = public_goods(group_size=5, multiplier=3.0)
    with pytest.raises(ValueError, match=r"`population_size` must be an integer >= 5; got 4"):
        game.finite_population_payoffs(4)
    with pytest.raises(TypeError, match=r"`population_size` must be an integer"):
        game.finite_population_payoffs(10.0)
    with pytest.raises(ValueError, match=r"`states` must be counts summing to 10"):
        game.finite_population_payoffs(10, [[5, 4]])
    with pytest.raises(TypeError, match=r"`states` must be an array of integers"):
        game.finite_population_payoffs(10, [[5.0, 5.0]])
    with pytest.raises(ValueError, match=r"`states` must have shape \(S, k\)"):
        game.finite_population_payoffs(10, [5, 5])
    with pytest.raises(ValueError, match=r"`x` must lie on the simplex"):
        game.infinite_population_payoffs([0.5, 0.6])
    with pytest.raises(ValueError, match=r"`x` must have 2 entries"):
        game.infinite_population_payoffs([0.5, 0.25, 0.25])
    with pytest.raises(ValueError, match=r"`co_player_counts` must be counts summing to 4"):
        game.payoff(0, [1, 1])
    with pytest.raises(ValueError, match=r"`strategy` must be an integer <= 1"):
        game.payoff(2, [2, 2])
