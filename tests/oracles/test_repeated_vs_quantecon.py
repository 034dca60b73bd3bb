"""Folk-theorem sets against quantecon's Abreu–Sannikov subgame-perfect payoff set."""

import numpy as np
import pytest

import gamegroup as gg
from gamegroup.equilibria import feasible_payoffs

quantecon = pytest.importorskip("quantecon")
pytestmark = pytest.mark.oracle

GAMES = {
    "prisoners dilemma": gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
    "battle of the sexes": gg.BimatrixGame([[3, 0], [0, 1]], [[1, 0], [0, 3]]),
    "cournot 3x3": gg.BimatrixGame(
        [[6, 5, 4], [7, 5.5, 3], [6, 3.5, 0]], [[6, 7, 6], [5, 5.5, 3.5], [4, 3, 0]]
    ),
}


def polygon_area(vertices):
    x, y = vertices[:, 0], vertices[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


@pytest.mark.parametrize("name", sorted(GAMES))
def test_spe_payoffs_lie_in_the_individually_rational_feasible_set(name):
    game = GAMES[name]
    stage = quantecon.game_theory.NormalFormGame(np.dstack([game.A, game.B]))
    hull = quantecon.game_theory.RepeatedGame(stage, 0.95).equilibrium_payoffs()
    region = feasible_payoffs(game, threat_point="pure")
    for vertex in hull.points[hull.vertices]:
        assert region.contains(vertex)
    # With patient players the pure-strategy SPE set fills the region (folk theorem).
    np.testing.assert_allclose(
        hull.volume, polygon_area(region.individually_rational_vertices), rtol=1e-6
    )
