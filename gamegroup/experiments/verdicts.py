r"""Verdicts on hypotheses, computed from a sweep's data with their numbers.

Each :class:`~gamegroup.experiments.scenario.Check` is a claim about one output, tested on the
replicate-level rows (optionally restricted by ``where``) and, when ``by`` is given,
separately in each slice of the ``by`` parameter, so that the verdict says in which parameter
ranges the claim holds.

``trend``
    Least-squares slope :math:`b` of the output on the grid parameter ``along``, with its
    standard error and :math:`t = b / \mathrm{se}(b)` on :math:`n - 2` degrees of freedom.
``compare``
    Welch's difference of means between ``factor = treatment`` and ``factor = baseline``
    (rows pooled over the other parameters).
``exceeds``
    Mean of the paired differences ``output - other`` over the rows, with its standard error.

For sweeps run with common random numbers (``paired=True``: replicate :math:`r` meets the same
random draws at every point), trends and comparisons are computed **within replicates**: the
slope (or the difference, averaged over the other parameters' values) of each replicate, then
the mean over replicates with its standard error on :math:`R - 1` degrees of freedom, which
removes the variation between replicates from the comparison.

A slice *supports* the claim when the effect has the expected sign and is significant at the
two-sided 5% level (:math:`|t| \ge t_{0.975,\nu}`), *contradicts* it when the effect is
significant with the opposite sign, and is *inconclusive* otherwise. When every value is equal
(zero spread) the sign of the effect alone decides, and no effect at all is inconclusive. A
check is *supported* when all its slices support it, *partly supported* when some do,
*contradicted* when all that decide contradict it, and *not supported* otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from gamegroup.experiments.scenario import Check

SUPPORTED, PARTLY, NOT_SUPPORTED, CONTRADICTED = (
    "supported",
    "partly supported",
    "not supported",
    "contradicted",
)


@dataclass(frozen=True, slots=True)
class SliceResult:
    """The test of a check within one slice of the data.

    Attributes
    ----------
    slice : dict
        Values of the ``by`` parameter (empty without ``by``).
    status : str
        ``"supports"``, ``"contradicts"`` or ``"inconclusive"``.
    effect : float
        Slope (trend) or difference of means (compare, exceeds).
    standard_error : float
    statistic : float
        :math:`t`.
    n : int
        Rows used.
    text : str
        The numbers in one sentence.

    Examples
    --------
    >>> SliceResult({}, "supports", 1.0, 0.1, 10.0, 20, "slope 1").status
    'supports'
    """

    slice: dict[str, Any]
    status: str
    effect: float
    standard_error: float
    statistic: float
    n: int
    text: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The verdict on one check: overall status and one result per slice.

    Examples
    --------
    >>> CheckResult("claim", "supported", "all good", ()).status
    'supported'
    """

    claim: str
    status: str
    summary: str
    slices: tuple[SliceResult, ...]


def _statistic(t: float) -> str:
    if np.isinf(t):
        return "every replicate agrees"
    return f"t = {t:.1f}"


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


_NEGLIGIBLE = 1e-9
"""Effects below this fraction of the output's magnitude are rounding noise, not effects."""


def _negligible(values: Any, spread: float = 1.0) -> float:
    """Size below which an effect on ``values`` (per unit ``spread`` of a parameter) is noise."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    scale = float(np.max(np.abs(finite))) if finite.size else 0.0
    return _NEGLIGIBLE * max(scale, np.finfo(float).tiny) / max(spread, np.finfo(float).tiny)


def _decide(
    effect: float, se: float, df: int, expect_positive: bool, negligible: float = 0.0
) -> tuple[str, float]:
    if not np.isfinite(effect):
        return "inconclusive", np.nan
    if abs(effect) <= negligible:
        return "inconclusive", 0.0
    if se <= negligible or not np.isfinite(se):
        if np.isfinite(se):
            good = (effect > 0) == expect_positive
            return ("supports" if good else "contradicts"), np.copysign(np.inf, effect)
        return "inconclusive", np.nan
    t = effect / se
    critical = stats.t.ppf(0.975, max(df, 1))
    if abs(t) < critical:
        return "inconclusive", t
    return ("supports" if (t > 0) == expect_positive else "contradicts"), t


def _positive(check: Check) -> bool:
    """Whether the claim expects a positive effect (the default for every kind)."""
    return check.expect in (None, "increasing", "greater")


def _slope(x: np.ndarray, y: np.ndarray) -> float:
    xc = x - x.mean()
    return float(xc @ (y - y.mean()) / (xc @ xc))


def _paired_trend(rows: pd.DataFrame, check: Check) -> tuple[str, float, float, float, int, str]:
    slopes = []
    for _, replicate in rows.groupby("replicate"):
        x = replicate[check.along].to_numpy(dtype=float)
        y = replicate[check.output].to_numpy(dtype=float)
        keep = np.isfinite(y)
        if np.unique(x[keep]).size >= 2:
            slopes.append(_slope(x[keep], y[keep]))
    values = np.array(slopes)
    r = values.size
    if r < 2:
        return _trend(rows, check)
    slope = float(values.mean())
    se = float(values.std(ddof=1) / np.sqrt(r))
    x = rows[check.along].to_numpy(dtype=float)
    tiny = _negligible(rows[check.output], float(np.ptp(x)) if x.size else 1.0)
    status, t = _decide(slope, se, r - 1, _positive(check), tiny)
    text = _trend_text(rows, check, slope, se, t, f"{r} replicates, within-replicate slopes")
    return status, slope, se, t, len(rows), text


def _trend_text(rows: pd.DataFrame, check: Check, slope: float, se: float, t: float, n: str) -> str:
    x = rows[check.along].to_numpy(dtype=float)
    y = rows[check.output].to_numpy(dtype=float)
    keep = np.isfinite(y)
    means = pd.Series(y[keep]).groupby(x[keep]).mean()
    first, last = float(means.iloc[0]), float(means.iloc[-1])
    steps = np.sign(np.diff(means.to_numpy()))
    shape = ""
    if np.any(steps > 0) and np.any(steps < 0):
        peak = means.index[int(np.argmax(means.to_numpy()))]
        trough = means.index[int(np.argmin(means.to_numpy()))]
        shape = (
            f"; not monotone (highest at {check.along}={_format(peak)}, lowest at "
            f"{_format(trough)})"
        )
    return (
        f"{check.output} {_format(first)} at {check.along}={_format(means.index[0])} -> "
        f"{_format(last)} at {_format(means.index[-1])} (slope {slope:+.3g} ± {se:.2g}, "
        f"{_statistic(t)}, {n}){shape}"
    )


def _trend(rows: pd.DataFrame, check: Check) -> tuple[str, float, float, float, int, str]:
    x = rows[check.along].to_numpy(dtype=float)
    y = rows[check.output].to_numpy(dtype=float)
    keep = np.isfinite(y)
    x, y = x[keep], y[keep]
    n = len(y)
    if n < 3 or np.unique(x).size < 2:
        return "inconclusive", np.nan, np.nan, np.nan, n, "too few points for a trend"
    xc = x - x.mean()
    slope = _slope(x, y)
    residuals = y - y.mean() - slope * xc
    se = float(np.sqrt(residuals @ residuals / (n - 2) / (xc @ xc)))
    status, t = _decide(slope, se, n - 2, _positive(check), _negligible(y, float(np.ptp(x))))
    text = _trend_text(rows, check, slope, se, t, f"n = {n}")
    return status, slope, se, t, n, text


def _compare(
    rows: pd.DataFrame, check: Check, deterministic: bool = False
) -> tuple[str, float, float, float, int, str]:
    factor = rows[check.factor]
    treated = rows.loc[factor == check.treatment, check.output].astype(float).dropna()
    base = rows.loc[factor == check.baseline, check.output].astype(float).dropna()
    n1, n0 = len(treated), len(base)
    if n1 == 0 or n0 == 0:
        return "inconclusive", np.nan, np.nan, np.nan, n1 + n0, "no rows at one of the levels"
    difference = float(treated.mean() - base.mean())
    v1 = treated.var() / n1 if n1 > 1 else np.nan
    v0 = base.var() / n0 if n0 > 1 else np.nan
    se = 0.0 if deterministic and n1 == n0 == 1 else float(np.sqrt(v1 + v0))
    df = (v1 + v0) ** 2 / (
        (v1**2 / (n1 - 1) if n1 > 1 else 0) + (v0**2 / (n0 - 1) if n0 > 1 else 0) or np.inf
    )
    status, t = _decide(
        difference,
        se,
        round(df) if np.isfinite(df) else n1 + n0 - 2,
        _positive(check),
        _negligible(rows[check.output]),
    )
    text = (
        f"{check.output} {_format(float(treated.mean()))} at {check.factor}="
        f"{_format(check.treatment)} vs {_format(float(base.mean()))} at "
        f"{_format(check.baseline)} (difference {difference:+.3g} ± {se:.2g}, {_statistic(t)}, "
        f"n = {n1} + {n0})"
    )
    return status, difference, se, t, n1 + n0, text


def _paired_compare(rows: pd.DataFrame, check: Check) -> tuple[str, float, float, float, int, str]:
    factor = rows[check.factor]
    by_replicate = [
        rows.loc[factor == level].groupby("replicate")[check.output].mean()
        for level in (check.treatment, check.baseline)
    ]
    differences = (by_replicate[0] - by_replicate[1]).dropna()
    r = len(differences)
    if r < 2:
        return _compare(rows, check)
    difference = float(differences.mean())
    se = float(differences.std(ddof=1) / np.sqrt(r))
    status, t = _decide(difference, se, r - 1, _positive(check), _negligible(rows[check.output]))
    text = (
        f"{check.output} {_format(float(by_replicate[0].mean()))} at {check.factor}="
        f"{_format(check.treatment)} vs {_format(float(by_replicate[1].mean()))} at "
        f"{_format(check.baseline)} (difference {difference:+.3g} ± {se:.2g}, {_statistic(t)}, "
        f"{r} replicates, within-replicate differences)"
    )
    return status, difference, se, t, len(rows), text


def _exceeds(rows: pd.DataFrame, check: Check) -> tuple[str, float, float, float, int, str]:
    other = check.other or ""
    differences = (rows[check.output].astype(float) - rows[other].astype(float)).dropna()
    n = len(differences)
    if n == 0:
        return "inconclusive", np.nan, np.nan, np.nan, 0, "no rows"
    mean = float(differences.mean())
    se = float(differences.std() / np.sqrt(n)) if n > 1 else np.nan
    tiny = _negligible(np.concatenate([rows[check.output], rows[other]]))
    status, t = _decide(mean, se, n - 1, _positive(check), tiny)
    text = (
        f"{check.output} {_format(float(rows[check.output].mean()))} vs {other} "
        f"{_format(float(rows[other].mean()))} (mean difference {mean:+.3g} ± {se:.2g}, "
        f"{_statistic(t)}, n = {n})"
    )
    return status, mean, se, t, n, text


_TESTS = {"trend": _trend, "compare": _compare, "exceeds": _exceeds}
_PAIRED_TESTS = {"trend": _paired_trend, "compare": _paired_compare, "exceeds": _exceeds}


def evaluate_check(
    frame: pd.DataFrame, check: Check, *, paired: bool = False, deterministic: bool = False
) -> CheckResult:
    """Test one check on a sweep frame.

    Parameters
    ----------
    frame : pandas.DataFrame
        The experiment's sweep frame.
    check : Check
    paired : bool
        The sweep used common random numbers: compare within replicates (see the module).
    deterministic : bool
        The model has no randomness: a comparison of two single evaluations is exact (the
        sign of the difference decides), not a comparison of samples.

    Returns
    -------
    CheckResult

    Raises
    ------
    ValueError
        If the check names a column the frame does not have.

    Examples
    --------
    >>> frame = pd.DataFrame({"point": [0, 0, 1, 1, 2, 2], "cost": [0, 0, 1, 1, 2, 2],
    ...                       "replicate": [0, 1] * 3,
    ...                       "sharing": [0.9, 0.8, 0.5, 0.6, 0.1, 0.2]})
    >>> check = Check("sharing falls with cost", "trend", "sharing", along="cost",
    ...               expect="decreasing")
    >>> result = evaluate_check(frame, check)
    >>> result.status
    'supported'
    >>> print(result.summary)
    supported: sharing 0.85 at cost=0 -> 0.15 at 2 (slope -0.35 ± 0.034, t = -10.3, n = 6)
    """
    names = [check.output, check.along, check.by, check.factor, check.other, *check.where]
    for name in names:
        if name is not None and name not in frame.columns:
            raise ValueError(f"`check` refers to {name!r}, which is not a column of `frame`.")
    rows = frame
    for name, values in check.where.items():
        rows = rows[rows[name].isin(list(values))]
    slices: Iterable[tuple[Any, pd.DataFrame]]
    slices = rows.groupby(check.by, sort=True) if check.by else [(None, rows)]
    results = []
    for key, part in slices:
        if check.kind == "compare" and not paired:
            status, effect, se, t, n, text = _compare(part, check, deterministic)
        else:
            status, effect, se, t, n, text = (_PAIRED_TESTS if paired else _TESTS)[check.kind](
                part, check
            )
        where = {} if check.by is None else {check.by: key[0] if isinstance(key, tuple) else key}
        results.append(SliceResult(where, status, effect, se, t, n, text))
    return CheckResult(check.claim, _overall(results), _summary(results, check), tuple(results))


def _overall(results: Sequence[SliceResult]) -> str:
    statuses = [r.status for r in results]
    if statuses and all(s == "supports" for s in statuses):
        return SUPPORTED
    if any(s == "supports" for s in statuses):
        return PARTLY
    if any(s == "contradicts" for s in statuses):
        return CONTRADICTED
    return NOT_SUPPORTED


def _summary(results: Sequence[SliceResult], check: Check) -> str:
    status = _overall(results)
    if check.by is None:
        return f"{status}: {results[0].text}" if results else f"{status}: no data"
    words = {"supports": "holds", "contradicts": "contradicted", "inconclusive": "inconclusive"}
    groups: dict[str, list[str]] = {}
    for result in results:
        groups.setdefault(words[result.status], []).append(_format(result.slice[check.by]))
    ranges = "; ".join(
        f"{name} for {check.by} in {{{', '.join(values)}}}" for name, values in groups.items()
    )
    best = max(results, key=lambda r: abs(r.statistic) if np.isfinite(r.statistic) else -1)
    return (
        f"{status} ({ranges}); strongest: {best.text} at {check.by}={_format(best.slice[check.by])}"
    )


def combine(statuses: Sequence[str]) -> str:
    """Return the verdict on a hypothesis from the statuses of its checks.

    Examples
    --------
    >>> combine(["supported", "supported"]), combine(["supported", "not supported"])
    ('supported', 'partly supported')
    """
    if not statuses:
        return "not tested"
    if all(s == SUPPORTED for s in statuses):
        return SUPPORTED
    if any(s in (SUPPORTED, PARTLY) for s in statuses):
        return PARTLY
    if all(s == CONTRADICTED for s in statuses):
        return CONTRADICTED
    return NOT_SUPPORTED


def headline(verdict: Mapping[str, Any]) -> str:
    """Return one line on a hypothesis: its verdict, its checks' tally and the decisive numbers.

    The numbers are those of the first check that is not supported (the one that keeps the
    verdict from "supported"), or of the first check when all are supported. ``verdict`` is
    one entry of ``verdicts.json``: a mapping with ``"verdict"`` and ``"checks"`` (each with
    ``"status"`` and ``"summary"``).

    Examples
    --------
    >>> headline({"verdict": "partly supported", "checks": [
    ...     {"status": "supported", "summary": "supported: x rises (t = 5)"},
    ...     {"status": "not supported", "summary": "not supported: y flat (t = 0.3)"}]})
    'partly supported (1 of 2 checks supported); not supported: y flat (t = 0.3)'
    """
    checks = list(verdict.get("checks") or ())
    if not checks:
        return str(verdict["verdict"])
    held = sum(c["status"] == SUPPORTED for c in checks)
    decisive = next((c for c in checks if c["status"] != SUPPORTED), checks[0])
    tally = f"{held} of {len(checks)} check{'s' if len(checks) > 1 else ''} supported"
    return f"{verdict['verdict']} ({tally}); {decisive['summary']}"
