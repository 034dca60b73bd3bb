"""nashpy as a test-only oracle for the single-population replicator dynamic of a matrix game."""

import numpy as np
import pytest

from gamegroup.dynamics import integrate_dynamics
from gamegroup.games import BimatrixGame

nashpy = pytest.importorskip("nashpy")

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize(
    "matrix",
    [
        [[0, -1, 2], [2, 0, -1], [-1, 2, 0]],  # rock-paper-scissors, spiralling in
        [[3, 0], [5, 1]],  # prisoner's dilemma
        [[1, 2, 0], [0, 1, 2], [2, 0, 1.5]],
    ],
)
def test_replicator_trajectory_agrees_with_nashpy(matrix):
    A = np.array(matrix, dtype=float)
    start = np.full(A.shape[0], 1.0 / A.shape[0])
    start[0] += 0.1
    start[-1] -= 0.1
    times = np.linspace(0, 10, 41)
    theirs = nashpy.Game(A, A.T).replicator_dynamics(y0=start, timepoints=times)
    ours = integrate_dynamics(BimatrixGame(A, A.T), start, times, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.x, theirs, atol=1e-6)
