from itertools import product
from math import comb

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import fsolve
from scipy.stats import binom

from gamegroup.equilibria import (
    classify_ess,
    equal_payoff_points,
    evolutionarily_stable_strategies,
    gain_function_roots,
    is_nash,
    regret,
    symmetric_nash_equilibria,
    symmetric_pure_equilibria,
)
from gamegroup.games import SymmetricGame, optional_public_goods, public_goods
from gamegroup.testing import strategies as ggst


def power_basis_roots(coefficients):
    """Roots in [0, 1] of a Bernstein polynomial, via the power basis and numpy.roots."""
    n = len(coefficients) - 1
    power = np.zeros(n + 1)
    for j, c in enumerate(coefficients):
        # B_{j,n}(p) = C(n,j) p^j (1-p)^(n-j) = sum_i C(n,j) C(n-j,i) (-1)^i p^(j+i)
        for i in range(n - j + 1):
            power[j + i] += c * comb(n, j) * comb(n - j, i) * (-1) ** i
    if np.allclose(power, 0):
        return np.array([])
    trimmed = np.trim_zeros(power[::-1], "f")
    roots = np.roots(trimmed)
    real = roots[np.abs(roots.imag) < 1e-7].real
    return np.sort(real[(real >= -1e-9) & (real <= 1 + 1e-9)])


# -- gain function --------------------------------------------------------------------------
@given(ggst.symmetric_games(n_strategies=2, group_size=st.integers(2, 8), degenerate=False))
def test_gain_roots_match_the_power_basis_roots(game):
    coefficients = game.payoffs[1] - game.payoffs[0]
    assume(min(abs(coefficients[0]), abs(coefficients[-1])) > 1e-3)
    expected = power_basis_roots(coefficients)
    found = gain_function_roots(game)
    # Continuous random payoffs: roots are simple with probability one; compare where the
    # power-basis computation is well conditioned (roots not too close together).
    if expected.size > 1 and np.min(np.diff(expected)) < 1e-4:
        return
    np.testing.assert_allclose(found.roots, expected, atol=1e-7)


def test_gain_roots_of_a_double_root_are_reported_as_not_simple():
    # g(p) = (1 - 2p)^2 has Bernstein coefficients (1, -1, 1).
    found = gain_function_roots(SymmetricGame([[0, 1, 0], [1, 0, 1]], group_size=3))
    assert found.roots == pytest.approx([0.5], abs=1e-6)
    assert not found.simple[0]


def test_gain_roots_include_endpoints_and_identically_zero_is_flagged():
    found = gain_function_roots(SymmetricGame([[1, 0, 0], [1, 1, 1]], group_size=3))
    assert found.roots[0] == 0.0
    assert gain_function_roots(SymmetricGame([[2, 2], [2, 2]], group_size=2)).identically_zero


def test_threshold_public_goods_roots_solve_the_binomial_gain_of_pacheco_et_al():
    # Pacheco et al. (2009), eq. 2.2: g(x) = sum_k C(N-1,k) x^k (1-x)^(N-1-k) [Pi_C(k+1) - Pi_D(k)]
    n_players, threshold, r, c = 20, 10, 12.0, 1.0

    def pi_d(k):
        return r * c * k / n_players if k >= threshold else 0.0

    def gain(x):
        k = np.arange(n_players)
        return np.sum(
            binom.pmf(k, n_players - 1, x) * np.array([pi_d(j + 1) - c - pi_d(j) for j in k])
        )

    game = public_goods(group_size=n_players, multiplier=r, cost=c, threshold=threshold)
    roots = gain_function_roots(game).roots
    assert roots.size == 2
    for root in roots:
        assert abs(gain(root)) < 1e-10
    grid = np.linspace(0.001, 0.999, 999)
    signs = np.sign([gain(x) for x in grid])
    assert np.count_nonzero(np.diff(signs)) == 2


def test_gain_roots_are_fast_enough_to_handle_two_hundred_players():
    game = public_goods(group_size=200, multiplier=50.0, threshold=100)
    roots = gain_function_roots(game).roots
    assert roots.size == 2
    assert all(0.3 < r < 0.7 for r in roots)


# -- equal-payoff points ---------------------------------------------------------------------
@settings(max_examples=25)
@given(ggst.symmetric_games(n_strategies=st.integers(2, 4), group_size=2, degenerate=False))
def test_equal_payoff_points_of_pairwise_games_solve_the_linear_systems(game):
    # N = 2: f(x) = P x, so on support S the points solve P_SS x_S = v 1, sum x_S = 1.
    # Generic payoffs: perturb the drawn table by distinct offsets so that no ties remain.
    game = SymmetricGame(
        game.payoffs + np.arange(game.payoffs.size).reshape(game.payoffs.shape) * 0.137,
        group_size=2,
    )
    k = game.n_strategies
    points = equal_payoff_points(game)
    expected = []
    for size in range(1, k + 1):
        for support in (s for s in product(range(k), repeat=size) if list(s) == sorted(set(s))):
            block = game.payoffs[np.ix_(support, support)]
            system = np.zeros((size + 1, size + 1))
            system[:size, :size] = block
            system[:size, size] = -1.0
            system[size, :size] = 1.0
            rhs = np.zeros(size + 1)
            rhs[size] = 1.0
            if abs(np.linalg.det(system)) < 1e-9:
                continue
            solution = np.linalg.solve(system, rhs)[:size]
            if np.all(solution > 1e-9):
                x = np.zeros(k)
                x[list(support)] = solution
                expected.append((support, x))
    assert points.success
    assert len(points) == len(expected)
    for support, x in expected:
        matches = [
            i
            for i in range(len(points))
            if points.supports[i] == support and np.allclose(points.states[i], x, atol=1e-8)
        ]
        assert len(matches) == 1


@settings(max_examples=10)
@given(ggst.symmetric_games(n_strategies=3, group_size=3, degenerate=False), ggst.seeds())
def test_equal_payoff_points_of_three_player_games_match_multistart_newton(game, seed):
    # Generic payoffs (no exact ties between strategies, which make the system degenerate).
    offsets = np.random.default_rng(seed).uniform(-1, 1, size=game.payoffs.shape)
    game = SymmetricGame(game.payoffs + offsets, group_size=3)
    points = equal_payoff_points(game, supports=[(0, 1, 2)])
    assume(points.success)

    def equations(u):
        x = np.clip(np.array([1 - u[0], u[0] * (1 - u[1]), u[0] * u[1]]), 0, 1)
        if not np.all(np.isfinite(x)) or x.sum() == 0:
            return [1e3, 1e3]
        f = game.infinite_population_payoffs(x / x.sum())
        return [f[1] - f[0], f[2] - f[0]]

    rng = np.random.default_rng(seed)
    found = []
    for start in rng.uniform(0.02, 0.98, size=(60, 2)):
        u, _info, status, _ = fsolve(equations, start, full_output=True)
        interior = np.all((u > 1e-6) & (u < 1 - 1e-6))
        if status == 1 and interior and np.max(np.abs(equations(u))) < 1e-10:
            found.append(np.array([1 - u[0], u[0] * (1 - u[1]), u[0] * u[1]]))
    for x in found:
        assert len(points)
        assert np.min(np.abs(points.states - x).max(axis=1)) < 1e-6
    for x in points.states:
        f = game.infinite_population_payoffs(x)
        assert np.ptp(f) <= 1e-8 * max(1.0, np.ptp(game.payoffs))


def test_rock_paper_scissors_has_the_barycentre_and_the_vertices():
    rps = SymmetricGame([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], group_size=2)
    points = equal_payoff_points(rps)
    assert points.supports == ((0,), (1,), (2,), (0, 1, 2))
    np.testing.assert_allclose(points.states[-1], [1 / 3, 1 / 3, 1 / 3], atol=1e-12)


def test_a_face_of_ties_is_reported_as_degenerate():
    game = SymmetricGame([[1, 1, 1], [1, 1, 1], [0, 2, 0]], group_size=2)
    points = equal_payoff_points(game)
    assert (0, 1) in points.degenerate_supports
    assert not points.success


def test_optional_public_goods_interior_point_equalises_all_three_payoffs():
    game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    points = equal_payoff_points(game, supports=[(0, 1, 2)])
    assert len(points) == 1
    assert points.certified[0]
    f = game.infinite_population_payoffs(points.states[0])
    np.testing.assert_allclose(f, f[0], atol=1e-12)
    # Hauert et al. (2002): at the interior point loners earn sigma, so f = sigma everywhere.
    np.testing.assert_allclose(f, 1.0, atol=1e-12)


def test_equal_payoff_points_validate_supports():
    game = public_goods(group_size=3, multiplier=2.0)
    with pytest.raises(ValueError, match=r"`supports`"):
        equal_payoff_points(game, supports=[(0, 2)])
    with pytest.raises(TypeError, match=r"`supports`"):
        equal_payoff_points(game, supports=[("a",)])
    with pytest.raises(TypeError, match=r"`game`"):
        equal_payoff_points(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"`max_boxes`"):
        equal_payoff_points(game, max_boxes=0)


# -- symmetric Nash equilibria ----------------------------------------------------------------
@settings(max_examples=30)
@given(ggst.symmetric_games(n_strategies=st.integers(2, 3), group_size=st.integers(2, 5)))
def test_symmetric_equilibria_have_zero_regret(game):
    for eq in symmetric_nash_equilibria(game):
        assert eq.regret <= 1e-9
        assert is_nash(game, eq.strategies[0])


@settings(max_examples=20)
@given(
    ggst.symmetric_games(n_strategies=2, group_size=st.integers(2, 6), degenerate=False),
    st.floats(0.1, 10),
    st.floats(-5, 5),
)
def test_positive_affine_payoff_changes_leave_symmetric_equilibria_unchanged(game, scale, shift):
    # Payoffs with two decimals: a shift cannot wipe out differences below the rounding error.
    game = SymmetricGame(np.round(game.payoffs, 2), group_size=game.group_size)
    moved = SymmetricGame(scale * game.payoffs + shift, group_size=game.group_size)
    before = [eq.strategies[0] for eq in symmetric_nash_equilibria(game)]
    after = [eq.strategies[0] for eq in symmetric_nash_equilibria(moved)]
    assert len(before) == len(after)
    for x, y in zip(before, after, strict=True):
        np.testing.assert_allclose(x, y, atol=1e-8)


@settings(max_examples=20)
@given(
    ggst.symmetric_games(n_strategies=3, group_size=3, degenerate=False), st.permutations(range(3))
)
def test_relabelling_strategies_permutes_symmetric_equilibria(game, order):
    states = sorted(tuple(np.round(eq.strategies[0], 7)) for eq in symmetric_nash_equilibria(game))
    relabelled = game.permute_strategies(order)
    moved = sorted(
        tuple(np.round(eq.strategies[0][np.argsort(order)], 7))
        for eq in symmetric_nash_equilibria(relabelled)
    )
    assert len(states) == len(moved)
    np.testing.assert_allclose(np.array(states), np.array(moved), atol=2e-7)


def test_linear_public_goods_has_only_full_defection():
    (eq,) = symmetric_nash_equilibria(public_goods(group_size=8, multiplier=3.0))
    np.testing.assert_array_equal(eq.strategies[0], [1.0, 0.0])
    assert eq.verified_exactly


def test_hawk_dove_mixed_equilibrium_matches_the_closed_form():
    # V = 2, C = 4: hawks with probability V / C.
    value, cost = 2.0, 4.0
    game = SymmetricGame([[(value - cost) / 2, value], [0, value / 2]], group_size=2)
    states = [eq.strategies[0] for eq in symmetric_nash_equilibria(game)]
    assert len(states) == 1
    np.testing.assert_allclose(states[0], [value / cost, 1 - value / cost], atol=1e-12)


# -- pure equilibria by count classes ---------------------------------------------------------
@settings(max_examples=30)
@given(ggst.symmetric_games(n_strategies=st.integers(2, 3), group_size=st.integers(2, 4)))
def test_pure_equilibrium_classes_match_brute_force_on_the_normal_form(game):
    tensor = game.to_normal_form().payoffs
    n = game.group_size
    spread = np.ptp(game.payoffs) or 1.0
    expected = set()
    for profile in product(range(game.n_strategies), repeat=n):
        ok = True
        for i in range(n):
            index = (i, *profile)
            deviations = [
                tensor[(i, *profile[:i], t, *profile[i + 1 :])] for t in range(game.n_strategies)
            ]
            if max(deviations) - tensor[index] > 1e-9 * spread:
                ok = False
                break
        if ok:
            expected.add(tuple(np.bincount(profile, minlength=game.n_strategies)))
    classes = symmetric_pure_equilibria(game)
    assert {tuple(row) for row in classes.counts} == expected
    for row, count in zip(classes.counts, classes.n_profiles, strict=True):
        assert count == comb(n, int(row[0])) if game.n_strategies == 2 else count >= 1


@pytest.mark.parametrize(("n_players", "threshold"), [(5, 2), (8, 3), (12, 6), (40, 10)])
def test_threshold_public_goods_has_c_n_t_plus_one_pure_equilibria(n_players, threshold):
    r = 1.5 * n_players / threshold  # r c T / N > c, so T contributors are an equilibrium
    game = public_goods(group_size=n_players, multiplier=r, threshold=threshold)
    classes = symmetric_pure_equilibria(game)
    assert classes.total_profiles == comb(n_players, threshold) + 1


# -- ESS ----------------------------------------------------------------------------------------
def test_ess_of_two_strategy_games():
    hawk_dove = SymmetricGame([[-1, 2], [0, 1]], group_size=2)
    assert classify_ess(hawk_dove, [0.5, 0.5]).is_ess
    assert not classify_ess(hawk_dove, [1.0, 0.0]).is_ess
    stag_hunt = SymmetricGame([[4, 0], [3, 3]], group_size=2)
    assert classify_ess(stag_hunt, [1.0, 0.0]).is_ess
    assert classify_ess(stag_hunt, [0.0, 1.0]).is_ess
    assert classify_ess(stag_hunt, [0.75, 0.25]).status == "not_ess"


def test_ess_of_rock_paper_scissors_depends_on_the_sign_of_the_symmetric_part():
    standard = SymmetricGame([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], group_size=2)
    barycentre = np.full(3, 1 / 3)
    assert classify_ess(standard, barycentre).status == "not_ess"  # neutrally stable
    # Winning pays more than losing costs: the barycentre is an ESS.
    good = SymmetricGame([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], group_size=2)
    assert classify_ess(good, barycentre).is_ess
    bad = SymmetricGame([[0, -2, 1], [1, 0, -2], [-2, 1, 0]], group_size=2)
    assert classify_ess(bad, barycentre).status == "not_ess"


def test_ess_of_the_n_person_stag_hunt():
    game = public_goods(group_size=10, multiplier=8.0, threshold=5)
    stable = [float(eq.strategies[0][1]) for eq in evolutionarily_stable_strategies(game)]
    _low, high = gain_function_roots(game).roots
    assert stable == pytest.approx([0.0, high])


def test_ess_validation():
    game = public_goods(group_size=3, multiplier=2.0)
    with pytest.raises(ValueError, match=r"`state`"):
        classify_ess(game, [0.5, 0.4])
    with pytest.raises(ValueError, match=r"`tol`"):
        classify_ess(game, [0.5, 0.5], tol=0.0)
    with pytest.raises(ValueError, match=r"`game`"):
        gain_function_roots(optional_public_goods(group_size=3, multiplier=2.0, loner_payoff=1))
    with pytest.raises(ValueError, match=r"`tol`"):
        symmetric_nash_equilibria(game, tol=-1.0)


def test_regret_of_a_symmetric_state():
    game = public_goods(group_size=4, multiplier=3.0)
    assert regret(game, [0.0, 1.0]) == pytest.approx(0.25)
    assert regret(game, [1.0, 0.0]) == 0.0
