r"""Groups on a graph: placement of committed members ("local heroes").

A *committed member* keeps its strategy whatever happens (a zealot, in the opinion-dynamics
literature): a well-connected leader who always shares, or a member who holds the others
together. Field studies of producer groups report that groups outlive the end of mentoring
only where such members exist (see ``docs/explanation``); where they sit in the trust network
matters, so :func:`committed_members` places them by a rule:

``"degree"``
    the :math:`m` members with the most ties (Freeman 1978);
``"betweenness"``
    the :math:`m` members with the largest betweenness centrality, the brokers on many shortest
    paths (Freeman 1977), computed exactly by networkx;
``"eigenvector"``
    the :math:`m` members with the largest eigenvector centrality, those tied to other
    well-tied members (Bonacich 1972), the leading eigenvector of the adjacency
    matrix (``numpy.linalg.eigh``, or ``scipy.sparse.linalg.eigsh`` for large graphs);
``"random"``
    :math:`m` distinct members drawn uniformly with ``rng``;
an explicit list
    given labels (each must be a node of the graph).

Ties in a centrality are broken by the graph's node order, so the placement is deterministic
for the centrality rules.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy.sparse.linalg import eigsh

from gamegroup._rng import RNGLike, as_generator
from gamegroup._validation import check_choice, check_int, check_type

RULES = ("degree", "betweenness", "eigenvector", "random")
"""Placement rules understood by :func:`committed_members`."""


def _centrality(graph: nx.Graph, rule: str) -> NDArray[np.float64]:
    nodes = list(graph)
    if rule == "degree":
        return np.array([graph.degree(v) for v in nodes], dtype=np.float64)
    if rule == "betweenness":
        values = nx.betweenness_centrality(graph)
        return np.array([values[v] for v in nodes], dtype=np.float64)
    # Eigenvector centrality: the leading eigenvector of the (unweighted) adjacency matrix.
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, dtype=np.float64)
    if len(nodes) <= 500:
        _, vectors = np.linalg.eigh(adjacency.toarray())
        leading = vectors[:, -1]
    else:
        _, vectors = eigsh(adjacency, k=1, which="LA")
        leading = vectors[:, 0]
    # Round so that equal centralities (symmetric positions) tie exactly and keep node order.
    return np.round(np.abs(leading), 12)


def committed_members(
    graph: nx.Graph,
    count: int | None = None,
    *,
    rule: str | Sequence[Hashable] = "degree",
    rng: RNGLike = None,
) -> tuple[Hashable, ...]:
    """Choose the committed members of a graph by centrality, at random or from a list.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected graph (weights are ignored by the centralities).
    count : int, optional
        Number ``m`` of committed members, ``0 <= m <= n``. Required for the named rules;
        must be omitted (or equal the list's length) with an explicit list.
    rule : {"degree", "betweenness", "eigenvector", "random"} or sequence of node labels
        How to choose (see the module docstring).
    rng : None, int, SeedSequence, BitGenerator or Generator
        Randomness for ``rule="random"`` (SPEC 7).

    Returns
    -------
    tuple
        Node labels, most central first for the centrality rules.

    Raises
    ------
    TypeError
        If ``graph`` is not a networkx graph or ``count`` is not an integer.
    ValueError
        If ``rule`` is an unknown name, ``count`` is missing or out of range, or a listed member
        is not a node of the graph or is listed twice.

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on betweenness. Sociometry,
    40, 35–41. Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
    Social Networks, 1, 215–239. Bonacich, P. (1972). Factoring and weighting approaches to
    status scores and clique identification. J. Math. Sociology, 2, 113–120.

    Examples
    --------
    The hub of a star is the most central member by every measure:

    >>> star = nx.star_graph(5)
    >>> committed_members(star, 1, rule="degree"), committed_members(star, 1, rule="betweenness")
    ((0,), (0,))
    >>> committed_members(nx.path_graph(5), 1, rule="betweenness")
    (2,)
    >>> committed_members(star, rule=[3, 4])
    (3, 4)
    >>> committed_members(star, 2, rule="random", rng=1) == committed_members(star, 2, rule="random", rng=1)
    True
    """
    check_type(graph, "graph", nx.Graph, "a networkx graph")
    n = graph.number_of_nodes()
    if not isinstance(rule, str):
        members: Any = rule
        try:
            listed = tuple(members)
        except TypeError:
            raise TypeError(
                f"`rule` must be one of {', '.join(repr(r) for r in RULES)} or a sequence of "
                f"node labels; got {type(rule).__name__}."
            ) from None
        missing = [v for v in listed if v not in graph]
        if missing:
            raise ValueError(f"`rule` lists members that are not nodes of the graph: {missing!r}.")
        if len(set(listed)) != len(listed):
            raise ValueError(f"`rule` lists a member more than once: {list(listed)!r}.")
        if count is not None and check_int(count, "count", minimum=0) != len(listed):
            raise ValueError(
                f"`count` must equal the number of listed members ({len(listed)}); got {count}."
            )
        return listed
    name = check_choice(rule, "rule", RULES)
    if count is None:
        raise ValueError(f"`count` is required with `rule`={name!r}.")
    m = check_int(count, "count", minimum=0, maximum=n)
    nodes = list(graph)
    if name == "random":
        picked = as_generator(rng).choice(n, size=m, replace=False)
        return tuple(nodes[i] for i in picked)
    scores = _centrality(graph, name)
    order = np.argsort(-scores, kind="stable")[:m]
    return tuple(nodes[i] for i in order)
