"""Networks: validated graph views, and reading and writing weighted edge lists.

Examples
--------
>>> import networkx as nx
>>> from gamegroup.networks import to_csr
>>> to_csr(nx.cycle_graph(4)).degrees
array([2, 2, 2, 2])
"""

from gamegroup.networks.graph import CSRGraph, to_csr
from gamegroup.networks.io import read_edge_list, write_edge_list

__all__ = ["CSRGraph", "read_edge_list", "to_csr", "write_edge_list"]
