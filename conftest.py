"""Test configuration shared by the tests, the module doctests and the Markdown docs.

Registers the Hypothesis profiles, the ``--statistical`` budget option and the doctest namespace.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

import gamegroup

settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--statistical`` (budget of Monte-Carlo tests)."""
    parser.addoption(
        "--statistical",
        choices=("bounded", "full"),
        default="bounded",
        help="budget of @pytest.mark.statistical tests: 'bounded' (default, fast) or 'full'",
    )


@pytest.fixture
def statistical_budget(request: pytest.FixtureRequest) -> str:
    """'bounded' or 'full': statistical tests scale their number of runs by it."""
    return str(request.config.getoption("--statistical"))


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace["np"] = np
    doctest_namespace["gg"] = gamegroup
