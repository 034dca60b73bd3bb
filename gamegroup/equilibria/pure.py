r"""All pure Nash equilibria of an N-player game, vectorised over the payoff tensor.

A pure profile :math:`a` is a Nash equilibrium when no player gains by a unilateral deviation:

.. math:: U[i, a] \ge \max_{b_i} U[i, b_i, a_{-i}] \quad \text{for every player } i.

For each player the best-reply value along its own axis is computed for all opponents' profiles
at once (``max`` over that axis), in chunks of the other axes so that temporaries stay bounded;
the per-player boolean masks are intersected. Comparisons use each player's normalised payoffs
(see :mod:`gamegroup.equilibria.equilibrium`), so the result does not depend on payoff units.
Symmetric games are handled by count classes instead
(:func:`gamegroup.equilibria.symmetric_pure_equilibria`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from gamegroup._validation import check_int, check_tolerance
from gamegroup.equilibria.equilibrium import (
    DEFAULT_TOL,
    Equilibrium,
    payoff_ranges,
    payoff_spread,
)
from gamegroup.equilibria.verification import _as_game
from gamegroup.games import NormalFormGame, SymmetricGame

DEFAULT_CHUNK_ENTRIES = 2**22
"""Largest temporary (in entries) built at once."""


def _best_reply_mask(
    payoffs: NDArray[np.float64], player: int, slack: float, chunk: int
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Profiles at which ``player`` plays a best reply (within ``slack``, and exactly)."""
    table = payoffs[player]
    shape = table.shape
    before = int(np.prod(shape[:player], dtype=np.int64))
    size = shape[player]
    after = int(np.prod(shape[player + 1 :], dtype=np.int64))
    view = table.reshape(before, size, after)
    within = np.empty((before, size, after), dtype=bool)
    exact = np.empty((before, size, after), dtype=bool)
    rows = max(1, chunk // max(1, size * after))
    for start in range(0, before, rows):
        block = view[start : start + rows]
        best = block.max(axis=1, keepdims=True)
        within[start : start + rows] = block >= best - slack
        exact[start : start + rows] = block >= best
    return within.reshape(shape), exact.reshape(shape)


def pure_nash_equilibria(
    game: Any, *, tol: float = DEFAULT_TOL, chunk_entries: int = DEFAULT_CHUNK_ENTRIES
) -> tuple[Equilibrium, ...]:
    """Return every pure Nash equilibrium of a finite game.

    Parameters
    ----------
    game : NormalFormGame, BimatrixGame, nashpy.Game or SymmetricGame
        For a :class:`~gamegroup.games.SymmetricGame` one representative profile per count
        class is returned (players sorted by strategy); see
        :func:`~gamegroup.equilibria.symmetric_pure_equilibria` for the class sizes.
    tol : float
        A deviation must gain more than ``tol`` times the deviator's payoff range to break an
        equilibrium.
    chunk_entries : int
        Bound on the size of temporaries.

    Returns
    -------
    tuple of Equilibrium
        In lexicographic order of the action profiles. ``verified_exactly`` is ``True`` when
        the best-reply inequalities hold exactly on the stored payoffs.

    Raises
    ------
    TypeError
        If ``game`` is not a finite game.
    ValueError
        If ``tol <= 0`` or ``chunk_entries < 1``.

    References
    ----------
    Nash, J. (1951). Non-cooperative games. *Annals of Mathematics*, 54, 286–295.

    Examples
    --------
    A 3-player threshold public goods game (T = 2) has C(3, 2) + 1 = 4 pure equilibria:

    >>> from gamegroup.games import public_goods
    >>> from gamegroup.equilibria import pure_nash_equilibria
    >>> game = public_goods(group_size=3, multiplier=2.4, threshold=2).to_normal_form()
    >>> [tuple(int(s.argmax()) for s in eq.strategies) for eq in pure_nash_equilibria(game)]
    [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]
    """
    checked = _as_game(game)
    tolerance = check_tolerance(tol, "tol")
    chunk = check_int(chunk_entries, "chunk_entries", minimum=1)
    if isinstance(checked, SymmetricGame):
        return _symmetric_representatives(checked, tolerance)
    if not isinstance(checked, NormalFormGame):
        raise TypeError(f"`game` must be a finite game; got {type(game).__name__}.")
    payoffs = checked.payoffs
    ranges = payoff_ranges(payoffs)
    within = np.ones(payoffs.shape[1:], dtype=bool)
    exact = np.ones(payoffs.shape[1:], dtype=bool)
    for player in range(checked.n_players):
        ok, strict = _best_reply_mask(payoffs, player, tolerance * ranges[player], chunk)
        within &= ok
        exact &= strict
    found = []
    for profile in np.argwhere(within):
        strategies = tuple(
            np.eye(size)[action] for size, action in zip(checked.n_actions, profile, strict=True)
        )
        index = tuple(int(a) for a in profile)
        values = payoffs[(slice(None), *index)]  # type: ignore[arg-type]
        gains = [
            float(payoffs[i][(*index[:i], slice(None), *index[i + 1 :])].max() - values[i])
            / ranges[i]
            for i in range(checked.n_players)
        ]
        found.append(
            Equilibrium(
                strategies=strategies,
                payoffs=np.array(values),
                regret=max(0.0, *gains),
                support=tuple((a,) for a in index),
                method="pure",
                verified_exactly=bool(exact[index]),
            )
        )
    return tuple(found)


def _symmetric_representatives(game: SymmetricGame, tol: float) -> tuple[Equilibrium, ...]:
    from gamegroup.equilibria.symmetric import pure_profile_gains, symmetric_pure_equilibria

    classes = symmetric_pure_equilibria(game, tol=tol)
    k = game.n_strategies
    spread = payoff_spread(game.payoffs)
    _, all_gains = pure_profile_gains(game, classes.counts)
    found = []
    for counts, payoffs, gains in zip(classes.counts, classes.payoffs, all_gains, strict=True):
        actions = np.repeat(np.arange(k), counts)
        worst = float(np.nanmax(gains))
        found.append(
            Equilibrium(
                strategies=tuple(np.eye(k)[a] for a in actions),
                payoffs=np.array(payoffs[actions]),
                regret=worst / spread,
                support=tuple((int(a),) for a in actions),
                method="pure",
                verified_exactly=worst <= 0.0,
            )
        )
    return tuple(found)


__all__ = ["pure_nash_equilibria"]
