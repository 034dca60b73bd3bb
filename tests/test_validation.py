import numpy as np
import pytest

from gamegroup import _validation as v


@pytest.mark.parametrize("value", [2.0, True, "3", None])
def test_check_int_rejects_non_integers_naming_the_argument(value):
    with pytest.raises(TypeError, match=r"`group_size` must be an integer"):
        v.check_int(value, "group_size")


def test_check_int_accepts_numpy_integers_and_enforces_bounds():
    assert v.check_int(np.int64(4), "n", minimum=1) == 4
    with pytest.raises(ValueError, match=r"`n` must be an integer >= 2; got 1"):
        v.check_int(1, "n", minimum=2)
    with pytest.raises(ValueError, match=r"`n` must be an integer <= 3; got 4"):
        v.check_int(4, "n", maximum=3)


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_check_real_rejects_non_finite(value):
    with pytest.raises(ValueError, match=r"`beta` must be a finite real number"):
        v.check_real(value, "beta")


def test_check_real_reports_the_accepted_interval():
    with pytest.raises(ValueError, match=r"`beta` must lie in \[0, inf\); got -1"):
        v.check_real(-1.0, "beta", low=0.0)
    with pytest.raises(ValueError, match=r"`x` must lie in \(0, 1\]; got 0"):
        v.check_real(0.0, "x", low=0.0, high=1.0, low_inclusive=False)
    with pytest.raises(TypeError, match=r"`x` must be a real number"):
        v.check_real("0.5", "x")
    with pytest.raises(TypeError, match=r"`x` must be a real number"):
        v.check_real(True, "x")


def test_check_probability_and_tolerance():
    assert v.check_probability(0, "p") == 0.0
    with pytest.raises(ValueError, match=r"`p`"):
        v.check_probability(-0.1, "p")
    with pytest.raises(ValueError, match=r"`tol`"):
        v.check_tolerance(0.0)


def test_check_choice():
    with pytest.raises(ValueError, match=r"`rule` must be one of 'fermi', 'moran'; got 'fermy'"):
        v.check_choice("fermy", "rule", ("fermi", "moran"))
    with pytest.raises(TypeError, match=r"`rule`"):
        v.check_choice(3, "rule", ("fermi",))


def test_check_finite_array_rejects_nan_complex_strings_and_wrong_ndim():
    with pytest.raises(
        ValueError, match=r"`A` must contain only finite numbers.*2 non-finite entries"
    ):
        v.check_finite_array([np.nan, np.inf, 1.0], "A")
    with pytest.raises(TypeError, match=r"`A` must be real, not complex"):
        v.check_finite_array([1 + 2j], "A")
    with pytest.raises(TypeError, match=r"`A` must be real, not complex"):
        v.check_finite_array(np.array([1 + 0j]), "A")
    with pytest.raises(TypeError, match=r"`A` must be an array of real numbers"):
        v.check_finite_array("abc", "A")
    with pytest.raises(TypeError, match=r"`A` must be an array of real numbers"):
        v.check_finite_array([[1, 2], [3]], "A")
    with pytest.raises(ValueError, match=r"`A` must be 2-dimensional; got shape \(3,\)"):
        v.check_finite_array([1, 2, 3], "A", ndim=2)


def test_check_finite_array_returns_a_copy():
    source = np.zeros(3)
    out = v.check_finite_array(source, "A")
    out[0] = 1.0
    assert source[0] == 0.0


def test_check_payoffs_shape_rules():
    with pytest.raises(ValueError, match=r"`payoffs` must have shape \(N, n_0"):
        v.check_payoffs(np.zeros((3, 2, 2)))
    with pytest.raises(ValueError, match=r"`payoffs` must have shape"):
        v.check_payoffs(np.zeros(3))
    with pytest.raises(ValueError, match=r"at least one action"):
        v.check_payoffs(np.zeros((2, 0, 2)))


def test_check_simplex_never_renormalises():
    with pytest.raises(ValueError, match=r"`x0` must lie on the simplex.*got sum 0.97"):
        v.check_simplex([0.5, 0.47], "x0")
    with pytest.raises(ValueError, match=r"`x0` must lie on the simplex.*negative entry"):
        v.check_simplex([1.1, -0.1], "x0")
    with pytest.raises(ValueError, match=r"`x0` must have 3 entries"):
        v.check_simplex([0.5, 0.5], "x0", size=3)
    batch = v.check_simplex([[0.5, 0.5], [1.0, 0.0]], "x0")
    assert batch.shape == (2, 2)


def test_check_counts():
    with pytest.raises(TypeError, match=r"`state` must be an array of integers; got floats"):
        v.check_counts([2.0, 3.0], "state")
    with pytest.raises(TypeError, match=r"`state`"):
        v.check_counts([True, False], "state")
    with pytest.raises(ValueError, match=r"`state` must be non-negative"):
        v.check_counts([-1, 6], "state")
    with pytest.raises(ValueError, match=r"`state` must be counts summing to 5.*got sum 4"):
        v.check_counts([[2, 3], [2, 2]], "state", total=5)
    with pytest.raises(ValueError, match=r"`state` must have 3 entries"):
        v.check_counts([2, 3], "state", size=3)


def test_check_permutation():
    with pytest.raises(ValueError, match=r"`order` must be a permutation of 0..2"):
        v.check_permutation([0, 0, 1], "order", 3)
    with pytest.raises(TypeError, match=r"`order`"):
        v.check_permutation([0.0, 1.0], "order", 2)


def test_check_type():
    with pytest.raises(TypeError, match=r"`game` must be a NormalFormGame; got 3 of type int"):
        v.check_type(3, "game", str, "a NormalFormGame")


def test_check_values_takes_one_number_or_one_per_member():
    assert v.check_values(2, "cost", low=0.0) == 2.0
    values = v.check_values([1.0, 2.0], "cost", size=2, low=0.0)
    np.testing.assert_array_equal(values, [1.0, 2.0])
    assert not values.flags.writeable
    with pytest.raises(ValueError, match=r"`cost` must be one value or one per group \(3\); got 2"):
        v.check_values([1.0, 2.0], "cost", size=3, per="group")
    with pytest.raises(ValueError, match=r"`cost` must lie in \(0, 1\]; got 0 for member 1"):
        v.check_values([0.5, 0.0], "cost", low=0.0, high=1.0, low_inclusive=False)
    with pytest.raises(ValueError, match=r"`cost` must lie in \[0, inf\); got -1"):
        v.check_values(-1.0, "cost", low=0.0)
    with pytest.raises(ValueError, match=r"`cost` must be 1-dimensional"):
        v.check_values([[1.0]], "cost")


def test_check_returned_real_names_the_callable_and_the_arguments():
    assert v.check_returned_real(np.float64(1.5), "payoff", "for strategy 0") == 1.5
    with pytest.raises(TypeError, match=r"`payoff` must return a real number; got 'x' for s"):
        v.check_returned_real("x", "payoff", "for s")
    with pytest.raises(ValueError, match=r"`payoff` returned inf for s, but `payoff` must"):
        v.check_returned_real(np.inf, "payoff", "for s")
