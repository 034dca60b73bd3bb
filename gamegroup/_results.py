"""Base behaviour of result objects: immutability, equality and a compact ``repr``.

Every solver and simulator returns a frozen dataclass declared with :func:`result_type` and
deriving from :class:`Result`::

    @result_type
    class Trajectory(Result):
        t: NDArray[np.float64]
        x: NDArray[np.float64]
        success: bool
        message: str

:class:`Result` makes every array field (including arrays inside tuple fields, and the arrays
of scipy sparse fields) a read-only copy at construction, so the immutability is real; compares
results field by field with ``numpy.array_equal`` (sparse fields entry by entry); and prints a
compact ``repr`` that shows shapes and a few leading values, never a whole large array.

Subclasses that need their own ``__post_init__`` must call ``Result.__post_init__(self)``
explicitly: zero-argument ``super()`` does not work in ``slots=True`` dataclasses on
Python < 3.14.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

import numpy as np
import scipy.sparse as sp

T = TypeVar("T")

_MAX_SHOWN = 4
_CONTAINERS = (np.ndarray, tuple, sp.sparray)  # the field values that _freeze may change


def _freeze(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        frozen = np.array(value, copy=True)
        frozen.setflags(write=False)
        return frozen
    if isinstance(value, sp.sparray):  # a read-only copy of its arrays
        copy = value.copy()
        for name in ("data", "indices", "indptr", "row", "col", "offsets"):
            part = getattr(copy, name, None)
            if isinstance(part, np.ndarray):
                part.setflags(write=False)
        return copy
    if isinstance(value, tuple):
        items = tuple([_freeze(item) if isinstance(item, _CONTAINERS) else item for item in value])
        # Keep the original tuple when nothing inside changed (e.g. supports: tuples of ints).
        return value if all(map(operator.is_, items, value)) else items
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(field.name for field in dataclasses.fields(cls))
    return names


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= _MAX_SHOWN and value.ndim <= 1:
            return np.array2string(value, precision=4, separator=", ")
        flat = value.ravel()[:_MAX_SHOWN]
        head = ", ".join(
            np.format_float_positional(v, precision=4, trim="-")
            if value.dtype.kind == "f"
            else str(v)
            for v in flat
        )
        return f"<{value.dtype} array {value.shape}: {head}, ...>"
    if isinstance(value, sp.sparray):
        return f"<{value.format} sparse {value.dtype} array {value.shape}, {value.nnz} stored>"
    if isinstance(value, tuple):
        if len(value) > _MAX_SHOWN:
            shown = ", ".join(_short(v) for v in value[:_MAX_SHOWN])
            return f"({shown}, ... {len(value)} items)"
        inner = ", ".join(_short(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 80 else value[:77] + "...")
    return repr(value)


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, sp.sparray) or isinstance(right, sp.sparray):
        if not (isinstance(left, sp.sparray) and isinstance(right, sp.sparray)):
            return False
        return left.shape == right.shape and (left != right).nnz == 0
    if isinstance(left, np.ndarray) or isinstance(right, np.ndarray):
        return bool(np.array_equal(np.asarray(left), np.asarray(right), equal_nan=True))
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(
            _equal(a, b) for a, b in zip(left, right, strict=True)
        )
    return bool(left == right)


class Result:
    """Mixin for frozen result dataclasses (see the module docstring).

    Examples
    --------
    >>> @result_type
    ... class Example(Result):
    ...     values: np.ndarray
    ...     label: str
    >>> r = Example(np.arange(10.0), "demo")
    >>> r
    Example(values=<float64 array (10,): 0, 1, 2, 3, ...>, label='demo')
    >>> r.values.flags.writeable
    False
    >>> r == Example(np.arange(10.0), "demo")
    True
    """

    __slots__ = ()

    def __post_init__(self) -> None:
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if not isinstance(value, _CONTAINERS):
                continue
            frozen = _freeze(value)
            if frozen is not value:
                object.__setattr__(self, name, frozen)

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{field.name}={_short(getattr(self, field.name))}"
            for field in dataclasses.fields(self)  # type: ignore[arg-type]
            if field.repr
        )
        return f"{type(self).__name__}({parts})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            _equal(getattr(self, field.name), getattr(other, field.name))
            for field in dataclasses.fields(self)  # type: ignore[arg-type]
            if field.compare
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass_transform(frozen_default=True, eq_default=False)
def result_type(cls: type[T]) -> type[T]:
    """Declare a frozen, slotted result dataclass (use with :class:`Result` as a base).

    Examples
    --------
    >>> @result_type
    ... class Pair(Result):
    ...     left: float
    ...     right: float
    >>> Pair(1.0, 2.0)
    Pair(left=1, right=2)
    """
    decorate: Callable[[type[T]], type[T]] = dataclasses.dataclass(
        frozen=True, slots=True, repr=False, eq=False
    )
    return decorate(cls)
