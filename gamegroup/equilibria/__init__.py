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

from gamegroup.equilibria.equilibrium import Equilibrium
from gamegroup.equilibria.lemke_howson import LemkeHowsonResult, lemke_howson, lemke_howson_all
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
    "ESSClassification",
    "EqualPayoffPoints",
    "Equilibrium",
    "GainFunctionRoots",
    "LemkeHowsonResult",
    "NashSubsets",
    "PureEquilibriumClasses",
    "classify_ess",
    "equal_payoff_points",
    "evolutionarily_stable_strategies",
    "gain_function_roots",
    "is_epsilon_nash",
    "is_nash",
    "lemke_howson",
    "lemke_howson_all",
    "maximal_nash_subsets",
    "regret",
    "support_enumeration",
    "symmetric_nash_equilibria",
    "symmetric_pure_equilibria",
    "vertex_enumeration",
]
