"""Pacheco, Santos, Souza & Skyrms (2009), Proc. R. Soc. B 276:315-321, N-person stag hunt.

Payoffs: with k contributors in a group of N, threshold M and enhancement F (``multiplier``),
Pi_D(k) = F c k / N if k >= M, else 0; Pi_C(k) = Pi_D(k) - c.

* Infinite populations (their Table 2): besides the vertices, the replicator dynamics has no
  interior rest point when F/N < lambda* (defection dominates: 0 stable, 1 unstable); two,
  x_L unstable and x_R stable, when lambda* < F/N < 1 (0 and x_R stable, x_L and 1 unstable);
  one, x_L unstable, when F/N > 1 (0 and 1 stable).
* Finite populations: when the population is as small as the group (Z = N) the direction of
  selection is inverted with respect to the infinite population wherever cooperation was
  favoured: every member is in the one group, so a cooperator always earns c less than a
  defector and the gradient of selection is negative at every state. As Z grows the zeros of
  the finite-population gradient approach x_L and x_R.
"""

import numpy as np
import pytest
from scipy.stats import binom

from gamegroup.dynamics import gradient_of_selection, rest_points
from gamegroup.games import public_goods

N, M = 10, 5


def gain(p, multiplier):
    """Infinite-population f_C - f_D from the binomial sums of the paper (independent of gamegroup)."""
    k = np.arange(N)  # contributing co-players
    pmf = binom.pmf(k[None, :], N - 1, np.atleast_1d(p)[:, None])

    def payoff_d(j):
        return np.where(j >= M, multiplier * j / N, 0.0)

    contributor = payoff_d(k + 1) - 1.0
    defector = payoff_d(k)
    return pmf @ (contributor - defector)


@pytest.mark.parametrize(
    ("multiplier", "stable", "unstable", "n_interior"),
    [
        (3.0, [0.0], [1.0], 0),  # F/N = 0.3 < lambda*: defection dominates
        (8.0, [0.0, "xR"], ["xL", 1.0], 2),  # lambda* < F/N < 1: coexistence and coordination
        (12.0, [0.0, 1.0], ["xL"], 1),  # F/N > 1: pure coordination
    ],
)
def test_infinite_population_regimes(multiplier, stable, unstable, n_interior):
    game = public_goods(group_size=N, multiplier=multiplier, threshold=M)
    found = rest_points(game)
    p = found.states[:, 1]
    interior = p[(p > 0) & (p < 1)]
    assert interior.size == n_interior
    # Independent check: the binomial gain function changes sign exactly at the interior points.
    grid = np.linspace(0, 1, 20001)
    values = gain(grid, multiplier)
    crossings = grid[:-1][np.sign(values[:-1]) != np.sign(values[1:])]
    np.testing.assert_allclose(crossings, interior, atol=1e-4)
    names = {0.0: 0.0, 1.0: 1.0}
    if interior.size:
        names["xL"] = interior[0]
    if interior.size == 2:
        names["xR"] = interior[1]
    by_state = dict(zip(np.round(p, 12), found.stability, strict=True))
    for label in stable:
        assert by_state[round(float(names[label]), 12)] == "stable"
    for label in unstable:
        assert by_state[round(float(names[label]), 12)] == "unstable"


@pytest.mark.parametrize("multiplier", [3.0, 8.0, 12.0])
def test_population_as_small_as_the_group_inverts_selection(multiplier):
    game = public_goods(group_size=N, multiplier=multiplier, threshold=M)
    gradient = gradient_of_selection(game, population_size=N, selection_intensity=1.0)
    assert np.all(gradient[1:-1, 1] < 0)
    # Exactly -c in payoff: G = j/Z (Z - j)/(Z - 1) tanh(-beta c / 2).
    j = np.arange(1, N)
    np.testing.assert_allclose(gradient[1:-1, 1], j / N * (N - j) / (N - 1) * np.tanh(-0.5))


def test_finite_population_zeros_approach_the_infinite_population_roots():
    game = public_goods(group_size=N, multiplier=8.0, threshold=M)
    x_left, x_right = rest_points(game).states[1:3, 1]
    previous_error = np.inf
    for z in (50, 200, 1000):
        gradient = gradient_of_selection(game, population_size=z)[:, 1]
        inside = gradient[1:-1]
        signs = np.sign(inside)
        changes = np.flatnonzero(signs[:-1] != signs[1:])
        zeros = (changes + 1.5) / z  # midpoint between the two states around the change
        assert zeros.size == 2
        error = max(abs(zeros[0] - x_left), abs(zeros[1] - x_right))
        assert error < previous_error
        previous_error = error
    assert previous_error < 0.01
