r"""Compiled kernels for sparse symmetric, diagonally dominant linear systems.

Both kernels work on a matrix :math:`G` stored in compressed sparse row form (``indptr``,
``indices``, ``data``, diagonal included) with a positive diagonal :math:`g`.

:func:`conjugate_gradient`
    Jacobi-preconditioned conjugate gradients (Hestenes & Stiefel 1952; Saad 2003, alg. 9.1)
    for symmetric positive-definite :math:`G`, stopped when
    :math:`\|b - G x\|_2 \le \text{rtol}\, \|b\|_2`. Written here rather than taken from
    :func:`scipy.sparse.linalg.cg` because the scipy loop spends most of its time in Python
    and in multi-threaded BLAS calls on short vectors, which stall on a busy machine.

:func:`push_residual`
    Local relaxation for strictly diagonally dominant :math:`G`
    (:math:`g_i > \sum_{j \ne i} |G_{ij}|`): starting from an approximation :math:`y` and its
    residual :math:`r = b - G y`, repeatedly pick a member whose residual exceeds the threshold
    :math:`\theta` in absolute value and zero it (:math:`y_j \mathrel{+}= r_j / g_j`, which moves
    :math:`-G_{kj} r_j / g_j` onto each neighbour's residual) until :math:`\|r\|_\infty \le
    \theta`. Each step removes at least :math:`(1 - \rho_j) |r_j|` from :math:`\|r\|_1`, with
    :math:`\rho_j = \sum_{k \ne j} |G_{kj}| / g_j < 1`, so it terminates; work stays near the
    members whose right-hand side changed (the Gauss–Southwell / "push" method, Southwell 1946;
    Andersen, Chung & Lang 2006). The error then satisfies Varah's (1975) bound

    .. math:: \|y^\ast - y\|_\infty \le \frac{\|r\|_\infty}{\min_i \big(g_i -
              \sum_{j \ne i} |G_{ij}|\big)} \le \frac{\theta}{\min_i (g_i - \sum_{j \ne i}
              |G_{ij}|)}.

References
----------
Hestenes, M. R., & Stiefel, E. (1952). Methods of conjugate gradients for solving linear
systems. *J. Res. Natl. Bur. Stand.*, 49(6), 409–436.

Saad, Y. (2003). *Iterative Methods for Sparse Linear Systems* (2nd ed.). SIAM.

Varah, J. M. (1975). A lower bound for the smallest singular value of a matrix. *Linear Algebra
and its Applications*, 11(1), 3–5.

Andersen, R., Chung, F., & Lang, K. (2006). Local graph partitioning using PageRank vectors.
*FOCS 2006*, 475–486.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray


@numba.njit(cache=True)
def _matvec(
    indptr: NDArray[np.int64],
    indices: NDArray[np.int64],
    data: NDArray[np.float64],
    x: NDArray[np.float64],
    out: NDArray[np.float64],
) -> None:
    for i in range(indptr.size - 1):
        total = 0.0
        for p in range(indptr[i], indptr[i + 1]):
            total += data[p] * x[indices[p]]
        out[i] = total


@numba.njit(cache=True)
def conjugate_gradient(
    indptr: NDArray[np.int64],
    indices: NDArray[np.int64],
    data: NDArray[np.float64],
    diagonal: NDArray[np.float64],
    b: NDArray[np.float64],
    rtol: float,
    max_iterations: int,
) -> tuple[NDArray[np.float64], int, bool]:
    """Solve ``G x = b`` by Jacobi-preconditioned CG; return ``(x, iterations, converged)``.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> g = sp.csr_array(np.array([[4.0, -1.0], [-1.0, 4.0]]))
    >>> x, _, ok = conjugate_gradient(
    ...     g.indptr.astype(np.int64), g.indices.astype(np.int64), g.data, g.diagonal(),
    ...     np.array([3.0, 3.0]), 1e-14, 100)
    >>> x.round(12), ok
    (array([1., 1.]), True)
    """
    n = b.size
    x = np.zeros(n)
    r = b.copy()
    b_norm = 0.0
    for i in range(n):
        b_norm += b[i] * b[i]
    b_norm = np.sqrt(b_norm)
    if b_norm == 0.0:
        return x, 0, True
    z = r / diagonal
    p = z.copy()
    q = np.empty(n)
    rz = 0.0
    for i in range(n):
        rz += r[i] * z[i]
    for iteration in range(1, max_iterations + 1):
        _matvec(indptr, indices, data, p, q)
        pq = 0.0
        for i in range(n):
            pq += p[i] * q[i]
        if pq <= 0.0:
            return x, iteration, False
        alpha = rz / pq
        r_norm = 0.0
        for i in range(n):
            x[i] += alpha * p[i]
            r[i] -= alpha * q[i]
            r_norm += r[i] * r[i]
        if np.sqrt(r_norm) <= rtol * b_norm:
            return x, iteration, True
        rz_new = 0.0
        for i in range(n):
            z[i] = r[i] / diagonal[i]
            rz_new += r[i] * z[i]
        beta = rz_new / rz
        rz = rz_new
        for i in range(n):
            p[i] = z[i] + beta * p[i]
    return x, max_iterations, False


@numba.njit(cache=True)
def push_residual(
    indptr: NDArray[np.int64],
    indices: NDArray[np.int64],
    off_diagonal: NDArray[np.float64],
    diagonal: NDArray[np.float64],
    y: NDArray[np.float64],
    residual: NDArray[np.float64],
    seeds: NDArray[np.int64],
    threshold: float,
    max_pushes: int,
    touched_flag: NDArray[np.bool_],
    queued_flag: NDArray[np.bool_],
) -> tuple[NDArray[np.int64], NDArray[np.float64], bool]:
    """Relax ``residual`` below ``threshold`` starting from ``seeds``, updating ``y`` in place.

    ``off_diagonal`` holds the off-diagonal entries of ``G`` aligned with ``indices`` (the
    structure has no diagonal entries). ``touched_flag`` and ``queued_flag`` are all-``False``
    work arrays of length ``n`` and are all-``False`` again on return. Returns the members
    whose ``y`` changed, their values before the call, and whether every residual entry is at
    most ``threshold`` (``False`` only if ``max_pushes`` steps did not suffice).

    Examples
    --------
    >>> indptr = np.array([0, 1, 2]); indices = np.array([1, 0])
    >>> y = np.zeros(2); r = np.array([3.0, 3.0])
    >>> flags = np.zeros(2, dtype=np.bool_); queued = np.zeros(2, dtype=np.bool_)
    >>> members, before, ok = push_residual(indptr, indices, np.array([-1.0, -1.0]),
    ...     np.array([4.0, 4.0]), y, r, np.array([0, 1]), 1e-12, 10_000, flags, queued)
    >>> y.round(10), ok
    (array([1., 1.]), True)
    """
    pending = np.empty(max(16, 2 * seeds.size), dtype=np.int64)
    start = 0
    stop = 0
    touched = np.empty(max(16, 2 * seeds.size), dtype=np.int64)
    before = np.empty(touched.size, dtype=np.float64)
    n_touched = 0
    for s in seeds:
        if abs(residual[s]) > threshold and not queued_flag[s]:
            if stop == pending.size:
                pending = np.concatenate((pending, np.empty(pending.size, dtype=np.int64)))
            pending[stop] = s
            stop += 1
            queued_flag[s] = True
    pushes = 0
    converged = True
    while start < stop:
        j = pending[start]
        start += 1
        queued_flag[j] = False
        value = residual[j]
        if abs(value) <= threshold:
            continue
        if pushes == max_pushes:
            converged = False
            break
        pushes += 1
        if not touched_flag[j]:
            touched_flag[j] = True
            if n_touched == touched.size:
                touched = np.concatenate((touched, np.empty(touched.size, dtype=np.int64)))
                before = np.concatenate((before, np.empty(before.size, dtype=np.float64)))
            touched[n_touched] = j
            before[n_touched] = y[j]
            n_touched += 1
        step = value / diagonal[j]
        y[j] += step
        residual[j] = 0.0
        for p in range(indptr[j], indptr[j + 1]):
            k = indices[p]
            residual[k] -= off_diagonal[p] * step
            if not queued_flag[k] and abs(residual[k]) > threshold:
                if stop == pending.size:
                    if start > 0:  # reuse the consumed prefix of the queue
                        remaining = stop - start
                        for q in range(remaining):  # forward copy: destination below source
                            pending[q] = pending[start + q]
                        start = 0
                        stop = remaining
                    if stop == pending.size:
                        pending = np.concatenate((pending, np.empty(pending.size, dtype=np.int64)))
                pending[stop] = k
                stop += 1
                queued_flag[k] = True
    for q in range(start, stop):
        queued_flag[pending[q]] = False
    for q in range(n_touched):
        touched_flag[touched[q]] = False
    return touched[:n_touched].copy(), before[:n_touched].copy(), converged
