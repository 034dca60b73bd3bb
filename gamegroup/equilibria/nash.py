r"""``nash_equilibria(game, method=...)``: one entry point, dispatching by game type and method.

Every method is also a function of its own; :data:`METHODS` lists them with the game types
they apply to:

================================  ==========================  ======================================
method                            games                       returns
================================  ==========================  ======================================
``"vertex_enumeration"``          two-player                  every extreme equilibrium
``"support_enumeration"``         two-player                  every extreme equilibrium
``"lemke_howson"``                two-player                  one equilibrium (with fallbacks)
``"lemke_howson_all"``            two-player                  all reachable by Lemke–Howson paths
``"pure"``                        any finite game             every pure equilibrium
``"symmetric"``                   symmetric N-player          every symmetric equilibrium
``"logit"``                       any finite game             the limit of the logit QRE branch
``"local"``                       any finite game             equilibria from random starts
================================  ==========================  ======================================

Defaults: vertex enumeration for two-player games (Lemke–Howson when they have more than 64
actions in total), ``"symmetric"`` for a :class:`~gamegroup.games.SymmetricGame` and
``"logit"`` for games of three or more players. A ``nashpy.Game`` is accepted wherever a
two-player game is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from gamegroup.equilibria.equilibrium import DEFAULT_TOL, Equilibrium
from gamegroup.equilibria.lemke_howson import lemke_howson, lemke_howson_all
from gamegroup.equilibria.local_search import local_nash_search
from gamegroup.equilibria.pure import pure_nash_equilibria
from gamegroup.equilibria.qre import logit_qre_branch
from gamegroup.equilibria.support_enumeration import support_enumeration
from gamegroup.equilibria.symmetric import symmetric_nash_equilibria
from gamegroup.equilibria.vertex_enumeration import vertex_enumeration
from gamegroup.games import NormalFormGame, SymmetricGame, as_bimatrix

TWO_PLAYER = "two-player"
N_PLAYER = "N-player"
SYMMETRIC = "symmetric"


@dataclass(frozen=True)
class Method:
    """A registered solver.

    Attributes
    ----------
    name : str
    function : callable
        ``function(game, *, tol, **options) -> tuple[Equilibrium, ...]``.
    games : tuple of str
        The kinds of game it applies to (``"two-player"``, ``"N-player"``, ``"symmetric"``).
    complete : bool
        Whether it returns every equilibrium of its class (so relabelling permutes the set).
    stochastic : bool
        Whether it takes ``rng``.

    Examples
    --------
    >>> from gamegroup.equilibria import METHODS
    >>> METHODS["lemke_howson"].games
    ('two-player',)
    """

    name: str
    function: Callable[..., tuple[Equilibrium, ...]]
    games: tuple[str, ...]
    complete: bool
    stochastic: bool = False


def _lemke_howson(game: Any, *, tol: float, **options: Any) -> tuple[Equilibrium, ...]:
    result = lemke_howson(game, tol=tol, **options)
    return () if result.equilibrium is None else (result.equilibrium,)


def _logit(game: Any, *, tol: float, **options: Any) -> tuple[Equilibrium, ...]:
    branch = logit_qre_branch(game, tol=tol, **options)
    return () if branch.limit is None else (branch.limit,)


def _local(game: Any, *, tol: float, **options: Any) -> tuple[Equilibrium, ...]:
    return local_nash_search(game, tol=tol, **options).equilibria


class MethodRegistry(Mapping[str, Method]):
    """Read-only registry of the solvers :func:`nash_equilibria` dispatches to.

    Examples
    --------
    >>> from gamegroup.equilibria import METHODS
    >>> [name for name, method in METHODS.items() if "symmetric" in method.games]
    ['pure', 'symmetric', 'logit', 'local']
    """

    def __init__(self, methods: dict[str, Method]) -> None:
        self._methods = dict(methods)

    def __getitem__(self, name: str) -> Method:
        return self._methods[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._methods)

    def __len__(self) -> int:
        return len(self._methods)

    def __repr__(self) -> str:
        return f"MethodRegistry({list(self._methods)})"


METHODS = MethodRegistry(
    {
        "vertex_enumeration": Method("vertex_enumeration", vertex_enumeration, (TWO_PLAYER,), True),
        "support_enumeration": Method(
            "support_enumeration", support_enumeration, (TWO_PLAYER,), True
        ),
        "lemke_howson": Method("lemke_howson", _lemke_howson, (TWO_PLAYER,), False),
        "lemke_howson_all": Method("lemke_howson_all", lemke_howson_all, (TWO_PLAYER,), False),
        "pure": Method("pure", pure_nash_equilibria, (TWO_PLAYER, N_PLAYER, SYMMETRIC), True),
        "symmetric": Method("symmetric", symmetric_nash_equilibria, (SYMMETRIC,), True),
        "logit": Method("logit", _logit, (TWO_PLAYER, N_PLAYER, SYMMETRIC), False),
        "local": Method("local", _local, (TWO_PLAYER, N_PLAYER, SYMMETRIC), False, True),
    }
)
"""Registry of the solvers :func:`nash_equilibria` dispatches to."""


def game_kind(game: Any) -> tuple[str, Any]:
    """Return ``(kind, game)`` with a ``nashpy.Game`` converted to a :class:`BimatrixGame`.

    Examples
    --------
    >>> import gamegroup as gg
    >>> game_kind(gg.BimatrixGame([[1]], [[1]]))[0]
    'two-player'
    """
    if isinstance(game, SymmetricGame):
        return SYMMETRIC, game
    if isinstance(game, NormalFormGame):
        return (TWO_PLAYER if game.n_players == 2 else N_PLAYER), game
    try:
        return TWO_PLAYER, as_bimatrix(game)
    except TypeError:
        raise TypeError(
            "`game` must be a NormalFormGame, BimatrixGame, nashpy.Game or SymmetricGame; got "
            f"{type(game).__name__}."
        ) from None


def nash_equilibria(
    game: Any, method: str | None = None, *, tol: float = DEFAULT_TOL, **options: Any
) -> tuple[Equilibrium, ...]:
    """Return Nash equilibria of a game with the chosen method (see :data:`METHODS`).

    Parameters
    ----------
    game : BimatrixGame, NormalFormGame, nashpy.Game or SymmetricGame
    method : str, optional
        A key of :data:`METHODS`; by default the complete method for the game type (see the
        module docstring).
    tol : float
        Largest accepted regret, relative to each player's payoff range.
    **options
        Passed to the method's function (``rng=`` for ``"local"``, ``initial_label=`` for
        ``"lemke_howson"``, ``exact=True`` for the enumeration methods, ...).

    Returns
    -------
    tuple of Equilibrium
        In deterministic order; empty when an iterative method failed (call its function
        directly to see why).

    Raises
    ------
    TypeError
        If ``game`` is of an unsupported type.
    ValueError
        If ``method`` is unknown or does not apply to the game (the message lists those that
        do), or an option is invalid.

    Examples
    --------
    >>> import gamegroup as gg
    >>> from gamegroup.equilibria import nash_equilibria
    >>> pd_game = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [eq.support for eq in nash_equilibria(pd_game)]
    [((1,), (1,))]
    >>> nash_equilibria(pd_game, method="symmetric")
    Traceback (most recent call last):
    ...
    ValueError: `method` 'symmetric' does not apply to a two-player game; methods that do: 'vertex_enumeration', 'support_enumeration', 'lemke_howson', 'lemke_howson_all', 'pure', 'logit', 'local'.
    """
    kind, checked = game_kind(game)
    if method is None:
        if kind == TWO_PLAYER:
            method = "vertex_enumeration" if sum(checked.n_actions) <= 64 else "lemke_howson"
        else:
            method = "symmetric" if kind == SYMMETRIC else "logit"
    if method not in METHODS:
        listed = ", ".join(repr(name) for name in METHODS)
        raise ValueError(f"`method` must be one of {listed}; got {method!r}.")
    spec = METHODS[method]
    if kind not in spec.games:
        applicable = ", ".join(repr(name) for name, m in METHODS.items() if kind in m.games)
        raise ValueError(
            f"`method` {method!r} does not apply to a {kind} game; methods that do: {applicable}."
        )
    return spec.function(checked, tol=tol, **options)


__all__ = ["METHODS", "Method", "nash_equilibria"]
