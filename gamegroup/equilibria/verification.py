r"""Verification of equilibria: regret, Nash and epsilon-Nash checks, for every game type.

For a finite game and a mixed profile :math:`\sigma`, player :math:`i`'s **regret** is the gain
from its best unilateral deviation,

.. math:: \rho_i(\sigma) = \max_{a_i} v_i(a_i; \sigma_{-i}) - u_i(\sigma) \;\ge 0,

and :math:`\sigma` is a Nash equilibrium iff :math:`\max_i \rho_i = 0`, an
:math:`\varepsilon`-equilibrium iff :math:`\max_i \rho_i \le \varepsilon` (Nash 1951). With
``relative=True`` each :math:`\rho_i` is divided by player :math:`i`'s payoff range, which makes
the number independent of payoff units (see :mod:`gamegroup.equilibria.equilibrium`);
:func:`is_nash` uses the relative regret, :func:`is_epsilon_nash` the regret in payoff units.

For a :class:`~gamegroup.games.SymmetricGame` the profile is one state :math:`x` played by
everyone, and the regret is :math:`\max_s f_s(x) - x \cdot f(x)`. Network games
(:mod:`gamegroup.equilibria.network_games`) are checked with their own best replies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from gamegroup._validation import check_real, check_simplex, check_tolerance
from gamegroup.equilibria.equilibrium import DEFAULT_TOL, payoff_ranges, payoff_spread
from gamegroup.equilibria.symmetric import pure_profile_gains
from gamegroup.games import NormalFormGame, SymmetricGame, as_bimatrix
from gamegroup.games.normal_form import check_profile


def _as_game(game: Any) -> Any:
    if isinstance(game, (NormalFormGame, SymmetricGame)):
        return game
    if hasattr(game, "regret") and hasattr(game, "best_response"):  # network games
        return game
    try:
        return as_bimatrix(game)
    except TypeError:
        raise TypeError(
            "`game` must be a NormalFormGame, BimatrixGame, nashpy.Game, SymmetricGame or a "
            f"network game; got {type(game).__name__}."
        ) from None


def regret(game: Any, profile: Sequence[ArrayLike] | ArrayLike, *, relative: bool = False) -> float:
    r"""Return the largest gain any player gets from a unilateral deviation.

    Parameters
    ----------
    game : NormalFormGame, BimatrixGame, nashpy.Game, SymmetricGame or network game
    profile : sequence of array_like, or array_like
        One mixed strategy per player; for a ``SymmetricGame`` either the common state
        :math:`x` (shape ``(k,)``) or one strategy per player (shape ``(N, k)``; pure profiles
        are checked by their counts, mixed ones on the expanded normal form); for a network
        game the vector of efforts.
    relative : bool
        Divide each player's regret by its payoff range (unit-free).

    Returns
    -------
    float
        :math:`\max_i \rho_i(\sigma) \ge 0`.

    Raises
    ------
    TypeError
        If ``game`` is of an unsupported type.
    ValueError
        If ``profile`` does not match the game or is off the simplex.

    References
    ----------
    Nash, J. (1951). Non-cooperative games. *Annals of Mathematics*, 54, 286–295.

    Examples
    --------
    In the prisoner's dilemma, mutual cooperation has regret 2 (defecting gains 5 - 3):

    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import regret
    >>> pd_game = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> regret(pd_game, [[1, 0], [1, 0]])
    2.0
    >>> regret(pd_game, [[1, 0], [1, 0]], relative=True)
    0.4
    """
    checked = _as_game(game)
    if isinstance(checked, SymmetricGame):
        x = check_simplex(profile, "profile", size=checked.n_strategies)  # type: ignore[arg-type]
        spread = payoff_spread(checked.payoffs)
        if x.ndim == 2 and x.shape[0] == checked.group_size:
            value = _profile_regret(checked, x)
        elif x.ndim != 1:
            raise ValueError(
                f"`profile` of a SymmetricGame must be one state (shape (k,)) or one strategy "
                f"per player (shape (N, k)); got shape {x.shape}."
            )
        else:
            f = checked._infinite_population_payoffs(x)
            value = max(0.0, float(f.max() - x @ f))
        return value / spread if relative else value
    if isinstance(checked, NormalFormGame):
        strategies = check_profile(profile, "profile", checked.n_actions)  # type: ignore[arg-type]
        if strategies[0].ndim != 1:
            raise ValueError("`profile` must be a single profile, not a batch.")
        deviations = checked._deviation_payoffs(strategies)
        gains = np.array(
            [max(0.0, float(v.max() - v @ s)) for v, s in zip(deviations, strategies, strict=True)]
        )
        if relative:
            gains = gains / payoff_ranges(checked.payoffs)
        return float(gains.max())
    return float(checked.regret(profile, relative=relative))


def _profile_regret(game: SymmetricGame, strategies: np.ndarray) -> float:
    """Regret of a profile with one strategy per player in a symmetric game."""
    pure = np.all((strategies == 0) | (strategies == 1), axis=1)
    if np.all(pure):
        counts = strategies.sum(axis=0).astype(np.int64)
        _, gains = pure_profile_gains(game, counts[None, :])
        return max(0.0, float(np.nanmax(gains)))
    tensor = game.to_normal_form()
    return regret(tensor, list(strategies))


def is_nash(
    game: Any, profile: Sequence[ArrayLike] | ArrayLike, *, tol: float = DEFAULT_TOL
) -> bool:
    """Return whether ``profile`` is a Nash equilibrium up to ``tol`` (relative regret).

    Parameters
    ----------
    game, profile
        As for :func:`regret`.
    tol : float
        Largest accepted regret, in units of each player's payoff range.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If ``tol <= 0`` or the profile does not match the game.
    TypeError
        If ``game`` is of an unsupported type.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import is_nash
    >>> pennies = gg.BimatrixGame([[1, -1], [-1, 1]])
    >>> is_nash(pennies, [[0.5, 0.5], [0.5, 0.5]]), is_nash(pennies, [[1, 0], [0.5, 0.5]])
    (True, False)
    """
    tolerance = check_tolerance(tol, "tol")
    return regret(game, profile, relative=True) <= tolerance


def is_epsilon_nash(game: Any, profile: Sequence[ArrayLike] | ArrayLike, epsilon: float) -> bool:
    r"""Return whether no player can gain more than ``epsilon`` (payoff units) by deviating.

    Parameters
    ----------
    game, profile
        As for :func:`regret`.
    epsilon : float
        :math:`\varepsilon \ge 0`, in the game's payoff units.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If ``epsilon`` is negative or not finite.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import is_epsilon_nash
    >>> pd_game = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> is_epsilon_nash(pd_game, [[1, 0], [1, 0]], 2.0), is_epsilon_nash(pd_game, [[1, 0], [1, 0]], 1.9)
    (True, False)
    """
    bound = check_real(epsilon, "epsilon", low=0.0)
    return regret(game, profile) <= bound


__all__ = ["is_epsilon_nash", "is_nash", "regret"]
