"""Exact payoffs and critical discount factors for every ordered pair of a strategy library.

Workload: the 32 deterministic memory-one strategies (every (p_CC, p_CD, p_DC, p_DD) in {0,1}^4
and either first move) in the prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0): all 1024 ordered
pairs. gamegroup computes, in one batch, the discounted payoffs at delta = 0.9, the limit-of-means
payoffs, the expected 200-period averages and both players' critical discount factors by the
one-shot deviation principle.

Reference: axelrod plays the same 1024 matches for 200 rounds (MemoryOnePlayer), which gives the
200-round averages only. Agreement: the largest difference between gamegroup's exact 200-period
averages and axelrod's (deterministic strategies: it should be zero), and, in the second case,
between gamegroup's limit of means and axelrod's 200-round averages (they differ by the
transient, O(1/200)).
"""

import itertools

import numpy as np
from _harness import Case, run

import gamegroup as gg
from gamegroup.equilibria import pairwise_critical_discount_factors, tournament_game
from gamegroup.games import RepeatedGame, deterministic_memory_one_strategies

PD = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
# Same order as deterministic_memory_one_strategies().
BITS = [(bits[:4], bits[4]) for bits in itertools.product((1, 0), repeat=5)]


def ours(quick):
    library = deterministic_memory_one_strategies()
    if quick:
        library = library[::4]
    discounted = tournament_game(RepeatedGame(PD, discount_factor=0.9), library)
    limit = tournament_game(RepeatedGame(PD), library)
    matches = tournament_game(RepeatedGame(PD), library, horizon=200)
    thresholds = pairwise_critical_discount_factors(PD, library)
    return {
        "discounted": np.stack([discounted.A, discounted.B], -1),
        "limit": np.stack([limit.A, limit.B], -1),
        "200": np.stack([matches.A, matches.B], -1),
        "critical": thresholds,
    }


def limit_of_means(quick):
    library = deterministic_memory_one_strategies()
    if quick:
        library = library[::4]
    limit = tournament_game(RepeatedGame(PD), library)
    return {"limit": np.stack([limit.A, limit.B], -1)}


def axelrod_matches(quick):
    import axelrod as axl

    specs = BITS[::4] if quick else BITS
    k = len(specs)
    out = np.empty((k, k, 2))
    for x, (p, first) in enumerate(specs):
        for y, (q, second) in enumerate(specs):
            players = (
                axl.MemoryOnePlayer(four_vector=p, initial=axl.Action.C if first else axl.Action.D),
                axl.MemoryOnePlayer(
                    four_vector=q, initial=axl.Action.C if second else axl.Action.D
                ),
            )
            match = axl.Match(players, turns=200)
            match.play()
            out[x, y] = match.final_score_per_turn()
    return out


def make_cases(quick):
    k = 8 if quick else 32
    cases = [
        Case(
            name="memory_one_200",
            workload=(
                f"{k} deterministic memory-one strategies, all {k * k} ordered pairs: discounted "
                "and limit-of-means payoffs, 200-period averages and delta* (ours) vs 200-round "
                "matches (axelrod); agreement on the 200-period averages"
            ),
            ours=lambda: ours(quick),
            reference=lambda: axelrod_matches(quick),
            reference_name="axelrod 200-round matches",
            compare=lambda a, b: float(np.max(np.abs(a["200"] - b))),
            repeats=5,
            reference_repeats=1,
        ),
        Case(
            name="memory_one_limit",
            workload=(
                f"same {k * k} pairs, limit-of-means payoffs only; agreement = max |limit of means "
                "(ours) - 200-round average (axelrod)|, the transient"
            ),
            ours=lambda: limit_of_means(quick),
            reference=lambda: axelrod_matches(quick),
            reference_name="axelrod 200-round matches",
            compare=lambda a, b: float(np.max(np.abs(a["limit"] - b))),
            repeats=5,
            reference_repeats=1,
            # Play enters its cycle within 5 periods (5 joint states); a transient of at most
            # 5 periods with payoffs in [0, 5] moves a 200-round average by at most 5 * 5 / 200.
            extra={"agreement_tolerance": 0.125},
        ),
    ]
    # Importing axelrod takes ~10 s of CPU in each reference process: the smoke test (--quick)
    # runs the first case only.
    return cases[:1] if quick else cases


if __name__ == "__main__":
    run(make_cases, references=("axelrod",))
