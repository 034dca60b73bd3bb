import numpy as np
import pytest

import gamegroup as gg
from gamegroup.equilibria import METHODS, nash_equilibria
from gamegroup.games import NormalFormGame, public_goods


def test_defaults_by_game_type():
    bos = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert {eq.method for eq in nash_equilibria(bos)} == {"vertex_enumeration"}
    assert {eq.method for eq in nash_equilibria(public_goods(group_size=4, multiplier=2.0))} == {
        "symmetric"
    }
    three = public_goods(group_size=3, multiplier=2.0).to_normal_form()
    assert [eq.method for eq in nash_equilibria(three)] == ["logit"]


def test_every_method_is_registered_with_its_game_types():
    assert set(METHODS) == {
        "vertex_enumeration",
        "support_enumeration",
        "lemke_howson",
        "lemke_howson_all",
        "pure",
        "symmetric",
        "logit",
        "local",
    }
    assert METHODS["local"].stochastic


def test_options_reach_the_method():
    bos = gg.BimatrixGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    (eq,) = nash_equilibria(bos, method="lemke_howson", initial_label=1)
    assert eq.support == ((1,), (1,))
    assert len(nash_equilibria(bos, method="local", rng=3, n_starts=4)) >= 1


def test_dispatcher_errors_name_the_argument_and_list_what_applies():
    game = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(ValueError, match=r"`method` 'vertex_enumeration' does not apply"):
        nash_equilibria(game, method="vertex_enumeration")
    with pytest.raises(ValueError, match=r"`method` must be one of"):
        nash_equilibria(game, method="simplicial")
    with pytest.raises(TypeError, match=r"`game`"):
        nash_equilibria(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"`tol`"):
        nash_equilibria(gg.BimatrixGame([[1]]), tol=0.0)
