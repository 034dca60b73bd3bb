"""Replicator dynamics in infinite populations: trajectories and vector fields.

References, measured in the same run:

* nashpy's ``Game.replicator_dynamics`` (scipy ``odeint``) for matrix games;
* egttools' ``replicator_equation_n_player`` integrated with scipy's ``solve_ivp`` (the direct
  way to integrate it) for N-player games, and evaluated point by point for vector fields.

gamegroup integrates the replicator in its logarithmic form on the support of the start (so
states stay on the simplex by construction); the answers agree to the integrators' tolerances.
"""

import numpy as np
from _harness import Case, max_abs_difference, run
from scipy.integrate import solve_ivp

from gamegroup import BimatrixGame, optional_public_goods, public_goods
from gamegroup._combinatorics import compositions
from gamegroup._egttools import group_payoff_table
from gamegroup.dynamics import integrate_dynamics, vector_field

RPS = np.array([[0.0, -1.0, 2.0], [2.0, 0.0, -1.0], [-1.0, 2.0, 0.0]])
RANDOM = np.random.default_rng(20240).uniform(-1, 1, size=(12, 12))


def egttools_table(game):
    """Payoffs by the whole group's composition (focal player included), egttools' layout."""
    return group_payoff_table(game.payoffs, game.group_size)


def ours_matrix(matrix, start, times):
    return integrate_dynamics(BimatrixGame(matrix, matrix.T), start, times).x


def nashpy_matrix(matrix, start, times):
    import nashpy

    return nashpy.Game(matrix, matrix.T).replicator_dynamics(y0=start, timepoints=times)


def ours_symmetric(game, start, times):
    return integrate_dynamics(game, start, times).x


def egttools_symmetric(game, start, times):
    from egttools.analytical import replicator_equation_n_player

    table = egttools_table(game)
    solution = solve_ivp(
        lambda _, x: replicator_equation_n_player(x, table, game.group_size),
        (times[0], times[-1]),
        start,
        t_eval=times,
        rtol=1e-8,
        atol=1e-10,
    )
    return solution.y.T


def egttools_field(game, points):
    from egttools.analytical import replicator_equation_n_player

    table = egttools_table(game)
    return np.array([replicator_equation_n_player(x, table, game.group_size) for x in points])


def make_cases(quick):
    t_max = 20.0 if quick else 100.0
    n_times = 201 if quick else 1001
    times = np.linspace(0.0, t_max, n_times)
    loners = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    stag_hunt = public_goods(group_size=20, multiplier=12.0, threshold=10)
    rps_start = np.array([0.5, 0.3, 0.2])
    random_start = np.full(12, 1 / 12)
    grid_size = 30 if quick else 150
    grid = compositions(grid_size, 3) / grid_size
    cases = [
        Case(
            name="rps_trajectory",
            workload=f"rock-paper-scissors (3x3), {n_times} times on [0, {t_max:g}]",
            ours=lambda: ours_matrix(RPS, rps_start, times),
            reference=lambda: nashpy_matrix(RPS, rps_start, times),
            reference_name="nashpy replicator_dynamics",
            compare=max_abs_difference,
            repeats=5,
            extra={"agreement_tolerance": 1e-5},
        ),
        Case(
            name="random12_trajectory",
            workload=f"random 12x12 symmetric matrix game, {n_times} times on [0, {t_max:g}]",
            ours=lambda: ours_matrix(RANDOM, random_start, times),
            reference=lambda: nashpy_matrix(RANDOM, random_start, times),
            reference_name="nashpy replicator_dynamics",
            compare=max_abs_difference,
            repeats=5,
            extra={"agreement_tolerance": 1e-5},
        ),
        Case(
            name="loners_trajectory",
            workload=f"optional public goods N=5, k=3, {n_times} times on [0, {t_max:g}]",
            ours=lambda: ours_symmetric(loners, np.array([0.2, 0.3, 0.5]), times),
            reference=lambda: egttools_symmetric(loners, np.array([0.2, 0.3, 0.5]), times),
            reference_name="egttools n-player field + solve_ivp",
            compare=max_abs_difference,
            repeats=5,
            extra={"agreement_tolerance": 1e-5},
        ),
        Case(
            name="stag_hunt_n20_trajectory",
            workload=f"N-person stag hunt N=20, M=10, {n_times} times on [0, {t_max:g}]",
            ours=lambda: ours_symmetric(stag_hunt, np.array([0.3, 0.7]), times),
            reference=lambda: egttools_symmetric(stag_hunt, np.array([0.3, 0.7]), times),
            reference_name="egttools n-player field + solve_ivp",
            compare=max_abs_difference,
            repeats=5,
            extra={"agreement_tolerance": 1e-5},
        ),
        Case(
            name="loners_vector_field",
            workload=f"replicator vector field at {grid.shape[0]} points, optional PGG N=5, k=3",
            ours=lambda: vector_field(loners, grid),
            reference=lambda: egttools_field(loners, grid),
            reference_name="egttools n-player field, point by point",
            compare=max_abs_difference,
            repeats=5,
            reference_repeats=2,
            extra={"agreement_tolerance": 1e-12},
        ),
    ]
    if quick:  # the smoke test only checks that the answers agree
        cases = [cases[0], cases[2], cases[4]]
        for case in cases:
            case.repeats, case.reference_repeats = 2, 1
    return cases


if __name__ == "__main__":
    run(make_cases, references=("nashpy", "egttools"))
