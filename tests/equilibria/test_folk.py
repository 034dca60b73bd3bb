import itertools

import numpy as np
import pytest
from hypothesis import given

import gamegroup as gg
from gamegroup.equilibria import feasible_payoffs, minmax_values
from gamegroup.games import RepeatedGame
from gamegroup.testing import strategies as ggst

PD = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def brute_mixed_minmax(payoffs):
    """min over the punisher's two-action mixtures of the max over rows, at every breakpoint."""
    candidates = [0.0, 1.0]
    for r, s in itertools.combinations(range(payoffs.shape[0]), 2):
        # rows r and s cross where q a_r0 + (1-q) a_r1 = q a_s0 + (1-q) a_s1
        slope = (payoffs[r, 0] - payoffs[r, 1]) - (payoffs[s, 0] - payoffs[s, 1])
        if slope != 0:
            q = (payoffs[s, 1] - payoffs[r, 1]) / slope
            if 0 <= q <= 1:
                candidates.append(q)
    return min(max(payoffs @ np.array([q, 1 - q])) for q in candidates)


@given(ggst.bimatrix_games(rows=3, columns=2))
def test_mixed_minmax_against_breakpoint_enumeration(game):
    values = minmax_values(game)
    np.testing.assert_allclose(values.mixed[0], brute_mixed_minmax(game.A), atol=1e-9)
    swapped = minmax_values(game.transpose())
    np.testing.assert_allclose(swapped.mixed[1], values.mixed[0], atol=1e-9)


@given(ggst.bimatrix_games())
def test_mixed_minmax_is_at_most_pure_and_attained(game):
    values = minmax_values(game)
    assert np.all(values.mixed <= values.pure + 1e-9)
    # The punishing mixtures attain the values.
    np.testing.assert_allclose(
        (game.A @ values.mixed_punishments[0]).max(), values.mixed[0], atol=1e-9
    )
    np.testing.assert_allclose(
        (values.mixed_punishments[1] @ game.B).max(), values.mixed[1], atol=1e-9
    )
    np.testing.assert_allclose(game.A[:, values.pure_punishments[0]].max(), values.pure[0])


def test_minmax_by_hand():
    pennies = gg.BimatrixGame([[1, -1], [-1, 1]])
    values = minmax_values(RepeatedGame(pennies))
    np.testing.assert_allclose(values.pure, [1, 1])
    np.testing.assert_allclose(values.mixed, [0, 0], atol=1e-12)
    np.testing.assert_allclose(values.mixed_punishments[0], [0.5, 0.5])
    np.testing.assert_allclose(minmax_values(PD).pure, [1, 1])


@given(ggst.bimatrix_games())
def test_feasible_set_contains_every_pure_payoff(game):
    region = feasible_payoffs(game)
    for a, b in zip(game.A.ravel(), game.B.ravel(), strict=True):
        assert region.contains([a, b], individually_rational=False)
    rational = region.individually_rational_vertices
    assert np.all(rational >= region.minmax - 1e-9)
    for vertex in rational:
        assert region.contains(vertex, individually_rational=False)


def test_feasible_set_of_the_prisoners_dilemma_by_hand():
    region = feasible_payoffs(PD)
    assert {tuple(v) for v in region.vertices} == {(0, 5), (1, 1), (5, 0), (3, 3)}
    expected = {(1, 1), (13 / 3, 1), (3, 3), (1, 13 / 3)}
    got = {tuple(np.round(v, 12)) for v in region.individually_rational_vertices}
    assert got == {tuple(np.round(v, 12)) for v in expected}
    assert region.contains([3, 3])
    assert not region.contains([0.5, 4])
    with pytest.raises(ValueError, match=r"`payoffs`"):
        region.contains([1, 2, 3])


def test_degenerate_feasible_sets():
    point = feasible_payoffs(gg.BimatrixGame([[1, 1]], [[2, 2]]))
    np.testing.assert_array_equal(point.vertices, [[1, 2]])
    np.testing.assert_array_equal(point.individually_rational_vertices, [[1, 2]])
    segment = feasible_payoffs(gg.BimatrixGame([[0, 2]], [[0, 2]]))
    np.testing.assert_array_equal(segment.vertices, [[0, 0], [2, 2]])
    assert segment.contains([1, 1], individually_rational=False)
    assert not segment.contains([1, 0], individually_rational=False)


def test_bad_input():
    with pytest.raises(ValueError, match=r"`threat_point`"):
        feasible_payoffs(PD, threat_point="nash")
    with pytest.raises(ValueError, match=r"`game`"):
        minmax_values(gg.NormalFormGame(np.zeros((3, 2, 2, 2))))
    with pytest.raises(TypeError, match=r"`game`"):
        minmax_values(np.zeros((2, 2)))
