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
