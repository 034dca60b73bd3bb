import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from gamegroup.experiments.regimes import (
    classify_regimes,
    parameter_columns,
    phase_boundary,
    summarise,
)


def frame_of(x, values, other=None):
    """A sweep frame: one point per x (and other), replicates as given in `values` rows."""
    rows = []
    for point, (xi, reps) in enumerate(zip(x, values, strict=True)):
        for r, v in enumerate(reps):
            row = {"point": point, "x": xi}
            if other is not None:
                row["z"] = other
            rows.append({**row, "replicate": r, "y": v})
    frame = pd.DataFrame(rows)
    columns = ["point", "x", *(["z"] if other is not None else []), "replicate", "y"]
    return frame[columns]


def test_summary_matches_the_t_interval():
    frame = frame_of([0.0], [[1.0, 2.0, 4.0]])
    row = summarise(frame, "y").iloc[0]
    interval = stats.t.interval(0.95, 2, loc=np.mean([1, 2, 4]), scale=stats.sem([1.0, 2.0, 4.0]))
    assert row["mean"] == pytest.approx(7 / 3)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(interval)


def test_single_replicates_have_unknown_spread():
    row = summarise(frame_of([0.0], [[0.5]]), "y").iloc[0]
    assert row["n"] == 1
    assert np.isnan(row["sem"])


def test_regimes_use_the_replicates_and_thresholds():
    frame = frame_of(
        [0.0, 1.0, 2.0, 3.0],
        [[0.0, 0.01, 0.0], [0.5, 0.6, 0.97], [1.0, 0.95, 1.0], [0.0, 1.0, 0.5]],
    )
    table = classify_regimes(frame, "y")
    assert table["regime"].tolist() == ["dies out", "coexists", "survives", "coexists"]
    assert table["share_coexists"].tolist() == pytest.approx([0, 2 / 3, 0, 1 / 3])
    assert table["certainty"].tolist() == pytest.approx([1, 2 / 3, 1, 1 / 3])
    assert table["settled"].tolist()[0]  # its 95% interval [-0.011, 0.018] lies below 0.05
    assert not table["settled"].tolist()[3]


def test_a_single_threshold_splits_prices():
    frame = frame_of([0.0, 1.0], [[0.2, 0.3], [0.8, 0.9]])
    table = classify_regimes(frame, "y", thresholds=[0.5], labels=["competitive", "collusive"])
    assert table["regime"].tolist() == ["competitive", "collusive"]


@given(st.lists(st.lists(st.floats(0, 1), min_size=1, max_size=5), min_size=1, max_size=6))
def test_shares_sum_to_one_and_the_regime_is_a_most_frequent_one(values):
    frame = frame_of([float(i) for i in range(len(values))], values)
    table = classify_regimes(frame, "y")
    shares = table[["share_dies out", "share_coexists", "share_survives"]].to_numpy()
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert np.allclose(table["certainty"], shares.max(axis=1))


def test_boundary_of_a_linear_mean_and_its_confidence_interval():
    x = [0.0, 0.25, 0.5, 0.75, 1.0]
    d = 0.02
    values = [[1 - xi - d, 1 - xi, 1 - xi + d] for xi in x]
    boundary = phase_boundary(frame_of(x, values), "y", along="x", level=0.3)
    half = stats.t.ppf(0.975, 2) * d / np.sqrt(3)
    (row,) = boundary.itertuples()
    assert row.x == pytest.approx(0.7)
    assert (row.lower, row.upper) == pytest.approx((0.7 - half, 0.7 + half))
    assert row.direction == "falling"


def test_boundaries_per_slice_and_several_crossings():
    a = frame_of([0.0, 1.0, 2.0], [[0.0], [1.0], [0.0]], other=1.0)
    b = frame_of([0.0, 1.0, 2.0], [[0.0], [0.2], [0.4]], other=2.0)
    b["point"] += 3
    boundary = phase_boundary(pd.concat([a, b], ignore_index=True), "y", along="x", level=0.5)
    assert boundary["z"].tolist() == [1.0, 1.0]
    assert boundary["x"].tolist() == pytest.approx([0.5, 1.5])
    assert boundary["direction"].tolist() == ["rising", "falling"]


def test_bad_arguments_are_named():
    frame = frame_of([0.0, 1.0], [[0.1], [0.9]])
    with pytest.raises(ValueError, match=r"`output`"):
        summarise(frame, "nope")
    with pytest.raises(ValueError, match=r"`by`"):
        summarise(frame, "y", by=["nope"])
    with pytest.raises(ValueError, match=r"`level`"):
        summarise(frame, "y", level=1.5)
    with pytest.raises(ValueError, match=r"`thresholds`"):
        classify_regimes(frame, "y", thresholds=[0.9, 0.1])
    with pytest.raises(ValueError, match=r"`labels`"):
        classify_regimes(frame, "y", labels=["a", "b"])
    with pytest.raises(ValueError, match=r"`along`"):
        phase_boundary(frame, "y", along="y", level=0.5)
    with pytest.raises(ValueError, match=r"`frame`"):
        parameter_columns(pd.DataFrame({"a": [1]}))
    with pytest.raises(TypeError, match=r"`frame`"):
        parameter_columns([1, 2])
