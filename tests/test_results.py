import dataclasses

import numpy as np
import pytest

from gamegroup._results import Result, result_type


@result_type
class Sample(Result):
    values: np.ndarray
    pair: tuple
    label: str
    count: int


def make():
    return Sample(np.arange(1000.0), (np.zeros(2), np.ones(3)), "x", 3)


def test_fields_are_frozen_and_arrays_read_only_even_inside_tuples():
    result = make()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.label = "y"
    with pytest.raises(ValueError, match="read-only"):
        result.values[0] = 5.0
    with pytest.raises(ValueError, match="read-only"):
        result.pair[1][0] = 5.0


def test_arrays_are_copied_so_the_caller_cannot_mutate_the_result():
    source = np.zeros(3)
    result = Sample(source, (), "x", 0)
    source[0] = 1.0
    assert result.values[0] == 0.0


def test_equality_compares_arrays_elementwise_and_results_are_unhashable():
    assert make() == make()
    other = Sample(np.arange(1000.0), (np.zeros(2), np.ones(3)), "x", 4)
    assert make() != other
    with pytest.raises(TypeError):
        hash(make())


def test_repr_is_compact_for_large_arrays():
    text = repr(make())
    assert len(text) < 200
    assert "(1000,)" in text
    assert text.startswith("Sample(values=")


def test_slots_prevent_new_attributes():
    result = make()
    with pytest.raises((AttributeError, TypeError)):
        result.extra = 1
