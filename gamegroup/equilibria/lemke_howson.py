r"""One equilibrium of a two-player game by the Lemke–Howson algorithm, and all it reaches.

With payoffs normalised onto :math:`[1, 2]`, the algorithm works on the tableaux of

.. math:: B^\top x + s = 1, \quad x, s \ge 0 \qquad\text{and}\qquad r + A y = 1, \quad r, y \ge 0,

where label :math:`i < m` belongs to :math:`x_i` and :math:`r_i` and label :math:`m + j` to
:math:`s_j` and :math:`y_j`. From the artificial equilibrium :math:`(0, 0)` (or any
equilibrium), dropping label :math:`k` lets its variable enter the basis; the variable that
leaves names the label whose partner enters the other tableau next, and so on, until label
:math:`k` itself leaves: the pair is then completely labelled again, a Nash equilibrium (Lemke &
Howson 1964; von Stengel 2002). Ties in the ratio test are broken lexicographically, which
keeps the path well defined in degenerate games.

Safeguards, since a pivoting path must never hang: an iteration bound (``max_iter``), cycle
detection (a hash of the pair of bases, which must never repeat) and a ``converged`` flag. When
the path from the requested label fails, the **fallback chain** tries the other labels, then
vertex enumeration (games with at most 64 actions in total), and reports which method produced
the answer. Every returned equilibrium is verified by its regret. The pivoting kernel is
compiled with numba.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from gamegroup._results import Result, result_type
from gamegroup._validation import check_int
from gamegroup.equilibria import _two_player
from gamegroup.equilibria.equilibrium import DEFAULT_TOL, Equilibrium

DEFAULT_MAX_ITER = 1_000_000
"""Default bound on the number of pivots of one path."""

_PIVOT_TOL = 1e-12
_RATIO_TOL = 1e-12


@njit(cache=True)
def _lex_min_ratio(
    tableau: NDArray[np.float64], column: int, slack_start: int, n_slack: int
) -> int:  # pragma: no cover - compiled
    """Row of the lexicographic minimum ratio test (tableau stored column by column)."""
    rows = tableau.shape[1]
    rhs = tableau.shape[0] - 1
    entering = tableau[column]
    values = tableau[rhs]
    best = np.inf
    for r in range(rows):
        a = entering[r]
        if a > _PIVOT_TOL:
            ratio = values[r] / a
            best = min(best, ratio)
    if best == np.inf:
        return -1
    candidates = np.empty(rows, dtype=np.int64)
    count = 0
    limit = best + _RATIO_TOL * (1.0 + abs(best))
    for r in range(rows):
        a = entering[r]
        if a > _PIVOT_TOL and values[r] / a <= limit:
            candidates[count] = r
            count += 1
    if count == 1:
        return candidates[0]
    for s in range(n_slack):
        slack = tableau[slack_start + s]
        best = np.inf
        for c in range(count):
            r = candidates[c]
            ratio = slack[r] / entering[r]
            best = min(best, ratio)
        limit = best + _RATIO_TOL * (1.0 + abs(best))
        kept = 0
        for c in range(count):
            r = candidates[c]
            if slack[r] / entering[r] <= limit:
                candidates[kept] = r
                kept += 1
        count = kept
        if count == 1:
            break
    return candidates[0]


@njit(cache=True)
def _pivot(
    tableau: NDArray[np.float64],
    basis: NDArray[np.int64],
    is_basic: NDArray[np.bool_],
    column: int,
    row: int,
) -> int:  # pragma: no cover - compiled
    """Pivot on (row, column); only non-basic columns and the right-hand side change."""
    leaving = basis[row]
    rows = tableau.shape[1]
    entering = tableau[column].copy()
    pivot = entering[row]
    for c in range(tableau.shape[0]):
        if is_basic[c] or c == column:
            continue
        target = tableau[c]
        factor = target[row] / pivot
        if factor != 0.0:
            for r in range(rows):
                target[r] -= factor * entering[r]
        target[row] = factor
    # The leaving variable's column was the unit vector of `row`.
    out = tableau[leaving]
    for r in range(rows):
        out[r] = -entering[r] / pivot
    out[row] = 1.0 / pivot
    into = tableau[column]
    for r in range(rows):
        into[r] = 0.0
    into[row] = 1.0
    basis[row] = column
    is_basic[column] = True
    is_basic[leaving] = False
    return leaving


@njit(cache=True)
def _insert(table: NDArray[np.int64], key: np.int64) -> bool:  # pragma: no cover - compiled
    """Insert ``key`` (non-zero) by linear probing; return True if it was already there."""
    mask = table.size - 1
    slot = (key ^ (key >> 29)) & mask
    while table[slot] != 0:
        if table[slot] == key:
            return True
        slot = (slot + 1) & mask
    table[slot] = key
    return False


@njit(cache=True)
def _rehash(table: NDArray[np.int64]) -> NDArray[np.int64]:  # pragma: no cover - compiled
    grown = np.zeros(2 * table.size, dtype=np.int64)
    for key in table:
        if key != 0:
            _insert(grown, key)
    return grown


@njit(cache=True)
def _path(
    first: NDArray[np.float64],
    second: NDArray[np.float64],
    first_basis: NDArray[np.int64],
    second_basis: NDArray[np.int64],
    label: int,
    m: int,
    max_iter: int,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Follow the path dropping ``label``; tableaux (stored by column) change in place.

    Returns ``(status, pivots)``: status 0 converged, 1 iteration bound, 2 cycle, 3 failure of
    the ratio test.
    """
    n = first.shape[1]
    width = m + n + 1
    first_basic = np.zeros(width, dtype=np.bool_)
    second_basic = np.zeros(width, dtype=np.bool_)
    for r in range(n):
        first_basic[first_basis[r]] = True
    for r in range(m):
        second_basic[second_basis[r]] = True
    # Random keys of each (tableau, variable) for hashing the pair of bases.
    keys = np.empty((2, m + n), dtype=np.int64)
    state = np.uint64(0x9E3779B97F4A7C15)
    for t in range(2):
        for v in range(m + n):
            state = state * np.uint64(6364136223846793005) + np.uint64(1442695040888963407)
            keys[t, v] = np.int64(state >> np.uint64(1))
    # Open-addressing hash set of visited basis digests (0 marks an empty slot).
    seen = np.zeros(1024, dtype=np.int64)
    n_seen = 0
    digest = np.int64(0)
    for r in range(n):
        digest ^= keys[0, first_basis[r]]
    for r in range(m):
        digest ^= keys[1, second_basis[r]]
    in_first = not first_basic[label]
    entering = label
    pivots = 0
    while True:
        if pivots >= max_iter:
            return 1, pivots
        if in_first:
            row = _lex_min_ratio(first, entering, m, n)
            if row < 0:
                return 3, pivots
            leaving = _pivot(first, first_basis, first_basic, entering, row)
            digest ^= keys[0, leaving] ^ keys[0, entering]
        else:
            row = _lex_min_ratio(second, entering, 0, m)
            if row < 0:
                return 3, pivots
            leaving = _pivot(second, second_basis, second_basic, entering, row)
            digest ^= keys[1, leaving] ^ keys[1, entering]
        pivots += 1
        if leaving == label:
            return 0, pivots
        key = digest if digest != 0 else np.int64(1)
        if 2 * (n_seen + 1) > seen.size:
            seen = _rehash(seen)
        if _insert(seen, key):
            return 2, pivots
        n_seen += 1
        entering = leaving
        in_first = not in_first


def _initial(
    A: NDArray[np.float64], B: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Return the initial tableaux, stored column by column (shape (m + n + 1, rows))."""
    m, n = A.shape
    first = np.zeros((m + n + 1, n))
    first[:m] = B
    first[m : m + n] = np.eye(n)
    first[-1] = 1.0
    second = np.zeros((m + n + 1, m))
    second[:m] = np.eye(m)
    second[m : m + n] = A.T
    second[-1] = 1.0
    return first, second, np.arange(m, m + n, dtype=np.int64), np.arange(m, dtype=np.int64)


def _strategies(
    first: NDArray[np.float64],
    second: NDArray[np.float64],
    first_basis: NDArray[np.int64],
    second_basis: NDArray[np.int64],
    m: int,
    n: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    x = np.zeros(m)
    y = np.zeros(n)
    for r, v in enumerate(first_basis):
        if v < m:
            x[v] = max(first[-1, r], 0.0)
    for r, v in enumerate(second_basis):
        if v >= m:
            y[v - m] = max(second[-1, r], 0.0)
    return x, y


def _repair(
    game: Any, x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Re-solve the indifference systems on the path's supports (least squares)."""
    support_x = np.flatnonzero(x > 0)
    support_y = np.flatnonzero(y > 0)

    def solve(
        payoffs: NDArray[np.float64], own: NDArray[np.intp], other: NDArray[np.intp], size: int
    ) -> NDArray[np.float64]:
        k = own.size
        system = np.zeros((other.size + 1, k + 1))
        system[: other.size, :k] = payoffs[np.ix_(own, other)].T
        system[: other.size, k] = -1.0
        system[other.size, :k] = 1.0
        rhs = np.zeros(other.size + 1)
        rhs[-1] = 1.0
        solution = np.linalg.lstsq(system, rhs, rcond=None)[0]
        out = np.zeros(size)
        out[own] = np.maximum(solution[:k], 0.0)
        return out

    return (
        solve(game.B, support_x, support_y, x.size),
        solve(game.A.T, support_y, support_x, y.size),
    )


@result_type
class LemkeHowsonResult(Result):
    """Outcome of :func:`lemke_howson`.

    Attributes
    ----------
    equilibrium : Equilibrium or None
        The verified equilibrium, or ``None`` if every method of the fallback chain failed.
    converged : bool
        Whether the path from ``initial_label`` itself ended in a verified equilibrium.
    success : bool
        Whether an equilibrium is returned (possibly by a fallback).
    initial_label : int
        The label dropped first.
    n_iterations : int
        Pivots of the path from ``initial_label``.
    method : str
        What produced the answer: ``"lemke_howson"``, ``"lemke_howson (label k)"`` or
        ``"vertex_enumeration"``.
    message : str
        What happened on the way.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import lemke_howson
    >>> result = lemke_howson(gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]]))
    >>> result.converged, result.equilibrium.support
    (True, ((0,), (0,)))
    """

    equilibrium: Equilibrium | None
    converged: bool
    success: bool
    initial_label: int
    n_iterations: int
    method: str
    message: str


_STATUS = {
    1: "reached the iteration bound",
    2: "detected a cycle",
    3: "the ratio test failed (numerical breakdown)",
}


def _run(
    game: Any,
    A: NDArray[np.float64],
    tableaux: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]],
    label: int,
    max_iter: int,
    tol: float,
    method: str,
) -> tuple[Equilibrium | None, int, str, tuple[Any, ...]]:
    m, n = A.shape
    first, second = tableaux[0].copy(), tableaux[1].copy()
    first_basis, second_basis = tableaux[2].copy(), tableaux[3].copy()
    status, pivots = _path(first, second, first_basis, second_basis, label, m, max_iter)
    state = (first, second, first_basis, second_basis)
    if status != 0:
        return None, pivots, _STATUS[status], state
    x, y = _strategies(first, second, first_basis, second_basis, m, n)
    eq = _two_player.build(game, x, y, method, tol, exact=False)
    if eq is None and x.sum() > 0 and y.sum() > 0:
        eq = _two_player.build(game, *_repair(game, x, y), method, tol, exact=False)
    if eq is None:
        return None, pivots, "the path ended at a profile that failed verification", state
    return eq, pivots, "converged", state


def lemke_howson(
    game: Any,
    *,
    initial_label: int = 0,
    max_iter: int = DEFAULT_MAX_ITER,
    tol: float = DEFAULT_TOL,
    fallback: bool = True,
) -> LemkeHowsonResult:
    """Return one Nash equilibrium of a two-player game by Lemke–Howson path following.

    Parameters
    ----------
    game : BimatrixGame, two-player NormalFormGame or nashpy.Game
    initial_label : int
        The label dropped first: ``0..m-1`` are the row player's actions, ``m..m+n-1`` the
        column player's.
    max_iter : int
        Bound on the pivots of each path.
    tol : float
        Largest accepted regret, relative to each player's payoff range.
    fallback : bool
        When the path fails, try the other labels and then vertex enumeration.

    Returns
    -------
    LemkeHowsonResult

    Raises
    ------
    TypeError
        If ``game`` is not a two-player game.
    ValueError
        If ``initial_label`` is outside ``0..m+n-1``, ``max_iter < 1`` or ``tol <= 0``.

    References
    ----------
    Lemke, C. E., & Howson, J. T. (1964). Equilibrium points of bimatrix games. *Journal of the
    Society for Industrial and Applied Mathematics*, 12, 413–423.

    von Stengel, B. (2002). Computing equilibria for two-person games. In *Handbook of Game
    Theory*, vol. 3, ch. 45, 1723–1759. Elsevier.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import lemke_howson
    >>> game = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> [lemke_howson(game, initial_label=k).equilibrium.support for k in range(4)]
    [((0,), (0,)), ((1,), (1,)), ((0,), (0,)), ((1,), (1,))]
    """
    bimatrix, A, B, tolerance = _two_player.prepare(game, tol)
    m, n = bimatrix.shape
    label = check_int(initial_label, "initial_label", minimum=0, maximum=m + n - 1)
    bound = check_int(max_iter, "max_iter", minimum=1)
    start = _initial(A, B)
    eq, pivots, message, _ = _run(bimatrix, A, start, label, bound, tolerance, "lemke_howson")
    if eq is not None:
        return LemkeHowsonResult(eq, True, True, label, pivots, "lemke_howson", message)
    notes = [f"label {label}: {message}"]
    if fallback:
        for other in [*range(label + 1, m + n), *range(label)]:
            name = f"lemke_howson (label {other})"
            found, _, reason, _ = _run(bimatrix, A, start, other, bound, tolerance, name)
            if found is not None:
                return LemkeHowsonResult(found, False, True, label, pivots, name, "; ".join(notes))
            notes.append(f"label {other}: {reason}")
        if m + n <= 64:
            from gamegroup.equilibria.vertex_enumeration import vertex_enumeration

            every = vertex_enumeration(bimatrix, tol=tolerance)
            if every:
                return LemkeHowsonResult(
                    every[0], False, True, label, pivots, "vertex_enumeration", "; ".join(notes)
                )
            notes.append("vertex enumeration found none")
    return LemkeHowsonResult(None, False, False, label, pivots, "none", "; ".join(notes))


def lemke_howson_all(
    game: Any, *, max_iter: int = DEFAULT_MAX_ITER, tol: float = DEFAULT_TOL
) -> tuple[Equilibrium, ...]:
    """Return every equilibrium reachable by Lemke–Howson paths from the artificial one.

    Paths are followed from the artificial equilibrium with every label, then from every
    equilibrium found with every label, until no new equilibrium appears (the component of
    the Lemke–Howson graph that contains the artificial equilibrium). In a non-degenerate game
    this is a set of an odd number of equilibria, though not always all of them.

    Parameters
    ----------
    game : BimatrixGame, two-player NormalFormGame or nashpy.Game
    max_iter : int
        Bound on the pivots of each path.
    tol : float
        Largest accepted regret, relative to each player's payoff range.

    Returns
    -------
    tuple of Equilibrium
        In deterministic order.

    Raises
    ------
    TypeError
        If ``game`` is not a two-player game.
    ValueError
        If ``max_iter < 1`` or ``tol <= 0``.

    References
    ----------
    Shapley, L. S. (1974). A note on the Lemke–Howson algorithm. *Mathematical Programming
    Study*, 1, 175–189.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import lemke_howson_all
    >>> game = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> len(lemke_howson_all(game))
    3
    """
    bimatrix, A, B, tolerance = _two_player.prepare(game, tol)
    m, n = bimatrix.shape
    bound = check_int(max_iter, "max_iter", minimum=1)
    start = _initial(A, B)
    queue = [start]
    seen_bases: set[tuple[tuple[int, ...], tuple[int, ...]]] = {
        (tuple(sorted(start[2])), tuple(sorted(start[3])))
    }
    found: list[Equilibrium] = []
    while queue:
        state = queue.pop()
        for label in range(m + n):
            eq, _, _, end = _run(bimatrix, A, state, label, bound, tolerance, "lemke_howson_all")
            key = (tuple(sorted(end[2])), tuple(sorted(end[3])))
            if eq is None or key in seen_bases:
                continue
            seen_bases.add(key)
            found.append(eq)
            queue.append(end)
    return _two_player.unique_sorted(found)


__all__ = ["LemkeHowsonResult", "lemke_howson", "lemke_howson_all"]
