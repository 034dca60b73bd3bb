"""Assertion helpers for property-based test suites.

They raise ``AssertionError`` with a message that says what failed and by how much, so a
shrunk Hypothesis counterexample is readable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from gamegroup._validation import SIMPLEX_TOL


def assert_on_simplex(x: ArrayLike, *, tol: float = SIMPLEX_TOL) -> None:
    """Assert that every point along the last axis of ``x`` lies on the probability simplex.

    Parameters
    ----------
    x : array_like
        Shape ``(..., k)``.
    tol : float
        Allowed deviation of each sum from 1 and of each entry below 0.

    Raises
    ------
    AssertionError
        If an entry is NaN, below ``-tol``, or a sum is off by more than ``tol``.

    Examples
    --------
    >>> assert_on_simplex([[0.2, 0.8], [1.0, 0.0]])
    >>> assert_on_simplex([0.2, 0.7])
    Traceback (most recent call last):
    ...
    AssertionError: not on the simplex: a point sums to 0.9 (tol=1e-09)
    """
    array = np.asarray(x, dtype=np.float64)
    if array.ndim == 0:
        raise AssertionError("not on the simplex: got a scalar, expected at least one axis")
    if not np.all(np.isfinite(array)):
        raise AssertionError("not on the simplex: contains NaN or inf")
    if array.size and array.min() < -tol:
        raise AssertionError(f"not on the simplex: entry {array.min():.3g} < 0 (tol={tol:g})")
    sums = array.sum(axis=-1)
    errors = np.abs(sums - 1.0)
    if errors.size and errors.max() > tol:
        worst = np.ravel(sums)[np.argmax(np.ravel(errors))]
        raise AssertionError(f"not on the simplex: a point sums to {worst:.6g} (tol={tol:g})")


def assert_reproducible(
    function: Callable[..., Any], /, *args: Any, rng: int, **kwargs: Any
) -> Any:
    """Assert that ``function(*args, rng=rng, **kwargs)`` gives equal results on two calls.

    Results are compared with ``==`` (gamegroup results compare arrays exactly) or, for plain
    arrays, with :func:`numpy.array_equal`.

    Returns
    -------
    object
        The result of the first call.

    Raises
    ------
    AssertionError
        If the two results differ.

    Examples
    --------
    >>> from gamegroup._rng import as_generator
    >>> def draw(n, *, rng=None):
    ...     return as_generator(rng).random(n)
    >>> assert_reproducible(draw, 3, rng=7).shape
    (3,)
    """
    first = function(*args, rng=rng, **kwargs)
    second = function(*args, rng=rng, **kwargs)
    if isinstance(first, np.ndarray) or isinstance(second, np.ndarray):
        same = bool(np.array_equal(first, second, equal_nan=True))
    else:
        same = bool(first == second)
    if not same:
        raise AssertionError(f"not reproducible: two calls with rng={rng} gave different results")
    return first


def assert_nash(game: Any, profile: Any, *, tol: float = 1e-9) -> None:
    """Assert that ``profile`` is a Nash equilibrium of ``game`` (relative regret <= ``tol``).

    Parameters
    ----------
    game : NormalFormGame, BimatrixGame, nashpy.Game, SymmetricGame or network game
    profile : Equilibrium, sequence of array_like, or array_like
        An :class:`~gamegroup.equilibria.Equilibrium`, one mixed strategy per player, the
        common state of a symmetric game, or a network game's effort vector.
    tol : float
        Largest accepted regret, relative to each player's payoff range.

    Raises
    ------
    AssertionError
        If some player gains more than ``tol`` by deviating; the message names the player,
        the better action and the gain.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.testing import assert_nash
    >>> pd_game = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> assert_nash(pd_game, [[0, 1], [0, 1]])
    >>> assert_nash(pd_game, [[1, 0], [0, 1]])
    Traceback (most recent call last):
    ...
    AssertionError: not a Nash equilibrium: player 0 gains 1 (relative 0.2 > tol=1e-09) by switching to action 1
    """
    from gamegroup.equilibria import Equilibrium, regret
    from gamegroup.games import SymmetricGame

    if isinstance(profile, Equilibrium):
        strategies = profile.strategies
        symmetric_state = isinstance(game, SymmetricGame) and all(
            np.array_equal(s, strategies[0]) for s in strategies
        )
        if symmetric_state:
            profile = strategies[0]
        else:
            profile = np.array(strategies) if isinstance(game, SymmetricGame) else strategies
    relative = regret(game, profile, relative=True)
    if relative <= tol:
        return
    raise AssertionError(_nash_failure(game, profile, relative, tol))


def _nash_failure(game: Any, profile: Any, relative: float, tol: float) -> str:
    """Describe which player gains by deviating, for :func:`assert_nash`."""
    from gamegroup.equilibria.equilibrium import payoff_ranges
    from gamegroup.games import NormalFormGame, SymmetricGame, as_bimatrix

    if isinstance(game, SymmetricGame) and np.ndim(profile) == 1:
        x = np.asarray(profile, dtype=float)
        f = game.infinite_population_payoffs(x)
        best = int(np.argmax(f))
        return (
            f"not a Nash equilibrium: strategy {best} earns {float(f[best] - x @ f):.6g} more "
            f"than the state (relative {relative:.3g} > tol={tol:g})"
        )
    if isinstance(game, SymmetricGame):
        return f"not a Nash equilibrium: regret {relative:.3g} > tol={tol:g}"
    if not isinstance(game, NormalFormGame):
        try:
            game = as_bimatrix(game)
        except TypeError:
            return f"not a Nash equilibrium: regret {relative:.3g} > tol={tol:g}"
    strategies = [np.asarray(s, dtype=float) for s in profile]
    deviations = game.deviation_payoffs(strategies)
    ranges = payoff_ranges(game.payoffs)
    gains = [float(v.max() - v @ s) for v, s in zip(deviations, strategies, strict=True)]
    player = int(np.argmax(np.array(gains) / ranges))
    action = int(np.argmax(deviations[player]))
    return (
        f"not a Nash equilibrium: player {player} gains {gains[player]:.6g} (relative "
        f"{relative:.3g} > tol={tol:g}) by switching to action {action}"
    )
