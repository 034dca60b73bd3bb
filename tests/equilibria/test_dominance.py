import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gamegroup as gg
from gamegroup.equilibria import iterated_dominance, vertex_enumeration
from gamegroup.testing import strategies as ggst


def test_prisoners_dilemma_reduces_to_mutual_defection():
    result = iterated_dominance(gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    assert [r.tolist() for r in result.remaining] == [[1], [1]]
    assert result.reduced.payoffs.shape == (2, 1, 1)


def test_iterated_elimination_needs_several_rounds():
    # Column 2 is dominated; then row 1; then column 1.
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 2, -1], [3, 1, -1]]
    result = iterated_dominance(gg.BimatrixGame(A, B))
    assert result.n_rounds == 3
    assert [r.tolist() for r in result.remaining] == [[0], [1]]


def test_mixed_dominance_needs_the_linear_programme():
    game = gg.BimatrixGame([[3, 0], [1, 1], [0, 3]], np.zeros((3, 2)))
    assert iterated_dominance(game).remaining[0].tolist() == [0, 1, 2]
    assert iterated_dominance(game, mixed=True).remaining[0].tolist() == [0, 2]


@given(ggst.bimatrix_games(rows=st.integers(1, 4), columns=st.integers(1, 4)), st.booleans())
def test_every_equilibrium_survives_elimination(game, mixed):
    result = iterated_dominance(game, mixed=mixed)
    for eq in vertex_enumeration(game):
        for player, strategy in enumerate(eq.strategies):
            used = set(np.flatnonzero(strategy > 1e-9).tolist())
            assert used <= set(result.remaining[player].tolist())


def test_dominance_validation():
    with pytest.raises(ValueError, match=r"`tol`"):
        iterated_dominance(gg.BimatrixGame([[1]]), tol=0)
    with pytest.raises(TypeError, match=r"`game`"):
        iterated_dominance(gg.public_goods(group_size=3, multiplier=2.0))
