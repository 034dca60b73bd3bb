"""egttools as a test-only oracle for well-mixed finite populations, where it is right.

egttools (0.1.14) agrees with gamegroup on the pairwise-comparison transition matrices and on
fixation probabilities above about 1e-7. Its known faults, which gamegroup does not copy, are
pinned here so that a change in either library is noticed:

* fixation probabilities below about 1e-7 come back as exactly 0;
* the gradient of selection for k >= 3 strategies is scaled by 2/k.

Note: egttools' model objects do not keep their game alive; every game object here is kept in a
variable for as long as the model is used (otherwise the process crashes).
"""

import numpy as np
import pytest
import scipy.sparse as sp

from gamegroup._combinatorics import compositions
from gamegroup._egttools import group_payoff_table
from gamegroup.dynamics import (
    gradient_of_selection,
    small_mutation_limit,
    transition_matrix,
    vector_field,
)
from gamegroup.games import SymmetricGame, optional_public_goods, public_goods

egttools = pytest.importorskip("egttools")
from egttools.analytical import (
    PairwiseComparison,
    replicator_equation,
    replicator_equation_n_player,
)
from egttools.games import MatrixNPlayerGameHolder

pytestmark = pytest.mark.oracle

GAMES = {
    "linear": public_goods(group_size=5, multiplier=3.0),
    "stag_hunt": public_goods(group_size=5, multiplier=4.0, threshold=3),
    "loners": optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0),
}


def egttools_table(game):
    """Payoffs by the whole group's composition (focal player included), egttools' layout."""
    return group_payoff_table(game.payoffs, game.group_size)


class Model:
    """An egttools PairwiseComparison that keeps its game alive."""

    def __init__(self, game, population_size):
        self.holder = MatrixNPlayerGameHolder(
            game.n_strategies, game.group_size, egttools_table(game)
        )
        self.model = PairwiseComparison(population_size, self.holder)


@pytest.mark.parametrize("name", sorted(GAMES))
def test_full_transition_matrix_agrees(name):
    game = GAMES[name]
    model = Model(game, 25)
    theirs = sp.csr_array(model.model.calculate_transition_matrix(1.0, 1e-3))
    ours = transition_matrix(game, population_size=25, mutation_rate=1e-3)
    assert abs(theirs - ours).max() < 1e-13


@pytest.mark.parametrize("name", sorted(GAMES))
@pytest.mark.parametrize("beta", [0.1, 1.0])
def test_fixation_probabilities_agree_above_1e_7(name, beta):
    game = GAMES[name]
    model = Model(game, 40)
    _, theirs = model.model.calculate_transition_and_fixation_matrix_sml(beta)
    ours = small_mutation_limit(
        game, population_size=40, selection_intensity=beta
    ).fixation_probabilities
    big = theirs > 1e-7
    np.testing.assert_allclose(ours[big], theirs[big], rtol=1e-9)


def test_egttools_truncates_small_fixation_probabilities_to_zero():
    game = GAMES["loners"]
    model = Model(game, 50)
    _, theirs = model.model.calculate_transition_and_fixation_matrix_sml(1.0)
    ours = small_mutation_limit(game, population_size=50)
    # A contributor invading defectors: about 1.0e-10, returned by egttools as 0.
    assert theirs[0, 1] == 0.0
    assert ours.fixation_probabilities[0, 1] == pytest.approx(1.009e-10, rel=1e-3)


def test_small_mutation_limit_distribution_agrees_when_nothing_is_truncated():
    game = GAMES["stag_hunt"]
    model = Model(game, 30)
    transitions, fixation = model.model.calculate_transition_and_fixation_matrix_sml(0.2)
    assert fixation[~np.eye(2, dtype=bool)].min() > 1e-7
    values, vectors = np.linalg.eig(transitions.T)
    theirs = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    ours = small_mutation_limit(game, population_size=30, selection_intensity=0.2)
    np.testing.assert_allclose(ours.transition_matrix, transitions, atol=1e-14)
    np.testing.assert_allclose(ours.probabilities, theirs / theirs.sum(), atol=1e-12)


@pytest.mark.parametrize("name", ["linear", "stag_hunt"])
def test_two_strategy_gradient_agrees(name):
    game = GAMES[name]
    model = Model(game, 30)
    theirs = np.array(
        [model.model.calculate_gradient_of_selection(1.0, s) for s in compositions(30, 2)]
    )
    np.testing.assert_allclose(gradient_of_selection(game, population_size=30), theirs, atol=1e-15)


def test_egttools_scales_the_three_strategy_gradient_by_two_thirds():
    game = GAMES["loners"]
    model = Model(game, 30)
    states = compositions(30, 3)
    theirs = np.array([model.model.calculate_gradient_of_selection(1.0, s) for s in states])
    ours = gradient_of_selection(game, population_size=30)
    np.testing.assert_allclose(theirs, 2 / 3 * ours, atol=1e-15)
    assert np.abs(ours).max() > 0.01


@pytest.mark.parametrize("name", sorted(GAMES))
def test_replicator_vector_field_agrees(name):
    game = GAMES[name]
    table = egttools_table(game)
    for x in np.random.default_rng(0).dirichlet(np.ones(game.n_strategies), size=20):
        theirs = replicator_equation_n_player(x, table, game.group_size)
        np.testing.assert_allclose(vector_field(game, x), theirs, atol=1e-13)


def test_two_player_replicator_vector_field_agrees():
    matrix = np.array([[0.0, -1.0, 2.0], [2.0, 0.0, -1.0], [-1.0, 2.0, 0.0]])
    game = SymmetricGame(matrix, group_size=2)
    for x in np.random.default_rng(1).dirichlet(np.ones(3), size=20):
        np.testing.assert_allclose(
            vector_field(game, x), replicator_equation(x, matrix), atol=1e-14
        )
