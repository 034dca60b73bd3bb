r"""Compositions of an integer: the state spaces of count-based games and populations.

A *composition* of ``total`` into ``parts`` is a vector :math:`c \in \mathbb{N}^k` with
:math:`\sum_j c_j = n`. There are :math:`\binom{n + k - 1}{k - 1}` of them. They index

* the co-player compositions of a :class:`~gamegroup.games.SymmetricGame` (``n = N - 1``), and
* the states of a finite population of size ``Z`` with ``k`` strategies (``n = Z``).

The canonical order used throughout gamegroup is **lexicographically descending**: the first
composition puts everything on strategy 0, the last everything on strategy ``k - 1``. For two
strategies the index of a composition is therefore the count of strategy 1:
``compositions(3, 2)`` is ``[[3, 0], [2, 1], [1, 2], [0, 3]]``.

:func:`composition_index` is the inverse of :func:`compositions`, vectorised, computed with the
hockey-stick identity: the number of compositions that precede ``c`` and share its first ``i``
entries but have a larger entry ``i`` is :math:`\binom{R_i - c_i + p_i - 2}{p_i - 1}`, where
:math:`R_i` is the remaining total and :math:`p_i = k - i` the remaining parts.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import gammaln


def n_compositions(total: int, parts: int) -> int:
    """Return the number of compositions of ``total`` into ``parts`` non-negative parts.

    Examples
    --------
    >>> n_compositions(500, 3)
    125751
    """
    from math import comb

    if parts == 0:
        return 1 if total == 0 else 0
    return comb(total + parts - 1, parts - 1)


@lru_cache(maxsize=64)
def _compositions_cached(total: int, parts: int) -> NDArray[np.int64]:
    if parts == 1:
        out = np.array([[total]], dtype=np.int64)
    elif parts == 2:
        # Built directly: recursing down to one part would make total + 1 tiny arrays.
        second = np.arange(total + 1, dtype=np.int64)
        out = np.column_stack([total - second, second])
    else:
        blocks = []
        for first in range(total, -1, -1):
            rest = _compositions_cached(total - first, parts - 1)
            block = np.empty((rest.shape[0], parts), dtype=np.int64)
            block[:, 0] = first
            block[:, 1:] = rest
            blocks.append(block)
        out = np.concatenate(blocks, axis=0)
    out.setflags(write=False)
    return out


def compositions(total: int, parts: int) -> NDArray[np.int64]:
    """Return all compositions of ``total`` into ``parts`` parts, in canonical order.

    Parameters
    ----------
    total : int
        The integer being split (``>= 0``).
    parts : int
        The number of parts (``>= 1``).

    Returns
    -------
    numpy.ndarray
        Read-only ``int64`` array of shape ``(n_compositions(total, parts), parts)``.

    Examples
    --------
    >>> compositions(2, 3)
    array([[2, 0, 0],
           [1, 1, 0],
           [1, 0, 1],
           [0, 2, 0],
           [0, 1, 1],
           [0, 0, 2]])
    """
    return _compositions_cached(int(total), int(parts))


@lru_cache(maxsize=16)
def _binomial_table(size: int) -> NDArray[np.int64]:
    table = np.zeros((size + 1, size + 1), dtype=np.int64)
    table[:, 0] = 1
    for n in range(1, size + 1):
        table[n, 1 : n + 1] = table[n - 1, 0:n] + table[n - 1, 1 : n + 1]
    table.setflags(write=False)
    return table


def composition_index(counts: ArrayLike) -> NDArray[np.int64]:
    """Return the canonical index of each composition along the last axis of ``counts``.

    The inverse of :func:`compositions`: ``composition_index(compositions(n, k))`` is
    ``arange(n_compositions(n, k))``. The total is read from the counts themselves, so every
    row must have the same sum for the indices to refer to the same list.

    Examples
    --------
    >>> composition_index([[2, 0, 0], [0, 1, 1], [0, 0, 2]])
    array([0, 4, 5])
    """
    c = np.asarray(counts, dtype=np.int64)
    parts = c.shape[-1]
    remaining = c.sum(axis=-1)
    total = int(remaining.max()) if remaining.size else 0
    table = _binomial_table(total + parts)
    index = np.zeros(c.shape[:-1], dtype=np.int64)
    for i in range(parts - 1):
        p = parts - i
        # Compositions with the same prefix and a larger entry at position i come first.
        index += table[remaining - c[..., i] + p - 2, p - 1]
        remaining = remaining - c[..., i]
    return index


def multinomial_probabilities(
    counts: NDArray[np.int64], states: NDArray[np.float64]
) -> NDArray[np.float64]:
    r"""Return ``P[b, c]``, the multinomial probability of ``counts[c]`` under ``states[b]``.

    ``counts`` has shape ``(C, k)``, every row summing to the same :math:`n` (compositions of
    :math:`n`); ``states`` has shape ``(B, k)``, points of the simplex. The probability
    :math:`\binom{n}{c} \prod_j x_j^{c_j}` is computed in logarithms, and is exactly 0 when the
    composition needs a strategy the state does not use.

    Examples
    --------
    >>> multinomial_probabilities(compositions(2, 2), np.array([[0.5, 0.5], [1.0, 0.0]]))
    array([[0.25, 0.5 , 0.25],
           [1.  , 0.  , 0.  ]])
    """
    columns = counts.astype(np.float64)
    total = float(columns[0].sum()) if columns.size else 0.0
    log_coefficients = gammaln(total + 1.0) - gammaln(columns + 1.0).sum(axis=1)
    positive = states > 0
    log_x = np.log(states, out=np.zeros_like(states), where=positive)
    log_probability = log_x @ columns.T + log_coefficients
    # A composition that needs a strategy absent from the state has probability 0.
    impossible = (~positive).astype(np.float64) @ (counts > 0).astype(np.float64).T > 0
    return np.exp(log_probability, where=~impossible, out=np.zeros_like(log_probability))
