r"""Symmetric equilibria, equal-payoff points and ESS of symmetric N-player games.

A :class:`~gamegroup.games.SymmetricGame` with :math:`N` players, :math:`k` strategies and table
:math:`P[s, c]` gives a strategy :math:`s` the expected payoff

.. math:: f_s(x) = \sum_{c \in \mathcal{C}_{n,k}} \binom{n}{c} x^c \, P[s, c], \qquad n = N - 1,

when every co-player plays the mixed strategy :math:`x` (equivalently, in an infinite population
at state :math:`x`). The table is never expanded to the :math:`N k^N` normal form.

**Equal-payoff points.** For a support :math:`S` (a set of strategies), the equal-payoff points
are the states :math:`x` in the relative interior of the face :math:`\Delta_S` (exactly the
strategies of :math:`S` used) at which every strategy of :math:`S` earns the same payoff,

.. math:: f_s(x) = f_{s_0}(x) \quad \text{for all } s \in S.

Over all supports they are exactly the rest points of the replicator dynamics. For two
strategies the single equation is the **gain function**

.. math:: g(p) = f_1 - f_0 = \sum_{j=0}^{n} \binom{n}{j} p^j (1-p)^{n-j}\,(P[1, j] - P[0, j]),

a polynomial in Bernstein form whose coefficients are the payoff differences (Hauert, Michor,
Nowak & Doebeli 2006; Pacheco, Santos, Souza & Skyrms 2009). Its roots in :math:`[0, 1]` are
isolated by Bernstein subdivision and certified one by one (:mod:`gamegroup._bernstein`). For
:math:`|S| \ge 3` the system of :math:`|S| - 1` polynomial equations is mapped by stick breaking
to a tensor-product Bernstein system on the unit box and solved by the projected-polyhedron
subdivision method (Sherbrooke & Patrikalakis 1993), each root certified by a Krawczyk test.

**Symmetric Nash equilibria** are the equal-payoff points at which no strategy outside the
support earns more: :math:`f_t(x) \le f_{s_0}(x)` for :math:`t \notin S`.

**Pure equilibria by count classes.** A pure profile is determined, up to relabelling the
players, by its composition :math:`m` (how many players use each strategy, :math:`\sum m = N`).
It is a Nash equilibrium if for every used strategy :math:`s` and every :math:`t`,
:math:`P[s, m - e_s] \ge P[t, m - e_s]`; the class holds :math:`\binom{N}{m}` profiles.

**Evolutionary stability.** :math:`x` is an ESS (Maynard Smith & Price 1973; for multi-player
games Broom, Cannings & Vickers 1997) if for every mutant :math:`y \ne x` and all small enough
:math:`\varepsilon > 0`, :math:`(x - y) \cdot f((1 - \varepsilon) x + \varepsilon y) > 0`.
Expanding in :math:`\varepsilon`: :math:`x` must be a Nash equilibrium, and on the tangent
directions :math:`z = y - x` towards the best replies the quadratic form
:math:`z^\top Df(x)\, z` must be negative. For two strategies this is decided exactly from the
sign of the gain function on either side of :math:`x`.

All tolerances are relative to the payoff range :math:`\max P - \min P` of the table.

References
----------
Hauert, C., Michor, F., Nowak, M. A., & Doebeli, M. (2006). Synergy and discounting of
cooperation in social dilemmas. *Journal of Theoretical Biology*, 239, 195–202.

Pacheco, J. M., Santos, F. C., Souza, M. O., & Skyrms, B. (2009). Evolutionary dynamics of
collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*, 276, 315–321.

Broom, M., Cannings, C., & Vickers, G. T. (1997). Multi-player matrix games. *Bulletin of
Mathematical Biology*, 59, 931–952.

Sherbrooke, E. C., & Patrikalakis, N. M. (1993). Computation of the solutions of nonlinear
polynomial systems. *Computer Aided Geometric Design*, 10, 379–405.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations
from math import factorial
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

import gamegroup._bernstein as bernstein
from gamegroup._combinatorics import composition_index, compositions, multinomial_probabilities
from gamegroup._results import Result, result_type

if TYPE_CHECKING:
    import pandas as pd
from gamegroup._validation import (
    check_int,
    check_simplex,
    check_tolerance,
    check_type,
)
from gamegroup.equilibria.equilibrium import (
    DEFAULT_TOL,
    Equilibrium,
    payoff_spread,
    sort_equilibria,
)
from gamegroup.games import SymmetricGame

_ROOT_BAND = 1e-12  # zero band of the root isolation, relative to the payoff range
_CLUSTER_WIDTH = 1e-4  # unresolved regions wider than this (in box coordinates) are continua
_INTERIOR = 1e-12  # smallest coordinate of a point counted in a face's relative interior
_BOUNDARY = 1e-6  # unresolved clusters this close to a face's boundary belong to a sub-face


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------
@result_type
class GainFunctionRoots(Result):
    r"""The roots in [0, 1] of the gain function of a two-strategy symmetric game.

    Attributes
    ----------
    roots : numpy.ndarray
        Sorted roots :math:`p` (the frequency of strategy 1), endpoints included when
        :math:`g(0) = 0` or :math:`g(1) = 0`.
    simple : numpy.ndarray of bool
        ``True`` where the root was certified simple (the gain function changes sign there);
        ``False`` for a root of even multiplicity or a tight cluster, located to about
        ``sqrt(tol)`` and with :math:`|g| \\le` ``tol`` times the payoff range.
    identically_zero : bool
        ``True`` when every coefficient is zero within the tolerance: every :math:`p` is a root
        (``roots`` is then empty).

    Examples
    --------
    >>> from gamegroup.games import SymmetricGame
    >>> from gamegroup.equilibria import gain_function_roots
    >>> gain_function_roots(SymmetricGame([[1, 0, 0], [0, 0, 1]], group_size=3))
    GainFunctionRoots(roots=[0.5], simple=[ True], identically_zero=False)
    """

    roots: NDArray[np.float64]
    simple: NDArray[np.bool_]
    identically_zero: bool


@result_type
class EqualPayoffPoints(Result):
    """Every state at which all strategies of a support earn equal payoffs, per support.

    Attributes
    ----------
    states : numpy.ndarray
        Shape ``(M, k)``: the points, each in the relative interior of its support's face.
    supports : tuple of tuple of int
        The support of each point.
    payoffs : numpy.ndarray
        Shape ``(M, k)``: :math:`f_s(x)` of every strategy at each point.
    residuals : numpy.ndarray
        Shape ``(M,)``: largest payoff difference within the support, relative to the payoff
        range of the game.
    certified : numpy.ndarray of bool
        ``True`` for points proved to be the unique solution in a small box (Krawczyk test) or
        vertices; ``False`` for roots of even multiplicity and tight clusters.
    degenerate_supports : tuple of tuple of int
        Supports on which the equal-payoff set was found not to be a finite set of points (a
        curve or a whole face of ties), or could not be resolved within the box budget. Their
        points are not listed.
    success : bool
        ``True`` when every support was fully resolved (``degenerate_supports`` is empty).
    message : str
        What was not resolved, if anything.

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> from gamegroup.equilibria import equal_payoff_points
    >>> points = equal_payoff_points(public_goods(group_size=3, multiplier=2.4))
    >>> points.supports
    ((0,), (1,))
    >>> len(points)
    2
    """

    states: NDArray[np.float64]
    supports: tuple[tuple[int, ...], ...]
    payoffs: NDArray[np.float64]
    residuals: NDArray[np.float64]
    certified: NDArray[np.bool_]
    degenerate_supports: tuple[tuple[int, ...], ...]
    success: bool
    message: str

    def __len__(self) -> int:
        return int(self.states.shape[0])

    def to_frame(self) -> pd.DataFrame:
        """One row per point: the state, its support, payoffs, residual and certification.

        Examples
        --------
        >>> from gamegroup.games import public_goods
        >>> from gamegroup.equilibria import equal_payoff_points
        >>> frame = equal_payoff_points(public_goods(group_size=3, multiplier=2.4)).to_frame()
        >>> list(frame.columns)
        ['x0', 'x1', 'support', 'f0', 'f1', 'residual', 'certified']
        """
        k = self.states.shape[1]
        data: dict[str, Any] = {f"x{s}": self.states[:, s] for s in range(k)}
        data["support"] = list(self.supports)
        data.update({f"f{s}": self.payoffs[:, s] for s in range(k)})
        data["residual"] = self.residuals
        data["certified"] = self.certified
        import pandas as pd

        return pd.DataFrame(data)


@result_type
class PureEquilibriumClasses(Result):
    r"""Pure Nash equilibria of a symmetric game, one row per count class (composition).

    Attributes
    ----------
    counts : numpy.ndarray
        Shape ``(M, k)``: how many of the ``N`` players use each strategy.
    n_profiles : tuple of int
        Number of pure profiles in each class, :math:`N! / \\prod_s m_s!` (exact integers).
    payoffs : numpy.ndarray
        Shape ``(M, k)``: the payoff of a player using each strategy (NaN where unused).

    Examples
    --------
    A threshold public goods game with N = 4 players and threshold T = 2 has
    C(4, 2) + 1 = 7 pure equilibria in two classes:

    >>> from gamegroup.games import public_goods
    >>> from gamegroup.equilibria import symmetric_pure_equilibria
    >>> classes = symmetric_pure_equilibria(public_goods(group_size=4, multiplier=3.0, threshold=2))
    >>> classes.counts
    array([[4, 0],
           [2, 2]])
    >>> classes.n_profiles, classes.total_profiles
    ((1, 6), 7)
    """

    counts: NDArray[np.int64]
    n_profiles: tuple[int, ...]
    payoffs: NDArray[np.float64]

    @property
    def total_profiles(self) -> int:
        """Total number of pure equilibrium profiles over all classes."""
        return int(sum(self.n_profiles))

    def __len__(self) -> int:
        return int(self.counts.shape[0])


@result_type
class ESSClassification(Result):
    """Whether a state of a symmetric game is an evolutionarily stable strategy.

    Attributes
    ----------
    state : numpy.ndarray
        The classified state.
    status : str
        ``"ess"``, ``"not_ess"`` or ``"undecided"`` (a degenerate case that second-order
        conditions cannot settle).
    reason : str
        Why, in words.

    Examples
    --------
    >>> from gamegroup.games import SymmetricGame
    >>> from gamegroup.equilibria import classify_ess
    >>> hawk_dove = SymmetricGame([[-1, 2], [0, 1]], group_size=2)
    >>> classify_ess(hawk_dove, [0.5, 0.5]).status
    'ess'
    """

    state: NDArray[np.float64]
    status: str
    reason: str

    @property
    def is_ess(self) -> bool:
        """``True`` only when the status is ``"ess"``."""
        return self.status == "ess"


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def _check_game(game: Any) -> SymmetricGame:
    return check_type(game, "game", SymmetricGame, "a SymmetricGame")  # type: ignore[no-any-return]


def _face_columns(game: SymmetricGame, support: Sequence[int]) -> NDArray[np.int64]:
    """Columns of the table whose co-players use only the strategies of ``support``."""
    n = game.group_size - 1
    sub = compositions(n, len(support))
    embedded = np.zeros((sub.shape[0], game.n_strategies), dtype=np.int64)
    embedded[:, list(support)] = sub
    return composition_index(embedded)


def _gain_tables(game: SymmetricGame, support: Sequence[int]) -> NDArray[np.float64]:
    """Simplex Bernstein coefficients of f_s - f_{s0}, s in support[1:], on the face."""
    columns = _face_columns(game, support)
    table = game.payoffs[:, columns]
    first = support[0]
    return np.stack([table[s] - table[first] for s in support[1:]])


def _refine_1d(coefficients: NDArray[np.float64], low: float, high: float) -> float:
    """Locate a root of even multiplicity: the extremum of the polynomial in [low, high]."""
    slope = bernstein.derivative(coefficients)
    a, b = low, high
    fa, fb = bernstein.evaluate(slope, [a, b])
    if fa == 0.0:
        return a
    if fb == 0.0 or np.sign(fa) == np.sign(fb):
        values = bernstein.evaluate(coefficients, np.linspace(a, b, 33))
        return float(np.linspace(a, b, 33)[np.argmin(np.abs(values))])
    for _ in range(80):
        middle = 0.5 * (a + b)
        fm = bernstein.evaluate(slope, [middle])[0]
        if fm == 0.0:
            return middle
        if np.sign(fm) == np.sign(fa):
            a, fa = middle, fm
        else:
            b = middle
    return 0.5 * (a + b)


def _state_on_face(k: int, support: Sequence[int], u: NDArray[np.float64]) -> NDArray[np.float64]:
    x = np.zeros(k)
    x[list(support)] = bernstein.stick_breaking(u)
    return x


def _support_points(
    game: SymmetricGame, support: tuple[int, ...], max_boxes: int
) -> tuple[list[NDArray[np.float64]], list[bool], bool]:
    """Equal-payoff points of one support (relative interior); flag continua."""
    k = game.n_strategies
    if len(support) == 1:
        x = np.zeros(k)
        x[support[0]] = 1.0
        return [x], [True], False
    n = game.group_size - 1
    gains = _gain_tables(game, support)
    scale = payoff_spread(game.payoffs)
    if np.max(np.abs(gains)) <= _ROOT_BAND * scale:
        return [], [], True
    tensor = bernstein.simplex_to_tensor(gains, n, len(support))
    found = bernstein.solve_system(
        tensor,
        n,
        zero_tol=_ROOT_BAND * scale / max(float(np.max(np.abs(tensor))), 1e-300),
        min_width=1e-10 if len(support) == 2 else 1e-7,
        max_boxes=max_boxes,
    )
    points: list[NDArray[np.float64]] = []
    certified: list[bool] = []
    degenerate = not found.complete
    for u in found.roots:
        x = _state_on_face(k, support, u)
        if np.min(x[list(support)]) > _INTERIOR:
            points.append(x)
            certified.append(True)
    for box in found.unresolved:
        if np.max(box[1] - box[0]) > _CLUSTER_WIDTH:
            degenerate = True
            continue
        if np.any(box[0] <= _BOUNDARY) or np.any(box[1] >= 1.0 - _BOUNDARY):
            # A cluster on the boundary of the face belongs to a smaller support.
            continue
        if len(support) == 2:
            u = np.array([_refine_1d(tensor[0], float(box[0, 0]), float(box[1, 0]))])
        else:
            u = 0.5 * (box[0] + box[1])
        x = _state_on_face(k, support, u)
        if np.min(x[list(support)]) > _INTERIOR:
            points.append(x)
            certified.append(False)
    return points, certified, degenerate


def _all_supports(k: int) -> list[tuple[int, ...]]:
    return [s for size in range(1, k + 1) for s in combinations(range(k), size)]


def _check_supports(supports: Iterable[Sequence[int]] | None, k: int) -> list[tuple[int, ...]]:
    if supports is None:
        return _all_supports(k)
    checked: list[tuple[int, ...]] = []
    for support in supports:
        try:
            values = tuple(sorted(int(s) for s in support))
        except (TypeError, ValueError) as error:
            raise TypeError(
                f"`supports` must be an iterable of sequences of strategy indices; got {support!r}."
            ) from error
        if not values or len(set(values)) != len(values) or values[0] < 0 or values[-1] >= k:
            raise ValueError(
                f"`supports` must contain non-empty sets of distinct strategies in 0..{k - 1}; "
                f"got {support!r}."
            )
        checked.append(values)
    return sorted(set(checked), key=lambda s: (len(s), s))


# --------------------------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------------------------
def gain_function_roots(game: SymmetricGame, *, tol: float = _ROOT_BAND) -> GainFunctionRoots:
    r"""Return every root in [0, 1] of the gain function of a two-strategy symmetric game.

    The gain function :math:`g(p) = f_1(p) - f_0(p)` has Bernstein coefficients
    :math:`P[1, j] - P[0, j]` (see the module docstring); its roots are isolated by Bernstein
    subdivision, each simple root certified by a sign change, multiple roots located by the
    extremum of :math:`g`.

    Parameters
    ----------
    game : SymmetricGame
        A game with exactly 2 strategies.
    tol : float
        Values of :math:`|g|` below ``tol`` times the payoff range count as zero.

    Returns
    -------
    GainFunctionRoots

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gamegroup.games.SymmetricGame`.
    ValueError
        If the game does not have 2 strategies, or ``tol <= 0``.

    References
    ----------
    Pacheco, J. M., Santos, F. C., Souza, M. O., & Skyrms, B. (2009). Evolutionary dynamics of
    collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*, 276, 315–321.

    Examples
    --------
    An N-person stag hunt (threshold public goods, N = 10, T = 5, r = 8) has two interior
    roots: an unstable coordination point and a stable coexistence point (Pacheco et al. 2009).

    >>> from gamegroup.games import public_goods
    >>> from gamegroup.equilibria import gain_function_roots
    >>> found = gain_function_roots(public_goods(group_size=10, multiplier=8.0, threshold=5))
    >>> found.roots.round(4)
    array([0.3468, 0.7068])
    >>> bool(found.simple.all())
    True
    """
    game = _check_game(game)
    if game.n_strategies != 2:
        raise ValueError(
            f"`game` must have exactly 2 strategies for a gain function; got {game.n_strategies}."
        )
    tolerance = check_tolerance(tol, "tol")
    scale = payoff_spread(game.payoffs)
    coefficients = game.payoffs[1] - game.payoffs[0]
    band = tolerance * scale
    if np.max(np.abs(coefficients)) <= band:
        return GainFunctionRoots(np.empty(0), np.empty(0, dtype=bool), True)
    roots: list[float] = []
    simple: list[bool] = []
    n = coefficients.size - 1
    # Endpoint roots, deflated so that the interior search sees a polynomial nonzero there.
    interior = coefficients.copy()
    if abs(interior[0]) <= band:
        roots.append(0.0)
        simple.append(abs(interior[1]) > band if n >= 1 else False)
    if abs(interior[-1]) <= band:
        roots.append(1.0)
        simple.append(abs(interior[-2]) > band if n >= 1 else False)
    found = bernstein.solve_system(
        interior[None, :],
        n,
        zero_tol=band / float(np.max(np.abs(interior))),
        min_width=1e-10,
    )
    for (p,) in found.roots:
        if 0.0 < p < 1.0 and not any(abs(p - q) < 1e-9 for q in roots):
            roots.append(float(p))
            simple.append(True)
    for box in found.unresolved:
        low, high = float(box[0, 0]), float(box[1, 0])
        p = _refine_1d(coefficients, low, high)
        if any(abs(p - q) < max(1e-9, high - low) for q in roots):
            continue
        roots.append(p)
        simple.append(False)
    order = np.argsort(roots)
    return GainFunctionRoots(
        np.array(roots, dtype=np.float64)[order], np.array(simple, dtype=bool)[order], False
    )


def equal_payoff_points(
    game: SymmetricGame,
    *,
    supports: Iterable[Sequence[int]] | None = None,
    max_boxes: int = 20_000,
) -> EqualPayoffPoints:
    r"""Return all states at which every strategy of a support earns the same payoff.

    For each support :math:`S` the points are the solutions of :math:`f_s(x) = f_{s_0}(x)`,
    :math:`s \in S`, in the relative interior of the face :math:`\Delta_S` (see the module
    docstring). Together they are the rest points of the replicator dynamics; the symmetric
    Nash equilibria are those where no other strategy earns more. Vertices (supports of size
    1) are always included.

    Parameters
    ----------
    game : SymmetricGame
    supports : iterable of sequences of int, optional
        Restrict the search to these supports. Default: all :math:`2^k - 1` supports.
    max_boxes : int
        Budget of subdivision boxes per support; a support that exhausts it is reported in
        ``degenerate_supports``.

    Returns
    -------
    EqualPayoffPoints
        Points ordered by support (size, then lexicographically), then by state.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gamegroup.games.SymmetricGame`.
    ValueError
        If a support is empty, repeats a strategy or names one outside ``0..k-1``.

    References
    ----------
    Sherbrooke, E. C., & Patrikalakis, N. M. (1993). Computation of the solutions of nonlinear
    polynomial systems. *Computer Aided Geometric Design*, 10, 379–405.

    Examples
    --------
    Rock–paper–scissors as a 2-player symmetric game: the vertices and the barycentre (no edge
    point: on each edge one strategy always beats the other).

    >>> from gamegroup.games import SymmetricGame
    >>> from gamegroup.equilibria import equal_payoff_points
    >>> rps = SymmetricGame([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], group_size=2)
    >>> points = equal_payoff_points(rps)
    >>> points.supports
    ((0,), (1,), (2,), (0, 1, 2))
    >>> points.states[-1].round(6)
    array([0.333333, 0.333333, 0.333333])
    >>> bool(points.certified.all()), points.success
    (True, True)
    """
    game = _check_game(game)
    budget = check_int(max_boxes, "max_boxes", minimum=1)
    chosen = _check_supports(supports, game.n_strategies)
    states: list[NDArray[np.float64]] = []
    point_supports: list[tuple[int, ...]] = []
    flags: list[bool] = []
    degenerate: list[tuple[int, ...]] = []
    for support in chosen:
        points, certified, is_degenerate = _support_points(game, support, budget)
        if is_degenerate:
            degenerate.append(support)
            continue
        order = sorted(range(len(points)), key=lambda i: tuple(points[i]))
        for i in order:
            states.append(points[i])
            point_supports.append(support)
            flags.append(certified[i])
    k = game.n_strategies
    state_array = np.array(states).reshape(-1, k)
    payoffs = game._infinite_population_payoffs(state_array) if len(states) else np.empty((0, k))
    scale = payoff_spread(game.payoffs)
    residuals = np.array(
        [
            float(np.ptp(payoffs[i, list(s)])) / scale if len(s) > 1 else 0.0
            for i, s in enumerate(point_supports)
        ]
    )
    message = (
        "all supports resolved"
        if not degenerate
        else "the equal-payoff set is not a finite set of points (or was not resolved) on "
        f"supports {degenerate}; their points are not listed"
    )
    return EqualPayoffPoints(
        states=state_array,
        supports=tuple(point_supports),
        payoffs=payoffs,
        residuals=residuals,
        certified=np.array(flags, dtype=bool),
        degenerate_supports=tuple(degenerate),
        success=not degenerate,
        message=message,
    )


def _symmetric_equilibrium(
    game: SymmetricGame, x: NDArray[np.float64], payoffs: NDArray[np.float64], method: str
) -> Equilibrium:
    scale = payoff_spread(game.payoffs)
    average = float(x @ payoffs)
    regret = max(0.0, float(payoffs.max() - average)) / scale
    support = tuple(int(s) for s in np.flatnonzero(x > 0))
    n = game.group_size
    exact = len(support) == 1 and bool(payoffs[support[0]] >= payoffs.max())
    return Equilibrium(
        strategies=(x,) * n,
        payoffs=np.full(n, average),
        regret=regret,
        support=(support,) * n,
        method=method,
        verified_exactly=exact,
    )


def symmetric_nash_equilibria(
    game: SymmetricGame, *, tol: float = DEFAULT_TOL, max_boxes: int = 20_000
) -> tuple[Equilibrium, ...]:
    r"""Return every symmetric Nash equilibrium (all players use the same mixed strategy).

    The equal-payoff points of every support (:func:`equal_payoff_points`) at which no strategy
    outside the support earns more than ``tol`` times the payoff range above the support's
    payoff. For two strategies these are :math:`p = 0` if :math:`g(0) \le 0`, :math:`p = 1`
    if :math:`g(1) \ge 0`, and every root of the gain function in between.

    Parameters
    ----------
    game : SymmetricGame
    tol : float
        Tolerance on the regret, relative to the payoff range of the table.
    max_boxes : int
        Subdivision budget per support (see :func:`equal_payoff_points`).

    Returns
    -------
    tuple of Equilibrium
        Each with ``N`` identical strategies, ordered by support then state. When a support's
        equal-payoff set is a continuum (see ``equal_payoff_points(game).degenerate_supports``)
        its points are not listed.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gamegroup.games.SymmetricGame`.
    ValueError
        If ``tol <= 0``.

    References
    ----------
    Pacheco, J. M., Santos, F. C., Souza, M. O., & Skyrms, B. (2009). Evolutionary dynamics of
    collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*, 276, 315–321.

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> from gamegroup.equilibria import symmetric_nash_equilibria
    >>> game = public_goods(group_size=10, multiplier=8.0, threshold=5)
    >>> [eq.strategies[0].round(4).tolist() for eq in symmetric_nash_equilibria(game)]
    [[1.0, 0.0], [0.2932, 0.7068], [0.6532, 0.3468]]
    """
    game = _check_game(game)
    tolerance = check_tolerance(tol, "tol")
    points = equal_payoff_points(game, max_boxes=max_boxes)
    scale = payoff_spread(game.payoffs)
    found: list[Equilibrium] = []
    for i in range(len(points)):
        x = points.states[i]
        f = points.payoffs[i]
        support = list(points.supports[i])
        if points.residuals[i] > tolerance:
            continue
        level = float(f[support].max())
        if float(f.max()) - level <= tolerance * scale:
            found.append(_symmetric_equilibrium(game, x, f, "symmetric"))
    return sort_equilibria(found)


def symmetric_pure_equilibria(
    game: SymmetricGame, *, tol: float = DEFAULT_TOL
) -> PureEquilibriumClasses:
    r"""Return every pure Nash equilibrium of a symmetric game, grouped by count class.

    Each composition :math:`m` of the :math:`N` players over the :math:`k` strategies is tested
    once (vectorised), not each of the :math:`\binom{N}{m}` profiles it stands for.

    Parameters
    ----------
    game : SymmetricGame
    tol : float
        A deviation must gain more than ``tol`` times the payoff range to break an equilibrium.

    Returns
    -------
    PureEquilibriumClasses
        Classes in the canonical order of compositions (most players on strategy 0 first).

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gamegroup.games.SymmetricGame`.
    ValueError
        If ``tol <= 0``.

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> from gamegroup.equilibria import symmetric_pure_equilibria
    >>> game = public_goods(group_size=200, multiplier=5.0, threshold=50)
    >>> classes = symmetric_pure_equilibria(game)
    >>> classes.counts.tolist(), classes.n_profiles[0]
    ([[200, 0], [150, 50]], 1)
    """
    game = _check_game(game)
    tolerance = check_tolerance(tol, "tol")
    n, k = game.group_size, game.n_strategies
    scale = payoff_spread(game.payoffs)
    profiles = compositions(n, k)
    payoffs, gains = pure_profile_gains(game, profiles)
    stable = np.all(np.isnan(gains) | (gains <= tolerance * scale), axis=1)
    chosen = profiles[stable]
    counts_of = tuple(
        factorial(n) // int(np.prod([factorial(int(c)) for c in row])) for row in chosen
    )
    return PureEquilibriumClasses(
        counts=chosen.astype(np.int64), n_profiles=counts_of, payoffs=payoffs[stable]
    )


def pure_profile_gains(
    game: SymmetricGame, profiles: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return each strategy's payoff in pure group profiles, and its gain from the best switch.

    ``profiles`` has shape ``(P, k)``: how many of the ``N`` players use each strategy. Both
    results have that shape, with NaN for strategies nobody uses.
    """
    payoffs = np.full(profiles.shape, np.nan)
    gains = np.full(profiles.shape, np.nan)
    for s in range(game.n_strategies):
        present = profiles[:, s] > 0
        others = profiles[present].copy()
        others[:, s] -= 1
        columns = composition_index(others)
        payoffs[present, s] = game.payoffs[s, columns]
        gains[present, s] = game.payoffs[:, columns].max(axis=0) - payoffs[present, s]
    return payoffs, gains


def _payoff_jacobian(game: SymmetricGame, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """J[s, j] = d f_s / d x_j of the homogeneous extension, at x."""
    n = game.group_size - 1
    k = game.n_strategies
    if n == 0:
        return np.zeros((k, k))
    lower = compositions(n - 1, k)
    jacobian = np.empty((k, k))
    weights = multinomial_probabilities(lower, x[None, :])[0]
    for j in range(k):
        shifted = lower.copy()
        shifted[:, j] += 1
        columns = composition_index(shifted)
        jacobian[:, j] = n * (game.payoffs[:, columns] @ weights)
    return jacobian


def _classify_two_strategies(
    game: SymmetricGame, x: NDArray[np.float64], tolerance: float
) -> ESSClassification:
    coefficients = game.payoffs[1] - game.payoffs[0]
    scale = payoff_spread(game.payoffs)
    band = tolerance * scale
    p = float(x[1])
    found = gain_function_roots(game, tol=min(tolerance, _ROOT_BAND))
    if found.identically_zero:
        return ESSClassification(x, "not_ess", "every state earns the same payoff (neutral)")
    others = [r for r in found.roots if abs(r - p) > 1e-9]
    left_gap = min([p - r for r in others if r < p] + [p])
    right_gap = min([r - p for r in others if r > p] + [1.0 - p])
    g_here = float(bernstein.evaluate(coefficients, [p])[0])
    if 0.0 < p < 1.0 and abs(g_here) > band:
        return ESSClassification(x, "not_ess", "not a Nash equilibrium")
    if p == 0.0 and g_here > band:
        return ESSClassification(x, "not_ess", "not a Nash equilibrium: strategy 1 earns more")
    if p == 1.0 and g_here < -band:
        return ESSClassification(x, "not_ess", "not a Nash equilibrium: strategy 0 earns more")
    left = float(bernstein.evaluate(coefficients, [p - left_gap / 2])[0]) if p > 0 else None
    right = float(bernstein.evaluate(coefficients, [p + right_gap / 2])[0]) if p < 1 else None
    if p == 0.0 and g_here < -band:
        return ESSClassification(x, "ess", "strict Nash equilibrium")
    if p == 1.0 and g_here > band:
        return ESSClassification(x, "ess", "strict Nash equilibrium")
    # Below p the gain must be positive (strategy 1 recovers), above p negative.
    if (left is not None and not left > 0) or (right is not None and not right < 0):
        return ESSClassification(x, "not_ess", "a nearby mutant does at least as well")
    return ESSClassification(x, "ess", "the gain function points back to the state from both sides")


def classify_ess(
    game: SymmetricGame, state: ArrayLike, *, tol: float = DEFAULT_TOL
) -> ESSClassification:
    r"""Decide whether ``state`` is an evolutionarily stable strategy of a symmetric game.

    For two strategies the decision is exact: the sign of the gain function on both sides of
    the state (an interior ESS is a root where :math:`g` goes from positive to negative). For
    :math:`k \ge 3`: not a Nash equilibrium :math:`\Rightarrow` not an ESS; a strict pure
    equilibrium is an ESS; otherwise the quadratic form :math:`z^\top Df(x) z` on the tangent
    space of the best replies decides when it is negative definite (ESS) or takes a positive
    value on an admissible direction (not an ESS), and the case is ``"undecided"`` otherwise.

    Parameters
    ----------
    game : SymmetricGame
    state : array_like
        A point of the simplex with ``k`` entries.
    tol : float
        Tolerance on payoff comparisons, relative to the payoff range of the table.

    Returns
    -------
    ESSClassification

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gamegroup.games.SymmetricGame`.
    ValueError
        If ``state`` is not on the simplex or ``tol <= 0``.

    References
    ----------
    Maynard Smith, J., & Price, G. R. (1973). The logic of animal conflict. *Nature*, 246,
    15–18.

    Broom, M., Cannings, C., & Vickers, G. T. (1997). Multi-player matrix games. *Bulletin of
    Mathematical Biology*, 59, 931–952.

    Examples
    --------
    In the N-person stag hunt the upper interior root is stable, the lower one is not:

    >>> from gamegroup.games import public_goods
    >>> from gamegroup.equilibria import classify_ess, gain_function_roots
    >>> game = public_goods(group_size=10, multiplier=8.0, threshold=5)
    >>> low, high = gain_function_roots(game).roots
    >>> classify_ess(game, [1 - low, low]).status, classify_ess(game, [1 - high, high]).status
    ('not_ess', 'ess')
    """
    game = _check_game(game)
    tolerance = check_tolerance(tol, "tol")
    x = check_simplex(state, "state", size=game.n_strategies)
    if x.ndim != 1:
        raise ValueError(f"`state` must be a single point (1-dimensional); got shape {x.shape}.")
    k = game.n_strategies
    if k == 1:
        return ESSClassification(x, "ess", "the only strategy")
    if k == 2:
        return _classify_two_strategies(game, x, tolerance)
    scale = payoff_spread(game.payoffs)
    f = game._infinite_population_payoffs(x)
    support = np.flatnonzero(x > 0)
    best = float(f.max())
    if best - float(f[support].min()) > tolerance * scale:
        return ESSClassification(x, "not_ess", "not a Nash equilibrium")
    replies = np.flatnonzero(f >= best - tolerance * scale)
    if replies.size == 1:
        return ESSClassification(x, "ess", "strict Nash equilibrium")
    jacobian = _payoff_jacobian(game, x)
    symmetric = 0.5 * (jacobian + jacobian.T)
    first = replies[0]
    basis = np.zeros((k, replies.size - 1))
    for column, j in enumerate(replies[1:]):
        basis[j, column] = 1.0
        basis[first, column] = -1.0
    form = basis.T @ symmetric @ basis
    eigenvalues = np.linalg.eigvalsh(form)
    threshold = tolerance * scale
    if eigenvalues.max() < -threshold:
        return ESSClassification(x, "ess", "regular ESS: negative definite on the best replies")
    if game.group_size == 2 and replies.size == support.size:
        # Payoffs are linear in the state: the second-order term is the whole condition.
        return ESSClassification(
            x, "not_ess", "a mutant within the support does at least as well (pairwise game)"
        )
    # Admissible directions: within the support (both signs) and towards unused best replies.
    if support.size > 1:
        inner = np.zeros((k, support.size - 1))
        for column, j in enumerate(support[1:]):
            inner[j, column] = 1.0
            inner[support[0], column] = -1.0
        if np.linalg.eigvalsh(inner.T @ symmetric @ inner).max() > threshold:
            return ESSClassification(
                x, "not_ess", "a mutant within the support earns more (second order)"
            )
    for j in replies:
        if x[j] > 0:
            continue
        z = -x.copy()
        z[j] += 1.0
        if float(z @ symmetric @ z) > threshold:
            return ESSClassification(
                x, "not_ess", f"a mutant playing strategy {int(j)} earns more (second order)"
            )
    return ESSClassification(
        x, "undecided", "degenerate: the second-order condition is only semidefinite"
    )


def evolutionarily_stable_strategies(
    game: SymmetricGame, *, tol: float = DEFAULT_TOL
) -> tuple[Equilibrium, ...]:
    """Return the symmetric Nash equilibria that :func:`classify_ess` classifies as ESS.

    Parameters
    ----------
    game : SymmetricGame
    tol : float
        As for :func:`symmetric_nash_equilibria`.

    Returns
    -------
    tuple of Equilibrium

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~gamegroup.games.SymmetricGame`.
    ValueError
        If ``tol <= 0``.

    References
    ----------
    Maynard Smith, J., & Price, G. R. (1973). The logic of animal conflict. *Nature*, 246,
    15–18.

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> from gamegroup.equilibria import evolutionarily_stable_strategies
    >>> game = public_goods(group_size=10, multiplier=8.0, threshold=5)
    >>> [float(eq.strategies[0][1].round(4)) for eq in evolutionarily_stable_strategies(game)]
    [0.0, 0.7068]
    """
    game = _check_game(game)
    tolerance = check_tolerance(tol, "tol")
    return tuple(
        eq
        for eq in symmetric_nash_equilibria(game, tol=tolerance)
        if classify_ess(game, eq.strategies[0], tol=tolerance).is_ess
    )


__all__ = [
    "ESSClassification",
    "EqualPayoffPoints",
    "GainFunctionRoots",
    "PureEquilibriumClasses",
    "classify_ess",
    "equal_payoff_points",
    "evolutionarily_stable_strategies",
    "gain_function_roots",
    "symmetric_nash_equilibria",
    "symmetric_pure_equilibria",
]
