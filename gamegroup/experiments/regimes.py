r"""Regimes of a sweep's parameter points, with replicate uncertainty, and phase boundaries.

For an output :math:`y` observed in :math:`n` replicates at a parameter point, the point's
summary is the mean :math:`\bar y`, the standard error :math:`s/\sqrt n` and the two-sided
confidence interval :math:`\bar y \pm t_{n-1,(1+\gamma)/2}\, s/\sqrt n` (Student's
:math:`t`, level :math:`\gamma = 0.95` by default).

**Regimes.** Thresholds :math:`\tau_1 < \dots < \tau_m` cut the output's range into
:math:`m + 1` labelled regimes, for example the final fraction of sharers into *dies out*
(:math:`y \le 0.05`), *coexists* and *survives* (:math:`y \ge 0.95`), or a collusion index
into *competitive* and *collusive*. A value equal to the first threshold belongs to the regime
below it and, with two or more thresholds, a value equal to the last one to the regime above
it, so that with the default thresholds "dies out" and "survives" include 0.05 and 0.95. Each replicate is labelled; a point's regime is the most frequent label
among its replicates, ``certainty`` is that label's share, and ``settled`` says whether the
whole confidence interval of the mean lies inside the regime's band.

**Phase boundaries.** Along a grid parameter :math:`x`, with the other parameters held fixed,
the boundary is where the mean crosses a level :math:`\ell`: between adjacent grid values
:math:`x_k < x_{k+1}` with :math:`(\bar y_k - \ell)(\bar y_{k+1} - \ell) < 0`,

.. math:: x^* = x_k + (x_{k+1} - x_k)\,\frac{\ell - \bar y_k}{\bar y_{k+1} - \bar y_k},

and its uncertainty is the interval between the crossings of the upper and lower confidence
curves :math:`\bar y \pm h` nearest to :math:`x^*` (NaN when a curve does not cross inside the
grid).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from gamegroup._validation import check_real, check_type

DEFAULT_LABELS = ("dies out", "coexists", "survives")
DEFAULT_THRESHOLDS = (0.05, 0.95)


def parameter_columns(frame: pd.DataFrame) -> list[str]:
    """Return the parameter columns of a sweep frame (between ``point`` and ``replicate``).

    Raises
    ------
    ValueError
        If ``frame`` lacks the ``point`` and ``replicate`` columns of a sweep frame.

    Examples
    --------
    >>> parameter_columns(pd.DataFrame(columns=["point", "a", "b", "replicate", "y", "seed"]))
    ['a', 'b']
    """
    check_type(frame, "frame", pd.DataFrame, "a pandas DataFrame returned by sweep")
    columns = list(frame.columns)
    if "point" not in columns or "replicate" not in columns:
        raise ValueError(
            "`frame` must be a sweep frame with `point` and `replicate` columns; got columns "
            f"{columns}."
        )
    return columns[columns.index("point") + 1 : columns.index("replicate")]


def _check_output(frame: pd.DataFrame, output: str) -> None:
    if output not in frame.columns or output in ("point", "replicate", "seed"):
        raise ValueError(f"`output` must be an output column of `frame`; got {output!r}.")


def _check_by(frame: pd.DataFrame, by: Sequence[str] | None) -> list[str]:
    parameters = parameter_columns(frame)
    names = parameters if by is None else list(by)
    for name in names:
        if name not in parameters:
            raise ValueError(
                f"`by` must name parameter columns of `frame` ({', '.join(parameters)}); got "
                f"{name!r}."
            )
    return names


def half_width(std: Any, count: Any, level: float) -> Any:
    """Half-width of the Student-t confidence interval of a mean, elementwise (unchecked).

    ``std`` is the sample standard deviation of ``count`` values; ``level`` in (0, 1).
    """
    return stats.t.ppf((1 + level) / 2, np.maximum(count - 1, 1)) * (std / np.sqrt(count))


def summarise(
    frame: pd.DataFrame, output: str, *, by: Sequence[str] | None = None, level: float = 0.95
) -> pd.DataFrame:
    """Mean, standard error and confidence interval of ``output`` per group of rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sweep frame.
    output : str
        Output column.
    by : sequence of str, optional
        Parameter columns to group by (default: all, i.e. one row per parameter point).
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, then ``n``, ``mean``, ``std``, ``sem``, ``ci_low``, ``ci_high``. With a
        single replicate the spread is unknown: ``std``, ``sem`` and the interval are NaN.

    Raises
    ------
    ValueError
        If ``output`` or ``by`` are not columns of ``frame``, or ``level`` is outside (0, 1).

    Examples
    --------
    >>> frame = pd.DataFrame({"point": [0, 0, 1, 1], "x": [0, 0, 1, 1],
    ...                       "replicate": [0, 1, 0, 1], "y": [1.0, 3.0, 5.0, 5.0]})
    >>> summarise(frame, "y")[["x", "n", "mean", "sem"]]
       x  n  mean  sem
    0  0  2   2.0  1.0
    1  1  2   5.0  0.0
    """
    _check_output(frame, output)
    names = _check_by(frame, by)
    gamma = check_real(level, "level", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
    values = frame[output].astype(float)
    if names:
        grouped = values.groupby([frame[n] for n in names], sort=True)
        table = grouped.agg(["count", "mean", "std"]).reset_index()
    else:
        table = pd.DataFrame(
            {"count": [values.count()], "mean": [values.mean()], "std": [values.std()]}
        )
    table = table.rename(columns={"count": "n"})
    table["sem"] = table["std"] / np.sqrt(table["n"])
    half = half_width(table["std"], table["n"], gamma)
    table["ci_low"] = table["mean"] - half
    table["ci_high"] = table["mean"] + half
    return table


def _labels_of(values: np.ndarray, thresholds: Sequence[float]) -> np.ndarray:
    """Index of the regime of each value (ties at the outer thresholds go outward)."""
    edges = np.asarray(thresholds, dtype=float)
    index = np.searchsorted(edges, values, side="left")
    if edges.size > 1:
        index[values >= edges[-1]] = edges.size
    return index


def classify_regimes(
    frame: pd.DataFrame,
    output: str,
    *,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    labels: Sequence[str] = DEFAULT_LABELS,
    by: Sequence[str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Label each parameter point with a regime, with the uncertainty from its replicates.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sweep frame.
    output : str
        The output that defines the regimes (for example the final fraction of sharers).
    thresholds : sequence of float
        Strictly increasing cut points.
    labels : sequence of str
        ``len(thresholds) + 1`` regime names, from the lowest values up.
    by : sequence of str, optional
        Parameter columns that define a point (default: all).
    level : float
        Confidence level of the interval of the mean.

    Returns
    -------
    pandas.DataFrame
        One row per point: the :func:`summarise` columns, ``share_<label>`` for each regime
        (fraction of replicates in it), ``regime`` (the most frequent; ties go to the regime
        of the mean), ``certainty`` (its share) and ``settled`` (the confidence interval lies
        inside the regime's band; ``False`` when it is unknown).

    Raises
    ------
    ValueError
        If the thresholds do not increase strictly, the number of labels is wrong, or the
        columns are not in ``frame``.

    Examples
    --------
    >>> frame = pd.DataFrame({"point": [0, 0, 1, 1], "cost": [0.1, 0.1, 0.9, 0.9],
    ...                       "replicate": [0, 1, 0, 1], "sharing": [1.0, 0.97, 0.0, 0.5]})
    >>> classify_regimes(frame, "sharing")[["cost", "regime", "certainty"]]
       cost    regime  certainty
    0   0.1  survives        1.0
    1   0.9  coexists        0.5

    At ``cost=0.9`` one replicate died out and one coexisted; the tie goes to the regime of
    the mean, 0.25.
    """
    cuts = [check_real(t, "thresholds") for t in thresholds]
    if not cuts or any(b <= a for a, b in itertools.pairwise(cuts)):
        raise ValueError(f"`thresholds` must be one or more increasing numbers; got {cuts}.")
    names = [str(label) for label in labels]
    if len(names) != len(cuts) + 1:
        raise ValueError(
            f"`labels` must name {len(cuts) + 1} regimes (one more than the thresholds); got "
            f"{len(names)}."
        )
    table = summarise(frame, output, by=by, level=level)
    keys = _check_by(frame, by)
    index = _labels_of(frame[output].astype(float).to_numpy(), cuts)
    shares = pd.get_dummies(pd.Categorical(index, categories=range(len(names)))).astype(float)
    shares.columns = [f"share_{name}" for name in names]
    if keys:
        shares = shares.groupby([frame[k].to_numpy() for k in keys]).mean().reset_index(drop=True)
    else:
        shares = shares.mean().to_frame().T
    table = pd.concat([table.reset_index(drop=True), shares], axis=1)
    share_values = shares.to_numpy()
    of_mean = _labels_of(table["mean"].to_numpy(), cuts)
    best = share_values.max(axis=1, keepdims=True)
    tied = np.isclose(share_values, best)
    chosen = np.where(tied[np.arange(len(table)), of_mean], of_mean, share_values.argmax(axis=1))
    table["regime"] = [names[i] for i in chosen]
    table["certainty"] = share_values[np.arange(len(table)), chosen]
    low = np.concatenate([[-np.inf], cuts])[chosen]
    high = np.concatenate([cuts, [np.inf]])[chosen]
    with np.errstate(invalid="ignore"):
        inside = (table["ci_low"].to_numpy() >= low) & (table["ci_high"].to_numpy() <= high)
    table["settled"] = inside & table["sem"].notna().to_numpy()
    return table


def _crossings(x: np.ndarray, y: np.ndarray, level: float) -> list[tuple[float, str]]:
    found = []
    for k in range(len(x) - 1):
        a, b = y[k] - level, y[k + 1] - level
        if np.isnan(a) or np.isnan(b):
            continue
        if a == 0 and (k == 0 or y[k - 1] - level != 0):
            found.append((float(x[k]), "rising" if b > 0 else "falling"))
        elif a * b < 0:
            where = x[k] + (x[k + 1] - x[k]) * (level - y[k]) / (y[k + 1] - y[k])
            found.append((float(where), "rising" if b > a else "falling"))
    if len(y) and y[-1] - level == 0 and len(y) > 1 and y[-2] - level != 0:
        found.append((float(x[-1]), "rising" if y[-2] < level else "falling"))
    return found


def phase_boundary(
    frame: pd.DataFrame,
    output: str,
    *,
    along: str,
    level: float,
    by: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Where the mean of ``output`` crosses ``level`` along a numeric grid parameter.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sweep frame.
    output : str
        Output column.
    along : str
        Numeric parameter column along which to interpolate.
    level : float
        The level whose crossing marks the boundary (for example 0.5 of sharers).
    by : sequence of str, optional
        Parameters held fixed for each boundary (default: every other parameter column).
    confidence : float
        Level of the confidence curves that bound each crossing.

    Returns
    -------
    pandas.DataFrame
        One row per crossing: the ``by`` columns, ``along`` (the interpolated crossing),
        ``lower`` and ``upper`` (crossings of the confidence curves nearest to it, NaN when a
        curve does not cross within the grid) and ``direction`` (``"rising"`` or
        ``"falling"``). Slices in which the mean never crosses the level have no row.

    Raises
    ------
    ValueError
        If ``along`` is not a numeric parameter column, or ``by`` includes it.

    Examples
    --------
    >>> frame = pd.DataFrame({"point": [0, 1, 2], "cost": [0.0, 1.0, 2.0],
    ...                       "replicate": [0, 0, 0], "sharing": [1.0, 0.8, 0.2]})
    >>> phase_boundary(frame, "sharing", along="cost", level=0.5)
       cost  lower  upper direction
    0   1.5    NaN    NaN   falling
    """
    parameters = parameter_columns(frame)
    if along not in parameters or not pd.api.types.is_numeric_dtype(frame[along]):
        raise ValueError(f"`along` must be a numeric parameter column of `frame`; got {along!r}.")
    target = check_real(level, "level")
    others = [p for p in parameters if p != along] if by is None else list(_check_by(frame, by))
    if along in others:
        raise ValueError(f"`by` must not include `along` ({along!r}).")
    table = summarise(frame, output, by=[*others, along], level=confidence)
    rows: list[dict[str, Any]] = []
    groups = table.groupby(others, sort=True) if others else [((), table)]
    for key, group in groups:
        group = group.sort_values(along)
        x = group[along].to_numpy(dtype=float)
        mean = group["mean"].to_numpy()
        low_curve = group["ci_low"].to_numpy()
        high_curve = group["ci_high"].to_numpy()
        fixed = dict(zip(others, key if isinstance(key, tuple) else (key,), strict=True))
        for where, direction in _crossings(x, mean, target):
            bounds = [
                [c for c, _ in _crossings(x, curve, target)] for curve in (low_curve, high_curve)
            ]
            nearest = [
                min(values, key=lambda c: abs(c - where)) if values else np.nan for values in bounds
            ]
            lower, upper = (
                (min(nearest), max(nearest)) if not np.isnan(nearest).any() else (np.nan, np.nan)
            )
            rows.append(
                {**fixed, along: where, "lower": lower, "upper": upper, "direction": direction}
            )
    return pd.DataFrame(rows, columns=[*others, along, "lower", "upper", "direction"])
