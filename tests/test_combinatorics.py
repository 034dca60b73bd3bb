from itertools import product
from math import comb

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from gamegroup._combinatorics import (
    composition_index,
    compositions,
    multinomial_probabilities,
    n_compositions,
)


@given(st.integers(0, 12), st.integers(1, 4))
def test_compositions_are_all_distinct_vectors_with_the_right_sum(total, parts):
    table = compositions(total, parts)
    brute = sorted(
        (c for c in product(range(total + 1), repeat=parts) if sum(c) == total), reverse=True
    )
    assert table.tolist() == [list(c) for c in brute]
    assert table.shape[0] == n_compositions(total, parts) == comb(total + parts - 1, parts - 1)


@given(st.integers(0, 30), st.integers(1, 5))
def test_composition_index_inverts_compositions(total, parts):
    table = compositions(total, parts)
    assert np.array_equal(composition_index(table), np.arange(table.shape[0]))


def test_two_strategy_index_is_the_count_of_strategy_one():
    table = compositions(7, 2)
    assert np.array_equal(table[:, 1], np.arange(8))


def test_compositions_are_read_only():
    table = compositions(3, 3)
    assert not table.flags.writeable


def test_large_state_space_size():
    assert n_compositions(1000, 3) == 501501
    assert compositions(500, 3).shape == (125751, 3)


def test_multinomial_probabilities_match_scipy_and_vanish_off_the_support():
    from scipy.stats import multinomial

    counts = compositions(4, 3)
    states = np.array([[0.2, 0.3, 0.5], [0.0, 0.4, 0.6]])
    probabilities = multinomial_probabilities(counts, states)
    for row, x in enumerate(states):
        np.testing.assert_allclose(
            probabilities[row], multinomial.pmf(counts, n=4, p=x), atol=1e-15
        )
    assert np.all(probabilities[1, counts[:, 0] > 0] == 0.0)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-14)
