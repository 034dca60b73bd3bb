from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup.equilibria import (
    key_player,
    linear_best_reply_equilibria,
    linear_best_reply_equilibrium,
    linear_quadratic_equilibrium,
    regret,
    specialised_equilibria,
)
from gamegroup.testing import assert_nash
from gamegroup.testing import strategies as ggst


def independent_and_maximal(graph, chosen):
    chosen = set(chosen)
    independent = all(not graph.has_edge(u, v) for u, v in combinations(chosen, 2))
    maximal = all(v in chosen or any(graph.has_edge(v, u) for u in chosen) for v in graph)
    return independent and maximal


@given(ggst.graphs(n_nodes=st.integers(1, 8)))
def test_specialised_equilibria_are_exactly_the_maximal_independent_sets(graph):
    result = specialised_equilibria(graph)
    expected = {
        subset
        for size in range(1, graph.number_of_nodes() + 1)
        for subset in combinations(sorted(graph), size)
        if independent_and_maximal(graph, subset)
    }
    assert set(result.specialists) == expected
    for row, chosen in enumerate(result.specialists):
        others = [v for v in graph if v not in chosen]
        stable = all(sum(u in chosen for u in graph[v]) >= 2 for v in others)
        assert result.stable[row] == stable


@settings(max_examples=25)
@given(ggst.graphs(n_nodes=st.integers(1, 7)))
def test_every_specialised_profile_is_a_nash_equilibrium_of_the_public_goods_game(graph):
    result = specialised_equilibria(graph, effort=2.0)
    every = linear_best_reply_equilibria(graph, substitutability=1.0, standalone=2.0)
    listed = {tuple(eq.efforts) for eq in every}
    for efforts in result.efforts:
        assert tuple(efforts) in listed


@settings(max_examples=25)
@given(ggst.graphs(n_nodes=st.integers(1, 7), weighted=True), st.floats(0.05, 0.45))
def test_unique_equilibrium_matches_exhaustive_enumeration(graph, delta):
    # weights <= 1 and delta < 1/2 keep delta |lambda_min| < 1 only sometimes; compare when unique.
    one = linear_best_reply_equilibrium(graph, substitutability=delta)
    every = linear_best_reply_equilibria(graph, substitutability=delta)
    assert one.success
    assert regret(one.game, one.efforts) <= 1e-9
    if one.unique:
        assert len(every) == 1
        np.testing.assert_allclose(one.efforts, every[0].efforts, atol=1e-9)


def test_the_complete_graph_has_a_continuum_that_is_reported():
    every = linear_best_reply_equilibria(nx.complete_graph(3), substitutability=1.0)
    assert any(not eq.success for eq in every)
    assert sum(eq.success for eq in every) == 3  # the three specialised profiles


def test_linear_quadratic_equilibrium_matches_the_closed_form_and_best_replies():
    graph = nx.Graph([(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (3, 4)])
    alpha, beta, gamma, lam = 1.5, 2.0, 0.1, 0.3
    eq = linear_quadratic_equilibrium(
        graph,
        complementarity=lam,
        intercept=alpha,
        own_curvature=beta,
        global_substitutability=gamma,
    )
    G = nx.to_numpy_array(graph, nodelist=sorted(graph))
    b = np.linalg.solve(np.eye(5) - lam / beta * G, np.ones(5))
    np.testing.assert_allclose(eq.efforts, alpha / (beta + gamma * b.sum()) * b, rtol=1e-12)
    # First-order conditions: alpha = beta x + gamma sum(x) - lam G x.
    np.testing.assert_allclose(
        beta * eq.efforts + gamma * eq.efforts.sum() - lam * G @ eq.efforts, alpha, atol=1e-12
    )
    assert_nash(eq.game, eq.efforts)


@settings(max_examples=20)
@given(ggst.graphs(n_nodes=st.integers(2, 7), connected=True), st.floats(0.0, 0.5))
def test_key_player_maximises_the_drop_in_aggregate_effort_by_brute_force(graph, gamma):
    lam = 0.9 / max(1.0, max(abs(np.linalg.eigvalsh(nx.to_numpy_array(graph)))))
    total = linear_quadratic_equilibrium(
        graph, complementarity=lam, global_substitutability=gamma
    ).efforts.sum()
    drops = []
    for node in graph:
        rest = graph.copy()
        rest.remove_node(node)
        after = (
            linear_quadratic_equilibrium(
                rest, complementarity=lam, global_substitutability=gamma
            ).efforts.sum()
            if rest.number_of_nodes()
            else 0.0
        )
        drops.append(total - after)
    result = key_player(graph, complementarity=lam, global_substitutability=gamma)
    np.testing.assert_allclose(result.aggregate_loss, drops, atol=1e-9)
    assert result.node == list(graph)[int(np.argmax(np.round(drops, 12)))] or np.isclose(
        max(drops), drops[list(graph).index(result.node)]
    )


def test_network_game_validation():
    graph = nx.path_graph(3)
    with pytest.raises(ValueError, match=r"`substitutability`"):
        linear_best_reply_equilibrium(graph, substitutability=-1.0)
    with pytest.raises(ValueError, match=r"`standalone`"):
        linear_best_reply_equilibrium(graph, substitutability=0.5, standalone=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"`standalone`"):
        linear_best_reply_equilibrium(graph, substitutability=0.5, standalone=-1.0)
    with pytest.raises(ValueError, match=r"`effort`"):
        specialised_equilibria(graph, effort=0.0)
    with pytest.raises(ValueError, match=r"`max_nodes`"):
        linear_best_reply_equilibria(nx.path_graph(20), substitutability=0.5)
    with pytest.raises(ValueError, match=r"`complementarity`"):
        key_player(nx.complete_graph(4), complementarity=1.0)
    with pytest.raises(TypeError, match=r"`graph`"):
        specialised_equilibria(nx.DiGraph([(0, 1)]))
    with pytest.raises(ValueError, match=r"`efforts`"):
        regret(linear_best_reply_equilibrium(graph, substitutability=0.5).game, [1.0, -1.0, 0.0])
    assert not linear_quadratic_equilibrium(nx.complete_graph(4), complementarity=1.0).success
