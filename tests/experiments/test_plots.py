import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")

from gamegroup.experiments.plots import (
    plot_lines,
    plot_network,
    plot_phase_diagram,
    plot_series,
    require_matplotlib,
)


def grid_frame():
    rows = []
    point = 0
    for y in (0.0, 0.5, 1.0):
        for x in (0.0, 0.5, 1.0):
            for r in range(3):
                rows.append(
                    {"point": point, "x": x, "y": y, "replicate": r, "out": x * (1 - y) + 0.01 * r}
                )
            point += 1
    return pd.DataFrame(rows)


def test_lines_draw_one_line_and_band_per_hue():
    figure = plot_lines(grid_frame(), "out", x="x", hue="y", title="t")
    axes = figure.axes[0]
    assert len(axes.lines) == 3
    assert len(axes.collections) == 3  # confidence bands
    assert axes.get_title() == "t"
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["y = 0", "y = 0.5", "y = 1"]


def test_phase_diagram_has_heat_map_colour_bar_and_boundary():
    figure = plot_phase_diagram(grid_frame(), "out", x="x", y="y", level=0.25)
    heat, bar = figure.axes
    assert bar.get_ylabel() == "out"
    mesh = heat.collections[0]
    assert mesh.get_array().size == 9
    # boundary: out = x (1 - y) crosses 0.25 at x = 0.25 / (1 - y) for y = 0 and 0.5 (and the
    # replicate offsets 0, 0.01, 0.02 shift the mean by 0.01)
    line = heat.lines[0]
    assert line.get_xdata() == pytest.approx([0.24, 0.48])
    assert line.get_ydata() == pytest.approx([0.0, 0.5])


def test_series_bands_and_groups():
    series = pd.DataFrame(
        {
            "point": [0, 0, 0, 0, 1, 1, 1, 1],
            "replicate": [0, 0, 1, 1] * 2,
            "step": [0, 1] * 4,
            "value": [0.5, 0.6, 0.5, 0.8, 0.5, 0.1, 0.5, 0.3],
        }
    )
    series["month"] = series["step"] * 12.0
    figure = plot_series(series, groups=pd.Series({0: "low", 1: "high"}), label="cost", x="month")
    axes = figure.axes[0]
    assert len(axes.lines) == 2
    assert axes.get_xlabel() == "month"
    assert list(axes.lines[0].get_xdata()) == [0.0, 12.0]
    with pytest.raises(ValueError, match=r"`series`"):
        plot_series(series.drop(columns="step"))


def test_network_colours_strategies_and_outlines_committed_members():
    graph = nx.path_graph(5)
    nx.set_edge_attributes(graph, 0.5, "weight")
    figure = plot_network(graph, np.array([0, 1, 1, 0, 1]), committed=[2])
    axes = figure.axes[0]
    labels = [t.get_text() for t in axes.get_legend().get_texts()]
    assert labels == ["not sharing", "sharing", "committed"]
    with pytest.raises(ValueError, match=r"`strategies` must have one entry per node \(5\)"):
        plot_network(graph, [0, 1])


def test_drawing_on_given_axes():
    from matplotlib.figure import Figure

    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert plot_lines(grid_frame(), "out", x="x", ax=right) is figure
    assert len(right.lines) == 1
    assert len(left.lines) == 0


def test_a_missing_matplotlib_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r'pip install "gamegroup\[plot\]"'):
        require_matplotlib()
