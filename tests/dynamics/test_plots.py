import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt

from gamegroup.dynamics import (
    gradient_of_selection,
    integrate_dynamics,
    small_mutation_limit,
    stationary_distribution,
)
from gamegroup.dynamics.plots import (
    plot_gradient,
    plot_invasion_diagram,
    plot_simplex,
    simplex_coordinates,
)
from gamegroup.games import optional_public_goods, public_goods

STAG_HUNT = public_goods(group_size=5, multiplier=4.0, threshold=3)
LONERS = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_gradient_plot_draws_the_gradient_and_the_distribution():
    pi = stationary_distribution(STAG_HUNT, population_size=30, mutation_rate=0.01)
    ax = plot_gradient(STAG_HUNT, population_size=30, stationary=pi)
    x, y = ax.lines[-1].get_data()
    np.testing.assert_allclose(x, np.arange(31) / 30)
    np.testing.assert_allclose(y, gradient_of_selection(STAG_HUNT, population_size=30)[:, 1] / 30)
    assert len(ax.figure.axes) == 2  # the twin axis with the bars
    assert len(ax.figure.axes[1].patches) == 31


def test_simplex_plot_draws_trajectories_rest_points_and_heat_map():
    run = integrate_dynamics(LONERS, [0.2, 0.3, 0.5], np.linspace(0, 10, 50))
    pi = stationary_distribution(LONERS, population_size=15, mutation_rate=0.05)
    ax = plot_simplex(
        LONERS,
        trajectories=[run],
        rest_points=np.eye(3),
        stability=["saddle", "saddle", "unstable"],
        stationary=pi,
    )
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert [m.get_markerfacecolor() for m in markers] == ["grey", "grey", "white"]
    assert ax.collections  # heat map and arrows


def test_invasion_diagram_has_one_arrow_per_favoured_invasion():
    result = small_mutation_limit(LONERS, population_size=50)
    ax = plot_invasion_diagram(result)
    favoured = int((result.to_frame().relative_to_neutral > 1).sum())
    arrows = [text for text in ax.texts if getattr(text, "arrow_patch", None) is not None]
    assert len(arrows) == favoured == 3
    assert len(ax.patches) == 3


def test_simplex_coordinates_of_the_centre():
    np.testing.assert_allclose(simplex_coordinates([1 / 3, 1 / 3, 1 / 3]), [0.5, np.sqrt(3) / 6])


def test_plot_bad_input_names_the_argument():
    with pytest.raises(ValueError, match=r"`game`"):
        plot_gradient(LONERS, population_size=20)
    with pytest.raises(ValueError, match=r"`game`"):
        plot_simplex(STAG_HUNT)
    with pytest.raises(ValueError, match=r"`stability`"):
        plot_simplex(LONERS, rest_points=np.eye(3), stability=["stable"])
    with pytest.raises(TypeError, match=r"`stationary`"):
        plot_gradient(STAG_HUNT, population_size=20, stationary=np.ones(21) / 21)
    with pytest.raises(ValueError, match=r"`stationary`"):
        plot_gradient(
            STAG_HUNT,
            population_size=20,
            stationary=stationary_distribution(STAG_HUNT, population_size=10, mutation_rate=0.1),
        )
    with pytest.raises(TypeError, match=r"`result`"):
        plot_invasion_diagram(
            stationary_distribution(STAG_HUNT, population_size=10, mutation_rate=0.1)
        )
    with pytest.raises(ValueError, match=r"`x`"):
        simplex_coordinates([0.5, 0.5])


def test_importing_dynamics_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, gamegroup.dynamics; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_simplex_plot_takes_a_rest_points_result():
    from gamegroup.dynamics import rest_points

    found = rest_points(LONERS)
    ax = plot_simplex(LONERS, rest_points=found, grid_size=0)
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(markers) == len(found)
    with pytest.raises(ValueError, match=r"`stability`"):
        plot_simplex(LONERS, rest_points=found, stability=["stable"] * len(found))
