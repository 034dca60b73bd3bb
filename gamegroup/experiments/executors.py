"""Where sweep tasks run: a local process pool, or a Dask cluster through its executor.

:func:`~gamegroup.experiments.sweep` accepts any :class:`concurrent.futures.Executor`. This
module builds the two that the ``gamegroup`` command uses:

* :func:`local_executor`: a :class:`~concurrent.futures.ProcessPoolExecutor` with one worker per
  core by default;
* :func:`dask_executor`: ``client.get_executor()`` of a Dask ``distributed`` client connected to
  a running scheduler (``tcp://host:port``) or to a local cluster it starts. distributed's
  ``ClientExecutor`` is a ``concurrent.futures.Executor``, so one code path serves both. Dask is
  imported only when this function is called, never when gamegroup is imported.

Results do not depend on the executor: each task's random stream comes from its spawn key
(see :mod:`gamegroup.experiments.sweep`).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from gamegroup._validation import check_int, check_real

_ADDRESS = re.compile(r"^(tcp|tls|inproc|ucx|ws|wss)://[^\s/]+(:\d+)?/?$|^[\w.\-]+:\d+$")


def local_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """Return a local process pool with ``workers`` processes (default: one per core).

    Workers are started with the ``forkserver`` method where the platform has it (``spawn``
    elsewhere). Unlike ``fork``, it is safe in a process that already runs threads (a
    progress bar, a Dask client), and the server imports gamegroup once, so that starting each
    worker is cheap. Each worker limits the BLAS and OpenMP thread pools of numpy and scipy to
    one thread (threadpoolctl): the pool already runs one process per core, and letting every
    process start threads of its own on the same cores slows small linear solves down by an
    order of magnitude. (Dask's worker processes do the same by default.)

    Parameters
    ----------
    workers : int, optional
        Number of processes, at least 1.

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor

    Raises
    ------
    TypeError
        If ``workers`` is not an integer.
    ValueError
        If ``workers < 1``.

    Examples
    --------
    >>> with local_executor(1) as executor:
    ...     executor.submit(abs, -3).result()
    3
    """
    count = (os.cpu_count() or 1) if workers is None else check_int(workers, "workers", minimum=1)
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(
            ["gamegroup.experiments.sweep", "gamegroup.experiments.models"]
        )
    return ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=single_threaded_worker
    )


def single_threaded_worker() -> None:
    """Limit the BLAS and OpenMP pools of this process to one thread (worker initializer).

    Examples
    --------
    >>> with local_executor(1) as pool:  # each worker calls it when it starts
    ...     pool.submit(abs, -1).result()
    1
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


@contextmanager
def dask_executor(
    scheduler: str = "local", *, workers: int | None = None, timeout: float = 10.0
) -> Iterator[Executor]:
    """Connect to a Dask scheduler, or start a local Dask cluster, and yield its executor.

    Parameters
    ----------
    scheduler : str
        ``"local"`` starts a ``LocalCluster`` of worker processes on this machine (one thread
        each); otherwise the address of a running scheduler, such as
        ``"tcp://10.0.0.5:8786"``.
    workers : int, optional
        Number of worker processes of a local cluster (default: one per core). Ignored for a
        remote scheduler, whose workers are whatever joined it.
    timeout : float
        Seconds to wait for the scheduler to answer before giving up.

    Yields
    ------
    concurrent.futures.Executor
        ``client.get_executor()``. The client (and a local cluster) is closed on exit.

    Raises
    ------
    ImportError
        If ``distributed`` is not installed (``pip install "gamegroup[dask]"``).
    ValueError
        If ``scheduler`` does not look like a scheduler address, or ``timeout`` is not
        positive.
    ConnectionError
        If no scheduler answers at ``scheduler`` within ``timeout`` seconds.

    Examples
    --------
    Starting a cluster takes seconds, so this example is not run by the doctests (the test
    suite runs a real ``LocalCluster`` in ``tests/experiments``):

    >>> with dask_executor("local", workers=1) as executor:  # doctest: +SKIP
    ...     executor.submit(abs, -3).result()
    3

    An address that cannot be a scheduler is refused before anything is started:

    >>> with dask_executor("my-laptop"):
    ...     pass
    Traceback (most recent call last):
    ...
    ValueError: `scheduler` must be 'local' or a Dask scheduler address such as 'tcp://host:8786'; got 'my-laptop'.
    """
    if not isinstance(scheduler, str):
        raise TypeError(f"`scheduler` must be an address string; got {type(scheduler).__name__}.")
    wait = check_real(timeout, "timeout", low=0.0, low_inclusive=False)
    if scheduler != "local" and not _ADDRESS.match(scheduler):
        raise ValueError(
            "`scheduler` must be 'local' or a Dask scheduler address such as "
            f"'tcp://host:8786'; got {scheduler!r}."
        )
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ImportError(
            "running on Dask needs the `distributed` package: "
            'python -m pip install "gamegroup[dask]"'
        ) from error
    cluster = None
    if scheduler == "local":
        count = (
            (os.cpu_count() or 1) if workers is None else check_int(workers, "workers", minimum=1)
        )
        cluster = LocalCluster(
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=f"{wait}s")
        except (OSError, TimeoutError) as error:
            raise ConnectionError(
                f"`scheduler`: no Dask scheduler answered at {scheduler!r} within {wait:g} s "
                f"({type(error).__name__}). Is it running, and is the address right?"
            ) from None
    try:
        yield client.get_executor()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
