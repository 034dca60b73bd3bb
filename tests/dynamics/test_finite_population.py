from itertools import combinations

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup._combinatorics import composition_index, compositions
from gamegroup.dynamics import (
    SmallMutationLimit,
    fixation_probability,
    gradient_of_selection,
    group_success,
    small_mutation_limit,
    stationary_distribution,
    transition_matrix,
    transition_probabilities,
)
from gamegroup.dynamics.finite_population import _closed_classes
from gamegroup.dynamics.processes import RULES
from gamegroup.games import (
    SymmetricGame,
    collective_risk_dilemma,
    optional_public_goods,
    public_goods,
)
from gamegroup.testing import strategies as ggst

MORAN = ("moran_birth_death", "moran_death_birth")


# -- fixation -------------------------------------------------------------------------------------
@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("z", [3, 10, 57])
def test_neutral_fixation_is_one_over_z(rule, z):
    game = optional_public_goods(group_size=3, multiplier=3.0, loner_payoff=1.0)
    for mutant, resident in [(0, 1), (2, 0), (1, 2)]:
        rho = fixation_probability(
            game,
            population_size=z,
            invader=mutant,
            resident=resident,
            rule=rule,
            selection_intensity=0.0,
        )
        assert rho == pytest.approx(1 / z, rel=1e-12)


def moran_closed_form(r, z):
    """(1 - 1/r) / (1 - 1/r^Z), for a mutant of constant relative fitness r (Moran 1958)."""
    return (1 - 1 / r) / (1 - r**-z)


@pytest.mark.parametrize("r", [0.5, 0.9, 1.1, 2.0, 10.0])
@pytest.mark.parametrize("z", [2, 10, 100])
def test_constant_fitness_moran_closed_form(r, z):
    game = SymmetricGame([[1.0, 1.0], [r, r]], group_size=2)
    rho = fixation_probability(
        game,
        population_size=z,
        invader=1,
        resident=0,
        rule="moran_birth_death",
        fitness="linear",
        selection_intensity=1.0,
    )
    assert rho == pytest.approx(moran_closed_form(r, z), rel=1e-12)


def test_tiny_fixation_probabilities_are_exact_not_truncated():
    game = SymmetricGame([[1.0, 1.0], [2.0, 2.0]], group_size=2)
    kwargs = {"rule": "moran_birth_death", "fitness": "linear", "selection_intensity": 1.0}
    for z in (100, 500, 1000):
        rho = fixation_probability(game, population_size=z, invader=0, resident=1, **kwargs)
        assert rho > 0
        assert rho == pytest.approx(1 / (2.0**z - 1), rel=1e-11)
    # Below the smallest double, the logarithm stays exact.
    sml = small_mutation_limit(game, population_size=2000, **kwargs)
    assert sml.fixation_probabilities[1, 0] == 0.0
    expected_log = -(2000 * np.log(2.0) + np.log1p(-(2.0**-2000)))
    assert sml.log_fixation_probabilities[1, 0] == pytest.approx(expected_log, rel=1e-13)


@pytest.mark.parametrize("rule", ["fermi", "moran_birth_death"])
def test_constant_payoff_difference_gives_a_geometric_series(rule):
    # Linear public goods: pi_D - pi_C is the same at every state of a finite population.
    game = public_goods(group_size=4, multiplier=3.0)
    z, beta = 30, 0.8
    payoffs = game.finite_population_payoffs(z, [[z - j, j] for j in range(1, z)])
    difference = payoffs[:, 1] - payoffs[:, 0]
    np.testing.assert_allclose(difference, difference[0], atol=1e-12)
    rho = fixation_probability(
        game, population_size=z, invader=1, resident=0, rule=rule, selection_intensity=beta
    )
    q = np.exp(-beta * difference[0])  # T-/T+ at every state
    assert rho == pytest.approx((1 - q) / (1 - q**z), rel=1e-12)


def absorption_probability(game, z, mutant, resident, rule, beta, fitness, brute):
    """Solve the absorbing chain built from enumerated one-step transitions (dense)."""
    k = game.n_strategies
    up, down = np.zeros(z + 1), np.zeros(z + 1)
    for j in range(1, z):
        state = np.zeros(k, dtype=int)
        state[mutant], state[resident] = j, z - j
        step = brute.one_step(game, state, rule=rule, beta=beta, mu=0.0, fitness=fitness)
        up[j], down[j] = step[resident, mutant], step[mutant, resident]
    # phi_j = up_j phi_{j+1} + down_j phi_{j-1} + (1 - up_j - down_j) phi_j, phi_0 = 0, phi_Z = 1
    matrix = np.zeros((z + 1, z + 1))
    right = np.zeros(z + 1)
    matrix[0, 0] = matrix[z, z] = 1.0
    right[z] = 1.0
    for j in range(1, z):
        matrix[j, j] = up[j] + down[j]
        matrix[j, j + 1] = -up[j]
        matrix[j, j - 1] = -down[j]
    return np.linalg.solve(matrix, right)[1]


@pytest.mark.parametrize(
    ("rule", "fitness", "beta"),
    [
        ("fermi", "exponential", 1.3),
        ("moran_birth_death", "exponential", 0.9),
        ("moran_birth_death", "linear", 0.2),
        ("moran_death_birth", "exponential", 0.9),
        ("moran_death_birth", "linear", 0.2),
    ],
)
def test_fixation_matches_the_absorbing_chain_of_enumerated_updates(rule, fitness, beta, brute):
    game = optional_public_goods(group_size=3, multiplier=2.5, loner_payoff=0.5)
    z = 6
    for mutant, resident in [(0, 1), (1, 0), (2, 1), (0, 2)]:
        expected = absorption_probability(game, z, mutant, resident, rule, beta, fitness, brute)
        ours = fixation_probability(
            game,
            population_size=z,
            invader=mutant,
            resident=resident,
            rule=rule,
            selection_intensity=beta,
            fitness=fitness,
        )
        assert ours == pytest.approx(expected, rel=1e-11)


@pytest.mark.parametrize("rule", MORAN)
def test_extreme_selection_fixation_is_finite(rule):
    game = public_goods(group_size=5, multiplier=3.0, threshold=3)
    for mutant, resident in [(0, 1), (1, 0)]:
        rho = fixation_probability(
            game,
            population_size=50,
            invader=mutant,
            resident=resident,
            rule=rule,
            selection_intensity=1e4,
        )
        assert 0.0 <= rho <= 1.0
    sml = small_mutation_limit(game, population_size=50, rule=rule, selection_intensity=1e4)
    assert np.all(np.isfinite(sml.probabilities))


# -- small-mutation limit -------------------------------------------------------------------------
@given(ggst.symmetric_games(n_strategies=2, group_size=st.integers(2, 4)), st.sampled_from(RULES))
@settings(max_examples=20)
def test_two_strategy_small_mutation_limit_closed_form(game, rule):
    sml = small_mutation_limit(game, population_size=12, rule=rule, selection_intensity=0.5)
    log_up, log_down = sml.log_fixation_probabilities[0, 1], sml.log_fixation_probabilities[1, 0]
    expected = 1 / (1 + np.exp(log_down - log_up))
    assert sml.probabilities[1] == pytest.approx(expected, rel=1e-10, abs=1e-300)
    assert sml.probabilities.sum() == pytest.approx(1.0, abs=1e-14)


def tree_theorem_three_states(log_moves):
    """Stationary distribution of a 3-state chain by the Markov chain tree theorem (log space)."""
    m = log_moves
    log_pi = np.array(
        [
            np.logaddexp.reduce([m[1, 0] + m[2, 0], m[1, 2] + m[2, 0], m[2, 1] + m[1, 0]]),
            np.logaddexp.reduce([m[0, 1] + m[2, 1], m[0, 2] + m[2, 1], m[2, 0] + m[0, 1]]),
            np.logaddexp.reduce([m[0, 2] + m[1, 2], m[0, 1] + m[1, 2], m[1, 0] + m[0, 2]]),
        ]
    )
    return np.exp(log_pi - np.logaddexp.reduce(log_pi))


@pytest.mark.parametrize("beta", [0.5, 5.0, 60.0])
def test_small_mutation_limit_matches_the_tree_theorem_even_with_tiny_fixation(beta):
    game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    sml = small_mutation_limit(game, population_size=100, selection_intensity=beta)
    expected = tree_theorem_three_states(sml.log_fixation_probabilities - np.log(2))
    np.testing.assert_allclose(sml.probabilities, expected, rtol=1e-12, atol=0)
    if beta == 60.0:
        assert np.exp(np.nanmin(sml.log_fixation_probabilities)) < 1e-300


def test_rock_paper_scissors_is_uniform_in_the_small_mutation_limit():
    rps = SymmetricGame([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], group_size=2)
    sml = small_mutation_limit(rps, population_size=30)
    np.testing.assert_allclose(sml.probabilities, 1 / 3, rtol=1e-12)
    frame = sml.to_frame()
    assert len(frame) == 6
    favoured = frame[frame.relative_to_neutral > 1]
    assert set(zip(favoured.resident, favoured.invader, strict=True)) == {
        ("0", "1"),
        ("1", "2"),
        ("2", "0"),
    }


def test_small_mutation_limit_transition_matrix_is_stochastic():
    game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    sml = small_mutation_limit(game, population_size=40)
    np.testing.assert_allclose(sml.transition_matrix.sum(axis=1), 1.0, atol=1e-15)
    np.testing.assert_allclose(
        sml.probabilities @ sml.transition_matrix, sml.probabilities, atol=1e-15
    )
    assert isinstance(sml, SmallMutationLimit)
    assert np.isnan(np.diag(sml.fixation_probabilities)).all()


# -- the full chain -------------------------------------------------------------------------------
def test_transition_matrix_entries_are_the_enumerated_updates(brute):
    game = optional_public_goods(group_size=3, multiplier=2.5, loner_payoff=0.5)
    z, mu = 5, 0.05
    matrix = transition_matrix(
        game, population_size=z, mutation_rate=mu, selection_intensity=0.8
    ).toarray()
    states = compositions(z, 3)
    for i, state in enumerate(states):
        step = brute.one_step(game, state, rule="fermi", beta=0.8, mu=mu)
        expected = np.zeros(len(states))
        for a in range(3):
            for b in range(3):
                if a != b and state[a] > 0:
                    target = state.copy()
                    target[a] -= 1
                    target[b] += 1
                    expected[composition_index(target)] += step[a, b]
        expected[i] = 1 - expected.sum()
        np.testing.assert_allclose(matrix[i], expected, atol=1e-14)


@given(
    ggst.symmetric_games(n_strategies=st.integers(2, 3), group_size=st.integers(2, 3)),
    st.sampled_from(RULES),
    st.floats(1e-3, 0.5),
)
@settings(max_examples=20)
def test_stationary_distribution_sums_to_one_and_is_invariant(game, rule, mu):
    result = stationary_distribution(
        game, population_size=7, rule=rule, mutation_rate=mu, selection_intensity=0.3
    )
    matrix = transition_matrix(
        game, population_size=7, rule=rule, mutation_rate=mu, selection_intensity=0.3
    )
    assert result.success, result.message
    assert result.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(result.probabilities >= 0)
    np.testing.assert_allclose(result.probabilities @ matrix, result.probabilities, atol=1e-12)
    # Independent dense computation: the left null vector of P - I.
    dense = matrix.toarray()
    null = scipy.linalg.null_space(dense.T - np.eye(dense.shape[0]))
    assert null.shape[1] == 1
    expected = null[:, 0] / null[:, 0].sum()
    np.testing.assert_allclose(result.probabilities, expected, atol=1e-10)


@given(ggst.symmetric_games(n_strategies=st.integers(2, 3), group_size=st.integers(2, 3)))
@settings(max_examples=15)
def test_full_chain_approaches_the_small_mutation_limit(game):
    # Payoffs scaled to [-1, 1] so that fixation probabilities stay far above mu.
    scaled = SymmetricGame(game.payoffs / 10.0, group_size=game.group_size)
    z = 6
    sml = small_mutation_limit(scaled, population_size=z)
    full = stationary_distribution(scaled, population_size=z, mutation_rate=1e-9)
    monomorphic = composition_index(z * np.eye(scaled.n_strategies, dtype=np.int64))
    np.testing.assert_allclose(full.probabilities[monomorphic], sml.probabilities, atol=1e-5)


def test_without_mutation_the_chain_is_reported_reducible():
    game = public_goods(group_size=3, multiplier=2.0)
    result = stationary_distribution(game, population_size=10, mutation_rate=0.0)
    assert not result.success
    assert "2 closed classes" in result.message
    assert np.isnan(result.probabilities).all()
    with pytest.raises(ValueError, match=r"`distribution`"):
        group_success(result, group_size=3, threshold=1)


def test_closed_classes_of_a_chain_with_transient_states():
    import scipy.sparse as sp

    # 0 -> 1 <-> 2, and 3 -> 3: two closed classes {1, 2} and {3}; 0 is transient.
    matrix = sp.csr_array(
        np.array([[0.5, 0.5, 0, 0], [0, 0.2, 0.8, 0], [0, 0.6, 0.4, 0], [0, 0, 0, 1.0]])
    )
    count, closed = _closed_classes(matrix)
    assert count == 2
    assert closed.tolist() == [False, True, True, True]


def test_large_full_chain_is_solved_sparsely():
    game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    result = stationary_distribution(game, population_size=150, mutation_rate=1e-3)
    assert result.probabilities.shape == (11476,)
    assert result.success
    assert result.residual < 1e-14
    sml = small_mutation_limit(game, population_size=150)
    # mu = 1e-3 is not yet the limit, but the ranking of the monomorphic states agrees.
    monomorphic = composition_index(150 * np.eye(3, dtype=np.int64))
    assert (
        np.argsort(result.probabilities[monomorphic]).tolist()
        == np.argsort(sml.probabilities).tolist()
    )


# -- gradient of selection ------------------------------------------------------------------------
def test_two_strategy_fermi_gradient_closed_form():
    game = public_goods(group_size=5, multiplier=4.5, threshold=3)
    z, beta = 40, 2.0
    states = compositions(z, 2)
    payoffs = game.finite_population_payoffs(z)
    gradient = gradient_of_selection(game, population_size=z, selection_intensity=beta)
    j = states[1:-1, 1]
    expected = j / z * (z - j) / (z - 1) * np.tanh(beta / 2 * (payoffs[1:-1, 1] - payoffs[1:-1, 0]))
    np.testing.assert_allclose(gradient[1:-1, 1], expected, atol=1e-15)
    np.testing.assert_array_equal(gradient[[0, -1]], 0.0)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("mu", [0.0, 0.1])
def test_gradient_is_the_expected_change_of_counts(rule, mu, brute):
    game = optional_public_goods(group_size=3, multiplier=2.5, loner_payoff=0.5)
    z = 5
    gradient = gradient_of_selection(
        game, population_size=z, rule=rule, mutation_rate=mu, selection_intensity=0.6
    )
    for state, ours in zip(compositions(z, 3), gradient, strict=True):
        step = brute.one_step(game, state, rule=rule, beta=0.6, mu=mu)
        change = np.zeros(3)
        for a in range(3):
            for b in range(3):
                change[b] += step[a, b]
                change[a] -= step[a, b]
        np.testing.assert_allclose(ours, change, atol=1e-14)
    np.testing.assert_allclose(gradient.sum(axis=1), 0.0, atol=1e-15)


def test_gradient_at_selected_states_matches_all_states():
    game = optional_public_goods(group_size=4, multiplier=3.0, loner_payoff=1.0)
    every = gradient_of_selection(game, population_size=12)
    chosen = [[4, 4, 4], [12, 0, 0], [0, 5, 7]]
    np.testing.assert_allclose(
        gradient_of_selection(game, population_size=12, states=chosen),
        every[composition_index(chosen)],
        atol=1e-15,
    )


# -- group success --------------------------------------------------------------------------------
def test_group_success_counts_every_group(brute):
    game = collective_risk_dilemma(group_size=4, threshold=2, risk=0.9)
    z, n, m = 8, 4, 2
    result = stationary_distribution(
        game, population_size=z, mutation_rate=0.05, selection_intensity=3.0
    )
    expected = 0.0
    for state, probability in zip(result.states, result.probabilities, strict=True):
        members = np.repeat([0, 1], state)
        groups = list(combinations(range(z), n))
        reached = sum(members[list(group)].sum() >= m for group in groups)
        expected += probability * reached / len(groups)
    assert group_success(result, group_size=n, threshold=m) == pytest.approx(expected, rel=1e-12)


def test_group_success_in_the_small_mutation_limit():
    game = collective_risk_dilemma(group_size=4, threshold=2, risk=0.9)
    sml = small_mutation_limit(game, population_size=20, selection_intensity=3.0)
    assert group_success(sml, group_size=4, threshold=2) == pytest.approx(sml.probabilities[1])
    assert group_success(sml, group_size=4, threshold=0) == pytest.approx(1.0)


# -- bad input ------------------------------------------------------------------------------------
GAME = public_goods(group_size=4, multiplier=3.0)


def test_fixation_bad_input_names_the_argument():
    with pytest.raises(ValueError, match=r"`invader`"):
        fixation_probability(GAME, population_size=10, invader=1, resident=1)
    with pytest.raises(ValueError, match=r"`resident`"):
        fixation_probability(GAME, population_size=10, invader=1, resident=2)
    with pytest.raises(TypeError, match=r"`invader`"):
        fixation_probability(GAME, population_size=10, invader=1.0, resident=0)
    with pytest.raises(ValueError, match=r"`population_size`"):
        fixation_probability(GAME, population_size=3, invader=1, resident=0)
    with pytest.raises(ValueError, match=r"`selection_intensity`"):
        small_mutation_limit(GAME, population_size=10, selection_intensity=-0.5)
    with pytest.raises(ValueError, match=r"`rule`"):
        small_mutation_limit(GAME, population_size=10, rule="moran")
    with pytest.raises(ValueError, match=r"`mutation_rate`"):
        stationary_distribution(GAME, population_size=10, mutation_rate=2.0)
    with pytest.raises(ValueError, match=r"`mutation_rate`"):
        transition_matrix(GAME, population_size=10, mutation_rate=-1e-3)
    with pytest.raises(ValueError, match=r"`states`"):
        gradient_of_selection(GAME, population_size=10, states=[[3, 3]])


def test_group_success_bad_input_names_the_argument():
    result = stationary_distribution(GAME, population_size=10, mutation_rate=0.1)
    with pytest.raises(TypeError, match=r"`distribution`"):
        group_success(np.ones(11) / 11, group_size=4, threshold=2)
    with pytest.raises(ValueError, match=r"`group_size`"):
        group_success(result, group_size=11, threshold=2)
    with pytest.raises(ValueError, match=r"`threshold`"):
        group_success(result, group_size=4, threshold=5)
    with pytest.raises(ValueError, match=r"`strategy`"):
        group_success(result, group_size=4, threshold=2, strategy=2)


def test_results_have_tables():
    result = stationary_distribution(GAME, population_size=6, mutation_rate=0.1)
    frame = result.to_frame()
    assert frame.columns.tolist() == ["defect", "contribute", "probability"]
    assert frame.probability.sum() == pytest.approx(1.0)
    assert "StationaryDistribution(" in repr(result)
    assert transition_probabilities(GAME, population_size=6).shape == (7, 2, 2)


@pytest.mark.parametrize(
    ("game", "beta"),
    [
        (public_goods(group_size=10, multiplier=8.0, threshold=5), 20.0),
        (public_goods(group_size=10, multiplier=8.0, threshold=5), 1e4),
        (optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0), 30.0),
    ],
)
def test_stationary_probabilities_are_never_negative_under_strong_selection(game, beta):
    result = stationary_distribution(
        game, population_size=60, mutation_rate=0.005, selection_intensity=beta
    )
    assert result.success, result.message
    assert result.probabilities.min() >= 0.0
    assert result.residual < 1e-12


def test_two_strategy_chain_uses_detailed_balance_exactly():
    game = public_goods(group_size=10, multiplier=8.0, threshold=5)
    result = stationary_distribution(
        game, population_size=100, mutation_rate=0.001, selection_intensity=100.0
    )
    assert "detailed balance" in result.message
    matrix = transition_matrix(
        game, population_size=100, mutation_rate=0.001, selection_intensity=100.0
    )
    p = result.probabilities
    # Detailed balance, state by state, in relative terms, down to probabilities near 1e-97.
    flow_up = p[:-1] * matrix.diagonal(1)
    flow_down = p[1:] * matrix.diagonal(-1)
    np.testing.assert_allclose(flow_up, flow_down, rtol=1e-12)
    assert p.min() > 0
