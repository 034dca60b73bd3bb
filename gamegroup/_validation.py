"""Input checks shared by every public entry point.

Each check takes the value and the *name of the argument* as the user wrote it, and either
returns the value in canonical form (a float array, a Python ``int``, ...) or raises a
``ValueError`` (wrong value, shape or range) or ``TypeError`` (wrong kind of object) whose
message names the argument in backticks, says what is accepted and shows what was received.
Nothing is clipped, renormalised or silently coerced: a float where an integer is required is a
``TypeError``, and a point slightly off the simplex is a ``ValueError``.

Checks are called once, at the public boundary, so that hot loops stay free of them. See
``docs/reference/conventions.md`` for the convention.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

SIMPLEX_TOL = 1e-9
"""Default tolerance on the sum of a point of the simplex."""


def _describe(value: Any) -> str:
    """Return a short description of ``value`` for error messages."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} of type {type(value).__name__}"


def check_type(value: Any, name: str, accepted: type | tuple[type, ...], what: str) -> Any:
    """Raise ``TypeError`` unless ``value`` is an instance of ``accepted``.

    ``what`` is the human description of the accepted kind ("a NormalFormGame").
    """
    if not isinstance(value, accepted):
        raise TypeError(f"`{name}` must be {what}; got {_describe(value)}.")
    return value


def check_choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise.

    Examples
    --------
    >>> check_choice("fermi", "rule", ("fermi", "moran"))
    'fermi'
    """
    options = tuple(choices)
    listed = ", ".join(repr(c) for c in options)
    if not isinstance(value, str):
        raise TypeError(f"`{name}` must be one of {listed}; got {_describe(value)}.")
    if value not in options:
        raise ValueError(f"`{name}` must be one of {listed}; got {value!r}.")
    return value


def check_int(
    value: Any, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return ``value`` as a Python ``int`` after checking its kind and range.

    Booleans and floats (even integral ones such as ``5.0``) are rejected with ``TypeError``.

    Examples
    --------
    >>> check_int(5, "group_size", minimum=2)
    5
    >>> check_int(5.0, "group_size")
    Traceback (most recent call last):
    ...
    TypeError: `group_size` must be an integer; got 5.0 of type float.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer; got {_describe(value)}.")
    result = int(value)
    if minimum is not None and result < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}; got {result}.")
    if maximum is not None and result > maximum:
        raise ValueError(f"`{name}` must be an integer <= {maximum}; got {result}.")
    return result


def check_real(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a finite Python ``float`` within the given bounds.

    Examples
    --------
    >>> check_real(0.5, "risk", low=0, high=1)
    0.5
    >>> check_real(float("nan"), "risk")
    Traceback (most recent call last):
    ...
    ValueError: `risk` must be a finite real number; got nan.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a real number; got {_describe(value)}.")
    result = float(value)
    if not np.isfinite(result):
        raise ValueError(f"`{name}` must be a finite real number; got {result}.")
    if not _inside(np.asarray(result), low, high, low_inclusive, high_inclusive):
        interval = _interval(low, high, low_inclusive, high_inclusive)
        raise ValueError(f"`{name}` must lie in {interval}; got {result:g}.")
    return result


def _inside(
    values: NDArray[Any],
    low: float | None,
    high: float | None,
    low_inclusive: bool,
    high_inclusive: bool,
) -> NDArray[np.bool_]:
    """Return, elementwise, whether each value lies within the bounds."""
    inside = np.ones(values.shape, dtype=bool)
    if low is not None:
        inside &= values >= low if low_inclusive else values > low
    if high is not None:
        inside &= values <= high if high_inclusive else values < high
    return inside


def _interval(
    low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool
) -> str:
    left = "(-inf" if low is None else ("[" if low_inclusive else "(") + f"{low:g}"
    right = "inf)" if high is None else f"{high:g}" + ("]" if high_inclusive else ")")
    return f"{left}, {right}"


def check_probability(value: Any, name: str) -> float:
    """Return ``value`` as a float in [0, 1].

    Examples
    --------
    >>> check_probability(1.5, "risk")
    Traceback (most recent call last):
    ...
    ValueError: `risk` must lie in [0, 1]; got 1.5.
    """
    return check_real(value, name, low=0.0, high=1.0)


def check_tolerance(value: Any, name: str = "tol") -> float:
    """Return a strictly positive finite tolerance."""
    return check_real(value, name, low=0.0, low_inclusive=False)


def check_finite_array(
    value: ArrayLike, name: str, *, ndim: int | None = None, min_ndim: int | None = None
) -> NDArray[np.float64]:
    """Return ``value`` as a new C-contiguous float64 array after checking it is real and finite.

    Examples
    --------
    >>> check_finite_array([[1, 2], [3, 4]], "A", ndim=2).dtype
    dtype('float64')
    >>> check_finite_array([1, float("inf")], "A")
    Traceback (most recent call last):
    ...
    ValueError: `A` must contain only finite numbers (no NaN or inf); got 1 non-finite entry.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"`{name}` must be an array of real numbers; got {_describe(value)}.")
    try:
        raw = np.asarray(value)
        complex_valued = raw.dtype.kind == "c"
        array = raw if complex_valued else np.array(raw, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"`{name}` must be an array of real numbers; got {_describe(value)}."
        ) from error
    if complex_valued:
        raise TypeError(f"`{name}` must be real, not complex; got {_describe(value)}.")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"`{name}` must be {ndim}-dimensional; got shape {array.shape}.")
    if min_ndim is not None and array.ndim < min_ndim:
        raise ValueError(
            f"`{name}` must have at least {min_ndim} dimensions; got shape {array.shape}."
        )
    bad = int(np.count_nonzero(~np.isfinite(array)))
    if bad:
        plural = "entry" if bad == 1 else "entries"
        raise ValueError(
            f"`{name}` must contain only finite numbers (no NaN or inf); got {bad} non-finite "
            f"{plural}."
        )
    return np.ascontiguousarray(array)


def check_payoffs(value: ArrayLike, name: str = "payoffs") -> NDArray[np.float64]:
    """Check an N-player payoff tensor of shape ``(N, n_0, ..., n_{N-1})``.

    Examples
    --------
    >>> check_payoffs(np.zeros((2, 3, 4))).shape
    (2, 3, 4)
    >>> check_payoffs(np.zeros((2, 3)))
    Traceback (most recent call last):
    ...
    ValueError: `payoffs` must have shape (N, n_0, ..., n_{N-1}) with N = payoffs.ndim - 1 >= 1; got shape (2, 3).
    """
    array = check_finite_array(value, name)
    n_players = array.ndim - 1
    if n_players < 1 or array.shape[0] != n_players:
        raise ValueError(
            f"`{name}` must have shape (N, n_0, ..., n_{{N-1}}) with N = {name}.ndim - 1 >= 1; "
            f"got shape {array.shape}."
        )
    if any(size < 1 for size in array.shape[1:]):
        raise ValueError(
            f"`{name}` must give every player at least one action; got shape {array.shape}."
        )
    return array


def check_simplex(
    value: ArrayLike, name: str, *, size: int | None = None, tol: float = SIMPLEX_TOL
) -> NDArray[np.float64]:
    """Check that the last axis of ``value`` holds points of the probability simplex.

    Entries must be non-negative (exactly: no negative zero-crossing is tolerated) and each
    point must sum to one within ``tol``. Nothing is renormalised.

    Examples
    --------
    >>> check_simplex([0.25, 0.75], "x0")
    array([0.25, 0.75])
    >>> check_simplex([0.5, 0.47], "x0")
    Traceback (most recent call last):
    ...
    ValueError: `x0` must lie on the simplex (non-negative, summing to 1 within tol=1e-09); got sum 0.97.
    """
    array = check_finite_array(value, name, min_ndim=1)
    if size is not None and array.shape[-1] != size:
        raise ValueError(
            f"`{name}` must have {size} entries along its last axis (one per strategy); got "
            f"shape {array.shape}."
        )
    if np.any(array < 0):
        raise ValueError(
            f"`{name}` must lie on the simplex (non-negative, summing to 1 within tol={tol:g}); "
            f"got a negative entry {array.min():g}."
        )
    sums = array.sum(axis=-1)
    worst = np.max(np.abs(sums - 1.0)) if sums.size else 0.0
    if worst > tol:
        bad = np.ravel(sums)[np.argmax(np.abs(np.ravel(sums) - 1.0))]
        raise ValueError(
            f"`{name}` must lie on the simplex (non-negative, summing to 1 within tol={tol:g}); "
            f"got sum {bad:.6g}."
        )
    return array


def check_counts(
    value: ArrayLike, name: str, *, total: int | None = None, size: int | None = None
) -> NDArray[np.int64]:
    """Check non-negative integer counts along the last axis, optionally with a fixed total.

    Examples
    --------
    >>> check_counts([3, 2], "state", total=5)
    array([3, 2])
    >>> check_counts([3, 1], "state", total=5)
    Traceback (most recent call last):
    ...
    ValueError: `state` must be counts summing to 5 along the last axis; got sum 4.
    """
    raw = np.asarray(value)
    if raw.dtype.kind == "b" or raw.dtype.kind not in "iu":
        if (
            raw.dtype.kind == "f"
            and raw.size
            and np.all(np.isfinite(raw))
            and np.all(raw == np.round(raw))
        ):
            raise TypeError(
                f"`{name}` must be an array of integers; got floats (dtype {raw.dtype}). "
                "Convert with `.astype(int)` if they are exact counts."
            )
        raise TypeError(f"`{name}` must be an array of integers; got {_describe(value)}.")
    counts = np.ascontiguousarray(raw, dtype=np.int64)
    if counts.ndim < 1:
        raise ValueError(f"`{name}` must have at least one axis; got a scalar.")
    if size is not None and counts.shape[-1] != size:
        raise ValueError(
            f"`{name}` must have {size} entries along its last axis (one per strategy); got "
            f"shape {counts.shape}."
        )
    if np.any(counts < 0):
        raise ValueError(f"`{name}` must be non-negative counts; got {counts.min()}.")
    if total is not None:
        sums = counts.sum(axis=-1)
        if np.any(sums != total):
            bad = np.ravel(sums)[np.argmax(np.ravel(sums) != total)]
            raise ValueError(
                f"`{name}` must be counts summing to {total} along the last axis; got sum {bad}."
            )
    return counts


def check_permutation(value: Sequence[int] | ArrayLike, name: str, size: int) -> NDArray[np.intp]:
    """Check that ``value`` is a permutation of ``range(size)``.

    Examples
    --------
    >>> check_permutation([1, 0, 2], "order", 3)
    array([1, 0, 2])
    """
    perm = np.asarray(value)
    if perm.dtype.kind not in "iu":
        raise TypeError(f"`{name}` must be a sequence of integers; got {_describe(value)}.")
    if perm.shape != (size,) or not np.array_equal(np.sort(perm), np.arange(size)):
        raise ValueError(f"`{name}` must be a permutation of 0..{size - 1}; got {perm.tolist()}.")
    return perm.astype(np.intp)


def check_population_states(
    value: ArrayLike | None, name: str, population_size: int, n_strategies: int
) -> NDArray[np.int64]:
    """Return states of a finite population as an ``(S, k)`` array of counts summing to ``Z``.

    ``None`` means every state, in the canonical order of
    :func:`gamegroup._combinatorics.compositions`.

    Examples
    --------
    >>> check_population_states([[3, 1]], "states", 4, 2)
    array([[3, 1]])
    >>> check_population_states(None, "states", 2, 2)
    array([[2, 0],
           [1, 1],
           [0, 2]])
    >>> check_population_states([3, 1], "states", 4, 2)
    Traceback (most recent call last):
    ...
    ValueError: `states` must have shape (S, k); got shape (2,).
    """
    from gamegroup._combinatorics import compositions

    if value is None:
        return compositions(population_size, n_strategies)
    counts = check_counts(value, name, total=population_size, size=n_strategies)
    if counts.ndim != 2:
        raise ValueError(f"`{name}` must have shape (S, k); got shape {counts.shape}.")
    return counts


def check_values(
    value: Any,
    name: str,
    *,
    size: int | None = None,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    per: str = "member",
) -> float | NDArray[np.float64]:
    """Return one number (as :func:`check_real`) or a read-only 1-D array of numbers in range.

    For parameters given either once for everyone or once per member (``per`` names what the
    entries belong to; ``size``, when given, is how many there must be).

    Examples
    --------
    >>> check_values(0.5, "cost", low=0.0)
    0.5
    >>> check_values([0.5, 0.7], "cost", size=2, low=0.0)
    array([0.5, 0.7])
    >>> check_values([0.5, -1.0], "cost", low=0.0)
    Traceback (most recent call last):
    ...
    ValueError: `cost` must lie in [0, inf); got -1 for member 1.
    """
    if np.ndim(value) == 0:
        return check_real(
            value,
            name,
            low=low,
            high=high,
            low_inclusive=low_inclusive,
            high_inclusive=high_inclusive,
        )
    values = check_finite_array(value, name, ndim=1)
    if (values.size == 0) if size is None else (values.size != size):
        count = "" if size is None else f" ({size})"
        raise ValueError(
            f"`{name}` must be one value or one per {per}{count}; got {values.size} values."
        )
    outside = ~_inside(values, low, high, low_inclusive, high_inclusive)
    if np.any(outside):
        where = int(np.argmax(outside))
        interval = _interval(low, high, low_inclusive, high_inclusive)
        raise ValueError(
            f"`{name}` must lie in {interval}; got {values[where]:g} for {per} {where}."
        )
    values.setflags(write=False)
    return values


def check_returned_real(value: Any, name: str, where: str) -> float:
    """Return what the user's callable ``name`` returned as a finite ``float``.

    ``where`` says for which arguments it was called (it ends the error message).

    Examples
    --------
    >>> check_returned_real(2, "payoff", "for strategy 0")
    2.0
    >>> check_returned_real(float("nan"), "payoff", "for strategy 0")
    Traceback (most recent call last):
    ...
    ValueError: `payoff` returned nan for strategy 0, but `payoff` must return finite numbers.
    """
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"`{name}` must return a real number; got {value!r} {where}.") from error
    if not np.isfinite(number):
        raise ValueError(
            f"`{name}` returned {number} {where}, but `{name}` must return finite numbers."
        )
    return number
