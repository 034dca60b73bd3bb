r"""Update rules for agent-based dynamics on graphs, as compiled kernels.

A member :math:`i` chosen to update looks at its neighbours :math:`N(i)` and at payoffs
:math:`\pi` (the game's payoff plus any scheduled per-strategy subsidy). With probability
:math:`\mu` (the exploration rate) it instead adopts one of the *other* strategies uniformly at
random. Otherwise:

``"fermi"`` (pairwise comparison; Szabó & Tőke 1998, Traulsen et al. 2006)
    pick a neighbour :math:`j` uniformly; adopt :math:`s_j` with probability
    :math:`1 / (1 + e^{-\beta(\pi_j - \pi_i)})`.
``"proportional"`` (Santos & Pacheco 2005; Santos, Santos & Pacheco 2008)
    pick a neighbour :math:`j` uniformly; if :math:`\pi_j > \pi_i` adopt :math:`s_j` with
    probability :math:`(\pi_j - \pi_i) / (H_j - L_i)`, the largest possible payoff difference of
    the two members (:math:`H`, :math:`L`: the game's payoff bounds).
``"imitate_best"`` (Nowak & May 1992)
    adopt the strategy of the best-paid member of the closed neighbourhood; keep one's own if
    it is among the best, otherwise break ties uniformly.
``"death_birth"`` (Ohtsuki et al. 2006)
    :math:`i` dies; neighbour :math:`j` fills the place with its strategy with probability
    :math:`e^{\beta \pi_j} / \sum_{l \in N(i)} e^{\beta \pi_l}`.
``"birth_death"`` (Lieberman, Hauert & Nowak 2005; asynchronous only)
    a member :math:`j` is chosen to reproduce with probability
    :math:`e^{\beta \pi_j} / \sum_l e^{\beta \pi_l}` and its offspring replaces a uniformly
    chosen neighbour.
``"best_response"`` (myopic)
    adopt a strategy maximising one's own payoff against the neighbours' current strategies;
    keep one's own if it is among the best, otherwise break ties uniformly.
``"logit"`` (Blume 1993)
    adopt strategy :math:`t` with probability :math:`\propto e^{\beta \pi_i(t)}`, where
    :math:`\pi_i(t)` is one's payoff if one played :math:`t`.

Committed members never update. Isolated members (no neighbours) never imitate. The kernels draw
their uniforms from the numpy ``Generator`` of each replicate, in a fixed order, through a buffer
that the loops top up (:func:`refill`) whenever fewer than ``RESERVE`` values are left (the
same stream as drawing them one by one, and much faster in compiled code), so a run is a deterministic function of the seed. Fermi and proportional
imitation use one uniform per update: its integer part picks the neighbour and its fractional
part decides.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from gamegroup.dynamics.network_games import EXTERNAL, fitness_if, full_fitness, switch

RULES = (
    "fermi",
    "proportional",
    "imitate_best",
    "death_birth",
    "birth_death",
    "best_response",
    "logit",
)
"""Names of the update rules, in the order of their numeric codes."""

FERMI, PROPORTIONAL, IMITATE_BEST, DEATH_BIRTH, BIRTH_DEATH, BEST_RESPONSE, LOGIT = range(7)
IMITATION_RULES = frozenset(range(5))
"""Rules under which a population playing one strategy stays there when ``mu = 0``."""

_TIE = 1e-12


BLOCK = 1024
"""Uniforms are drawn from the generator into a buffer this many at a time."""

RESERVE = 8
"""Uniforms kept available before each update (no rule uses more than 4)."""


@numba.njit(cache=True)
def refill(buffer: Any, cursor: Any, generator: Any) -> None:  # pragma: no cover
    """Move the unused uniforms to the front and draw the rest from ``generator``.

    The values come out in the order the generator produced them, so the buffered stream is
    the generator's own stream, whatever the block boundaries.
    """
    position = cursor[0]
    left = buffer.size - position
    for q in range(left):
        buffer[q] = buffer[position + q]
    buffer[left:] = generator.random(buffer.size - left)
    cursor[0] = 0


@numba.njit(cache=True, inline="always")
def uniform(buffer: Any, cursor: Any) -> float:  # pragma: no cover
    """Next uniform on [0, 1) from a buffered stream (topped up by :func:`refill`)."""
    position = cursor[0]
    cursor[0] = position + 1
    return buffer[position]


@numba.njit(cache=True, inline="always")
def fermi_probability(
    selection_intensity: float, own: float, other: float
) -> float:  # pragma: no cover
    """Probability of imitating a member paid ``other`` when paid ``own``."""
    return 1.0 / (1.0 + np.exp(-selection_intensity * (other - own)))


@numba.njit(cache=True, inline="always")
def imitation_probability(
    rule: int, selection_intensity: float, mine: float, theirs: float, spread: float
) -> float:  # pragma: no cover
    """Probability of copying a neighbour paid ``theirs`` (Fermi or proportional imitation)."""
    if rule == FERMI:
        return fermi_probability(selection_intensity, mine, theirs)
    gain = max(theirs - mine, 0.0)
    return gain / spread if spread > 0.0 else 0.0


@numba.njit(cache=True, inline="always")
def other_strategy(k: int, own: int, u: float) -> int:  # pragma: no cover
    """Return a strategy other than ``own``, uniformly, from one uniform ``u``."""
    t = int(u * (k - 1))
    return t + 1 if t >= own else t


@numba.njit(cache=True)
def imitate_generation(
    rule: int,
    indptr: Any,
    indices: Any,
    s: Any,
    f: Any,
    committed: Any,
    selection_intensity: float,
    exploration_rate: float,
    k: int,
    bonus: Any,
    low: Any,
    high: Any,
    buffer: Any,
    cursor: Any,
    generator: Any,
    next_strategy: Any,
) -> None:  # pragma: no cover
    """One synchronous generation of Fermi or proportional imitation (a small, tight loop).

    Draws exactly what :func:`evolve` draws for these rules, member by member.
    """
    bonus_spread = bonus.max() - bonus.min()
    for i in range(s.size):
        own = s[i]
        next_strategy[i] = own
        if committed[i]:
            continue
        if cursor[0] > BLOCK - RESERVE:
            refill(buffer, cursor, generator)
        if exploration_rate > 0.0 and uniform(buffer, cursor) < exploration_rate:
            next_strategy[i] = other_strategy(k, own, uniform(buffer, cursor))
            continue
        degree = indptr[i + 1] - indptr[i]
        if degree == 0:
            continue
        # One uniform: its integer part picks the neighbour, its fractional part (uniform and
        # independent of it) decides.
        scaled = uniform(buffer, cursor) * degree
        pick = int(scaled)
        j = indices[indptr[i] + pick]
        theirs = s[j]
        if theirs != own:
            p = imitation_probability(
                rule,
                selection_intensity,
                f[i] + bonus[own],
                f[j] + bonus[theirs],
                high[j] - low[i] + bonus_spread,
            )
            if scaled - pick < p:
                next_strategy[i] = theirs


@numba.njit(cache=True)
def respond(
    rule: int, values: Any, own: int, selection_intensity: float, buffer: Any, cursor: Any
) -> int:  # pragma: no cover
    """Best response or logit choice given one's payoff ``values[t]`` under each strategy."""
    k = values.size
    best = values[0]
    for t in range(1, k):
        best = max(best, values[t])
    if rule == BEST_RESPONSE:
        tie = _TIE * (1.0 + abs(best))
        if values[own] >= best - tie:
            return own
        n_best = 0
        for t in range(k):
            if values[t] >= best - tie:
                n_best += 1
        pick = int(uniform(buffer, cursor) * n_best) if n_best > 1 else 0
        for t in range(k):
            if values[t] >= best - tie:
                if pick == 0:
                    return t
                pick -= 1
        return own
    total = 0.0
    for t in range(k):
        total += np.exp(selection_intensity * (values[t] - best))
    target = uniform(buffer, cursor) * total
    for t in range(k):
        target -= np.exp(selection_intensity * (values[t] - best))
        if target < 0.0:
            return t
    return k - 1


@numba.njit(cache=True)
def birth_death_event(
    indptr: Any,
    indices: Any,
    s: Any,
    f: Any,
    selection_intensity: float,
    bonus: Any,
    buffer: Any,
    cursor: Any,
) -> tuple[int, int]:  # pragma: no cover
    """Draw one birth–death event: ``(victim, parent)``; victim -1 for an isolated parent."""
    n = indptr.size - 1
    top = -np.inf
    for j in range(n):
        top = max(top, f[j] + bonus[s[j]])
    total = 0.0
    for j in range(n):
        total += np.exp(selection_intensity * (f[j] + bonus[s[j]] - top))
    target = uniform(buffer, cursor) * total
    parent = n - 1
    for j in range(n):
        target -= np.exp(selection_intensity * (f[j] + bonus[s[j]] - top))
        if target < 0.0:
            parent = j
            break
    degree = indptr[parent + 1] - indptr[parent]
    if degree == 0:
        return -1, parent
    return indices[indptr[parent] + int(uniform(buffer, cursor) * degree)], parent


@numba.njit(cache=True)
def record_state(
    r: int, index: int, s: Any, f: Any, k: int, fractions: Any, payoffs: Any, snapshots: Any
) -> None:  # pragma: no cover
    """Write replicate ``r``'s strategy fractions, mean payoff (and snapshot) to record ``index``."""
    n = s.size
    for t in range(k):
        fractions[r, index, t] = 0.0
    total = 0.0
    for i in range(n):
        fractions[r, index, s[i]] += 1.0
        total += f[i]
    for t in range(k):
        fractions[r, index, t] /= n
    payoffs[r, index] = total / n
    if snapshots.shape[0] > 0:
        snapshots[r, index, :] = s


RECOMPUTE_EVERY = 16
"""Asynchronous runs recompute payoffs from scratch every this many steps (bounds drift)."""


@numba.njit(cache=True)
def evolve(
    spec: Any,
    rule: int,
    asynchronous: bool,
    S: Any,
    F: Any,
    C: Any,
    P: Any,
    committed: Any,
    buffers: Any,
    cursors: Any,
    generators: Any,
    start: int,
    stop: int,
    selection_intensity: float,
    exploration_rate: float,
    bonus: Any,
    low: Any,
    high: Any,
    absorbing: bool,
    record_every: int,
    total_steps: int,
    fractions: Any,
    payoffs: Any,
    snapshots: Any,
    absorbed_at: Any,
    alternatives: Any,
    forced: int,
    decision: Any,
    recompute: bool,
) -> None:  # pragma: no cover
    """Run steps ``start..stop-1`` of every replicate (the one loop behind every update rule).

    Compiled games are updated in place. For a game computed in Python (kind ``EXTERNAL``),
    payoffs ``F`` and, for best response and logit, ``alternatives[i, t]`` come from Python;
    a synchronous call runs one generation, and an asynchronous call makes one decision (of
    member ``forced``, or a birth–death event) and writes ``(member, strategy)`` to
    ``decision`` without applying it. ``recompute``: payoffs are computed from scratch first
    (a new run or a new game), otherwise ``F``, ``C`` and ``P`` carry over from the last call.
    """
    n_replicates, n = S.shape
    kind = spec[0]
    k = spec[1]
    indptr, indices = spec[2], spec[3]
    external = kind == EXTERNAL
    n_records = fractions.shape[1]
    bonus_spread = bonus.max() - bonus.min()
    updates = 1 if (external and asynchronous) else n
    if external:
        decision[0] = -1
    for r in range(n_replicates):
        values = np.zeros(k)
        tally = np.zeros(k, dtype=np.int64)
        next_strategy = np.empty(n, dtype=S.dtype)
        s, f, counts, pots = S[r], F[r], C[r], P[r]
        buffer, cursor = buffers[r], cursors[r]
        generator = generators[r]
        if recompute and not external:
            full_fitness(spec, s, f, counts, pots)
        if start == 0 and not (external and asynchronous):
            record_state(r, 0, s, f, k, fractions, payoffs, snapshots)
        tally[:] = 0
        for i in range(n):
            tally[s[i]] += 1
        for step in range(start, stop):
            if absorbed_at[r] < 0:
                if not asynchronous and rule in (FERMI, PROPORTIONAL):
                    imitate_generation(
                        rule, indptr, indices, s, f, committed, selection_intensity,
                        exploration_rate, k, bonus, low, high, buffer, cursor, generator,
                        next_strategy,
                    )  # fmt: skip
                    updates_now = 0
                else:
                    updates_now = updates
                for update in range(updates_now):
                    if cursor[0] > BLOCK - RESERVE:
                        refill(buffer, cursor, generator)
                    # --- who updates --------------------------------------------------------
                    if rule == BIRTH_DEATH:
                        i, parent = birth_death_event(
                            indptr, indices, s, f, selection_intensity, bonus, buffer, cursor
                        )
                        if i < 0 or committed[i]:
                            if external:
                                decision[0] = -1
                            continue
                        new = s[parent]
                        if exploration_rate > 0.0 and uniform(buffer, cursor) < exploration_rate:
                            new = other_strategy(k, new, uniform(buffer, cursor))
                    else:
                        if not asynchronous:
                            i = update
                        elif forced >= 0:
                            i = forced
                        else:
                            i = int(uniform(buffer, cursor) * n)
                        own = s[i]
                        new = own
                        if committed[i]:
                            next_strategy[i] = own
                            continue
                        # --- what it adopts ---------------------------------------------------
                        degree = indptr[i + 1] - indptr[i]
                        if exploration_rate > 0.0 and uniform(buffer, cursor) < exploration_rate:
                            new = other_strategy(k, own, uniform(buffer, cursor))
                        elif rule in (FERMI, PROPORTIONAL):
                            if degree > 0:
                                scaled = uniform(buffer, cursor) * degree
                                pick = int(scaled)
                                j = indices[indptr[i] + pick]
                                theirs = s[j]
                                if theirs != own:
                                    p = imitation_probability(
                                        rule,
                                        selection_intensity,
                                        f[i] + bonus[own],
                                        f[j] + bonus[theirs],
                                        high[j] - low[i] + bonus_spread,
                                    )
                                    if scaled - pick < p:
                                        new = theirs
                        elif rule == IMITATE_BEST:
                            if degree > 0:
                                best = f[i] + bonus[own]
                                for e in range(indptr[i], indptr[i + 1]):
                                    best = max(best, f[indices[e]] + bonus[s[indices[e]]])
                                tie = _TIE * (1.0 + abs(best))
                                if f[i] + bonus[own] < best - tie:
                                    n_best = 0
                                    for e in range(indptr[i], indptr[i + 1]):
                                        if f[indices[e]] + bonus[s[indices[e]]] >= best - tie:
                                            n_best += 1
                                    pick = (
                                        int(uniform(buffer, cursor) * n_best) if n_best > 1 else 0
                                    )
                                    for e in range(indptr[i], indptr[i + 1]):
                                        if f[indices[e]] + bonus[s[indices[e]]] >= best - tie:
                                            if pick == 0:
                                                new = s[indices[e]]
                                                break
                                            pick -= 1
                        elif rule == DEATH_BIRTH:
                            if degree > 0:
                                top = -np.inf
                                for e in range(indptr[i], indptr[i + 1]):
                                    top = max(top, f[indices[e]] + bonus[s[indices[e]]])
                                total = 0.0
                                for e in range(indptr[i], indptr[i + 1]):
                                    total += np.exp(
                                        selection_intensity
                                        * (f[indices[e]] + bonus[s[indices[e]]] - top)
                                    )
                                target = uniform(buffer, cursor) * total
                                new = s[indices[indptr[i + 1] - 1]]
                                for e in range(indptr[i], indptr[i + 1]):
                                    target -= np.exp(
                                        selection_intensity
                                        * (f[indices[e]] + bonus[s[indices[e]]] - top)
                                    )
                                    if target < 0.0:
                                        new = s[indices[e]]
                                        break
                        else:  # best response, logit: one's payoff under each strategy
                            for t in range(k):
                                if external:
                                    values[t] = alternatives[i, t] + bonus[t]
                                else:
                                    values[t] = (
                                        fitness_if(spec, s, f, counts, pots, i, t) + bonus[t]
                                    )
                            new = respond(rule, values, own, selection_intensity, buffer, cursor)
                    # --- apply ----------------------------------------------------------------
                    if not asynchronous:
                        next_strategy[i] = new
                    elif external:
                        decision[0] = i
                        decision[1] = new
                    elif new != s[i]:
                        tally[s[i]] -= 1
                        tally[new] += 1
                        switch(spec, s, f, counts, pots, i, new)
                if external and asynchronous:
                    break
                if not asynchronous:
                    for i in range(n):
                        if next_strategy[i] != s[i]:
                            tally[s[i]] -= 1
                            tally[next_strategy[i]] += 1
                            s[i] = next_strategy[i]
                    if not external:
                        full_fitness(spec, s, f, counts, pots)
                elif (step + 1) % RECOMPUTE_EVERY == 0:
                    full_fitness(spec, s, f, counts, pots)
                if absorbing:
                    for t in range(k):
                        if tally[t] == n:
                            absorbed_at[r] = step + 1
            done = step + 1
            index = -1
            if done % record_every == 0:
                index = done // record_every
            elif done == total_steps:
                index = n_records - 1
            if index >= 0 and not external:
                record_state(r, index, s, f, k, fractions, payoffs, snapshots)
