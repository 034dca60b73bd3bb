"""Evolutionary dynamics: agent-based runs on networks.

Examples
--------
>>> import networkx as nx
>>> from gamegroup.dynamics import network_public_goods, simulate_network
>>> game = network_public_goods(nx.cycle_graph(10), multiplier=3.0)
>>> simulate_network(game, steps=5, rng=0).fractions.shape
(1, 6, 2)
"""

# --- agent-based dynamics on networks (issue 5) ------------------------------------------------
from gamegroup.dynamics.network import NetworkRun, Phase, simulate_network
from gamegroup.dynamics.network_games import (
    GroupGame,
    NetworkPublicGoods,
    PairwiseGame,
    network_public_goods,
)

__all__ = [
    # --- agent-based dynamics on networks (issue 5) ---
    "GroupGame",
    "NetworkPublicGoods",
    "NetworkRun",
    "PairwiseGame",
    "Phase",
    "network_public_goods",
    "simulate_network",
]
