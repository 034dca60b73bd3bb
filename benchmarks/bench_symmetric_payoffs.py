"""Expected payoffs of a SymmetricGame in finite and infinite populations, every state at once.

Reference: the same expectation computed state by state with scipy.stats.multivariate_hypergeom
(finite) and scipy.stats.multinomial (infinite), the direct way of writing it with scipy.
"""

import numpy as np
from _harness import Case, run
from scipy.stats import multinomial, multivariate_hypergeom

from gamegroup import optional_public_goods, public_goods
from gamegroup._combinatorics import compositions


def finite_reference(game, states):
    out = np.full(states.shape, np.nan)
    columns = game.compositions
    for row, state in enumerate(states):
        for s in range(game.n_strategies):
            if state[s] == 0:
                continue
            others = state.copy()
            others[s] -= 1
            probabilities = multivariate_hypergeom.pmf(columns, m=others, n=game.group_size - 1)
            out[row, s] = probabilities @ game.payoffs[s]
    return out


def infinite_reference(game, states):
    out = np.empty(states.shape)
    for row, x in enumerate(states):
        probabilities = multinomial.pmf(game.compositions, n=game.group_size - 1, p=x)
        out[row] = game.payoffs @ probabilities
    return out


def max_difference(ours, theirs):
    both = ~np.isnan(theirs)
    return float(np.max(np.abs(ours[both] - theirs[both])))


def make_cases(quick):
    z2, z3 = (100, 30) if quick else (1000, 150)
    linear = public_goods(group_size=5, multiplier=3.0)
    loners = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    states3 = compositions(z3, 3)
    grid = np.linspace(0, 1, 200 if quick else 2000)
    mixed = np.column_stack([1 - grid, grid])
    big_group = public_goods(group_size=50, multiplier=20.0, threshold=25)
    return [
        Case(
            name="finite_k2",
            workload=f"linear public goods, N=5, Z={z2}: all {z2 + 1} states",
            ours=lambda: linear.finite_population_payoffs(z2),
            reference=lambda: finite_reference(linear, compositions(z2, 2)),
            reference_name="scipy multivariate_hypergeom per state",
            compare=max_difference,
        ),
        Case(
            name="finite_k3",
            workload=f"optional public goods, N=5, Z={z3}: all {states3.shape[0]} states",
            ours=lambda: loners.finite_population_payoffs(z3),
            reference=lambda: finite_reference(loners, states3),
            reference_name="scipy multivariate_hypergeom per state",
            compare=max_difference,
            repeats=3,
            reference_repeats=1,
        ),
        Case(
            name="infinite_n50",
            workload=f"threshold public goods, N=50, M=25: {grid.size} mixed states",
            ours=lambda: big_group.infinite_population_payoffs(mixed),
            reference=lambda: infinite_reference(big_group, mixed),
            reference_name="scipy multinomial per state",
            compare=max_difference,
        ),
    ]


if __name__ == "__main__":
    run(make_cases)
