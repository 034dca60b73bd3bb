"""Equilibria: Nash equilibria of every game type, dominance, QRE, network games, verification.

Solvers are functions that take a game and return frozen results (:class:`Equilibrium`);
:func:`nash_equilibria` dispatches by game type and ``method``.

Examples
--------
>>> from gamegroup.games import public_goods
>>> from gamegroup.equilibria import symmetric_nash_equilibria
>>> len(symmetric_nash_equilibria(public_goods(group_size=5, multiplier=3.0)))
1
"""

from gamegroup.equilibria.dominance import DominanceResult, iterated_dominance
from gamegroup.equilibria.equilibrium import Equilibrium
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

__all__ = [
    "METHODS",
    "DominanceResult",
    "ESSClassification",
    "EqualPayoffPoints",
    "Equilibrium",
    "GainFunctionRoots",
    "KeyPlayer",
    "LemkeHowsonResult",
    "LinearBestReplyGame",
    "LinearQuadraticGame",
    "LocalSearchResult",
    "Method",
    "NashSubsets",
    "NetworkEquilibrium",
    "PureEquilibriumClasses",
    "QREBranch",
    "QuantalResponse",
    "SpecialisedEquilibria",
    "classify_ess",
    "equal_payoff_points",
    "evolutionarily_stable_strategies",
    "gain_function_roots",
    "is_epsilon_nash",
    "is_nash",
    "iterated_dominance",
    "key_player",
    "lemke_howson",
    "lemke_howson_all",
    "linear_best_reply_equilibria",
    "linear_best_reply_equilibrium",
    "linear_quadratic_equilibrium",
    "local_nash_search",
    "logit_qre",
    "logit_qre_branch",
    "maximal_nash_subsets",
    "nash_equilibria",
    "pure_nash_equilibria",
    "regret",
    "specialised_equilibria",
    "support_enumeration",
    "symmetric_nash_equilibria",
    "symmetric_pure_equilibria",
    "vertex_enumeration",
]
