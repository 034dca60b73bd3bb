r"""Stochastic simulation of finite-population update processes, many runs at once.

The simulation plays out each update as the events the rule describes (see
:mod:`gamegroup.dynamics.processes`) instead of using the transition probabilities
:math:`T_{ab}`: for the Fermi rule, draw the member to update (strategy :math:`a`, probability
:math:`i_a/Z`), decide whether it explores (probability :math:`\mu`; then a new strategy uniformly
among the others), otherwise draw its model among the other :math:`Z - 1` and imitate with
probability :math:`\sigma(\beta(\pi_b - \pi_a))`; for the Moran rules, draw the dying member and
the parent as the rule says, and let the offspring mutate with probability :math:`\mu`. It is
therefore an independent check of the exact chain, and a tool for quantities without a closed
form (times, sample paths).

All runs advance together, one vectorised update per step; payoffs are looked up in a table over
all states computed once. Each call draws from one :class:`numpy.random.Generator` built from
``rng`` (SPEC 7); the seed is recorded in the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit

from gamegroup._combinatorics import composition_index, compositions
from gamegroup._results import Result, result_type
from gamegroup._rng import SeedRecord, resolve_rng
from gamegroup._validation import check_counts, check_int
from gamegroup.dynamics.processes import (
    Process,
    check_invasion,
    check_linear_fitness,
    check_population,
    check_process,
    normalise_log_weights,
    parent_log_weights,
)
from gamegroup.games import SymmetricGame

if TYPE_CHECKING:
    import pandas as pd


@result_type
class FixationEstimate(Result):
    r"""Monte-Carlo estimate of a fixation probability.

    Attributes
    ----------
    probability : float
        Fraction of resolved runs in which the mutant took over.
    standard_error : float
        :math:`\sqrt{p(1-p)/n}` over the resolved runs.
    n_runs : int
    n_fixed : int
        Runs that ended with the mutant everywhere.
    n_unresolved : int
        Runs still polymorphic after ``max_steps`` (excluded from the estimate).
    mean_steps : float
        Average number of updates to absorption over the resolved runs.
    success : bool
        ``True`` when every run was resolved.
    message : str
    seed : SeedRecord

    Examples
    --------
    >>> from gamegroup.games import SymmetricGame
    >>> neutral = SymmetricGame([[1, 1], [1, 1]], group_size=2)
    >>> estimate = simulate_fixation(neutral, population_size=10, invader=1, resident=0, n_runs=2000, rng=1)
    >>> abs(estimate.probability - 0.1) < 4 * estimate.standard_error
    True
    """

    probability: float
    standard_error: float
    n_runs: int
    n_fixed: int
    n_unresolved: int
    mean_steps: float
    success: bool
    message: str
    seed: SeedRecord


@result_type
class PopulationSimulation(Result):
    """Independent runs of a finite-population process.

    Attributes
    ----------
    final_states : numpy.ndarray
        Counts at the end of each run, shape ``(n_runs, k)``.
    recorded_states : numpy.ndarray
        Counts every ``record_every`` steps (the initial state first), shape
        ``(n_records, n_runs, k)``; empty when nothing was recorded.
    population_size : int
    n_steps : int
    strategy_names : tuple of str
    seed : SeedRecord

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=3, multiplier=2.0)
    >>> runs = simulate_population(game, population_size=10, initial_state=[5, 5], n_steps=100, n_runs=4,
    ...                            mutation_rate=0.1, rng=3)
    >>> runs.final_states.shape, bool((runs.final_states.sum(axis=1) == 10).all())
    ((4, 2), True)
    """

    final_states: NDArray[np.int64]
    recorded_states: NDArray[np.int64]
    population_size: int
    n_steps: int
    strategy_names: tuple[str, ...]
    seed: SeedRecord

    def empirical_distribution(self) -> NDArray[np.float64]:
        """Return the fraction of runs ending in each state, in ``compositions(Z, k)`` order.

        Examples
        --------
        >>> from gamegroup.games import public_goods
        >>> game = public_goods(group_size=2, multiplier=1.5)
        >>> runs = simulate_population(game, population_size=3, initial_state=[3, 0], n_steps=10, n_runs=5,
        ...                            mutation_rate=0.5, rng=0)
        >>> float(runs.empirical_distribution().sum())
        1.0
        """
        k = self.final_states.shape[1]
        n_states = compositions(self.population_size, k).shape[0]
        counts = np.bincount(composition_index(self.final_states), minlength=n_states)
        return counts / self.final_states.shape[0]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per run with the final counts of each strategy."""
        import pandas as pd

        frame = pd.DataFrame(np.asarray(self.final_states), columns=list(self.strategy_names))
        frame.insert(0, "run", np.arange(self.final_states.shape[0]))
        return frame


def _choose(generator: np.random.Generator, weights: NDArray[np.float64]) -> NDArray[np.int64]:
    """Draw one category per row with probability proportional to the row's weights."""
    cumulative = np.cumsum(weights, axis=1)
    draws = generator.random(weights.shape[0]) * cumulative[:, -1]
    chosen = np.sum(draws[:, None] >= cumulative, axis=1)
    return np.minimum(chosen, weights.shape[1] - 1)


def _explore(
    generator: np.random.Generator, current: NDArray[np.int64], k: int
) -> NDArray[np.int64]:
    """Draw, for each entry, a strategy uniformly among the k - 1 others than ``current``."""
    shift = generator.integers(1, k, size=current.size)
    return (current + shift) % k


def _step(
    generator: np.random.Generator,
    process: Process,
    states: NDArray[np.int64],
    payoffs: NDArray[np.float64],
) -> None:
    """Apply one update to every row of ``states`` in place (payoffs: rows of the current states)."""
    n, k = states.shape
    rows = np.arange(n)
    counts = states.astype(np.float64)
    explores = generator.random(n) < process.mutation_rate
    if process.rule == "fermi":
        dying = _choose(generator, counts)  # the member who updates
        others = counts.copy()
        others[rows, dying] -= 1.0
        model = _choose(generator, others)
        gain = payoffs[rows, model] - payoffs[rows, dying]
        imitates = generator.random(n) < expit(process.selection_intensity * gain)
        new = np.where(imitates, model, dying)
        new = np.where(explores, _explore(generator, dying, k), new)  # the updater explores
    else:
        dying = _choose(generator, counts)
        if process.rule == "moran_birth_death":
            log_weights = parent_log_weights(process, states, payoffs)
        else:  # the dying member does not compete for its own place
            log_weights = parent_log_weights(process, states, payoffs, dying)
        parent = _choose(generator, normalise_log_weights(log_weights))
        new = np.where(explores, _explore(generator, parent, k), parent)  # the offspring mutates
    states[rows, dying] -= 1  # one entry per row, so plain fancy indexing is exact
    states[rows, new] += 1


def _payoff_table(
    game: SymmetricGame, population_size: int, process: Process
) -> NDArray[np.float64]:
    table = game._finite_population_payoffs(
        population_size, compositions(population_size, game.n_strategies)
    )
    check_linear_fitness(process, table)
    return table


def simulate_population(
    game: Any,
    *,
    population_size: int,
    initial_state: ArrayLike,
    n_steps: int,
    n_runs: int = 1,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    mutation_rate: float = 0.0,
    fitness: str = "exponential",
    record_every: int | None = None,
    rng: Any = None,
) -> PopulationSimulation:
    r"""Simulate independent runs of a finite-population process for a number of updates.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
    population_size : int
        :math:`Z`, at least the group size.
    initial_state : array_like of int
        Counts of each strategy, summing to ``Z``; every run starts there.
    n_steps : int
        Updates per run (``>= 0``).
    n_runs : int
        Independent runs, advanced together.
    rule, selection_intensity, mutation_rate, fitness
        The process, as for :func:`~gamegroup.dynamics.transition_probabilities`.
    record_every : int, optional
        Also record all runs' states every this many steps.
    rng : None, int, SeedSequence, BitGenerator or Generator
        Source of randomness (see :doc:`/reference/conventions`).

    Returns
    -------
    PopulationSimulation

    Raises
    ------
    ValueError
        If ``initial_state`` does not sum to ``Z``, a count is negative, or as for
        :func:`~gamegroup.dynamics.transition_probabilities`.
    TypeError
        If a count or size is not an integer.

    References
    ----------
    Traulsen, A., Pacheco, J. M., & Nowak, M. A. (2007). Pairwise comparison and selection
    temperature in evolutionary game dynamics. *J. Theor. Biol.*, 246, 522–529.

    Examples
    --------
    Without mutation a population that starts all-defecting stays so:

    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=3, multiplier=2.0)
    >>> simulate_population(game, population_size=10, initial_state=[10, 0], n_steps=50, rng=0).final_states
    array([[10,  0]])
    """
    symmetric, z = check_population(game, population_size)
    process = check_process(rule, selection_intensity, mutation_rate, fitness)
    start = check_counts(initial_state, "initial_state", total=z, size=symmetric.n_strategies)
    if start.ndim != 1:
        raise ValueError(
            f"`initial_state` must be one state (1-dimensional); got shape {start.shape}."
        )
    steps = check_int(n_steps, "n_steps", minimum=0)
    runs = check_int(n_runs, "n_runs", minimum=1)
    every = None if record_every is None else check_int(record_every, "record_every", minimum=1)
    generator, seed = resolve_rng(rng)
    table = _payoff_table(symmetric, z, process)
    states = np.tile(start, (runs, 1))
    recorded = [states.copy()] if every is not None else []
    for step in range(1, steps + 1):
        _step(generator, process, states, table[composition_index(states)])
        if every is not None and step % every == 0:
            recorded.append(states.copy())
    record_array = (
        np.array(recorded)
        if recorded
        else np.zeros((0, runs, symmetric.n_strategies), dtype=np.int64)
    )
    return PopulationSimulation(
        final_states=states,
        recorded_states=record_array,
        population_size=z,
        n_steps=steps,
        strategy_names=symmetric.strategy_names,
        seed=seed,
    )


def simulate_fixation(
    game: Any,
    *,
    population_size: int,
    invader: int,
    resident: int,
    n_runs: int,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    fitness: str = "exponential",
    max_steps: int = 10_000_000,
    rng: Any = None,
) -> FixationEstimate:
    r"""Estimate a fixation probability by simulating runs from a single mutant until absorption.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
    population_size : int
        :math:`Z`, at least the group size.
    invader, resident : int
        Strategy indices (different); each run starts with one invader (the mutant).
    n_runs : int
        Independent runs.
    rule, selection_intensity, fitness
        The process (no mutation), as for :func:`~gamegroup.dynamics.fixation_probability`.
    max_steps : int
        Runs still polymorphic after this many updates are reported as unresolved.
    rng : None, int, SeedSequence, BitGenerator or Generator
        Source of randomness (see :doc:`/reference/conventions`).

    Returns
    -------
    FixationEstimate
        ``success`` is ``False`` when some runs were unresolved.

    Raises
    ------
    ValueError, TypeError
        As for :func:`~gamegroup.dynamics.fixation_probability`, or if ``n_runs`` or
        ``max_steps`` is not a positive integer.

    References
    ----------
    Nowak, M. A. (2006). *Evolutionary Dynamics*. Harvard University Press, ch. 6.

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=5, multiplier=3.0)
    >>> from gamegroup.dynamics import fixation_probability
    >>> estimate = simulate_fixation(game, population_size=20, invader=0, resident=1, n_runs=500, rng=7)
    >>> exact = fixation_probability(game, population_size=20, invader=0, resident=1)
    >>> abs(estimate.probability - exact) < 4 * estimate.standard_error
    True
    """
    symmetric, z = check_population(game, population_size)
    process = check_process(rule, selection_intensity, 0.0, fitness)
    k = symmetric.n_strategies
    m, r = check_invasion(invader, resident, k)
    runs = check_int(n_runs, "n_runs", minimum=1)
    budget = check_int(max_steps, "max_steps", minimum=1)
    generator, seed = resolve_rng(rng)
    table = _payoff_table(symmetric, z, process)
    start = np.zeros(k, dtype=np.int64)
    start[m], start[r] = 1, z - 1
    states = np.tile(start, (runs, 1))
    active = np.arange(runs)
    steps = np.zeros(runs, dtype=np.int64)
    step = 0
    while active.size and step < budget:
        step += 1
        current = states[active]
        _step(generator, process, current, table[composition_index(current)])
        states[active] = current
        done = (current[:, m] == 0) | (current[:, m] == z)
        steps[active[done]] = step
        active = active[~done]
    resolved = np.ones(runs, dtype=bool)
    resolved[active] = False
    n_resolved = int(resolved.sum())
    fixed = int(np.sum(states[resolved, m] == z))
    probability = fixed / n_resolved if n_resolved else float("nan")
    error = float(np.sqrt(probability * (1 - probability) / n_resolved)) if n_resolved else np.nan
    success = active.size == 0
    return FixationEstimate(
        probability=float(probability),
        standard_error=float(error),
        n_runs=runs,
        n_fixed=fixed,
        n_unresolved=int(active.size),
        mean_steps=float(steps[resolved].mean()) if n_resolved else float("nan"),
        success=bool(success),
        message=(
            "Every run reached fixation or extinction of the mutant."
            if success
            else f"{active.size} of {runs} runs were still polymorphic after max_steps={budget}."
        ),
        seed=seed,
    )
