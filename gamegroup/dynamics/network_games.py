r"""Games on a graph, compiled for agent-based dynamics: pairwise, group and public goods games.

Members are the nodes :math:`i = 0, \dots, n-1` of an undirected graph with neighbourhoods
:math:`N(i)`, degrees :math:`k_i` and edge weights :math:`w_{ij}`; member :math:`i` plays the
pure strategy :math:`s_i \in \{0, \dots, m-1\}`. Three families are built in; each satisfies the
:class:`~gamegroup.games.NetworkedGame` protocol and is also compiled into numba kernels that
the dynamics in :mod:`gamegroup.dynamics.network` use directly.

Pairwise games (:class:`PairwiseGame`)
    Every edge is a two-player game with payoff matrix :math:`A` (row: own strategy):

    .. math:: \pi_i = \sum_{j \in N(i)} w_{ij} A_{s_i s_j}
              \quad\text{or}\quad
              \pi_i = \frac{\sum_{j \in N(i)} w_{ij} A_{s_i s_j}}{\sum_{j \in N(i)} w_{ij}}
              \;(\text{``average''}).

Group games (:class:`GroupGame`)
    Every node :math:`g` hosts a group, its closed neighbourhood :math:`G_g = \{g\} \cup N(g)`
    of size :math:`k_g + 1`. In that group member :math:`i` earns *its own* payoff
    :math:`P_{|G_g|}(s_i, c_{g,-i})`, a function of its strategy and of the composition
    :math:`c_{g,-i}` of its co-members, and its fitness is the **sum over every group it belongs
    to** (its own and those of its neighbours):

    .. math:: \pi_i = \sum_{g \in \{i\} \cup N(i)} P_{k_g + 1}(s_i, c_{g,-i}).

    (egttools 0.1.14 sums :math:`P(s_g, c_{g,-g})`, the payoff of each group's *centre*,
    instead; see ``docs/explanation/validation.md``.) The payoff may be a
    :class:`~gamegroup.games.SymmetricGame` (every group must then have its size, as on a
    regular graph) or a function tabulated once for every group size present. Edge weights are
    not used: membership of a group is all or nothing.

Public goods on a graph (:func:`network_public_goods`)
    Santos, Santos & Pacheco (2008): in every group each contributor puts in :math:`a_i`, the
    pot is multiplied by :math:`r` and shared equally by the :math:`k_g + 1` members,
    provided at least :math:`M` members contribute (:math:`M = 0`: the linear game). With
    *cost per game* :math:`a_i = c` in each of the :math:`k_i + 1` groups :math:`i` belongs to;
    with *cost per individual* a contributor's unit :math:`c` is split over its groups,
    :math:`a_i = c / (k_i + 1)`:

    .. math:: \pi_i = \sum_{g \in \{i\} \cup N(i)} \frac{r}{k_g + 1}
              \Big(\sum_{j \in G_g} a_j s_j\Big)\,\theta\Big(\sum_{j \in G_g} s_j - M\Big)
              \; - \; (k_i + 1)\, a_i s_i .

    The normalised enhancement factor of the paper is :math:`\eta = r / (z + 1)` with
    :math:`z` the mean degree.

Every family also gives, for the proportional-imitation rule, bounds :math:`L_i \le \pi_i \le
H_i` over all strategy vectors, summed group by group (or edge by edge); for the public goods
game they are attained when :math:`r` is below every group size.

References
----------
Santos, F. C., Santos, M. D., & Pacheco, J. M. (2008). Social diversity promotes the emergence
of cooperation in public goods games. Nature, 454, 213–216.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

import networkx as nx
import numba
import numpy as np
from numpy.typing import ArrayLike, NDArray

from gamegroup._combinatorics import _binomial_table, compositions, n_compositions
from gamegroup._validation import (
    check_choice,
    check_finite_array,
    check_int,
    check_real,
)
from gamegroup.dynamics._lanes import at, lanes, put
from gamegroup.games.symmetric import SymmetricGame
from gamegroup.networks.graph import CSRGraph, to_csr

PAIRWISE, GROUP, PUBLIC_GOODS, EXTERNAL = 0, 1, 2, 3
"""Kinds of game specification (the first entry); ``EXTERNAL``: payoffs come from Python."""

GraphLike: TypeAlias = nx.Graph | CSRGraph


def as_csr_graph(graph: Any, name: str = "graph") -> CSRGraph:
    """Return ``graph`` as a :class:`CSRGraph` (checked once if it is a networkx graph)."""
    if isinstance(graph, CSRGraph):
        return graph
    if isinstance(graph, nx.Graph):
        return to_csr(graph, name)
    raise TypeError(
        f"`{name}` must be a networkx graph or a gamegroup CSRGraph; got {type(graph).__name__}."
    )


# --------------------------------------------------------------------------------------------
# Compiled specification.  A spec is a tuple with the same numba type for every kind, so that
# each kernel is compiled once:
#   (kind, n_strategies, indptr, indices, weights, matrix, average,
#    table, group_offset, group_columns, binomial, contribution, multiplier, threshold,
#    same_contribution)
# --------------------------------------------------------------------------------------------

_EMPTY_F = np.zeros(0)
_EMPTY_I = np.zeros(0, dtype=np.int64)
_EMPTY_M = np.zeros((1, 1))
_EMPTY_B = np.zeros((1, 1), dtype=np.int64)


def _index_type(n_nodes: int) -> type[np.signedinteger[Any]]:
    """Neighbour indices as ``int32`` (half the memory traffic of ``int64``) when they fit."""
    return np.int32 if n_nodes < 2**31 else np.int64


def make_spec(
    kind: int,
    k: int,
    graph: CSRGraph,
    *,
    matrix: NDArray[np.float64] = _EMPTY_M,
    average: bool = False,
    table: NDArray[np.float64] = _EMPTY_F,
    group_offset: NDArray[np.int64] = _EMPTY_I,
    group_columns: NDArray[np.int64] = _EMPTY_I,
    binomial: NDArray[np.int64] = _EMPTY_B,
    contribution: NDArray[np.float64] = _EMPTY_F,
    multiplier: float = 0.0,
    threshold: int = 0,
) -> tuple[Any, ...]:
    """Pack a game into the tuple the compiled kernels take (unused entries are empty)."""
    return (
        np.int64(kind),
        np.int64(k),
        np.ascontiguousarray(graph.indptr, dtype=np.int64),
        np.ascontiguousarray(graph.indices, dtype=_index_type(graph.n_nodes)),
        np.ascontiguousarray(graph.weights, dtype=np.float64),
        np.ascontiguousarray(matrix, dtype=np.float64),
        bool(average),
        np.ascontiguousarray(table, dtype=np.float64),
        np.ascontiguousarray(group_offset, dtype=np.int64),
        np.ascontiguousarray(group_columns, dtype=np.int64),
        np.ascontiguousarray(binomial, dtype=np.int64),
        np.ascontiguousarray(contribution, dtype=np.float64),
        float(multiplier),
        np.int64(threshold),
        bool(contribution.size > 0 and np.all(contribution == contribution[0])),
    )


@numba.njit(cache=True, inline="always")
def _composition_column(
    spec: Any, counts: Any, g: int, r: int, own: int
) -> int:  # pragma: no cover
    """Column of group ``g``'s co-player composition ``counts[g, :, r] - e_own`` (canonical order)."""
    k = spec[1]
    if k == 2:
        return counts[g, 1, r] - (1 if own == 1 else 0)
    binomial = spec[10]
    remaining = 0
    for t in range(k):
        remaining += counts[g, t, r]
    remaining -= 1
    index = 0
    for t in range(k - 1):
        c = counts[g, t, r] - (1 if own == t else 0)
        p = k - t
        index += binomial[remaining - c + p - 2, p - 1]
        remaining -= c
    return index


@numba.njit(cache=True, inline="always")
def _group_payoff(spec: Any, g: int, counts: Any, r: int, own: int) -> float:  # pragma: no cover
    table = spec[7]
    return table[spec[8][g] + own * spec[9][g] + _composition_column(spec, counts, g, r, own)]


@numba.njit(cache=True, inline="always")
def _share(
    multiplier: float, threshold: Any, size: Any, total: float, contributors: Any
) -> float:  # pragma: no cover
    """Each member's share of a group's pot (scalars only: cheap to inline in hot loops)."""
    if contributors < threshold:
        return 0.0
    return multiplier * total / size


# The three passes of the public goods payoffs are separate functions: compiled as one, the
# vectoriser handles them markedly worse (measured: 2.0 against 1.3 ns per member and lane).


@numba.njit(cache=True)
def _count_contributors(indptr: Any, indices: Any, S: Any, counts: Any) -> None:  # pragma: no cover
    """``counts[g, 0, r]``: contributors in group ``g`` (its closed neighbourhood), every lane."""
    n = indptr.size - 1
    R = lanes(S)
    for g in range(n):
        for r in range(R):
            counts[g, 0, r] = at(S, g, r)
        for e in range(indptr[g], indptr[g + 1]):
            j = indices[e]
            for r in range(R):
                counts[g, 0, r] += at(S, j, r)


@numba.njit(cache=True)
def _share_pots(
    indptr: Any,
    indices: Any,
    a: Any,
    multiplier: float,
    threshold: int,
    same_contribution: bool,
    S: Any,
    counts: Any,
    pots: Any,
    keep: bool,
) -> None:  # pragma: no cover
    """``pots[0, g, r]``: group ``g``'s pot (if ``keep`` or contributions differ); ``pots[1]``: shares."""
    n = indptr.size - 1
    R = counts.shape[2]
    for g in range(n):
        size = indptr[g + 1] - indptr[g] + 1
        if same_contribution:  # cost per game: the pot follows from the count
            for r in range(R):
                pot = a[0] * counts[g, 0, r]
                if keep:
                    pots[0, g, r] = pot
                pots[1, g, r] = _share(multiplier, threshold, size, pot, counts[g, 0, r])
        else:
            for r in range(R):
                pots[0, g, r] = a[g] * at(S, g, r)
            for e in range(indptr[g], indptr[g + 1]):
                j = indices[e]
                given = a[j]
                for r in range(R):
                    pots[0, g, r] += given * at(S, j, r)
            for r in range(R):
                pots[1, g, r] = _share(multiplier, threshold, size, pots[0, g, r], counts[g, 0, r])


@numba.njit(cache=True)
def _collect_shares(
    indptr: Any, indices: Any, a: Any, S: Any, F: Any, pots: Any
) -> None:  # pragma: no cover
    """``F[i, r]``: the shares of every group member ``i`` belongs to, minus its contributions."""
    n = indptr.size - 1
    R = lanes(S)
    for i in range(n):
        begin, end = indptr[i], indptr[i + 1]
        for r in range(R):
            total = pots[1, i, r]
            put(F, i, r, total)
        for e in range(begin, end):
            j = indices[e]
            for r in range(R):
                total = at(F, i, r) + pots[1, j, r]
                put(F, i, r, total)
        cost = (end - begin + 1) * a[i]
        for r in range(R):
            total = at(F, i, r) - cost * at(S, i, r)
            put(F, i, r, total)


@numba.njit(cache=True)
def full_fitness(
    spec: Any, S: Any, F: Any, counts: Any, pots: Any, keep: Any
) -> None:  # pragma: no cover
    """Recompute every member's payoff ``F`` from strategies ``S``, in every lane.

    ``S`` and ``F`` are ``(n,)`` (one replicate) or ``(n, lanes)``; the group bookkeeping
    ``counts[g, t, r]`` (members of group ``g`` playing ``t``; contributors for public goods)
    and ``pots[., g, r]`` (public goods: pot and share) is written too, completely if ``keep``
    (the incremental kernels :func:`switch` and :func:`fitness_if` read it) and otherwise
    only as far as the payoffs need it.
    """
    kind = spec[0]
    k = spec[1]
    indptr, indices, weights = spec[2], spec[3], spec[4]
    n = indptr.size - 1
    R = lanes(S)
    if kind == 0:
        matrix = spec[5]
        for i in range(n):
            for r in range(R):
                own = at(S, i, r)
                total = 0.0
                strength = 0.0
                for e in range(indptr[i], indptr[i + 1]):
                    total += weights[e] * matrix[own, at(S, indices[e], r)]
                    strength += weights[e]
                if spec[6]:
                    total = total / strength if strength > 0 else 0.0
                put(F, i, r, total)
        return
    if kind == 2:
        # Santos, Santos & Pacheco (2008): count contributors, share each pot, collect shares.
        a, multiplier, threshold = spec[11], spec[12], spec[13]
        _count_contributors(indptr, indices, S, counts)
        _share_pots(indptr, indices, a, multiplier, threshold, spec[14], S, counts, pots, keep)
        _collect_shares(indptr, indices, a, S, F, pots)
        return
    for g in range(n):
        for t in range(k):
            for r in range(R):
                counts[g, t, r] = 0
        for r in range(R):
            counts[g, at(S, g, r), r] += 1
        for e in range(indptr[g], indptr[g + 1]):
            j = indices[e]
            for r in range(R):
                counts[g, at(S, j, r), r] += 1
    for i in range(n):
        for r in range(R):
            own = at(S, i, r)
            total = _group_payoff(spec, i, counts, r, own)
            for e in range(indptr[i], indptr[i + 1]):
                total += _group_payoff(spec, indices[e], counts, r, own)
            put(F, i, r, total)


@numba.njit(cache=True, inline="always")
def switch(
    spec: Any, s: Any, f: Any, counts: Any, pots: Any, r: int, i: int, new: int
) -> None:  # pragma: no cover
    """Set ``s[i] = new`` in lane ``r`` and update ``f`` and the bookkeeping incrementally.

    ``s`` and ``f`` are lane ``r``'s vectors (:func:`~gamegroup.dynamics._lanes.column`);
    ``counts`` and ``pots`` hold every lane.
    """
    kind = spec[0]
    indptr, indices, weights = spec[2], spec[3], spec[4]
    old = s[i]
    if old == new:
        return
    if kind == 0:
        matrix = spec[5]
        own = 0.0
        strength_i = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            w = weights[e]
            change = w * (matrix[s[j], new] - matrix[s[j], old])
            if spec[6]:
                strength = 0.0
                for e2 in range(indptr[j], indptr[j + 1]):
                    strength += weights[e2]
                change /= strength
            f[j] += change
            own += w * matrix[new, s[j]]
            strength_i += w
        s[i] = new
        f[i] = (own / strength_i if strength_i > 0 else 0.0) if spec[6] else own
        return
    if kind == 1:
        # Members of each group containing i (other than i) see their payoff there change.
        for pass_ in range(indptr[i + 1] - indptr[i] + 1):
            g = i if pass_ == 0 else indices[indptr[i] + pass_ - 1]
            for q in range(indptr[g + 1] - indptr[g] + 1):
                j = g if q == 0 else indices[indptr[g] + q - 1]
                if j != i:
                    f[j] -= _group_payoff(spec, g, counts, r, s[j])
            counts[g, old, r] -= 1
            counts[g, new, r] += 1
            for q in range(indptr[g + 1] - indptr[g] + 1):
                j = g if q == 0 else indices[indptr[g] + q - 1]
                if j != i:
                    f[j] += _group_payoff(spec, g, counts, r, s[j])
        s[i] = new
        total = _group_payoff(spec, i, counts, r, new)
        for e in range(indptr[i], indptr[i + 1]):
            total += _group_payoff(spec, indices[e], counts, r, new)
        f[i] = total
        return
    a, multiplier, threshold = spec[11], spec[12], spec[13]
    delta = new - old
    for pass_ in range(indptr[i + 1] - indptr[i] + 1):
        g = i if pass_ == 0 else indices[indptr[i] + pass_ - 1]
        counts[g, 0, r] += delta
        pots[0, g, r] += a[i] * delta
        size = indptr[g + 1] - indptr[g] + 1
        share = _share(multiplier, threshold, size, pots[0, g, r], counts[g, 0, r])
        change = share - pots[1, g, r]
        pots[1, g, r] = share
        if change != 0.0:
            f[g] += change
            for e in range(indptr[g], indptr[g + 1]):
                f[indices[e]] += change
    f[i] -= (indptr[i + 1] - indptr[i] + 1) * a[i] * delta
    s[i] = new


@numba.njit(cache=True)
def fitness_if(
    spec: Any, s: Any, f: Any, counts: Any, pots: Any, r: int, i: int, t: int
) -> float:  # pragma: no cover
    """Payoff member ``i`` of lane ``r`` would get by playing ``t`` while the others keep theirs."""
    if t == s[i]:
        return f[i]
    kind = spec[0]
    indptr, indices, weights = spec[2], spec[3], spec[4]
    old = s[i]
    if kind == 0:
        matrix = spec[5]
        total = 0.0
        strength = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            total += weights[e] * matrix[t, s[indices[e]]]
            strength += weights[e]
        if spec[6]:
            return total / strength if strength > 0 else 0.0
        return total
    total = 0.0
    if kind == 1:
        for pass_ in range(indptr[i + 1] - indptr[i] + 1):
            g = i if pass_ == 0 else indices[indptr[i] + pass_ - 1]
            counts[g, old, r] -= 1
            counts[g, t, r] += 1
            total += _group_payoff(spec, g, counts, r, t)
            counts[g, t, r] -= 1
            counts[g, old, r] += 1
        return total
    a, multiplier, threshold = spec[11], spec[12], spec[13]
    delta = t - old
    for pass_ in range(indptr[i + 1] - indptr[i] + 1):
        g = i if pass_ == 0 else indices[indptr[i] + pass_ - 1]
        size = indptr[g + 1] - indptr[g] + 1
        total += _share(
            multiplier, threshold, size, pots[0, g, r] + a[i] * delta, counts[g, 0, r] + delta
        )
    return total - (indptr[i + 1] - indptr[i] + 1) * a[i] * t


def bookkeeping(spec: tuple[Any, ...], n: int, n_lanes: int = 1) -> tuple[Any, Any]:
    """Allocate the group counts and pots a game's kernels keep, lanes on the last axis."""
    k = int(spec[1])
    kind = spec[0]
    rows, width = (n, k) if kind == GROUP else (n, 1) if kind == PUBLIC_GOODS else (1, 1)
    counts = np.zeros((rows, width, n_lanes), dtype=np.int32)
    pots = np.zeros((2, n if kind == PUBLIC_GOODS else 1, n_lanes))
    return counts, pots


def as_lanes(rows: NDArray[Any]) -> NDArray[Any]:
    """Return ``(n_lanes, n)`` rows in the kernels' layout: ``(n,)`` or ``(n, n_lanes)``."""
    if rows.shape[0] == 1:
        return np.ascontiguousarray(rows[0])
    return np.ascontiguousarray(rows.T)


def from_lanes(values: NDArray[Any]) -> NDArray[Any]:
    """Return kernel-layout values as ``(n_lanes, n)`` rows (the inverse of :func:`as_lanes`)."""
    if values.ndim == 1:
        return values[np.newaxis, :].copy()
    return np.ascontiguousarray(values.T)


# --------------------------------------------------------------------------------------------
# Public classes
# --------------------------------------------------------------------------------------------


class _CompiledGame:
    """Shared behaviour: the NetworkedGame protocol on top of the compiled kernels."""

    _graph: CSRGraph
    _spec: tuple[Any, ...]
    _low: NDArray[np.float64]
    _high: NDArray[np.float64]

    @property
    def graph(self) -> CSRGraph:
        """The graph, as a read-only :class:`~gamegroup.networks.CSRGraph`."""
        return self._graph

    @property
    def n_members(self) -> int:
        """Number of members (nodes)."""
        return self._graph.n_nodes

    @property
    def n_strategies(self) -> int:
        """Number of pure strategies."""
        return int(self._spec[1])

    def payoff_bounds(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Return ``(low, high)``: each member's smallest and largest possible payoff.

        Used to normalise proportional imitation. They bound the payoff over every strategy
        vector (group by group, or edge by edge).
        """
        return self._low.copy(), self._high.copy()

    def _check_strategies(self, strategies: ArrayLike, name: str = "strategies") -> Any:
        return check_strategy_vector(strategies, name, self.n_members, self.n_strategies)

    def payoffs(self, strategies: ArrayLike) -> NDArray[np.float64]:
        """Return every member's payoff; ``strategies`` has shape ``(..., n_members)``.

        Raises
        ------
        ValueError
            If the last axis is not ``n_members`` long or holds an unknown strategy id.
        """
        s = self._check_strategies(strategies)
        flat = s.reshape(-1, self.n_members)
        if flat.shape[0] == 0:
            return np.zeros(s.shape)
        # Every strategy vector is a lane of one pass over the graph.
        S = as_lanes(flat)
        F = np.empty(S.shape)
        counts, pots = bookkeeping(self._spec, self.n_members, flat.shape[0])
        full_fitness(self._spec, S, F, counts, pots, False)
        return from_lanes(F).reshape(s.shape)

    def payoff_changes(
        self, strategies: ArrayLike, member: int, new_strategy: int
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Return ``(members, changes)``: whose payoffs change, and by how much, if one switches.

        Raises
        ------
        ValueError
            If the strategies, ``member`` or ``new_strategy`` are invalid.
        """
        s = self._check_strategies(strategies).copy()
        if s.ndim != 1:
            raise ValueError(f"`strategies` must be one strategy vector; got shape {s.shape}.")
        i = check_int(member, "member", minimum=0, maximum=self.n_members - 1)
        t = check_int(new_strategy, "new_strategy", minimum=0, maximum=self.n_strategies - 1)
        before = np.empty(self.n_members)
        counts, pots = bookkeeping(self._spec, self.n_members)
        full_fitness(self._spec, s, before, counts, pots, True)
        after = before.copy()
        switch(self._spec, s, after, counts, pots, 0, i, t)
        change = after - before
        members = np.flatnonzero(change != 0.0).astype(np.int64)
        return members, change[members]


def check_strategy_vector(
    strategies: ArrayLike, name: str, n_members: int, n_strategies: int
) -> NDArray[np.int8]:
    """Check strategy ids along the last axis and return them as ``int8``."""
    raw = np.asarray(strategies)
    if raw.dtype.kind == "b" or raw.dtype.kind not in "iu":
        raise TypeError(
            f"`{name}` must be an array of integer strategy ids; got dtype {raw.dtype}."
        )
    if raw.ndim < 1 or raw.shape[-1] != n_members:
        raise ValueError(
            f"`{name}` must have {n_members} entries along its last axis (one per member); got "
            f"shape {raw.shape}."
        )
    if raw.size and (raw.min() < 0 or raw.max() >= n_strategies):
        bad = raw[(raw < 0) | (raw >= n_strategies)].ravel()[0]
        raise ValueError(f"`{name}` must hold strategy ids 0..{n_strategies - 1}; got {int(bad)}.")
    return raw.astype(np.int8)


class PairwiseGame(_CompiledGame):
    r"""A two-player matrix game played along every edge of a graph.

    Parameters
    ----------
    graph : networkx.Graph or CSRGraph
        Undirected; edge weights (attribute ``"weight"``, default 1) scale each edge's payoff.
    payoff_matrix : array_like
        Square ``(m, m)`` matrix: ``payoff_matrix[a, b]`` is what a member playing ``a`` earns
        against a neighbour playing ``b``.
    aggregation : {"sum", "average"}
        Fitness is the (weighted) sum over edges, or the weighted average (0 for an isolated
        member).

    Raises
    ------
    ValueError
        If the matrix is not square or holds NaN/inf, or ``aggregation`` is unknown.
    TypeError
        If ``graph`` is not a graph.

    References
    ----------
    Santos, F. C., & Pacheco, J. M. (2005). Scale-free networks provide a unifying framework
    for the emergence of cooperation. Phys. Rev. Lett., 95, 098104.

    Examples
    --------
    A prisoner's dilemma on a path of three members, the middle one cooperating (strategy 1):

    >>> import networkx as nx
    >>> pd = [[1, 5], [0, 3]]  # row 0 defect, row 1 cooperate
    >>> game = PairwiseGame(nx.path_graph(3), pd)
    >>> game.payoffs([0, 1, 0])
    array([5., 0., 5.])
    >>> PairwiseGame(nx.path_graph(3), pd, aggregation="average").payoffs([0, 1, 0])
    array([5., 0., 5.])
    """

    def __init__(
        self, graph: GraphLike, payoff_matrix: ArrayLike, *, aggregation: str = "sum"
    ) -> None:
        self._graph = as_csr_graph(graph)
        matrix = check_finite_array(payoff_matrix, "payoff_matrix", ndim=2)
        if matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 1:
            raise ValueError(f"`payoff_matrix` must be square; got shape {matrix.shape}.")
        mode = check_choice(aggregation, "aggregation", ("sum", "average"))
        self._matrix = matrix
        self._matrix.setflags(write=False)
        self._aggregation = mode
        k = matrix.shape[0]
        self._spec = make_spec(PAIRWISE, k, self._graph, matrix=matrix, average=mode == "average")
        if mode == "average":
            self._low = np.full(self.n_members, matrix.min())
            self._high = np.full(self.n_members, matrix.max())
            isolated = self._graph.degrees == 0
            self._low[isolated] = self._high[isolated] = 0.0
        else:
            strengths = self._graph.strengths
            self._low = strengths * matrix.min()
            self._high = strengths * matrix.max()

    @property
    def payoff_matrix(self) -> NDArray[np.float64]:
        """The read-only ``(m, m)`` matrix."""
        return self._matrix

    @property
    def aggregation(self) -> str:
        """``"sum"`` or ``"average"``."""
        return self._aggregation

    def __repr__(self) -> str:
        return (
            f"PairwiseGame(n_members={self.n_members}, n_strategies={self.n_strategies}, "
            f"aggregation={self._aggregation!r})"
        )


class GroupGame(_CompiledGame):
    r"""A group game in every closed neighbourhood; fitness sums one's own payoffs over groups.

    Parameters
    ----------
    graph : networkx.Graph or CSRGraph
        Undirected; each node hosts the group made of itself and its neighbours.
    payoff : SymmetricGame or callable
        A :class:`~gamegroup.games.SymmetricGame` (every group must have its ``group_size``,
        as on a regular graph), or ``payoff(strategy, co_player_counts)`` returning the payoff
        of a member playing ``strategy`` whose co-members have the given counts (an ``int64``
        array of length ``n_strategies``; the group size is ``counts.sum() + 1``). A callable
        is tabulated once for every group size in the graph.
    n_strategies : int, optional
        Number of strategies; required with a callable.

    Raises
    ------
    ValueError
        If a group's size differs from the ``SymmetricGame``'s, or the callable returns NaN or
        inf (the size, strategy and counts are named).
    TypeError
        If ``payoff`` is neither a SymmetricGame nor callable, or returns a non-number.

    References
    ----------
    Santos, F. C., Santos, M. D., & Pacheco, J. M. (2008). Social diversity promotes the
    emergence of cooperation in public goods games. Nature, 454, 213–216.

    Examples
    --------
    A linear public goods game (r = 3, cost 1) on a triangle, one contributor (strategy 1).
    Each member belongs to 3 groups, all of which hold the whole triangle:

    >>> import networkx as nx
    >>> from gamegroup.games import public_goods
    >>> game = GroupGame(nx.complete_graph(3), public_goods(group_size=3, multiplier=3.0))
    >>> game.payoffs([1, 0, 0])
    array([0., 3., 3.])

    With a callable, any group sizes are allowed:

    >>> star = GroupGame(nx.star_graph(2), lambda s, c: float(c[1] + s), n_strategies=2)
    >>> star.payoffs([1, 1, 0])
    array([4., 3., 2.])
    """

    def __init__(
        self,
        graph: GraphLike,
        payoff: SymmetricGame | Callable[[int, NDArray[np.int64]], float],
        *,
        n_strategies: int | None = None,
    ) -> None:
        self._graph = as_csr_graph(graph)
        sizes_of_groups = self._graph.degrees + 1
        present = np.unique(sizes_of_groups)
        if isinstance(payoff, SymmetricGame):
            k = payoff.n_strategies
            wrong = present[present != payoff.group_size]
            if wrong.size:
                raise ValueError(
                    f"`payoff` is a SymmetricGame for groups of {payoff.group_size}, but the "
                    f"graph has groups (closed neighbourhoods) of size {int(wrong[0])}; pass a "
                    "callable of (strategy, co_player_counts) for graphs that are not regular."
                )
            tables = {payoff.group_size: payoff.payoffs}
        elif callable(payoff):
            if n_strategies is None:
                raise ValueError("`n_strategies` is required when `payoff` is a callable.")
            k = check_int(n_strategies, "n_strategies", minimum=1)
            tables = {}
            for size in present.tolist():
                columns = compositions(size - 1, k)
                table = np.empty((k, columns.shape[0]))
                for s in range(k):
                    for j, counts in enumerate(columns):
                        table[s, j] = _call_payoff(payoff, s, counts.copy(), size)
                tables[size] = table
        else:
            raise TypeError(
                "`payoff` must be a SymmetricGame or a callable (strategy, co_player_counts) -> "
                f"float; got {type(payoff).__name__}."
            )
        offsets: dict[int, int] = {}
        chunks = []
        position = 0
        for size in sorted(tables):
            offsets[size] = position
            chunks.append(np.ravel(tables[size]))
            position += tables[size].size
        table_flat = np.concatenate(chunks)
        group_offset = np.array([offsets[int(z)] for z in sizes_of_groups], dtype=np.int64)
        group_columns = np.array(
            [n_compositions(max(int(z) - 1, 0), k) for z in sizes_of_groups], dtype=np.int64
        )
        largest = int(present.max()) + k
        self._payoff = payoff
        self._spec = make_spec(
            GROUP,
            k,
            self._graph,
            table=table_flat,
            group_offset=group_offset,
            group_columns=group_columns,
            binomial=np.array(_binomial_table(largest)),  # a writable copy for numba
        )
        smallest = {z: float(np.min(t)) for z, t in tables.items()}
        largest_payoff = {z: float(np.max(t)) for z, t in tables.items()}
        self._low, self._high = _sum_over_groups(self._graph, smallest, largest_payoff)

    def __repr__(self) -> str:
        return f"GroupGame(n_members={self.n_members}, n_strategies={self.n_strategies})"


def _call_payoff(
    function: Callable[..., Any], s: int, counts: NDArray[np.int64], size: int
) -> float:
    value = function(s, counts)
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"`payoff` must return a real number; got {value!r} for strategy {s} and co-player "
            f"counts {counts.tolist()} (group size {size})."
        ) from error
    if not np.isfinite(number):
        raise ValueError(
            f"`payoff` returned {number} for strategy {s} and co-player counts "
            f"{counts.tolist()} (group size {size}); payoffs must be finite."
        )
    return number


def _sum_over_groups(
    graph: CSRGraph, low_by_size: dict[int, float], high_by_size: dict[int, float]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    sizes = graph.degrees + 1
    low_each = np.array([low_by_size[int(z)] for z in sizes])
    high_each = np.array([high_by_size[int(z)] for z in sizes])
    adjacency = graph.adjacency()
    adjacency.data[:] = 1.0
    return low_each + adjacency @ low_each, high_each + adjacency @ high_each


class NetworkPublicGoods(_CompiledGame):
    """The public goods game of Santos, Santos & Pacheco (2008) on a graph.

    Build it with :func:`network_public_goods`; see the module docstring for the model.

    Examples
    --------
    >>> import networkx as nx
    >>> network_public_goods(nx.cycle_graph(5), multiplier=2.0)
    NetworkPublicGoods(n_members=5, multiplier=2, cost=1, threshold=0, cost_model='per_game')
    """

    def __init__(
        self, graph: CSRGraph, multiplier: float, cost: float, threshold: int, cost_model: str
    ) -> None:
        self._graph = graph
        self._multiplier, self._cost = multiplier, cost
        self._threshold, self._cost_model = threshold, cost_model
        groups = graph.degrees + 1
        contribution = np.full(graph.n_nodes, cost) if cost_model == "per_game" else cost / groups
        self._spec = make_spec(
            PUBLIC_GOODS,
            2,
            graph,
            contribution=contribution,
            multiplier=multiplier,
            threshold=threshold,
        )
        # Bounds group by group, summed over the groups a member belongs to: in group g,
        # member i earns at most the larger of "defect while all others contribute" and
        # "everyone contributes", and at least the smaller of 0 and "contribute alone".
        adjacency = graph.adjacency()
        adjacency.data[:] = 1.0
        pot_all = contribution + adjacency @ contribution
        rows = np.repeat(np.arange(graph.n_nodes), graph.degrees)
        member = np.concatenate([np.arange(graph.n_nodes), rows])
        group = np.concatenate([np.arange(graph.n_nodes), graph.indices])
        size, own = groups[group], contribution[member]
        defect_high = np.where(
            size - 1 >= threshold, multiplier * (pot_all[group] - own) / size, 0.0
        )
        contribute_high = np.where(size >= threshold, multiplier * pot_all[group] / size, 0.0) - own
        alone = np.where(threshold <= 1, multiplier * own / size, 0.0) - own
        self._high = np.zeros(graph.n_nodes)
        self._low = np.zeros(graph.n_nodes)
        np.add.at(self._high, member, np.maximum(defect_high, contribute_high))
        np.add.at(self._low, member, np.minimum(0.0, alone))

    @property
    def multiplier(self) -> float:
        """Multiplication (enhancement) factor ``r``."""
        return self._multiplier

    @property
    def cost(self) -> float:
        """Contribution ``c`` (per game or per individual)."""
        return self._cost

    @property
    def threshold(self) -> int:
        """Minimum number of contributors ``M`` in a group for its pot to be produced."""
        return self._threshold

    @property
    def cost_model(self) -> str:
        """``"per_game"`` or ``"per_individual"``."""
        return self._cost_model

    def __repr__(self) -> str:
        return (
            f"NetworkPublicGoods(n_members={self.n_members}, multiplier={self._multiplier:g}, "
            f"cost={self._cost:g}, threshold={self._threshold}, cost_model={self._cost_model!r})"
        )


def network_public_goods(
    graph: GraphLike,
    *,
    multiplier: float,
    cost: float = 1.0,
    threshold: int = 0,
    cost_model: str = "per_game",
) -> NetworkPublicGoods:
    r"""Return the (threshold) public goods game played in every closed neighbourhood of a graph.

    Parameters
    ----------
    graph : networkx.Graph or CSRGraph
        Undirected graph (weights are ignored).
    multiplier : float
        Enhancement factor :math:`r \ge 0`.
    cost : float
        Contribution :math:`c \ge 0`.
    threshold : int
        Contributors :math:`M \ge 0` needed in a group for its pot to be produced.
    cost_model : {"per_game", "per_individual"}
        Contribute :math:`c` to each game, or split :math:`c` over one's :math:`k + 1` games.

    Returns
    -------
    NetworkPublicGoods
        Strategy 0 defects, strategy 1 contributes.

    Raises
    ------
    ValueError
        If ``multiplier`` or ``cost`` is negative or not finite, ``threshold`` negative, or
        ``cost_model`` unknown.

    References
    ----------
    Santos, F. C., Santos, M. D., & Pacheco, J. M. (2008). Social diversity promotes the
    emergence of cooperation in public goods games. Nature, 454, 213–216.

    Examples
    --------
    On a star with centre 0 and two leaves, the centre contributes. The centre's group holds all
    three members; each leaf's group holds the leaf and the centre:

    >>> import networkx as nx
    >>> game = network_public_goods(nx.star_graph(2), multiplier=3.0)
    >>> game.payoffs([1, 0, 0])  # centre: 3*1/3 + 2 * (3*1/2) - 3 * 1
    array([1. , 2.5, 2.5])
    >>> per_individual = network_public_goods(
    ...     nx.star_graph(2), multiplier=3.0, cost_model="per_individual"
    ... )
    >>> per_individual.payoffs([1, 0, 0])  # the centre gives 1/3 to each of its 3 groups
    array([0.33333333, 0.83333333, 0.83333333])
    """
    csr = as_csr_graph(graph)
    r = check_real(multiplier, "multiplier", low=0.0)
    c = check_real(cost, "cost", low=0.0)
    m = check_int(threshold, "threshold", minimum=0)
    model = check_choice(cost_model, "cost_model", ("per_game", "per_individual"))
    return NetworkPublicGoods(csr, r, c, m, model)


def compiled_spec(game: Any) -> tuple[Any, ...] | None:
    """Return the compiled specification of a built-in game, or ``None`` for other games."""
    if isinstance(game, _CompiledGame):
        return game._spec
    return None
