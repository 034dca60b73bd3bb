"""Draw the figures of the well-mixed dynamics pages: ``python docs/figures/make_well_mixed_figures.py``.

Writes ``gradient_stag_hunt.png``, ``loners_simplex.png`` and ``loners_invasion.png`` next to
this file. Nothing happens on import (pytest imports every module under ``docs/``).
"""

from pathlib import Path


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from gamegroup.dynamics import (
        integrate_dynamics,
        plot_gradient,
        plot_invasion_diagram,
        plot_simplex,
        rest_points,
        small_mutation_limit,
        stationary_distribution,
    )
    from gamegroup.games import optional_public_goods, public_goods

    here = Path(__file__).resolve().parent

    stag_hunt = public_goods(group_size=10, multiplier=8.0, threshold=5)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    pi = stationary_distribution(
        stag_hunt, population_size=100, mutation_rate=0.01, selection_intensity=5.0
    )
    plot_gradient(stag_hunt, population_size=100, stationary=pi, selection_intensity=5.0, ax=ax)
    ax.set_title("N-person stag hunt: N=10, M=5, F=8, Z=100, beta=5")
    fig.tight_layout()
    fig.savefig(here / "gradient_stag_hunt.png", dpi=110)

    loners = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    runs = [
        integrate_dynamics(loners, x0, np.linspace(0, 60, 600))
        for x0 in ([0.2, 0.3, 0.5], [0.1, 0.8, 0.1])
    ]
    pi = stationary_distribution(loners, population_size=60, mutation_rate=0.01)
    plot_simplex(loners, trajectories=runs, rest_points=rest_points(loners), stationary=pi, ax=ax)
    ax.set_title("Optional public goods (N=5, r=3): replicator and Z=60 chain")
    fig.tight_layout()
    fig.savefig(here / "loners_simplex.png", dpi=110)

    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    plot_invasion_diagram(small_mutation_limit(loners, population_size=100), ax=ax)
    ax.set_title("Small-mutation limit, Z=100")
    fig.tight_layout()
    fig.savefig(here / "loners_invasion.png", dpi=110)


if __name__ == "__main__":
    main()
