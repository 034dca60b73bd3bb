import networkx as nx
import numpy as np
import pytest
from hypothesis import given

from gamegroup.networks import committed_members
from gamegroup.testing import strategies as ggst


@given(ggst.graphs(n_nodes=8), ggst.seeds())
def test_centrality_rules_pick_the_top_members(graph, seed):
    for rule, values in [
        ("degree", dict(graph.degree())),
        ("betweenness", nx.betweenness_centrality(graph)),
    ]:
        chosen = committed_members(graph, 3, rule=rule)
        assert len(set(chosen)) == 3
        others = [values[v] for v in graph if v not in chosen]
        assert min(values[v] for v in chosen) >= max(others, default=-np.inf) - 1e-12


def test_eigenvector_rule_agrees_with_networkx_on_a_connected_graph():
    graph = nx.karate_club_graph()
    expected = nx.eigenvector_centrality_numpy(graph)
    top = sorted(graph, key=lambda v: -expected[v])[:4]
    assert committed_members(graph, 4, rule="eigenvector") == tuple(top)


def test_random_rule_is_uniform_and_reproducible():
    graph = nx.path_graph(5)
    draws = [committed_members(graph, 1, rule="random", rng=seed)[0] for seed in range(2000)]
    counts = np.bincount(draws, minlength=5) / 2000
    assert np.all(np.abs(counts - 0.2) < 4 * np.sqrt(0.2 * 0.8 / 2000))
    assert committed_members(graph, 3, rule="random", rng=5) == committed_members(
        graph, 3, rule="random", rng=5
    )


def test_explicit_list_is_returned_in_order():
    assert committed_members(nx.path_graph(4), rule=[3, 1]) == (3, 1)
    assert committed_members(nx.path_graph(4), 2, rule=(0, 2)) == (0, 2)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"count": 1, "rule": "pagerank"}, ValueError, r"`rule` must be one of"),
        ({"rule": "degree"}, ValueError, r"`count` is required"),
        ({"count": 9, "rule": "degree"}, ValueError, r"`count`"),
        ({"count": 1.0, "rule": "degree"}, TypeError, r"`count`"),
        ({"rule": [0, 7]}, ValueError, r"`rule` lists members that are not nodes"),
        ({"rule": [0, 0]}, ValueError, r"`rule` lists a member more than once"),
        ({"count": 3, "rule": [0, 1]}, ValueError, r"`count` must equal"),
        ({"rule": 5}, TypeError, r"`rule`"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        committed_members(nx.path_graph(4), **kwargs)


def test_graph_must_be_networkx():
    with pytest.raises(TypeError, match=r"`graph`"):
        committed_members([(0, 1)], 1)
