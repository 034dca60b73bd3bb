from itertools import product
from math import comb

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from gamegroup._combinatorics import composition_index, compositions, n_compositions


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
