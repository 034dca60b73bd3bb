import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gamegroup._linear_solvers import push_residual


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
