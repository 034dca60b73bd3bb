r"""Update processes of a finite, well-mixed population: who is replaced by whom, and how likely.

A population of :math:`Z` members plays a :class:`~gamegroup.games.SymmetricGame` in groups of
:math:`N` drawn without replacement (a symmetric two-player game is the case :math:`N = 2`). Its
state is the count vector :math:`i = (i_0, \dots, i_{k-1})`, :math:`\sum_a i_a = Z`, and
:math:`\pi_a(i)` is the expected payoff of an :math:`a`-player
(:meth:`~gamegroup.games.SymmetricGame.finite_population_payoffs`). One update changes at most
one member, so the process is described by

.. math::

    T_{ab}(i) = \Pr[\text{one } a\text{-player becomes a } b\text{-player}], \qquad a \ne b,

the probability of no change being :math:`1 - \sum_{a \ne b} T_{ab}(i)`. With mutation
(exploration) rate :math:`\mu`, a new strategy is, with probability :math:`\mu`, drawn uniformly
from the :math:`k - 1` others. Three rules are provided:

``"fermi"`` — pairwise comparison (Traulsen, Nowak & Pacheco 2006; Traulsen, Pacheco & Nowak
2007). A random member (an :math:`a`) is picked to update; with probability :math:`\mu` it
explores, otherwise it picks a model among the other :math:`Z - 1` (a :math:`b`) and imitates it
with the Fermi probability :math:`\sigma(\beta(\pi_b - \pi_a))`,
:math:`\sigma(u) = 1/(1 + e^{-u})`:

.. math::

    T_{ab} = \frac{i_a}{Z}\Big[(1 - \mu)\,\frac{i_b}{Z - 1}\,\sigma\big(\beta(\pi_b - \pi_a)\big)
             + \frac{\mu}{k - 1}\Big].

``"moran_birth_death"`` (Moran 1958; Nowak, Sasaki, Taylor & Fudenberg 2004). A member is
picked to reproduce with probability proportional to its fitness :math:`F`; its offspring
(a mutant with probability :math:`\mu`) replaces a member picked uniformly at random. With
:math:`W = \sum_c i_c F_c` and :math:`w_b = i_b F_b / W`:

.. math::

    T_{ab} = \frac{i_a}{Z}\Big[(1 - \mu)\, w_b + \frac{\mu}{k - 1}(1 - w_b)\Big].

``"moran_death_birth"`` (Ohtsuki, Hauert, Lieberman & Nowak 2006, well-mixed case). A member
picked uniformly at random dies; the other :math:`Z - 1` compete for the empty place in
proportion to fitness. With :math:`v_{ab} = i_b F_b / (W - F_a)` for :math:`b \ne a`:

.. math::

    T_{ab} = \frac{i_a}{Z}\Big[(1 - \mu)\, v_{ab} + \frac{\mu}{k - 1}(1 - v_{ab})\Big].

Fitness is *exponential*, :math:`F = e^{\beta \pi}` (Traulsen, Shoresh & Nowak 2008), or
*linear*, :math:`F = 1 - w + w\pi` (Nowak et al. 2004), where :math:`w` or :math:`\beta` is the
``selection_intensity``. The Fermi rule always uses payoffs (with exponential fitness its
imitation probability is :math:`F_b / (F_a + F_b)`). Everything is computed without overflow for
any :math:`\beta`: the Fermi function by :func:`scipy.special.expit`, exponential fitness relative
to the largest payoff present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit

from gamegroup._validation import (
    check_choice,
    check_int,
    check_population_states,
    check_probability,
    check_real,
)
from gamegroup.dynamics._population_games import as_symmetric_game
from gamegroup.games import SymmetricGame

RULES = ("fermi", "moran_birth_death", "moran_death_birth")
"""Names accepted by ``rule``."""

FITNESS_MAPS = ("exponential", "linear")
"""Names accepted by ``fitness``."""


@dataclass(frozen=True, slots=True)
class Process:
    """A validated update process (internal: public functions take its fields as keywords)."""

    rule: str
    selection_intensity: float
    mutation_rate: float
    fitness: str

    def log_fitness(self, payoffs: NDArray[np.float64]) -> NDArray[np.float64]:
        r"""Return :math:`\log F` of the payoffs (the Fermi rule uses :math:`\beta\pi`)."""
        if self.fitness == "exponential":
            return self.selection_intensity * payoffs
        return np.log(1.0 - self.selection_intensity + self.selection_intensity * payoffs)


def check_process(rule: Any, selection_intensity: Any, mutation_rate: Any, fitness: Any) -> Process:
    """Validate the keywords that define a process (see the module docstring)."""
    name = check_choice(rule, "rule", RULES)
    intensity = check_real(selection_intensity, "selection_intensity", low=0.0)
    rate = check_probability(mutation_rate, "mutation_rate")
    mapping = check_choice(fitness, "fitness", FITNESS_MAPS)
    if name == "fermi" and mapping != "exponential":
        raise ValueError(
            "`fitness`='linear' is only defined for the Moran rules; the 'fermi' rule compares "
            "payoffs directly (leave `fitness` at 'exponential')."
        )
    return Process(name, intensity, rate, mapping)


def check_population(game: Any, population_size: Any) -> tuple[SymmetricGame, int]:
    """Return the game as a SymmetricGame and the checked population size (>= group size)."""
    symmetric = as_symmetric_game(game)
    if symmetric.n_strategies < 2:
        raise ValueError(
            f"`game` must have at least 2 strategies for a population to evolve; got "
            f"{symmetric.n_strategies}."
        )
    size = check_int(population_size, "population_size")
    if size < symmetric.group_size:
        raise ValueError(
            f"`population_size` must be at least the group size {symmetric.group_size} (groups "
            f"are drawn without replacement from the population); got {size}."
        )
    return symmetric, size


def check_invasion(invader: Any, resident: Any, n_strategies: int) -> tuple[int, int]:
    """Return the invading and resident strategy indices, checked to be distinct and in range."""
    m = check_int(invader, "invader", minimum=0, maximum=n_strategies - 1)
    r = check_int(resident, "resident", minimum=0, maximum=n_strategies - 1)
    if m == r:
        raise ValueError(
            f"`invader` and `resident` must be different strategies; got {m} for both."
        )
    return m, r


def check_linear_fitness(process: Process, payoffs: NDArray[np.float64]) -> None:
    """Raise if linear fitness is not positive for a strategy present in some state."""
    if process.fitness != "linear":
        return
    w = process.selection_intensity
    smallest = float(np.nanmin(payoffs)) if np.any(~np.isnan(payoffs)) else 1.0
    if 1.0 - w + w * smallest <= 0.0:
        raise ValueError(
            f"`selection_intensity` w={w:g} makes the linear fitness 1 - w + w*payoff "
            f"non-positive (smallest payoff {smallest:g}); use a smaller w or "
            "fitness='exponential'."
        )


def parent_log_weights(
    process: Process,
    states: NDArray[np.int64],
    payoffs: NDArray[np.float64],
    dying: NDArray[np.int64] | None = None,
) -> NDArray[np.float64]:
    r"""Log of the weights :math:`n_c F_c` with which a Moran rule picks the parent's strategy.

    ``n_c`` is the count of strategy ``c`` among the candidates: the whole population, or (for
    death–birth, when ``dying`` is given, one strategy per state) everyone but the dying member.
    Strategies with no candidate get :math:`-\infty`. Working with logarithms keeps the weights
    exact for any selection intensity: they are only exponentiated after subtracting their
    maximum.
    """
    counts = states.astype(np.float64)
    if dying is not None:
        counts[np.arange(counts.shape[0]), dying] -= 1.0
    present = states > 0
    # Absent strategies (NaN payoffs) get the row's best payoff, then weight 0 through the count.
    safe = np.where(present, payoffs, np.nanmax(payoffs, axis=1, keepdims=True))
    candidates = counts > 0
    log_counts = np.log(np.where(candidates, counts, 1.0))
    return np.where(candidates, log_counts + process.log_fitness(safe), -np.inf)


def _parent_probabilities(
    process: Process, states: NDArray[np.int64], payoffs: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Return ``P[s, a, b]``: probability the parent is a ``b`` given that an ``a`` dies."""
    n, k = states.shape
    if process.rule == "moran_birth_death":  # the parent does not depend on who dies
        return np.broadcast_to(
            normalise_log_weights(parent_log_weights(process, states, payoffs))[:, None, :],
            (n, k, k),
        )
    out = np.empty((n, k, k))
    for a in range(k):
        log_weights = parent_log_weights(process, states, payoffs, np.full(n, a))
        out[:, a, :] = normalise_log_weights(log_weights)
    return out


def normalise_log_weights(log_weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Turn rows of log weights into probabilities, without overflow (an all -inf row gives 0s)."""
    top = np.max(log_weights, axis=1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    weights = np.exp(log_weights - top)
    total = weights.sum(axis=1, keepdims=True)
    return weights / np.where(total > 0, total, 1.0)


def kernel(
    process: Process,
    population_size: int,
    states: NDArray[np.int64],
    payoffs: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Return :math:`T_{ab}(i)` for every state: shape ``(S, k, k)``, zero diagonal (unchecked)."""
    z = population_size
    counts = states.astype(np.float64)
    k = counts.shape[1]
    present = states > 0
    mutation = process.mutation_rate / (k - 1)
    dying = counts / z  # probability that the updated (or dying) member is an a
    if process.rule == "fermi":
        pi = np.where(present, payoffs, 0.0)
        imitation = expit(process.selection_intensity * (pi[:, None, :] - pi[:, :, None]))
        choice = (1.0 - process.mutation_rate) * (counts[:, None, :] / (z - 1)) * imitation
        out = dying[:, :, None] * (choice + mutation)
    else:
        born = _parent_probabilities(process, states, payoffs)
        out = dying[:, :, None] * ((1.0 - process.mutation_rate) * born + mutation * (1.0 - born))
    diagonal = np.arange(k)
    out[:, diagonal, diagonal] = 0.0
    return out


def transition_probabilities(
    game: Any,
    *,
    population_size: int,
    states: ArrayLike | None = None,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    mutation_rate: float = 0.0,
    fitness: str = "exponential",
) -> NDArray[np.float64]:
    r"""Return, at each state, the probability that one update turns an ``a`` into a ``b``.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
        A :class:`~gamegroup.games.SymmetricGame`, or a symmetric two-player
        ``NormalFormGame``/``BimatrixGame``/``nashpy.Game`` (played in pairs, :math:`N = 2`).
    population_size : int
        :math:`Z`, at least the group size.
    states : array_like of int, optional
        Shape ``(S, k)``: counts summing to ``Z``. Defaults to every state,
        ``compositions(Z, k)`` in canonical order.
    rule : {"fermi", "moran_birth_death", "moran_death_birth"}
        The update rule (see the module docstring).
    selection_intensity : float
        :math:`\beta \ge 0` (or :math:`w` for linear fitness).
    mutation_rate : float
        :math:`\mu \in [0, 1]`.
    fitness : {"exponential", "linear"}
        Payoff-to-fitness map of the Moran rules.

    Returns
    -------
    numpy.ndarray
        Shape ``(S, k, k)``: entry ``[s, a, b]`` is :math:`T_{ab}` at state ``s`` for
        :math:`a \ne b`; the diagonal is 0, and the probability of no change is
        ``1 - out[s].sum()``.

    Raises
    ------
    ValueError
        If ``population_size`` is smaller than the group size, a state does not sum to it,
        ``selection_intensity < 0``, ``mutation_rate`` is outside [0, 1], a name is unknown, or
        linear fitness is not positive.
    TypeError
        If ``population_size`` or ``states`` are not integers, or ``game`` is not a game.

    References
    ----------
    Traulsen, A., Pacheco, J. M., & Nowak, M. A. (2007). Pairwise comparison and selection
    temperature in evolutionary game dynamics. *J. Theor. Biol.*, 246, 522–529.

    Nowak, M. A., Sasaki, A., Taylor, C., & Fudenberg, D. (2004). Emergence of cooperation and
    evolutionary stability in finite populations. *Nature*, 428, 646–650.

    Examples
    --------
    Neutral drift (:math:`\beta = 0`) with 3 of 10 members using strategy 1: the next update
    turns a 0 into a 1 with probability :math:`\tfrac{7}{10}\cdot\tfrac{3}{9}\cdot\tfrac12`.

    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=3, multiplier=2.0)
    >>> T = transition_probabilities(game, population_size=10, states=[[7, 3]], selection_intensity=0.0)
    >>> round(float(T[0, 0, 1]), 15), round(7 / 10 * 3 / 9 / 2, 15)
    (0.116666666666667, 0.116666666666667)
    """
    return checked_kernel(
        game, population_size, states, rule, selection_intensity, mutation_rate, fitness
    )[3]


def checked_kernel(
    game: Any,
    population_size: Any,
    states: ArrayLike | None,
    rule: Any,
    selection_intensity: Any,
    mutation_rate: Any,
    fitness: Any,
) -> tuple[SymmetricGame, int, NDArray[np.int64], NDArray[np.float64]]:
    """Validate everything, then return the game, ``Z``, the states and the kernel over them."""
    symmetric, z = check_population(game, population_size)
    process = check_process(rule, selection_intensity, mutation_rate, fitness)
    counts = check_population_states(states, "states", z, symmetric.n_strategies)
    payoffs = symmetric._finite_population_payoffs(z, counts)
    check_linear_fitness(process, payoffs)
    return symmetric, z, counts, kernel(process, z, counts, payoffs)
