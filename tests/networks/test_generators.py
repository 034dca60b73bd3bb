import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamegroup.networks import (
    barabasi_albert,
    random_geometric,
    random_regular,
    ring_lattice,
    square_lattice,
    stochastic_block_model,
    to_csr,
    watts_strogatz,
)
from gamegroup.testing import strategies as ggst


@given(st.integers(5, 40), st.sampled_from([2, 4]))
def test_ring_lattice_ties_each_node_to_its_nearest_on_both_sides(n, degree):
    graph = ring_lattice(n, degree=degree)
    for i in graph:
        expected = {(i + s) % n for s in range(-degree // 2, degree // 2 + 1) if s}
        assert set(graph.neighbors(i)) == expected


@pytest.mark.parametrize("neighbourhood", ["von_neumann", "moore"])
@pytest.mark.parametrize("periodic", [True, False])
def test_square_lattice_matches_a_brute_force_distance_rule(neighbourhood, periodic):
    side = 5
    graph = square_lattice(side, periodic=periodic, neighbourhood=neighbourhood)
    for a, b in itertools.combinations(range(side * side), 2):
        (ra, ca), (rb, cb) = divmod(a, side), divmod(b, side)
        dr, dc = abs(ra - rb), abs(ca - cb)
        if periodic:
            dr, dc = min(dr, side - dr), min(dc, side - dc)
        tied = (dr + dc == 1) if neighbourhood == "von_neumann" else max(dr, dc) == 1
        assert graph.has_edge(a, b) == tied


@given(ggst.seeds())
def test_random_regular_is_regular_and_reproducible(seed):
    graph = random_regular(12, 3, rng=seed)
    assert {d for _, d in graph.degree()} == {3}
    assert sorted(graph) == list(range(12))
    assert nx.utils.graphs_equal(graph, random_regular(12, 3, rng=seed))


def test_watts_strogatz_keeps_the_number_of_ties_and_rewires_about_p():
    n, degree, p = 2000, 4, 0.2
    graph = watts_strogatz(n, degree, p, rng=1)
    ring = ring_lattice(n, degree=degree)
    assert graph.number_of_edges() == ring.number_of_edges()
    kept = sum(graph.has_edge(u, v) for u, v in ring.edges)
    moved = 1 - kept / ring.number_of_edges()
    standard_error = np.sqrt(p * (1 - p) / ring.number_of_edges())
    assert abs(moved - p) < 4 * standard_error + 0.01  # a rewired tie can land on a ring tie


def test_barabasi_albert_has_the_exact_size_and_a_heavy_tail():
    n, m = 20_000, 2
    graph = barabasi_albert(n, m, rng=3, as_csr=True)
    assert graph.n_edges == m * (m + 1) // 2 + (n - m - 1) * m
    assert graph.is_connected
    degrees = graph.degrees
    assert degrees.min() == m
    # P(k) ~ 2 m^2 / k^3 in the limit: P(k >= K) ~ m^2 / K^2.  At K = 20 that is 1%.
    tail = np.mean(degrees >= 20)
    assert 0.5 * (m / 20) ** 2 < tail < 2 * (m / 20) ** 2
    assert degrees.max() > 100  # a regular or Poisson graph of mean 4 never gets there


@given(ggst.seeds())
def test_barabasi_albert_networkx_and_csr_outputs_agree(seed):
    graph = barabasi_albert(60, 3, rng=seed)
    csr = barabasi_albert(60, 3, rng=seed, as_csr=True)
    assert to_csr(graph) == csr
    assert sorted(graph) == list(range(60))


def test_stochastic_block_model_densities_match_probabilities():
    sizes, probabilities = [60, 140], [[0.5, 0.02], [0.02, 0.1]]
    graph = stochastic_block_model(sizes, probabilities, rng=4)
    block = np.array([graph.nodes[v]["block"] for v in graph])
    np.testing.assert_array_equal(block, np.repeat([0, 1], sizes))
    for a, b in [(0, 0), (0, 1), (1, 1)]:
        pairs = sizes[a] * (sizes[a] - 1) / 2 if a == b else sizes[a] * sizes[b]
        ties = sum(1 for u, v in graph.edges if {block[u], block[v]} == {a, b})
        p = probabilities[a][b]
        assert abs(ties / pairs - p) < 4 * np.sqrt(p * (1 - p) / pairs)


@pytest.mark.parametrize("periodic", [False, True])
def test_random_geometric_ties_exactly_the_close_pairs(periodic):
    radius = 0.15
    graph = random_geometric(150, radius, periodic=periodic, rng=9)
    points = np.array([graph.nodes[v]["pos"] for v in range(150)])
    for a, b in itertools.combinations(range(150), 2):
        delta = np.abs(points[a] - points[b])
        if periodic:
            delta = np.minimum(delta, 1 - delta)
        assert graph.has_edge(a, b) == bool(np.sqrt((delta**2).sum()) < radius)


def test_same_seed_same_graph_and_different_seed_different_graph():
    for make in (
        lambda s: watts_strogatz(50, 4, 0.3, rng=s),
        lambda s: barabasi_albert(50, 2, rng=s),
        lambda s: stochastic_block_model([20, 30], [[0.3, 0.05], [0.05, 0.2]], rng=s),
        lambda s: random_geometric(50, 0.2, rng=s),
        lambda s: random_regular(50, 4, rng=s),
    ):
        assert nx.utils.graphs_equal(make(1), make(1))
        assert not nx.utils.graphs_equal(make(1), make(2))


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: ring_lattice(10, degree=3), ValueError, r"`degree` must be even"),
        (lambda: ring_lattice(4, degree=4), ValueError, r"`n_nodes`"),
        (lambda: ring_lattice(10.0), TypeError, r"`n_nodes`"),
        (lambda: square_lattice(2), ValueError, r"`side`"),
        (lambda: square_lattice(4, neighbourhood="hex"), ValueError, r"`neighbourhood`"),
        (lambda: random_regular(5, 3), ValueError, r"`n_nodes` \* `degree` must be even"),
        (lambda: random_regular(3, 3), ValueError, r"`n_nodes`"),
        (lambda: watts_strogatz(10, 4, 1.5), ValueError, r"`rewiring_probability`"),
        (lambda: watts_strogatz(10, 3, 0.1), ValueError, r"`degree` must be even"),
        (lambda: barabasi_albert(2, 2), ValueError, r"`n_nodes`"),
        (lambda: barabasi_albert(10, 0), ValueError, r"`attachments`"),
        (lambda: stochastic_block_model([2.5], [[0.1]]), TypeError, r"`sizes`"),
        (lambda: stochastic_block_model([0, 2], np.eye(2)), ValueError, r"`sizes`"),
        (lambda: stochastic_block_model([2, 2], [[0.1]]), ValueError, r"`probabilities`"),
        (lambda: stochastic_block_model([2], [[1.1]]), ValueError, r"`probabilities`"),
        (
            lambda: stochastic_block_model([2, 2], [[0.1, 0.2], [0.3, 0.1]]),
            ValueError,
            r"`probabilities` must be symmetric",
        ),
        (lambda: random_geometric(10, 0.0), ValueError, r"`radius`"),
        (lambda: random_geometric(10, 0.1, dimension=0), ValueError, r"`dimension`"),
    ],
)
def test_bad_arguments_are_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
