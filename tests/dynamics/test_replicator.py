import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup.dynamics import Trajectory, integrate_dynamics, vector_field
from gamegroup.dynamics.replicator import DYNAMICS
from gamegroup.games import (
    BimatrixGame,
    NormalFormGame,
    SymmetricGame,
    optional_public_goods,
    public_goods,
)
from gamegroup.testing import assert_on_simplex
from gamegroup.testing import strategies as ggst

LINEAR = public_goods(group_size=5, multiplier=3.0)  # contributing costs delta = 1 - 3/5
DELTA = 0.4
RPS_MATRIX = np.array([[0, -1, 2], [2, 0, -1], [-1, 2, 0]])
RPS = BimatrixGame(RPS_MATRIX, RPS_MATRIX.T)
OPTIONS = {"logit": {"noise_level": 0.2}}


def options(dynamic, k):
    if dynamic == "replicator_mutator":
        q = np.full((k, k), 0.02 / max(k - 1, 1))
        np.fill_diagonal(q, 0.98)
        return {"mutation_matrix": q}
    return OPTIONS.get(dynamic, {})


# -- closed forms ---------------------------------------------------------------------------------
TIMES = np.linspace(0.0, 6.0, 13)
X0 = 0.7


@pytest.mark.parametrize(
    ("dynamic", "closed_form"),
    [
        ("replicator", lambda t: X0 * np.exp(-DELTA * t) / (1 - X0 + X0 * np.exp(-DELTA * t))),
        ("best_response", lambda t: X0 * np.exp(-t)),
        ("brown_von_neumann_nash", lambda t: X0 / (1 + DELTA * X0 * t)),
        ("smith", lambda t: X0 * np.exp(-DELTA * t)),
        ("projection", lambda t: np.maximum(X0 - DELTA / 2 * t, 0.0)),
        (
            "logit",
            lambda t: (s := 1 / (1 + np.exp(DELTA / 0.2))) + (X0 - s) * np.exp(-t),
        ),
    ],
)
def test_linear_public_goods_closed_forms(dynamic, closed_form):
    # Contributors earn DELTA less than defectors at every state, so each dynamic has a closed
    # form for the fraction of contributors; the projection dynamic reaches the face at t = 3.5.
    run = integrate_dynamics(
        LINEAR, [1 - X0, X0], TIMES, dynamic=dynamic, **OPTIONS.get(dynamic, {})
    )
    assert run.success, run.message
    np.testing.assert_allclose(run.x[:, 1], closed_form(TIMES), atol=1e-7)
    np.testing.assert_allclose(run.x.sum(axis=1), 1.0, atol=1e-12)
    if dynamic == "projection":
        assert np.all(run.x[TIMES >= 3.5, 1] == 0.0)  # stays exactly on the face


def test_replicator_mutator_reaches_the_mutation_selection_balance():
    # Constant fitnesses 1 and 2, symmetric mutation mu: x1 solves mu + (1 - 3 mu) x - x^2 = 0.
    mu = 0.05
    game = SymmetricGame([[1.0, 1.0], [2.0, 2.0]], group_size=2)
    q = np.array([[1 - mu, mu], [mu, 1 - mu]])
    run = integrate_dynamics(
        game, [0.99, 0.01], [0.0, 200.0], dynamic="replicator_mutator", mutation_matrix=q
    )
    balance = ((1 - 3 * mu) + np.sqrt((1 - 3 * mu) ** 2 + 4 * mu)) / 2
    assert run.x[-1, 1] == pytest.approx(balance, abs=1e-8)


def test_replicator_mutator_without_mutation_is_the_replicator():
    game = SymmetricGame(
        optional_public_goods(group_size=4, multiplier=3.0, loner_payoff=1.0).payoffs + 2,
        group_size=4,
    )
    x = np.array([[0.2, 0.3, 0.5], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]])
    np.testing.assert_allclose(
        vector_field(game, x, dynamic="replicator_mutator", mutation_matrix=np.eye(3)),
        vector_field(game, x),
        atol=1e-15,
    )


def test_two_population_matching_pennies_conserves_the_relative_entropy():
    # Zero-sum two-population replicator dynamics conserve sum_i x*_i log x_i (Hofbauer & Sigmund
    # 1998, ch. 11), here with the interior equilibrium (1/2, 1/2) for both players.
    pennies = BimatrixGame([[1, -1], [-1, 1]])
    run = integrate_dynamics(pennies, [[0.8, 0.2], [0.4, 0.6]], np.linspace(0, 30, 61))
    assert run.n_strategies == (2, 2)
    constant = 0.5 * np.log(run.population(0)).sum(axis=1) + 0.5 * np.log(run.population(1)).sum(
        axis=1
    )
    np.testing.assert_allclose(constant, constant[0], atol=1e-7)


def test_symmetric_two_player_game_can_be_played_by_two_populations():
    hawk_dove = BimatrixGame([[-1, 2], [0, 1]], [[-1, 0], [2, 1]])
    single = integrate_dynamics(hawk_dove, [0.3, 0.7], [0, 40])
    assert single.n_strategies == (2,)
    assert single.x[-1, 0] == pytest.approx(0.5, abs=1e-6)  # the mixed ESS
    double = integrate_dynamics(
        hawk_dove, [[0.3, 0.7], [0.6, 0.4]], [0, 40], populations="per_player"
    )
    assert double.n_strategies == (2, 2)
    # With two populations the mixed equilibrium is a saddle: one population plays hawk.
    assert sorted(np.round(double.x[-1, [0, 2]], 4).tolist()) == [0.0, 1.0]


@given(ggst.normal_form_games(n_players=3, n_actions=2))
@settings(max_examples=10)
def test_per_player_replicator_uses_deviation_payoffs(game):
    profile = [np.array([0.3, 0.7]), np.array([0.5, 0.5]), np.array([0.9, 0.1])]
    velocity = vector_field(game, profile)
    deviations = game.deviation_payoffs(profile)
    for x, v, f in zip(profile, velocity, deviations, strict=True):
        np.testing.assert_allclose(v, x * (f - x @ f), atol=1e-12)


def test_nash_equilibria_are_rest_points_of_the_nash_stationary_dynamics():
    # BNN, Smith, projection and best response are at rest exactly at Nash equilibria; the
    # replicator also at every vertex (Sandholm 2010, ch. 5).
    centre = np.full(3, 1 / 3)
    for dynamic in ("replicator", "best_response", "brown_von_neumann_nash", "smith", "projection"):
        np.testing.assert_allclose(vector_field(RPS, centre, dynamic=dynamic), 0.0, atol=1e-15)
    vertex = np.array([1.0, 0.0, 0.0])
    np.testing.assert_allclose(vector_field(RPS, vertex), 0.0, atol=1e-15)
    for dynamic in ("best_response", "brown_von_neumann_nash", "smith", "projection"):
        assert np.abs(vector_field(RPS, vertex, dynamic=dynamic)).max() > 0.1


def test_logit_rest_point_is_a_fixed_point_of_the_logit_choice():
    game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    run = integrate_dynamics(game, [0.2, 0.3, 0.5], [0, 80], dynamic="logit", noise_level=0.3)
    x = run.x[-1]
    f = game.infinite_population_payoffs(x)
    choice = np.exp(f / 0.3) / np.exp(f / 0.3).sum()
    np.testing.assert_allclose(x, choice, atol=1e-7)


def test_best_response_chattering_is_reported_not_raised():
    run = integrate_dynamics(
        RPS, [0.2, 0.3, 0.5], [0, 10], dynamic="best_response", max_evaluations=3000
    )
    assert not run.success
    assert "max_evaluations=3000" in run.message
    assert run.t.size == run.x.shape[0]
    assert run.t[-1] < 10  # the times reached before the budget ran out


# -- invariants -----------------------------------------------------------------------------------
@given(
    ggst.symmetric_games(n_strategies=st.integers(2, 3), group_size=st.integers(2, 4)),
    st.sampled_from(DYNAMICS),
    st.data(),
)
@settings(max_examples=40)
def test_replicator_stays_on_simplex(game, dynamic, data):
    x0 = data.draw(ggst.simplex_points(game.n_strategies))
    if dynamic == "replicator_mutator":
        game = SymmetricGame(game.payoffs - game.payoffs.min(), group_size=game.group_size)
    run = integrate_dynamics(
        game,
        x0,
        np.linspace(0, 3, 7),
        dynamic=dynamic,
        max_evaluations=4000,
        **options(dynamic, game.n_strategies),
    )
    assert_on_simplex(run.x, tol=1e-9)
    if dynamic == "replicator":  # faces are invariant, exactly
        assert np.all(run.x[:, x0 == 0] == 0.0)


@given(
    ggst.symmetric_games(n_strategies=3, group_size=st.integers(2, 4)),
    ggst.simplex_points(3),
    st.sampled_from(DYNAMICS),
)
@settings(max_examples=40)
def test_vector_field_is_tangent_and_points_inwards(game, x, dynamic):
    if dynamic == "replicator_mutator":
        game = SymmetricGame(game.payoffs - game.payoffs.min(), group_size=game.group_size)
    v = vector_field(game, x, dynamic=dynamic, **options(dynamic, 3))
    assert abs(v.sum()) < 1e-12
    assert np.all(v[x == 0] >= -1e-15)


def test_vector_field_is_vectorised():
    game = optional_public_goods(group_size=4, multiplier=3.0, loner_payoff=1.0)
    grid = np.array([[0.2, 0.3, 0.5], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0], [0.1, 0.1, 0.8]])
    for dynamic in DYNAMICS:
        kwargs = options(dynamic, 3)
        if dynamic == "replicator_mutator":
            game_used = SymmetricGame(game.payoffs + 1, group_size=4)
        else:
            game_used = game
        together = vector_field(game_used, grid.reshape(2, 2, 3), dynamic=dynamic, **kwargs)
        one_by_one = np.array([vector_field(game_used, x, dynamic=dynamic, **kwargs) for x in grid])
        np.testing.assert_allclose(together.reshape(4, 3), one_by_one, atol=1e-15)


def test_trajectory_result():
    run = integrate_dynamics(LINEAR, [0.5, 0.5], np.linspace(0, 1, 5))
    assert isinstance(run, Trajectory)
    assert run.to_frame().shape == (5, 3)
    assert run.final.tolist() == run.x[-1].tolist()
    assert not run.x.flags.writeable
    pennies = integrate_dynamics(BimatrixGame([[1, -1], [-1, 1]]), [[0.5, 0.5], [0.2, 0.8]], [0, 1])
    assert pennies.to_frame().columns.tolist() == ["t", "0:0", "0:1", "1:0", "1:1"]
    with pytest.raises(ValueError, match=r"`index`"):
        pennies.population(2)


# -- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "kwargs", "error", "name"),
    [
        (([0.5, 0.6], [0, 1]), {}, ValueError, "x0"),
        (([0.5, 0.5], [0]), {}, ValueError, "times"),
        (([0.5, 0.5], [1, 0]), {}, ValueError, "times"),
        (([0.5, 0.5], [0, 1]), {"dynamic": "replicant"}, ValueError, "dynamic"),
        (([0.5, 0.5], [0, 1]), {"dynamic": "logit"}, ValueError, "noise_level"),
        (([0.5, 0.5], [0, 1]), {"dynamic": "logit", "noise_level": 0.0}, ValueError, "noise_level"),
        (([0.5, 0.5], [0, 1]), {"noise_level": 0.1}, ValueError, "noise_level"),
        (([0.5, 0.5], [0, 1]), {"mutation_matrix": np.eye(2)}, ValueError, "mutation_matrix"),
        (([0.5, 0.5], [0, 1]), {"dynamic": "replicator_mutator"}, ValueError, "mutation_matrix"),
        (([0.5, 0.5], [0, 1]), {"method": "Euler"}, ValueError, "method"),
        (([0.5, 0.5], [0, 1]), {"rtol": 0.0}, ValueError, "rtol"),
        (([0.5, 0.5], [0, 1]), {"max_evaluations": 0}, ValueError, "max_evaluations"),
        (([0.5, 0.5], [0, 1]), {"populations": "two"}, ValueError, "populations"),
        (([0.5, 0.5], [0, 1]), {"populations": "per_player"}, ValueError, "populations"),
    ],
)
def test_bad_input_names_the_argument(args, kwargs, error, name):
    with pytest.raises(error, match=rf"`{name}`"):
        integrate_dynamics(LINEAR, *args, **kwargs)


def test_bad_mutation_matrices_and_games():
    nonneg = SymmetricGame([[1.0, 1.0], [2.0, 2.0]], group_size=2)
    for bad in ([[0.5, 0.4], [0.5, 0.5]], [[1.1, -0.1], [0, 1]], np.eye(3)):
        with pytest.raises(ValueError, match=r"`mutation_matrix`"):
            vector_field(nonneg, [0.5, 0.5], dynamic="replicator_mutator", mutation_matrix=bad)
    with pytest.raises(ValueError, match=r"`game`"):
        vector_field(LINEAR, [0.5, 0.5], dynamic="replicator_mutator", mutation_matrix=np.eye(2))
    with pytest.raises(TypeError, match=r"`game`"):
        vector_field(np.eye(2), [0.5, 0.5])
    pennies = BimatrixGame([[2, 0], [0, 2]], [[0, 2], [2, 0]])
    with pytest.raises(ValueError, match=r"`populations`"):
        vector_field(pennies, [0.5, 0.5], populations="single")
    with pytest.raises(TypeError, match=r"`mutation_matrix`"):
        vector_field(
            pennies,
            [[0.5, 0.5], [0.5, 0.5]],
            dynamic="replicator_mutator",
            mutation_matrix=np.eye(2),
        )
    with pytest.raises(ValueError, match=r"`x0`"):
        integrate_dynamics(LINEAR, [[0.5, 0.5], [0.5, 0.5]], [0, 1])
    with pytest.raises(ValueError, match=r"`x\[1\]`"):
        vector_field(NormalFormGame(np.zeros((3, 2, 2, 2))), [[0.5, 0.5], [0.5, 0.6], [1, 0]])
