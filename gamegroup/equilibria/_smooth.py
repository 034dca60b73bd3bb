r"""Smooth payoff models shared by the logit QRE tracer and the local Nash search.

A *model* evaluates, at a profile :math:`\sigma` (one mixed strategy per "population"), the
deviation payoffs :math:`v_i(a)` and their derivatives
:math:`\partial v_i(a) / \partial \sigma_j(b)`, using payoffs normalised onto :math:`[0, 1]` per
player. For a normal-form game the populations are the players and the derivative is the
two-player slice of the payoff tensor with the other players' strategies contracted
(zero for :math:`j = i`). For a symmetric game there is one population, the common mixed
strategy :math:`x`, with :math:`v = f(x)` and derivative :math:`Df(x)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gamegroup.equilibria.equilibrium import normalise_payoffs
from gamegroup.games import NormalFormGame, SymmetricGame


@dataclass(frozen=True)
class Model:
    """Normalised payoffs of a game in the form the smooth solvers need."""

    sizes: tuple[int, ...]
    normal: NormalFormGame | None = None
    symmetric: SymmetricGame | None = None

    @classmethod
    def of(cls, game: NormalFormGame | SymmetricGame) -> Model:
        """Build the model of a normal-form or symmetric game."""
        if isinstance(game, SymmetricGame):
            scaled = normalise_payoffs(game.payoffs[None])[0]  # one player: the whole table
            return cls(
                (game.n_strategies,), symmetric=SymmetricGame(scaled, group_size=game.group_size)
            )
        return cls(tuple(game.n_actions), normal=NormalFormGame(normalise_payoffs(game.payoffs)))

    def values(self, profile: list[NDArray[np.float64]]) -> list[NDArray[np.float64]]:
        """Deviation payoffs of every population."""
        if self.symmetric is not None:
            return [self.symmetric._infinite_population_payoffs(profile[0])]
        assert self.normal is not None
        return list(self.normal._deviation_payoffs(tuple(profile)))

    def derivatives(self, profile: list[NDArray[np.float64]]) -> list[list[NDArray[np.float64]]]:
        """``D[i][j][a, b] = d v_i(a) / d sigma_j(b)``.

        For each player the slices for all opponents are computed together by contracting
        halves of the remaining axes recursively (O(N log N) contractions instead of
        O(N^2) per player).
        """
        if self.symmetric is not None:
            from gamegroup.equilibria.symmetric import _payoff_jacobian

            return [[_payoff_jacobian(self.symmetric, profile[0])]]
        assert self.normal is not None
        tensor = self.normal.payoffs
        n = len(self.sizes)
        out: list[list[NDArray[np.float64]]] = []
        for i in range(n):
            blocks: dict[int, NDArray[np.float64]] = {}
            others = [k for k in range(n) if k != i]
            if others:
                _leave_one_out(np.moveaxis(tensor[i], i, 0), others, profile, blocks)
            out.append(
                [
                    blocks[j] if j != i else np.zeros((self.sizes[i], self.sizes[i]))
                    for j in range(n)
                ]
            )
        return out


def _leave_one_out(
    tensor: NDArray[np.float64],
    axes: list[int],
    profile: list[NDArray[np.float64]],
    out: dict[int, NDArray[np.float64]],
) -> None:
    """Store in ``out[j]`` the tensor contracted with every profile[k], k in axes except j.

    ``tensor`` has a leading kept axis followed by one axis per entry of ``axes``.
    """
    if len(axes) == 1:
        out[axes[0]] = tensor
        return
    half = len(axes) // 2
    left = tensor
    for position in range(len(axes) - 1, half - 1, -1):
        left = np.tensordot(left, profile[axes[position]], axes=([1 + position], [0]))
    _leave_one_out(left, axes[:half], profile, out)
    right = tensor
    for position in range(half - 1, -1, -1):
        right = np.tensordot(right, profile[axes[position]], axes=([1 + position], [0]))
    _leave_one_out(right, axes[half:], profile, out)


def split(vector: NDArray[np.float64], sizes: tuple[int, ...]) -> list[NDArray[np.float64]]:
    """Split a flat vector into per-population pieces."""
    return np.split(vector, np.cumsum(sizes)[:-1])


def polish(
    model: Model, profile: list[NDArray[np.float64]], supports: list[NDArray[np.intp]]
) -> list[NDArray[np.float64]] | None:
    """Newton's method on the indifference system of the given supports; None on failure."""
    sizes = model.sizes
    sigma = [np.zeros(size) for size in sizes]
    for i, support in enumerate(supports):
        weights = np.maximum(profile[i][support], 1e-12)
        sigma[i][support] = weights / weights.sum()
    unknowns = [np.asarray(s) for s in supports]
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in unknowns])])
    total = int(offsets[-1])
    for _ in range(60):
        values = model.values(sigma)
        residual = np.empty(total)
        for i, support in enumerate(unknowns):
            v = values[i][support]
            residual[offsets[i] : offsets[i + 1] - 1] = v[1:] - v[0]
            residual[offsets[i + 1] - 1] = sigma[i][support].sum() - 1.0
        if np.max(np.abs(residual)) < 1e-14:
            break
        derivatives = model.derivatives(sigma)
        jacobian = np.zeros((total, total))
        for i, support in enumerate(unknowns):
            rows = slice(offsets[i], offsets[i + 1] - 1)
            for j, other in enumerate(unknowns):
                block = derivatives[i][j][np.ix_(support, other)]
                jacobian[rows, offsets[j] : offsets[j + 1]] = block[1:] - block[0]
            jacobian[offsets[i + 1] - 1, offsets[i] : offsets[i + 1]] = 1.0
        try:
            step = np.linalg.lstsq(jacobian, residual, rcond=None)[0]
        except np.linalg.LinAlgError:  # pragma: no cover - lstsq rarely fails
            return None
        for i, support in enumerate(unknowns):
            sigma[i][support] -= step[offsets[i] : offsets[i + 1]]
        if any(not np.all(np.isfinite(s)) for s in sigma):
            return None
    if any(np.min(s) < -1e-10 for s in sigma):
        return None
    out = [np.maximum(s, 0.0) for s in sigma]
    return [s / s.sum() for s in out]


def relative_regret(model: Model, profile: list[NDArray[np.float64]]) -> float:
    """Regret in normalised payoff units (the model's payoffs span [0, 1] per player)."""
    values = model.values(profile)
    return max(0.0, *(float(v.max() - v @ s) for v, s in zip(values, profile, strict=True)))


def candidate_supports(
    model: Model, profile: list[NDArray[np.float64]]
) -> list[list[NDArray[np.intp]]]:
    """Plausible supports of the equilibrium near ``profile``, most likely first."""
    values = model.values(profile)
    out: list[list[NDArray[np.intp]]] = []
    for threshold in (1e-3, 1e-6, 1e-9):
        out.append([np.flatnonzero(s >= threshold * s.max()) for s in profile])
    for slack in (1e-6, 1e-3):
        out.append([np.flatnonzero(v >= v.max() - slack) for v in values])
    unique: list[list[NDArray[np.intp]]] = []
    for supports in out:
        if not any(
            all(np.array_equal(a, b) for a, b in zip(supports, other, strict=True))
            for other in unique
        ):
            unique.append(supports)
    return unique
