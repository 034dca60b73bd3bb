r"""Validated, immutable compressed-sparse-row view of a networkx graph.

Every algorithm below :mod:`gamegroup.experiments` that runs on a network works on a
:class:`CSRGraph`: the graph is checked and converted **once**, at the public boundary, by
:func:`to_csr`. Node labels are mapped to positions ``0..n-1`` in the graph's node order
(``list(graph)``); :attr:`CSRGraph.nodes` maps positions back to labels.

Conventions
    * Undirected graphs only. A directed graph is rejected with ``TypeError`` (trust and market
      ties are symmetric in every model here); convert it explicitly with
      ``graph.to_undirected()`` if that is what you mean.
    * Self-loops are rejected: a member does not trust or compete with itself.
    * Weights are read from an edge attribute (``weight="weight"`` by default; ``None`` means
      every edge has weight 1). Missing weights count as 1. They must be finite and lie in the
      accepted range (by default :math:`(0, \infty)`; trust layers use :math:`(0, 1]`).
    * Empty graphs (no edges) and disconnected graphs are allowed; the number of connected
      components is recorded in :attr:`CSRGraph.n_components` so that results can report it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import connected_components

from gamegroup._results import Result, result_type


@result_type
class CSRGraph(Result):
    """An undirected weighted graph as read-only CSR arrays.

    Attributes
    ----------
    nodes : tuple
        Node labels; position ``i`` is node ``nodes[i]``.
    indptr, indices : numpy.ndarray
        CSR structure (``int64``): the neighbours of ``i`` are
        ``indices[indptr[i]:indptr[i + 1]]``, sorted ascending. Each edge appears twice.
    weights : numpy.ndarray
        ``float64`` weight of each stored entry, aligned with ``indices``.
    n_components : int
        Number of connected components (isolated nodes count as components).

    Examples
    --------
    >>> import networkx as nx
    >>> g = to_csr(nx.path_graph(["a", "b", "c"]))
    >>> g
    CSRGraph(nodes=('a', 'b', 'c'), indptr=[0, 1, 3, 4], indices=[1, 0, 2, 1], weights=[1., 1., 1., 1.], n_components=1)
    >>> g.degrees
    array([1, 2, 1])
    >>> g.neighbours(1)
    array([0, 2])
    """

    nodes: tuple[Hashable, ...]
    indptr: NDArray[np.int64]
    indices: NDArray[np.int64]
    weights: NDArray[np.float64]
    n_components: int

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def n_edges(self) -> int:
        """Number of undirected edges."""
        return int(self.indices.size // 2)

    @property
    def degrees(self) -> NDArray[np.int64]:
        """Number of neighbours of each node."""
        return np.diff(self.indptr)

    @property
    def strengths(self) -> NDArray[np.float64]:
        """Sum of edge weights at each node (weighted degree)."""
        rows = np.repeat(np.arange(self.n_nodes), self.degrees)
        return np.bincount(rows, weights=self.weights, minlength=self.n_nodes).astype(np.float64)

    @property
    def is_connected(self) -> bool:
        """Whether the graph has exactly one connected component."""
        return self.n_components == 1

    def neighbours(self, position: int) -> NDArray[np.int64]:
        """Positions of the neighbours of node ``position``."""
        return self.indices[self.indptr[position] : self.indptr[position + 1]]

    def position(self, node: Hashable) -> int:
        """Position of the node labelled ``node``.

        Raises
        ------
        ValueError
            If ``node`` is not in the graph.
        """
        try:
            return self.nodes.index(node)
        except ValueError:
            raise ValueError(f"`node` {node!r} is not a node of the graph.") from None

    def adjacency(self) -> sp.csr_array:
        """Return the weighted adjacency matrix as a ``scipy.sparse.csr_array`` (a copy)."""
        n = self.n_nodes
        return sp.csr_array(
            (self.weights.copy(), self.indices.copy(), self.indptr.copy()), shape=(n, n)
        )

    def to_networkx(self, weight: str = "weight") -> nx.Graph:
        """Rebuild a networkx graph with the original labels and weights."""
        graph = nx.Graph()
        graph.add_nodes_from(self.nodes)
        rows = np.repeat(np.arange(self.n_nodes), self.degrees)
        for i, j, w in zip(rows, self.indices, self.weights, strict=True):
            if i < j:
                graph.add_edge(self.nodes[i], self.nodes[j], **{weight: float(w)})
        return graph


def to_csr(
    graph: Any,
    name: str = "graph",
    *,
    weight: str | None = "weight",
    low: float = 0.0,
    high: float = np.inf,
    low_inclusive: bool = False,
    high_inclusive: bool = True,
) -> CSRGraph:
    r"""Check an undirected networkx graph and convert it to a :class:`CSRGraph`.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected, without self-loops or parallel edges (``MultiGraph`` is rejected).
    name : str
        Argument name used in error messages.
    weight : str or None
        Edge attribute holding the weight; ``None`` gives every edge weight 1.
    low, high, low_inclusive, high_inclusive
        Accepted range of the weights (default :math:`(0, \infty)`).

    Returns
    -------
    CSRGraph

    Raises
    ------
    TypeError
        If ``graph`` is not a networkx graph, is directed or is a multigraph, or a weight is
        not a real number.
    ValueError
        If the graph has no nodes or a self-loop, or a weight is NaN, infinite or out of range.

    Examples
    --------
    >>> import networkx as nx
    >>> to_csr(nx.Graph([(0, 1, {"weight": 0.5})]), "trust", high=1.0).weights
    array([0.5, 0.5])
    >>> to_csr(nx.Graph([(0, 0)]), "trust")
    Traceback (most recent call last):
    ...
    ValueError: `trust` must not have self-loops; got 1 (e.g. at node 0).
    """
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"`{name}` must be a networkx graph; got {type(graph).__name__}.")
    if graph.is_directed():
        raise TypeError(
            f"`{name}` must be undirected; got a {type(graph).__name__}. Convert it explicitly "
            "with `graph.to_undirected()` if ties are symmetric."
        )
    if graph.is_multigraph():
        raise TypeError(f"`{name}` must be a simple graph; got a {type(graph).__name__}.")
    if graph.number_of_nodes() == 0:
        raise ValueError(f"`{name}` must have at least one node; got an empty graph.")
    loops = list(nx.selfloop_edges(graph))
    if loops:
        raise ValueError(
            f"`{name}` must not have self-loops; got {len(loops)} (e.g. at node {loops[0][0]!r})."
        )
    nodes = tuple(graph.nodes)
    position = {node: i for i, node in enumerate(nodes)}
    n_edges = graph.number_of_edges()
    heads = np.empty(n_edges, dtype=np.int64)
    tails = np.empty(n_edges, dtype=np.int64)
    raw: list[Any] = [1.0] * n_edges
    edges = graph.edges(data=weight, default=1.0) if weight is not None else graph.edges()
    for e, edge in enumerate(edges):
        heads[e] = position[edge[0]]
        tails[e] = position[edge[1]]
        if weight is not None:
            raw[e] = edge[2]
    try:
        values = np.array(raw, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"`{name}` edge weights (attribute {weight!r}) must be real numbers."
        ) from error
    if values.size:
        if not np.all(np.isfinite(values)):
            raise ValueError(
                f"`{name}` edge weights (attribute {weight!r}) must be finite; got NaN or inf."
            )
        below = values < low if low_inclusive else values <= low
        above = values > high if high_inclusive else values >= high
        if np.any(below | above):
            bad = values[below | above][0]
            left = ("[" if low_inclusive else "(") + f"{low:g}"
            right = f"{high:g}" + ("]" if high_inclusive else ")")
            raise ValueError(
                f"`{name}` edge weights (attribute {weight!r}) must lie in {left}, {right}; got "
                f"{bad:g}."
            )
    n = len(nodes)
    csr = sp.csr_array(
        (
            np.concatenate([values, values]),
            (np.concatenate([heads, tails]), np.concatenate([tails, heads])),
        ),
        shape=(n, n),
    )
    csr.sort_indices()
    n_components = int(connected_components(csr, directed=False, return_labels=False))
    return CSRGraph(
        nodes=nodes,
        indptr=csr.indptr.astype(np.int64),
        indices=csr.indices.astype(np.int64),
        weights=csr.data.astype(np.float64),
        n_components=n_components,
    )
