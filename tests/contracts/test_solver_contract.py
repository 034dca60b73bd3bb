"""Contract every solver in ``equilibria.METHODS`` satisfies (Axelrod-style).

* every returned equilibrium has regret <= tol;
* relabelling actions permutes the answer (complete methods: the same set; the others: the
  permuted answers are still equilibria of the relabelled game);
* positive affine changes of each player's payoffs leave the answer unchanged (every method
  works on normalised payoffs, so even single-answer methods return the same profile).
"""

import numpy as np
import pytest

import gamegroup as gg
from gamegroup.equilibria import METHODS, nash_equilibria
from gamegroup.equilibria.nash import N_PLAYER, SYMMETRIC, TWO_PLAYER
from gamegroup.games import NormalFormGame, SymmetricGame, public_goods
from gamegroup.testing import assert_nash

TOL = 1e-9
RNG = np.random.default_rng(20261201)

GAMES = {
    TWO_PLAYER: [
        gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]]),
        gg.BimatrixGame(RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))),
        gg.BimatrixGame(RNG.integers(-2, 3, size=(3, 3)), RNG.integers(-2, 3, size=(3, 3))),
    ],
    N_PLAYER: [
        NormalFormGame(RNG.normal(size=(3, 2, 2, 2))),
        public_goods(group_size=3, multiplier=2.4, threshold=2).to_normal_form(),
    ],
    SYMMETRIC: [
        public_goods(group_size=6, multiplier=4.5, threshold=3),
        SymmetricGame(RNG.normal(size=(3, 6)), group_size=3),
    ],
}

CASES = [
    (name, kind, index)
    for name, method in METHODS.items()
    for kind in method.games
    for index in range(len(GAMES[kind]))
]


def solve(game, name):
    options = {"rng": 7, "n_starts": 4} if METHODS[name].stochastic else {}
    return nash_equilibria(game, method=name, tol=TOL, **options)


def profiles(game, equilibria):
    if isinstance(game, SymmetricGame):
        return {tuple(np.round(eq.strategies[0], 6)) for eq in equilibria}
    return {tuple(np.round(np.concatenate(eq.strategies), 6)) for eq in equilibria}


def relabel(game, rng):
    if isinstance(game, SymmetricGame):
        order = rng.permutation(game.n_strategies)
        return game.permute_strategies(order), [order] * game.group_size
    orders = [rng.permutation(n) for n in game.n_actions]
    moved = game.to_normal_form() if isinstance(game, gg.BimatrixGame) else game
    for player, order in enumerate(orders):
        moved = moved.permute_actions(player, order)
    return moved, orders


def back(strategy, order):
    out = np.empty_like(strategy)
    out[order] = strategy
    return out


def affine(game, rng):
    if isinstance(game, SymmetricGame):
        return SymmetricGame(3.0 * game.payoffs - 7.0, group_size=game.group_size)
    scales = rng.uniform(0.1, 10.0, size=game.n_players)
    shifts = rng.uniform(-5.0, 5.0, size=game.n_players)
    shape = (-1,) + (1,) * game.n_players
    return NormalFormGame(game.payoffs * scales.reshape(shape) + shifts.reshape(shape))


@pytest.mark.parametrize(("name", "kind", "index"), CASES)
def test_every_equilibrium_has_zero_regret(name, kind, index):
    game = GAMES[kind][index]
    found = solve(game, name)
    if name != "pure":
        assert found, f"{name} found no equilibrium"
    for eq in found:
        assert eq.regret <= TOL
        assert_nash(game, eq, tol=TOL)


@pytest.mark.parametrize(("name", "kind", "index"), CASES)
def test_relabelling_actions_permutes_the_answer(name, kind, index):
    game = GAMES[kind][index]
    rng = np.random.default_rng(index)
    moved, orders = relabel(game, rng)
    original = solve(game, name)
    relabelled = solve(moved, name)
    if isinstance(game, SymmetricGame):
        mapped = [np.array([back(s, orders[0]) for s in eq.strategies]) for eq in relabelled]
        for profile in mapped:
            assert_nash(game, profile, tol=1e-8)
        if METHODS[name].complete and name != "pure":
            states = {tuple(np.round(profile[0], 6)) for profile in mapped}
            assert states == profiles(game, original)
        return
    mapped = [
        [back(s, order) for s, order in zip(eq.strategies, orders, strict=True)]
        for eq in relabelled
    ]
    for profile in mapped:
        assert_nash(game, profile, tol=1e-8)
    if METHODS[name].complete:
        assert {tuple(np.round(np.concatenate(p), 6)) for p in mapped} == profiles(game, original)


@pytest.mark.parametrize(("name", "kind", "index"), CASES)
def test_positive_affine_payoff_changes_leave_the_answer_unchanged(name, kind, index):
    game = GAMES[kind][index]
    moved = affine(game, np.random.default_rng(index))
    assert profiles(game, solve(game, name)) == profiles(moved, solve(moved, name))
