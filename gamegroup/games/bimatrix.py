r"""Two-player games given by a pair of payoff matrices.

A bimatrix game :math:`(A, B)` gives the row player :math:`A_{jk}` and the column player
:math:`B_{jk}` when the row player picks :math:`j` and the column player :math:`k`. It is the
two-player case of :class:`~gamegroup.games.NormalFormGame` (payoff tensor
``stack([A, B])``), so everything written for N-player games applies to it unchanged.

nashpy's ``Game`` is the interchange format for two-player games: :meth:`BimatrixGame.to_nashpy`
and :meth:`BimatrixGame.from_nashpy` convert both ways, and :func:`as_bimatrix` accepts a
``nashpy.Game`` wherever a bimatrix game is expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gamegroup._validation import check_finite_array, check_type
from gamegroup.games.normal_form import NormalFormGame

if TYPE_CHECKING:
    import nashpy


class BimatrixGame(NormalFormGame):
    """A two-player game with payoff matrices ``A`` (row player) and ``B`` (column player).

    Parameters
    ----------
    A : array_like
        Row player's payoffs, shape ``(m, n)``.
    B : array_like, optional
        Column player's payoffs, shape ``(m, n)``. ``None`` gives the zero-sum game ``B = -A``.
    player_names, action_names
        As for :class:`NormalFormGame`.

    Raises
    ------
    ValueError
        If a matrix is not 2-dimensional, the shapes differ, or an entry is NaN or inf.

    Examples
    --------
    >>> pd = BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> pd
    BimatrixGame(shape=(2, 2))
    >>> pd.B
    array([[3., 5.],
           [0., 1.]])
    >>> BimatrixGame([[1, -1], [-1, 1]]).B
    array([[-1.,  1.],
           [ 1., -1.]])
    """

    __slots__ = ()

    def __init__(
        self,
        A: ArrayLike,
        B: ArrayLike | None = None,
        *,
        player_names: Sequence[str] | None = None,
        action_names: Sequence[Sequence[str]] | None = None,
    ) -> None:
        row = check_finite_array(A, "A", ndim=2)
        column = -row if B is None else check_finite_array(B, "B", ndim=2)
        if column.shape != row.shape:
            raise ValueError(
                f"`A` and `B` must have the same shape; got {row.shape} and {column.shape}."
            )
        if row.size == 0:
            raise ValueError(
                f"`A` must give each player at least one action; got shape {row.shape}."
            )
        super().__init__(
            np.stack([row, column]), player_names=player_names, action_names=action_names
        )

    @property
    def A(self) -> NDArray[np.float64]:
        """The row player's read-only payoff matrix."""
        return self.payoffs[0]

    @property
    def B(self) -> NDArray[np.float64]:
        """The column player's read-only payoff matrix."""
        return self.payoffs[1]

    @property
    def shape(self) -> tuple[int, int]:
        """``(m, n)``: the numbers of row and column actions."""
        m, n = self.n_actions
        return (m, n)

    @property
    def is_zero_sum(self) -> bool:
        """Whether ``A + B == 0`` exactly."""
        return bool(np.all(self.A + self.B == 0))

    def __repr__(self) -> str:
        return f"BimatrixGame(shape={self.shape})"

    def transpose(self) -> BimatrixGame:
        """Return the game with the players' roles swapped: ``(B.T, A.T)``.

        Examples
        --------
        >>> BimatrixGame([[1, 2, 3]], [[4, 5, 6]]).transpose().A
        array([[4.],
               [5.],
               [6.]])
        """
        return BimatrixGame(
            self.B.T,
            self.A.T,
            player_names=self.player_names[::-1],
            action_names=self.action_names[::-1],
        )

    def to_nashpy(self) -> nashpy.Game:
        """Return the equivalent ``nashpy.Game``.

        Examples
        --------
        >>> BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]).to_nashpy().payoff_matrices[1]
        array([[3., 5.],
               [0., 1.]])
        """
        import nashpy

        return nashpy.Game(np.array(self.A), np.array(self.B))

    @classmethod
    def from_nashpy(cls, game: nashpy.Game) -> BimatrixGame:
        """Build a :class:`BimatrixGame` from a ``nashpy.Game``.

        Examples
        --------
        >>> import nashpy
        >>> BimatrixGame.from_nashpy(nashpy.Game([[1, -1], [-1, 1]])).is_zero_sum
        True
        """
        import nashpy

        check_type(game, "game", nashpy.Game, "a nashpy.Game")
        A, B = game.payoff_matrices
        return cls(A, B)

    @classmethod
    def from_normal_form(cls, game: NormalFormGame) -> BimatrixGame:
        """Build a :class:`BimatrixGame` from a two-player :class:`NormalFormGame`.

        Examples
        --------
        >>> g = NormalFormGame(np.zeros((2, 2, 3)))
        >>> BimatrixGame.from_normal_form(g)
        BimatrixGame(shape=(2, 3))
        """
        check_type(game, "game", NormalFormGame, "a NormalFormGame")
        if game.n_players != 2:
            raise ValueError(
                f"`game` must have exactly 2 players to be a bimatrix game; got {game.n_players}."
            )
        return cls(
            game.payoffs[0],
            game.payoffs[1],
            player_names=game.player_names,
            action_names=game.action_names,
        )

    def to_normal_form(self) -> NormalFormGame:
        """Return the same game as a plain :class:`NormalFormGame`.

        Examples
        --------
        >>> BimatrixGame([[1, 2]], [[3, 4]]).to_normal_form().payoffs.shape
        (2, 1, 2)
        """
        return NormalFormGame(
            self.payoffs, player_names=self.player_names, action_names=self.action_names
        )


def is_nashpy_game(game: Any) -> bool:
    """Whether ``game`` is a ``nashpy.Game`` (checked without importing nashpy)."""
    return type(game).__name__ == "Game" and type(game).__module__.startswith("nashpy")


def as_bimatrix(game: Any, name: str = "game") -> BimatrixGame:
    """Return ``game`` as a :class:`BimatrixGame`.

    Accepts a :class:`BimatrixGame`, a two-player :class:`NormalFormGame` or a
    ``nashpy.Game``.

    Raises
    ------
    TypeError
        If ``game`` is none of these.
    ValueError
        If ``game`` is a normal-form game with a number of players other than two.

    Examples
    --------
    >>> import nashpy
    >>> as_bimatrix(nashpy.Game([[1, 0], [0, 1]]))
    BimatrixGame(shape=(2, 2))
    """
    if isinstance(game, BimatrixGame):
        return game
    if isinstance(game, NormalFormGame):
        if game.n_players != 2:
            raise ValueError(f"`{name}` must be a two-player game; got {game.n_players} players.")
        return BimatrixGame.from_normal_form(game)
    if is_nashpy_game(game):
        return BimatrixGame.from_nashpy(game)
    raise TypeError(
        f"`{name}` must be a BimatrixGame, a two-player NormalFormGame or a nashpy.Game; got "
        f"{type(game).__name__}."
    )
