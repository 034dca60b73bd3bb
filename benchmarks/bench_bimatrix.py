"""Two-player solvers: all equilibria (vertex enumeration) and Lemke–Howson.

References, measured in the same run: quantecon's vertex enumeration (qhull + numba) and
numba Lemke–Howson, pygambit's exact enummixed (lrs-style, rational arithmetic) and nashpy's
vertex enumeration and Lemke–Howson. Agreement for enumeration cases is the number of
equilibria in one answer and not the other (0: the same set, to 7 decimals); for Lemke–Howson
it is the largest difference between the two equilibria.
"""

import numpy as np
from _harness import Case, run

import gamegroup as gg
from gamegroup.equilibria import lemke_howson, vertex_enumeration


def random_game(n, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n)), rng.normal(size=(n, n))


def as_set(profiles):
    return {tuple(np.round(np.concatenate(p), 7)) for p in profiles}


def set_difference(ours, theirs):
    return float(len(as_set(ours) ^ as_set(theirs)))


def ours_all(n, seed):
    A, B = random_game(n, seed)
    return [eq.strategies for eq in vertex_enumeration(gg.BimatrixGame(A, B))]


def quantecon_all(n, seed):
    import quantecon as qe

    A, B = random_game(n, seed)
    game = qe.game_theory.NormalFormGame((qe.game_theory.Player(A), qe.game_theory.Player(B.T)))
    return list(qe.game_theory.vertex_enumeration(game))


def gambit_all(n, seed):
    import pygambit as gbt

    A, B = random_game(n, seed)
    game = gbt.Game.from_arrays(A, B)
    found = gbt.nash.enummixed_solve(game, rational=True).equilibria
    return [
        [np.array([float(eq[p][s]) for s in p.strategies]) for p in game.players] for eq in found
    ]


def nashpy_all(n, seed):
    import nashpy

    A, B = random_game(n, seed)
    return list(nashpy.Game(A, B).vertex_enumeration())


def ours_lh(n, seed):
    A, B = random_game(n, seed)
    return lemke_howson(gg.BimatrixGame(A, B)).equilibrium.strategies


def quantecon_lh(n, seed):
    import quantecon as qe

    A, B = random_game(n, seed)
    game = qe.game_theory.NormalFormGame((qe.game_theory.Player(A), qe.game_theory.Player(B.T)))
    return qe.game_theory.lemke_howson(game)


def max_difference(ours, theirs):
    return float(max(np.max(np.abs(a - b)) for a, b in zip(ours, theirs, strict=True)))


def ours_many_lh(n, count):
    failures = 0
    for seed in range(count):
        A, B = random_game(n, seed)
        result = lemke_howson(gg.BimatrixGame(A, B), max_iter=100_000, fallback=False)
        failures += not result.converged
    return failures


def nashpy_many_lh(n, count):
    import warnings

    import nashpy

    failures = 0
    for seed in range(count):
        A, B = random_game(n, seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x, y = nashpy.Game(A, B).lemke_howson(initial_dropped_label=0)
        failures += not all(np.isfinite(s).all() and abs(s.sum() - 1) < 1e-6 for s in (x, y))
    return failures


def make_cases(quick):
    sizes = [4, 6] if quick else [4, 6, 8, 10]
    cases = []
    for n in sizes:
        cases.append(
            Case(
                name=f"all_{n}x{n}_quantecon",
                workload=f"all extreme equilibria of a random {n}x{n} game",
                ours=lambda n=n: ours_all(n, n),
                reference=lambda n=n: quantecon_all(n, n),
                reference_name="quantecon vertex_enumeration",
                compare=set_difference,
                repeats=20,
            )
        )
    for n in [4] if quick else [4, 6, 8, 10]:
        cases.append(
            Case(
                name=f"all_{n}x{n}_gambit",
                workload=f"all extreme equilibria of a random {n}x{n} game",
                ours=lambda n=n: ours_all(n, n),
                reference=lambda n=n: gambit_all(n, n),
                reference_name="pygambit enummixed (exact)",
                compare=set_difference,
                reference_repeats=1,
                reference_timeout=120.0,
            )
        )
    for n in [4] if quick else [4, 6, 8]:
        cases.append(
            Case(
                name=f"all_{n}x{n}_nashpy",
                workload=f"all extreme equilibria of a random {n}x{n} game",
                ours=lambda n=n: ours_all(n, n),
                reference=lambda n=n: nashpy_all(n, n),
                reference_name="nashpy vertex_enumeration",
                compare=set_difference,
                reference_repeats=1,
                reference_timeout=120.0,
            )
        )
    n = 50 if quick else 200
    cases.append(
        Case(
            name=f"lemke_howson_{n}",
            workload=f"Lemke-Howson from label 0, random {n}x{n} game",
            ours=lambda: ours_lh(n, 0),
            reference=lambda: quantecon_lh(n, 0),
            reference_name="quantecon lemke_howson",
            compare=max_difference,
            repeats=20,
        )
    )
    count, size = (10, 10) if quick else (100, 30)
    cases.append(
        Case(
            name="lemke_howson_no_hangs",
            workload=f"Lemke-Howson on {count} random {size}x{size} games; agreement = our "
            "non-converged paths",
            ours=lambda: ours_many_lh(size, count),
            reference=lambda: nashpy_many_lh(size, count),
            reference_name="nashpy lemke_howson",
            compare=lambda ours, theirs: float(ours),
            repeats=1,
            reference_repeats=1,
            reference_timeout=60.0 if quick else 300.0,
            notes="the reference's answer is its number of failed paths; a timeout means a hang",
        )
    )
    return cases


if __name__ == "__main__":
    run(make_cases, references=("quantecon", "pygambit", "nashpy"))
