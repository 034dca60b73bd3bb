import importlib
import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.fixture
def toymodels(monkeypatch):
    """The toy models module, importable by worker processes as ``toymodels``."""
    monkeypatch.syspath_prepend(str(HERE))
    return importlib.import_module("toymodels")


@pytest.fixture
def subprocess_env(monkeypatch):
    """Environment for ``python -m gamegroup`` subprocesses: this checkout and the toy models."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE)])
    env.pop("COLUMNS", None)
    return env
