r"""Price-competition markets on a weighted market layer, solved in closed form.

Members :math:`i = 0, \dots, n-1` with constant marginal costs :math:`c_i \ge 0` sell on a market
layer with overlaps :math:`w_{ij} \ge 0` (strengths :math:`s_i = \sum_j w_{ij}`, Laplacian
:math:`L = \operatorname{diag}(s) - W`). ``layer=None`` means the complete layer with unit
weights: every member competes with every other. Each market model gives the equilibrium for
given costs, the outcome of any action profile, every member's best response to the others'
actions, and the joint-profit-maximising (collusive) outcome.

Differentiated Bertrand (:class:`Bertrand`, prices are chosen)
    Demand, with market sizes :math:`m_i > 0`, intercept :math:`a > 0` and substitutability
    :math:`\gamma \ge 0`:

    .. math:: q_i = m_i (a - p_i) - \gamma \sum_j w_{ij} (p_i - p_j),
              \qquad q = A - B p,\; A = a\,m,\; B = \operatorname{diag}(m) + \gamma L.

    Customers move between members whose prices differ, but total demand
    :math:`\sum_i q_i = \sum_i m_i (a - p_i)` does not depend on :math:`\gamma`: competition
    intensity changes how strongly members steal each other's customers, not the size of the
    market. This is the normalisation of Shubik & Levitan (1980), generalised to a weighted
    layer; on the complete layer with :math:`m_i = 1/n` and :math:`\gamma = \mu / n^2` it is
    their demand :math:`q_i = \frac{1}{n}[a - p_i - \mu (p_i - \bar p)]`
    (:meth:`Bertrand.shubik_levitan`). :math:`B` is symmetric positive definite, so the demand
    comes from the quadratic utility :math:`U(q) = q^\top B^{-1} A - \tfrac12 q^\top B^{-1} q`
    and consumer surplus is :math:`\tfrac12 q^\top B^{-1} q = \tfrac12 q^\top (a\mathbf 1 - p)`
    (because :math:`B\mathbf 1 = m`).
    With :math:`b_i = m_i + \gamma s_i = -\partial q_i / \partial p_i`, the first-order
    conditions :math:`q_i = b_i (p_i - c_i)` give the margins :math:`x = p - c` as the solution
    of

    .. math:: G x = A - B c, \qquad G = 2\operatorname{diag}(b) - \gamma W,

    strictly diagonally dominant, so the equilibrium exists and is unique for every
    :math:`\gamma`; :math:`q = b \circ x` and :math:`\pi = b \circ x^2`. The joint profit is
    maximal at :math:`p = (a\mathbf 1 + c) / 2`, each member's monopoly price.

Cournot (:class:`Cournot`, quantities are chosen)
    Inverse demand with the analogous normalisation (at equal quantities the price does not
    depend on :math:`\gamma`):

    .. math:: p_i = a - \frac{q_i}{m_i} + \gamma \sum_j w_{ij} (q_i - q_j),
              \qquad p = a\mathbf 1 - K q,\; K = \operatorname{diag}(1/m) - \gamma L.

    Own slope :math:`k_i = 1/m_i - \gamma s_i` must be positive, and :math:`K` positive
    semi-definite (concave utility :math:`U = a \mathbf 1^\top q - \tfrac12 q^\top K q`), i.e.
    :math:`\gamma\, \lambda_{\max}(M^{1/2} L M^{1/2}) \le 1`: a market layer whose spectral
    radius is too large for the substitutability is refused with the condition that failed. On
    the complete unit layer with :math:`m_i = 1/n` and :math:`\gamma = \mu/(1+\mu)` this is the
    inverse Shubik–Levitan demand (:meth:`Cournot.shubik_levitan`); :math:`\gamma = 1` is the
    homogeneous market :math:`p = a - \sum_j q_j` (:meth:`Cournot.homogeneous`). The equilibrium
    solves :math:`(K + \operatorname{diag} k)\, q = a\mathbf 1 - c`; margins are
    :math:`k \circ q`, profits :math:`k \circ q^2`, consumer surplus
    :math:`\tfrac12 q^\top K q`; the joint optimum solves :math:`2 K q = a \mathbf 1 - c`.

Homogeneous Bertrand (:class:`HomogeneousBertrand`, perfect substitutes)
    Demand :math:`D(P) = m \max(a - P, 0)` goes to the lowest price, split equally at ties.
    In equilibrium the lowest-cost member prices at :math:`\min(c_{(2)}, (a + c_{(1)})/2)` and
    serves the market (the limit of undercutting; Tirole 1988, ch. 5); with tied lowest costs
    the price equals that cost and profits are zero.

Price-taking (:class:`PriceTaking`)
    Each member sells a fixed quantity :math:`\bar q_i` at the given price :math:`P`; profits
    :math:`(P - c_i)\bar q_i` are linear in the member's own cost and do not depend on anyone
    else's, so the knowledge-sharing game built on it is a public-goods game.

Every equilibrium is the solution of one sparse symmetric positive-definite linear system: by
Cholesky factorisation up to 200 members and by Jacobi-preconditioned conjugate gradients to
a relative residual of :math:`10^{-13}` above (falling back to a sparse LU factorisation if it
stalls). Nothing is iterated on best responses. Where a formula leaves its region (a negative
quantity, a negative price, a non-concave utility), a ``ValueError`` names the member and the
condition; nothing is clipped.

The **pass-through matrix** :math:`\partial \pi_i / \partial c_j` (``pass_through=`` of
``equilibrium``) measures the competitive motive: how much a rival's cheaper cost costs a
member. With :math:`G y = r_0 - C c` and :math:`\pi_i = o_i y_i^2` it is
:math:`-2\, o_i y_i (G^{-1} C)_{ij}`. Dense, it is formed by a dense solve up to
:data:`PASS_THROUGH_LIMIT` members. ``pass_through="sparse"`` gives it for markets of any size
as a :class:`scipy.sparse.csr_array`: each column :math:`G^{-1} C e_j` is relaxed locally
(:func:`gamegroup._linear_solvers.push_residual`) to residual :math:`\theta`, which bounds its
error by :math:`\theta z` with :math:`z \ge M^{-1}\mathbf 1` verified for the comparison matrix
:math:`M` (Varah 1975, entrywise); :math:`\theta` keeps every entry's error below half of
``pass_through_tolerance`` and entries below the other half are not stored, so every entry,
stored or not, is within the tolerance. On a spatial layer of mean degree 10 a column keeps
about 200 entries at :math:`10^{-9}`.

References
----------
Shubik, M., & Levitan, R. (1980). *Market Structure and Behavior*. Harvard University Press.

Singh, N., & Vives, X. (1984). Price and quantity competition in a differentiated duopoly.
*RAND Journal of Economics*, 15(4), 546–554.

Tirole, J. (1988). *The Theory of Industrial Organization*. MIT Press.

Varah, J. M. (1975). A lower bound for the smallest singular value of a matrix. *Linear Algebra
and its Applications*, 11(1), 3–5.

Vives, X. (1999). *Oligopoly Pricing: Old Ideas and New Tools*. MIT Press.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx
import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import ArrayLike, NDArray

from gamegroup._linear_solvers import (
    Push,
    conjugate_gradient,
    push_workspace,
    relaxation_for,
    truncated_response_columns,
    verified_inverse_bound,
)
from gamegroup._results import Result, result_type
from gamegroup._validation import (
    check_choice,
    check_finite_array,
    check_int,
    check_real,
    check_tolerance,
    check_values,
)
from gamegroup.networks.graph import CSRGraph, to_csr
from gamegroup.networks.layers import TwoLayerNetwork

if TYPE_CHECKING:
    import pandas as pd

DENSE_LIMIT = 200
"""Largest market solved with a dense Cholesky factorisation; larger ones use sparse methods.

Kept small on purpose: on sparse market layers conjugate gradients beat a dense factorisation
from a few hundred members on, and multi-threaded dense linear algebra stalls badly on a busy
machine."""

PASS_THROUGH_LIMIT = 5000
"""Largest market for which the dense pass-through matrix is formed."""

_CG_TOLERANCE = 1e-13
_REGION_TOLERANCE = 1e-12

LayerLike: TypeAlias = CSRGraph | TwoLayerNetwork | nx.Graph | None


# -- results ---------------------------------------------------------------------------------
@result_type
class MarketOutcome(Result):
    r"""Prices, quantities and profits of every member at one action profile.

    Attributes
    ----------
    prices, quantities, margins, profits : numpy.ndarray
        Shape ``(n,)``; ``margins = prices - costs`` and ``profits = margins * quantities``.
    consumer_surplus : float
        Total consumer surplus (0 for :class:`PriceTaking`, whose buyers are outside the model).
    pass_through : numpy.ndarray, scipy.sparse.csr_array or None
        ``pass_through[i, j]`` is :math:`\partial \pi_i / \partial c_j`, the derivative of
        member ``i``'s equilibrium profit with respect to member ``j``'s cost (negative on the
        diagonal; positive off it where ``j`` is a substitute). ``None`` unless requested;
        sparse if requested so (see :meth:`Bertrand.equilibrium`).
    model : str
        Name of the market model and of the solution concept (``"bertrand equilibrium"``, ...).

    Examples
    --------
    >>> outcome = Bertrand(substitutability=0.0).equilibrium([0.2, 0.4])
    >>> outcome.prices, outcome.profits
    (array([0.6, 0.7]), array([0.16, 0.09]))
    >>> outcome.to_frame().columns.tolist()
    ['member', 'price', 'quantity', 'margin', 'profit']
    """

    prices: NDArray[np.float64]
    quantities: NDArray[np.float64]
    margins: NDArray[np.float64]
    profits: NDArray[np.float64]
    consumer_surplus: float
    pass_through: NDArray[np.float64] | sp.csr_array | None
    model: str

    @property
    def n_members(self) -> int:
        """Number of members."""
        return int(self.prices.size)

    @property
    def total_profit(self) -> float:
        """Sum of the members' profits."""
        return float(self.profits.sum())

    @property
    def welfare(self) -> float:
        """Total profit plus consumer surplus."""
        return self.total_profit + self.consumer_surplus

    def to_frame(self) -> pd.DataFrame:
        """One row per member: ``member``, ``price``, ``quantity``, ``margin``, ``profit``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "member": np.arange(self.n_members),
                "price": self.prices,
                "quantity": self.quantities,
                "margin": self.margins,
                "profit": self.profits,
            }
        )


@result_type
class BestResponses(Result):
    """Each member's best response to the others' actions, and the profit it earns.

    Attributes
    ----------
    actions : numpy.ndarray
        ``actions[i]`` is member ``i``'s best price (or quantity) when everyone else keeps the
        action in the profile. Where the best profit is only approached (undercutting a rival
        under perfect substitutes), the limit action is given.
    profits : numpy.ndarray
        ``profits[i]`` is the profit of that best response, the *deviation profit* against the
        profile (the supremum where it is not attained).
    attained : numpy.ndarray
        Boolean; ``False`` where ``profits[i]`` is a supremum that no action attains.
    variable : str
        ``"price"`` or ``"quantity"``.

    Examples
    --------
    >>> market = Cournot.homogeneous(2)
    >>> market.best_responses([0.25, 0.25], [0.0, 0.0]).actions
    array([0.375, 0.375])
    """

    actions: NDArray[np.float64]
    profits: NDArray[np.float64]
    attained: NDArray[np.bool_]
    variable: str


# -- shared checks and linear algebra ----------------------------------------------------------
def _check_costs(costs: ArrayLike, name: str = "costs") -> NDArray[np.float64]:
    values = check_finite_array(costs, name, ndim=1)
    if values.size < 1:
        raise ValueError(f"`{name}` must have at least one entry (one per member); got none.")
    if np.any(values < 0):
        where = int(np.argmax(values < 0))
        raise ValueError(
            f"`{name}` must be non-negative marginal costs; got {values[where]:g} for member "
            f"{where}."
        )
    return values


def _check_profile(
    actions: ArrayLike, costs: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Check an action profile and the costs: both non-negative, one entry per member."""
    values = _check_costs(costs)
    profile = _check_costs(actions, "actions")
    if profile.size != values.size:
        raise ValueError(
            f"`actions` must have one entry per member ({values.size}); got {profile.size}."
        )
    return profile, values


PASS_THROUGH_FORMS = ("dense", "sparse")


def _pass_through_form(value: Any, n: int) -> str | None:
    """Check the ``pass_through`` argument: ``None`` (not wanted), ``"dense"`` or ``"sparse"``."""
    if isinstance(value, (bool, np.bool_)):
        value = "dense" if value else None
    elif not isinstance(value, str):
        raise TypeError(
            "`pass_through` must be False, True (the dense matrix), 'dense' or 'sparse'; got "
            f"{type(value).__name__}."
        )
    else:
        value = check_choice(value, "pass_through", PASS_THROUGH_FORMS)
    if value == "dense" and n > PASS_THROUGH_LIMIT:
        raise ValueError(
            f"`pass_through` as a dense n x n matrix is limited to {PASS_THROUGH_LIMIT} members, "
            f"got {n}; pass pass_through='sparse' for a sparse matrix with every entry within "
            "`pass_through_tolerance`."
        )
    return value


def _matrix_from_entries(
    entries: dict[tuple[int, int], float], n: int, form: str
) -> NDArray[np.float64] | sp.csr_array:
    """Return the n x n matrix with the given nonzero entries, dense or sparse (``form``)."""
    if form == "sparse":
        if not entries:
            return sp.csr_array((n, n))
        rows, columns = zip(*entries, strict=True)
        return sp.csr_array((list(entries.values()), (rows, columns)), shape=(n, n))
    matrix = np.zeros((n, n))
    for (i, j), value in entries.items():
        matrix[i, j] = value
    return matrix


def _outcome(
    prices: NDArray[np.float64],
    quantities: NDArray[np.float64],
    costs: NDArray[np.float64],
    consumer_surplus: float,
    model: str,
    pass_through: NDArray[np.float64] | sp.csr_array | None = None,
) -> MarketOutcome:
    """Assemble a :class:`MarketOutcome` (margins and profits follow from the rest)."""
    margins = prices - costs
    return MarketOutcome(
        prices=prices,
        quantities=quantities,
        margins=margins,
        profits=margins * quantities,
        consumer_surplus=consumer_surplus,
        pass_through=pass_through,
        model=model,
    )


def _sizes_for(market_size: float | NDArray[np.float64], n: int) -> NDArray[np.float64]:
    if isinstance(market_size, np.ndarray):
        if market_size.size != n:
            raise ValueError(
                f"`market_size` has {market_size.size} entries but the market has {n} members."
            )
        return market_size
    return np.full(n, market_size)


def _layer_matrix(layer: LayerLike, n: int) -> sp.csr_array:
    """Return the market overlap matrix ``W`` for ``n`` members (checked)."""
    if layer is None:
        dense = np.ones((n, n)) - np.eye(n)
        return sp.csr_array(dense)
    if isinstance(layer, TwoLayerNetwork):
        graph = layer.market
    elif isinstance(layer, CSRGraph):
        graph = layer
        if graph.weights.size and (
            not np.all(np.isfinite(graph.weights)) or np.any(graph.weights < 0)
        ):
            raise ValueError("`layer` edge weights must be finite and >= 0.")
    elif isinstance(layer, nx.Graph):
        graph = to_csr(layer, "layer", low=0.0, low_inclusive=True)
    else:
        raise TypeError(
            "`layer` must be None (every member competes with every other), a "
            f"TwoLayerNetwork, a CSRGraph or a networkx graph; got {type(layer).__name__}."
        )
    if graph.n_nodes != n:
        raise ValueError(
            f"`costs` must have one entry per member of the market layer ({graph.n_nodes}); "
            f"got {n}."
        )
    return graph.adjacency()


def _layer_size(layer: LayerLike, default: int) -> int:
    if isinstance(layer, TwoLayerNetwork):
        return layer.n_members
    if isinstance(layer, CSRGraph):
        return layer.n_nodes
    if isinstance(layer, nx.Graph):
        return layer.number_of_nodes()
    return default


class _SPDSolver:
    """Solve ``G y = r`` for a symmetric positive-definite ``G`` (dense Cholesky or sparse CG)."""

    __slots__ = ("_diagonal", "_factor", "_indices", "_indptr", "_matrix")

    def __init__(self, matrix: sp.csr_array) -> None:
        self._matrix = matrix
        self._factor: Any = None
        if matrix.shape[0] <= DENSE_LIMIT:
            self._factor = scipy.linalg.cho_factor(matrix.toarray(), lower=True)
        else:
            matrix.sort_indices()
            self._indptr = matrix.indptr.astype(np.int64)
            self._indices = matrix.indices.astype(np.int64)
            self._diagonal = matrix.diagonal()

    @property
    def matrix(self) -> sp.csr_array:
        return self._matrix

    def solve(self, rhs: NDArray[np.float64]) -> NDArray[np.float64]:
        if self._factor is not None:
            return np.asarray(scipy.linalg.cho_solve(self._factor, rhs))
        if rhs.ndim == 2:
            return np.column_stack([self.solve(rhs[:, k]) for k in range(rhs.shape[1])])
        solution, _, converged = conjugate_gradient(
            self._indptr,
            self._indices,
            self._matrix.data,
            self._diagonal,
            np.ascontiguousarray(rhs, dtype=np.float64),
            _CG_TOLERANCE,
            10 * self._matrix.shape[0],
        )
        if not converged:  # stalled (ill-conditioned): fall back to a direct factorisation
            solution = spla.spsolve(self._matrix.tocsc(), rhs)
        return np.asarray(solution, dtype=np.float64)


def _negative_entry_error(
    values: NDArray[np.float64], what: str, argument: str, model: str, hint: str
) -> None:
    scale = max(1.0, float(np.max(np.abs(values)))) if values.size else 1.0
    bad = np.flatnonzero(values < -_REGION_TOLERANCE * scale)
    if bad.size:
        i = int(bad[0])
        more = "" if bad.size == 1 else f" (and {bad.size - 1} more members)"
        raise ValueError(
            f"`{argument}` put member {i} outside the region where the {model} formulas hold: "
            f"it would have a negative {what} ({values[i]:.6g}){more}. {hint}"
        )


@dataclasses.dataclass(frozen=True)
class _LocalForm:
    r"""What local solves with a strictly diagonally dominant :math:`G` need (private).

    ``push`` and ``relaxation`` are the arguments of the push kernel; ``comparison`` is the
    comparison matrix :math:`M` (the diagonal minus the absolute off-diagonal entries, an
    M-matrix, :math:`|G^{-1} x| \le M^{-1} |x|`) and ``ones_bound`` a verified upper bound
    :math:`z \ge M^{-1} \mathbf 1`; ``dominance`` is :math:`\min_i (g_i - \sum_{j \ne i}
    |G_{ij}|) > 0`.
    """

    push: Push
    relaxation: float
    comparison: sp.csr_array
    ones_bound: NDArray[np.float64]
    dominance: float


class _LinearSystem:
    """One linear-demand market on one layer: ``G y = r0 - C c``, profits ``own * y**2``.

    For Bertrand ``y`` are the margins and ``C = B``; for Cournot ``y`` are the quantities and
    ``C = I``. ``coupling`` is the sign of the off-diagonal entries of ``G`` (``-1`` for
    Bertrand, ``+1`` for Cournot), which are ``coupling * substitutability * W``.
    """

    __slots__ = (
        "coupling",
        "demand_intercept",
        "kind",
        "market_size",
        "n",
        "own",
        "r0",
        "solver",
        "strengths",
        "substitutability",
        "weights",
    )

    def __init__(
        self,
        kind: str,
        weights: sp.csr_array,
        substitutability: float,
        demand_intercept: float,
        market_size: NDArray[np.float64],
    ) -> None:
        self.kind = kind
        self.n = weights.shape[0]
        self.weights = weights
        self.substitutability = substitutability
        self.demand_intercept = demand_intercept
        self.market_size = market_size
        self.strengths = np.asarray(weights.sum(axis=1)).ravel()
        gamma = substitutability
        if kind == "bertrand":
            self.own = market_size + gamma * self.strengths
            self.r0 = demand_intercept * market_size
            self.coupling = -1.0
        else:
            self.own = 1.0 / market_size - gamma * self.strengths
            self.r0 = np.full(self.n, demand_intercept)
            self.coupling = 1.0
            self._check_cournot()
        matrix = sp.diags_array(2.0 * self.own) + (self.coupling * gamma) * weights
        self.solver = _SPDSolver(sp.csr_array(matrix))

    def _check_cournot(self) -> None:
        gamma = self.substitutability
        bad = np.flatnonzero(self.own <= 0)
        if bad.size:
            i = int(bad[0])
            raise ValueError(
                "`substitutability` is too large for this market layer: Cournot needs every "
                "member's own output to lower its own price, substitutability x market_size x "
                f"strength < 1; member {i} has {gamma:g} x {self.market_size[i]:g} x "
                f"{self.strengths[i]:g} = {gamma * self.market_size[i] * self.strengths[i]:g}."
            )
        if gamma == 0 or np.all(self.own - gamma * self.strengths >= 0):
            return  # diagonally dominant: K is positive semi-definite
        root = np.sqrt(self.market_size)
        laplacian = sp.diags_array(self.strengths) - self.weights
        scaled = sp.csr_array(sp.diags_array(root) @ laplacian @ sp.diags_array(root))
        # Gershgorin bound on S^-1 (M^1/2 L M^1/2) S with S = diag(root * strengths), a similar
        # matrix: cheap and often tight enough to avoid an eigenvalue computation.
        scale = np.where(self.strengths > 0, root * self.strengths, 1.0)
        bound = float(np.max((np.abs(scaled) @ scale) / scale))
        if gamma * bound <= 1.0:
            return
        if self.n <= DENSE_LIMIT:
            largest = float(np.linalg.eigvalsh(scaled.toarray())[-1])
        else:
            largest = float(spla.eigsh(sp.csr_array(scaled), k=1, which="LA")[0][0])
        if gamma * largest > 1.0 + 1e-10:
            raise ValueError(
                "`substitutability` is too large for this market layer: the Cournot inverse "
                "demand matrix K = diag(1/market_size) - substitutability x Laplacian must be "
                "positive semi-definite (consumers' utility concave), i.e. substitutability x "
                f"spectral radius of M^1/2 L M^1/2 <= 1; got {gamma:g} x {largest:.6g} = "
                f"{gamma * largest:.6g}. Lower `substitutability` to at most {1 / largest:.6g}."
            )

    def respond(self, actions: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return the other side of the demand system at ``actions`` (``(n,)`` or ``(n, k)``).

        Bertrand: quantities ``r0 - own p + gamma W p`` at prices ``p``; Cournot: prices
        ``r0 - (own q + gamma W q)`` at quantities ``q``.
        """
        base = self.r0 if actions.ndim == 1 else self.r0[:, None]
        own = self.own if actions.ndim == 1 else self.own[:, None]
        spill = self.substitutability * (self.weights @ actions)
        if self.kind == "bertrand":
            return np.asarray(base - own * actions + spill)
        return np.asarray(base - (own * actions + spill))

    # -- the cost side ----------------------------------------------------------------------
    def rhs(self, costs: NDArray[np.float64]) -> NDArray[np.float64]:
        """Right-hand side ``r0 - C c`` (``costs`` may be ``(n,)`` or ``(n, k)``)."""
        if self.kind == "bertrand":
            return self.respond(costs)  # the demand at prices equal to costs
        base = self.r0 if costs.ndim == 1 else self.r0[:, None]
        return base - costs

    def local_form(self) -> _LocalForm | None:
        """Return the system in the form local solves need (``None``: not diagonally dominant)."""
        self.weights.sort_indices()
        gamma = self.substitutability
        diagonal = 2.0 * self.own
        spill = gamma * self.strengths  # sum_j |G_ij| off the diagonal
        dominance = float((diagonal - spill).min())
        if dominance <= 0:
            return None
        comparison = sp.csr_array(sp.diags_array(diagonal) - gamma * self.weights)
        comparison.sort_indices()
        push = (
            self.weights.indptr.astype(np.int64),
            self.weights.indices.astype(np.int64),
            self.coupling * gamma * self.weights.data,
            diagonal,
        )
        return _LocalForm(
            push=push,
            relaxation=relaxation_for(float(np.max(spill / diagonal))),
            comparison=comparison,
            ones_bound=verified_inverse_bound(comparison, np.ones(self.n), None),
            dominance=dominance,
        )

    def cost_operator(self) -> sp.csr_array:
        """Return the matrix ``C`` with ``r = r0 - C c``."""
        if self.kind == "bertrand":
            return sp.csr_array(sp.diags_array(self.own) - self.substitutability * self.weights)
        return sp.csr_array(sp.eye_array(self.n))

    def state(self, costs: NDArray[np.float64]) -> NDArray[np.float64]:
        """Equilibrium ``y`` (margins or quantities) for ``costs`` of shape ``(n,)`` or ``(n, k)``."""
        return self.solver.solve(self.rhs(costs))

    def check_state(self, y: NDArray[np.float64], argument: str = "costs") -> None:
        what = "quantity" if self.kind == "cournot" else "margin (price below cost)"
        hint = (
            "The member's cost is too high against the demand intercept and its rivals' costs; "
            "lower it, or lower the substitutability."
        )
        _negative_entry_error(y, what, argument, f"linear {self.kind} equilibrium", hint)

    def outcome(
        self,
        costs: NDArray[np.float64],
        y: NDArray[np.float64],
        pass_through: str | None,
        tolerance: float = 0.0,
    ) -> MarketOutcome:
        """Assemble the outcome at the solution ``y``; ``pass_through``: see :func:`_pass_through_form`."""
        if self.kind == "bertrand":
            margins, quantities = y, self.own * y
        else:
            margins, quantities = self.own * y, y
        prices = costs + margins
        surplus = 0.5 * float(quantities @ (self.demand_intercept - prices))
        matrix: Any = None
        if pass_through == "dense":
            matrix = self.pass_through(y)
        elif pass_through == "sparse":
            matrix = self.sparse_pass_through(y, tolerance)
        return MarketOutcome(
            prices=prices,
            quantities=quantities,
            margins=margins,
            profits=self.own * y * y,
            consumer_surplus=surplus,
            pass_through=matrix,
            model=f"{self.kind} equilibrium",
        )

    def pass_through(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """Dense ``d pi_i / d c_j = -2 own_i y_i (G^-1 C)_ij``."""
        dense = self.solver.matrix.toarray()
        response = np.linalg.solve(dense, self.cost_operator().toarray())
        return -2.0 * (self.own * y)[:, None] * response

    def sparse_pass_through(self, y: NDArray[np.float64], tolerance: float) -> sp.csr_array:
        r"""``d pi_i / d c_j`` as a sparse matrix, every entry within ``tolerance`` (see below).

        Column :math:`j` is :math:`-2\, o_i y_i (G^{-1} C e_j)_i`. With :math:`G` strictly
        diagonally dominant it is relaxed locally to residual :math:`\theta`, so its error is
        at most :math:`2 o_i |y_i| \theta z_i \le \varepsilon / 2` with :math:`z \ge M^{-1}
        \mathbf 1` verified (:class:`_LocalForm`); entries of at most :math:`\varepsilon / 2`
        are dropped, so every entry, stored or not, is within :math:`\varepsilon` of the exact
        derivative. Otherwise (up to :data:`PASS_THROUGH_LIMIT` members) the dense matrix is
        computed and its entries of at most :math:`\varepsilon` dropped.
        """
        form = self.local_form()
        if form is None:
            if self.n > PASS_THROUGH_LIMIT:
                raise ValueError(
                    "`pass_through='sparse'` relaxes the market's linear system locally, which "
                    "needs it strictly diagonally dominant (2 x own slope > substitutability x "
                    "strength for every member); this market is not, and with more than "
                    f"{PASS_THROUGH_LIMIT} members ({self.n}) the dense matrix is not formed "
                    "either. Lower the substitutability."
                )
            dense = self.pass_through(y)
            dense[np.abs(dense) <= tolerance] = 0.0
            return sp.csr_array(dense)
        row_scale = -2.0 * self.own * y
        largest = float(np.max(np.abs(row_scale) * form.ones_bound))
        threshold = 0.5 * tolerance / largest if largest > 0 else np.inf
        cost = sp.csc_array(self.cost_operator())
        cost.sort_indices()
        cost_indptr, cost_indices = cost.indptr.astype(np.int64), cost.indices.astype(np.int64)
        n = self.n
        workspace, flags = push_workspace(n)
        work_y, work_residual = np.zeros(n), np.zeros(n)
        column_start = np.zeros(n + 1, dtype=np.int64)
        rows = np.zeros(16 * n, dtype=np.int64)  # grown as needed
        values = np.zeros(16 * n)
        column = 0
        while column < n:
            column = truncated_response_columns(
                column,
                cost_indptr,
                cost_indices,
                cost.data,
                form.push,
                threshold,
                form.relaxation,
                row_scale,
                0.5 * tolerance,
                work_y,
                work_residual,
                workspace,
                flags,
                rows,
                values,
                column_start,
            )
            if column < 0:  # pragma: no cover - G is strictly diagonally dominant
                raise RuntimeError(f"the local relaxation of column {-1 - column} did not converge")
            if column < n:  # out of room: grow and continue from that column
                rows = np.concatenate((rows, np.zeros(rows.size, dtype=np.int64)))
                values = np.concatenate((values, np.zeros(values.size)))
        stored = int(column_start[n])
        matrix = sp.csc_array((values[:stored], rows[:stored], column_start), shape=(n, n)).tocsr()
        matrix.sort_indices()
        return matrix


# -- market models -----------------------------------------------------------------------------
class Market(ABC):
    """Interface of every market model (see the module documentation for the models).

    Every method takes the members' marginal ``costs`` and the market ``layer`` (``None``: the
    complete layer with unit weights, every member competing with every other; or a
    :class:`~gamegroup.networks.TwoLayerNetwork`, a
    :class:`~gamegroup.networks.CSRGraph` or a networkx graph with weights >= 0).

    Examples
    --------
    >>> isinstance(Cournot(substitutability=0.1), Market)
    True
    """

    __slots__ = ()

    #: ``"price"`` or ``"quantity"``: what members choose.
    strategic_variable: str = "price"

    @abstractmethod
    def equilibrium(
        self,
        costs: ArrayLike,
        layer: LayerLike = None,
        *,
        pass_through: bool | str = False,
        pass_through_tolerance: float = 1e-9,
    ) -> MarketOutcome:
        """Return the equilibrium for the given marginal costs."""

    @abstractmethod
    def outcome(
        self, actions: ArrayLike, costs: ArrayLike, layer: LayerLike = None
    ) -> MarketOutcome:
        """Return quantities, profits and surplus at an arbitrary action profile."""

    @abstractmethod
    def best_responses(
        self, actions: ArrayLike, costs: ArrayLike, layer: LayerLike = None
    ) -> BestResponses:
        """Return each member's best response to the others' actions in ``actions``."""

    @abstractmethod
    def collusive(self, costs: ArrayLike, layer: LayerLike = None) -> MarketOutcome:
        """Return the outcome that maximises the members' joint profit."""

    def _parameters(self) -> tuple[Any, ...]:
        return tuple(getattr(self, "_" + name) for name in self._parameter_names())

    def _parameter_names(self) -> tuple[str, ...]:
        return ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            np.array_equal(a, b)
            if isinstance(a, np.ndarray) or isinstance(b, np.ndarray)
            else a == b
            for a, b in zip(self._parameters(), other._parameters(), strict=True)  # type: ignore[attr-defined]
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        parts = []
        for name, value in zip(self._parameter_names(), self._parameters(), strict=True):
            shown = f"<array ({value.size},)>" if isinstance(value, np.ndarray) else f"{value:g}"
            parts.append(f"{name}={shown}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, name):
            raise AttributeError(f"{type(self).__name__} is immutable; build a new one instead.")
        object.__setattr__(self, name, value)


class _LinearMarket(Market):
    """Shared implementation of the two linear-demand models on a market layer."""

    __slots__ = ("_demand_intercept", "_market_size", "_substitutability")
    _kind = "bertrand"

    def __init__(
        self,
        *,
        substitutability: float,
        demand_intercept: float = 1.0,
        market_size: float | ArrayLike = 1.0,
    ) -> None:
        self._substitutability = check_real(substitutability, "substitutability", low=0.0)
        self._demand_intercept = check_real(
            demand_intercept, "demand_intercept", low=0.0, low_inclusive=False
        )
        self._market_size = check_values(market_size, "market_size", low=0.0, low_inclusive=False)

    def _parameter_names(self) -> tuple[str, ...]:
        return ("substitutability", "demand_intercept", "market_size")

    @property
    def substitutability(self) -> float:
        r"""Competition intensity :math:`\gamma \ge 0`."""
        return self._substitutability

    @property
    def demand_intercept(self) -> float:
        """Demand intercept :math:`a > 0` (the choke price of a member's own customers)."""
        return self._demand_intercept

    @property
    def market_size(self) -> float | NDArray[np.float64]:
        """Market size :math:`m` (one value, or one per member)."""
        return self._market_size

    #: What the market's ``outcome`` computes from the actions, and where its formulas hold.
    _responds_with: tuple[str, str, str] = ("", "", "")

    def _outcome_at(
        self,
        actions: NDArray[np.float64],
        values: NDArray[np.float64],
        system: _LinearSystem,
        argument: str,
    ) -> MarketOutcome:
        response = system.respond(actions)
        what, model, hint = self._responds_with
        _negative_entry_error(response, what, argument, model, hint)
        prices, quantities = (
            (actions, response) if self._kind == "bertrand" else (response, actions)
        )
        return _outcome(
            prices,
            quantities,
            values,
            0.5 * float(quantities @ (self._demand_intercept - prices)),
            f"{self._kind} outcome",
        )

    def _system(self, layer: LayerLike, n: int) -> _LinearSystem:
        return _LinearSystem(
            self._kind,
            _layer_matrix(layer, n),
            self._substitutability,
            self._demand_intercept,
            _sizes_for(self._market_size, n),
        )

    def equilibrium(
        self,
        costs: ArrayLike,
        layer: LayerLike = None,
        *,
        pass_through: bool | str = False,
        pass_through_tolerance: float = 1e-9,
    ) -> MarketOutcome:
        r"""Return the equilibrium for the given marginal costs (one sparse linear solve).

        Parameters
        ----------
        costs : array_like
            Marginal costs :math:`c_i \ge 0`, one per member.
        layer : TwoLayerNetwork, CSRGraph, networkx.Graph or None
            The market layer; ``None`` is the complete layer with unit weights.
        pass_through : bool or {"dense", "sparse"}
            Also return :math:`\partial \pi_i / \partial c_j`: ``True`` or ``"dense"`` as
            a dense array (at most :data:`PASS_THROUGH_LIMIT` members); ``"sparse"`` as a
            :class:`scipy.sparse.csr_array` in which every entry, stored or not, is within
            ``pass_through_tolerance`` of the exact derivative (computed column by column by
            local relaxation, for markets of any size).
        pass_through_tolerance : float
            Accuracy of the sparse pass-through (default :math:`10^{-9}`).

        Returns
        -------
        MarketOutcome

        Raises
        ------
        ValueError
            If a cost is negative or not finite, ``costs`` does not match the layer, a member
            would sell a negative quantity at a price below its cost, or (Cournot) the
            substitutability is too large for the layer.
        TypeError
            If ``layer`` is of another kind.

        Examples
        --------
        >>> Bertrand(substitutability=1.0).equilibrium([0.2, 0.2]).prices
        array([0.466667, 0.466667])

        The pass-through on a path of three members, dense and sparse (a member's profit rises
        with its rivals' costs, most with its direct neighbours'):

        >>> import networkx as nx
        >>> market = Bertrand(substitutability=1.0)
        >>> dense = market.equilibrium([0.2, 0.2, 0.2], nx.path_graph(3), pass_through=True)
        >>> dense.pass_through.round(4)
        array([[-0.486 ,  0.1388,  0.0231],
               [ 0.119 , -0.595 ,  0.119 ],
               [ 0.0231,  0.1388, -0.486 ]])
        >>> sparse = market.equilibrium([0.2, 0.2, 0.2], nx.path_graph(3), pass_through="sparse")
        >>> sparse.pass_through
        <Compressed Sparse Row sparse array of dtype 'float64'
            with 9 stored elements and shape (3, 3)>
        >>> bool(abs(sparse.pass_through.toarray() - dense.pass_through).max() <= 1e-9)
        True
        """
        values = _check_costs(costs)
        form = _pass_through_form(pass_through, values.size)
        tolerance = check_tolerance(pass_through_tolerance, "pass_through_tolerance")
        system = self._system(layer, values.size)
        state = system.state(values)
        system.check_state(state)
        return system.outcome(values, state, form, tolerance)

    def best_responses(
        self, actions: ArrayLike, costs: ArrayLike, layer: LayerLike = None
    ) -> BestResponses:
        """Return each member's best response to the others' actions, and its profit.

        Member ``i``'s best response maximises its own profit when every other member keeps
        its action in ``actions``. If no positive quantity is profitable it sells nothing
        (profit 0): a Bertrand member then quotes the price at which its demand is zero (0 if
        even a zero price leaves it no demand), a Cournot member the quantity 0.

        Parameters
        ----------
        actions : array_like
            Prices (Bertrand) or quantities (Cournot), one per member, non-negative.
        costs : array_like
            Marginal costs.
        layer : TwoLayerNetwork, CSRGraph, networkx.Graph or None

        Returns
        -------
        BestResponses

        Raises
        ------
        ValueError
            If an action or cost is negative or not finite, or the lengths differ.

        Examples
        --------
        Deviation from the joint-profit-maximising prices of a duopoly:

        >>> market = Bertrand(substitutability=1.0)
        >>> collusive = market.collusive([0.0, 0.0])
        >>> reply = market.best_responses(collusive.prices, [0.0, 0.0])
        >>> bool(reply.profits[0] > collusive.profits[0])
        True
        """
        profile, values = _check_profile(actions, costs)
        system = self._system(layer, values.size)
        own = system.own
        # Member i's demand (Bertrand) or price (Cournot) if its own action were 0.
        intercept = system.respond(profile) + own * profile
        if self._kind == "bertrand":
            margin = np.maximum(intercept - own * values, 0.0) / (2.0 * own)
            choke = np.maximum(intercept / own, 0.0)  # price at which its demand is zero
            best = np.where(margin > 0, values + margin, choke)
            profit = own * margin * margin
        else:
            best = np.maximum(intercept - values, 0.0) / (2.0 * own)
            profit = own * best * best
        return BestResponses(
            actions=best,
            profits=profit,
            attained=np.ones(values.size, dtype=bool),
            variable=self.strategic_variable,
        )


class Bertrand(_LinearMarket):
    r"""Differentiated price competition on a market layer, Shubik–Levitan normalised.

    Demand :math:`q = A - Bp` with :math:`B = \operatorname{diag}(m) + \gamma L` (see the
    module documentation): raising :math:`\gamma` moves customers towards cheaper rivals but
    leaves total demand unchanged.

    Parameters
    ----------
    substitutability : float
        :math:`\gamma \ge 0`; 0 makes every member a monopolist on its own customers.
    demand_intercept : float
        :math:`a > 0`.
    market_size : float or array_like
        :math:`m > 0`, one value or one per member.

    Raises
    ------
    ValueError
        If a parameter is out of range or not finite.
    TypeError
        If a parameter is not a number.

    References
    ----------
    Shubik, M., & Levitan, R. (1980). *Market Structure and Behavior*. Harvard University Press.

    Singh, N., & Vives, X. (1984). Price and quantity competition in a differentiated duopoly.
    *RAND Journal of Economics*, 15(4), 546–554.

    Examples
    --------
    Two members on one tie, the cheaper one sells more and earns more:

    >>> market = Bertrand(substitutability=1.0)
    >>> outcome = market.equilibrium([0.1, 0.3])
    >>> outcome.prices.round(4), outcome.profits.round(4)
    (array([0.4267, 0.5067]), array([0.2134, 0.0854]))
    """

    __slots__ = ()
    _kind = "bertrand"
    strategic_variable = "price"
    _responds_with = (
        "quantity",
        "linear Bertrand demand",
        "Linear demand is defined only where every quantity is non-negative.",
    )

    @classmethod
    def shubik_levitan(
        cls, n_members: int, *, substitutability: float, demand_intercept: float = 1.0
    ) -> Bertrand:
        r"""Return the Shubik–Levitan market of ``n_members`` firms (use with ``layer=None``).

        Demand :math:`q_i = \frac1n [a - p_i - \mu (p_i - \bar p)]`, i.e. this model on the
        complete unit layer with :math:`m = 1/n` and :math:`\gamma = \mu / n^2`.

        Raises
        ------
        ValueError
            If ``n_members < 1`` or ``substitutability`` :math:`\mu` is negative.

        Examples
        --------
        >>> market = Bertrand.shubik_levitan(3, substitutability=2.0)
        >>> outcome = market.equilibrium([0.0, 0.0, 0.0])
        >>> bool(np.isclose(outcome.quantities.sum(), 1.0 - outcome.prices[0]))  # total a - p
        True
        """
        n = check_int(n_members, "n_members", minimum=1)
        mu = check_real(substitutability, "substitutability", low=0.0)
        return cls(substitutability=mu / n**2, demand_intercept=demand_intercept, market_size=1 / n)

    def outcome(
        self, actions: ArrayLike, costs: ArrayLike, layer: LayerLike = None
    ) -> MarketOutcome:
        r"""Return quantities, profits and consumer surplus at the prices ``actions``.

        Parameters
        ----------
        actions : array_like
            Prices :math:`p_i \ge 0`, one per member.
        costs : array_like
            Marginal costs.
        layer : TwoLayerNetwork, CSRGraph, networkx.Graph or None

        Returns
        -------
        MarketOutcome

        Raises
        ------
        ValueError
            If a price gives a member negative demand (the linear demand system holds only
            where every quantity is non-negative), or an input is invalid.

        Examples
        --------
        A uniform price of 0.6 with no cost differences: every member sells m (a - p).

        >>> Bertrand(substitutability=2.0).outcome([0.6, 0.6], [0.2, 0.2]).quantities
        array([0.4, 0.4])
        """
        prices, values = _check_profile(actions, costs)
        return self._outcome_at(prices, values, self._system(layer, values.size), "actions")

    def collusive(self, costs: ArrayLike, layer: LayerLike = None) -> MarketOutcome:
        """Return the joint-profit-maximising prices :math:`p = (a + c) / 2` and their outcome.

        Because the substitution terms of the demand sum to zero, the joint optimum is every
        member's monopoly price whatever the layer.

        Raises
        ------
        ValueError
            If at the joint optimum a member would sell a negative quantity (its cost is too
            high against its cheaper rivals'; the joint optimum would shut it down), or an
            input is invalid.

        Examples
        --------
        >>> Bertrand(substitutability=3.0).collusive([0.2, 0.2]).prices
        array([0.6, 0.6])
        """
        values = _check_costs(costs)
        prices = 0.5 * (self._demand_intercept + values)
        outcome = self._outcome_at(prices, values, self._system(layer, values.size), "costs")
        return _relabel(outcome, "bertrand joint-profit maximum")


class Cournot(_LinearMarket):
    r"""Quantity competition on a market layer, with the analogous normalisation.

    Inverse demand :math:`p = a\mathbf 1 - Kq` with :math:`K = \operatorname{diag}(1/m) -
    \gamma L` (see the module documentation). Requires :math:`1/m_i > \gamma s_i` for every
    member and :math:`K \succeq 0`.

    Parameters
    ----------
    substitutability : float
        :math:`\gamma \ge 0`.
    demand_intercept : float
        :math:`a > 0`.
    market_size : float or array_like
        :math:`m > 0`, one value or one per member.

    Raises
    ------
    ValueError
        If a parameter is out of range or not finite.
    TypeError
        If a parameter is not a number.

    References
    ----------
    Shubik, M., & Levitan, R. (1980). *Market Structure and Behavior*. Harvard University Press.

    Singh, N., & Vives, X. (1984). Price and quantity competition in a differentiated duopoly.
    *RAND Journal of Economics*, 15(4), 546–554.

    Examples
    --------
    The textbook duopoly :math:`P = 1 - Q` at zero cost: each sells 1/3 at price 1/3.

    >>> Cournot.homogeneous(2).equilibrium([0.0, 0.0]).quantities
    array([0.333333, 0.333333])
    """

    __slots__ = ()
    _kind = "cournot"
    strategic_variable = "quantity"
    _responds_with = (
        "price",
        "linear Cournot inverse demand",
        "Linear inverse demand is defined only where every price is non-negative.",
    )

    @classmethod
    def homogeneous(
        cls, n_members: int, *, slope: float = 1.0, demand_intercept: float = 1.0
    ) -> Cournot:
        r"""Return the homogeneous-good market :math:`P = a - b Q` of ``n_members`` (``layer=None``).

        This is the model on the complete unit layer with :math:`m = 1/(n b)`,
        :math:`\gamma = b`: own and cross slopes both equal :math:`b`.

        Raises
        ------
        ValueError
            If ``n_members < 1`` or ``slope`` is not positive.

        Examples
        --------
        >>> market = Cournot.homogeneous(3, slope=2.0, demand_intercept=10.0)
        >>> market.equilibrium([1.0, 1.0, 1.0]).quantities  # (a - c) / (b (n + 1))
        array([1.125, 1.125, 1.125])
        """
        n = check_int(n_members, "n_members", minimum=1)
        b = check_real(slope, "slope", low=0.0, low_inclusive=False)
        return cls(substitutability=b, demand_intercept=demand_intercept, market_size=1 / (n * b))

    @classmethod
    def shubik_levitan(
        cls, n_members: int, *, substitutability: float, demand_intercept: float = 1.0
    ) -> Cournot:
        r"""Return the inverse Shubik–Levitan market of ``n_members`` firms (``layer=None``).

        Inverse demand :math:`p_i = a - \frac{n}{1 + \mu}[(1 + \mu/n) q_i + (\mu/n)
        \sum_{j \ne i} q_j]` (the inverse of :meth:`Bertrand.shubik_levitan` with the same
        :math:`\mu`): this model with :math:`m = 1/n` and :math:`\gamma = \mu / (1 + \mu)`.

        Raises
        ------
        ValueError
            If ``n_members < 1`` or ``substitutability`` :math:`\mu` is negative.

        Examples
        --------
        >>> market = Cournot.shubik_levitan(2, substitutability=1.0)
        >>> market.substitutability, market.market_size
        (0.5, 0.5)
        """
        n = check_int(n_members, "n_members", minimum=1)
        mu = check_real(substitutability, "substitutability", low=0.0)
        return cls(
            substitutability=mu / (1 + mu), demand_intercept=demand_intercept, market_size=1 / n
        )

    def outcome(
        self, actions: ArrayLike, costs: ArrayLike, layer: LayerLike = None
    ) -> MarketOutcome:
        r"""Return prices, profits and consumer surplus at the quantities ``actions``.

        Parameters
        ----------
        actions : array_like
            Quantities :math:`q_i \ge 0`, one per member.
        costs : array_like
            Marginal costs.
        layer : TwoLayerNetwork, CSRGraph, networkx.Graph or None

        Returns
        -------
        MarketOutcome

        Raises
        ------
        ValueError
            If the quantities drive a price below zero (the linear inverse demand holds only
            where prices are non-negative), or an input is invalid.

        Examples
        --------
        >>> Cournot.homogeneous(2).outcome([0.25, 0.25], [0.0, 0.0]).prices
        array([0.5, 0.5])
        """
        quantities, values = _check_profile(actions, costs)
        return self._outcome_at(quantities, values, self._system(layer, values.size), "actions")

    def collusive(self, costs: ArrayLike, layer: LayerLike = None) -> MarketOutcome:
        """Return the joint-profit-maximising quantities, solving :math:`2 K q = a - c`.

        When :math:`K` is singular (perfect substitutes on the complete layer) the joint optimum
        is not unique; the minimum-norm solution is returned if one exists (with equal costs:
        an equal split of the monopoly output), otherwise a ``ValueError`` explains that the
        joint optimum concentrates output on the lowest-cost members.

        Raises
        ------
        ValueError
            If a member's quantity would be negative at the joint optimum, no interior joint
            optimum exists, or an input is invalid.

        Examples
        --------
        Monopoly output (a - c) / (2 b), shared equally:

        >>> Cournot.homogeneous(2).collusive([0.0, 0.0]).quantities
        array([0.25, 0.25])
        """
        values = _check_costs(costs)
        system = self._system(layer, values.size)
        target = 0.5 * (system.r0 - values)
        inverse_demand = sp.diags_array(system.own) + self._substitutability * system.weights
        if system.n <= DENSE_LIMIT:
            dense = inverse_demand.toarray()
            eigenvalues, vectors = np.linalg.eigh(dense)
            cutoff = 1e-12 * max(1.0, float(np.abs(eigenvalues).max()))
            keep = eigenvalues > cutoff
            quantities = vectors[:, keep] @ ((vectors[:, keep].T @ target) / eigenvalues[keep])
            residual = float(np.max(np.abs(dense @ quantities - target)))
            if residual > 1e-9 * max(1.0, float(np.max(np.abs(target)))):
                raise ValueError(
                    "`costs` admit no interior joint-profit maximum: with perfect substitutes "
                    "and unequal costs the joint optimum concentrates all output on the "
                    "lowest-cost members."
                )
        else:
            quantities = spla.spsolve(sp.csc_array(inverse_demand), target)
        _negative_entry_error(
            quantities,
            "quantity",
            "costs",
            "Cournot joint-profit maximum",
            "The joint optimum would shut that member down; drop it from the market.",
        )
        return _relabel(self.outcome(quantities, values, layer), "cournot joint-profit maximum")


def _relabel(outcome: MarketOutcome, model: str) -> MarketOutcome:
    return dataclasses.replace(outcome, model=model)


class HomogeneousBertrand(Market):
    r"""Price competition with perfect substitutes: the lowest price takes the whole market.

    Demand :math:`D(P) = m \max(a - P, 0)`, served by the members quoting the lowest price,
    split equally among them. Only ``layer=None`` is supported: every member competes with
    every other.

    Parameters
    ----------
    demand_intercept : float
        :math:`a > 0`.
    market_size : float
        :math:`m > 0`.

    Raises
    ------
    ValueError
        If a parameter is not positive or not finite.

    References
    ----------
    Tirole, J. (1988). *The Theory of Industrial Organization*, ch. 5. MIT Press.

    Examples
    --------
    Equal costs: price equals cost and nobody earns a profit; the collusive price is the
    monopoly price, shared equally.

    >>> market = HomogeneousBertrand()
    >>> market.equilibrium([0.2, 0.2, 0.2]).profits
    array([0., 0., 0.])
    >>> market.collusive([0.2, 0.2, 0.2]).profits
    array([0.053333, 0.053333, 0.053333])
    """

    __slots__ = ("_demand_intercept", "_market_size")
    strategic_variable = "price"

    def __init__(self, *, demand_intercept: float = 1.0, market_size: float = 1.0) -> None:
        self._demand_intercept = check_real(
            demand_intercept, "demand_intercept", low=0.0, low_inclusive=False
        )
        self._market_size = check_real(market_size, "market_size", low=0.0, low_inclusive=False)

    def _parameter_names(self) -> tuple[str, ...]:
        return ("demand_intercept", "market_size")

    @property
    def demand_intercept(self) -> float:
        """Demand intercept :math:`a`."""
        return self._demand_intercept

    @property
    def market_size(self) -> float:
        """Market size :math:`m`."""
        return self._market_size

    def _check_layer(self, layer: LayerLike) -> None:
        if layer is not None:
            raise NotImplementedError(
                "HomogeneousBertrand is one market in which every member competes with every "
                "other; pass `layer=None` (use Bertrand for a market layer)."
            )

    def _demand(self, price: NDArray[np.float64] | float) -> Any:
        return self._market_size * np.maximum(self._demand_intercept - np.asarray(price), 0.0)

    def _monopoly_price(self, costs: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.maximum(0.5 * (self._demand_intercept + costs), costs)

    def equilibrium(
        self,
        costs: ArrayLike,
        layer: LayerLike = None,
        *,
        pass_through: bool | str = False,
        pass_through_tolerance: float = 1e-9,
    ) -> MarketOutcome:
        r"""Return the equilibrium: the lowest-cost member limit-prices at the second-lowest cost.

        With a unique lowest cost :math:`c_{(1)} < c_{(2)}` that member quotes
        :math:`\min(c_{(2)}, (a + c_{(1)})/2)` and serves the whole demand (the limit of
        undercutting by ever smaller amounts); every other member quotes its own cost and
        sells nothing. With tied lowest costs they quote that cost and split the demand at
        zero profit.

        Parameters
        ----------
        costs : array_like
        layer : None
        pass_through : bool or {"dense", "sparse"}
            Also return :math:`\partial \pi_i / \partial c_j` (not defined at tied lowest
            costs, or where the second-lowest cost equals the monopoly price), as a dense
            array (``True`` or ``"dense"``) or a :class:`scipy.sparse.csr_array` (exact).
        pass_through_tolerance : float
            Not used: this pass-through is exact.

        Returns
        -------
        MarketOutcome

        Raises
        ------
        ValueError
            If a cost is invalid, or ``pass_through`` is requested where profits are not
            differentiable.
        NotImplementedError
            If ``layer`` is not ``None``.

        Examples
        --------
        >>> HomogeneousBertrand().equilibrium([0.1, 0.3]).prices
        array([0.3, 0.3])
        """
        self._check_layer(layer)
        values = _check_costs(costs)
        n = values.size
        form = _pass_through_form(pass_through, n)
        check_tolerance(pass_through_tolerance, "pass_through_tolerance")
        prices = values.copy()
        quantities = np.zeros(n)
        lowest = float(values.min())
        tied = np.flatnonzero(values == lowest)
        matrix = None
        if n == 1 or tied.size == 1:
            winner = int(tied[0])
            second = np.inf if n == 1 else float(np.partition(values, 1)[1])
            monopoly = float(self._monopoly_price(values[winner : winner + 1])[0])
            price = min(second, monopoly)
            prices[winner] = price
            quantities[winner] = float(self._demand(price))
            if form is not None:
                if second == monopoly:
                    raise ValueError(
                        "`pass_through` is not defined where the second-lowest cost equals the "
                        "monopoly price (profits have a kink there)."
                    )
                entries = {(winner, winner): -float(self._demand(price))}
                if second < monopoly and self._demand_intercept > second:
                    runner = int(np.flatnonzero(values == second)[0])
                    if np.count_nonzero(values == second) > 1:
                        raise ValueError(
                            "`pass_through` is not defined when the second-lowest cost is tied."
                        )
                    entries[winner, runner] = self._market_size * (
                        self._demand_intercept - 2 * second + lowest
                    )
                matrix = _matrix_from_entries(entries, n, form)
        else:
            quantities[tied] = float(self._demand(lowest)) / tied.size
            if form is not None:
                raise ValueError(
                    "`pass_through` is not defined when the lowest costs are tied (profits "
                    "have a kink there)."
                )
        return _outcome(
            prices,
            quantities,
            values,
            self._surplus(float(prices.min())),
            "homogeneous bertrand equilibrium",
            matrix,
        )

    def _surplus(self, price: float) -> float:
        gap = max(self._demand_intercept - price, 0.0)
        return 0.5 * self._market_size * gap * gap

    def outcome(
        self, actions: ArrayLike, costs: ArrayLike, layer: LayerLike = None
    ) -> MarketOutcome:
        """Return the outcome at the prices ``actions``: the lowest price serves the demand.

        Raises
        ------
        ValueError
            If an input is invalid.
        NotImplementedError
            If ``layer`` is not ``None``.

        Examples
        --------
        >>> HomogeneousBertrand().outcome([0.5, 0.5, 0.7], [0.0, 0.0, 0.0]).quantities
        array([0.25, 0.25, 0.  ])
        """
        self._check_layer(layer)
        prices, values = _check_profile(actions, costs)
        lowest = float(prices.min())
        winners = prices == lowest
        quantities = np.where(winners, float(self._demand(lowest)) / np.count_nonzero(winners), 0.0)
        return _outcome(
            prices, quantities, values, self._surplus(lowest), "homogeneous bertrand outcome"
        )

    def best_responses(
        self, actions: ArrayLike, costs: ArrayLike, layer: LayerLike = None
    ) -> BestResponses:
        r"""Return each member's best reply to the others' prices, and its (supremum) profit.

        Against a lowest rival price :math:`\underline p`: above the member's monopoly price
        it quotes that price; between its cost and its monopoly price it undercuts
        :math:`\underline p` by an arbitrarily small amount, earning the supremum
        :math:`(\underline p - c_i) D(\underline p)`, which is not attained
        (``attained=False``, action :math:`\underline p`); at or below its cost it earns 0,
        quoting its cost.

        Raises
        ------
        ValueError
            If an input is invalid.
        NotImplementedError
            If ``layer`` is not ``None``.

        Examples
        --------
        Deviating from the uniform monopoly price of three members grabs the whole market:

        >>> reply = HomogeneousBertrand().best_responses([0.5] * 3, [0.0] * 3)
        >>> reply.profits, reply.attained
        (array([0.25, 0.25, 0.25]), array([False, False, False]))
        """
        self._check_layer(layer)
        prices, values = _check_profile(actions, costs)
        n = values.size
        if n == 1:
            others = np.array([np.inf])
        else:
            order = np.argsort(prices, kind="stable")
            smallest, second = prices[order[0]], prices[order[1]]
            others = np.full(n, smallest)
            others[order[0]] = second
        monopoly = self._monopoly_price(values)
        actions_out = np.empty(n)
        profits = np.empty(n)
        attained = np.ones(n, dtype=bool)
        for i in range(n):
            if others[i] > monopoly[i]:
                actions_out[i] = monopoly[i]
                profits[i] = (monopoly[i] - values[i]) * float(self._demand(monopoly[i]))
            elif others[i] > values[i]:
                actions_out[i] = others[i]
                profits[i] = (others[i] - values[i]) * float(self._demand(others[i]))
                attained[i] = False
            else:
                actions_out[i] = values[i]
                profits[i] = 0.0
        return BestResponses(
            actions=actions_out, profits=profits, attained=attained, variable="price"
        )

    def collusive(self, costs: ArrayLike, layer: LayerLike = None) -> MarketOutcome:
        """Return the joint optimum: the lowest-cost members share the monopoly outcome.

        The lowest-cost members quote the monopoly price :math:`(a + c_{(1)})/2` and split the
        demand equally; the others quote the demand intercept and sell nothing.

        Raises
        ------
        ValueError
            If a cost is invalid.
        NotImplementedError
            If ``layer`` is not ``None``.

        Examples
        --------
        >>> HomogeneousBertrand().collusive([0.0, 0.0]).profits
        array([0.125, 0.125])
        """
        self._check_layer(layer)
        values = _check_costs(costs)
        lowest = float(values.min())
        price = float(self._monopoly_price(np.array([lowest]))[0])
        prices = np.where(values == lowest, price, max(self._demand_intercept, price))
        return _relabel(self.outcome(prices, values), "homogeneous bertrand joint-profit maximum")


class PriceTaking(Market):
    r"""Members sell a fixed quantity at a given price: profits are linear in own cost.

    :math:`\pi_i = (P - c_i)\, \bar q_i`. No member's cost affects another's profit, so
    knowledge shared among price-takers is a pure public good.

    Parameters
    ----------
    price : float
        :math:`P \ge 0`.
    quantity : float or array_like
        :math:`\bar q \ge 0`, one value or one per member (capacity sold).

    Raises
    ------
    ValueError
        If a parameter is negative or not finite.

    References
    ----------
    Mas-Colell, A., Whinston, M. D., & Green, J. R. (1995). *Microeconomic Theory*, ch. 10.
    Oxford University Press.

    Examples
    --------
    >>> PriceTaking(price=1.0, quantity=2.0).equilibrium([0.25, 0.5]).profits
    array([1.5, 1. ])
    """

    __slots__ = ("_price", "_quantity")
    strategic_variable = "quantity"

    def __init__(self, *, price: float = 1.0, quantity: float | ArrayLike = 1.0) -> None:
        self._price = check_real(price, "price", low=0.0)
        self._quantity = check_values(quantity, "quantity", low=0.0)

    def _parameter_names(self) -> tuple[str, ...]:
        return ("price", "quantity")

    @property
    def price(self) -> float:
        """The market price :math:`P`."""
        return self._price

    @property
    def quantity(self) -> float | NDArray[np.float64]:
        r"""Quantity sold by each member, :math:`\bar q`."""
        return self._quantity

    def _quantities(self, layer: LayerLike, n: int) -> NDArray[np.float64]:
        if layer is not None and not isinstance(layer, (TwoLayerNetwork, CSRGraph, nx.Graph)):
            raise TypeError(
                "`layer` must be None, a TwoLayerNetwork, a CSRGraph or a networkx graph; got "
                f"{type(layer).__name__}."
            )
        size = _layer_size(layer, n)
        if size != n:
            raise ValueError(
                f"`costs` must have one entry per member of the market layer ({size}); got {n}."
            )
        if isinstance(self._quantity, np.ndarray):
            if self._quantity.size != n:
                raise ValueError(
                    f"`quantity` has {self._quantity.size} entries but the market has {n} members."
                )
            return self._quantity
        return np.full(n, self._quantity)

    def equilibrium(
        self,
        costs: ArrayLike,
        layer: LayerLike = None,
        *,
        pass_through: bool | str = False,
        pass_through_tolerance: float = 1e-9,
    ) -> MarketOutcome:
        r"""Return profits :math:`(P - c_i)\bar q_i` (the layer only fixes the number of members).

        Raises
        ------
        ValueError
            If a cost is invalid or ``costs`` does not match the layer.

        Examples
        --------
        >>> PriceTaking(price=1.0).equilibrium([0.5, 0.25], pass_through=True).pass_through
        array([[-1.,  0.],
               [ 0., -1.]])
        """
        values = _check_costs(costs)
        check_tolerance(pass_through_tolerance, "pass_through_tolerance")
        quantities = self._quantities(layer, values.size)
        return self.outcome(quantities, values, layer, pass_through=pass_through)

    def outcome(
        self,
        actions: ArrayLike,
        costs: ArrayLike,
        layer: LayerLike = None,
        *,
        pass_through: bool | str = False,
    ) -> MarketOutcome:
        """Return profits :math:`(P - c_i) q_i` for the quantities ``actions``.

        ``pass_through`` is as for :meth:`equilibrium` (the matrix is diagonal and exact).

        Raises
        ------
        ValueError
            If an input is invalid.

        Examples
        --------
        >>> PriceTaking(price=2.0).outcome([1.0, 0.0], [1.0, 1.0]).profits
        array([1., 0.])
        """
        quantities, values = _check_profile(actions, costs)
        self._quantities(layer, values.size)
        prices = np.full(values.size, self._price)
        form = _pass_through_form(pass_through, values.size)
        matrix = None
        if form is not None:
            diagonal = {(i, i): -float(q) for i, q in enumerate(quantities) if q != 0}
            matrix = _matrix_from_entries(diagonal, values.size, form)
        return _outcome(prices, quantities, values, 0.0, "price-taking", matrix)

    def best_responses(
        self, actions: ArrayLike, costs: ArrayLike, layer: LayerLike = None
    ) -> BestResponses:
        """Return each member's best quantity: all it can sell if the price exceeds its cost.

        Raises
        ------
        ValueError
            If an input is invalid.

        Examples
        --------
        >>> PriceTaking(price=1.0).best_responses([1.0, 1.0], [0.5, 1.5]).actions
        array([1., 0.])
        """
        values = _check_costs(costs)
        _check_costs(actions, "actions")
        capacity = self._quantities(layer, values.size)
        best = np.where(self._price > values, capacity, 0.0)
        return BestResponses(
            actions=best,
            profits=(self._price - values) * best,
            attained=np.ones(values.size, dtype=bool),
            variable="quantity",
        )

    def collusive(self, costs: ArrayLike, layer: LayerLike = None) -> MarketOutcome:
        """Return the equilibrium: price-takers have no market power to coordinate.

        Raises
        ------
        ValueError
            If an input is invalid.

        Examples
        --------
        >>> PriceTaking().collusive([0.5]).profits
        array([0.5])
        """
        return _relabel(self.equilibrium(costs, layer), "price-taking")
