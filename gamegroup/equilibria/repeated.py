r"""Exact payoffs, subgame perfection and critical discount factors of automaton profiles.

**Joint chain.** A profile of finite automata (one per player; see
:class:`gamegroup.games.Automaton`) induces a Markov chain on joint states
:math:`s = (q_0, \dots, q_{N-1})`. In state :math:`s` player :math:`i` intends the mixed action
:math:`\sigma_i(q_i)`; with an implementation error (tremble) :math:`\varepsilon` it plays

.. math::

    \tilde\sigma_i(q_i) = (1 - \varepsilon)\, \sigma_i(q_i)
    + \frac{\varepsilon}{n_i - 1} (1 - \sigma_i(q_i)),

i.e. each intended action is replaced by a uniformly drawn other action with probability
:math:`\varepsilon`. The profile :math:`a` is drawn from :math:`\prod_i \tilde\sigma_i(q_i)`,
every automaton moves on the observed profile, and the chain has transition matrix
:math:`P_{s s'} = \sum_a \Pr(a \mid s)\, [\tau(s, a) = s']` and expected stage payoffs
:math:`r_i(s) = \sum_a \Pr(a \mid s)\, u_i(a)`. Only joint states reachable from the initial one
(under *any* action profile, as subgame perfection requires) are kept.

**Payoffs** are computed exactly, never by playing matches:

* discounted: :math:`V = (1 - \delta)(I - \delta P)^{-1} r`, a linear solve;
* limit of means (:math:`\delta \to 1`): :math:`\bar u = e_0 P^* r` with the Cesàro limit
  :math:`P^* = \lim_T \frac1T \sum_{t<T} P^t`, which equals :math:`\lim_n ((I + P)/2)^n`
  (the lazy chain is aperiodic and has the same stationary distributions; Kemeny & Snell 1976)
  and is computed by 64 repeated squarings, so periodic chains are handled exactly;
* a finite horizon :math:`H`: :math:`\frac{1}{H} \sum_{t < H} e_0 P^t r`, the expected average
  of an :math:`H`-period match, by propagating the distribution.

**One-shot deviation principle.** An automaton profile is a subgame-perfect equilibrium of the
discounted game iff no player gains by deviating in a single period from any reachable joint
state and conforming afterwards (Mailath & Samuelson 2006, prop. 2.2.1):

.. math::

    \max_{s,\; x \in A_i}\; \Big[ \sum_a \Pr(a \mid s, i \to x)\,
    \big((1 - \delta) u_i(a) + \delta V_i(\tau(s, a))\big) \Big] - V_i(s) \le 0,

where :math:`i \to x` means that player :math:`i` intends :math:`x` (subject to the same tremble)
while the others follow their automata. The **critical discount factor** of player :math:`i` is
:math:`\delta_i^* = \inf\{\delta \in [0, 1) : \text{no one-shot deviation of } i \text{ pays}\}`.
It is located on a fixed grid of :math:`\delta` values (dense near 1, up to
:math:`1 - 10^{-6}`, beyond which gains of order :math:`1 - \delta` are lost in rounding) and
refined by bisection to machine precision; isolated equilibria between grid points are found by
golden-section search near local minima of the largest gain; ``sustained_above`` records
whether no deviation pays at any grid point above it (tit-for-tat, for instance, is subgame
perfect in the prisoner's dilemma only at isolated :math:`\delta`). Gains are compared with a
tolerance proportional to the range of stage payoffs, so ties are not counted as profitable
and :math:`\delta^*` is invariant under positive affine transformations of payoffs.

References
----------
Abreu, D. (1988). On the theory of infinitely repeated games with discounting.
*Econometrica*, 56, 383–396.

Mailath, G. J., & Samuelson, L. (2006). *Repeated Games and Reputations*. Oxford University
Press.

Kemeny, J. G., & Snell, J. L. (1976). *Finite Markov Chains*. Springer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from gamegroup._results import Result, result_type
from gamegroup._validation import (
    check_finite_array,
    check_int,
    check_real,
    check_returned_real,
    check_type,
)
from gamegroup.games.bimatrix import BimatrixGame
from gamegroup.games.normal_form import NormalFormGame
from gamegroup.games.repeated import (
    Automaton,
    Ostracism,
    RepeatedGame,
    as_stage_game,
    check_strategies,
)

__all__ = [
    "CriticalDiscountFactors",
    "SubgamePerfection",
    "critical_discount_factors",
    "one_shot_deviation_check",
    "ostracism_critical_discount_factors",
    "pairwise_critical_discount_factors",
    "repeated_payoffs",
    "tournament_game",
]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_GAIN_TOL = 1e-9  # relative to the range of stage payoffs
_BISECTION_STEPS = 52
_GOLDEN_STEPS = 64
_SQUARINGS = 64
# Grid on which the first sustainable discount factor is located before bisection. Above
# 1 - 1e-6, gains of order (1 - delta) drown in the rounding error of the values (~ eps/(1 - delta)).
DELTA_GRID = np.unique(
    np.concatenate([np.linspace(0.0, 0.95, 39), 1.0 - 10.0 ** (-np.arange(5, 25) / 4.0)])
)


# -- result types ---------------------------------------------------------------------------
@result_type
class CriticalDiscountFactors(Result):
    r"""Critical discount factors :math:`\delta^*`, one per player or member.

    Attributes
    ----------
    values : numpy.ndarray
        :math:`\delta^*_i`; NaN where no discount factor in :math:`[0, 1)` works.
    sustained_above : numpy.ndarray
        Boolean: no deviation pays at any checked :math:`\delta \ge \delta^*_i` (always true for
        closed-form thresholds).
    message : str

    Examples
    --------
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> from gamegroup.games import grim_trigger
    >>> result = critical_discount_factors(pd, [grim_trigger(), grim_trigger()])
    >>> result.values
    array([0.5, 0.5])
    >>> float(result.overall)
    0.5
    """

    values: NDArray[np.float64]
    sustained_above: NDArray[np.bool_]
    message: str

    @property
    def overall(self) -> float:
        r"""The largest :math:`\delta^*_i` (the profile's threshold); NaN if any is NaN."""
        return float(np.max(self.values)) if self.values.size else 0.0

    @property
    def success(self) -> bool:
        """Whether every player has a critical discount factor below 1."""
        return bool(np.all(np.isfinite(self.values)))

    def to_frame(self) -> pd.DataFrame:
        """Return one row per player: ``player``, ``critical_discount_factor``, ``sustained_above``.

        Examples
        --------
        >>> from gamegroup.games import grim_trigger
        >>> pd_game = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> critical_discount_factors(pd_game, [grim_trigger()] * 2).to_frame().shape
        (2, 3)
        """
        return pd.DataFrame(
            {
                "player": np.arange(self.values.size),
                "critical_discount_factor": self.values,
                "sustained_above": self.sustained_above,
            }
        )


@result_type
class SubgamePerfection(Result):
    """Outcome of the one-shot deviation check of an automaton profile at one discount factor.

    Attributes
    ----------
    subgame_perfect : bool
        No player gains by a one-shot deviation from any reachable joint state.
    discount_factor : float
    payoffs : numpy.ndarray
        Normalised discounted payoffs of the profile, shape ``(N,)``.
    largest_gains : numpy.ndarray
        Each player's largest gain (normalised units) from a one-shot deviation; ``<= 0`` (up
        to the tolerance) when it has none.
    deviation_states : numpy.ndarray
        ``(N, N)`` ints: row ``i`` gives every automaton's state where player ``i``'s largest
        gain is found.
    deviation_actions : numpy.ndarray
        The action player ``i`` deviates to there.
    critical_discount_factors : CriticalDiscountFactors
    n_joint_states : int
        Reachable joint states checked.
    message : str

    Examples
    --------
    >>> from gamegroup.games import RepeatedGame, grim_trigger
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> check = one_shot_deviation_check(
    ...     RepeatedGame(pd, discount_factor=0.4), [grim_trigger(), grim_trigger()]
    ... )
    >>> check.subgame_perfect, check.largest_gains.round(2)
    (False, array([0.4, 0.4]))
    """

    subgame_perfect: bool
    discount_factor: float
    payoffs: NDArray[np.float64]
    largest_gains: NDArray[np.float64]
    deviation_states: NDArray[np.int64]
    deviation_actions: NDArray[np.int64]
    critical_discount_factors: CriticalDiscountFactors
    n_joint_states: int
    message: str


# -- stacking automata into arrays ----------------------------------------------------------
@dataclass(frozen=True)
class _Stack:
    """A library of automata for one player, padded to a common number of states."""

    actions: NDArray[np.float64]  # (k, S, n) intended mixed actions
    transitions: NDArray[np.int64]  # (k, S, A) next state for each flat *global* profile
    initial: NDArray[np.int64]  # (k,)


def _stack(automata: Sequence[Automaton], player: int, n_actions: tuple[int, ...]) -> _Stack:
    size = max(a.n_states for a in automata)
    n_profiles = int(np.prod(n_actions))
    k = len(automata)
    actions = np.zeros((k, size, n_actions[player]))
    actions[:, :, 0] = 1.0
    transitions = np.broadcast_to(np.arange(size)[None, :, None], (k, size, n_profiles)).copy()
    for row, automaton in enumerate(automata):
        m = automaton.n_states
        actions[row, :m] = automaton.actions
        # Own action sits first in the automaton's view; move it to position `player`.
        global_order = np.moveaxis(automaton.transitions, 1, 1 + player)
        transitions[row, :m] = global_order.reshape(m, n_profiles)
    initial = np.array([a.initial_state for a in automata], dtype=np.int64)
    return _Stack(actions, transitions, initial)


def _tremble(actions: NDArray[np.float64], tremble: float) -> NDArray[np.float64]:
    n = actions.shape[-1]
    if n == 1 or tremble == 0.0:
        return actions
    return (1.0 - tremble) * actions + tremble * (1.0 - actions) / (n - 1)


def _tremble_matrix(n: int, tremble: float) -> NDArray[np.float64]:
    return _tremble(np.eye(n), tremble)


@dataclass(frozen=True)
class _Chain:
    """The compacted joint chain of a batch of automaton profiles (see the module docstring)."""

    payoffs: NDArray[np.float64]  # (N, A) stage payoffs, flat profiles
    n_actions: tuple[int, ...]
    tremble: float
    valid: NDArray[np.bool_]  # (B, R) reachable joint states (state 0 is the initial one)
    next_state: NDArray[np.int64]  # (B, R, A)
    played: tuple[NDArray[np.float64], ...]  # per player (B, R, n_i) played distributions
    states: NDArray[np.int64]  # (B, R, N) automaton states of each joint state
    transition: NDArray[np.float64]  # (B, R, R)
    rewards: NDArray[np.float64]  # (B, R, N)

    @property
    def scale(self) -> float:
        spread = float(self.payoffs.max() - self.payoffs.min())
        return spread if spread > 0 else 1.0


def _build_chain(
    stage: NormalFormGame,
    stacks: Sequence[_Stack],
    members: NDArray[np.int64],
    tremble: float,
) -> _Chain:
    """Build the joint chains of profiles ``members[b] = (row in stack 0, row in stack 1, ...)``."""
    n_actions = stage.n_actions
    n_players = len(n_actions)
    batch = members.shape[0]
    sizes = tuple(s.actions.shape[1] for s in stacks)
    n_joint = int(np.prod(sizes))
    n_profiles = int(np.prod(n_actions))
    local = np.unravel_index(np.arange(n_joint), sizes)  # automaton state of each joint state
    strides = np.array([int(np.prod(sizes[i + 1 :])) for i in range(n_players)], dtype=np.int64)
    next_full = np.zeros((batch, n_joint, n_profiles), dtype=np.int64)
    for i, stack in enumerate(stacks):
        table = stack.transitions[members[:, i]]  # (B, S_i, A)
        next_full += strides[i] * table[:, local[i], :]
    initial = (np.stack([s.initial[members[:, i]] for i, s in enumerate(stacks)], 1) * strides).sum(
        1
    )
    # Joint states reachable from the initial one under any action profile.
    reach = np.zeros((batch, n_joint), dtype=bool)
    reach[np.arange(batch), initial] = True
    offsets = (np.arange(batch) * n_joint)[:, None, None]
    while True:
        targets = np.where(reach[:, :, None], next_full, initial[:, None, None]) + offsets
        grown = np.zeros(batch * n_joint, dtype=bool)
        grown[targets.ravel()] = True
        grown = grown.reshape(batch, n_joint) | reach
        if np.array_equal(grown, reach):
            break
        reach = grown
    counts = reach.sum(axis=1)
    size = int(counts.max())
    index = np.arange(n_joint)
    key = np.where(reach, np.where(index == initial[:, None], 0, 1 + index), n_joint + 1 + index)
    order = np.argsort(key, axis=1, kind="stable")[:, :size]  # (B, R) full joint index
    valid = np.arange(size)[None, :] < counts[:, None]
    compact = np.full((batch, n_joint), -1, dtype=np.int64)
    np.put_along_axis(compact, order, np.broadcast_to(np.arange(size), (batch, size)), axis=1)
    rows = np.take_along_axis(next_full, order[:, :, None], axis=1)  # (B, R, A)
    next_state = np.take_along_axis(compact, rows.reshape(batch, -1), axis=1).reshape(rows.shape)
    pad = ~valid
    next_state = np.where(pad[:, :, None], np.arange(size)[None, :, None], next_state)
    states = np.stack([local[i][order] for i in range(n_players)], axis=-1)
    played = []
    for i, stack in enumerate(stacks):
        intended = stack.actions[members[:, i]]  # (B, S_i, n_i)
        at_joint = np.take_along_axis(intended, states[:, :, i, None], axis=1)
        played.append(_tremble(at_joint, tremble))
    joint = played[0]
    for i in range(1, n_players):
        joint = (joint[..., None] * played[i][:, :, None, :]).reshape(batch, size, -1)
    joint = np.where(pad[:, :, None], 0.0, joint)
    flat_payoffs = stage.payoffs.reshape(n_players, n_profiles)
    rewards = joint @ flat_payoffs.T
    flat = (np.arange(batch)[:, None, None] * size + np.arange(size)[None, :, None]) * size
    transition = cast(
        NDArray[np.float64],
        np.bincount(
            (flat + next_state).ravel(), weights=joint.ravel(), minlength=batch * size * size
        ).reshape(batch, size, size),
    )
    transition[pad] = 0.0
    b_pad, r_pad = np.nonzero(pad)
    transition[b_pad, r_pad, r_pad] = 1.0
    return _Chain(
        payoffs=flat_payoffs,
        n_actions=n_actions,
        tremble=tremble,
        valid=valid,
        next_state=next_state,
        played=tuple(played),
        states=states,
        transition=transition,
        rewards=rewards,
    )


def _take(chain: _Chain, rows: NDArray[np.int64]) -> _Chain:
    """Return the chains of batch elements ``rows`` (with repetition), for evaluating many deltas."""
    return _Chain(
        payoffs=chain.payoffs,
        n_actions=chain.n_actions,
        tremble=chain.tremble,
        valid=chain.valid[rows],
        next_state=chain.next_state[rows],
        played=tuple(p[rows] for p in chain.played),
        states=chain.states[rows],
        transition=chain.transition[rows],
        rewards=chain.rewards[rows],
    )


# -- values ---------------------------------------------------------------------------------
def _undiscounted_values(chain: _Chain, delta: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Return unnormalised values :math:`(I - \delta P)^{-1} r`, shape (B, R, N)."""
    size = chain.transition.shape[1]
    system = np.eye(size)[None] - delta[:, None, None] * chain.transition
    return cast(NDArray[np.float64], np.linalg.solve(system, chain.rewards))


def _deviation_gains(
    chain: _Chain, delta: NDArray[np.float64], values: NDArray[np.float64], player: int
) -> NDArray[np.float64]:
    """Unnormalised gains of one-shot deviations of ``player``: shape (B, R, n_player)."""
    n_actions = chain.n_actions
    n_players = len(n_actions)
    batch, size = chain.valid.shape
    future = np.take_along_axis(values[:, :, player], chain.next_state.reshape(batch, -1), axis=1)
    outcome = chain.payoffs[player][None, None, :] + delta[:, None, None] * future.reshape(
        chain.next_state.shape
    )
    outcome = outcome.reshape(batch, size, *n_actions)
    for j in reversed(range(n_players)):  # average over the others' played actions
        if j != player:
            shape = [batch, size] + [1] * n_players
            shape[2 + j] = n_actions[j]
            outcome = (outcome * chain.played[j].reshape(shape)).sum(axis=2 + j, keepdims=True)
    outcome = outcome.reshape(batch, size, n_actions[player])
    deviation = outcome @ _tremble_matrix(n_actions[player], chain.tremble).T
    gains = deviation - values[:, :, player, None]
    return np.where(chain.valid[:, :, None], gains, -np.inf)


def _threshold(chain: _Chain, delta: NDArray[np.float64]) -> NDArray[np.float64]:
    return chain.scale * (_GAIN_TOL + 1e-13 / (1.0 - delta))


def _largest_gains(chain: _Chain, delta: NDArray[np.float64]) -> NDArray[np.float64]:
    """Largest unnormalised one-shot gain minus the tolerance, shape (B, N)."""
    values = _undiscounted_values(chain, delta)
    out = np.empty((chain.valid.shape[0], len(chain.n_actions)))
    for i in range(len(chain.n_actions)):
        gains = _deviation_gains(chain, delta, values, i)
        out[:, i] = gains.reshape(gains.shape[0], -1).max(axis=1)
    return out - _threshold(chain, delta)[:, None]


def _critical(chain: _Chain) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Critical discount factors (B, N) and whether no deviation pays on the grid above them.

    The largest gain is evaluated on :data:`DELTA_GRID`. The first grid point where no deviation
    pays brackets the threshold; so does the minimiser of the gain near any earlier local
    minimum on the grid where it reaches zero (isolated equilibria such as tit-for-tat, found by
    golden-section search). Brackets are refined by bisection.
    """
    batch = chain.valid.shape[0]
    n_players = len(chain.n_actions)
    grid = DELTA_GRID
    size = grid.size
    rows = np.repeat(np.arange(batch), size)
    phi = _largest_gains(_take(chain, rows), np.tile(grid, batch)).reshape(batch, size, n_players)
    ok = phi <= 0
    found = ok.any(axis=1)
    first = np.where(found, np.argmax(ok, axis=1), size)  # (B, N)
    later = np.arange(size)[None, :, None] >= first[:, None, :]
    sustained = found & np.all(ok | ~later, axis=1)
    values = np.full((batch, n_players), np.nan)
    values[first == 0] = 0.0
    low = np.full((batch, n_players), np.nan)
    high = np.full((batch, n_players), np.nan)
    bracketed = (first > 0) & (first < size)
    clipped = np.clip(first, 1, size - 1)
    low[bracketed] = grid[clipped - 1][bracketed]
    high[bracketed] = grid[clipped][bracketed]
    # Local minima of the grid values before the first sustainable grid point.
    inner = np.arange(1, size - 1)
    local = (
        (phi[:, inner] <= phi[:, inner - 1])
        & (phi[:, inner] <= phi[:, inner + 1])
        & (phi[:, inner] > 0)
        & (inner[None, :, None] < first[:, None, :])
    )
    b_idx, k_idx, i_idx = np.nonzero(local)
    if b_idx.size:
        k_idx = inner[k_idx]
        left, right = grid[k_idx - 1], grid[k_idx + 1]
        ratio = (np.sqrt(5.0) - 1.0) / 2.0
        x1 = right - ratio * (right - left)
        x2 = left + ratio * (right - left)
        pick = np.arange(b_idx.size)
        sub = _take(chain, b_idx)
        f1 = _largest_gains(sub, x1)[pick, i_idx]
        f2 = _largest_gains(sub, x2)[pick, i_idx]
        for _ in range(_GOLDEN_STEPS):
            go_left = f1 <= f2
            right = np.where(go_left, x2, right)
            left = np.where(go_left, left, x1)
            x2_new = np.where(go_left, x1, left + ratio * (right - left))
            x1_new = np.where(go_left, right - ratio * (right - left), x2)
            probe = np.where(go_left, x1_new, x2_new)
            f_probe = _largest_gains(sub, probe)[pick, i_idx]
            f1, f2 = np.where(go_left, f_probe, f2), np.where(go_left, f1, f_probe)
            x1, x2 = x1_new, x2_new
        best = np.where(f1 <= f2, x1, x2)
        reached = np.minimum(f1, f2) <= 0
        # Candidates are in increasing k; keep the earliest that reaches zero per (b, i).
        for c in np.flatnonzero(reached)[::-1]:
            b, i = b_idx[c], i_idx[c]
            low[b, i] = grid[k_idx[c] - 1]
            high[b, i] = best[c]
            sustained[b, i] = False
    todo = np.isfinite(low)
    b_idx, i_idx = np.nonzero(todo)
    if b_idx.size:
        lo, hi = low[b_idx, i_idx], high[b_idx, i_idx]
        pick = np.arange(b_idx.size)
        sub = _take(chain, b_idx)
        for _ in range(_BISECTION_STEPS):
            mid = 0.5 * (lo + hi)
            paying = _largest_gains(sub, mid)[pick, i_idx] > 0
            lo = np.where(paying, mid, lo)
            hi = np.where(paying, hi, mid)
        values[b_idx, i_idx] = hi
    return values, sustained


def _limit_of_means(chain: _Chain) -> NDArray[np.float64]:
    r"""Long-run average payoffs from the initial state, shape (B, N).

    The Cesàro limit :math:`\lim_T \frac1T \sum_{t<T} P^t` equals :math:`\lim_n L^n` for the
    lazy chain :math:`L = (I + P)/2`, which is aperiodic and has the same closed classes and
    stationary distributions; :math:`L^{2^{64}}` is reached by 64 squarings.
    """
    size = chain.transition.shape[1]
    power = 0.5 * (np.eye(size)[None] + chain.transition)
    for _ in range(_SQUARINGS):
        power = power @ power
        # Keep rows stochastic: a row sum of 1 - 1e-16 would otherwise decay like (1 - 1e-16)^t.
        power /= power.sum(axis=2, keepdims=True)
    return np.einsum("bs,bsn->bn", power[:, 0, :], chain.rewards)


def _payoffs(chain: _Chain, discount_factor: float | None, horizon: int | None) -> NDArray:
    """Payoffs from the initial joint state, shape (B, N)."""
    batch = chain.valid.shape[0]
    if horizon is not None:
        distribution = np.zeros((batch, chain.valid.shape[1]))
        distribution[:, 0] = 1.0
        total = np.zeros((batch, chain.rewards.shape[2]))
        for _ in range(horizon):
            total += np.einsum("br,brn->bn", distribution, chain.rewards)
            distribution = np.einsum("br,brs->bs", distribution, chain.transition)
        return total / horizon
    if discount_factor is None:
        return _limit_of_means(chain)
    delta = np.full(batch, discount_factor)
    return (1.0 - discount_factor) * _undiscounted_values(chain, delta)[:, 0, :]


# -- public functions -------------------------------------------------------------------------
def _game_and_stage(game: Any) -> tuple[NormalFormGame, float | None]:
    if isinstance(game, RepeatedGame):
        return game.stage, game.discount_factor
    return as_stage_game(game, "game"), None


def _check_tremble(tremble: Any) -> float:
    return check_real(tremble, "tremble", low=0.0, high=1.0, high_inclusive=False)


def _check_horizon(horizon: Any) -> int | None:
    return None if horizon is None else check_int(horizon, "horizon", minimum=1)


def _single_chain(stage: NormalFormGame, strategies: Any, tremble: float) -> _Chain:
    profile = check_strategies(strategies, stage.n_actions)
    stacks = [_stack([a], i, stage.n_actions) for i, a in enumerate(profile)]
    return _build_chain(stage, stacks, np.zeros((1, stage.n_players), dtype=np.int64), tremble)


def repeated_payoffs(
    game: RepeatedGame,
    strategies: Sequence[Automaton],
    *,
    tremble: float = 0.0,
    horizon: int | None = None,
) -> NDArray[np.float64]:
    r"""Return each player's exact payoff from a profile of automata.

    Parameters
    ----------
    game : RepeatedGame
        Discounted payoffs (normalised by :math:`1 - \delta`) if it has a discount factor,
        otherwise the limit of means.
    strategies : sequence of Automaton
        One automaton per player.
    tremble : float
        Implementation error :math:`\varepsilon \in [0, 1)`.
    horizon : int, optional
        If given, the expected average payoff of the first ``horizon`` periods instead.

    Returns
    -------
    numpy.ndarray
        Shape ``(N,)``.

    Raises
    ------
    TypeError
        If ``game`` is not a RepeatedGame or a strategy is not an Automaton.
    ValueError
        If an automaton does not fit the stage game, ``tremble`` is outside [0, 1) or
        ``horizon < 1``.

    References
    ----------
    Kemeny, J. G., & Snell, J. L. (1976). *Finite Markov Chains*. Springer.

    Examples
    --------
    Tit-for-tat against always-defect in the prisoner's dilemma: ``S`` once, then ``P`` forever.

    >>> from gamegroup.games import RepeatedGame, always_defect, tit_for_tat
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> repeated_payoffs(RepeatedGame(pd, discount_factor=0.5), [tit_for_tat(), always_defect()])
    array([0.5, 3. ])
    >>> repeated_payoffs(RepeatedGame(pd), [tit_for_tat(), always_defect()])
    array([1., 1.])

    With trembles two tit-for-tat players average the payoff of random play in the long run:

    >>> repeated_payoffs(RepeatedGame(pd), [tit_for_tat()] * 2, tremble=0.01).round(6)
    array([2.25, 2.25])
    """
    check_type(game, "game", RepeatedGame, "a RepeatedGame")
    chain = _single_chain(game.stage, strategies, _check_tremble(tremble))
    return _payoffs(chain, game.discount_factor, _check_horizon(horizon))[0]


def tournament_game(
    game: RepeatedGame,
    strategies: Sequence[Automaton],
    *,
    tremble: float = 0.0,
    horizon: int | None = None,
) -> BimatrixGame:
    """Return the bimatrix game whose actions are the strategies of a library.

    Entry ``[x, y]`` holds the exact payoffs when the row player uses ``strategies[x]`` and the
    column player ``strategies[y]``: all ordered pairs are solved in one batch. The result is
    the normal form of the repeated game restricted to the library, ready for equilibrium
    computation or evolutionary dynamics.

    Parameters
    ----------
    game : RepeatedGame
        A two-player repeated game.
    strategies : sequence of Automaton
        The library; each must fit both players (a symmetric two-action game, typically).
    tremble : float
    horizon : int, optional
        As in :func:`repeated_payoffs`.

    Returns
    -------
    BimatrixGame

    Raises
    ------
    TypeError, ValueError
        As in :func:`repeated_payoffs`, or if the game does not have two players.

    Examples
    --------
    >>> from gamegroup.games import RepeatedGame, always_defect, grim_trigger
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> game = RepeatedGame(pd, discount_factor=0.9)
    >>> meta = tournament_game(game, [grim_trigger(), always_defect()])
    >>> meta.A.round(2)
    array([[3. , 0.9],
           [1.4, 1. ]])
    """
    check_type(game, "game", RepeatedGame, "a RepeatedGame")
    chain = _library_chain(game.stage, strategies, _check_tremble(tremble))
    payoffs = _payoffs(chain, game.discount_factor, _check_horizon(horizon))
    k = len(strategies)
    names = [a.name for a in strategies]
    return BimatrixGame(
        payoffs[:, 0].reshape(k, k), payoffs[:, 1].reshape(k, k), action_names=[names, names]
    )


def _library_chain(stage: NormalFormGame, strategies: Any, tremble: float) -> _Chain:
    if stage.n_players != 2:
        raise ValueError(f"`game` must have two players; got {stage.n_players}.")
    if isinstance(strategies, Automaton) or not isinstance(strategies, (list, tuple)):
        raise TypeError(
            f"`strategies` must be a sequence of Automaton; got {type(strategies).__name__}."
        )
    if not strategies:
        raise ValueError("`strategies` must hold at least one automaton; got none.")
    for a in strategies:
        check_strategies([a, a], stage.n_actions)
    stacks = [_stack(strategies, i, stage.n_actions) for i in range(2)]
    k = len(strategies)
    grid = np.stack(np.meshgrid(np.arange(k), np.arange(k), indexing="ij"), -1).reshape(-1, 2)
    return _build_chain(stage, stacks, grid.astype(np.int64), tremble)


def critical_discount_factors(
    game: Any, strategies: Sequence[Automaton], *, tremble: float = 0.0
) -> CriticalDiscountFactors:
    r"""Return each player's critical discount factor for an automaton profile.

    :math:`\delta_i^*` is the smallest :math:`\delta` at which player :math:`i` has no profitable
    one-shot deviation from any reachable joint state (see the module docstring).

    Parameters
    ----------
    game : RepeatedGame or stage game
        Its discount factor, if any, is ignored.
    strategies : sequence of Automaton
    tremble : float
        Implementation error :math:`\varepsilon \in [0, 1)`.

    Returns
    -------
    CriticalDiscountFactors

    Raises
    ------
    TypeError, ValueError
        As in :func:`repeated_payoffs`.

    References
    ----------
    Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
    Studies*, 38, 1–12.

    Examples
    --------
    Grim trigger in the prisoner's dilemma: :math:`\delta^* = (T - R) / (T - P)`.

    >>> from gamegroup.games import grim_trigger, win_stay_lose_shift
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> critical_discount_factors(pd, [grim_trigger()] * 2).values
    array([0.5, 0.5])

    Win-stay lose-shift needs :math:`\delta \ge (T - R) / (R - P)`, here with ``T = 4``:

    >>> pd4 = gg.BimatrixGame([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> critical_discount_factors(pd4, [win_stay_lose_shift()] * 2).values
    array([0.5, 0.5])
    """
    stage, _ = _game_and_stage(game)
    chain = _single_chain(stage, strategies, _check_tremble(tremble))
    values, sustained = _critical(chain)
    return _critical_result(values[0], sustained[0])


def _critical_result(
    values: NDArray[np.float64], sustained: NDArray[np.bool_]
) -> CriticalDiscountFactors:
    if np.all(np.isfinite(values)) and np.all(sustained):
        message = "subgame perfect for every discount factor at or above the critical one"
    elif np.all(np.isfinite(values)):
        message = "subgame perfect at the critical discount factor but not at every larger one"
    else:
        message = "some player gains by a one-shot deviation at every discount factor checked"
    return CriticalDiscountFactors(values, sustained, message)


def one_shot_deviation_check(
    game: RepeatedGame, strategies: Sequence[Automaton], *, tremble: float = 0.0
) -> SubgamePerfection:
    """Check subgame perfection of an automaton profile by the one-shot deviation principle.

    Parameters
    ----------
    game : RepeatedGame
        Must have a discount factor.
    strategies : sequence of Automaton
    tremble : float
        Implementation error in [0, 1).

    Returns
    -------
    SubgamePerfection

    Raises
    ------
    TypeError
        If ``game`` is not a RepeatedGame or a strategy is not an Automaton.
    ValueError
        If ``game`` has no discount factor, or as in :func:`repeated_payoffs`.

    References
    ----------
    Mailath, G. J., & Samuelson, L. (2006). *Repeated Games and Reputations*, prop. 2.2.1.

    Examples
    --------
    >>> from gamegroup.games import RepeatedGame, grim_trigger
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> check = one_shot_deviation_check(RepeatedGame(pd, discount_factor=0.6), [grim_trigger()] * 2)
    >>> check.subgame_perfect, check.payoffs
    (True, array([3., 3.]))
    """
    check_type(game, "game", RepeatedGame, "a RepeatedGame")
    if game.discount_factor is None:
        raise ValueError(
            "`game` must have a discount factor for the one-shot deviation check; got the limit "
            "of means (discount_factor=None)."
        )
    delta = game.discount_factor
    chain = _single_chain(game.stage, strategies, _check_tremble(tremble))
    deltas = np.array([delta])
    values = _undiscounted_values(chain, deltas)
    n = game.n_players
    largest = np.empty(n)
    where = np.zeros((n, n), dtype=np.int64)
    actions = np.zeros(n, dtype=np.int64)
    for i in range(n):
        gains = _deviation_gains(chain, deltas, values, i)[0]
        r, x = np.unravel_index(int(np.argmax(gains)), gains.shape)
        largest[i] = (1.0 - delta) * gains[r, x]
        where[i] = chain.states[0, r]
        actions[i] = x
    tolerance = (1.0 - delta) * _threshold(chain, deltas)[0]
    perfect = bool(np.all(largest <= tolerance))
    values_star, sustained = _critical(chain)
    message = (
        "no player gains by a one-shot deviation from any reachable state"
        if perfect
        else "some player gains by a one-shot deviation (see largest_gains, deviation_states)"
    )
    return SubgamePerfection(
        subgame_perfect=perfect,
        discount_factor=delta,
        payoffs=(1.0 - delta) * values[0, 0],
        largest_gains=largest,
        deviation_states=where,
        deviation_actions=actions,
        critical_discount_factors=_critical_result(values_star[0], sustained[0]),
        n_joint_states=int(chain.valid[0].sum()),
        message=message,
    )


def pairwise_critical_discount_factors(
    game: Any, strategies: Sequence[Automaton], *, tremble: float = 0.0
) -> NDArray[np.float64]:
    r"""Return critical discount factors for every ordered pair of a library, in one batch.

    Parameters
    ----------
    game : RepeatedGame or stage game
        A two-player game; its discount factor, if any, is ignored.
    strategies : sequence of Automaton
    tremble : float

    Returns
    -------
    numpy.ndarray
        Shape ``(k, k, 2)``: ``[x, y, i]`` is player ``i``'s :math:`\delta^*` when the row
        player uses ``strategies[x]`` and the column player ``strategies[y]``; NaN if none.

    Raises
    ------
    TypeError, ValueError
        As in :func:`tournament_game`.

    Examples
    --------
    >>> from gamegroup.games import always_defect, grim_trigger
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> pairwise_critical_discount_factors(pd, [grim_trigger(), always_defect()])[:, :, 0]
    array([[0.5, nan],
           [0. , 0. ]])

    (Always-defect against grim trigger has :math:`\delta^* = 0` but is not an equilibrium
    for :math:`\delta > 1/2`, where it would rather cooperate.)
    """
    stage, _ = _game_and_stage(game)
    chain = _library_chain(stage, strategies, _check_tremble(tremble))
    values, _ = _critical(chain)
    k = len(strategies)
    return values.reshape(k, k, 2)


def ostracism_critical_discount_factors(
    ostracism: Ostracism,
    deviation_gains: ArrayLike,
    exclusion_losses: ArrayLike | Callable[[int, NDArray[np.bool_]], float],
    *,
    observers: Sequence[Sequence[int] | None] | None = None,
) -> CriticalDiscountFactors:
    r"""Return each member's critical discount factor under ostracism on the trust network.

    After member :math:`j` deviates in period 0, neighbour :math:`m` learns in period
    :math:`t_m` (:meth:`~gamegroup.games.Ostracism.learning_periods`) and excludes :math:`j`
    during periods :math:`t_m, \dots, t_m + T - 1` (see :mod:`gamegroup.games.repeated`). Let
    :math:`E_t` be the set of neighbours excluding :math:`j` in period :math:`t` and
    :math:`\ell_j(E)` what :math:`j` loses per period while the set :math:`E` excludes it. The
    deviation does not pay iff

    .. math::

        g_j \le \sum_{t \ge 1} \delta^t \ell_j(E_t),

    (for additive losses :math:`\ell_j(E) = \sum_{m \in E} L_{jm}` this is
    :math:`\sum_m L_{jm} \delta^{t_m} (1 - \delta^T)/(1 - \delta)`). :math:`E_t` changes only at
    the :math:`t_m` and :math:`t_m + T`, so the sum is a finite number of geometric pieces. It
    increases in :math:`\delta` when losses are non-negative, and :math:`\delta^*_j` is its unique crossing with :math:`g_j`,
    found by Brent's method: 0 when :math:`g_j \le 0`, NaN when even :math:`\delta 	o 1` does not
    deter the deviation.

    Parameters
    ----------
    ostracism : Ostracism
    deviation_gains : array_like
        Shape ``(n,)``: :math:`g_j`, member :math:`j`'s gain in the period it deviates.
    exclusion_losses : array_like or callable
        Either an ``(n, n)`` array of additive losses :math:`L_{jm} \ge 0`, what :math:`j` loses
        per period while its trusted neighbour :math:`m` excludes it (zero off the trust ties),
        or a function ``loss(j, excluders)`` returning :math:`\ell_j(E)` for a boolean mask
        ``excluders`` of length ``n`` (for losses that do not add up, e.g. through a market; a
        negative value means the exclusion helps the deviator, and :math:`\delta^*` is then
        located on a fine grid before refining).
    observers : sequence, optional
        ``observers[j]`` lists who sees a deviation by ``j`` directly (``None``: its trusted
        neighbours).

    Returns
    -------
    CriticalDiscountFactors
        One value per member.

    Raises
    ------
    TypeError
        If ``ostracism`` is not an Ostracism.
    ValueError
        If the arrays have the wrong shape, a loss is negative or sits off the trust ties, or
        ``observers`` does not list one entry per member.

    References
    ----------
    Kandori, M. (1992). Social norms and community enforcement. *Review of Economic Studies*,
    59, 63–80.

    Examples
    --------
    Two members sharing knowledge worth ``b = 3`` at cost ``c = 1`` (a donation game): a
    deviator saves ``c`` and, excluded for ever, loses ``b - c`` per period, so
    :math:`\delta^* = c / b`, as for grim trigger.

    >>> import networkx as nx
    >>> from gamegroup.games import Ostracism
    >>> pair = Ostracism(nx.Graph([(0, 1)]))
    >>> ostracism_critical_discount_factors(pair, [1, 1], [[0, 2], [2, 0]]).values
    array([0.3333, 0.3333])
    """
    check_type(ostracism, "ostracism", Ostracism, "an Ostracism")
    n = ostracism.n_members
    gains = check_finite_array(deviation_gains, "deviation_gains", ndim=1)
    if gains.shape != (n,):
        raise ValueError(f"`deviation_gains` must have shape ({n},); got {gains.shape}.")
    ties = ostracism.trust.adjacency().toarray() > 0
    loss_of = _exclusion_loss_function(exclusion_losses, ties)
    if observers is not None and (not isinstance(observers, (list, tuple)) or len(observers) != n):
        raise ValueError(f"`observers` must list one entry (or None) per member ({n}).")
    length = ostracism.punishment_length
    values = np.empty(n)
    for j in range(n):
        if gains[j] <= 0:
            values[j] = 0.0
            continue
        seen = None if observers is None else observers[j]
        periods = ostracism.learning_periods(j, seen)
        start = np.where(ties[j] & np.isfinite(periods), periods, np.inf)
        end = start + (np.inf if length is None else length)
        cuts = np.unique(np.concatenate([start[np.isfinite(start)], end[np.isfinite(end)]]))
        pieces = []
        for k, first in enumerate(cuts):
            last = cuts[k + 1] if k + 1 < cuts.size else np.inf
            excluders = (start <= first) & (first < end)
            if excluders.any():
                loss = check_returned_real(
                    loss_of(j, excluders), "exclusion_losses", f"for member {j}"
                )
                pieces.append((first, last, loss))
        values[j] = _ostracism_threshold(float(gains[j]), pieces)
    return CriticalDiscountFactors(
        values,
        np.isfinite(values),
        "exclusion deters the deviation for every discount factor at or above the critical one"
        if np.all(np.isfinite(values))
        else "for some member no discount factor below 1 deters the deviation",
    )


def _exclusion_loss_function(
    losses: Any, ties: NDArray[np.bool_]
) -> Callable[[int, NDArray[np.bool_]], float]:
    if callable(losses):
        return losses  # type: ignore[no-any-return]
    n = ties.shape[0]
    table = check_finite_array(losses, "exclusion_losses", ndim=2)
    if table.shape != (n, n):
        raise ValueError(f"`exclusion_losses` must have shape ({n}, {n}); got {table.shape}.")
    if np.any(table < 0):
        raise ValueError(f"`exclusion_losses` must be non-negative; got {table.min():g}.")
    if np.any((table > 0) & ~ties):
        raise ValueError(
            "`exclusion_losses` must be zero off the trust ties (only trusted neighbours share); "
            f"got {int(np.count_nonzero((table > 0) & ~ties))} positive entries off the ties."
        )
    return lambda j, excluders: float(table[j, excluders].sum())


def _ostracism_threshold(gain: float, pieces: list[tuple[float, float, float]]) -> float:
    """Solve ``gain = sum_k loss_k * sum_{first_k <= t < last_k} delta^t`` for delta."""
    if not pieces or all(loss == 0 for *_, loss in pieces):
        return float("nan")

    def deterrence(delta: float) -> float:
        total = 0.0
        for first, last, loss in pieces:
            if delta == 0.0:
                total += loss if first == 0 else 0.0
                continue
            log_delta = np.log(delta)
            head = np.exp(first * log_delta)
            span = (
                -np.expm1((last - first) * log_delta) if np.isfinite(last) else 1.0
            ) / -np.expm1(log_delta)
            total += loss * head * span
        return total - gain

    upper = 1.0 - 1e-15
    if all(loss >= 0 for *_, loss in pieces):  # deterrence increases in delta: one crossing
        if deterrence(upper) < 0:
            return float("nan")
        return float(brentq(deterrence, 0.0, upper, xtol=1e-15, rtol=4 * np.finfo(float).eps))
    # Some exclusion helps the deviator (e.g. it softens competition): locate the first
    # delta on a fine grid at which the deviation is deterred, then refine.
    grid = np.concatenate([np.linspace(0.0, 0.999, 1000), 1.0 - np.logspace(-3.5, -12, 18)])
    values = np.array([deterrence(d) for d in grid])
    if values[0] >= 0:
        return 0.0
    hits = np.flatnonzero(values >= 0)
    if hits.size == 0:
        return float("nan")
    k = int(hits[0])
    return float(brentq(deterrence, grid[k - 1], grid[k], xtol=1e-15))
