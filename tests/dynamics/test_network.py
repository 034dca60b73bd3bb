import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup.dynamics import (
    GroupGame,
    PairwiseGame,
    Phase,
    network_public_goods,
    simulate_network,
)
from gamegroup.networks import barabasi_albert, committed_members
from gamegroup.testing import assert_reproducible
from gamegroup.testing import strategies as ggst

sys.path.insert(0, str(Path(__file__).parent))
import network_oracle as oracle

GRAPH = oracle.small_graph()
N = GRAPH.number_of_nodes()


def _fitness_of(game):
    cache = {}

    def fitness(state):
        if state not in cache:
            cache[state] = game.payoffs(np.array(state))
        return cache[state]

    return fitness


def _state_index(strategies):
    # oracle.states enumerates with itertools.product: the first member is the most significant.
    weights = 2 ** np.arange(strategies.shape[1] - 1, -1, -1)
    return strategies.astype(np.int64) @ weights


def _tolerance(p, runs):
    return 4.5 * np.sqrt(np.maximum(p * (1 - p), 1e-12) / runs) + 1.5 / runs


# ---------------------------------------------------------------------------------------------
# Against the exact Markov chain over all 2^n states
# ---------------------------------------------------------------------------------------------

FIXATION_CASES = {
    "fermi": (network_public_goods(GRAPH, multiplier=3.0), 1.0),
    "proportional": (network_public_goods(GRAPH, multiplier=3.5, cost_model="per_individual"), 1.0),
    "imitate_best": (PairwiseGame(GRAPH, [[0.0, 1.3], [-0.2, 1.0]]), 1.0),
    "death_birth": (GroupGame(GRAPH, lambda s, c: 1.0 * s - 0.4 * c[1], n_strategies=2), 2.0),
    "birth_death": (PairwiseGame(GRAPH, [[1.0, 2.0], [0.5, 3.0]], aggregation="average"), 1.5),
}


@pytest.mark.statistical
@pytest.mark.parametrize("rule", sorted(FIXATION_CASES))
@pytest.mark.parametrize("relabel", [False, True])
def test_fixation_probability_matches_the_exact_chain(rule, relabel, statistical_budget):
    game, beta = FIXATION_CASES[rule]
    bounds = game.payoff_bounds() if rule == "proportional" else None
    matrix, all_states = oracle.asynchronous_matrix(
        GRAPH, _fitness_of(game), rule, beta, bounds=bounds
    )
    start = (0, 0, 1, 0, 0, 1)  # contributors at members 2 and 5
    exact = oracle.fixation_probability(matrix, all_states, start, (1,) * N)
    runs = 1500 if statistical_budget == "bounded" else 20_000
    graph, initial = GRAPH, np.array(start)
    if relabel:  # the same graph with its members listed in another order and renamed
        order = [4, 2, 0, 5, 1, 3]
        graph = nx.Graph()
        graph.add_nodes_from(f"m{v}" for v in order)
        graph.add_edges_from((f"m{u}", f"m{v}") for u, v in GRAPH.edges)
        initial = np.array([start[v] for v in order])
        game = _relabelled(game, graph)
    run = simulate_network(
        game, steps=3000, rule=rule, updating="asynchronous", selection_intensity=beta,
        initial=initial, replicates=runs, record_every=3000, rng=11,
    )  # fmt: skip
    assert np.all(run.absorbed_at >= 0)
    estimate = np.mean(run.strategies.min(axis=1) == 1)
    assert abs(estimate - exact) <= _tolerance(exact, runs), (estimate, exact)


def _relabelled(game, graph):
    if isinstance(game, PairwiseGame):
        return PairwiseGame(graph, game.payoff_matrix, aggregation=game.aggregation)
    if isinstance(game, GroupGame):
        return GroupGame(graph, lambda s, c: 1.0 * s - 0.4 * c[1], n_strategies=2)
    return network_public_goods(
        graph, multiplier=game.multiplier, cost=game.cost, cost_model=game.cost_model
    )


ONE_STEP_CASES = [
    ("best_response", "asynchronous", network_public_goods(GRAPH, multiplier=4.0), 1.0, 0.0),
    ("logit", "asynchronous", PairwiseGame(GRAPH, [[1.0, 0.0], [0.0, 2.0]]), 0.7, 0.0),
    ("fermi", "asynchronous", network_public_goods(GRAPH, multiplier=3.0), 1.0, 0.1),
    ("birth_death", "asynchronous", PairwiseGame(GRAPH, [[1.0, 2.0], [0.5, 3.0]]), 0.5, 0.2),
    ("fermi", "synchronous", network_public_goods(GRAPH, multiplier=3.0), 1.0, 0.0),
    ("proportional", "synchronous", network_public_goods(GRAPH, multiplier=4.0), 1.0, 0.0),
    ("imitate_best", "synchronous", PairwiseGame(GRAPH, [[0.0, 1.3], [-0.2, 1.0]]), 1.0, 0.0),
    ("death_birth", "synchronous", PairwiseGame(GRAPH, [[1.0, 2.0], [0.5, 3.0]]), 1.0, 0.0),
    ("best_response", "synchronous", network_public_goods(GRAPH, multiplier=4.0), 1.0, 0.0),
    (
        "logit",
        "synchronous",
        GroupGame(GRAPH, lambda s, c: s - 0.3 * c[1], n_strategies=2),
        1.0,
        0.0,
    ),
]


@pytest.mark.statistical
@pytest.mark.parametrize(
    ("rule", "updating", "game", "beta", "mu"),
    ONE_STEP_CASES,
    ids=[f"{c[0]}-{c[1]}-mu{c[4]}" for c in ONE_STEP_CASES],
)
def test_one_step_distribution_matches_the_exact_chain(
    rule, updating, game, beta, mu, statistical_budget
):
    committed = (1,) if rule == "fermi" else ()
    bounds = game.payoff_bounds() if rule == "proportional" else None
    fitness = _fitness_of(game)
    if updating == "asynchronous":
        single, all_states = oracle.asynchronous_matrix(
            GRAPH, fitness, rule, beta, committed=committed, bounds=bounds, mu=mu
        )
        matrix = np.linalg.matrix_power(single, N)  # one Monte-Carlo step = n single updates
    else:
        matrix, all_states = oracle.synchronous_matrix(
            GRAPH, fitness, rule, beta, bounds=bounds, committed=committed
        )
    start = (1, 0, 1, 1, 0, 0)
    exact = matrix[all_states.index(start)]
    runs = 3000 if statistical_budget == "bounded" else 40_000
    run = simulate_network(
        game, steps=1, rule=rule, updating=updating, selection_intensity=beta,
        exploration_rate=mu, initial=np.array(start), committed=list(committed),
        replicates=runs, rng=5,
    )  # fmt: skip
    observed = np.bincount(_state_index(run.strategies), minlength=2**N) / runs
    assert np.all(np.abs(observed - exact) <= _tolerance(exact, runs))


# ---------------------------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------------------------

RULES = ["fermi", "proportional", "imitate_best", "death_birth", "best_response", "logit"]


@settings(max_examples=25)
@given(
    ggst.graphs(n_nodes=st.integers(2, 12)),
    st.sampled_from([*RULES, "birth_death"]),
    st.sampled_from(["synchronous", "asynchronous"]),
    st.floats(0, 0.3),
    ggst.seeds(),
    st.data(),
)
def test_committed_members_never_change(graph, rule, updating, mu, seed, data):
    if rule == "birth_death":
        updating = "asynchronous"
    n = graph.number_of_nodes()
    game = network_public_goods(graph, multiplier=2.5)
    chosen = data.draw(st.lists(st.sampled_from(list(graph)), unique=True, max_size=n))
    fixed = {v: data.draw(st.integers(0, 1)) for v in chosen}
    run = simulate_network(
        game, steps=6, rule=rule, updating=updating, exploration_rate=mu, committed=fixed,
        snapshots=True, rng=seed,
    )  # fmt: skip
    for v, strategy in fixed.items():
        assert np.all(run.snapshots[0, :, v] == strategy)


@settings(max_examples=10)
@given(st.sampled_from(RULES), st.sampled_from(["synchronous", "asynchronous"]), ggst.seeds())
def test_same_seed_same_run_and_another_seed_another_run(rule, updating, seed):
    game = network_public_goods(barabasi_albert(60, 2, rng=1), multiplier=3.0)
    kwargs = {"steps": 8, "rule": rule, "updating": updating, "exploration_rate": 0.05}
    run = assert_reproducible(simulate_network, game, rng=seed, **kwargs)
    other = simulate_network(game, rng=seed + 1, **kwargs)
    assert not np.array_equal(run.snapshots, other.snapshots) or not np.array_equal(
        run.strategies, other.strategies
    )
    replay = simulate_network(game, rng=run.seed.seed_sequence(), **kwargs)
    assert replay == run


@settings(max_examples=15)
@given(
    ggst.graphs(n_nodes=st.integers(2, 10)),
    st.sampled_from(["fermi", "proportional", "imitate_best", "death_birth", "birth_death"]),
    st.integers(0, 1),
    ggst.seeds(),
)
def test_monomorphic_states_are_absorbing_without_exploration(graph, rule, strategy, seed):
    n = graph.number_of_nodes()
    run = simulate_network(
        network_public_goods(graph, multiplier=3.0), steps=20, rule=rule,
        updating="asynchronous", initial=np.full(n, strategy), rng=seed,
    )  # fmt: skip
    assert np.all(run.strategies == strategy)
    assert run.absorbed_at[0] == 1
    assert run.steps_run == 1
    assert np.all(run.fractions[0, :, strategy] == 1.0)


def test_exploration_leaves_monomorphic_states():
    game = network_public_goods(nx.cycle_graph(30), multiplier=3.0)
    run = simulate_network(game, steps=5, exploration_rate=0.5, initial=np.zeros(30, int), rng=1)
    assert run.absorbed_at[0] == -1
    assert run.strategies.any()


# ---------------------------------------------------------------------------------------------
# Engine consistency
# ---------------------------------------------------------------------------------------------


class _PythonGame:
    """A built-in game seen only through the NetworkedGame protocol (the Python path)."""

    def __init__(self, game):
        self._game = game
        self.n_members = game.n_members
        self.n_strategies = game.n_strategies

    def payoffs(self, strategies):
        return self._game.payoffs(strategies)

    def payoff_changes(self, strategies, member, new_strategy):
        return self._game.payoff_changes(strategies, member, new_strategy)

    def payoff_bounds(self):
        return self._game.payoff_bounds()


@pytest.mark.parametrize(
    ("rule", "updating"),
    [(rule, updating) for rule in RULES for updating in ("synchronous", "asynchronous")]
    + [("birth_death", "asynchronous")],  # birth-death is asynchronous only
)
def test_python_games_run_the_same_rules_with_the_same_draws(rule, updating):
    graph = barabasi_albert(25, 2, rng=3)
    game = GroupGame(graph, lambda s, c: 1.5 * s - 0.5 * c[1] + 0.2 * c[2], n_strategies=3)
    kwargs = {
        "steps": 3, "rule": rule, "updating": updating, "exploration_rate": 0.1,
        "committed": {0: 2}, "replicates": 2, "rng": 9, "selection_intensity": 2.0,
    }  # fmt: skip
    compiled = simulate_network(game, **kwargs)
    python = simulate_network(_PythonGame(game), graph=graph, **kwargs)
    np.testing.assert_array_equal(python.strategies, compiled.strategies)
    np.testing.assert_allclose(python.mean_payoffs, compiled.mean_payoffs, atol=1e-9)


@pytest.mark.parametrize(
    "game",
    [
        network_public_goods(barabasi_albert(200, 2, rng=2), multiplier=3.0, threshold=2),
        network_public_goods(
            barabasi_albert(200, 3, rng=2), multiplier=2.0, cost_model="per_individual"
        ),
        GroupGame(
            barabasi_albert(200, 2, rng=4), lambda s, c: s * 0.7 - c[2] + 0.3 * c[1], n_strategies=3
        ),
        PairwiseGame(
            nx.random_geometric_graph(200, 0.12, seed=1),
            [[0, 1.2], [-0.3, 1]],
            aggregation="average",
        ),
    ],
    ids=["threshold", "per_individual", "group3", "pairwise"],
)
def test_incremental_payoffs_stay_equal_to_recomputed_payoffs(game):
    run = simulate_network(game, steps=15, updating="asynchronous", exploration_rate=0.05, rng=3)
    np.testing.assert_allclose(run.payoffs[0], game.payoffs(run.strategies[0]), atol=1e-9)


def _graph_with_isolated_members():
    graph = nx.Graph(barabasi_albert(30, 2, rng=8))
    graph.add_nodes_from([30, 31])
    return graph


@settings(max_examples=14, deadline=None)
@given(
    st.sampled_from([*RULES, "birth_death"]),
    st.sampled_from(["synchronous", "asynchronous"]),
    st.sampled_from([0.0, 0.2]),
    ggst.seeds(),
)
def test_a_replicate_does_not_depend_on_the_batch(rule, updating, mu, seed):
    """Replicates share lanes of one state array: none may leak into another."""
    if rule == "birth_death":
        updating = "asynchronous"
    game = network_public_goods(_graph_with_isolated_members(), multiplier=3.5)
    kwargs = {
        "steps": 6, "rule": rule, "updating": updating, "exploration_rate": mu,
        "committed": {0: 1, 5: 0}, "schedule": [Phase(until=2, subsidy=[0.0, 0.3])],
        "rng": seed,
    }  # fmt: skip
    five = simulate_network(game, replicates=5, **kwargs)
    for size in (1, 2):
        fewer = simulate_network(game, replicates=size, **kwargs)
        np.testing.assert_array_equal(five.strategies[:size], fewer.strategies)
        np.testing.assert_array_equal(five.fractions[:size], fewer.fractions)
        np.testing.assert_array_equal(five.mean_payoffs[:size], fewer.mean_payoffs)
        np.testing.assert_array_equal(five.payoffs[:size], fewer.payoffs)


@settings(max_examples=12, deadline=None)
@given(
    st.sampled_from([*RULES, "birth_death"]),
    st.sampled_from(["synchronous", "asynchronous"]),
    st.sampled_from([0.0, 0.2]),
    st.integers(1, 5),
    st.integers(2, 6),
    ggst.seeds(),
)
def test_a_seed_gives_the_same_run_on_any_number_of_threads(
    rule, updating, mu, replicates, threads, seed
):
    """Threads run contiguous blocks of replicates: neither the split nor the order matters."""
    if rule == "birth_death":
        updating = "asynchronous"
    game = network_public_goods(_graph_with_isolated_members(), multiplier=3.5)
    kwargs = {
        "steps": 6, "rule": rule, "updating": updating, "exploration_rate": mu,
        "committed": {0: 1, 5: 0}, "schedule": [Phase(until=2, subsidy=[0.0, 0.3])],
        "replicates": replicates, "snapshots": True,
    }  # fmt: skip
    one = assert_reproducible(simulate_network, game, rng=seed, threads=1, **kwargs)
    two = assert_reproducible(simulate_network, game, rng=seed, threads=2, **kwargs)
    assert two == one
    assert simulate_network(game, rng=seed, threads=threads, **kwargs) == one


@pytest.mark.parametrize("rule", ["fermi", "proportional"])
def test_a_batch_over_several_chunks_runs_each_replicate_as_alone(rule):
    """40 lanes of 600 members take two chunks; 40 threads run every replicate in a lane alone."""
    from gamegroup.dynamics.network_rules import CHUNK_ENTRIES

    game = network_public_goods(barabasi_albert(600, 2, rng=2), multiplier=3.5)
    kwargs = {"steps": 4, "rule": rule, "replicates": 40, "exploration_rate": 0.05, "rng": 11}
    assert CHUNK_ENTRIES // 40 < 600  # more than one chunk of members
    assert simulate_network(game, **kwargs) == simulate_network(game, threads=40, **kwargs)


@pytest.mark.parametrize("updating", ["synchronous", "asynchronous"])
def test_games_computed_in_python_give_the_same_run_on_any_number_of_threads(updating):
    graph = barabasi_albert(25, 2, rng=3)
    game = GroupGame(graph, lambda s, c: 1.5 * s - 0.5 * c[1] + 0.2 * c[2], n_strategies=3)
    kwargs = {
        "steps": 3, "updating": updating, "exploration_rate": 0.1, "replicates": 3, "rng": 9,
        "graph": graph,
    }  # fmt: skip
    one = simulate_network(_PythonGame(game), **kwargs)
    assert simulate_network(_PythonGame(game), threads=2, **kwargs) == one


def test_absorbed_blocks_finish_their_records_on_several_threads():
    game = network_public_goods(nx.cycle_graph(12), multiplier=3.0)
    kwargs = {"steps": 400, "replicates": 4, "record_every": 50, "rng": 5}
    one = simulate_network(game, **kwargs)
    assert one.steps_run < 400  # every replicate absorbed: the records are filled in
    assert simulate_network(game, threads=3, **kwargs) == one


@pytest.mark.parametrize("rule", ["fermi", "proportional"])
@pytest.mark.parametrize("mu", [0.0, 0.15])
def test_synchronous_imitation_matches_a_member_by_member_reference(rule, mu):
    """Every replicate of a batch against plain Python drawing one uniform at a time.

    Covers the documented order of draws (committed members draw nothing, exploration first,
    isolated members never imitate), a subsidy and a stronger selection in a first phase and
    more exploration in a second one.
    """
    from gamegroup._rng import task_seed

    graph = _graph_with_isolated_members()
    n = graph.number_of_nodes()
    game = network_public_goods(graph, multiplier=3.5)
    initial = np.random.default_rng(3).integers(0, 2, n)
    initial[[4, 9]] = [1, 0]
    schedule = [
        Phase(until=3, subsidy=[0.0, 0.4], selection_intensity=2.0),
        Phase(until=5, exploration_rate=0.3),
    ]
    run = simulate_network(
        game, steps=8, rule=rule, exploration_rate=mu, initial=initial, committed={4: 1, 9: 0},
        schedule=schedule, replicates=3, snapshots=True, rng=31,
    )  # fmt: skip

    def fitness(state):
        return oracle.public_goods_payoffs(graph, state, 3.5, 1.0, 0, False)

    for r in range(3):
        history = oracle.synchronous_imitation_run(
            graph, fitness, initial, 8, np.random.default_rng(task_seed(31, (r,))), rule=rule,
            beta=lambda t: 2.0 if t < 3 else 1.0, mu=lambda t: 0.3 if 3 <= t < 5 else mu,
            committed={4, 9}, bounds=game.payoff_bounds(),
            subsidy=lambda t: [0.0, 0.4] if t < 3 else [0.0, 0.0],
        )  # fmt: skip
        np.testing.assert_array_equal(run.snapshots[r, 1:], np.array(history))


def test_synchronous_fermi_step_matches_a_numpy_scipy_reference():
    """The benchmark's plain reference, one generation, with the same uniforms."""
    from gamegroup._rng import task_seed

    graph = barabasi_albert(500, 2, rng=5, as_csr=True)
    game = network_public_goods(graph, multiplier=3.5)
    run = simulate_network(game, steps=1, rng=77)
    generator = np.random.default_rng(task_seed(77, (0,)))
    s = (generator.random(500) * 2).astype(np.int64)
    adjacency = graph.adjacency()
    size = graph.degrees + 1
    share = 3.5 * (s + adjacency @ s) / size
    f = share + adjacency @ share - size * s
    scaled = generator.random(500) * graph.degrees
    pick = scaled.astype(np.int64)
    j = graph.indices[graph.indptr[:-1] + pick]
    p = 1 / (1 + np.exp(-(f[j] - f)))
    expected = np.where((s[j] != s) & (scaled - pick < p), s[j], s)
    np.testing.assert_array_equal(run.strategies[0], expected)


# ---------------------------------------------------------------------------------------------
# Schedules, records, results
# ---------------------------------------------------------------------------------------------


def test_a_phase_that_changes_nothing_changes_nothing():
    game = network_public_goods(barabasi_albert(100, 2, rng=1), multiplier=3.0)
    plain = simulate_network(game, steps=30, updating="asynchronous", rng=4)
    phased = simulate_network(
        game, steps=30, updating="asynchronous", rng=4, schedule=[Phase(until=7), Phase(until=19)]
    )
    assert plain == phased


def test_a_subsidy_raises_sharing_while_it_lasts():
    game = network_public_goods(barabasi_albert(400, 2, rng=1), multiplier=1.0)  # defect dominates
    run = simulate_network(
        game, steps=120, updating="asynchronous", selection_intensity=5.0,
        schedule=[Phase(until=40, subsidy=[0.0, 20.0])], record_every=40, rng=8,
    )  # fmt: skip
    sharing = run.fractions[0, :, 1]
    assert sharing[1] > 0.9  # end of the programme
    assert sharing[-1] < 0.2  # after exit
    assert not run.absorbed_at[0] >= 0 or run.absorbed_at[0] > 40


def test_phases_can_change_selection_exploration_and_the_game():
    graph = nx.cycle_graph(40)
    harsh = network_public_goods(graph, multiplier=1.0)
    kind = network_public_goods(graph, multiplier=6.0)
    run = simulate_network(
        harsh, steps=60, rule="best_response", updating="asynchronous",
        schedule=[Phase(until=30, game=kind, exploration_rate=0.0, selection_intensity=2.0)],
        record_every=30, rng=2,
    )  # fmt: skip
    np.testing.assert_array_equal(run.fractions[0, :, 1][1:], [1.0, 0.0])


def test_records_times_snapshots_and_frame():
    game = network_public_goods(nx.cycle_graph(12), multiplier=3.0)
    run = simulate_network(game, steps=10, record_every=4, replicates=3, snapshots=True, rng=1)
    np.testing.assert_array_equal(run.times, [0, 4, 8, 10])
    assert run.snapshots.shape == (3, 4, 12)
    np.testing.assert_allclose(run.snapshots.mean(axis=2), run.fractions[:, :, 1])
    frame = run.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert frame.shape == (12, 5)
    assert run.n_replicates == 3
    assert run.final_fractions().shape == (3, 2)
    assert run.strategies.flags.writeable is False
    assert "NetworkRun" in repr(run)


def test_disconnected_graphs_are_reported_and_isolated_members_never_imitate():
    graph = nx.disjoint_union(nx.cycle_graph(5), nx.empty_graph(2))
    run = simulate_network(
        network_public_goods(graph, multiplier=3.0), steps=10, initial=[1, 0, 1, 0, 1, 1, 0],
        snapshots=True, rng=3,
    )  # fmt: skip
    assert run.n_components == 3
    assert np.all(run.snapshots[0, :, 5] == 1)
    assert np.all(run.snapshots[0, :, 6] == 0)


def test_labels_are_kept_and_committed_members_placed_by_centrality():
    graph = nx.relabel_nodes(nx.star_graph(6), {i: f"p{i}" for i in range(7)})
    hub = committed_members(graph, 1, rule="degree")
    run = simulate_network(
        network_public_goods(graph, multiplier=2.0), steps=5, committed={hub[0]: 1}, rng=0
    )
    assert run.nodes[0] == "p0"
    assert run.committed.tolist() == [0]
    assert run.strategies[0, 0] == 1


def test_initial_proportions_are_drawn_per_member():
    game = network_public_goods(nx.cycle_graph(4000), multiplier=3.0)
    run = simulate_network(game, steps=0, initial=[0.8, 0.2], rng=1)
    assert abs(run.fractions[0, 0, 1] - 0.2) < 4 * np.sqrt(0.16 / 4000)
    assert run.steps_run == 0
    assert run.times.tolist() == [0]


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------

PGG = network_public_goods(nx.path_graph(4), multiplier=2.0)


class _NaNGame(_PythonGame):
    def payoffs(self, strategies):
        return np.full(4, np.nan)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"rule": "fermy"}, ValueError, r"`rule` must be one of"),
        ({"updating": "parallel"}, ValueError, r"`updating`"),
        ({"rule": "birth_death"}, ValueError, r"`rule`='birth_death' needs `updating`"),
        ({"selection_intensity": -1.0}, ValueError, r"`selection_intensity`"),
        ({"exploration_rate": 1.5}, ValueError, r"`exploration_rate`"),
        ({"steps": -1}, ValueError, r"`steps`"),
        ({"steps": 2.0}, TypeError, r"`steps`"),
        ({"replicates": 0}, ValueError, r"`replicates`"),
        ({"record_every": 0}, ValueError, r"`record_every`"),
        ({"threads": 0}, ValueError, r"`threads`"),
        ({"threads": 2.0}, TypeError, r"`threads`"),
        ({"threads": "2"}, TypeError, r"`threads`"),
        ({"initial": [0, 1, 1]}, ValueError, r"`initial` must have 4 entries"),
        ({"initial": [0, 1, 2, 1]}, ValueError, r"`initial` must hold strategy ids 0..1; got 2"),
        ({"initial": [0.5, 0.6]}, ValueError, r"`initial` must lie on the simplex"),
        ({"initial": [0.5, 0.25, 0.25]}, ValueError, r"`initial`"),
        ({"committed": [7]}, ValueError, r"`committed` member 7 is not a node"),
        ({"committed": [1, 1]}, ValueError, r"`committed` lists a member more than once"),
        ({"committed": {1: 3}}, ValueError, r"`committed`"),
        ({"committed": 3}, TypeError, r"`committed`"),
        ({"graph": nx.path_graph(4)}, ValueError, r"`graph` must be omitted"),
        ({"schedule": [Phase(until=0)]}, ValueError, r"`schedule\[0\].until`"),
        ({"schedule": [Phase(until=3), Phase(until=2)]}, ValueError, r"`schedule\[1\].until`"),
        ({"schedule": [Phase(until=2, subsidy=[1.0])]}, ValueError, r"`schedule\[0\].subsidy`"),
        ({"schedule": [Phase(until=2, exploration_rate=2.0)]}, ValueError, r"`exploration_rate`"),
        ({"schedule": [(2, {})]}, TypeError, r"`schedule`"),
        (
            {
                "schedule": [
                    Phase(until=2, game=network_public_goods(nx.path_graph(5), multiplier=1.0))
                ]
            },
            ValueError,
            r"`schedule\[0\].game` must have the same 4 members",
        ),
        ({"schedule": [Phase(until=2, game="pgg")]}, TypeError, r"`schedule\[0\].game`"),
        ({"rng": -3}, ValueError, r"`rng`"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, pattern):
    arguments = {"steps": 3, **kwargs}
    with pytest.raises(error, match=pattern):
        simulate_network(PGG, **arguments)


def test_bad_games_are_named():
    with pytest.raises(TypeError, match=r"`game` must be a NetworkedGame"):
        simulate_network([[1, 0], [0, 1]], steps=1)
    python_game = _PythonGame(PGG)
    with pytest.raises(ValueError, match=r"`graph` is required"):
        simulate_network(python_game, steps=1)
    with pytest.raises(ValueError, match=r"`graph` must have one node per member \(4\)"):
        simulate_network(python_game, steps=1, graph=nx.path_graph(5))
    with pytest.raises(ValueError, match=r"`game`.payoffs must return 4 finite payoffs"):
        simulate_network(_NaNGame(PGG), steps=1, graph=nx.path_graph(4))

    class NoBounds:
        n_members, n_strategies = 4, 2

        def payoffs(self, strategies):
            return np.zeros(4)

        def payoff_changes(self, strategies, member, new_strategy):
            return np.zeros(0, dtype=int), np.zeros(0)

    with pytest.raises(ValueError, match=r"`rule`='proportional' needs the game's payoff bounds"):
        simulate_network(NoBounds(), steps=1, rule="proportional", graph=nx.path_graph(4))


@pytest.mark.parametrize("updating", ["synchronous", "asynchronous"])
def test_a_compiled_game_resumed_after_a_python_phase_starts_from_the_current_state(updating):
    # Compiled game -> the same game computed in Python -> the compiled game again must equal
    # the compiled game throughout: the third phase rebuilds its payoff bookkeeping.
    graph = barabasi_albert(40, 2, rng=3)
    game = GroupGame(graph, lambda s, c: 1.5 * s - 0.5 * c[1] + 0.2 * c[2], n_strategies=3)
    kwargs = {"steps": 12, "updating": updating, "exploration_rate": 0.1, "replicates": 2}
    through_python = simulate_network(
        game, schedule=[Phase(until=4), Phase(until=8, game=_PythonGame(game))], rng=5, **kwargs
    )
    compiled = simulate_network(game, schedule=[Phase(until=4), Phase(until=8)], rng=5, **kwargs)
    np.testing.assert_array_equal(through_python.strategies, compiled.strategies)
    np.testing.assert_allclose(through_python.mean_payoffs, compiled.mean_payoffs, atol=1e-9)
