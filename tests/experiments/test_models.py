"""The built-in village models: structure, reductions and reproducibility."""

import networkx as nx
import numpy as np
import pytest

from gamegroup.equilibria import sharing_critical_discount_factors
from gamegroup.experiments import load_scenario
from gamegroup.experiments.models.village import (
    build_village,
    group_market,
    local_heroes,
    village_agreements,
    village_and_game,
    village_commitment,
    village_dynamics,
    village_snapshot,
)
from gamegroup.experiments.registry import MODELS, PARAMETERS

SCENARIO = load_scenario("village")


def parameters(model, **changes):
    experiment = next(e for e in SCENARIO.experiments if e.model == model)
    values = SCENARIO.fixed_parameters(experiment)
    values.update({k: v[0] for k, v in experiment.grid.items()})
    values.update(members=60, group_size=12)
    values.update(changes)
    return values


def test_group_members_overlap_on_the_market_and_the_trust_density_follows_the_degree():
    network = build_village(
        members=80,
        group_size=20,
        group_trust_degree=19.0,
        village_trust_degree=3.0,
        market_degree=5.0,
        group_overlap=0.7,
        rng=np.random.default_rng(4),
    )
    group = network.groups[0]
    market = network.market.adjacency().toarray()[np.ix_(group, group)]
    off_diagonal = market[~np.eye(group.size, dtype=bool)]
    assert off_diagonal.min() >= 0.7
    trust = network.trust.adjacency().toarray()[np.ix_(group, group)]
    assert np.count_nonzero(trust) == group.size * (group.size - 1)  # degree 19 of 19: complete


def test_same_seed_same_outputs_and_different_seed_different_villages():
    values = parameters("village-commitment")
    first = village_commitment(**values, rng=np.random.default_rng(5))
    assert first == village_commitment(**values, rng=np.random.default_rng(5))
    assert first != village_commitment(**values, rng=np.random.default_rng(6))


def test_commitment_thresholds_are_those_of_the_equilibria_layer():
    values = parameters("village-commitment")
    outputs = village_commitment(**values, rng=np.random.default_rng(7))
    network, game = village_and_game(values, np.random.default_rng(7))
    thresholds = sharing_critical_discount_factors(game, members=network.groups[0].tolist()).values
    assert outputs["critical_discount_factor"] == np.median(np.nan_to_num(thresholds, nan=1.0))
    assert outputs["never_enforced"] == np.mean(np.isnan(thresholds))
    delta = np.exp(-values["discount_rate"] / values["meetings_per_month"])
    assert outputs["discount_factor"] == pytest.approx(delta)
    assert outputs["enforceable"] == np.mean(
        np.isfinite(thresholds) & (delta >= thresholds - 1e-12)
    )


def test_without_competition_sharing_costs_nothing_through_rivals():
    outputs = village_commitment(
        **parameters("village-commitment", substitutability=0.0), rng=np.random.default_rng(1)
    )
    assert outputs["competitive_loss"] == 0.0


def test_identical_costs_make_a_uniform_price_individually_rational():
    outputs = village_agreements(
        **parameters("village-agreements", cost_heterogeneity=0.0), rng=np.random.default_rng(2)
    )
    assert outputs["uniform_price_rational"] == 1.0
    assert outputs["division_rational"] == 1.0


def test_group_market_keeps_the_group_and_relabels_it():
    network = build_village(
        members=30,
        group_size=6,
        group_trust_degree=5.0,
        village_trust_degree=2.0,
        market_degree=4.0,
        group_overlap=1.0,
        rng=np.random.default_rng(0),
    )
    small = group_market(network)
    assert small.n_members == 6
    assert small.market.n_edges == 15  # full overlap: every pair competes


def test_heroes_are_the_most_central_group_members():
    network = build_village(
        members=50,
        group_size=15,
        group_trust_degree=4.0,
        village_trust_degree=2.0,
        market_degree=4.0,
        group_overlap=0.0,
        rng=np.random.default_rng(8),
    )
    inside = network.trust.to_networkx().subgraph(network.groups[0].tolist())
    leader, connector = local_heroes(network, "both")
    degrees = dict(inside.degree())
    assert degrees[leader] == max(degrees.values())
    betweenness = nx.betweenness_centrality(inside)
    others = {k: v for k, v in betweenness.items() if k != leader}
    assert betweenness[connector] == max(others.values()) or connector == max(
        betweenness, key=betweenness.get
    )
    assert local_heroes(network, "leader") == (leader,)
    assert local_heroes(network, "none") == ()


def test_dynamics_keep_heroes_sharing_and_outsiders_not():
    values = parameters("village-dynamics", heroes="both")
    graph, strategies, heroes = village_snapshot(**values, rng=np.random.default_rng(3))
    nodes = list(graph)
    assert len(heroes) == 2
    assert all(strategies[nodes.index(h)] == 1 for h in heroes)
    outputs = village_dynamics(**values, rng=np.random.default_rng(3))
    assert outputs["group_sharing"][-1] == pytest.approx(np.mean(strategies))
    assert outputs["time"][-1] == values["months"]
    assert outputs["lasted"] == int(outputs["sharing_final"] >= 0.5)


def test_a_generous_subsidy_makes_everyone_share_by_exit():
    values = parameters(
        "village-dynamics",
        subsidy=1.0,
        asset_share=0.0,
        exploration_rate=0.0,
        selection_intensity=1000.0,
        initial_sharing=0.5,
    )
    outputs = village_dynamics(**values, rng=np.random.default_rng(9))
    assert outputs["sharing_at_exit"] == 1.0


def test_every_model_parameter_is_declared_and_documented():
    page = (SCENARIO_PAGE).read_text(encoding="utf-8")
    for name, spec in MODELS.items():
        assert f"`{name}`" in page, name
        for parameter in spec.parameters:
            assert parameter in PARAMETERS, (name, parameter)
            assert f"`{parameter}`" in page, parameter


def test_values_heterogeneity_must_keep_capacities_in_range():
    with pytest.raises(ValueError, match=r"absorptive_capacity \* \(1 \+ values_heterogeneity\)"):
        village_commitment(
            **parameters("village-commitment", absorptive_capacity=0.8, values_heterogeneity=0.5),
            rng=np.random.default_rng(0),
        )


from pathlib import Path

SCENARIO_PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "scenario-toml.md"
