"""quantecon as a test-only oracle: Lemke–Howson paths and vertex enumeration."""

import numpy as np
import pytest

import gamegroup as gg
from gamegroup.equilibria import lemke_howson, vertex_enumeration

qe = pytest.importorskip("quantecon")

pytestmark = pytest.mark.oracle


def quantecon_game(game):
    players = (qe.game_theory.Player(np.array(game.A)), qe.game_theory.Player(np.array(game.B.T)))
    return qe.game_theory.NormalFormGame(players)


@pytest.mark.parametrize("size", [2, 3, 5, 8, 30])
@pytest.mark.parametrize("seed", [0, 1])
def test_lemke_howson_follows_the_same_path_as_quantecon_from_every_label(size, seed):
    rng = np.random.default_rng(seed)
    game = gg.BimatrixGame(rng.normal(size=(size, size)), rng.normal(size=(size, size)))
    oracle = quantecon_game(game)
    for label in range(2 * size):
        ours = lemke_howson(game, initial_label=label)
        theirs = qe.game_theory.lemke_howson(oracle, init_pivot=label)
        assert ours.converged
        for a, b in zip(ours.equilibrium.strategies, theirs, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-9)


@pytest.mark.parametrize("size", [2, 4, 6, 8])
def test_vertex_enumeration_matches_quantecon(size):
    rng = np.random.default_rng(size)
    game = gg.BimatrixGame(rng.normal(size=(size, size)), rng.normal(size=(size, size)))
    theirs = {
        tuple(np.round(np.concatenate(p), 8))
        for p in qe.game_theory.vertex_enumeration(quantecon_game(game))
    }
    ours = {tuple(np.round(np.concatenate(eq.strategies), 8)) for eq in vertex_enumeration(game)}
    assert ours == theirs
