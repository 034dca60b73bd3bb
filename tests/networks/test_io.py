import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from gamegroup.networks import read_edge_list, write_edge_list
from gamegroup.testing import strategies as ggst


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ggst.graphs(weighted=True))
def test_write_then_read_round_trips_exactly(tmp_path, graph):
    target = tmp_path / "layer.txt"
    write_edge_list(graph, target)
    back = read_edge_list(target, node_type=int)
    assert nx.utils.graphs_equal(graph, back)
    assert [p.name for p in tmp_path.iterdir()] == ["layer.txt"]  # no temporary file left


def test_comments_blank_lines_and_delimiters(tmp_path):
    path = tmp_path / "market.csv"
    path.write_text("# a comment\n\na,b,0.5  # trailing\nb,c\n", encoding="utf-8")
    graph = read_edge_list(path, delimiter=",")
    assert sorted(graph.edges(data="weight")) == [("a", "b", 0.5), ("b", "c", 1.0)]


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("1 2 3 4\n", r"layer.txt:1: expected `source target \[weight\]`; got 4 fields"),
        ("1 2 heavy\n", r"layer.txt:1: weight 'heavy' is not a number"),
        ("1 2 nan\n", r"layer.txt:1: weight must be finite"),
        ("1 2\n2 1\n", r"layer.txt:2: edge 2-1 is listed twice"),
        ("x 2\n", r"layer.txt:1: cannot convert a node label"),
    ],
)
def test_malformed_files_name_the_path_and_line(tmp_path, text, pattern):
    path = tmp_path / "layer.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=pattern):
        read_edge_list(path, node_type=int)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"`path` must be an existing edge-list file"):
        read_edge_list(tmp_path / "absent.txt")


def test_write_rejects_unwritable_labels_and_directed_graphs(tmp_path):
    with pytest.raises(ValueError, match=r"node label 'a b' cannot be written"):
        write_edge_list(nx.Graph([("a b", "c")]), tmp_path / "x.txt")
    with pytest.raises(TypeError, match=r"`graph` must be an undirected networkx graph"):
        write_edge_list(nx.DiGraph([(0, 1)]), tmp_path / "x.txt")
