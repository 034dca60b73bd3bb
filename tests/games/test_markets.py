import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from gamegroup.games import (
    Bertrand,
    BestResponses,
    Cournot,
    HomogeneousBertrand,
    Market,
    MarketOutcome,
    PriceTaking,
)
from gamegroup.games.markets import DENSE_LIMIT
from gamegroup.networks import TwoLayerNetwork, random_geometric, to_csr
from gamegroup.testing import strategies as ggst

gammas = st.floats(0.0, 3.0)
intercepts = st.floats(0.5, 5.0)
small_costs = st.floats(0.0, 0.2)


def dense_layer(layer, n):
    if layer is None:
        return np.ones((n, n)) - np.eye(n)
    return nx.to_numpy_array(layer, nodelist=range(n))


# -- textbook closed forms ---------------------------------------------------------------------
@given(intercepts, st.lists(st.floats(0.0, 0.4), min_size=1, max_size=6), st.floats(0.1, 3.0))
def test_zero_substitutability_makes_every_member_a_textbook_monopolist(a, costs, size):
    c = np.array(costs)
    for market in (
        Bertrand(substitutability=0.0, demand_intercept=a, market_size=size),
        Cournot(substitutability=0.0, demand_intercept=a, market_size=size),
    ):
        outcome = market.equilibrium(c)
        np.testing.assert_allclose(outcome.prices, (a + c) / 2, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(outcome.quantities, size * (a - c) / 2, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(outcome.profits, size * (a - c) ** 2 / 4, rtol=1e-12, atol=1e-12)


@given(intercepts, gammas, st.floats(0.2, 2.0), st.floats(0.05, 2.0), small_costs, small_costs)
def test_bertrand_duopoly_matches_the_textbook_formula(a, gamma, size, weight, c1, c2):
    # Direct demand q_i = alpha - beta p_i + delta p_j (Singh & Vives 1984):
    # p_i = [alpha (2 beta + delta) + 2 beta^2 c_i + beta delta c_j] / (4 beta^2 - delta^2).
    alpha, beta, delta = size * a, size + gamma * weight, gamma * weight
    expected = [
        (alpha * (2 * beta + delta) + 2 * beta**2 * ci + beta * delta * cj)
        / (4 * beta**2 - delta**2)
        for ci, cj in ((c1, c2), (c2, c1))
    ]
    layer = nx.Graph([(0, 1, {"weight": weight})])
    outcome = Bertrand(substitutability=gamma, demand_intercept=a, market_size=size).equilibrium(
        [c1, c2], layer
    )
    np.testing.assert_allclose(outcome.prices, expected, rtol=1e-12)
    np.testing.assert_allclose(
        outcome.quantities,
        alpha - beta * outcome.prices + delta * outcome.prices[::-1],
        rtol=1e-12,
        atol=1e-14,
    )


@given(intercepts, st.floats(0.0, 0.45), st.floats(0.2, 2.0), small_costs, small_costs)
def test_cournot_duopoly_matches_the_textbook_formula(a, share, size, c1, c2):
    # Inverse demand p_i = A - b q_i - d q_j: q_i = [2 b (A - c_i) - d (A - c_j)] / (4 b^2 - d^2).
    gamma = share / size  # keeps own slope 1/m - gamma positive
    b, d = 1 / size - gamma, gamma
    expected = [
        (2 * b * (a - ci) - d * (a - cj)) / (4 * b**2 - d**2) for ci, cj in ((c1, c2), (c2, c1))
    ]
    outcome = Cournot(substitutability=gamma, demand_intercept=a, market_size=size).equilibrium(
        [c1, c2]
    )
    np.testing.assert_allclose(outcome.quantities, expected, rtol=1e-11)


@given(
    st.integers(1, 8),
    st.floats(0.1, 3.0),
    st.floats(2.0, 5.0),
    st.lists(small_costs, min_size=8, max_size=8),
)
def test_homogeneous_cournot_matches_the_n_firm_formula(n, slope, a, costs):
    # q_i = (a - (n + 1) c_i + sum_j c_j) / (b (n + 1)), P = (a + sum_j c_j) / (n + 1).
    c = np.array(costs[:n])
    outcome = Cournot.homogeneous(n, slope=slope, demand_intercept=a).equilibrium(c)
    np.testing.assert_allclose(
        outcome.quantities, (a - (n + 1) * c + c.sum()) / (slope * (n + 1)), rtol=1e-10, atol=1e-13
    )
    np.testing.assert_allclose(outcome.prices, (a + c.sum()) / (n + 1), rtol=1e-10)
    assert outcome.consumer_surplus == pytest.approx(slope * outcome.quantities.sum() ** 2 / 2)


@given(st.integers(2, 8), st.floats(0.0, 10.0), intercepts, small_costs)
def test_shubik_levitan_bertrand_symmetric_price(n, mu, a, c):
    # q_i = (1/n)[a - p_i - mu (p_i - pbar)]: p = (a + c k) / (1 + k), k = 1 + mu (n - 1) / n.
    k = 1 + mu * (n - 1) / n
    outcome = Bertrand.shubik_levitan(n, substitutability=mu, demand_intercept=a).equilibrium(
        np.full(n, c)
    )
    np.testing.assert_allclose(outcome.prices, (a + c * k) / (1 + k), rtol=1e-12)
    # Market size does not depend on mu: total demand a - p.
    assert outcome.quantities.sum() == pytest.approx(a - outcome.prices[0], rel=1e-12)


@given(st.integers(2, 6), st.floats(0.0, 10.0), st.data())
def test_shubik_levitan_cournot_inverts_shubik_levitan_bertrand(n, mu, data):
    # Same consumers: the Cournot prices at the Bertrand quantities are the Bertrand prices.
    prices = np.array(data.draw(st.lists(st.floats(0.4, 0.45), min_size=n, max_size=n)))
    bertrand = Bertrand.shubik_levitan(n, substitutability=mu)
    quantities = bertrand.outcome(prices, np.zeros(n)).quantities
    back = Cournot.shubik_levitan(n, substitutability=mu).outcome(quantities, np.zeros(n))
    np.testing.assert_allclose(back.prices, prices, rtol=1e-10)


# -- equilibrium properties ---------------------------------------------------------------------
@given(ggst.graphs(n_nodes=st.integers(1, 7), weighted=True), gammas, st.data())
def test_bertrand_equilibrium_prices_are_mutual_best_responses(layer, gamma, data):
    n = layer.number_of_nodes()
    costs = np.array(data.draw(st.lists(small_costs, min_size=n, max_size=n)))
    market = Bertrand(substitutability=gamma)
    outcome = market.equilibrium(costs, layer)
    reply = market.best_responses(outcome.prices, costs, layer)
    np.testing.assert_allclose(reply.actions, outcome.prices, atol=1e-10)
    np.testing.assert_allclose(reply.profits, outcome.profits, atol=1e-10)
    # Independent check of one member's best response by a scalar search over its own price.
    i = data.draw(st.integers(0, n - 1))
    weights = dense_layer(layer, n)

    def minus_profit(p):
        prices = outcome.prices.copy()
        prices[i] = p
        quantity = (1 - prices[i]) - gamma * weights[i] @ (prices[i] - prices)
        return -(p - costs[i]) * quantity

    found = minimize_scalar(
        minus_profit, bounds=(costs[i], 10), method="bounded", options={"xatol": 1e-12}
    )
    assert -found.fun == pytest.approx(reply.profits[i], abs=1e-9)


@given(st.integers(1, 6), st.floats(0.0, 0.9), st.data())
def test_cournot_equilibrium_quantities_are_mutual_best_responses(n, share, data):
    costs = np.array(data.draw(st.lists(small_costs, min_size=n, max_size=n)))
    gamma = share / n  # within the complete layer's limit 1/(m n) with m = 1
    market = Cournot(substitutability=gamma)
    outcome = market.equilibrium(costs)
    reply = market.best_responses(outcome.quantities, costs)
    np.testing.assert_allclose(reply.actions, outcome.quantities, atol=1e-10)
    np.testing.assert_allclose(reply.profits, outcome.profits, atol=1e-10)


@given(ggst.graphs(n_nodes=st.integers(1, 6), weighted=True), gammas, st.data())
def test_bertrand_pass_through_matches_finite_differences(layer, gamma, data):
    n = layer.number_of_nodes()
    costs = np.array(data.draw(st.lists(st.floats(0.05, 0.2), min_size=n, max_size=n)))
    market = Bertrand(substitutability=gamma)
    matrix = market.equilibrium(costs, layer, pass_through=True).pass_through
    step = 1e-3  # profits are quadratic in costs, so central differences are exact
    for j in range(n):
        up, down = costs.copy(), costs.copy()
        up[j] += step
        down[j] -= step
        column = (
            market.equilibrium(up, layer).profits - market.equilibrium(down, layer).profits
        ) / (2 * step)
        np.testing.assert_allclose(matrix[:, j], column, atol=1e-9)
    assert np.all(np.diag(matrix) < 0)
    assert np.all(matrix - np.diag(np.diag(matrix)) >= -1e-15)  # rivals' costs help (substitutes)


def test_cournot_pass_through_matches_finite_differences():
    market = Cournot(substitutability=0.2)
    layer = nx.Graph([(0, 1, {"weight": 1.0}), (1, 2, {"weight": 0.5})])
    costs = np.array([0.1, 0.2, 0.15])
    matrix = market.equilibrium(costs, layer, pass_through=True).pass_through
    for j in range(3):
        up, down = costs.copy(), costs.copy()
        up[j] += 1e-3
        down[j] -= 1e-3
        column = (
            market.equilibrium(up, layer).profits - market.equilibrium(down, layer).profits
        ) / 2e-3
        np.testing.assert_allclose(matrix[:, j], column, atol=1e-10)


@given(ggst.graphs(n_nodes=st.integers(1, 6), weighted=True), gammas, st.data())
def test_bertrand_consumer_surplus_is_the_quadratic_utility_surplus(layer, gamma, data):
    # CS = U(q) - p.q with U(q) = q.B^-1 A - q.B^-1 q / 2, computed with a dense inverse.
    n = layer.number_of_nodes()
    costs = np.array(data.draw(st.lists(small_costs, min_size=n, max_size=n)))
    outcome = Bertrand(substitutability=gamma, demand_intercept=2.0).equilibrium(costs, layer)
    weights = dense_layer(layer, n)
    B = np.eye(n) + gamma * (np.diag(weights.sum(axis=1)) - weights)
    H = np.linalg.inv(B)
    q = outcome.quantities
    utility = q @ H @ (2.0 * np.ones(n)) - q @ H @ q / 2
    assert outcome.consumer_surplus == pytest.approx(utility - outcome.prices @ q, abs=1e-10)


@given(ggst.graphs(n_nodes=st.integers(2, 7), weighted=True), gammas, st.floats(0.2, 0.8))
def test_competition_intensity_does_not_change_market_size(layer, gamma, price):
    # At any common price, total demand is sum_i m (a - p) whatever the substitutability.
    n = layer.number_of_nodes()
    outcome = Bertrand(substitutability=gamma).outcome(np.full(n, price), np.zeros(n), layer)
    assert outcome.quantities.sum() == pytest.approx(n * (1 - price), rel=1e-12)


@given(
    ggst.graphs(n_nodes=st.integers(2, 6), weighted=True, connected=True),
    st.floats(0.05, 3.0),
    st.data(),
)
def test_bertrand_profit_falls_in_own_cost_and_rises_in_rivals_costs(layer, gamma, data):
    n = layer.number_of_nodes()
    costs = np.array(data.draw(st.lists(st.floats(0.05, 0.15), min_size=n, max_size=n)))
    j = data.draw(st.integers(0, n - 1))
    market = Bertrand(substitutability=gamma)
    before = market.equilibrium(costs, layer).profits
    higher = costs.copy()
    higher[j] += 0.05
    after = market.equilibrium(higher, layer).profits
    assert after[j] < before[j]
    others = np.arange(n) != j
    assert np.all(after[others] > before[others])  # connected layer: every rival gains


@given(st.integers(2, 6), st.floats(0.01, 0.95), st.data())
def test_cournot_profit_falls_in_own_cost_and_rises_in_rivals_costs_on_a_complete_layer(
    n, share, data
):
    costs = np.array(data.draw(st.lists(st.floats(0.05, 0.15), min_size=n, max_size=n)))
    j = data.draw(st.integers(0, n - 1))
    market = Cournot(substitutability=share / n)
    before = market.equilibrium(costs).profits
    higher = costs.copy()
    higher[j] += 0.05
    after = market.equilibrium(higher).profits
    assert after[j] < before[j]
    assert np.all(after[np.arange(n) != j] > before[np.arange(n) != j])


def test_cournot_rival_two_steps_away_loses_when_a_cost_rises():
    # On a path 0 - 1 - 2, quantities are strategic substitutes: a higher cost at 0 makes 1
    # produce more, which hurts 2. (So "rivals gain when a cost rises" is only for direct rivals.)
    layer = nx.path_graph(3)
    market = Cournot(substitutability=0.3)
    before = market.equilibrium([0.1, 0.1, 0.1], layer).profits
    after = market.equilibrium([0.2, 0.1, 0.1], layer).profits
    assert after[1] > before[1]
    assert after[2] < before[2]


@given(ggst.graphs(n_nodes=st.integers(2, 6), weighted=True), gammas, st.data())
def test_relabelling_members_permutes_the_equilibrium(layer, gamma, data):
    n = layer.number_of_nodes()
    costs = np.array(data.draw(st.lists(small_costs, min_size=n, max_size=n)))
    order = np.array(data.draw(st.permutations(range(n))))
    market = Bertrand(substitutability=gamma)
    outcome = market.equilibrium(costs, layer)
    relabelled = nx.relabel_nodes(layer, {int(old): new for new, old in enumerate(order)})
    relabelled = nx.Graph(relabelled.subgraph(range(n)))
    ordered = nx.Graph()
    ordered.add_nodes_from(range(n))
    ordered.add_edges_from(relabelled.edges(data=True))
    moved = market.equilibrium(costs[order], ordered)
    np.testing.assert_allclose(moved.prices, outcome.prices[order], atol=1e-12)
    np.testing.assert_allclose(moved.profits, outcome.profits[order], atol=1e-12)


# -- collusion -----------------------------------------------------------------------------------
@given(ggst.graphs(n_nodes=st.integers(1, 6), weighted=True), st.floats(0.0, 1.0), st.data())
def test_bertrand_collusive_prices_maximise_joint_profit(layer, gamma, data):
    n = layer.number_of_nodes()
    costs = np.array(data.draw(st.lists(st.just(0.1) | small_costs, min_size=n, max_size=n)))
    market = Bertrand(substitutability=gamma)
    try:
        best = market.collusive(costs, layer)
    except ValueError:
        return  # a member would be shut down: not an interior optimum
    direction = np.array(data.draw(st.lists(st.floats(-1, 1), min_size=n, max_size=n)))
    for step in (1e-3, 1e-2):
        prices = best.prices + step * direction
        quantities = (1 - prices) - gamma * (
            np.diag(dense_layer(layer, n).sum(axis=1)) - dense_layer(layer, n)
        ) @ prices
        assert (prices - costs) @ quantities <= best.total_profit + 1e-12
    assert best.total_profit >= market.equilibrium(costs, layer).total_profit - 1e-12


def test_cournot_duopoly_collusion_needs_discount_factor_nine_seventeenths():
    # Grim trigger on the joint optimum: delta* = (pi_d - pi_c) / (pi_d - pi_n) = 9/17.
    market = Cournot.homogeneous(2, slope=1.5, demand_intercept=4.0)
    costs = [1.0, 1.0]
    collusive = market.collusive(costs)
    deviation = market.best_responses(collusive.quantities, costs)
    nash = market.equilibrium(costs)
    critical = (deviation.profits[0] - collusive.profits[0]) / (
        deviation.profits[0] - nash.profits[0]
    )
    assert critical == pytest.approx(9 / 17, rel=1e-12)
    np.testing.assert_allclose(collusive.quantities.sum(), (4.0 - 1.0) / (2 * 1.5))


@pytest.mark.parametrize("n", [2, 3, 5, 10])
def test_homogeneous_bertrand_collusion_needs_discount_factor_one_minus_one_over_n(n):
    market = HomogeneousBertrand(demand_intercept=2.0)
    costs = np.full(n, 0.5)
    collusive = market.collusive(costs)
    deviation = market.best_responses(collusive.prices, costs)
    nash = market.equilibrium(costs)
    assert np.all(nash.profits == 0)
    critical = (deviation.profits - collusive.profits) / (deviation.profits - nash.profits)
    np.testing.assert_allclose(critical, 1 - 1 / n, rtol=1e-12)
    assert not deviation.attained.any()


def test_homogeneous_bertrand_limit_pricing_and_ties():
    market = HomogeneousBertrand()
    outcome = market.equilibrium([0.3, 0.1, 0.5], pass_through=True)
    np.testing.assert_allclose(outcome.prices, [0.3, 0.3, 0.5])
    np.testing.assert_allclose(outcome.quantities, [0.0, 0.7, 0.0])
    # pi_1 = (c_2 - c_1)(a - c_2): d/dc_1 = -(a - c_2), d/dc_2 = a - 2 c_2 + c_1.
    assert outcome.pass_through[1, 1] == pytest.approx(-0.7)
    assert outcome.pass_through[1, 0] == pytest.approx(1 - 0.6 + 0.1)
    drastic = market.equilibrium([0.1, 0.9])  # monopoly price 0.55 below the rival's cost
    assert drastic.prices[0] == pytest.approx(0.55)
    tie = market.equilibrium([0.2, 0.2, 0.4])
    np.testing.assert_allclose(tie.quantities, [0.4, 0.4, 0.0])
    with pytest.raises(ValueError, match=r"`pass_through`"):
        market.equilibrium([0.2, 0.2], pass_through=True)
    assert market.equilibrium([0.4]).prices[0] == pytest.approx(0.7)  # a lone monopolist


def test_homogeneous_bertrand_best_responses():
    market = HomogeneousBertrand()
    reply = market.best_responses([0.8, 0.3, 0.9], [0.1, 0.2, 0.5])
    # Member 0 undercuts 0.3; member 1 faces 0.8 > its monopoly price 0.6; member 2 cannot.
    np.testing.assert_allclose(reply.actions, [0.3, 0.6, 0.5])
    np.testing.assert_allclose(reply.profits, [0.2 * 0.7, 0.4 * 0.4, 0.0])
    np.testing.assert_array_equal(reply.attained, [False, True, True])


def test_price_taking_profits_are_linear_in_own_cost_only():
    market = PriceTaking(price=2.0, quantity=[1.0, 3.0])
    outcome = market.equilibrium([0.5, 1.0], pass_through=True)
    np.testing.assert_allclose(outcome.profits, [1.5, 3.0])
    np.testing.assert_allclose(outcome.pass_through, np.diag([-1.0, -3.0]))
    assert market.collusive([0.5, 1.0]).total_profit == outcome.total_profit
    np.testing.assert_allclose(market.best_responses([1, 1], [0.5, 2.5]).actions, [1.0, 0.0])


# -- large layers ----------------------------------------------------------------------------------
def test_large_layers_use_the_sparse_solver_and_agree_with_a_direct_solve():
    n = DENSE_LIMIT + 500
    layer = to_csr(random_geometric(n, np.sqrt(8 / (np.pi * n)), rng=4))
    costs = np.random.default_rng(0).uniform(0.0, 0.2, n)
    for market in (Bertrand(substitutability=0.7), Cournot(substitutability=0.02)):
        outcome = market.equilibrium(costs, layer)
        system = market._system(layer, n)
        direct = spla.spsolve(sp.csc_array(system.solver.matrix), system.rhs(costs))
        expected = direct if market.strategic_variable == "quantity" else direct * system.own
        np.testing.assert_allclose(outcome.quantities, expected, rtol=1e-10, atol=1e-12)


def test_cournot_spectral_condition_is_checked_exactly_beyond_the_cheap_bound():
    # Complete layer, m = 1/n: K = nI - gamma (nI - J) is PSD iff gamma <= 1 (the cheap
    # Gershgorin bound 2 (n - 1) gamma <= n does not decide it).
    n = 5
    boundary = Cournot(substitutability=1.0, market_size=1 / n)
    assert boundary.equilibrium(np.zeros(n)).quantities == pytest.approx(np.full(n, 1 / 6))
    with pytest.raises(ValueError, match=r"`substitutability`.*positive semi-definite"):
        Cournot(substitutability=1.01, market_size=1 / n).equilibrium(np.zeros(n))
    with pytest.raises(ValueError, match=r"`substitutability`.*own output"):
        Cournot(substitutability=0.3).equilibrium(np.zeros(n))  # 0.3 x 1 x 4 >= 1


def test_cournot_collusion_with_perfect_substitutes_and_unequal_costs_has_no_interior_optimum():
    with pytest.raises(ValueError, match=r"`costs`.*interior joint-profit maximum"):
        Cournot.homogeneous(2).collusive([0.1, 0.2])


# -- results, immutability, errors ---------------------------------------------------------------
def test_outcome_and_market_objects_are_immutable_and_compare_by_value():
    market = Bertrand(substitutability=0.5, market_size=[1.0, 2.0])
    assert market == Bertrand(substitutability=0.5, market_size=[1.0, 2.0])
    assert market != Bertrand(substitutability=0.5)
    assert (
        repr(market)
        == "Bertrand(substitutability=0.5, demand_intercept=1, market_size=<array (2,)>)"
    )
    with pytest.raises(AttributeError):
        market._substitutability = 1.0
    with pytest.raises(AttributeError):
        market.extra = 1
    with pytest.raises(TypeError):
        hash(market)
    outcome = market.equilibrium([0.1, 0.1])
    assert isinstance(outcome, MarketOutcome)
    assert isinstance(market, Market)
    assert not outcome.prices.flags.writeable
    assert outcome.welfare == pytest.approx(outcome.total_profit + outcome.consumer_surplus)
    assert list(outcome.to_frame().profit) == list(outcome.profits)
    reply = market.best_responses(outcome.prices, [0.1, 0.1])
    assert isinstance(reply, BestResponses)
    assert reply.variable == "price"


def test_markets_accept_every_kind_of_layer():
    graph = nx.Graph([("a", "b", {"weight": 0.5}), ("b", "c", {"weight": 1.0})])
    network = TwoLayerNetwork(nx.path_graph(["a", "b", "c"]), graph)
    market = Bertrand(substitutability=1.0)
    results = [
        market.equilibrium([0.1, 0.2, 0.3], layer).prices
        for layer in (graph, to_csr(graph), network)
    ]
    np.testing.assert_allclose(results[0], results[1])
    np.testing.assert_allclose(results[0], results[2])


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: Bertrand(substitutability=-1.0), ValueError, r"`substitutability`"),
        (lambda: Bertrand(substitutability=float("nan")), ValueError, r"`substitutability`"),
        (lambda: Bertrand(substitutability="high"), TypeError, r"`substitutability`"),
        (
            lambda: Cournot(substitutability=0.1, demand_intercept=0.0),
            ValueError,
            r"`demand_intercept`",
        ),
        (
            lambda: Bertrand(substitutability=0.1, market_size=[1.0, -1.0]),
            ValueError,
            r"`market_size`",
        ),
        (lambda: Bertrand(substitutability=0.1).equilibrium([0.1, -0.2]), ValueError, r"`costs`"),
        (
            lambda: Bertrand(substitutability=0.1).equilibrium([0.1, float("nan")]),
            ValueError,
            r"`costs`",
        ),
        (lambda: Bertrand(substitutability=0.1).equilibrium([]), ValueError, r"`costs`"),
        (
            lambda: Bertrand(substitutability=0.1).equilibrium([0.1], nx.path_graph(2)),
            ValueError,
            r"`costs`",
        ),
        (lambda: Bertrand(substitutability=0.1).equilibrium([0.1], "layer"), TypeError, r"`layer`"),
        (
            lambda: Bertrand(substitutability=0.1, market_size=[1.0, 2.0]).equilibrium([0.1]),
            ValueError,
            r"`market_size`",
        ),
        (
            lambda: Bertrand(substitutability=2.0).equilibrium([0.0, 0.95]),
            ValueError,
            r"`costs`.*member 1.*negative",
        ),
        (
            lambda: Bertrand(substitutability=2.0).outcome([0.1, 0.9], [0, 0]),
            ValueError,
            r"`actions`.*member 1",
        ),
        (lambda: Bertrand(substitutability=2.0).outcome([0.1], [0, 0]), ValueError, r"`actions`"),
        (
            lambda: Bertrand(substitutability=5.0).collusive([0.0, 0.9]),
            ValueError,
            r"`costs`.*member 1",
        ),
        (
            lambda: Cournot.homogeneous(2).outcome([1.0, 1.0], [0, 0]),
            ValueError,
            r"`actions`.*price",
        ),
        (
            lambda: Cournot.homogeneous(2).best_responses([-1.0, 1.0], [0, 0]),
            ValueError,
            r"`actions`",
        ),
        (lambda: Cournot.homogeneous(0), ValueError, r"`n_members`"),
        (lambda: Cournot.homogeneous(2, slope=0.0), ValueError, r"`slope`"),
        (
            lambda: HomogeneousBertrand().equilibrium([0.1], nx.path_graph(1)),
            NotImplementedError,
            r"layer=None",
        ),
        (lambda: HomogeneousBertrand(market_size=0), ValueError, r"`market_size`"),
        (lambda: PriceTaking(price=-1.0), ValueError, r"`price`"),
        (lambda: PriceTaking(quantity=[1.0, -1.0]), ValueError, r"`quantity`"),
        (lambda: PriceTaking(quantity=[1.0]).equilibrium([0.1, 0.2]), ValueError, r"`quantity`"),
        (lambda: PriceTaking().equilibrium([0.1, 0.2], nx.path_graph(3)), ValueError, r"`costs`"),
        (lambda: PriceTaking().equilibrium([0.1], "layer"), TypeError, r"`layer`"),
    ],
)
def test_bad_input_names_the_argument(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_negative_market_weights_in_a_prepared_layer_are_refused():
    graph = to_csr(nx.path_graph(2))
    bad = type(graph)(graph.nodes, graph.indptr, graph.indices, -graph.weights, 1)
    with pytest.raises(ValueError, match=r"`layer`"):
        Bertrand(substitutability=1.0).equilibrium([0.1, 0.1], bad)


def test_pass_through_is_limited_to_moderate_sizes(monkeypatch):
    from gamegroup.games import markets

    monkeypatch.setattr(markets, "PASS_THROUGH_LIMIT", 2)
    with pytest.raises(ValueError, match=r"`pass_through`.*pass_through='sparse'"):
        Bertrand(substitutability=0.1).equilibrium([0.1, 0.1, 0.1], pass_through=True)


# -- sparse pass-through ---------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 60),
    st.integers(0, 1000),
    st.sampled_from(["bertrand", "cournot"]),
    st.sampled_from([1e-12, 1e-9, 1e-6, 1e-3]),
)
def test_every_entry_of_the_sparse_pass_through_is_within_its_tolerance(n, seed, kind, tol):
    layer = random_geometric(n, min(0.5, np.sqrt(6 / (np.pi * n))), rng=seed)
    costs = np.random.default_rng(seed).uniform(0.0, 0.1, n)
    most = max(dict(layer.degree()).values(), default=0)
    market = (
        Bertrand(substitutability=0.5)
        if kind == "bertrand"
        else Cournot(substitutability=0.4 / (1 + most))
    )
    dense = market.equilibrium(costs, layer, pass_through=True).pass_through
    sparse = market.equilibrium(
        costs, layer, pass_through="sparse", pass_through_tolerance=tol
    ).pass_through
    assert isinstance(sparse, sp.csr_array)
    assert np.max(np.abs(sparse.toarray() - dense)) <= tol
    assert np.all(np.abs(sparse.data) > tol / 2)  # only what may matter is stored


def test_the_sparse_pass_through_of_a_large_village_is_local_and_within_its_tolerance():
    from gamegroup.networks import village

    n = DENSE_LIMIT + 300
    network = village(n, group_size=30, rng=3)
    costs = np.random.default_rng(3).uniform(0.1, 0.3, n)
    for market in (Bertrand(substitutability=1.0), Cournot(substitutability=0.03)):
        dense = market.equilibrium(costs, network, pass_through=True).pass_through
        sparse = market.equilibrium(costs, network, pass_through="sparse").pass_through
        assert np.max(np.abs(sparse.toarray() - dense)) <= 1e-9
        assert sparse.nnz < n * n / 2  # far members' costs do not matter to 1e-9


def test_a_market_that_is_not_diagonally_dominant_gets_its_sparse_pass_through_densely(
    monkeypatch,
):
    from gamegroup.games import markets

    # Cournot near its limit g <= 1/4 on the complete layer of 4: 2 own = 2 (1 - 3 g) < 3 g.
    market = Cournot(substitutability=0.24)
    costs = np.array([0.1, 0.2, 0.15, 0.12])
    dense = market.equilibrium(costs, pass_through=True).pass_through
    sparse = market.equilibrium(costs, pass_through="sparse", pass_through_tolerance=1e-3)
    np.testing.assert_array_equal(
        sparse.pass_through.toarray(), np.where(np.abs(dense) <= 1e-3, 0.0, dense)
    )
    monkeypatch.setattr(markets, "PASS_THROUGH_LIMIT", 3)
    with pytest.raises(ValueError, match=r"`pass_through='sparse'`.*diagonally dominant"):
        market.equilibrium(costs, pass_through="sparse")


@pytest.mark.parametrize(
    ("market", "costs"),
    [
        (PriceTaking(price=1.0), [0.5, 0.25, 0.75]),
        (HomogeneousBertrand(), [0.3, 0.1, 0.5]),
    ],
)
def test_exact_pass_throughs_are_the_same_dense_or_sparse(market, costs):
    dense = market.equilibrium(costs, pass_through="dense").pass_through
    sparse = market.equilibrium(costs, pass_through="sparse").pass_through
    assert isinstance(sparse, sp.csr_array)
    np.testing.assert_array_equal(sparse.toarray(), dense)


def test_a_sparse_pass_through_is_frozen_and_compared_by_value():
    costs = [0.1, 0.2, 0.15]
    first = Bertrand(substitutability=0.5).equilibrium(costs, pass_through="sparse")
    second = Bertrand(substitutability=0.5).equilibrium(costs, pass_through="sparse")
    assert first == second
    assert first != Bertrand(substitutability=0.5).equilibrium(costs, pass_through=True)
    with pytest.raises(ValueError, match="read-only"):
        first.pass_through.data[0] = 1.0
    assert "csr sparse float64 array (3, 3)" in repr(first)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (
            lambda: Bertrand(substitutability=0.5).equilibrium([0.1, 0.2], pass_through="yes"),
            ValueError,
            "",
        ),
        (
            lambda: Bertrand(substitutability=0.5).equilibrium([0.1, 0.2], pass_through=1),
            TypeError,
            "",
        ),
        (
            lambda: Cournot(substitutability=0.1).equilibrium([0.1, 0.2], pass_through=[True]),
            TypeError,
            "",
        ),
        (
            lambda: Bertrand(substitutability=0.5).equilibrium(
                [0.1, 0.2], pass_through="sparse", pass_through_tolerance=0.0
            ),
            ValueError,
            "_tolerance",
        ),
        (
            lambda: PriceTaking(price=1.0).equilibrium([0.1], pass_through_tolerance=-1),
            ValueError,
            "_",
        ),
        (lambda: PriceTaking(price=1.0).outcome([1.0], [0.1], pass_through="no"), ValueError, ""),
    ],
)
def test_bad_pass_through_arguments_are_named(call, error, pattern):
    with pytest.raises(error, match=r"`pass_through" + pattern):
        call()
