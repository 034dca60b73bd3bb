import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gamegroup.experiments.scenario import Check
from gamegroup.experiments.verdicts import combine, evaluate_check, headline

RNG = np.random.default_rng(20260101)


def sweep_frame(xs, zs, replicates, function):
    rows = []
    point = 0
    for z in zs:
        for x in xs:
            for r in range(replicates):
                rows.append(
                    {"point": point, "x": x, "z": z, "replicate": r, "y": function(x, z, r)}
                )
            point += 1
    return pd.DataFrame(rows)


def test_trend_slope_and_error_match_scipy_linregress():
    frame = sweep_frame(
        [0.0, 0.5, 1.0, 1.5], ["a"], 5, lambda x, z, r: 2.0 - x + RNG.normal(0, 0.1)
    )
    result = evaluate_check(frame, Check("falls", "trend", "y", along="x", expect="decreasing"))
    fit = stats.linregress(frame["x"], frame["y"])
    (only,) = result.slices
    assert only.effect == pytest.approx(fit.slope)
    assert only.standard_error == pytest.approx(fit.stderr)
    assert result.status == "supported"
    rising = evaluate_check(frame, Check("rises", "trend", "y", along="x", expect="increasing"))
    assert rising.status == "contradicted"


def test_no_trend_is_not_supported():
    frame = sweep_frame([0.0, 1.0, 2.0], ["a"], 4, lambda x, z, r: RNG.normal(0, 1))
    frame["y"] = frame["y"] - frame.groupby("x")["y"].transform("mean")  # exactly flat means
    result = evaluate_check(frame, Check("rises", "trend", "y", along="x"))
    assert result.status == "not supported"
    assert result.slices[0].status == "inconclusive"


def test_trend_by_slice_reports_the_ranges():
    frame = sweep_frame(
        [0.0, 1.0, 2.0], [1.0, 2.0], 3, lambda x, z, r: (x if z == 2.0 else 0.0) + 0.01 * r
    )
    result = evaluate_check(frame, Check("rises", "trend", "y", along="x", by="z"))
    assert result.status == "partly supported"
    assert "holds for z in {2}" in result.summary
    assert [s.status for s in result.slices] == ["inconclusive", "supports"]


def test_non_monotone_means_are_flagged():
    frame = sweep_frame(
        [0.0, 1.0, 2.0, 3.0], ["a"], 3, lambda x, z, r: [0, 3, 1, 4][int(x)] + 0.1 * r
    )
    result = evaluate_check(frame, Check("rises", "trend", "y", along="x"))
    assert "not monotone" in result.summary


def test_compare_matches_welch():
    frame = sweep_frame([0.0, 1.0], ["a"], 6, lambda x, z, r: x * 0.5 + RNG.normal(0, 0.2 + x))
    check = Check(
        "higher at 1", "compare", "y", factor="x", baseline=0.0, treatment=1.0, expect="greater"
    )
    result = evaluate_check(frame, check)
    welch = stats.ttest_ind(
        frame.loc[frame.x == 1.0, "y"], frame.loc[frame.x == 0.0, "y"], equal_var=False
    )
    assert result.slices[0].statistic == pytest.approx(welch.statistic)


def test_exceeds_matches_the_paired_t_test():
    frame = sweep_frame([0.0, 1.0, 2.0], ["a"], 4, lambda x, z, r: RNG.normal(1, 0.3))
    frame["w"] = frame["y"] - 0.5 + RNG.normal(0, 0.1, len(frame))
    result = evaluate_check(frame, Check("y above w", "exceeds", "y", other="w"))
    paired = stats.ttest_rel(frame["y"], frame["w"])
    assert result.slices[0].statistic == pytest.approx(paired.statistic)
    assert result.status == "supported"


def test_where_restricts_rows_and_deterministic_data_decide_by_sign():
    frame = sweep_frame([0.0, 1.0, 2.0], [1.0, 2.0], 1, lambda x, z, r: x * (1 if z == 1.0 else -1))
    up = evaluate_check(frame, Check("rises", "trend", "y", along="x", where={"z": (1.0,)}))
    down = evaluate_check(frame, Check("rises", "trend", "y", along="x", where={"z": (2.0,)}))
    assert up.status == "supported"
    assert down.status == "contradicted"


def test_missing_columns_are_named():
    frame = sweep_frame([0.0, 1.0], ["a"], 2, lambda x, z, r: x)
    with pytest.raises(ValueError, match=r"`check` refers to 'nope'"):
        evaluate_check(frame, Check("c", "trend", "nope", along="x"))


def test_combining_statuses():
    assert combine([]) == "not tested"
    assert combine(["supported"]) == "supported"
    assert combine(["partly supported", "not supported"]) == "partly supported"
    assert combine(["contradicted", "contradicted"]) == "contradicted"
    assert combine(["not supported", "contradicted"]) == "not supported"


def test_paired_trend_uses_within_replicate_slopes():
    # replicate offsets are large but every replicate rises by exactly 1 per unit: a paired
    # analysis sees a perfect trend that the pooled regression blurs
    offsets = [0.0, 5.0, -5.0, 10.0]
    frame = sweep_frame(
        [0.0, 1.0, 2.0], ["a"], 4, lambda x, z, r: offsets[r] + x + 0.01 * (r * x % 2)
    )
    check = Check("rises", "trend", "y", along="x")
    pooled = evaluate_check(frame, check)
    paired = evaluate_check(frame, check, paired=True)
    slopes = [
        stats.linregress(part["x"], part["y"]).slope for _, part in frame.groupby("replicate")
    ]
    assert paired.slices[0].effect == pytest.approx(np.mean(slopes))
    assert paired.slices[0].standard_error == pytest.approx(stats.sem(slopes))
    assert paired.status == "supported"
    assert pooled.status == "not supported"
    assert "within-replicate slopes" in paired.summary


def test_paired_compare_is_the_paired_t_test_over_replicates():
    frame = sweep_frame(
        [0.0, 1.0], ["a"], 5, lambda x, z, r: 3.0 * r + 0.2 * x + RNG.normal(0, 0.05)
    )
    check = Check("higher", "compare", "y", factor="x", baseline=0.0, treatment=1.0)
    result = evaluate_check(frame, check, paired=True)
    test = stats.ttest_rel(frame.loc[frame.x == 1.0, "y"], frame.loc[frame.x == 0.0, "y"])
    assert result.slices[0].statistic == pytest.approx(test.statistic)
    assert result.status == "supported"
    assert evaluate_check(frame, check).status == "not supported"


def test_single_evaluations_of_a_deterministic_model_compare_exactly():
    frame = sweep_frame([1.8, 2.2], ["a"], 1, lambda x, z, r: float(x > 2))
    check = Check("appears", "compare", "y", factor="x", baseline=1.8, treatment=2.2)
    assert evaluate_check(frame, check).status == "not supported"  # no spread to test against
    assert evaluate_check(frame, check, deterministic=True).status == "supported"


def test_headline_names_the_decisive_check_and_the_tally():
    checks = [
        {"status": "supported", "summary": "supported: a"},
        {"status": "contradicted", "summary": "contradicted: b"},
        {"status": "not supported", "summary": "not supported: c"},
    ]
    line = headline({"verdict": "partly supported", "checks": checks})
    assert line == "partly supported (1 of 3 checks supported); contradicted: b"
    every = headline({"verdict": "supported", "checks": checks[:1]})
    assert every == "supported (1 of 1 check supported); supported: a"
    assert headline({"verdict": "not tested", "checks": []}) == "not tested"
