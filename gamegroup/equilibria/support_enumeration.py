r"""All extreme equilibria of a two-player game by support enumeration.

For every support :math:`I` of the row player and every set :math:`K` of :math:`|I|` columns,
the strategy :math:`x` with support :math:`I` that makes the columns of :math:`K` indifferent
solves

.. math:: \sum_{i \in I} B_{ij} x_i = v \;\; (j \in K), \qquad \sum_{i \in I} x_i = 1,

and is kept when it is positive on :math:`I` and no column earns more than :math:`v`
(Dickhaut & Kaplan 1991; Nisan et al. 2007, ch. 3). Every vertex of the row player's
best-response polytope arises this way, also in degenerate games, where a vertex can make more
columns indifferent than its support size; the column player's points are found likewise and
the extreme equilibria are the completely labelled pairs (as in vertex enumeration, so the two
methods are independent checks of each other). The textbook variant that pairs supports of
equal size and solves both players' systems together is the special case of non-degenerate
games; it misses equilibria of degenerate games.

All systems of one support size are solved in one vectorised batch (in chunks, to bound
memory); payoffs are normalised per player before any tolerance is applied, so the answer does
not depend on payoff units.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gamegroup.equilibria.equilibrium import DEFAULT_TOL, Equilibrium

_CHUNK = 50_000  # systems solved per batch
_DET_TOL = 1e-10


def labelled_points(payoffs: NDArray[np.float64]) -> NDArray[np.float64]:
    """Vertices (other than 0) of ``{x >= 0 : payoffs.T x <= 1}`` found by support enumeration.

    ``payoffs[i, j]`` (positive) is the opponent's payoff when this player plays ``i`` and
    the opponent ``j``.

    Examples
    --------
    >>> labelled_points(np.array([[2.0, 1.0], [1.0, 2.0]])).round(4)
    array([[0.5   , 0.    ],
           [0.    , 0.5   ],
           [0.3333, 0.3333]])
    """
    m, n = payoffs.shape
    found: list[NDArray[np.float64]] = []
    for size in range(1, min(m, n) + 1):
        supports = np.array(list(combinations(range(m), size)), dtype=np.intp)
        columns = np.array(list(combinations(range(n), size)), dtype=np.intp)
        pairs = np.array(
            [(a, b) for a in range(len(supports)) for b in range(len(columns))], dtype=np.intp
        )
        for start in range(0, len(pairs), _CHUNK):
            block = pairs[start : start + _CHUNK]
            rows = supports[block[:, 0]]  # (S, size)
            cols = columns[block[:, 1]]
            systems = np.zeros((len(block), size + 1, size + 1))
            # Row k of a system: sum_i payoffs[rows[i], cols[k]] x_i - v = 0.
            systems[:, :size, :size] = payoffs[rows[:, None, :], cols[:, :, None]]
            systems[:, :size, size] = -1.0
            systems[:, size, :size] = 1.0
            rhs = np.zeros((len(block), size + 1))
            rhs[:, size] = 1.0
            determinants = np.linalg.det(systems)
            regular = np.abs(determinants) > _DET_TOL
            if not np.any(regular):
                continue
            solutions = np.linalg.solve(systems[regular], rhs[regular][..., None])[..., 0]
            rows = rows[regular]
            weights = solutions[:, :size]
            values = solutions[:, size]
            positive = np.all(weights > 1e-12, axis=1) & (values > 0)
            if not np.any(positive):
                continue
            weights, rows, values = weights[positive], rows[positive], values[positive]
            strategies = np.zeros((len(weights), m))
            np.put_along_axis(strategies, rows, weights, axis=1)
            earned = strategies @ payoffs  # (S, n)
            best = np.all(earned <= values[:, None] + 1e-9, axis=1)
            if np.any(best):
                found.append(strategies[best] / values[best, None])
    if not found:
        return np.empty((0, m))
    points = np.concatenate(found)
    _, first = np.unique(np.round(points, 9), axis=0, return_index=True)
    return np.asarray(points[np.sort(first)])


def support_enumeration(
    game: Any, *, tol: float = DEFAULT_TOL, exact: bool = False
) -> tuple[Equilibrium, ...]:
    """Return every extreme Nash equilibrium of a two-player game (support enumeration).

    Parameters
    ----------
    game : BimatrixGame, two-player NormalFormGame or nashpy.Game
    tol : float
        Largest accepted regret, relative to each player's payoff range.
    exact : bool
        Also verify each equilibrium in exact rational arithmetic.

    Returns
    -------
    tuple of Equilibrium
        The same set as :func:`vertex_enumeration`, in the same order.

    Raises
    ------
    TypeError
        If ``game`` is not a two-player game.
    ValueError
        If ``tol <= 0``, or the game has more than 64 actions in total.

    References
    ----------
    Dickhaut, J., & Kaplan, T. (1991). A program for finding Nash equilibria. *The
    Mathematica Journal*, 1(4), 87–93.

    Nisan, N., Roughgarden, T., Tardos, É., & Vazirani, V. V. (Eds.) (2007). *Algorithmic Game
    Theory*, ch. 3 (von Stengel, Equilibrium computation for two-player games in strategic
    and extensive form). Cambridge University Press.

    Examples
    --------
    Matching pennies:

    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import support_enumeration
    >>> (eq,) = support_enumeration(gg.BimatrixGame([[1, -1], [-1, 1]]), exact=True)
    >>> eq.strategies, eq.verified_exactly
    ((array([0.5, 0.5]), array([0.5, 0.5])), True)
    """
    from gamegroup.equilibria.vertex_enumeration import _extreme

    return _extreme(game, tol, exact, "support_enumeration")


__all__ = ["support_enumeration"]
