"""Game objects: data only, immutable after construction.

A game knows its payoffs and nothing about how it is solved or simulated; solvers live in
:mod:`gamegroup.equilibria` and dynamics in :mod:`gamegroup.dynamics`.

Examples
--------
>>> from gamegroup.games import public_goods
>>> public_goods(group_size=5, multiplier=3.0)
SymmetricGame(group_size=5, n_strategies=2)
"""

from gamegroup.games.bimatrix import BimatrixGame, as_bimatrix
from gamegroup.games.knowledge_sharing import (
    CollectiveBargaining,
    KnowledgeSharingGame,
    SharingGain,
)
from gamegroup.games.markets import (
    Bertrand,
    BestResponses,
    Cournot,
    HomogeneousBertrand,
    Market,
    MarketOutcome,
    PriceTaking,
)
from gamegroup.games.networked import NetworkedGame
from gamegroup.games.normal_form import NormalFormGame
from gamegroup.games.public_goods import (
    collective_risk_dilemma,
    optional_public_goods,
    public_goods,
)
from gamegroup.games.repeated import (
    Automaton,
    Oligopoly,
    Ostracism,
    RepeatedGame,
    always_cooperate,
    always_defect,
    deterministic_memory_one_strategies,
    generous_tit_for_tat,
    grim_trigger,
    meeting_discount_factor,
    memory_one,
    punishment,
    required_meeting_frequency,
    tit_for_tat,
    win_stay_lose_shift,
)
from gamegroup.games.symmetric import SymmetricGame

__all__ = [
    "Automaton",
    "Bertrand",
    "BestResponses",
    "BimatrixGame",
    "CollectiveBargaining",
    "Cournot",
    "HomogeneousBertrand",
    "KnowledgeSharingGame",
    "Market",
    "MarketOutcome",
    "NetworkedGame",
    "NormalFormGame",
    "Oligopoly",
    "Ostracism",
    "PriceTaking",
    "RepeatedGame",
    "SharingGain",
    "SymmetricGame",
    "always_cooperate",
    "always_defect",
    "as_bimatrix",
    "collective_risk_dilemma",
    "deterministic_memory_one_strategies",
    "generous_tit_for_tat",
    "grim_trigger",
    "meeting_discount_factor",
    "memory_one",
    "optional_public_goods",
    "public_goods",
    "punishment",
    "required_meeting_frequency",
    "tit_for_tat",
    "win_stay_lose_shift",
]
