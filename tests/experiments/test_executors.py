"""The same root seed gives the identical frame on 1 or 2 processes and on a Dask cluster."""

import socket

import pandas as pd
import pytest

from gamegroup.experiments.executors import dask_executor, local_executor
from gamegroup.experiments.sweep import sweep

GRID = {"x": [0.0, 0.5, 1.0, 1.5]}


@pytest.fixture
def reference(toymodels):
    with local_executor(1) as one:
        return sweep(toymodels.noisy_mean, GRID, replicates=3, rng=2024, executor=one)


def test_one_and_two_processes_give_identical_frames(toymodels, reference):
    with local_executor(2) as two:
        frame = sweep(toymodels.noisy_mean, GRID, replicates=3, rng=2024, executor=two)
    pd.testing.assert_frame_equal(frame, reference)


@pytest.mark.slow
def test_a_dask_local_cluster_gives_the_identical_frame(toymodels, reference, tmp_path):
    pytest.importorskip("distributed")
    with dask_executor("local", workers=2) as executor:
        frame = sweep(
            toymodels.noisy_mean,
            GRID,
            replicates=3,
            rng=2024,
            executor=executor,
            store=tmp_path / "store",
        )
    pd.testing.assert_frame_equal(frame, reference)


def test_the_default_executor_is_a_process_pool_sized_by_workers():
    with local_executor(3) as pool:
        assert pool._max_workers == 3
    with pytest.raises(ValueError, match=r"`workers`"):
        local_executor(0)
    with pytest.raises(TypeError, match=r"`workers`"):
        local_executor(2.0)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_scheduler_that_does_not_answer_fails_with_a_clear_message():
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_free_port()}"
    with (
        pytest.raises(ConnectionError, match=r"`scheduler`: no Dask scheduler answered"),
        dask_executor(address, timeout=1.0),
    ):
        pass


@pytest.mark.parametrize(
    ("scheduler", "error"), [("not an address", ValueError), (8786, TypeError)]
)
def test_malformed_scheduler_addresses_are_rejected(scheduler, error):
    with pytest.raises(error, match=r"`scheduler`"), dask_executor(scheduler):
        pass


def test_timeout_must_be_positive():
    with pytest.raises(ValueError, match=r"`timeout`"), dask_executor("local", timeout=0):
        pass
