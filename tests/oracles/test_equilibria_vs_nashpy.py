"""nashpy as a test-only oracle for the two-player solvers (its vertex enumeration)."""

import numpy as np
import pytest

import gamegroup as gg
from gamegroup.equilibria import nash_equilibria

nashpy = pytest.importorskip("nashpy")

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("seed", range(5))
def test_vertex_enumeration_matches_nashpy_on_random_games(seed):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(2, 4, 3))
    theirs = {tuple(np.round(np.concatenate(p), 8)) for p in nashpy.Game(A, B).vertex_enumeration()}
    ours = {
        tuple(np.round(np.concatenate(e.strategies), 8)) for e in nash_equilibria(nashpy.Game(A, B))
    }
    assert ours == theirs


def test_nashpy_support_enumeration_misses_equilibria_of_the_issue_82_game():
    # The failure that motivates our own solvers: nashpy returns 5 of the 8 extreme
    # equilibria of this degenerate game (https://github.com/drvinceknight/Nashpy/issues/82).
    A = -np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    B = -np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    theirs = list(nashpy.Game(A, B).support_enumeration())
    ours = nash_equilibria(gg.BimatrixGame(A, B), method="support_enumeration")
    assert len(ours) == 8
    assert len(theirs) < 8
