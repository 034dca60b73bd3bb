r"""Repeated games, strategies as finite automata, and community enforcement on a trust network.

**Repeated game.** A stage game with players :math:`i = 0, \dots, N-1` and payoffs
:math:`u_i(a)` is played in periods :math:`t = 0, 1, 2, \dots`; every player observes the whole
action profile of each period. With a discount factor :math:`\delta \in (0, 1)` a stream of
stage payoffs is valued by its normalised discounted sum

.. math::

    U_i = (1 - \delta) \sum_{t \ge 0} \delta^t u_i(a^t),

so that a constant stream is worth its stage payoff; without a discount factor it is valued by
the *limit of means* :math:`\lim_T \frac{1}{T} \sum_{t < T} u_i(a^t)` (the limit
:math:`\delta \to 1`). :class:`RepeatedGame` holds a stage game and either.

**Meeting frequency.** If the group meets ``f`` times per unit of time (say per month) and its
members discount the future at the continuous rate :math:`\rho` per unit of time, one meeting
period lasts :math:`1/f` and the per-meeting discount factor is

.. math::

    \delta = e^{-\rho / f}

(:func:`meeting_discount_factor`; the inverse :func:`required_meeting_frequency` gives the
least meeting frequency for which :math:`\delta` reaches a critical value). Meeting more often
raises :math:`\delta`, which is why frequent meetings can sustain agreements that monthly
meetings cannot (Fudenberg & Tirole 1991, ch. 5; Mailath & Samuelson 2006, ch. 2).

**Automata.** A strategy is a finite automaton (a Moore machine; Rubinstein 1986, Abreu &
Rubinstein 1988): states :math:`q \in \{0, \dots, m-1\}`, an initial state, an output
:math:`\sigma(q)` (a mixed action, so stochastic strategies such as generous tit-for-tat and
memory-one strategies are automata too), and a deterministic transition
:math:`q' = \tau(q, a)` on the *observed* action profile. Profiles are seen from the player's own
perspective: ``transitions[q, own_action, other_0, other_1, ...]`` with the other players in
increasing player order, so the same automaton can be used by any player of a symmetric game.
The library (:func:`grim_trigger`, :func:`tit_for_tat`, ...) is written for two-action stage
games with a ``cooperate`` action (default 0) and a defect action (the other one).

**Ostracism (community enforcement).** In :class:`Ostracism`, a member who deviates from an
agreement is cut off from knowledge sharing by its trusted neighbours. The deviation is seen at
the end of the period in which it happens by a set of *observers* (by default the deviator's own
trusted neighbours; for a price cut, the rivals in whose market it was made). News then travels
along trust ties, taking ``delay`` periods per tie, and never through the deviator itself: a
member at trust distance :math:`d` from the nearest observer (in the trust graph without the
deviator) learns of the deviation at period :math:`1 + \text{delay} \cdot d`. From the period in
which it learns, each of the deviator's neighbours stops sharing with it for
``punishment_length`` periods (``None``: forever); the deviator accepts the exclusion and stops
sharing with those who exclude it. If a member would lose :math:`L_{jm}` per period while
neighbour :math:`m` excludes it, learning at :math:`t_m`, a one-period deviation gaining
:math:`g_j` does not pay when

.. math::

    g_j \le \sum_m L_{jm}\, \delta^{t_m} \frac{1 - \delta^{T}}{1 - \delta},

which is the condition solved by
:func:`gamegroup.equilibria.ostracism_critical_discount_factors`. This is the
community-enforcement logic of Kandori (1992) and Ellison (1994), with information that travels
along a network as in Ali & Miller (2013) and Wolitzky (2013). With one tie and
``punishment_length=None`` it is grim trigger.

References
----------
Abreu, D., & Rubinstein, A. (1988). The structure of Nash equilibrium in repeated games with
finite automata. *Econometrica*, 56, 1259–1281.

Ali, S. N., & Miller, D. A. (2013). Enforcing cooperation in networked societies. Working paper.

Ellison, G. (1994). Cooperation in the prisoner's dilemma with anonymous random matching.
*Review of Economic Studies*, 61, 567–588.

Kandori, M. (1992). Social norms and community enforcement. *Review of Economic Studies*, 59,
63–80.

Mailath, G. J., & Samuelson, L. (2006). *Repeated Games and Reputations*. Oxford University
Press.

Nowak, M., & Sigmund, K. (1993). A strategy of win-stay, lose-shift that outperforms
tit-for-tat in the prisoner's dilemma game. *Nature*, 364, 56–58.

Wolitzky, A. (2013). Cooperation with network monitoring. *Review of Economic Studies*, 80,
395–427.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import product
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import shortest_path

from gamegroup._validation import (
    check_finite_array,
    check_int,
    check_probability,
    check_real,
    check_simplex,
)
from gamegroup.games.bimatrix import as_bimatrix, is_nashpy_game
from gamegroup.games.markets import Market
from gamegroup.games.normal_form import NormalFormGame
from gamegroup.games.symmetric import SymmetricGame
from gamegroup.networks.graph import CSRGraph, to_csr

__all__ = [
    "Automaton",
    "Oligopoly",
    "Ostracism",
    "RepeatedGame",
    "always_cooperate",
    "always_defect",
    "deterministic_memory_one_strategies",
    "generous_tit_for_tat",
    "grim_trigger",
    "meeting_discount_factor",
    "memory_one",
    "punishment",
    "required_meeting_frequency",
    "tit_for_tat",
    "win_stay_lose_shift",
]


# -- discount factor and meeting frequency ----------------------------------------------------
def meeting_discount_factor(meeting_frequency: float, *, discount_rate: float) -> float:
    r"""Return the per-meeting discount factor :math:`\delta = e^{-\rho / f}`.

    Parameters
    ----------
    meeting_frequency : float
        Meetings per unit of time, :math:`f > 0` (e.g. 4 for weekly meetings with a monthly unit).
    discount_rate : float
        Continuous discount rate per unit of time, :math:`\rho > 0`.

    Returns
    -------
    float
        :math:`\delta \in (0, 1)`.

    Raises
    ------
    ValueError
        If either argument is not strictly positive and finite.

    References
    ----------
    Fudenberg, D., & Tirole, J. (1991). *Game Theory*, section 5.1. MIT Press.

    Examples
    --------
    Monthly unit, 5% per month: meeting monthly gives :math:`e^{-0.05}`, weekly
    :math:`e^{-0.0125}`.

    >>> round(meeting_discount_factor(1, discount_rate=0.05), 4)
    0.9512
    >>> round(meeting_discount_factor(4, discount_rate=0.05), 4)
    0.9876
    """
    frequency = check_real(meeting_frequency, "meeting_frequency", low=0.0, low_inclusive=False)
    rate = check_real(discount_rate, "discount_rate", low=0.0, low_inclusive=False)
    return math.exp(-rate / frequency)


def required_meeting_frequency(discount_factor: float, *, discount_rate: float) -> float:
    r"""Return the least meeting frequency :math:`f = -\rho / \ln \delta` reaching ``discount_factor``.

    Parameters
    ----------
    discount_factor : float
        A (critical) per-meeting discount factor in :math:`[0, 1)`; 0 needs no meetings.
    discount_rate : float
        Continuous discount rate per unit of time, :math:`\rho > 0`.

    Returns
    -------
    float
        Meetings per unit of time.

    Raises
    ------
    ValueError
        If ``discount_factor`` is outside :math:`[0, 1)` or ``discount_rate`` is not positive.

    Examples
    --------
    An agreement with critical discount factor 0.95 at 5% per month needs about one meeting a
    month:

    >>> round(required_meeting_frequency(0.95, discount_rate=0.05), 3)
    0.975
    """
    delta = check_real(discount_factor, "discount_factor", low=0.0, high=1.0, high_inclusive=False)
    rate = check_real(discount_rate, "discount_rate", low=0.0, low_inclusive=False)
    if delta == 0.0:
        return 0.0
    return -rate / math.log(delta)


def check_discount_factor(value: Any, name: str = "discount_factor") -> float:
    """Return a discount factor strictly inside (0, 1)."""
    return check_real(value, name, low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)


# -- repeated game --------------------------------------------------------------------------
def as_stage_game(game: Any, name: str = "stage") -> NormalFormGame:
    """Return ``game`` as a :class:`NormalFormGame` (symmetric and nashpy games are converted)."""
    if isinstance(game, NormalFormGame):
        return game
    if isinstance(game, SymmetricGame):
        return game.to_normal_form()
    if is_nashpy_game(game):
        return as_bimatrix(game, name)
    raise TypeError(
        f"`{name}` must be a NormalFormGame, BimatrixGame, SymmetricGame or nashpy.Game; got "
        f"{type(game).__name__}."
    )


class RepeatedGame:
    r"""A stage game repeated infinitely often, with discounting or the limit of means.

    Parameters
    ----------
    stage : NormalFormGame, BimatrixGame, SymmetricGame or nashpy.Game
        The stage game (a symmetric game is expanded to its normal form).
    discount_factor : float, optional
        :math:`\delta \in (0, 1)`. ``None`` (default) evaluates streams by the limit of means.

    Attributes
    ----------
    stage : NormalFormGame
    discount_factor : float or None
    n_players : int
    n_actions : tuple of int

    Raises
    ------
    ValueError
        If ``discount_factor`` is outside :math:`(0, 1)`.
    TypeError
        If ``stage`` is not a game.

    References
    ----------
    Mailath, G. J., & Samuelson, L. (2006). *Repeated Games and Reputations*, ch. 2. Oxford
    University Press.

    Examples
    --------
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> game = RepeatedGame(pd, discount_factor=0.9)
    >>> game
    RepeatedGame(n_players=2, n_actions=(2, 2), discount_factor=0.9)
    >>> RepeatedGame(pd, discount_factor=1.0)
    Traceback (most recent call last):
    ...
    ValueError: `discount_factor` must lie in (0, 1); got 1.
    """

    __slots__ = ("_discount_factor", "_stage")

    def __init__(self, stage: Any, *, discount_factor: float | None = None) -> None:
        self._stage = as_stage_game(stage, "stage")
        self._discount_factor = (
            None if discount_factor is None else check_discount_factor(discount_factor)
        )

    @property
    def stage(self) -> NormalFormGame:
        """The stage game."""
        return self._stage

    @property
    def discount_factor(self) -> float | None:
        """The discount factor, or ``None`` for the limit of means."""
        return self._discount_factor

    @property
    def n_players(self) -> int:
        """Number of players."""
        return self._stage.n_players

    @property
    def n_actions(self) -> tuple[int, ...]:
        """Number of actions of each player in the stage game."""
        return self._stage.n_actions

    def with_discount_factor(self, discount_factor: float | None) -> RepeatedGame:
        """Return the same stage game with another discount factor.

        Examples
        --------
        >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd).with_discount_factor(0.5).discount_factor
        0.5
        """
        return RepeatedGame(self._stage, discount_factor=discount_factor)

    def __repr__(self) -> str:
        delta = "None" if self._discount_factor is None else f"{self._discount_factor:g}"
        return (
            f"RepeatedGame(n_players={self.n_players}, n_actions={self.n_actions}, "
            f"discount_factor={delta})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RepeatedGame):
            return NotImplemented
        return self._stage == other._stage and self._discount_factor == other._discount_factor

    __hash__ = None  # type: ignore[assignment]


# -- automata -------------------------------------------------------------------------------
class Automaton:
    """A strategy of a repeated game as a finite automaton (Moore machine).

    Parameters
    ----------
    actions : array_like
        Either integers of shape ``(n_states,)`` (the pure action played in each state) or
        probabilities of shape ``(n_states, n_actions)`` (a mixed action per state, each row on
        the simplex).
    transitions : array_like of int
        Shape ``(n_states, n_own_actions, n_0', ..., )``: ``transitions[q, own, *others]`` is the
        next state after the profile in which this player played ``own`` and the other players
        (in increasing player order) played ``others``.
    initial_state : int
        The state in period 0.
    n_actions : int, optional
        Number of own actions; needed only when ``actions`` are integers and do not use the
        highest action (defaults to ``transitions.shape[1]``).
    name : str, optional
        A label used in reprs and tables.

    Attributes
    ----------
    actions : numpy.ndarray
        Read-only ``(n_states, n_actions)`` probabilities.
    transitions : numpy.ndarray
        Read-only ``int64`` array.
    initial_state : int
    n_states : int
    n_actions : int
    observed_shape : tuple of int
        ``transitions.shape[1:]``: own actions first, then the others'.
    name : str

    Raises
    ------
    ValueError
        If a transition leads to a missing state, ``actions`` rows are not on the simplex, the
        shapes disagree, or ``initial_state`` is out of range.
    TypeError
        If ``transitions`` are not integers.

    Examples
    --------
    Tit-for-tat in a two-action game, action 0 cooperating: state ``q`` plays ``q`` and moves to
    the opponent's last action.

    >>> tft = Automaton([0, 1], [[[0, 1], [0, 1]], [[0, 1], [0, 1]]], name="TFT")
    >>> tft
    Automaton(name='TFT', n_states=2, observed_shape=(2, 2))
    >>> tft.actions
    array([[1., 0.],
           [0., 1.]])
    >>> Automaton([0], [[[0, 3], [0, 0]]])
    Traceback (most recent call last):
    ...
    ValueError: `transitions` must name states 0..0; got state 3.
    """

    __slots__ = ("_actions", "_initial_state", "_name", "_transitions")

    def __init__(
        self,
        actions: ArrayLike,
        transitions: ArrayLike,
        *,
        initial_state: int = 0,
        n_actions: int | None = None,
        name: str | None = None,
    ) -> None:
        raw_transitions = np.asarray(transitions)
        if raw_transitions.dtype.kind not in "iu":
            raise TypeError(
                "`transitions` must be an array of integer state indices; got dtype "
                f"{raw_transitions.dtype}."
            )
        if raw_transitions.ndim < 3:
            raise ValueError(
                "`transitions` must have shape (n_states, n_own_actions, n_other_actions, ...) "
                f"with at least one other player; got shape {raw_transitions.shape}."
            )
        n_states = raw_transitions.shape[0]
        if n_states < 1 or 0 in raw_transitions.shape:
            raise ValueError(
                f"`transitions` must have at least one state and action; got shape "
                f"{raw_transitions.shape}."
            )
        if raw_transitions.min() < 0 or raw_transitions.max() >= n_states:
            bad = raw_transitions.min() if raw_transitions.min() < 0 else raw_transitions.max()
            raise ValueError(f"`transitions` must name states 0..{n_states - 1}; got state {bad}.")
        own = raw_transitions.shape[1]
        if n_actions is not None:
            own_checked = check_int(n_actions, "n_actions", minimum=1)
            if own_checked != own:
                raise ValueError(
                    f"`n_actions` must equal transitions.shape[1] = {own}; got {own_checked}."
                )
        raw_actions = np.asarray(actions)
        if raw_actions.ndim == 1 and raw_actions.dtype.kind in "iu":
            if raw_actions.shape[0] != n_states:
                raise ValueError(
                    f"`actions` must give one action per state ({n_states}); got "
                    f"{raw_actions.shape[0]}."
                )
            if raw_actions.size and (raw_actions.min() < 0 or raw_actions.max() >= own):
                raise ValueError(
                    f"`actions` must be actions 0..{own - 1} of the stage game; got "
                    f"{raw_actions.tolist()}."
                )
            probabilities = np.zeros((n_states, own))
            probabilities[np.arange(n_states), raw_actions] = 1.0
        else:
            probabilities = check_simplex(raw_actions, "actions", size=own)
            if probabilities.shape != (n_states, own):
                raise ValueError(
                    f"`actions` must have shape (n_states, n_actions) = ({n_states}, {own}); got "
                    f"shape {probabilities.shape}."
                )
            probabilities = probabilities.copy()
        initial = check_int(initial_state, "initial_state", minimum=0, maximum=n_states - 1)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"`name` must be a string; got {type(name).__name__}.")
        probabilities.setflags(write=False)
        table = np.array(raw_transitions, dtype=np.int64)
        table.setflags(write=False)
        self._actions = probabilities
        self._transitions = table
        self._initial_state = initial
        self._name = name or f"automaton with {n_states} states"

    @classmethod
    def from_function(
        cls,
        actions: ArrayLike,
        transition: Callable[[int, tuple[int, ...]], int],
        *,
        observed_shape: Sequence[int],
        initial_state: int = 0,
        name: str | None = None,
    ) -> Automaton:
        """Build an automaton from a transition function ``transition(state, observed) -> state``.

        ``observed`` is the tuple ``(own_action, *other_actions)``.

        Examples
        --------
        Grim trigger for three players (cooperate = 0): any defection moves to state 1 forever.

        >>> grim3 = Automaton.from_function(
        ...     [0, 1], lambda q, seen: 1 if q == 1 or any(seen) else 0, observed_shape=(2, 2, 2)
        ... )
        >>> int(grim3.transitions[0, 0, 0, 1])
        1
        """
        if not callable(transition):
            raise TypeError(f"`transition` must be callable; got {type(transition).__name__}.")
        raw_actions = np.asarray(actions)
        n_states = raw_actions.shape[0]
        shape = tuple(check_int(n, "observed_shape", minimum=1) for n in observed_shape)
        table = np.empty((n_states, *shape), dtype=np.int64)
        for state in range(n_states):
            for observed in product(*(range(n) for n in shape)):
                table[(state, *observed)] = int(transition(state, observed))
        return cls(actions, table, initial_state=initial_state, name=name)

    @property
    def actions(self) -> NDArray[np.float64]:
        """Read-only ``(n_states, n_actions)`` mixed action of each state."""
        return self._actions

    @property
    def transitions(self) -> NDArray[np.int64]:
        """Read-only transition table ``transitions[state, own, *others]``."""
        return self._transitions

    @property
    def initial_state(self) -> int:
        """The state in period 0."""
        return self._initial_state

    @property
    def n_states(self) -> int:
        """Number of states."""
        return int(self._transitions.shape[0])

    @property
    def n_actions(self) -> int:
        """Number of own actions."""
        return int(self._transitions.shape[1])

    @property
    def observed_shape(self) -> tuple[int, ...]:
        """Shape of the observed profile: own actions first, then the others' in player order."""
        return tuple(int(n) for n in self._transitions.shape[1:])

    @property
    def name(self) -> str:
        """Label of the strategy."""
        return self._name

    @property
    def is_deterministic(self) -> bool:
        """Whether every state plays a pure action.

        Examples
        --------
        >>> grim_trigger().is_deterministic, generous_tit_for_tat().is_deterministic
        (True, False)
        """
        return bool(np.all((self._actions == 0.0) | (self._actions == 1.0)))

    def __repr__(self) -> str:
        return (
            f"Automaton(name={self._name!r}, n_states={self.n_states}, "
            f"observed_shape={self.observed_shape})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Automaton):
            return NotImplemented
        return (
            self._initial_state == other._initial_state
            and self._transitions.shape == other._transitions.shape
            and bool(np.array_equal(self._transitions, other._transitions))
            and bool(np.array_equal(self._actions, other._actions))
        )

    __hash__ = None  # type: ignore[assignment]


def check_strategies(
    strategies: Any, n_actions: tuple[int, ...], name: str = "strategies"
) -> tuple[Automaton, ...]:
    """Check one automaton per player, each matching the stage game's actions."""
    if isinstance(strategies, Automaton) or not isinstance(strategies, (list, tuple)):
        raise TypeError(
            f"`{name}` must be a sequence with one Automaton per player; got "
            f"{type(strategies).__name__}."
        )
    if len(strategies) != len(n_actions):
        raise ValueError(
            f"`{name}` must have one automaton per player ({len(n_actions)}); got "
            f"{len(strategies)}."
        )
    for i, automaton in enumerate(strategies):
        if not isinstance(automaton, Automaton):
            raise TypeError(f"`{name}[{i}]` must be an Automaton; got {type(automaton).__name__}.")
        expected = (n_actions[i], *(n for j, n in enumerate(n_actions) if j != i))
        if automaton.observed_shape != expected:
            raise ValueError(
                f"`{name}[{i}]` must observe profiles of shape {expected} (own actions, then the "
                f"others') with actions of the stage game; got {automaton.observed_shape}."
            )
    return tuple(strategies)


# -- the strategy library (two-action stage games) ------------------------------------------
def _binary_setup(n_players: int, cooperate: int) -> tuple[int, int, tuple[int, ...]]:
    players = check_int(n_players, "n_players", minimum=2)
    c = check_int(cooperate, "cooperate", minimum=0, maximum=1)
    return players, c, (2,) * players


def always_cooperate(n_players: int = 2, *, cooperate: int = 0) -> Automaton:
    """Return the one-state strategy that always cooperates (always shares).

    Parameters
    ----------
    n_players : int
        Players of the two-action stage game.
    cooperate : {0, 1}
        Index of the cooperative action; the other action defects.

    Returns
    -------
    Automaton

    Raises
    ------
    ValueError
        If ``n_players < 2`` or ``cooperate`` is not 0 or 1.

    Examples
    --------
    >>> always_cooperate().actions
    array([[1., 0.]])
    """
    _, c, shape = _binary_setup(n_players, cooperate)
    return Automaton([c], np.zeros((1, *shape), dtype=np.int64), name="always cooperate")


def always_defect(n_players: int = 2, *, cooperate: int = 0) -> Automaton:
    """Return the one-state strategy that always defects (never shares).

    Parameters
    ----------
    n_players : int
    cooperate : {0, 1}

    Returns
    -------
    Automaton

    Raises
    ------
    ValueError
        If ``n_players < 2`` or ``cooperate`` is not 0 or 1.

    Examples
    --------
    >>> always_defect(cooperate=1).actions
    array([[1., 0.]])
    """
    _, c, shape = _binary_setup(n_players, cooperate)
    return Automaton([1 - c], np.zeros((1, *shape), dtype=np.int64), name="always defect")


def grim_trigger(n_players: int = 2, *, cooperate: int = 0) -> Automaton:
    """Return grim trigger: cooperate until anyone defects, then defect forever.

    State 0 cooperates, state 1 defects and is absorbing. Any defection in the observed profile,
    one's own included, triggers the punishment, so a profile of grim triggers is the textbook
    "cooperate as long as everyone has cooperated" equilibrium.

    Parameters
    ----------
    n_players : int
    cooperate : {0, 1}

    Returns
    -------
    Automaton

    Raises
    ------
    ValueError
        If ``n_players < 2`` or ``cooperate`` is not 0 or 1.

    References
    ----------
    Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
    Studies*, 38, 1–12.

    Examples
    --------
    >>> grim = grim_trigger()
    >>> grim.transitions[0]
    array([[0, 1],
           [1, 1]])
    """
    return punishment(None, n_players, cooperate=cooperate)


def punishment(periods: int | None, n_players: int = 2, *, cooperate: int = 0) -> Automaton:
    """Return k-period punishment: after any defection, defect for ``periods`` periods.

    State 0 cooperates; a defection by anyone (observed in state 0) moves to state 1, and states
    ``1..k`` defect and count down whatever is played, returning to cooperation after ``k``
    periods. ``periods=None`` never returns: grim trigger.

    Parameters
    ----------
    periods : int or None
        Length ``k >= 1`` of the punishment, or ``None`` for ever.
    n_players : int
    cooperate : {0, 1}

    Returns
    -------
    Automaton

    Raises
    ------
    ValueError
        If ``periods < 1``, ``n_players < 2`` or ``cooperate`` is not 0 or 1.
    TypeError
        If ``periods`` is not an integer or ``None``.

    Examples
    --------
    >>> two = punishment(2)
    >>> two.n_states
    3
    >>> two.transitions[:, 0, 0]
    array([0, 2, 0])
    """
    _, c, shape = _binary_setup(n_players, cooperate)
    if periods is None:
        length = 1
        name = "grim trigger"
    else:
        length = check_int(periods, "periods", minimum=1)
        name = f"{length}-period punishment"

    def step(state: int, observed: tuple[int, ...]) -> int:
        if state == 0:
            return 0 if all(a == c for a in observed) else 1
        if periods is None:
            return 1
        return 0 if state == length else state + 1

    return Automaton.from_function([c] + [1 - c] * length, step, observed_shape=shape, name=name)


def tit_for_tat(n_players: int = 2, *, cooperate: int = 0) -> Automaton:
    """Return tit-for-tat: cooperate first, then cooperate iff every other player cooperated.

    Parameters
    ----------
    n_players : int
    cooperate : {0, 1}

    Returns
    -------
    Automaton

    Raises
    ------
    ValueError
        If ``n_players < 2`` or ``cooperate`` is not 0 or 1.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.

    Examples
    --------
    >>> tit_for_tat().transitions[0]
    array([[0, 1],
           [0, 1]])
    """
    return generous_tit_for_tat(0.0, n_players, cooperate=cooperate, name="tit-for-tat")


def generous_tit_for_tat(
    generosity: float = 1 / 3,
    n_players: int = 2,
    *,
    cooperate: int = 0,
    name: str | None = None,
) -> Automaton:
    """Return generous tit-for-tat: after another player defects, still cooperate w.p. ``g``.

    State 0 (everyone else cooperated last period, or period 0) cooperates; state 1 cooperates
    with probability ``generosity``.

    Parameters
    ----------
    generosity : float
        Probability ``g`` in [0, 1] of forgiving; ``g = 0`` is tit-for-tat. Nowak & Sigmund's
        value for the prisoner's dilemma is
        ``min(1 - (T - R) / (R - S), (R - P) / (T - P))``, which is 1/3 for (5, 3, 1, 0).
    n_players : int
    cooperate : {0, 1}
    name : str, optional

    Returns
    -------
    Automaton

    Raises
    ------
    ValueError
        If ``generosity`` is outside [0, 1], ``n_players < 2`` or ``cooperate`` is not 0 or 1.

    References
    ----------
    Nowak, M. A., & Sigmund, K. (1992). Tit for tat in heterogeneous populations. *Nature*, 355,
    250–253.

    Examples
    --------
    >>> generous_tit_for_tat(0.25).actions
    array([[1.  , 0.  ],
           [0.25, 0.75]])
    """
    g = check_probability(generosity, "generosity")
    _, c, shape = _binary_setup(n_players, cooperate)
    actions = np.zeros((2, 2))
    actions[0, c] = 1.0
    actions[1, c] = g
    actions[1, 1 - c] = 1.0 - g
    return Automaton.from_function(
        actions,
        lambda _state, observed: 0 if all(a == c for a in observed[1:]) else 1,
        observed_shape=shape,
        name=name or f"generous tit-for-tat (g={g:g})",
    )


def win_stay_lose_shift(n_players: int = 2, *, cooperate: int = 0) -> Automaton:
    """Return win-stay, lose-shift (Pavlov): repeat the last action iff all others cooperated.

    The state is the player's own last action (state 0 cooperates). After a period in which every
    other player cooperated (a "win") the player repeats its action; otherwise it switches. In
    two-player games it cooperates after mutual cooperation and mutual defection.

    Parameters
    ----------
    n_players : int
    cooperate : {0, 1}

    Returns
    -------
    Automaton

    Raises
    ------
    ValueError
        If ``n_players < 2`` or ``cooperate`` is not 0 or 1.

    References
    ----------
    Nowak, M., & Sigmund, K. (1993). A strategy of win-stay, lose-shift that outperforms
    tit-for-tat in the prisoner's dilemma game. *Nature*, 364, 56–58.

    Examples
    --------
    >>> wsls = win_stay_lose_shift()
    >>> wsls.transitions[0]
    array([[0, 1],
           [1, 0]])
    """
    _, c, shape = _binary_setup(n_players, cooperate)

    def step(_state: int, observed: tuple[int, ...]) -> int:
        own = observed[0]
        win = all(a == c for a in observed[1:])
        played = 0 if own == c else 1
        return played if win else 1 - played

    return Automaton.from_function(
        [c, 1 - c], step, observed_shape=shape, name="win-stay lose-shift"
    )


def memory_one(
    cooperation_probabilities: ArrayLike,
    initial_cooperation: float = 1.0,
    *,
    cooperate: int = 0,
    name: str | None = None,
) -> Automaton:
    """Return a two-player memory-one strategy :math:`(p_{CC}, p_{CD}, p_{DC}, p_{DD})`.

    :math:`p_{xy}` is the probability of cooperating after a period in which the player played
    ``x`` and the opponent ``y``. States 0..3 are those four outcomes (own action first) and
    state 4 is period 0, which cooperates with probability ``initial_cooperation``.

    Parameters
    ----------
    cooperation_probabilities : array_like
        Four probabilities in [0, 1].
    initial_cooperation : float
        Probability of cooperating in period 0.
    cooperate : {0, 1}
    name : str, optional

    Returns
    -------
    Automaton

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or there are not four of them.

    References
    ----------
    Nowak, M., & Sigmund, K. (1993). A strategy of win-stay, lose-shift that outperforms
    tit-for-tat in the prisoner's dilemma game. *Nature*, 364, 56–58.

    Examples
    --------
    Win-stay lose-shift is :math:`(1, 0, 0, 1)`:

    >>> pavlov = memory_one([1, 0, 0, 1])
    >>> pavlov.actions[:, 0]
    array([1., 0., 0., 1., 1.])
    """
    p = check_finite_array(cooperation_probabilities, "cooperation_probabilities", ndim=1)
    if p.shape != (4,) or np.any((p < 0) | (p > 1)):
        raise ValueError(
            "`cooperation_probabilities` must be four probabilities in [0, 1] "
            f"(p_CC, p_CD, p_DC, p_DD); got {p.tolist()}."
        )
    first = check_probability(initial_cooperation, "initial_cooperation")
    c = check_int(cooperate, "cooperate", minimum=0, maximum=1)
    cooperation = np.append(p, first)
    actions = np.zeros((5, 2))
    actions[:, c] = cooperation
    actions[:, 1 - c] = 1.0 - cooperation

    def step(_state: int, observed: tuple[int, ...]) -> int:
        own, other = (0 if a == c else 1 for a in observed)
        return 2 * own + other

    label = name or "memory-one " + str(tuple(float(x) for x in p)) + f" first {first:g}"
    return Automaton.from_function(
        actions, step, observed_shape=(2, 2), initial_state=4, name=label
    )


def deterministic_memory_one_strategies(*, cooperate: int = 0) -> tuple[Automaton, ...]:
    r"""Return the 32 deterministic two-player memory-one strategies.

    Every choice of :math:`(p_{CC}, p_{CD}, p_{DC}, p_{DD}) \in \{0, 1\}^4` and of the first
    move, in the order of the binary number ``p_CC p_CD p_DC p_DD first`` (1 = cooperate)
    descending, so the first strategy always cooperates.

    Parameters
    ----------
    cooperate : {0, 1}

    Returns
    -------
    tuple of Automaton

    Raises
    ------
    ValueError
        If ``cooperate`` is not 0 or 1.

    Examples
    --------
    >>> library = deterministic_memory_one_strategies()
    >>> len(library), library[0].name
    (32, 'memory-one (1.0, 1.0, 1.0, 1.0) first 1')
    """
    strategies = []
    for bits in product((1, 0), repeat=5):
        strategies.append(memory_one(bits[:4], float(bits[4]), cooperate=cooperate))
    return tuple(strategies)


# -- ostracism on a trust network -----------------------------------------------------------
class Ostracism:
    """Community enforcement: deviators are cut off from sharing by their trusted neighbours.

    See the module docstring for the model. The critical discount factors are computed by
    :func:`gamegroup.equilibria.ostracism_critical_discount_factors`.

    Parameters
    ----------
    trust : networkx.Graph or CSRGraph
        The trust layer (undirected, weights in (0, 1]); news of a deviation travels along its ties.
    punishment_length : int or None
        Periods ``T >= 1`` a neighbour excludes the deviator once it learns; ``None``: forever.
    delay : int
        Periods ``>= 0`` news takes to cross one trust tie.

    Attributes
    ----------
    trust : CSRGraph
    punishment_length : int or None
    delay : int
    n_members : int

    Raises
    ------
    ValueError
        If a weight is outside (0, 1], ``punishment_length < 1`` or ``delay < 0``.
    TypeError
        If ``trust`` is not an undirected networkx graph or CSRGraph.

    Examples
    --------
    A triangle plus a pendant member; member 1 deviates and only member 0 sees it. Member 2
    hears from 0 one tie later, member 3 (behind 2) two ties later:

    >>> import networkx as nx
    >>> trust = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3)])
    >>> Ostracism(trust, delay=2).learning_periods(1, observers=[0])
    array([ 1., nan,  3.,  5.])
    """

    __slots__ = ("_delay", "_distances", "_punishment_length", "_trust")

    def __init__(self, trust: Any, *, punishment_length: int | None = None, delay: int = 1) -> None:
        if isinstance(trust, CSRGraph):
            if trust.weights.size and (trust.weights.min() <= 0 or trust.weights.max() > 1):
                raise ValueError("`trust` edge weights must lie in (0, 1].")
            self._trust = trust
        else:
            self._trust = to_csr(trust, "trust", high=1.0)
        self._punishment_length = (
            None
            if punishment_length is None
            else check_int(punishment_length, "punishment_length", minimum=1)
        )
        self._delay = check_int(delay, "delay", minimum=0)
        self._distances: dict[int, NDArray[np.float64]] = {}

    @property
    def trust(self) -> CSRGraph:
        """The trust layer."""
        return self._trust

    @property
    def punishment_length(self) -> int | None:
        """Periods of exclusion, or ``None`` for ever."""
        return self._punishment_length

    @property
    def delay(self) -> int:
        """Periods news takes to cross one trust tie."""
        return self._delay

    @property
    def n_members(self) -> int:
        """Number of members."""
        return self._trust.n_nodes

    def __repr__(self) -> str:
        return (
            f"Ostracism(n_members={self.n_members}, punishment_length={self._punishment_length}, "
            f"delay={self._delay})"
        )

    def learning_periods(
        self, deviator: int, observers: Sequence[int] | None = None
    ) -> NDArray[np.float64]:
        """Return the period in which each member learns of a deviation by ``deviator`` in period 0.

        Parameters
        ----------
        deviator : int
            Position of the deviating member.
        observers : sequence of int, optional
            Members who see the deviation directly (they learn in period 1); by default the
            deviator's trusted neighbours.

        Returns
        -------
        numpy.ndarray
            Shape ``(n_members,)``: ``1 + delay * d``, with ``d`` the trust distance from the
            nearest observer avoiding the deviator; ``inf`` for members news never reaches, NaN
            for the deviator itself.

        Raises
        ------
        ValueError
            If ``deviator`` or an observer is not a member, or an observer is the deviator.

        Examples
        --------
        >>> import networkx as nx
        >>> Ostracism(nx.path_graph(3)).learning_periods(1)
        array([ 1., nan,  1.])
        """
        n = self.n_members
        j = check_int(deviator, "deviator", minimum=0, maximum=n - 1)
        if observers is None:
            seen = self._trust.neighbours(j)
        else:
            seen = np.array(
                [
                    check_int(o, f"observers[{k}]", minimum=0, maximum=n - 1)
                    for k, o in enumerate(observers)
                ],
                dtype=np.int64,
            )
            if np.any(seen == j):
                raise ValueError(f"`observers` must not include the deviator {j}.")
        distances = self._hops_without(j)
        periods = np.full(n, np.inf)
        if seen.size:
            hops = distances[seen].min(axis=0)
            reached = np.isfinite(hops)
            periods[reached] = 1.0 + self._delay * hops[reached]
        periods[j] = np.nan
        return periods

    def _hops_without(self, member: int) -> NDArray[np.float64]:
        """Hop distances between all members in the trust graph with ``member``'s ties removed."""
        if member not in self._distances:
            n = self.n_members
            rows = np.repeat(np.arange(n), self._trust.degrees)
            columns = self._trust.indices
            keep = (rows != member) & (columns != member)
            adjacency = csr_array(
                (np.ones(int(keep.sum())), (rows[keep], columns[keep])), shape=(n, n)
            )
            self._distances[member] = shortest_path(adjacency, unweighted=True, directed=False)
        return self._distances[member]


# -- the repeated oligopoly ---------------------------------------------------------------------
class Oligopoly:
    """Stage game of price or quantity competition: a market, members' costs and a market layer.

    It is data only; agreements among its members are checked with
    :func:`gamegroup.equilibria.check_agreement`.

    Parameters
    ----------
    market : Market
        A market model (:class:`~gamegroup.games.Bertrand`, :class:`~gamegroup.games.Cournot`,
        :class:`~gamegroup.games.HomogeneousBertrand`, :class:`~gamegroup.games.PriceTaking`).
    costs : array_like
        Members' marginal costs, non-negative.
    layer : TwoLayerNetwork, CSRGraph, networkx.Graph or None
        The market layer (``None``: every member competes with every other).

    Attributes
    ----------
    market, costs, layer, n_members

    Raises
    ------
    TypeError
        If ``market`` is not a Market.
    ValueError
        If a cost is negative or not finite, or the equilibrium leaves the market's region.

    Examples
    --------
    >>> duopoly = Oligopoly(gg.games.Cournot.homogeneous(2), [0.0, 0.0])
    >>> duopoly.equilibrium().profits.round(4)
    array([0.1111, 0.1111])
    """

    __slots__ = ("_costs", "_layer", "_market")

    def __init__(self, market: Any, costs: ArrayLike, layer: Any = None) -> None:
        if not isinstance(market, Market):
            raise TypeError(f"`market` must be a Market; got {type(market).__name__}.")
        values = check_finite_array(costs, "costs", ndim=1)
        if values.size == 0 or np.any(values < 0):
            raise ValueError("`costs` must be one non-negative marginal cost per member.")
        values.setflags(write=False)
        self._market = market
        self._costs = values
        self._layer = layer
        market.equilibrium(values, layer)  # validates the layer and the equilibrium region

    @property
    def market(self) -> Any:
        """The market model."""
        return self._market

    @property
    def costs(self) -> NDArray[np.float64]:
        """Read-only marginal costs."""
        return self._costs

    @property
    def layer(self) -> Any:
        """The market layer (or ``None``)."""
        return self._layer

    @property
    def n_members(self) -> int:
        """Number of members."""
        return int(self._costs.size)

    def equilibrium(self) -> Any:
        """Return the stage-game equilibrium (the status quo), a ``MarketOutcome``.

        Examples
        --------
        >>> Oligopoly(gg.games.HomogeneousBertrand(), [0.0, 0.0, 0.0]).equilibrium().profits
        array([0., 0., 0.])
        """
        return self._market.equilibrium(self._costs, self._layer)

    def __repr__(self) -> str:
        return f"Oligopoly(market={self._market!r}, n_members={self.n_members})"
