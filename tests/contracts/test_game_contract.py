"""Contract every game class satisfies (Axelrod-style): data only, immutable, comparable."""

import numpy as np
import pytest

from gamegroup import (
    BimatrixGame,
    NormalFormGame,
    SymmetricGame,
    collective_risk_dilemma,
    optional_public_goods,
    public_goods,
)

GAMES = {
    "normal_form": lambda: NormalFormGame(np.arange(24.0).reshape(3, 2, 2, 2)),
    "bimatrix": lambda: BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
    "symmetric": lambda: SymmetricGame([[0, 2, 4], [1, 2, 3]], group_size=3),
    "public_goods": lambda: public_goods(group_size=5, multiplier=3.0, threshold=2),
    "collective_risk": lambda: collective_risk_dilemma(group_size=4, threshold=2, risk=0.9),
    "optional_public_goods": lambda: optional_public_goods(
        group_size=4, multiplier=3.0, loner_payoff=1.0
    ),
}


@pytest.fixture(params=sorted(GAMES), name="make_game")
def fixture_make_game(request):
    return GAMES[request.param]


def test_payoffs_are_read_only(make_game):
    game = make_game()
    assert not game.payoffs.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        game.payoffs.flat[0] = 1.0


def test_attributes_cannot_be_rebound(make_game):
    game = make_game()
    with pytest.raises(AttributeError):
        game.payoffs = np.zeros(3)
    with pytest.raises(AttributeError):
        game.new_attribute = 1


def test_games_compare_by_value_and_are_unhashable(make_game):
    assert make_game() == make_game()
    with pytest.raises(TypeError):
        hash(make_game())


def test_repr_is_short_and_names_the_class(make_game):
    game = make_game()
    text = repr(game)
    assert text.startswith(type(game).__name__ + "(")
    assert len(text) < 100


def test_payoffs_are_finite_float64(make_game):
    game = make_game()
    assert game.payoffs.dtype == np.float64
    assert np.all(np.isfinite(game.payoffs))


def test_uniform_play_has_consistent_expected_payoffs(make_game):
    game = make_game()
    if isinstance(game, SymmetricGame):
        k = game.n_strategies
        x = np.full(k, 1.0 / k)
        f = game.infinite_population_payoffs(x)
        tensor = game.to_normal_form()
        np.testing.assert_allclose(tensor.expected_payoffs([x] * game.group_size), x @ f)
    else:
        profile = [np.full(n, 1.0 / n) for n in game.n_actions]
        mean = [game.payoffs[i].mean() for i in range(game.n_players)]
        np.testing.assert_allclose(game.expected_payoffs(profile), mean)
