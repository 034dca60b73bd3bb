"""The private Bernstein-form kernels (gamegroup._bernstein)."""

from math import comb

import pytest

from gamegroup._bernstein import _elevation


@pytest.mark.parametrize("degree", [1, 3, 6])
def test_degree_elevation_weights_equal_exact_binomial_ratios(degree):
    # Elevating B_{i,r} to degree n: B_{i,r} = sum_j C(r,i) C(n-r,j-i) / C(n,j) B_{j,n}.
    table = _elevation(degree)
    for r in range(degree + 1):
        for i in range(r + 1):
            for j in range(i, i + degree - r + 1):
                exact = comb(r, i) * comb(degree - r, j - i) / comb(degree, j)
                assert table[r, i, j] == pytest.approx(exact, abs=1e-13)
