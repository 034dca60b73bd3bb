"""Reading and writing weighted edge lists (the only file I/O below ``experiments``).

Format: one edge per line, ``source target [weight]``, fields separated by whitespace (or by
``delimiter``). Blank lines and everything after ``#`` are ignored. A line with two fields is an
edge of weight 1. Node labels are strings unless ``node_type`` converts them (``int`` for
integer ids). Nodes that appear in no edge can be listed on a line of their own, a single field.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import networkx as nx

from gamegroup._files import write_atomically

PathLike = str | os.PathLike[str]


def read_edge_list(
    path: PathLike,
    *,
    node_type: Callable[[str], Hashable] = str,
    delimiter: str | None = None,
    weight: str = "weight",
) -> nx.Graph:
    r"""Read an undirected weighted graph from an edge-list file.

    Parameters
    ----------
    path : str or path-like
        The file to read.
    node_type : callable
        Converts each label (``str`` by default; ``int`` for integer ids).
    delimiter : str, optional
        Field separator; ``None`` splits on runs of whitespace.
    weight : str
        Edge attribute that receives the third field.

    Returns
    -------
    networkx.Graph

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If a line has more than three fields, a label cannot be converted, a weight is not a
        finite number, or an edge is listed twice (the path and line number are named).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "trust.txt").write_text("# member member trust\n1 2 0.5\n2 3\n4\n")
    >>> g = read_edge_list(folder / "trust.txt", node_type=int)
    >>> sorted(g.edges(data="weight")), sorted(g.nodes)
    ([(1, 2, 0.5), (2, 3, 1.0)], [1, 2, 3, 4])
    """
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"`path` must be an existing edge-list file; got {str(file)!r}.")
    graph = nx.Graph()
    with file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            content = line.split("#", 1)[0].strip()
            if not content:
                continue
            fields = [f.strip() for f in content.split(delimiter)]
            where = f"{file}:{number}"
            if len(fields) > 3:
                raise ValueError(
                    f"{where}: expected `source target [weight]`; got {len(fields)} fields."
                )
            try:
                labels = [node_type(f) for f in fields[:2]]
            except (TypeError, ValueError) as error:
                raise ValueError(
                    f"{where}: cannot convert a node label with {node_type!r}."
                ) from error
            if len(labels) == 1:
                graph.add_node(labels[0])
                continue
            value = 1.0
            if len(fields) == 3:
                try:
                    value = float(fields[2])
                except ValueError:
                    raise ValueError(f"{where}: weight {fields[2]!r} is not a number.") from None
                if not math.isfinite(value):
                    raise ValueError(f"{where}: weight must be finite; got {fields[2]!r}.")
            if graph.has_edge(*labels):
                raise ValueError(f"{where}: edge {labels[0]!r}-{labels[1]!r} is listed twice.")
            graph.add_edge(labels[0], labels[1], **{weight: value})
    return graph


def write_edge_list(
    graph: nx.Graph, path: PathLike, *, weight: str = "weight", delimiter: str = " "
) -> None:
    """Write ``graph`` as an edge list readable by :func:`read_edge_list`.

    Isolated nodes are written on lines of their own so that the node set survives a round
    trip. Weights are written with ``repr`` precision, so they round-trip exactly. The file is
    written to a temporary name and renamed, so an interrupted write never leaves half a file.

    Raises
    ------
    TypeError
        If ``graph`` is not an undirected networkx graph.
    ValueError
        If a node label contains the delimiter, whitespace or ``#``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = nx.Graph([(1, 2, {"weight": 0.25})]); g.add_node(7)
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "g.txt"
    >>> write_edge_list(g, target)
    >>> h = read_edge_list(target, node_type=int)
    >>> nx.utils.graphs_equal(g, h)
    True
    """
    if not isinstance(graph, nx.Graph) or graph.is_directed():
        raise TypeError(
            f"`graph` must be an undirected networkx graph; got {type(graph).__name__}."
        )
    for node in graph.nodes:
        text = str(node)
        if not text or any(ch.isspace() for ch in text) or "#" in text or delimiter in text:
            raise ValueError(
                f"`graph` node label {node!r} cannot be written: labels must be non-empty and "
                f"contain no whitespace, '#' or the delimiter {delimiter!r}."
            )
    lines: list[str] = []
    for u, v, data in graph.edges(data=True):
        value: Any = data.get(weight, 1.0)
        lines.append(delimiter.join([str(u), str(v), repr(float(value))]))
    lines.extend(str(node) for node in nx.isolates(graph))
    write_atomically(Path(path), "\n".join(lines) + "\n")
