r"""Cached, truncated columns of :math:`G^{-1}` that warm-start local updates.

A local update solves :math:`G\,\Delta y = \sum_k b_k e_k` for a right-hand side on a few
members :math:`k` (the seeds). :class:`ResponseColumns` keeps, for each member that has been a
seed, the result of relaxing the unit right-hand side :math:`e_k` with
:func:`~gamegroup._linear_solvers.push_residual`: an approximate column :math:`u_k` and its
residual :math:`r_k = e_k - G u_k`, both stored on the members the relaxation visited. A new
right-hand side then starts from :math:`\sum_k b_k u_k`, whose residual :math:`\sum_k b_k r_k`
is known exactly, and the push kernel relaxes whatever of that residual still exceeds the
caller's threshold. The answer therefore satisfies the same residual bound as a push from zero;
the columns only make it cheaper: a warm update scatters a few hundred stored entries per seed
instead of relaxing from scratch.

Column :math:`k` is relaxed to :math:`\|r_k\|_\infty \le \theta / \beta_k`, where
:math:`\beta_k` bounds :math:`|b_k|` over every update (the caller passes it), so a combination
whose seeds' residuals do not overlap needs no further push. A member's column is computed the
second time it is a seed (about twice the cost of relaxing from zero; the first time it is
relaxed from zero, so members who are seeds only once never pay for a column) and kept until
the cache reaches its size limit; after that, seeds without a column are relaxed from zero by
the push kernel, as without a cache. A pickled copy starts with no columns.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

from gamegroup._linear_solvers import Push, push_workspace, relax

# States of a member's column (``ResponseColumns._length`` below 0; 0 and above: stored).
NOT_SEEN = -1  # never a seed
NO_ROOM = -2  # the cache was full when its column was due: relaxed from zero from then on
SEEN_ONCE = -3  # a seed once, relaxed from zero then: its column is computed at the next use
SEEN_NOW = -4  # a seed for the first time in the solve under way

BYTES_PER_ENTRY = 20  # int32 member + float64 column entry + float64 residual entry
FIRST_CAPACITY = 1 << 16  # entries
_NONE = np.zeros(0, dtype=np.int64)


@numba.njit(cache=True, nogil=True)
def _scatter(
    seeds: NDArray[np.int64],
    scales: NDArray[np.float64],
    start: NDArray[np.int64],
    length: NDArray[np.int64],
    members: NDArray[np.int32],
    column: NDArray[np.float64],
    column_residual: NDArray[np.float64],
    y: NDArray[np.float64],
    residual: NDArray[np.float64],
    flags: NDArray[np.int8],
    touched: NDArray[np.int64],
    uncached: NDArray[np.int64],
) -> tuple[int, float, int]:
    """Add ``scales[q]`` times each stored column ``seeds[q]`` to ``y``, its residual to ``residual``.

    Seeds with a zero scale are skipped. Lists each member it changes once in ``touched`` and
    the positions ``q`` of seeds without a stored column in ``uncached``; returns both counts and the largest absolute residual
    among the touched members. Returns ``(-1, 0, 0)`` and changes nothing if a seed is
    :data:`NOT_SEEN` or :data:`SEEN_ONCE` (the caller updates its state first). ``flags`` is
    all zero before and after.
    """
    for q in range(seeds.size):
        state = length[seeds[q]]
        if state in (NOT_SEEN, SEEN_ONCE) and scales[q] != 0.0:
            return -1, 0.0, 0
    count = 0
    n_uncached = 0
    for q in range(seeds.size):
        k = seeds[q]
        if scales[q] == 0.0:
            continue
        if length[k] < 0:
            uncached[n_uncached] = q
            n_uncached += 1
            continue
        scale = scales[q]
        for p in range(start[k], start[k] + length[k]):
            j = members[p]
            if flags[j] == 0:
                flags[j] = 1
                touched[count] = j
                count += 1
            y[j] += scale * column[p]
            residual[j] += scale * column_residual[p]
    largest = 0.0
    for q in range(count):
        j = touched[q]
        flags[j] = 0
        largest = max(largest, abs(residual[j]))
    return count, largest, n_uncached


class ResponseColumns:
    r"""Columns of :math:`G^{-1}`, computed on demand, for :meth:`solve` (private helper).

    Parameters
    ----------
    push : tuple
        ``(indptr, indices, off_diagonal, diagonal)`` of :math:`G` for
        :func:`~gamegroup._linear_solvers.push_residual`.
        (:math:`G` strictly diagonally dominant.)
    right_hand_side_bounds : numpy.ndarray
        :math:`\beta_k \ge |b_k|` for every member and every update.
    threshold : float
        The residual bound :math:`\theta` every solve must meet.
    relaxation : float
        The push kernel's relaxation factor.
    size_limit : int
        Largest memory, in bytes, the stored columns may take (0: store none).

    Examples
    --------
    >>> indptr = np.array([0, 1, 2]); indices = np.array([1, 0])
    >>> push = (indptr, indices, np.array([-1.0, -1.0]), np.array([4.0, 4.0]))
    >>> columns = ResponseColumns(push, np.ones(2), 1e-12, 1.1, 10_000)
    >>> y, r = np.zeros(2), np.zeros(2)
    >>> members = columns.solve(np.array([0]), np.array([3.0]), y, r)
    >>> members, y.round(10)  # G^{-1} (3, 0) = (0.8, 0.2)
    (array([0, 1]), array([0.8, 0.2]))
    >>> columns.n_columns  # member 0's column is computed the next time it is a seed
    0
    >>> members = columns.solve(np.array([0]), np.array([3.0]), np.zeros(2), np.zeros(2))
    >>> columns.n_columns, columns.n_entries
    (1, 2)
    """

    __slots__ = (
        "_bounds",
        "_column",
        "_length",
        "_members",
        "_push",
        "_relaxation",
        "_residual",
        "_size_limit",
        "_start",
        "_threshold",
        "_thresholds",
        "_touched",
        "_uncached",
        "_used",
        "_workspace",
    )

    def __init__(
        self,
        push: Push,
        right_hand_side_bounds: NDArray[np.float64],
        threshold: float,
        relaxation: float,
        size_limit: int,
    ) -> None:
        n = push[3].size
        self._push = push
        self._bounds = right_hand_side_bounds
        self._threshold = threshold
        self._thresholds = threshold / np.maximum(right_hand_side_bounds, threshold)
        self._relaxation = relaxation
        self._size_limit = size_limit
        self._start = np.zeros(n, dtype=np.int64)
        self._length = np.full(n, NOT_SEEN, dtype=np.int64)  # or the column's length
        self._members = np.zeros(0, dtype=np.int32)
        self._column = np.zeros(0)
        self._residual = np.zeros(0)
        self._used = 0
        self._workspace = push_workspace(n)
        self._touched = np.zeros(n, dtype=np.int64)
        self._uncached = np.zeros(n, dtype=np.int64)

    def __reduce__(self) -> tuple[Any, ...]:
        # A copy starts empty: the stored columns are a cache, possibly hundreds of MB.
        arguments = (self._push, self._bounds, self._threshold, self._relaxation, self._size_limit)
        return (ResponseColumns, arguments)

    @property
    def n_columns(self) -> int:
        """How many columns are stored."""
        return int(np.count_nonzero(self._length >= 0))

    @property
    def n_entries(self) -> int:
        """How many entries the stored columns hold."""
        return self._used

    def _store(self, member: int, y: NDArray[np.float64], residual: NDArray[np.float64]) -> None:
        """Compute and store column ``member`` if it fits; ``y`` and ``residual`` are zero."""
        visited, converged = relax(
            self._push,
            y,
            residual,
            self._workspace,
            np.array([member]),
            np.ones(1),
            float(self._thresholds[member]),
            self._relaxation,
        )
        size = visited.size
        fits = converged and (self._used + size) * BYTES_PER_ENTRY <= self._size_limit
        if fits:
            if self._used + size > self._members.size:
                capacity = max(FIRST_CAPACITY, 2 * self._members.size, self._used + size)
                capacity = min(capacity, self._size_limit // BYTES_PER_ENTRY)
                self._members = np.concatenate(
                    (self._members[: self._used], np.zeros(capacity - self._used, np.int32))
                )
                self._column = np.concatenate(
                    (self._column[: self._used], np.zeros(capacity - self._used))
                )
                self._residual = np.concatenate(
                    (self._residual[: self._used], np.zeros(capacity - self._used))
                )
            stop = self._used + size
            self._members[self._used : stop] = visited
            self._column[self._used : stop] = y[visited]
            self._residual[self._used : stop] = residual[visited]
            self._start[member] = self._used
            self._length[member] = size
            self._used = stop
        else:
            self._length[member] = NO_ROOM
        y[visited] = 0.0
        residual[visited] = 0.0

    def solve(
        self,
        seeds: NDArray[np.int64],
        right_hand_side: NDArray[np.float64],
        y: NDArray[np.float64],
        residual: NDArray[np.float64],
    ) -> NDArray[np.int64] | None:
        r"""Solve :math:`G y = \sum_q b_q e_{k_q}` to residual :math:`\le \theta`, locally.

        ``y`` and ``residual`` are all zero on entry; on return they hold the solution and its
        residual :math:`\sum_q b_q e_{k_q} - G y` on the returned members (``int64``: every
        member whose entry changed, each once, the seeds with :math:`b_q \ne 0` among them),
        and zero elsewhere.
        ``seeds`` are distinct. Returns ``None`` (with ``y`` and ``residual`` zero) if the
        relaxation did not converge.
        """
        first_time = _NONE
        while True:
            count, largest, n_uncached = _scatter(
                seeds,
                right_hand_side,
                self._start,
                self._length,
                self._members,
                self._column,
                self._residual,
                y,
                residual,
                self._workspace[1],
                self._touched,
                self._uncached,
            )
            if count >= 0:
                break
            states = self._length[seeds]
            moving = right_hand_side != 0
            for member in seeds[moving & (states == SEEN_ONCE)]:  # second use: the column
                self._store(int(member), y, residual)
            first_time = seeds[moving & (states == NOT_SEEN)]  # first use: from zero
            self._length[first_time] = SEEN_NOW
        self._length[first_time] = SEEN_ONCE  # their columns are due at the next use
        if largest <= self._threshold and n_uncached == 0:
            return self._touched[:count].copy()
        # Relax what is left: the seeds without a column, and residuals above the threshold.
        from_zero = self._uncached[:n_uncached]
        starts = np.concatenate((self._touched[:count], seeds[from_zero]))
        changes = np.concatenate((np.zeros(count), right_hand_side[from_zero]))
        visited, converged = relax(
            self._push,
            y,
            residual,
            self._workspace,
            starts,
            changes,
            self._threshold,
            self._relaxation,
        )
        if not converged:  # pragma: no cover - G is strictly diagonally dominant
            y[visited] = 0.0
            residual[visited] = 0.0
            return None
        return visited
