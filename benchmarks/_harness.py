"""The one small harness every benchmark script is built on.

A script defines ``make_cases(quick: bool) -> list[Case]`` and ends with
``run(make_cases)``. For each case the harness runs *our* side and the *reference* side each in
a fresh subprocess (so that ``ru_maxrss`` is that side's own peak memory, including what numba
or C++ extensions allocate), times a warm-up call separately (JIT compilation, caches), then
takes the median of ``repeats`` timed calls, and finally compares the two results with the
case's ``compare`` function (the largest absolute difference, or any agreement measure).

Printed, one line per case: workload, our median, reference median, ratio (reference / ours,
so > 1 means we are faster), agreement, and both peak memories. ``--json PATH`` writes the same
records; ``--quick`` selects small workloads and times one call per side after the warm-up
(the smoke test uses it: it checks that the answers agree, not the times); ``--case NAME`` runs
one.
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


def _child(make_cases: Callable[[bool], list[Case]], args: argparse.Namespace) -> None:
    case = next(c for c in make_cases(args.quick) if c.name == args.child)
    function = case.ours if args.side == "ours" else case.reference
    assert function is not None
    repeats = case.repeats if args.side == "ours" else (case.reference_repeats or case.repeats)
    if args.quick:
        repeats = 1
    start = time.perf_counter()
    result = function()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    record = {
        "first": first,
        "median": statistics.median(times),
        "peak_mib": _peak_rss_mib(),
        "result": result,
    }
    with open(args.out, "wb") as handle:
        pickle.dump(record, handle)


def _run_side(script: str, case: Case, side: str, quick: bool, timeout: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "record.pkl"
        command = [sys.executable, script, "--child", case.name, "--side", side, "--out", str(out)]
        if quick:
            command.append("--quick")
        try:
            completed = subprocess.run(
                command, check=False, timeout=timeout, capture_output=True, text=True
            )
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {timeout:g} s"}
        if completed.returncode != 0:
            tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
            return {"error": "failed: " + " | ".join(tail)}
        with open(out, "rb") as handle:
            return pickle.load(handle)


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
        "--quick", action="store_true", help="small workloads, one timed call (smoke test)"
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
    for case in make_cases(args.quick):
        if args.case and case.name != args.case:
            continue
        ours = _run_side(script, case, "ours", args.quick, timeout=3600)
        reference: dict[str, Any] = {}
        if case.reference is not None and not args.no_reference:
            reference = _run_side(script, case, "reference", args.quick, case.reference_timeout)
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
        if case.reference is not None and not args.no_reference:
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
