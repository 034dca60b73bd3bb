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
from gamegroup.equilibria.dominance import DominanceResult, iterated_dominance
from gamegroup.equilibria.equilibrium import Equilibrium
from gamegroup.equilibria.folk import (
    FeasiblePayoffs,
    MinmaxValues,
    feasible_payoffs,
    minmax_values,
)
from gamegroup.equilibria.lemke_howson import LemkeHowsonResult, lemke_howson, lemke_howson_all
from gamegroup.equilibria.local_search import LocalSearchResult, local_nash_search
from gamegroup.equilibria.nash import METHODS, Method, nash_equilibria
from gamegroup.equilibria.network_games import (
    KeyPlayer,
    LinearBestReplyGame,
    LinearQuadraticGame,
    NetworkEquilibrium,
    SpecialisedEquilibria,
    key_player,
    linear_best_reply_equilibria,
    linear_best_reply_equilibrium,
    linear_quadratic_equilibrium,
    specialised_equilibria,
)
from gamegroup.equilibria.pure import pure_nash_equilibria
from gamegroup.equilibria.qre import QREBranch, QuantalResponse, logit_qre, logit_qre_branch
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
from gamegroup.equilibria.support_enumeration import support_enumeration
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
from gamegroup.equilibria.vertex_enumeration import (
    NashSubsets,
    maximal_nash_subsets,
    vertex_enumeration,
)

# --- end of issue-7 block ------------------------------------------------------------------

__all__ = [
    "METHODS",
    "ActionAgreement",
    "AgreementCheck",
    "AgreementStakes",
    "AssetPooling",
    "CriticalDiscountFactors",
    "DominanceResult",
    "ESSClassification",
    "EqualPayoffPoints",
    "Equilibrium",
    "FeasiblePayoffs",
    "GainFunctionRoots",
    "KeyPlayer",
    "LemkeHowsonResult",
    "LinearBestReplyGame",
    "LinearQuadraticGame",
    "LinkedAgreement",
    "LinkedSharingAndPricing",
    "LinkedThresholds",
    "LocalSearchResult",
    "MarketDivision",
    "Method",
    "MinmaxValues",
    "NashSubsets",
    "NetworkEquilibrium",
    "PureEquilibriumClasses",
    "QREBranch",
    "QuantalResponse",
    "QuantityAgreement",
    "ReciprocalSharing",
    "SpecialisedEquilibria",
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
    "iterated_dominance",
    "key_player",
    "lemke_howson",
    "lemke_howson_all",
    "linear_best_reply_equilibria",
    "linear_best_reply_equilibrium",
    "linear_quadratic_equilibrium",
    "linked_critical_discount_factors",
    "local_nash_search",
    "logit_qre",
    "logit_qre_branch",
    "maximal_nash_subsets",
    "minmax_values",
    "nash_equilibria",
    "one_shot_deviation_check",
    "ostracism_critical_discount_factors",
    "pairwise_critical_discount_factors",
    "pure_nash_equilibria",
    "regret",
    "repeated_payoffs",
    "sharing_critical_discount_factors",
    "specialised_equilibria",
    "support_enumeration",
    "symmetric_nash_equilibria",
    "symmetric_pure_equilibria",
    "tournament_game",
    "vertex_enumeration",
]
