r"""N-player games in normal (strategic) form.

A finite game with players :math:`i = 0, \dots, N-1`, each with actions
:math:`a_i \in \{0, \dots, n_i - 1\}`, is stored as one payoff tensor

.. math::

    U[i, a_0, \dots, a_{N-1}] = u_i(a_0, \dots, a_{N-1}),

of shape ``(N, n_0, ..., n_{N-1})``. A mixed profile :math:`\sigma = (\sigma_0, \dots,
\sigma_{N-1})` gives each player a point of its simplex. The two quantities every solver and
dynamic is built from are

* the expected payoffs :math:`u_i(\sigma) = \sum_a \prod_j \sigma_j(a_j)\, U[i, a]`, and
* the **deviation payoffs** :math:`v_i(a_i; \sigma_{-i}) = \sum_{a_{-i}} \prod_{j \neq i}
  \sigma_j(a_j)\, U[i, a_i, a_{-i}]`: player :math:`i`'s payoff for each of its pure actions
  against the others' mixed strategies. Then :math:`u_i(\sigma) = \sigma_i \cdot v_i`, and the
  regret of :math:`\sigma` is :math:`\max_i (\max_{a_i} v_i(a_i) - u_i(\sigma))`.

Both are vectorised: a batch of profiles of shape ``(..., n_i)`` per player is evaluated in one
call with tensor contractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gamegroup._validation import (
    check_int,
    check_payoffs,
    check_permutation,
    check_simplex,
)

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def check_profile(
    profile: Sequence[ArrayLike] | NDArray[np.float64], name: str, n_actions: tuple[int, ...]
) -> tuple[NDArray[np.float64], ...]:
    """Check a mixed profile (one simplex point, or a batch of them, per player).

    Every player's array must have ``n_actions[i]`` entries on its last axis and the same batch
    shape as the others.
    """
    if isinstance(profile, np.ndarray) and profile.dtype != object and profile.ndim >= 1:
        profile = list(profile)
    if not isinstance(profile, (list, tuple)):
        raise TypeError(
            f"`{name}` must be a sequence with one mixed strategy per player; got "
            f"{type(profile).__name__}."
        )
    if len(profile) != len(n_actions):
        raise ValueError(
            f"`{name}` must have one mixed strategy per player ({len(n_actions)}); got "
            f"{len(profile)}."
        )
    checked = tuple(
        check_simplex(strategy, f"{name}[{i}]", size=size)
        for i, (strategy, size) in enumerate(zip(profile, n_actions, strict=True))
    )
    batch_shapes = {s.shape[:-1] for s in checked}
    if len(batch_shapes) > 1:
        raise ValueError(
            f"`{name}` must have the same batch shape for every player; got {sorted(batch_shapes)}."
        )
    return checked


class NormalFormGame:
    """A finite N-player game given by its payoff tensor.

    Parameters
    ----------
    payoffs : array_like
        Real, finite array of shape ``(N, n_0, ..., n_{N-1})``: ``payoffs[i][a]`` is player
        ``i``'s payoff at the pure profile ``a``.
    player_names, action_names : sequence of str, optional
        Labels used in reprs and tables. ``action_names[i]`` labels player ``i``'s actions.

    Attributes
    ----------
    payoffs : numpy.ndarray
        The read-only payoff tensor.
    n_players : int
    n_actions : tuple of int

    Raises
    ------
    ValueError
        If ``payoffs`` has the wrong shape or contains NaN or inf, or a name list has the wrong
        length.
    TypeError
        If ``payoffs`` is not numeric.

    Examples
    --------
    Matching pennies, the uniform profile and its deviation payoffs:

    >>> A = np.array([[1, -1], [-1, 1]])
    >>> game = NormalFormGame(np.stack([A, -A]))
    >>> game
    NormalFormGame(n_players=2, n_actions=(2, 2))
    >>> game.expected_payoffs([[0.5, 0.5], [0.5, 0.5]])
    array([0., 0.])
    >>> game.deviation_payoffs([[1, 0], [0.5, 0.5]])
    (array([0., 0.]), array([-1.,  1.]))
    """

    __slots__ = ("_action_names", "_payoffs", "_player_names")

    def __init__(
        self,
        payoffs: ArrayLike,
        *,
        player_names: Sequence[str] | None = None,
        action_names: Sequence[Sequence[str]] | None = None,
    ) -> None:
        tensor = check_payoffs(payoffs, "payoffs")
        tensor.setflags(write=False)
        self._payoffs = tensor
        n_players = tensor.shape[0]
        self._player_names = _check_names(
            player_names,
            "player_names",
            n_players,
            default=[f"player {i}" for i in range(n_players)],
        )
        if action_names is None:
            self._action_names = tuple(
                tuple(str(a) for a in range(size)) for size in tensor.shape[1:]
            )
        else:
            if len(action_names) != n_players:
                raise ValueError(
                    f"`action_names` must have one list per player ({n_players}); got "
                    f"{len(action_names)}."
                )
            self._action_names = tuple(
                _check_names(names, f"action_names[{i}]", size, default=[])
                for i, (names, size) in enumerate(zip(action_names, tensor.shape[1:], strict=True))
            )

    # -- data ------------------------------------------------------------------------------
    @property
    def payoffs(self) -> NDArray[np.float64]:
        """The read-only payoff tensor of shape ``(N, n_0, ..., n_{N-1})``."""
        return self._payoffs

    @property
    def n_players(self) -> int:
        """The number of players ``N``."""
        return int(self._payoffs.shape[0])

    @property
    def n_actions(self) -> tuple[int, ...]:
        """The number of actions of each player."""
        return tuple(int(n) for n in self._payoffs.shape[1:])

    @property
    def player_names(self) -> tuple[str, ...]:
        """Labels of the players."""
        return self._player_names

    @property
    def action_names(self) -> tuple[tuple[str, ...], ...]:
        """Labels of each player's actions."""
        return self._action_names

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_players={self.n_players}, n_actions={self.n_actions})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return self._payoffs.shape == other._payoffs.shape and bool(
            np.array_equal(self._payoffs, other._payoffs)
        )

    __hash__ = None  # type: ignore[assignment]

    # -- payoffs ----------------------------------------------------------------------------
    def pure_payoffs(self, actions: Sequence[int]) -> NDArray[np.float64]:
        """Return every player's payoff at one pure profile.

        Examples
        --------
        >>> game = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> game.pure_payoffs((1, 0))
        array([5., 0.])
        """
        if len(actions) != self.n_players:
            raise ValueError(
                f"`actions` must give one action per player ({self.n_players}); got {len(actions)}."
            )
        index = tuple(
            check_int(a, f"actions[{i}]", minimum=0, maximum=n - 1)
            for i, (a, n) in enumerate(zip(actions, self.n_actions, strict=True))
        )
        return np.array(self._payoffs[(slice(None), *index)])  # type: ignore[arg-type]

    def deviation_payoffs(self, profile: Sequence[ArrayLike]) -> tuple[NDArray[np.float64], ...]:
        r"""Return each player's payoff for each own pure action against the others' mixture.

        Parameters
        ----------
        profile : sequence of array_like
            One mixed strategy per player. Each may carry leading batch axes (the same for all
            players), e.g. shape ``(B, n_i)`` to evaluate ``B`` profiles at once.

        Returns
        -------
        tuple of numpy.ndarray
            Element ``i`` has shape ``(..., n_i)``: :math:`v_i(a_i; \sigma_{-i})`.

        Examples
        --------
        The prisoner's dilemma (action 0 cooperates): defecting gains 2 against a cooperator
        and 1 against a defector.

        >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> v_row, v_col = pd.deviation_payoffs([[0.5, 0.5], [0.5, 0.5]])
        >>> v_row
        array([1.5, 3. ])

        A batch of three profiles at once:

        >>> q = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
        >>> pd.deviation_payoffs([q, q])[0]
        array([[3. , 5. ],
               [1.5, 3. ],
               [0. , 1. ]])
        """
        checked = check_profile(profile, "profile", self.n_actions)
        return self._deviation_payoffs(checked)

    def _deviation_payoffs(
        self, profile: tuple[NDArray[np.float64], ...]
    ) -> tuple[NDArray[np.float64], ...]:
        """Unchecked :meth:`deviation_payoffs` for solvers that already validated the profile."""
        n = self.n_players
        letters = _LETTERS[:n]
        batched = profile[0].ndim > 1
        out = []
        for i in range(n):
            operands: list[Any] = [self._payoffs[i]]
            terms = [letters]
            for j in range(n):
                if j != i:
                    operands.append(profile[j])
                    terms.append(("..." if batched else "") + letters[j])
            target = ("..." if batched else "") + letters[i]
            out.append(np.einsum(",".join(terms) + "->" + target, *operands, optimize=n > 2))
        return tuple(out)

    def expected_payoffs(self, profile: Sequence[ArrayLike]) -> NDArray[np.float64]:
        """Return each player's expected payoff at a mixed profile.

        Parameters
        ----------
        profile : sequence of array_like
            One mixed strategy per player, optionally batched as in :meth:`deviation_payoffs`.

        Returns
        -------
        numpy.ndarray
            Shape ``(..., N)``.

        Examples
        --------
        >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> pd.expected_payoffs([[1, 0], [0.5, 0.5]])
        array([1.5, 4. ])
        """
        checked = check_profile(profile, "profile", self.n_actions)
        deviations = self._deviation_payoffs(checked)
        return np.stack(
            [np.sum(v * s, axis=-1) for v, s in zip(deviations, checked, strict=True)], axis=-1
        )

    # -- relabelling ------------------------------------------------------------------------
    def permute_players(self, order: Sequence[int]) -> NormalFormGame:
        """Return the game in which new player ``k`` is old player ``order[k]``.

        Examples
        --------
        >>> game = NormalFormGame(np.arange(12.0).reshape(2, 2, 3))
        >>> game.permute_players([1, 0]).n_actions
        (3, 2)
        """
        perm = check_permutation(order, "order", self.n_players)
        tensor = self._payoffs[perm].transpose(0, *(1 + perm))
        return NormalFormGame(
            tensor,
            player_names=[self._player_names[k] for k in perm],
            action_names=[self._action_names[k] for k in perm],
        )

    def permute_actions(self, player: int, order: Sequence[int]) -> NormalFormGame:
        """Return the game in which ``player``'s new action ``k`` is its old action ``order[k]``.

        Examples
        --------
        >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> pd.permute_actions(0, [1, 0]).pure_payoffs((0, 0))
        array([5., 0.])
        """
        p = check_int(player, "player", minimum=0, maximum=self.n_players - 1)
        perm = check_permutation(order, "order", self.n_actions[p])
        tensor = np.take(self._payoffs, perm, axis=p + 1)
        names = list(self._action_names)
        names[p] = tuple(self._action_names[p][k] for k in perm)
        return NormalFormGame(tensor, player_names=self._player_names, action_names=names)


def _check_names(
    names: Sequence[str] | None, name: str, size: int, *, default: Sequence[str]
) -> tuple[str, ...]:
    if names is None:
        return tuple(default)
    if isinstance(names, str) or len(names) != size or not all(isinstance(n, str) for n in names):
        raise ValueError(f"`{name}` must be a sequence of {size} strings; got {names!r}.")
    return tuple(names)
