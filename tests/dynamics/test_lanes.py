"""Replicate lanes and the exactly-rounded Fermi decisions of the synchronous imitation kernel."""

import math

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup.dynamics._lanes import MARGIN, at, column, fast_exp, lanes, put
from gamegroup.dynamics.network_rules import FERMI, PROPORTIONAL, _decide_chunk


@numba.njit
def _double_every_lane(values, out):
    for i in range(values.shape[0]):
        for r in range(lanes(values)):
            doubled = 2 * at(values, i, r)
            put(out, i, r, doubled)
    return column(out, lanes(out) - 1).sum()


@pytest.mark.parametrize("shape", [(5,), (5, 1), (5, 3)])
def test_lane_helpers_address_one_or_many_replicates(shape):
    values = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    out = np.zeros(shape)
    last = _double_every_lane(values, out)
    np.testing.assert_array_equal(out, 2 * values)
    expected = (2 * values).sum() if values.ndim == 1 else (2 * values[:, -1]).sum()
    assert last == expected


@numba.njit
def _fast_exp_of(x):
    out = np.empty_like(x)
    for q in range(x.size):
        out[q] = fast_exp(x[q])
    return out


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(-700, 700), min_size=1, max_size=50))
def test_fast_exp_is_within_two_ulps_of_the_library(xs):
    x = np.array(xs)
    approximate = _fast_exp_of(x)
    exact = np.array([math.exp(v) for v in xs])
    assert np.all(np.abs(approximate - exact) <= 2 * np.spacing(exact))


@settings(max_examples=300, deadline=None)
@given(st.lists(finite, min_size=1, max_size=50))
def test_fast_fermi_probability_is_far_within_the_margin_everywhere(xs):
    """The margin argument: |1/(1 + fast_exp(x)) - 1/(1 + exp(x))| <= 1e-14 << MARGIN."""
    x = np.array(xs)
    approximate = 1.0 / (1.0 + _fast_exp_of(x))
    with np.errstate(over="ignore"):
        exact = 1.0 / (1.0 + np.exp(x))
    assert np.all(np.abs(approximate - exact) <= 1e-14)
    assert MARGIN >= 100 * 1e-14


def _plain_decisions(rule, beta, fraction, mine, theirs, spread, picked, own):
    """The decision rule written out with the C library's exponential (Python's math)."""
    out = []
    columns = (fraction, mine, theirs, spread, picked, own)
    for u, m, t, w, cand, o in zip(*(c.tolist() for c in columns), strict=True):
        if u < -1.5:  # explores: adopts the drawn strategy
            out.append(cand)
            continue
        if u < 0 or cand == o:
            out.append(o)
            continue
        if rule == FERMI:
            x = -beta * (t - m)
            try:
                p = 1.0 / (1.0 + math.exp(x))
            except OverflowError:
                p = 0.0
            if math.isnan(x):
                p = math.nan
        else:
            p = max(t - m, 0.0) / w if w > 0 else 0.0
        out.append(cand if u < p else o)
    return np.array(out, dtype=np.int8)


payoffs = st.one_of(st.floats(-50, 50), st.floats(-1e6, 1e6), st.sampled_from([0.0, -0.0]))


@settings(max_examples=200, deadline=None)  # the first call may compile
@given(
    st.sampled_from([FERMI, PROPORTIONAL]),
    st.floats(0, 20),
    st.lists(
        st.tuples(
            payoffs, payoffs, st.floats(0.0, 3.0), st.integers(0, 2), st.integers(0, 2),
            st.sampled_from(["random", "at_p", "below_p", "above_p", "keep", "explore"]),
            st.floats(0, 1, exclude_max=True),
        ),
        min_size=1,
        max_size=40,
    ),
)  # fmt: skip
def test_vectorised_decisions_are_exactly_the_plain_formula(rule, beta, entries):
    """Including uniforms placed exactly at the probability and one ulp either side of it."""
    mine, theirs, spread, picked, own, fraction = [], [], [], [], [], []
    for m, t, w, cand, o, where, u in entries:
        mine.append(m)
        theirs.append(t)
        spread.append(w)
        picked.append(cand)
        own.append(o)
        if rule == FERMI:
            x = -beta * (t - m)
            p = 0.0 if x > 709 else 1.0 / (1.0 + math.exp(x))
        else:
            p = max(t - m, 0.0) / w if w > 0 else 0.0
        p = min(max(p, 0.0), math.nextafter(1.0, 0.0))
        fraction.append(
            {
                "random": u,
                "at_p": p,
                "below_p": math.nextafter(p, -1.0) if p > 0 else 0.0,
                "above_p": math.nextafter(p, 2.0),
                "keep": -1.0,
                "explore": -2.0,
            }[where]
        )
    arrays = [np.array(a, dtype=float) for a in (fraction, mine, theirs, spread)]
    picked_, own_ = np.array(picked, dtype=np.int8), np.array(own, dtype=np.int8)
    out = np.full(len(entries), -1, dtype=np.int8)
    _decide_chunk(rule, beta, *arrays, picked_, own_, out)
    expected = _plain_decisions(rule, beta, *arrays, picked_, own_)
    np.testing.assert_array_equal(out, expected)


def test_not_a_number_keeps_the_strategy_as_the_plain_formula_does():
    inf = math.inf
    fraction = np.array([0.3, 0.3])
    mine, theirs = np.array([inf, 1.0]), np.array([inf, 2.0])
    picked, own = np.ones(2, dtype=np.int8), np.zeros(2, dtype=np.int8)
    out = np.full(2, -1, dtype=np.int8)
    _decide_chunk(FERMI, 1.0, fraction, mine, theirs, np.zeros(2), picked, own, out)
    # x = -(inf - inf) is NaN: the library gives p = NaN and u < NaN is False; the second pair
    # has p = 1 / (1 + e^-1) = 0.73 > 0.3.
    np.testing.assert_array_equal(out, [0, 1])
