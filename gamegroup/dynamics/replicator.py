r"""The replicator family: deterministic dynamics of infinite, well-mixed populations.

A population is a point :math:`x` of the simplex :math:`\Delta_k` (strategy frequencies); at
:math:`x` each strategy earns :math:`f_i(x)` (see :mod:`gamegroup.dynamics._population_games`
for how a game is played by one population or by one population per player) and the average
payoff is :math:`\bar f = x \cdot f`. Each dynamic is an ODE :math:`\dot x = V(x)` that keeps the
simplex invariant:

``replicator`` (Taylor & Jonker 1978)
    :math:`\dot x_i = x_i\,(f_i - \bar f)`.
``replicator_mutator`` (Nowak, Komarova & Niyogi 2001), with a row-stochastic mutation matrix
:math:`Q` (:math:`Q_{ji}` = probability that an offspring of a :math:`j` is an :math:`i`)
    :math:`\dot x_i = \sum_j x_j f_j Q_{ji} - x_i \bar f`. It needs non-negative payoffs
    (fitnesses), otherwise it does not keep the simplex invariant.
``best_response`` (Gilboa & Matsui 1991)
    :math:`\dot x = b(x) - x`, with :math:`b(x)` the uniform mixture over the pure best replies.
``logit`` (Fudenberg & Levine 1998), with noise level :math:`\eta > 0`
    :math:`\dot x_i = \exp(f_i/\eta) / \sum_j \exp(f_j/\eta) - x_i`.
``brown_von_neumann_nash`` (Brown & von Neumann 1950)
    :math:`\dot x_i = \hat f_i - x_i \sum_j \hat f_j`, with excess payoffs
    :math:`\hat f_i = [f_i - \bar f]_+`.
``smith`` (Smith 1984)
    :math:`\dot x_i = \sum_j x_j [f_i - f_j]_+ - x_i \sum_j [f_j - f_i]_+`.
``projection`` (Nagurney & Zhang 1997; Lahkar & Sandholm 2008)
    :math:`\dot x = \Pi_{T(x)}\, f(x)`, the Euclidean projection of the payoff vector onto the
    tangent cone of the simplex at :math:`x`.

Sandholm (2010), *Population Games and Evolutionary Dynamics*, treats all seven.

Integration uses :func:`scipy.integrate.solve_ivp`. The replicator dynamic is integrated in its
exact logarithmic form :math:`\tfrac{d}{dt}\log(x_i/x_i(0)) = f_i - \bar f` on the support of
:math:`x(0)`, so states stay on the simplex and on their face *by construction* (a strategy absent
at the start stays exactly absent). The other dynamics move mass between faces; they are
integrated in the frequencies themselves, with the vector field evaluated at
:math:`\max(x, 0)` renormalised, so the simplex is invariant and attracting and the states stay
on it within the integration tolerance (``atol``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import BDF, DOP853, LSODA, RK23, RK45, OdeSolver, Radau
from scipy.optimize import brentq

from gamegroup._results import Result, result_type
from gamegroup._validation import (
    check_choice,
    check_finite_array,
    check_int,
    check_real,
    check_tolerance,
)
from gamegroup.dynamics._population_games import PopulationGame, population_game

if TYPE_CHECKING:
    import pandas as pd

DYNAMICS = (
    "replicator",
    "replicator_mutator",
    "best_response",
    "logit",
    "brown_von_neumann_nash",
    "smith",
    "projection",
)
"""Names accepted by ``dynamic``."""

_TIE_TOLERANCE = 1e-12

_SMOOTH = frozenset({"replicator", "replicator_mutator", "logit"})

_SOLVERS: dict[str, type[OdeSolver]] = {
    "RK45": RK45,
    "DOP853": DOP853,
    "RK23": RK23,
    "Radau": Radau,
    "BDF": BDF,
    "LSODA": LSODA,
}


@result_type
class Trajectory(Result):
    """A solution of an evolutionary ODE, recorded at the requested times.

    Attributes
    ----------
    t : numpy.ndarray
        Times, shape ``(T,)``.
    x : numpy.ndarray
        States, shape ``(T, d)``: row ``r`` is the state at ``t[r]``. With several populations
        (one per player) the populations' frequencies are concatenated, in player order; use
        :meth:`population` to take one apart.
    success : bool
        Whether the integrator reached the last time.
    message : str
        The integrator's report.
    n_evaluations : int
        Evaluations of the vector field.
    dynamic : str
        The dynamic integrated (one of :data:`DYNAMICS`).
    n_strategies : tuple of int
        Number of strategies of each population.
    strategy_names : tuple of tuple of str
        Labels of each population's strategies.

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=5, multiplier=3.0)
    >>> run = integrate_dynamics(game, [0.5, 0.5], np.linspace(0, 10, 11))
    >>> run.x.shape, run.success
    ((11, 2), True)
    >>> run.to_frame().columns.tolist()
    ['t', 'defect', 'contribute']
    """

    t: NDArray[np.float64]
    x: NDArray[np.float64]
    success: bool
    message: str
    n_evaluations: int
    dynamic: str
    n_strategies: tuple[int, ...]
    strategy_names: tuple[tuple[str, ...], ...]

    def population(self, index: int) -> NDArray[np.float64]:
        """Return the states of population ``index``, shape ``(T, n_strategies[index])``.

        Examples
        --------
        >>> from gamegroup.games import BimatrixGame
        >>> pennies = BimatrixGame([[1, -1], [-1, 1]])
        >>> run = integrate_dynamics(pennies, [[0.6, 0.4], [0.5, 0.5]], [0.0, 1.0])
        >>> run.population(1).shape
        (2, 2)
        """
        offsets = np.concatenate([[0], np.cumsum(self.n_strategies)])
        if not 0 <= index < len(self.n_strategies):
            raise ValueError(
                f"`index` must be a population index in [0, {len(self.n_strategies) - 1}]; got "
                f"{index}."
            )
        return np.array(self.x[:, offsets[index] : offsets[index + 1]])

    @property
    def final(self) -> NDArray[np.float64]:
        """The last recorded state (all populations concatenated)."""
        return np.array(self.x[-1])

    def to_frame(self) -> pd.DataFrame:
        """Return a tidy table: one row per time, one column per strategy (and population).

        With several populations, columns are named ``"<population>:<strategy>"``.
        """
        import pandas as pd

        if len(self.n_strategies) == 1:
            columns = list(self.strategy_names[0])
        else:
            columns = [
                f"{p}:{name}" for p, names in enumerate(self.strategy_names) for name in names
            ]
        frame = pd.DataFrame(np.asarray(self.x), columns=columns)
        frame.insert(0, "t", np.asarray(self.t))
        return frame


# -- vector fields --------------------------------------------------------------------------------
def _best_reply_mixture(payoffs: NDArray[np.float64]) -> NDArray[np.float64]:
    top = payoffs.max(axis=-1, keepdims=True)
    best = payoffs >= top - _TIE_TOLERANCE * (1.0 + np.abs(top))
    return best / best.sum(axis=-1, keepdims=True)


def _logit_choice(payoffs: NDArray[np.float64], noise_level: float) -> NDArray[np.float64]:
    scaled = payoffs / noise_level
    scaled -= scaled.max(axis=-1, keepdims=True)
    weights = np.exp(scaled)
    return weights / weights.sum(axis=-1, keepdims=True)


def _tangent_projection(
    x: NDArray[np.float64], payoffs: NDArray[np.float64]
) -> NDArray[np.float64]:
    r"""Project each payoff vector onto the tangent cone of the simplex at ``x``.

    The projection is :math:`z_i = f_i - \lambda` on a set :math:`S` that contains the support
    of ``x`` and every unused strategy with :math:`f_i > \lambda`, and 0 elsewhere, where
    :math:`\lambda` is the mean of :math:`f` over :math:`S`. Unused strategies are added to
    :math:`S` greedily, best first, while they beat the current mean.
    """
    active = x > 0
    for _ in range(x.shape[-1]):
        mean = np.sum(payoffs * active, axis=-1, keepdims=True) / active.sum(axis=-1, keepdims=True)
        candidate = np.where(active, -np.inf, payoffs)
        best = np.argmax(candidate, axis=-1)[..., None]
        gains = np.take_along_axis(candidate, best, axis=-1) > mean
        if not np.any(gains):
            break
        np.put_along_axis(active, best, gains | np.take_along_axis(active, best, axis=-1), axis=-1)
    mean = np.sum(payoffs * active, axis=-1, keepdims=True) / active.sum(axis=-1, keepdims=True)
    return np.where(active, payoffs - mean, 0.0)


def _velocity(
    dynamic: str,
    x: NDArray[np.float64],
    payoffs: NDArray[np.float64],
    mutation: NDArray[np.float64] | None,
    noise_level: float | None,
) -> NDArray[np.float64]:
    """Vector field of one population, vectorised over leading axes of ``x``."""
    average = np.sum(x * payoffs, axis=-1, keepdims=True)
    if dynamic == "replicator":
        return x * (payoffs - average)
    if dynamic == "replicator_mutator":
        return (x * payoffs) @ cast("NDArray[np.float64]", mutation) - x * average
    if dynamic == "best_response":
        return _best_reply_mixture(payoffs) - x
    if dynamic == "logit":
        return _logit_choice(payoffs, cast(float, noise_level)) - x
    if dynamic == "brown_von_neumann_nash":
        excess = np.maximum(payoffs - average, 0.0)
        return excess - x * excess.sum(axis=-1, keepdims=True)
    if dynamic == "smith":
        gain = np.maximum(payoffs[..., :, None] - payoffs[..., None, :], 0.0)  # [i, j]: f_i - f_j
        inflow = np.einsum("...ij,...j->...i", gain, x)
        outflow = x * gain.sum(axis=-2)
        return inflow - outflow
    return _tangent_projection(x, payoffs)


def _check_dynamic_options(
    dynamic: str,
    populations: PopulationGame,
    mutation_matrix: ArrayLike | Sequence[ArrayLike] | None,
    noise_level: float | None,
) -> tuple[list[NDArray[np.float64]] | None, float | None]:
    check_choice(dynamic, "dynamic", DYNAMICS)
    if dynamic != "replicator_mutator" and mutation_matrix is not None:
        raise ValueError(
            f"`mutation_matrix` is only used by dynamic='replicator_mutator'; got dynamic="
            f"{dynamic!r}."
        )
    if dynamic != "logit" and noise_level is not None:
        raise ValueError(f"`noise_level` is only used by dynamic='logit'; got dynamic={dynamic!r}.")
    mutations = None
    if dynamic == "replicator_mutator":
        if mutation_matrix is None:
            raise ValueError(
                "`mutation_matrix` must be given (a row-stochastic matrix per population) for "
                "dynamic='replicator_mutator'."
            )
        if populations.smallest_payoff < 0:
            raise ValueError(
                "`game` must have non-negative payoffs for dynamic='replicator_mutator' (they "
                f"act as fitnesses); got a smallest payoff of {populations.smallest_payoff:g}."
            )
        if populations.single:
            matrices: Sequence[Any] = [mutation_matrix]
        elif isinstance(mutation_matrix, np.ndarray) or not isinstance(
            mutation_matrix, (list, tuple)
        ):
            raise TypeError(
                "`mutation_matrix` must be a sequence with one matrix per population when the "
                f"game is played by {len(populations.sizes)} populations; got "
                f"{type(mutation_matrix).__name__}."
            )
        else:
            matrices = mutation_matrix
            if len(matrices) != len(populations.sizes):
                raise ValueError(
                    f"`mutation_matrix` must have one matrix per population "
                    f"({len(populations.sizes)}); got {len(matrices)}."
                )
        mutations = [
            _check_stochastic_matrix(matrix, size)
            for matrix, size in zip(matrices, populations.sizes, strict=True)
        ]
    noise = None
    if dynamic == "logit":
        if noise_level is None:
            raise ValueError("`noise_level` must be given (a number > 0) for dynamic='logit'.")
        noise = check_real(noise_level, "noise_level", low=0.0, low_inclusive=False)
    return mutations, noise


def _check_stochastic_matrix(value: ArrayLike, size: int) -> NDArray[np.float64]:
    matrix = check_finite_array(value, "mutation_matrix", ndim=2)
    if matrix.shape != (size, size):
        raise ValueError(
            f"`mutation_matrix` must have shape ({size}, {size}) (one row and column per "
            f"strategy); got shape {matrix.shape}."
        )
    if np.any(matrix < 0):
        raise ValueError(f"`mutation_matrix` must have non-negative entries; got {matrix.min():g}.")
    worst = float(np.max(np.abs(matrix.sum(axis=1) - 1.0)))
    if worst > 1e-9:
        raise ValueError(
            f"`mutation_matrix` must be row-stochastic (rows summing to 1 within 1e-09); a row "
            f"is off by {worst:.3g}."
        )
    return matrix


def _field(
    dynamic: str,
    populations: PopulationGame,
    states: list[NDArray[np.float64]],
    mutations: list[NDArray[np.float64]] | None,
    noise_level: float | None,
) -> list[NDArray[np.float64]]:
    payoffs = populations.payoffs(states)
    return [
        _velocity(dynamic, x, f, None if mutations is None else mutations[p], noise_level)
        for p, (x, f) in enumerate(zip(states, payoffs, strict=True))
    ]


def vector_field(
    game: Any,
    x: ArrayLike | Sequence[ArrayLike],
    *,
    dynamic: str = "replicator",
    mutation_matrix: ArrayLike | Sequence[ArrayLike] | None = None,
    noise_level: float | None = None,
    populations: str = "auto",
) -> NDArray[np.float64] | tuple[NDArray[np.float64], ...]:
    r"""Return the velocity :math:`\dot x = V(x)` of an evolutionary dynamic at one or many states.

    Parameters
    ----------
    game : SymmetricGame, NormalFormGame, BimatrixGame or nashpy.Game
        The game. See :func:`integrate_dynamics` for which games are played by one population.
    x : array_like or sequence of array_like
        One population: points of the simplex, shape ``(..., k)``. Several populations: one
        such array per population (the same leading shape for all).
    dynamic : str
        One of :data:`DYNAMICS` (see the module docstring for the equations).
    mutation_matrix : array_like or sequence of array_like, optional
        Row-stochastic :math:`Q` for ``"replicator_mutator"`` (one per population).
    noise_level : float, optional
        :math:`\eta > 0` for ``"logit"``.
    populations : {"auto", "single", "per_player"}
        ``"auto"``: one population for a SymmetricGame or a symmetric two-player game, one per
        player otherwise.

    Returns
    -------
    numpy.ndarray or tuple of numpy.ndarray
        The velocity, in the same layout as ``x``. Its entries sum to zero in each population.

    Raises
    ------
    ValueError
        If a state is not on the simplex, ``dynamic`` or ``populations`` is unknown, or a
        parameter of the dynamic is missing, misplaced or invalid.
    TypeError
        If ``game`` is not a game.

    References
    ----------
    Sandholm, W. H. (2010). *Population Games and Evolutionary Dynamics*. MIT Press.

    Examples
    --------
    Rock-paper-scissors: the replicator velocity at the centre is zero, the Smith velocity at a
    vertex points towards the strategy that beats it.

    >>> from gamegroup.games import BimatrixGame
    >>> A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> rps = BimatrixGame(A, A.T)
    >>> vector_field(rps, np.full(3, 1 / 3))
    array([0., 0., 0.])
    >>> vector_field(rps, [1.0, 0.0, 0.0], dynamic="smith")
    array([-1.,  1.,  0.])
    """
    pop = population_game(game, populations)
    mutations, noise = _check_dynamic_options(dynamic, pop, mutation_matrix, noise_level)
    states = pop.check_state(x, "x")
    velocity = _field(dynamic, pop, states, mutations, noise)
    return velocity[0] if pop.single else tuple(velocity)


def _check_times(times: ArrayLike) -> NDArray[np.float64]:
    grid = check_finite_array(times, "times", ndim=1)
    if grid.size < 2 or np.any(np.diff(grid) <= 0):
        raise ValueError(
            "`times` must be a strictly increasing sequence of at least 2 times (the first is the "
            f"start); got {grid.size} value(s){'' if grid.size < 2 else ' that do not increase'}."
        )
    return grid


def integrate_dynamics(
    game: Any,
    x0: ArrayLike | Sequence[ArrayLike],
    times: ArrayLike,
    *,
    dynamic: str = "replicator",
    mutation_matrix: ArrayLike | Sequence[ArrayLike] | None = None,
    noise_level: float | None = None,
    populations: str = "auto",
    method: str | None = None,
    rtol: float = 1e-8,
    atol: float = 1e-10,
    max_evaluations: int = 100_000,
) -> Trajectory:
    r"""Integrate an evolutionary dynamic from ``x0`` and record the state at ``times``.

    Parameters
    ----------
    game : SymmetricGame, NormalFormGame, BimatrixGame or nashpy.Game
        A :class:`~gamegroup.games.SymmetricGame` (N players) and a symmetric two-player game
        (:math:`B = A^\top`) are played by one population; other normal-form games by one
        population per player.
    x0 : array_like or sequence of array_like
        Initial state: a point of the simplex (one population) or one per population. It may
        lie on a face or at a vertex.
    times : array_like
        Strictly increasing times; ``times[0]`` is the start.
    dynamic : str
        One of :data:`DYNAMICS`: ``"replicator"``, ``"replicator_mutator"``,
        ``"best_response"``, ``"logit"``, ``"brown_von_neumann_nash"``, ``"smith"``,
        ``"projection"``.
    mutation_matrix : array_like or sequence of array_like, optional
        Row-stochastic matrix :math:`Q` (``Q[j, i]``: an offspring of a ``j`` is an ``i``),
        required by ``"replicator_mutator"``; one per population.
    noise_level : float, optional
        :math:`\eta > 0`, required by ``"logit"``.
    populations : {"auto", "single", "per_player"}
        Force one population (symmetric two-player games only) or one per player.
    method : {None, "RK45", "DOP853", "RK23", "Radau", "BDF", "LSODA"}
        Integration method (the solvers of :func:`scipy.integrate.solve_ivp`). ``None``:
        ``"DOP853"`` (8th order) for the smooth dynamics (replicator, replicator–mutator,
        logit), ``"RK45"`` for the others, whose vector fields have kinks or jumps.
    rtol, atol : float
        Relative and absolute tolerances of the integrator.
    max_evaluations : int
        Stop after this many evaluations of the vector field. The best-response and projection
        dynamics are discontinuous; the best-response dynamic can switch infinitely often in
        finite time (e.g. it reaches the equilibrium of rock-paper-scissors in finite time),
        where an adaptive integrator's steps shrink to nothing.

    Returns
    -------
    Trajectory
        If integration stopped early (integrator failure, or ``max_evaluations`` reached),
        ``success`` is ``False``, ``message`` says why, and ``t``, ``x`` hold the times reached.
        Nothing is raised.

    Raises
    ------
    ValueError
        If ``x0`` is not on the simplex, ``times`` does not increase, ``dynamic`` is unknown or a
        parameter of the dynamic is missing, misplaced or invalid.
    TypeError
        If ``game`` is not a game.

    References
    ----------
    Taylor, P. D., & Jonker, L. B. (1978). Evolutionarily stable strategies and game dynamics.
    *Mathematical Biosciences*, 40, 145–156.

    Nowak, M. A., Komarova, N. L., & Niyogi, P. (2001). Evolution of universal grammar.
    *Science*, 291, 114–118.

    Sandholm, W. H. (2010). *Population Games and Evolutionary Dynamics*. MIT Press.

    Examples
    --------
    In a linear public goods game with :math:`r < N`, contributing earns :math:`c(1 - r/N)` less
    than defecting whatever the others do, so the replicator dynamic is logistic decay:
    :math:`x(t) = x_0 e^{-\delta t} / (1 - x_0 + x_0 e^{-\delta t})` with
    :math:`\delta = 0.4` here.

    >>> from gamegroup.games import public_goods
    >>> game = public_goods(group_size=5, multiplier=3.0)
    >>> run = integrate_dynamics(game, [0.5, 0.5], [0.0, 5.0])
    >>> round(float(run.x[-1, 1]), 6), round(float(np.exp(-2) / (1 + np.exp(-2))), 6)
    (0.119203, 0.119203)

    The logit dynamic of the same game with noise 0.1 has one rest point:

    >>> logit = integrate_dynamics(game, [0.5, 0.5], [0.0, 50.0], dynamic="logit",
    ...                            noise_level=0.1)
    >>> round(float(logit.x[-1, 1]), 4)
    0.018
    """
    pop = population_game(game, populations)
    mutations, noise = _check_dynamic_options(dynamic, pop, mutation_matrix, noise_level)
    start = [np.array(x, dtype=np.float64) for x in pop.check_state(x0, "x0")]
    if any(x.ndim != 1 for x in start):
        raise ValueError(
            f"`x0` must be one state (1-dimensional per population); got shapes "
            f"{[x.shape for x in start]}."
        )
    grid = _check_times(times)
    relative = check_tolerance(rtol, "rtol")
    absolute = check_tolerance(atol, "atol")
    if method is None:
        method = "DOP853" if dynamic in _SMOOTH else "RK45"
    solver = check_choice(method, "method", tuple(_SOLVERS))
    budget = check_int(max_evaluations, "max_evaluations", minimum=1)

    if dynamic == "replicator":
        states, success, message, evaluations = _integrate_replicator(
            pop, start, grid, solver, relative, absolute, budget
        )
    else:
        states, success, message, evaluations = _integrate_frequencies(
            dynamic, pop, start, grid, mutations, noise, solver, relative, absolute, budget
        )
    return Trajectory(
        t=grid[: states.shape[0]],
        x=states,
        success=success,
        message=message,
        n_evaluations=evaluations,
        dynamic=dynamic,
        n_strategies=pop.sizes,
        strategy_names=pop.names,
    )


def _integrate_replicator(
    pop: PopulationGame,
    start: list[NDArray[np.float64]],
    grid: NDArray[np.float64],
    method: str,
    rtol: float,
    atol: float,
    max_evaluations: int,
) -> tuple[NDArray[np.float64], bool, str, int]:
    """Integrate y_i = log(x_i / x_i(0)) on the support of x(0): dy_i/dt = f_i - mean f."""
    supports = [np.flatnonzero(x > 0) for x in start]
    log_start = [np.log(x[s]) for x, s in zip(start, supports, strict=True)]
    offsets = np.concatenate([[0], np.cumsum([s.size for s in supports])])

    def states_of(y: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        # y has shape (n_support_total, ...) as in solve_ivp; states are (..., k).
        out = []
        for p, (support, logs) in enumerate(zip(supports, log_start, strict=True)):
            w = y[offsets[p] : offsets[p + 1]].T + logs
            w = w - w.max(axis=-1, keepdims=True)
            weights = np.exp(w)
            x = np.zeros((*weights.shape[:-1], pop.sizes[p]))
            x[..., support] = weights / weights.sum(axis=-1, keepdims=True)
            out.append(x)
        return out

    def rhs_populations(_: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        states = states_of(y)
        payoffs = pop.payoffs(states)
        parts = [
            f[support] - np.dot(x, f)
            for x, f, support in zip(states, payoffs, supports, strict=True)
        ]
        return np.concatenate(parts)

    support, logs, size = supports[0], log_start[0], pop.sizes[0]
    payoff_function = pop.payoffs

    def rhs_single(_: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        # One population, without the per-population bookkeeping (the common case).
        w = y + logs
        weights = np.exp(w - w.max())
        x = np.zeros(size)
        x[support] = weights / weights.sum()
        f = payoff_function([x])[0]
        return f[support] - x @ f

    rhs = rhs_single if pop.single else rhs_populations

    y, success, message, evaluations = _solve(
        rhs, np.zeros(offsets[-1]), grid, method, rtol, atol, max_evaluations
    )
    return np.concatenate(states_of(y.T), axis=-1), success, message, evaluations


def _integrate_frequencies(
    dynamic: str,
    pop: PopulationGame,
    start: list[NDArray[np.float64]],
    grid: NDArray[np.float64],
    mutations: list[NDArray[np.float64]] | None,
    noise_level: float | None,
    method: str,
    rtol: float,
    atol: float,
    max_evaluations: int,
) -> tuple[NDArray[np.float64], bool, str, int]:
    def rhs(_: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        # Evaluate the field at max(x, 0) renormalised: the integrator's error can leave a
        # frequency slightly below 0, where the field (>= 0 on faces) pushes it back.
        states = []
        for x in pop.split(y):
            positive = np.maximum(x, 0.0)
            states.append(positive / positive.sum())
        return np.concatenate(_field(dynamic, pop, states, mutations, noise_level))

    return _solve(rhs, np.concatenate(start), grid, method, rtol, atol, max_evaluations, faces=pop)


def _solve(
    rhs: Callable[[float, NDArray[np.float64]], NDArray[np.float64]],
    y0: NDArray[np.float64],
    grid: NDArray[np.float64],
    method: str,
    rtol: float,
    atol: float,
    max_evaluations: int,
    faces: PopulationGame | None = None,
) -> tuple[NDArray[np.float64], bool, str, int]:
    """Step a scipy ODE solver over ``grid``; return the states reached, shape ``(T', n)``.

    The same stepping as :func:`scipy.integrate.solve_ivp` with ``t_eval=grid`` (the dense
    output of each step interpolates the requested times), plus

    * a budget of evaluations: when it is spent, the states recorded so far are returned with
      ``success=False``;
    * with ``faces`` (frequencies of these populations): when a step takes a frequency below 0,
      the time it reaches 0 is located on the step's interpolant, the frequency is set to exactly
      0 there (the population renormalised to sum 1) and integration restarts from that point.
      This is how the projection dynamic, which reaches faces in finite time, stays on them.
    """
    solver = _SOLVERS[method](rhs, grid[0], y0, grid[-1], rtol=rtol, atol=atol)
    recorded = [np.array(y0, dtype=np.float64)]
    next_index = 1
    used = 0  # evaluations of finished solvers
    message = "The solver successfully reached the end of the integration interval."
    success = True
    while next_index < grid.size:
        if used + solver.nfev >= max_evaluations:
            success = False
            message = (
                f"Stopped after {used + solver.nfev} evaluations of the vector field "
                f"(max_evaluations={max_evaluations}) at t={solver.t:.6g}; a discontinuous dynamic "
                "may be switching faster and faster (chattering)."
            )
            break
        previous = np.array(solver.y) if faces is not None else None
        error = solver.step()
        if solver.status == "failed":
            success = False
            message = str(error)
            break
        end, restart, interpolant = solver.t, None, None
        if faces is not None and previous is not None:
            crossed = np.flatnonzero((solver.y < 0) & (previous > 0))
            if crossed.size:
                interpolant = solver.dense_output()
                end = min(
                    brentq(
                        lambda t, i=i, f=interpolant: f(t)[i], solver.t_old, solver.t, xtol=1e-14
                    )
                    for i in crossed
                )
                restart = _snap_to_faces(interpolant(end), faces, atol)
        reached = int(np.searchsorted(grid, end, side="right"))
        if reached > next_index:
            interpolant = interpolant or solver.dense_output()
            recorded.extend(interpolant(grid[next_index:reached]).T)
            next_index = reached
        if restart is not None and next_index < grid.size:
            used += solver.nfev
            solver = _SOLVERS[method](rhs, end, restart, grid[-1], rtol=rtol, atol=atol)
    return np.array(recorded), success, message, int(used + solver.nfev)


def _snap_to_faces(
    y: NDArray[np.float64], faces: PopulationGame, atol: float
) -> NDArray[np.float64]:
    """Set frequencies within ``atol`` of 0 (or below) to exactly 0; renormalise each population."""
    parts = []
    for x in faces.split(y):
        snapped = np.where(x <= atol, 0.0, x)
        parts.append(snapped / snapped.sum())
    return np.concatenate(parts)
