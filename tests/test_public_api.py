"""``__all__`` is the documented surface: every public name has a runnable example."""

import importlib
import inspect

import pytest

import gamegroup

SUBPACKAGES = [
    "gamegroup",
    "gamegroup.games",
    "gamegroup.networks",
    "gamegroup.testing",
    "gamegroup.equilibria",
    "gamegroup.dynamics",
]
OPTIONAL = ["gamegroup.equilibria", "gamegroup.dynamics", "gamegroup.experiments"]


def public_objects():
    for name in SUBPACKAGES + OPTIONAL:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a layer not built yet
            continue
        for attribute in getattr(module, "__all__", []):
            obj = getattr(module, attribute)
            if inspect.ismodule(obj) or attribute == "__version__":
                continue
            yield f"{name}.{attribute}", obj


OBJECTS = dict(public_objects())


def test_all_lists_only_existing_names():
    for name in SUBPACKAGES:
        module = importlib.import_module(name)
        for attribute in module.__all__:
            assert hasattr(module, attribute), f"{name}.__all__ lists missing {attribute}"


@pytest.mark.parametrize("qualified", sorted(OBJECTS))
def test_every_public_name_has_a_runnable_example(qualified):
    doc = inspect.getdoc(OBJECTS[qualified]) or ""
    assert "Examples\n--------" in doc, f"{qualified} has no Examples section"
    assert ">>>" in doc, f"{qualified} has no runnable example"


@pytest.mark.parametrize("qualified", sorted(k for k, v in OBJECTS.items() if inspect.isclass(v)))
def test_every_public_method_and_property_is_documented(qualified):
    cls = OBJECTS[qualified]
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        target = member.fget if isinstance(member, property) else member
        if isinstance(target, (classmethod, staticmethod)):
            target = target.__func__
        if callable(target):
            assert inspect.getdoc(target), f"{qualified}.{name} has no docstring"


def test_version_is_exposed():
    assert isinstance(gamegroup.__version__, str)
    assert gamegroup.__version__.count(".") == 2
