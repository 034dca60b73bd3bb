"""Running a scenario into an output folder that can be resumed and reported.

The folder of a run holds

``scenario.toml``
    the scenario text exactly as it was loaded;
``run.json``
    its name, whether ``--quick`` was applied, the root seed actually used, and a fingerprint
    of everything that determines the results (the resolved parameters of every experiment);
``<experiment id>/``
    a :class:`~gamegroup.experiments.store.ResultStore` per experiment, and its finished
    frame ``results.csv``;
``report.html``
    the report (:func:`~gamegroup.experiments.report.write_report`).

Running a scenario into a folder that already holds the same run resumes it: only the tasks
not yet in the stores are computed. A folder holding a run of another scenario, or of the same
scenario with other settings, is refused, and nothing in it is touched.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gamegroup._files import write_atomically
from gamegroup._rng import resolve_rng
from gamegroup._version import __version__
from gamegroup.experiments.executors import local_executor
from gamegroup.experiments.scenario import Scenario
from gamegroup.experiments.store import ResultStore, canonical_json, fingerprint
from gamegroup.experiments.sweep import SweepError, TaskFailure, sweep

RUN_FILE = "run.json"
SCENARIO_FILE = "scenario.toml"
RESULTS_FILE = "results.csv"

PathLike = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run produced: its folder, the frame of each experiment, failures, timing.

    Attributes
    ----------
    folder : pathlib.Path
    scenario : Scenario
    frames : dict
        Experiment id -> tidy frame of its finished tasks.
    failures : dict
        Experiment id -> failed tasks (empty when everything finished).
    computed : int
        Tasks computed by this call (the others were already in the stores).
    seconds : float
        Wall time of this call.

    Examples
    --------
    >>> from gamegroup.experiments import load_scenario
    >>> summary = RunSummary(Path("out"), load_scenario("stag-hunt"), {}, {"coordination": ()},
    ...                      computed=45, seconds=2.0)
    >>> summary.succeeded
    True
    """

    folder: Path
    scenario: Scenario
    frames: dict[str, pd.DataFrame]
    failures: dict[str, tuple[TaskFailure, ...]]
    computed: int
    seconds: float

    @property
    def succeeded(self) -> bool:
        """Whether every task of every experiment finished."""
        return not any(self.failures.values())


def prepare_folder(folder: PathLike, scenario: Scenario) -> int | tuple[int, ...]:
    """Create (or check) a run folder for ``scenario`` and return the root seed to use.

    Raises
    ------
    ValueError
        If the folder holds a run of another scenario or of other settings.
    OSError
        If the folder cannot be created or written (``PermissionError``,
        ``NotADirectoryError``, ...); the message names it.
    """
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"`out` {str(out)!r} exists and is not a folder.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        raise type(error)(
            f"`out` {str(out)!r} cannot be created or written ({error.strerror or error}); "
            "choose another folder."
        ) from None
    parts = scenario.to_dict()
    digest = fingerprint(parts)
    run_file = out / RUN_FILE
    if run_file.is_file():
        try:
            previous = json.loads(run_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            raise ValueError(f"`out` {str(out)!r} has an unreadable {RUN_FILE}.") from None
        if previous.get("fingerprint") != digest:
            name = previous.get("scenario", "?")
            what = (
                f"another scenario ({name!r})"
                if name != scenario.name
                else f"scenario {name!r} with other settings"
                + (" (--quick differs)" if previous.get("quick") != scenario.quick else "")
            )
            raise ValueError(
                f"`out` {str(out)!r} holds a run of {what}; refusing to mix results. Choose "
                "another folder with --out, or delete this one to start afresh."
            )
        return _seed_from_json(previous["seed"])
    if any(out.iterdir()):
        raise ValueError(
            f"`out` {str(out)!r} is not empty and holds no gamegroup run; choose an empty or "
            "new folder."
        )
    # Without a seed in the scenario: fresh entropy from the operating system, recorded so
    # that resuming continues the same streams.
    seed = scenario.seed if scenario.seed is not None else resolve_rng(None)[1].entropy
    write_atomically(out / SCENARIO_FILE, scenario.text)
    record = {
        "scenario": scenario.name,
        "quick": scenario.quick,
        "seed": seed,
        "fingerprint": digest,
        "parts": json.loads(canonical_json(parts)),
        "gamegroup": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    write_atomically(run_file, json.dumps(record, indent=1))
    return seed


def _seed_from_json(value: Any) -> int | tuple[int, ...]:
    return tuple(int(v) for v in value) if isinstance(value, list) else int(value)


def load_run(folder: PathLike) -> tuple[Scenario, dict[str, Any]]:
    """Read the scenario and the run record of a run folder.

    Raises
    ------
    FileNotFoundError
        If ``folder`` holds no run.

    Examples
    --------
    >>> load_run("no/such/folder")
    Traceback (most recent call last):
    ...
    FileNotFoundError: `folder` 'no/such/folder' holds no gamegroup run (no run.json).
    """
    out = Path(folder)
    if not (out / RUN_FILE).is_file() or not (out / SCENARIO_FILE).is_file():
        raise FileNotFoundError(f"`folder` {str(out)!r} holds no gamegroup run (no {RUN_FILE}).")
    record = json.loads((out / RUN_FILE).read_text(encoding="utf-8"))
    scenario = Scenario.from_text(
        (out / SCENARIO_FILE).read_text(encoding="utf-8"), str(out / SCENARIO_FILE)
    )
    if record.get("quick"):
        scenario = scenario.with_quick()
    return scenario, record


def run_scenario(
    scenario: Scenario,
    folder: PathLike,
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> RunSummary:
    """Run every experiment of ``scenario`` into ``folder`` (resuming what is there).

    Parameters
    ----------
    scenario : Scenario
    folder : str or path-like
        The run folder (created if needed).
    executor : concurrent.futures.Executor, optional
        Where tasks run; by default a local process pool (:func:`local_executor`) with
        ``workers`` processes, shared by all experiments.
    workers : int, optional
        Processes of the default pool (default: one per core).
    progress : bool, optional
        Progress bars on standard error (default: when it is a terminal).
    log : callable, optional
        Called with one line of text per experiment (default: silent).

    Returns
    -------
    RunSummary

    Raises
    ------
    ValueError
        If the folder holds another run.
    PermissionError
        If the folder cannot be written.

    Examples
    --------
    See the tutorial ``docs/tutorials/your-first-sweep.md``.

    >>> callable(run_scenario)
    True
    """
    start = time.perf_counter()
    seed = prepare_folder(folder, scenario)
    out = Path(folder)
    say = log or (lambda _line: None)
    owned = executor is None
    pool = local_executor(workers) if executor is None else executor
    frames: dict[str, pd.DataFrame] = {}
    failures: dict[str, tuple[TaskFailure, ...]] = {}
    computed = 0
    try:
        for index, experiment in enumerate(scenario.experiments):
            store = ResultStore(out / experiment.id)
            before = len(store.records()) if store.exists else 0
            total = experiment.task_count
            say(
                f"[{index + 1}/{len(scenario.experiments)}] {experiment.id}: {experiment.title} "
                f"({total} tasks" + (f", {before} already done)" if before else ")")
            )
            try:
                frame = sweep(
                    experiment.spec.function,
                    experiment.grid,
                    replicates=experiment.replicates,
                    rng=np.random.SeedSequence(seed, spawn_key=(index,)),
                    executor=pool,
                    store=store,
                    fixed=scenario.fixed_parameters(experiment),
                    progress=progress,
                    description=experiment.id,
                    paired=experiment.paired,
                )
                failures[experiment.id] = ()
            except SweepError as error:
                frame = error.frame
                failures[experiment.id] = error.failures
            computed += len(frame) + len(failures[experiment.id]) - before
            frames[experiment.id] = frame
            write_atomically(out / experiment.id / RESULTS_FILE, frame.to_csv(index=False))
    finally:
        if owned:
            pool.shutdown(wait=True, cancel_futures=True)
    return RunSummary(out, scenario, frames, failures, computed, time.perf_counter() - start)
