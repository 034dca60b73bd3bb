import subprocess
import sys

from gamegroup.experiments.cli import main


def test_demo_prints_a_summary(capsys):
    assert main(["demo", "--group-size", "4", "--threshold", "2", "--population-size", "20"]) == 0
    out = capsys.readouterr().out
    assert "threshold public goods game" in out
    assert "group size N=4, threshold M=2" in out
    assert "Finite population Z=20" in out


def test_bad_input_exits_with_code_2_and_a_one_line_message(capsys):
    assert main(["demo", "--threshold", "9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gamegroup: `threshold` must be an integer <= 5")
    assert "Traceback" not in err


def test_python_dash_m_runs_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "gamegroup", "demo", "--group-size", "3", "--threshold", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "group size N=3" in result.stdout
