"""The one small harness every benchmark script is built on.

A script defines ``make_cases(quick: bool) -> list[Case]`` and ends with
``run(make_cases)``. For each case the harness runs *our* side and the *reference* side each in
a fresh subprocess (so that ``ru_maxrss`` is that side's own peak memory, including what numba
or C++ extensions allocate), times a warm-up call separately (JIT compilation, caches), then
takes the median of ``repeats`` timed calls, and finally compares the two results with the
case's ``compare`` function (the largest absolute difference, or any agreement measure).

Printed, one line per case: workload, our median, reference median, ratio (reference / ours,
so > 1 means we are faster), agreement, and both peak memories. ``--json PATH`` writes the same
records; ``--case NAME`` runs one case.

``--quick`` (the smoke test) selects small workloads and checks that the answers agree, not
the times: each side calls each case once (that call's time is reported as the median too) and
runs all its cases in one subprocess (a case with its own ``reference_timeout`` keeps a
subprocess of its own), so peak memories are those of the whole side.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any


@dataclass
class Case:
    """One benchmark: the same workload solved by gamegroup and by a reference."""

    name: str
    workload: str
    ours: Callable[[], Any]
    reference: Callable[[], Any] | None = None
    reference_name: str = ""
    compare: Callable[[Any, Any], float] | None = None
    repeats: int = 5
    reference_repeats: int | None = None
    reference_timeout: float = 300.0
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def max_abs_difference(ours: Any, theirs: Any) -> float:
    """Agreement measure of two arrays of the same shape: the largest absolute difference."""
    import numpy as np

    return float(np.max(np.abs(np.asarray(ours) - np.asarray(theirs))))


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _measure(function: Callable[[], Any], repeats: int) -> dict[str, Any]:
    start = time.perf_counter()
    result = function()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return {
        "first": first,
        "median": statistics.median(times) if times else first,
        "peak_mib": _peak_rss_mib(),
        "result": result,
    }


def _child(make_cases: Callable[[bool], list[Case]], args: argparse.Namespace) -> None:
    cases = {c.name: c for c in make_cases(args.quick)}
    records: dict[str, dict[str, Any]] = {}
    for name in args.child.split(","):
        case = cases[name]
        function = case.ours if args.side == "ours" else case.reference
        assert function is not None
        repeats = case.repeats if args.side == "ours" else (case.reference_repeats or case.repeats)
        try:
            records[name] = _measure(function, 0 if args.quick else repeats)
        except Exception as error:  # noqa: BLE001 - reported for this case; the others still run
            records[name] = {"error": f"failed: {type(error).__name__}: {error}"}
    with open(args.out, "wb") as handle:
        pickle.dump(records, handle)


def _run_side(
    script: str, cases: list[Case], side: str, quick: bool, timeout: float
) -> dict[str, dict[str, Any]]:
    """Run one side of ``cases`` in one subprocess; return each case's record by name."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "records.pkl"
        names = ",".join(case.name for case in cases)
        command = [sys.executable, script, "--child", names, "--side", side, "--out", str(out)]
        if quick:
            command.append("--quick")
        try:
            completed = subprocess.run(
                command, check=False, timeout=timeout, capture_output=True, text=True
            )
        except subprocess.TimeoutExpired:
            failure = {"error": f"timed out after {timeout:g} s"}
            return {case.name: failure for case in cases}
        if completed.returncode != 0:
            tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
            failure = {"error": "failed: " + " | ".join(tail)}
            return {case.name: failure for case in cases}
        with open(out, "rb") as handle:
            records: dict[str, dict[str, Any]] = pickle.load(handle)
            return records


_DEFAULT_TIMEOUT = Case.__dataclass_fields__["reference_timeout"].default


def _run_quick(
    script: str, cases: list[Case], with_references: bool
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Records of every case's two sides, by case name, each side in one subprocess."""
    ours = _run_side(script, cases, "ours", True, 3600) if cases else {}
    references = [c for c in cases if c.reference is not None and with_references]
    shared = [c for c in references if c.reference_timeout == _DEFAULT_TIMEOUT]
    theirs = _run_side(script, shared, "reference", True, 3600) if shared else {}
    for case in references:
        if case not in shared:  # it may have to be abandoned: a subprocess of its own
            theirs.update(_run_side(script, [case], "reference", True, case.reference_timeout))
    return ours, theirs


def _format_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def run(make_cases: Callable[[bool], list[Case]], *, references: tuple[str, ...] = ()) -> None:
    """Parse the command line and run the cases (or one side of one case, in a child)."""
    parser = argparse.ArgumentParser(description=(sys.modules["__main__"].__doc__ or "").strip())
    parser.add_argument(
        "--quick", action="store_true", help="small workloads, one call per case (smoke test)"
    )
    parser.add_argument("--json", type=Path, help="also write the records to this file")
    parser.add_argument("--case", help="run only the case with this name")
    parser.add_argument("--no-reference", action="store_true", help="time gamegroup only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--side", choices=("ours", "reference"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(make_cases, args)
        return

    script = os.path.abspath(sys.modules["__main__"].__file__ or sys.argv[0])
    packages = ("gamegroup", "numpy", "scipy", "numba", *references)
    print(f"# {Path(script).name}  ({'quick' if args.quick else 'full'} workloads)")
    print("# " + "  ".join(f"{p} {_version(p)}" for p in packages))
    print(f"# python {platform.python_version()}  cpus {os.cpu_count()}  {platform.machine()}")
    print("# ratio = reference median / gamegroup median (> 1: gamegroup is faster)")
    records = []
    cases = [c for c in make_cases(args.quick) if not args.case or c.name == args.case]
    with_references = not args.no_reference
    quick_ours, quick_references = (
        _run_quick(script, cases, with_references) if args.quick else ({}, {})
    )
    for case in cases:
        has_reference = case.reference is not None and with_references
        if args.quick:
            ours = quick_ours[case.name]
            reference = quick_references.get(case.name, {})
        else:  # one subprocess per case and side, printed as it finishes
            ours = _run_side(script, [case], "ours", False, 3600)[case.name]
            timeout = case.reference_timeout
            reference = (
                _run_side(script, [case], "reference", False, timeout)[case.name]
                if has_reference
                else {}
            )
        record: dict[str, Any] = {
            "case": case.name,
            "workload": case.workload,
            "reference_name": case.reference_name,
            "ours_median_s": ours.get("median"),
            "ours_first_call_s": ours.get("first"),
            "ours_peak_mib": ours.get("peak_mib"),
            "ours_error": ours.get("error"),
            "reference_median_s": reference.get("median"),
            "reference_peak_mib": reference.get("peak_mib"),
            "reference_error": reference.get("error"),
            "notes": case.notes,
            **case.extra,
        }
        ratio = None
        if record["ours_median_s"] and record["reference_median_s"]:
            ratio = record["reference_median_s"] / record["ours_median_s"]
        record["ratio"] = ratio
        difference = None
        if case.compare is not None and "result" in ours and "result" in reference:
            difference = float(case.compare(ours["result"], reference["result"]))
        record["agreement"] = difference
        records.append(record)
        ours_text = ours.get("error") or _format_time(record["ours_median_s"])
        line = (
            f"    gamegroup {ours_text} (first call {_format_time(record['ours_first_call_s'])},"
            f" peak {record['ours_peak_mib'] or 0:.0f} MiB)"
        )
        if has_reference:
            line += f" | {case.reference_name} "
            line += reference.get("error") or _format_time(record["reference_median_s"])
            if record["reference_peak_mib"]:
                line += f" (peak {record['reference_peak_mib']:.0f} MiB)"
        if ratio:
            line += f" | ratio {ratio:.1f}x"
        if difference is not None:
            line += f" | max |diff| {difference:.2e}"
        print(f"{case.name}: {case.workload}\n{line}")
        if case.notes:
            print(f"    note: {case.notes}")
        sys.stdout.flush()
    if args.json:
        args.json.write_text(json.dumps(records, indent=2, default=str), encoding="utf-8")
