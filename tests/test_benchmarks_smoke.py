"""Every benchmark script runs end to end on its quick workloads (no timing is asserted)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
SCRIPTS = sorted(BENCHMARKS.glob("bench_*.py"))


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_runs_quick_and_answers_agree(script, tmp_path):
    record_file = tmp_path / "records.json"
    # Benchmark the gamegroup of this checkout, whatever the environment has installed.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    result = subprocess.run(
        [sys.executable, str(script), "--quick", "--json", str(record_file)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        env={**os.environ, "PYTHONPATH": path},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    records = json.loads(record_file.read_text())
    assert records, "the script ran no case"
    for record in records:
        assert record["ours_error"] is None, record
        assert record["ours_median_s"] > 0
        tolerance = record.get("agreement_tolerance", 1e-8)
        if record["agreement"] is not None:
            assert record["agreement"] <= tolerance, record


def test_there_is_at_least_one_benchmark_script():
    assert SCRIPTS
