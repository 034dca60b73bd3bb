r"""Rest points of the replicator dynamics of a symmetric game, and their stability.

The rest points of :math:`\dot x_i = x_i (f_i(x) - \bar f(x))` are the states at which every
strategy in use earns the same payoff: on each face :math:`\Delta_S` of the simplex, the
solutions of :math:`f_s(x) = f_{s_0}(x)`, :math:`s \in S`. They are found by the symmetric
solvers of :mod:`gamegroup.equilibria.symmetric`:

* **two strategies** — the roots in :math:`[0, 1]` of the gain function
  :math:`g(p) = f_1(p) - f_0(p)`, a polynomial in Bernstein form whose coefficients are the
  payoff differences :math:`P[1, j] - P[0, j]`, isolated by Bernstein subdivision
  (:func:`~gamegroup.equilibria.gain_function_roots`), plus the two vertices. Stability is decided
  exactly from the sign of :math:`g` between consecutive rest points (:math:`\dot p =
  p(1-p)g(p)`): a rest point is *stable* when the flow on both sides points to it, *unstable*
  when it points away on both sides, *semi-stable* otherwise (a root of even multiplicity);
* **three or more strategies** — the equal-payoff points of every support, isolated by
  Bernstein subdivision and certified one by one by a Krawczyk test
  (:func:`~gamegroup.equilibria.equal_payoff_points`). Stability comes from the eigenvalues of the
  Jacobian of the vector field restricted to the tangent space of the simplex,
  :math:`\{z : \sum_i z_i = 0\}`: with :math:`Df` the payoff Jacobian,

  .. math::

      J = \operatorname{diag}(f - \bar f) + \operatorname{diag}(x)\,
          \big(Df - \mathbf 1 (f + x^\top Df)^\top\big), \qquad
      J_T = B^\top J B,

  where the columns of :math:`B` are an orthonormal basis of the tangent space. At a rest point
  on a face, the eigenvalues include the invasion rates :math:`f_j - \bar f` of the unused
  strategies (Hofbauer & Sigmund 1998, ch. 7). *Stable*: every real part negative; *unstable*:
  some real part positive (*saddle* if another is negative); *non-hyperbolic*: the largest real
  part is zero within the tolerance (e.g. the centre of rock-paper-scissors).

Each rest point is also marked as a symmetric Nash equilibrium or not, and classified as an ESS
by :func:`~gamegroup.equilibria.classify_ess`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from scipy.linalg import null_space

from gamegroup._results import Result, result_type
from gamegroup._validation import check_tolerance
from gamegroup.dynamics._population_games import as_symmetric_game
from gamegroup.equilibria import classify_ess, equal_payoff_points, gain_function_roots
from gamegroup.equilibria.equilibrium import payoff_spread
from gamegroup.equilibria.symmetric import _payoff_jacobian  # the one payoff Jacobian
from gamegroup.games import SymmetricGame

if TYPE_CHECKING:
    import pandas as pd

STABILITY = ("stable", "unstable", "saddle", "semi_stable", "non_hyperbolic")
"""Labels used in :attr:`RestPoints.stability`."""


@result_type
class RestPoints(Result):
    r"""The rest points of the replicator dynamics of a symmetric game.

    Attributes
    ----------
    states : numpy.ndarray
        Shape ``(M, k)``, ordered by support (size, then lexicographically), then by state.
    supports : tuple of tuple of int
        The strategies in use at each rest point.
    eigenvalues : numpy.ndarray
        Shape ``(M, k - 1)``, complex: eigenvalues of the Jacobian restricted to the simplex,
        sorted by decreasing real part.
    stability : tuple of str
        One of :data:`STABILITY` per rest point.
    nash : numpy.ndarray of bool
        Whether the rest point is a symmetric Nash equilibrium (no unused strategy earns more).
    ess : tuple of str
        :func:`~gamegroup.equilibria.classify_ess` status: ``"ess"``, ``"not_ess"`` or
        ``"undecided"``.
    certified : numpy.ndarray of bool
        Whether the point was certified (a simple root, or a Krawczyk-verified solution).
    success : bool
        ``False`` when some rest points form a continuum or could not be resolved.
    message : str
    strategy_names : tuple of str

    Examples
    --------
    >>> from gamegroup.games import public_goods
    >>> found = rest_points(public_goods(group_size=10, multiplier=8.0, threshold=5))
    >>> found.states[:, 1].round(4)
    array([0.    , 0.3468, 0.7068, 1.    ])
    >>> found.stability
    ('stable', 'unstable', 'stable', 'unstable')
    """

    states: NDArray[np.float64]
    supports: tuple[tuple[int, ...], ...]
    eigenvalues: NDArray[np.complex128]
    stability: tuple[str, ...]
    nash: NDArray[np.bool_]
    ess: tuple[str, ...]
    certified: NDArray[np.bool_]
    success: bool
    message: str
    strategy_names: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.states.shape[0])

    def to_frame(self) -> pd.DataFrame:
        """Return one row per rest point: the state, support, stability, Nash and ESS flags."""
        import pandas as pd

        frame = pd.DataFrame(np.asarray(self.states), columns=list(self.strategy_names))
        frame["support"] = list(self.supports)
        frame["stability"] = list(self.stability)
        frame["largest_real_part"] = (
            np.real(np.asarray(self.eigenvalues))[:, 0] if self.eigenvalues.size else np.nan
        )
        frame["nash"] = np.asarray(self.nash)
        frame["ess"] = list(self.ess)
        frame["certified"] = np.asarray(self.certified)
        return frame


def _jacobian(game: SymmetricGame, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Jacobian of the replicator vector field at ``x`` (homogeneous extension of the payoffs)."""
    f = game._infinite_population_payoffs(x)
    derivative = _payoff_jacobian(game, x)  # [s, j] = d f_s / d x_j
    average = float(x @ f)
    gradient_of_average = f + x @ derivative  # d (x . f) / d x_j
    return np.diag(f - average) + x[:, None] * (derivative - gradient_of_average[None, :])


def _tangent_eigenvalues(game: SymmetricGame, x: NDArray[np.float64]) -> NDArray[np.complex128]:
    basis = null_space(np.ones((1, game.n_strategies)))  # orthonormal, shape (k, k - 1)
    restricted = basis.T @ _jacobian(game, x) @ basis
    values = np.linalg.eigvals(restricted).astype(np.complex128)
    return values[np.argsort(-values.real, kind="stable")]


def _classify_by_eigenvalues(values: NDArray[np.complex128], threshold: float) -> str:
    real = values.real
    if real.max() > threshold:
        return "saddle" if real.min() < -threshold else "unstable"
    if real.max() < -threshold:
        return "stable"
    return "non_hyperbolic"


def _two_strategy_points(
    game: SymmetricGame, tolerance: float
) -> tuple[NDArray[np.float64], list[str], NDArray[np.bool_], bool, str]:
    found = gain_function_roots(game, tol=min(tolerance, 1e-12))
    if found.identically_zero:
        return (
            np.empty(0),
            [],
            np.empty(0, dtype=bool),
            False,
            "Every state is a rest point: both strategies always earn the same payoff.",
        )
    interior = [(float(p), bool(s)) for p, s in zip(found.roots, found.simple, strict=True)]
    interior = [(p, s) for p, s in interior if 0.0 < p < 1.0]
    points = np.array([0.0, *(p for p, _ in interior), 1.0])
    certified = np.array([True, *(s for _, s in interior), True])
    middles = 0.5 * (points[:-1] + points[1:])
    # g at the middle of each interval between consecutive rest points (no root inside).
    gains = game._infinite_population_payoffs(np.column_stack([1 - middles, middles]))
    signs = np.sign(gains[:, 1] - gains[:, 0])
    stability = []
    last = points.size - 1
    for index in range(points.size):
        # The flow on the interval below moves up to the point when g > 0 there, and the flow
        # above moves down to it when g < 0; a vertex has only one side.
        from_left = signs[index - 1] > 0 if index > 0 else signs[0] < 0
        from_right = signs[index] < 0 if index < last else signs[last - 1] > 0
        if from_left and from_right:
            stability.append("stable")
        elif not from_left and not from_right:
            stability.append("unstable")
        else:
            stability.append("semi_stable")
    return points, stability, certified, True, "All rest points found (gain-function roots)."


def rest_points(game: Any, *, tol: float = 1e-9, max_boxes: int = 20_000) -> RestPoints:
    r"""Return every rest point of the replicator dynamics of a symmetric game, with stability.

    Parameters
    ----------
    game : SymmetricGame or symmetric two-player game
        Played by one infinite population (a symmetric ``NormalFormGame``, ``BimatrixGame`` or
        ``nashpy.Game`` is converted with ``group_size=2``).
    tol : float
        Tolerance relative to the payoff range: real parts of eigenvalues within it count as
        zero, and payoff comparisons for the Nash and ESS checks use it.
    max_boxes : int
        Subdivision budget per support for :math:`k \ge 3` (see
        :func:`~gamegroup.equilibria.equal_payoff_points`); supports that exhaust it, or whose
        rest points form a continuum, are reported in ``message`` with ``success=False``.

    Returns
    -------
    RestPoints

    Raises
    ------
    TypeError
        If ``game`` is not a symmetric game.
    ValueError
        If a two-player game is not symmetric or ``tol <= 0``.

    References
    ----------
    Hofbauer, J., & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*. Cambridge
    University Press.

    Pacheco, J. M., Santos, F. C., Souza, M. O., & Skyrms, B. (2009). Evolutionary dynamics of
    collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*, 276, 315–321.

    Examples
    --------
    Rock-paper-scissors with a bigger win than loss: the vertices are saddles, and the centre is
    stable and an ESS.

    >>> from gamegroup.games import SymmetricGame
    >>> rps = SymmetricGame([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], group_size=2)
    >>> found = rest_points(rps)
    >>> found.supports
    ((0,), (1,), (2,), (0, 1, 2))
    >>> found.stability
    ('saddle', 'saddle', 'saddle', 'stable')
    >>> found.ess[-1], bool(found.nash[-1])
    ('ess', True)
    """
    symmetric = as_symmetric_game(game)
    tolerance = check_tolerance(tol, "tol")
    scale = payoff_spread(symmetric.payoffs)
    k = symmetric.n_strategies
    if k == 2:
        p, stability, certified, success, message = _two_strategy_points(symmetric, tolerance)
        states = np.column_stack([1 - p, p]) if p.size else np.empty((0, 2))
        supports = tuple(tuple(int(s) for s in np.flatnonzero(x > 0)) for x in states)
    else:
        found = equal_payoff_points(symmetric, max_boxes=max_boxes)
        states, supports = np.asarray(found.states), found.supports
        certified = np.asarray(found.certified)
        success, message = found.success, found.message
        stability = []
    eigenvalues = np.array(
        [_tangent_eigenvalues(symmetric, x) for x in states], dtype=np.complex128
    ).reshape(-1, k - 1)
    if k != 2:
        stability = [_classify_by_eigenvalues(v, tolerance * scale) for v in eigenvalues]
    payoffs = symmetric._infinite_population_payoffs(states) if len(states) else states
    nash = np.array(
        [
            bool(f.max() <= f[list(s)].min() + tolerance * scale)
            for f, s in zip(payoffs, supports, strict=True)
        ],
        dtype=bool,
    )
    ess = tuple(classify_ess(symmetric, x, tol=tolerance).status for x in states)
    return RestPoints(
        states=states,
        supports=tuple(supports),
        eigenvalues=eigenvalues,
        stability=tuple(stability),
        nash=nash,
        ess=ess,
        certified=np.asarray(certified, dtype=bool),
        success=bool(success),
        message=message,
        strategy_names=symmetric.strategy_names,
    )
