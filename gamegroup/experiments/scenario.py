r"""Scenarios: experiments declared in TOML, checked on load.

A scenario file (see ``docs/reference/scenario-toml.md`` for every key) has

* a header: ``name``, ``title``, ``description``, ``seed`` (root entropy of every experiment),
  ``replicates`` (default per experiment) and ``assumptions`` (values the field study does not
  give, listed in the report);
* parameter tables ``[network]``, ``[market]``, ``[knowledge]``, ``[programme]``,
  ``[dynamics]`` holding the declared parameters of
  :data:`~gamegroup.experiments.registry.PARAMETERS`, and a free ``[parameters]`` table for
  models given as ``"package.module:function"``;
* one ``[[experiments]]`` table per experiment: the ``model`` it runs, parameters it ``set``\ s,
  the sweep ``grid``, the ``checks`` that turn its data into a verdict on its ``hypothesis``,
  ``plots`` and ``regimes``;
* ``[quick]`` and ``[experiments.quick]`` overrides used by ``gamegroup run --quick``.

Loading is strict: an unknown key, a value of the wrong type or out of range, a grid over a
parameter the model does not take, or a check naming an output the model does not return is an
error that names the key, its line in the file and what is accepted. A parameter's value for
experiment :math:`e` at grid point :math:`\theta` is, from weakest to strongest: the model's
default, the scenario's tables, the experiment's ``set``, the grid.
"""

from __future__ import annotations

import difflib
import importlib.resources
import inspect
import itertools
import math
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gamegroup._validation import check_choice, check_int, check_real, check_type
from gamegroup.experiments.registry import (
    FREE_SECTION,
    PARAMETERS,
    SECTIONS,
    ModelSpec,
    get_model,
    load_builtin_models,
)
from gamegroup.experiments.store import canonical_json
from gamegroup.experiments.sweep import Scalar, expand_grid

PathLike = str | os.PathLike[str]

CHECK_KINDS = ("trend", "compare", "exceeds")
PLOT_KINDS = ("lines", "phase", "series", "network", "model")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class Check:
    """One claim about an experiment's data, tested when the report is written.

    ``kind="trend"``: the output rises (``expect="increasing"``, the default) or falls along a grid
    parameter ``along``, separately for each value of ``by`` if given. ``kind="compare"``: the
    output is ``expect="greater"`` (the default, or ``"less"``) at ``factor = treatment`` than at
    ``factor = baseline``. ``kind="exceeds"``: the output is greater (or less) than the output
    ``other`` of the same runs. ``where`` restricts the rows used to some grid values.

    Examples
    --------
    >>> Check("sharing falls with competition", "trend", "sharing", along="substitutability",
    ...       expect="decreasing").kind
    'trend'
    """

    claim: str
    kind: str
    output: str
    along: str | None = None
    expect: str | None = None
    by: str | None = None
    factor: str | None = None
    baseline: Scalar | None = None
    treatment: Scalar | None = None
    other: str | None = None
    where: dict[str, tuple[Scalar, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlotSpec:
    """A figure of an experiment's data (see :mod:`gamegroup.experiments.plots`).

    Examples
    --------
    >>> PlotSpec("lines", output="sharing", x="substitutability").kind
    'lines'
    """

    kind: str
    output: str | None = None
    x: str | None = None
    y: str | None = None
    hue: str | None = None
    level: float | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class RegimeSpec:
    """How to label parameter points by an output (see :mod:`gamegroup.experiments.regimes`).

    Examples
    --------
    >>> RegimeSpec("sharing", (0.05, 0.95), ("dies out", "coexists", "survives")).labels[0]
    'dies out'
    """

    output: str
    thresholds: tuple[float, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Experiment:
    """One experiment of a scenario: a model, a grid, and the checks of its hypothesis.

    Examples
    --------
    >>> Experiment("demo", model="math:hypot").replicates
    1
    """

    id: str
    model: str
    title: str = ""
    statement: int | None = None
    hypothesis: str = ""
    replicates: int = 1
    paired: bool = False
    set: dict[str, Scalar] = field(default_factory=dict)
    grid: dict[str, tuple[Scalar, ...]] = field(default_factory=dict)
    checks: tuple[Check, ...] = ()
    plots: tuple[PlotSpec, ...] = ()
    regimes: RegimeSpec | None = None

    @property
    def spec(self) -> ModelSpec:
        """The model this experiment runs."""
        return get_model(self.model)

    @property
    def task_count(self) -> int:
        """Number of tasks: parameter points times replicates."""
        return self.replicates * math.prod(len(values) for values in self.grid.values())


@dataclass(frozen=True, slots=True)
class Scenario:
    """A validated scenario (load one with :func:`load_scenario`).

    Attributes
    ----------
    name, title, description : str
    seed : int or None
        Root entropy; experiment ``k`` uses ``SeedSequence(seed, spawn_key=(k,))``.
    parameters : dict
        Table name -> {parameter: value}.
    assumptions : tuple of str
    experiments : tuple of Experiment
    quick : bool
        Whether the ``--quick`` overrides have been applied.
    text : str
        The TOML text it was read from.
    source : str
        File name (or ``"<string>"``) used in error messages.

    Examples
    --------
    >>> scenario = Scenario.from_text('''
    ... name = "demo"
    ... [knowledge]
    ... players = 4
    ... [dynamics]
    ... population_size = 20
    ... selection_intensity = 1.0
    ... exploration_rate = 0.01
    ... [[experiments]]
    ... id = "basin"
    ... model = "threshold-public-goods"
    ... [experiments.grid]
    ... threshold = [2, 3]
    ... multiplier = [2.0, 3.0]
    ... ''')
    >>> scenario.name, [(e.id, e.task_count) for e in scenario.experiments]
    ('demo', [('basin', 4)])
    """

    name: str
    title: str
    description: str
    seed: int | None
    parameters: dict[str, dict[str, Scalar]]
    assumptions: tuple[str, ...]
    experiments: tuple[Experiment, ...]
    quick: bool = False
    text: str = ""
    source: str = "<string>"
    quick_overrides: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_text(cls, text: str, source: str = "<string>") -> Scenario:
        """Parse and validate a scenario from TOML text.

        Raises
        ------
        ValueError, TypeError
            If the text is not valid TOML or the scenario is invalid; the message starts with
            ``source`` and the line of the offending key.
        """
        check_type(text, "text", str, "a string of TOML")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{source}: malformed TOML: {error}.") from None
        return _Parser(text, source).scenario(data)

    @classmethod
    def from_toml(cls, path: PathLike) -> Scenario:
        """Read and validate a scenario file.

        Raises
        ------
        FileNotFoundError
            If ``path`` is not a file.
        ValueError, TypeError
            If the file is not valid TOML or the scenario is invalid.
        """
        file = Path(path)
        if not file.is_file():
            raise FileNotFoundError(f"`scenario` {str(file)!r} is not a file.")
        return cls.from_text(file.read_text(encoding="utf-8"), file.name)

    def with_quick(self) -> Scenario:
        """Return the scenario with its ``[quick]`` overrides applied (for ``--quick``)."""
        if self.quick:
            return self
        overrides = self.quick_overrides
        parameters = {k: dict(v) for k, v in self.parameters.items()}
        for section, values in overrides.get("sections", {}).items():
            parameters.setdefault(section, {}).update(values)
        default_replicates = overrides.get("replicates")
        experiments = []
        for experiment, quick in zip(
            self.experiments, overrides.get("experiments", ()), strict=True
        ):
            replicates = quick.get("replicates", default_replicates or experiment.replicates)
            experiments.append(
                replace(
                    experiment,
                    replicates=min(replicates, experiment.replicates),
                    set={**experiment.set, **quick.get("set", {})},
                    grid={**experiment.grid, **quick.get("grid", {})},
                )
            )
        return replace(self, parameters=parameters, experiments=tuple(experiments), quick=True)

    def fixed_parameters(self, experiment: Experiment) -> dict[str, Any]:
        """Parameters of ``experiment``'s model that its grid does not vary.

        Model defaults, overridden by the scenario's tables, overridden by the experiment's
        ``set``. Tables hold values for every experiment, so each model receives only the
        parameters it takes.
        """
        spec = experiment.spec
        accepted = set(spec.parameters)
        open_ended = _takes_any_keyword(spec)
        values: dict[str, Any] = dict(spec.defaults())
        for table in (*SECTIONS, FREE_SECTION):
            for key, value in self.parameters.get(table, {}).items():
                if key in accepted or open_ended:
                    values[key] = value
        values.update(experiment.set)
        for key in experiment.grid:
            values.pop(key, None)
        return values

    def to_dict(self) -> dict[str, Any]:
        """Everything that determines the results, as plain data (hashed by the run folder)."""
        return {
            "name": self.name,
            "seed": self.seed,
            "quick": self.quick,
            "experiments": [
                {
                    "id": e.id,
                    "model": e.model,
                    "replicates": e.replicates,
                    "paired": e.paired,
                    "fixed": self.fixed_parameters(e),
                    "grid": {k: list(v) for k, v in e.grid.items()},
                }
                for e in self.experiments
            ],
        }


def _takes_any_keyword(spec: ModelSpec) -> bool:
    try:
        parameters = inspect.signature(spec.function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def builtin_scenarios() -> dict[str, str]:
    """Return the built-in scenarios: name -> title.

    Examples
    --------
    >>> "village" in builtin_scenarios()
    True
    """
    folder = importlib.resources.files("gamegroup.experiments") / "scenarios"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found[entry.name[: -len(".toml")]] = str(data.get("title", ""))
    return found


def load_scenario(scenario: PathLike) -> Scenario:
    """Load a scenario from a TOML file, or a built-in scenario by name.

    Parameters
    ----------
    scenario : str or path-like
        A path to a ``.toml`` file, or the name of a built-in scenario (see
        :func:`builtin_scenarios`).

    Returns
    -------
    Scenario

    Raises
    ------
    ValueError
        If ``scenario`` is neither an existing file nor a built-in name (the built-in names
        are listed), or the file is not a valid scenario (key and line named).
    TypeError
        If a value in the file has the wrong type.

    Examples
    --------
    >>> load_scenario("village").name
    'village'
    >>> load_scenario("vilage")
    Traceback (most recent call last):
    ...
    ValueError: `scenario` 'vilage' is neither a file nor a built-in scenario (did you mean 'village'?); built-in: ...
    """
    if not isinstance(scenario, (str, os.PathLike)):
        raise TypeError(
            f"`scenario` must be a file path or a built-in name; got {type(scenario).__name__}."
        )
    path = Path(scenario)
    if path.is_file():
        return Scenario.from_toml(path)
    names = builtin_scenarios()
    key = str(scenario)
    if key in names:
        folder = importlib.resources.files("gamegroup.experiments") / "scenarios"
        text = (folder / f"{key}.toml").read_text(encoding="utf-8")
        return Scenario.from_text(text, f"{key}.toml")
    close = difflib.get_close_matches(key, list(names), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(
        f"`scenario` {key!r} is neither a file nor a built-in scenario{hint}; built-in: "
        f"{', '.join(names)}."
    )


# -- parsing -----------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def _show(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _split_key(key: str) -> list[str]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', key)
    return [next(p for p in groups if p) for groups in parts]


def _locate(text: str) -> dict[Path_, int]:
    """Map each key path of a TOML text to its line number (best effort, for messages)."""
    lines: dict[Path_, int] = {}
    arrays: dict[Path_, int] = {}
    current: Path_ = ()
    closing: str | None = None

    def resolve(parts: list[str]) -> Path_:
        path: Path_ = ()
        for part in parts:
            path = (*path, part)
            if path in arrays:
                path = (*path, arrays[path])
        return path

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if closing is not None:
            if closing in line:
                closing = None
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            parts = _split_key(line[2 : line.find("]]")])
            base = (*resolve(parts[:-1]), parts[-1])
            arrays[base] = arrays.get(base, -1) + 1
            current = (*base, arrays[base])
            lines.setdefault(current, number)
            continue
        if line.startswith("["):
            current = resolve(_split_key(line[1 : line.find("]")]))
            lines.setdefault(current, number)
            continue
        match = re.match(
            r"^((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=",
            line,
        )
        if match:
            lines.setdefault((*current, *_split_key(match.group(1))), number)
            rest = line[match.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    closing = quote
    return lines


class _Parser:
    """Validates the dict read by tomllib, naming keys with their lines."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.lines = _locate(text)

    # -- errors ------------------------------------------------------------------------------
    def where(self, path: Path_) -> str:
        probe = path
        while probe and probe not in self.lines:
            probe = probe[:-1]
        line = f", line {self.lines[probe]}" if probe in self.lines else ""
        return f"{self.source}{line}"

    def fail(self, path: Path_, message: str, kind: type[Exception] = ValueError) -> Exception:
        return kind(f"{self.where(path)}: `{_show(path)}` {message}")

    def checked(self, path: Path_, function: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        """Call ``function(value, name, *args)``, prefixing its error with the place in the file."""
        try:
            return function(value, _show(path), *args, **kwargs)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{self.where(path)}: {error}") from None

    def keys(
        self, path: Path_, table: Any, allowed: Sequence[str], required: Sequence[str] = ()
    ) -> dict[str, Any]:
        if not isinstance(table, dict):
            raise self.fail(path, f"must be a table; got {type(table).__name__}.", TypeError)
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise self.fail(
                    (*path, key),
                    f"is not a known key{hint}; accepted here: {', '.join(allowed)}.",
                )
        for key in required:
            if key not in table:
                raise ValueError(
                    f"{self.where(path)}: `{_show(path) or 'the scenario'}` must set `{key}`."
                )
        return table

    def text_value(self, path: Path_, value: Any) -> str:
        return self.checked(path, check_type, value, str, "a string")

    def string_list(self, path: Path_, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(
                path, f"must be a list of strings; got {type(value).__name__}.", TypeError
            )
        return tuple(self.text_value((*path, i), v) for i, v in enumerate(value))

    # -- scenario ----------------------------------------------------------------------------
    def scenario(self, data: dict[str, Any]) -> Scenario:
        load_builtin_models()  # declares the parameters the tables may hold
        allowed = [
            "name", "title", "description", "seed", "replicates", "assumptions",
            *SECTIONS, FREE_SECTION, "quick", "experiments",
        ]  # fmt: skip
        self.keys((), data, allowed, required=("name", "experiments"))
        name = self.text_value(("name",), data["name"])
        if not _NAME.match(name):
            raise self.fail(("name",), f"must be letters, digits, '-' or '_'; got {name!r}.")
        seed = data.get("seed")
        if seed is not None:
            seed = self.checked(("seed",), check_int, seed, minimum=0)
        replicates = self.checked(("replicates",), check_int, data.get("replicates", 1), minimum=1)
        parameters = {
            table: self.section((table,), table, data.get(table, {}))
            for table in (*SECTIONS, FREE_SECTION)
        }
        raw = data["experiments"]
        if not isinstance(raw, list) or not raw:
            raise self.fail(("experiments",), "must be one or more [[experiments]] tables.")
        experiments = [
            self.experiment(("experiments", i), e, replicates) for i, e in enumerate(raw)
        ]
        ids = [e.id for e in experiments]
        for i, identifier in enumerate(ids):
            if identifier in ids[:i]:
                raise self.fail(("experiments", i, "id"), f"repeats the id {identifier!r}.")
        quick = self.quick(data.get("quick", {}), raw, experiments)
        scenario = Scenario(
            name=name,
            title=self.text_value(("title",), data.get("title", name)),
            description=self.text_value(("description",), data.get("description", "")),
            seed=seed,
            parameters=parameters,
            assumptions=self.string_list(("assumptions",), data.get("assumptions", [])),
            experiments=tuple(experiments),
            text=self.text,
            source=self.source,
            quick_overrides=quick,
        )
        self.complete(scenario)
        self.complete(scenario.with_quick())
        return scenario

    def section(self, path: Path_, table: str, values: Any) -> dict[str, Scalar]:
        if not isinstance(values, dict):
            raise self.fail(path, f"must be a table; got {type(values).__name__}.", TypeError)
        checked: dict[str, Scalar] = {}
        for key, value in values.items():
            here = (*path, key)
            if table == FREE_SECTION:
                checked[key] = self.scalar(here, value)
                continue
            parameter = PARAMETERS.get(key)
            if parameter is None:
                options = [k for k, p in PARAMETERS.items() if p.section == table]
                close = difflib.get_close_matches(key, options, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise self.fail(
                    here,
                    f"is not a parameter of [{table}]{hint}; accepted: {', '.join(options) or 'none'}.",
                )
            if parameter.section != table:
                raise self.fail(here, f"belongs in the [{parameter.section}] table, not [{table}].")
            checked[key] = self.checked(here, parameter.check, value)
        return checked

    def scalar(self, path: Path_, value: Any) -> Scalar:
        if isinstance(value, (bool, int, float, str)):
            return value
        raise self.fail(
            path, f"must be a number, a string or a boolean; got {type(value).__name__}.", TypeError
        )

    def value(self, path: Path_, key: str, value: Any, spec: ModelSpec) -> Scalar:
        parameter = PARAMETERS.get(key)
        if spec.external or parameter is None:
            return self.scalar(path, value)
        return self.checked(path, parameter.check, value)

    def accepted(self, path: Path_, key: str, spec: ModelSpec) -> None:
        if key in spec.parameters or (spec.external and _takes_any_keyword(spec)):
            return
        raise self.fail(
            path,
            f"is not a parameter of model {spec.name!r}; it takes: {', '.join(spec.parameters) or 'nothing'}.",
        )

    def grid(self, path: Path_, grid: Any, spec: ModelSpec) -> dict[str, tuple[Scalar, ...]]:
        if not isinstance(grid, dict):
            raise self.fail(
                path, f"must be a table of value lists; got {type(grid).__name__}.", TypeError
            )
        result = {}
        for key, values in grid.items():
            here = (*path, key)
            self.accepted(here, key, spec)
            if not isinstance(values, list) or not values:
                raise self.fail(
                    here,
                    "must be a non-empty list of values.",
                    TypeError if not isinstance(values, list) else ValueError,
                )
            result[key] = tuple(self.value((*here, i), key, v, spec) for i, v in enumerate(values))
            if len({canonical_json(v) for v in result[key]}) != len(values):
                raise self.fail(here, f"must not repeat a value; got {values!r}.")
        return result

    def settings(self, path: Path_, values: Any, spec: ModelSpec) -> dict[str, Scalar]:
        if not isinstance(values, dict):
            raise self.fail(path, f"must be a table; got {type(values).__name__}.", TypeError)
        result = {}
        for key, value in values.items():
            self.accepted((*path, key), key, spec)
            result[key] = self.value((*path, key), key, value, spec)
        return result

    def experiment(self, path: Path_, data: Any, default_replicates: int) -> Experiment:
        allowed = [
            "id",
            "title",
            "statement",
            "hypothesis",
            "model",
            "replicates",
            "paired",
            "set",
            "grid",
            "quick",
            "checks",
            "plots",
            "regimes",
        ]
        self.keys(path, data, allowed, required=("id", "model"))
        identifier = self.text_value((*path, "id"), data["id"])
        if not _NAME.match(identifier):
            raise self.fail(
                (*path, "id"), f"must be letters, digits, '-' or '_'; got {identifier!r}."
            )
        try:
            spec = get_model(self.text_value((*path, "model"), data["model"]))
        except ValueError as error:
            message = str(error).replace("`model`", f"`{_show((*path, 'model'))}`", 1)
            raise ValueError(f"{self.where((*path, 'model'))}: {message}") from None
        statement = data.get("statement")
        if statement is not None:
            statement = self.checked((*path, "statement"), check_int, statement, minimum=1)
        grid = self.grid((*path, "grid"), data.get("grid", {}), spec)
        experiment = Experiment(
            id=identifier,
            model=spec.name,
            title=self.text_value((*path, "title"), data.get("title", identifier)),
            statement=statement,
            hypothesis=self.text_value((*path, "hypothesis"), data.get("hypothesis", "")),
            replicates=self.checked(
                (*path, "replicates"),
                check_int,
                data.get("replicates", default_replicates),
                minimum=1,
            ),
            paired=self.checked(
                (*path, "paired"), check_type, data.get("paired", False), bool, "true or false"
            ),
            set=self.settings((*path, "set"), data.get("set", {}), spec),
            grid=grid,
        )
        for key in experiment.set:
            if key in grid:
                raise self.fail(
                    (*path, "set", key), "is also varied by the grid; set it in one place."
                )
        checks = data.get("checks", [])
        plots = data.get("plots", [])
        for key, value in (("checks", checks), ("plots", plots)):
            if not isinstance(value, list):
                raise self.fail(
                    (*path, key), f"must be a list of tables ([[{_show(path)}.{key}]]).", TypeError
                )
        regimes = data.get("regimes")
        return replace(
            experiment,
            checks=tuple(
                self.check((*path, "checks", i), c, experiment, spec) for i, c in enumerate(checks)
            ),
            plots=tuple(
                self.plot((*path, "plots", i), p, experiment, spec) for i, p in enumerate(plots)
            ),
            regimes=None if regimes is None else self.regimes((*path, "regimes"), regimes, spec),
        )

    def output(self, path: Path_, value: Any, spec: ModelSpec, *, series: bool = False) -> str:
        name = self.text_value(path, value)
        known = spec.series if series else spec.outputs
        if known is not None and name not in known:
            what = "series" if series else "outputs"
            raise self.fail(
                path,
                f"must be one of the model's {what} ({', '.join(known) or 'none'}); got {name!r}.",
            )
        return name

    def grid_name(self, path: Path_, value: Any, experiment: Experiment) -> str:
        name = self.text_value(path, value)
        if name not in experiment.grid:
            raise self.fail(
                path,
                f"must be a parameter the grid varies ({', '.join(experiment.grid) or 'none'}); got {name!r}.",
            )
        return name

    def grid_value(self, path: Path_, value: Any, experiment: Experiment, name: str) -> Scalar:
        if not any(canonical_json(value) == canonical_json(v) for v in experiment.grid[name]):
            raise self.fail(
                path,
                f"must be one of the grid's values of `{name}` ({list(experiment.grid[name])}); got {value!r}.",
            )
        return value  # type: ignore[no-any-return]

    def check(self, path: Path_, data: Any, experiment: Experiment, spec: ModelSpec) -> Check:
        allowed = [
            "claim",
            "kind",
            "output",
            "along",
            "expect",
            "by",
            "factor",
            "baseline",
            "treatment",
            "other",
            "where",
        ]
        self.keys(path, data, allowed, required=("claim", "kind", "output"))
        kind = self.checked((*path, "kind"), check_choice, data["kind"], CHECK_KINDS)
        required = {
            "trend": ("along",),
            "compare": ("factor", "baseline", "treatment"),
            "exceeds": ("other",),
        }[kind]
        self.keys(path, data, allowed, required=required)
        expectations = ("increasing", "decreasing") if kind == "trend" else ("greater", "less")
        expect = self.checked(
            (*path, "expect"), check_choice, data.get("expect", expectations[0]), expectations
        )
        where = {}
        raw_where = data.get("where", {})
        if not isinstance(raw_where, dict):
            raise self.fail((*path, "where"), "must be a table of grid values.", TypeError)
        for key, values in raw_where.items():
            name = self.grid_name((*path, "where", key), key, experiment)
            listed = values if isinstance(values, list) else [values]
            where[name] = tuple(
                self.grid_value((*path, "where", key), v, experiment, name) for v in listed
            )
        factor = data.get("factor")
        check = Check(
            claim=self.text_value((*path, "claim"), data["claim"]),
            kind=kind,
            output=self.output((*path, "output"), data["output"], spec),
            along=None
            if "along" not in data
            else self.grid_name((*path, "along"), data["along"], experiment),
            expect=expect,
            by=None if "by" not in data else self.grid_name((*path, "by"), data["by"], experiment),
            factor=None
            if factor is None
            else self.grid_name((*path, "factor"), factor, experiment),
            other=None
            if "other" not in data
            else self.output((*path, "other"), data["other"], spec),
            where=where,
        )
        if factor is not None:
            check = replace(
                check,
                baseline=self.grid_value(
                    (*path, "baseline"), data["baseline"], experiment, check.factor or ""
                ),
                treatment=self.grid_value(
                    (*path, "treatment"), data["treatment"], experiment, check.factor or ""
                ),
            )
        return check

    def plot(self, path: Path_, data: Any, experiment: Experiment, spec: ModelSpec) -> PlotSpec:
        allowed = ["kind", "output", "x", "y", "hue", "level", "title"]
        self.keys(path, data, allowed, required=("kind",))
        kind = self.checked((*path, "kind"), check_choice, data["kind"], PLOT_KINDS)
        needs = {
            "lines": ("output", "x"),
            "phase": ("output", "x", "y"),
            "series": ("output",),
            "network": (),
            "model": (),
        }[kind]
        self.keys(path, data, allowed, required=needs)
        if kind == "model" and spec.figure is None:
            raise self.fail(
                (*path, "kind"),
                f"'model' needs a model with a figure of its own; {spec.name!r} has none.",
            )
        if kind == "network" and spec.snapshot is None:
            raise self.fail(
                (*path, "kind"),
                f"'network' needs a model that can rebuild its network; {spec.name!r} cannot.",
            )
        output = data.get("output")
        if output is not None:
            output = self.output((*path, "output"), output, spec, series=kind == "series")
        level = data.get("level")
        return PlotSpec(
            kind=kind,
            output=output,
            x=None if "x" not in data else self.grid_name((*path, "x"), data["x"], experiment),
            y=None if "y" not in data else self.grid_name((*path, "y"), data["y"], experiment),
            hue=None
            if "hue" not in data
            else self.grid_name((*path, "hue"), data["hue"], experiment),
            level=None if level is None else self.checked((*path, "level"), check_real, level),
            title=self.text_value((*path, "title"), data.get("title", "")),
        )

    def regimes(self, path: Path_, data: Any, spec: ModelSpec) -> RegimeSpec:
        self.keys(
            path,
            data,
            ["output", "thresholds", "labels"],
            required=("output", "thresholds", "labels"),
        )
        thresholds = data["thresholds"]
        if not isinstance(thresholds, list) or not thresholds:
            raise self.fail(
                (*path, "thresholds"), "must be a non-empty list of numbers.", TypeError
            )
        values = tuple(
            self.checked((*path, "thresholds", i), check_real, t) for i, t in enumerate(thresholds)
        )
        if any(b <= a for a, b in itertools.pairwise(values)):
            raise self.fail((*path, "thresholds"), f"must increase strictly; got {list(values)}.")
        labels = self.string_list((*path, "labels"), data["labels"])
        if len(labels) != len(values) + 1:
            raise self.fail(
                (*path, "labels"),
                f"must name {len(values) + 1} regimes (one more than the thresholds); got {len(labels)}.",
            )
        return RegimeSpec(self.output((*path, "output"), data["output"], spec), values, labels)

    def quick(self, data: Any, raw: list[Any], experiments: list[Experiment]) -> dict[str, Any]:
        path: Path_ = ("quick",)
        self.keys(path, data, ["replicates", *SECTIONS, FREE_SECTION])
        result: dict[str, Any] = {"sections": {}, "experiments": []}
        if "replicates" in data:
            result["replicates"] = self.checked(
                (*path, "replicates"), check_int, data["replicates"], minimum=1
            )
        for table in (*SECTIONS, FREE_SECTION):
            if table in data:
                result["sections"][table] = self.section((*path, table), table, data[table])
        for i, (entry, experiment) in enumerate(zip(raw, experiments, strict=True)):
            here: Path_ = ("experiments", i, "quick")
            quick = entry.get("quick", {})
            self.keys(here, quick, ["replicates", "set", "grid"])
            spec = experiment.spec
            overrides: dict[str, Any] = {}
            if "replicates" in quick:
                overrides["replicates"] = self.checked(
                    (*here, "replicates"), check_int, quick["replicates"], minimum=1
                )
            if "set" in quick:
                overrides["set"] = self.settings((*here, "set"), quick["set"], spec)
            if "grid" in quick:
                grid = self.grid((*here, "grid"), quick["grid"], spec)
                for key in grid:
                    if key not in experiment.grid:
                        raise self.fail(
                            (*here, "grid", key),
                            "must be a parameter the experiment's grid varies.",
                        )
                overrides["grid"] = grid
            result["experiments"].append(overrides)
        return result

    def complete(self, scenario: Scenario) -> None:
        """Every model gets all its parameters; every table entry is used by some model."""
        used: set[str] = set()
        for index, experiment in enumerate(scenario.experiments):
            spec = experiment.spec
            values = {**scenario.fixed_parameters(experiment), **experiment.grid}
            used.update(values)
            missing = [p for p in spec.parameters if p not in values]
            if missing:
                tables = [
                    f"`{p}`"
                    + (
                        f" (in [{PARAMETERS[p].section}])"
                        if p in PARAMETERS and not spec.external
                        else ""
                    )
                    for p in missing
                ]
                raise ValueError(
                    f"{self.where(('experiments', index))}: experiment {experiment.id!r} runs "
                    f"model {spec.name!r}, which needs {', '.join(tables)}; set "
                    f"{'it' if len(missing) == 1 else 'them'} in the scenario's tables, the "
                    "experiment's `set` or its `grid`."
                )
            quick = " (with the --quick grid)" if scenario.quick else ""
            for check in experiment.checks:
                levels = {check.factor: (check.baseline, check.treatment)} if check.factor else {}
                for name, chosen in {**levels, **check.where}.items():
                    held = {canonical_json(g) for g in experiment.grid[name]}
                    absent = [v for v in chosen if canonical_json(v) not in held]
                    if absent:
                        raise ValueError(
                            f"{self.where(('experiments', index))}: check {check.claim!r} uses "
                            f"`{name}` = {absent[0]!r}, which the grid{quick} does not hold."
                        )
            expand_grid(experiment.grid)
        if scenario.quick:
            return
        for table in (*SECTIONS, FREE_SECTION):
            for key in scenario.parameters.get(table, {}):
                if key not in used:
                    raise self.fail(
                        (table, key), "is not used by any experiment's model in this scenario."
                    )
