r"""Polynomials in Bernstein form: evaluation, subdivision and certified root isolation.

A polynomial of degree :math:`n` on :math:`[0, 1]` in **Bernstein form** is

.. math:: p(t) = \sum_{j=0}^{n} c_j\, B_{j,n}(t), \qquad B_{j,n}(t) = \binom{n}{j} t^j (1-t)^{n-j}.

The gain function of a two-strategy symmetric N-player game is of this form with
:math:`n = N - 1` and :math:`c_j` the payoff differences :math:`P[1, j] - P[0, j]` (Hauert et al.
2006; Pacheco et al. 2009). On the simplex, a symmetric game's expected payoff
:math:`f_s(x) = \sum_c \binom{n}{c} x^c P[s, c]` is a polynomial in *simplex* Bernstein–Bézier
form, and the stick-breaking map

.. math:: x_0 = 1 - u_1,\; x_1 = u_1 (1 - u_2),\; \dots,\; x_{m-1} = u_1 u_2 \cdots u_{m-1}

turns it into a *tensor-product* Bernstein polynomial of degree :math:`n` in each
:math:`u_l \in [0, 1]` (:func:`simplex_to_tensor`): the term of composition :math:`c` is
:math:`\prod_l B_{r_l, r_{l-1}}(u_l)` with :math:`r_l = \sum_{j \ge l} c_j`, degree-elevated to
:math:`n`.

Root isolation (:func:`solve_system`) is the *projected polyhedron* subdivision method of
Sherbrooke & Patrikalakis (1993) on tensor-product Bernstein systems of :math:`d` equations in
:math:`d` unknowns:

* **exclusion**: a box on which some equation's coefficients all have one sign (beyond the zero
  band ``zero_tol``) holds no root (convex-hull property);
* **clipping**: the roots lie where the convex hulls of the coefficients projected on each axis
  meet zero, so the box is shrunk to that slab (with a 1 % margin);
* **certification**: a floating-point Krawczyk test (Moore 1977) with the derivative's Bernstein
  coefficients as the interval Jacobian proves that a box holds exactly one root, which Newton's
  method then refines;
* boxes on which every coefficient of some equation is inside the zero band (that equation
  vanishes on the box), or that reach the minimum width, are reported as *unresolved*
  (multiple roots, clusters or continua).

All kernels are compiled with numba. The module is private and shared by every layer that needs
polynomial roots.

References
----------
Sherbrooke, E. C., & Patrikalakis, N. M. (1993). Computation of the solutions of nonlinear
polynomial systems. *Computer Aided Geometric Design*, 10, 379–405.

Moore, R. E. (1977). A test for existence of solutions to nonlinear systems. *SIAM Journal on
Numerical Analysis*, 14, 611–615.

Farouki, R. T. (2012). The Bernstein polynomial basis: a centennial retrospective. *Computer
Aided Geometric Design*, 29, 379–419.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit
from numpy.typing import ArrayLike, NDArray

from gamegroup._combinatorics import compositions

DEFAULT_ZERO_TOL = 1e-12
"""Zero band, relative to the largest absolute coefficient, below which a value counts as 0."""


# --------------------------------------------------------------------------------------------
# kernels
# --------------------------------------------------------------------------------------------
@njit(cache=True)
def _split_axis(
    coefficients: NDArray[np.float64], d: int, n: int, axis: int, t: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:  # pragma: no cover - compiled
    """De Casteljau subdivision of a flat (n+1)^d tensor along ``axis`` at ``t``."""
    size = n + 1
    pre = size**axis
    post = size ** (d - 1 - axis)
    block = coefficients.reshape(pre, size, post)
    left = np.empty((pre, size, post))
    right = np.empty((pre, size, post))
    work = np.empty(size)
    s = 1.0 - t
    for p in range(pre):
        for q in range(post):
            for j in range(size):
                work[j] = block[p, j, q]
            left[p, 0, q] = work[0]
            right[p, n, q] = work[n]
            for r in range(1, size):
                for j in range(size - r):
                    work[j] = s * work[j] + t * work[j + 1]
                left[p, r, q] = work[0]
                right[p, n - r, q] = work[n - r]
    return left.reshape(-1), right.reshape(-1)


@njit(cache=True)
def _restrict_axis(
    coefficients: NDArray[np.float64], d: int, n: int, axis: int, a: float, b: float
) -> NDArray[np.float64]:  # pragma: no cover - compiled
    """Coefficients of the restriction to ``[a, b]`` along ``axis`` (local coordinates)."""
    out = coefficients
    if b < 1.0:
        out = _split_axis(out, d, n, axis, b)[0]
    if a > 0.0:
        out = _split_axis(out, d, n, axis, a / b)[1]
    return out


@njit(cache=True)
def _basis(n: int, t: float) -> NDArray[np.float64]:  # pragma: no cover - compiled
    """Bernstein basis values B_{j,n}(t), j = 0..n, by the stable triangular recursion."""
    values = np.zeros(n + 1)
    values[0] = 1.0
    s = 1.0 - t
    for r in range(1, n + 1):
        for j in range(r, 0, -1):
            values[j] = s * values[j] + t * values[j - 1]
        values[0] = s * values[0]
    return values


@njit(cache=True)
def _evaluate(
    coefficients: NDArray[np.float64], d: int, n: int, point: NDArray[np.float64]
) -> float:  # pragma: no cover - compiled
    """Value of one tensor Bernstein polynomial at ``point`` (local coordinates)."""
    vectors = np.empty((d, n + 1))
    for axis in range(d):
        vectors[axis] = _basis(n, point[axis])
    return _contract(coefficients, d, n, vectors)


@njit(cache=True)
def _contract(
    coefficients: NDArray[np.float64], d: int, n: int, vectors: NDArray[np.float64]
) -> float:  # pragma: no cover - compiled
    """Contract a flat (n+1)^d tensor with one vector per axis (``vectors[axis]``)."""
    current = coefficients
    size = n + 1
    for axis in range(d - 1, -1, -1):
        rows = current.size // size
        block = current.reshape(rows, size)
        reduced = np.zeros(rows)
        for r in range(rows):
            total = 0.0
            for j in range(size):
                total += block[r, j] * vectors[axis, j]
            reduced[r] = total
        current = reduced
    return current[0]


@njit(cache=True)
def _gradient(
    coefficients: NDArray[np.float64], d: int, n: int, point: NDArray[np.float64]
) -> NDArray[np.float64]:  # pragma: no cover - compiled
    """Gradient of one tensor Bernstein polynomial at ``point`` (local coordinates)."""
    out = np.zeros(d)
    if n == 0:
        return out
    basis = np.empty((d, n + 1))
    slopes = np.zeros((d, n + 1))
    for axis in range(d):
        basis[axis] = _basis(n, point[axis])
        lower = _basis(n - 1, point[axis])
        # d/dt B_{j,n} = n (B_{j-1,n-1} - B_{j,n-1}).
        for j in range(n + 1):
            value = 0.0
            if j >= 1:
                value += lower[j - 1]
            if j <= n - 1:
                value -= lower[j]
            slopes[axis, j] = n * value
    for axis in range(d):
        vectors = basis.copy()
        vectors[axis] = slopes[axis]
        out[axis] = _contract(coefficients, d, n, vectors)
    return out


@njit(cache=True)
def _derivative_bounds(
    coefficients: NDArray[np.float64], d: int, n: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:  # pragma: no cover - compiled
    """Bounds on each partial derivative over the box (local coordinates), by convex hull."""
    low = np.zeros(d)
    high = np.zeros(d)
    if n == 0:
        return low, high
    size = n + 1
    for axis in range(d):
        pre = size**axis
        post = size ** (d - 1 - axis)
        block = coefficients.reshape(pre, size, post)
        lo = np.inf
        hi = -np.inf
        for p in range(pre):
            for j in range(n):
                for q in range(post):
                    value = n * (block[p, j + 1, q] - block[p, j, q])
                    lo = min(lo, value)
                    hi = max(hi, value)
        low[axis] = lo
        high[axis] = hi
    return low, high


@njit(cache=True)
def _hull_interval(
    values: NDArray[np.float64], level: float, below: bool
) -> tuple[float, float]:  # pragma: no cover - compiled
    """Interval of t where a convex hull of the points (j/n, values) can reach ``level``.

    ``below`` uses the lower hull (values <= level), otherwise the upper hull (values >=
    level); an empty interval is returned as (1, 0).
    """
    n = values.size - 1
    lo = 1.0
    hi = 0.0
    for j in range(n + 1):
        vj = values[j] - level if below else level - values[j]
        if vj <= 0.0:
            tj = j / n if n > 0 else 0.5
            lo = min(lo, tj)
            hi = max(hi, tj)
            for i in range(n + 1):
                vi = values[i] - level if below else level - values[i]
                if vi > 0.0:
                    ti = i / n
                    crossing = ti + (tj - ti) * vi / (vi - vj)
                    lo = min(lo, crossing)
                    hi = max(hi, crossing)
    return lo, hi


@njit(cache=True)
def _clip(
    coefficients: NDArray[np.float64], d: int, n: int, axis: int, band: float
) -> tuple[float, float]:  # pragma: no cover - compiled
    """Slab [a, b] along ``axis`` outside which the polynomial cannot enter the zero band."""
    size = n + 1
    pre = size**axis
    post = size ** (d - 1 - axis)
    block = coefficients.reshape(pre, size, post)
    minima = np.empty(size)
    maxima = np.empty(size)
    for j in range(size):
        lo = np.inf
        hi = -np.inf
        for p in range(pre):
            for q in range(post):
                value = block[p, j, q]
                lo = min(lo, value)
                hi = max(hi, value)
        minima[j] = lo
        maxima[j] = hi
    a1, b1 = _hull_interval(minima, band, True)
    a2, b2 = _hull_interval(maxima, -band, False)
    return max(a1, a2), min(b1, b2)


@njit(cache=True)
def _solve_small(
    matrix: NDArray[np.float64], rhs: NDArray[np.float64]
) -> tuple[NDArray[np.float64], bool]:  # pragma: no cover - compiled
    """Solve a small dense system by Gaussian elimination with partial pivoting.

    Written out instead of calling LAPACK so that it compiles quickly; returns
    ``(solution, regular)``.
    """
    d = rhs.size
    a = matrix.copy()
    b = rhs.copy()
    scale = 0.0
    for i in range(d):
        for j in range(d):
            scale = max(scale, abs(a[i, j]))
    if scale == 0.0:
        return b, False
    for col in range(d):
        pivot = col
        for row in range(col + 1, d):
            if abs(a[row, col]) > abs(a[pivot, col]):
                pivot = row
        if abs(a[pivot, col]) <= 1e-14 * scale:
            return b, False
        if pivot != col:
            for j in range(d):
                a[col, j], a[pivot, j] = a[pivot, j], a[col, j]
            b[col], b[pivot] = b[pivot], b[col]
        for row in range(col + 1, d):
            factor = a[row, col] / a[col, col]
            for j in range(col, d):
                a[row, j] -= factor * a[col, j]
            b[row] -= factor * b[col]
    x = np.empty(d)
    for row in range(d - 1, -1, -1):
        total = b[row]
        for j in range(row + 1, d):
            total -= a[row, j] * x[j]
        x[row] = total / a[row, row]
    return x, True


@njit(cache=True)
def _newton(
    system: NDArray[np.float64], d: int, n: int, start: NDArray[np.float64], iterations: int
) -> NDArray[np.float64]:  # pragma: no cover - compiled
    """Newton's method on the box's local coordinates, kept inside [0, 1]^d."""
    point = start.copy()
    values = np.empty(d)
    jacobian = np.empty((d, d))
    for _ in range(iterations):
        for e in range(d):
            values[e] = _evaluate(system[e], d, n, point)
            jacobian[e] = _gradient(system[e], d, n, point)
        step, regular = _solve_small(jacobian, values)
        if not regular:
            break
        point = point - step
        for axis in range(d):
            point[axis] = min(1.0, max(0.0, point[axis]))
        if np.max(np.abs(step)) < 1e-16:
            break
    return point


@njit(cache=True)
def _krawczyk(system: NDArray[np.float64], d: int, n: int) -> bool:  # pragma: no cover - compiled
    """Floating-point Krawczyk test on the local box [0, 1]^d: True proves one unique root."""
    centre = np.full(d, 0.5)
    values = np.empty(d)
    jacobian = np.empty((d, d))
    low = np.empty((d, d))
    high = np.empty((d, d))
    for e in range(d):
        values[e] = _evaluate(system[e], d, n, centre)
        jacobian[e] = _gradient(system[e], d, n, centre)
        lo, hi = _derivative_bounds(system[e], d, n)
        low[e] = lo
        high[e] = hi
    inverse = np.empty((d, d))
    unit = np.zeros(d)
    for k in range(d):
        unit[:] = 0.0
        unit[k] = 1.0
        column, regular = _solve_small(jacobian, unit)
        if not regular:
            return False
        inverse[:, k] = column
    image_centre = centre.copy()
    for k in range(d):
        for e in range(d):
            image_centre[k] -= inverse[k, e] * values[e]
    for k in range(d):
        radius = 0.0
        for axis in range(d):
            # (I - Y J)_{k, axis} as an interval.
            lo_sum = 1.0 if k == axis else 0.0
            hi_sum = lo_sum
            for e in range(d):
                y = inverse[k, e]
                if y >= 0.0:
                    lo_sum -= y * high[e, axis]
                    hi_sum -= y * low[e, axis]
                else:
                    lo_sum -= y * low[e, axis]
                    hi_sum -= y * high[e, axis]
            radius += 0.5 * max(abs(lo_sum), abs(hi_sum))
        # Allow for rounding in the enclosure.
        radius += 1e-12
        if image_centre[k] - radius <= 0.0 or image_centre[k] + radius >= 1.0:
            return False
    return True


@njit(cache=True)
def _solve_kernel(
    system: NDArray[np.float64],
    d: int,
    n: int,
    band: float,
    min_width: float,
    max_boxes: int,
    max_unresolved: int,
) -> tuple[
    NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64], int, bool
]:  # pragma: no cover - compiled
    """Subdivision solver; returns roots, certified flags, unresolved boxes, boxes, limit hit."""
    n_equations = system.shape[0]
    size = system.shape[1]
    # Depth-first stack of boxes as growing arrays (faster to compile than typed lists).
    stack_c = np.empty((16, n_equations, size))
    stack_lo = np.empty((16, d))
    stack_hi = np.empty((16, d))
    stack_c[0] = system
    stack_lo[0] = 0.0
    stack_hi[0] = 1.0
    depth = 1
    roots = np.empty((8, d))
    n_roots = 0
    unresolved = np.empty((8, 2, d))
    n_unresolved = 0
    boxes = 0
    limit = False
    while depth > 0:
        depth -= 1
        coefficients = stack_c[depth].copy()
        lo = stack_lo[depth].copy()
        hi = stack_hi[depth].copy()
        boxes += 1
        if boxes > max_boxes:
            limit = True
            unresolved, n_unresolved = _push_box(unresolved, n_unresolved, lo, hi)
            continue
        excluded = False
        flat = False
        for e in range(n_equations):
            cmin = np.min(coefficients[e])
            cmax = np.max(coefficients[e])
            if cmin > band or cmax < -band:
                excluded = True
                break
            if cmin >= -band and cmax <= band:
                # One equation vanishes on the whole box: the solution set there is that of
                # the other equations, a continuum (or empty, which a finer search would not
                # tell cheaply either).
                flat = True
        if excluded:
            continue
        width = np.max(hi - lo)
        if flat:
            unresolved, n_unresolved = _push_box(unresolved, n_unresolved, lo, hi)
            continue
        if _krawczyk(coefficients, d, n):
            local = _newton(coefficients, d, n, np.full(d, 0.5), 60)
            if n_roots == roots.shape[0]:
                grown = np.empty((2 * n_roots, d))
                grown[:n_roots] = roots[:n_roots]
                roots = grown
            roots[n_roots] = lo + local * (hi - lo)
            n_roots += 1
            continue
        if width < min_width:
            if d > 1 and (np.any(lo <= 0.0) or np.any(hi >= 1.0)):
                # A degenerate root on the boundary of the domain: in the callers' use (the
                # relative interior of a face) it belongs to a lower-dimensional face.
                continue
            unresolved, n_unresolved = _push_box(unresolved, n_unresolved, lo, hi)
            if n_unresolved > max_unresolved:
                limit = True
                break
            continue
        # Clipping: shrink to the slab where every equation can vanish.
        new_lo = np.zeros(d)
        new_hi = np.ones(d)
        for axis in range(d):
            for e in range(n_equations):
                a, b = _clip(coefficients[e], d, n, axis, band)
                new_lo[axis] = max(new_lo[axis], a)
                new_hi[axis] = min(new_hi[axis], b)
        empty = False
        for axis in range(d):
            if new_lo[axis] > new_hi[axis]:
                empty = True
        if empty:
            continue
        shrink = 1.0
        for axis in range(d):
            margin = 0.01 + 0.01 * (new_hi[axis] - new_lo[axis])
            new_lo[axis] = max(0.0, new_lo[axis] - margin)
            new_hi[axis] = min(1.0, new_hi[axis] + margin)
            shrink = min(shrink, new_hi[axis] - new_lo[axis])
        if shrink < 0.8:
            restricted = np.empty_like(coefficients)
            for e in range(n_equations):
                current = coefficients[e]
                for axis in range(d):
                    current = _restrict_axis(current, d, n, axis, new_lo[axis], new_hi[axis])
                restricted[e] = current
            stack_c, stack_lo, stack_hi = _grow(stack_c, stack_lo, stack_hi, depth + 1)
            stack_c[depth] = restricted
            stack_lo[depth] = lo + new_lo * (hi - lo)
            stack_hi[depth] = lo + new_hi * (hi - lo)
            depth += 1
            continue
        # Split the widest side, slightly off centre so that rational roots such as 1/2 do
        # not fall on a box boundary.
        axis = int(np.argmax(hi - lo))
        t = 0.4998779296875
        left = np.empty_like(coefficients)
        right = np.empty_like(coefficients)
        for e in range(n_equations):
            a_part, b_part = _split_axis(coefficients[e], d, n, axis, t)
            left[e] = a_part
            right[e] = b_part
        middle = lo[axis] + t * (hi[axis] - lo[axis])
        right_lo = lo.copy()
        right_lo[axis] = middle
        left_hi = hi.copy()
        left_hi[axis] = middle
        stack_c, stack_lo, stack_hi = _grow(stack_c, stack_lo, stack_hi, depth + 2)
        stack_c[depth] = right
        stack_lo[depth] = right_lo
        stack_hi[depth] = hi
        stack_c[depth + 1] = left
        stack_lo[depth + 1] = lo
        stack_hi[depth + 1] = left_hi
        depth += 2
    out_certified = np.ones(n_roots, dtype=np.bool_)
    return roots[:n_roots].copy(), out_certified, unresolved[:n_unresolved].copy(), boxes, limit


@njit(cache=True)
def _push_box(
    boxes: NDArray[np.float64], count: int, lo: NDArray[np.float64], hi: NDArray[np.float64]
) -> tuple[NDArray[np.float64], int]:  # pragma: no cover - compiled
    if count == boxes.shape[0]:
        grown = np.empty((2 * count, 2, lo.size))
        grown[:count] = boxes[:count]
        boxes = grown
    boxes[count, 0] = lo
    boxes[count, 1] = hi
    return boxes, count + 1


@njit(cache=True)
def _grow(
    stack_c: NDArray[np.float64],
    stack_lo: NDArray[np.float64],
    stack_hi: NDArray[np.float64],
    needed: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:  # pragma: no cover
    if needed <= stack_c.shape[0]:
        return stack_c, stack_lo, stack_hi
    size = max(needed, 2 * stack_c.shape[0])
    grown_c = np.empty((size, stack_c.shape[1], stack_c.shape[2]))
    grown_lo = np.empty((size, stack_lo.shape[1]))
    grown_hi = np.empty((size, stack_hi.shape[1]))
    grown_c[: stack_c.shape[0]] = stack_c
    grown_lo[: stack_lo.shape[0]] = stack_lo
    grown_hi[: stack_hi.shape[0]] = stack_hi
    return grown_c, grown_lo, grown_hi


@njit(cache=True)
def _elevation(n: int) -> NDArray[np.float64]:  # pragma: no cover - compiled
    """E[r, i, j]: weight of B_{j,n} in the degree elevation of B_{i,r} to degree n."""
    table = np.zeros((n + 1, n + 1, n + 1))
    log_factorial = np.zeros(n + 2)
    for k in range(1, n + 2):
        log_factorial[k] = log_factorial[k - 1] + np.log(k)
    for r in range(n + 1):
        for i in range(r + 1):
            for j in range(i, i + n - r + 1):
                log_value = (
                    log_factorial[r]
                    - log_factorial[i]
                    - log_factorial[r - i]
                    + log_factorial[n - r]
                    - log_factorial[j - i]
                    - log_factorial[n - r - j + i]
                    - (log_factorial[n] - log_factorial[j] - log_factorial[n - j])
                )
                table[r, i, j] = np.exp(log_value)
    return table


@njit(cache=True)
def _simplex_to_tensor_kernel(
    table: NDArray[np.float64], counts: NDArray[np.int64], n: int
) -> NDArray[np.float64]:  # pragma: no cover - compiled
    n_rows = table.shape[0]
    m = counts.shape[1]
    d = m - 1
    size = n + 1
    out = np.zeros((n_rows, size**d))
    elevation = _elevation(n)
    index = np.zeros(d, dtype=np.int64)
    for col in range(counts.shape[0]):
        c = counts[col]
        # r_l = sum_{j >= l} c_j; factor l (1..d) is B_{r_l, r_{l-1}}(u_l) elevated to degree n.
        r = np.zeros(m + 1, dtype=np.int64)
        for l in range(m - 1, -1, -1):
            r[l] = r[l + 1] + c[l]
        # Iterate over the product of the spreads.
        low = np.empty(d, dtype=np.int64)
        high = np.empty(d, dtype=np.int64)
        for l in range(d):
            low[l] = r[l + 1]
            high[l] = r[l + 1] + n - r[l]
        for l in range(d):
            index[l] = low[l]
        while True:
            weight = 1.0
            flat = 0
            for l in range(d):
                weight *= elevation[r[l], r[l + 1], index[l]]
                flat = flat * size + index[l]
            for row in range(n_rows):
                out[row, flat] += weight * table[row, col]
            position = d - 1
            while position >= 0:
                index[position] += 1
                if index[position] <= high[position]:
                    break
                index[position] = low[position]
                position -= 1
            if position < 0:
                break
    return out


# --------------------------------------------------------------------------------------------
# Python interface
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BernsteinRoots:
    """Roots of a Bernstein system on the unit box.

    Attributes
    ----------
    roots : numpy.ndarray
        Shape ``(R, d)``: certified simple roots (each proved unique in its box).
    unresolved : numpy.ndarray
        Shape ``(U, 2, d)``: lower and upper corners of merged boxes that could be neither
        excluded nor certified (multiple roots, clusters or continua).
    n_boxes : int
        Boxes examined.
    complete : bool
        ``False`` when the box budget ran out before the search ended.
    """

    roots: NDArray[np.float64]
    unresolved: NDArray[np.float64]
    n_boxes: int
    complete: bool


def simplex_to_tensor(table: ArrayLike, n: int, m: int) -> NDArray[np.float64]:
    """Convert simplex Bernstein coefficients to tensor Bernstein coefficients (stick breaking).

    Parameters
    ----------
    table : array_like
        Shape ``(E, C(n + m - 1, m - 1))``: coefficients of ``E`` polynomials, one per
        composition of ``n`` into ``m`` parts in the order of
        :func:`gamegroup._combinatorics.compositions`.
    n, m : int
        Degree and number of simplex coordinates (``m >= 2``).

    Returns
    -------
    numpy.ndarray
        Shape ``(E, (n + 1) ** (m - 1))``: flat tensor coefficients, axis ``l`` for ``u_{l+1}``.

    Examples
    --------
    For ``m = 2`` the two forms coincide, read in reverse order of the compositions:

    >>> simplex_to_tensor([[1.0, 2.0, 3.0]], 2, 2)
    array([[1., 2., 3.]])
    """
    values = np.asarray(table, dtype=np.float64)
    if m == 2:
        # Column j is the composition (n - j, j): B_{j,n}(u) directly, no elevation needed.
        return np.array(values, dtype=np.float64)
    counts = compositions(n, m)
    return np.asarray(_simplex_to_tensor_kernel(np.ascontiguousarray(values), counts, n))


def stick_breaking(u: ArrayLike) -> NDArray[np.float64]:
    """Map points of ``[0, 1]^(m-1)`` (last axis) to the simplex with ``m`` coordinates.

    Examples
    --------
    >>> stick_breaking([0.5, 0.5])
    array([0.5 , 0.25, 0.25])
    """
    values = np.asarray(u, dtype=np.float64)
    shape = values.shape[:-1]
    d = values.shape[-1]
    out = np.empty((*shape, d + 1))
    remaining = np.ones(shape)
    for l in range(d):
        out[..., l] = remaining * (1.0 - values[..., l])
        remaining = remaining * values[..., l]
    out[..., d] = remaining
    return out


def evaluate(coefficients: ArrayLike, t: ArrayLike) -> NDArray[np.float64]:
    """Evaluate a univariate Bernstein polynomial at the points ``t`` (de Casteljau).

    Examples
    --------
    >>> evaluate([1.0, -1.0, 1.0], [0.0, 0.5, 1.0])
    array([1., 0., 1.])
    """
    c = np.asarray(coefficients, dtype=np.float64)
    points = np.atleast_1d(np.asarray(t, dtype=np.float64))
    work = np.broadcast_to(c, (*points.shape, c.size)).copy()
    s = 1.0 - points[..., None]
    tt = points[..., None]
    for r in range(1, c.size):
        work[..., : c.size - r] = s * work[..., : c.size - r] + tt * work[..., 1 : c.size - r + 1]
    return np.asarray(work[..., 0])


def derivative(coefficients: ArrayLike) -> NDArray[np.float64]:
    """Bernstein coefficients of the derivative (degree ``n - 1``).

    Examples
    --------
    >>> derivative([0.0, 0.0, 1.0])
    array([0., 2.])
    """
    c = np.asarray(coefficients, dtype=np.float64)
    n = c.size - 1
    if n == 0:
        return np.zeros(1)
    return n * np.diff(c)


def _merge_boxes(boxes: NDArray[np.float64], gap: float) -> list[NDArray[np.float64]]:
    """Merge boxes that touch or overlap (within ``gap``) into bounding boxes of clusters."""
    clusters: list[NDArray[np.float64]] = []
    for box in boxes:
        current = box.copy()
        merged = True
        while merged:
            merged = False
            for index, other in enumerate(clusters):
                if np.all(current[0] <= other[1] + gap) and np.all(other[0] <= current[1] + gap):
                    current[0] = np.minimum(current[0], other[0])
                    current[1] = np.maximum(current[1], other[1])
                    clusters.pop(index)
                    merged = True
                    break
        clusters.append(current)
    return clusters


def _deflate_faces(
    coefficients: NDArray[np.float64], d: int, n: int, band: float
) -> NDArray[np.float64]:
    """Divide each equation by u_l or (1 - u_l) while it vanishes on that face of the box.

    Interior roots are unchanged; faces on which an equation vanishes identically (a vertex of
    the simplex with equal payoffs collapses a whole face of the box onto it) would otherwise
    be a continuum of spurious roots.
    """
    if n == 0:
        return coefficients
    out = coefficients.copy()
    size = n + 1
    weights = np.arange(size) / n
    for e in range(d):
        tensor = out[e].reshape((size,) * d)
        for axis in range(d):
            for _ in range(n):
                moved = np.moveaxis(tensor, axis, 0)
                if np.all(np.abs(moved[0]) <= band):
                    quotient = n * moved[1:] / np.arange(1, size).reshape((-1,) + (1,) * (d - 1))
                    lower = np.concatenate([np.zeros((1, *moved.shape[1:])), quotient])
                    upper = np.concatenate([quotient, np.zeros((1, *moved.shape[1:]))])
                elif np.all(np.abs(moved[-1]) <= band):
                    quotient = n * moved[:-1] / np.arange(n, 0, -1).reshape((-1,) + (1,) * (d - 1))
                    lower = np.concatenate([np.zeros((1, *moved.shape[1:])), quotient])
                    upper = np.concatenate([quotient, np.zeros((1, *moved.shape[1:]))])
                else:
                    break
                if np.all(np.abs(quotient) <= band):
                    break
                # Elevate the quotient (degree n - 1 along the axis) back to degree n.
                shape = (-1,) + (1,) * (d - 1)
                elevated = weights.reshape(shape) * lower + (1 - weights).reshape(shape) * upper
                tensor = np.moveaxis(elevated, 0, axis)
        out[e] = tensor.reshape(-1)
    return out


def solve_system(
    system: ArrayLike,
    n: int,
    *,
    zero_tol: float = DEFAULT_ZERO_TOL,
    min_width: float = 1e-9,
    max_boxes: int = 20_000,
    max_unresolved: int = 256,
) -> BernsteinRoots:
    """Isolate every root in ``[0, 1]^d`` of ``d`` tensor Bernstein polynomials in ``d`` unknowns.

    Parameters
    ----------
    system : array_like
        Shape ``(d, (n + 1) ** d)``: flat tensor coefficients of each equation.
    n : int
        Degree in each variable.
    zero_tol : float
        Zero band relative to the largest absolute coefficient of the system.
    min_width : float
        Boxes narrower than this that are not certified are reported as unresolved.
    max_boxes : int
        Budget of boxes; when exceeded, the rest is reported as unresolved.
    max_unresolved : int
        Stop (with ``complete=False``) once this many minimum-width boxes are unresolved: the
        zero set is then a curve or a dense cluster rather than isolated points.

    Returns
    -------
    BernsteinRoots
        Certified roots (deduplicated) and merged unresolved boxes.

    Examples
    --------
    The circle ``u^2 + v^2 = 1/2`` meets the line ``u = v`` at (1/2, 1/2):

    >>> n = 2
    >>> circle = np.array([[-0.5, -0.5, 0.5], [-0.5, -0.5, 0.5], [0.5, 0.5, 1.5]])
    >>> line = np.array([[0.0, -0.5, -1.0], [0.5, 0.0, -0.5], [1.0, 0.5, 0.0]])
    >>> found = solve_system(np.stack([circle.ravel(), line.ravel()]), n)
    >>> found.roots.round(12)
    array([[0.5, 0.5]])
    """
    coefficients = np.ascontiguousarray(np.asarray(system, dtype=np.float64))
    d = coefficients.shape[0]
    if coefficients.shape != (d, (n + 1) ** d):
        raise ValueError(
            f"`system` must have shape (d, (n + 1) ** d); got {coefficients.shape} for n={n}."
        )
    scale = float(np.max(np.abs(coefficients))) if coefficients.size else 0.0
    if scale == 0.0:
        box = np.array([[np.zeros(d), np.ones(d)]])
        return BernsteinRoots(np.empty((0, d)), box, 0, True)
    band = zero_tol * scale
    coefficients = np.ascontiguousarray(_deflate_faces(coefficients, d, n, band))
    roots, _, boxes, n_boxes, limit = _solve_kernel(
        coefficients, d, n, band, min_width, max_boxes, max_unresolved
    )
    unique: list[NDArray[np.float64]] = []
    for root in roots:
        if not any(np.max(np.abs(root - other)) < 1e-10 for other in unique):
            unique.append(root)
    clusters = _merge_boxes(boxes, gap=max(min_width, 1e-12) * 2)
    unique_array = np.array(unique).reshape(-1, d)
    if unique_array.size:
        unique_array = unique_array[np.lexsort(unique_array.T[::-1])]
    cluster_array = np.array(clusters).reshape(-1, 2, d)
    return BernsteinRoots(unique_array, cluster_array, int(n_boxes), not bool(limit))
