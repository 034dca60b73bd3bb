import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamegroup.dynamics import GroupGame, PairwiseGame, network_public_goods
from gamegroup.games import NetworkedGame, public_goods
from gamegroup.networks import to_csr
from gamegroup.testing import strategies as ggst

sys.path.insert(0, str(Path(__file__).parent))
import network_oracle as oracle


def _vectors(n, k):
    return st.lists(st.integers(0, k - 1), min_size=n, max_size=n).map(np.array)


@st.composite
def graph_and_strategies(draw, k=2, weighted=False):
    graph = draw(ggst.graphs(n_nodes=st.integers(1, 9), weighted=weighted))
    return graph, draw(_vectors(graph.number_of_nodes(), k))


@given(graph_and_strategies(k=3), st.integers(0, 2**32 - 1))
def test_group_game_sums_each_members_own_payoff_over_its_groups(data, seed):
    graph, strategies = data
    table = {}
    generator = np.random.default_rng(seed)

    def payoff(s, counts):
        key = (int(s), tuple(int(c) for c in counts))
        if key not in table:
            table[key] = float(generator.integers(-5, 6))
        return table[key]

    game = GroupGame(graph, payoff, n_strategies=3)
    expected = oracle.group_payoffs(graph, strategies, payoff, 3)
    np.testing.assert_allclose(game.payoffs(strategies), expected, atol=1e-12)


@given(
    graph_and_strategies(),
    st.floats(0, 8),
    st.integers(0, 4),
    st.sampled_from(["per_game", "per_individual"]),
)
def test_public_goods_matches_the_group_by_group_definition(data, r, threshold, cost_model):
    graph, strategies = data
    game = network_public_goods(
        graph, multiplier=r, cost=1.5, threshold=threshold, cost_model=cost_model
    )
    expected = oracle.public_goods_payoffs(
        graph, strategies, r, 1.5, threshold, cost_model == "per_individual"
    )
    np.testing.assert_allclose(game.payoffs(strategies), expected, atol=1e-10)


@given(graph_and_strategies(weighted=True), st.sampled_from(["sum", "average"]))
def test_pairwise_game_matches_edge_by_edge_sums(data, aggregation):
    graph, strategies = data
    matrix = [[1.0, -2.0], [3.5, 0.25]]
    game = PairwiseGame(graph, matrix, aggregation=aggregation)
    expected = oracle.pairwise_payoffs(graph, strategies, matrix, aggregation == "average")
    np.testing.assert_allclose(game.payoffs(strategies), expected, atol=1e-12)


def test_linear_public_goods_as_symmetric_game_equals_the_factory_on_a_regular_graph():
    graph = nx.random_regular_graph(4, 12, seed=np.random.default_rng(1))
    strategies = np.random.default_rng(2).integers(0, 2, 12)
    symmetric = GroupGame(graph, public_goods(group_size=5, multiplier=3.0))
    factory = network_public_goods(graph, multiplier=3.0)
    np.testing.assert_allclose(symmetric.payoffs(strategies), factory.payoffs(strategies))


def test_egttools_convention_differs_on_a_star():
    """egttools 0.1.14 sums the payoff of each group's centre; the model sums one's own."""
    graph = nx.star_graph(2)  # centre 0
    strategies = np.array([0, 1, 1])
    game = network_public_goods(graph, multiplier=3.0)
    own = oracle.public_goods_payoffs(graph, strategies, 3.0, 1.0, 0, False)
    np.testing.assert_allclose(game.payoffs(strategies), own)
    # The centre-sum for the centre: its own group's payoff to itself plus each leaf group's
    # payoff to that leaf (a contributor): 3*2/3 + 2 * (3*1/2 - 1) = 3.
    assert game.payoffs(strategies)[0] == pytest.approx(3 * 2 / 3 + 2 * (3 * 1 / 2))


@given(
    st.sampled_from(["group", "public_goods", "pairwise"]),
    graph_and_strategies(k=3, weighted=True),
    st.data(),
)
def test_payoff_changes_equal_the_difference_of_payoffs(kind, data, draw):
    graph, strategies = data
    if kind == "group":
        game = GroupGame(graph, lambda s, c: s * 1.5 - c[2] + 0.5 * c[1] * s, n_strategies=3)
    elif kind == "public_goods":
        game = network_public_goods(graph, multiplier=3.0, threshold=2)
        strategies = strategies % 2
    else:
        game = PairwiseGame(graph, np.arange(9.0).reshape(3, 3), aggregation="average")
    assert isinstance(game, NetworkedGame)
    n = graph.number_of_nodes()
    member = draw.draw(st.integers(0, n - 1))
    new = draw.draw(st.integers(0, game.n_strategies - 1))
    members, changes = game.payoff_changes(strategies, member, new)
    after = strategies.copy()
    after[member] = new
    expected = game.payoffs(after) - game.payoffs(strategies)
    full = np.zeros(n)
    full[members] = changes
    np.testing.assert_allclose(full, expected, atol=1e-10)


@given(graph_and_strategies())
def test_payoff_bounds_hold_for_every_strategy_vector(data):
    graph, _ = data
    n = graph.number_of_nodes()
    if n > 7:
        graph = graph.subgraph(range(7)).copy()
        n = 7
    for game in (
        network_public_goods(graph, multiplier=4.0, cost_model="per_individual"),
        network_public_goods(graph, multiplier=7.0, threshold=2),
        GroupGame(graph, lambda s, c: float(s - c[1]), n_strategies=2),
        PairwiseGame(graph, [[0, 3], [-1, 2]]),
    ):
        low, high = game.payoff_bounds()
        every = game.payoffs(np.array(oracle.states(n)))
        assert np.all(every >= low - 1e-9)
        assert np.all(every <= high + 1e-9)


def test_public_goods_bounds_are_attained_when_contributing_never_pays_in_a_group():
    game = network_public_goods(nx.star_graph(3), multiplier=1.5)  # r below every group size
    low, high = game.payoff_bounds()
    every = game.payoffs(np.array(oracle.states(4)))
    np.testing.assert_allclose(every.min(axis=0), low)
    np.testing.assert_allclose(every.max(axis=0), high)


def test_games_accept_a_csr_graph_and_keep_labels():
    graph = nx.relabel_nodes(nx.path_graph(3), {0: "a", 1: "b", 2: "c"})
    game = network_public_goods(to_csr(graph), multiplier=2.0)
    assert game.graph.nodes == ("a", "b", "c")
    assert game.n_members == 3
    assert game.n_strategies == 2
    assert "NetworkPublicGoods" in repr(game)
    assert "PairwiseGame" in repr(PairwiseGame(graph, np.eye(2)))
    assert "GroupGame" in repr(GroupGame(graph, lambda s, c: 0.0, n_strategies=2))


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda g: PairwiseGame(g, [[1, 2, 3]]), ValueError, r"`payoff_matrix` must be square"),
        (lambda g: PairwiseGame(g, [[np.nan]]), ValueError, r"`payoff_matrix`"),
        (lambda g: PairwiseGame(g, np.eye(2), aggregation="max"), ValueError, r"`aggregation`"),
        (lambda g: PairwiseGame([(0, 1)], np.eye(2)), TypeError, r"`graph`"),
        (
            lambda g: GroupGame(g, public_goods(group_size=5, multiplier=3.0)),
            ValueError,
            r"`payoff` is a SymmetricGame for groups of 5",
        ),
        (lambda g: GroupGame(g, lambda s, c: 0.0), ValueError, r"`n_strategies` is required"),
        (lambda g: GroupGame(g, "table"), TypeError, r"`payoff` must be a SymmetricGame"),
        (
            lambda g: GroupGame(g, lambda s, c: np.nan, n_strategies=2),
            ValueError,
            r"`payoff` returned nan",
        ),
        (
            lambda g: GroupGame(g, lambda s, c: "x", n_strategies=2),
            TypeError,
            r"`payoff` must return a real number",
        ),
        (lambda g: network_public_goods(g, multiplier=-1.0), ValueError, r"`multiplier`"),
        (lambda g: network_public_goods(g, multiplier=1.0, cost=np.inf), ValueError, r"`cost`"),
        (
            lambda g: network_public_goods(g, multiplier=1.0, threshold=-1),
            ValueError,
            r"`threshold`",
        ),
        (
            lambda g: network_public_goods(g, multiplier=1.0, cost_model="per_head"),
            ValueError,
            r"`cost_model`",
        ),
        (
            lambda g: network_public_goods(g, multiplier=1.0).payoffs([0, 1]),
            ValueError,
            r"`strategies`",
        ),
        (
            lambda g: network_public_goods(g, multiplier=1.0).payoffs([0, 1, 2]),
            ValueError,
            r"`strategies` must hold strategy ids 0..1; got 2",
        ),
        (
            lambda g: network_public_goods(g, multiplier=1.0).payoffs([0.0, 1.0, 1.0]),
            TypeError,
            r"`strategies`",
        ),
        (
            lambda g: network_public_goods(g, multiplier=1.0).payoff_changes([0, 1, 1], 3, 0),
            ValueError,
            r"`member`",
        ),
        (
            lambda g: network_public_goods(g, multiplier=1.0).payoff_changes([0, 1, 1], 0, 2),
            ValueError,
            r"`new_strategy`",
        ),
    ],
)
def test_bad_input_is_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call(nx.path_graph(3))
