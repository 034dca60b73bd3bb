import networkx as nx
import numpy as np
import pytest
from hypothesis import given

from gamegroup.networks import to_csr
from gamegroup.testing import strategies as ggst


@given(ggst.graphs(weighted=True))
def test_csr_matches_networkx_adjacency(graph):
    csr = to_csr(graph)
    expected = nx.to_numpy_array(graph, nodelist=list(graph.nodes))
    np.testing.assert_array_equal(csr.adjacency().toarray(), expected)
    assert csr.n_edges == graph.number_of_edges()
    np.testing.assert_array_equal(csr.degrees, [d for _, d in graph.degree()])
    np.testing.assert_allclose(csr.strengths, [d for _, d in graph.degree(weight="weight")])
    assert csr.n_components == nx.number_connected_components(graph)
    for position in range(csr.n_nodes):
        assert np.all(np.diff(csr.neighbours(position)) > 0)


@given(ggst.graphs(weighted=True))
def test_round_trip_through_networkx_keeps_labels_and_weights(graph):
    relabelled = nx.relabel_nodes(graph, {n: f"m{n}" for n in graph})
    back = to_csr(relabelled).to_networkx()
    assert nx.utils.graphs_equal(back, relabelled)


def test_labels_map_in_and_out():
    graph = nx.Graph([("b", "a"), ("a", "c")])
    csr = to_csr(graph)
    assert csr.nodes == ("b", "a", "c")
    assert csr.position("c") == 2
    assert [csr.nodes[j] for j in csr.neighbours(csr.position("a"))] == ["b", "c"]
    with pytest.raises(ValueError, match=r"`node` 'z' is not a node"):
        csr.position("z")


def test_unweighted_mode_ignores_weights():
    graph = nx.Graph([(0, 1, {"weight": 7.0})])
    assert to_csr(graph, weight=None).weights.tolist() == [1.0, 1.0]
    assert to_csr(graph).weights.tolist() == [7.0, 7.0]


def test_disconnected_and_edgeless_graphs_are_allowed_and_reported():
    graph = nx.empty_graph(3)
    csr = to_csr(graph)
    assert csr.n_components == 3
    assert not csr.is_connected
    assert csr.n_edges == 0
    np.testing.assert_array_equal(csr.strengths, 0.0)


@pytest.mark.parametrize(
    ("graph", "kwargs", "error", "pattern"),
    [
        (nx.DiGraph([(0, 1)]), {}, TypeError, r"`trust` must be undirected"),
        (nx.MultiGraph([(0, 1)]), {}, TypeError, r"`trust` must be a simple graph"),
        ([(0, 1)], {}, TypeError, r"`trust` must be a networkx graph"),
        (nx.Graph(), {}, ValueError, r"`trust` must have at least one node"),
        (nx.Graph([(0, 0)]), {}, ValueError, r"`trust` must not have self-loops"),
        (
            nx.Graph([(0, 1, {"weight": np.nan})]),
            {},
            ValueError,
            r"`trust` edge weights .* must be finite",
        ),
        (
            nx.Graph([(0, 1, {"weight": -0.5})]),
            {},
            ValueError,
            r"`trust` edge weights .* must lie in \(0, inf\]; got -0.5",
        ),
        (
            nx.Graph([(0, 1, {"weight": 1.5})]),
            {"high": 1.0},
            ValueError,
            r"must lie in \(0, 1\]; got 1.5",
        ),
        (
            nx.Graph([(0, 1, {"weight": "high"})]),
            {},
            TypeError,
            r"`trust` edge weights .* must be real numbers",
        ),
    ],
)
def test_bad_graphs_are_rejected_naming_the_argument(graph, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        to_csr(graph, "trust", **kwargs)
