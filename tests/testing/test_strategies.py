import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamegroup import BimatrixGame, NormalFormGame, SymmetricGame
from gamegroup.testing import assert_on_simplex, assert_reproducible
from gamegroup.testing import strategies as ggst


@given(ggst.simplex_points(st.integers(1, 6)))
def test_simplex_points_are_on_the_simplex(x):
    assert_on_simplex(x, tol=1e-12)
    assert x.ndim == 1


@given(ggst.simplex_points(4, boundary=False))
def test_interior_points_have_no_zero_entries(x):
    assert np.all(x > 0)


@given(ggst.normal_form_games(n_players=st.integers(1, 4), n_actions=st.integers(1, 4)))
def test_normal_form_games_are_valid(game):
    assert isinstance(game, NormalFormGame)
    assert np.all(np.isfinite(game.payoffs))
    assert 1 <= game.n_players <= 4


@given(ggst.normal_form_games(degenerate=True, n_actions=3))
def test_degenerate_games_use_small_integers(game):
    assert set(np.unique(game.payoffs)) <= set(range(-3, 4))


@given(ggst.bimatrix_games(rows=3, columns=2))
def test_bimatrix_games_have_the_requested_shape(game):
    assert isinstance(game, BimatrixGame)
    assert game.shape == (3, 2)


@given(ggst.symmetric_games(n_strategies=3, group_size=4))
def test_symmetric_games_have_the_requested_size(game):
    assert isinstance(game, SymmetricGame)
    assert game.payoffs.shape == (3, 10)


@given(ggst.normal_form_games(), st.data())
def test_mixed_profiles_fit_the_game(game, data):
    profile = data.draw(ggst.mixed_profiles(game))
    assert [p.size for p in profile] == list(game.n_actions)
    for p in profile:
        assert_on_simplex(p, tol=1e-12)
    game.expected_payoffs(profile)


@given(ggst.population_states(st.integers(0, 50), st.integers(1, 4)))
def test_population_states_are_counts(state):
    assert state.dtype == np.int64
    assert np.all(state >= 0)


@given(ggst.graphs(connected=True))
def test_connected_graphs_are_connected(graph):
    assert nx.is_connected(graph)
    assert nx.number_of_selfloops(graph) == 0


@given(ggst.graphs(n_nodes=st.integers(2, 9), connected=False))
def test_disconnected_graphs_are_disconnected(graph):
    assert not nx.is_connected(graph)


@given(ggst.graphs(weighted=True, weight_range=(0.0, 1.0)))
def test_weights_lie_in_the_requested_range(graph):
    for _, _, w in graph.edges(data="weight"):
        assert 0.0 < w <= 1.0


def test_assert_on_simplex_reports_problems():
    with pytest.raises(AssertionError, match=r"sums to 0\.9"):
        assert_on_simplex([0.2, 0.7])
    with pytest.raises(AssertionError, match="< 0"):
        assert_on_simplex([1.5, -0.5])
    with pytest.raises(AssertionError, match="NaN"):
        assert_on_simplex([np.nan, 1.0])
    with pytest.raises(AssertionError, match="scalar"):
        assert_on_simplex(1.0)


def test_assert_reproducible_catches_ignored_seeds():
    counter = iter(range(10))

    def leaky(*, rng):
        return next(counter)

    with pytest.raises(AssertionError, match="not reproducible"):
        assert_reproducible(leaky, rng=1)
