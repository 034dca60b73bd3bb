import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup._linear_solvers import push_residual, verified_inverse_bound
from gamegroup._response_columns import BYTES_PER_ENTRY, ResponseColumns


def dominant_system(seed, n, sign):
    """A random symmetric, strictly diagonally dominant sparse matrix (off-diagonal sign ``sign``)."""
    rng = np.random.default_rng(seed)
    upper = sp.random_array((n, n), density=min(1.0, 4.0 / n), rng=rng).tocsr()
    off = sp.triu(upper, k=1)
    off = sp.csr_array(off + off.T) * sign
    off.sort_indices()
    spill = np.asarray(abs(off).sum(axis=1)).ravel()
    diagonal = spill * rng.uniform(1.05, 3.0, n) + rng.uniform(0.1, 1.0, n)
    return off, diagonal


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(2, 60),
    st.sampled_from([-1.0, 1.0]),
    st.sampled_from([1.0, 1.1, 1.3]),
    st.floats(1e-12, 1e-3),
)
def test_push_leaves_a_small_residual_of_the_same_system_and_lists_what_changed(
    seed, n, sign, relaxation, threshold
):
    off, diagonal = dominant_system(seed, n, sign)
    rho = float(np.max(np.asarray(abs(off).sum(axis=0)).ravel() / diagonal))
    relaxation = min(relaxation, 0.5 * (1.0 + 2.0 / (1.0 + rho)))
    rng = np.random.default_rng(seed + 1)
    seeds = rng.choice(n, size=min(n, 3), replace=False).astype(np.int64)
    changes = rng.normal(size=seeds.size)
    y, residual = np.zeros(n), np.zeros(n)
    work, flags = np.zeros((2, n), dtype=np.int64), np.zeros(n, dtype=np.int8)
    n_visited, converged = push_residual(
        off.indptr.astype(np.int64),
        off.indices.astype(np.int64),
        off.data,
        diagonal,
        y,
        residual,
        seeds,
        changes,
        threshold,
        relaxation,
        10**7,
        work,
        flags,
    )
    assert converged
    visited = work[0, :n_visited]
    assert np.unique(visited).size == n_visited
    assert set(seeds) <= set(visited)
    outside = np.setdiff1d(np.arange(n), visited)
    assert np.all(y[outside] == 0)
    assert np.all(residual[outside] == 0)
    assert np.all(np.abs(residual) <= threshold)
    assert not flags.any()
    b = np.zeros(n)
    b[seeds] = changes
    matrix = off + sp.diags_array(diagonal)
    np.testing.assert_allclose(matrix @ y, b - residual, atol=1e-12)


def test_push_reports_failure_when_it_runs_out_of_pushes():
    off, diagonal = dominant_system(3, 30, -1.0)
    n = diagonal.size
    work, flags = np.zeros((2, n), dtype=np.int64), np.zeros(n, dtype=np.int8)
    _, converged = push_residual(
        off.indptr.astype(np.int64),
        off.indices.astype(np.int64),
        off.data,
        diagonal,
        np.zeros(n),
        np.zeros(n),
        np.array([0], dtype=np.int64),
        np.array([1.0]),
        1e-15,
        1.0,
        1,
        work,
        flags,
    )
    assert not converged
    assert not flags.any()


# -- cached response columns ---------------------------------------------------------------------------
def push_arguments(off, diagonal):
    return (off.indptr.astype(np.int64), off.indices.astype(np.int64), off.data, diagonal)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(2, 60),
    st.sampled_from([-1.0, 1.0]),
    st.floats(1e-12, 1e-4),
    st.sampled_from([0, 400, 10**6]),
    st.sampled_from([1e-3, 1.0]),
)
def test_solves_from_cached_columns_meet_the_residual_bound_and_list_what_changed(
    seed, n, sign, threshold, size_limit, bound
):
    # bound 1e-3 understates the right-hand sides (up to 1), so the combined columns leave
    # residuals above the threshold that the push must still remove.
    off, diagonal = dominant_system(seed, n, sign)
    matrix = off + sp.diags_array(diagonal)
    columns = ResponseColumns(
        push_arguments(off, diagonal), np.full(n, bound), threshold, 1.0, size_limit
    )
    rng = np.random.default_rng(seed + 1)
    for _ in range(4):  # later solves reuse the columns of earlier ones
        seeds = rng.choice(n, size=min(n, 3), replace=False).astype(np.int64)
        b = np.zeros(n)
        b[seeds] = rng.uniform(-1, 1, seeds.size)
        y, residual = np.zeros(n), np.zeros(n)
        visited = columns.solve(seeds, b[seeds], y, residual)
        assert np.unique(visited).size == visited.size
        assert set(seeds) <= set(visited)
        outside = np.setdiff1d(np.arange(n), visited)
        assert np.all(y[outside] == 0)
        assert np.all(residual[outside] == 0)
        assert np.all(np.abs(residual) <= threshold)
        np.testing.assert_allclose(matrix @ y, b - residual, atol=1e-12)
    assert columns.n_entries * BYTES_PER_ENTRY <= size_limit


def test_a_column_is_computed_at_a_seeds_second_use_and_then_reused_exactly():
    off, diagonal = dominant_system(4, 50, -1.0)
    columns = ResponseColumns(push_arguments(off, diagonal), np.ones(50), 1e-10, 1.1, 10**6)
    results = []
    for stored in (0, 2, 2, 2):
        y, residual = np.zeros(50), np.zeros(50)
        seeds, scales = np.array([3, 17, 40]), np.array([0.5, -0.25, 0.0])
        visited = columns.solve(seeds, scales, y, residual)
        results.append((visited, y.copy(), residual.copy()))
        assert columns.n_columns == stored  # member 40's cost never moves: no column
    entries = columns.n_entries
    assert entries > 2
    for first, second in zip(results[1], results[2], strict=True):
        np.testing.assert_array_equal(first, second)
    columns.solve(np.array([3]), np.array([1.0]), np.zeros(50), np.zeros(50))
    assert columns.n_columns == 2
    assert columns.n_entries == entries


@pytest.mark.parametrize("sign", [-1.0, 1.0])
def test_verified_inverse_bounds_the_comparison_inverse_from_above_and_closely(sign):
    rng = np.random.default_rng(5)
    upper = sp.triu(sp.random_array((80, 80), density=0.05, rng=rng), k=1)
    off = sp.csr_array(upper + upper.T) * sign
    diagonal = np.asarray(abs(off).sum(axis=1)).ravel() * 1.2 + 0.1
    comparison = sp.csr_array(sp.diags_array(diagonal) - abs(off))
    comparison.sort_indices()
    exact_ones = np.linalg.solve(comparison.toarray(), np.ones(80))
    rhs = np.random.default_rng(0).uniform(0, 2, 80)
    exact = np.linalg.solve(comparison.toarray(), rhs)
    ones = verified_inverse_bound(comparison, np.ones(80), None)
    bound = verified_inverse_bound(comparison, rhs, ones)
    assert np.all(ones >= exact_ones)
    assert np.all(bound >= exact)
    np.testing.assert_allclose(ones, exact_ones, rtol=1e-8)
    np.testing.assert_allclose(bound, exact, rtol=1e-8)
