"""Finite-population Markov chains: small-mutation limit, full chain, gradient of selection.

Workloads (issue 4): groups of N = 5, pairwise comparison (Fermi) with beta = 1, mutation
rate 1e-3 for the full chain; a 2-strategy linear public goods game (r = 3) and a 3-strategy
optional public goods game (r = 3, loner payoff 1).

Reference: egttools (C++ `PairwiseComparison`, and egttools.utils for stationary distributions
and for the gradient at every state), measured in the same run. Known faults of egttools that
the agreement column accounts for: it returns fixation probabilities below about 1e-7 as 0, it
scales the 3-strategy gradient by 2/3 (compared after undoing that scale), and it computes
stationary distributions by a dense eigendecomposition (so the full chain is only compared at a
small Z; at Z = 500 it would need about 118 GiB).
"""

from _harness import Case, max_abs_difference, run

from gamegroup import optional_public_goods, public_goods
from gamegroup._combinatorics import compositions
from gamegroup._egttools import group_payoff_table
from gamegroup.dynamics import (
    gradient_of_selection,
    small_mutation_limit,
    stationary_distribution,
    transition_matrix,
)

BETA, MU = 1.0, 1e-3
LINEAR = public_goods(group_size=5, multiplier=3.0)
LONERS = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)


def egttools_table(game):
    """Payoffs by the whole group's composition (focal player included), egttools' layout."""
    return group_payoff_table(game.payoffs, game.group_size)


def egttools_model(game, population_size):
    """Return (holder, model): egttools' model does not keep its game alive, so keep both."""
    from egttools.analytical import PairwiseComparison
    from egttools.games import MatrixNPlayerGameHolder

    holder = MatrixNPlayerGameHolder(game.n_strategies, game.group_size, egttools_table(game))
    return holder, PairwiseComparison(population_size, holder)


# -- the two sides of each case -------------------------------------------------------------------
def ours_sml(game, z):
    return small_mutation_limit(game, population_size=z, selection_intensity=BETA).probabilities


def egttools_sml(game, z):
    from egttools.utils import calculate_stationary_distribution

    _holder, model = egttools_model(game, z)
    transitions, _ = model.calculate_transition_and_fixation_matrix_sml(BETA)
    return calculate_stationary_distribution(transitions.transpose())


def ours_transitions(game, z):
    return transition_matrix(game, population_size=z, selection_intensity=BETA, mutation_rate=MU)


def egttools_transitions(game, z):
    _holder, model = egttools_model(game, z)
    return model.calculate_transition_matrix(BETA, MU)


def ours_gradient(game, z):
    return gradient_of_selection(game, population_size=z, selection_intensity=BETA)


def egttools_gradient(game, z):
    from egttools.analytical.utils import calculate_gradients

    _holder, model = egttools_model(game, z)
    states = compositions(z, game.n_strategies)
    return calculate_gradients(states, lambda s: model.calculate_gradient_of_selection(BETA, s))


def ours_stationary(game, z):
    result = stationary_distribution(
        game, population_size=z, selection_intensity=BETA, mutation_rate=MU
    )
    if not result.success:
        raise RuntimeError(result.message)
    return result.probabilities


def egttools_stationary(game, z):
    from egttools.utils import calculate_stationary_distribution

    _holder, model = egttools_model(game, z)
    matrix = model.calculate_transition_matrix(BETA, MU)
    return calculate_stationary_distribution(matrix.transpose())


# -- agreement ------------------------------------------------------------------------------------
def sparse_difference(ours, theirs):
    return float(abs(ours - theirs).max())


def gradient_difference(k):
    def compare(ours, theirs):
        # egttools scales the gradient of k >= 3 strategies by 2/k.
        scale = 2.0 / k if k >= 3 else 1.0
        return max_abs_difference(ours * scale, theirs)

    return compare


def make_cases(quick):
    sizes = (30,) if quick else (100, 500, 1000)
    z_matrix = 30 if quick else 500
    z_compare = 10 if quick else 60
    z_big = 40 if quick else 500
    z_huge = None if quick else 1000
    cases = []
    for z in sizes:
        cases.append(
            Case(
                name=f"sml_k3_Z{z}",
                workload=f"small-mutation-limit stationary distribution, loners PGG k=3, Z={z}",
                ours=lambda z=z: ours_sml(LONERS, z),
                reference=lambda z=z: egttools_sml(LONERS, z),
                reference_name="egttools",
                compare=max_abs_difference,
                repeats=20,
                notes="egttools truncates fixation probabilities below ~1e-7 to 0",
                extra={"agreement_tolerance": 1e-8},
            )
        )
    cases.append(
        Case(
            name=f"sml_k2_Z{sizes[-1]}",
            workload=f"small-mutation-limit stationary distribution, linear PGG k=2, Z={sizes[-1]}",
            ours=lambda: ours_sml(LINEAR, sizes[-1]),
            reference=lambda: egttools_sml(LINEAR, sizes[-1]),
            reference_name="egttools",
            compare=max_abs_difference,
            repeats=20,
            extra={"agreement_tolerance": 1e-8},
        )
    )
    cases.append(
        Case(
            name=f"transitions_k3_Z{z_matrix}",
            workload=(
                f"full sparse transition matrix, loners PGG k=3, Z={z_matrix}, mu={MU:g} "
                f"({compositions(z_matrix, 3).shape[0]} states)"
            ),
            ours=lambda: ours_transitions(LONERS, z_matrix),
            reference=lambda: egttools_transitions(LONERS, z_matrix),
            reference_name="egttools",
            compare=sparse_difference,
            repeats=3,
            reference_repeats=2,
            extra={"agreement_tolerance": 1e-12},
        )
    )
    if not quick:
        cases.append(
            Case(
                name=f"transitions_k2_Z{sizes[-1]}",
                workload=f"full sparse transition matrix, linear PGG k=2, Z={sizes[-1]}, mu={MU:g}",
                ours=lambda: ours_transitions(LINEAR, sizes[-1]),
                reference=lambda: egttools_transitions(LINEAR, sizes[-1]),
                reference_name="egttools",
                compare=sparse_difference,
                repeats=10,
                extra={"agreement_tolerance": 1e-12},
            )
        )
    cases.append(
        Case(
            name=f"gradient_k3_Z{z_matrix}",
            workload=f"gradient of selection at every state, loners PGG k=3, Z={z_matrix}",
            ours=lambda: ours_gradient(LONERS, z_matrix),
            reference=lambda: egttools_gradient(LONERS, z_matrix),
            reference_name="egttools (per state)",
            compare=gradient_difference(3),
            repeats=3,
            reference_repeats=1,
            notes="agreement after undoing egttools' 2/k scaling of the k=3 gradient",
            extra={"agreement_tolerance": 1e-12},
        )
    )
    cases.append(
        Case(
            name=f"stationary_k3_Z{z_compare}",
            workload=(
                f"full-chain stationary distribution, loners PGG k=3, Z={z_compare}, mu={MU:g} "
                f"({compositions(z_compare, 3).shape[0]} states)"
            ),
            ours=lambda: ours_stationary(LONERS, z_compare),
            reference=lambda: egttools_stationary(LONERS, z_compare),
            reference_name="egttools (dense eig)",
            compare=max_abs_difference,
            repeats=3,
            reference_repeats=1,
            extra={"agreement_tolerance": 1e-9},
        )
    )
    for z, repeats in ((z_big, 3), (z_huge, 1)):
        if z is None:
            continue
        cases.append(
            Case(
                name=f"stationary_k3_Z{z}",
                workload=(
                    f"full-chain stationary distribution, loners PGG k=3, Z={z}, mu={MU:g} "
                    f"({compositions(z, 3).shape[0]} states; sparse LU)"
                ),
                ours=lambda z=z: ours_stationary(LONERS, z),
                repeats=repeats,
                notes="no reference: egttools densifies the chain (about 118 GiB at Z=500)",
            )
        )
    return cases


if __name__ == "__main__":
    run(make_cases, references=("egttools",))
