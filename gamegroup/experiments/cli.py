"""The ``gamegroup`` command (also ``python -m gamegroup``).

``gamegroup run SCENARIO``
    run a built-in scenario (by name) or a scenario file into an output folder, then write its
    report; a folder that already holds the same run is resumed;
``gamegroup resume DIR``
    finish an interrupted run (only missing tasks are computed), then write its report;
``gamegroup report DIR``
    (re)write ``DIR/report.html`` from the stored results;
``gamegroup list``
    list the built-in scenarios;
``gamegroup show NAME``
    print a built-in scenario's TOML (a starting point for your own).

Exit codes: 0 success; 2 bad input (one-line message, no traceback): an unknown scenario, an
invalid scenario file, an output folder that cannot be written or holds another run, a Dask
scheduler that does not answer; 1 failure (tasks that raised, reported with their parameter
points; every finished task is kept); 130 interrupted (finished tasks are kept).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from contextlib import ExitStack, contextmanager
from pathlib import Path

from gamegroup._version import __version__

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_ROOT = "gamegroup-runs"


class BadInput(Exception):
    """An error caused by the user's input: reported in one line, exit code 2."""


_INPUT_ERRORS = (
    ValueError,
    TypeError,
    OSError,  # an output folder that cannot be created or written, a scheduler that is down
)


@contextmanager
def _bad_input() -> Iterator[None]:
    """Turn errors raised while reading the user's input into :class:`BadInput`."""
    try:
        yield
    except _INPUT_ERRORS as error:
        raise BadInput(str(error)) from None


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextmanager
def _executor(arguments: argparse.Namespace) -> Iterator[Executor | None]:
    if arguments.scheduler is None:
        yield None
        return
    from gamegroup.experiments.executors import dask_executor

    with ExitStack() as stack:
        with _bad_input():  # a bad address or a scheduler that does not answer
            executor = stack.enter_context(
                dask_executor(
                    arguments.scheduler, workers=arguments.workers, timeout=arguments.timeout
                )
            )
        yield executor


def _say_verdicts(folder: Path) -> None:
    """Print one line per hypothesis: its verdict and its decisive numbers (see ``headline``)."""
    from gamegroup.experiments.report import VERDICTS_FILE
    from gamegroup.experiments.verdicts import headline

    path = folder / VERDICTS_FILE
    if not path.is_file():
        return
    verdicts = json.loads(path.read_text(encoding="utf-8"))
    if verdicts:
        _say("verdicts:")
    for verdict in verdicts:
        label = f"statement {verdict['statement']}" if verdict.get("statement") else verdict["id"]
        _say(f"  {label} ({verdict['id']}): {headline(verdict)}")


def _execute(scenario: object, folder: Path, arguments: argparse.Namespace) -> int:
    from gamegroup.experiments.report import write_report
    from gamegroup.experiments.run import prepare_folder, run_scenario
    from gamegroup.experiments.scenario import Scenario

    if not isinstance(scenario, Scenario):
        raise TypeError(f"`scenario` must be a Scenario; got {type(scenario).__name__}.")
    progress = False if arguments.quiet else None
    tasks = sum(e.task_count for e in scenario.experiments)
    where = arguments.scheduler or f"{arguments.workers or os.cpu_count()} local worker(s)"
    with _bad_input():  # bad folders fail here, before any work starts
        prepare_folder(folder, scenario)
    if not arguments.quiet:
        _say(
            f"gamegroup {__version__}: scenario {scenario.name!r}"
            + (" (quick)" if scenario.quick else "")
            + f", {len(scenario.experiments)} experiments, {tasks} tasks on {where} -> {folder}"
        )
    with _executor(arguments) as executor:
        summary = run_scenario(
            scenario,
            folder,
            executor=executor,
            workers=arguments.workers,
            progress=progress,
            log=None if arguments.quiet else _say,
        )
    if not summary.succeeded:
        count = sum(len(f) for f in summary.failures.values())
        _say(f"gamegroup: {count} task(s) failed:")
        for experiment, failures in summary.failures.items():
            for failure in failures:
                _say(f"  {experiment}: {failure}")
    report = write_report(folder)
    if not arguments.quiet:
        _say_verdicts(folder)
        _say(f"computed {summary.computed} task(s) in {summary.seconds:.1f} s; report:")
    print(report)  # the one line on standard output: where the report is
    return EXIT_OK if summary.succeeded else EXIT_FAILURE


def _run(arguments: argparse.Namespace) -> int:
    from gamegroup.experiments.scenario import load_scenario

    with _bad_input():
        scenario = load_scenario(arguments.scenario)
    if arguments.quick:
        scenario = scenario.with_quick()
    folder = Path(
        arguments.out or Path(DEFAULT_ROOT) / (scenario.name + ("-quick" if scenario.quick else ""))
    )
    return _execute(scenario, folder, arguments)


def _resume(arguments: argparse.Namespace) -> int:
    from gamegroup.experiments.run import load_run

    with _bad_input():
        scenario, _ = load_run(arguments.folder)
    return _execute(scenario, Path(arguments.folder), arguments)


def _report(arguments: argparse.Namespace) -> int:
    from gamegroup.experiments.report import write_report
    from gamegroup.experiments.run import load_run

    with _bad_input():
        load_run(arguments.folder)
    print(write_report(arguments.folder))
    return EXIT_OK


def _list(arguments: argparse.Namespace) -> int:
    from gamegroup.experiments.scenario import builtin_scenarios

    scenarios = builtin_scenarios()
    width = max(len(name) for name in scenarios)
    for name, title in scenarios.items():
        print(f"{name:<{width}}  {title}")
    return EXIT_OK


def _show(arguments: argparse.Namespace) -> int:
    from gamegroup.experiments.scenario import load_scenario

    with _bad_input():
        scenario = load_scenario(arguments.name)
    sys.stdout.write(scenario.text)
    return EXIT_OK


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer; got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gamegroup",
        description=(
            "Run experiments on game-theoretic models of groups that share knowledge while "
            "competing on price, and report which hypotheses the data support."
        ),
        epilog="Exit codes: 0 ok, 1 some tasks failed, 2 bad input, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"gamegroup {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def execution(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--workers",
            type=_workers,
            metavar="N",
            help="worker processes (default: one per core; with --scheduler local, the size "
            "of the local Dask cluster)",
        )
        sub.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="run on Dask: a scheduler address such as tcp://host:8786, or 'local' for a "
            "local Dask cluster (needs the dask extra)",
        )
        sub.add_argument(
            "--timeout",
            type=float,
            default=10.0,
            metavar="SECONDS",
            help="how long to wait for a Dask scheduler to answer (default: 10)",
        )
        sub.add_argument(
            "--quiet",
            action="store_true",
            help="no progress bars or messages; print the report path",
        )

    run = commands.add_parser(
        "run",
        help="run a scenario and write its report",
        description="Run a built-in scenario or a scenario file, then write its report. "
        "Running again into the same folder resumes it.",
    )
    run.add_argument(
        "scenario", metavar="SCENARIO", help="built-in name (see `gamegroup list`) or a .toml file"
    )
    run.add_argument("--out", metavar="DIR", help=f"output folder (default: {DEFAULT_ROOT}/NAME)")
    run.add_argument(
        "--quick", action="store_true", help="small grids and few replicates (under a minute)"
    )
    execution(run)
    run.set_defaults(handler=_run)

    resume = commands.add_parser(
        "resume",
        help="finish an interrupted run",
        description="Compute only the tasks missing from a run folder, then write its report.",
    )
    resume.add_argument("folder", metavar="DIR", help="the run folder")
    execution(resume)
    resume.set_defaults(handler=_resume)

    report = commands.add_parser(
        "report", help="write DIR/report.html", description="(Re)write the report of a run folder."
    )
    report.add_argument("folder", metavar="DIR", help="the run folder")
    report.set_defaults(handler=_report)

    listing = commands.add_parser("list", help="list the built-in scenarios")
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="print a built-in scenario's TOML")
    show.add_argument("name", metavar="NAME", help="built-in name or a .toml file")
    show.set_defaults(handler=_show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``gamegroup`` command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 success, 1 failure, 2 bad input, 130 interrupted.

    Examples
    --------
    >>> main(["run", "no-such-scenario"])  # the message goes to standard error
    2
    """
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as error:  # argparse exits with 2 on bad usage, 0 for --help
        return int(error.code or 0)
    start = time.perf_counter()
    try:
        return int(arguments.handler(arguments))
    except BadInput as error:
        _say(f"gamegroup: {error}")
        return EXIT_BAD_INPUT
    except ImportError as error:  # an optional dependency (matplotlib, distributed) is missing
        _say(f"gamegroup: {error}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        _say(
            f"gamegroup: interrupted after {time.perf_counter() - start:.0f} s; finished tasks "
            "are kept: continue with `gamegroup resume DIR`."
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
