"""pygambit as a test-only oracle for the equilibrium solvers.

* two-player games: ``enummixed_solve(rational=True)`` enumerates every extreme equilibrium in
  exact arithmetic (lrsnash-style); our vertex enumeration must return the same set, also on
  degenerate games (nashpy issue #82 among them);
* symmetric N-player games: ``enumpoly_solve`` finds every equilibrium of the expanded normal
  form for N <= 5 (it times out at N = 6 even on random games, and at N = 4 on threshold
  public goods games); the symmetric ones must be ours;
* logit QRE: ``qre.logit_solve_lambda`` at the same precision (on payoffs scaled to [0, 1],
  where our relative precision equals gambit's).
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gamegroup as gg
from gamegroup.equilibria import logit_qre, symmetric_nash_equilibria, vertex_enumeration
from gamegroup.games import SymmetricGame, public_goods
from gamegroup.testing import strategies as ggst

gbt = pytest.importorskip("pygambit")

pytestmark = pytest.mark.oracle


def gambit_profiles(game, equilibria):
    return [
        [np.array([float(eq[player][s]) for s in player.strategies]) for player in game.players]
        for eq in equilibria
    ]


def as_set(profiles, decimals=7):
    return {tuple(np.round(np.concatenate(p), decimals)) for p in profiles}


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(ggst.bimatrix_games(rows=st.integers(1, 4), columns=st.integers(1, 4)))
def test_vertex_enumeration_equals_gambit_enummixed(game):
    # Two decimals: payoffs either tie exactly or differ by at least 0.01, so the answer does
    # not hinge on differences below our tolerance (which gambit's exact arithmetic resolves).
    game = gg.BimatrixGame(np.round(game.A, 2), np.round(game.B, 2))
    oracle = gbt.Game.from_arrays(game.A, game.B)
    theirs = gambit_profiles(oracle, gbt.nash.enummixed_solve(oracle, rational=True).equilibria)
    ours = [eq.strategies for eq in vertex_enumeration(game)]
    assert as_set(ours) == as_set(theirs)


def test_nashpy_issue_82_game_matches_gambit():
    # https://github.com/drvinceknight/Nashpy/issues/82 (players minimise A and B).
    A = -np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    B = -np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    oracle = gbt.Game.from_arrays(A, B)
    theirs = gambit_profiles(oracle, gbt.nash.enummixed_solve(oracle, rational=True).equilibria)
    ours = [eq.strategies for eq in vertex_enumeration(gg.BimatrixGame(A, B))]
    assert len(theirs) == 8
    assert as_set(ours) == as_set(theirs)


def symmetric_gambit_states(game):
    tensor = game.to_normal_form()
    oracle = gbt.Game.from_arrays(*tensor.payoffs)
    found = gambit_profiles(oracle, gbt.nash.enumpoly_solve(oracle).equilibria)
    return [p[0] for p in found if all(np.allclose(q, p[0], atol=1e-6) for q in p)]


@pytest.mark.parametrize("group_size", [2, 3, 4, 5])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_symmetric_equilibria_of_two_strategy_games_match_gambit(group_size, seed):
    rng = np.random.default_rng(seed)
    game = SymmetricGame(rng.normal(size=(2, group_size)), group_size=group_size)
    theirs = symmetric_gambit_states(game)
    ours = [eq.strategies[0] for eq in symmetric_nash_equilibria(game)]
    # Every equilibrium gambit finds is ours ...
    for x in theirs:
        assert min(np.max(np.abs(x - y)) for y in ours) < 1e-5
    # ... and ours are exactly the sign changes of the gain function on a fine grid (gambit's
    # enumpoly misses some: with seed 1 and N = 5 it finds 1 of the 3 interior roots).
    grid = np.linspace(0, 1, 200_001)
    gain = np.diff(game.infinite_population_payoffs(np.column_stack([1 - grid, grid])), axis=1)[
        :, 0
    ]
    crossings = grid[np.flatnonzero(np.diff(np.sign(gain)) != 0)]
    interior = sorted(float(x[1]) for x in ours if 0 < x[1] < 1)
    np.testing.assert_allclose(interior, crossings, atol=1e-5)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_symmetric_equilibria_of_three_strategy_games_match_gambit(seed):
    rng = np.random.default_rng(seed)
    game = SymmetricGame(rng.normal(size=(3, 6)), group_size=3)
    theirs = symmetric_gambit_states(game)
    ours = [eq.strategies[0] for eq in symmetric_nash_equilibria(game)]
    assert len(ours) == len(theirs)
    for x in theirs:
        assert min(np.max(np.abs(x - y)) for y in ours) < 1e-5


def test_threshold_public_goods_with_three_players_matches_gambit():
    game = public_goods(group_size=3, multiplier=2.4, threshold=2)
    theirs = symmetric_gambit_states(game)
    ours = [eq.strategies[0] for eq in symmetric_nash_equilibria(game)]
    assert as_set([[x] for x in ours], 5) == as_set([[x] for x in theirs], 5)


@pytest.mark.parametrize("precision", [0.5, 2.0, 8.0])
def test_logit_qre_matches_gambit_at_the_same_precision(precision):
    rng = np.random.default_rng(11)
    A, B = rng.uniform(size=(2, 3, 3))
    # Scale each player's payoffs onto [0, 1]: relative and raw precision then coincide.
    A = (A - A.min()) / np.ptp(A)
    B = (B - B.min()) / np.ptp(B)
    oracle = gbt.Game.from_arrays(A, B)
    (theirs,) = gbt.qre.logit_solve_lambda(oracle, lam=[precision])
    expected = gambit_profiles(oracle, [theirs.profile])[0]
    ours = logit_qre(gg.BimatrixGame(A, B), precision).strategies
    for a, b in zip(ours, expected, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-6)
