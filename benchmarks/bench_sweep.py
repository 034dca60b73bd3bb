"""Sweep throughput, worker scaling and executor overhead; identical frames for any executor.

Workload: a Monte-Carlo estimate of the advantage of contributing in a threshold public goods
game (groups of N drawn from an infinite population with contributor fraction x), on a grid of
x and N, with replicates; each task takes a few milliseconds.

Cases (the "reference" column is the baseline named on each line):

* ``store_overhead``: ``sweep`` on one local worker with a result store (every task written
  atomically) against the same tasks called in a plain loop in one process: the price of
  process hand-off, seeding and storing.
* ``two_workers``: ``sweep`` on 2 local workers against 1 worker: the speed-up (ratio) and the
  agreement of the two frames (max |difference|, must be 0).
* ``dask_local``: ``sweep`` on a Dask ``LocalCluster`` of 2 worker processes against the local
  pool of 2: the overhead of Dask's scheduler, and agreement (0). The cluster is started once,
  before timing. Full workloads only.
"""

import tempfile

import numpy as np
from _harness import Case, max_abs_difference, run

from gamegroup._rng import task_seed
from gamegroup.experiments.executors import dask_executor, local_executor
from gamegroup.experiments.sweep import expand_grid, sweep
from gamegroup.games import public_goods

GROUPS = {True: 20_000, False: 400_000}  # sampled groups per task: ~1 ms (quick), ~15 ms


def advantage(*, contributors, group_size, groups, rng):
    """Mean payoff of contributing minus defecting against groups drawn at fraction x."""
    game = public_goods(group_size=group_size, multiplier=3.0, threshold=group_size // 2)
    others = rng.binomial(group_size - 1, contributors, size=groups)
    gain = game.payoffs[1, others] - game.payoffs[0, others]
    return {"advantage": float(gain.mean()), "spread": float(gain.std())}


def grid(quick):
    return {
        "contributors": list(np.linspace(0.05, 0.95, 6 if quick else 19)),
        "group_size": [4, 8] if quick else [4, 6, 8, 12],
    }


REPLICATES = {True: 3, False: 8}
_cluster = {}


def ours_store(quick):
    def call():
        with tempfile.TemporaryDirectory() as folder, local_executor(1) as pool:
            frame = sweep(
                advantage,
                grid(quick),
                replicates=REPLICATES[quick],
                rng=7,
                executor=pool,
                store=folder,
                fixed={"groups": GROUPS[quick]},
            )
        return frame["advantage"].to_numpy()

    return call


def plain_loop(quick):
    def call():
        values = []
        for i, point in enumerate(expand_grid(grid(quick))):
            for r in range(REPLICATES[quick]):
                rng = np.random.default_rng(task_seed(7, (i, r)))
                values.append(advantage(**point, groups=GROUPS[quick], rng=rng)["advantage"])
        return np.array(values)

    return call


def local(quick, workers):
    def call():
        with local_executor(workers) as pool:
            frame = sweep(
                advantage,
                grid(quick),
                replicates=REPLICATES[quick],
                rng=7,
                executor=pool,
                fixed={"groups": GROUPS[quick]},
            )
        return frame["advantage"].to_numpy()

    return call


def on_dask(quick):
    def call():
        if "executor" not in _cluster:  # started once per process, outside the timed calls
            context = dask_executor("local", workers=2)
            _cluster["executor"] = context.__enter__()
            _cluster["context"] = context
        frame = sweep(
            advantage,
            grid(quick),
            replicates=REPLICATES[quick],
            rng=7,
            executor=_cluster["executor"],
            fixed={"groups": GROUPS[quick]},
        )
        return frame["advantage"].to_numpy()

    return call


def make_cases(quick):
    tasks = len(expand_grid(grid(quick))) * REPLICATES[quick]
    workload = f"{tasks} tasks ({GROUPS[quick]} sampled groups each)"
    cases = [
        Case(
            name="store_overhead",
            workload=f"{workload}, 1 worker + store",
            ours=ours_store(quick),
            reference=plain_loop(quick),
            reference_name="plain loop in one process",
            compare=max_abs_difference,
            repeats=3,
        ),
        Case(
            name="two_workers",
            workload=f"{workload}, 2 workers",
            ours=local(quick, 2),
            reference=local(quick, 1),
            reference_name="1 worker",
            compare=max_abs_difference,
            repeats=3,
        ),
        Case(
            name="dask_local",
            workload=f"{workload}, Dask LocalCluster (2 processes)",
            ours=on_dask(quick),
            reference=local(quick, 2),
            reference_name="local pool of 2",
            compare=max_abs_difference,
            repeats=3,
        ),
    ]
    # --quick (the smoke test) leaves Dask out: starting a cluster in each of the case's two
    # processes dominates its time, and tests/experiments/test_executors.py already checks a
    # real LocalCluster against local processes.
    return cases[:2] if quick else cases


if __name__ == "__main__":
    run(make_cases, references=("dask", "distributed"))
