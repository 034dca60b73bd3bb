r"""Public goods models for the ``public-goods-networks`` and ``stag-hunt`` scenarios.

``network-public-goods``
    Public goods games in every closed neighbourhood of a random regular or a scale-free
    (Barabási–Albert) graph of mean degree :math:`z`, with normalised enhancement factor
    :math:`\eta = r / (z + 1)`, contributions per game or per individual, evolving by
    synchronous imitation from a random half of contributors
    (:func:`~gamegroup.dynamics.network_public_goods`,
    :func:`~gamegroup.dynamics.simulate_network`): the set-up of Santos, Santos & Pacheco
    (2008), with fewer generations. Output: the fraction of contributors averaged over the last
    fifth of the generations.
``threshold-public-goods``
    The N-person stag hunt (threshold public goods game, Pacheco, Santos, Souza & Skyrms 2009)
    in an infinite population: the interior rest points of the replicator dynamics, the roots
    of the gain function :math:`\sum_k \binom{N-1}{k} x^k (1-x)^{N-1-k} [\Pi_C(k+1) - \Pi_D(k)]`
    (:func:`~gamegroup.equilibria.gain_function_roots`), classified by evolutionary stability
    (:func:`~gamegroup.equilibria.classify_ess`): the unstable *coordination point*
    :math:`x_L` that cooperators must exceed, and the stable *coexistence point* :math:`x_R`.
    Output: both points and the basin of attraction of cooperation, :math:`1 - x_L` (0 when
    defection is the only stable state). In a finite population of :math:`Z` members updating
    by the pairwise comparison (Fermi) rule with selection intensity :math:`\beta` and mutation
    rate :math:`\mu`, the same game's Markov chain over the number of contributors gives the
    stationary distribution (:func:`~gamegroup.dynamics.stationary_distribution`), its mean
    fraction of contributors and the probability that a group drawn from it reaches the
    threshold (:func:`~gamegroup.dynamics.group_success`).

``optional-public-goods``
    Volunteering (Hauert, De Monte, Hofbauer & Sigmund 2002): defectors, contributors and
    loners who abstain for a fixed payoff :math:`\sigma`, under the replicator dynamics
    (:func:`~gamegroup.dynamics.rest_points`). An interior rest point, around which the three
    strategies cycle, exists only when the multiplier exceeds 2 (for :math:`0 < \sigma < r - 1`).
    Its figure is the dynamics layer's simplex portrait
    (:func:`~gamegroup.dynamics.plot_simplex`).

References
----------
Hauert, C., De Monte, S., Hofbauer, J., & Sigmund, K. (2002). Volunteering as Red Queen
mechanism for cooperation in public goods games. *Science*, 296, 1129–1132.

Santos, F. C., Santos, M. D., & Pacheco, J. M. (2008). Social diversity promotes the emergence of
cooperation in public goods games. *Nature*, 454, 213–216.

Pacheco, J. M., Santos, F. C., Souza, M. O., & Skyrms, B. (2009). Evolutionary dynamics of
collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*, 276, 315–321.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gamegroup.dynamics import (
    StationaryDistribution,
    group_success,
    network_public_goods,
    plot_gradient,
    plot_simplex,
    rest_points,
    simulate_network,
    stationary_distribution,
)
from gamegroup.equilibria import classify_ess, gain_function_roots
from gamegroup.experiments.models import _shared  # noqa: F401 - declares rule, updating, ...
from gamegroup.experiments.plots import _axes  # figures for reports stay out of pyplot
from gamegroup.experiments.registry import Parameter, declare, register
from gamegroup.games import SymmetricGame, optional_public_goods, public_goods
from gamegroup.networks import barabasi_albert, random_regular

for _name, _parameter in {
    "topology": Parameter("network", str, "graph family", choices=("regular", "scale-free")),
    "nodes": Parameter("network", int, "population size on the graph", low=4),
    "mean_degree": Parameter("network", int, "mean degree z (even for scale-free graphs)", low=2),
    "normalised_multiplier": Parameter(
        "knowledge", float, "normalised enhancement factor eta = r / (z + 1)", low=0.0
    ),
    "cost_model": Parameter(
        "knowledge",
        str,
        "contribution per game or split over one's games",
        choices=("per_game", "per_individual"),
    ),
    "players": Parameter("knowledge", int, "players N of the threshold public goods game", low=2),
    "threshold": Parameter("knowledge", int, "contributors M needed for the public good", low=0),
    "multiplier": Parameter("knowledge", float, "enhancement factor F of the public good", low=0.0),
    "generations": Parameter("dynamics", int, "synchronous generations simulated", low=1),
    "population_size": Parameter(
        "dynamics", int, "size Z of a well-mixed finite population", low=2
    ),
    "loner_payoff": Parameter("knowledge", float, "payoff sigma of abstaining (a loner)"),
    "initial_contributors": Parameter(
        "dynamics", float, "probability that a member contributes at the start", low=0.0, high=1.0
    ),
}.items():
    declare(_name, _parameter)


@register(
    "network-public-goods",
    description=(
        "Public goods in closed neighbourhoods on random regular or scale-free graphs, "
        "evolving by imitation (Santos, Santos & Pacheco 2008)."
    ),
    outputs={"contributors": "fraction of contributors over the last fifth of the generations"},
    series={"contributing": "fraction of contributors at each record"},
)
def network_public_goods_model(
    *,
    topology: str,
    nodes: int,
    mean_degree: int,
    normalised_multiplier: float,
    cost_model: str,
    rule: str,
    updating: str,
    selection_intensity: float,
    generations: int,
    initial_contributors: float,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Fraction of contributors after evolution on a graph (see the module docstring).

    Examples
    --------
    >>> out = network_public_goods_model(topology="scale-free", nodes=100, mean_degree=4,
    ...     normalised_multiplier=1.2, cost_model="per_individual", rule="proportional",
    ...     updating="synchronous", selection_intensity=1.0, generations=200,
    ...     initial_contributors=0.5, rng=np.random.default_rng(1))
    >>> 0.0 <= out["contributors"] <= 1.0
    True
    """
    if topology == "regular":
        graph = random_regular(nodes, mean_degree, rng=rng)
    else:
        graph = barabasi_albert(nodes, mean_degree // 2, rng=rng)
    game = network_public_goods(
        graph, multiplier=normalised_multiplier * (mean_degree + 1), cost_model=cost_model
    )
    every = max(1, generations // 50)
    run = simulate_network(
        game,
        steps=generations,
        rule=rule,
        updating=updating,
        selection_intensity=selection_intensity,
        initial=[1.0 - initial_contributors, initial_contributors],
        record_every=every,
        stop_on_absorption=False,
        rng=rng,
    )
    late = run.times >= 0.8 * generations
    contributing = run.fractions[0, :, 1]
    return {"contributors": float(contributing[late].mean()), "contributing": contributing}


def _threshold_chain(
    players: int,
    threshold: int,
    multiplier: float,
    population_size: int,
    selection_intensity: float,
    exploration_rate: float,
) -> tuple[SymmetricGame, StationaryDistribution]:
    """Return the threshold game and its finite population's stationary distribution."""
    game = public_goods(group_size=players, multiplier=multiplier, threshold=threshold)
    stationary = stationary_distribution(
        game,
        population_size=population_size,
        selection_intensity=selection_intensity,
        mutation_rate=exploration_rate,
    )
    return game, stationary


def threshold_public_goods_figure(
    *,
    players: int,
    threshold: int,
    multiplier: float,
    population_size: int,
    selection_intensity: float,
    exploration_rate: float,
) -> Any:
    """Gradient of selection and stationary distribution of one threshold game (a Figure).

    Examples
    --------
    >>> figure = threshold_public_goods_figure(players=5, threshold=3, multiplier=4.0,
    ...     population_size=50, selection_intensity=5.0, exploration_rate=0.01)
    >>> len(figure.axes) >= 1
    True
    """
    game, stationary = _threshold_chain(
        players, threshold, multiplier, population_size, selection_intensity, exploration_rate
    )
    axes = plot_gradient(
        game,
        population_size=population_size,
        stationary=stationary,
        selection_intensity=selection_intensity,
        mutation_rate=exploration_rate,
        ax=_axes(None),
    )
    axes.set_title(f"N = {players}, M = {threshold}, F = {multiplier:g}, Z = {population_size}")
    return axes.figure


@register(
    "threshold-public-goods",
    description=(
        "Rest points of the replicator dynamics of the N-person stag hunt in an infinite "
        "population (Pacheco et al. 2009)."
    ),
    outputs={
        "coordination_point": "unstable interior rest point x_L (NaN if none)",
        "coexistence_point": "stable interior rest point x_R, or 1 if full cooperation is stable (NaN if none)",
        "cooperative_basin": "1 - x_L: starts from which cooperation is reached (0 if none)",
        "interior_rest_points": "number of interior rest points",
        "stationary_contributors": "mean fraction of contributors in the finite population's stationary distribution",
        "group_success": "probability that a group drawn from the stationary distribution reaches the threshold",
    },
    figure=threshold_public_goods_figure,
)
def threshold_public_goods_model(
    *,
    players: int,
    threshold: int,
    multiplier: float,
    population_size: int,
    selection_intensity: float,
    exploration_rate: float,
) -> dict[str, Any]:
    """Interior rest points of the N-person stag hunt (see the module docstring).

    Examples
    --------
    >>> out = threshold_public_goods_model(players=5, threshold=3, multiplier=4.0,
    ...     population_size=50, selection_intensity=5.0, exploration_rate=0.01)
    >>> round(out["coordination_point"], 4), round(out["coexistence_point"], 4)
    (0.4121, 0.8155)
    >>> 0.0 <= out["stationary_contributors"] <= 1.0
    True
    """
    game, stationary = _threshold_chain(
        players, threshold, multiplier, population_size, selection_intensity, exploration_rate
    )
    roots = [float(r) for r in gain_function_roots(game).roots]
    candidates = sorted({*roots, 1.0})  # full cooperation may be stable without being a root
    stable = [r for r in candidates if classify_ess(game, [1.0 - r, r]).is_ess]
    unstable = [r for r in roots if r not in stable and 0.0 < r < 1.0]
    coordination = min(unstable) if unstable else np.nan
    coexistence = max(stable) if stable else np.nan
    interior = [r for r in roots if 0.0 < r < 1.0]
    contributors = stationary.states[:, 1] / population_size
    return {
        "coordination_point": coordination,
        "coexistence_point": coexistence,
        "cooperative_basin": 0.0 if np.isnan(coordination) else 1.0 - coordination,
        "interior_rest_points": len(interior),
        "stationary_contributors": float(stationary.probabilities @ contributors),
        "group_success": float(group_success(stationary, group_size=players, threshold=threshold)),
    }


def optional_public_goods_figure(*, players: int, multiplier: float, loner_payoff: float) -> Any:
    """Simplex portrait of the replicator dynamics of the optional public goods game.

    Examples
    --------
    >>> figure = optional_public_goods_figure(players=5, multiplier=3.0, loner_payoff=1.0)
    >>> len(figure.axes) >= 1
    True
    """
    game = optional_public_goods(
        group_size=players, multiplier=multiplier, loner_payoff=loner_payoff
    )
    axes = plot_simplex(game, rest_points=rest_points(game), ax=_axes(None))
    axes.set_title(f"N = {players}, r = {multiplier:g}, loners earn {loner_payoff:g}")
    return axes.figure


@register(
    "optional-public-goods",
    description=(
        "Rest points of the replicator dynamics of the optional public goods game with "
        "loners (Hauert et al. 2002)."
    ),
    outputs={
        "interior_rest_point": "1 if defectors, contributors and loners have an interior rest point",
        "contributors_at_rest": "contributors' share at the interior rest point (NaN if none)",
        "loners_at_rest": "loners' share at the interior rest point (NaN if none)",
    },
    figure=optional_public_goods_figure,
)
def optional_public_goods_model(
    *, players: int, multiplier: float, loner_payoff: float
) -> dict[str, Any]:
    """Interior rest point of the optional public goods game (see the module docstring).

    Examples
    --------
    >>> optional_public_goods_model(players=5, multiplier=1.5, loner_payoff=1.0)["interior_rest_point"]
    0
    >>> out = optional_public_goods_model(players=5, multiplier=3.0, loner_payoff=1.0)
    >>> out["interior_rest_point"], round(out["contributors_at_rest"], 3)
    (1, 0.269)
    """
    game = optional_public_goods(
        group_size=players, multiplier=multiplier, loner_payoff=loner_payoff
    )
    found = rest_points(game)
    interior = [
        state
        for state, support in zip(found.states, found.supports, strict=True)
        if len(support) == 3
    ]
    if not interior:
        return {"interior_rest_point": 0, "contributors_at_rest": np.nan, "loners_at_rest": np.nan}
    return {
        "interior_rest_point": 1,
        "contributors_at_rest": float(interior[0][1]),
        "loners_at_rest": float(interior[0][2]),
    }
