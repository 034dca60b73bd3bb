import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamegroup.networks import (
    TwoLayerNetwork,
    divide_market_areas,
    read_two_layer_network,
    to_csr,
    village,
    write_two_layer_network,
)
from gamegroup.testing import strategies as ggst


def test_market_layer_follows_the_trust_layer_node_order():
    trust = nx.Graph([("b", "a", {"weight": 0.5}), ("a", "c", {"weight": 1.0})])
    market = nx.Graph([("c", "b", {"weight": 2.0})])
    market.add_node("a")
    network = TwoLayerNetwork(trust, market)
    assert network.nodes == ("b", "a", "c")
    expected = nx.to_numpy_array(market, nodelist=["b", "a", "c"])
    np.testing.assert_array_equal(network.market.adjacency().toarray(), expected)
    assert network.position("c") == 2


@given(ggst.two_layer_networks(with_group=st.booleans()))
def test_round_trip_through_networkx_keeps_both_layers(network):
    trust, market = network.to_networkx()
    again = TwoLayerNetwork(trust, market, groups=[list(g) for g in network.groups])
    assert again == network


@given(ggst.two_layer_networks(with_group=True), st.data())
def test_permuting_members_moves_ties_and_groups_with_them(network, data):
    order = data.draw(st.permutations(range(network.n_members)))
    moved = network.permute_members(order)
    for layer, moved_layer in ((network.trust, moved.trust), (network.market, moved.market)):
        np.testing.assert_array_equal(
            moved_layer.adjacency().toarray(), layer.adjacency().toarray()[np.ix_(order, order)]
        )
    assert {moved.nodes[i] for i in moved.groups[0]} == {
        network.nodes[i] for i in network.groups[0]
    }


@given(ggst.two_layer_networks(n_members=st.integers(3, 8)), st.floats(0, 1), st.data())
def test_dividing_market_areas_scales_only_ties_among_the_members(network, factor, data):
    members = data.draw(st.lists(st.sampled_from(network.nodes), min_size=2, unique=True))
    divided = divide_market_areas(network, members, factor)
    before = network.market.adjacency().toarray()
    after = divided.market.adjacency().toarray()
    inside = np.isin(np.arange(network.n_members), [network.position(m) for m in members])
    both = np.outer(inside, inside)
    np.testing.assert_allclose(after[both], factor * before[both])
    np.testing.assert_array_equal(after[~both], before[~both])
    assert divided.trust == network.trust


def test_village_is_reproducible_and_has_the_requested_structure():
    network = village(120, group_size=20, group_trust_probability=0.8, trust_degree=3, rng=7)
    assert network == village(
        120, group_size=20, group_trust_probability=0.8, trust_degree=3, rng=7
    )
    assert network != village(
        120, group_size=20, group_trust_probability=0.8, trust_degree=3, rng=8
    )
    assert network.n_members == 120
    np.testing.assert_array_equal(network.groups[0], np.arange(20))
    trust = network.trust.adjacency().toarray()
    inside = (trust[:20, :20] > 0).sum() / (20 * 19)
    outside = (trust[20:, 20:] > 0).sum() / (100 * 99)
    assert inside > 0.6
    assert outside < 0.1
    assert network.trust.weights.min() >= 0.5
    assert network.trust.weights.max() <= 1.0
    weights = network.market.weights
    assert weights.min() > 0
    assert weights.max() <= 1
    assert 6 < network.market.degrees.mean() < 12  # about market_degree=10, fewer at the border


def test_village_whole_population_can_be_the_group():
    network = village(
        10, group_size=10, group_trust_probability=1.0, trust_weights=(1.0, 1.0), rng=1
    )
    assert network.trust.n_edges == 45
    np.testing.assert_array_equal(network.trust.weights, 1.0)


def test_edge_list_round_trip(tmp_path):
    network = village(40, group_size=8, rng=3)
    write_two_layer_network(network, tmp_path / "trust.txt", tmp_path / "market.txt")
    back = read_two_layer_network(
        tmp_path / "trust.txt", tmp_path / "market.txt", node_type=int, groups=[range(8)]
    )
    order = [back.position(node) for node in network.nodes]
    np.testing.assert_allclose(
        back.market.adjacency().toarray()[np.ix_(order, order)],
        network.market.adjacency().toarray(),
    )
    np.testing.assert_allclose(
        back.trust.adjacency().toarray()[np.ix_(order, order)], network.trust.adjacency().toarray()
    )


def test_edge_lists_with_different_members_are_refused(tmp_path):
    (tmp_path / "t.txt").write_text("a b 0.5\n")
    (tmp_path / "m.txt").write_text("a c 1.0\n")
    with pytest.raises(ValueError, match=r"`market` must have the same members as `trust`"):
        read_two_layer_network(tmp_path / "t.txt", tmp_path / "m.txt")


def test_prepared_layers_are_accepted_and_rechecked():
    trust = to_csr(nx.path_graph(3))
    network = TwoLayerNetwork(trust, to_csr(nx.complete_graph(3)))
    assert network.market.n_edges == 3
    too_strong = to_csr(nx.Graph([(0, 1, {"weight": 2.0})]))
    with pytest.raises(ValueError, match=r"`trust` edge weights must lie in \(0, 1\]"):
        TwoLayerNetwork(too_strong, too_strong)


@pytest.mark.parametrize(
    ("trust", "market", "groups", "error", "pattern"),
    [
        (nx.Graph([(0, 1, {"weight": 1.5})]), nx.path_graph(2), None, ValueError, r"`trust`"),
        (nx.Graph([(0, 1, {"weight": 0.0})]), nx.path_graph(2), None, ValueError, r"`trust`"),
        (
            nx.Graph([(0, 1, {"weight": float("nan")})]),
            nx.path_graph(2),
            None,
            ValueError,
            r"`trust`",
        ),
        (nx.path_graph(2), nx.Graph([(0, 1, {"weight": -0.1})]), None, ValueError, r"`market`"),
        (
            nx.path_graph(2),
            nx.path_graph(3),
            None,
            ValueError,
            r"`market`.*only in the market layer",
        ),
        (nx.DiGraph([(0, 1)]), nx.path_graph(2), None, TypeError, r"`trust`"),
        (nx.path_graph(2), "market", None, TypeError, r"`market`"),
        (
            nx.path_graph(3),
            nx.path_graph(3),
            [[0, 1], [1, 2]],
            ValueError,
            r"`groups` must be disjoint",
        ),
        (nx.path_graph(3), nx.path_graph(3), [[0, 5]], ValueError, r"`groups\[0\]` names 5"),
        (nx.path_graph(3), nx.path_graph(3), [[]], ValueError, r"`groups\[0\]` must not be empty"),
        (
            nx.path_graph(3),
            nx.path_graph(3),
            [[0, 0]],
            ValueError,
            r"`groups\[0\]` lists a member twice",
        ),
        (nx.path_graph(3), nx.path_graph(3), [0, 1], TypeError, r"`groups\[0\]`"),
        (nx.path_graph(3), nx.path_graph(3), 3, TypeError, r"`groups`"),
    ],
)
def test_bad_layers_name_the_argument(trust, market, groups, error, pattern):
    with pytest.raises(error, match=pattern):
        TwoLayerNetwork(trust, market, groups=groups)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda n: divide_market_areas(n, [0, 1], 1.5), ValueError, r"`factor`"),
        (lambda n: divide_market_areas(n, [0], 0.5), ValueError, r"`members`.*at least two"),
        (lambda n: divide_market_areas(n, [0, 9], 0.5), ValueError, r"`members` names 9"),
        (lambda n: divide_market_areas(n, [0, 0], 0.5), ValueError, r"`members` lists"),
        (lambda n: divide_market_areas(n, 3, 0.5), TypeError, r"`members`"),
        (lambda n: divide_market_areas(nx.path_graph(3), [0, 1], 0.5), TypeError, r"`network`"),
        (lambda n: n.position(7), ValueError, r"`member` names 7"),
        (lambda n: n.permute_members([0, 0, 1]), ValueError, r"`order`"),
        (lambda n: write_two_layer_network(nx.path_graph(3), "t", "m"), TypeError, r"`network`"),
        (lambda n: village(1), ValueError, r"`n_members`"),
        (lambda n: village(10, group_size=11), ValueError, r"`group_size`"),
        (
            lambda n: village(10, group_size=5, group_trust_probability=2),
            ValueError,
            r"`group_trust_probability`",
        ),
        (lambda n: village(10, group_size=5, trust_degree=20), ValueError, r"`trust_degree`"),
        (lambda n: village(10, group_size=5, market_degree=0), ValueError, r"`market_degree`"),
        (
            lambda n: village(10, group_size=5, trust_weights=(0.0, 1.0)),
            ValueError,
            r"`trust_weights`",
        ),
        (
            lambda n: village(10, group_size=5, trust_weights=(0.8, 0.5)),
            ValueError,
            r"`trust_weights`",
        ),
        (
            lambda n: village(10, group_size=5, trust_weights=[0.5, 0.7, 1.0]),
            ValueError,
            r"`trust_weights`",
        ),
        (lambda n: village(10.0), TypeError, r"`n_members`"),
    ],
)
def test_bad_helper_input_names_the_argument(call, error, pattern):
    network = TwoLayerNetwork(nx.path_graph(3), nx.complete_graph(3))
    with pytest.raises(error, match=pattern):
        call(network)


def test_networks_are_immutable_and_unhashable():
    network = TwoLayerNetwork(nx.path_graph(3), nx.complete_graph(3))
    with pytest.raises(AttributeError):
        network.trust = None
    with pytest.raises(AttributeError):
        network.extra = 1
    with pytest.raises(TypeError):
        hash(network)
    assert not network.market.weights.flags.writeable
