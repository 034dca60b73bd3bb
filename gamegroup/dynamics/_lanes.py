r"""Replicate lanes for the compiled network kernels, and an exactly-rounded Fermi test.

Lanes
    The kernels of :mod:`gamegroup.dynamics.network_games` and
    :mod:`gamegroup.dynamics.network_rules` keep the state of a batch of replicates
    *interleaved*: member ``i`` of replicate ``r`` sits at ``S[i, r]``, so one traversal of
    the graph serves every replicate with a contiguous inner loop over ``r`` (the lanes) that
    the compiler turns into SIMD instructions. A single run passes one-dimensional arrays
    ``S[i]`` instead; numba then compiles the same source with the lane count fixed to 1,
    which is plain scalar code. :func:`lanes`, :func:`at`, :func:`put` and :func:`column`
    hide the difference. Group bookkeeping (counts, pots) always has the lanes on its last
    axis, ``C[g, t, r]``.

Fermi decisions
    Pairwise Fermi imitation adopts when a uniform fraction :math:`u` satisfies
    :math:`u < p = 1 / (1 + e^{x})`, :math:`x = -\beta(\pi_j - \pi_i)`, with :math:`e^x`
    from the C library. :func:`fast_exp` evaluates :math:`e^x` with a polynomial that
    vectorises (Cody–Waite reduction, Taylor polynomial of degree 13, exponent by bit
    manipulation; within 1 ulp of the library over the whole range, see the tests). Since
    :math:`|p' - p| < 10^{-14}` for :math:`p' = 1/(1 + \mathrm{fast\_exp}(x))`, the test
    :math:`u < p'` is the test :math:`u < p` whenever :math:`|u - p'| >` :data:`MARGIN`;
    the rare remaining cases (about :math:`2 \cdot 10^{-12}` of them, and NaN) are decided with
    the library's exponential, so every decision is bit-for-bit the one of the plain formula.

References
----------
Cody, W. J., & Waite, W. (1980). Software Manual for the Elementary Functions. Prentice-Hall.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from numba import types
from numba.extending import intrinsic, overload

MARGIN = 1e-12
"""Decisions closer than this to the approximate probability are redone exactly."""


def lanes(a: Any) -> int:  # pragma: no cover - replaced by the overload in compiled code
    """Return the number of replicates a state array holds (1 if it is one-dimensional)."""
    raise NotImplementedError


def at(a: Any, i: int, r: int) -> Any:  # pragma: no cover
    """Return member ``i`` of replicate ``r``: ``a[i]`` (one replicate) or ``a[i, r]``."""
    raise NotImplementedError


def put(a: Any, i: int, r: int, value: Any) -> None:  # pragma: no cover
    """Set member ``i`` of replicate ``r``."""
    raise NotImplementedError


def column(a: Any, r: int) -> Any:  # pragma: no cover
    """Return replicate ``r`` of a state array as a one-dimensional view."""
    raise NotImplementedError


# Overloads are inlined at the numba IR level (so no reference counting is left in the loops).
# Arguments must be plain names or constants there: numba mis-inlines a conditional
# expression passed as an argument, so callers assign such values to a variable first.


# The implementations repeat the annotations of the typing functions: numba requires the same
# parameters (annotations included) in both.


@overload(lanes, inline="always")
def _lanes(a: Any) -> Any:
    if a.ndim == 1:

        def one(a: Any) -> Any:
            return 1

        return one

    def many(a: Any) -> Any:
        return a.shape[1]

    return many


@overload(at, inline="always")
def _at(a: Any, i: Any, r: Any) -> Any:
    if a.ndim == 1:

        def one(a: Any, i: Any, r: Any) -> Any:
            return a[i]

        return one

    def many(a: Any, i: Any, r: Any) -> Any:
        return a[i, r]

    return many


@overload(put, inline="always")
def _put(a: Any, i: Any, r: Any, value: Any) -> Any:
    if a.ndim == 1:

        def one(a: Any, i: Any, r: Any, value: Any) -> None:
            a[i] = value

        return one

    def many(a: Any, i: Any, r: Any, value: Any) -> None:
        a[i, r] = value

    return many


@overload(column, inline="always")
def _column(a: Any, r: Any) -> Any:
    if a.ndim == 1:

        def one(a: Any, r: Any) -> Any:
            return a

        return one

    def many(a: Any, r: Any) -> Any:
        return a[:, r]

    return many


@intrinsic
def _bits_to_float(typingctx: Any, bits: Any) -> Any:
    """Reinterpret the 64 bits of an integer as a float64."""
    signature = types.float64(types.int64)

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        return builder.bitcast(args[0], context.get_value_type(types.float64))

    return signature, codegen


_LN2_HIGH = 6.93147180369123816490e-01  # ln 2 split so that k * _LN2_HIGH is exact
_LN2_LOW = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00


@numba.njit(cache=True, inline="always")
def fast_exp(x: float) -> float:  # pragma: no cover
    r"""Return :math:`e^x` within about 1 ulp for :math:`|x| \le 700` (clamped outside)."""
    x = min(max(x, -700.0), 700.0)
    k = np.floor(x * _INV_LN2 + 0.5)
    y = (x - k * _LN2_HIGH) - k * _LN2_LOW  # |y| <= ln(2) / 2
    p = 1.0 / 6227020800.0
    p = p * y + 1.0 / 479001600.0
    p = p * y + 1.0 / 39916800.0
    p = p * y + 1.0 / 3628800.0
    p = p * y + 1.0 / 362880.0
    p = p * y + 1.0 / 40320.0
    p = p * y + 1.0 / 5040.0
    p = p * y + 1.0 / 720.0
    p = p * y + 1.0 / 120.0
    p = p * y + 1.0 / 24.0
    p = p * y + 1.0 / 6.0
    p = p * y + 0.5
    p = p * y + 1.0
    p = p * y + 1.0
    # mypy sees the intrinsic's typing signature (typingctx, bits); numba calls it with bits.
    return p * _bits_to_float((np.int64(k) + 1023) << 52)  # type: ignore[call-arg]
