import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup.dynamics import RestPoints, integrate_dynamics, rest_points, vector_field
from gamegroup.dynamics.rest_points import _jacobian
from gamegroup.games import (
    BimatrixGame,
    SymmetricGame,
    optional_public_goods,
    public_goods,
)
from gamegroup.testing import strategies as ggst


def rps(win, lose):
    return SymmetricGame([[0, -lose, win], [win, 0, -lose], [-lose, win, 0]], group_size=2)


@given(ggst.symmetric_games(n_strategies=3, group_size=st.integers(2, 4)), ggst.simplex_points(3))
@settings(max_examples=30)
def test_jacobian_matches_finite_differences_along_the_simplex(game, x):
    x = 0.8 * x + 0.2 / 3  # inside, so that +-h stays on the simplex
    jacobian = _jacobian(game, x)
    h = 1e-6
    for z in (np.array([1.0, -1.0, 0.0]), np.array([0.0, 1.0, -1.0])):
        numeric = (vector_field(game, x + h * z) - vector_field(game, x - h * z)) / (2 * h)
        np.testing.assert_allclose(jacobian @ z, numeric, atol=1e-6 * (1 + np.ptp(game.payoffs)))


def test_rock_paper_scissors_centre_by_the_sign_of_win_minus_loss():
    # The payoff matrix is circulant, so the eigenvalues at the centre are a third of its
    # eigenvalues on the tangent space: (lose - win)/6 +- i sqrt(3) (win + lose)/6.
    for win, lose, expected in [(2, 1, "stable"), (1, 2, "unstable"), (1, 1, "non_hyperbolic")]:
        found = rest_points(rps(win, lose))
        assert found.supports == ((0,), (1,), (2,), (0, 1, 2))
        assert found.stability[:3] == ("saddle",) * 3
        assert found.stability[3] == expected
        centre = found.eigenvalues[3]
        np.testing.assert_allclose(centre.real, (lose - win) / 6, atol=1e-12)
        np.testing.assert_allclose(
            sorted(centre.imag),
            [-np.sqrt(3) * (win + lose) / 6, np.sqrt(3) * (win + lose) / 6],
            atol=1e-12,
        )
        assert found.nash.tolist() == [False, False, False, True]


def test_hawk_dove_and_coordination():
    hawk_dove = rest_points(BimatrixGame([[-1, 2], [0, 1]], [[-1, 0], [2, 1]]))
    np.testing.assert_allclose(hawk_dove.states, [[1, 0], [0.5, 0.5], [0, 1]])
    assert hawk_dove.stability == ("unstable", "stable", "unstable")
    assert hawk_dove.ess == ("not_ess", "ess", "not_ess")
    coordination = rest_points(SymmetricGame([[2, 0], [0, 1]], group_size=2))
    np.testing.assert_allclose(coordination.states[1], [1 / 3, 2 / 3])
    assert coordination.stability == ("stable", "unstable", "stable")
    # With p the share of strategy 1, g(p) = f_1 - f_0 = p - 2(1 - p) = 3p - 2, and the one
    # eigenvalue at the root is p (1 - p) g'(p) = 2/9 * 3.
    assert coordination.eigenvalues[1, 0].real == pytest.approx(2 / 3)


def test_double_root_is_semi_stable():
    # Gain function (p - 1/2)^2, Bernstein coefficients (1/4, -1/4, 1/4).
    game = SymmetricGame([[0, 0, 0], [0.25, -0.25, 0.25]], group_size=3)
    found = rest_points(game)
    np.testing.assert_allclose(found.states[:, 1], [0, 0.5, 1], atol=1e-6)
    assert found.stability == ("unstable", "semi_stable", "stable")
    assert found.certified.tolist() == [True, False, True]


def test_neutral_game_is_reported():
    found = rest_points(SymmetricGame([[1, 1], [1, 1]], group_size=2))
    assert not found.success
    assert "Every state" in found.message
    assert len(found) == 0


def test_stable_rest_points_attract_nearby_trajectories():
    game = optional_public_goods(group_size=5, multiplier=1.8, loner_payoff=1.0)
    found = rest_points(game)
    for state, stability in zip(found.states, found.stability, strict=True):
        if stability != "stable":
            continue
        start = 0.97 * state + 0.01
        run = integrate_dynamics(game, start, [0.0, 200.0])
        np.testing.assert_allclose(run.x[-1], state, atol=1e-4)


def test_optional_public_goods_centre_is_surrounded_by_closed_orbits():
    # Hauert, De Monte, Hofbauer & Sigmund (2002): for 2 < r < N the interior rest point is a
    # centre (purely imaginary eigenvalues), not an attractor.
    game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    found = rest_points(game)
    interior = [i for i, s in enumerate(found.supports) if len(s) == 3]
    assert len(interior) == 1
    centre = found.eigenvalues[interior[0]]
    assert found.stability[interior[0]] == "non_hyperbolic"
    assert np.abs(centre.real).max() < 1e-9
    assert np.abs(centre.imag).min() > 1e-3


def test_result_table():
    found = rest_points(public_goods(group_size=10, multiplier=8.0, threshold=5))
    assert isinstance(found, RestPoints)
    frame = found.to_frame()
    assert frame.columns.tolist() == [
        "defect",
        "contribute",
        "support",
        "stability",
        "largest_real_part",
        "nash",
        "ess",
        "certified",
    ]
    assert frame.stability.tolist() == ["stable", "unstable", "stable", "unstable"]


def test_rest_points_bad_input():
    with pytest.raises(ValueError, match=r"`tol`"):
        rest_points(rps(2, 1), tol=0.0)
    with pytest.raises(ValueError, match=r"`game`"):
        rest_points(BimatrixGame([[1, 0], [0, 1]], [[0, 1], [1, 0]]))
    with pytest.raises(TypeError, match=r"`game`"):
        rest_points(np.eye(2))
