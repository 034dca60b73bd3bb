"""The `gamegroup` command: exit codes, messages, and a run killed with SIGKILL then resumed."""

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

import pandas as pd
import pytest

from gamegroup.experiments import cli
from gamegroup.experiments.cli import main
from gamegroup.experiments.run import run_scenario
from gamegroup.experiments.scenario import Scenario
from gamegroup.experiments.store import ResultStore

TOY = """
name = "toy"
title = "A toy scenario"
seed = 11
replicates = {replicates}
assumptions = ["draws are uniform"]

[parameters]
delay = {delay}
log_dir = "{log}"

[[experiments]]
id = "values"
model = "toymodels:slow_logged"
hypothesis = "values rise with x"
[experiments.grid]
x = {xs}
[[experiments.checks]]
claim = "values rise with x"
kind = "trend"
output = "value"
along = "x"
[[experiments.plots]]
kind = "lines"
output = "value"
x = "x"
[experiments.quick]
replicates = 1
grid = {{ x = [0.0, 1.0] }}
"""


def toy(tmp_path, name="toy.toml", *, delay=0.0, replicates=2, xs=(0.0, 1.0, 2.0), log=None):
    log_dir = log or tmp_path / "calls"
    log_dir.mkdir(exist_ok=True)
    text = TOY.format(delay=delay, replicates=replicates, xs=list(xs), log=log_dir)
    path = tmp_path / name
    path.write_text(text)
    return path


def gamegroup(*arguments, env, cwd, **options):
    return subprocess.run(
        [sys.executable, "-m", "gamegroup", *map(str, arguments)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=120,
        **options,
    )


def test_run_writes_results_and_report_then_rerun_computes_nothing(tmp_path, toymodels, capsys):
    scenario = toy(tmp_path)
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out), "--workers", "1"]) == 0
    first = capsys.readouterr()
    assert first.out.strip() == str(out / "report.html")
    assert "computed 6 task(s)" in first.err
    # One line per hypothesis, with the verdict and its numbers.
    assert (
        "verdicts:\n  values (values): supported (1 of 1 check supported); supported: value"
        in first.err
    )
    assert (out / "values" / "results.csv").is_file()
    assert main(["run", str(scenario), "--out", str(out), "--workers", "1"]) == 0
    assert "computed 0 task(s)" in capsys.readouterr().err
    assert len(list((tmp_path / "calls").iterdir())) == 6


@pytest.mark.slow
def test_a_run_killed_with_sigkill_resumes_and_equals_an_uninterrupted_run(
    tmp_path, subprocess_env, toymodels
):
    calls = tmp_path / "calls"
    scenario = toy(tmp_path, delay=0.15, replicates=2, xs=[float(x) for x in range(10)], log=calls)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gamegroup",
            "run",
            str(scenario),
            "--out",
            str(out),
            "--workers",
            "2",
            "--quiet",
        ],
        env=subprocess_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    tasks = out / "values" / "tasks"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        if tasks.is_dir() and len(list(tasks.glob("p*.json"))) >= 5:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    os.killpg(process.pid, signal.SIGKILL)  # the orphaned pool workers, so no call is missed
    time.sleep(0.3)
    process.stderr.close()
    finished = len(ResultStore(out / "values").records())
    assert 5 <= finished < 20
    calls_before = len(list(calls.iterdir()))

    resumed = gamegroup(
        "resume", out, "--workers", "2", "--quiet", env=subprocess_env, cwd=tmp_path
    )
    assert resumed.returncode == 0, resumed.stderr
    assert len(list(calls.iterdir())) - calls_before == 20 - finished  # only the missing tasks

    reference_text = (
        scenario.read_text()
        .replace("delay = 0.15", "delay = 0.0")
        .replace(str(calls), str(tmp_path / "reference-calls"))
    )
    (tmp_path / "reference-calls").mkdir()
    with ThreadPoolExecutor(2) as pool:
        run_scenario(Scenario.from_text(reference_text), tmp_path / "reference", executor=pool)
    pd.testing.assert_frame_equal(
        ResultStore(out / "values").frame(), ResultStore(tmp_path / "reference" / "values").frame()
    )


def test_bad_input_exits_with_code_2_and_one_line_without_traceback(tmp_path, toymodels, capsys):
    cases = {
        "unknown scenario": ["run", "no-such-scenario"],
        "missing run folder": ["resume", str(tmp_path / "nothing")],
        "missing report folder": ["report", str(tmp_path / "nothing")],
    }
    malformed = tmp_path / "bad.toml"
    malformed.write_text('name = "x"\n[[experiments]\n')
    cases["malformed TOML"] = ["run", str(malformed)]
    invalid = tmp_path / "invalid.toml"
    invalid.write_text('name = "x"\nseed = -1\n[[experiments]]\nid = "a"\nmodel = "math:hypot"\n')
    cases["invalid value"] = ["run", str(invalid)]
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    cases["unwritable output folder"] = ["run", str(toy(tmp_path)), "--out", str(blocker / "out")]
    for name, arguments in cases.items():
        assert main(arguments) == 2, name
        err = capsys.readouterr().err
        assert err.startswith("gamegroup: "), (name, err)
        assert err.count("\n") == 1, (name, err)
        assert "Traceback" not in err
    assert "line 2" in main_err(["run", str(invalid)], capsys)


def main_err(arguments, capsys):
    main(arguments)
    return capsys.readouterr().err


def test_a_folder_holding_another_run_is_refused_and_kept(tmp_path, toymodels, capsys):
    out = tmp_path / "out"
    with ThreadPoolExecutor(1) as pool:
        run_scenario(Scenario.from_toml(toy(tmp_path)), out, executor=pool)
    before = sorted(p.name for p in (out / "values" / "tasks").iterdir())
    other = toy(tmp_path, "other.toml", xs=[5.0, 6.0])
    assert main(["run", str(other), "--out", str(out)]) == 2
    assert "holds a run of scenario 'toy' with other settings" in capsys.readouterr().err
    renamed = tmp_path / "renamed.toml"
    renamed.write_text(toy(tmp_path).read_text().replace('name = "toy"', 'name = "toy2"'))
    assert main(["run", str(renamed), "--out", str(out)]) == 2
    assert "another scenario ('toy')" in capsys.readouterr().err
    assert main(["run", str(toy(tmp_path)), "--out", str(out), "--quick"]) == 2
    assert "--quick differs" in capsys.readouterr().err
    assert sorted(p.name for p in (out / "values" / "tasks").iterdir()) == before
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "notes.txt").write_text("mine")
    assert main(["run", str(toy(tmp_path)), "--out", str(stray)]) == 2
    assert "is not empty and holds no gamegroup run" in capsys.readouterr().err


def test_a_scheduler_that_does_not_answer_is_bad_input(tmp_path, toymodels, capsys):
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = main(
        [
            "run",
            str(toy(tmp_path)),
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            f"tcp://127.0.0.1:{port}",
            "--timeout",
            "1",
        ]
    )
    assert code == 2
    assert "no Dask scheduler answered" in capsys.readouterr().err


def test_task_failures_exit_with_code_1_and_name_the_point(tmp_path, toymodels, capsys):
    scenario = tmp_path / "failing.toml"
    scenario.write_text(
        'name = "failing"\nseed = 1\n[parameters]\nbad = 1.0\n[[experiments]]\nid = "f"\n'
        'model = "toymodels:fails_at"\n[experiments.grid]\nx = [0.0, 1.0]\n'
    )
    code = main(["run", str(scenario), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"])
    assert code == 1
    err = capsys.readouterr().err
    assert "1 task(s) failed" in err
    assert "point 1 (x=1.0), replicate 0: ZeroDivisionError" in err
    assert len(ResultStore(tmp_path / "out" / "f").records()) == 1


def test_usage_errors_exit_with_code_2_and_help_with_0(capsys):
    assert main(["run"]) == 2
    assert "usage: gamegroup run" in capsys.readouterr().err
    assert main(["run", "x", "--workers", "0"]) == 2
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("run", "resume", "report", "list", "show"):
        assert command in out


def test_list_and_show(capsys):
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert listed.splitlines()[0].split()[0]
    name = listed.splitlines()[0].split()[0]
    assert main(["show", name]) == 0
    assert f'name = "{name}"' in capsys.readouterr().out


def test_python_dash_m_runs_the_same_command(subprocess_env, tmp_path):
    result = gamegroup("list", env=subprocess_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_an_interrupted_run_exits_with_130_and_keeps_finished_tasks(
    tmp_path, toymodels, capsys, monkeypatch
):
    scenario = tmp_path / "interrupted.toml"
    scenario.write_text(
        'name = "interrupted"\nseed = 1\n[[experiments]]\nid = "i"\nmodel = "toymodels:interrupts_at"\n'
        "[experiments.grid]\nx = [0.0, 1.0, 2.0, 3.0]\n"
    )
    out = tmp_path / "out"
    with ThreadPoolExecutor(1) as pool:  # one thread: tasks finish in order, until x = 2
        monkeypatch.setattr(cli, "_executor", lambda arguments: nullcontext(pool))
        code = main(["run", str(scenario), "--out", str(out), "--quiet"])
    assert code == 130
    assert "interrupted" in capsys.readouterr().err
    assert sorted(ResultStore(out / "i").records()) == [(0, 0), (1, 0)]
