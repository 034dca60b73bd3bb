r"""Parameter sweeps with replicates on any executor, resumable through a result store.

A *model* is a function of keyword arguments that returns a mapping of outputs. A *grid*
gives values for some of its arguments; their Cartesian product is the list of parameter
points :math:`\theta_0, \dots, \theta_{P-1}` (the first axis varies slowest, as in
:func:`itertools.product`). Each point is run :math:`R` times (replicates). Task
:math:`(i, r)` calls

.. math:: \text{model}(\theta_i \cup \text{fixed},\ \text{rng} = G_{i r}), \qquad
          G_{i r} = \texttt{default\_rng}(\texttt{SeedSequence}(e, \text{spawn\_key}=(i, r))),

where :math:`e` is the root entropy of ``rng`` (SPEC 7 spawn keys, see
:func:`gamegroup._rng.task_seed`). A task's random stream therefore depends only on
:math:`(e, i, r)`: not on the executor, the number of workers, the order in which tasks finish
or whether the sweep was interrupted and resumed, so all of these give the identical frame.

With ``paired=True`` (common random numbers), task :math:`(i, r)` uses
:math:`G_r = \texttt{default\_rng}(\texttt{SeedSequence}(e, \text{spawn\_key}=(r,)))` instead:
replicate :math:`r` meets the same random draws at every parameter point (the same random
network, say), so differences between points are not blurred by differences between draws.
Analyse such sweeps by replicate (:func:`~gamegroup.experiments.evaluate_check` with
``paired=True``).

The result is a tidy :class:`pandas.DataFrame` with one row per finished task, sorted by
``(point, replicate)``: the ``point`` index, the grid's parameter columns, ``replicate``, the
model's scalar outputs and ``seed`` (the root entropy :math:`e`; task :math:`(i, r)` is
replayed by ``task_seed(seed, (point, replicate))``). One-dimensional outputs (time series)
are kept in the store and read with :meth:`ResultStore.series`.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import numbers
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gamegroup._rng import resolve_rng, task_seed
from gamegroup._validation import check_int, check_type
from gamegroup.experiments.executors import local_executor
from gamegroup.experiments.store import ResultStore, assemble_frame, canonical_json

Scalar = bool | int | float | str
Grid = Mapping[str, Sequence[Scalar]] | Sequence[Mapping[str, Scalar]]
Model = Callable[..., Mapping[str, Any]]

_RESERVED = ("point", "replicate", "seed", "rng")


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """A task that raised: which parameter point and replicate, and the error.

    Attributes
    ----------
    point : int
        Index of the parameter point.
    replicate : int
    parameters : dict
        The point's grid values.
    error : str
        ``"ExceptionType: message"``.

    Examples
    --------
    >>> failure = TaskFailure(3, 1, {"x": 0.5}, "ZeroDivisionError: division by zero")
    >>> str(failure)
    'point 3 (x=0.5), replicate 1: ZeroDivisionError: division by zero'
    """

    point: int
    replicate: int
    parameters: dict[str, Scalar]
    error: str

    def __str__(self) -> str:
        values = ", ".join(f"{k}={v!r}" for k, v in self.parameters.items())
        return f"point {self.point} ({values}), replicate {self.replicate}: {self.error}"


class SweepError(RuntimeError):
    """Some tasks of a sweep failed; the others finished and were kept.

    Attributes
    ----------
    frame : pandas.DataFrame
        The rows of every task that finished.
    failures : tuple of TaskFailure
        One entry per failed task, with its parameter point.

    Examples
    --------
    >>> error = SweepError(pd.DataFrame(), (TaskFailure(0, 0, {"x": 1}, "ValueError: bad"),))
    >>> print(error)
    1 of the sweep's tasks failed (the others finished and were kept):
      point 0 (x=1), replicate 0: ValueError: bad
    """

    def __init__(self, frame: pd.DataFrame, failures: Sequence[TaskFailure]) -> None:
        self.frame = frame
        self.failures = tuple(failures)
        shown = "\n".join(f"  {failure}" for failure in self.failures[:10])
        more = f"\n  ... and {len(self.failures) - 10} more" if len(self.failures) > 10 else ""
        super().__init__(
            f"{len(self.failures)} of the sweep's tasks failed (the others finished and were "
            f"kept):\n{shown}{more}"
        )


def expand_grid(grid: Grid | None, name: str = "grid") -> list[dict[str, Scalar]]:
    """Return the parameter points of ``grid`` as a list of dicts.

    Parameters
    ----------
    grid : mapping or sequence of mappings or None
        ``{name: values}`` (the Cartesian product of the value lists, first name slowest), or
        an explicit list of points with the same names, or ``None``/``{}`` for a single point
        without parameters.
    name : str
        Argument name used in error messages.

    Returns
    -------
    list of dict

    Raises
    ------
    TypeError
        If a value list is a string or not a sequence, or a value is not a bool, int, float or
        str.
    ValueError
        If a value list is empty or repeats a value, a name is reserved (``point``,
        ``replicate``, ``seed``, ``rng``), or explicit points do not share their names.

    Examples
    --------
    >>> expand_grid({"a": [1, 2], "b": ["x", "y"]})
    [{'a': 1, 'b': 'x'}, {'a': 1, 'b': 'y'}, {'a': 2, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    >>> expand_grid([{"a": 1}, {"a": 5}])
    [{'a': 1}, {'a': 5}]
    """
    if grid is None:
        return [{}]
    if isinstance(grid, Mapping):
        names = list(grid)
        axes = []
        for key in names:
            _check_name(key, name)
            values = grid[key]
            where = f"{name}[{key!r}]"
            if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
                raise TypeError(f"`{where}` must be a list of values; got {type(values).__name__}.")
            values = [_check_scalar(v, where) for v in values]
            if not values:
                raise ValueError(f"`{where}` must list at least one value; got an empty list.")
            if len({canonical_json(v) for v in values}) != len(values):
                raise ValueError(f"`{where}` must not repeat a value; got {values!r}.")
            axes.append(values)
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*axes)]
    raw: Any = grid
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
        raise TypeError(
            f"`{name}` must be a mapping of parameter names to value lists, or a list of "
            f"points; got {type(raw).__name__}."
        )
    points: list[dict[str, Scalar]] = []
    for index, point in enumerate(raw):
        if not isinstance(point, Mapping):
            raise TypeError(
                f"`{name}[{index}]` must be a mapping of parameter names to values; got "
                f"{type(point).__name__}."
            )
        for key in point:
            _check_name(key, name)
        points.append({k: _check_scalar(v, f"{name}[{index}][{k!r}]") for k, v in point.items()})
    if not points:
        raise ValueError(f"`{name}` must hold at least one point; got an empty list.")
    if any(set(p) != set(points[0]) for p in points):
        raise ValueError(f"`{name}`: every point must set the same parameters.")
    return points


def _check_name(key: Any, name: str) -> None:
    if not isinstance(key, str) or not key.isidentifier():
        raise ValueError(f"`{name}` parameter names must be identifiers; got {key!r}.")
    if key in _RESERVED:
        raise ValueError(
            f"`{name}` must not set {key!r}: the names {', '.join(_RESERVED)} are reserved."
        )


def _check_scalar(value: Any, where: str) -> Scalar:
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(
        f"`{where}` values must be bool, int, float or str; got {type(value).__name__}."
    )


def model_name(model: Callable[..., Any]) -> str:
    """Return a stable name for ``model`` (module and qualified name, with partial arguments).

    Examples
    --------
    >>> model_name(functools.partial(max, 3))
    'builtins.max(3)'
    """
    if isinstance(model, functools.partial):
        arguments = [repr(a) for a in model.args]
        arguments += [f"{k}={v!r}" for k, v in sorted(model.keywords.items())]
        return f"{model_name(model.func)}({', '.join(arguments)})"
    module = getattr(model, "__module__", None) or type(model).__module__
    qualified = getattr(model, "__qualname__", None) or type(model).__qualname__
    return f"{module}.{qualified}"


def _accepts_rng(model: Callable[..., Any]) -> bool:
    try:
        parameters = inspect.signature(model).parameters
    except (TypeError, ValueError):  # builtins without a signature
        return False
    return "rng" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def run_task(
    model: Model,
    parameters: Mapping[str, Any],
    accepts_rng: bool,
    root_entropy: int | tuple[int, ...],
    key: tuple[int, ...],
) -> dict[str, Any]:
    """Run one task in a worker and return its record (outputs, series, elapsed seconds).

    All arguments are positional so that executors which take keyword options of their own
    in ``submit`` (Dask's ``pure``, ``key``, ``retries``...) pass them through untouched.

    Examples
    --------
    >>> def model(*, x, rng):
    ...     return {"y": x + rng.random(), "path": [0.0, x]}
    >>> record = run_task(model, {"x": 1.0}, True, 7, (0, 0))
    >>> sorted(record), record["series"]
    (['elapsed', 'outputs', 'series'], {'path': [0.0, 1.0]})
    """
    arguments = dict(parameters)
    if accepts_rng:
        arguments["rng"] = np.random.default_rng(task_seed(root_entropy, key))
    start = time.perf_counter()
    returned = model(**arguments)
    elapsed = time.perf_counter() - start
    if not isinstance(returned, Mapping):
        raise TypeError(
            f"the model {model_name(model)} must return a mapping of output names to values; "
            f"got {type(returned).__name__}."
        )
    outputs: dict[str, Scalar | None] = {}
    series: dict[str, list[float]] = {}
    for name, value in returned.items():
        if not isinstance(name, str):
            raise TypeError(f"the model's output names must be strings; got {name!r}.")
        array = np.asarray(value)
        if array.ndim == 0 and array.dtype.kind in "biuf":
            outputs[name] = array.item()
        elif array.ndim == 0 and array.dtype.kind in "US":
            outputs[name] = str(array.item())
        elif array.ndim == 1 and array.dtype.kind in "biuf":
            series[name] = [float(v) for v in array.astype(np.float64)]
        else:
            raise TypeError(
                f"the model's output {name!r} must be a number, a string or a 1-D sequence of "
                f"numbers; got {type(value).__name__} of shape {array.shape}."
            )
    return {"outputs": outputs, "series": series, "elapsed": elapsed}


def sweep(
    model: Model,
    grid: Grid | None = None,
    *,
    replicates: int = 1,
    rng: Any = None,
    executor: Executor | None = None,
    store: ResultStore | str | os.PathLike[str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    progress: bool | None = None,
    description: str = "sweep",
    paired: bool = False,
) -> pd.DataFrame:
    """Run ``model`` over a parameter grid with replicates and return a tidy frame.

    Parameters
    ----------
    model : callable
        ``model(**parameters, rng=generator)`` returning a mapping from output names to a
        number or string (a column of the frame) or a 1-D sequence of numbers (a series, kept
        in the store). A model without an ``rng`` parameter is deterministic and is called
        without it. It must be picklable (a module-level function, or a
        :func:`functools.partial` of one) to run in other processes.
    grid : mapping or sequence of mappings, optional
        Parameter values (see :func:`expand_grid`).
    replicates : int
        Runs per parameter point, each with its own random stream.
    rng : None, int, SeedSequence, BitGenerator or Generator
        Root seed of the sweep (see :doc:`/reference/conventions`). ``None`` draws fresh
        entropy, recorded in the ``seed`` column.
    executor : concurrent.futures.Executor, optional
        Where tasks run: any executor, for example a ``ProcessPoolExecutor``, a
        ``ThreadPoolExecutor`` or a Dask cluster's ``client.get_executor()``. By default a
        local process pool with one worker per core
        (:func:`~gamegroup.experiments.executors.local_executor`), shut down at
        the end.
    store : ResultStore or path, optional
        Keep every finished task there as it completes; tasks already in the store are not
        recomputed, so an interrupted sweep resumes where it stopped.
    fixed : mapping, optional
        Keyword arguments passed unchanged to every task (not columns of the frame).
    progress : bool, optional
        Show a progress bar with an ETA on standard error. ``None`` (default): only when
        standard error is a terminal.
    description : str
        Label of the progress bar and of failure messages.
    paired : bool
        Common random numbers: replicate ``r`` uses the same random stream at every parameter
        point (spawn key ``(r,)`` instead of ``(point, r)``).

    Returns
    -------
    pandas.DataFrame
        One row per parameter point and replicate (see the module docstring).

    Raises
    ------
    SweepError
        If some tasks raised. Every other task finished and was kept (in the store, and in
        the error's ``frame``); each failure names its parameter point. Failures are also
        reported on standard error as they happen.
    ValueError
        If ``replicates < 1``, ``replicates > 1`` for a model without ``rng``, the grid is
        malformed, or ``store`` holds results of a different sweep.
    TypeError
        If ``model`` is not callable or ``executor`` is not an ``Executor``.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> def coin_flips(*, flips, bias, rng):
    ...     return {"heads": int((rng.random(flips) < bias).sum())}
    >>> with ThreadPoolExecutor(2) as pool:
    ...     frame = sweep(coin_flips, {"bias": [0.2, 0.8]}, fixed={"flips": 100},
    ...                   replicates=2, rng=42, executor=pool)
    >>> frame.columns.tolist()
    ['point', 'bias', 'replicate', 'heads', 'seed']
    >>> frame
       point  bias  replicate  heads  seed
    0      0   0.2          0     ...    42
    1      0   0.2          1     ...    42
    2      1   0.8          0     ...    42
    3      1   0.8          1     ...    42
    >>> with ThreadPoolExecutor(1) as pool:
    ...     again = sweep(coin_flips, {"bias": [0.2, 0.8]}, fixed={"flips": 100},
    ...                   replicates=2, rng=42, executor=pool)
    >>> again.equals(frame)
    True
    """
    if not callable(model):
        raise TypeError(f"`model` must be callable; got {type(model).__name__}.")
    count = check_int(replicates, "replicates", minimum=1)
    if executor is not None:
        check_type(executor, "executor", Executor, "a concurrent.futures.Executor")
    points = expand_grid(grid)
    constants = dict(fixed or {})
    for key in constants:
        if key in points[0]:
            raise ValueError(f"`fixed` must not set {key!r}, which the grid varies.")
    accepts_rng = _accepts_rng(model)
    if not accepts_rng and count > 1:
        raise ValueError(
            f"`replicates` must be 1 for a deterministic model (one without an `rng` "
            f"parameter); got {count}."
        )
    _, record = resolve_rng(rng)
    entropy, prefix = record.entropy, record.spawn_key
    if store is not None and not isinstance(store, ResultStore):
        store = ResultStore(store)

    done: dict[tuple[int, int], dict[str, Any]] = {}
    if store is not None:
        store.open(
            {
                "model": model_name(model),
                "points": points,
                "fixed": {k: _describe_constant(v) for k, v in constants.items()},
                "replicates": count,
                "seed": {"entropy": entropy, "spawn_key": list(prefix)},
                "paired": bool(paired),
            }
        )
        done = {
            key: rec
            for key, rec in store.records().items()
            if key[0] < len(points) and key[1] < count
        }
    todo = [(i, r) for i in range(len(points)) for r in range(count) if (i, r) not in done]
    failures: list[TaskFailure] = []
    if todo:
        failures = _execute(
            model,
            points,
            constants,
            accepts_rng,
            entropy,
            prefix,
            todo,
            executor,
            store,
            done,
            total=len(points) * count,
            progress=progress,
            description=description,
            paired=bool(paired),
        )
    frame = assemble_frame(points, done, entropy)
    if failures:
        raise SweepError(frame, failures)
    return frame


def _describe_constant(value: Any) -> Any:
    """JSON form of a fixed argument for the fingerprint (its repr if not plain data)."""
    try:
        canonical_json(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


def _execute(
    model: Model,
    points: list[dict[str, Scalar]],
    constants: dict[str, Any],
    accepts_rng: bool,
    entropy: int | tuple[int, ...],
    prefix: tuple[int, ...],
    todo: list[tuple[int, int]],
    executor: Executor | None,
    store: ResultStore | None,
    done: dict[tuple[int, int], dict[str, Any]],
    *,
    total: int,
    progress: bool | None,
    description: str,
    paired: bool,
) -> list[TaskFailure]:
    from tqdm.auto import tqdm

    owned = executor is None
    pool: Executor = local_executor() if executor is None else executor
    show = sys.stderr.isatty() if progress is None else bool(progress)
    bar = tqdm(
        total=total,
        initial=total - len(todo),
        desc=description,
        unit="task",
        disable=not show,
        file=sys.stderr,
        dynamic_ncols=True,
        smoothing=0.1,
    )
    failures: list[TaskFailure] = []
    futures: dict[Future[dict[str, Any]], tuple[int, int]] = {}
    try:
        for i, r in todo:
            arguments = {**constants, **points[i]}
            key = (*prefix, r) if paired else (*prefix, i, r)
            futures[pool.submit(run_task, model, arguments, accepts_rng, entropy, key)] = (i, r)
        for future in as_completed(futures):
            i, r = futures.pop(future)
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - any task error is reported, not fatal
                failure = TaskFailure(i, r, points[i], f"{type(error).__name__}: {error}")
                failures.append(failure)
                bar.write(f"{description}: task failed at {failure}", file=sys.stderr)
            else:
                if store is not None:
                    store.write(i, r, result)
                done[i, r] = result
            bar.update(1)
    except BaseException:
        for future in futures:
            future.cancel()
        if owned:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        bar.close()
    if owned:
        pool.shutdown(wait=True)
    return failures
