"""`.ci/run` runs exactly the two commands of the README's Quick start, and fails on no tests."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_commands_with_strict_bash():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line
        for line in script.splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    assert "set -euo pipefail" in script
    assert commands == quick_start_commands()
    assert commands[0] == 'python -m pip install -e ".[test]" && gamegroup run village'
    assert commands[1] == "python -m pytest"
