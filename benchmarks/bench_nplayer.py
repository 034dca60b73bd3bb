"""N-player solvers: pure equilibria, and a verified mixed equilibrium of public goods games.

References, measured in the same run: pygambit's ``enumpure_solve`` (all pure equilibria of
the payoff table) and ``gnm_solve`` (global Newton, Govindan & Wilson). Agreement for pure
equilibria is the number of profiles in one answer and not the other; for the public goods
sweep it is the number of games for which gamegroup found no verified equilibrium (the
reference's own count of failures is printed in the note).
"""

import numpy as np
from _harness import Case, run

from gamegroup.equilibria import logit_qre_branch, pure_nash_equilibria
from gamegroup.games import NormalFormGame, public_goods


def random_game(n_players, n_actions, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 5, size=(n_players,) + (n_actions,) * n_players).astype(float)


def ours_pure(n_players, n_actions, seed):
    game = NormalFormGame(random_game(n_players, n_actions, seed))
    return [
        tuple(int(s.argmax()) for s in eq.strategies)
        for eq in pure_nash_equilibria(game)
        if eq.verified_exactly
    ]


def gambit_pure(n_players, n_actions, seed):
    import pygambit as gbt

    game = gbt.Game.from_arrays(*random_game(n_players, n_actions, seed))
    found = gbt.nash.enumpure_solve(game).equilibria
    return [
        tuple(int(np.argmax([float(eq[p][s]) for s in p.strategies])) for p in game.players)
        for eq in found
    ]


def set_difference(ours, theirs):
    return float(len(set(ours) ^ set(theirs)))


def public_goods_games(sizes):
    games = []
    for n in sizes:
        games.append(public_goods(group_size=n, multiplier=0.8 * n).to_normal_form())
        threshold = n // 2
        games.append(
            public_goods(
                group_size=n, multiplier=2.0 * n / threshold, threshold=threshold
            ).to_normal_form()
        )
    return games


def ours_public_goods(sizes):
    failures = 0
    for game in public_goods_games(sizes):
        branch = logit_qre_branch(game)
        failures += branch.limit is None or branch.limit.regret > 1e-9
    return failures


def gambit_public_goods(sizes):
    import pygambit as gbt

    failures = 0
    for game in public_goods_games(sizes):
        table = gbt.Game.from_arrays(*game.payoffs)
        found = gbt.nash.gnm_solve(table).equilibria
        failures += len(found) == 0
    return failures


def make_cases(quick):
    players, actions = (4, 3) if quick else (7, 4)
    sizes = list(range(3, 6)) if quick else list(range(3, 13))
    return [
        Case(
            name=f"pure_{players}p_{actions}a",
            workload=f"all pure equilibria of a random {players}-player game, {actions} actions "
            "each (payoffs in 0..4, many ties)",
            ours=lambda: ours_pure(players, actions, 0),
            reference=lambda: gambit_pure(players, actions, 0),
            reference_name="pygambit enumpure_solve",
            compare=set_difference,
        ),
        Case(
            name="public_goods_mixed",
            workload=f"a verified equilibrium of linear and threshold public goods games, "
            f"N = {sizes[0]}..{sizes[-1]} ({2 * len(sizes)} games, normal form)",
            ours=lambda: ours_public_goods(sizes),
            reference=lambda: gambit_public_goods(sizes),
            reference_name="pygambit gnm_solve",
            compare=lambda ours, theirs: float(ours),
            repeats=1,
            reference_repeats=1,
            reference_timeout=120.0 if quick else 600.0,
            notes="agreement = games where gamegroup found no verified equilibrium; the "
            "reference result is its number of games with no equilibrium",
        ),
    ]


if __name__ == "__main__":
    run(make_cases, references=("pygambit",))
