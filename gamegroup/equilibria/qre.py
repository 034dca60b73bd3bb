r"""Logit quantal response equilibria: the principal branch, its limit, and the QRE at a precision.

A **logit QRE** at precision :math:`\lambda \ge 0` is a profile in which every player
:math:`i` plays each action with probability proportional to the exponential of its payoff,

.. math:: \sigma_i(a) = \frac{\exp(\lambda\, \tilde v_i(a; \sigma_{-i}))}
          {\sum_b \exp(\lambda\, \tilde v_i(b; \sigma_{-i}))}

(McKelvey & Palfrey 1995), where :math:`\tilde v_i` are deviation payoffs computed from payoffs
normalised onto :math:`[0, 1]` per player: the precision is **relative to the payoff range**, so
:math:`\lambda` means the same whatever the payoff units. At :math:`\lambda = 0` the unique QRE
is uniform play; the *principal branch* that starts there converges, as
:math:`\lambda \to \infty`, to a Nash equilibrium of generic games (the *logit solution*).

The branch is traced in :math:`(\log \sigma, \lambda)` coordinates, where it is smooth and the
probabilities of actions that vanish in the limit decay linearly (Turocy 2005), by
predictor–corrector continuation: an Euler step along the tangent (the null vector of the
Jacobian of :math:`H(w, \lambda) = 0`, with
:math:`H_{ia} = w_i(a) - w_i(0) - \lambda (\tilde v_i(a) - \tilde v_i(0))` and
:math:`\sum_a e^{w_i(a)} = 1`), then Newton's method on the hyperplane orthogonal to the
tangent, with adaptive step length (Allgower & Georg 1990). **Turning points**, where
:math:`\lambda` reverses along the branch (folds, the bifurcations of the logit correspondence
on the principal branch), are reported. At the end of the branch the support of the limit is
read off and the indifference equations are solved by Newton's method; the result is returned
only if its regret is within ``tol``.

Symmetric games are traced as one population (the symmetric logit equilibrium
:math:`x = \operatorname{softmax}(\lambda f(x))`), never expanded to the normal form.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from gamegroup._results import Result, result_type
from gamegroup._validation import check_int, check_real, check_tolerance
from gamegroup.equilibria import _smooth
from gamegroup.equilibria.equilibrium import DEFAULT_TOL, Equilibrium
from gamegroup.equilibria.verification import _as_game
from gamegroup.games import NormalFormGame, SymmetricGame

DEFAULT_MAX_PRECISION = 1e6
"""Default end of the traced branch (relative precision)."""


@result_type
class QREBranch(Result):
    r"""The principal branch of the logit QRE correspondence, as traced.

    Attributes
    ----------
    precisions : numpy.ndarray
        Shape ``(K,)``: relative precision :math:`\\lambda` at each accepted point.
    strategies : tuple of numpy.ndarray
        One array of shape ``(K, n_i)`` per player (one, ``(K, k)``, for a symmetric game).
    turning_points : numpy.ndarray
        Indices into ``precisions`` where :math:`\\lambda` reverses direction.
    limit : Equilibrium or None
        The Nash equilibrium the branch converges to, verified by its regret, or ``None``.
    success : bool
        Whether the branch was traced to the requested precision and its limit verified.
    n_steps : int
        Accepted continuation steps.
    message : str
        How the tracing ended.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import logit_qre_branch
    >>> branch = logit_qre_branch(gg.BimatrixGame([[1, -1], [-1, 1]]))
    >>> branch.success, branch.limit.strategies[0].round(6)
    (True, array([0.5, 0.5]))
    """

    precisions: NDArray[np.float64]
    strategies: tuple[NDArray[np.float64], ...]
    turning_points: NDArray[np.int64]
    limit: Equilibrium | None
    success: bool
    n_steps: int
    message: str


@result_type
class QuantalResponse(Result):
    r"""A logit QRE at one precision.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        One mixed strategy per player (one, the common strategy, for a symmetric game).
    precision : float
        The relative precision :math:`\\lambda`.
    residual : float
        Largest violation of the logit equations (in log-probabilities).
    success : bool
    message : str

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import logit_qre
    >>> logit_qre(gg.BimatrixGame([[1, -1], [-1, 1]]), 3.0).strategies[0]
    array([0.5, 0.5])
    """

    strategies: tuple[NDArray[np.float64], ...]
    precision: float
    residual: float
    success: bool
    message: str


def _residual(model: _smooth.Model, w: NDArray[np.float64], lam: float) -> NDArray[np.float64]:
    pieces = _smooth.split(w, model.sizes)
    sigma = [np.exp(p) for p in pieces]
    values = model.values(sigma)
    out = []
    for piece, v, s in zip(pieces, values, sigma, strict=True):
        out.append(piece[1:] - piece[0] - lam * (v[1:] - v[0]))
        out.append(np.array([s.sum() - 1.0]))
    return np.concatenate(out)


def _jacobian(model: _smooth.Model, w: NDArray[np.float64], lam: float) -> NDArray[np.float64]:
    sizes = model.sizes
    pieces = _smooth.split(w, sizes)
    sigma = [np.exp(p) for p in pieces]
    values = model.values(sigma)
    derivatives = model.derivatives(sigma)
    total = int(sum(sizes))
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    jacobian = np.zeros((total, total + 1))
    for i, size in enumerate(sizes):
        rows = slice(offsets[i], offsets[i + 1] - 1)
        own = np.zeros((size - 1, size))
        own[:, 1:] = np.eye(size - 1)
        own[:, 0] -= 1.0
        jacobian[rows, offsets[i] : offsets[i + 1]] += own
        for j in range(len(sizes)):
            block = derivatives[i][j]
            # d v_i / d w_j(b) = d v_i / d sigma_j(b) * sigma_j(b)
            scaled = (block[1:] - block[0]) * sigma[j][None, :]
            jacobian[rows, offsets[j] : offsets[j + 1]] -= lam * scaled
        jacobian[rows, total] = -(values[i][1:] - values[i][0])
        jacobian[offsets[i + 1] - 1, offsets[i] : offsets[i + 1]] = sigma[i]
    return jacobian


def _tangent(jacobian: NDArray[np.float64]) -> NDArray[np.float64]:
    _, _, vt = np.linalg.svd(jacobian)
    t = vt[-1]
    return np.asarray(t / np.linalg.norm(t))


def _prepare(game: Any) -> tuple[Any, _smooth.Model]:
    checked = _as_game(game)
    if not isinstance(checked, (NormalFormGame, SymmetricGame)):
        raise TypeError(
            f"`game` must be a finite game (normal-form or symmetric); got {type(game).__name__}."
        )
    return checked, _smooth.Model.of(checked)


def _trace(
    model: _smooth.Model, target: float, max_steps: int, stop_at_target: bool
) -> tuple[list[float], list[NDArray[np.float64]], list[int], str, bool]:
    """Trace the principal branch up to ``target``; returns the accepted points."""
    # A wild Newton step can overflow exp(); the finiteness test rejects it and the step is
    # retried with half the length, so the floating-point warnings carry no information.
    with np.errstate(over="ignore", invalid="ignore"):
        return _trace_steps(model, target, max_steps, stop_at_target)


def _trace_steps(
    model: _smooth.Model, target: float, max_steps: int, stop_at_target: bool
) -> tuple[list[float], list[NDArray[np.float64]], list[int], str, bool]:
    w = np.concatenate([np.full(size, -np.log(size)) for size in model.sizes])
    lam = 0.0
    z = np.append(w, lam)
    t = _tangent(_jacobian(model, w, lam))
    if t[-1] < 0:
        t = -t
    precisions = [0.0]
    points = [w.copy()]
    turning: list[int] = []
    h = 0.05
    steps = 0
    while steps < max_steps:
        if z[-1] >= target:
            return precisions, points, turning, "reached the requested precision", True
        step = h
        if stop_at_target and t[-1] > 0 and z[-1] + step * t[-1] > target:
            step = (target - z[-1]) / t[-1]
        predicted = z + step * t
        corrected = predicted.copy()
        converged = False
        for _ in range(8):
            residual = _residual(model, corrected[:-1], corrected[-1])
            jacobian = _jacobian(model, corrected[:-1], corrected[-1])
            system = np.vstack([jacobian, t])
            rhs = np.append(residual, t @ (corrected - predicted))
            try:
                delta = np.linalg.solve(system, rhs)
            except np.linalg.LinAlgError:
                break
            corrected = corrected - delta
            if not np.all(np.isfinite(corrected)):
                break
            if np.max(np.abs(delta)) < 1e-10 * (1.0 + np.max(np.abs(corrected))):
                converged = True
                break
        if not converged or np.linalg.norm(corrected - predicted) > 0.5 * max(step, 1e-3):
            h *= 0.5
            if h < 1e-12:
                return precisions, points, turning, "step size underflow", False
            continue
        new_t = _tangent(_jacobian(model, corrected[:-1], corrected[-1]))
        if new_t @ t < 0:
            new_t = -new_t
        if np.sign(new_t[-1]) != np.sign(t[-1]) and t[-1] != 0:
            turning.append(len(precisions))
        z, t = corrected, new_t
        precisions.append(float(z[-1]))
        points.append(z[:-1].copy())
        steps += 1
        h = min(h * 1.6, 1e6)
    return precisions, points, turning, f"reached max_steps={max_steps}", False


def _limit(
    game: Any, model: _smooth.Model, w: NDArray[np.float64], tol: float
) -> Equilibrium | None:
    profile = [np.exp(p) for p in _smooth.split(w, model.sizes)]
    for supports in _smooth.candidate_supports(model, profile):
        polished = _smooth.polish(model, profile, supports)
        if polished is not None and _smooth.relative_regret(model, polished) <= tol:
            return _equilibrium(game, polished, "logit")
    if _smooth.relative_regret(model, profile) <= tol:
        return _equilibrium(game, [p / p.sum() for p in profile], "logit")
    return None


def _equilibrium(game: Any, profile: list[NDArray[np.float64]], method: str) -> Equilibrium:
    from gamegroup.equilibria.verification import regret

    if isinstance(game, SymmetricGame):
        x = profile[0]
        f = game.infinite_population_payoffs(x)
        n = game.group_size
        support = tuple(int(a) for a in np.flatnonzero(x > 0))
        return Equilibrium(
            strategies=(x,) * n,
            payoffs=np.full(n, float(x @ f)),
            regret=regret(game, x, relative=True),
            support=(support,) * n,
            method=method,
        )
    strategies = tuple(profile)
    return Equilibrium(
        strategies=strategies,
        payoffs=game.expected_payoffs(list(strategies)),
        regret=regret(game, list(strategies), relative=True),
        support=tuple(tuple(int(a) for a in np.flatnonzero(s > 0)) for s in strategies),
        method=method,
    )


def logit_qre_branch(
    game: Any,
    *,
    max_precision: float = DEFAULT_MAX_PRECISION,
    max_steps: int = 2_000,
    tol: float = DEFAULT_TOL,
) -> QREBranch:
    """Trace the principal branch of the logit QRE correspondence and return its limit.

    Parameters
    ----------
    game : NormalFormGame, BimatrixGame, nashpy.Game or SymmetricGame
    max_precision : float
        Trace until the relative precision reaches this value.
    max_steps : int
        Bound on the accepted continuation steps.
    tol : float
        Largest accepted regret of the limit, relative to each player's payoff range.

    Returns
    -------
    QREBranch
        Non-convergence is reported in ``success`` and ``message``, not raised.

    Raises
    ------
    TypeError
        If ``game`` is not a finite game.
    ValueError
        If ``max_precision <= 0``, ``max_steps < 1`` or ``tol <= 0``.

    References
    ----------
    McKelvey, R. D., & Palfrey, T. R. (1995). Quantal response equilibria for normal form
    games. *Games and Economic Behavior*, 10, 6–38.

    Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
    equilibrium correspondence. *Games and Economic Behavior*, 51, 243–263.

    Allgower, E. L., & Georg, K. (1990). *Numerical Continuation Methods*. Springer.

    Examples
    --------
    In the prisoner's dilemma the branch runs to mutual defection:

    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import logit_qre_branch
    >>> branch = logit_qre_branch(gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    >>> branch.limit.support, len(branch.turning_points)
    (((1,), (1,)), 0)
    """
    checked, model = _prepare(game)
    target = check_real(max_precision, "max_precision", low=0.0, low_inclusive=False)
    steps = check_int(max_steps, "max_steps", minimum=1)
    tolerance = check_tolerance(tol, "tol")
    precisions, points, turning, message, reached = _trace(model, target, steps, False)
    limit = _limit(checked, model, points[-1], tolerance)
    if limit is None:
        message += "; the end of the branch did not refine to a verified Nash equilibrium"
    strategies = np.exp(np.array(points))
    pieces = tuple(
        np.asarray(block) for block in np.split(strategies, np.cumsum(model.sizes)[:-1], axis=1)
    )
    return QREBranch(
        precisions=np.array(precisions),
        strategies=pieces,
        turning_points=np.array(turning, dtype=np.int64),
        limit=limit,
        success=bool(limit is not None and (reached or limit is not None)),
        n_steps=len(precisions) - 1,
        message=message,
    )


def logit_qre(game: Any, precision: float, *, max_steps: int = 2_000) -> QuantalResponse:
    r"""Return the logit QRE on the principal branch at the given relative precision.

    The branch is traced from :math:`\\lambda = 0` and the first point where it reaches
    ``precision`` is corrected exactly (Newton's method at fixed :math:`\\lambda`).

    Parameters
    ----------
    game : NormalFormGame, BimatrixGame, nashpy.Game or SymmetricGame
    precision : float
        :math:`\\lambda \\ge 0`, relative to each player's payoff range.
    max_steps : int
        Bound on the continuation steps.

    Returns
    -------
    QuantalResponse

    Raises
    ------
    TypeError
        If ``game`` is not a finite game.
    ValueError
        If ``precision`` is negative or not finite, or ``max_steps < 1``.

    References
    ----------
    McKelvey, R. D., & Palfrey, T. R. (1995). Quantal response equilibria for normal form
    games. *Games and Economic Behavior*, 10, 6–38.

    Examples
    --------
    Scaling the payoffs leaves the QRE at a relative precision unchanged:

    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import logit_qre
    >>> small = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> large = gg.BimatrixGame(small.A * 100, small.B * 100)
    >>> a = logit_qre(small, 2.0).strategies[0]
    >>> b = logit_qre(large, 2.0).strategies[0]
    >>> bool(np.allclose(a, b)), a.round(4)
    (True, array([0.3666, 0.6334]))
    """
    _checked, model = _prepare(game)
    lam = check_real(precision, "precision", low=0.0)
    steps = check_int(max_steps, "max_steps", minimum=1)
    if lam == 0.0:
        strategies = tuple(np.full(size, 1.0 / size) for size in model.sizes)
        return QuantalResponse(strategies, 0.0, 0.0, True, "uniform play at precision 0")
    _precisions, points, _, message, reached = _trace(model, lam, steps, True)
    w = points[-1]
    for _ in range(50):
        residual = _residual(model, w, lam)
        if np.max(np.abs(residual)) < 1e-13:
            break
        jacobian = _jacobian(model, w, lam)[:, :-1]
        w = w - np.linalg.lstsq(jacobian, residual, rcond=None)[0]
    residual_norm = float(np.max(np.abs(_residual(model, w, lam))))
    strategies = tuple(np.exp(p) / np.exp(p).sum() for p in _smooth.split(w, model.sizes))
    success = reached and residual_norm < 1e-8
    return QuantalResponse(strategies, lam, residual_norm, success, message)


__all__ = ["QREBranch", "QuantalResponse", "logit_qre", "logit_qre_branch"]
