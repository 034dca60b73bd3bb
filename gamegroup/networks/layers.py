r"""Two weighted layers on one set of members: who trusts whom, and whose products compete.

A :class:`TwoLayerNetwork` holds two undirected weighted graphs on the same members
:math:`i = 0, \dots, n-1`:

* the **trust layer** :math:`T = (t_{ij})`, :math:`t_{ij} \in (0, 1]` on ties and 0 elsewhere:
  who meets whom and passes knowledge to whom, scaled by how much they trust each other;
* the **market layer** :math:`M = (w_{ij})`, :math:`w_{ij} \ge 0`: how strongly the products of
  :math:`i` and :math:`j` substitute for each other (market overlap). Zero-weight ties are
  allowed: they record a pair that has divided its market areas completely.

Optionally it records explicit **groups** (for example the formal group created by a
programme inside a village): disjoint sets of members that buy together and share assets.

Members are identified by their labels in the input graphs; position ``i`` in every array is
member ``nodes[i]``, in the trust layer's node order. Both layers are validated and converted
once (:func:`gamegroup.networks.to_csr`), so the object is immutable and cheap to pass to
games.

Helpers:

* :func:`divide_market_areas` scales the market weights among a set of members by a factor in
  :math:`[0, 1]` (an agreement to divide marketing areas);
* :func:`village` builds a formal group inside a larger population: a stochastic-block-model
  trust layer (Holland, Laskey & Leinhardt 1983) and a spatial market layer in which members
  whose selling points lie within a catchment radius compete, with overlap :math:`1 - d/r`
  (a random geometric graph, Penrose 2003);
* :func:`read_two_layer_network` and :func:`write_two_layer_network` load and save both layers
  as edge lists (:mod:`gamegroup.networks.io`).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from gamegroup._rng import as_generator
from gamegroup._validation import check_int, check_permutation, check_probability, check_real
from gamegroup.networks.generators import random_geometric, stochastic_block_model
from gamegroup.networks.graph import CSRGraph, to_csr
from gamegroup.networks.io import PathLike, read_edge_list, write_edge_list

TRUST_RANGE = (0.0, 1.0)
"""Trust weights lie in (0, 1]."""


def _check_csr_weights(graph: CSRGraph, name: str, *, trust: bool) -> CSRGraph:
    """Check the weight range of an already converted layer."""
    weights = graph.weights
    if weights.size:
        if not np.all(np.isfinite(weights)):
            raise ValueError(f"`{name}` edge weights must be finite; got NaN or inf.")
        bad = (weights <= 0.0) | (weights > 1.0) if trust else weights < 0.0
        if np.any(bad):
            accepted = "(0, 1]" if trust else "[0, inf)"
            raise ValueError(
                f"`{name}` edge weights must lie in {accepted}; got {weights[bad][0]:g}."
            )
    return graph


def _as_layer(graph: Any, name: str, weight: str, *, trust: bool) -> CSRGraph:
    if isinstance(graph, CSRGraph):
        return _check_csr_weights(graph, name, trust=trust)
    if trust:
        return to_csr(graph, name, weight=weight, high=1.0)
    return to_csr(graph, name, weight=weight, low=0.0, low_inclusive=True)


def _reordered(graph: CSRGraph, nodes: tuple[Hashable, ...]) -> CSRGraph:
    """Return ``graph`` with its positions rearranged to follow ``nodes``."""
    if graph.nodes == nodes:
        return graph
    where = {node: i for i, node in enumerate(graph.nodes)}
    order = np.fromiter((where[node] for node in nodes), dtype=np.intp, count=len(nodes))
    matrix = graph.adjacency()[order][:, order].tocsr()
    matrix.sort_indices()
    return CSRGraph(
        nodes=nodes,
        indptr=matrix.indptr.astype(np.int64),
        indices=matrix.indices.astype(np.int64),
        weights=matrix.data.astype(np.float64),
        n_components=graph.n_components,
    )


def _short_list(items: Iterable[Any], limit: int = 5) -> str:
    values = sorted(items, key=repr)
    shown = ", ".join(repr(v) for v in values[:limit])
    return f"[{shown}{', ...' if len(values) > limit else ''}] ({len(values)})"


class TwoLayerNetwork:
    """A trust layer and a market layer on the same members, validated and immutable.

    Parameters
    ----------
    trust : networkx.Graph or CSRGraph
        Undirected trust ties with weights in (0, 1] (missing weights count as 1).
    market : networkx.Graph or CSRGraph
        Undirected market overlaps with weights >= 0, on exactly the same members as
        ``trust``.
    groups : sequence of collections of labels, optional
        Disjoint, non-empty sets of members (formal groups).
    weight : str
        Edge attribute holding the weights in both graphs.

    Attributes
    ----------
    trust, market : CSRGraph
        The layers, both in the trust layer's node order.
    nodes : tuple
        Member labels; position ``i`` is member ``nodes[i]``.
    n_members : int
    groups : tuple of numpy.ndarray
        Positions of the members of each group (sorted, ``int64``).

    Raises
    ------
    TypeError
        If a layer is not an undirected simple networkx graph or a :class:`CSRGraph`.
    ValueError
        If the layers have different members, a weight is out of range, NaN or infinite, a
        layer has a self-loop, or a group is empty, names an unknown member or overlaps
        another group.

    References
    ----------
    Kivelä, M., Arenas, A., Barthelemy, M., Gleeson, J. P., Moreno, Y., & Porter, M. A. (2014).
    Multilayer networks. *Journal of Complex Networks*, 2(3), 203–271.

    Examples
    --------
    >>> import networkx as nx
    >>> trust = nx.Graph([("a", "b", {"weight": 0.8}), ("b", "c", {"weight": 0.5})])
    >>> market = nx.Graph([("c", "a", {"weight": 1.0}), ("a", "b", {"weight": 0.2})])
    >>> network = TwoLayerNetwork(trust, market, groups=[["a", "b"]])
    >>> network
    TwoLayerNetwork(n_members=3, trust_ties=2, market_ties=2, group_sizes=(2,))
    >>> network.nodes, network.groups
    (('a', 'b', 'c'), (array([0, 1]),))
    >>> network.market.adjacency().toarray()
    array([[0. , 0.2, 1. ],
           [0.2, 0. , 0. ],
           [1. , 0. , 0. ]])
    """

    __slots__ = ("_groups", "_market", "_position", "_trust")

    def __init__(
        self,
        trust: nx.Graph | CSRGraph,
        market: nx.Graph | CSRGraph,
        *,
        groups: Sequence[Collection[Hashable]] | None = None,
        weight: str = "weight",
    ) -> None:
        trust_layer = _as_layer(trust, "trust", weight, trust=True)
        market_layer = _as_layer(market, "market", weight, trust=False)
        if set(trust_layer.nodes) != set(market_layer.nodes):
            only_trust = set(trust_layer.nodes) - set(market_layer.nodes)
            only_market = set(market_layer.nodes) - set(trust_layer.nodes)
            raise ValueError(
                "`market` must have the same members as `trust`; members only in the trust "
                f"layer: {_short_list(only_trust)}, only in the market layer: "
                f"{_short_list(only_market)}."
            )
        self._trust = trust_layer
        self._market = _reordered(market_layer, trust_layer.nodes)
        self._position = {node: i for i, node in enumerate(trust_layer.nodes)}
        self._groups = self._check_groups(groups)

    def _check_groups(
        self, groups: Sequence[Collection[Hashable]] | None
    ) -> tuple[NDArray[np.int64], ...]:
        if groups is None:
            return ()
        if isinstance(groups, (str, bytes)) or not isinstance(groups, Iterable):
            raise TypeError(
                f"`groups` must be a sequence of collections of member labels; got "
                f"{type(groups).__name__}."
            )
        taken = np.full(self.n_members, -1, dtype=np.int64)
        checked = []
        for g, group in enumerate(groups):
            if isinstance(group, (str, bytes)) or not isinstance(group, Iterable):
                raise TypeError(
                    f"`groups[{g}]` must be a collection of member labels; got "
                    f"{type(group).__name__}."
                )
            members = list(group)
            if not members:
                raise ValueError(f"`groups[{g}]` must not be empty.")
            positions = self._positions(members, f"groups[{g}]")
            if np.unique(positions).size != positions.size:
                raise ValueError(f"`groups[{g}]` lists a member twice.")
            clash = positions[taken[positions] >= 0]
            if clash.size:
                other = int(taken[clash[0]])
                raise ValueError(
                    f"`groups` must be disjoint; member {self.nodes[clash[0]]!r} is in groups "
                    f"{other} and {g}."
                )
            taken[positions] = g
            checked.append(np.sort(positions))
        return tuple(checked)

    def _positions(self, labels: Iterable[Hashable], name: str) -> NDArray[np.int64]:
        out = []
        for label in labels:
            try:
                out.append(self._position[label])
            except (KeyError, TypeError):
                raise ValueError(f"`{name}` names {label!r}, which is not a member.") from None
        return np.array(out, dtype=np.int64)

    # -- data ------------------------------------------------------------------------------
    @property
    def trust(self) -> CSRGraph:
        """The trust layer (weights in (0, 1])."""
        return self._trust

    @property
    def market(self) -> CSRGraph:
        """The market layer (weights >= 0), in the trust layer's node order."""
        return self._market

    @property
    def nodes(self) -> tuple[Hashable, ...]:
        """Member labels; position ``i`` is member ``nodes[i]``."""
        return self._trust.nodes

    @property
    def n_members(self) -> int:
        """Number of members."""
        return self._trust.n_nodes

    @property
    def groups(self) -> tuple[NDArray[np.int64], ...]:
        """Positions of the members of each explicit group."""
        return self._groups

    def position(self, member: Hashable) -> int:
        """Position of the member labelled ``member``.

        Raises
        ------
        ValueError
            If ``member`` is not a member.

        Examples
        --------
        >>> import networkx as nx
        >>> network = TwoLayerNetwork(nx.path_graph(["x", "y"]), nx.path_graph(["y", "x"]))
        >>> network.position("y")
        1
        """
        return int(self._positions([member], "member")[0])

    def group_of(self) -> NDArray[np.int64]:
        """Return the group index of each member, ``-1`` for members of no group.

        Examples
        --------
        >>> import networkx as nx
        >>> g = nx.path_graph(4)
        >>> TwoLayerNetwork(g, g, groups=[[2, 3]]).group_of()
        array([-1, -1,  0,  0])
        """
        out = np.full(self.n_members, -1, dtype=np.int64)
        for g, members in enumerate(self._groups):
            out[members] = g
        return out

    def __repr__(self) -> str:
        sizes = tuple(int(g.size) for g in self._groups)
        return (
            f"{type(self).__name__}(n_members={self.n_members}, trust_ties={self._trust.n_edges}, "
            f"market_ties={self._market.n_edges}, group_sizes={sizes})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TwoLayerNetwork):
            return NotImplemented
        return (
            self._trust == other._trust
            and self._market == other._market
            and len(self._groups) == len(other._groups)
            and all(np.array_equal(a, b) for a, b in zip(self._groups, other._groups, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]

    # -- conversions -------------------------------------------------------------------------
    def to_networkx(self, weight: str = "weight") -> tuple[nx.Graph, nx.Graph]:
        """Return ``(trust, market)`` as networkx graphs with the original labels.

        Examples
        --------
        >>> import networkx as nx
        >>> network = TwoLayerNetwork(nx.path_graph(3), nx.complete_graph(3))
        >>> [g.number_of_edges() for g in network.to_networkx()]
        [2, 3]
        """
        return self._trust.to_networkx(weight), self._market.to_networkx(weight)

    def permute_members(self, order: Sequence[int]) -> TwoLayerNetwork:
        """Return the network whose member at position ``k`` is this one's ``order[k]``.

        Labels travel with their members, so only positions change.

        Raises
        ------
        ValueError
            If ``order`` is not a permutation of ``0..n-1``.

        Examples
        --------
        >>> import networkx as nx
        >>> network = TwoLayerNetwork(nx.path_graph(3), nx.path_graph(3), groups=[[0]])
        >>> moved = network.permute_members([2, 0, 1])
        >>> moved.nodes, moved.groups
        ((2, 0, 1), (array([1]),))
        """
        perm = check_permutation(order, "order", self.n_members)
        nodes = tuple(self.nodes[k] for k in perm)
        trust = _reordered(self._trust, nodes)
        market = _reordered(self._market, nodes)
        groups = [[self.nodes[i] for i in members] for members in self._groups]
        return TwoLayerNetwork(trust, market, groups=groups)

    def with_market(self, market: CSRGraph) -> TwoLayerNetwork:
        """Return a copy with another market layer on the same members (same node order).

        Examples
        --------
        >>> import networkx as nx
        >>> network = TwoLayerNetwork(nx.path_graph(3), nx.path_graph(3))
        >>> network.with_market(network.trust).market.n_edges
        2
        """
        return TwoLayerNetwork(
            self._trust,
            market,
            groups=[[self.nodes[i] for i in members] for members in self._groups],
        )


def divide_market_areas(
    network: TwoLayerNetwork, members: Collection[Hashable], factor: float
) -> TwoLayerNetwork:
    r"""Return the network in which ``members`` have divided their marketing areas.

    Every market weight :math:`w_{ij}` with both :math:`i` and :math:`j` in ``members`` is
    multiplied by ``factor``: 0 removes the overlap completely (the tie is kept with weight 0),
    1 changes nothing. Ties with members outside the set are unchanged.

    Parameters
    ----------
    network : TwoLayerNetwork
    members : collection of labels
        At least two distinct members.
    factor : float
        In :math:`[0, 1]`.

    Returns
    -------
    TwoLayerNetwork

    Raises
    ------
    TypeError
        If ``network`` is not a :class:`TwoLayerNetwork`.
    ValueError
        If ``factor`` is outside [0, 1] or ``members`` names an unknown member, repeats one or
        has fewer than two.

    References
    ----------
    Bernheim, B. D., & Whinston, M. D. (1990). Multimarket contact and collusive behavior.
    *RAND Journal of Economics*, 21(1), 1–26.

    Examples
    --------
    >>> import networkx as nx
    >>> market = nx.Graph([(0, 1, {"weight": 1.0}), (1, 2, {"weight": 0.5})])
    >>> network = TwoLayerNetwork(nx.path_graph(3), market)
    >>> divided = divide_market_areas(network, [0, 1], 0.25)
    >>> divided.market.adjacency().toarray()
    array([[0.  , 0.25, 0.  ],
           [0.25, 0.  , 0.5 ],
           [0.  , 0.5 , 0.  ]])
    """
    if not isinstance(network, TwoLayerNetwork):
        raise TypeError(f"`network` must be a TwoLayerNetwork; got {type(network).__name__}.")
    scale = check_probability(factor, "factor")
    if isinstance(members, (str, bytes)) or not isinstance(members, Iterable):
        raise TypeError(
            f"`members` must be a collection of member labels; got {type(members).__name__}."
        )
    positions = network._positions(list(members), "members")
    if np.unique(positions).size != positions.size:
        raise ValueError("`members` lists a member twice.")
    if positions.size < 2:
        raise ValueError(f"`members` must name at least two members; got {positions.size}.")
    market = network.market
    inside = np.zeros(network.n_members, dtype=bool)
    inside[positions] = True
    rows = np.repeat(np.arange(network.n_members), market.degrees)
    weights = market.weights.copy()
    between = inside[rows] & inside[market.indices]
    weights[between] *= scale
    divided = CSRGraph(
        nodes=market.nodes,
        indptr=market.indptr,
        indices=market.indices,
        weights=weights,
        n_components=market.n_components,
    )
    return network.with_market(divided)


def village(
    n_members: int = 180,
    *,
    group_size: int = 20,
    group_trust_probability: float = 0.5,
    trust_degree: float = 4.0,
    market_degree: float = 10.0,
    trust_weights: Sequence[float] = (0.5, 1.0),
    rng: Any = None,
) -> TwoLayerNetwork:
    r"""Build a village: a formal group inside a larger population, with trust and market layers.

    Trust layer
        A stochastic block model with two blocks: the formal group (members ``0..g-1``), in
        which each pair is tied with probability ``group_trust_probability``, and the rest of
        the village; every other pair (inside the rest, or between the group and the rest) is
        tied with probability ``trust_degree / (n - 1)``. Trust weights are drawn uniformly
        from ``trust_weights``.
    Market layer
        Each member sells from a point drawn uniformly in the unit square; members whose points
        lie closer than the catchment radius :math:`r` compete, with overlap
        :math:`w_{ij} = 1 - d_{ij} / r \in (0, 1]`. The radius is chosen so that the expected
        number of competitors, ignoring edge effects, is ``market_degree``:
        :math:`r = \sqrt{k / (\pi (n - 1))}`.

    Parameters
    ----------
    n_members : int
        :math:`n \ge 2`.
    group_size : int
        Size :math:`g` of the formal group, :math:`1 \le g \le n`; recorded as
        ``network.groups[0]``.
    group_trust_probability : float
        Tie probability inside the formal group, in [0, 1].
    trust_degree : float
        Expected number of trust ties of a member outside the group, in :math:`[0, n - 1]`.
    market_degree : float
        Expected number of market competitors, :math:`> 0`.
    trust_weights : pair of float
        ``(low, high)`` with :math:`0 < low \le high \le 1`.
    rng : None, int, SeedSequence, BitGenerator or Generator
        Randomness (see :doc:`/reference/conventions`).

    Returns
    -------
    TwoLayerNetwork
        Members labelled ``0..n-1``.

    Raises
    ------
    TypeError
        If ``n_members`` or ``group_size`` is not an integer.
    ValueError
        If a size, probability, degree or weight range is out of range.

    References
    ----------
    Holland, P. W., Laskey, K. B., & Leinhardt, S. (1983). Stochastic blockmodels: first steps.
    *Social Networks*, 5(2), 109–137.

    Penrose, M. (2003). *Random Geometric Graphs*. Oxford University Press.

    Examples
    --------
    >>> network = village(60, group_size=12, rng=1)
    >>> network.n_members, network.groups[0].size
    (60, 12)
    >>> bool(network.market.weights.max() <= 1.0)
    True
    >>> village(60, group_size=12, rng=1) == network
    True
    """
    n = check_int(n_members, "n_members", minimum=2)
    g = check_int(group_size, "group_size", minimum=1, maximum=n)
    p_group = check_probability(group_trust_probability, "group_trust_probability")
    degree = check_real(trust_degree, "trust_degree", low=0.0, high=float(n - 1))
    k_market = check_real(market_degree, "market_degree", low=0.0, low_inclusive=False)
    if len(trust_weights) != 2:
        raise ValueError(f"`trust_weights` must be a pair (low, high); got {trust_weights!r}.")
    low = check_real(trust_weights[0], "trust_weights", low=0.0, high=1.0, low_inclusive=False)
    high = check_real(trust_weights[1], "trust_weights", low=low, high=1.0)
    generator = as_generator(rng)

    p_other = degree / (n - 1)
    sizes = [g] if g == n else [g, n - g]
    probabilities = [[p_group]] if g == n else [[p_group, p_other], [p_other, p_other]]
    trust = stochastic_block_model(sizes, probabilities, rng=generator)
    edges = np.array(sorted(trust.edges()), dtype=np.int64).reshape(-1, 2)
    values = generator.uniform(low, high, size=edges.shape[0]) if low < high else None
    trust_graph = nx.Graph()
    trust_graph.add_nodes_from(range(n))
    trust_graph.add_weighted_edges_from(
        (int(u), int(v), float(values[e]) if values is not None else low)
        for e, (u, v) in enumerate(edges)
    )

    radius = float(np.sqrt(k_market / (np.pi * (n - 1))))
    market = random_geometric(n, radius, rng=generator)
    points = np.array([market.nodes[i]["pos"] for i in range(n)])
    pairs = np.array(list(market.edges()), dtype=np.int64).reshape(-1, 2)
    distances = np.linalg.norm(points[pairs[:, 0]] - points[pairs[:, 1]], axis=1)
    market_graph = nx.Graph()
    market_graph.add_nodes_from(range(n))
    # random_geometric ties points strictly closer than the radius, so overlaps lie in (0, 1].
    market_graph.add_weighted_edges_from(
        (int(u), int(v), float(w))
        for (u, v), w in zip(pairs, 1.0 - distances / radius, strict=True)
    )
    return TwoLayerNetwork(trust_graph, market_graph, groups=[range(g)])


def read_two_layer_network(
    trust_path: PathLike,
    market_path: PathLike,
    *,
    node_type: Any = str,
    delimiter: str | None = None,
    groups: Sequence[Collection[Hashable]] | None = None,
) -> TwoLayerNetwork:
    r"""Load a trust layer and a market layer from two edge-list files.

    Each file has one tie per line, ``member member [weight]`` (see
    :func:`gamegroup.networks.read_edge_list`); members without ties are listed on a line of
    their own so that both files name the same members.

    Parameters
    ----------
    trust_path, market_path : str or path-like
    node_type : callable
        Converts each label (``str`` by default; ``int`` for integer ids).
    delimiter : str, optional
        Field separator; ``None`` splits on whitespace.
    groups : sequence of collections of labels, optional
        Explicit groups (see :class:`TwoLayerNetwork`).

    Returns
    -------
    TwoLayerNetwork

    Raises
    ------
    FileNotFoundError
        If a file does not exist.
    ValueError
        If a file is malformed, or the layers are invalid or name different members.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "trust.txt").write_text("ani budi 0.9\nbudi citra 0.4\n")
    >>> _ = (folder / "market.txt").write_text("ani citra 1.0\nbudi\n")
    >>> network = read_two_layer_network(folder / "trust.txt", folder / "market.txt")
    >>> network
    TwoLayerNetwork(n_members=3, trust_ties=2, market_ties=1, group_sizes=())
    """
    trust = read_edge_list(trust_path, node_type=node_type, delimiter=delimiter)
    market = read_edge_list(market_path, node_type=node_type, delimiter=delimiter)
    return TwoLayerNetwork(trust, market, groups=groups)


def write_two_layer_network(
    network: TwoLayerNetwork, trust_path: PathLike, market_path: PathLike
) -> None:
    """Write both layers as edge lists readable by :func:`read_two_layer_network`.

    Groups are not written; keep them with the scenario that uses them.

    Raises
    ------
    TypeError
        If ``network`` is not a :class:`TwoLayerNetwork`.
    ValueError
        If a member label cannot be written (see :func:`gamegroup.networks.write_edge_list`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> network = village(30, group_size=5, rng=2)
    >>> write_two_layer_network(network, folder / "t.txt", folder / "m.txt")
    >>> back = read_two_layer_network(folder / "t.txt", folder / "m.txt", node_type=int)
    >>> back.n_members, back.market.n_edges == network.market.n_edges
    (30, True)
    """
    if not isinstance(network, TwoLayerNetwork):
        raise TypeError(f"`network` must be a TwoLayerNetwork; got {type(network).__name__}.")
    trust, market = network.to_networkx()
    write_edge_list(trust, trust_path)
    write_edge_list(market, market_path)
