"""Market equilibria on large market layers, and payoff changes after one switch in a village.

Workloads
* equilibrium: Bertrand (and Cournot) on a spatial market layer (random geometric graph, mean
  degree 10, overlaps 1 - d/r) with 10^5 members; reference: the same linear system solved by
  scipy.sparse.linalg.spsolve (SuperLU), the standard sparse direct solve.
* sparse pass-through: d profit_i / d cost_j for every pair on the same spatial layers, as a
  sparse matrix with every entry within 1e-9 (pass_through="sparse"); reference: the dense
  matrix from a dense LAPACK solve of G X = C (numpy.linalg.solve), at 5000 members (the dense
  form's limit); and the sparse matrix alone at 10^5 members, where the dense one would need
  80 GB.
* payoff changes: a 10^4-member village (formal group of 180, Bertrand, synergy; costs 0.3 down
  to a floor of 0.2), a run of 1000 single-member switches from a random profile, as a dynamics
  engine makes them (the state of the start profile is solved exactly once per run);
  reference 1: the full sparse re-solve of the game's market (KnowledgeSharingGame.payoffs of
  the new profile, same prebuilt system and solver); reference 2: recomputing the market from
  scratch (Bertrand.equilibrium on the new costs, which builds and solves the system). There is
  no external library for this game. Agreement: the largest error of any returned payoff change
  against the exact difference. payoff_changes keeps a column of the market's inverse for every
  member whose cost has moved twice; the game is built once per case, so the first call marks
  the members, the first timed repeat computes their columns and the later repeats reuse them
  (the steady state of a long run; the median of five repeats is one of those). Two further
  cases show the other ends: no columns kept (update_cache_megabytes=0), and a fresh game on
  every call (the time includes building the game).
"""

import functools

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from _harness import Case, max_abs_difference, run

from gamegroup.games import Bertrand, Cournot, KnowledgeSharingGame
from gamegroup.networks import random_geometric, to_csr, village

SWITCHES = 1000
TOLERANCE = 1e-9


@functools.cache
def spatial_layer(n):
    graph = random_geometric(n, np.sqrt(10 / (np.pi * (n - 1))), rng=1)
    positions = np.array([graph.nodes[i]["pos"] for i in range(n)])
    radius = np.sqrt(10 / (np.pi * (n - 1)))
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = 1 - np.linalg.norm(positions[u] - positions[v]) / radius
    return to_csr(graph)


@functools.cache
def costs(n):
    return np.random.default_rng(0).uniform(0.0, 0.3, n)


def bertrand_rhs(n, gamma):
    layer, c = spatial_layer(n), costs(n)
    W = layer.adjacency()
    own = 1.0 + gamma * layer.strengths
    # Demand q = A - B p with A = m a = 1 and B = diag(own) - gamma W: rhs = A - B c.
    return own, W, 1.0 - own * c + gamma * (W @ c)


def bertrand_direct(n, gamma):
    own, W, rhs = bertrand_rhs(n, gamma)
    G = sp.csc_array(sp.diags_array(2 * own) - gamma * W)
    return costs(n) + spla.spsolve(G, rhs)


def bertrand_dense_pass_through(n, gamma):
    """d pi_i / d c_j = -2 own_i y_i (G^-1 C)_ij from dense LAPACK solves."""
    own, W, rhs = bertrand_rhs(n, gamma)
    G = np.diag(2 * own) - gamma * W.toarray()
    margins = np.linalg.solve(G, rhs)
    C = np.diag(own) - gamma * W.toarray()
    return -2.0 * (own * margins)[:, None] * np.linalg.solve(G, C)


def dense_vs_sparse(ours, dense):
    return max_abs_difference(ours.toarray(), dense)


def cournot_direct(n, gamma):
    layer, c = spatial_layer(n), costs(n)
    W = layer.adjacency()
    own = 1.0 - gamma * layer.strengths
    G = sp.csc_array(sp.diags_array(2 * own) + gamma * W)
    return spla.spsolve(G, 1.0 - c)


@functools.cache
def village_game(n, tolerance=TOLERANCE, cache=256.0):
    network = village(n, group_size=180 if n >= 5000 else n // 50, rng=2)
    return KnowledgeSharingGame(
        network,
        market=Bertrand(substitutability=1.0),
        base_cost=0.3,
        cost_floor=0.2,
        cost_reduction=0.01,
        sharing_cost=0.005,
        synergy=0.5,
        update_tolerance=tolerance,
        update_cache_megabytes=cache,
    )


@functools.cache
def switch_sequence(n):
    rng = np.random.default_rng(7)
    start = rng.integers(0, 2, n).astype(np.int8)
    members = rng.integers(0, n, SWITCHES)
    return start, members


def ours_changes(n, tolerance=TOLERANCE, cache=256.0, fresh=False):
    """The payoff changes along the switch sequence, as returned: (members, changes) per switch."""
    game = village_game(n, tolerance, cache)
    if fresh:  # a new game: no columns stored yet
        game = game.with_parameters()
    start, members = switch_sequence(n)
    shares = start.copy()
    out = []
    for i in members:
        out.append(game.payoff_changes(shares, int(i), 1 - int(shares[i])))
        shares[i] = 1 - shares[i]
    return out


def sparse_vs_dense(ours, reference):
    """Largest error of the sparse changes ``ours`` against the dense ``reference`` rows."""
    dense = np.zeros_like(reference)
    for k, (touched, changes) in enumerate(ours):
        dense[k, touched] = changes
    return max_abs_difference(dense, reference)


def recomputed_changes(n, payoffs):
    """Payoff changes along the switch sequence, each from a full recomputation."""
    start, members = switch_sequence(n)
    shares = start.copy()
    before = payoffs(shares)
    out = np.zeros((SWITCHES, n))
    for k, i in enumerate(members):
        shares[i] = 1 - shares[i]
        after = payoffs(shares)
        out[k] = after - before
        before = after
    return out


def resolve_changes(n):
    return recomputed_changes(n, village_game(n).payoffs)


def scratch_changes(n):
    game = village_game(n)
    market, network = game.market, game.network

    def payoffs(shares):  # the market recomputed from scratch, plus the sharing cost
        return market.equilibrium(game.costs(shares), network).profits - 0.005 * shares

    return recomputed_changes(n, payoffs)


def make_cases(quick):
    n_market = 10_000 if quick else 100_000
    n_village = 1_000 if quick else 10_000
    n_dense = 1_000 if quick else 5_000
    bertrand = Bertrand(substitutability=1.0)
    cournot = Cournot(substitutability=0.03)
    return [
        Case(
            name="bertrand_equilibrium",
            workload=f"Bertrand equilibrium, spatial market layer, n={n_market}, mean degree 10",
            ours=lambda: bertrand.equilibrium(costs(n_market), spatial_layer(n_market)).prices,
            reference=lambda: bertrand_direct(n_market, 1.0),
            reference_name="scipy spsolve (SuperLU)",
            compare=max_abs_difference,
            repeats=5,
            reference_repeats=2,
            extra={"agreement_tolerance": 1e-10},
        ),
        Case(
            name="cournot_equilibrium",
            workload=f"Cournot equilibrium, spatial market layer, n={n_market}, mean degree 10",
            ours=lambda: cournot.equilibrium(costs(n_market), spatial_layer(n_market)).quantities,
            reference=lambda: cournot_direct(n_market, 0.03),
            reference_name="scipy spsolve (SuperLU)",
            compare=max_abs_difference,
            repeats=5,
            reference_repeats=2,
            extra={"agreement_tolerance": 1e-10},
        ),
        Case(
            name="sparse_pass_through_vs_dense",
            workload=(
                f"Bertrand pass-through matrix, spatial market layer, n={n_dense}, mean degree "
                "10, every entry within 1e-9"
            ),
            ours=lambda: (
                bertrand.equilibrium(
                    costs(n_dense), spatial_layer(n_dense), pass_through="sparse"
                ).pass_through
            ),
            reference=lambda: bertrand_dense_pass_through(n_dense, 1.0),
            reference_name="dense LAPACK solve (numpy.linalg.solve)",
            compare=dense_vs_sparse,
            repeats=3,
            reference_repeats=1,
            extra={"agreement_tolerance": 1e-9},
        ),
        Case(
            name="sparse_pass_through_large",
            workload=(
                f"Bertrand pass-through matrix, spatial market layer, n={n_market}, mean degree "
                "10, every entry within 1e-9 (no reference: the dense matrix would not fit)"
            ),
            ours=lambda: (
                bertrand.equilibrium(
                    costs(n_market), spatial_layer(n_market), pass_through="sparse"
                ).pass_through.nnz
            ),
            repeats=1,
        ),
        Case(
            name="payoff_changes_vs_resolve",
            workload=(
                f"{SWITCHES} single switches in a {n_village}-member village (Bertrand, "
                f"update_tolerance={TOLERANCE:g}), columns stored by earlier passes"
            ),
            ours=lambda: ours_changes(n_village),
            reference=lambda: resolve_changes(n_village),
            reference_name="full sparse re-solve (payoffs)",
            compare=sparse_vs_dense,
            repeats=5,
            reference_repeats=3,
            notes="agreement = largest error of a returned payoff change vs the exact difference",
            extra={"agreement_tolerance": TOLERANCE},
        ),
        Case(
            name="payoff_changes_loose_tolerance",
            workload=(
                f"{SWITCHES} single switches in a {n_village}-member village (Bertrand, "
                "update_tolerance=1e-06), columns stored by earlier passes"
            ),
            ours=lambda: ours_changes(n_village, 1e-6),
            reference=lambda: resolve_changes(n_village),
            reference_name="full sparse re-solve (payoffs)",
            compare=sparse_vs_dense,
            repeats=5,
            reference_repeats=3,
            extra={"agreement_tolerance": 1e-6},
        ),
        Case(
            name="payoff_changes_vs_scratch",
            workload=(
                f"{SWITCHES} single switches in a {n_village}-member village (Bertrand, "
                f"update_tolerance={TOLERANCE:g}), columns stored by earlier passes"
            ),
            ours=lambda: ours_changes(n_village),
            reference=lambda: scratch_changes(n_village),
            reference_name="market from scratch (Bertrand.equilibrium)",
            compare=sparse_vs_dense,
            repeats=5,
            reference_repeats=3,
            extra={"agreement_tolerance": TOLERANCE},
        ),
        Case(
            name="payoff_changes_no_columns_vs_scratch",
            workload=(
                f"{SWITCHES} single switches in a {n_village}-member village (Bertrand, "
                f"update_tolerance={TOLERANCE:g}), update_cache_megabytes=0"
            ),
            ours=lambda: ours_changes(n_village, cache=0.0),
            reference=lambda: scratch_changes(n_village),
            reference_name="market from scratch (Bertrand.equilibrium)",
            compare=sparse_vs_dense,
            repeats=3,
            reference_repeats=3,
            extra={"agreement_tolerance": TOLERANCE},
        ),
        Case(
            name="payoff_changes_fresh_game_vs_scratch",
            workload=(
                f"{SWITCHES} single switches in a {n_village}-member village (Bertrand, "
                f"update_tolerance={TOLERANCE:g}), a fresh game per call (building it included)"
            ),
            ours=lambda: ours_changes(n_village, fresh=True),
            reference=lambda: scratch_changes(n_village),
            reference_name="market from scratch (Bertrand.equilibrium)",
            compare=sparse_vs_dense,
            repeats=3,
            reference_repeats=3,
            extra={"agreement_tolerance": TOLERANCE},
        ),
    ]


if __name__ == "__main__":
    run(make_cases)
