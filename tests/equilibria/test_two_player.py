import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gamegroup as gg
from gamegroup.equilibria import (
    lemke_howson,
    lemke_howson_all,
    maximal_nash_subsets,
    support_enumeration,
    vertex_enumeration,
)
from gamegroup.testing import assert_nash
from gamegroup.testing import strategies as ggst

# Nashpy issue #82 (https://github.com/drvinceknight/Nashpy/issues/82): a degenerate 3x5 game
# of minimisers with 8 extreme equilibria, listed there with exact values.
ISSUE_82_A = np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
ISSUE_82_B = np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
ISSUE_82_EQUILIBRIA = [
    ([1, 0, 0], [0, 1, 0, 0, 0]),
    ([1, 0, 0], [0, 0, 0, 0, 1]),
    ([2 / 3, 1 / 3, 0], [0, 1, 0, 0, 0]),
    ([1 / 3, 1 / 2, 1 / 6], [0, 4 / 9, 2 / 9, 1 / 3, 0]),
    ([0, 1 / 2, 1 / 2], [0, 1 / 2, 1 / 2, 0, 0]),
    ([0, 1, 0], [3 / 7, 0, 4 / 7, 0, 0]),
    ([0, 1, 0], [1, 0, 0, 0, 0]),
    ([0, 1, 0], [3 / 8, 0, 1 / 4, 3 / 8, 0]),
]


def as_set(equilibria, decimals=7):
    return {tuple(np.round(np.concatenate(eq.strategies), decimals)) for eq in equilibria}


@pytest.mark.parametrize("solver", [vertex_enumeration, support_enumeration])
def test_degenerate_game_of_nashpy_issue_82_has_its_eight_extreme_equilibria(solver):
    found = solver(gg.BimatrixGame(-ISSUE_82_A, -ISSUE_82_B), exact=True)
    expected = {tuple(np.round(np.concatenate([x, y]), 7)) for x, y in ISSUE_82_EQUILIBRIA}
    assert as_set(found) == expected
    assert all(eq.verified_exactly for eq in found)


def test_issue_82_maximal_nash_subsets_describe_the_continua():
    result = maximal_nash_subsets(gg.BimatrixGame(-ISSUE_82_A, -ISSUE_82_B))
    assert not result.is_finite
    # Every profile in a maximal Nash subset is an equilibrium: check the barycentres.
    game = gg.BimatrixGame(-ISSUE_82_A, -ISSUE_82_B)
    for rows, columns in result.subsets:
        x = result.row_vertices[list(rows)].mean(axis=0)
        y = result.column_vertices[list(columns)].mean(axis=0)
        assert_nash(game, [x, y])


@settings(max_examples=40)
@given(ggst.bimatrix_games(rows=st.integers(1, 4), columns=st.integers(1, 4)))
def test_vertex_and_support_enumeration_find_the_same_equilibria(game):
    # Two decimals: payoffs tie exactly or differ by at least 0.01, far from the tolerance
    # (payoff differences of about tol are accepted or not depending on rounding).
    game = gg.BimatrixGame(np.round(game.A, 2), np.round(game.B, 2))
    by_vertices = vertex_enumeration(game)
    by_supports = support_enumeration(game)
    assert as_set(by_vertices, 6) == as_set(by_supports, 6)
    assert by_vertices
    for eq in by_vertices:
        assert eq.regret <= 1e-9
        assert_nash(game, eq)


@settings(max_examples=30)
@given(ggst.bimatrix_games(), st.floats(0.01, 100), st.floats(-50, 50), st.floats(0.01, 100))
def test_positive_affine_payoff_changes_leave_the_equilibria_unchanged(game, a, b, c):
    game = gg.BimatrixGame(np.round(game.A, 2), np.round(game.B, 2))
    moved = gg.BimatrixGame(a * game.A + b, c * game.B - b)
    assert as_set(vertex_enumeration(game), 6) == as_set(vertex_enumeration(moved), 6)


@settings(max_examples=30)
@given(ggst.bimatrix_games(rows=3, columns=3), st.permutations(range(3)), st.permutations(range(3)))
def test_relabelling_actions_permutes_the_equilibria(game, rows, columns):
    game = gg.BimatrixGame(np.round(game.A, 2), np.round(game.B, 2))
    moved = gg.BimatrixGame(game.A[np.ix_(rows, columns)], game.B[np.ix_(rows, columns)])
    original = vertex_enumeration(game)
    relabelled = {
        tuple(
            np.round(
                np.concatenate(
                    [eq.strategies[0][np.argsort(rows)], eq.strategies[1][np.argsort(columns)]]
                ),
                6,
            )
        )
        for eq in vertex_enumeration(moved)
    }
    assert as_set(original, 6) == relabelled


@settings(max_examples=40)
@given(ggst.bimatrix_games(rows=st.integers(1, 5), columns=st.integers(1, 5)), st.data())
def test_lemke_howson_converges_from_every_label_and_finds_an_equilibrium(game, data):
    label = data.draw(st.integers(0, sum(game.shape) - 1))
    result = lemke_howson(game, initial_label=label)
    assert result.success
    assert_nash(game, result.equilibrium)
    every = as_set(vertex_enumeration(game), 6)
    if game.payoffs.std() > 0 and result.converged:
        # On non-degenerate games the path ends at an extreme equilibrium.
        assert tuple(np.round(np.concatenate(result.equilibrium.strategies), 6)) in every or (
            not maximal_nash_subsets(game).is_finite
        )


def test_lemke_howson_never_hangs_on_random_games():
    rng = np.random.default_rng(2026)
    for _ in range(100):
        game = gg.BimatrixGame(rng.normal(size=(12, 12)), rng.normal(size=(12, 12)))
        result = lemke_howson(game, initial_label=int(rng.integers(24)), max_iter=10_000)
        assert result.converged
        assert_nash(game, result.equilibrium)


def test_lemke_howson_reports_the_iteration_bound_and_falls_back():
    game = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    stuck = lemke_howson(game, max_iter=1, fallback=False)
    assert not stuck.success
    assert stuck.equilibrium is None
    assert "iteration bound" in stuck.message
    rescued = lemke_howson(game, max_iter=1)
    assert rescued.success
    assert not rescued.converged
    assert rescued.method == "vertex_enumeration"


def test_lemke_howson_all_reaches_the_three_equilibria_of_battle_of_the_sexes():
    game = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert as_set(lemke_howson_all(game)) == as_set(vertex_enumeration(game))


def test_exact_certification_gives_exact_rational_coordinates():
    game = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    mixed = vertex_enumeration(game, exact=True)[-1]
    assert mixed.verified_exactly
    assert mixed.strategies[0].tolist() == [0.6, 0.4]


def test_constant_game_has_every_pure_profile_as_extreme_equilibrium():
    game = gg.BimatrixGame(np.ones((2, 3)), np.ones((2, 3)))
    assert len(vertex_enumeration(game)) == 6
    result = maximal_nash_subsets(game)
    assert result.subsets == (((0, 1), (0, 1, 2)),)


def test_nashpy_games_are_accepted():
    nashpy = pytest.importorskip("nashpy")
    game = nashpy.Game([[1, -1], [-1, 1]])
    (eq,) = vertex_enumeration(game)
    np.testing.assert_allclose(eq.strategies[0], [0.5, 0.5])


def test_bad_input_names_the_argument():
    game = gg.BimatrixGame([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"`tol`"):
        vertex_enumeration(game, tol=0.0)
    with pytest.raises(ValueError, match=r"`initial_label`"):
        lemke_howson(game, initial_label=4)
    with pytest.raises(ValueError, match=r"`max_iter`"):
        lemke_howson(game, max_iter=0)
    with pytest.raises(TypeError, match=r"`game`"):
        support_enumeration(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"`game`"):
        vertex_enumeration(gg.BimatrixGame(np.zeros((40, 30))))
    with pytest.raises(ValueError, match=r"`method`"):
        maximal_nash_subsets(game, method="lemke_howson")
    with pytest.raises(ValueError, match=r"`A`"):
        gg.BimatrixGame([[np.nan, 0], [0, 1]])
