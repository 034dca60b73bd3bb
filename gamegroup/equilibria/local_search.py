r"""Multi-start local search for mixed Nash equilibria of N-player games.

From random starting profiles, a local method minimises the Nash (Lyapunov) function

.. math:: V(\sigma) = \sum_i \sum_a \max\bigl(0,\; \tilde v_i(a; \sigma_{-i}) - \tilde u_i(\sigma)\bigr)^2,

which is zero exactly at Nash equilibria (McKelvey 1998; normalised payoffs, so it does not
depend on payoff units), by sequential quadratic programming over the product of simplices.
Each local minimum is then refined by Newton's method on the indifference equations of its
support and kept only if its regret is within ``tol``. Starts are drawn from the generator
``rng`` (uniform on the simplices), so a seed reproduces the search.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from gamegroup._results import Result, result_type
from gamegroup._rng import SeedRecord, resolve_rng
from gamegroup._validation import check_int, check_tolerance
from gamegroup.equilibria import _smooth
from gamegroup.equilibria.equilibrium import DEFAULT_TOL, Equilibrium, sort_equilibria
from gamegroup.equilibria.qre import _equilibrium, _prepare


@result_type
class LocalSearchResult(Result):
    """Equilibria found by :func:`local_nash_search`.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        Distinct verified equilibria, in deterministic order.
    n_starts : int
        Starting profiles tried.
    n_verified : int
        Starts whose local solution refined to a verified equilibrium.
    seed : SeedRecord
        The seed actually used.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import local_nash_search
    >>> result = local_nash_search(gg.BimatrixGame([[1, -1], [-1, 1]]), n_starts=3, rng=1)
    >>> len(result.equilibria), result.n_starts
    (1, 3)
    """

    equilibria: tuple[Equilibrium, ...]
    n_starts: int
    n_verified: int
    seed: SeedRecord


def _lyapunov(model: _smooth.Model, flat: NDArray[np.float64]) -> float:
    profile = [np.maximum(p, 0.0) for p in _smooth.split(flat, model.sizes)]
    values = model.values(profile)
    total = 0.0
    for v, s in zip(values, profile, strict=True):
        gains = np.maximum(v - v @ s, 0.0)
        total += float(gains @ gains)
    return total


def local_nash_search(
    game: Any, *, n_starts: int = 16, rng: Any = None, tol: float = DEFAULT_TOL
) -> LocalSearchResult:
    """Find Nash equilibria of a finite game from random starts (local optimisation).

    Parameters
    ----------
    game : NormalFormGame, BimatrixGame, nashpy.Game or SymmetricGame
        A symmetric game is searched for symmetric equilibria.
    n_starts : int
        Number of random starting profiles.
    rng : None, int, SeedSequence, BitGenerator or Generator
        Source of the starting profiles (see :doc:`/reference/conventions`).
    tol : float
        Largest accepted regret, relative to each player's payoff range.

    Returns
    -------
    LocalSearchResult

    Raises
    ------
    TypeError
        If ``game`` is not a finite game or ``rng`` is of the wrong kind.
    ValueError
        If ``n_starts < 1`` or ``tol <= 0``.

    References
    ----------
    McKelvey, R. D. (1998). A Liapunov function for Nash equilibria. Technical report,
    California Institute of Technology.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import local_nash_search
    >>> game = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> found = local_nash_search(game, n_starts=12, rng=0)
    >>> sorted(eq.support for eq in found.equilibria)
    [((0,), (0,)), ((0, 1), (0, 1)), ((1,), (1,))]
    """
    from scipy.optimize import minimize  # imported here: scipy.optimize is slow to import

    checked, model = _prepare(game)
    starts = check_int(n_starts, "n_starts", minimum=1)
    tolerance = check_tolerance(tol, "tol")
    generator, record = resolve_rng(rng)
    sizes = model.sizes
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    constraints = [
        {
            "type": "eq",
            "fun": (lambda flat, a=offsets[i], b=offsets[i + 1]: float(flat[a:b].sum() - 1.0)),
        }
        for i in range(len(sizes))
    ]
    bounds = [(0.0, 1.0)] * int(offsets[-1])
    found: dict[tuple[float, ...], Equilibrium] = {}
    verified = 0
    for _ in range(starts):
        start = np.concatenate([generator.dirichlet(np.ones(size)) for size in sizes])
        solution = minimize(
            lambda flat: _lyapunov(model, flat),
            start,
            method="SLSQP",
            bounds=bounds,
            constraints=constraints,
            options={"maxiter": 200, "ftol": 1e-14},
        )
        profile = [np.maximum(p, 0.0) for p in _smooth.split(solution.x, sizes)]
        profile = [p / p.sum() if p.sum() > 0 else np.full(p.size, 1 / p.size) for p in profile]
        for supports in _smooth.candidate_supports(model, profile):
            polished = _smooth.polish(model, profile, supports)
            if polished is not None and _smooth.relative_regret(model, polished) <= tolerance:
                eq = _equilibrium(checked, polished, "local")
                key = tuple(np.round(np.concatenate(polished), 8).tolist())
                found.setdefault(key, eq)
                verified += 1
                break
    return LocalSearchResult(
        equilibria=sort_equilibria(list(found.values())),
        n_starts=starts,
        n_verified=verified,
        seed=record,
    )


__all__ = ["LocalSearchResult", "local_nash_search"]
