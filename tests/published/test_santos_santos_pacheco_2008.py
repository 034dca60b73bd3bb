"""Santos, F. C., Santos, M. D., & Pacheco, J. M. (2008). Social diversity promotes the
emergence of cooperation in public goods games. Nature, 454, 213–216 (Fig. 1).

Settings as in the paper: N = 1000 members, average degree z = 4, public goods games in every
closed neighbourhood, synchronous updating, proportional imitation of a random neighbour
normalised by the largest possible payoff difference, 50% contributors at random at the start.
The paper finds (Fig. 1 and abstract) that

* on homogeneous (regular) graphs cooperation dies out well below eta = r / (z + 1) = 1;
* on scale-free graphs cooperation emerges at much lower eta, and most of all when every member
  contributes a fixed amount split over its games ("cost per individual").

The bounded run (default) uses 3 graphs x 2 runs and 2,000 + 500 generations; ``--statistical=full``
uses 10 graphs x 5 runs and 10,000 + 2,000 generations (the paper: 10^5 + 2 x 10^3). The docs
figure (``benchmarks/figure_santos_santos_pacheco_2008.py``) draws the whole curve.
"""

import numpy as np
import pytest

from gamegroup._rng import task_seed
from gamegroup.dynamics import network_public_goods, simulate_network
from gamegroup.networks import barabasi_albert, random_regular

SIZE, DEGREE = 1000, 4


def contributors(topology, cost_model, eta, graphs, runs, transient, average):
    """Per-run time averages of the fraction of contributors (graphs x runs values)."""
    values = []
    for g in range(graphs):
        if topology == "regular":
            graph = random_regular(SIZE, DEGREE, rng=task_seed(2008, (g,)))
        else:
            graph = barabasi_albert(SIZE, DEGREE // 2, rng=task_seed(2008, (g,)))
        game = network_public_goods(graph, multiplier=eta * (DEGREE + 1), cost_model=cost_model)
        run = simulate_network(
            game, steps=transient + average, rule="proportional", replicates=runs,
            record_every=50, rng=task_seed(2008, (g, int(eta * 100))),
        )  # fmt: skip
        values.extend(run.fractions[:, run.times > transient, 1].mean(axis=1))
    return np.array(values)


def summary(values):
    return values.mean(), values.std(ddof=1) / np.sqrt(values.size) if values.size > 1 else 0.0


@pytest.mark.statistical
@pytest.mark.slow
def test_figure_1_orderings(statistical_budget):
    budget = (3, 2, 2000, 500) if statistical_budget == "bounded" else (10, 5, 10_000, 2_000)
    regular_low = summary(contributors("regular", "per_game", 0.5, *budget))
    regular = summary(contributors("regular", "per_game", 0.6, *budget))
    per_game = summary(contributors("scale-free", "per_game", 0.7, *budget))
    regular_07 = summary(contributors("regular", "per_game", 0.7, *budget))
    per_individual = summary(contributors("scale-free", "per_individual", 0.6, *budget))

    def clearly_above(a, b, effect):
        margin = 4 * np.hypot(a[1], b[1])
        assert a[0] - b[0] > max(margin, effect), (a, b)

    # Regular graphs: cooperation vanishes at eta = 0.5.
    assert regular_low[0] < 0.05 + 4 * regular_low[1]
    # Scale-free graphs with cost per individual sustain a majority of contributors at 0.6 ...
    assert per_individual[0] > 0.5
    # ... far above regular graphs at the same eta,
    clearly_above(per_individual, regular, effect=0.4)
    # and scale-free graphs with cost per game beat regular graphs too (at eta = 0.7).
    clearly_above(per_game, regular_07, effect=0.2)
