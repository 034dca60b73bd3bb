r"""The knowledge-sharing ("coopetition") stage game on a trust layer and a market layer.

Members :math:`i = 0, \dots, n-1` of a :class:`~gamegroup.networks.TwoLayerNetwork` (trust
weights :math:`t_{ij} \in (0, 1]`, market overlaps :math:`w_{ij} \ge 0`, optional disjoint
groups :math:`g`) play one round:

1. **Sharing.** Each member chooses :math:`s_i \in \{0, 1\}` (``sharing="binary"``) or
   :math:`s_i \in [0, 1]` (``sharing="continuous"``) and pays
   :math:`\kappa s_i + \tfrac12 \eta s_i^2` (``sharing_cost``, ``sharing_cost_convexity``).
2. **Knowledge flow** over trust ties, scaled by trust and by the receiver's absorptive
   capacity :math:`\alpha_i \in [0, 1]` (Cohen & Levinthal 1990):

   .. math:: K_i = \alpha_i \Big[ \sum_{j \ne i} t_{ij} s_j \,(1 + \sigma s_i) + \rho\, s_i \Big].

   Knowledge is not rival: every trusted partner receives what a member shares. The synergy
   :math:`\sigma \ge 0` rewards *exchange*: when both partners share, each gains
   :math:`\sigma t_{ij}` more from the tie (knowledge combines; cf. the synergy of Hauert,
   Michor, Nowak & Doebeli 2006). With **knowledge transfer** (:math:`\rho = 0`) a sharer gains
   nothing from its own contribution; with **knowledge pooling** (:math:`\rho = 1`) shared
   knowledge enters a pool from which the sharer draws too, as in a public-goods game.
3. **Costs.** Knowledge lowers marginal cost with slope :math:`\delta` (``cost_reduction``)
   down to a floor :math:`\underline c` (``cost_floor``); members of a group who share also buy
   raw material together and receive the bargaining discount :math:`d_g` of
   :class:`CollectiveBargaining` on the share :math:`s_i` of their input they buy collectively:

   .. math:: c_i = \max\big(\underline c,\; c^0_i - \delta K_i - s_i\, d(V_{g(i)})\big),
             \qquad V_g = \sum_{j \in g} s_j .

4. **Market.** Members compete on the market layer (:mod:`gamegroup.games.markets`):
   price-taking, Shubik–Levitan-normalised Bertrand or Cournot, each in closed form; member
   :math:`i` earns the equilibrium profit :math:`\pi_i(c)`. The spillovers of
   d'Aspremont & Jacquemin (1988) are the two-member, pooling, Cournot special case with
   :math:`t_{12} = \beta`.
5. **Payoff.**

   .. math:: u_i = \pi_i(c) - \kappa s_i - \tfrac12 \eta s_i^2 + \tau s_i + R_{g(i)}
             \frac{s_i}{V_{g(i)}},

   with the programme's subsidy :math:`\tau` per unit shared (``sharing_subsidy``) and the
   return :math:`R_g` of the group's shared asset (``asset_return``), paid out to the group's
   sharing members in proportion to their participation (:math:`V_g > 0`).

Reductions (tested): with a price-taking market, pooling, no synergy and one group whose
members all trust each other fully, :math:`u_i = \delta \bar q \alpha \sum_j s_j - \kappa s_i` is
exactly the linear public-goods game with group size :math:`n`, cost :math:`\kappa` and
multiplier :math:`n \delta \bar q \alpha / \kappa`; with knowledge transfer and no synergy,
sharing lowers trusted rivals' costs and gains nothing, so under Bertrand competition it is
strictly dominated whenever a trusted partner competes with the sharer (substitutability > 0).

**Payoff changes after one switch** (:meth:`KnowledgeSharingGame.payoff_changes`) change the
costs of the switcher, its trust neighbours and, with collective bargaining or a shared asset,
its group: a change :math:`\Delta b` of the right-hand side of the market's linear system
:math:`G y = b` (margins or quantities :math:`y`) on a few members. The change of the solution,
:math:`G\, \Delta y = \Delta b`, is computed locally by relaxing the residual around those
members (:func:`gamegroup._linear_solvers.push_residual`, slightly over-relaxed) until every
entry is below a threshold :math:`\theta`, never by re-solving the whole market. :math:`G` is
strictly diagonally dominant for Bertrand (and for Cournot with :math:`2/m_i > 3 \gamma s_i`),
so its comparison matrix :math:`M` (diagonal minus the absolute off-diagonal entries) is an
M-matrix and :math:`|G^{-1} x| \le M^{-1} |x|` entrywise, a member-by-member form of Varah's
(1975) bound. Verified solves with :math:`M` when the game is built give :math:`z \ge M^{-1}
\mathbf 1` and bounds :math:`Y_i \ge |y_i|` over every reachable cost vector. The relaxation's
error is then at most :math:`\theta z`, and the cached solution, whose residual accumulates what
earlier updates left behind (at most :math:`R`, tracked), is off by at most :math:`R z`. As
profits are :math:`o_i y_i^2`, every payoff change is within

.. math:: q_i \theta (2 Y_i + \theta z_i) + 2 R\, q_i |\Delta \hat y_i|, \qquad q_i = o_i z_i,

of the exact difference of :meth:`~KnowledgeSharingGame.payoffs` (members not listed have
:math:`\Delta \hat y_i = 0`), up to floating-point rounding, which is orders of magnitude
smaller. :math:`\theta` keeps the first term below :math:`\tfrac34` of
``update_tolerance`` for every member; the second is checked after each update with the actual
changes, and the cache is re-solved exactly (one sparse solve) before it could exceed the last
quarter. The work grows with the region in which the switch moves a margin by more than the
tolerance (a few hops of a spatial market layer; several hundred members in a 2-D village), not
with :math:`n`. Most of it repeats from switch to switch, so the game keeps, for each member
:math:`k` whose cost has moved more than once, a relaxed column :math:`u_k \approx G^{-1} e_k` with its exact
residual (:class:`gamegroup._response_columns.ResponseColumns`, at most
``update_cache_megabytes``); an update starts from the combination of its seeds' columns and
relaxes only the residual still above :math:`\theta`, so the bound is unchanged and a warm
switch costs a scatter of a few hundred entries per seed. The last profile is cached, so the usual pattern of an agent-based engine
(propose a switch, then accept or reject it) costs one local update per proposal. Without
diagonal dominance (Cournot close to perfect substitutes) the changes are computed by exact
re-solves instead.

References
----------
Cohen, W. M., & Levinthal, D. A. (1990). Absorptive capacity: a new perspective on learning and
innovation. *Administrative Science Quarterly*, 35(1), 128–152.

d'Aspremont, C., & Jacquemin, A. (1988). Cooperative and noncooperative R&D in duopoly with
spillovers. *American Economic Review*, 78(5), 1133–1137.

Goyal, S., & Moraga-González, J. L. (2001). R&D networks. *RAND Journal of Economics*, 32(4),
686–707.

Hauert, C., Michor, F., Nowak, M. A., & Doebeli, M. (2006). Synergy and discounting of
cooperation in social dilemmas. *Journal of Theoretical Biology*, 239(2), 195–202.

Loebecke, C., van Fenema, P. C., & Powell, P. (1999). Co-opetition and knowledge transfer.
*The DATA BASE for Advances in Information Systems*, 30(2), 14–25.

Varah, J. M. (1975). A lower bound for the smallest singular value of a matrix. *Linear Algebra
and its Applications*, 11(1), 3–5.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import numba
import numpy as np
import scipy.linalg
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from gamegroup._linear_solvers import push_workspace, relax, verified_inverse_bound
from gamegroup._response_columns import ResponseColumns
from gamegroup._results import Result, result_type
from gamegroup._validation import (
    check_choice,
    check_finite_array,
    check_int,
    check_probability,
    check_real,
    check_tolerance,
    check_type,
    check_values,
)
from gamegroup.games.markets import (
    DENSE_LIMIT,
    Bertrand,
    Cournot,
    Market,
    MarketOutcome,
    PriceTaking,
    _LinearSystem,
)
from gamegroup.games.normal_form import NormalFormGame
from gamegroup.networks.layers import TwoLayerNetwork

if TYPE_CHECKING:
    import pandas as pd

MAX_NORMAL_FORM_MEMBERS = 16
"""Largest game :meth:`KnowledgeSharingGame.to_normal_form` expands (2^16 profiles)."""

MAX_LOCAL_SWITCHES = 16
"""Most strategy differences from the cached state that are applied as local updates."""


SHARING_MODES = ("binary", "continuous")

#: Profile dtypes that :meth:`KnowledgeSharingGame.payoff_changes` checks in compiled code
#: (others take the general checks, with the same outcome).
PROFILE_DTYPES = {
    "binary": frozenset(
        np.dtype(t)
        for t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
    ),
    "continuous": frozenset({np.dtype(np.float32), np.dtype(np.float64)}),
}
KNOWLEDGE_FLOWS = ("transfer", "pooling")


class CollectiveBargaining:
    r"""Raw-material price discount from buying together: generalised Nash bargaining.

    A supplier with unit cost :math:`m` and a fixed cost :math:`F` per order (``order_cost``)
    bargains over the unit price :math:`w` with a coalition buying :math:`V` members'
    requirements in one order; the buyers value a unit at :math:`v` and have bargaining power
    :math:`\beta` (``bargaining_power``). The generalised Nash bargaining solution maximises
    :math:`(v - w)^\beta (w - m - F/V)^{1-\beta}`, giving
    :math:`w(V) = \beta (m + F/V) + (1 - \beta) v`. Against buying alone (:math:`V = 1`) the
    discount per unit is

    .. math:: d(V) = w(1) - w(V) = \beta F \,(1 - 1/V), \qquad V \ge 1,

    and 0 for :math:`V \le 1` (members then buy alone). It grows with the coalition and
    saturates at :math:`\beta F`: larger groups bargain better, with diminishing returns
    (Chipty & Snyder 1999: buyer size lowers the price when the supplier's costs are concave,
    as a fixed order cost makes them).

    Parameters
    ----------
    order_cost : float
        :math:`F \ge 0`.
    bargaining_power : float
        :math:`\beta \in [0, 1]`.

    Raises
    ------
    ValueError
        If a parameter is out of range or not finite.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. *Econometrica*, 18(2), 155–162.

    Chipty, T., & Snyder, C. M. (1999). The role of buyer size in bilateral bargaining: a study
    of the cable television industry. *Review of Economics and Statistics*, 81(2), 326–340.

    Examples
    --------
    >>> bargaining = CollectiveBargaining(order_cost=0.2, bargaining_power=0.5)
    >>> bargaining.discount([0.5, 1.0, 2.0, 10.0])
    array([0.  , 0.  , 0.05, 0.09])
    """

    __slots__ = ("_bargaining_power", "_order_cost")

    def __init__(self, *, order_cost: float, bargaining_power: float) -> None:
        self._order_cost = check_real(order_cost, "order_cost", low=0.0)
        self._bargaining_power = check_probability(bargaining_power, "bargaining_power")

    @property
    def order_cost(self) -> float:
        """Fixed cost :math:`F` per order."""
        return self._order_cost

    @property
    def bargaining_power(self) -> float:
        r"""Buyers' bargaining power :math:`\beta`."""
        return self._bargaining_power

    @property
    def largest_discount(self) -> float:
        r"""The limit :math:`\beta F` of the discount for very large coalitions."""
        return self._order_cost * self._bargaining_power

    def discount(self, volume: ArrayLike) -> NDArray[np.float64]:
        """Return the per-unit discount :math:`d(V)` for coalition volumes ``volume``.

        Examples
        --------
        >>> CollectiveBargaining(order_cost=1.0, bargaining_power=1.0).discount([4.0])
        array([0.75])
        """
        values = np.asarray(volume, dtype=np.float64)
        safe = np.where(values > 1.0, values, 1.0)
        return self.largest_discount * (1.0 - 1.0 / safe)

    def __repr__(self) -> str:
        return (
            f"CollectiveBargaining(order_cost={self._order_cost:g}, "
            f"bargaining_power={self._bargaining_power:g})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CollectiveBargaining):
            return NotImplemented
        return (self._order_cost, self._bargaining_power) == (
            other._order_cost,
            other._bargaining_power,
        )

    __hash__ = None  # type: ignore[assignment]


@result_type
class SharingGain(Result):
    r"""Each member's gain from sharing (``s_i = 1`` against ``s_i = 0``), decomposed.

    ``total = own_cost_effect + rivals_cost_effect + sharing_cost + subsidy + dividends``,
    exactly; each member's gain is computed with the others' choices held at ``strategies``.

    Attributes
    ----------
    strategies : numpy.ndarray
        The profile the gains are computed at.
    own_cost_change : numpy.ndarray
        :math:`c_i(1, s_{-i}) - c_i(0, s_{-i})`: what sharing does to the member's own cost
        (pooling, synergy, bargaining discount).
    own_cost_effect : numpy.ndarray
        Market profit gained through the member's own cost change.
    rivals_cost_effect : numpy.ndarray
        Market profit gained (usually lost) through the cost changes of everyone else: the
        **competitive motive** against sharing. The two effects split the interaction of the
        two cost changes equally (the Shapley value of the two-factor decomposition).
    sharing_cost : numpy.ndarray
        Minus the cost of sharing, :math:`-(\kappa + \eta / 2)`.
    subsidy : numpy.ndarray
        The programme's subsidy for sharing.
    dividends : numpy.ndarray
        Change in the dividend from the group's shared asset.
    total : numpy.ndarray
        :math:`u_i(1, s_{-i}) - u_i(0, s_{-i})`.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> pair = nx.Graph([(0, 1)])
    >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=Bertrand(
    ...     substitutability=1.0), base_cost=0.5, cost_reduction=0.2, sharing_cost=0.0,
    ...     synergy=0.0)
    >>> gain = game.gain_from_sharing([0, 0])
    >>> bool(np.all(gain.rivals_cost_effect < 0)), gain.own_cost_effect
    (True, array([0., 0.]))
    """

    strategies: NDArray[np.float64]
    own_cost_change: NDArray[np.float64]
    own_cost_effect: NDArray[np.float64]
    rivals_cost_effect: NDArray[np.float64]
    sharing_cost: NDArray[np.float64]
    subsidy: NDArray[np.float64]
    dividends: NDArray[np.float64]
    total: NDArray[np.float64]

    def to_frame(self) -> pd.DataFrame:
        """One row per member with every component of the gain."""
        import pandas as pd

        return pd.DataFrame(
            {
                "member": np.arange(self.total.size),
                "strategy": self.strategies,
                "own_cost_change": self.own_cost_change,
                "own_cost_effect": self.own_cost_effect,
                "rivals_cost_effect": self.rivals_cost_effect,
                "sharing_cost": self.sharing_cost,
                "subsidy": self.subsidy,
                "dividends": self.dividends,
                "total": self.total,
            }
        )


@numba.njit(cache=True)
def _share_knowledge(
    member: int,
    change: float,
    neighbours: NDArray[np.int64],
    ties: NDArray[np.float64],
    alpha: NDArray[np.float64],
    synergy: float,
    pooled: float,
    shares: NDArray[np.float64],
    knowledge: NDArray[np.float64],
) -> None:
    r"""Update ``knowledge`` in place when ``member``'s share changes by ``change``.

    Each trust neighbour :math:`j` gains :math:`\alpha_j t_{ij} \Delta s_i (1 + \sigma s_j)`;
    the member gains :math:`\alpha_i (\sigma \sum_j t_{ij} s_j + \rho) \Delta s_i`.
    """
    received = 0.0
    for q in range(neighbours.size):
        j = neighbours[q]
        knowledge[j] += alpha[j] * ties[q] * change * (1.0 + synergy * shares[j])
        received += ties[q] * shares[j]
    knowledge[member] += alpha[member] * (synergy * received + pooled) * change


@numba.njit(cache=True)
def _profile_differences(
    raw: NDArray[Any], cached: NDArray[np.float64], positions: NDArray[np.int32]
) -> int:
    """Count the entries where ``raw`` differs from ``cached``, listing the first positions.

    Returns -1 if an entry of ``raw`` is outside [0, 1] or NaN. The counting pass has no
    branches (it vectorises); a second pass lists positions only when something differs.
    """
    count = 0
    bad = False
    for i in range(raw.size):
        value = raw[i]
        bad |= not ((value >= 0) & (value <= 1))  # NaN fails both comparisons
        count += value != cached[i]
    if bad:
        return -1
    listed = 0
    if count:
        for i in range(raw.size):
            if raw[i] != cached[i]:
                positions[listed] = i
                listed += 1
                if listed == positions.size or listed == count:
                    break
    return count


@numba.njit(cache=True)
def _commit_update(
    visited: NDArray[np.int64],
    work_y: NDArray[np.float64],
    work_residual: NDArray[np.float64],
    y: NDArray[np.float64],
    residual: NDArray[np.float64],
    own: NDArray[np.float64],
    sensitivity: NDArray[np.float64],
    residual_max: float,
    drift_budget: float,
    undo_y: NDArray[np.float64],
    undo_residual: NDArray[np.float64],
    totals: NDArray[np.float64],
    flags: NDArray[np.int8],
    members: NDArray[np.int32],
) -> tuple[bool, float, int]:
    """Apply a relaxed change (``work_y``, ``work_residual`` at ``visited``) to the cache.

    Returns ``(False, residual_max, 0)`` and applies nothing if the drift term
    ``2 residual_max max_k sensitivity_k |work_y_k|`` exceeds ``drift_budget``. Otherwise saves
    the previous ``y`` and ``residual`` entries in ``undo_y`` and ``undo_residual``, adds each
    visited member's profit change ``own (dy (2 y + dy))`` to ``totals`` (listing it in
    ``members`` as :func:`_accumulate` does) and returns ``(True, new residual_max, count)``.
    The work arrays are zero again on return.
    """
    largest = 0.0
    for q in range(visited.size):
        k = visited[q]
        largest = max(largest, sensitivity[k] * abs(work_y[k]))
    ok = 2.0 * residual_max * largest <= drift_budget
    count = 0
    for q in range(visited.size):
        k = visited[q]
        if ok:
            old = y[k]
            step = work_y[k]
            undo_y[q] = old
            undo_residual[q] = residual[k]
            totals[k] += own[k] * (step * (2.0 * old + step))
            if flags[k] == 0:
                flags[k] = 1
                members[count] = k
                count += 1
            y[k] = old + step
            left = residual[k] + work_residual[k]
            residual[k] = left
            residual_max = max(residual_max, abs(left))
        work_y[k] = 0.0
        work_residual[k] = 0.0
    return ok, residual_max, count


@numba.njit(cache=True)
def _accumulate(
    ids: NDArray[np.int64],
    values: NDArray[np.float64],
    totals: NDArray[np.float64],
    flags: NDArray[np.int8],
    members: NDArray[np.int32],
    count: int,
) -> int:
    """Add ``values`` to ``totals`` at ``ids``, listing new members after ``members[:count]``."""
    for q in range(ids.size):
        k = ids[q]
        if flags[k] == 0:
            flags[k] = 1
            members[count] = k
            count += 1
        totals[k] += values[q]
    return count


@numba.njit(cache=True)
def _gather(
    members: NDArray[np.int32], totals: NDArray[np.float64], flags: NDArray[np.int8]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Read ``totals`` at ``members`` and reset it and ``flags`` there to zero."""
    positions = np.empty(members.size, dtype=np.int64)
    sums = np.empty(members.size)
    for q in range(members.size):
        k = members[q]
        positions[q] = k
        sums[q] = totals[k]
        totals[k] = 0.0
        flags[k] = 0
    return positions, sums


_NO_MEMBERS = np.zeros(0, dtype=np.int64)
_NO_VALUES = np.zeros(0)
_NO_MEMBERS.setflags(write=False)
_NO_VALUES.setflags(write=False)


class _Live:
    """Mutable cache of the last evaluated profile for :meth:`payoff_changes` (private)."""

    __slots__ = (
        "costs",
        "flags",
        "knowledge",
        "listed",
        "pending",
        "residual",
        "residual_max",
        "strategies",
        "totals",
        "volumes",
        "work_residual",
        "work_y",
        "y",
    )

    def __init__(self, n: int) -> None:
        # Sums of payoff changes per member, and who is listed in them: zero between calls.
        self.totals = np.zeros(n)
        self.flags = np.zeros(n, dtype=np.int8)
        self.listed = np.zeros(n, dtype=np.int32)  # int32: numpy sorts it faster
        self.pending: Any = None
        self.strategies: NDArray[np.float64] = np.zeros(0)
        self.knowledge: NDArray[np.float64] = np.zeros(0)
        self.volumes: NDArray[np.float64] = np.zeros(0)
        self.costs: NDArray[np.float64] = np.zeros(0)
        # The cached solution y solves G y = b - residual exactly; |residual| <= residual_max.
        self.y: NDArray[np.float64] = np.zeros(0)  # empty for price-taking markets
        self.residual: NDArray[np.float64] = np.zeros(0)
        self.residual_max = 0.0
        self.work_y = np.zeros(n)  # all zero between updates
        self.work_residual = np.zeros(n)


class KnowledgeSharingGame:
    r"""The knowledge-sharing stage game on a trust layer and a market layer.

    See the module documentation for the model. Strategy 0 is *not sharing* and 1 *sharing*
    (in continuous mode, the share :math:`s_i \in [0, 1]`). The game satisfies the
    :class:`~gamegroup.games.NetworkedGame` protocol, so agent-based dynamics can run it.

    Parameters
    ----------
    network : TwoLayerNetwork
        Trust and market layers (and groups, for bargaining and shared assets).
    market : PriceTaking, Bertrand or Cournot
        The market model played on ``network.market``.
    base_cost : float or array_like
        Marginal cost :math:`c^0_i \ge 0` without knowledge or bargaining.
    cost_reduction : float
        :math:`\delta \ge 0`: cost reduction per unit of knowledge.
    sharing_cost : float
        :math:`\kappa \ge 0` per unit shared.
    synergy : float
        :math:`\sigma \ge 0`.
    absorptive_capacity : float or array_like
        :math:`\alpha_i \in [0, 1]`.
    knowledge_flow : {"transfer", "pooling"}
        Whether a sharer benefits from its own contribution (pooling) or not (transfer).
    sharing : {"binary", "continuous"}
        Strategy space.
    cost_floor : float
        :math:`\underline c \ge 0`, at most the smallest base cost.
    sharing_cost_convexity : float
        :math:`\eta \ge 0`.
    bargaining : CollectiveBargaining, optional
        Collective raw-material purchasing by the sharing members of each group.
    asset_return : float or array_like
        :math:`R_g \ge 0` per round, one value for every group or one per group.
    sharing_subsidy : float
        :math:`\tau \ge 0`, the programme's payment per unit shared.
    update_tolerance : float
        Bound on the absolute error of every payoff change returned by
        :meth:`payoff_changes` (default :math:`10^{-9}`).
    update_cache_megabytes : float
        Memory (10^6 bytes) that :meth:`payoff_changes` may fill with columns of the market's
        inverse, computed the second time a member's cost moves and kept to make later
        switches cheaper (default 256; 0 keeps none). Affects speed only, never the returned
        changes' bound.

    Attributes
    ----------
    network : TwoLayerNetwork
    market : Market
    n_members : int
    n_strategies : int
        2: not sharing and sharing (the extreme shares in continuous mode).

    Raises
    ------
    TypeError
        If ``network`` or ``market`` is of the wrong kind (``HomogeneousBertrand`` has no
        market layer and is not supported), or a parameter is not a number.
    ValueError
        If a parameter is out of range or not finite, an array has the wrong length,
        bargaining or asset returns are requested without groups, or the market is invalid on
        the layer (Cournot substitutability too large).

    References
    ----------
    d'Aspremont, C., & Jacquemin, A. (1988). Cooperative and noncooperative R&D in duopoly
    with spillovers. *American Economic Review*, 78(5), 1133–1137.

    Cohen, W. M., & Levinthal, D. A. (1990). Absorptive capacity: a new perspective on
    learning and innovation. *Administrative Science Quarterly*, 35(1), 128–152.

    Examples
    --------
    Three producers who trust each other and compete on one market:

    >>> import networkx as nx
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> triangle = nx.complete_graph(3)
    >>> game = KnowledgeSharingGame(
    ...     TwoLayerNetwork(triangle, triangle),
    ...     market=Bertrand(substitutability=0.5),
    ...     base_cost=0.4, cost_reduction=0.1, sharing_cost=0.01, synergy=0.0,
    ... )
    >>> game
    KnowledgeSharingGame(n_members=3, market=Bertrand(substitutability=0.5, demand_intercept=1, market_size=1), knowledge_flow='transfer', sharing='binary')

    Member 0 shares and pays for it twice: the sharing cost, and cheaper rivals. Stopping
    raises its payoff and lowers theirs:

    >>> game.payoffs([1, 0, 0]).round(4)
    array([0.0586, 0.1159, 0.1159])
    >>> members, changes = game.payoff_changes([1, 0, 0], 0, 0)
    >>> members, changes.round(4)
    (array([0, 1, 2]), array([ 0.0214, -0.0359, -0.0359]))
    """

    __slots__ = (
        "_absorptive_capacity",
        "_asset_return",
        "_assets",
        "_bargaining",
        "_base_cost",
        "_columns",
        "_cost_floor",
        "_cost_reduction",
        "_group_matrix",
        "_group_members",
        "_group_of",
        "_group_wide",
        "_knowledge_flow",
        "_live",
        "_local",
        "_market",
        "_network",
        "_parameters",
        "_price",
        "_push",
        "_quantity",
        "_reach",
        "_reach_start",
        "_reach_ties",
        "_relaxation",
        "_row_threshold",
        "_sensitivity",
        "_sharing",
        "_sharing_cost",
        "_sharing_cost_convexity",
        "_sharing_subsidy",
        "_synergy",
        "_system",
        "_threshold",
        "_trust",
        "_update_cache_megabytes",
        "_update_tolerance",
    )

    def __init__(
        self,
        network: TwoLayerNetwork,
        *,
        market: Market,
        base_cost: float | ArrayLike,
        cost_reduction: float,
        sharing_cost: float,
        synergy: float,
        absorptive_capacity: float | ArrayLike = 1.0,
        knowledge_flow: str = "transfer",
        sharing: str = "binary",
        cost_floor: float = 0.0,
        sharing_cost_convexity: float = 0.0,
        bargaining: CollectiveBargaining | None = None,
        asset_return: float | ArrayLike = 0.0,
        sharing_subsidy: float = 0.0,
        update_tolerance: float = 1e-9,
        update_cache_megabytes: float = 256.0,
    ) -> None:
        self._parameters: dict[str, Any] = {
            "market": market,
            "base_cost": base_cost,
            "cost_reduction": cost_reduction,
            "sharing_cost": sharing_cost,
            "synergy": synergy,
            "absorptive_capacity": absorptive_capacity,
            "knowledge_flow": knowledge_flow,
            "sharing": sharing,
            "cost_floor": cost_floor,
            "sharing_cost_convexity": sharing_cost_convexity,
            "bargaining": bargaining,
            "asset_return": asset_return,
            "sharing_subsidy": sharing_subsidy,
            "update_tolerance": update_tolerance,
            "update_cache_megabytes": update_cache_megabytes,
        }
        self._network = check_type(network, "network", TwoLayerNetwork, "a TwoLayerNetwork")
        n = network.n_members
        if not isinstance(market, (PriceTaking, Bertrand, Cournot)):
            raise TypeError(
                "`market` must be a PriceTaking, Bertrand or Cournot market (models played on "
                f"the market layer); got {type(market).__name__}."
            )
        self._market = market
        self._base_cost = self._member_values(base_cost, "base_cost", low=0.0)
        self._cost_reduction = check_real(cost_reduction, "cost_reduction", low=0.0)
        self._sharing_cost = check_real(sharing_cost, "sharing_cost", low=0.0)
        self._synergy = check_real(synergy, "synergy", low=0.0)
        self._absorptive_capacity = self._member_values(
            absorptive_capacity, "absorptive_capacity", low=0.0, high=1.0
        )
        self._knowledge_flow = check_choice(knowledge_flow, "knowledge_flow", KNOWLEDGE_FLOWS)
        self._sharing = check_choice(sharing, "sharing", SHARING_MODES)
        self._cost_floor = check_real(cost_floor, "cost_floor", low=0.0)
        if self._cost_floor > float(self._base_cost.min()):
            raise ValueError(
                f"`cost_floor` must not exceed the smallest base cost "
                f"({float(self._base_cost.min()):g}); got {self._cost_floor:g}."
            )
        self._sharing_cost_convexity = check_real(
            sharing_cost_convexity, "sharing_cost_convexity", low=0.0
        )
        if bargaining is not None:
            check_type(bargaining, "bargaining", CollectiveBargaining, "a CollectiveBargaining")
        self._bargaining = bargaining
        self._sharing_subsidy = check_real(sharing_subsidy, "sharing_subsidy", low=0.0)
        self._update_tolerance = check_tolerance(update_tolerance, "update_tolerance")
        self._update_cache_megabytes = check_real(
            update_cache_megabytes, "update_cache_megabytes", low=0.0
        )

        groups = network.groups
        self._group_members = groups
        self._group_of = network.group_of()
        self._group_matrix = sp.csr_array(
            (
                np.ones(int(sum(g.size for g in groups))),
                (
                    np.repeat(np.arange(len(groups)), [g.size for g in groups]),
                    np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64),
                ),
            ),
            shape=(len(groups), n),
        )
        self._asset_return = self._group_values(asset_return)
        self._assets = bool(np.any(self._asset_return > 0))
        if bargaining is not None and bargaining.largest_discount > 0 and not groups:
            raise ValueError(
                "`bargaining` needs groups that buy together; the network has none (pass "
                "`groups=` to TwoLayerNetwork)."
            )
        self._trust = network.trust.adjacency()
        # Each member followed by its trust neighbours (whose knowledge its switch changes),
        # with the tie weights aligned (0 for the member itself): one slice per switch.
        trust = network.trust
        self._reach_start = trust.indptr + np.arange(n + 1)
        self._reach = np.empty(trust.indices.size + n, dtype=np.int64)
        self._reach_ties = np.zeros(trust.indices.size + n)
        own_slot = np.zeros(self._reach.size, dtype=bool)
        own_slot[self._reach_start[:-1]] = True
        self._reach[own_slot] = np.arange(n)
        self._reach[~own_slot] = trust.indices
        self._reach_ties[~own_slot] = trust.weights
        # Whether a member's switch changes costs or dividends across its group.
        self._group_wide = [
            bargaining is not None or bool(value > 0) for value in self._asset_return
        ]

        if isinstance(market, PriceTaking):
            self._system: _LinearSystem | None = None
            self._quantity = market._quantities(None, n)
            self._price = market.price
        else:
            self._system = market._system(network, n)
            self._quantity = np.zeros(0)
            self._price = 0.0
        self._setup_local_updates()
        self._live = _Live(n)

    # -- construction helpers -------------------------------------------------------------------
    def _member_values(
        self, value: Any, name: str, *, low: float, high: float | None = None
    ) -> NDArray[np.float64]:
        n = self._network.n_members
        checked = check_values(value, name, size=n, low=low, high=high)
        return np.full(n, checked) if isinstance(checked, float) else checked

    def _group_values(self, value: Any) -> NDArray[np.float64]:
        n_groups = len(self._group_members)
        checked = check_values(value, "asset_return", size=n_groups, low=0.0, per="group")
        if not isinstance(checked, float):
            return checked
        if checked > 0 and n_groups == 0:
            raise ValueError(
                "`asset_return` is paid to groups; the network has none (pass `groups=` "
                "to TwoLayerNetwork)."
            )
        return np.full(n_groups, checked)

    def _setup_local_updates(self) -> None:
        r"""Set up the local updates of :meth:`payoff_changes` and their error bound.

        With the comparison matrix :math:`M = \operatorname{diag}(g) - |G - \operatorname{diag}
        (g)|` (an M-matrix when :math:`G` is strictly diagonally dominant; :math:`M = G` for
        Bertrand), :math:`|G^{-1} x| \le M^{-1} |x|` entrywise. Two verified solves with
        :math:`M` give :math:`z \ge M^{-1} \mathbf 1` and :math:`Y \ge M^{-1} e`, where
        :math:`e_i` bounds :math:`|b_i|` over every reachable cost vector, so :math:`|y_i| \le
        Y_i` at every profile. With :math:`q_i = o_i z_i` (:math:`o_i` the own-demand slope,
        profits :math:`o_i y_i^2`), the threshold :math:`\theta` solves :math:`A \theta + B
        \theta^2 = \tfrac34 \varepsilon` with :math:`A = \max_i 2 q_i Y_i` and :math:`B =
        \max_i q_i z_i` (see :meth:`_market_update`).
        """
        system = self._system
        self._local = True
        self._push: tuple[Any, ...] = ()
        self._columns: Any = None
        self._threshold = 0.0
        self._row_threshold = 0.0
        self._relaxation = 1.0
        self._sensitivity = np.zeros(0)
        if system is None:
            return
        form = system.local_form()
        if form is None:
            self._local = False  # not diagonally dominant: exact re-solves instead
            return
        weights = system.weights
        gamma = system.substitutability
        # Bounds e on |b| = |r0 - C c| over every reachable cost vector c in [floor, base]^n.
        high = self._base_cost
        low = np.full_like(high, self._cost_floor)
        if system.kind == "bertrand":  # b = r0 - own c + gamma W c, monotone in each cost
            extremes = np.maximum(
                np.abs(system.r0 - system.own * low + gamma * (weights @ high)),
                np.abs(system.r0 - system.own * high + gamma * (weights @ low)),
            )
        else:  # b = r0 - c
            extremes = np.maximum(np.abs(system.r0 - low), np.abs(system.r0 - high))
        z = form.ones_bound
        bound = verified_inverse_bound(form.comparison, extremes, z)
        q = system.own * z
        a = float(np.max(2.0 * q * bound))
        b = float(np.max(q * z))
        budget = 0.75 * self._update_tolerance
        self._threshold = 2.0 * budget / (a + np.sqrt(a * a + 4.0 * b * budget))
        self._sensitivity = q
        # The rows of gain_from_sharing keep their own, more conservative threshold.
        self._row_threshold = (
            self._update_tolerance
            / (4.0 * float(system.own.max()) * (float(bound.max()) + 1.0))
            * form.dominance
        )
        self._relaxation = form.relaxation
        self._push = form.push
        # |b_k| <= own_k (c0_k - floor) (Bertrand) or c0_k - floor (Cournot) in every update.
        largest_cost_change = high - self._cost_floor
        self._columns = ResponseColumns(
            self._push,
            system.own * largest_cost_change if system.kind == "bertrand" else largest_cost_change,
            self._threshold,
            self._relaxation,
            int(self._update_cache_megabytes * 1e6),
        )

    # -- data ---------------------------------------------------------------------------------
    @property
    def network(self) -> TwoLayerNetwork:
        """The trust and market layers."""
        return self._network

    @property
    def market(self) -> Market:
        """The market model."""
        return self._market

    @property
    def n_members(self) -> int:
        """Number of members."""
        return self._network.n_members

    @property
    def n_strategies(self) -> int:
        """Number of pure strategies: 2 (not sharing, sharing)."""
        return 2

    @property
    def sharing(self) -> str:
        """``"binary"`` or ``"continuous"``."""
        return self._sharing

    @property
    def knowledge_flow(self) -> str:
        """``"transfer"`` or ``"pooling"``."""
        return self._knowledge_flow

    @property
    def parameters(self) -> dict[str, Any]:
        """The keyword arguments the game was built with (a copy)."""
        return dict(self._parameters)

    def with_parameters(self, **changes: Any) -> KnowledgeSharingGame:
        """Return the same game with some parameters changed (e.g. a subsidy switched off).

        Raises
        ------
        TypeError
            If a name is not a parameter of the game.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1)])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.05, synergy=0.0,
        ...     sharing_subsidy=0.1)
        >>> game.with_parameters(sharing_subsidy=0.0).payoffs([1, 1])
        array([0.55, 0.55])
        """
        unknown = sorted(set(changes) - set(self._parameters))
        if unknown:
            raise TypeError(
                f"`{unknown[0]}` is not a parameter of KnowledgeSharingGame; accepted: "
                f"{', '.join(sorted(self._parameters))}."
            )
        return KnowledgeSharingGame(self._network, **{**self._parameters, **changes})

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(n_members={self.n_members}, market={self._market!r}, "
            f"knowledge_flow={self._knowledge_flow!r}, sharing={self._sharing!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KnowledgeSharingGame):
            return NotImplemented
        if self._network != other._network or set(self._parameters) != set(other._parameters):
            return False
        for name, value in self._parameters.items():
            theirs = other._parameters[name]
            if isinstance(value, np.ndarray) or isinstance(theirs, np.ndarray):
                if not np.array_equal(np.asarray(value), np.asarray(theirs)):
                    return False
            elif value != theirs:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    # -- strategies -----------------------------------------------------------------------------
    def _check_strategies(
        self, strategies: ArrayLike, name: str = "strategies"
    ) -> NDArray[np.float64]:
        n = self.n_members
        raw = np.asarray(strategies)
        if raw.ndim < 1 or raw.shape[-1] != n:
            raise ValueError(
                f"`{name}` must have one entry per member ({n}) along its last axis; got shape "
                f"{raw.shape}."
            )
        if self._sharing == "binary":
            if raw.dtype.kind not in "biu":
                raise TypeError(
                    f"`{name}` must hold integers 0 (not sharing) or 1 (sharing) in a binary "
                    f"game; got dtype {raw.dtype}. Use sharing='continuous' for shares."
                )
            if raw.size and (raw.min() < 0 or raw.max() > 1):
                raise ValueError(
                    f"`{name}` must hold only 0 and 1; got values {np.unique(raw)[:5].tolist()}."
                )
            return raw.astype(np.float64)
        values = check_finite_array(raw, name)
        if values.size and (values.min() < 0 or values.max() > 1):
            raise ValueError(
                f"`{name}` must hold shares in [0, 1]; got {values.min():g} to {values.max():g}."
            )
        return values

    def _check_profile(self, strategies: ArrayLike) -> NDArray[np.float64]:
        """As :meth:`_check_strategies`, for exactly one profile (shape ``(n,)``)."""
        shares = self._check_strategies(strategies)
        if shares.ndim != 1:
            raise ValueError(f"`strategies` must be one profile; got shape {shares.shape}.")
        return shares

    def _check_choice(self, value: Any, name: str) -> float:
        if self._sharing == "binary":
            if type(value) is int and 0 <= value <= 1:  # the common case, checked cheaply
                return float(value)
            return float(check_int(value, name, minimum=0, maximum=1))
        return check_real(value, name, low=0.0, high=1.0)

    # -- the model, batched -------------------------------------------------------------------------
    def _received(self, shares: NDArray[np.float64]) -> NDArray[np.float64]:
        """``sum_j t_ij s_j`` for shares of shape (B, n)."""
        return np.asarray((self._trust @ shares.T).T)

    @property
    def _pooled(self) -> float:
        """1 if a sharer draws on its own contribution (pooling), else 0."""
        return 1.0 if self._knowledge_flow == "pooling" else 0.0

    def _knowledge(self, shares: NDArray[np.float64]) -> NDArray[np.float64]:
        received = self._received(shares)
        return self._absorptive_capacity * (
            received * (1.0 + self._synergy * shares) + self._pooled * shares
        )

    def _volumes(self, shares: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray((self._group_matrix @ shares.T).T).reshape(shares.shape[0], -1)

    def _in_group(
        self, values: NDArray[np.float64], at: NDArray[np.int64] | None = None
    ) -> NDArray[np.float64]:
        """Each member's entry of per-group ``values`` (last axis), 0 outside every group.

        For every member, or for the members ``at`` only.
        """
        padded = np.concatenate([values, np.zeros((*values.shape[:-1], 1))], axis=-1)
        return padded[..., self._group_of if at is None else self._group_of[at]]  # -1: the 0

    def _group_volume(self, shares: NDArray[np.float64], group: int) -> float:
        """Volume of one group after one member's switch, from one profile (shape (n,)).

        Re-summed rather than updated by the change: an update cancels catastrophically when
        the group's other shares are tiny, and dividends divide by this volume.
        """
        return float(shares[self._group_members[group]].sum())

    def _costs(
        self,
        shares: NDArray[np.float64],
        knowledge: NDArray[np.float64],
        volumes: NDArray[np.float64],
        at: NDArray[np.int64] | None = None,
    ) -> NDArray[np.float64]:
        """Costs for profiles (B, n), or of the members ``at`` of one profile (1-D arrays)."""
        own: Any = slice(None) if at is None else at
        index: Any = own if knowledge.ndim == 1 else (..., own)  # plain index: several x faster
        discount: Any = 0.0
        if self._bargaining is not None:
            discount = shares[index] * self._bargaining.discount(self._in_group(volumes, at))
        return np.maximum(
            self._cost_floor,
            self._base_cost[own] - self._cost_reduction * knowledge[index] - discount,
        )

    def _sharing_terms(self, s: Any) -> Any:
        """Sharing cost and subsidy of shares ``s`` (a float or an array)."""
        return (
            -self._sharing_cost * s
            - 0.5 * self._sharing_cost_convexity * s**2
            + self._sharing_subsidy * s
        )

    def _direct(
        self,
        shares: NDArray[np.float64],
        volumes: NDArray[np.float64],
        at: NDArray[np.int64] | None = None,
    ) -> NDArray[np.float64]:
        """Sharing cost, subsidy and dividends (not the market part), as for :meth:`_costs`."""
        s = shares[..., slice(None) if at is None else at]
        direct = self._sharing_terms(s)
        if self._assets:
            volume = self._in_group(volumes, at)
            returns = self._in_group(self._asset_return, at)
            positive = volume > 0
            direct = direct + np.where(positive, returns * s / np.where(positive, volume, 1.0), 0.0)
        return np.asarray(direct)

    def _evaluate(self, shares: NDArray[np.float64]) -> dict[str, NDArray[np.float64]]:
        """Everything about a batch of profiles (B, n), with an exact market solve."""
        knowledge = self._knowledge(shares)
        volumes = self._volumes(shares)
        costs = self._costs(shares, knowledge, volumes)
        if self._system is None:
            profits = (self._price - costs) * self._quantity
            state = None
        else:
            state = self._system.state(costs.T).T.reshape(shares.shape)
            self._check_region(state)
            profits = self._system.own * state * state
        return {
            "knowledge": knowledge,
            "volumes": volumes,
            "costs": costs,
            "profits": profits,
            "payoffs": profits + self._direct(shares, volumes),
            "state": state if state is not None else np.zeros((shares.shape[0], 0)),
        }

    def _check_region(self, state: NDArray[np.float64]) -> None:
        scale = max(1.0, float(np.abs(state).max())) if state.size else 1.0
        bad = np.argwhere(state < -1e-12 * scale)
        if bad.size:
            profile, member = (int(v) for v in bad[0])
            what = "quantity" if self._market.strategic_variable == "quantity" else "margin"
            where = f"in profile {profile} " if state.shape[0] > 1 else ""
            raise ValueError(
                f"`strategies` put the market outside the region where its linear formulas "
                f"hold: {where}member {member} would have a negative {what} "
                f"({state[profile, member]:.6g}) because its cost is too high against its "
                "rivals'. Lower the cost differences (base_cost, cost_reduction, bargaining) "
                "or the substitutability."
            )

    def _batch(self, strategies: ArrayLike) -> tuple[NDArray[np.float64], tuple[int, ...]]:
        shares = self._check_strategies(strategies)
        return shares.reshape(-1, self.n_members), shares.shape

    # -- public evaluation ----------------------------------------------------------------------------
    def payoffs(self, strategies: ArrayLike) -> NDArray[np.float64]:
        """Return every member's payoff for one profile or a batch of profiles.

        Parameters
        ----------
        strategies : array_like
            Shape ``(..., n_members)``: 0/1 integers (binary) or shares in [0, 1]
            (continuous).

        Returns
        -------
        numpy.ndarray
            Shape ``(..., n_members)``.

        Raises
        ------
        ValueError
            If ``strategies`` has the wrong length or values, or at some profile a member's
            market quantity would be negative (the linear market's region).
        TypeError
            If a binary game gets non-integer strategies.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1)])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.2, sharing_cost=0.05, synergy=0.0)
        >>> game.payoffs([[0, 0], [1, 0], [1, 1]])
        array([[0.5 , 0.5 ],
               [0.45, 0.7 ],
               [0.65, 0.65]])
        """
        shares, shape = self._batch(strategies)
        return self._evaluate(shares)["payoffs"].reshape(shape)

    def costs(self, strategies: ArrayLike) -> NDArray[np.float64]:
        """Return every member's marginal cost for one profile or a batch.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1, {"weight": 0.5})])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.2, sharing_cost=0.0, synergy=0.0)
        >>> game.costs([1, 0])  # member 1 learns 0.5 x 1 from member 0
        array([0.5, 0.4])
        """
        shares, shape = self._batch(strategies)
        return self._costs(shares, self._knowledge(shares), self._volumes(shares)).reshape(shape)

    def knowledge(self, strategies: ArrayLike) -> NDArray[np.float64]:
        """Return every member's knowledge :math:`K_i` for one profile or a batch.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> g = nx.complete_graph(3)
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(g, g), market=PriceTaking(),
        ...     base_cost=1.0, cost_reduction=0.1, sharing_cost=0.0, synergy=1.0,
        ...     knowledge_flow="pooling")
        >>> game.knowledge([1, 1, 0])  # sharers get (1 + synergy) per sharing partner, + own
        array([3., 3., 2.])
        """
        shares, shape = self._batch(strategies)
        return self._knowledge(shares).reshape(shape)

    def market_outcome(self, strategies: ArrayLike) -> MarketOutcome:
        """Return the market outcome (prices, quantities, profits, ...) at one profile.

        Raises
        ------
        ValueError
            If ``strategies`` is not a single valid profile.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1)])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair),
        ...     market=Bertrand(substitutability=1.0), base_cost=0.4, cost_reduction=0.2,
        ...     sharing_cost=0.0, synergy=0.0)
        >>> game.market_outcome([1, 0]).prices.round(4)  # member 1 learned: cheaper
        array([0.5733, 0.4933])
        """
        self._check_profile(strategies)
        costs = self.costs(strategies)
        return self._market.equilibrium(costs, self._network)

    def to_normal_form(self) -> NormalFormGame:
        """Return the game as a normal-form game over all :math:`2^n` sharing profiles.

        In continuous mode the two actions are the extreme shares 0 and 1.

        Raises
        ------
        ValueError
            If the game has more than :data:`MAX_NORMAL_FORM_MEMBERS` members.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1)])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.2, sharing_cost=0.05, synergy=0.0)
        >>> game.to_normal_form().payoffs[0]  # rows: member 0 shares? columns: member 1
        array([[0.5 , 0.7 ],
               [0.45, 0.65]])
        """
        n = self.n_members
        if n > MAX_NORMAL_FORM_MEMBERS:
            raise ValueError(
                f"`to_normal_form` expands all 2^n profiles and is limited to "
                f"{MAX_NORMAL_FORM_MEMBERS} members; this game has {n}."
            )
        profiles = np.array(list(itertools.product((0, 1), repeat=n)), dtype=np.float64)
        payoffs = self._evaluate(profiles)["payoffs"]
        tensor = np.moveaxis(payoffs.reshape((2,) * n + (n,)), -1, 0)
        return NormalFormGame(
            tensor,
            player_names=[str(node) for node in self._network.nodes],
            action_names=[("keep", "share")] * n,
        )

    # -- one member's switch ----------------------------------------------------------------------
    def payoff_changes(
        self, strategies: ArrayLike, member: int, new_strategy: float
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Return how every member's payoff changes if ``member`` alone switches.

        The market solution is updated locally, not re-solved (see the module documentation):
        each returned change is within ``update_tolerance`` of the exact difference of
        :meth:`payoffs`, and members not listed change by less than that. The profile and
        its market solution are cached, so calling again with the profile before or after
        the switch (an engine rejecting or accepting it) costs one local update; a profile
        that differs from the cached one in more than :data:`MAX_LOCAL_SWITCHES` members is
        solved afresh (one sparse solve). The cache makes a game object unsafe to share
        between threads: give each thread or process its own (games pickle).

        Parameters
        ----------
        strategies : array_like
            The current profile, shape ``(n_members,)``.
        member : int
            The member who switches.
        new_strategy : int or float
            Its new strategy (0/1, or a share in continuous mode).

        Returns
        -------
        members : numpy.ndarray
            Positions (``int64``, ascending) of the members whose payoff changes.
        changes : numpy.ndarray
            Their payoff changes.

        Raises
        ------
        ValueError
            If ``strategies`` has the wrong length or values, ``member`` is out of range or
            ``new_strategy`` is not a valid strategy.
        TypeError
            If ``member`` is not an integer.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> path = nx.path_graph(4)
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(path, path),
        ...     market=Bertrand(substitutability=1.0), base_cost=0.4, cost_reduction=0.2,
        ...     sharing_cost=0.01, synergy=0.0)
        >>> members, changes = game.payoff_changes([0, 0, 0, 0], 1, 1)
        >>> exact = game.payoffs([0, 1, 0, 0]) - game.payoffs([0, 0, 0, 0])
        >>> bool(np.allclose(changes, exact[members], atol=1e-9))
        True
        """
        n = self.n_members
        if not (type(member) is int and 0 <= member < n):  # the common case, checked cheaply
            member = check_int(member, "member", minimum=0, maximum=n - 1)
        value = self._check_choice(new_strategy, "new_strategy")
        self._reconcile(strategies)
        return self._switch(member, value)

    # -- the cached state -----------------------------------------------------------------------------
    def _exact_state(self, shares: NDArray[np.float64]) -> None:
        live = self._live
        evaluation = self._evaluate(shares[None, :])
        live.strategies = shares.copy()
        live.knowledge = evaluation["knowledge"][0].copy()
        live.volumes = evaluation["volumes"][0].copy()
        live.costs = evaluation["costs"][0].copy()
        live.pending = None
        if self._system is None:
            live.y = np.zeros(0)
            live.residual = np.zeros(0)
            return
        system = self._system
        y = evaluation["state"][0].copy()
        residual = system.rhs(live.costs) - system.solver.matrix @ y
        live.y = y
        live.residual = residual
        live.residual_max = float(np.abs(residual).max())

    def _reconcile(self, strategies: ArrayLike) -> None:
        """Validate the profile ``strategies`` and bring the cached state to it."""
        live = self._live
        raw = np.asarray(strategies)
        if (
            live.strategies.size == 0
            or raw.shape != live.strategies.shape
            or raw.dtype not in PROFILE_DTYPES[self._sharing]
        ):
            raw = self._check_profile(raw)
            if live.strategies.size == 0:
                self._exact_state(raw)
                return
        count = self._differences(raw)
        if live.pending is not None:
            if count == 0:
                live.pending = None  # the switch was accepted
                return
            self._undo()
            count = self._differences(raw)
        if count == 0:
            return
        if count > MAX_LOCAL_SWITCHES or not self._local:
            self._exact_state(raw.astype(np.float64))
            return
        for position in live.listed[:count].copy():
            self._switch(int(position), float(raw[position]))
            live.pending = None

    def _differences(self, raw: NDArray[Any]) -> int:
        """Validate ``raw`` and count where it differs from the cached profile.

        The first :data:`MAX_LOCAL_SWITCHES` + 1 positions are listed in the cache's buffer
        ``listed`` (free between calls). One compiled pass, no copy of the profile.
        """
        live = self._live
        count = _profile_differences(raw, live.strategies, live.listed[: MAX_LOCAL_SWITCHES + 1])
        if count < 0:  # an entry outside [0, 1], or NaN
            self._check_profile(raw)  # raises the error naming `strategies`
        return count

    def _undo(self) -> None:
        live = self._live
        undo = live.pending
        live.pending = None
        if undo["snapshot"] is not None:
            for name, value in undo["snapshot"].items():
                setattr(live, name, value)
            return
        live.strategies[undo["member"]] = undo["before"]
        live.knowledge[undo["knowledge_at"]] = undo["knowledge"]
        live.costs[undo["costs_at"]] = undo["costs"]
        if undo["group"] >= 0:
            live.volumes[undo["group"]] = undo["volume"]
        live.y[undo["y_at"]] = undo["y"]
        live.residual[undo["y_at"]] = undo["residual"]
        live.residual_max = undo["residual_max"]

    def _snapshot(self) -> dict[str, Any]:
        live = self._live
        return {
            "strategies": live.strategies.copy(),
            "knowledge": live.knowledge.copy(),
            "volumes": live.volumes.copy(),
            "costs": live.costs.copy(),
            "y": live.y.copy(),
            "residual": live.residual.copy(),
            "residual_max": live.residual_max,
        }

    def _switch(
        self, member: int, value: float, *, resolved: bool = False
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Apply ``member -> value`` to the cached state; return the payoff changes.

        ``resolved``: the cache was just solved exactly for this switch.
        """
        live = self._live
        before = float(live.strategies[member])
        change = value - before
        if change == 0.0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        if not self._local:
            return self._exact_switch(member, value)
        start, stop = self._reach_start[member], self._reach_start[member + 1]
        knowledge_at = self._reach[start:stop]  # the member, then its trust neighbours
        neighbours = knowledge_at[1:]
        ties = self._reach_ties[start + 1 : stop]
        group = int(self._group_of[member])
        group_wide = group >= 0 and self._group_wide[group]
        # Costs change where knowledge does and, group-wide, in the group; the sharing cost,
        # subsidy and dividends only of the member, or group-wide.
        affected = knowledge_at
        direct_at = knowledge_at[:1]
        if group_wide:
            affected = direct_at = np.union1d(knowledge_at, self._group_members[group])
        shares = live.strategies
        direct_before = self._direct(shares, live.volumes, direct_at) if group_wide else 0.0
        undo: dict[str, Any] = {
            "snapshot": None,
            "member": member,
            "before": before,
            "knowledge_at": knowledge_at,
            "knowledge": live.knowledge[knowledge_at],
            "costs_at": affected,
            "costs": live.costs[affected],
            "group": group,
            "volume": live.volumes[group] if group >= 0 else 0.0,
        }
        _share_knowledge(
            member,
            change,
            neighbours,
            ties,
            self._absorptive_capacity,
            self._synergy,
            self._pooled,
            shares,
            live.knowledge,
        )
        shares[member] = value
        if group >= 0:
            live.volumes[group] = self._group_volume(shares, group)
        new_costs = self._costs(live.strategies, live.knowledge, live.volumes, affected)
        cost_change = new_costs - live.costs[affected]
        live.costs[affected] = new_costs
        if group_wide:
            direct_change = self._direct(shares, live.volumes, direct_at) - direct_before
        else:  # only the member's own sharing terms change
            direct_change = np.array([self._sharing_terms(value) - self._sharing_terms(before)])

        live.pending = undo
        undo["y_at"], undo["y"], undo["residual"] = _NO_MEMBERS, _NO_VALUES, _NO_VALUES
        undo["residual_max"] = live.residual_max
        if self._system is None:
            count = _accumulate(
                affected,
                -self._quantity[affected] * cost_change,
                live.totals,
                live.flags,
                live.listed,
                0,
            )
        else:
            visited = self._market_update(affected, cost_change)
            if visited is None:  # pragma: no cover - guarded by diagonal dominance
                self._undo()
                return self._exact_switch(member, value)
            old_y, old_residual = np.empty((2, visited.size))
            ok, residual_max, count = _commit_update(
                visited,
                live.work_y,
                live.work_residual,
                live.y,
                live.residual,
                self._system.own,
                self._sensitivity,
                live.residual_max,
                0.25 * self._update_tolerance,
                old_y,
                old_residual,
                live.totals,
                live.flags,
                live.listed,
            )
            if not ok:
                # The cached solution has drifted too far for this change: re-solve it exactly
                # (one sparse solve) and apply the change to the exact solution.
                self._undo()
                if resolved:  # pragma: no cover - an exact solve leaves a negligible residual
                    return self._exact_switch(member, value)
                self._exact_state(live.strategies)
                return self._switch(member, value, resolved=True)
            undo["y_at"], undo["y"], undo["residual"] = visited, old_y, old_residual
            live.residual_max = residual_max
        count = _accumulate(direct_at, direct_change, live.totals, live.flags, live.listed, count)
        # Ascending order; numpy's sort is several times faster than numba's here.
        return _gather(np.sort(live.listed[:count]), live.totals, live.flags)

    def _market_update(
        self, at: NDArray[np.int64], cost_change: NDArray[np.float64]
    ) -> NDArray[np.int64] | None:
        r"""Solve locally for the change of ``y`` when the costs ``at`` change.

        Bertrand: the prices move by :math:`\Delta p = G^{-1} \operatorname{diag}(b)\, \Delta c`
        (a right-hand side on the changed members only) and the margins by
        :math:`\Delta y = \Delta p - \Delta c`; Cournot: :math:`\Delta y = -G^{-1} \Delta c`.
        The relaxation leaves a residual :math:`r` (:math:`|r_j| \le \theta`), so the returned
        change is exact for the right-hand side :math:`\Delta b - r`, and the cached residual
        grows by :math:`r`.

        Error bound. Let the cached solution solve :math:`G \hat y = b - \varrho` with
        :math:`\|\varrho\|_\infty \le R`; then :math:`d = y^\ast - \hat y` and the error
        :math:`e = \Delta y - \Delta \hat y` satisfy :math:`|d| \le R z` and :math:`|e| \le
        \theta z` (:meth:`_setup_local_updates`). The exact and the reported profit changes
        differ by :math:`o_i [e_i (2 y'_i - e_i) + 2 \Delta\hat y_i d_i]`, with :math:`y'` the
        exact new solution (:math:`|y'_i| \le Y_i`), so by at most :math:`q_i \theta (2 Y_i +
        \theta z_i) + 2 R\, q_i |\Delta \hat y_i| \le \tfrac34 \varepsilon + 2 R \max_i q_i
        |\Delta\hat y_i|`. :meth:`_switch` re-solves the cache exactly when the last term would
        exceed :math:`\varepsilon / 4`.

        Returns the members whose ``y`` or residual changes (the change of ``y`` and the
        residual left behind are then in the cache's work arrays, for :func:`_commit_update`),
        or ``None`` if the relaxation did not converge.
        """
        live = self._live
        system = self._system
        if system is None:  # pragma: no cover - price-taking markets have no linear system
            return None
        bertrand = system.kind == "bertrand"
        rhs = system.own[at] * cost_change if bertrand else -cost_change
        visited = self._columns.solve(at, rhs, live.work_y, live.work_residual)
        if visited is None:  # pragma: no cover - guarded by diagonal dominance
            return None
        if bertrand:  # every seed whose cost moved is among the visited members
            live.work_y[at] -= cost_change
        return visited

    def _exact_switch(
        self, member: int, value: float
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        live = self._live
        snapshot = self._snapshot()
        old = self._evaluate(live.strategies[None, :])["payoffs"][0]
        shares = live.strategies.copy()
        shares[member] = value
        self._exact_state(shares)
        new = self._evaluate(shares[None, :])["payoffs"][0]
        live.pending = {"snapshot": snapshot}
        difference = new - old
        members = np.flatnonzero(difference)
        return members.astype(np.int64), difference[members]

    # -- the gain from sharing --------------------------------------------------------------------
    def gain_from_sharing(self, strategies: ArrayLike) -> SharingGain:
        """Return each member's gain from sharing at ``strategies``, decomposed.

        For every member :math:`i`, the others keep their choices in ``strategies`` and
        :math:`i` compares sharing fully (:math:`s_i = 1`) with not sharing. The market part of
        the gain is split into the effect of its own cost change and the effect of everyone
        else's (the competitive motive), see :class:`SharingGain`.

        Cost: one exact market solve, then for each member one row of the market's response
        to cost changes, from a dense inverse up to :data:`~gamegroup.games.markets.DENSE_LIMIT`
        members and by a local solve (within ``update_tolerance``) above.

        Raises
        ------
        ValueError
            If ``strategies`` is not one valid profile.

        Examples
        --------
        Pooling among price-takers is a public good: no competitive loss.

        >>> import networkx as nx
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> g = nx.complete_graph(3)
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(g, g), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.2, synergy=0.0,
        ...     knowledge_flow="pooling")
        >>> gain = game.gain_from_sharing([0, 1, 1])
        >>> gain.own_cost_effect, gain.rivals_cost_effect, gain.total
        (array([0.1, 0.1, 0.1]), array([0., 0., 0.]), array([-0.1, -0.1, -0.1]))
        """
        shares = self._check_profile(strategies)
        n = self.n_members
        evaluation = self._evaluate(shares[None, :])
        costs = evaluation["costs"][0]
        knowledge = evaluation["knowledge"][0]
        volumes = evaluation["volumes"][0]
        state = evaluation["state"][0]
        result = {
            name: np.zeros(n)
            for name in (
                "own_cost_change",
                "own_cost_effect",
                "rivals_cost_effect",
                "sharing_cost",
                "subsidy",
                "dividends",
            )
        }
        inverse_rows = self._inverse_rows()
        trust = self._network.trust
        for i in range(n):
            neighbours = trust.neighbours(i)
            ties = trust.weights[trust.indptr[i] : trust.indptr[i + 1]]
            group = int(self._group_of[i])
            affected = np.concatenate(([i], neighbours)).astype(np.int64)
            if group >= 0:
                affected = np.union1d(affected, self._group_members[group])
            cases = []
            for choice in (0.0, 1.0):
                variant = shares.copy()
                variant[i] = choice
                k = knowledge.copy()
                k[neighbours] += (
                    self._absorptive_capacity[neighbours]
                    * ties
                    * (choice - shares[i])
                    * (1.0 + self._synergy * shares[neighbours])
                )
                received = float(ties @ shares[neighbours])
                k[i] = self._absorptive_capacity[i] * (
                    received * (1.0 + self._synergy * choice) + self._pooled * choice
                )
                v = volumes.copy()
                if group >= 0:
                    v[group] = self._group_volume(variant, group)
                c = self._costs(variant, k, v, affected)
                cases.append((c, self._direct(variant, v, affected)))
            (c0, direct0), (c1, direct1) = cases
            own_mask = affected == i
            delta = c1 - c0
            own_delta = np.where(own_mask, delta, 0.0)
            rival_delta = np.where(own_mask, 0.0, delta)
            here = costs[affected]
            if self._system is None:
                quantity = self._quantity[i]
                own_effect = -quantity * float(own_delta.sum())
                rival_effect = 0.0
            else:
                response = inverse_rows(i, affected)  # (G^-1 C)[i, affected]
                y_here = float(state[i])
                y0 = y_here - float(response @ (c0 - here))
                own_part = float(response @ own_delta)
                rival_part = float(response @ rival_delta)
                own_i = float(self._system.own[i])

                def profit(y: float, own_i: float = own_i) -> float:
                    return own_i * y * y

                base = profit(y0)
                after_own = profit(y0 - own_part)
                after_rivals = profit(y0 - rival_part)
                after_both = profit(y0 - own_part - rival_part)
                own_effect = 0.5 * ((after_own - base) + (after_both - after_rivals))
                rival_effect = 0.5 * ((after_rivals - base) + (after_both - after_own))
            result["own_cost_change"][i] = float(own_delta.sum())
            result["own_cost_effect"][i] = own_effect
            result["rivals_cost_effect"][i] = rival_effect
            result["sharing_cost"][i] = -(self._sharing_cost + 0.5 * self._sharing_cost_convexity)
            result["subsidy"][i] = self._sharing_subsidy
            at_i = int(np.flatnonzero(own_mask)[0])
            result["dividends"][i] = (direct1[at_i] - direct0[at_i]) - (
                result["sharing_cost"][i] + result["subsidy"][i]
            )
        total = sum(result.values()) - result["own_cost_change"]
        return SharingGain(strategies=shares, total=total, **result)

    def _inverse_rows(self) -> Any:
        """Return ``f(i, at) -> (G^-1 C)[i, at]`` (dense inverse, or a local solve per row)."""
        system = self._system
        if system is None:
            return None
        gamma = system.substitutability
        weights = system.weights
        n = self.n_members
        if n <= DENSE_LIMIT or not self._local:
            dense = system.solver.matrix.toarray()
            inverse = scipy.linalg.cho_solve(scipy.linalg.cho_factor(dense), np.eye(n))
            response = inverse @ system.cost_operator().toarray()

            def dense_row(i: int, at: NDArray[np.int64]) -> NDArray[np.float64]:
                return np.asarray(response[i, at])

            return dense_row
        y = np.zeros(n)
        residual = np.zeros(n)
        workspace = push_workspace(n)
        push = self._push
        threshold = self._row_threshold
        seed_change = np.array([1.0])

        def local_row(i: int, at: NDArray[np.int64]) -> NDArray[np.float64]:
            # g = G^-1 e_i by local relaxation; (G^-1 C)[i, j] = (C g)_j (G, C symmetric).
            visited, _ = relax(
                push,
                y,
                residual,
                workspace,
                np.array([i], dtype=np.int64),
                seed_change,
                threshold,
                self._relaxation,
            )
            if system.kind == "cournot":
                row = y[at].copy()
            else:
                row = system.own[at] * y[at]
                for position, j in enumerate(at):
                    lo, hi = weights.indptr[j], weights.indptr[j + 1]
                    row[position] -= gamma * float(weights.data[lo:hi] @ y[weights.indices[lo:hi]])
            y[visited] = 0.0
            residual[visited] = 0.0
            return row

        return local_row
