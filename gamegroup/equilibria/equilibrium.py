r"""The :class:`Equilibrium` result shared by every solver, and payoff normalisation.

Every solver returns equilibria as frozen :class:`Equilibrium` objects. Tolerances are applied to
**normalised payoffs**: each player's payoffs are divided by their range
:math:`R_i = \max_a u_i(a) - \min_a u_i(a)` (a player whose payoffs are all equal has
:math:`R_i = 1`), so that a positive affine change of a player's payoffs,
:math:`u_i \mapsto \alpha u_i + \beta` with :math:`\alpha > 0`, changes neither which profiles
are accepted nor the reported regret. The **regret** of a profile :math:`\sigma` is

.. math:: \max_i \frac{\max_{a_i} v_i(a_i; \sigma_{-i}) - u_i(\sigma)}{R_i},

the largest gain from a unilateral deviation in units of the deviator's payoff range; an
equilibrium has regret 0 and a solver returns only profiles with regret :math:`\le` ``tol``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from gamegroup._results import Result, result_type

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_TOL = 1e-9
"""Default tolerance on the regret, in units of each player's payoff range."""


@result_type
class Equilibrium(Result):
    """A Nash equilibrium: one mixed strategy per player, its payoffs and its regret.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        One mixed strategy (a point of the simplex) per player.
    payoffs : numpy.ndarray
        Expected payoff of each player, in the game's own units.
    regret : float
        Largest gain from a unilateral deviation, in units of the deviator's payoff range
        (see :mod:`gamegroup.equilibria.equilibrium`); at most the solver's ``tol``.
    support : tuple of tuple of int
        The actions each player uses with positive probability.
    method : str
        Name of the method that found it (a key of :data:`gamegroup.equilibria.METHODS`).
    verified_exactly : bool
        ``True`` when the equilibrium conditions were also checked in exact rational
        arithmetic (for two-player games with ``exact=True``), or the profile is pure and
        was checked by exact comparisons of the payoff entries.

    Examples
    --------
    Mutual defection in the prisoner's dilemma:

    >>> defect = np.array([0.0, 1.0])
    >>> eq = Equilibrium((defect, defect), np.array([1.0, 1.0]), 0.0, ((1,), (1,)), "pure")
    >>> eq.is_pure, eq.n_players
    (True, 2)
    >>> eq.strategies[0].flags.writeable
    False
    """

    strategies: tuple[NDArray[np.float64], ...]
    payoffs: NDArray[np.float64]
    regret: float
    support: tuple[tuple[int, ...], ...]
    method: str
    verified_exactly: bool = False

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.strategies)

    @property
    def is_pure(self) -> bool:
        """Whether every player uses a single action."""
        return all(len(s) == 1 for s in self.support)

    def to_frame(self) -> pd.DataFrame:
        """One row per player and action: probability and the player's payoff.

        Examples
        --------
        >>> defect = np.array([0.0, 1.0])
        >>> eq = Equilibrium((defect, defect), np.array([1.0, 1.0]), 0.0, ((1,), (1,)), "pure")
        >>> eq.to_frame().shape
        (4, 4)
        """
        rows: list[dict[str, Any]] = []
        for player, strategy in enumerate(self.strategies):
            for action, probability in enumerate(strategy):
                rows.append(
                    {
                        "player": player,
                        "action": action,
                        "probability": float(probability),
                        "payoff": float(self.payoffs[player]),
                    }
                )
        import pandas as pd

        return pd.DataFrame(rows)


def payoff_spread(values: NDArray[np.float64]) -> float:
    """Range of all of ``values`` (1 if they are all equal): the scale of relative tolerances."""
    spread = float(values.max() - values.min())
    return spread if spread > 0 else 1.0


def payoff_ranges(payoffs: NDArray[np.float64]) -> NDArray[np.float64]:
    """Range of each player's payoffs (first axis), with 1 for a constant player."""
    flat = payoffs.reshape(payoffs.shape[0], -1)
    ranges = flat.max(axis=1) - flat.min(axis=1)
    return np.where(ranges > 0, ranges, 1.0)


def normalise_payoffs(payoffs: NDArray[np.float64]) -> NDArray[np.float64]:
    """Map each player's payoffs affinely onto [0, 1] (constant players onto 0)."""
    flat = payoffs.reshape(payoffs.shape[0], -1)
    low = flat.min(axis=1)
    ranges = payoff_ranges(payoffs)
    shape = (payoffs.shape[0],) + (1,) * (payoffs.ndim - 1)
    return np.asarray((payoffs - low.reshape(shape)) / ranges.reshape(shape))


def sort_equilibria(equilibria: list[Equilibrium]) -> tuple[Equilibrium, ...]:
    """Deterministic order: by support size, then support, then strategies lexicographically."""

    def key(eq: Equilibrium) -> tuple[Any, ...]:
        sizes = tuple(len(s) for s in eq.support)
        flat = tuple(round(v, 9) for strategy in eq.strategies for v in strategy.tolist())
        return (sum(sizes), eq.support, flat)

    return tuple(sorted(equilibria, key=key))
