r"""Equilibria of games played on networks with continuous efforts.

Members are the nodes of an undirected graph with (weighted) adjacency matrix :math:`G`
(converted once with :func:`gamegroup.networks.to_csr`) and choose efforts :math:`x_i \ge 0`.

**Linear best replies with strategic substitutes** (Bramoullé, Kranton & D'Amours 2014). Member
:math:`i` earns :math:`u_i(x) = \bar x_i x_i - \tfrac12 x_i^2 - \delta x_i \sum_j g_{ij} x_j`, so its
best reply is

.. math:: x_i = \max\Bigl(0,\; \bar x_i - \delta \sum_j g_{ij} x_j\Bigr).

The equilibria are the solutions of the linear complementarity problem
:math:`x \ge 0,\; (I + \delta G) x - \bar x \ge 0,\; x^\top((I + \delta G)x - \bar x) = 0`. The game is
a potential game with potential :math:`\bar x^\top x - \tfrac12 x^\top (I + \delta G) x`; when
:math:`\delta\,|\lambda_{\min}(G)| < 1` the matrix :math:`I + \delta G` is positive definite and the
equilibrium is **unique** for every :math:`\bar x` (their Theorem 1). It is then the minimiser of a
strictly convex quadratic over :math:`x \ge 0`, computed exactly by non-negative least squares
(Lawson & Hanson 1974) on the Cholesky factor.

**Public goods in networks** (Bramoullé & Kranton 2007) is the case :math:`\delta = 1`,
:math:`\bar x_i = e^*` (the effort a member would make alone, :math:`b'(e^*) = c`): a member's
effort and its neighbours' are perfect substitutes. Its **specialised** equilibria, in which
every member makes :math:`e^*` or nothing, are exactly the maximal independent sets of the graph
(specialists are never neighbours, and every non-specialist has one), and such an equilibrium is
**stable** iff every non-specialist is linked to at least two specialists (their Theorem 2).

**Linear–quadratic games with complements** (Ballester, Calvó-Armengol & Zenou 2006). Member
:math:`i` earns :math:`u_i(x) = \alpha x_i - \tfrac12(\beta + \gamma) x_i^2 - \gamma x_i \sum_{j \ne i}
x_j + \lambda x_i \sum_j g_{ij} x_j`. If :math:`\beta > \lambda\,\rho(G)` the unique equilibrium is
interior,

.. math:: x^* = \frac{\alpha}{\beta + \gamma\, b(G, a)}\; \mathbf b(G, a), \qquad
          \mathbf b(G, a) = (I - aG)^{-1}\mathbf 1, \quad a = \lambda / \beta,

proportional to the Katz–Bonacich centralities :math:`\mathbf b` (with total :math:`b`). The
**key player**, whose removal lowers aggregate effort most, maximises the intercentrality
:math:`c_i = b_i^2 / m_{ii}`, :math:`M = (I - aG)^{-1}` (their Theorem 3).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.linalg import solve_triangular

from gamegroup._results import Result, result_type
from gamegroup._validation import check_finite_array, check_int, check_real, check_values
from gamegroup.networks import CSRGraph, to_csr


# --------------------------------------------------------------------------------------------
# game descriptions (data only) with best replies and regret
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class LinearBestReplyGame:
    r"""Effort game with linear best replies and strategic substitutes (see the module docs).

    Attributes
    ----------
    graph : CSRGraph
    substitutability : float
        :math:`\delta \ge 0`.
    standalone : numpy.ndarray
        :math:`\bar x_i > 0`, the effort of a member with no neighbours.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.equilibria import LinearBestReplyGame
    >>> from gamegroup.networks import to_csr
    >>> game = LinearBestReplyGame(to_csr(nx.path_graph(3)), 1.0, np.ones(3))
    >>> game.best_response(np.array([1.0, 0.0, 1.0]))
    array([1., 0., 1.])
    """

    graph: CSRGraph
    substitutability: float
    standalone: NDArray[np.float64]

    def best_response(self, efforts: NDArray[np.float64]) -> NDArray[np.float64]:
        """Each member's best reply to the others' efforts.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.equilibria import LinearBestReplyGame
        >>> from gamegroup.networks import to_csr
        >>> g = LinearBestReplyGame(to_csr(nx.path_graph(2)), 0.5, np.ones(2))
        >>> g.best_response(np.array([1.0, 1.0]))
        array([0.5, 0.5])
        """
        return _best_reply(self._drive(efforts), 1.0)

    def payoffs(self, efforts: NDArray[np.float64]) -> NDArray[np.float64]:
        """Each member's payoff at the effort profile.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.equilibria import LinearBestReplyGame
        >>> from gamegroup.networks import to_csr
        >>> LinearBestReplyGame(to_csr(nx.path_graph(2)), 1.0, np.ones(2)).payoffs(np.ones(2))
        array([-0.5, -0.5])
        """
        return _quadratic_payoffs(self._drive(efforts), 1.0, efforts)

    def regret(self, efforts: ArrayLike, *, relative: bool = False) -> float:
        """Largest gain from a unilateral deviation (relative: over ``max(standalone)**2 / 2``).

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.equilibria import LinearBestReplyGame
        >>> from gamegroup.networks import to_csr
        >>> LinearBestReplyGame(to_csr(nx.path_graph(2)), 1.0, np.ones(2)).regret([1.0, 0.0])
        0.0
        """
        x = _check_efforts(efforts, self.graph.n_nodes)
        value = _largest_gain(self._drive(x), 1.0, x)
        return value / (0.5 * float(self.standalone.max()) ** 2) if relative else value

    def _drive(self, efforts: NDArray[np.float64]) -> NDArray[np.float64]:
        """Coefficient ``d_i`` of the own effort in ``u_i = d_i x_i - c x_i**2 / 2``."""
        return np.asarray(
            self.standalone - self.substitutability * (self.graph.adjacency() @ efforts)
        )


@dataclass(frozen=True, eq=False)
class LinearQuadraticGame:
    r"""Linear–quadratic effort game with local complements (see the module docs).

    Attributes
    ----------
    graph : CSRGraph
    intercept, own_curvature, global_substitutability, complementarity : float
        :math:`\alpha`, :math:`\beta`, :math:`\gamma`, :math:`\lambda` of Ballester et al. (2006).

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.equilibria import LinearQuadraticGame
    >>> from gamegroup.networks import to_csr
    >>> game = LinearQuadraticGame(to_csr(nx.path_graph(2)), 1.0, 1.0, 0.0, 0.5)
    >>> game.best_response(np.array([2.0, 2.0]))
    array([2., 2.])
    """

    graph: CSRGraph
    intercept: float
    own_curvature: float
    global_substitutability: float
    complementarity: float

    def best_response(self, efforts: NDArray[np.float64]) -> NDArray[np.float64]:
        """Each member's best reply to the others' efforts.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.equilibria import LinearQuadraticGame
        >>> from gamegroup.networks import to_csr
        >>> LinearQuadraticGame(to_csr(nx.empty_graph(2)), 1.0, 2.0, 0.0, 0.0).best_response(
        ...     np.zeros(2))
        array([0.5, 0.5])
        """
        return _best_reply(self._drive(efforts), self._curvature)

    def payoffs(self, efforts: NDArray[np.float64]) -> NDArray[np.float64]:
        """Each member's payoff at the effort profile.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.equilibria import LinearQuadraticGame
        >>> from gamegroup.networks import to_csr
        >>> LinearQuadraticGame(to_csr(nx.empty_graph(1)), 1.0, 1.0, 0.0, 0.0).payoffs(np.ones(1))
        array([0.5])
        """
        return _quadratic_payoffs(self._drive(efforts), self._curvature, efforts)

    def regret(self, efforts: ArrayLike, *, relative: bool = False) -> float:
        """Largest gain from a unilateral deviation (relative: over ``alpha**2 / (beta + gamma)``).

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.equilibria import LinearQuadraticGame
        >>> from gamegroup.networks import to_csr
        >>> LinearQuadraticGame(to_csr(nx.empty_graph(1)), 1.0, 1.0, 0.0, 0.0).regret([1.0])
        0.0
        """
        x = _check_efforts(efforts, self.graph.n_nodes)
        value = _largest_gain(self._drive(x), self._curvature, x)
        return value / (self.intercept**2 / self._curvature) if relative else value

    @property
    def _curvature(self) -> float:
        return self.own_curvature + self.global_substitutability

    def _drive(self, efforts: NDArray[np.float64]) -> NDArray[np.float64]:
        """Coefficient ``d_i`` of the own effort in ``u_i = d_i x_i - c x_i**2 / 2``."""
        others = efforts.sum() - efforts
        local = self.graph.adjacency() @ efforts
        return np.asarray(
            self.intercept - self.global_substitutability * others + self.complementarity * local
        )


# Both games pay u_i = d_i x_i - c x_i^2 / 2, where the drive d_i depends on the others' efforts
# only: the best reply is max(0, d_i / c), and the payoff's gain from it follows in closed form.
def _best_reply(drive: NDArray[np.float64], curvature: float) -> NDArray[np.float64]:
    return np.asarray(np.maximum(0.0, drive / curvature))


def _quadratic_payoffs(
    drive: NDArray[np.float64], curvature: float, efforts: NDArray[np.float64]
) -> NDArray[np.float64]:
    return np.asarray(drive * efforts - 0.5 * curvature * efforts**2)


def _largest_gain(
    drive: NDArray[np.float64], curvature: float, efforts: NDArray[np.float64]
) -> float:
    best = _best_reply(drive, curvature)
    gain = drive * (best - efforts) - 0.5 * curvature * (best**2 - efforts**2)
    return max(0.0, float(gain.max()))


def _check_efforts(efforts: ArrayLike, n: int) -> NDArray[np.float64]:
    x = check_finite_array(efforts, "efforts", ndim=1)
    if x.size != n:
        raise ValueError(f"`efforts` must have one entry per member ({n}); got {x.size}.")
    if np.any(x < 0):
        raise ValueError(f"`efforts` must be non-negative; got {x.min():g}.")
    return x


def _standalone(value: ArrayLike | float, n: int) -> NDArray[np.float64]:
    checked = check_values(value, "standalone", size=n, low=0.0, low_inclusive=False)
    return np.full(n, checked) if isinstance(checked, float) else checked


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------
@result_type
class NetworkEquilibrium(Result):
    """An equilibrium of a network effort game.

    Attributes
    ----------
    efforts : numpy.ndarray
        Effort of each member (graph node order).
    nodes : tuple
        Node labels, aligned with ``efforts``.
    regret : float
        Largest gain from a unilateral deviation (payoff units).
    unique : bool
        Whether the uniqueness condition of the model holds.
    success : bool
    message : str
    game : LinearBestReplyGame or LinearQuadraticGame
        The game, for verification (``gamegroup.equilibria.regret(result.game, efforts)``).

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.equilibria import linear_best_reply_equilibrium
    >>> eq = linear_best_reply_equilibrium(nx.path_graph(3), substitutability=0.5)
    >>> eq.efforts, eq.unique
    (array([1., 0., 1.]), True)
    """

    efforts: NDArray[np.float64]
    nodes: tuple[Hashable, ...]
    regret: float
    unique: bool
    success: bool
    message: str
    game: Any


@result_type
class SpecialisedEquilibria(Result):
    """Specialised equilibria of public goods in networks (Bramoullé & Kranton 2007).

    Attributes
    ----------
    specialists : tuple of tuple
        Node labels of the specialists of each equilibrium (a maximal independent set).
    efforts : numpy.ndarray
        Shape ``(M, n)``: efforts (``effort`` for specialists, 0 otherwise).
    stable : numpy.ndarray of bool
        Stability of each (every non-specialist linked to at least two specialists).
    nodes : tuple

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.equilibria import specialised_equilibria
    >>> star = specialised_equilibria(nx.star_graph(3))
    >>> star.specialists, star.stable.tolist()
    (((0,), (1, 2, 3)), [False, True])
    """

    specialists: tuple[tuple[Hashable, ...], ...]
    efforts: NDArray[np.float64]
    stable: NDArray[np.bool_]
    nodes: tuple[Hashable, ...]


@result_type
class KeyPlayer(Result):
    """The key player of a linear–quadratic network game.

    Attributes
    ----------
    node : hashable
        Label of the key player.
    intercentrality : numpy.ndarray
        :math:`b_i^2 / m_{ii}` of every member.
    aggregate_loss : numpy.ndarray
        Drop in total equilibrium effort when each member is removed.
    nodes : tuple

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.equilibria import key_player
    >>> key_player(nx.star_graph(4), complementarity=0.2).node
    0
    """

    node: Hashable
    intercentrality: NDArray[np.float64]
    aggregate_loss: NDArray[np.float64]
    nodes: tuple[Hashable, ...]


# --------------------------------------------------------------------------------------------
# solvers
# --------------------------------------------------------------------------------------------
def _graph(graph: Any) -> CSRGraph:
    return graph if isinstance(graph, CSRGraph) else to_csr(graph, "graph")


def _eigenvalues(graph: CSRGraph) -> NDArray[np.float64]:
    """Eigenvalues of the adjacency matrix, ascending (all 0 without edges)."""
    if graph.n_edges == 0:
        return np.zeros(1)
    return np.asarray(np.linalg.eigvalsh(graph.adjacency().toarray()))


def _best_reply_game(graph: Any, substitutability: Any, standalone: Any) -> LinearBestReplyGame:
    csr = _graph(graph)
    delta = check_real(substitutability, "substitutability", low=0.0)
    return LinearBestReplyGame(csr, delta, _standalone(standalone, csr.n_nodes))


def _best_reply_system(game: LinearBestReplyGame) -> tuple[NDArray[np.float64], bool]:
    """Return the matrix ``I + delta G`` (dense) and whether the equilibrium is unique."""
    delta = game.substitutability
    matrix = np.eye(game.graph.n_nodes) + delta * game.graph.adjacency().toarray()
    return matrix, bool(delta * abs(_eigenvalues(game.graph)[0]) < 1.0)


def _linear_quadratic_game(
    graph: Any,
    complementarity: Any,
    intercept: Any,
    own_curvature: Any,
    global_substitutability: Any,
) -> tuple[LinearQuadraticGame, float]:
    """Return the checked game and the spectral radius of its graph."""
    csr = _graph(graph)
    lam = check_real(complementarity, "complementarity", low=0.0)
    alpha = check_real(intercept, "intercept", low=0.0, low_inclusive=False)
    beta = check_real(own_curvature, "own_curvature", low=0.0, low_inclusive=False)
    gamma = check_real(global_substitutability, "global_substitutability", low=0.0)
    game = LinearQuadraticGame(csr, alpha, beta, gamma, lam)
    return game, float(np.max(np.abs(_eigenvalues(csr))))


def linear_best_reply_equilibrium(
    graph: Any, *, substitutability: float, standalone: ArrayLike | float = 1.0
) -> NetworkEquilibrium:
    r"""Return an equilibrium of the linear best-reply game with strategic substitutes.

    When :math:`\delta |\lambda_{\min}(G)| < 1` the equilibrium is unique and computed exactly
    (non-negative least squares on the Cholesky factor of :math:`I + \delta G`). Otherwise a
    local maximiser of the potential (a stable equilibrium) is found from the standalone
    profile and refined on its active set; ``unique`` is then ``False``.

    Parameters
    ----------
    graph : networkx.Graph or CSRGraph
        Undirected; edge attribute ``"weight"`` scales :math:`g_{ij}` (default 1).
    substitutability : float
        :math:`\delta \ge 0`.
    standalone : float or array_like
        :math:`\bar x_i > 0`.

    Returns
    -------
    NetworkEquilibrium

    Raises
    ------
    TypeError
        If ``graph`` is not an undirected networkx graph.
    ValueError
        If ``substitutability`` is negative or ``standalone`` not positive.

    References
    ----------
    Bramoullé, Y., Kranton, R., & D'Amours, M. (2014). Strategic interaction and networks.
    *American Economic Review*, 104, 898–930.

    Examples
    --------
    On a star with :math:`\delta = 0.4` the centre free-rides on the leaves:

    >>> import networkx as nx
    >>> from gamegroup.equilibria import linear_best_reply_equilibrium
    >>> eq = linear_best_reply_equilibrium(nx.star_graph(4), substitutability=0.4)
    >>> eq.efforts, eq.unique
    (array([0., 1., 1., 1., 1.]), True)
    """
    from scipy.optimize import minimize, nnls  # imported here: slow to import

    game = _best_reply_game(graph, substitutability, standalone)
    csr, xbar = game.graph, game.standalone
    matrix, unique = _best_reply_system(game)
    if unique:
        # 1/2 x'Mx - xbar'x = 1/2 |L'x - L^{-1} xbar|^2 + const with M = L L'.
        factor = np.linalg.cholesky(matrix)
        target = solve_triangular(factor, xbar, lower=True)
        efforts, _ = nnls(factor.T, target)
        efforts = _refine_active_set(matrix, xbar, efforts)
        message = "unique equilibrium (I + delta G positive definite)"
    else:
        potential = minimize(
            lambda x: 0.5 * x @ matrix @ x - xbar @ x,
            xbar.copy(),
            jac=lambda x: matrix @ x - xbar,
            bounds=[(0.0, None)] * csr.n_nodes,
            method="L-BFGS-B",
            options={"ftol": 1e-15, "gtol": 1e-12},
        )
        efforts = _refine_active_set(matrix, xbar, potential.x)
        message = "a stable equilibrium (potential maximiser); equilibria need not be unique"
    value = game.regret(efforts)
    success = value <= 1e-9 * max(1.0, float(xbar.max()) ** 2)
    if not success:
        message += f"; regret {value:.3g} above tolerance"
    return NetworkEquilibrium(efforts, csr.nodes, value, bool(unique), bool(success), message, game)


def _refine_active_set(
    matrix: NDArray[np.float64], xbar: NDArray[np.float64], x: NDArray[np.float64]
) -> NDArray[np.float64]:
    active = np.flatnonzero(x > 1e-9 * max(1.0, float(xbar.max())))
    out = np.zeros_like(x)
    if active.size:
        try:
            out[active] = np.linalg.solve(matrix[np.ix_(active, active)], xbar[active])
        except np.linalg.LinAlgError:
            return np.maximum(x, 0.0)
        if np.any(out[active] < 0):
            return np.maximum(x, 0.0)
    return out


def linear_best_reply_equilibria(
    graph: Any,
    *,
    substitutability: float,
    standalone: ArrayLike | float = 1.0,
    max_nodes: int = 16,
) -> tuple[NetworkEquilibrium, ...]:
    r"""Return every equilibrium of a small linear best-reply game, by active-set enumeration.

    For every set :math:`S` of active members the system :math:`(I + \delta G)_{SS} x_S =
    \bar x_S` is solved and kept when :math:`x_S > 0` and no inactive member wants to start.
    Active sets with a singular system carry a continuum of equilibria (as in
    Bramoullé–Kranton games on complete graphs); they are reported with ``success=False`` and
    one point of the continuum (least-squares).

    Parameters
    ----------
    graph : networkx.Graph or CSRGraph
    substitutability : float
        :math:`\delta \ge 0`.
    standalone : float or array_like
        :math:`\bar x_i > 0`.
    max_nodes : int
        Refuse graphs with more nodes (the enumeration visits :math:`2^n` sets).

    Returns
    -------
    tuple of NetworkEquilibrium
        In the order of the active sets (by size, then lexicographically).

    Raises
    ------
    ValueError
        If the graph has more than ``max_nodes`` nodes, or a parameter is out of range.
    TypeError
        If ``graph`` is not an undirected networkx graph.

    References
    ----------
    Bramoullé, Y., Kranton, R., & D'Amours, M. (2014). Strategic interaction and networks.
    *American Economic Review*, 104, 898–930.

    Examples
    --------
    A path of three members in the Bramoullé–Kranton game (:math:`\delta = 1`): the middle one
    alone, or both ends, specialise.

    >>> import networkx as nx
    >>> from gamegroup.equilibria import linear_best_reply_equilibria
    >>> [eq.efforts.tolist() for eq in linear_best_reply_equilibria(nx.path_graph(3), substitutability=1.0)]
    [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]]
    """
    game = _best_reply_game(graph, substitutability, standalone)
    csr, xbar = game.graph, game.standalone
    limit = check_int(max_nodes, "max_nodes", minimum=1)
    n = csr.n_nodes
    if n > limit:
        raise ValueError(
            f"`graph` has {n} nodes, more than `max_nodes`={limit}; enumeration visits 2**n "
            "active sets. Use linear_best_reply_equilibrium for one equilibrium."
        )
    matrix, unique = _best_reply_system(game)
    interaction = matrix - np.eye(n)  # delta * G, exactly
    scale = max(1.0, float(xbar.max()))
    found = []
    for size in range(1, n + 1):
        for subset in combinations(range(n), size):
            active = np.array(subset)
            block = matrix[np.ix_(active, active)]
            efforts = np.zeros(n)
            singular = abs(np.linalg.det(block)) < 1e-12
            if singular:
                solution, *_ = np.linalg.lstsq(block, xbar[active], rcond=None)
                if np.max(np.abs(block @ solution - xbar[active])) > 1e-9 * scale:
                    continue
            else:
                solution = np.linalg.solve(block, xbar[active])
            if np.any(solution <= 1e-12 * scale):
                continue
            efforts[active] = solution
            inactive = np.setdiff1d(np.arange(n), active)
            pressure = xbar[inactive] - interaction[inactive] @ efforts
            if np.any(pressure > 1e-9 * scale):
                continue
            message = (
                "a continuum of equilibria shares this active set (singular system)"
                if singular
                else "equilibrium"
            )
            found.append(
                NetworkEquilibrium(
                    efforts,
                    csr.nodes,
                    game.regret(efforts),
                    bool(unique),
                    not singular,
                    message,
                    game,
                )
            )
    return tuple(found)


def _maximal_independent_sets(csr: CSRGraph) -> list[tuple[int, ...]]:
    neighbours = [set(csr.neighbours(i).tolist()) for i in range(csr.n_nodes)]
    everyone = set(range(csr.n_nodes))
    out: list[tuple[int, ...]] = []

    def expand(chosen: set[int], candidates: set[int], excluded: set[int]) -> None:
        if not candidates and not excluded:
            out.append(tuple(sorted(chosen)))
            return
        pivot = max(candidates | excluded, key=lambda u: len(candidates - neighbours[u]))
        for v in sorted(candidates & (neighbours[pivot] | {pivot})):
            expand(chosen | {v}, candidates - neighbours[v] - {v}, excluded - neighbours[v] - {v})
            candidates = candidates - {v}
            excluded = excluded | {v}

    expand(set(), everyone, set())
    return sorted(out, key=lambda s: (len(s), s))


def specialised_equilibria(graph: Any, *, effort: float = 1.0) -> SpecialisedEquilibria:
    """Return the specialised equilibria of public goods in networks and their stability.

    Parameters
    ----------
    graph : networkx.Graph or CSRGraph
        Undirected (weights are ignored: neighbours' efforts are perfect substitutes).
    effort : float
        :math:`e^* > 0`, the effort a member makes alone.

    Returns
    -------
    SpecialisedEquilibria
        One per maximal independent set, ordered by size then lexicographically (the number
        can grow exponentially with the graph).

    Raises
    ------
    TypeError
        If ``graph`` is not an undirected networkx graph.
    ValueError
        If ``effort <= 0``.

    References
    ----------
    Bramoullé, Y., & Kranton, R. (2007). Public goods in networks. *Journal of Economic Theory*,
    135, 478–494.

    Examples
    --------
    A cycle of four: the two pairs of opposite members; both are stable.

    >>> import networkx as nx
    >>> from gamegroup.equilibria import specialised_equilibria
    >>> result = specialised_equilibria(nx.cycle_graph(4))
    >>> result.specialists, result.stable.tolist()
    (((0, 2), (1, 3)), [True, True])
    """
    csr = _graph(graph)
    level = check_real(effort, "effort", low=0.0, low_inclusive=False)
    sets = _maximal_independent_sets(csr)
    n = csr.n_nodes
    efforts = np.zeros((len(sets), n))
    stable = np.zeros(len(sets), dtype=bool)
    for row, chosen in enumerate(sets):
        efforts[row, list(chosen)] = level
        specialist = np.zeros(n, dtype=bool)
        specialist[list(chosen)] = True
        counts = np.array([specialist[csr.neighbours(i)].sum() for i in range(n)])
        stable[row] = bool(np.all(counts[~specialist] >= 2))
    return SpecialisedEquilibria(
        specialists=tuple(tuple(csr.nodes[i] for i in chosen) for chosen in sets),
        efforts=efforts,
        stable=stable,
        nodes=csr.nodes,
    )


def _bonacich(csr: CSRGraph, decay: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    n = csr.n_nodes
    matrix = np.eye(n) - decay * csr.adjacency().toarray()
    inverse = np.linalg.inv(matrix)
    return inverse.sum(axis=1), inverse


def linear_quadratic_equilibrium(
    graph: Any,
    *,
    complementarity: float,
    intercept: float = 1.0,
    own_curvature: float = 1.0,
    global_substitutability: float = 0.0,
) -> NetworkEquilibrium:
    r"""Return the equilibrium of the linear–quadratic game from Katz–Bonacich centrality.

    Parameters
    ----------
    graph : networkx.Graph or CSRGraph
    complementarity : float
        :math:`\lambda \ge 0`, strength of local complementarities.
    intercept : float
        :math:`\alpha > 0`.
    own_curvature : float
        :math:`\beta > 0`.
    global_substitutability : float
        :math:`\gamma \ge 0`.

    Returns
    -------
    NetworkEquilibrium
        ``unique`` is :math:`\beta > \lambda \rho(G)`; when it fails, no interior equilibrium
        exists in general and ``success`` is ``False``.

    Raises
    ------
    TypeError
        If ``graph`` is not an undirected networkx graph.
    ValueError
        If a parameter is out of range.

    References
    ----------
    Ballester, C., Calvó-Armengol, A., & Zenou, Y. (2006). Who's who in networks. Wanted: the
    key player. *Econometrica*, 74, 1403–1417.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.equilibria import linear_quadratic_equilibrium
    >>> eq = linear_quadratic_equilibrium(nx.star_graph(2), complementarity=0.2)
    >>> eq.efforts.round(4)
    array([1.5217, 1.3043, 1.3043])
    """
    game, radius = _linear_quadratic_game(
        graph, complementarity, intercept, own_curvature, global_substitutability
    )
    csr, lam, alpha = game.graph, game.complementarity, game.intercept
    beta, gamma = game.own_curvature, game.global_substitutability
    unique = beta > lam * radius
    if not unique:
        efforts = np.full(csr.n_nodes, np.nan)
        return NetworkEquilibrium(
            efforts,
            csr.nodes,
            float("nan"),
            False,
            False,
            f"beta={beta:g} <= lambda * spectral radius = {lam * radius:g}: no interior "
            "equilibrium (Ballester et al. 2006, Theorem 1)",
            game,
        )
    centrality, _ = _bonacich(csr, lam / beta)
    efforts = alpha / (beta + gamma * centrality.sum()) * centrality
    value = game.regret(efforts)
    success = value <= 1e-9 * max(1.0, alpha**2 / (beta + gamma))
    return NetworkEquilibrium(
        efforts,
        csr.nodes,
        value,
        True,
        bool(success),
        "unique interior equilibrium (Katz–Bonacich centrality)",
        game,
    )


def key_player(
    graph: Any,
    *,
    complementarity: float,
    intercept: float = 1.0,
    own_curvature: float = 1.0,
    global_substitutability: float = 0.0,
) -> KeyPlayer:
    r"""Return the key player of the linear–quadratic game: the one with highest intercentrality.

    Parameters
    ----------
    graph, complementarity, intercept, own_curvature, global_substitutability
        As for :func:`linear_quadratic_equilibrium`; :math:`\beta > \lambda \rho(G)` is required.

    Returns
    -------
    KeyPlayer
        ``aggregate_loss[i]`` is the drop of total equilibrium effort when member ``i`` is
        removed (computed from the intercentralities); ties go to the first node.

    Raises
    ------
    ValueError
        If :math:`\beta \le \lambda \rho(G)` or a parameter is out of range.
    TypeError
        If ``graph`` is not an undirected networkx graph.

    References
    ----------
    Ballester, C., Calvó-Armengol, A., & Zenou, Y. (2006). Who's who in networks. Wanted: the
    key player. *Econometrica*, 74, 1403–1417.

    Examples
    --------
    The bridge between two triangles is the key player:

    >>> import networkx as nx
    >>> from gamegroup.equilibria import key_player
    >>> graph = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (3, 5)])
    >>> key_player(graph, complementarity=0.2).node in (2, 3)
    True
    """
    game, radius = _linear_quadratic_game(
        graph, complementarity, intercept, own_curvature, global_substitutability
    )
    csr, lam, alpha = game.graph, game.complementarity, game.intercept
    beta, gamma = game.own_curvature, game.global_substitutability
    if beta <= lam * radius:
        raise ValueError(
            f"`complementarity` must satisfy own_curvature > complementarity * spectral radius "
            f"({beta:g} > {lam:g} * {radius:g}) for the equilibrium to exist."
        )
    centrality, inverse = _bonacich(csr, lam / beta)
    intercentrality = centrality**2 / np.diag(inverse)
    total = centrality.sum()
    after = total - intercentrality  # Katz-Bonacich total of the graph without member i
    aggregate = alpha * total / (beta + gamma * total)
    loss = aggregate - alpha * after / (beta + gamma * after)
    best = int(np.argmax(intercentrality))
    return KeyPlayer(csr.nodes[best], intercentrality, loss, csr.nodes)


__all__ = [
    "KeyPlayer",
    "LinearBestReplyGame",
    "LinearQuadraticGame",
    "NetworkEquilibrium",
    "SpecialisedEquilibria",
    "key_player",
    "linear_best_reply_equilibria",
    "linear_best_reply_equilibrium",
    "linear_quadratic_equilibrium",
    "specialised_equilibria",
]
