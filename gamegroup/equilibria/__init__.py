"""Equilibria: Nash equilibria of every game type, dominance, QRE, network games, verification.

Solvers are functions that take a game and return frozen results (:class:`Equilibrium`);
:func:`nash_equilibria` dispatches by game type and ``method``.

Repeated games: critical discount factors of automaton profiles, ostracism, folk-theorem tools
and the agreements a group may adopt (:func:`check_agreement`).

Examples
--------
>>> from gamegroup.games import public_goods
>>> from gamegroup.equilibria import symmetric_nash_equilibria
>>> len(symmetric_nash_equilibria(public_goods(group_size=5, multiplier=3.0)))
1
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
from gamegroup.equilibria.equilibrium import Equilibrium
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
from gamegroup.equilibria.symmetric import (
    EqualPayoffPoints,
    ESSClassification,
    GainFunctionRoots,
    PureEquilibriumClasses,
    classify_ess,
    equal_payoff_points,
    evolutionarily_stable_strategies,
    gain_function_roots,
    symmetric_nash_equilibria,
    symmetric_pure_equilibria,
)
from gamegroup.equilibria.verification import is_epsilon_nash, is_nash, regret

# --- end of issue-7 block ------------------------------------------------------------------

__all__ = [
    "ActionAgreement",
    "AgreementCheck",
    "AgreementStakes",
    "AssetPooling",
    "CriticalDiscountFactors",
    "ESSClassification",
    "EqualPayoffPoints",
    "Equilibrium",
    "FeasiblePayoffs",
    "GainFunctionRoots",
    "LinkedAgreement",
    "LinkedSharingAndPricing",
    "LinkedThresholds",
    "MarketDivision",
    "MinmaxValues",
    "PureEquilibriumClasses",
    "QuantityAgreement",
    "ReciprocalSharing",
    "SubgamePerfection",
    "UniformPrice",
    "check_agreement",
    "classify_ess",
    "critical_discount_factors",
    "equal_payoff_points",
    "evolutionarily_stable_strategies",
    "exclusion_losses",
    "feasible_payoffs",
    "gain_function_roots",
    "grim_critical_discount_factors",
    "is_epsilon_nash",
    "is_nash",
    "linked_critical_discount_factors",
    "minmax_values",
    "one_shot_deviation_check",
    "ostracism_critical_discount_factors",
    "pairwise_critical_discount_factors",
    "regret",
    "repeated_payoffs",
    "sharing_critical_discount_factors",
    "symmetric_nash_equilibria",
    "symmetric_pure_equilibria",
    "tournament_game",
]
