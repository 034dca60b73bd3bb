r"""The village: a formal group of producers inside a village, and the experiments on it.

**The village** (:func:`build_village`). :math:`n` producers (``members``); a formal group of
:math:`g` of them (``group_size``, members ``0..g-1``) created by a mentoring programme. The
trust layer is a stochastic block model (:func:`gamegroup.networks.village`): two group members
trust each other with probability :math:`p = \min(1, k_g / (g - 1))`, so that a group member
has :math:`k_g` trusted partners in the group on average (``group_trust_degree``: small groups
are denser), and other members have ``village_trust_degree`` ties on average; trust weights are
uniform on :math:`[0.5, 1]`. The market layer is spatial: producers whose selling points lie
within a catchment radius compete, with overlap :math:`1 - d/r` and ``market_degree``
competitors on average; in addition the members of the formal group sell in the same markets,
so every pair of them overlaps by at least ``group_overlap``.

Raw-material costs differ (``cost_heterogeneity`` :math:`h_c`):
:math:`c^0_i = c_0 (1 + h_c u_i)` with :math:`u_i \sim U(-1, 1)`. Members value knowledge
differently (``values_heterogeneity`` :math:`h_v`): absorptive capacities
:math:`\alpha_i = \bar\alpha (1 + h_v v_i)`, :math:`v_i \sim U(-1, 1)`. Both are mean-preserving
spreads, drawn from the task's random stream after the network.

**The stage game** is :class:`~gamegroup.games.KnowledgeSharingGame` on that network with a
Bertrand (default), Cournot or price-taking market of substitutability :math:`\gamma`, knowledge
transfer (or pooling), collective raw-material bargaining by the group's sharing members
(:class:`~gamegroup.games.CollectiveBargaining`) and the return of the group's shared shop.

**Meetings** set the discount factor of the repeated game per meeting,
:math:`\delta = e^{-\rho / f}` (:func:`~gamegroup.games.meeting_discount_factor`), for
``meetings_per_month`` :math:`f` and ``discount_rate`` :math:`\rho` per month.

Models registered here:

``village-commitment``
    Reciprocal sharing among the group's members as a repeated-game agreement, enforced by the
    group falling back to nobody sharing (grim trigger): each member's critical discount factor
    :math:`\delta^*_j` (:func:`~gamegroup.equilibria.sharing_critical_discount_factors`), the
    share of members for whom :math:`\delta \ge \delta^*_j`, whether the group adopts it
    unanimously, the members' gain from everyone sharing, the competitive loss a sharer
    suffers through its rivals' lower costs, and the bargaining discount.
``village-agreements``
    Price agreements in the group's own market: a uniform price (the joint-profit maximum)
    against a division of marketing areas, each checked for individual rationality and
    self-enforcement (:func:`~gamegroup.equilibria.check_agreement`).
``village-dynamics``
    Evolution of sharing in the formal group through the programme and after it
    (:func:`~gamegroup.dynamics.simulate_network`): one step is one meeting, at which each
    member compares its payoff with a trusted partner's and imitates it (Fermi rule with
    selection intensity :math:`\beta`, exploration :math:`\mu`). Producers outside the group
    never share; the group's "local heroes" (a leader, the member with most trusted partners in
    the group, and a connector, the one with the largest betweenness there) always share.
    During the first ``subsidy_months`` the programme pays sharers
    :math:`(1 - a)\,\tau` per meeting; the part :math:`a` of the aid (``asset_share``) built the
    group's shop, which returns :math:`a R` per meeting for ever, paid to the group's sharing
    members in proportion to their sharing (``shop_return`` :math:`R`).
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from gamegroup._validation import check_real
from gamegroup.dynamics import NetworkRun, Phase, simulate_network
from gamegroup.equilibria import (
    MarketDivision,
    ReciprocalSharing,
    UniformPrice,
    check_agreement,
    sharing_critical_discount_factors,
)
from gamegroup.experiments.models import _shared  # noqa: F401 - declares rule, updating, ...
from gamegroup.experiments.registry import Parameter, declare, register
from gamegroup.games import (
    Bertrand,
    CollectiveBargaining,
    Cournot,
    KnowledgeSharingGame,
    Market,
    Oligopoly,
    PriceTaking,
    meeting_discount_factor,
)
from gamegroup.networks import TwoLayerNetwork, committed_members, village

# -- parameters ------------------------------------------------------------------------------
for _name, _parameter in {
    "members": Parameter("network", int, "producers in the village, n", low=2),
    "group_size": Parameter("network", int, "members of the formal group, g", low=2),
    "group_trust_degree": Parameter(
        "network", float, "expected trusted partners of a member inside the group, k_g", low=0.0
    ),
    "village_trust_degree": Parameter(
        "network", float, "expected trust ties of a member outside the group", low=0.0
    ),
    "market_degree": Parameter(
        "network", float, "expected competitors on the spatial market layer", low=0.0, open_low=True
    ),
    "market": Parameter(
        "market", str, "market model", choices=("bertrand", "cournot", "price-taking")
    ),
    "substitutability": Parameter(
        "market", float, "competition intensity gamma (Shubik-Levitan normalised)", low=0.0
    ),
    "group_overlap": Parameter(
        "market",
        float,
        "least market overlap between two members of the formal group",
        low=0.0,
        high=1.0,
    ),
    "base_cost": Parameter(
        "market", float, "mean raw-material (marginal) cost c_0", low=0.0, open_low=True
    ),
    "cost_heterogeneity": Parameter(
        "market",
        float,
        "spread h_c of costs: c_i = c_0 (1 + h_c u_i), u_i ~ U(-1, 1)",
        low=0.0,
        high=1.0,
        open_high=True,
    ),
    "division_factor": Parameter(
        "market",
        float,
        "market overlap kept between members who divide marketing areas",
        low=0.0,
        high=1.0,
    ),
    "knowledge_flow": Parameter(
        "knowledge",
        str,
        "whether a sharer draws on its own contribution",
        choices=("transfer", "pooling"),
    ),
    "cost_reduction": Parameter(
        "knowledge", float, "cost reduction per unit of knowledge", low=0.0
    ),
    "sharing_cost": Parameter("knowledge", float, "cost of sharing per period, kappa", low=0.0),
    "synergy": Parameter(
        "knowledge", float, "extra knowledge when both partners share, sigma", low=0.0
    ),
    "absorptive_capacity": Parameter(
        "knowledge", float, "mean absorptive capacity alpha", low=0.0, high=1.0
    ),
    "values_heterogeneity": Parameter(
        "knowledge", float, "spread h_v of absorptive capacities (values)", low=0.0, high=1.0
    ),
    "bargaining_power": Parameter(
        "knowledge",
        float,
        "group's bargaining power with the raw-material supplier",
        low=0.0,
        high=1.0,
    ),
    "order_cost": Parameter("knowledge", float, "supplier's fixed cost per order F", low=0.0),
    "meetings_per_month": Parameter(
        "programme", float, "group meetings per month f", low=0.0, open_low=True
    ),
    "discount_rate": Parameter(
        "programme", float, "members' discount rate rho per month", low=0.0, open_low=True
    ),
    "subsidy": Parameter(
        "programme",
        float,
        "programme's payment per meeting to a sharer if no aid is pooled, tau",
        low=0.0,
    ),
    "subsidy_months": Parameter("programme", int, "months of mentoring and subsidies", low=0),
    "months": Parameter("programme", int, "months simulated", low=1),
    "asset_share": Parameter(
        "programme", float, "share a of the aid pooled into the group's shop", low=0.0, high=1.0
    ),
    "shop_return": Parameter(
        "programme", float, "return per meeting R of a shop built from all the aid", low=0.0
    ),
    "heroes": Parameter(
        "programme",
        str,
        "committed sharers in the group",
        choices=("none", "leader", "connector", "both"),
    ),
    "initial_sharing": Parameter(
        "dynamics",
        float,
        "probability that a group member shares when the programme starts",
        low=0.0,
        high=1.0,
    ),
}.items():
    declare(_name, _parameter)


# -- building blocks -------------------------------------------------------------------------
def build_village(
    *,
    members: int,
    group_size: int,
    group_trust_degree: float,
    village_trust_degree: float,
    market_degree: float,
    group_overlap: float,
    rng: np.random.Generator,
) -> TwoLayerNetwork:
    """Build the village's trust and market layers (see the module docstring).

    Raises
    ------
    ValueError
        If the group is larger than the village or a degree is out of range.

    Examples
    --------
    >>> network = build_village(members=60, group_size=10, group_trust_degree=4.0,
    ...     village_trust_degree=3.0, market_degree=6.0, group_overlap=0.5,
    ...     rng=np.random.default_rng(1))
    >>> network.n_members, network.groups[0].tolist()
    (60, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    >>> market = network.market.adjacency()
    >>> bool(market[:10, :10].toarray()[np.triu_indices(10, 1)].min() >= 0.5)
    True
    """
    probability = min(1.0, group_trust_degree / (group_size - 1))
    base = village(
        members,
        group_size=group_size,
        group_trust_probability=probability,
        trust_degree=village_trust_degree,
        market_degree=market_degree,
        rng=rng,
    )
    if group_overlap == 0.0:
        return base
    trust, market = base.to_networkx()
    group = base.groups[0].tolist()
    for position, a in enumerate(group):
        for b in group[position + 1 :]:
            weight = market.get_edge_data(a, b, {"weight": 0.0})["weight"]
            market.add_edge(a, b, weight=max(weight, group_overlap))
    return TwoLayerNetwork(trust, market, groups=[group])


def spread(
    mean: float, heterogeneity: float, size: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Return ``mean * (1 + heterogeneity * u)`` with ``u`` uniform on [-1, 1] (``size`` draws).

    Examples
    --------
    >>> values = spread(0.5, 0.2, 1000, np.random.default_rng(0))
    >>> bool(values.min() >= 0.4), bool(values.max() <= 0.6)
    (True, True)
    """
    return mean * (1.0 + heterogeneity * rng.uniform(-1.0, 1.0, size))


def make_market(market: str, substitutability: float) -> Market:
    """Return the market model named ``market`` (price-taking ignores the substitutability).

    Examples
    --------
    >>> make_market("bertrand", 0.2)
    Bertrand(substitutability=0.2, demand_intercept=1, market_size=1)
    """
    if market == "bertrand":
        return Bertrand(substitutability=substitutability)
    if market == "cournot":
        return Cournot(substitutability=substitutability)
    return PriceTaking()


def knowledge_game(
    network: TwoLayerNetwork,
    *,
    market: str,
    substitutability: float,
    base_cost: float,
    cost_heterogeneity: float,
    knowledge_flow: str,
    cost_reduction: float,
    sharing_cost: float,
    synergy: float,
    absorptive_capacity: float,
    values_heterogeneity: float,
    bargaining_power: float,
    order_cost: float,
    rng: np.random.Generator,
    asset_return: float = 0.0,
    sharing_subsidy: float = 0.0,
) -> KnowledgeSharingGame:
    """Build the knowledge-sharing game on the village, drawing costs and capacities.

    Raises
    ------
    ValueError
        If ``absorptive_capacity * (1 + values_heterogeneity)`` exceeds 1.
    """
    check_real(
        absorptive_capacity * (1.0 + values_heterogeneity),
        "absorptive_capacity * (1 + values_heterogeneity)",
        high=1.0,
    )
    n = network.n_members
    costs = spread(base_cost, cost_heterogeneity, n, rng)
    capacities = spread(absorptive_capacity, values_heterogeneity, n, rng)
    return KnowledgeSharingGame(
        network,
        market=make_market(market, substitutability),
        base_cost=costs,
        cost_reduction=cost_reduction,
        sharing_cost=sharing_cost,
        synergy=synergy,
        absorptive_capacity=capacities,
        knowledge_flow=knowledge_flow,
        bargaining=CollectiveBargaining(order_cost=order_cost, bargaining_power=bargaining_power),
        asset_return=asset_return,
        sharing_subsidy=sharing_subsidy,
        cost_floor=0.0,
    )


_NETWORK = (
    "members",
    "group_size",
    "group_trust_degree",
    "village_trust_degree",
    "market_degree",
    "group_overlap",
)
_GAME = (
    "market",
    "substitutability",
    "base_cost",
    "cost_heterogeneity",
    "knowledge_flow",
    "cost_reduction",
    "sharing_cost",
    "synergy",
    "absorptive_capacity",
    "values_heterogeneity",
    "bargaining_power",
    "order_cost",
)


def _build_village(parameters: dict[str, Any], rng: np.random.Generator) -> TwoLayerNetwork:
    return build_village(**{name: parameters[name] for name in _NETWORK}, rng=rng)


def village_and_game(
    parameters: dict[str, Any], rng: np.random.Generator, *, asset_return: float = 0.0
) -> tuple[TwoLayerNetwork, KnowledgeSharingGame]:
    """Build the village and its knowledge-sharing game from a model's parameters.

    Examples
    --------
    >>> from gamegroup.experiments import load_scenario
    >>> scenario = load_scenario("village")
    >>> network, game = village_and_game(
    ...     scenario.fixed_parameters(scenario.experiments[0]) | {"substitutability": 0.1},
    ...     np.random.default_rng(0))
    >>> game.n_members == network.n_members == 180
    True
    """
    network = _build_village(parameters, rng)
    game = knowledge_game(
        network, **{name: parameters[name] for name in _GAME}, asset_return=asset_return, rng=rng
    )
    return network, game


def group_profile(network: TwoLayerNetwork, value: int = 1) -> NDArray[np.int64]:
    """Strategy vector in which the formal group's members play ``value`` and the others 0."""
    profile = np.zeros(network.n_members, dtype=np.int64)
    profile[network.groups[0]] = value
    return profile


# -- models ----------------------------------------------------------------------------------
@register(
    "village-commitment",
    description=(
        "Reciprocal knowledge sharing in the village's formal group as a repeated-game "
        "agreement (grim trigger): critical discount factors, enforceability at the meeting "
        "frequency's discount factor, unanimous adoption, gains, competitive loss, bargaining."
    ),
    outputs={
        "critical_discount_factor": "median over group members of delta* (1 where never enforced)",
        "never_enforced": "share of group members for whom no discount factor enforces sharing",
        "enforceable": "share of group members with delta >= delta*",
        "sharing_adopted": "1 if every group member accepts reciprocal sharing, else 0",
        "collective_gain": "mean payoff gain of group members when all of them share",
        "competitive_loss": "mean profit a sharer loses through its rivals' lower costs",
        "own_gain": "mean profit a sharer gains through its own lower cost",
        "bargaining_discount": "raw-material discount when the whole group buys together",
        "discount_factor": "delta per meeting",
    },
)
def village_commitment(
    *,
    members: int,
    group_size: int,
    group_trust_degree: float,
    village_trust_degree: float,
    market_degree: float,
    group_overlap: float,
    market: str,
    substitutability: float,
    base_cost: float,
    cost_heterogeneity: float,
    knowledge_flow: str,
    cost_reduction: float,
    sharing_cost: float,
    synergy: float,
    absorptive_capacity: float,
    values_heterogeneity: float,
    bargaining_power: float,
    order_cost: float,
    meetings_per_month: float,
    discount_rate: float,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Reciprocal sharing in the formal group as a repeated-game agreement (see the module).

    Examples
    --------
    >>> outputs = village_commitment(members=40, group_size=8, group_trust_degree=4.0,
    ...     village_trust_degree=3.0, market_degree=6.0, group_overlap=1.0, market="bertrand",
    ...     substitutability=0.2, base_cost=0.5, cost_heterogeneity=0.0,
    ...     knowledge_flow="transfer", cost_reduction=0.01, sharing_cost=0.001, synergy=0.0,
    ...     absorptive_capacity=0.8, values_heterogeneity=0.0, bargaining_power=0.5,
    ...     order_cost=0.02, meetings_per_month=2.0, discount_rate=0.1,
    ...     rng=np.random.default_rng(3))
    >>> 0 < outputs["discount_factor"] < 1, outputs["competitive_loss"] < 0
    (True, True)
    """
    parameters = dict(locals())
    network, game = village_and_game(parameters, rng)
    group = network.groups[0]
    delta = meeting_discount_factor(meetings_per_month, discount_rate=discount_rate)
    agreement = ReciprocalSharing(members=group.tolist())
    thresholds = sharing_critical_discount_factors(game, members=group.tolist()).values
    check = check_agreement(
        game, agreement, discount_factor=delta, critical_discount_factors=thresholds
    )
    everyone = group_profile(network)
    gain = game.gain_from_sharing(everyone)
    collective = game.payoffs(everyone)[group] - game.payoffs(group_profile(network, 0))[group]
    bargaining = CollectiveBargaining(order_cost=order_cost, bargaining_power=bargaining_power)
    return {
        "critical_discount_factor": float(np.median(np.nan_to_num(thresholds, nan=1.0))),
        "never_enforced": float(np.mean(np.isnan(thresholds))),
        "enforceable": float(np.mean(check.self_enforcing)),
        "sharing_adopted": int(check.adopted_by_unanimity),
        "collective_gain": float(collective.mean()),
        "competitive_loss": float(gain.rivals_cost_effect[group].mean()),
        "own_gain": float(gain.own_cost_effect[group].mean()),
        "bargaining_discount": float(bargaining.discount([float(group.size)])[0]),
        "discount_factor": delta,
    }


def group_market(network: TwoLayerNetwork) -> TwoLayerNetwork:
    """Return the formal group's own two layers (members relabelled ``0..g-1``).

    Examples
    --------
    >>> network = build_village(members=30, group_size=5, group_trust_degree=2.0,
    ...     village_trust_degree=2.0, market_degree=4.0, group_overlap=1.0,
    ...     rng=np.random.default_rng(0))
    >>> group_market(network).n_members
    5
    """
    group = network.groups[0].tolist()
    trust, market = network.to_networkx()
    relabel = {member: position for position, member in enumerate(group)}
    sub_trust = nx.relabel_nodes(trust.subgraph(group).copy(), relabel)
    sub_market = nx.relabel_nodes(market.subgraph(group).copy(), relabel)
    return TwoLayerNetwork(sub_trust, sub_market)


@register(
    "village-agreements",
    description=(
        "Price agreements in the formal group's own market: a uniform price (joint-profit "
        "maximum) against a division of marketing areas, each checked for individual "
        "rationality and self-enforcement at the meeting frequency's discount factor."
    ),
    outputs={
        "uniform_price_adopted": "1 if every member accepts the uniform price, else 0",
        "uniform_price_acceptance": "share of members who accept the uniform price",
        "uniform_price_rational": "share of members better off under the uniform price",
        "division_adopted": "1 if every member accepts dividing marketing areas, else 0",
        "division_acceptance": "share of members who accept dividing marketing areas",
        "division_rational": "share of members better off when areas are divided",
        "uniform_price_threshold": "largest delta* of the uniform price (1 if never enforced)",
        "division_threshold": "largest delta* of the division (1 if never enforced)",
    },
)
def village_agreements(
    *,
    members: int,
    group_size: int,
    group_trust_degree: float,
    village_trust_degree: float,
    market_degree: float,
    group_overlap: float,
    market: str,
    substitutability: float,
    base_cost: float,
    cost_heterogeneity: float,
    division_factor: float,
    meetings_per_month: float,
    discount_rate: float,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Uniform price against market division in the formal group's market (see the module).

    Examples
    --------
    >>> outputs = village_agreements(members=40, group_size=6, group_trust_degree=3.0,
    ...     village_trust_degree=3.0, market_degree=6.0, group_overlap=1.0, market="bertrand",
    ...     substitutability=0.5, base_cost=0.5, cost_heterogeneity=0.0, division_factor=0.2,
    ...     meetings_per_month=2.0, discount_rate=0.1, rng=np.random.default_rng(0))
    >>> outputs["uniform_price_rational"], outputs["division_rational"]
    (1.0, 1.0)
    """
    parameters = dict(locals())
    network = group_market(_build_village(parameters, rng))
    costs = spread(base_cost, cost_heterogeneity, network.n_members, rng)
    game = Oligopoly(make_market(market, substitutability), costs, network)
    delta = meeting_discount_factor(meetings_per_month, discount_rate=discount_rate)
    outputs: dict[str, Any] = {}
    everyone = list(range(network.n_members))
    for name, agreement in (
        ("uniform_price", UniformPrice()),
        ("division", MarketDivision(everyone, division_factor)),
    ):
        check = check_agreement(game, agreement, discount_factor=delta)
        outputs[f"{name}_adopted"] = int(check.adopted_by_unanimity)
        outputs[f"{name}_acceptance"] = float(np.mean(check.accepts))
        outputs[f"{name}_rational"] = float(np.mean(check.individually_rational))
        outputs[f"{name}_threshold"] = float(
            np.max(np.nan_to_num(check.critical_discount_factors, nan=1.0))
        )
    return {
        key: outputs[key]
        for key in (
            "uniform_price_adopted",
            "uniform_price_acceptance",
            "uniform_price_rational",
            "division_adopted",
            "division_acceptance",
            "division_rational",
            "uniform_price_threshold",
            "division_threshold",
        )
    }


def _group_trust(network: TwoLayerNetwork) -> tuple[list[Any], Any]:
    """Return the formal group's members and the trust network among them (a view)."""
    group = network.groups[0].tolist()
    trust, _ = network.to_networkx()
    return group, trust.subgraph(group)


def local_heroes(network: TwoLayerNetwork, heroes: str) -> tuple[int, ...]:
    """Return the group's committed sharers: its leader, its connector, both or none.

    The leader has the most trusted partners inside the group; the connector has the largest
    betweenness in the group's trust network (the next one if that is the leader).

    Examples
    --------
    >>> network = build_village(members=40, group_size=10, group_trust_degree=3.0,
    ...     village_trust_degree=2.0, market_degree=4.0, group_overlap=0.0,
    ...     rng=np.random.default_rng(2))
    >>> len(local_heroes(network, "both")), local_heroes(network, "none")
    (2, ())
    """
    if heroes == "none":
        return ()
    group, inside = _group_trust(network)
    leader = group[group.index(committed_members(inside, 1, rule="degree")[0])]
    brokers = [group[group.index(b)] for b in committed_members(inside, 2, rule="betweenness")]
    connector = brokers[0] if brokers[0] != leader else brokers[1]
    return {"leader": (leader,), "connector": (connector,), "both": (leader, connector)}[heroes]


def _simulate(
    parameters: dict[str, Any], rng: np.random.Generator
) -> tuple[TwoLayerNetwork, NetworkRun, tuple[int, ...], int]:
    """Build the village and game, run the dynamics; return them with the heroes and exit step."""
    p = parameters
    network, game = village_and_game(p, rng, asset_return=p["asset_share"] * p["shop_return"])
    per_month = p["meetings_per_month"]
    steps = max(1, round(p["months"] * per_month))
    exit_step = min(steps, round(p["subsidy_months"] * per_month))
    schedule = None
    if exit_step > 0:
        programme = game.with_parameters(sharing_subsidy=(1.0 - p["asset_share"]) * p["subsidy"])
        schedule = [Phase(until=exit_step, game=programme)]
    group = network.groups[0]
    heroes = local_heroes(network, p["heroes"])
    committed = dict.fromkeys(np.setdiff1d(np.arange(network.n_members), group).tolist(), 0)
    committed.update(dict.fromkeys(heroes, 1))
    initial = np.zeros(network.n_members, dtype=np.int64)
    initial[group] = rng.random(group.size) < p["initial_sharing"]
    run = simulate_network(
        game,
        steps=steps,
        rule=p["rule"],
        updating=p["updating"],
        selection_intensity=p["selection_intensity"],
        exploration_rate=p["exploration_rate"],
        graph=network.trust,
        initial=initial,
        committed=committed,
        schedule=schedule,
        snapshots=True,
        stop_on_absorption=False,
        rng=rng,
    )
    return network, run, heroes, exit_step


def village_snapshot(*, rng: np.random.Generator, **parameters: Any) -> tuple[nx.Graph, Any, Any]:
    """Rebuild one run of ``village-dynamics``: the group's trust network and final strategies.

    Examples
    --------
    >>> from gamegroup.experiments import load_scenario
    >>> scenario = load_scenario("village")
    >>> experiment = next(e for e in scenario.experiments if e.model == "village-dynamics")
    >>> graph, strategies, heroes = village_snapshot(
    ...     **scenario.fixed_parameters(experiment),
    ...     **{k: v[0] for k, v in experiment.grid.items()}, rng=np.random.default_rng(0))
    >>> graph.number_of_nodes() == len(strategies)
    True
    """
    network, run, heroes, _ = _simulate(parameters, rng)
    group, inside = _group_trust(network)
    return inside.copy(), run.strategies[0][group], heroes


@register(
    "village-dynamics",
    description=(
        "Evolution of knowledge sharing in the village's formal group through the mentoring "
        "programme and after its exit (imitation on the trust network)."
    ),
    outputs={
        "sharing_at_exit": "share of group members sharing when the programme ends",
        "sharing_final": "share of group members sharing over the last three months",
        "lasted": "1 if at least half the group still shares over the last three months",
    },
    series={"group_sharing": "share of group members sharing at each meeting", "time": "months"},
    snapshot=village_snapshot,
)
def village_dynamics(
    *,
    members: int,
    group_size: int,
    group_trust_degree: float,
    village_trust_degree: float,
    market_degree: float,
    group_overlap: float,
    market: str,
    substitutability: float,
    base_cost: float,
    cost_heterogeneity: float,
    knowledge_flow: str,
    cost_reduction: float,
    sharing_cost: float,
    synergy: float,
    absorptive_capacity: float,
    values_heterogeneity: float,
    bargaining_power: float,
    order_cost: float,
    meetings_per_month: float,
    subsidy: float,
    subsidy_months: int,
    months: int,
    asset_share: float,
    shop_return: float,
    heroes: str,
    rule: str,
    updating: str,
    selection_intensity: float,
    exploration_rate: float,
    initial_sharing: float,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Sharing in the formal group through the programme and after it (see the module).

    Examples
    --------
    >>> from gamegroup.experiments import load_scenario
    >>> scenario = load_scenario("village")
    >>> experiment = next(e for e in scenario.experiments if e.model == "village-dynamics")
    >>> outputs = village_dynamics(**scenario.fixed_parameters(experiment),
    ...     **{k: v[0] for k, v in experiment.grid.items()}, rng=np.random.default_rng(0))
    >>> 0.0 <= outputs["sharing_final"] <= 1.0, len(outputs["time"]) == len(outputs["group_sharing"])
    (True, True)
    """
    parameters = dict(locals())
    parameters.pop("rng")
    network, run, _, exit_step = _simulate(parameters, rng)
    group = network.groups[0]
    snapshots = run.snapshots
    if snapshots is None:  # asked for in _simulate; a missing record is a bug
        raise RuntimeError("village_dynamics: the run kept no snapshots.")
    sharing = snapshots[0][:, group].mean(axis=1)
    last = max(1, round(3 * meetings_per_month))
    final = float(sharing[-last:].mean())
    return {
        "sharing_at_exit": float(sharing[exit_step]),
        "sharing_final": final,
        "lasted": int(final >= 0.5),
        "group_sharing": sharing,
        "time": run.times / meetings_per_month,
    }
