"""Networks: graph views, generators, committed members, trust and market layers, and I/O.

Examples
--------
>>> import networkx as nx
>>> from gamegroup.networks import to_csr
>>> to_csr(nx.cycle_graph(4)).degrees
array([2, 2, 2, 2])
"""

from gamegroup.networks.generators import (
    barabasi_albert,
    random_geometric,
    random_regular,
    ring_lattice,
    square_lattice,
    stochastic_block_model,
    watts_strogatz,
)
from gamegroup.networks.graph import CSRGraph, to_csr
from gamegroup.networks.groups import committed_members
from gamegroup.networks.io import read_edge_list, write_edge_list
from gamegroup.networks.layers import (
    TwoLayerNetwork,
    divide_market_areas,
    read_two_layer_network,
    village,
    write_two_layer_network,
)

__all__ = [
    "CSRGraph",
    "TwoLayerNetwork",
    "barabasi_albert",
    "committed_members",
    "divide_market_areas",
    "random_geometric",
    "random_regular",
    "read_edge_list",
    "read_two_layer_network",
    "ring_lattice",
    "square_lattice",
    "stochastic_block_model",
    "to_csr",
    "village",
    "watts_strogatz",
    "write_edge_list",
    "write_two_layer_network",
]
