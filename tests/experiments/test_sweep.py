from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from gamegroup._rng import task_seed
from gamegroup.experiments.store import ResultStore
from gamegroup.experiments.sweep import SweepError, expand_grid, model_name, run_task, sweep


def test_grid_is_the_cartesian_product_first_axis_slowest():
    points = expand_grid({"a": [1, 2, 3], "b": [True, False]})
    assert points == [{"a": a, "b": b} for a in (1, 2, 3) for b in (True, False)]
    assert expand_grid(None) == [{}]
    assert expand_grid({}) == [{}]
    assert expand_grid([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}])[1] == {"a": 2, "b": "y"}
    assert expand_grid({"a": np.array([1.5, 2.5])}) == [{"a": 1.5}, {"a": 2.5}]


@pytest.mark.parametrize(
    ("grid", "error", "pattern"),
    [
        ({"a": "abc"}, TypeError, r"`grid\['a'\]` must be a list"),
        ({"a": 3}, TypeError, r"`grid\['a'\]` must be a list"),
        ({"a": []}, ValueError, r"`grid\['a'\]` must list at least one value"),
        ({"a": [1, 1]}, ValueError, r"`grid\['a'\]` must not repeat"),
        ({"a": [[1]]}, TypeError, r"`grid\['a'\]` values must be"),
        ({"rng": [1]}, ValueError, r"`grid` must not set 'rng'"),
        ({"not valid": [1]}, ValueError, r"`grid` parameter names must be identifiers"),
        ("a", TypeError, r"`grid` must be a mapping"),
        ([], ValueError, r"`grid` must hold at least one point"),
        ([{"a": 1}, {"b": 2}], ValueError, r"`grid`: every point must set the same"),
        ([3], TypeError, r"`grid\[0\]` must be a mapping"),
    ],
)
def test_bad_grids_are_rejected(grid, error, pattern):
    with pytest.raises(error, match=pattern):
        expand_grid(grid)


def test_each_task_uses_its_spawn_key_stream(toymodels):
    with ThreadPoolExecutor(2) as pool:
        frame = sweep(toymodels.noisy_mean, {"x": [0.0, 5.0]}, replicates=3, rng=42, executor=pool)
    for row in frame.itertuples():
        generator = np.random.default_rng(task_seed(42, (row.point, row.replicate)))
        expected = generator.normal(row.x, 1.0, size=20).mean()
        assert row.mean == expected
    assert frame["seed"].unique().tolist() == [42]


def test_frame_is_tidy_and_sorted(toymodels):
    with ThreadPoolExecutor(3) as pool:
        frame = sweep(
            toymodels.noisy_mean,
            {"x": [1.0, 2.0], "n": [5, 10]},
            replicates=2,
            rng=1,
            executor=pool,
        )
    assert frame.columns.tolist() == ["point", "x", "n", "replicate", "mean", "above", "seed"]
    assert frame["point"].tolist() == [0, 0, 1, 1, 2, 2, 3, 3]
    assert frame["replicate"].tolist() == [0, 1] * 4
    assert frame["above"].dtype == bool


def test_result_does_not_depend_on_workers_or_completion_order(toymodels):
    grid = {"x": [0.0, 1.0, 2.0, 3.0]}
    with ThreadPoolExecutor(1) as one, ThreadPoolExecutor(4) as four:
        a = sweep(toymodels.noisy_mean, grid, replicates=3, rng=9, executor=one)
        b = sweep(toymodels.noisy_mean, grid, replicates=3, rng=9, executor=four)
    pd.testing.assert_frame_equal(a, b)


def test_different_seeds_give_different_frames(toymodels):
    with ThreadPoolExecutor(2) as pool:
        a = sweep(toymodels.noisy_mean, {"x": [0.0]}, replicates=2, rng=1, executor=pool)
        b = sweep(toymodels.noisy_mean, {"x": [0.0]}, replicates=2, rng=2, executor=pool)
    assert not np.array_equal(a["mean"], b["mean"])


def test_an_unseeded_sweep_records_its_entropy_and_replays(toymodels):
    with ThreadPoolExecutor(2) as pool:
        first = sweep(toymodels.noisy_mean, {"x": [0.0]}, replicates=2, executor=pool)
        seed = first["seed"].iloc[0]
        again = sweep(
            toymodels.noisy_mean, {"x": [0.0]}, replicates=2, rng=int(seed), executor=pool
        )
    assert first["mean"].tolist() == again["mean"].tolist()


def test_a_seed_sequence_child_prefixes_the_spawn_key(toymodels):
    root = np.random.SeedSequence(5, spawn_key=(3,))
    with ThreadPoolExecutor(1) as pool:
        frame = sweep(toymodels.noisy_mean, {"x": [0.0]}, rng=root, executor=pool)
    expected = np.random.default_rng(task_seed(5, (3, 0, 0))).normal(0.0, 1.0, size=20).mean()
    assert frame["mean"].iloc[0] == expected


def test_resuming_computes_only_the_missing_tasks_and_equals_an_uninterrupted_run(
    toymodels, tmp_path
):
    log = tmp_path / "calls"
    log.mkdir()
    grid = {"x": [0.0, 1.0, 2.0]}
    fixed = {"delay": 0.0, "log_dir": str(log)}
    with ThreadPoolExecutor(2) as pool:
        whole = sweep(
            toymodels.slow_logged,
            grid,
            replicates=2,
            rng=3,
            executor=pool,
            fixed=fixed,
            store=tmp_path / "store",
        )
        assert len(list(log.iterdir())) == 6
        for name in ("p0-r1.json", "p2-r0.json"):  # as if the run had been killed before these
            (tmp_path / "store" / "tasks" / name).unlink()
        resumed = sweep(
            toymodels.slow_logged,
            grid,
            replicates=2,
            rng=3,
            executor=pool,
            fixed=fixed,
            store=ResultStore(tmp_path / "store"),
        )
    assert len(list(log.iterdir())) == 8  # exactly the two missing tasks ran again
    pd.testing.assert_frame_equal(whole, resumed)


def test_a_store_from_another_grid_is_refused(toymodels, tmp_path):
    with ThreadPoolExecutor(1) as pool:
        sweep(toymodels.noisy_mean, {"x": [0.0]}, rng=1, executor=pool, store=tmp_path)
        with pytest.raises(ValueError, match=r"differs in: points"):
            sweep(toymodels.noisy_mean, {"x": [1.0]}, rng=1, executor=pool, store=tmp_path)
        with pytest.raises(ValueError, match=r"differs in: model"):
            sweep(toymodels.fails_at, {"x": [0.0]}, rng=1, executor=pool, store=tmp_path)


def test_failures_name_their_point_and_the_other_tasks_finish(toymodels, tmp_path, capsys):
    with ThreadPoolExecutor(2) as pool, pytest.raises(SweepError) as caught:
        sweep(
            toymodels.fails_at,
            {"x": [0.0, 1.0, 2.0]},
            replicates=2,
            rng=4,
            executor=pool,
            fixed={"bad": 1.0},
            store=tmp_path,
            progress=False,
        )
    error = caught.value
    assert [(f.point, f.replicate) for f in error.failures] in ([(1, 0), (1, 1)], [(1, 1), (1, 0)])
    assert error.failures[0].parameters == {"x": 1.0}
    assert "ZeroDivisionError: cannot handle x=1.0" in error.failures[0].error
    assert sorted(error.frame["x"].unique()) == [0.0, 2.0]
    assert len(ResultStore(tmp_path).records()) == 4
    err = capsys.readouterr().err
    assert "sweep: task failed at point 1 (x=1.0), replicate" in err
    assert "2 of the sweep's tasks failed" in str(error)


def test_malformed_outputs_are_failures_naming_the_output():
    def bad(*, rng):
        return {"matrix": np.zeros((2, 2))}

    with pytest.raises(TypeError, match=r"output 'matrix' must be a number"):
        run_task(bad, {}, True, 1, (0, 0))
    with pytest.raises(TypeError, match=r"must return a mapping"):
        run_task(lambda: [1], {}, False, 1, (0, 0))


def test_progress_bar_goes_to_standard_error_only_when_asked(toymodels, capsys):
    with ThreadPoolExecutor(1) as pool:
        sweep(
            toymodels.noisy_mean,
            {"x": [0.0, 1.0]},
            rng=1,
            executor=pool,
            progress=True,
            description="demo",
        )
        shown = capsys.readouterr()
        sweep(toymodels.noisy_mean, {"x": [0.0, 1.0]}, rng=1, executor=pool)
        hidden = capsys.readouterr()
    assert "demo" in shown.err
    assert "2/2" in shown.err
    assert shown.out == ""
    assert hidden.err == ""
    assert hidden.out == ""


def test_deterministic_models_run_without_rng(toymodels):
    with ThreadPoolExecutor(1) as pool:
        frame = sweep(toymodels.deterministic, {"x": [2.0, 3.0]}, fixed={"y": 4.0}, executor=pool)
        assert frame["product"].tolist() == [8.0, 12.0]
        with pytest.raises(ValueError, match=r"`replicates` must be 1 for a deterministic model"):
            sweep(toymodels.deterministic, {"x": [2.0]}, replicates=2, executor=pool)


def test_bad_arguments_are_named(toymodels):
    with pytest.raises(TypeError, match=r"`model`"):
        sweep(3, {"x": [1]})
    with pytest.raises(ValueError, match=r"`replicates`"):
        sweep(toymodels.noisy_mean, {"x": [1.0]}, replicates=0)
    with pytest.raises(TypeError, match=r"`executor`"):
        sweep(toymodels.noisy_mean, {"x": [1.0]}, executor="processes")
    with pytest.raises(ValueError, match=r"`fixed` must not set 'x'"):
        sweep(toymodels.noisy_mean, {"x": [1.0]}, fixed={"x": 2.0})
    with pytest.raises(TypeError, match=r"`rng`"):
        sweep(toymodels.noisy_mean, {"x": [1.0]}, rng=1.5)


def test_model_names_are_stable(toymodels):
    import functools

    assert model_name(toymodels.noisy_mean) == "toymodels.noisy_mean"
    assert model_name(functools.partial(toymodels.noisy_mean, n=3)) == "toymodels.noisy_mean(n=3)"
