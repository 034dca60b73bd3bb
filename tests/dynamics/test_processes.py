import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup._combinatorics import compositions
from gamegroup.dynamics import transition_probabilities
from gamegroup.dynamics.processes import RULES
from gamegroup.games import BimatrixGame, SymmetricGame, optional_public_goods, public_goods
from gamegroup.testing import strategies as ggst

CASES = [
    ("fermi", "exponential"),
    ("moran_birth_death", "exponential"),
    ("moran_birth_death", "linear"),
    ("moran_death_birth", "exponential"),
    ("moran_death_birth", "linear"),
]


@pytest.mark.parametrize(("rule", "fitness"), CASES)
@pytest.mark.parametrize("mu", [0.0, 0.15])
def test_kernel_matches_an_update_enumerated_individual_by_individual(rule, fitness, mu, brute):
    game = optional_public_goods(group_size=3, multiplier=2.5, loner_payoff=0.5)
    z = 5
    beta = 0.7 if fitness == "exponential" else 0.3
    states = compositions(z, 3)
    kernel = transition_probabilities(
        game,
        population_size=z,
        rule=rule,
        selection_intensity=beta,
        mutation_rate=mu,
        fitness=fitness,
    )
    for state, ours in zip(states, kernel, strict=True):
        expected = brute.one_step(game, state, rule=rule, beta=beta, mu=mu, fitness=fitness)
        np.testing.assert_allclose(ours, expected, atol=1e-14, err_msg=str(state))


@given(
    ggst.symmetric_games(n_strategies=st.integers(2, 3), group_size=st.integers(2, 3)),
    st.sampled_from(CASES),
    st.floats(0, 1),
    st.floats(0, 2),
)
@settings(max_examples=25)
def test_kernel_rows_are_probabilities(game, case, mu, beta):
    rule, fitness = case
    if fitness == "linear":
        beta = 0.05  # keeps 1 - w + w * payoff > 0 for payoffs in [-10, 10]
    kernel = transition_probabilities(
        game,
        population_size=6,
        rule=rule,
        selection_intensity=beta,
        mutation_rate=mu,
        fitness=fitness,
    )
    assert np.all(kernel >= 0)
    assert np.all(kernel.sum(axis=(1, 2)) <= 1 + 1e-12)
    diagonal = np.arange(game.n_strategies)
    assert np.all(kernel[:, diagonal, diagonal] == 0)
    absent = compositions(6, game.n_strategies) == 0
    assert np.all(kernel[absent] == 0)  # an absent strategy cannot be replaced
    if mu == 0:  # ... nor appear without mutation
        assert np.all(kernel.transpose(0, 2, 1)[absent] == 0)


@pytest.mark.parametrize("rule", RULES)
def test_extreme_selection_does_not_overflow(rule):
    game = public_goods(group_size=5, multiplier=3.0, threshold=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kernel = transition_probabilities(
            game, population_size=30, rule=rule, selection_intensity=1e4
        )
    assert np.all(np.isfinite(kernel))
    assert np.all(kernel.sum(axis=(1, 2)) <= 1 + 1e-12)
    # With beta = 1e4 a worse strategy is (almost) never imitated.
    state = [[15, 15]]
    payoff = game.finite_population_payoffs(30, state)[0]
    worse, better = (0, 1) if payoff[0] < payoff[1] else (1, 0)
    one = transition_probabilities(
        game, population_size=30, states=state, rule=rule, selection_intensity=1e4
    )[0]
    assert one[better, worse] < 1e-300 or rule != "fermi"
    assert one[worse, better] > 0


def test_a_symmetric_bimatrix_game_is_played_in_pairs():
    A = [[3, 0], [5, 1]]
    as_pairs = transition_probabilities(BimatrixGame(A, np.transpose(A)), population_size=10)
    as_table = transition_probabilities(SymmetricGame(A, group_size=2), population_size=10)
    np.testing.assert_array_equal(as_pairs, as_table)


def test_fermi_neutral_drift_closed_form():
    game = public_goods(group_size=3, multiplier=2.0)
    kernel = transition_probabilities(
        game, population_size=10, states=[[7, 3]], selection_intensity=0.0
    )
    assert kernel[0, 0, 1] == pytest.approx(7 / 10 * 3 / 9 / 2, rel=1e-14)
    assert kernel[0, 1, 0] == pytest.approx(3 / 10 * 7 / 9 / 2, rel=1e-14)


# -- bad input ------------------------------------------------------------------------------------
GAME = public_goods(group_size=4, multiplier=3.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"population_size": 3}, ValueError, "population_size"),
        ({"population_size": 10.0}, TypeError, "population_size"),
        ({"selection_intensity": -1.0}, ValueError, "selection_intensity"),
        ({"mutation_rate": 1.5}, ValueError, "mutation_rate"),
        ({"mutation_rate": -0.1}, ValueError, "mutation_rate"),
        ({"rule": "fermy"}, ValueError, "rule"),
        ({"fitness": "quadratic"}, ValueError, "fitness"),
        ({"fitness": "linear"}, ValueError, "fitness"),
        ({"states": [[5, 4]]}, ValueError, "states"),
        ({"states": [[5.0, 5.0]]}, TypeError, "states"),
        ({"states": [5, 5]}, ValueError, "states"),
        (
            {"rule": "moran_birth_death", "fitness": "linear", "selection_intensity": 1.0},
            ValueError,
            "selection_intensity",
        ),
    ],
)
def test_bad_input_names_the_argument(kwargs, error, name):
    arguments = {"population_size": 10} | kwargs
    z = arguments.pop("population_size")
    with pytest.raises(error, match=rf"`{name}`"):
        transition_probabilities(GAME, population_size=z, **arguments)


def test_games_that_cannot_be_played_by_a_population_are_rejected():
    with pytest.raises(ValueError, match=r"`game`"):
        transition_probabilities(
            BimatrixGame([[1, 0], [0, 1]], [[0, 1], [1, 0]]), population_size=10
        )
    with pytest.raises(TypeError, match=r"`game`"):
        transition_probabilities(np.eye(2), population_size=10)
    with pytest.raises(ValueError, match=r"`game`"):
        transition_probabilities(SymmetricGame([[1.0]], group_size=2), population_size=10)
