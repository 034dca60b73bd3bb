import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from gamegroup.equilibria import (
    LinkedSharingAndPricing,
    ReciprocalSharing,
    UniformPrice,
    linked_critical_discount_factors,
    sharing_critical_discount_factors,
)
from gamegroup.games import Bertrand, KnowledgeSharingGame, Oligopoly, Ostracism, PriceTaking
from gamegroup.networks import TwoLayerNetwork
from gamegroup.testing import strategies as ggst


def price_taking_game(trust, *, flow="transfer", cost=0.05, reduction=0.1, groups=None):
    network = TwoLayerNetwork(trust, trust, groups=groups)
    return KnowledgeSharingGame(
        network,
        market=PriceTaking(),
        base_cost=0.5,
        cost_reduction=reduction,
        sharing_cost=cost,
        synergy=0.0,
        knowledge_flow=flow,
    )


@pytest.mark.parametrize("n", [2, 3, 5])
def test_pooling_in_a_full_group_is_the_linear_public_goods_threshold(n):
    # u_i = B sum_j s_j - k s_i with B = 0.1, k = 0.15: grim delta* = (k - B) / ((n - 1) B).
    game = price_taking_game(nx.complete_graph(n), flow="pooling", cost=0.15)
    values = sharing_critical_discount_factors(game).values
    np.testing.assert_allclose(values, (0.15 - 0.1) / ((n - 1) * 0.1), atol=1e-12)


@settings(max_examples=25)
@given(ggst.graphs(n_nodes=st.integers(2, 6), connected=True, weighted=True))
def test_transfer_with_price_taking_by_hand(graph):
    # u_i = B sum_j t_ij s_j - k s_i: a member saves k and loses B * strength for ever.
    game = price_taking_game(graph, cost=0.05)
    strength = game.network.trust.strengths
    expected = 0.05 / (0.1 * strength)
    expected[expected >= 1] = np.nan
    grim = sharing_critical_discount_factors(game).values
    np.testing.assert_allclose(grim, expected, atol=1e-12)
    # Ostracism for ever by all neighbours at once (they see the breach) is as harsh as grim.
    forever = sharing_critical_discount_factors(game, punishment=Ostracism(graph)).values
    np.testing.assert_allclose(forever, expected, atol=1e-10)


def test_finite_ostracism_by_hand():
    game = price_taking_game(nx.path_graph(2), cost=0.04)
    # Excluded for T = 3 periods: loses B - k = 0.06 per period, gains k = 0.04 once.
    result = sharing_critical_discount_factors(
        game, punishment=Ostracism(nx.path_graph(2), punishment_length=3)
    )
    expected = brentq(lambda d: 0.06 * (d + d**2 + d**3) - 0.04, 1e-9, 1 - 1e-9)
    np.testing.assert_allclose(result.values, expected, atol=1e-12)


def test_slower_news_needs_more_patience():
    # A square 0-1-2-3-0: member 0's breach of its tie to 1 is seen by 1 only; 3 hears later.
    trust = nx.cycle_graph(4)
    game = price_taking_game(trust, cost=0.05)
    observers = [[1], None, None, None]
    thresholds = [
        sharing_critical_discount_factors(
            game, punishment=Ostracism(trust, delay=d), observers=observers
        ).values[0]
        for d in (0, 1, 2, 4)
    ]
    assert all(a < b for a, b in itertools.pairwise(thresholds))


def test_competition_raises_the_threshold_of_sharing():
    pair = nx.path_graph(2)
    network = TwoLayerNetwork(pair, pair)
    values = []
    for substitutability in (0.0, 0.5, 1.0, 2.0):
        game = KnowledgeSharingGame(
            network,
            market=Bertrand(substitutability=substitutability),
            base_cost=0.4,
            cost_reduction=0.2,
            sharing_cost=0.005,
            synergy=0.0,
        )
        values.append(sharing_critical_discount_factors(game).values[0])
    assert all(a < b for a, b in itertools.pairwise(values))


def test_linked_agreement_without_knowledge_effects_is_the_price_agreement():
    pair = nx.path_graph(3)
    game = KnowledgeSharingGame(
        TwoLayerNetwork(pair, nx.complete_graph(3)),
        market=Bertrand(substitutability=1.0),
        base_cost=[0.1, 0.2, 0.3],
        cost_reduction=0.0,
        sharing_cost=0.0,
        synergy=0.0,
    )
    linked = LinkedSharingAndPricing().stakes(game)
    price = UniformPrice().stakes(Oligopoly(game.market, game.costs([0, 0, 0]), game.network))
    for field in ("status_quo", "agreement", "deviation", "punishment"):
        np.testing.assert_allclose(getattr(linked, field), getattr(price, field), atol=1e-12)


def test_linking_can_enforce_what_neither_part_enforces_alone():
    pair = nx.path_graph(2)
    game = KnowledgeSharingGame(
        TwoLayerNetwork(pair, pair),
        market=Bertrand(substitutability=1.0),
        base_cost=0.4,
        cost_reduction=0.2,
        sharing_cost=0.01,
        synergy=0.0,
    )
    result = linked_critical_discount_factors(game)
    assert np.all(result.linked <= np.maximum(result.sharing, result.pricing) + 1e-12)
    assert np.all(np.isfinite(result.linked))


def test_sharing_agreements_reject_bad_input():
    game = price_taking_game(nx.path_graph(3))
    with pytest.raises(TypeError, match=r"`game`"):
        sharing_critical_discount_factors(nx.path_graph(3))
    with pytest.raises(ValueError, match=r"`agreement` names unknown members \[4\]"):
        sharing_critical_discount_factors(game, members=[0, 4])
    with pytest.raises(ValueError, match=r"`status_quo` must be a binary sharing profile"):
        sharing_critical_discount_factors(game, status_quo=[0, 1])
    with pytest.raises(ValueError, match=r"`status_quo` must be a Nash equilibrium"):
        sharing_critical_discount_factors(game, status_quo=[1, 1, 1])
    with pytest.raises(TypeError, match=r"`punishment`"):
        sharing_critical_discount_factors(game, punishment="ostracism")
    with pytest.raises(ValueError, match=r"`punishment` must be on the game's 3 members"):
        sharing_critical_discount_factors(game, punishment=Ostracism(nx.path_graph(2)))
    continuous = game.with_parameters(sharing="continuous")
    with pytest.raises(NotImplementedError, match=r"binary sharing"):
        ReciprocalSharing().stakes(continuous)
    with pytest.raises(ValueError, match=r"`game` must have a price-setting market"):
        LinkedSharingAndPricing().stakes(game)


# -- pooling aid into a shared asset -----------------------------------------------------------
from gamegroup.equilibria import AssetPooling, check_agreement


def pooling_game(n=3, cost=0.05, reduction=0.02):
    return price_taking_game(
        nx.complete_graph(n),
        flow="pooling",
        cost=cost,
        reduction=reduction,
        groups=[list(range(n))],
    )


@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.3])
def test_asset_pooling_by_hand(n, fraction):
    # Pooling, price-taking: u_i = B sum_j s_j - k s_i + R s_i / V with B = 0.02, k = 0.05 and
    # R = r * fraction * aid * n split among the V sharers. Deviating saves k - R / n + B.
    B, k, r, aid = 0.02, 0.05, 0.1, 1.0
    dividend = r * fraction * aid
    game = pooling_game(n)
    check = check_agreement(
        game, AssetPooling(fraction, aid=aid, asset_return_rate=r), discount_factor=0.5
    )
    gain = k - dividend - B
    loss = n * B - k + dividend  # agreement minus punishment (nobody shares, no dividends)
    expected = 0.0 if gain <= 0 else (gain / (gain + loss) if loss > 0 else np.nan)
    np.testing.assert_allclose(check.critical_discount_factors, expected, atol=1e-12)


def test_more_pooled_aid_never_raises_the_threshold():
    game = pooling_game(4)
    values = [
        check_agreement(
            game, AssetPooling(f, aid=1.0, asset_return_rate=0.1), discount_factor=0.5
        ).critical_discount_factors[0]
        for f in np.linspace(0, 1, 11)
    ]
    finite = np.nan_to_num(values, nan=np.inf)
    assert all(a >= b for a, b in itertools.pairwise(finite))


def test_asset_pooling_rejects_bad_input():
    game = pooling_game(3)
    with pytest.raises(ValueError, match=r"`fraction`"):
        AssetPooling(1.5, aid=1.0, asset_return_rate=0.1)
    with pytest.raises(ValueError, match=r"`asset_return_rate`"):
        AssetPooling(0.5, aid=1.0, asset_return_rate=-0.1)
    with pytest.raises(ValueError, match=r"`group` must name one of the network's 1 groups"):
        AssetPooling(0.5, aid=1.0, asset_return_rate=0.1, group=2).stakes(game)
