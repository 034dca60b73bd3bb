"""Solvers: equilibria of stage games and conditions for repeated games.

Examples
--------
>>> from gamegroup.equilibria import critical_discount_factors
>>> from gamegroup.games import grim_trigger
>>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> critical_discount_factors(pd, [grim_trigger()] * 2).values
array([0.5, 0.5])
"""

# --- repeated games, critical discount factors and agreements (issue 7) ---------------------
from gamegroup.equilibria.agreements import (
    ActionAgreement,
    AgreementCheck,
    AgreementStakes,
    LinkedAgreement,
    MarketDivision,
    QuantityAgreement,
    UniformPrice,
    check_agreement,
    grim_critical_discount_factors,
)
from gamegroup.equilibria.folk import (
    FeasiblePayoffs,
    MinmaxValues,
    feasible_payoffs,
    minmax_values,
)
from gamegroup.equilibria.repeated import (
    CriticalDiscountFactors,
    SubgamePerfection,
    critical_discount_factors,
    one_shot_deviation_check,
    ostracism_critical_discount_factors,
    pairwise_critical_discount_factors,
    repeated_payoffs,
    tournament_game,
)
from gamegroup.equilibria.sharing import (
    AssetPooling,
    LinkedSharingAndPricing,
    LinkedThresholds,
    ReciprocalSharing,
    exclusion_losses,
    linked_critical_discount_factors,
    sharing_critical_discount_factors,
)

# --- end of issue-7 block ------------------------------------------------------------------

__all__ = [
    "ActionAgreement",
    "AgreementCheck",
    "AgreementStakes",
    "AssetPooling",
    "CriticalDiscountFactors",
    "FeasiblePayoffs",
    "LinkedAgreement",
    "LinkedSharingAndPricing",
    "LinkedThresholds",
    "MarketDivision",
    "MinmaxValues",
    "QuantityAgreement",
    "ReciprocalSharing",
    "SubgamePerfection",
    "UniformPrice",
    "check_agreement",
    "critical_discount_factors",
    "exclusion_losses",
    "feasible_payoffs",
    "grim_critical_discount_factors",
    "linked_critical_discount_factors",
    "minmax_values",
    "one_shot_deviation_check",
    "ostracism_critical_discount_factors",
    "pairwise_critical_discount_factors",
    "repeated_payoffs",
    "sharing_critical_discount_factors",
    "tournament_game",
]
