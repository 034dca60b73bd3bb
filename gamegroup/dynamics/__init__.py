"""Evolutionary dynamics: well-mixed populations (infinite and finite) and networks.

Examples
--------
>>> from gamegroup.dynamics import integrate_dynamics
>>> from gamegroup.games import public_goods
>>> run = integrate_dynamics(public_goods(group_size=5, multiplier=3.0), [0.5, 0.5], [0, 1])
>>> run.success
True
>>> import networkx as nx
>>> from gamegroup.dynamics import network_public_goods, simulate_network
>>> game = network_public_goods(nx.cycle_graph(10), multiplier=3.0)
>>> simulate_network(game, steps=5, rng=0).fractions.shape
(1, 6, 2)
"""

# -- well-mixed populations: replicator family, finite-population chains (issue 4) ------------
from gamegroup.dynamics.finite_population import (
    SmallMutationLimit,
    StationaryDistribution,
    fixation_probability,
    gradient_of_selection,
    group_success,
    small_mutation_limit,
    stationary_distribution,
    transition_matrix,
)

# --- agent-based dynamics on networks (issue 5) ------------------------------------------------
from gamegroup.dynamics.network import NetworkRun, Phase, simulate_network
from gamegroup.dynamics.network_games import (
    GroupGame,
    NetworkPublicGoods,
    PairwiseGame,
    network_public_goods,
)
from gamegroup.dynamics.plots import (
    plot_gradient,
    plot_invasion_diagram,
    plot_simplex,
    simplex_coordinates,
)
from gamegroup.dynamics.processes import transition_probabilities
from gamegroup.dynamics.replicator import (
    Trajectory,
    integrate_dynamics,
    vector_field,
)
from gamegroup.dynamics.rest_points import RestPoints, rest_points
from gamegroup.dynamics.simulation import (
    FixationEstimate,
    PopulationSimulation,
    simulate_fixation,
    simulate_population,
)

__all__ = [
    "FixationEstimate",
    "GroupGame",
    "NetworkPublicGoods",
    "NetworkRun",
    "PairwiseGame",
    "Phase",
    "PopulationSimulation",
    "RestPoints",
    "SmallMutationLimit",
    "StationaryDistribution",
    "Trajectory",
    "fixation_probability",
    "gradient_of_selection",
    "group_success",
    "integrate_dynamics",
    "network_public_goods",
    "plot_gradient",
    "plot_invasion_diagram",
    "plot_simplex",
    "rest_points",
    "simplex_coordinates",
    "simulate_fixation",
    "simulate_network",
    "simulate_population",
    "small_mutation_limit",
    "stationary_distribution",
    "transition_matrix",
    "transition_probabilities",
    "vector_field",
]
