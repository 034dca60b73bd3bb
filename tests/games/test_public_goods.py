import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binom

from gamegroup import collective_risk_dilemma, optional_public_goods, public_goods
from gamegroup._combinatorics import compositions
from gamegroup.testing import strategies as ggst

group_sizes = st.integers(2, 12)
multipliers = st.floats(0.0, 20.0)
costs = st.floats(0.0, 5.0)


@given(group_sizes, multipliers, costs, st.data())
def test_linear_public_goods_contributing_costs_c_times_one_minus_r_over_n_everywhere(
    n, r, c, data
):
    # Closed form: f_C(x) - f_D(x) = c (r/N - 1) for every state of an infinite population.
    game = public_goods(group_size=n, multiplier=r, cost=c)
    x = data.draw(ggst.simplex_points(2))
    f_defect, f_contribute = game.infinite_population_payoffs(x)
    assert f_contribute - f_defect == pytest.approx(c * (r / n - 1), abs=1e-9)
    # Mean payoff: the pot r c x N is shared, cost paid by a fraction x.
    mean = x @ game.infinite_population_payoffs(x)
    assert mean == pytest.approx(c * x[1] * (r - 1), abs=1e-9)


@given(st.integers(2, 10), multipliers, costs, st.integers(0, 60))
def test_linear_public_goods_finite_population_closed_form(n, r, c, extra):
    # f_C - f_D = r c (Z - N) / (N (Z - 1)) - c in every mixed state (Hauert et al. 2008).
    z = n + extra
    game = public_goods(group_size=n, multiplier=r, cost=c)
    payoffs = game.finite_population_payoffs(z)
    mixed = slice(1, z)
    difference = payoffs[mixed, 1] - payoffs[mixed, 0]
    np.testing.assert_allclose(difference, r * c * (z - n) / (n * (z - 1)) - c, atol=1e-9)


@given(group_sizes, multipliers, st.data())
def test_threshold_game_gain_function_matches_binomial_sum(n, r, data):
    # Pacheco et al. (2009), eq. 2.2: f_C - f_D = sum_k B(k; N-1, x) [Pi_C(k+1) - Pi_D(k)].
    m = data.draw(st.integers(0, n))
    x = data.draw(st.floats(0.0, 1.0))
    game = public_goods(group_size=n, multiplier=r, threshold=m)
    k = np.arange(n)
    pi_d = np.where(k >= m, r * k / n, 0.0)
    pi_c = np.where(k + 1 >= m, r * (k + 1) / n, 0.0) - 1.0
    weights = binom.pmf(k, n - 1, x)
    f_defect, f_contribute = game.infinite_population_payoffs([1 - x, x])
    assert f_defect == pytest.approx(weights @ pi_d, abs=1e-9)
    assert f_contribute == pytest.approx(weights @ pi_c, abs=1e-9)


def test_threshold_one_and_zero_coincide_and_threshold_n_needs_everyone():
    assert public_goods(group_size=5, multiplier=3, threshold=1) == public_goods(
        group_size=5, multiplier=3, threshold=0
    )
    full = public_goods(group_size=4, multiplier=3, threshold=4)
    np.testing.assert_array_equal(full.payoffs[0], 0.0)
    np.testing.assert_array_equal(full.payoffs[1], [-1, -1, -1, 2.0])


@given(group_sizes, st.floats(0, 1), st.floats(0.1, 10), st.floats(0, 1), st.data())
def test_collective_risk_closed_form(n, risk, endowment, fraction, data):
    # Santos & Pacheco (2011): Pi_D = b [theta + (1 - p)(1 - theta)], Pi_C = Pi_D - c b.
    m = data.draw(st.integers(0, n))
    x = data.draw(st.floats(0.0, 1.0))
    game = collective_risk_dilemma(
        group_size=n, threshold=m, risk=risk, endowment=endowment, contribution_fraction=fraction
    )
    success_d = binom.sf(m - 1, n - 1, x) if m > 0 else 1.0  # P(k >= M), k co-contributors
    success_c = binom.sf(m - 2, n - 1, x) if m > 1 else 1.0  # P(k + 1 >= M)
    f_defect, f_contribute = game.infinite_population_payoffs([1 - x, x])
    assert f_defect == pytest.approx(
        endowment * (success_d + (1 - risk) * (1 - success_d)), abs=1e-9
    )
    assert f_contribute == pytest.approx(
        endowment * (success_c + (1 - risk) * (1 - success_c)) - fraction * endowment, abs=1e-9
    )


@given(st.integers(2, 10), st.floats(1.1, 6.0), st.floats(0.05, 2.0), st.data())
def test_optional_public_goods_match_hauert_et_al_2002_closed_forms(n, r, sigma, data):
    # Hauert, De Monte, Hofbauer & Sigmund (2002): with z the loner fraction,
    # P_D - P_C = c F(z), F(z) = 1 + (r - 1) z^(N-1) - (r/N)(1 - z^N)/(1 - z), and
    # P_D = sigma z^(N-1) + r c x/(1 - z) [1 - (1 - z^N)/(N (1 - z))].
    x = data.draw(ggst.simplex_points(3, boundary=False))
    y_defect, x_contribute, z_loner = x
    game = optional_public_goods(group_size=n, multiplier=r, loner_payoff=sigma, cost=1.0)
    f_defect, f_contribute, f_loner = game.infinite_population_payoffs(x)
    geometric = (1 - z_loner**n) / (1 - z_loner)
    advantage = 1 + (r - 1) * z_loner ** (n - 1) - (r / n) * geometric
    assert f_defect - f_contribute == pytest.approx(advantage, abs=1e-8)
    expected_defect = sigma * z_loner ** (n - 1) + r * x_contribute / (1 - z_loner) * (
        1 - geometric / n
    )
    assert f_defect == pytest.approx(expected_defect, abs=1e-8)
    assert f_loner == pytest.approx(sigma)
    assert y_defect + x_contribute + z_loner == pytest.approx(1.0)


def test_optional_public_goods_lone_participant_earns_the_loner_payoff():
    game = optional_public_goods(group_size=4, multiplier=3.0, loner_payoff=0.5)
    everyone_abstains = [0, 0, 3]
    assert game.payoff(0, everyone_abstains) == 0.5
    assert game.payoff(1, everyone_abstains) == 0.5
    assert game.payoff(1, [1, 1, 1]) == pytest.approx(3.0 * 2 / 3 - 1.0)


def test_strategy_names_follow_the_module_convention():
    assert public_goods(group_size=3, multiplier=2).strategy_names == ("defect", "contribute")
    assert optional_public_goods(group_size=3, multiplier=2, loner_payoff=1).strategy_names == (
        "defect",
        "contribute",
        "loner",
    )
    assert compositions(2, 2)[:, 1].tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    ("factory", "kwargs", "error", "pattern"),
    [
        (public_goods, {"group_size": 1, "multiplier": 2}, ValueError, r"`group_size`"),
        (public_goods, {"group_size": 4.0, "multiplier": 2}, TypeError, r"`group_size`"),
        (
            public_goods,
            {"group_size": 4, "multiplier": -1},
            ValueError,
            r"`multiplier` must lie in \[0, inf\)",
        ),
        (public_goods, {"group_size": 4, "multiplier": np.nan}, ValueError, r"`multiplier`"),
        (public_goods, {"group_size": 4, "multiplier": 2, "cost": -1}, ValueError, r"`cost`"),
        (
            public_goods,
            {"group_size": 4, "multiplier": 2, "threshold": 5},
            ValueError,
            r"`threshold` must be an integer <= 4",
        ),
        (
            public_goods,
            {"group_size": 4, "multiplier": 2, "threshold": -1},
            ValueError,
            r"`threshold`",
        ),
        (
            public_goods,
            {"group_size": 4, "multiplier": 2, "threshold": 2.5},
            TypeError,
            r"`threshold`",
        ),
        (
            collective_risk_dilemma,
            {"group_size": 4, "threshold": 2, "risk": 1.5},
            ValueError,
            r"`risk` must lie in \[0, 1\]",
        ),
        (
            collective_risk_dilemma,
            {"group_size": 4, "threshold": 6, "risk": 0.5},
            ValueError,
            r"`threshold`",
        ),
        (
            collective_risk_dilemma,
            {"group_size": 4, "threshold": 2, "risk": 0.5, "endowment": -1},
            ValueError,
            r"`endowment`",
        ),
        (
            collective_risk_dilemma,
            {"group_size": 4, "threshold": 2, "risk": 0.5, "contribution_fraction": 2},
            ValueError,
            r"`contribution_fraction`",
        ),
        (
            optional_public_goods,
            {"group_size": 4, "multiplier": 2, "loner_payoff": np.inf},
            ValueError,
            r"`loner_payoff`",
        ),
        (
            optional_public_goods,
            {"group_size": 4, "multiplier": 2, "loner_payoff": "1"},
            TypeError,
            r"`loner_payoff`",
        ),
    ],
)
def test_bad_parameters_are_rejected_naming_the_argument(factory, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        factory(**kwargs)
