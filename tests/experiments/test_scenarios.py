"""The built-in scenarios load, and `gamegroup run village --quick` works end to end."""

import json

import pytest

from gamegroup.experiments import builtin_scenarios, load_scenario
from gamegroup.experiments.cli import main

NAMES = sorted(builtin_scenarios())


def test_the_expected_scenarios_are_built_in():
    assert {"village", "public-goods-networks", "stag-hunt"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_built_in_scenario_and_its_quick_version_load(name):
    scenario = load_scenario(name)
    quick = scenario.with_quick()
    assert scenario.name == name
    assert all(e.checks for e in scenario.experiments), "every experiment tests a claim"
    assert sum(e.task_count for e in quick.experiments) < sum(
        e.task_count for e in scenario.experiments
    )


def test_the_village_tests_each_of_the_eight_field_statements_and_lists_its_assumptions():
    scenario = load_scenario("village")
    assert {e.statement for e in scenario.experiments} == set(range(1, 9))
    assert len(scenario.assumptions) >= 5
    assert all(e.hypothesis for e in scenario.experiments)


@pytest.mark.slow
def test_quick_village_run_end_to_end(tmp_path, capsys):
    out = tmp_path / "village"
    assert main(["run", "village", "--quick", "--out", str(out), "--workers", "2", "--quiet"]) == 0
    assert capsys.readouterr().out.strip() == str(out / "report.html")
    page = (out / "report.html").read_text(encoding="utf-8")
    verdicts = json.loads((out / "verdicts.json").read_text(encoding="utf-8"))
    assert {v["statement"] for v in verdicts} == set(range(1, 9))
    assert all(v["tasks"]["finished"] == v["tasks"]["total"] for v in verdicts)
    assert all(
        v["verdict"] in {"supported", "partly supported", "not supported", "contradicted"}
        for v in verdicts
    )
    assert "<h2>Assumptions</h2>" in page
    assert page.count("data:image/png;base64,") >= 12
