"""Reproduce Fig. 1 of Santos, Santos & Pacheco (2008, Nature 454:213) and draw it.

Fraction of contributors against the normalised enhancement factor eta = r / (z + 1) for
public goods games in every closed neighbourhood of

* random regular graphs (z = 4; cost per game and cost per individual coincide there),
* Barabasi-Albert graphs (m = 2, z = 4) with cost per game,
* Barabasi-Albert graphs with cost per individual,

under synchronous proportional imitation normalised by the largest possible payoff difference,
starting from 50% contributors placed at random, as in the paper. Each point averages the
fraction of contributors over the last ``--average`` generations after a transient of
``--transient`` generations, over ``--graphs`` graphs with ``--runs`` runs each.

    PYTHONPATH=. python benchmarks/figure_santos_santos_pacheco_2008.py            # the docs figure
    PYTHONPATH=. python benchmarks/figure_santos_santos_pacheco_2008.py --quick    # a smoke run

Writes ``docs/figures/santos_santos_pacheco_2008.png`` and a CSV of the points beside it.
"""

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from gamegroup._rng import task_seed
from gamegroup.dynamics import network_public_goods, simulate_network
from gamegroup.networks import barabasi_albert, random_regular

CONFIGURATIONS = {
    "random regular": ("regular", "per_game"),
    "scale-free, cost per game": ("scale-free", "per_game"),
    "scale-free, cost per individual": ("scale-free", "per_individual"),
}


def contributors(
    topology, cost_model, eta, *, size, degree, graphs, runs, transient, average, seed
):
    """Mean fraction of contributors and its standard error over graphs and runs."""
    values = []
    for g in range(graphs):
        graph_seed = task_seed(seed, (g,))
        if topology == "regular":
            graph = random_regular(size, degree, rng=graph_seed)
        else:
            graph = barabasi_albert(size, degree // 2, rng=graph_seed)
        game = network_public_goods(graph, multiplier=eta * (degree + 1), cost_model=cost_model)
        steps = transient + average
        run = simulate_network(
            game,
            steps=steps,
            rule="proportional",
            updating="synchronous",
            replicates=runs,
            record_every=max(1, average // 20),
            rng=task_seed(seed, (g, round(eta * 1000))),
        )
        late = run.times > transient
        values.extend(run.fractions[:, late, 1].mean(axis=1))
    values = np.array(values)
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(values.size))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--graphs", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--transient", type=int, default=20_000)
    parser.add_argument("--average", type=int, default=2_000)
    parser.add_argument("--size", type=int, default=1_000)
    parser.add_argument("--output", type=Path, default=Path("docs/figures"))
    args = parser.parse_args()
    if args.quick:
        args.graphs, args.runs, args.transient, args.average, args.size = 2, 2, 200, 100, 300
    etas = np.round(np.arange(0.2, 1.21, 0.1), 2)
    rows = []
    start = time.perf_counter()
    for label, (topology, cost_model) in CONFIGURATIONS.items():
        for eta in etas:
            mean, error = contributors(
                topology,
                cost_model,
                float(eta),
                size=args.size,
                degree=4,
                graphs=args.graphs,
                runs=args.runs,
                transient=args.transient,
                average=args.average,
                seed=2008,
            )
            rows.append({"graph": label, "eta": eta, "contributors": mean, "standard_error": error})
            print(f"{label:32s} eta={eta:.1f}  contributors={mean:.3f} +- {error:.3f}", flush=True)
    frame = pd.DataFrame(rows)
    args.output.mkdir(parents=True, exist_ok=True)
    stem = "santos_santos_pacheco_2008" + ("_quick" if args.quick else "")
    frame.to_csv(args.output / f"{stem}.csv", index=False)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(5.5, 3.8), dpi=150)
    for (label, group), marker in zip(frame.groupby("graph", sort=False), "so^", strict=True):
        axis.errorbar(
            group["eta"],
            group["contributors"],
            yerr=2 * group["standard_error"],
            marker=marker,
            capsize=2,
            label=label,
        )
    axis.set_xlabel(r"normalised enhancement factor $\eta = r/(z+1)$")
    axis.set_ylabel("fraction of contributors")
    axis.set_ylim(-0.02, 1.02)
    axis.set_title(
        f"N={args.size}, z=4; {args.graphs} graphs x {args.runs} runs; "
        f"{args.transient} + {args.average} generations",
        fontsize=8,
    )
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(args.output / f"{stem}.png")
    print(f"wrote {args.output / (stem + '.png')} in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
