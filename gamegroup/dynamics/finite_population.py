r"""Finite-population Markov chains: fixation, stationary distributions, gradient of selection.

The process of :mod:`gamegroup.dynamics.processes` (rule, selection intensity, mutation rate,
fitness map) on a population of :math:`Z` members with :math:`k` strategies is a Markov chain on
the :math:`\binom{Z + k - 1}{k - 1}` count vectors, listed in the canonical order of
:func:`gamegroup._combinatorics.compositions` (for :math:`k = 2`, state :math:`j` has :math:`j`
members using strategy 1).

**Fixation.** Without mutation, a population with only a resident :math:`r` and a mutant
:math:`m` is a birth–death chain on the number :math:`j` of mutants with
:math:`T^\pm(j) = T_{rm}, T_{mr}`. A single mutant takes over with probability
(Karlin & Taylor 1975; Nowak et al. 2004)

.. math::

    \rho_{r \to m} = \Big(1 + \sum_{l=1}^{Z-1} \prod_{j=1}^{l} \gamma_j\Big)^{-1},
    \qquad \gamma_j = \frac{T^-(j)}{T^+(j)},

computed here as :math:`\log\rho = -\operatorname{logsumexp}(0, S_1, \dots, S_{Z-1})` with
:math:`S_l = \sum_{j \le l} \log\gamma_j`, so that values down to the smallest double (and, as
logarithms, far below) are exact instead of being truncated to 0. The ratio needs no prefactor:
:math:`\log\gamma_j = \beta(\pi_r - \pi_m)` for the Fermi rule, :math:`\log F_r - \log F_m` for
birth–death, and for death–birth
:math:`\log F_r - \log F_m + \log(jF_m + (Z-j-1)F_r) - \log((j-1)F_m + (Z-j)F_r)`.

**Small-mutation limit** (Fudenberg & Imhof 2006; Hauert et al. 2007). When mutations are rare,
the population is almost always monomorphic, and moves from "all :math:`i`" to "all :math:`j`"
with probability proportional to :math:`\rho_{i \to j}/(k-1)`. The stationary distribution of
this :math:`k`-state embedded chain is computed with the subtraction-free
Grassmann–Taksar–Heyman algorithm in log space (Grassmann, Taksar & Heyman 1985), accurate to
the last digit even when fixation probabilities are :math:`10^{-300}`.

**Full chain with mutation.** The sparse row-stochastic matrix :math:`P` over all states
(:math:`k(k-1)+1` entries per row); its stationary distribution :math:`\pi P = \pi` is found by a
sparse LU solve of :math:`\pi (I - P) = 0` with one state pinned, restricted to the chain's unique
closed class (reducible chains with several closed classes are reported, not solved). The
**gradient of selection** is the expected change in the number of each strategy in one update,
:math:`G_b(i) = \sum_a [T_{ab}(i) - T_{ba}(i)]` (for :math:`k = 2` and :math:`\mu = 0` this is
:math:`T^+ - T^-` of Pacheco, Santos, Souza & Skyrms 2009).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import spsolve

from gamegroup._combinatorics import composition_index
from gamegroup._results import Result, result_type
from gamegroup._validation import check_int, check_type
from gamegroup.dynamics.processes import (
    Process,
    check_invasion,
    check_linear_fitness,
    check_population,
    check_process,
    checked_kernel,
)
from gamegroup.games import SymmetricGame

if TYPE_CHECKING:
    import pandas as pd

STATIONARY_TOLERANCE = 1e-10
r"""Largest accepted :math:`\max|\pi P - \pi|` for ``success``."""


# -- results --------------------------------------------------------------------------------------
@result_type
class StationaryDistribution(Result):
    r"""The stationary distribution of a finite-population chain over its states.

    Attributes
    ----------
    states : numpy.ndarray
        Counts, shape ``(n_states, k)``, in canonical order.
    probabilities : numpy.ndarray
        Shape ``(n_states,)``; NaN when ``success`` is ``False`` because the chain has no unique
        stationary distribution.
    population_size : int
    residual : float
        :math:`\max_j |(\pi P)_j - \pi_j|`.
    success : bool
    message : str
    strategy_names : tuple of str

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=3, multiplier=2.0)
    >>> result = stationary_distribution(game, population_size=10, mutation_rate=0.01)
    >>> result.states.shape, round(float(result.probabilities.sum()), 12)
    ((11, 2), 1.0)
    >>> result.mean_frequencies.round(3)
    array([0.935, 0.065])
    """

    states: NDArray[np.int64]
    probabilities: NDArray[np.float64]
    population_size: int
    residual: float
    success: bool
    message: str
    strategy_names: tuple[str, ...]

    @property
    def mean_frequencies(self) -> NDArray[np.float64]:
        """Average frequency of each strategy under the distribution, shape ``(k,)``."""
        return np.asarray(self.probabilities @ self.states / self.population_size)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per state: the counts of each strategy and the probability."""
        import pandas as pd

        frame = pd.DataFrame(np.asarray(self.states), columns=list(self.strategy_names))
        frame["probability"] = np.asarray(self.probabilities)
        return frame


@result_type
class SmallMutationLimit(Result):
    r"""The small-mutation-limit chain between monomorphic states and its stationary distribution.

    Attributes
    ----------
    states : numpy.ndarray
        The monomorphic states, ``population_size * identity(k)``.
    probabilities : numpy.ndarray
        Stationary probability of each monomorphic state, shape ``(k,)``.
    fixation_probabilities : numpy.ndarray
        Shape ``(k, k)``: entry ``[i, j]`` is the probability that a single ``j`` takes over a
        population of ``i`` (NaN on the diagonal).
    log_fixation_probabilities : numpy.ndarray
        Their natural logarithms (exact even where the probabilities underflow to 0).
    transition_matrix : numpy.ndarray
        The embedded chain: ``[i, j] = fixation_probabilities[i, j] / (k - 1)`` off the diagonal.
    population_size : int
    strategy_names : tuple of str

    Examples
    --------
    >>> from gamegroup.games import optional_public_goods
    >>> game = optional_public_goods(group_size=5, multiplier=3.0, loner_payoff=1.0)
    >>> sml = small_mutation_limit(game, population_size=50)
    >>> sml.probabilities.round(3)
    array([0.158, 0.277, 0.565])
    >>> sml.to_frame().loc[0].to_dict()["invader"]
    'contribute'
    """

    states: NDArray[np.int64]
    probabilities: NDArray[np.float64]
    fixation_probabilities: NDArray[np.float64]
    log_fixation_probabilities: NDArray[np.float64]
    transition_matrix: NDArray[np.float64]
    population_size: int
    strategy_names: tuple[str, ...]

    @property
    def mean_frequencies(self) -> NDArray[np.float64]:
        """Average frequency of each strategy (the monomorphic states' probabilities)."""
        return np.array(self.probabilities)

    def to_frame(self) -> pd.DataFrame:
        r"""Return the invasion graph: one row per (resident, invader) pair.

        Columns: ``resident``, ``invader``, ``fixation_probability``,
        ``log_fixation_probability`` and ``relative_to_neutral`` (:math:`Z\rho`, above 1 when
        selection favours the invader).
        """
        import pandas as pd

        k = len(self.strategy_names)
        rows = [
            {
                "resident": self.strategy_names[i],
                "invader": self.strategy_names[j],
                "fixation_probability": float(self.fixation_probabilities[i, j]),
                "log_fixation_probability": float(self.log_fixation_probabilities[i, j]),
                "relative_to_neutral": float(
                    np.exp(self.log_fixation_probabilities[i, j] + np.log(self.population_size))
                ),
            }
            for i in range(k)
            for j in range(k)
            if i != j
        ]
        return pd.DataFrame(rows)


# -- fixation -------------------------------------------------------------------------------------
def _log_or_minus_infinity(values: NDArray[np.float64]) -> NDArray[np.float64]:
    positive = values > 0
    return np.where(positive, np.log(np.where(positive, values, 1.0)), -np.inf)


def _log_fixation(
    process: Process,
    population_size: int,
    mutant_payoffs: NDArray[np.float64],
    resident_payoffs: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Log fixation probability of one mutant; payoffs at j = 1..Z-1 mutants on the last axis."""
    z = population_size
    log_mutant = process.log_fitness(mutant_payoffs)
    log_resident = process.log_fitness(resident_payoffs)
    log_ratio = log_resident - log_mutant
    if process.rule == "moran_death_birth":
        j = np.arange(1, z, dtype=np.float64)
        log_ratio = (
            log_ratio
            + np.logaddexp(np.log(j) + log_mutant, _log_or_minus_infinity(z - j - 1) + log_resident)
            - np.logaddexp(_log_or_minus_infinity(j - 1) + log_mutant, np.log(z - j) + log_resident)
        )
    partial = np.cumsum(log_ratio, axis=-1)
    zero = np.zeros((*partial.shape[:-1], 1))
    return -np.logaddexp.reduce(np.concatenate([zero, partial], axis=-1), axis=-1)


def _edge_states(population_size: int, k: int, resident: int, mutant: int) -> NDArray[np.int64]:
    mutants = np.arange(1, population_size, dtype=np.int64)
    states = np.zeros((mutants.size, k), dtype=np.int64)
    states[:, mutant] = mutants
    states[:, resident] = population_size - mutants
    return states


def _log_fixation_matrix(
    game: SymmetricGame, population_size: int, process: Process
) -> NDArray[np.float64]:
    """Log fixation probabilities for every ordered pair (resident i, mutant j); NaN diagonal."""
    k = game.n_strategies
    z = population_size
    pairs = [(a, b) for a in range(k) for b in range(a + 1, k)]
    states = np.concatenate([_edge_states(z, k, a, b) for a, b in pairs])
    payoffs = game._finite_population_payoffs(z, states)
    check_linear_fitness(process, payoffs)
    blocks = payoffs.reshape(len(pairs), z - 1, k)  # row j-1: j players of b, Z-j of a
    mutant_rows, resident_rows = [], []
    for p, (a, b) in enumerate(pairs):
        mutant_rows += [blocks[p, :, b], blocks[p, ::-1, a]]  # b invades a; a invades b
        resident_rows += [blocks[p, :, a], blocks[p, ::-1, b]]
    log_rho = _log_fixation(process, z, np.array(mutant_rows), np.array(resident_rows))
    out = np.full((k, k), np.nan)
    for p, (a, b) in enumerate(pairs):
        out[a, b], out[b, a] = log_rho[2 * p], log_rho[2 * p + 1]
    return out


def fixation_probability(
    game: Any,
    *,
    population_size: int,
    invader: int,
    resident: int,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    fitness: str = "exponential",
) -> float:
    r"""Return the probability that one ``invader`` takes over a population of ``resident``.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
        See :func:`~gamegroup.dynamics.transition_probabilities`.
    population_size : int
        :math:`Z`, at least the group size.
    invader, resident : int
        Strategy indices (different): a single ``invader`` (the mutant) starts among
        ``population_size - 1`` members using ``resident``.
    rule : {"fermi", "moran_birth_death", "moran_death_birth"}
    selection_intensity : float
        :math:`\beta \ge 0` (:math:`w` for linear fitness).
    fitness : {"exponential", "linear"}
        Payoff-to-fitness map of the Moran rules.

    Returns
    -------
    float
        :math:`\rho`, exact in log space (see the module docstring); it is 0 only when the true
        value is below the smallest double (use
        :attr:`SmallMutationLimit.log_fixation_probabilities` for its logarithm).

    Raises
    ------
    ValueError
        If a strategy index is out of range or ``invader == resident``, or as for
        :func:`~gamegroup.dynamics.transition_probabilities`.
    TypeError
        If a size or index is not an integer.

    References
    ----------
    Nowak, M. A., Sasaki, A., Taylor, C., & Fudenberg, D. (2004). Emergence of cooperation and
    evolutionary stability in finite populations. *Nature*, 428, 646–650.

    Traulsen, A., Pacheco, J. M., & Nowak, M. A. (2007). Pairwise comparison and selection
    temperature in evolutionary game dynamics. *J. Theor. Biol.*, 246, 522–529.

    Examples
    --------
    Neutral drift gives :math:`1/Z`; a mutant of constant fitness :math:`r = 2` under the Moran
    process fixes with :math:`(1 - 1/r)/(1 - 1/r^Z)`:

    >>> from gamegroup.games import SymmetricGame
    >>> constant = SymmetricGame([[1, 1], [2, 2]], group_size=2)
    >>> fixation_probability(constant, population_size=10, invader=1, resident=0, selection_intensity=0.0)
    0.1
    >>> rho = fixation_probability(constant, population_size=10, invader=1, resident=0,
    ...                            rule="moran_birth_death", fitness="linear",
    ...                            selection_intensity=1.0)
    >>> round(rho, 12), round((1 - 1 / 2) / (1 - 1 / 2**10), 12)
    (0.500488758553, 0.500488758553)

    Tiny probabilities are exact, here :math:`1/(2^{1000} - 1)` for the weaker strategy:

    >>> tiny = fixation_probability(constant, population_size=1000, invader=0, resident=1,
    ...                             rule="moran_birth_death", fitness="linear")
    >>> print(f"{tiny:.10e}", f"{1 / (2.0**1000 - 1):.10e}")
    9.3326361850e-302 9.3326361850e-302
    """
    symmetric, z = check_population(game, population_size)
    process = check_process(rule, selection_intensity, 0.0, fitness)
    k = symmetric.n_strategies
    m, r = check_invasion(invader, resident, k)
    states = _edge_states(z, k, r, m)
    payoffs = symmetric._finite_population_payoffs(z, states)
    check_linear_fitness(process, payoffs)
    return float(np.exp(_log_fixation(process, z, payoffs[:, m], payoffs[:, r])))


def _log_gth(log_matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Stationary distribution of a small chain by GTH elimination in log space (off-diagonals)."""
    n = log_matrix.shape[0]
    work = np.array(log_matrix, dtype=np.float64)
    np.fill_diagonal(work, -np.inf)
    for last in range(n - 1, 0, -1):
        log_out = np.logaddexp.reduce(work[last, :last])
        work[:last, last] -= log_out
        work[:last, :last] = np.logaddexp(
            work[:last, :last], work[:last, last][:, None] + work[last, :last][None, :]
        )
    log_pi = np.zeros(n)
    for state in range(1, n):
        log_pi[state] = np.logaddexp.reduce(log_pi[:state] + work[:state, state])
    return np.exp(log_pi - np.logaddexp.reduce(log_pi))


def small_mutation_limit(
    game: Any,
    *,
    population_size: int,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    fitness: str = "exponential",
) -> SmallMutationLimit:
    r"""Return the stationary distribution over monomorphic states when mutations are rare.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
        Any number of strategies :math:`k \ge 2`.
    population_size : int
        :math:`Z`, at least the group size.
    rule, selection_intensity, fitness
        The process, as for :func:`~gamegroup.dynamics.transition_probabilities`.

    Returns
    -------
    SmallMutationLimit
        Stationary probabilities, the fixation probabilities between every pair of strategies
        (also as logarithms) and the embedded transition matrix, whose
        :meth:`~SmallMutationLimit.to_frame` is the invasion graph.

    Raises
    ------
    ValueError, TypeError
        As for :func:`~gamegroup.dynamics.transition_probabilities`.

    References
    ----------
    Fudenberg, D., & Imhof, L. A. (2006). Imitation processes with small mutations. *J. Econ.
    Theory*, 131, 251–262.

    Hauert, C., Traulsen, A., Brandt, H., Nowak, M. A., & Sigmund, K. (2007). Via freedom to
    coercion: the emergence of costly punishment. *Science*, 316, 1905–1907.

    Grassmann, W. K., Taksar, M. I., & Heyman, D. P. (1985). Regenerative analysis and steady
    state distributions for Markov chains. *Operations Research*, 33, 1107–1116.

    Examples
    --------
    Rock-paper-scissors with a bigger win than loss: every strategy is invaded by the one that
    beats it, and the three monomorphic states are equally likely.

    >>> from gamegroup.games import SymmetricGame
    >>> rps = SymmetricGame([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], group_size=2)
    >>> small_mutation_limit(rps, population_size=30).probabilities.round(6)
    array([0.333333, 0.333333, 0.333333])
    """
    symmetric, z = check_population(game, population_size)
    process = check_process(rule, selection_intensity, 0.0, fitness)
    k = symmetric.n_strategies
    log_rho = _log_fixation_matrix(symmetric, z, process)
    log_moves = log_rho - np.log(k - 1)
    probabilities = _log_gth(np.nan_to_num(log_moves, nan=-np.inf))
    moves = np.exp(np.nan_to_num(log_moves, nan=-np.inf))
    np.fill_diagonal(moves, 0.0)
    np.fill_diagonal(moves, 1.0 - moves.sum(axis=1))
    return SmallMutationLimit(
        states=z * np.eye(k, dtype=np.int64),
        probabilities=probabilities,
        fixation_probabilities=np.exp(log_rho),
        log_fixation_probabilities=log_rho,
        transition_matrix=moves,
        population_size=z,
        strategy_names=symmetric.strategy_names,
    )


# -- the full chain -------------------------------------------------------------------------------
def _sparse_chain(states: NDArray[np.int64], moves: NDArray[np.float64]) -> sp.csr_array:
    """Assemble the row-stochastic sparse matrix from the kernel over all states."""
    n, k = states.shape
    rows, columns, values = [], [], []
    for a in range(k):
        can_leave = np.flatnonzero(states[:, a] > 0)
        for b in range(k):
            if a == b:
                continue
            probability = moves[can_leave, a, b]
            keep = probability > 0
            origin = can_leave[keep]
            target = states[origin].copy()
            target[:, a] -= 1
            target[:, b] += 1
            rows.append(origin)
            columns.append(composition_index(target))
            values.append(probability[keep])
    stay = 1.0 - moves.sum(axis=(1, 2))
    rows.append(np.arange(n))
    columns.append(np.arange(n))
    values.append(stay)
    matrix = sp.coo_array(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))), shape=(n, n)
    ).tocsr()
    matrix.eliminate_zeros()
    return matrix


def transition_matrix(
    game: Any,
    *,
    population_size: int,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    mutation_rate: float = 0.0,
    fitness: str = "exponential",
) -> sp.csr_array:
    r"""Return the sparse transition matrix of the full chain over all population states.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
    population_size : int
        :math:`Z`, at least the group size.
    rule, selection_intensity, mutation_rate, fitness
        The process, as for :func:`~gamegroup.dynamics.transition_probabilities`.

    Returns
    -------
    scipy.sparse.csr_array
        Row-stochastic, shape ``(n, n)`` with :math:`n = \binom{Z + k - 1}{k - 1}`; rows and
        columns follow ``compositions(Z, k)``. Structural zeros are not stored.

    Raises
    ------
    ValueError, TypeError
        As for :func:`~gamegroup.dynamics.transition_probabilities`.

    References
    ----------
    Traulsen, A., Pacheco, J. M., & Nowak, M. A. (2007). Pairwise comparison and selection
    temperature in evolutionary game dynamics. *J. Theor. Biol.*, 246, 522–529.

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> P = transition_matrix(public_goods(group_size=3, multiplier=2.0), population_size=4, mutation_rate=0.1)
    >>> P.shape, bool(np.allclose(P.sum(axis=1), 1.0))
    ((5, 5), True)
    >>> P.toarray()[0].round(3)
    array([0.9, 0.1, 0. , 0. , 0. ])
    """
    _, _, states, moves = checked_kernel(
        game, population_size, None, rule, selection_intensity, mutation_rate, fitness
    )
    return _sparse_chain(states, moves)


def _closed_classes(matrix: sp.csr_array) -> tuple[int, NDArray[np.bool_]]:
    """Count the closed communicating classes; mark the states that belong to one."""
    count, labels = connected_components(matrix, directed=True, connection="strong")
    coo = matrix.tocoo()
    leaving = labels[coo.row] != labels[coo.col]
    open_classes = np.unique(labels[coo.row[leaving]])
    closed = np.setdiff1d(np.arange(count), open_classes)
    return int(closed.size), np.isin(labels, closed)


def _solve_pinned(system: sp.csc_array, pin: int) -> NDArray[np.float64]:
    """Solve pi A = 0 (A = I - P restricted, as A^T pi = 0) with pi[pin] = 1."""
    n = system.shape[0]
    rest = np.delete(np.arange(n), pin)
    reduced = system[rest][:, rest].tocsc()
    right = -system[rest][:, [pin]].toarray().ravel()
    solution = np.empty(n)
    solution[pin] = 1.0
    solution[rest] = spsolve(reduced, right, permc_spec="MMD_AT_PLUS_A")
    return solution


_ROUNDING = 1e-12  # probabilities below 0 by at most this much are rounding errors of the solve
_SWEEPS = 3


def _refine(matrix: sp.csr_array, solution: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Polish a stationary vector with a few subtraction-free Jacobi sweeps.

    :math:`\pi_j \leftarrow \sum_{i \ne j} \pi_i P_{ij} / \sum_{l \ne j} P_{jl}` has the
    stationary distribution as its fixed point and adds only non-negative terms. The LU solve is
    accurate in absolute terms (about 1e-16): states of smaller probability can come out as tiny
    negative numbers. Those are set to 0, and the sweeps give the states next to the bulk of the
    mass positive values with relative accuracy; states far below 1e-16 may stay 0.
    """
    off = sp.csr_array(matrix - sp.diags_array(matrix.diagonal()))
    off.eliminate_zeros()
    outflow = np.asarray(off.sum(axis=1)).ravel()
    vector = np.maximum(solution, 0.0)
    for _ in range(_SWEEPS):
        vector = (vector @ off) / outflow
        vector /= vector.sum()
    return vector


def stationary_distribution(
    game: Any,
    *,
    population_size: int,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    mutation_rate: float,
    fitness: str = "exponential",
) -> StationaryDistribution:
    r"""Return the stationary distribution of the full chain with mutation over all states.

    The chain is never made dense: the :math:`\binom{Z+k-1}{k-1}` states of the sparse matrix
    (:func:`transition_matrix`) are solved with a sparse LU factorisation (SuperLU, minimum degree
    ordering). For :math:`k = 3` and :math:`Z = 500` (125,751 states) this takes about a second.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
    population_size : int
        :math:`Z`, at least the group size.
    rule, selection_intensity, fitness
        The process, as for :func:`~gamegroup.dynamics.transition_probabilities`.
    mutation_rate : float
        :math:`\mu \in [0, 1]`, required. With :math:`\mu = 0` the monomorphic states are
        absorbing and there is no unique stationary distribution (see
        :func:`small_mutation_limit` for the limit :math:`\mu \to 0`).

    Returns
    -------
    StationaryDistribution
        When the chain has more than one closed class, ``success`` is ``False``, the message
        says so and the probabilities are NaN. States outside the unique closed class get 0.

    Raises
    ------
    ValueError, TypeError
        As for :func:`~gamegroup.dynamics.transition_probabilities`.

    References
    ----------
    Stewart, W. J. (1994). *Introduction to the Numerical Solution of Markov Chains*. Princeton
    University Press.

    Examples
    --------
    As :math:`\mu \to 0` the distribution concentrates on the monomorphic states in the
    proportions of the small-mutation limit:

    >>> from gamegroup.games import SymmetricGame
    >>> rps = SymmetricGame([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], group_size=2)
    >>> full = stationary_distribution(rps, population_size=20, mutation_rate=1e-6)
    >>> full.success, full.mean_frequencies.round(3)
    (True, array([0.333, 0.333, 0.333]))

    Without mutation there are several absorbing states:

    >>> stationary_distribution(rps, population_size=20, mutation_rate=0.0).message[:38]
    'The chain has 3 closed classes (e.g. t'
    """
    symmetric, z, states, moves = checked_kernel(
        game, population_size, None, rule, selection_intensity, mutation_rate, fitness
    )
    matrix = _sparse_chain(states, moves)
    probabilities, message = _solve_chain(matrix, moves, symmetric.n_strategies)
    residual = float(np.max(np.abs(probabilities @ matrix - probabilities)))
    if residual > STATIONARY_TOLERANCE:  # (NaN, for a chain without a unique answer, is not)
        message += (
            f" The residual max|pi P - pi| = {residual:.3g} is above {STATIONARY_TOLERANCE:g}."
        )
    return StationaryDistribution(
        states=states,
        probabilities=probabilities,
        population_size=z,
        residual=residual,
        success=bool(np.isfinite(residual) and residual <= STATIONARY_TOLERANCE),
        message=message,
        strategy_names=symmetric.strategy_names,
    )


def _solve_chain(
    matrix: sp.csr_array, moves: NDArray[np.float64], n_strategies: int
) -> tuple[NDArray[np.float64], str]:
    """Return the stationary probabilities (NaN when not unique) and how they were found."""
    n = matrix.shape[0]
    n_closed, closed = _closed_classes(matrix)
    if n_closed != 1:
        message = (
            f"The chain has {n_closed} closed classes (e.g. the monomorphic states when "
            "mutation_rate=0), so its stationary distribution is not unique; use "
            "mutation_rate > 0, or small_mutation_limit for the limit of rare mutations."
        )
        return np.full(n, np.nan), message
    if n_strategies == 2:
        # A birth-death chain is reversible: pi_{j+1} / pi_j = T+(j) / T-(j+1), exactly.
        with np.errstate(divide="ignore"):  # log 0 = -inf: a probability below the doubles
            log_ratio = np.log(moves[:-1, 0, 1]) - np.log(moves[1:, 1, 0])
        log_pi = np.concatenate([[0.0], np.cumsum(log_ratio)])
        probabilities = np.exp(log_pi - np.logaddexp.reduce(log_pi))
        return probabilities, "Solved exactly by detailed balance (a two-strategy chain)."
    inside = np.flatnonzero(closed)
    restricted = matrix[inside][:, inside]
    system = (sp.eye_array(inside.size, format="csr") - restricted).T.tocsc()
    solution = _solve_pinned(system, 0)
    if not np.all(np.isfinite(solution)) or np.max(np.abs(solution)) > 1e100:
        # State 0 carries too little mass to pin: re-pin at the heaviest state.
        heaviest = int(np.argmax(np.nan_to_num(np.abs(solution), nan=0.0, posinf=np.inf)))
        solution = _solve_pinned(system, heaviest)
    solution = solution / solution.sum()
    lowest = float(solution.min())
    if lowest < -_ROUNDING:
        message = f"The sparse solve gave a probability of {lowest:.3g} (below 0 beyond rounding)."
        return np.full(n, np.nan), message
    probabilities = np.zeros(n)
    probabilities[inside] = _refine(restricted, solution)
    return probabilities, "Solved by sparse LU, refined by subtraction-free sweeps."


def gradient_of_selection(
    game: Any,
    *,
    population_size: int,
    states: ArrayLike | None = None,
    rule: str = "fermi",
    selection_intensity: float = 1.0,
    mutation_rate: float = 0.0,
    fitness: str = "exponential",
) -> NDArray[np.float64]:
    r"""Return the expected change of each strategy's count in one update, at every state.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
    population_size : int
        :math:`Z`, at least the group size.
    states : array_like of int, optional
        Shape ``(S, k)``; defaults to every state, ``compositions(Z, k)``.
    rule, selection_intensity, mutation_rate, fitness
        The process, as for :func:`~gamegroup.dynamics.transition_probabilities`.

    Returns
    -------
    numpy.ndarray
        Shape ``(S, k)``: :math:`G_b(i) = \sum_a [T_{ab}(i) - T_{ba}(i)]`; each row sums to 0.
        Divide by :math:`Z` for the expected change of the frequencies.

    Raises
    ------
    ValueError, TypeError
        As for :func:`~gamegroup.dynamics.transition_probabilities`.

    References
    ----------
    Pacheco, J. M., Santos, F. C., Souza, M. O., & Skyrms, B. (2009). Evolutionary dynamics of
    collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*, 276, 315–321.

    Examples
    --------
    For two strategies and the Fermi rule, :math:`G_1(j) = \frac{j}{Z}\frac{Z-j}{Z-1}
    \tanh\big(\tfrac{\beta}{2}(\pi_1 - \pi_0)\big)` (Traulsen et al. 2007):

    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=5, multiplier=3.0)
    >>> g = gradient_of_selection(game, population_size=20, states=[[15, 5]])
    >>> difference = np.diff(game.finite_population_payoffs(20, [[15, 5]]))[0, 0]
    >>> bool(np.isclose(g[0, 1], 5 / 20 * 15 / 19 * np.tanh(difference / 2)))
    True
    """
    _, _, _, moves = checked_kernel(
        game, population_size, states, rule, selection_intensity, mutation_rate, fitness
    )
    return moves.sum(axis=1) - moves.sum(axis=2)


def group_success(
    distribution: StationaryDistribution | SmallMutationLimit,
    *,
    group_size: int,
    threshold: int,
    strategy: int = 1,
) -> float:
    r"""Return the stationary probability that a group reaches its threshold of contributors.

    A group of :math:`N` drawn without replacement from a population in state :math:`i` has
    hypergeometrically many members using ``strategy``; the group succeeds when at least
    :math:`M` do. Group achievement (Santos & Pacheco 2011) averages this over the
    distribution:

    .. math:: \eta_G = \sum_i \pi(i)\, \Pr[\mathrm{Hyp}(Z, i_s, N) \ge M].

    Parameters
    ----------
    distribution : StationaryDistribution or SmallMutationLimit
    group_size : int
        :math:`N`, at most the population size.
    threshold : int
        :math:`M \in [0, N]`.
    strategy : int
        The contributing strategy (1 in the public-goods family).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a size or index is out of range, or the distribution was not solved.
    TypeError
        If ``distribution`` is not one of the accepted results, or a size is not an integer.

    References
    ----------
    Santos, F. C., & Pacheco, J. M. (2011). Risk of collective failure provides an escape from
    the tragedy of the commons. *PNAS*, 108, 10421–10425.

    Examples
    --------
    >>> from gamegroup.games import collective_risk_dilemma
    >>> game = collective_risk_dilemma(group_size=6, threshold=3, risk=0.9)
    >>> full = stationary_distribution(game, population_size=50, mutation_rate=0.01, selection_intensity=5.0)
    >>> round(group_success(full, group_size=6, threshold=3), 3)
    0.929
    """
    check_type(
        distribution,
        "distribution",
        (StationaryDistribution, SmallMutationLimit),
        "a StationaryDistribution or SmallMutationLimit",
    )
    z = distribution.population_size
    n = check_int(group_size, "group_size", minimum=1, maximum=z)
    m = check_int(threshold, "threshold", minimum=0, maximum=n)
    k = distribution.states.shape[1]
    s = check_int(strategy, "strategy", minimum=0, maximum=k - 1)
    probabilities = np.asarray(distribution.probabilities)
    if not np.all(np.isfinite(probabilities)):
        raise ValueError(
            "`distribution` has no stationary probabilities (its solve did not succeed; see its "
            "message)."
        )
    from scipy.stats import hypergeom  # imported here: scipy.stats is slow to import

    counts = np.asarray(distribution.states)[:, s]
    success = hypergeom.sf(m - 1, z, counts, n)
    return float(probabilities @ success)
