r"""Folk-theorem tools for two-player games: minmax values and the feasible payoff set.

**Minmax values.** Player :math:`i`'s pure minmax value is the least payoff the opponent can
hold it to with a pure action, when :math:`i` best responds,
:math:`\underline v_i^{p} = \min_{a_j} \max_{a_i} u_i(a_i, a_j)`. With mixed punishments

.. math::

    \underline v_i = \min_{\alpha_j \in \Delta(A_j)} \max_{a_i} u_i(a_i, \alpha_j),

the linear programme :math:`\min v` subject to :math:`\sum_{a_j} u_i(a_i, a_j)\alpha_j(a_j)
\le v` for every :math:`a_i`, :math:`\alpha_j \in \Delta(A_j)` (solved with HiGHS through
:func:`scipy.optimize.linprog`). Always :math:`\underline v_i \le \underline v_i^{p}`.

**Feasible and individually rational payoffs.** With public randomisation the feasible set is
the convex hull :math:`F = \operatorname{conv}\{u(a)\}` of the pure payoff profiles. The folk
theorem (Fudenberg & Maskin 1986) says that every :math:`v \in F` with
:math:`v_i > \underline v_i` for both players is the payoff of a subgame-perfect equilibrium
for all discount factors close enough to 1 (with pure punishments, :math:`\underline v^p`).
:func:`feasible_payoffs` returns the vertices of :math:`F` and of
:math:`F \cap \{v \ge \underline v\}`.

References
----------
Fudenberg, D., & Maskin, E. (1986). The folk theorem in repeated games with discounting or with
incomplete information. *Econometrica*, 54, 533–554.

Mailath, G. J., & Samuelson, L. (2006). *Repeated Games and Reputations*, ch. 2–3.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from gamegroup._results import Result, result_type
from gamegroup._validation import check_choice, check_finite_array
from gamegroup.games.bimatrix import BimatrixGame, as_bimatrix
from gamegroup.games.repeated import RepeatedGame

__all__ = ["FeasiblePayoffs", "MinmaxValues", "feasible_payoffs", "minmax_values"]


@result_type
class MinmaxValues(Result):
    r"""Pure and mixed minmax values of a two-player game.

    Attributes
    ----------
    pure : numpy.ndarray
        Shape ``(2,)``: :math:`\underline v^p_i`.
    mixed : numpy.ndarray
        Shape ``(2,)``: :math:`\underline v_i`.
    pure_punishments : numpy.ndarray
        ``[j]`` is the pure action with which the *other* player holds player ``j`` down.
    mixed_punishments : tuple of numpy.ndarray
        ``[j]`` is the other player's mixed action that holds player ``j`` to ``mixed[j]``.

    Examples
    --------
    >>> values = minmax_values(gg.BimatrixGame([[1, -1], [-1, 1]]))
    >>> values.pure, values.mixed
    (array([1., 1.]), array([0., 0.]))
    """

    pure: NDArray[np.float64]
    mixed: NDArray[np.float64]
    pure_punishments: NDArray[np.int64]
    mixed_punishments: tuple[NDArray[np.float64], NDArray[np.float64]]


def _two_player(game: Any) -> BimatrixGame:
    if isinstance(game, RepeatedGame):
        game = game.stage
    return as_bimatrix(game, "game")


def _mixed_minmax(payoffs: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
    """Min over the punisher's mixtures (columns) of the max over the player's rows."""
    rows, columns = payoffs.shape
    # variables: alpha (columns), v; minimise v.
    objective = np.zeros(columns + 1)
    objective[-1] = 1.0
    upper = np.hstack([payoffs, -np.ones((rows, 1))])
    equality = np.hstack([np.ones((1, columns)), np.zeros((1, 1))])
    bounds = [(0.0, None)] * columns + [(None, None)]
    solution = linprog(
        objective,
        A_ub=upper,
        b_ub=np.zeros(rows),
        A_eq=equality,
        b_eq=[1.0],
        bounds=bounds,
        method="highs",
    )
    if not solution.success:  # pragma: no cover - a bounded feasible LP always solves
        raise RuntimeError(f"minmax linear programme failed: {solution.message}")
    alpha = np.clip(solution.x[:columns], 0.0, None)
    alpha /= alpha.sum()
    return float(np.max(payoffs @ alpha)), alpha


def minmax_values(game: Any) -> MinmaxValues:
    """Return the pure and mixed minmax values of a two-player game.

    Parameters
    ----------
    game : BimatrixGame, two-player NormalFormGame, nashpy.Game or RepeatedGame
        For a repeated game, its stage game.

    Returns
    -------
    MinmaxValues

    Raises
    ------
    TypeError
        If ``game`` is not a two-player game.
    ValueError
        If ``game`` has a number of players other than two.

    References
    ----------
    Fudenberg, D., & Maskin, E. (1986). *Econometrica*, 54, 533–554.

    Examples
    --------
    The prisoner's dilemma: defection holds the opponent to ``P = 1`` either way.

    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> minmax_values(pd).mixed
    array([1., 1.])
    """
    bimatrix = _two_player(game)
    row, column = bimatrix.A, bimatrix.B
    # Row player: the column player picks the column minimising the row's best reply.
    row_best = row.max(axis=0)
    column_best = column.max(axis=1)
    pure = np.array([row_best.min(), column_best.min()])
    pure_punishments = np.array([int(np.argmin(row_best)), int(np.argmin(column_best))])
    value_row, alpha_row = _mixed_minmax(row)
    value_column, alpha_column = _mixed_minmax(column.T)
    return MinmaxValues(
        pure=pure,
        mixed=np.array([value_row, value_column]),
        pure_punishments=pure_punishments,
        mixed_punishments=(alpha_row, alpha_column),
    )


@result_type
class FeasiblePayoffs(Result):
    """The feasible payoff set of a two-player game and its individually rational part.

    Attributes
    ----------
    vertices : numpy.ndarray
        ``(m, 2)`` vertices of the convex hull of the pure payoff profiles, counter-clockwise
        (a segment or a single point when the profiles are collinear or equal).
    minmax : numpy.ndarray
        The threat point used (mixed minmax values by default).
    individually_rational_vertices : numpy.ndarray
        ``(k, 2)`` vertices of the feasible payoffs giving each player at least its minmax
        value, counter-clockwise.

    Examples
    --------
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> feasible_payoffs(pd).individually_rational_vertices.round(3)
    array([[1.   , 1.   ],
           [4.333, 1.   ],
           [3.   , 3.   ],
           [1.   , 4.333]])
    """

    vertices: NDArray[np.float64]
    minmax: NDArray[np.float64]
    individually_rational_vertices: NDArray[np.float64]

    def contains(self, payoffs: ArrayLike, *, individually_rational: bool = True) -> bool:
        """Whether a payoff pair lies in the (individually rational) feasible set.

        Examples
        --------
        >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> region = feasible_payoffs(pd)
        >>> region.contains([2, 2]), region.contains([0.5, 2]), region.contains([4, 4])
        (True, False, False)
        """
        point = check_finite_array(payoffs, "payoffs", ndim=1)
        if point.shape != (2,):
            raise ValueError(f"`payoffs` must have two entries; got shape {point.shape}.")
        polygon = self.individually_rational_vertices if individually_rational else self.vertices
        return _inside(polygon, point)


def _hull(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Counter-clockwise convex hull (monotone chain), keeping degenerate cases exact."""
    unique = np.unique(points, axis=0)
    if unique.shape[0] <= 2:
        return unique

    def cross(o: NDArray, a: NDArray, b: NDArray) -> float:
        return float((a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]))

    scale = max(1.0, float(np.abs(unique).max()))
    tolerance = 1e-12 * scale * scale
    lower: list[NDArray] = []
    for p in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= tolerance:
            lower.pop()
        lower.append(p)
    upper: list[NDArray] = []
    for p in unique[::-1]:
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= tolerance:
            upper.pop()
        upper.append(p)
    chain = lower[:-1] + upper[:-1]
    return np.array(chain)


def _inside(polygon: NDArray[np.float64], point: NDArray[np.float64]) -> bool:
    scale = max(1.0, float(np.abs(polygon).max()) if polygon.size else 1.0)
    tolerance = 1e-9 * scale
    if polygon.shape[0] == 0:
        return False
    if polygon.shape[0] == 1:
        return bool(np.linalg.norm(polygon[0] - point) <= tolerance)
    if polygon.shape[0] == 2:
        a, b = polygon
        along = b - a
        t = float(np.dot(point - a, along) / np.dot(along, along))
        return bool(-1e-12 <= t <= 1 + 1e-12 and np.linalg.norm(a + t * along - point) <= tolerance)
    following = np.roll(polygon, -1, axis=0)
    edges = following - polygon
    offsets = point - polygon
    crosses = edges[:, 0] * offsets[:, 1] - edges[:, 1] * offsets[:, 0]
    lengths = np.linalg.norm(edges, axis=1)
    return bool(np.all(crosses >= -tolerance * lengths))


def feasible_payoffs(game: Any, *, threat_point: str = "mixed") -> FeasiblePayoffs:
    """Return the feasible payoff set and its individually rational part (two players).

    Parameters
    ----------
    game : BimatrixGame, two-player NormalFormGame, nashpy.Game or RepeatedGame
    threat_point : {'mixed', 'pure'}
        Minmax values bounding individual rationality.

    Returns
    -------
    FeasiblePayoffs

    Raises
    ------
    TypeError
        If ``game`` is not a two-player game.
    ValueError
        If ``threat_point`` is not ``'mixed'`` or ``'pure'``.

    References
    ----------
    Fudenberg, D., & Maskin, E. (1986). *Econometrica*, 54, 533–554.

    Examples
    --------
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> feasible_payoffs(pd).vertices
    array([[0., 5.],
           [1., 1.],
           [5., 0.],
           [3., 3.]])
    """
    threat = check_choice(threat_point, "threat_point", ("mixed", "pure"))
    bimatrix = _two_player(game)
    values = minmax_values(bimatrix)
    minmax = values.mixed if threat == "mixed" else values.pure
    points = np.column_stack([bimatrix.A.ravel(), bimatrix.B.ravel()])
    vertices = _hull(points)
    candidates = [v for v in vertices if v[0] >= minmax[0] and v[1] >= minmax[1]]
    closed = np.vstack([vertices, vertices[:1]]) if vertices.shape[0] > 1 else vertices
    for start, end in pairwise(closed):
        for axis in (0, 1):
            level = minmax[axis]
            low, high = sorted((start[axis], end[axis]))
            if start[axis] == end[axis] or not (low <= level <= high):
                continue
            t = (level - start[axis]) / (end[axis] - start[axis])
            crossing = start + t * (end - start)
            crossing[axis] = level
            if crossing[1 - axis] >= minmax[1 - axis]:
                candidates.append(crossing)
    if _inside(vertices, minmax):
        candidates.append(minmax.copy())
    rational = _hull(np.array(candidates)) if candidates else np.empty((0, 2))
    return FeasiblePayoffs(
        vertices=vertices, minmax=minmax, individually_rational_vertices=rational
    )
