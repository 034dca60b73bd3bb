"""Networks: validated graph views, generators, committed-member placement and edge-list I/O.

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

__all__ = [
    "CSRGraph",
    "barabasi_albert",
    "committed_members",
    "random_geometric",
    "random_regular",
    "read_edge_list",
    "ring_lattice",
    "square_lattice",
    "stochastic_block_model",
    "to_csr",
    "watts_strogatz",
    "write_edge_list",
]
