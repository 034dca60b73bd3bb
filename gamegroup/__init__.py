"""gamegroup: game-theoretic models of groups that share knowledge while competing on price.

The package is layered; each layer is a subpackage and imports only from the layers below it:

``games``
    game objects (N-player normal form, bimatrix, symmetric N-player, public-goods family,
    markets, the knowledge-sharing stage game).
``networks``
    trust and market layers.
``equilibria``, ``dynamics``
    solvers and evolutionary dynamics, which take games and return frozen result objects
    (the most used are also here: ``integrate_dynamics``, ``fixation_probability``,
    ``stationary_distribution``).
``experiments``
    scenarios, sweeps, reports and the ``gamegroup`` command.
``testing``
    Hypothesis strategies and assertion helpers for property-based test suites.

Examples
--------
>>> import gamegroup as gg
>>> game = gg.public_goods(group_size=5, multiplier=3.0)
>>> game.infinite_population_payoffs([0.5, 0.5]).round(3)
array([1.2, 0.8])
"""

from gamegroup._rng import SeedRecord
from gamegroup._version import __version__
from gamegroup.dynamics import fixation_probability, integrate_dynamics, stationary_distribution
from gamegroup.equilibria import is_nash, nash_equilibria, pure_nash_equilibria, regret
from gamegroup.games import (
    BimatrixGame,
    KnowledgeSharingGame,
    NormalFormGame,
    SymmetricGame,
    collective_risk_dilemma,
    optional_public_goods,
    public_goods,
)
from gamegroup.networks import TwoLayerNetwork

__all__ = [
    "BimatrixGame",
    "KnowledgeSharingGame",
    "NormalFormGame",
    "SeedRecord",
    "SymmetricGame",
    "TwoLayerNetwork",
    "__version__",
    "collective_risk_dilemma",
    "fixation_probability",
    "integrate_dynamics",
    "is_nash",
    "nash_equilibria",
    "optional_public_goods",
    "public_goods",
    "pure_nash_equilibria",
    "regret",
    "stationary_distribution",
]
