import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gamegroup as gg
from gamegroup.equilibria import (
    ActionAgreement,
    AgreementStakes,
    LinkedAgreement,
    check_agreement,
    critical_discount_factors,
    grim_critical_discount_factors,
)
from gamegroup.games import RepeatedGame, grim_trigger

PD = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])


class Fixed:
    """An agreement with given stakes (tests the decision logic on its own)."""

    def __init__(self, **stakes):
        self._stakes = stakes

    def stakes(self, game):
        n = len(self._stakes["agreement"])
        return AgreementStakes(
            np.arange(n), **{k: np.asarray(v, float) for k, v in self._stakes.items()}
        )


@st.composite
def prisoners_dilemmas(draw):
    values = sorted(draw(st.lists(st.integers(-20, 20), min_size=4, max_size=4, unique=True)))
    S, P, R, T = (float(v) for v in values)
    return gg.BimatrixGame([[R, S], [T, P]], [[R, T], [S, P]])


@given(prisoners_dilemmas(), st.floats(0.01, 0.99))
def test_action_agreement_matches_grim_trigger_automata(game, delta):
    check = check_agreement(game, ActionAgreement([0, 0]), discount_factor=delta)
    automata = critical_discount_factors(game, [grim_trigger()] * 2).values
    np.testing.assert_allclose(check.critical_discount_factors, automata, atol=1e-9)
    assert check.individually_rational.all()
    np.testing.assert_array_equal(check.self_enforcing, delta >= automata - 1e-12)


def test_decision_rules_by_hand():
    # Five members; member 3 loses from the agreement, member 4 needs delta >= 0.8.
    agreement = Fixed(
        status_quo=[1, 1, 1, 2, 1],
        agreement=[2, 2, 2, 1.5, 2],
        deviation=[3, 2.5, 2, 3, 6],
        punishment=[1, 1, 1, 1, 1],
    )
    check = check_agreement(None, agreement, discount_factor=0.6)
    np.testing.assert_allclose(check.critical_discount_factors, [0.5, 1 / 3, 0, 0.75, 0.8])
    np.testing.assert_array_equal(check.individually_rational, [1, 1, 1, 0, 1])
    np.testing.assert_array_equal(check.self_enforcing, [1, 1, 1, 0, 0])
    np.testing.assert_array_equal(check.accepts, [1, 1, 1, 0, 0])
    assert check.adopted_by_majority
    assert not check.adopted_by_unanimity
    # 3 of 5 accept: each acceptor is a swing voter, the refusers are not.
    np.testing.assert_array_equal(check.pivotal, [1, 1, 1, 0, 0])
    np.testing.assert_array_equal(check.binding, [0, 0, 0, 0, 1])
    assert "[3, 4]" in check.message
    assert check.to_frame().shape == (5, 11)


def test_punishment_that_does_not_hurt_cannot_enforce():
    agreement = Fixed(status_quo=[1], agreement=[2], deviation=[3], punishment=[2.5])
    check = check_agreement(None, agreement, discount_factor=0.99)
    assert np.isnan(check.critical_discount_factors[0])
    assert not check.self_enforcing[0]


def test_linked_agreement_is_a_mediant_and_never_harder():
    easy = gg.BimatrixGame([[3, 0], [3.5, 1]], [[3, 3.5], [0, 1]])
    cooperate = ActionAgreement([0, 0])
    separate = [grim_critical_discount_factors(cooperate.stakes(g))[0] for g in (PD, easy)]
    linked = check_agreement(
        [PD, easy], LinkedAgreement([cooperate, cooperate]), discount_factor=0.45
    )
    np.testing.assert_allclose(linked.critical_discount_factors, (2 + 0.5) / (4 + 2.5))
    assert min(separate) <= linked.critical_discount_factors[0] <= max(separate)
    # At delta = 0.45 cooperation in the PD alone fails, linked it holds.
    assert not check_agreement(PD, cooperate, discount_factor=0.45).adopted_by_unanimity
    assert linked.adopted_by_unanimity


def test_repeated_game_supplies_the_discount_factor():
    check = check_agreement(RepeatedGame(PD, discount_factor=0.7), ActionAgreement([0, 0]))
    assert check.discount_factor == 0.7
    with pytest.raises(ValueError, match=r"`discount_factor`"):
        check_agreement(RepeatedGame(PD), ActionAgreement([0, 0]))


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match=r"`discount_factor`"):
        check_agreement(PD, ActionAgreement([0, 0]), discount_factor=1.0)
    with pytest.raises(ValueError, match=r"`agreement` names unknown members \[2\]"):
        check_agreement(PD, ActionAgreement([0, 0], members=[0, 2]), discount_factor=0.5)
    with pytest.raises(ValueError, match=r"`agreement` names a member twice"):
        check_agreement(PD, ActionAgreement([0, 0], members=[0, 0]), discount_factor=0.5)
    with pytest.raises(ValueError, match=r"`agreement` profile"):
        check_agreement(PD, ActionAgreement([0, 2]), discount_factor=0.5)
    with pytest.raises(ValueError, match=r"`agreement` profile"):
        check_agreement(PD, ActionAgreement([0]), discount_factor=0.5)
    with pytest.raises(TypeError, match=r"`agreement`"):
        check_agreement(PD, "uniform price", discount_factor=0.5)
    with pytest.raises(ValueError, match=r"`status_quo` must be a Nash equilibrium"):
        ActionAgreement([0, 0], status_quo=[[1, 0], [1, 0]]).stakes(PD)
    coordination = gg.BimatrixGame([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"`status_quo` must be given"):
        ActionAgreement([0, 0]).stakes(coordination)
    with pytest.raises(ValueError, match=r"`critical_discount_factors`"):
        check_agreement(
            PD, ActionAgreement([0, 0]), discount_factor=0.5, critical_discount_factors=[0.1]
        )
    with pytest.raises(ValueError, match=r"`agreements`"):
        LinkedAgreement([ActionAgreement([0, 0])])
    with pytest.raises(TypeError, match=r"`agreements\[1\]`"):
        LinkedAgreement([ActionAgreement([0, 0]), "sharing"])
    with pytest.raises(ValueError, match=r"`game` must give one game per linked agreement"):
        LinkedAgreement([ActionAgreement([0, 0])] * 2).stakes(PD)
    with pytest.raises(ValueError, match=r"`agreements` must bind the same members"):
        LinkedAgreement([ActionAgreement([0, 0]), ActionAgreement([0, 0], members=[1])]).stakes(
            [PD, PD]
        )
    with pytest.raises(TypeError, match=r"`stakes`"):
        grim_critical_discount_factors({"agreement": 1})


# -- collusion in markets -------------------------------------------------------------------------
import networkx as nx

from gamegroup.equilibria import MarketDivision, QuantityAgreement, UniformPrice
from gamegroup.games import Bertrand, Cournot, HomogeneousBertrand, Oligopoly
from gamegroup.networks import TwoLayerNetwork


@pytest.mark.parametrize("n", [2, 3, 4, 6, 10])
def test_homogeneous_bertrand_threshold_is_one_minus_one_over_n(n):
    game = Oligopoly(HomogeneousBertrand(demand_intercept=2.0), [0.5] * n)
    check = check_agreement(game, UniformPrice(), discount_factor=0.5)
    np.testing.assert_allclose(check.critical_discount_factors, 1 - 1 / n, atol=1e-9)


@pytest.mark.parametrize("n", [2, 3, 4, 6, 10])
def test_cournot_threshold_is_the_textbook_formula(n):
    game = Oligopoly(Cournot.homogeneous(n, demand_intercept=3.0), [1.0] * n)
    check = check_agreement(game, QuantityAgreement(), discount_factor=0.5)
    np.testing.assert_allclose(
        check.critical_discount_factors, (n + 1) ** 2 / (n**2 + 6 * n + 1), atol=1e-12
    )
    if n == 2:
        np.testing.assert_allclose(check.critical_discount_factors, 9 / 17, atol=1e-12)


@given(
    st.lists(st.integers(0, 20), min_size=2, max_size=5, unique=True),
    st.floats(0.2, 2.0),
)
def test_lowest_cost_member_is_the_first_to_reject_a_uniform_price(cents, substitutability):
    costs = np.array(cents) / 100
    game = Oligopoly(Bertrand(substitutability=substitutability), costs)
    check = check_agreement(game, UniformPrice(), discount_factor=0.5)
    # NaN: no discount factor makes the member keep the price (competition pays it more).
    thresholds = np.nan_to_num(check.critical_discount_factors, nan=np.inf)
    assert check.binding[int(np.argmin(costs))]
    # Thresholds fall as costs rise.
    ordered = thresholds[np.argsort(costs)]
    assert all(a >= b - 1e-12 for a, b in itertools.pairwise(ordered))


@given(st.floats(0.1, 10.0), st.floats(0.5, 3.0))
def test_thresholds_do_not_depend_on_market_size(size, substitutability):
    small = Oligopoly(Bertrand(substitutability=substitutability), [0.1, 0.2, 0.3])
    large = Oligopoly(
        Bertrand(substitutability=substitutability * size, market_size=size), [0.1, 0.2, 0.3]
    )
    np.testing.assert_allclose(
        check_agreement(small, UniformPrice(), discount_factor=0.5).critical_discount_factors,
        check_agreement(large, UniformPrice(), discount_factor=0.5).critical_discount_factors,
        atol=1e-9,
    )


def test_full_market_division_of_a_duopoly_is_collusion_at_the_monopoly_price():
    network = TwoLayerNetwork(nx.path_graph(2), nx.complete_graph(2))
    game = Oligopoly(Bertrand(substitutability=1.5), [0.2, 0.2], network)
    divided = MarketDivision([0, 1], 0.0).stakes(game)
    uniform = UniformPrice().stakes(game)
    for field in ("status_quo", "agreement", "deviation", "punishment"):
        np.testing.assert_allclose(getattr(divided, field), getattr(uniform, field), atol=1e-9)


@given(st.floats(0.0, 1.0), st.floats(0.5, 2.0))
def test_market_division_is_individually_rational(factor, substitutability):
    network = TwoLayerNetwork(nx.path_graph(4), nx.complete_graph(4))
    game = Oligopoly(Bertrand(substitutability=substitutability), [0.1, 0.2, 0.1, 0.3], network)
    check = check_agreement(game, MarketDivision([0, 1, 2], factor), discount_factor=0.9)
    assert check.individually_rational.all()
    assert np.all(check.critical_discount_factors >= 0)


def test_market_agreements_reject_bad_input():
    game = Oligopoly(Bertrand(substitutability=1.0), [0.1, 0.1, 0.1])
    with pytest.raises(NotImplementedError, match=r"bind every member"):
        UniformPrice(members=[0, 1]).stakes(game)
    with pytest.raises(ValueError, match=r"`agreement` names unknown members \[5\]"):
        UniformPrice(members=[0, 1, 5]).stakes(game)
    with pytest.raises(ValueError, match=r"`price`"):
        UniformPrice(-1.0)
    with pytest.raises(TypeError, match=r"`game`"):
        UniformPrice().stakes(PD)
    with pytest.raises(ValueError, match=r"`game` must have a quantity-setting market"):
        QuantityAgreement().stakes(game)
    cournot = Oligopoly(Cournot.homogeneous(3), [0.1, 0.1, 0.1])
    with pytest.raises(ValueError, match=r"`quantities` must give one quantity per member"):
        QuantityAgreement([0.1, 0.1]).stakes(cournot)
    with pytest.raises(ValueError, match=r"`quantities`"):
        QuantityAgreement([0.1, -0.1, 0.1])
    with pytest.raises(TypeError, match=r"`game` must have a TwoLayerNetwork"):
        MarketDivision([0, 1], 0.5).stakes(game)
    network = TwoLayerNetwork(nx.path_graph(3), nx.complete_graph(3))
    divided = Oligopoly(Bertrand(substitutability=1.0), [0.1, 0.1, 0.1], network)
    with pytest.raises(ValueError, match=r"`agreement` names unknown members \[3\]"):
        MarketDivision([0, 3], 0.5).stakes(divided)
    with pytest.raises(ValueError, match=r"`factor`"):
        MarketDivision([0, 1], 1.5)
    with pytest.raises(TypeError, match=r"`market`"):
        Oligopoly("bertrand", [0.1])
    with pytest.raises(ValueError, match=r"`costs`"):
        Oligopoly(Bertrand(substitutability=1.0), [-0.1, 0.1])
