r"""Figures for well-mixed dynamics (matplotlib, the optional ``plot`` extra).

* :func:`plot_gradient` — two strategies: the gradient of selection :math:`G(j)/Z` against the
  fraction :math:`j/Z` of strategy 1, with the stationary distribution of the full chain;
* :func:`plot_simplex` — three strategies: the simplex with the direction field of a dynamic,
  trajectories, rest points coloured by stability and a stationary distribution as a heat map;
* :func:`plot_invasion_diagram` — the small-mutation limit: monomorphic states sized by their
  stationary probability and arrows for the invasions favoured by selection
  (:math:`\rho > 1/Z`).

matplotlib is imported inside the functions, never when :mod:`gamegroup` is imported. Each
function draws on ``ax`` (or a new figure) and returns the axes.

A point :math:`x` of the 3-strategy simplex is drawn at :math:`x_1 (1, 0) + x_2 (\tfrac12,
\tfrac{\sqrt3}{2})`: strategy 0 at the bottom left, 1 at the bottom right, 2 at the top.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gamegroup._combinatorics import compositions
from gamegroup._validation import check_simplex, check_type
from gamegroup.dynamics._population_games import population_game
from gamegroup.dynamics.finite_population import (
    SmallMutationLimit,
    StationaryDistribution,
    gradient_of_selection,
)
from gamegroup.dynamics.processes import check_population
from gamegroup.dynamics.replicator import Trajectory, vector_field
from gamegroup.dynamics.rest_points import RestPoints

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_HEIGHT = np.sqrt(3.0) / 2.0
_STABILITY_COLOURS = {
    "stable": "black",
    "unstable": "white",
    "saddle": "grey",
    "semi_stable": "silver",
    "non_hyperbolic": "silver",
}


def _axes(ax: Axes | None) -> Axes:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    return ax


def simplex_coordinates(x: ArrayLike) -> NDArray[np.float64]:
    """Map points of the 3-strategy simplex, shape ``(..., 3)``, to the plane, ``(..., 2)``.

    Examples
    --------
    >>> simplex_coordinates([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).round(3)
    array([[0.   , 0.   ],
           [1.   , 0.   ],
           [0.5  , 0.866]])
    """
    return _plane(check_simplex(x, "x", size=3))


def _plane(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unchecked :func:`simplex_coordinates` (also maps velocities, which sum to 0)."""
    return np.stack([points[..., 1] + 0.5 * points[..., 2], _HEIGHT * points[..., 2]], axis=-1)


def plot_gradient(
    game: Any,
    *,
    population_size: int,
    stationary: StationaryDistribution | None = None,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    mutation_rate: float = 0.0,
    fitness: str = "exponential",
    ax: Axes | None = None,
) -> Axes:
    r"""Plot the gradient of selection of a two-strategy population, with a stationary distribution.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
        Two strategies.
    population_size : int
        :math:`Z`.
    stationary : StationaryDistribution, optional
        Drawn as bars on a second axis (for instance from
        :func:`~gamegroup.dynamics.stationary_distribution` of the same process).
    rule, selection_intensity, mutation_rate, fitness
        The process, as for :func:`~gamegroup.dynamics.gradient_of_selection`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The axes of the gradient (the distribution is on ``ax.twinx()``).

    Raises
    ------
    ValueError
        If the game does not have two strategies, or the distribution is of another
        population.

    References
    ----------
    Pacheco, J. M., Santos, F. C., Souza, M. O., & Skyrms, B. (2009). Evolutionary dynamics of
    collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*, 276, 315–321.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from gamegroup.dynamics import stationary_distribution
    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=5, multiplier=4.0, threshold=3)
    >>> pi = stationary_distribution(game, population_size=50, mutation_rate=0.01, selection_intensity=2.0)
    >>> ax = plot_gradient(game, population_size=50, stationary=pi, selection_intensity=2.0)
    >>> ax.get_xlabel()
    'fraction playing contribute'
    """
    symmetric, z = check_population(game, population_size)
    if symmetric.n_strategies != 2:
        raise ValueError(
            f"`game` must have 2 strategies for plot_gradient; got {symmetric.n_strategies} "
            "(use plot_simplex for 3)."
        )
    gradient = gradient_of_selection(
        symmetric,
        population_size=z,
        rule=rule,
        selection_intensity=selection_intensity,
        mutation_rate=mutation_rate,
        fitness=fitness,
    )
    fraction = np.arange(z + 1) / z
    ax = _axes(ax)
    ax.axhline(0.0, color="grey", linewidth=0.8)
    ax.plot(fraction, gradient[:, 1] / z, color="C0", label="gradient of selection")
    name = symmetric.strategy_names[1]
    ax.set_xlabel(f"fraction playing {name}" if name != "1" else "fraction playing strategy 1")
    ax.set_ylabel("expected change of the fraction per update")
    if stationary is not None:
        check_type(stationary, "stationary", StationaryDistribution, "a StationaryDistribution")
        if stationary.population_size != z or stationary.states.shape[1] != 2:
            raise ValueError(
                "`stationary` must be a distribution over the same two-strategy population "
                f"(Z={z}); got Z={stationary.population_size} with "
                f"{stationary.states.shape[1]} strategies."
            )
        twin = ax.twinx()
        twin.bar(
            np.asarray(stationary.states)[:, 1] / z,
            np.asarray(stationary.probabilities),
            width=0.8 / z,
            color="C1",
            alpha=0.5,
        )
        twin.set_ylabel("stationary probability")
    return ax


def _triangle(ax: Axes, names: Sequence[str]) -> None:
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, _HEIGHT], [0.0, 0.0]])
    ax.plot(corners[:, 0], corners[:, 1], color="black", linewidth=1.0)
    offsets = [(-0.04, -0.05, "right"), (1.04, -0.05, "left"), (0.5, _HEIGHT + 0.04, "center")]
    for (x, y, align), label in zip(offsets, names, strict=True):
        ax.text(x, y, label, ha=align, va="center")
    ax.set_aspect("equal")
    ax.set_axis_off()


def plot_simplex(
    game: Any,
    *,
    dynamic: str = "replicator",
    trajectories: Sequence[Trajectory] = (),
    rest_points: RestPoints | ArrayLike | None = None,
    stability: Sequence[str] | None = None,
    stationary: StationaryDistribution | None = None,
    grid_size: int = 15,
    ax: Axes | None = None,
    **dynamic_options: Any,
) -> Axes:
    r"""Draw a three-strategy simplex portrait.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
        Three strategies, played by one population.
    dynamic : str
        The dynamic whose direction field is drawn (see
        :func:`~gamegroup.dynamics.vector_field`); ``dynamic_options`` are passed on to it.
    trajectories : sequence of Trajectory
        Drawn as lines, with an arrow head at the end.
    rest_points : RestPoints or array_like, optional
        A :class:`~gamegroup.dynamics.RestPoints` result (drawn with its stability), or points
        of the simplex, shape ``(m, 3)``.
    stability : sequence of str, optional
        For points given as an array: one of ``"stable"`` (filled black), ``"unstable"``
        (open), ``"saddle"`` (grey), ``"semi_stable"`` or ``"non_hyperbolic"`` (light grey)
        per point; default ``"stable"``.
    stationary : StationaryDistribution, optional
        Drawn as a heat map over the population states.
    grid_size : int
        Arrows per side of the direction field (0 for none).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the game does not have three strategies, or the inputs do not match.

    References
    ----------
    Hauert, C., De Monte, S., Hofbauer, J., & Sigmund, K. (2002). Replicator dynamics for
    optional public good games. *J. Theor. Biol.*, 218, 187–194.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from gamegroup.dynamics import integrate_dynamics, rest_points
    >>> from gamegroup.games import optional_public_goods
    >>> game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    >>> run = integrate_dynamics(game, [0.2, 0.3, 0.5], np.linspace(0, 40, 200))
    >>> ax = plot_simplex(game, trajectories=[run], rest_points=rest_points(game))
    >>> len(ax.lines) >= 2
    True
    """
    from matplotlib.colors import LogNorm

    population = population_game(game)
    if population.sizes != (3,):
        raise ValueError(
            "`game` must have 3 strategies played by one population for plot_simplex; got "
            f"populations with {population.sizes} strategies."
        )
    ax = _axes(ax)
    if stationary is not None:
        check_type(stationary, "stationary", StationaryDistribution, "a StationaryDistribution")
        states = np.asarray(stationary.states)
        if states.shape[1] != 3:
            raise ValueError(f"`stationary` must be over three strategies; got {states.shape[1]}.")
        points = _plane(states / stationary.population_size)
        probabilities = np.asarray(stationary.probabilities)
        top = float(probabilities.max())
        # Logarithmic colours: mass concentrates near vertices and edges.
        floor = max(float(probabilities[probabilities > 0].min()), top * 1e-8)
        ax.tripcolor(
            points[:, 0],
            points[:, 1],
            np.maximum(probabilities, floor),
            cmap="Blues",
            shading="gouraud",
            norm=LogNorm(vmin=floor, vmax=top),
            zorder=0,
        )
    if grid_size:
        n = int(grid_size)
        grid = compositions(n, 3) / n
        inside = np.all(grid > 0, axis=1)
        grid = grid[inside]
        arrows = np.asarray(vector_field(game, grid, dynamic=dynamic, **dynamic_options))
        base = _plane(grid)
        direction = _plane(arrows)
        length = np.linalg.norm(direction, axis=1, keepdims=True)
        unit = np.divide(direction, length, out=np.zeros_like(direction), where=length > 0)
        ax.quiver(
            base[:, 0],
            base[:, 1],
            unit[:, 0],
            unit[:, 1],
            length[:, 0],
            cmap="viridis",
            angles="xy",
            scale_units="xy",
            scale=1.4 * n,
            width=0.004,
        )
    for run in trajectories:
        check_type(run, "trajectories", Trajectory, "a sequence of Trajectory")
        if run.n_strategies != (3,):
            raise ValueError(
                f"`trajectories` must be of one 3-strategy population; got {run.n_strategies}."
            )
        path = _plane(np.asarray(run.x))  # within the integrator's tolerance of the simplex
        ax.plot(path[:, 0], path[:, 1], color="C3", linewidth=1.2)
        if path.shape[0] >= 2:
            ax.annotate(
                "",
                xy=path[-1],
                xytext=path[-2],
                arrowprops={"arrowstyle": "->", "color": "C3"},
            )
    if isinstance(rest_points, RestPoints):
        if stability is not None:
            raise ValueError("`stability` is read from `rest_points` when it is a RestPoints.")
        stability = list(rest_points.stability)
        rest_points = np.asarray(rest_points.states)
    if rest_points is not None:
        points = check_simplex(rest_points, "rest_points", size=3)
        points = points.reshape(-1, 3)
        kinds = ["stable"] * points.shape[0] if stability is None else list(stability)
        if len(kinds) != points.shape[0] or any(k not in _STABILITY_COLOURS for k in kinds):
            raise ValueError(
                f"`stability` must give one of {sorted(_STABILITY_COLOURS)} per rest point "
                f"({points.shape[0]}); got {kinds!r}."
            )
        plane = _plane(points)
        for (px, py), kind in zip(plane, kinds, strict=True):
            ax.plot(
                px,
                py,
                marker="o",
                markersize=8,
                markerfacecolor=_STABILITY_COLOURS[kind],
                markeredgecolor="black",
                linestyle="none",
                zorder=5,
            )
    _triangle(ax, population.names[0])
    return ax


def plot_invasion_diagram(result: SmallMutationLimit, *, ax: Axes | None = None) -> Axes:
    r"""Draw who invades whom in the small-mutation limit.

    Each monomorphic state is a circle whose area is proportional to its stationary probability;
    an arrow from :math:`i` to :math:`j` marks an invasion favoured by selection,
    :math:`\rho_{i \to j} > 1/Z`, labelled with :math:`Z\rho_{i \to j}` (how many times the
    neutral fixation probability).

    Parameters
    ----------
    result : SmallMutationLimit
        From :func:`~gamegroup.dynamics.small_mutation_limit`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``result`` is not a SmallMutationLimit.

    References
    ----------
    Hauert, C., Traulsen, A., Brandt, H., Nowak, M. A., & Sigmund, K. (2007). Via freedom to
    coercion: the emergence of costly punishment. *Science*, 316, 1905–1907.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from gamegroup.dynamics import small_mutation_limit
    >>> from gamegroup.games import optional_public_goods
    >>> game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    >>> ax = plot_invasion_diagram(small_mutation_limit(game, population_size=50))
    >>> len(ax.patches)  # one circle per monomorphic state
    3
    """
    from matplotlib.patches import Circle

    check_type(result, "result", SmallMutationLimit, "a SmallMutationLimit")
    k = len(result.strategy_names)
    z = result.population_size
    angles = np.pi / 2 + 2 * np.pi * np.arange(k) / k
    centres = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    ax = _axes(ax)
    probabilities = np.asarray(result.probabilities)
    log_rho = np.asarray(result.log_fixation_probabilities)
    for i in range(k):
        for j in range(k):
            if i == j or not log_rho[i, j] + np.log(z) > 0:
                continue
            ratio = float(np.exp(log_rho[i, j] + np.log(z)))
            start, end = centres[i], centres[j]
            ax.annotate(
                "",
                xy=start + 0.8 * (end - start),
                xytext=start + 0.2 * (end - start),
                arrowprops={"arrowstyle": "-|>", "color": "C0", "linewidth": 0.8 + np.log1p(ratio)},
            )
            normal = np.array([end[1] - start[1], start[0] - end[0]])
            middle = 0.5 * (start + end) + 0.12 * normal / np.linalg.norm(normal)
            ax.text(
                middle[0],
                middle[1],
                f"{ratio:.2g}",
                ha="center",
                va="center",
                fontsize=8,
                color="C0",
            )
    for (x, y), name, p in zip(centres, result.strategy_names, probabilities, strict=True):
        ax.add_patch(
            Circle((x, y), 0.08 + 0.25 * np.sqrt(p), facecolor="C1", edgecolor="black", alpha=0.8)
        )
        ax.text(x, y, f"{name}\n{p:.2f}", ha="center", va="center")
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
