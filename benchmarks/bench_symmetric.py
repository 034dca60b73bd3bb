"""Symmetric N-player equilibria of public goods games, never expanded to the normal form.

References, measured in the same run: for two strategies, the direct approach of a 20,001-point
grid of the gain function (scipy's binomial pmf) with scipy ``brentq`` on each bracket; for
three strategies, scipy ``fsolve`` from a 25 x 25 grid of starts on the face (a typical
multistart approach, with no completeness guarantee); and pygambit's ``enumpoly`` on the
expanded normal form, which only works for very small groups. Agreement: the largest
difference between the two sets of states (``inf`` when their sizes differ).
"""

import numpy as np
from _harness import Case, run

from gamegroup.equilibria import symmetric_nash_equilibria
from gamegroup.games import SymmetricGame, public_goods


def threshold_game(n):
    return public_goods(group_size=n, multiplier=0.5 * n, threshold=n // 2)


def three_strategy_game(n):
    # Defect, contribute, and "contribute only if the threshold is reached" (a conditional
    # cooperator who pays only when at least half the group contributes).
    def payoff(strategy, counts):
        contributors = counts[1] + counts[2] + (strategy > 0)
        reached = contributors >= n // 2
        pot = 0.6 * n * contributors / n if reached else 0.0
        cost = 1.0 if strategy == 1 else (1.1 if strategy == 2 and reached else 0.0)
        return pot - cost + (0.05 if strategy == 2 and not reached else 0.0)

    return SymmetricGame.from_function(payoff, n_strategies=3, group_size=n)


def ours(game):
    return [eq.strategies[0] for eq in symmetric_nash_equilibria(game)]


def grid_reference(game):
    from scipy.optimize import brentq
    from scipy.stats import binom

    n = game.group_size - 1
    difference = game.payoffs[1] - game.payoffs[0]
    k = np.arange(n + 1)

    def gain(p):
        return float(binom.pmf(k, n, p) @ difference)

    grid = np.linspace(0, 1, 20_001)
    values = np.array([gain(p) for p in grid])
    states = []
    if values[0] <= 0:
        states.append(np.array([1.0, 0.0]))
    for i in np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0):
        root = brentq(gain, grid[i], grid[i + 1], xtol=1e-14)
        states.append(np.array([1 - root, root]))
    if values[-1] >= 0:
        states.append(np.array([0.0, 1.0]))
    return states


def multistart_reference(game):
    from scipy.optimize import fsolve

    k = game.n_strategies
    found = []

    def add(x):
        f = game.infinite_population_payoffs(x)
        support = x > 1e-9
        if f.max() - f[support].min() <= 1e-9 * np.ptp(game.payoffs) and not any(
            np.max(np.abs(x - y)) < 1e-7 for y in found
        ):
            found.append(x)

    for s in range(k):
        add(np.eye(k)[s])
    for i in range(k):
        for j in range(i + 1, k):
            for p in np.linspace(0.02, 0.98, 25):

                def edge(q, i=i, j=j):
                    x = np.zeros(k)
                    x[i], x[j] = 1 - q[0], q[0]
                    f = game.infinite_population_payoffs(np.clip(x, 0, 1))
                    return [f[j] - f[i]]

                q, _, status, _ = fsolve(edge, [p], full_output=True)
                if status == 1 and 0 < q[0] < 1:
                    x = np.zeros(k)
                    x[i], x[j] = 1 - q[0], q[0]
                    add(x)
    for a in np.linspace(0.02, 0.98, 25):
        for b in np.linspace(0.02, 0.98, 25):

            def face(u):
                x = np.array([1 - u[0], u[0] * (1 - u[1]), u[0] * u[1]])
                f = game.infinite_population_payoffs(np.clip(x, 0, 1) / np.clip(x, 0, 1).sum())
                return [f[1] - f[0], f[2] - f[0]]

            u, _, status, _ = fsolve(face, [a, b], full_output=True)
            if status == 1 and np.all((u > 0) & (u < 1)):
                add(np.array([1 - u[0], u[0] * (1 - u[1]), u[0] * u[1]]))
    return found


def gambit_reference(game):
    import pygambit as gbt

    table = gbt.Game.from_arrays(*game.to_normal_form().payoffs)
    found = gbt.nash.enumpoly_solve(table).equilibria
    states = []
    for eq in found:
        profile = [np.array([float(eq[p][s]) for s in p.strategies]) for p in table.players]
        if all(np.allclose(q, profile[0], atol=1e-6) for q in profile):
            states.append(profile[0])
    return states


def state_difference(ours, theirs):
    if len(ours) != len(theirs):
        return float("inf")
    ordered = sorted(theirs, key=lambda x: tuple(np.round(x, 6)))
    mine = sorted(ours, key=lambda x: tuple(np.round(x, 6)))
    return float(
        max((np.max(np.abs(a - b)) for a, b in zip(mine, ordered, strict=True)), default=0)
    )


def make_cases(quick):
    big = 60 if quick else 200
    k3 = 12 if quick else 50
    return [
        Case(
            name=f"threshold_2_strategies_N{big}",
            workload=f"all symmetric equilibria, threshold public goods, N={big}, T={big // 2}, "
            f"r={0.5 * big:g}",
            ours=lambda: ours(threshold_game(big)),
            reference=lambda: grid_reference(threshold_game(big)),
            reference_name="grid + scipy brentq",
            compare=state_difference,
            extra={"agreement_tolerance": 1e-8},
        ),
        Case(
            name=f"three_strategies_N{k3}",
            workload=f"all symmetric equilibria, 3-strategy threshold game, N={k3}",
            ours=lambda: ours(three_strategy_game(k3)),
            reference=lambda: multistart_reference(three_strategy_game(k3)),
            reference_name="scipy fsolve multistart (25x25 grid)",
            compare=state_difference,
            repeats=3,
            reference_repeats=1,
            extra={"agreement_tolerance": 1e-6},
        ),
        Case(
            name="threshold_N3_gambit",
            workload="all symmetric equilibria, threshold public goods, N=3, T=2, r=2.4",
            ours=lambda: ours(public_goods(group_size=3, multiplier=2.4, threshold=2)),
            reference=lambda: gambit_reference(
                public_goods(group_size=3, multiplier=2.4, threshold=2)
            ),
            reference_name="pygambit enumpoly (normal form)",
            compare=state_difference,
            reference_repeats=1,
            extra={"agreement_tolerance": 1e-6},
        ),
        Case(
            name="threshold_N4_gambit",
            workload="all symmetric equilibria, threshold public goods, N=4, T=2, r=3",
            ours=lambda: ours(public_goods(group_size=4, multiplier=3.0, threshold=2)),
            reference=lambda: gambit_reference(
                public_goods(group_size=4, multiplier=3.0, threshold=2)
            ),
            reference_name="pygambit enumpoly (normal form)",
            compare=state_difference,
            reference_repeats=1,
            reference_timeout=2.0 if quick else 120.0,
            notes="enumpoly on the 4-player threshold game does not finish (timeout)",
        ),
    ]


if __name__ == "__main__":
    run(make_cases, references=("pygambit",))
