import nashpy
import numpy as np
import pytest
from hypothesis import given

from gamegroup import BimatrixGame, NormalFormGame
from gamegroup.games import as_bimatrix
from gamegroup.testing import strategies as ggst


@given(ggst.bimatrix_games())
def test_nashpy_round_trip(game):
    back = BimatrixGame.from_nashpy(game.to_nashpy())
    assert back == game
    np.testing.assert_array_equal(game.to_nashpy().payoff_matrices[0], game.A)


@given(ggst.bimatrix_games())
def test_normal_form_round_trip(game):
    plain = game.to_normal_form()
    assert type(plain) is NormalFormGame
    assert BimatrixGame.from_normal_form(plain) == game
    np.testing.assert_array_equal(plain.payoffs[1], game.B)


@given(ggst.bimatrix_games())
def test_transpose_swaps_roles(game):
    swapped = game.transpose()
    np.testing.assert_array_equal(swapped.A, game.B.T)
    np.testing.assert_array_equal(swapped.transpose().A, game.A)


def test_zero_sum_default():
    game = BimatrixGame([[1, -2], [0, 3]])
    np.testing.assert_array_equal(game.B, -game.A)
    assert game.is_zero_sum
    assert not BimatrixGame([[1]], [[1]]).is_zero_sum


def test_as_bimatrix_accepts_the_interchange_formats():
    game = BimatrixGame([[1, 0]], [[0, 1]])
    assert as_bimatrix(game) is game
    assert as_bimatrix(game.to_normal_form()) == game
    assert as_bimatrix(nashpy.Game([[1, 0]], [[0, 1]])) == game


def test_as_bimatrix_rejects_other_objects():
    with pytest.raises(TypeError, match=r"`game` must be a BimatrixGame"):
        as_bimatrix(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"`game` must be a two-player game; got 3 players"):
        as_bimatrix(NormalFormGame(np.zeros((3, 2, 2, 2))))


def test_bad_matrices_are_rejected_naming_the_argument():
    with pytest.raises(ValueError, match=r"`A` and `B` must have the same shape"):
        BimatrixGame(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"`A` must be 2-dimensional"):
        BimatrixGame(np.zeros(3))
    with pytest.raises(ValueError, match=r"`B` must contain only finite"):
        BimatrixGame(np.zeros((2, 2)), [[0, np.nan], [0, 0]])
    with pytest.raises(ValueError, match=r"`A` must give each player at least one action"):
        BimatrixGame(np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"`game` must have exactly 2 players"):
        BimatrixGame.from_normal_form(NormalFormGame(np.zeros((1, 2))))
    with pytest.raises(TypeError, match=r"`game` must be a nashpy.Game"):
        BimatrixGame.from_nashpy(np.zeros((2, 2)))
