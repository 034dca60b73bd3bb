import numpy as np
import pytest
from scipy.stats import chi2

from gamegroup._combinatorics import composition_index
from gamegroup.dynamics import (
    FixationEstimate,
    PopulationSimulation,
    fixation_probability,
    simulate_fixation,
    simulate_population,
    transition_matrix,
)
from gamegroup.games import SymmetricGame, optional_public_goods, public_goods
from gamegroup.testing import assert_reproducible

STAG_HUNT = public_goods(group_size=4, multiplier=3.5, threshold=2)
LONERS = optional_public_goods(group_size=3, multiplier=2.5, loner_payoff=0.5)
CASES = [
    ("fermi", "exponential", 1.0),
    ("moran_birth_death", "exponential", 0.5),
    ("moran_birth_death", "linear", 0.1),
    ("moran_death_birth", "exponential", 0.5),
    ("moran_death_birth", "linear", 0.1),
]


def runs(budget, bounded, full):
    return bounded if budget == "bounded" else full


@pytest.mark.statistical
@pytest.mark.parametrize(("rule", "fitness", "beta"), CASES)
def test_simulated_fixation_agrees_with_the_exact_probability(
    rule, fitness, beta, statistical_budget
):
    n_runs = runs(statistical_budget, 4000, 100000)
    for mutant, resident in [(1, 0), (0, 1)]:
        exact = fixation_probability(
            STAG_HUNT,
            population_size=12,
            invader=mutant,
            resident=resident,
            rule=rule,
            selection_intensity=beta,
            fitness=fitness,
        )
        estimate = simulate_fixation(
            STAG_HUNT,
            population_size=12,
            invader=mutant,
            resident=resident,
            n_runs=n_runs,
            rule=rule,
            selection_intensity=beta,
            fitness=fitness,
            rng=2024,
        )
        assert estimate.success
        tolerance = 4 * np.sqrt(exact * (1 - exact) / n_runs)  # 4 standard errors
        assert abs(estimate.probability - exact) <= tolerance, (estimate, exact)


@pytest.mark.statistical
@pytest.mark.parametrize(("rule", "fitness", "beta"), CASES)
def test_simulated_states_follow_the_exact_chain(rule, fitness, beta, statistical_budget):
    # After n steps from state s0 the exact law is e_{s0} P^n: no mixing assumption needed.
    z, steps, mu = 6, 25, 0.1
    n_runs = runs(statistical_budget, 20000, 400000)
    start = np.array([2, 2, 2])
    matrix = transition_matrix(
        LONERS,
        population_size=z,
        rule=rule,
        selection_intensity=beta,
        mutation_rate=mu,
        fitness=fitness,
    ).toarray()
    law = np.zeros(matrix.shape[0])
    law[composition_index(start)] = 1.0
    for _ in range(steps):
        law = law @ matrix
    simulation = simulate_population(
        LONERS,
        population_size=z,
        initial_state=start,
        n_steps=steps,
        n_runs=n_runs,
        rule=rule,
        selection_intensity=beta,
        mutation_rate=mu,
        fitness=fitness,
        rng=99,
    )
    assert chi_square_p_value(simulation.empirical_distribution() * n_runs, law) > 1e-6


def chi_square_p_value(observed, probabilities):
    """Pearson's goodness-of-fit p-value, pooling states expected fewer than 5 times."""
    expected = probabilities * observed.sum()
    small = expected < 5
    observed = np.append(observed[~small], observed[small].sum())
    expected = np.append(expected[~small], expected[small].sum())
    if expected[-1] == 0:
        assert observed[-1] == 0
        observed, expected = observed[:-1], expected[:-1]
    statistic = np.sum((observed - expected) ** 2 / expected)
    return chi2.sf(statistic, observed.size - 1)


def test_same_seed_same_run_and_seed_is_recorded():
    first = assert_reproducible(
        simulate_population,
        LONERS,
        population_size=6,
        initial_state=[2, 2, 2],
        n_steps=30,
        n_runs=5,
        mutation_rate=0.1,
        rng=7,
    )
    assert isinstance(first, PopulationSimulation)
    assert first.seed.entropy == 7
    replay = simulate_population(
        LONERS,
        population_size=6,
        initial_state=[2, 2, 2],
        n_steps=30,
        n_runs=5,
        mutation_rate=0.1,
        rng=first.seed.generator(),
    )
    np.testing.assert_array_equal(replay.final_states, first.final_states)
    other = simulate_population(
        LONERS,
        population_size=6,
        initial_state=[2, 2, 2],
        n_steps=30,
        n_runs=5,
        mutation_rate=0.1,
        rng=8,
    )
    assert not np.array_equal(other.final_states, first.final_states)
    estimate = assert_reproducible(
        simulate_fixation, STAG_HUNT, population_size=10, invader=1, resident=0, n_runs=50, rng=3
    )
    assert isinstance(estimate, FixationEstimate)


def test_recorded_states_and_tables():
    simulation = simulate_population(
        LONERS,
        population_size=6,
        initial_state=[6, 0, 0],
        n_steps=20,
        n_runs=3,
        mutation_rate=0.2,
        record_every=5,
        rng=1,
    )
    assert simulation.recorded_states.shape == (5, 3, 3)
    np.testing.assert_array_equal(simulation.recorded_states[0], [[6, 0, 0]] * 3)
    np.testing.assert_array_equal(simulation.recorded_states[-1], simulation.final_states)
    assert (simulation.recorded_states.sum(axis=2) == 6).all()
    assert simulation.to_frame().columns.tolist() == ["run", "defect", "contribute", "loner"]


def test_without_mutation_a_monomorphic_population_stays_put():
    simulation = simulate_population(
        STAG_HUNT, population_size=10, initial_state=[0, 10], n_steps=100, n_runs=20, rng=0
    )
    assert (simulation.final_states == [0, 10]).all()


def test_unresolved_runs_are_reported():
    neutral = SymmetricGame([[1, 1], [1, 1]], group_size=2)
    estimate = simulate_fixation(
        neutral, population_size=50, invader=1, resident=0, n_runs=20, max_steps=3, rng=0
    )
    assert not estimate.success
    assert estimate.n_unresolved > 0
    assert "still polymorphic" in estimate.message


def test_simulation_bad_input_names_the_argument():
    with pytest.raises(ValueError, match=r"`initial_state`"):
        simulate_population(LONERS, population_size=6, initial_state=[2, 2, 1], n_steps=5)
    with pytest.raises(TypeError, match=r"`initial_state`"):
        simulate_population(LONERS, population_size=6, initial_state=[2.0, 2.0, 2.0], n_steps=5)
    with pytest.raises(ValueError, match=r"`n_steps`"):
        simulate_population(LONERS, population_size=6, initial_state=[2, 2, 2], n_steps=-1)
    with pytest.raises(ValueError, match=r"`n_runs`"):
        simulate_population(LONERS, population_size=6, initial_state=[2, 2, 2], n_steps=5, n_runs=0)
    with pytest.raises(ValueError, match=r"`record_every`"):
        simulate_population(
            LONERS, population_size=6, initial_state=[2, 2, 2], n_steps=5, record_every=0
        )
    with pytest.raises(TypeError, match=r"`rng`"):
        simulate_population(LONERS, population_size=6, initial_state=[2, 2, 2], n_steps=5, rng=1.5)
    with pytest.raises(ValueError, match=r"`invader`"):
        simulate_fixation(STAG_HUNT, population_size=10, invader=0, resident=0, n_runs=5)
    with pytest.raises(ValueError, match=r"`max_steps`"):
        simulate_fixation(
            STAG_HUNT, population_size=10, invader=1, resident=0, n_runs=5, max_steps=0
        )
