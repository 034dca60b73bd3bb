"""d'Aspremont & Jacquemin (1988) as a special case of the knowledge-sharing game.

d'Aspremont, C., & Jacquemin, A. (1988). Cooperative and noncooperative R&D in duopoly with
spillovers. American Economic Review, 78(5), 1133-1137.

Two firms face inverse demand D^{-1}(Q) = a - bQ and compete in quantities (Cournot). Each
chooses R&D x_i at cost gamma x_i^2 / 2; unit cost is c_i = A - x_i - beta x_j (spillover
beta). Published results reproduced here (their eqs. for the symmetric solutions):

* non-cooperative R&D: x* = (a - A)(2 - beta) / (4.5 b gamma - (2 - beta)(1 + beta));
* cooperative R&D (joint-profit-maximising R&D, Cournot output):
  x** = (a - A)(1 + beta) / (4.5 b gamma - (1 + beta)^2);
* x** > x* if and only if beta > 1/2 (their main comparison), and output and welfare follow.

The mapping into gamegroup: ``Cournot.homogeneous(2, slope=b, demand_intercept=a)``; members
share ``s_i = x_i`` in continuous mode with knowledge *pooling* (own R&D lowers own cost),
absorptive capacity 1, trust weight t_12 = beta (beta = 0: no trust tie), cost_reduction 1,
base cost A, no synergy, sharing_cost 0 and sharing_cost_convexity gamma. Then
c_i = A - s_i - beta s_j exactly, and u_i is their stage-one profit.
"""

import networkx as nx
import numpy as np
import pytest
from scipy.optimize import brentq

from gamegroup.games import Cournot, KnowledgeSharingGame
from gamegroup.networks import TwoLayerNetwork

A_INTERCEPT, SLOPE, BASE_COST, RD_COST = 10.0, 1.0, 9.0, 2.0  # a - A = 1, so x < 1


def duopoly(beta):
    trust = nx.Graph()
    trust.add_nodes_from([0, 1])
    if beta > 0:
        trust.add_edge(0, 1, weight=beta)
    return KnowledgeSharingGame(
        TwoLayerNetwork(trust, nx.Graph([(0, 1)])),
        market=Cournot.homogeneous(2, slope=SLOPE, demand_intercept=A_INTERCEPT),
        base_cost=BASE_COST,
        cost_reduction=1.0,
        sharing_cost=0.0,
        sharing_cost_convexity=RD_COST,
        synergy=0.0,
        knowledge_flow="pooling",
        sharing="continuous",
    )


def noncooperative(beta):
    return (
        (A_INTERCEPT - BASE_COST) * (2 - beta) / (4.5 * SLOPE * RD_COST - (2 - beta) * (1 + beta))
    )


def cooperative(beta):
    return (A_INTERCEPT - BASE_COST) * (1 + beta) / (4.5 * SLOPE * RD_COST - (1 + beta) ** 2)


def own_slope(game, x, step=1e-3):
    # Payoffs are quadratic in the shares (no floor binds), so central differences are exact.
    up, down = game.payoffs([x + step, x]), game.payoffs([x - step, x])
    return (up[0] - down[0]) / (2 * step)


def joint_slope(game, x, step=1e-3):
    up, down = game.payoffs([x + step, x]), game.payoffs([x - step, x])
    return (up.sum() - down.sum()) / (2 * step)


BETAS = [0.0, 0.25, 0.5, 0.75, 1.0]


@pytest.mark.parametrize("beta", BETAS)
def test_noncooperative_rd_is_the_symmetric_equilibrium_of_the_sharing_game(beta):
    game = duopoly(beta)
    found = brentq(lambda x: own_slope(game, x), 0.01, 0.9, xtol=1e-14)
    assert found == pytest.approx(noncooperative(beta), abs=1e-10)
    # A maximum, not a minimum: the payoff is concave in the member's own R&D.
    x = noncooperative(beta)
    assert game.payoffs([x + 0.01, x])[0] < game.payoffs([x, x])[0]
    assert game.payoffs([x - 0.01, x])[0] < game.payoffs([x, x])[0]


@pytest.mark.parametrize("beta", BETAS)
def test_cooperative_rd_maximises_joint_profit(beta):
    game = duopoly(beta)
    found = brentq(lambda x: joint_slope(game, x), 0.01, 0.9, xtol=1e-14)
    assert found == pytest.approx(cooperative(beta), abs=1e-10)


@pytest.mark.parametrize("beta", BETAS)
def test_output_at_the_equilibrium_matches_the_published_cournot_stage(beta):
    # Q* = 2 [(a - A) + (1 + beta) x*] / (3 b).
    x = noncooperative(beta)
    outcome = duopoly(beta).market_outcome([x, x])
    expected = 2 * ((A_INTERCEPT - BASE_COST) + (1 + beta) * x) / (3 * SLOPE)
    assert outcome.quantities.sum() == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("beta", np.linspace(0.05, 0.95, 19))
def test_cooperation_raises_rd_exactly_when_spillovers_exceed_one_half(beta):
    game = duopoly(beta)
    x_star = brentq(lambda x: own_slope(game, x), 0.01, 0.9, xtol=1e-14)
    x_coop = brentq(lambda x: joint_slope(game, x), 0.01, 0.9, xtol=1e-14)
    if abs(beta - 0.5) < 1e-9:
        assert x_coop == pytest.approx(x_star, abs=1e-10)
    else:
        assert (x_coop > x_star) == (beta > 0.5)
    # Joint profit is always at least as high with cooperative R&D.
    assert game.payoffs([x_coop, x_coop]).sum() >= game.payoffs([x_star, x_star]).sum() - 1e-12
