import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("matplotlib")

from gamegroup.experiments.report import write_report
from gamegroup.experiments.run import run_scenario
from gamegroup.experiments.scenario import Scenario

SCENARIO = """\
name = "report-demo"
title = "Report <demo> & co"
description = "Means of noisy draws."
seed = 5
replicates = 3
assumptions = ["draws are normal with unit variance"]

[parameters]
n = 30

[[experiments]]
id = "means"
statement = 1
title = "Means follow x"
hypothesis = "The mean rises with x"
model = "toymodels:noisy_mean"
[experiments.grid]
x = [0.0, 1.0, 2.0]
z = [0.0, 1.0]
[[experiments.checks]]
claim = "the mean rises with x"
kind = "trend"
output = "mean"
along = "x"
[[experiments.checks]]
claim = "the mean falls with x"
kind = "trend"
output = "mean"
along = "x"
expect = "decreasing"
[[experiments.plots]]
kind = "lines"
output = "mean"
x = "x"
[[experiments.plots]]
kind = "phase"
output = "mean"
x = "x"
y = "z"
level = 1.0
[[experiments.plots]]
kind = "series"
output = "path"
hue = "x"
[experiments.regimes]
output = "mean"
thresholds = [0.5, 1.5]
labels = ["low", "middle", "high"]
"""


@pytest.fixture
def run_folder(tmp_path, toymodels):
    text = SCENARIO.replace('model = "toymodels:noisy_mean"', 'model = "toymodels:noisy_mean_2d"')
    out = tmp_path / "run"
    with ThreadPoolExecutor(2) as pool:
        run_scenario(Scenario.from_text(text, "demo.toml"), out, executor=pool)
    return out


def test_report_is_self_contained_with_verdicts_figures_and_assumptions(run_folder):
    path = write_report(run_folder)
    page = path.read_text()
    assert path.name == "report.html"
    assert "<title>Report &lt;demo&gt; &amp; co</title>" in page
    assert page.count("data:image/png;base64,") == 3
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']https?:""", page)
    assert "draws are normal with unit variance" in page
    assert 'class="badge supported"' in page
    assert 'class="badge contradicted"' in page
    assert "partly supported" in page  # the hypothesis: one check supported, one contradicted
    assert "Statement 1: Means follow x" in page
    assert "slope +" in page
    assert "Regimes of mean over the 6 parameter points" in page
    assert "name = &quot;report-demo&quot;" in page  # the scenario file, escaped
    verdicts = json.loads((run_folder / "verdicts.json").read_text())
    assert verdicts[0]["verdict"] == "partly supported"
    assert [c["status"] for c in verdicts[0]["checks"]] == ["supported", "contradicted"]
    assert verdicts[0]["tasks"] == {"finished": 18, "total": 18}


def test_an_incomplete_run_is_reported_as_such(run_folder):
    (run_folder / "means" / "tasks" / "p0-r0.json").unlink()
    page = write_report(run_folder).read_text()
    assert "Incomplete: 17 of 18 tasks finished" in page


def test_a_folder_without_a_run_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"`folder` .* holds no gamegroup run"):
        write_report(tmp_path)
