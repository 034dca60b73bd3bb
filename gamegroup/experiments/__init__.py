"""Experiments: what a researcher runs (the only layer that prints, writes files or plots).

* :func:`sweep` runs a model over a parameter grid with replicates, on any
  :class:`concurrent.futures.Executor` (a local process pool by default, or Dask through
  :func:`dask_executor`), keeping every finished task in a :class:`ResultStore` so that an
  interrupted sweep resumes where it stopped;
* :class:`Scenario` declares experiments in TOML (:func:`load_scenario`, built-in ones listed
  by :func:`builtin_scenarios`); :func:`run_scenario` runs one into a folder;
* :func:`classify_regimes`, :func:`phase_boundary` and :func:`evaluate_check` turn the data
  into regimes, phase boundaries and verdicts; ``plot_*`` draw them; :func:`write_report`
  writes the self-contained HTML report;
* :func:`main` is the ``gamegroup`` command.

Matplotlib, tqdm and Dask are imported only when they are used.

Examples
--------
>>> from concurrent.futures import ThreadPoolExecutor
>>> from gamegroup.experiments import sweep
>>> def model(*, x, rng):
...     return {"y": x + rng.normal()}
>>> with ThreadPoolExecutor(2) as pool:
...     frame = sweep(model, {"x": [0.0, 1.0]}, replicates=2, rng=0, executor=pool)
>>> frame.shape
(4, 5)
"""

from gamegroup.experiments.cli import main
from gamegroup.experiments.executors import dask_executor, local_executor
from gamegroup.experiments.plots import (
    plot_lines,
    plot_network,
    plot_phase_diagram,
    plot_series,
)
from gamegroup.experiments.regimes import classify_regimes, phase_boundary, summarise
from gamegroup.experiments.report import write_report
from gamegroup.experiments.run import RunSummary, load_run, run_scenario
from gamegroup.experiments.scenario import (
    Check,
    Experiment,
    PlotSpec,
    RegimeSpec,
    Scenario,
    builtin_scenarios,
    load_scenario,
)
from gamegroup.experiments.store import ResultStore
from gamegroup.experiments.sweep import SweepError, TaskFailure, expand_grid, sweep
from gamegroup.experiments.verdicts import CheckResult, evaluate_check

__all__ = [
    "Check",
    "CheckResult",
    "Experiment",
    "PlotSpec",
    "RegimeSpec",
    "ResultStore",
    "RunSummary",
    "Scenario",
    "SweepError",
    "TaskFailure",
    "builtin_scenarios",
    "classify_regimes",
    "dask_executor",
    "evaluate_check",
    "expand_grid",
    "load_run",
    "load_scenario",
    "local_executor",
    "main",
    "phase_boundary",
    "plot_lines",
    "plot_network",
    "plot_phase_diagram",
    "plot_series",
    "run_scenario",
    "summarise",
    "sweep",
    "write_report",
]
