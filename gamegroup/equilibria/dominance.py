r"""Iterated elimination of strictly dominated strategies, by pure and by mixed strategies.

Action :math:`a` of player :math:`i` is **strictly dominated** (given the actions still
available to everyone) if some strategy :math:`\sigma_i` of player :math:`i` does strictly better
against every remaining profile of the others,

.. math:: \sum_b \sigma_i(b)\, u_i(b, s_{-i}) > u_i(a, s_{-i}) \quad \text{for all remaining } s_{-i}.

With ``mixed=False`` only pure :math:`\sigma_i` are tried (one vectorised comparison of all
action pairs); with ``mixed=True`` the linear programme

.. math:: \max_{\sigma, \varepsilon} \varepsilon \quad\text{s.t.}\quad
          \sum_b \sigma_b u_i(b, s_{-i}) - u_i(a, s_{-i}) \ge \varepsilon \;\forall s_{-i},
          \quad \sigma \in \Delta

decides it (dominated iff :math:`\varepsilon^* > 0`; solved with HiGHS through
:func:`scipy.optimize.linprog`). Rounds eliminate every dominated action of every player until
none is left; the result of iterated *strict* dominance does not depend on the order
(Gilboa, Kalai & Zemel 1990). Margins are compared with ``tol`` times each player's payoff range.
Every Nash equilibrium survives the elimination, so solvers can work on the reduced game.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from gamegroup._results import Result, result_type
from gamegroup._validation import check_tolerance
from gamegroup.equilibria.equilibrium import DEFAULT_TOL, payoff_ranges
from gamegroup.equilibria.verification import _as_game
from gamegroup.games import NormalFormGame


@result_type
class DominanceResult(Result):
    """Outcome of iterated elimination of strictly dominated strategies.

    Attributes
    ----------
    remaining : tuple of numpy.ndarray
        The surviving actions of each player (indices into the original game).
    eliminated : tuple of (int, int, int)
        ``(round, player, action)`` for every eliminated action, in order.
    reduced : NormalFormGame
        The game restricted to the surviving actions.
    n_rounds : int
        Rounds in which something was eliminated.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import iterated_dominance
    >>> result = iterated_dominance(gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    >>> [r.tolist() for r in result.remaining], result.n_rounds
    ([[1], [1]], 1)
    """

    remaining: tuple[NDArray[np.int64], ...]
    eliminated: tuple[tuple[int, int, int], ...]
    reduced: NormalFormGame
    n_rounds: int


def _pure_dominated(table: NDArray[np.float64], slack: float) -> NDArray[np.bool_]:
    """Rows of ``table`` (actions x opponents' profiles) strictly dominated by another row."""
    better = np.all(table[None, :, :] > table[:, None, :] + slack, axis=2)  # better[a, b]
    return np.asarray(better.any(axis=1))


def _mixed_dominated(table: NDArray[np.float64], slack: float) -> NDArray[np.bool_]:
    """Rows strictly dominated by a mixture of the other rows (one LP per row)."""
    from scipy.optimize import linprog  # imported here: scipy.optimize is slow to import

    k, profiles = table.shape
    out = np.zeros(k, dtype=bool)
    if k < 2:
        return out
    for a in range(k):
        others = [b for b in range(k) if b != a]
        # Variables: sigma over `others`, then epsilon. Maximise epsilon.
        cost = np.zeros(len(others) + 1)
        cost[-1] = -1.0
        # -(sum_b sigma_b u(b, s) - u(a, s)) + epsilon <= 0
        upper = np.hstack([-table[others].T, np.ones((profiles, 1))])
        bound = -table[a]
        equality = np.zeros((1, len(others) + 1))
        equality[0, :-1] = 1.0
        result = linprog(
            cost,
            A_ub=upper,
            b_ub=bound,
            A_eq=equality,
            b_eq=[1.0],
            bounds=[(0, None)] * len(others) + [(None, None)],
            method="highs",
        )
        out[a] = bool(result.status == 0 and -result.fun > slack)
    return out


def iterated_dominance(
    game: Any, *, mixed: bool = False, tol: float = DEFAULT_TOL
) -> DominanceResult:
    """Eliminate strictly dominated actions until none is left.

    Parameters
    ----------
    game : NormalFormGame, BimatrixGame or nashpy.Game
    mixed : bool
        Also eliminate actions dominated only by mixed strategies (one LP per action and
        round).
    tol : float
        Smallest dominance margin, relative to the player's payoff range, that counts.

    Returns
    -------
    DominanceResult

    Raises
    ------
    TypeError
        If ``game`` is not a normal-form game.
    ValueError
        If ``tol <= 0``.

    References
    ----------
    Gilboa, I., Kalai, E., & Zemel, E. (1990). On the order of eliminating dominated
    strategies. *Operations Research Letters*, 9, 85–89.

    Examples
    --------
    The middle row is dominated by an even mixture of the other two, but by neither alone:

    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import iterated_dominance
    >>> game = gg.BimatrixGame([[3, 0], [1, 1], [0, 3]], [[0, 0], [0, 0], [0, 0]])
    >>> iterated_dominance(game).remaining[0].tolist()
    [0, 1, 2]
    >>> iterated_dominance(game, mixed=True).remaining[0].tolist()
    [0, 2]
    """
    checked = _as_game(game)
    if not isinstance(checked, NormalFormGame):
        raise TypeError(f"`game` must be a normal-form game; got {type(game).__name__}.")
    tolerance = check_tolerance(tol, "tol")
    payoffs = checked.payoffs
    ranges = payoff_ranges(payoffs)
    remaining = [np.arange(n) for n in checked.n_actions]
    eliminated: list[tuple[int, int, int]] = []
    rounds = 0
    while True:
        removed_any = False
        new_remaining = []
        for player in range(checked.n_players):
            view = payoffs[player][np.ix_(*remaining)]
            table = np.moveaxis(view, player, 0).reshape(len(remaining[player]), -1)
            slack = tolerance * ranges[player]
            dominated = (_mixed_dominated if mixed else _pure_dominated)(table, slack)
            if mixed:
                dominated |= _pure_dominated(table, slack)
            if dominated.any() and not dominated.all():
                for action in remaining[player][dominated]:
                    eliminated.append((rounds, player, int(action)))
                new_remaining.append(remaining[player][~dominated])
                removed_any = True
            else:
                new_remaining.append(remaining[player])
        remaining = new_remaining
        if not removed_any:
            break
        rounds += 1
    reduced = NormalFormGame(payoffs[(slice(None), *np.ix_(*remaining))])  # type: ignore[arg-type]
    return DominanceResult(
        remaining=tuple(r.astype(np.int64) for r in remaining),
        eliminated=tuple(eliminated),
        reduced=reduced,
        n_rounds=rounds,
    )


__all__ = ["DominanceResult", "iterated_dominance"]
