"""Agent-based public goods dynamics on a Barabasi-Albert graph: gamegroup against references.

Workload (issue 5): Barabasi-Albert graph (m = 2), linear public goods in every closed
neighbourhood, cost per game, r = 3.2 (eta = r / (z + 1) = 0.64: contributors settle at about
90-98% and defectors persist; below r = 3 defectors take over), pairwise Fermi imitation with
beta = 1, start 50/50.

References, each measured in the same run:

* a plain numpy / scipy.sparse implementation of synchronous updating (two sparse products
  for the payoffs, vectorised Fermi decisions). It draws the same uniforms from the same
  seed, so the final strategy vectors must agree exactly (agreement = fraction of members
  whose final strategies differ);
* egttools 0.1.14 ``NetworkGroupSync`` (synchronous) and ``NetworkGroup`` (asynchronous) with
  the same linear public goods game written as an ``AbstractSpatialGame``. egttools sums the
  payoff of each group's centre rather than each member's own payoff, and its streams differ,
  so only the time is compared;
* for batching, gamegroup itself called once per replicate (on one thread), against a batch on
  one thread and a batch split over two threads (``threads=2``; the same result).

The JIT compile time is reported at the end: once with an empty numba cache (a first install)
and once with the cache that run filled (every later process).
"""

import functools
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from _harness import Case, run

from gamegroup._rng import task_seed
from gamegroup.dynamics import network_public_goods, simulate_network
from gamegroup.networks import barabasi_albert

MULTIPLIER = 3.2
SEED = 2026


@functools.lru_cache(maxsize=4)
def graph(n):
    return barabasi_albert(n, 2, rng=1, as_csr=True)


@functools.lru_cache(maxsize=4)
def game(n):
    return network_public_goods(graph(n), multiplier=MULTIPLIER)


def ours(n, steps, updating="synchronous", replicates=1, record_every=10, threads=1):
    result = simulate_network(
        game(n),
        steps=steps,
        updating=updating,
        replicates=replicates,
        record_every=record_every,
        stop_on_absorption=False,
        rng=SEED,
        threads=threads,
    )
    return result.strategies[0].astype(np.int64)


def numpy_reference(n, steps):
    """Synchronous Fermi updating with numpy and scipy.sparse (the same uniforms as gamegroup)."""
    csr = graph(n)
    adjacency = csr.adjacency()
    degrees = csr.degrees
    size = degrees + 1.0
    starts = csr.indptr[:-1]
    generator = np.random.default_rng(task_seed(SEED, (0,)))
    s = (generator.random(n) * 2).astype(np.int64)
    for _ in range(steps):
        share = MULTIPLIER * (s + adjacency @ s) / size
        fitness = share + adjacency @ share - size * s
        scaled = generator.random(n) * degrees
        pick = scaled.astype(np.int64)
        j = csr.indices[starts + pick]
        with np.errstate(over="ignore"):  # exp overflow gives p = 0, as it should
            p = 1.0 / (1.0 + np.exp(-(fitness[j] - fitness)))
        s = np.where((s[j] != s) & (scaled - pick < p), s[j], s)
    return s


def egttools_reference(n, steps, synchronous):
    from egttools.numerical import NetworkEvolver
    from egttools.numerical.numerical_.games import AbstractSpatialGame
    from egttools.numerical.structure import NetworkGroup, NetworkGroupSync

    class LinearPublicGoods(AbstractSpatialGame):
        def __init__(self):
            super().__init__()

        def calculate_fitness(self, strategy, state):
            # state: co-members' counts by strategy; the focal member's own payoff in the group
            members = state.sum() + 1
            return MULTIPLIER * (state[1] + strategy) / members - strategy

        def nb_strategies(self):
            return 2

        def type(self):
            return "linear public goods"

    csr = graph(n)
    network = {i: [int(j) for j in csr.neighbours(i)] for i in range(n)}
    structure_type = NetworkGroupSync if synchronous else NetworkGroup
    structure = structure_type(2, 1.0, 0.0, network, LinearPublicGoods(), 100_000)
    structure.initialize_state(np.array([n // 2, n - n // 2], dtype=np.uint64))
    updates = steps if synchronous else steps * n
    return NetworkEvolver.run(updates, 0, structure)


def one_at_a_time(n, steps, replicates):
    """The batch's work one call per replicate; the first call replays the batch's replicate 0."""
    seeds = [SEED] + [np.random.SeedSequence(SEED, spawn_key=(r,)) for r in range(1, replicates)]
    runs = [
        simulate_network(game(n), steps=steps, record_every=10, stop_on_absorption=False, rng=s)
        for s in seeds
    ]
    return runs[0].strategies[0].astype(np.int64)


def disagreement(mine, theirs):
    return float(np.mean(mine != theirs))


def make_cases(quick):
    n, long_run = (2_000, 40) if quick else (10_000, 2_000)
    egt_sync, egt_async = (3, 1) if quick else (20, 10)
    big, big_steps = (20_000, 5) if quick else (1_000_000, 20)
    small, replicates, batch_steps = (1_000, 8, 10) if quick else (1_000, 64, 50)
    cases = [
        Case(
            name="synchronous_vs_numpy",
            workload=f"BA n={n} m=2, {long_run} synchronous generations",
            ours=lambda: ours(n, long_run),
            reference=lambda: numpy_reference(n, long_run),
            reference_name="numpy/scipy.sparse",
            compare=disagreement,
            repeats=3,
            reference_repeats=1,
            notes="agreement: fraction of final strategies that differ (same uniforms)",
        ),
        Case(
            name="synchronous_vs_egttools",
            workload=f"BA n={n} m=2, {egt_sync} synchronous generations",
            ours=lambda: ours(n, egt_sync),
            reference=lambda: egttools_reference(n, egt_sync, synchronous=True),
            reference_name="egttools NetworkGroupSync",
            repeats=5,
            reference_repeats=1,
            notes="time only: egttools sums the group centres' payoffs (another model)",
        ),
        Case(
            name="asynchronous_vs_egttools",
            workload=f"BA n={n} m=2, {egt_async} Monte-Carlo steps ({egt_async * n} updates)",
            ours=lambda: ours(n, egt_async, updating="asynchronous"),
            reference=lambda: egttools_reference(n, egt_async, synchronous=False),
            reference_name="egttools NetworkGroup",
            repeats=5,
            reference_repeats=1,
            notes="time only: egttools sums the group centres' payoffs (another model)",
        ),
        Case(
            name="asynchronous_long",
            workload=f"BA n={n} m=2, {long_run // 4} Monte-Carlo steps",
            ours=lambda: ours(n, long_run // 4, updating="asynchronous"),
            repeats=3,
        ),
        Case(
            name="scale",
            workload=f"BA n={big} m=2 (mean degree 4), {big_steps} synchronous generations",
            ours=lambda: ours(big, big_steps),
            reference=lambda: numpy_reference(big, big_steps),
            reference_name="numpy/scipy.sparse",
            compare=disagreement,
            repeats=3,
            reference_repeats=1,
        ),
        Case(
            name="batched",
            workload=f"{replicates} replicates of BA n={small}, {batch_steps} generations",
            ours=lambda: ours(small, batch_steps, replicates=replicates),
            reference=lambda: one_at_a_time(small, batch_steps, replicates),
            reference_name="gamegroup, one replicate per call",
            compare=disagreement,
            repeats=5,
            reference_repeats=3,
            notes="agreement: replicate 0 is the same run either way",
        ),
        Case(
            name="batched_threads",
            workload=(
                f"{replicates} replicates of BA n={small}, {batch_steps} generations, batch on "
                "2 threads"
            ),
            ours=lambda: ours(small, batch_steps, replicates=replicates, threads=2),
            reference=lambda: one_at_a_time(small, batch_steps, replicates),
            reference_name="gamegroup, one replicate per call (1 thread)",
            compare=disagreement,
            repeats=5,
            reference_repeats=3,
            notes="agreement: replicate 0 is the same run either way",
        ),
    ]
    return cases


def compile_times():
    code = (
        "import time; t = time.perf_counter();"
        "from gamegroup.dynamics import network_public_goods, simulate_network;"
        "from gamegroup.networks import barabasi_albert;"
        "g = network_public_goods(barabasi_albert(100, 2, rng=1), multiplier=3.0);"
        "[simulate_network(g, steps=2, updating=u, rule=r, rng=1) for u in "
        "('synchronous', 'asynchronous') for r in ('fermi',)];"
        "print(time.perf_counter() - t)"
    )
    with tempfile.TemporaryDirectory() as cache:
        environment = {**os.environ, "NUMBA_CACHE_DIR": cache}
        times = []
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-c", code],
                env=environment,
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(float(done.stdout.strip().splitlines()[-1]))
    return times


if __name__ == "__main__":
    run(make_cases, references=("egttools",))
    if "--child" not in sys.argv and "--quick" not in sys.argv:
        start = time.perf_counter()
        cold, warm = compile_times()
        print(
            f"jit: import + first sync and async runs take {cold:.1f} s with an empty numba cache "
            f"(compilation) and {warm:.1f} s once the cache is filled (cache=True)"
        )
