"""Small importable models for the experiments tests (workers in other processes import them).

The directory of this file is put on ``sys.path`` (or ``PYTHONPATH`` for subprocesses) by the
``toymodels`` fixture, so that pickled references to these functions resolve in workers.
"""

import os
import time
from pathlib import Path

import numpy as np


def noisy_mean(*, x, n=20, rng):
    """Mean of n normal draws around x, and the running mean as a series."""
    draws = rng.normal(x, 1.0, size=n)
    return {
        "mean": float(draws.mean()),
        "above": bool(draws.mean() > x),
        "path": np.cumsum(draws) / np.arange(1, n + 1),
    }


def noisy_mean_2d(*, x, z, n=20, rng):
    """noisy_mean on a two-parameter grid (z has no effect)."""
    return noisy_mean(x=x, n=n, rng=rng)


def deterministic(*, x, y=1.0):
    return {"product": x * y}


def fails_at(*, x, bad=-1.0, rng):
    if x == bad:
        raise ZeroDivisionError(f"cannot handle x={x}")
    return {"value": x + rng.random()}


def slow_logged(*, x, delay=0.05, log_dir="", rng):
    """Sleeps, then leaves a marker file per call, so a test can count the calls."""
    time.sleep(delay)
    value = float(rng.random())
    if log_dir:
        marker = Path(log_dir) / f"call-{x}-{value!r}-{os.getpid()}-{time.perf_counter_ns()}"
        marker.write_text("", encoding="utf-8")
    return {"value": value + x}


def interrupts_at(*, x, at=2.0, rng):
    """Raises KeyboardInterrupt at x == at, as if the user pressed Ctrl-C during that task."""
    if x == at:
        raise KeyboardInterrupt
    return {"value": x + rng.random()}
