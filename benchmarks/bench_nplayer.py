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
    """Linear (r = 0.8 N) and threshold (T = N // 2, r = 2N / T) public goods games."""
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


_GNM = """
import sys, numpy as np, pygambit as gbt
payoffs = np.load(sys.argv[1])
print(len(gbt.nash.gnm_solve(gbt.Game.from_arrays(*payoffs)).equilibria))
"""


def gambit_public_goods(sizes, timeout=60.0):
    """Games for which gnm_solve returned no equilibrium, crashed or hung (one process each)."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for index, game in enumerate(public_goods_games(sizes)):
            path = Path(folder) / f"game{index}.npy"
            np.save(path, np.array(game.payoffs))
            try:
                done = subprocess.run(
                    [sys.executable, "-c", _GNM, str(path)],
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    check=False,
                )
                found = int(done.stdout.strip() or 0) if done.returncode == 0 else 0
            except subprocess.TimeoutExpired:
                found = 0
            failures += found == 0
    return failures


def report_failures(ours, theirs):
    print(
        f"    public_goods_mixed: games without an equilibrium: gamegroup {ours}, gnm_solve {theirs}"
    )
    return float(ours)


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
            compare=report_failures,
            repeats=1,
            reference_repeats=1,
            reference_timeout=600.0 if quick else 1800.0,
            notes="agreement = games where gamegroup found no verified equilibrium; the "
            "reference runs gnm_solve on each game in its own process (60 s limit) and returns "
            "the number of games with no equilibrium (none returned, crash or hang)",
        ),
    ]


if __name__ == "__main__":
    run(make_cases, references=("pygambit",))
