"""Figures of sweep results (matplotlib, an optional dependency imported only when plotting).

* :func:`plot_lines`: an output against a grid parameter, one line per value of another, with
  the confidence band of the replicates;
* :func:`plot_phase_diagram`: a heat map of an output over two grid parameters with the
  interpolated phase boundary (:func:`~gamegroup.experiments.regimes.phase_boundary`) and its
  confidence interval;
* :func:`plot_series`: time series with replicate bands;
* :func:`plot_network`: a network snapshot, members coloured by strategy, committed members
  outlined.

Every function returns a :class:`matplotlib.figure.Figure` built without ``pyplot`` (no GUI
backend, no global state), or draws on the ``ax`` it is given. Install the extra with
``python -m pip install "gamegroup[plot]"``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gamegroup.experiments.regimes import half_width, phase_boundary, summarise

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SHARING_COLOURS = ("#d95f02", "#1b9e77")
"""Colours of strategy 0 (not sharing) and 1 (sharing)."""


def require_matplotlib() -> Any:
    """Import matplotlib's ``Figure`` class, or raise a clear error saying how to install it.

    Raises
    ------
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> require_matplotlib().__name__
    'Figure'
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(
            "plots and reports need matplotlib, which is not installed: "
            'python -m pip install "gamegroup[plot]"'
        ) from None
    return Figure


def _axes(ax: Axes | None, size: tuple[float, float] = (6.0, 4.0)) -> Axes:
    if ax is not None:
        return ax
    figure = require_matplotlib()(figsize=size, layout="constrained")
    return figure.add_subplot()


def _label(name: str) -> str:
    return name.replace("_", " ")


def plot_lines(
    frame: pd.DataFrame,
    output: str,
    *,
    x: str,
    hue: str | None = None,
    level: float = 0.95,
    title: str = "",
    ax: Axes | None = None,
) -> Figure:
    """Plot the mean of ``output`` against ``x``, one line per value of ``hue``, with bands.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sweep frame.
    output : str
        Output column.
    x : str
        Numeric parameter column on the horizontal axis.
    hue : str, optional
        Parameter column: one line per value. Other parameters are pooled.
    level : float
        Confidence level of the bands (mean ± Student-t half-width over the replicates).
    title : str
    ax : matplotlib.axes.Axes, optional
        Draw here instead of on a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If a column is missing.
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> frame = pd.DataFrame({"point": [0, 0, 1, 1], "cost": [0.0, 0.0, 1.0, 1.0],
    ...                       "replicate": [0, 1, 0, 1], "sharing": [0.9, 0.8, 0.3, 0.1]})
    >>> figure = plot_lines(frame, "sharing", x="cost")
    >>> figure.axes[0].get_xlabel()
    'cost'
    """
    axes = _axes(ax)
    by = [x] if hue is None else [hue, x]
    table = summarise(frame, output, by=by, level=level)
    groups = [(None, table)] if hue is None else list(table.groupby(hue, sort=True))
    colours = _colour_cycle(len(groups))
    for colour, (key, group) in zip(colours, groups, strict=True):
        group = group.sort_values(x)
        label = None if hue is None else f"{_label(hue)} = {_value(key)}"
        axes.plot(group[x], group["mean"], marker="o", color=colour, label=label)
        axes.fill_between(
            group[x], group["ci_low"], group["ci_high"], color=colour, alpha=0.2, linewidth=0
        )
    axes.set_xlabel(_label(x))
    axes.set_ylabel(_label(output))
    if hue is not None:
        axes.legend(fontsize="small", frameon=False)
    if title:
        axes.set_title(title)
    return axes.figure  # type: ignore[return-value]


def _value(key: Any) -> str:
    key = key[0] if isinstance(key, tuple) and len(key) == 1 else key
    return f"{key:.3g}" if isinstance(key, float) else str(key)


def _colour_cycle(count: int) -> list[Any]:
    require_matplotlib()
    from matplotlib import colormaps

    cmap = colormaps["viridis"]
    if count <= 1:
        return [cmap(0.35)]
    return [cmap(0.9 * i / (count - 1)) for i in range(count)]


def _edges(values: np.ndarray) -> np.ndarray:
    if values.size == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    middle = (values[:-1] + values[1:]) / 2
    return np.concatenate([[2 * values[0] - middle[0]], middle, [2 * values[-1] - middle[-1]]])


def plot_phase_diagram(
    frame: pd.DataFrame,
    output: str,
    *,
    x: str,
    y: str,
    level: float | None = None,
    title: str = "",
    ax: Axes | None = None,
) -> Figure:
    """Heat map of the mean of ``output`` over two grid parameters, with its phase boundary.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sweep frame.
    output : str
        Output column.
    x, y : str
        Numeric parameter columns on the axes (others are pooled).
    level : float, optional
        Draw the boundary where the mean crosses this level along ``x``, for each ``y``
        (white line), with the crossings of its 95% confidence curves as error bars.
    title : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If a column is missing.
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> frame = pd.DataFrame({"point": [0, 1, 2, 3], "cost": [0.0, 1.0, 0.0, 1.0],
    ...                       "trust": [0.0, 0.0, 1.0, 1.0], "replicate": [0] * 4,
    ...                       "sharing": [0.6, 0.2, 1.0, 0.8]})
    >>> frame = frame[["point", "cost", "trust", "replicate", "sharing"]]
    >>> figure = plot_phase_diagram(frame, "sharing", x="cost", y="trust", level=0.5)
    >>> figure.axes[0].get_ylabel()
    'trust'
    """
    axes = _axes(ax, (6.0, 4.5))
    table = summarise(frame, output, by=[y, x])
    grid = table.pivot(index=y, columns=x, values="mean")
    xs = grid.columns.to_numpy(dtype=float)
    ys = grid.index.to_numpy(dtype=float)
    mesh = axes.pcolormesh(_edges(xs), _edges(ys), grid.to_numpy(), cmap="viridis", shading="flat")
    axes.figure.colorbar(mesh, ax=axes, label=_label(output))
    if level is not None:
        boundary = phase_boundary(frame, output, along=x, level=level, by=[y])
        if len(boundary):
            boundary = boundary.sort_values(y)
            error = np.vstack(
                [boundary[x] - boundary["lower"], boundary["upper"] - boundary[x]]
            ).clip(min=0)
            axes.errorbar(
                boundary[x],
                boundary[y],
                xerr=np.nan_to_num(error),
                color="white",
                marker="o",
                markersize=4,
                linewidth=2,
                capsize=3,
                label=f"{_label(output)} = {level:g}",
            )
            axes.legend(fontsize="small", loc="upper right", framealpha=0.6)
    axes.set_xlabel(_label(x))
    axes.set_ylabel(_label(y))
    if title:
        axes.set_title(title)
    return axes.figure  # type: ignore[return-value]


def plot_series(
    series: pd.DataFrame,
    *,
    groups: pd.Series | None = None,
    label: str = "",
    x: str = "step",
    x_label: str = "",
    level: float = 0.95,
    title: str = "",
    ax: Axes | None = None,
) -> Figure:
    """Plot time series: the mean over replicates with its confidence band, per group.

    Parameters
    ----------
    series : pandas.DataFrame
        Long frame with ``point``, ``replicate``, ``step`` and ``value`` columns, as returned
        by :meth:`~gamegroup.experiments.store.ResultStore.series`.
    groups : pandas.Series, optional
        Maps each ``point`` (the index) to a group label; one line per group (default: one
        line per point).
    label : str
        Name of the groups (legend title).
    x : str
        Column of ``series`` on the horizontal axis (default the step index; for example a
        ``month`` column joined from a time series).
    x_label : str
        Label of the horizontal axis (default: ``x``).
    level : float
        Confidence level of the bands.
    title : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``series`` lacks the required columns.
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> series = pd.DataFrame({"point": [0] * 4, "replicate": [0, 0, 1, 1],
    ...                        "step": [0, 1, 0, 1], "value": [0.5, 0.7, 0.5, 0.9]})
    >>> figure = plot_series(series, label="sharing")
    >>> len(figure.axes[0].lines)
    1
    """
    needed = {"point", "replicate", x, "value"}
    if not needed <= set(series.columns):
        raise ValueError(
            f"`series` must have columns {sorted(needed)}; got {list(series.columns)}."
        )
    axes = _axes(ax)
    data = series.copy()
    data["group"] = data["point"] if groups is None else data["point"].map(groups)
    keys = sorted(data["group"].unique(), key=_sort_key)
    colours = _colour_cycle(len(keys))
    for colour, key in zip(colours, keys, strict=True):
        part = data[data["group"] == key]
        table = part.groupby(x)["value"].agg(["mean", "std", "count"])
        half = half_width(table["std"], table["count"], level)
        where = table.index.to_numpy()
        axes.plot(where, table["mean"], color=colour, label=_value(key))
        axes.fill_between(
            where,
            table["mean"] - half.fillna(0),
            table["mean"] + half.fillna(0),
            color=colour,
            alpha=0.2,
            linewidth=0,
        )
    axes.set_xlabel(_label(x_label or x))
    axes.set_ylabel("value")
    if len(keys) > 1:
        axes.legend(
            title=_label(label) if groups is not None else "point", fontsize="small", frameon=False
        )
    if title:
        axes.set_title(title)
    return axes.figure  # type: ignore[return-value]


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, value) if isinstance(value, (int, float, np.number)) else (1, str(value))


def plot_network(
    graph: nx.Graph,
    strategies: Sequence[int] | np.ndarray,
    *,
    committed: Sequence[Hashable] = (),
    labels: Sequence[str] = ("not sharing", "sharing"),
    layout_seed: int = 0,
    title: str = "",
    ax: Axes | None = None,
) -> Figure:
    """Draw a network snapshot: members coloured by strategy, committed members outlined.

    Parameters
    ----------
    graph : networkx.Graph
        The trust network (edge attribute ``weight`` sets the edges' opacity).
    strategies : sequence of int
        Strategy of each node, in ``graph``'s node order (0 or 1 for sharing models).
    committed : sequence
        Nodes drawn with a thick black outline (committed members).
    labels : sequence of str
        Legend name of each strategy.
    layout_seed : int
        Seed of the spring layout, so the same graph is always drawn the same way.
    title : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``strategies`` does not have one entry per node.
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> import networkx as nx
    >>> figure = plot_network(nx.cycle_graph(6), [0, 1, 1, 0, 1, 1], committed=[1])
    >>> figure.axes[0].get_title()
    ''
    """
    import networkx as nx

    values = np.asarray(strategies)
    nodes = list(graph)
    if values.shape != (len(nodes),):
        raise ValueError(
            f"`strategies` must have one entry per node ({len(nodes)}); got shape {values.shape}."
        )
    axes = _axes(ax, (6.0, 6.0))
    positions = nx.spring_layout(graph, seed=layout_seed, weight=None)
    xy = np.array([positions[node] for node in nodes])
    index = {node: i for i, node in enumerate(nodes)}
    segments = []
    alphas = []
    for u, v, weight in graph.edges(data="weight", default=1.0):
        segments.append([xy[index[u]], xy[index[v]]])
        alphas.append(float(weight))
    if segments:
        from matplotlib.collections import LineCollection

        colours = np.zeros((len(segments), 4))
        colours[:, 3] = 0.08 + 0.35 * np.asarray(alphas) / max(max(alphas), 1e-12)
        axes.add_collection(LineCollection(segments, colors=colours, linewidths=0.6))
    outlined = np.array([node in set(committed) for node in nodes], dtype=bool)
    for strategy in np.unique(values):
        chosen = values == strategy
        colour = SHARING_COLOURS[int(strategy)] if int(strategy) < len(SHARING_COLOURS) else None
        name = labels[int(strategy)] if int(strategy) < len(labels) else str(strategy)
        axes.scatter(
            xy[chosen, 0], xy[chosen, 1], s=28, color=colour, label=name, zorder=2, linewidths=0
        )
    if outlined.any():
        axes.scatter(
            xy[outlined, 0],
            xy[outlined, 1],
            s=110,
            facecolors="none",
            edgecolors="black",
            linewidths=2,
            label="committed",
            zorder=3,
        )
    axes.set_aspect("equal")
    axes.set_axis_off()
    axes.legend(fontsize="small", loc="lower right", frameon=False)
    if title:
        axes.set_title(title)
    return axes.figure  # type: ignore[return-value]
