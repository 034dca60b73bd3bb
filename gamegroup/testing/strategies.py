"""Hypothesis strategies for games, mixed profiles, population states and networks.

Use them in your own property-based tests exactly as gamegroup's suite does::

    from hypothesis import given
    from gamegroup.testing import strategies as ggst

    @given(ggst.normal_form_games(), ggst.seeds())
    def test_something(game, seed): ...

Size arguments accept either a fixed value or a Hypothesis strategy drawing it. Payoffs are
finite by construction. ``degenerate=True`` draws payoffs from a handful of small integers, so
ties (degenerate games) are common; ``degenerate=False`` draws continuous values, for which
ties have probability zero.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.typing import NDArray

from gamegroup._combinatorics import n_compositions
from gamegroup.games import Automaton, BimatrixGame, NormalFormGame, SymmetricGame
from gamegroup.networks import TwoLayerNetwork

IntOrStrategy = int | st.SearchStrategy[int]


def _as_strategy(value: IntOrStrategy | st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def payoff_values(*, degenerate: bool = False, bound: float = 10.0) -> st.SearchStrategy[float]:
    """Strategy for single payoff entries.

    Parameters
    ----------
    degenerate : bool
        Draw from the integers ``-3..3`` (many ties) instead of continuous values.
    bound : float
        Continuous values lie in ``[-bound, bound]``.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(payoff_values(degenerate=True))
    ... def check(value):
    ...     assert value in {-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0}
    >>> check()
    """
    if degenerate:
        return st.integers(-3, 3).map(float)
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def seeds() -> st.SearchStrategy[int]:
    """Strategy for integer seeds to pass as ``rng`` (SPEC 7).

    Examples
    --------
    >>> from hypothesis import given
    >>> from gamegroup._rng import as_generator
    >>> @given(seeds())
    ... def check(seed):
    ...     assert as_generator(seed).random() == as_generator(seed).random()
    >>> check()
    """
    return st.integers(0, 2**32 - 1)


@st.composite
def simplex_points(
    draw: st.DrawFn, n_strategies: IntOrStrategy, *, boundary: bool = True
) -> NDArray[np.float64]:
    """Strategy for points of the probability simplex with ``n_strategies`` entries.

    Parameters
    ----------
    n_strategies : int or strategy
        Number of entries (``>= 1``).
    boundary : bool
        Include points on faces and vertices (entries exactly 0), which are where dynamics
        and solvers most often go wrong.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(simplex_points(3))
    ... def check(x):
    ...     assert x.shape == (3,) and abs(x.sum() - 1) < 1e-12 and (x >= 0).all()
    >>> check()
    """
    k = draw(_as_strategy(n_strategies))
    if k < 1:
        raise ValueError(f"`n_strategies` must be >= 1; got {k}.")
    if boundary and draw(st.booleans()) and draw(st.booleans()):
        vertex = np.zeros(k)
        vertex[draw(st.integers(0, k - 1))] = 1.0
        return vertex
    weight = st.floats(1e-3, 1.0) if not boundary else st.one_of(st.just(0.0), st.floats(1e-3, 1.0))
    weights = np.array(draw(st.lists(weight, min_size=k, max_size=k)))
    if weights.sum() == 0.0:
        weights[draw(st.integers(0, k - 1))] = 1.0
    point = weights / weights.sum()
    # Put the rounding error of the division on the largest entry so the sum is 1 to ~1 ulp.
    point[np.argmax(point)] += 1.0 - point.sum()
    return point


@st.composite
def normal_form_games(
    draw: st.DrawFn,
    *,
    n_players: IntOrStrategy = st.integers(2, 3),  # noqa: B008
    n_actions: IntOrStrategy = st.integers(1, 3),  # noqa: B008
    degenerate: bool | st.SearchStrategy[bool] = st.booleans(),  # noqa: B008
) -> NormalFormGame:
    """Strategy for N-player normal-form games.

    Parameters
    ----------
    n_players : int or strategy
        Number of players.
    n_actions : int or strategy
        Drawn independently for each player.
    degenerate : bool or strategy
        See :func:`payoff_values`.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(normal_form_games(n_players=3, n_actions=2))
    ... def check(game):
    ...     assert game.payoffs.shape == (3, 2, 2, 2)
    >>> check()
    """
    n = draw(_as_strategy(n_players))
    sizes = tuple(draw(_as_strategy(n_actions)) for _ in range(n))
    ties = draw(_as_strategy(degenerate))
    payoffs = draw(hnp.arrays(np.float64, (n, *sizes), elements=payoff_values(degenerate=ties)))
    return NormalFormGame(payoffs)


@st.composite
def bimatrix_games(
    draw: st.DrawFn,
    *,
    rows: IntOrStrategy = st.integers(1, 4),  # noqa: B008
    columns: IntOrStrategy = st.integers(1, 4),  # noqa: B008
    degenerate: bool | st.SearchStrategy[bool] = st.booleans(),  # noqa: B008
) -> BimatrixGame:
    """Strategy for bimatrix games.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(bimatrix_games(rows=2, columns=3))
    ... def check(game):
    ...     assert game.shape == (2, 3)
    >>> check()
    """
    m = draw(_as_strategy(rows))
    n = draw(_as_strategy(columns))
    ties = draw(_as_strategy(degenerate))
    elements = payoff_values(degenerate=ties)
    A = draw(hnp.arrays(np.float64, (m, n), elements=elements))
    B = draw(hnp.arrays(np.float64, (m, n), elements=elements))
    return BimatrixGame(A, B)


@st.composite
def symmetric_games(
    draw: st.DrawFn,
    *,
    n_strategies: IntOrStrategy = st.integers(2, 3),  # noqa: B008
    group_size: IntOrStrategy = st.integers(2, 5),  # noqa: B008
    degenerate: bool | st.SearchStrategy[bool] = st.booleans(),  # noqa: B008
) -> SymmetricGame:
    """Strategy for symmetric N-player games (tables over co-player compositions).

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(symmetric_games(n_strategies=2, group_size=4))
    ... def check(game):
    ...     assert game.payoffs.shape == (2, 4)
    >>> check()
    """
    k = draw(_as_strategy(n_strategies))
    n = draw(_as_strategy(group_size))
    ties = draw(_as_strategy(degenerate))
    table = draw(
        hnp.arrays(
            np.float64, (k, n_compositions(n - 1, k)), elements=payoff_values(degenerate=ties)
        )
    )
    return SymmetricGame(table, group_size=n)


@st.composite
def mixed_profiles(
    draw: st.DrawFn, game_or_n_actions: NormalFormGame | tuple[int, ...], *, boundary: bool = True
) -> tuple[NDArray[np.float64], ...]:
    """Strategy for mixed profiles of a game (one simplex point per player).

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(mixed_profiles((2, 3)))
    ... def check(profile):
    ...     assert [p.shape for p in profile] == [(2,), (3,)]
    >>> check()
    """
    sizes = (
        game_or_n_actions.n_actions
        if isinstance(game_or_n_actions, NormalFormGame)
        else tuple(game_or_n_actions)
    )
    return tuple(draw(simplex_points(size, boundary=boundary)) for size in sizes)


@st.composite
def population_states(
    draw: st.DrawFn, population_size: IntOrStrategy, n_strategies: IntOrStrategy
) -> NDArray[np.int64]:
    """Strategy for states of a finite population: ``k`` non-negative counts summing to ``Z``.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(population_states(10, 3))
    ... def check(state):
    ...     assert state.sum() == 10 and state.shape == (3,) and (state >= 0).all()
    >>> check()
    """
    z = draw(_as_strategy(population_size))
    k = draw(_as_strategy(n_strategies))
    cuts = sorted(draw(st.lists(st.integers(0, z), min_size=k - 1, max_size=k - 1)))
    edges = np.array([0, *cuts, z])
    return np.diff(edges).astype(np.int64)


@st.composite
def graphs(
    draw: st.DrawFn,
    *,
    n_nodes: IntOrStrategy = st.integers(1, 10),  # noqa: B008
    connected: bool | None = None,
    weighted: bool = False,
    weight_range: tuple[float, float] = (0.05, 1.0),
) -> nx.Graph:
    """Strategy for small undirected simple graphs with nodes ``0..n-1``.

    Parameters
    ----------
    n_nodes : int or strategy
        Number of nodes (``>= 1``).
    connected : bool or None
        ``True``: always connected (a random spanning tree plus extra edges); ``False``: never
        connected (requires at least 2 nodes); ``None``: either.
    weighted : bool
        Give every edge a ``"weight"`` in ``weight_range`` (default (0.05, 1], as for trust).
    weight_range : tuple of float
        Bounds of the weights.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(graphs(n_nodes=6, connected=True, weighted=True))
    ... def check(graph):
    ...     assert nx.is_connected(graph) and graph.number_of_nodes() == 6
    >>> check()
    """
    n = draw(_as_strategy(n_nodes))
    if connected is False and n < 2:
        raise ValueError("`connected=False` needs at least 2 nodes.")
    graph = nx.empty_graph(n)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = set(draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else [])
    if connected:
        order = draw(st.permutations(range(n)))
        for position in range(1, n):
            parent = order[draw(st.integers(0, position - 1))]
            first, second = sorted((order[position], parent))
            chosen.add((first, second))
    elif connected is False:
        # Keep the last node isolated from the others.
        chosen = {(i, j) for i, j in chosen if j != n - 1}
    graph.add_edges_from(sorted(chosen))
    if weighted:
        low, high = weight_range
        for u, v in graph.edges:
            graph.edges[u, v]["weight"] = draw(st.floats(low, high, exclude_min=True))
    return graph


@st.composite
def two_layer_networks(
    draw: st.DrawFn,
    *,
    n_members: IntOrStrategy = st.integers(2, 8),  # noqa: B008
    market_connected: bool | None = None,
    with_group: bool | st.SearchStrategy[bool] = False,
) -> TwoLayerNetwork:
    """Strategy for small :class:`~gamegroup.networks.TwoLayerNetwork` objects.

    Both layers are drawn with :func:`graphs` on the members ``0..n-1`` with weights in
    (0.05, 1]; the market layer can be forced to be connected.

    Parameters
    ----------
    n_members : int or strategy
        Number of members (``>= 2``).
    market_connected : bool or None
        Passed to :func:`graphs` as ``connected`` for the market layer.
    with_group : bool or strategy
        Add one explicit group of at least two members.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(two_layer_networks(n_members=5, market_connected=True, with_group=True))
    ... def check(network):
    ...     assert network.n_members == 5 and network.market.is_connected
    ...     assert len(network.groups) == 1 and network.groups[0].size >= 2
    >>> check()
    """
    n = draw(_as_strategy(n_members))
    trust = draw(graphs(n_nodes=n, weighted=True))
    market = draw(graphs(n_nodes=n, weighted=True, connected=market_connected))
    groups = None
    if draw(_as_strategy(with_group)):
        members = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=n, unique=True))
        groups = [sorted(members)]
    return TwoLayerNetwork(trust, market, groups=groups)


@st.composite
def automata(
    draw: st.DrawFn,
    observed_shape: tuple[int, ...] = (2, 2),
    *,
    n_states: IntOrStrategy = st.integers(1, 3),  # noqa: B008
    deterministic: bool = True,
) -> Automaton:
    """Strategy for finite automata (repeated-game strategies) observing profiles of a shape.

    Parameters
    ----------
    observed_shape : tuple of int
        ``(n_own_actions, n_other_actions, ...)``, as in :class:`~gamegroup.games.Automaton`.
    n_states : int or strategy
        Number of states.
    deterministic : bool
        Pure actions in every state; otherwise each state draws a mixed action.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(automata((2, 2), n_states=2))
    ... def check(automaton):
    ...     assert automaton.n_states == 2 and automaton.observed_shape == (2, 2)
    >>> check()
    """
    m = draw(_as_strategy(n_states))
    own = observed_shape[0]
    if deterministic:
        actions: Any = np.array(draw(st.lists(st.integers(0, own - 1), min_size=m, max_size=m)))
        actions = actions.astype(np.int64)
    else:
        actions = np.stack([draw(simplex_points(own)) for _ in range(m)])
    size = int(np.prod(observed_shape))
    table = draw(st.lists(st.integers(0, m - 1), min_size=m * size, max_size=m * size))
    transitions = np.array(table, dtype=np.int64).reshape(m, *observed_shape)
    initial = draw(st.integers(0, m - 1))
    return Automaton(actions, transitions, initial_state=initial, n_actions=own)
