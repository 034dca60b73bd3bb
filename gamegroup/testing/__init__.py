"""Support for property-based tests: Hypothesis strategies and assertion helpers.

``gamegroup.testing.strategies`` draws games, mixed profiles, population states and graphs;
the assertion helpers check invariants with readable failure messages. gamegroup's own test
suite uses both.

Examples
--------
>>> from gamegroup.testing import assert_on_simplex
>>> assert_on_simplex([0.5, 0.5])
"""

from gamegroup.testing import strategies
from gamegroup.testing.assertions import assert_nash, assert_on_simplex, assert_reproducible

__all__ = ["assert_nash", "assert_on_simplex", "assert_reproducible", "strategies"]
