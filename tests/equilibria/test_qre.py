import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gamegroup as gg
from gamegroup.equilibria import logit_qre, logit_qre_branch
from gamegroup.games import public_goods
from gamegroup.testing import assert_nash
from gamegroup.testing import strategies as ggst


def test_qre_of_a_two_by_two_game_solves_the_logit_equations():
    game = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    qre = logit_qre(game, 4.0)
    x, y = qre.strategies
    # Payoffs normalised by their range 5: the logit equations at lambda / 5 on raw payoffs.
    scale = 4.0 / 5.0
    v_row = game.A @ y
    v_col = x @ game.B
    np.testing.assert_allclose(x, np.exp(scale * v_row) / np.exp(scale * v_row).sum(), atol=1e-12)
    np.testing.assert_allclose(y, np.exp(scale * v_col) / np.exp(scale * v_col).sum(), atol=1e-12)


@settings(max_examples=15)
@given(
    ggst.bimatrix_games(rows=st.integers(2, 3), columns=st.integers(2, 3), degenerate=False),
    st.floats(0.1, 50),
    st.floats(-10, 10),
)
def test_qre_at_a_relative_precision_ignores_payoff_units(game, scale, shift):
    # Payoffs with two decimals: a shift cannot wipe out differences below the rounding error.
    game = gg.BimatrixGame(np.round(game.A, 2), np.round(game.B, 2))
    moved = gg.BimatrixGame(scale * game.A + shift, scale * game.B - shift)
    a = logit_qre(game, 3.0)
    b = logit_qre(moved, 3.0)
    for s, t in zip(a.strategies, b.strategies, strict=True):
        np.testing.assert_allclose(s, t, atol=1e-8)


@settings(max_examples=20)
@given(
    ggst.normal_form_games(
        n_players=st.integers(2, 3), n_actions=st.integers(2, 3), degenerate=False
    )
)
def test_branch_limit_is_a_verified_equilibrium(game):
    branch = logit_qre_branch(game, max_precision=1e5)
    if branch.limit is not None:
        assert branch.limit.regret <= 1e-9
        assert_nash(game, branch.limit)
    assert np.all(
        np.diff(
            branch.precisions[: (branch.turning_points[0] if len(branch.turning_points) else None)]
        )
        > 0
    )


@pytest.mark.parametrize("n_players", range(3, 13))
@pytest.mark.parametrize("kind", ["linear", "threshold"])
def test_every_public_goods_game_gets_a_verified_equilibrium(n_players, kind):
    threshold = 0 if kind == "linear" else n_players // 2
    multiplier = 0.8 * n_players if kind == "linear" else 2.0 * n_players / threshold
    game = public_goods(group_size=n_players, multiplier=multiplier, threshold=threshold)
    branch = logit_qre_branch(game.to_normal_form() if n_players <= 6 else game)
    assert branch.success
    assert branch.limit is not None
    if n_players <= 6:
        assert_nash(game.to_normal_form(), branch.limit)
    else:
        assert_nash(game, branch.limit.strategies[0])


def test_symmetric_qre_matches_the_normal_form_qre():
    game = public_goods(group_size=3, multiplier=2.4, threshold=2)
    symmetric = logit_qre(game, 5.0).strategies[0]
    tensor = logit_qre(game.to_normal_form(), 5.0).strategies
    for s in tensor:
        np.testing.assert_allclose(s, symmetric, atol=1e-9)


def test_qre_validation():
    game = gg.BimatrixGame([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"`precision`"):
        logit_qre(game, -1.0)
    with pytest.raises(ValueError, match=r"`max_precision`"):
        logit_qre_branch(game, max_precision=0.0)
    with pytest.raises(ValueError, match=r"`max_steps`"):
        logit_qre_branch(game, max_steps=0)
    with pytest.raises(TypeError, match=r"`game`"):
        logit_qre_branch([[1, 0], [0, 1]])
    assert logit_qre(game, 0.0).strategies[0].tolist() == [0.5, 0.5]
