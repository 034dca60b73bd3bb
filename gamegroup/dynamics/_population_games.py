r"""How a game is played by well-mixed populations: one population, or one per player.

Infinite-population dynamics need, at a state :math:`x`, each strategy's expected payoff in each
population:

* a :class:`~gamegroup.games.SymmetricGame` of group size :math:`N` is played by **one**
  population; co-players are drawn from it independently, so
  :math:`f(x) = ` :meth:`~gamegroup.games.SymmetricGame.infinite_population_payoffs`;
* a symmetric two-player game (:math:`B = A^\top`) is, by default, also played by one
  population, :math:`f(x) = A x`;
* any other :class:`~gamegroup.games.NormalFormGame` is played by **one population per player**
  (player :math:`i`'s population meets the other players' populations), and
  :math:`f_i(x) = v_i(\cdot\,; x_{-i})`, the deviation payoffs.

Finite-population processes need a :class:`~gamegroup.games.SymmetricGame`; a symmetric
two-player matrix game is converted to one with ``group_size=2``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gamegroup._validation import check_choice, check_simplex
from gamegroup.games import NormalFormGame, SymmetricGame
from gamegroup.games.bimatrix import as_bimatrix, is_nashpy_game
from gamegroup.games.normal_form import check_profile

POPULATIONS = ("auto", "single", "per_player")
"""Accepted values of ``populations``."""

PayoffFunction = Callable[[list[NDArray[np.float64]]], list[NDArray[np.float64]]]


@dataclass(frozen=True)
class PopulationGame:
    """A game together with the populations that play it (internal).

    ``payoffs`` maps one batch of states per population to one batch of payoff vectors per
    population. ``sizes`` are the numbers of strategies of the populations.
    """

    sizes: tuple[int, ...]
    payoffs: PayoffFunction
    names: tuple[tuple[str, ...], ...]
    smallest_payoff: float

    @property
    def single(self) -> bool:
        """Whether one population plays the game."""
        return len(self.sizes) == 1

    def split(self, state: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        """Split concatenated states ``(..., sum(sizes))`` into one array per population."""
        return np.split(state, np.cumsum(self.sizes)[:-1], axis=-1)

    def check_state(self, value: Any, name: str) -> list[NDArray[np.float64]]:
        """Check a state: a simplex point (one population) or a profile (one per population)."""
        if self.single:
            return [check_simplex(value, name, size=self.sizes[0])]
        return list(check_profile(value, name, self.sizes))


def _is_symmetric_matrix_game(game: NormalFormGame) -> bool:
    if game.n_players != 2 or game.n_actions[0] != game.n_actions[1]:
        return False
    return bool(np.array_equal(game.payoffs[1], game.payoffs[0].T))


def _is_normal_form(game: Any) -> bool:
    return isinstance(game, NormalFormGame) or is_nashpy_game(game)


def population_game(game: Any, populations: str = "auto", name: str = "game") -> PopulationGame:
    """Return the :class:`PopulationGame` of ``game`` (see the module docstring).

    Raises
    ------
    TypeError
        If ``game`` is not a SymmetricGame, NormalFormGame or nashpy.Game.
    ValueError
        If ``populations`` is unknown, or ``"single"`` is asked for a game that is not a
        symmetric two-player game or a SymmetricGame.
    """
    mode = check_choice(populations, "populations", POPULATIONS)
    if isinstance(game, SymmetricGame):
        if mode == "per_player":
            raise ValueError(
                "`populations`='per_player' needs a NormalFormGame; a SymmetricGame is played by "
                "a single population (convert with `game.to_normal_form()` for one population "
                "per player)."
            )
        symmetric = game

        def symmetric_payoffs(states: list[NDArray[np.float64]]) -> list[NDArray[np.float64]]:
            return [symmetric._infinite_population_payoffs(states[0])]

        return PopulationGame(
            (game.n_strategies,),
            symmetric_payoffs,
            (game.strategy_names,),
            float(game.payoffs.min()),
        )
    if not _is_normal_form(game):
        raise TypeError(
            f"`{name}` must be a SymmetricGame, a NormalFormGame (or BimatrixGame) or a "
            f"nashpy.Game; got {type(game).__name__}."
        )
    normal = game if isinstance(game, NormalFormGame) else as_bimatrix(game, name)
    symmetric_pair = _is_symmetric_matrix_game(normal)
    if mode == "single" and not symmetric_pair:
        raise ValueError(
            "`populations`='single' needs a symmetric two-player game (B equal to A "
            f"transposed); got a game with n_actions={normal.n_actions} that is not one."
        )
    smallest = float(normal.payoffs.min())
    if symmetric_pair and mode != "per_player":
        matrix = np.array(normal.payoffs[0])

        def matrix_payoffs(states: list[NDArray[np.float64]]) -> list[NDArray[np.float64]]:
            return [states[0] @ matrix.T]

        return PopulationGame(
            (normal.n_actions[0],), matrix_payoffs, (normal.action_names[0],), smallest
        )

    def deviation(states: list[NDArray[np.float64]]) -> list[NDArray[np.float64]]:
        return list(normal._deviation_payoffs(tuple(states)))

    return PopulationGame(normal.n_actions, deviation, normal.action_names, smallest)


def as_symmetric_game(game: Any, name: str = "game") -> SymmetricGame:
    """Return ``game`` as a :class:`SymmetricGame` for finite-population processes.

    Accepts a SymmetricGame, or a symmetric two-player NormalFormGame, BimatrixGame or
    nashpy.Game (converted with ``group_size=2``).

    Raises
    ------
    TypeError
        If ``game`` is of another kind.
    ValueError
        If a two-player game is not symmetric.
    """
    if isinstance(game, SymmetricGame):
        return game
    if not _is_normal_form(game):
        raise TypeError(
            f"`{name}` must be a SymmetricGame or a symmetric two-player game (NormalFormGame, "
            f"BimatrixGame or nashpy.Game); got {type(game).__name__}."
        )
    normal = game if isinstance(game, NormalFormGame) else as_bimatrix(game, name)
    if not _is_symmetric_matrix_game(normal):
        raise ValueError(
            f"`{name}` must be a symmetric two-player game (B equal to A transposed) to be "
            f"played in a finite population; got n_actions={normal.n_actions}."
        )
    return SymmetricGame(
        normal.payoffs[0], group_size=2, strategy_names=list(normal.action_names[0])
    )
