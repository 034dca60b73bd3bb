r"""Reciprocal knowledge sharing, alone and linked with pricing, as a repeated-game agreement.

When is sharing self-enforcing alongside price competition?

In the one-shot knowledge-sharing game (:class:`~gamegroup.games.KnowledgeSharingGame`) with
knowledge *transfer*, sharing is dominated: it costs the sharer and lowers its rivals' costs.
Repeated, a group can agree that its members share (``s_i = 1``) and enforce it.

**Reciprocal sharing** (:class:`ReciprocalSharing`). Members share; everyone else keeps its
status-quo choice (a stage Nash equilibrium, by default nobody shares). Member :math:`j`'s
stakes are its payoff in the status quo, when everyone keeps the agreement, when it alone stops
sharing for a period (its best one-period deviation in the binary game), and under punishment:

* **grim trigger**: the group falls back to the status quo for ever, so
  :math:`\delta^*_j = (u^d_j - u^a_j)/(u^d_j - u^0_j)`;
* **ostracism** on the trust layer (:class:`~gamegroup.games.Ostracism`): the deviator's trusted
  neighbours learn of the breach (those it failed directly at once, the others with the
  ostracism's delay) and cut their trust ties with it for the exclusion period: knowledge stops
  flowing both ways on those ties, and a member cut off by all its neighbours stops sharing.
  The loss :math:`\ell_j(E)` while the set :math:`E` excludes :math:`j` is computed exactly by
  re-solving the game on the trust layer without the ties :math:`j`–:math:`E` (the market
  included: cutting :math:`j`'s knowledge off from rivals also raises *their* costs, which
  softens competition, so :math:`\ell_j` is not additive and may even be negative).

:func:`sharing_critical_discount_factors` returns :math:`\delta^*_j` per member; as a function of
the game's substitutability, trust density, group size and cost heterogeneity it is the
repeated-game answer to "when does sharing survive alongside price competition".

**Linked agreements** (:class:`LinkedSharingAndPricing`): members share *and* charge a uniform
price (Bertrand markets); a breach of either (not sharing, undercutting, or both) is punished by
reverting to the status quo: no sharing and competitive prices. The deviator chooses its best
joint deviation (its sharing choice and its best-response price against the others' uniform
price). :func:`linked_critical_discount_factors` compares :math:`\delta^*` of the linked
agreement with those of sharing alone and of the uniform price alone (in the status quo's
costs): multimarket contact (Bernheim & Whinston 1990) lets slack in one agreement enforce the
other.

References
----------
Bernheim, B. D., & Whinston, M. D. (1990). Multimarket contact and collusive behavior. *RAND
Journal of Economics*, 21, 1–26.

Kandori, M. (1992). Social norms and community enforcement. *Review of Economic Studies*, 59,
63–80.

Loebecke, C., van Fenema, P. C., & Powell, P. (1999). Co-opetition and knowledge transfer.
*The DATA BASE for Advances in Information Systems*, 30(2), 14–25.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gamegroup._results import Result, result_type
from gamegroup._validation import check_int, check_real, check_type
from gamegroup.equilibria.agreements import (
    AgreementStakes,
    UniformPrice,
    check_members,
    grim_critical_discount_factors,
    stakes_from_payoffs,
)
from gamegroup.equilibria.repeated import (
    CriticalDiscountFactors,
    ostracism_critical_discount_factors,
)
from gamegroup.games.knowledge_sharing import KnowledgeSharingGame
from gamegroup.games.repeated import Oligopoly, Ostracism
from gamegroup.networks.layers import TwoLayerNetwork

__all__ = [
    "AssetPooling",
    "LinkedSharingAndPricing",
    "LinkedThresholds",
    "ReciprocalSharing",
    "exclusion_losses",
    "linked_critical_discount_factors",
    "sharing_critical_discount_factors",
]


def _check_game(game: Any) -> KnowledgeSharingGame:
    checked = check_type(game, "game", KnowledgeSharingGame, "a KnowledgeSharingGame")
    if checked.sharing != "binary":
        raise NotImplementedError(
            "sharing agreements are defined for binary sharing (share or not); got "
            f"sharing={checked.sharing!r}."
        )
    return checked


def _status_quo(game: KnowledgeSharingGame, given: ArrayLike | None) -> NDArray[np.int64]:
    n = game.n_members
    if given is None:
        profile = np.zeros(n, dtype=np.int64)
    else:
        profile = np.asarray(given)
        if profile.shape != (n,) or not np.isin(profile, (0, 1)).all():
            raise ValueError(
                f"`status_quo` must be a binary sharing profile of length {n}; got "
                f"{np.asarray(given).tolist()!r}."
            )
        profile = profile.astype(np.int64)
    here = game.payoffs(profile)
    there = _switch_payoffs(game, profile, np.arange(n), 1 - profile)
    scale = max(1.0, float(np.abs(here).max()))
    gainers = np.flatnonzero(there > here + 1e-12 * scale)
    if gainers.size:
        raise ValueError(
            "`status_quo` must be a Nash equilibrium of the stage game (a credible punishment); "
            f"member {int(gainers[0])} gains {float(there[gainers[0]] - here[gainers[0]]):.3g} "
            "by switching. Pass the equilibrium profile as `status_quo`."
        )
    return profile


def _unilateral(
    profile: NDArray[np.int64], members: NDArray[np.int64], values: ArrayLike
) -> NDArray[np.int64]:
    """Profiles, one per member of ``members``, in which it alone switches to its ``values``."""
    rows = np.repeat(profile[None, :], members.size, axis=0)
    rows[np.arange(members.size), members] = values
    return rows


def _switch_payoffs(
    game: KnowledgeSharingGame,
    profile: NDArray[np.int64],
    members: NDArray[np.int64],
    values: ArrayLike,
) -> NDArray[np.float64]:
    """Payoff of each of ``members`` when it alone switches to its ``values`` in ``profile``."""
    rows = _unilateral(profile, members, values)
    return game.payoffs(rows)[np.arange(members.size), members]


class ReciprocalSharing:
    """Members agree to share knowledge; see the module documentation.

    Parameters
    ----------
    members : sequence of int, optional
        Positions of the members who share (default: everyone).
    status_quo : array_like of {0, 1}, optional
        The stage Nash equilibrium played without the agreement and after a breach (default:
        nobody shares).

    Raises
    ------
    ValueError
        (When the stakes are computed) if a member is unknown or the status quo is not a Nash
        equilibrium.
    NotImplementedError
        If the game has continuous sharing.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> triangle = nx.complete_graph(3)
    >>> game = KnowledgeSharingGame(TwoLayerNetwork(triangle, triangle), market=PriceTaking(),
    ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.05, synergy=0.0)
    >>> ReciprocalSharing().agreement_profile(game)
    array([1, 1, 1])
    """

    __slots__ = ("_members", "_status_quo")

    def __init__(
        self, *, members: Sequence[int] | None = None, status_quo: ArrayLike | None = None
    ) -> None:
        self._members = members
        self._status_quo = status_quo

    def __repr__(self) -> str:
        return "ReciprocalSharing()"

    def members(self, game: KnowledgeSharingGame) -> NDArray[np.int64]:
        """Return the positions of the members bound by the agreement in ``game``.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1)])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.05, synergy=0.0)
        >>> ReciprocalSharing(members=[1]).members(game)
        array([1])
        """
        return check_members(self._members, _check_game(game).n_members)

    def status_quo(self, game: KnowledgeSharingGame) -> NDArray[np.int64]:
        """Return the status-quo profile after checking that it is a stage Nash equilibrium.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1)])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.05, synergy=0.0)
        >>> ReciprocalSharing().status_quo(game)
        array([0, 0])
        """
        return _status_quo(_check_game(game), self._status_quo)

    def agreement_profile(self, game: KnowledgeSharingGame) -> NDArray[np.int64]:
        """Return the sharing profile when the agreement is kept.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> path = nx.path_graph(3)
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(path, path), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.05, synergy=0.0)
        >>> ReciprocalSharing(members=[0, 1]).agreement_profile(game)
        array([1, 1, 0])
        """
        profile = self.status_quo(game).copy()
        profile[self.members(game)] = 1
        return profile

    def stakes(self, game: Any) -> AgreementStakes:
        """Return the members' stakes with grim-trigger punishment (reversion to the status quo).

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1)])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=PriceTaking(),
        ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.05, synergy=0.0)
        >>> ReciprocalSharing().stakes(game).deviation - ReciprocalSharing().stakes(game).agreement
        array([0.05, 0.05])
        """
        checked = _check_game(game)
        members = self.members(checked)
        status = self.status_quo(checked)
        agreed = self.agreement_profile(checked)
        return stakes_from_payoffs(
            members,
            checked.payoffs(status),
            checked.payoffs(agreed),
            _switch_payoffs(checked, agreed, members, 0),
        )


def _without_ties(network: TwoLayerNetwork, member: int, others: NDArray[np.int64]) -> Any:
    trust = network.trust.to_networkx()
    labels = network.nodes
    trust.remove_edges_from((labels[member], labels[int(m)]) for m in others)
    groups = [[labels[int(p)] for p in g] for g in network.groups] or None
    return TwoLayerNetwork(trust, network.market.to_networkx(), groups=groups)


def exclusion_losses(
    game: KnowledgeSharingGame, agreement: ReciprocalSharing
) -> Callable[[int, NDArray[np.bool_]], float]:
    """Return ``loss(j, excluders)``: what member ``j`` loses per period while ostracised.

    Parameters
    ----------
    game : KnowledgeSharingGame
    agreement : ReciprocalSharing

    Returns
    -------
    callable
        For :func:`~gamegroup.equilibria.ostracism_critical_discount_factors`.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> pair = nx.Graph([(0, 1)])
    >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=PriceTaking(),
    ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.05, synergy=0.0)
    >>> loss = exclusion_losses(game, ReciprocalSharing())
    >>> round(loss(0, np.array([False, True])), 6)  # loses 0.1 of knowledge, saves 0.05
    0.05
    """
    checked = _check_game(game)
    agreed = agreement.agreement_profile(checked)
    base = checked.payoffs(agreed)
    network = checked.network
    neighbours = [set(network.trust.neighbours(j).tolist()) for j in range(checked.n_members)]
    cache: dict[tuple[int, tuple[int, ...]], float] = {}

    def loss(member: int, excluders: NDArray[np.bool_]) -> float:
        cut = np.flatnonzero(excluders)
        key = (member, tuple(cut.tolist()))
        if key not in cache:
            profile = agreed.copy()
            if neighbours[member] <= set(key[1]):
                profile[member] = 0  # cut off by everyone it trusts: it stops sharing
            excluded = KnowledgeSharingGame(
                _without_ties(network, member, cut), **checked.parameters
            )
            cache[key] = float(base[member] - excluded.payoffs(profile)[member])
        return cache[key]

    return loss


def sharing_critical_discount_factors(
    game: KnowledgeSharingGame,
    *,
    members: Sequence[int] | None = None,
    punishment: Ostracism | None = None,
    status_quo: ArrayLike | None = None,
    observers: Sequence[Sequence[int] | None] | None = None,
) -> CriticalDiscountFactors:
    r"""Return each sharing member's critical discount factor for reciprocal sharing.

    Parameters
    ----------
    game : KnowledgeSharingGame
        Binary sharing.
    members : sequence of int, optional
        Who shares (default: everyone).
    punishment : Ostracism, optional
        ``None`` (default): grim trigger, the group falls back to the status quo for ever.
        An :class:`~gamegroup.games.Ostracism` on the game's trust layer: exclusion by the
        deviator's trusted neighbours (see the module documentation).
    status_quo : array_like, optional
        Stage Nash equilibrium without the agreement (default: nobody shares).
    observers : sequence, optional
        With ostracism, who sees each member's breach directly (default: its trusted
        neighbours, who stop receiving its knowledge).

    Returns
    -------
    CriticalDiscountFactors
        One value per member in ``members`` (0: sharing pays anyway; NaN: never enforced).

    Raises
    ------
    TypeError
        If ``game`` is not a KnowledgeSharingGame or ``punishment`` is not an Ostracism.
    ValueError
        If a member is unknown, the status quo is not a Nash equilibrium, or the ostracism's
        trust layer has another number of members.
    NotImplementedError
        If the game has continuous sharing.

    References
    ----------
    Kandori, M. (1992). *Review of Economic Studies*, 59, 63–80.

    Examples
    --------
    A price-taking triangle (sharing is a public good): a member saves ``0.05`` by not sharing
    and its two partners each lose ``0.1`` for ever, so :math:`\delta^* = 0.05 / 0.2`.

    >>> import networkx as nx
    >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> triangle = nx.complete_graph(3)
    >>> game = KnowledgeSharingGame(TwoLayerNetwork(triangle, triangle), market=PriceTaking(),
    ...     base_cost=0.5, cost_reduction=0.1, sharing_cost=0.05, synergy=0.0)
    >>> sharing_critical_discount_factors(game).values
    array([0.25, 0.25, 0.25])
    """
    checked = _check_game(game)
    agreement = ReciprocalSharing(members=members, status_quo=status_quo)
    stakes = agreement.stakes(checked)
    if punishment is None:
        values = grim_critical_discount_factors(stakes)
        return CriticalDiscountFactors(
            values,
            np.isfinite(values),
            "grim trigger: the group falls back to the status quo after a breach",
        )
    check_type(punishment, "punishment", Ostracism, "an Ostracism (or None for grim trigger)")
    if punishment.n_members != checked.n_members:
        raise ValueError(
            f"`punishment` must be on the game's {checked.n_members} members; got an Ostracism "
            f"on {punishment.n_members}."
        )
    gains = np.zeros(checked.n_members)
    gains[stakes.members] = stakes.deviation - stakes.agreement
    result = ostracism_critical_discount_factors(
        punishment, gains, exclusion_losses(checked, agreement), observers=observers
    )
    return CriticalDiscountFactors(
        result.values[stakes.members], result.sustained_above[stakes.members], result.message
    )


class LinkedSharingAndPricing:
    """Members share knowledge and charge a uniform price; a breach of either ends both.

    Parameters
    ----------
    price : float, optional
        The uniform price; by default the joint-profit-maximising uniform price at the costs
        members have when they all share.
    status_quo : array_like of {0, 1}, optional
        Stage Nash equilibrium sharing profile (default: nobody shares), played with
        competitive prices after a breach.

    Raises
    ------
    ValueError
        (When the stakes are computed) if the market does not set prices or the status quo is
        not a Nash equilibrium.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.games import Bertrand, KnowledgeSharingGame
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> pair = nx.Graph([(0, 1)])
    >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair), market=Bertrand(substitutability=1.0),
    ...     base_cost=0.4, cost_reduction=0.2, sharing_cost=0.01, synergy=0.0)
    >>> stakes = LinkedSharingAndPricing().stakes(game)
    >>> bool(stakes.agreement[0] > stakes.status_quo[0])
    True
    """

    __slots__ = ("_price", "_status_quo")

    def __init__(self, price: float | None = None, *, status_quo: ArrayLike | None = None) -> None:
        self._price = UniformPrice(price)
        self._status_quo = status_quo

    def __repr__(self) -> str:
        return "LinkedSharingAndPricing()"

    def stakes(self, game: Any) -> AgreementStakes:
        """Return every member's stakes in the linked agreement (grim punishment).

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.games import Bertrand, KnowledgeSharingGame
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.Graph([(0, 1)])
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair),
        ...     market=Bertrand(substitutability=1.0), base_cost=0.4, cost_reduction=0.2,
        ...     sharing_cost=0.01, synergy=0.0)
        >>> LinkedSharingAndPricing().stakes(game).members
        array([0, 1])
        """
        checked = _check_game(game)
        market = checked.market
        if market.strategic_variable != "price":
            raise ValueError(
                "`game` must have a price-setting market (Bertrand) for a uniform-price "
                f"agreement; got {type(market).__name__}."
            )
        n = checked.n_members
        network = checked.network
        status = _status_quo(checked, self._status_quo)
        shared = np.ones(n, dtype=np.int64)
        costs = checked.costs(shared)
        price = self._price.price(Oligopoly(market, costs, network))
        uniform = np.full(n, price)
        # Deviations: each member may stop sharing, and best responds in price either way.
        alone = _unilateral(shared, np.arange(n), 0)
        # Sharing costs, subsidies and dividends: everything but the market profit.
        rest = [checked.payoffs(p) - checked.market_outcome(p).profits for p in (*alone, shared)]
        agreement = market.outcome(uniform, costs, network).profits + rest[n]
        deviation = np.empty(n)
        for j in range(n):
            best = -np.inf
            for profile, other in ((alone[j], rest[j]), (shared, rest[n])):
                reply = market.best_responses(uniform, checked.costs(profile), network)
                best = max(best, float(reply.profits[j] + other[j]))
            deviation[j] = best
        members = np.arange(n, dtype=np.int64)
        return stakes_from_payoffs(members, checked.payoffs(status), agreement, deviation)


@result_type
class LinkedThresholds(Result):
    """Critical discount factors of a linked agreement and of its parts alone.

    Attributes
    ----------
    linked : numpy.ndarray
        Sharing and a uniform price enforced jointly.
    sharing : numpy.ndarray
        Reciprocal sharing alone (competitive prices).
    pricing : numpy.ndarray
        The uniform price alone, at the status quo's sharing.

    Examples
    --------
    >>> LinkedThresholds(np.array([0.4]), np.array([0.5]), np.array([0.3])).linked
    array([0.4])
    """

    linked: NDArray[np.float64]
    sharing: NDArray[np.float64]
    pricing: NDArray[np.float64]


def linked_critical_discount_factors(
    game: KnowledgeSharingGame, *, status_quo: ArrayLike | None = None
) -> LinkedThresholds:
    """Compare the thresholds of linked sharing-and-pricing with those of each part alone.

    Parameters
    ----------
    game : KnowledgeSharingGame
        Binary sharing on a Bertrand market.
    status_quo : array_like, optional
        Stage Nash equilibrium sharing profile (default: nobody shares).

    Returns
    -------
    LinkedThresholds

    Raises
    ------
    TypeError, ValueError, NotImplementedError
        As for :class:`LinkedSharingAndPricing` and :class:`ReciprocalSharing`.

    References
    ----------
    Bernheim, B. D., & Whinston, M. D. (1990). *RAND Journal of Economics*, 21, 1–26.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.games import Bertrand, KnowledgeSharingGame
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> pair = nx.Graph([(0, 1)])
    >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair),
    ...     market=Bertrand(substitutability=1.0), base_cost=0.4, cost_reduction=0.2,
    ...     sharing_cost=0.01, synergy=0.0)
    >>> result = linked_critical_discount_factors(game)
    >>> bool(result.linked[0] <= max(result.sharing[0], result.pricing[0]))
    True
    """
    checked = _check_game(game)
    linked = grim_critical_discount_factors(
        LinkedSharingAndPricing(status_quo=status_quo).stakes(checked)
    )
    sharing = grim_critical_discount_factors(
        ReciprocalSharing(status_quo=status_quo).stakes(checked)
    )
    status = _status_quo(checked, status_quo)
    oligopoly = Oligopoly(checked.market, checked.costs(status), checked.network)
    pricing = grim_critical_discount_factors(UniformPrice().stakes(oligopoly))
    return LinkedThresholds(linked=linked, sharing=sharing, pricing=pricing)


class AssetPooling:
    r"""Group members pool part of their programme aid into a shared asset and keep sharing.

    Each member of group ``group`` puts a fraction :math:`\phi` of its aid :math:`A` into a
    shared asset (a group shop) that returns :math:`r` per period on the pooled capital,
    :math:`R = r \phi A |g|`, paid out to the group's *sharing* members in proportion to their
    sharing (the game's ``asset_return``). Kept privately, the same money returns
    :math:`\rho \phi A` per period to each member. The agreement is: pool, and share.

    Stakes of each group member: the status quo is the game without the asset, nobody sharing,
    plus the private return; the agreement is the game with the asset and everyone in the
    group sharing; a deviator stops sharing for a period and loses its dividend; after a breach
    the group falls back to nobody sharing, so nobody draws dividends (grim trigger). The
    dividend is what binds members to the group once the programme's subsidies end.

    Parameters
    ----------
    fraction : float
        :math:`\phi \in [0, 1]`, the share of the aid pooled.
    aid : float
        :math:`A \ge 0`, aid per member.
    asset_return_rate : float
        :math:`r \ge 0`, per period.
    private_return_rate : float
        :math:`\rho \ge 0`, per period, of aid kept privately.
    group : int
        Index of the group (in ``game.network.groups``) that pools.

    Raises
    ------
    ValueError
        If a rate or the fraction is out of range, or (when the stakes are computed) the group
        does not exist.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> triangle = nx.complete_graph(3)
    >>> network = TwoLayerNetwork(triangle, triangle, groups=[[0, 1, 2]])
    >>> game = KnowledgeSharingGame(network, market=PriceTaking(), base_cost=0.5,
    ...     cost_reduction=0.02, sharing_cost=0.05, synergy=0.0)
    >>> from gamegroup.equilibria import check_agreement
    >>> for fraction in (0.1, 0.2, 0.5):
    ...     pooling = AssetPooling(fraction, aid=1.0, asset_return_rate=0.1, private_return_rate=0.05)
    ...     print(fraction, check_agreement(game, pooling, discount_factor=0.8).critical_discount_factors)
    0.1 [nan nan nan]
    0.2 [0.75 0.75 0.75]
    0.5 [0. 0. 0.]

    Sharing alone does not pay here; pooling a fifth of the aid makes it self-enforcing for
    :math:`\delta \ge 3/4`, pooling half makes it pay outright.
    """

    __slots__ = ("_aid", "_fraction", "_group", "_private", "_rate")

    def __init__(
        self,
        fraction: float,
        *,
        aid: float,
        asset_return_rate: float,
        private_return_rate: float = 0.0,
        group: int = 0,
    ) -> None:
        self._fraction = check_real(fraction, "fraction", low=0.0, high=1.0)
        self._aid = check_real(aid, "aid", low=0.0)
        self._rate = check_real(asset_return_rate, "asset_return_rate", low=0.0)
        self._private = check_real(private_return_rate, "private_return_rate", low=0.0)
        self._group = check_int(group, "group", minimum=0)

    def __repr__(self) -> str:
        return f"AssetPooling(fraction={self._fraction:g}, group={self._group})"

    def stakes(self, game: Any) -> AgreementStakes:
        """Return the stakes of the pooling group's members.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.games import KnowledgeSharingGame, PriceTaking
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> pair = nx.path_graph(2)
        >>> game = KnowledgeSharingGame(TwoLayerNetwork(pair, pair, groups=[[0, 1]]),
        ...     market=PriceTaking(), base_cost=0.5, cost_reduction=0.01, sharing_cost=0.05,
        ...     synergy=0.0)
        >>> AssetPooling(1.0, aid=1.0, asset_return_rate=0.1).stakes(game).agreement
        array([0.56, 0.56])
        """
        checked = _check_game(game)
        groups = checked.network.groups
        if self._group >= len(groups):
            raise ValueError(
                f"`group` must name one of the network's {len(groups)} groups; got {self._group}."
            )
        members = np.sort(np.asarray(groups[self._group], dtype=np.int64))
        pooled_capital = self._fraction * self._aid
        returns = np.zeros(len(groups))
        returns[self._group] = self._rate * pooled_capital * members.size
        pooled = checked.with_parameters(asset_return=returns)
        status = _status_quo(checked, None)
        agreed = status.copy()
        agreed[members] = 1
        agreed_payoffs = pooled.payoffs(agreed)[members]
        deviation = _switch_payoffs(pooled, agreed, members, 0)
        return AgreementStakes(
            members=members,
            status_quo=checked.payoffs(status)[members] + self._private * pooled_capital,
            agreement=agreed_payoffs,
            deviation=np.maximum(deviation, agreed_payoffs),
            punishment=pooled.payoffs(status)[members],
        )
