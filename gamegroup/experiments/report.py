"""The self-contained HTML report of a run folder.

``write_report(folder)`` reads the run's scenario and result stores and writes
``report.html``: one file with everything embedded (figures as PNG data URIs, styles inline, no
scripts, no network access), so it can be mailed or archived. It holds

* the scenario's title, description, seed, version and completeness of every experiment;
* a table of the hypotheses with their verdicts;
* the assumed values that the field study does not give;
* for each experiment: its hypothesis, its verdict and the numbers behind it (one line per
  check, see :mod:`gamegroup.experiments.verdicts`), the regimes of its parameter points
  (:mod:`gamegroup.experiments.regimes`), its figures (:mod:`gamegroup.experiments.plots`) and
  the parameters it ran with;
* the scenario file itself.

It also writes ``verdicts.json`` with the same verdicts for programs.
"""

from __future__ import annotations

import base64
import html
import inspect
import io
import json
import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gamegroup._files import write_atomically
from gamegroup._rng import task_seed
from gamegroup._version import __version__
from gamegroup.experiments.plots import (
    plot_lines,
    plot_network,
    plot_phase_diagram,
    plot_series,
    require_matplotlib,
)
from gamegroup.experiments.regimes import classify_regimes
from gamegroup.experiments.run import load_run
from gamegroup.experiments.scenario import Experiment, Scenario
from gamegroup.experiments.store import ResultStore
from gamegroup.experiments.sweep import expand_grid
from gamegroup.experiments.verdicts import CheckResult, combine, evaluate_check, headline

REPORT_FILE = "report.html"
VERDICTS_FILE = "verdicts.json"

PathLike = str | os.PathLike[str]

_STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0 auto;
       max-width: 62rem; padding: 1.5rem 2rem 4rem; color: #1f2328; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem;
     border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
.meta { color: #57606a; font-size: .9rem; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .55rem; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; }
.badge { display: inline-block; padding: .08rem .5rem; border-radius: 1rem; color: white;
         font-size: .85rem; font-weight: 600; white-space: nowrap; }
.supported { background: #1a7f37; } .partly-supported { background: #9a6700; }
.not-supported { background: #6e7781; } .contradicted { background: #cf222e; }
.not-tested, .not-run { background: #8c959f; }
.check { margin: .35rem 0; } .numbers { color: #424a53; font-size: .9rem; }
figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eaeef2; }
figcaption { color: #57606a; font-size: .85rem; }
pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; font-size: .8rem; }
details summary { cursor: pointer; color: #0969da; }
.warning { background: #fff8c5; border: 1px solid #d4a72c; padding: .5rem .8rem; }
"""


def _badge(status: str) -> str:
    css = status.replace(" ", "-")
    return f'<span class="badge {css}">{html.escape(status)}</span>'


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure_html(figure: Any, caption: str) -> str:
    return (
        f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{_png(figure)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _table(rows: list[list[str]], header: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _snapshot_figures(
    experiment: Experiment, scenario: Scenario, store: ResultStore
) -> list[tuple[Any, str]]:
    spec = experiment.spec
    if spec.snapshot is None:  # refused when the scenario was loaded
        return []
    parts = store.manifest()["parts"]
    points = parts["points"]
    chosen = sorted({0, len(points) - 1}) if len(points) > 4 else list(range(len(points)))
    entropy = parts["seed"]["entropy"]
    entropy = tuple(entropy) if isinstance(entropy, list) else entropy
    prefix = tuple(parts["seed"]["spawn_key"])
    paired = bool(parts.get("paired", False))
    figures = []
    fixed = scenario.fixed_parameters(experiment)
    for point in chosen:
        key = (*prefix, 0) if paired else (*prefix, point, 0)
        rng = np.random.default_rng(task_seed(entropy, key))
        graph, strategies, committed = spec.snapshot(**fixed, **points[point], rng=rng)
        where = ", ".join(f"{k} = {_format(v)}" for k, v in points[point].items())
        figure = plot_network(graph, strategies, committed=committed, title=where)
        figures.append((figure, f"Network at the end of replicate 0 ({where or 'one point'})."))
    return figures


def _figures(
    experiment: Experiment, scenario: Scenario, frame: pd.DataFrame, store: ResultStore
) -> list[tuple[Any, str]]:
    figures: list[tuple[Any, str]] = []
    for plot in experiment.plots:
        title = plot.title
        if plot.kind == "lines":
            figure = plot_lines(frame, plot.output or "", x=plot.x or "", hue=plot.hue, title=title)
            caption = (
                f"Mean {plot.output} against {plot.x} with 95% confidence bands over replicates."
            )
        elif plot.kind == "phase":
            figure = plot_phase_diagram(
                frame,
                plot.output or "",
                x=plot.x or "",
                y=plot.y or "",
                level=plot.level,
                title=title,
            )
            caption = f"Mean {plot.output} over {plot.x} and {plot.y}" + (
                f"; white: where it crosses {plot.level:g} (error bars: 95% confidence)."
                if plot.level is not None
                else "."
            )
        elif plot.kind == "series":
            series = store.series(plot.output or "")
            groups = None
            if plot.hue is not None:
                groups = frame.drop_duplicates("point").set_index("point")[plot.hue]
            x = "step"
            if "time" in (experiment.spec.series or {}):  # a time axis of the model's own
                times = store.series("time").rename(columns={"value": "month"})
                series = series.merge(times, on=["point", "replicate", "step"])
                x = "month"
            figure = plot_series(series, groups=groups, label=plot.hue or "point", x=x, title=title)
            figure.axes[0].set_ylabel(plot.output or "")
            caption = f"{plot.output} over time: mean over replicates with 95% bands."
        elif plot.kind == "network":
            figures.extend(_snapshot_figures(experiment, scenario, store))
            continue
        else:  # "model": the model's own figure
            spec = experiment.spec
            if spec.figure is None:  # refused when the scenario was loaded
                continue
            middle = {name: values[len(values) // 2] for name, values in experiment.grid.items()}
            figure = spec.figure(**scenario.fixed_parameters(experiment), **middle)
            where = ", ".join(f"{k} = {_format(v)}" for k, v in middle.items())
            caption = f"{title or spec.description} At the middle of the grid: {where}."
        figures.append((figure, caption))
    return figures


def _experiment_section(
    index: int, experiment: Experiment, scenario: Scenario, folder: Path
) -> tuple[str, dict[str, Any]]:
    store = ResultStore(folder / experiment.id)
    heading = (
        f"Statement {experiment.statement}: " if experiment.statement is not None else ""
    ) + experiment.title
    anchor = f"e{index}"
    parts = [f'<h2 id="{anchor}">{html.escape(heading)}</h2>']
    if experiment.hypothesis:
        parts.append(f"<p><em>Hypothesis.</em> {html.escape(experiment.hypothesis)}</p>")
    total = experiment.task_count
    if not store.exists:
        parts.append(f"<p>{_badge('not run')} This experiment has not been run yet.</p>")
        return "\n".join(parts), {"id": experiment.id, "verdict": "not run", "checks": []}
    frame = store.frame()
    if len(frame) < total:
        parts.append(
            f'<p class="warning">Incomplete: {len(frame)} of {total} tasks finished; '
            "the verdict uses what finished. Resume the run to complete it.</p>"
        )
    deterministic = "rng" not in inspect.signature(experiment.spec.function).parameters
    results: list[CheckResult] = [
        evaluate_check(frame, check, paired=experiment.paired, deterministic=deterministic)
        for check in experiment.checks
    ]
    verdict = combine([r.status for r in results])
    parts.append(f"<p><strong>Verdict:</strong> {_badge(verdict)}</p>")
    for result in results:
        parts.append(
            f'<div class="check">{_badge(result.status)} {html.escape(result.claim)}'
            f'<div class="numbers">{html.escape(result.summary)}</div></div>'
        )
    spec = experiment.spec
    parts.append(
        f"<p class='meta'>Model <code>{html.escape(spec.name)}</code>: "
        f"{html.escape(spec.description.splitlines()[0] if spec.description else '')} "
        f"{len(expand_grid(experiment.grid))} parameter points × {experiment.replicates} "
        "replicates.</p>"
    )
    if experiment.regimes is not None and len(frame):
        regimes = classify_regimes(
            frame,
            experiment.regimes.output,
            thresholds=experiment.regimes.thresholds,
            labels=experiment.regimes.labels,
        )
        counts = regimes["regime"].value_counts()
        settled = int(regimes["settled"].sum())
        listed = ", ".join(
            f"{label}: {int(counts.get(label, 0))}" for label in experiment.regimes.labels
        )
        parts.append(
            f"<p>Regimes of {html.escape(experiment.regimes.output)} over the "
            f"{len(regimes)} parameter points: {html.escape(listed)} "
            f"({settled} settled: the 95% interval of the mean lies inside the regime).</p>"
        )
    for figure, caption in _figures(experiment, scenario, frame, store):
        parts.append(_figure_html(figure, caption))
    fixed = scenario.fixed_parameters(experiment)
    rows = [[html.escape(k), html.escape(_format(v))] for k, v in fixed.items()]
    rows += [
        [html.escape(k), "grid: " + html.escape(", ".join(_format(v) for v in values))]
        for k, values in experiment.grid.items()
    ]
    parts.append(
        "<details><summary>Parameters</summary>"
        + _table(rows, ["parameter", "value"])
        + "</details>"
    )
    record = {
        "id": experiment.id,
        "statement": experiment.statement,
        "hypothesis": experiment.hypothesis,
        "verdict": verdict,
        "tasks": {"finished": len(frame), "total": total},
        "checks": [
            {
                "claim": r.claim,
                "status": r.status,
                "summary": r.summary,
                "slices": [
                    {
                        "slice": s.slice,
                        "status": s.status,
                        "effect": _json_number(s.effect),
                        "standard_error": _json_number(s.standard_error),
                        "statistic": _json_number(s.statistic),
                        "n": s.n,
                    }
                    for s in r.slices
                ],
            }
            for r in results
        ],
    }
    return "\n".join(parts), record


def _json_number(value: float) -> float | None:
    return None if not math.isfinite(value) else float(value)


def write_report(folder: PathLike) -> Path:
    """Write ``report.html`` (and ``verdicts.json``) for a run folder and return its path.

    Parameters
    ----------
    folder : str or path-like
        A folder written by ``gamegroup run`` or
        :func:`~gamegroup.experiments.run.run_scenario`.

    Returns
    -------
    pathlib.Path
        The report file.

    Raises
    ------
    FileNotFoundError
        If ``folder`` holds no run.
    ImportError
        If matplotlib is not installed (``pip install "gamegroup[plot]"``).

    Examples
    --------
    See the tutorial ``docs/tutorials/your-first-sweep.md``.

    >>> write_report("no/such/folder")
    Traceback (most recent call last):
    ...
    FileNotFoundError: `folder` 'no/such/folder' holds no gamegroup run (no run.json).
    """
    out = Path(folder)
    scenario, record = load_run(out)
    require_matplotlib()
    sections = []
    verdicts = []
    for index, experiment in enumerate(scenario.experiments):
        section, verdict = _experiment_section(index, experiment, scenario, out)
        sections.append(section)
        verdicts.append(verdict)
    rows = []
    for index, (experiment, verdict) in enumerate(zip(scenario.experiments, verdicts, strict=True)):
        rows.append(
            [
                html.escape(str(experiment.statement or "")),
                f'<a href="#e{index}">{html.escape(experiment.hypothesis or experiment.title)}</a>',
                _badge(verdict["verdict"]),
                f'<span class="numbers">{html.escape(headline(verdict))}</span>',
            ]
        )
    assumptions = "".join(f"<li>{html.escape(a)}</li>" for a in scenario.assumptions)
    quick = " (quick run: small grids and few replicates)" if scenario.quick else ""
    title = html.escape(scenario.title)
    document = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{_STYLE}</style></head>
<body>
<h1>{title}</h1>
<p class="meta">Scenario <code>{html.escape(scenario.name)}</code>{quick} · seed
{html.escape(str(record.get("seed")))} · gamegroup {html.escape(__version__)} · report written
{time.strftime("%Y-%m-%d %H:%M")}</p>
<p>{html.escape(scenario.description)}</p>
<h2>Hypotheses and verdicts</h2>
{_table(rows, ["#", "hypothesis", "verdict", "numbers"])}
<p class="meta">A verdict is computed from the data: a claim is supported where its effect has
the expected sign and is significant at the 5% level over the replicates, contradicted where it
is significant with the opposite sign, and otherwise not supported.</p>
{"<h2>Assumptions</h2><p>Values the field study does not give, assumed here:</p><ul>" + assumptions + "</ul>" if assumptions else ""}
{"".join(sections)}
<h2>Scenario file</h2>
<details><summary>{html.escape(scenario.source)}</summary><pre>{html.escape(scenario.text)}</pre></details>
</body></html>
"""
    path = out / REPORT_FILE
    write_atomically(path, document)
    write_atomically(out / VERDICTS_FILE, json.dumps(verdicts, indent=1))
    return path
