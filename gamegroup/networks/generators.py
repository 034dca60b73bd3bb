r"""Graph generators for the scenarios: lattices, random regular, small-world, scale-free, blocks, geometric.

Every generator returns an undirected simple :class:`networkx.Graph` whose nodes are the
integers ``0..n-1`` (so positions in :func:`~gamegroup.networks.to_csr` equal labels), and every
random one takes a keyword-only ``rng`` (see ``docs/reference/conventions.md``): the same seed
gives the same graph.

Models
    * :func:`ring_lattice`: node :math:`i` is tied to the :math:`d/2` nearest nodes on each side of
      a ring (degree :math:`d`, even).
    * :func:`square_lattice`: an :math:`L \times L` grid, von Neumann (degree 4) or Moore
      (degree 8) neighbourhoods, periodic (a torus) or not.
    * :func:`random_regular`: uniformly random :math:`d`-regular graph (networkx's pairing
      algorithm, Steger & Wormald 1999).
    * :func:`watts_strogatz`: ring lattice with each tie rewired with probability :math:`p`
      (Watts & Strogatz 1998).
    * :func:`barabasi_albert`: growth with preferential attachment (Barabási & Albert 1999).
      The seed is a complete graph on :math:`m + 1` nodes; each later node ties to :math:`m`
      distinct earlier nodes chosen with probability proportional to their degree, so the mean
      degree tends to :math:`2m` and the degree distribution to :math:`P(k) \propto k^{-3}`.
      Compiled with numba, so a million nodes take about a second; ``as_csr=True`` returns the
      :class:`~gamegroup.networks.CSRGraph` directly without building a networkx graph.
    * :func:`stochastic_block_model`: blocks of given sizes, ties between a member of block
      :math:`a` and one of block :math:`b` independently with probability :math:`P_{ab}`
      (Holland, Laskey & Leinhardt 1983): a formal group inside a village is a dense block in a
      sparse one. The block of each node is stored in the node attribute ``"block"``.
    * :func:`random_geometric`: :math:`n` points uniform in the unit (hyper)cube, tied when
      closer than ``radius`` (Penrose 2003): members who share a market area. Positions are
      stored in the node attribute ``"pos"``; ``periodic=True`` uses the torus metric.
"""

from __future__ import annotations

from typing import Literal, overload

import networkx as nx
import numba
import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from gamegroup._rng import RNGLike, as_generator
from gamegroup._validation import check_choice, check_finite_array, check_int, check_real
from gamegroup.networks.graph import CSRGraph


def _graph_from_edges(n_nodes: int, heads: NDArray[np.int64], tails: NDArray[np.int64]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(n_nodes))
    graph.add_edges_from(zip(heads.tolist(), tails.tolist(), strict=True))
    return graph


def _csr_from_edges(n_nodes: int, heads: NDArray[np.int64], tails: NDArray[np.int64]) -> CSRGraph:
    """Build the CSR view straight from an edge array of a simple graph (no networkx graph)."""
    rows = np.concatenate([heads, tails])
    columns = np.concatenate([tails, heads])
    matrix = sp.csr_array(
        (np.ones(rows.size), (rows, columns)), shape=(n_nodes, n_nodes), dtype=np.float64
    )
    matrix.sort_indices()
    n_components = int(connected_components(matrix, directed=False, return_labels=False))
    return CSRGraph(
        nodes=tuple(range(n_nodes)),
        indptr=matrix.indptr.astype(np.int64),
        indices=matrix.indices.astype(np.int64),
        weights=matrix.data.astype(np.float64),
        n_components=n_components,
    )


def _ring_size(n_nodes: int, degree: int) -> tuple[int, int]:
    """Check the size and the even degree of a ring lattice."""
    d = check_int(degree, "degree", minimum=2)
    if d % 2:
        raise ValueError(f"`degree` must be even (d/2 neighbours on each side); got {d}.")
    return check_int(n_nodes, "n_nodes", minimum=d + 1), d


def ring_lattice(n_nodes: int, *, degree: int = 2) -> nx.Graph:
    """Return a ring of ``n_nodes`` nodes, each tied to its ``degree / 2`` nearest on each side.

    Parameters
    ----------
    n_nodes : int
        Number of nodes, greater than ``degree``.
    degree : int
        Even degree ``d >= 2``.

    Returns
    -------
    networkx.Graph
        Nodes ``0..n-1``; every node has degree ``d``.

    Raises
    ------
    ValueError
        If ``degree`` is odd or below 2, or ``n_nodes <= degree``.
    TypeError
        If an argument is not an integer.

    References
    ----------
    Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of 'small-world' networks.
    Nature, 393, 440–442.

    Examples
    --------
    >>> g = ring_lattice(6, degree=4)
    >>> sorted(g.neighbors(0))
    [1, 2, 4, 5]
    """
    n, d = _ring_size(n_nodes, degree)
    nodes = np.arange(n, dtype=np.int64)
    heads = np.concatenate([nodes] * (d // 2))
    tails = np.concatenate([(nodes + step) % n for step in range(1, d // 2 + 1)])
    return _graph_from_edges(n, heads, tails)


def square_lattice(
    side: int,
    *,
    periodic: bool = True,
    neighbourhood: Literal["von_neumann", "moore"] = "von_neumann",
) -> nx.Graph:
    """Return an ``side x side`` square lattice; node ``row * side + column``.

    Parameters
    ----------
    side : int
        Side length ``L >= 3``.
    periodic : bool
        Wrap around (a torus, every node has the same degree) or not.
    neighbourhood : {"von_neumann", "moore"}
        Four orthogonal neighbours, or eight including the diagonals.

    Returns
    -------
    networkx.Graph

    Raises
    ------
    ValueError
        If ``side < 3`` or ``neighbourhood`` is unknown.

    References
    ----------
    Nowak, M. A., & May, R. M. (1992). Evolutionary games and spatial chaos. Nature, 359,
    826–829.

    Examples
    --------
    >>> g = square_lattice(4)
    >>> g.number_of_nodes(), {d for _, d in g.degree()}
    (16, {4})
    >>> sorted(square_lattice(3, periodic=False, neighbourhood="moore").neighbors(4))
    [0, 1, 2, 3, 5, 6, 7, 8]
    """
    size = check_int(side, "side", minimum=3)
    kind = check_choice(neighbourhood, "neighbourhood", ("von_neumann", "moore"))
    offsets = [(0, 1), (1, 0)] + ([(1, 1), (1, -1)] if kind == "moore" else [])
    rows, columns = np.divmod(np.arange(size * size, dtype=np.int64), size)
    heads_list, tails_list = [], []
    for dr, dc in offsets:
        r, c = rows + dr, columns + dc
        if periodic:
            keep = np.ones(r.size, dtype=bool)
            r, c = r % size, c % size
        else:
            keep = (r >= 0) & (r < size) & (c >= 0) & (c < size)
        heads_list.append((rows * size + columns)[keep])
        tails_list.append((r * size + c)[keep])
    return _graph_from_edges(size * size, np.concatenate(heads_list), np.concatenate(tails_list))


def random_regular(n_nodes: int, degree: int, *, rng: RNGLike = None) -> nx.Graph:
    """Return a uniformly random ``degree``-regular graph on ``n_nodes`` nodes.

    Parameters
    ----------
    n_nodes : int
        Number of nodes ``n > degree``; ``n * degree`` must be even.
    degree : int
        Degree ``d >= 1`` of every node.
    rng : None, int, SeedSequence, BitGenerator or Generator
        Randomness (SPEC 7).

    Returns
    -------
    networkx.Graph

    Raises
    ------
    ValueError
        If ``n_nodes <= degree`` or ``n_nodes * degree`` is odd.

    References
    ----------
    Steger, A., & Wormald, N. C. (1999). Generating random regular graphs quickly.
    Combinatorics, Probability and Computing, 8, 377–396.

    Examples
    --------
    >>> g = random_regular(10, 3, rng=1)
    >>> {d for _, d in g.degree()}
    {3}
    >>> nx.utils.graphs_equal(g, random_regular(10, 3, rng=1))
    True
    """
    d = check_int(degree, "degree", minimum=1)
    n = check_int(n_nodes, "n_nodes", minimum=d + 1)
    if (n * d) % 2:
        raise ValueError(f"`n_nodes` * `degree` must be even; got {n} * {d}.")
    graph = nx.random_regular_graph(d, n, seed=as_generator(rng))
    return nx.convert_node_labels_to_integers(graph, ordering="sorted")


def watts_strogatz(
    n_nodes: int, degree: int, rewiring_probability: float, *, rng: RNGLike = None
) -> nx.Graph:
    """Return a Watts–Strogatz small-world graph: a ring lattice with rewired ties.

    Parameters
    ----------
    n_nodes : int
        Number of nodes ``n > degree``.
    degree : int
        Even degree ``d`` of the starting ring lattice.
    rewiring_probability : float
        Probability ``p`` in [0, 1] that each tie is rewired to a uniformly random node.
    rng : None, int, SeedSequence, BitGenerator or Generator
        Randomness (SPEC 7).

    Returns
    -------
    networkx.Graph
        ``n * d / 2`` ties whatever ``p``.

    Raises
    ------
    ValueError
        If ``degree`` is odd, ``n_nodes <= degree`` or ``rewiring_probability`` is outside [0, 1].

    References
    ----------
    Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of 'small-world' networks.
    Nature, 393, 440–442.

    Examples
    --------
    >>> g = watts_strogatz(20, 4, 0.0, rng=0)
    >>> nx.utils.graphs_equal(g, ring_lattice(20, degree=4))
    True
    >>> watts_strogatz(20, 4, 0.3, rng=0).number_of_edges()
    40
    """
    n, d = _ring_size(n_nodes, degree)
    p = check_real(rewiring_probability, "rewiring_probability", low=0.0, high=1.0)
    graph = nx.watts_strogatz_graph(n, d, p, seed=as_generator(rng))
    return nx.convert_node_labels_to_integers(graph, ordering="sorted")


@numba.njit(cache=True)
def _preferential_attachment(
    n_nodes: int, attachments: int, generator: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:  # pragma: no cover - compiled
    m = attachments
    seed_edges = (m + 1) * m // 2
    n_edges = seed_edges + (n_nodes - m - 1) * m
    heads = np.empty(n_edges, dtype=np.int64)
    tails = np.empty(n_edges, dtype=np.int64)
    # Every edge end is written to `ends`; a uniform draw from it is degree-proportional.
    ends = np.empty(2 * n_edges, dtype=np.int64)
    e = 0
    for i in range(m + 1):
        for j in range(i + 1, m + 1):
            heads[e] = i
            tails[e] = j
            ends[2 * e] = i
            ends[2 * e + 1] = j
            e += 1
    chosen = np.empty(m, dtype=np.int64)
    for new in range(m + 1, n_nodes):
        filled = 0
        available = 2 * e
        while filled < m:
            target = ends[int(generator.random() * available)]
            duplicate = False
            for c in range(filled):
                if chosen[c] == target:
                    duplicate = True
                    break
            if not duplicate:
                chosen[filled] = target
                filled += 1
        for c in range(m):
            heads[e] = chosen[c]
            tails[e] = new
            ends[2 * e] = chosen[c]
            ends[2 * e + 1] = new
            e += 1
    return heads, tails


@overload
def barabasi_albert(
    n_nodes: int, attachments: int, *, rng: RNGLike = ..., as_csr: Literal[False] = ...
) -> nx.Graph: ...
@overload
def barabasi_albert(
    n_nodes: int, attachments: int, *, rng: RNGLike = ..., as_csr: Literal[True]
) -> CSRGraph: ...
def barabasi_albert(
    n_nodes: int, attachments: int, *, rng: RNGLike = None, as_csr: bool = False
) -> nx.Graph | CSRGraph:
    r"""Return a Barabási–Albert scale-free graph (growth with preferential attachment).

    Parameters
    ----------
    n_nodes : int
        Number of nodes ``n > attachments``.
    attachments : int
        Ties ``m >= 1`` each new node makes; the mean degree is about ``2m``.
    rng : None, int, SeedSequence, BitGenerator or Generator
        Randomness (SPEC 7).
    as_csr : bool
        Return the read-only :class:`~gamegroup.networks.CSRGraph` directly (no networkx graph
        is built, which matters at a million nodes).

    Returns
    -------
    networkx.Graph or CSRGraph
        Connected, with ``m(m+1)/2 + (n - m - 1) m`` ties.

    Raises
    ------
    ValueError
        If ``attachments < 1`` or ``n_nodes <= attachments``.

    References
    ----------
    Barabási, A.-L., & Albert, R. (1999). Emergence of scaling in random networks. Science,
    286, 509–512.

    Examples
    --------
    >>> g = barabasi_albert(1000, 2, rng=7)
    >>> g.number_of_edges(), nx.is_connected(g)
    (1997, True)
    >>> barabasi_albert(1000, 2, rng=7, as_csr=True).n_edges
    1997
    """
    m = check_int(attachments, "attachments", minimum=1)
    n = check_int(n_nodes, "n_nodes", minimum=m + 1)
    heads, tails = _preferential_attachment(n, m, as_generator(rng))
    if as_csr:
        return _csr_from_edges(n, heads, tails)
    return _graph_from_edges(n, heads, tails)


def stochastic_block_model(
    sizes: ArrayLike, probabilities: ArrayLike, *, rng: RNGLike = None
) -> nx.Graph:
    r"""Return a stochastic block model: independent ties with block-pair probabilities.

    Parameters
    ----------
    sizes : array_like of int
        Number of nodes in each block; block ``b`` holds the next ``sizes[b]`` node labels.
    probabilities : array_like
        Symmetric ``(B, B)`` matrix of tie probabilities in [0, 1].
    rng : None, int, SeedSequence, BitGenerator or Generator
        Randomness (SPEC 7).

    Returns
    -------
    networkx.Graph
        Node attribute ``"block"`` holds each node's block index.

    Raises
    ------
    ValueError
        If a size is below 1, ``probabilities`` is not a symmetric ``(B, B)`` matrix with
        entries in [0, 1].
    TypeError
        If ``sizes`` does not hold integers.

    References
    ----------
    Holland, P. W., Laskey, K. B., & Leinhardt, S. (1983). Stochastic blockmodels: first steps.
    Social Networks, 5, 109–137.

    Examples
    --------
    A formal group of 10 producers meeting densely inside a village of 50:

    >>> g = stochastic_block_model([10, 40], [[0.9, 0.05], [0.05, 0.1]], rng=3)
    >>> g.nodes[0]["block"], g.nodes[10]["block"]
    (0, 1)
    >>> nx.utils.graphs_equal(g, stochastic_block_model([10, 40], [[0.9, 0.05], [0.05, 0.1]], rng=3))
    True
    """
    raw = np.asarray(sizes)
    if raw.ndim != 1 or raw.size < 1 or raw.dtype.kind not in "iu":
        raise TypeError(f"`sizes` must be a 1-dimensional sequence of integers; got {sizes!r}.")
    if np.any(raw < 1):
        raise ValueError(f"`sizes` must all be >= 1; got {raw.tolist()}.")
    matrix = check_finite_array(probabilities, "probabilities", ndim=2)
    blocks = raw.size
    if matrix.shape != (blocks, blocks):
        raise ValueError(
            f"`probabilities` must have shape ({blocks}, {blocks}) (one row and column per "
            f"block); got {matrix.shape}."
        )
    if np.any(matrix < 0) or np.any(matrix > 1):
        raise ValueError(f"`probabilities` must lie in [0, 1]; got {matrix.tolist()}.")
    if not np.array_equal(matrix, matrix.T):
        raise ValueError("`probabilities` must be symmetric (ties are undirected).")
    graph = nx.stochastic_block_model(
        raw.tolist(), matrix.tolist(), seed=as_generator(rng), sparse=True
    )
    result = nx.Graph()
    block_of = np.repeat(np.arange(blocks), raw)
    result.add_nodes_from((i, {"block": int(block_of[i])}) for i in range(int(raw.sum())))
    result.add_edges_from(graph.edges)
    return result


def random_geometric(
    n_nodes: int,
    radius: float,
    *,
    dimension: int = 2,
    periodic: bool = False,
    rng: RNGLike = None,
) -> nx.Graph:
    """Return a random geometric graph: uniform points tied when closer than ``radius``.

    Parameters
    ----------
    n_nodes : int
        Number of nodes ``n >= 1``.
    radius : float
        Distance threshold ``> 0`` (Euclidean, in the unit cube).
    dimension : int
        Dimension of the unit cube.
    periodic : bool
        Measure distances on the torus (no boundary effects).
    rng : None, int, SeedSequence, BitGenerator or Generator
        Randomness (SPEC 7).

    Returns
    -------
    networkx.Graph
        Node attribute ``"pos"`` holds each position as a tuple of floats.

    Raises
    ------
    ValueError
        If ``radius`` is not positive or ``n_nodes``/``dimension`` is below 1.

    References
    ----------
    Penrose, M. (2003). Random Geometric Graphs. Oxford University Press.

    Examples
    --------
    >>> g = random_geometric(200, 0.1, rng=5)
    >>> all(
    ...     np.hypot(*np.subtract(g.nodes[u]["pos"], g.nodes[v]["pos"])) < 0.1
    ...     for u, v in g.edges
    ... )
    True
    """
    n = check_int(n_nodes, "n_nodes", minimum=1)
    r = check_real(radius, "radius", low=0.0, low_inclusive=False)
    dim = check_int(dimension, "dimension", minimum=1)
    points = as_generator(rng).random((n, dim))
    tree = cKDTree(points, boxsize=1.0 if periodic else None)
    pairs = tree.query_pairs(r, output_type="ndarray")
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    # query_pairs includes pairs at distance exactly r; the model ties strictly closer points.
    if pairs.size:
        delta = np.abs(points[pairs[:, 0]] - points[pairs[:, 1]])
        if periodic:
            delta = np.minimum(delta, 1.0 - delta)
        pairs = pairs[np.sqrt((delta**2).sum(axis=1)) < r]
    graph = _graph_from_edges(n, pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64))
    for i in range(n):
        graph.nodes[i]["pos"] = tuple(float(x) for x in points[i])
    return graph
