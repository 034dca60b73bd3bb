r"""All extreme equilibria of a two-player game by vertex enumeration, and its Nash subsets.

The vertices of the best-response polytopes :math:`P = \{x \ge 0 : B^\top x \le 1\}` and
:math:`Q = \{y \ge 0 : A y \le 1\}` (payoffs normalised onto :math:`[1, 2]`, see
:mod:`gamegroup.equilibria._two_player`) are enumerated by the double-description method
(Motzkin, Raiffa, Thompson & Thrall 1953; Fukuda & Prodon 1996): starting from the simplex
cut out by :math:`x \ge 0` and the first inequality, each further inequality
:math:`\beta^\top x \le 1` keeps the vertices that satisfy it and adds, for every edge
:math:`(p, q)` it cuts (:math:`\beta^\top p < 1 < \beta^\top q`), the point where the edge meets the
hyperplane. Edges are recognised combinatorially: :math:`p` and :math:`q` are adjacent when
their common tight constraints number at least :math:`d - 1` and no third vertex is tight on all
of them, which stays correct for degenerate polytopes (while the polytope is simple, sharing
:math:`d - 1` constraints is enough and the third-vertex scan is skipped). The extreme equilibria are the
completely labelled vertex pairs (Avis, Rosenberg, Savani & von Stengel 2010); label bitmasks
make the matching one vectorised comparison. The kernel is compiled with numba.

**Maximal Nash subsets.** Extreme equilibria :math:`(x_i, y_j)` form a bipartite graph. A
*maximal Nash subset* is a maximal biclique :math:`X \times Y` of it: every convex combination
of the row vertices in :math:`X` with every convex combination of the column vertices in
:math:`Y` is an equilibrium (Winkels 1979; Jansen 1981). The connected components of the graph
are the topologically connected components of the equilibrium set, so a degenerate game's
continua are described exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from gamegroup._results import Result, result_type
from gamegroup._validation import check_choice
from gamegroup.equilibria import _two_player
from gamegroup.equilibria.equilibrium import DEFAULT_TOL, Equilibrium
from gamegroup.games import as_bimatrix

MAX_LABELS = 64
"""Largest ``m + n`` the label bitmasks hold; larger games need Lemke–Howson."""


@njit(cache=True)
def _popcount(value: np.uint64) -> int:  # pragma: no cover - compiled
    count = 0
    while value:
        value &= value - np.uint64(1)
        count += 1
    return count


@njit(cache=True)
def _double_description(
    M: NDArray[np.float64], eps: float
) -> tuple[NDArray[np.float64], NDArray[np.uint64]]:  # pragma: no cover - compiled
    """Vertices of {z >= 0, M z <= 1} (M > 0, shape (k, d)) and their label bitmasks.

    Bit ``i`` (i < d) marks ``z_i = 0``; bit ``d + j`` marks ``(M z)_j = 1``.
    """
    k, d = M.shape
    capacity = max(64, 4 * (d + 1))
    vertices = np.zeros((capacity, d))
    labels = np.zeros(capacity, dtype=np.uint64)
    one = np.uint64(1)
    all_zero = np.uint64(0)
    for i in range(d):
        all_zero |= one << np.uint64(i)
    labels[0] = all_zero
    for i in range(d):
        vertices[i + 1, i] = 1.0 / M[0, i]
        labels[i + 1] = (all_zero & ~(one << np.uint64(i))) | (one << np.uint64(d))
    count = d + 1
    for j in range(1, k):
        bit = one << np.uint64(d + j)
        slack = np.empty(count)
        for v in range(count):
            total = 0.0
            for c in range(d):
                total += M[j, c] * vertices[v, c]
            slack[v] = 1.0 - total
        plus = np.empty(count, dtype=np.int64)
        minus = np.empty(count, dtype=np.int64)
        n_plus = 0
        n_minus = 0
        for v in range(count):
            if slack[v] < -eps:
                minus[n_minus] = v
                n_minus += 1
            elif slack[v] > eps:
                plus[n_plus] = v
                n_plus += 1
        if n_minus == 0:
            for v in range(count):
                if abs(slack[v]) <= eps:
                    labels[v] |= bit
            continue
        new_vertices = np.empty((16, d))
        new_labels = np.empty(16, dtype=np.uint64)
        n_new = 0
        # In a simple polytope (every vertex on exactly d facets) two vertices sharing d - 1
        # facets are always adjacent; only degenerate polytopes need the full test.
        simple = True
        for v in range(count):
            if _popcount(labels[v]) > d:
                simple = False
                break
        for a in range(n_plus):
            p = plus[a]
            for b in range(n_minus):
                q = minus[b]
                common = labels[p] & labels[q]
                if _popcount(common) < d - 1:
                    continue
                adjacent = True
                if not simple or _popcount(common) > d - 1:
                    for r in range(count):
                        if r != p and r != q and (labels[r] & common) == common:
                            adjacent = False
                            break
                if not adjacent:
                    continue
                t = slack[p] / (slack[p] - slack[q])
                if n_new == new_vertices.shape[0]:
                    grown = np.empty((2 * n_new, d))
                    grown[:n_new] = new_vertices[:n_new]
                    new_vertices = grown
                    grown_labels = np.empty(2 * n_new, dtype=np.uint64)
                    grown_labels[:n_new] = new_labels[:n_new]
                    new_labels = grown_labels
                for c in range(d):
                    new_vertices[n_new, c] = vertices[p, c] + t * (vertices[q, c] - vertices[p, c])
                new_labels[n_new] = common | bit
                n_new += 1
        kept = count - n_minus + n_new
        if kept > vertices.shape[0]:
            size = max(kept, 2 * vertices.shape[0])
            grown = np.zeros((size, d))
            grown_labels = np.zeros(size, dtype=np.uint64)
            grown[:count] = vertices[:count]
            grown_labels[:count] = labels[:count]
            vertices = grown
            labels = grown_labels
        write = 0
        for v in range(count):
            if slack[v] >= -eps:
                if abs(slack[v]) <= eps:
                    labels[v] |= bit
                vertices[write] = vertices[v]
                labels[write] = labels[v]
                write += 1
        for v in range(n_new):
            vertices[write] = new_vertices[v]
            labels[write] = new_labels[v]
            write += 1
        count = write
    return vertices[:count].copy(), labels[:count].copy()


def _check_size(m: int, n: int) -> None:
    if m + n > MAX_LABELS:
        raise ValueError(
            f"`game` has {m} + {n} = {m + n} actions; vertex and support enumeration support at "
            f"most {MAX_LABELS} in total. Use method='lemke_howson' for one equilibrium of a "
            "larger game."
        )


def _extreme(game: Any, tol: float, exact: bool, method: str) -> tuple[Equilibrium, ...]:
    bimatrix, A, B, tolerance = _two_player.prepare(game, tol)
    m, n = bimatrix.shape
    _check_size(m, n)
    if method == "vertex_enumeration":
        label_tol = _two_player.LABEL_TOL
        row_vertices, row_masks = _double_description(np.ascontiguousarray(B.T), label_tol)
        column_vertices, raw_masks = _double_description(np.ascontiguousarray(A), label_tol)
        # Q's bits are (y_j = 0 -> j, row i tight -> n + i); the global labels are m + j, i.
        low = raw_masks & np.uint64((1 << n) - 1)
        high = raw_masks >> np.uint64(n)
        column_masks = (low << np.uint64(m)) | high
        return _two_player.vertex_equilibria(
            bimatrix,
            A,
            B,
            row_vertices,
            column_vertices,
            method,
            tolerance,
            exact,
            row_masks,
            column_masks,
        )
    from gamegroup.equilibria.support_enumeration import labelled_points

    row_vertices = labelled_points(B)
    column_vertices = labelled_points(A.T)
    return _two_player.vertex_equilibria(
        bimatrix, A, B, row_vertices, column_vertices, method, tolerance, exact
    )


def vertex_enumeration(
    game: Any, *, tol: float = DEFAULT_TOL, exact: bool = False
) -> tuple[Equilibrium, ...]:
    """Return every extreme Nash equilibrium of a two-player game (vertex enumeration).

    Parameters
    ----------
    game : BimatrixGame, two-player NormalFormGame or nashpy.Game
    tol : float
        Largest accepted regret, relative to each player's payoff range.
    exact : bool
        Also verify each equilibrium in exact rational arithmetic (the payoffs' binary
        fractions); verified equilibria have ``verified_exactly=True`` and exact coordinates.

    Returns
    -------
    tuple of Equilibrium
        Every extreme equilibrium once, ordered by support size, support, then strategies.
        Degenerate games can have continua of equilibria; their extreme points are all listed
        and :func:`maximal_nash_subsets` describes the continua.

    Raises
    ------
    TypeError
        If ``game`` is not a two-player game.
    ValueError
        If ``tol <= 0``, or the game has more than 64 actions in total.

    References
    ----------
    Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010). Enumeration of Nash
    equilibria for two-player games. *Economic Theory*, 42, 9–37.

    Fukuda, K., & Prodon, A. (1996). Double description method revisited. In *Combinatorics
    and Computer Science*, LNCS 1120, 91–111.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed:

    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import vertex_enumeration
    >>> game = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> [tuple(s.round(3).tolist() for s in eq.strategies) for eq in vertex_enumeration(game)]
    [([1.0, 0.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0]), ([0.6, 0.4], [0.4, 0.6])]
    """
    return _extreme(game, tol, exact, "vertex_enumeration")


@result_type
class NashSubsets(Result):
    """Extreme equilibria of a two-player game, its maximal Nash subsets and components.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        Every extreme equilibrium.
    row_vertices, column_vertices : numpy.ndarray
        Shapes ``(X, m)`` and ``(Y, n)``: the distinct strategies occurring in them.
    subsets : tuple of (tuple of int, tuple of int)
        Maximal Nash subsets as index sets into the vertices: for ``(rows, columns)`` every
        profile in ``conv(row_vertices[rows]) x conv(column_vertices[columns])`` is an
        equilibrium.
    components : tuple of (tuple of int, tuple of int)
        Connected components of the equilibrium set, as vertex index sets.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import maximal_nash_subsets
    >>> ties = gg.BimatrixGame([[1, 1], [0, 0]], [[1, 1], [1, 1]])
    >>> result = maximal_nash_subsets(ties)
    >>> result.subsets
    (((0,), (0, 1)),)
    >>> result.is_finite
    False
    """

    equilibria: tuple[Equilibrium, ...]
    row_vertices: NDArray[np.float64]
    column_vertices: NDArray[np.float64]
    subsets: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    components: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]

    @property
    def is_finite(self) -> bool:
        """Whether every maximal Nash subset is a single profile (no continua)."""
        return all(len(r) == 1 and len(c) == 1 for r, c in self.subsets)


def maximal_nash_subsets(
    game: Any, *, method: str = "vertex_enumeration", tol: float = DEFAULT_TOL
) -> NashSubsets:
    """Return the extreme equilibria, maximal Nash subsets and components of a two-player game.

    Parameters
    ----------
    game : BimatrixGame, two-player NormalFormGame or nashpy.Game
    method : {"vertex_enumeration", "support_enumeration"}
        How the extreme equilibria are found.
    tol : float
        As for :func:`vertex_enumeration`.

    Returns
    -------
    NashSubsets

    Raises
    ------
    TypeError
        If ``game`` is not a two-player game.
    ValueError
        If ``method`` is unknown or ``tol <= 0``.

    References
    ----------
    Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010). Enumeration of Nash
    equilibria for two-player games. *Economic Theory*, 42, 9–37.

    Examples
    --------
    A game where the column player is indifferent: the row player's dominant action with any
    column mixture is an equilibrium, one segment of equilibria.

    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import maximal_nash_subsets
    >>> result = maximal_nash_subsets(gg.BimatrixGame([[2, 1], [0, 0]], [[0, 0], [0, 0]]))
    >>> len(result.equilibria), result.subsets
    (2, (((0,), (0, 1)),))
    """
    check_choice(method, "method", ("vertex_enumeration", "support_enumeration"))
    equilibria = _extreme(game, tol, False, method)
    m, n = as_bimatrix(game).shape
    rows, columns, edges = _two_player.equilibrium_graph(equilibria, m, n)
    return NashSubsets(
        equilibria=equilibria,
        row_vertices=rows,
        column_vertices=columns,
        subsets=tuple(_two_player.maximal_bicliques(edges)),
        components=tuple(_two_player.connected_components(edges)),
    )


__all__ = ["NashSubsets", "maximal_nash_subsets", "vertex_enumeration"]
