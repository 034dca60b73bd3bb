"""The parameters a scenario may set, and the models an experiment may run.

A scenario's parameter tables (``[network]``, ``[market]``, ``[knowledge]``, ``[programme]``,
``[dynamics]``) hold values of the :data:`PARAMETERS` declared here, each with its kind, range
and meaning, so that a scenario file is checked on load. Parameter names are unique across
tables (the table only groups them), and they are the keyword arguments of the models.

A model is a function ``model(**parameters, rng=generator) -> {output: value}`` registered in
:data:`MODELS` under a short name together with the outputs it returns. An experiment may also
name any importable function as ``"package.module:function"``; its parameters then go in the
free ``[parameters]`` table and are checked by the function itself.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gamegroup._validation import check_choice, check_int, check_real, check_type

SECTIONS = ("network", "market", "knowledge", "programme", "dynamics")
"""Parameter tables of a scenario, in the order the reference page lists them."""

FREE_SECTION = "parameters"
"""Table of unchecked parameters for models given as ``module:function``."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """A scenario parameter: its table, kind, accepted range and meaning.

    Attributes
    ----------
    section : str
        One of :data:`SECTIONS`.
    kind : type
        ``int``, ``float``, ``bool`` or ``str``.
    doc : str
        One line: what it means, with its symbol and unit.
    low, high : float, optional
        Bounds for numbers (inclusive unless ``open_low``/``open_high``).
    open_low, open_high : bool
        Whether a bound is excluded.
    choices : tuple of str, optional
        Accepted strings.

    Examples
    --------
    >>> Parameter("market", float, "substitutability", low=0.0, high=1.0).check(0.4, "x")
    0.4
    >>> Parameter("market", float, "substitutability", low=0.0, high=1.0).check(2, "x")
    Traceback (most recent call last):
    ...
    ValueError: `x` must lie in [0, 1]; got 2.
    """

    section: str
    kind: type
    doc: str
    low: float | None = None
    high: float | None = None
    open_low: bool = False
    open_high: bool = False
    choices: tuple[str, ...] | None = None

    def check(self, value: Any, name: str) -> Any:
        """Return ``value`` in canonical form, or raise naming ``name``."""
        if self.kind is bool:
            return check_type(value, name, bool, "true or false")
        if self.kind is str:
            if self.choices is not None:
                return check_choice(value, name, self.choices)
            return check_type(value, name, str, "a string")
        number = check_int(value, name) if self.kind is int else value
        real = check_real(
            number,
            name,
            low=self.low,
            high=self.high,
            low_inclusive=not self.open_low,
            high_inclusive=not self.open_high,
        )
        return number if self.kind is int else real

    def describe(self) -> str:
        """Human description of the accepted values (for the reference page)."""
        if self.choices is not None:
            return " | ".join(repr(c) for c in self.choices)
        if self.kind in (int, float) and (self.low is not None or self.high is not None):
            left = (
                "(-inf" if self.low is None else ("(" if self.open_low else "[") + f"{self.low:g}"
            )
            right = (
                "inf)" if self.high is None else f"{self.high:g}" + (")" if self.open_high else "]")
            )
            return f"{self.kind.__name__} in {left}, {right}"
        return self.kind.__name__


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A model an experiment can run, with the outputs it returns.

    Attributes
    ----------
    name : str
        Registry name (``"sharing-dynamics"``) or ``"module:function"``.
    function : callable
        ``function(**parameters, rng=generator) -> mapping``.
    description : str
    outputs : dict, optional
        Scalar output name -> meaning; ``None`` when unknown (external models).
    series : dict, optional
        Series output name -> meaning; ``None`` when unknown (external models).
    snapshot : callable, optional
        ``snapshot(**parameters, rng=generator) -> (graph, strategies, committed)``: rebuilds
        the network and final strategies of one task, for network plots.
    figure : callable, optional
        ``figure(**parameters) -> matplotlib.figure.Figure``: a model-specific figure (for
        example the dynamics layer's gradient of selection or simplex portrait).

    Examples
    --------
    >>> spec = ModelSpec("demo", lambda *, x, rng: {"y": x}, "identity", {"y": "x again"})
    >>> spec.parameters
    ('x',)
    """

    name: str
    function: Callable[..., Mapping[str, Any]]
    description: str = ""
    outputs: dict[str, str] | None = None
    series: dict[str, str] | None = None
    snapshot: Callable[..., Any] | None = None
    figure: Callable[..., Any] | None = None

    @property
    def parameters(self) -> tuple[str, ...]:
        """Names of the model's keyword arguments other than ``rng``."""
        return tuple(name for name in self.defaults(all_parameters=True) if name != "rng")

    def defaults(self, *, all_parameters: bool = False) -> dict[str, Any]:
        """Default values from the function signature (``all_parameters``: ``None`` if none)."""
        found: dict[str, Any] = {}
        try:
            signature = inspect.signature(self.function)
        except (TypeError, ValueError):  # a builtin without a signature takes no keywords
            return found
        for name, parameter in signature.parameters.items():
            if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
                continue
            if name == "rng":
                continue
            if parameter.default is not inspect.Parameter.empty:
                found[name] = parameter.default
            elif all_parameters:
                found[name] = None
        return found

    @property
    def external(self) -> bool:
        """Whether the model is an importable function rather than a registered model."""
        return ":" in self.name


PARAMETERS: dict[str, Parameter] = {}
"""Every parameter a scenario's tables may set, by name."""

MODELS: dict[str, ModelSpec] = {}
"""Registered models, by name."""


def declare(name: str, parameter: Parameter) -> None:
    """Declare a scenario parameter (once; models that share it declare the same thing).

    Raises
    ------
    ValueError
        If ``name`` is declared again with another meaning, or its table is unknown.

    Examples
    --------
    >>> declare("doc_example", Parameter("market", float, "an example", low=0.0))
    >>> PARAMETERS["doc_example"].section
    'market'
    >>> del PARAMETERS["doc_example"]
    """
    if parameter.section not in SECTIONS:
        raise ValueError(
            f"`parameter` must belong to one of the tables {', '.join(SECTIONS)}; got "
            f"{parameter.section!r}."
        )
    if name in PARAMETERS and PARAMETERS[name] != parameter:
        raise ValueError(f"`name` {name!r} is already declared as {PARAMETERS[name]}.")
    PARAMETERS[name] = parameter


def register(
    name: str,
    *,
    description: str,
    outputs: Mapping[str, str],
    series: Mapping[str, str] | None = None,
    snapshot: Callable[..., Any] | None = None,
    figure: Callable[..., Any] | None = None,
) -> Callable[[Callable[..., Mapping[str, Any]]], Callable[..., Mapping[str, Any]]]:
    """Register a model function under ``name`` (a decorator).

    Every keyword argument of the function other than ``rng`` must be declared in
    :data:`PARAMETERS`.

    Raises
    ------
    ValueError
        If ``name`` is taken or the function has an undeclared parameter.

    Examples
    --------
    >>> @register("doc-example", description="demo", outputs={"y": "2x"})
    ... def doubled(*, rng):
    ...     return {"y": 2.0}
    >>> MODELS["doc-example"].outputs
    {'y': '2x'}
    >>> del MODELS["doc-example"]
    """

    def decorate(function: Callable[..., Mapping[str, Any]]) -> Callable[..., Mapping[str, Any]]:
        if name in MODELS:
            known = MODELS[name].function
            same = known.__qualname__ == function.__qualname__ and (
                known.__module__.rsplit(".", 1)[-1] == function.__module__.rsplit(".", 1)[-1]
            )
            if not same:
                raise ValueError(f"`name` {name!r} is already a registered model.")
            return function  # the same module imported again (doctests): keep the first
        spec = ModelSpec(
            name, function, description, dict(outputs), dict(series or {}), snapshot, figure
        )
        unknown = [p for p in spec.parameters if p not in PARAMETERS]
        if unknown:
            raise ValueError(
                f"model {name!r} has parameters not declared in PARAMETERS: {unknown}."
            )
        MODELS[name] = spec
        return function

    return decorate


def get_model(name: str) -> ModelSpec:
    """Return the registered model ``name``, or import ``"package.module:function"``.

    Raises
    ------
    ValueError
        If ``name`` is neither a registered model nor an importable function.

    Examples
    --------
    >>> get_model("math:hypot").function(3, 4)
    5.0
    """
    load_builtin_models()
    if not isinstance(name, str):
        raise TypeError(f"`model` must be a string; got {type(name).__name__}.")
    if name in MODELS:
        return MODELS[name]
    if ":" in name:
        module_name, _, attribute = name.partition(":")
        try:
            module = importlib.import_module(module_name)
            function = getattr(module, attribute)
        except (ImportError, AttributeError) as error:
            raise ValueError(
                f"`model` {name!r} cannot be imported ({type(error).__name__}: {error})."
            ) from None
        if not callable(function):
            raise ValueError(f"`model` {name!r} is not callable.")
        return ModelSpec(name, function, inspect.getdoc(function) or "")
    known = ", ".join(sorted(MODELS)) or "none"
    raise ValueError(
        f"`model` must be a registered model ({known}) or 'package.module:function'; got {name!r}."
    )


def load_builtin_models() -> None:
    """Import the built-in models, which registers them and declares their parameters."""
    importlib.import_module("gamegroup.experiments.models")
