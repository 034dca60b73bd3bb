r"""Shared machinery of the two-player solvers: normalisation, labels, matching, certification.

Payoffs are normalised per player onto :math:`[1, 2]` (affine, so equilibria are unchanged)
before any tolerance is applied. With :math:`A, B > 0` the best-response polytopes are
(von Stengel 2002)

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\; B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\; y \ge 0\},

with labels :math:`0..m-1` for the row player's actions and :math:`m..m+n-1` for the column
player's: :math:`x` has label :math:`i` if :math:`x_i = 0` and label :math:`m + j` if
:math:`(B^\top x)_j = 1`; :math:`y` has label :math:`i` if :math:`(Ay)_i = 1` and :math:`m + j` if
:math:`y_j = 0`. The extreme Nash equilibria are exactly the completely labelled vertex pairs
other than :math:`(0, 0)`, rescaled to probabilities (Avis, Rosenberg, Savani & von Stengel 2010).
Equilibria that share a row vertex and a column vertex set in a biclique form a *maximal Nash
subset*: the product of the convex hulls of its row and column vertices is a set of equilibria.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

from gamegroup._validation import check_tolerance
from gamegroup.equilibria.equilibrium import Equilibrium, payoff_spread, sort_equilibria
from gamegroup.games import BimatrixGame, as_bimatrix

LABEL_TOL = 1e-9
"""Slack (in normalised payoff units) below which a constraint counts as tight."""


def prepare(
    game: Any, tol: float
) -> tuple[BimatrixGame, NDArray[np.float64], NDArray[np.float64], float]:
    """Check the inputs; return the game and its payoffs normalised onto [1, 2] per player."""
    bimatrix = as_bimatrix(game)
    tolerance = check_tolerance(tol, "tol")
    return bimatrix, _to_unit(bimatrix.A) + 1.0, _to_unit(bimatrix.B) + 1.0, tolerance


def _to_unit(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    low = float(matrix.min())
    spread = float(matrix.max()) - low
    if spread == 0.0:
        return np.zeros_like(matrix)
    return np.asarray((matrix - low) / spread)


def point_labels(
    points: NDArray[np.float64],
    M: NDArray[np.float64],
    zero_bits: NDArray[np.uint64],
    tight_bits: NDArray[np.uint64],
) -> NDArray[np.uint64]:
    """Label bitmasks of points of ``{z >= 0, M z <= 1}``, vectorised.

    ``zero_bits[i]`` is the label of ``z_i = 0`` and ``tight_bits[j]`` that of
    ``(M z)_j = 1``.
    """
    if points.size == 0:
        return np.zeros(0, dtype=np.uint64)
    zero = points <= LABEL_TOL
    tight = np.abs(1.0 - points @ M.T) <= LABEL_TOL
    masks = np.bitwise_or.reduce(np.where(zero, zero_bits, np.uint64(0)), axis=1)
    masks |= np.bitwise_or.reduce(np.where(tight, tight_bits, np.uint64(0)), axis=1)
    return np.asarray(masks, dtype=np.uint64)


def match(
    row_masks: NDArray[np.uint64], column_masks: NDArray[np.uint64], m: int, n: int
) -> list[tuple[int, int]]:
    """Pairs (p, q) of vertices whose labels together cover all m + n labels.

    A vertex with exactly as many labels as its dimension can only pair with the vertex
    carrying the complementary labels (a sorted lookup); vertices with more labels
    (degenerate ones) are compared with every vertex of the other polytope.
    """
    if row_masks.size == 0 or column_masks.size == 0:
        return []
    full = np.uint64((1 << (m + n)) - 1)
    order = np.argsort(column_masks, kind="stable")
    ordered = column_masks[order]
    wanted = full & ~row_masks
    pairs: set[tuple[int, int]] = set()
    left = np.searchsorted(ordered, wanted, side="left")
    right = np.searchsorted(ordered, wanted, side="right")
    for p in np.flatnonzero(right > left):
        for position in range(left[p], right[p]):
            pairs.add((int(p), int(order[position])))
    degenerate_rows = np.flatnonzero(np.bitwise_count(row_masks) > m)
    degenerate_columns = np.flatnonzero(np.bitwise_count(column_masks) > n)
    for p in degenerate_rows:
        for q in np.flatnonzero((row_masks[p] | column_masks) == full):
            pairs.add((int(p), int(q)))
    for q in degenerate_columns:
        for p in np.flatnonzero((row_masks | column_masks[q]) == full):
            pairs.add((int(p), int(q)))
    return sorted(pairs)


def _exact_solve(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Solve a (possibly overdetermined) consistent linear system exactly; None if none."""
    rows = [[*row[:], b] for row, b in zip(matrix, rhs, strict=True)]
    n_columns = len(matrix[0]) if matrix else 0
    pivots: list[int] = []
    r = 0
    for c in range(n_columns):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        inverse = 1 / rows[r][c]
        rows[r] = [v * inverse for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    for i in range(r, len(rows)):
        if rows[i][-1] != 0:
            return None
    if len(pivots) < n_columns:
        return None
    solution = [Fraction(0)] * n_columns
    for i, c in enumerate(pivots):
        solution[c] = rows[i][-1]
    return solution


def exact_strategy(
    payoffs: NDArray[np.float64], support: list[int], best: list[int]
) -> list[Fraction] | None:
    """Exact mixed strategy on ``support`` making the opponent's ``best`` actions indifferent.

    ``payoffs[i, j]`` is the opponent's payoff when this player plays ``i`` and the opponent
    ``j``. Unknowns: the probabilities on the support and the opponent's value.
    """
    exact = [[Fraction(float(v)) for v in row] for row in payoffs]
    size = len(support)
    matrix: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for j in best:
        matrix.append([exact[i][j] for i in support] + [Fraction(-1)])
        rhs.append(Fraction(0))
    matrix.append([Fraction(1)] * size + [Fraction(0)])
    rhs.append(Fraction(1))
    solution = _exact_solve(matrix, rhs)
    if solution is None:
        return None
    probabilities = [Fraction(0)] * payoffs.shape[0]
    for value, i in zip(solution[:size], support, strict=True):
        probabilities[i] = value
    if any(p < 0 for p in probabilities):
        return None
    value = solution[size]
    for j in range(payoffs.shape[1]):
        if sum(probabilities[i] * exact[i][j] for i in support) > value:
            return None
    return probabilities


def certify(
    game: BimatrixGame, x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], bool]:
    """Check an equilibrium in exact rational arithmetic; return exact-derived strategies."""
    support_x = [int(i) for i in np.flatnonzero(x > 0)]
    support_y = [int(j) for j in np.flatnonzero(y > 0)]
    value_x = game.A @ y
    value_y = game.B.T @ x
    spread_a = max(float(np.ptp(game.A)), 1e-300)
    spread_b = max(float(np.ptp(game.B)), 1e-300)
    best_x = [int(i) for i in np.flatnonzero(value_x >= value_x.max() - 1e-9 * spread_a)]
    best_y = [int(j) for j in np.flatnonzero(value_y >= value_y.max() - 1e-9 * spread_b)]
    exact_x = exact_strategy(game.B, support_x, best_y)
    exact_y = exact_strategy(game.A.T, support_y, best_x)
    if exact_x is None or exact_y is None:
        return x, y, False
    return (
        np.array([float(v) for v in exact_x]),
        np.array([float(v) for v in exact_y]),
        True,
    )


def build(
    game: BimatrixGame,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    method: str,
    tol: float,
    exact: bool,
) -> Equilibrium | None:
    """Normalise, optionally certify, verify the regret and build an :class:`Equilibrium`."""
    x = np.maximum(np.asarray(x, dtype=np.float64), 0.0)
    y = np.maximum(np.asarray(y, dtype=np.float64), 0.0)
    if x.sum() <= 0 or y.sum() <= 0:
        return None
    x = x / x.sum()
    y = y / y.sum()
    x[x < 1e-15] = 0.0
    y[y < 1e-15] = 0.0
    x, y = x / x.sum(), y / y.sum()
    verified = False
    if exact:
        x, y, verified = certify(game, x, y)
    regret_value = regret_of(game, x, y)
    if regret_value > tol:
        return None
    payoffs = np.array([x @ game.A @ y, x @ game.B @ y])
    support = (
        tuple(int(i) for i in np.flatnonzero(x > 0)),
        tuple(int(j) for j in np.flatnonzero(y > 0)),
    )
    return Equilibrium(
        strategies=(x, y),
        payoffs=payoffs,
        regret=regret_value,
        support=support,
        method=method,
        verified_exactly=verified,
    )


def regret_of(game: BimatrixGame, x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    """Relative regret of (x, y) (each player's gain over its payoff range)."""
    row_values = game.A @ y
    column_values = x @ game.B
    spread_a, spread_b = payoff_spread(game.A), payoff_spread(game.B)
    return max(
        0.0,
        float(row_values.max() - x @ row_values) / spread_a,
        float(column_values.max() - column_values @ y) / spread_b,
    )


def _key(strategies: tuple[NDArray[np.float64], ...]) -> tuple[float, ...]:
    return tuple(np.round(np.concatenate(strategies), 8).tolist())


def unique_sorted(equilibria: list[Equilibrium]) -> tuple[Equilibrium, ...]:
    """Drop duplicates (same strategies to 8 decimals) and sort deterministically."""
    kept: dict[tuple[float, ...], Equilibrium] = {}
    for eq in equilibria:
        kept.setdefault(_key(eq.strategies), eq)
    return sort_equilibria(list(kept.values()))


@numba.njit(cache=True)
def _to_simplex(vertex: NDArray[np.float64], out: NDArray[np.float64]) -> None:
    """Write ``vertex`` rescaled to probabilities; entries below 1e-15 (round-off) become 0."""
    total = vertex.sum()
    kept = 0.0
    for i in range(vertex.size):
        value = vertex[i] / total
        if value < 1e-15:
            value = 0.0
        out[i] = value
        kept += value
    for i in range(vertex.size):
        out[i] /= kept


@numba.njit(cache=True)
def _pair_profiles(
    row_vertices: NDArray[np.float64],
    column_vertices: NDArray[np.float64],
    pairs: NDArray[np.intp],
) -> NDArray[np.float64]:
    """Rows ``[x, y]``: each matched pair of nonzero vertices rescaled to mixed strategies."""
    m = row_vertices.shape[1]
    profiles = np.empty((pairs.shape[0], m + column_vertices.shape[1]))
    count = 0
    for p in range(pairs.shape[0]):
        x = row_vertices[pairs[p, 0]]
        y = column_vertices[pairs[p, 1]]
        if x.sum() > 0.0 and y.sum() > 0.0:  # (0, 0) is completely labelled but no equilibrium
            _to_simplex(x, profiles[count, :m])
            _to_simplex(y, profiles[count, m:])
            count += 1
    return profiles[:count]


@numba.njit(cache=True)
def _payoffs_and_regrets(
    profiles: NDArray[np.float64],
    A: NDArray[np.float64],
    B: NDArray[np.float64],
    spreads: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the expected payoffs ``(k, 2)`` of the profiles ``[x, y]`` and their regrets."""
    m = A.shape[0]
    payoffs = np.zeros((profiles.shape[0], 2))
    regrets = np.zeros(profiles.shape[0])
    for p in range(profiles.shape[0]):
        x = profiles[p, :m]
        y = profiles[p, m:]
        row_values = A @ y
        column_values = x @ B
        payoffs[p, 0] = x @ row_values
        payoffs[p, 1] = column_values @ y
        gain = max(
            (row_values.max() - payoffs[p, 0]) / spreads[0],
            (column_values.max() - payoffs[p, 1]) / spreads[1],
        )
        regrets[p] = max(gain, 0.0)
    return payoffs, regrets


def vertex_equilibria(
    game: BimatrixGame,
    A: NDArray[np.float64],
    B: NDArray[np.float64],
    row_vertices: NDArray[np.float64],
    column_vertices: NDArray[np.float64],
    method: str,
    tol: float,
    exact: bool,
    row_masks: NDArray[np.uint64] | None = None,
    column_masks: NDArray[np.uint64] | None = None,
) -> tuple[Equilibrium, ...]:
    """Match labelled vertices of P and Q; return the verified equilibria, sorted."""
    m, n = A.shape
    bits = np.left_shift(np.uint64(1), np.arange(m + n, dtype=np.uint64))
    if row_masks is None:
        row_masks = point_labels(row_vertices, B.T, bits[:m], bits[m:])
    if column_masks is None:
        column_masks = point_labels(column_vertices, A, bits[m:], bits[:m])
    pairs = np.array(match(row_masks, column_masks, m, n), dtype=np.intp).reshape(-1, 2)
    profiles = _pair_profiles(row_vertices, column_vertices, pairs)
    seen: dict[tuple[float, ...], int] = {}
    for k, row in enumerate(np.round(profiles, 8).tolist()):
        seen.setdefault(tuple(row), k)
    profiles = profiles[np.fromiter(seen.values(), dtype=np.intp, count=len(seen))]
    X, Y = profiles[:, :m], profiles[:, m:]
    verified = np.zeros(len(X), dtype=bool)
    if exact:
        for k in range(len(X)):
            X[k], Y[k], verified[k] = certify(game, X[k], Y[k])
    spreads = np.array([payoff_spread(game.A), payoff_spread(game.B)])
    payoffs, regrets = _payoffs_and_regrets(
        profiles, np.ascontiguousarray(game.A), np.ascontiguousarray(game.B), spreads
    )
    found = [
        Equilibrium(
            strategies=(X[k], Y[k]),
            payoffs=payoffs[k],
            regret=float(regrets[k]),
            support=(
                tuple(i for i, v in enumerate(X[k].tolist()) if v > 0),
                tuple(j for j, v in enumerate(Y[k].tolist()) if v > 0),
            ),
            method=method,
            verified_exactly=bool(verified[k]),
        )
        for k in range(len(X))
        if regrets[k] <= tol
    ]
    return sort_equilibria(found)


def equilibrium_graph(
    equilibria: tuple[Equilibrium, ...], m: int, n: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], list[tuple[int, int]]]:
    """Distinct row and column strategies of the equilibria and the bipartite edges."""
    row_index: dict[tuple[float, ...], int] = {}
    column_index: dict[tuple[float, ...], int] = {}
    rows: list[NDArray[np.float64]] = []
    columns: list[NDArray[np.float64]] = []
    edges: list[tuple[int, int]] = []
    for eq in equilibria:
        x, y = eq.strategies
        p = row_index.setdefault(_key((x,)), len(rows))
        if p == len(rows):
            rows.append(np.array(x))
        q = column_index.setdefault(_key((y,)), len(columns))
        if q == len(columns):
            columns.append(np.array(y))
        edges.append((p, q))
    return np.array(rows).reshape(-1, m), np.array(columns).reshape(-1, n), edges


def maximal_bicliques(
    edges: list[tuple[int, int]],
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """All maximal bicliques (formal concepts with both sides non-empty) of a bipartite graph."""
    if not edges:
        return []
    rows = sorted({p for p, _ in edges})
    neighbours = {p: frozenset(q for r, q in edges if r == p) for p in rows}
    column_neighbours: dict[int, frozenset[int]] = {}
    for p, q in edges:
        column_neighbours[q] = column_neighbours.get(q, frozenset()) | {p}

    def closure(columns: frozenset[int]) -> tuple[frozenset[int], frozenset[int]]:
        row_set = frozenset(rows)
        for q in columns:
            row_set &= column_neighbours[q]
        column_set = frozenset(column_neighbours)
        for p in row_set:
            column_set &= neighbours[p]
        return row_set, column_set

    concepts: set[tuple[frozenset[int], frozenset[int]]] = set()
    frontier = [closure(neighbours[p]) for p in rows]
    while frontier:
        concept = frontier.pop()
        if concept in concepts or not concept[0] or not concept[1]:
            continue
        concepts.add(concept)
        for other in list(concepts):
            meet = closure(concept[1] & other[1])
            if meet not in concepts and meet[0] and meet[1]:
                frontier.append(meet)
    return sorted((tuple(sorted(r)), tuple(sorted(c))) for r, c in concepts)


def connected_components(
    edges: list[tuple[int, int]],
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Return the connected components of the bipartite graph of extreme equilibria."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for p, q in edges:
        a, b = find(("r", p)), find(("c", q))
        if a != b:
            parent[a] = b
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for p, q in edges:
        root = find(("r", p))
        group = groups.setdefault(root, (set(), set()))
        group[0].add(p)
        group[1].add(q)
    return sorted((tuple(sorted(r)), tuple(sorted(c))) for r, c in groups.values())
