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
their uniforms from the numpy ``Generator`` of each replicate, in a fixed order, so a run is a
deterministic function of the seed: single updates through a buffer that the loops top up
(:func:`refill`) whenever fewer than ``RESERVE`` values are left, synchronous imitation straight
from the generator once the buffer is empty (:func:`next_uniform`); either way the values are
the generator's own stream, in order. Fermi and proportional imitation use one uniform per
update: its integer part (of uniform times degree) picks the neighbour and its fractional part
decides. With exploration, a member first draws one uniform to decide whether it explores and,
if it does, a second that picks the strategy.

Synchronous runs keep the replicates in lanes (:mod:`gamegroup.dynamics._lanes`):
:func:`evolve_synchronous` computes the payoffs of every replicate in one pass over the graph
and lets :func:`imitate_generation` take the Fermi and proportional decisions a chunk at a
time, vectorised over (member, replicate) pairs; the other rules, and asynchronous runs
(:func:`evolve_asynchronous`), go through one loop, :func:`update_lane`, replicate by replicate.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from gamegroup.dynamics._lanes import MARGIN, at, column, fast_exp, lanes, put
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

RESERVE = 8
"""Uniforms kept available before each single update (no rule uses more than 4)."""

BLOCK = 1024
"""Largest number of uniforms a replicate's buffer holds."""

CHUNK_ENTRIES = 16384
"""Synchronous imitation decides this many (member, replicate) pairs at a time.

Each chunk fetches every lane's generator and buffer once (atomic reference counts): with 64
replicates of 1,000 members, 16384 runs a batch about 10% faster than 4096 (the work arrays,
4 x 128 KiB, still fit in L2); single runs of 10^3 to 2 x 10^5 members are unchanged.
"""

RECOMPUTE_EVERY = 16
"""Asynchronous runs recompute payoffs from scratch every this many steps (bounds drift)."""


def buffer_width(n_members: int) -> int:
    """Length of each replicate's buffer of uniforms.

    The width changes no draw: a buffer only holds the generator's next values, in order.
    """
    return max(4 * RESERVE, min(BLOCK, 4 * n_members))


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
    for q in range(left, buffer.size):
        buffer[q] = generator.random()
    cursor[0] = 0


@numba.njit(cache=True, inline="always")
def uniform(buffer: Any, cursor: Any) -> float:  # pragma: no cover
    """Next uniform on [0, 1) from a buffered stream (topped up by :func:`refill`)."""
    position = cursor[0]
    cursor[0] = position + 1
    return buffer[position]


@numba.njit(cache=True)
def next_uniform(
    buffer: Any, position: int, generator: Any
) -> tuple[float, int]:  # pragma: no cover
    """Next uniform of a replicate's stream and the new buffer position.

    The buffer's remaining values come first, then the generator's (so the stream is the
    generator's own, whichever path draws it).
    """
    if position < buffer.size:
        return buffer[position], position + 1
    return generator.random(), position


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


# Synchronous imitation in lanes: the three stages are separate functions (compiled as one,
# the vectoriser does markedly worse), called once per chunk of members.


@numba.njit(cache=True)
def _draw_chunk(
    start: int,
    stop: int,
    S: Any,
    committed: Any,
    eligible: Any,
    absorbed_at: Any,
    exploration_rate: float,
    k: int,
    buffers: Any,
    cursors: Any,
    generators: Any,
    fraction: Any,
    picked: Any,
) -> None:  # pragma: no cover
    """Stage 1: each lane's uniforms for members ``start..stop-1``, in a single run's order.

    ``fraction[q, r]`` becomes the imitation uniform, or -1 (keeps its strategy), or -2
    (explores and adopts ``picked[q, r]``). Members that are neither committed nor isolated
    are ``eligible`` to imitate. An absorbed lane draws nothing.
    """
    R = lanes(S)
    for r in range(R):
        if absorbed_at[r] >= 0:
            for q in range(stop - start):
                fraction[q, r] = -1.0
            continue
        buffer, cursor, generator = buffers[r], cursors[r], generators[r]
        c = cursor[0]
        if exploration_rate > 0.0:
            for i in range(start, stop):
                q = i - start
                fraction[q, r] = -1.0
                if committed[i]:
                    continue
                u, c = next_uniform(buffer, c, generator)
                if u < exploration_rate:
                    own = at(S, i, r)
                    u, c = next_uniform(buffer, c, generator)
                    picked[q, r] = other_strategy(k, own, u)
                    fraction[q, r] = -2.0
                elif eligible[i]:
                    u, c = next_uniform(buffer, c, generator)
                    fraction[q, r] = u
        else:
            for i in range(start, stop):
                u = -1.0
                if eligible[i]:
                    u, c = next_uniform(buffer, c, generator)
                fraction[i - start, r] = u
        cursor[0] = c


@numba.njit(cache=True)
def _pick_chunk(
    start: int,
    stop: int,
    rule: int,
    indptr: Any,
    indices: Any,
    S: Any,
    F: Any,
    bonus_spread: float,
    low: Any,
    high: Any,
    fraction: Any,
    position: Any,
    theirs: Any,
    spread: Any,
    picked: Any,
) -> None:  # pragma: no cover
    """Stage 2: the neighbour each imitating (member, lane) picks, its strategy and payoff.

    The uniform's integer part (of uniform x degree) picks the neighbour and its fractional
    part, uniform and independent of it, replaces it in ``fraction`` for the decision.
    """
    R = lanes(S)
    for i in range(start, stop):
        q = i - start
        degree = indptr[i + 1] - indptr[i]
        for r in range(R):
            u = fraction[q, r]
            scaled = u * degree
            pick = np.floor(scaled)
            position[q, r] = pick
            fraction[q, r] = scaled - pick if u >= 0.0 else u
    for i in range(start, stop):
        q = i - start
        base = indptr[i]
        for r in range(R):
            if fraction[q, r] >= 0.0:
                j = indices[base + int(position[q, r])]
                theirs[q, r] = at(F, j, r)
                picked[q, r] = at(S, j, r)
                if rule == PROPORTIONAL:
                    spread[q, r] = high[j] - low[i] + bonus_spread


@numba.njit(cache=True, error_model="numpy")
def _decide_chunk(
    rule: int,
    selection_intensity: float,
    fraction: Any,
    mine: Any,
    theirs: Any,
    spread: Any,
    picked: Any,
    own: Any,
    out: Any,
) -> None:  # pragma: no cover
    """Stage 3: every decision of a chunk in one vectorised loop (flat arrays).

    Fermi's exponential is :func:`fast_exp`; a decision within
    :data:`~gamegroup.dynamics._lanes.MARGIN` of the probability (or with a NaN argument) is
    taken again with the library exponential, so every decision is exactly
    :func:`fermi_probability`'s. (``error_model="numpy"``: no division here can be by zero,
    and the check for it would stop the loop from vectorising.)
    """
    size = out.size
    doubtful = 0
    if rule == FERMI:
        for q in range(size):
            u = fraction[q]
            x = -selection_intensity * (theirs[q] - mine[q])
            p = 1.0 / (1.0 + fast_exp(x))
            doubtful += not (abs(u - p) > MARGIN) or np.isnan(x)
            adopt = ((u >= 0.0) & (picked[q] != own[q]) & (u < p)) | (u < -1.5)
            chosen = picked[q] if adopt else own[q]
            out[q] = chosen
    else:
        for q in range(size):
            u = fraction[q]
            gain = max(theirs[q] - mine[q], 0.0)
            p = gain / spread[q] if spread[q] > 0.0 else 0.0
            adopt = ((u >= 0.0) & (picked[q] != own[q]) & (u < p)) | (u < -1.5)
            chosen = picked[q] if adopt else own[q]
            out[q] = chosen
    if doubtful:
        for q in range(size):
            u = fraction[q]
            if u >= 0.0 and picked[q] != own[q]:
                x = -selection_intensity * (theirs[q] - mine[q])
                p = 1.0 / (1.0 + fast_exp(x))
                if not (abs(u - p) > MARGIN) or np.isnan(x):
                    exact = u < fermi_probability(selection_intensity, mine[q], theirs[q])
                    out[q] = picked[q] if exact else own[q]


@numba.njit(cache=True)
def imitate_generation(
    rule: int,
    indptr: Any,
    indices: Any,
    S: Any,
    F: Any,
    next_strategy: Any,
    committed: Any,
    eligible: Any,
    absorbed_at: Any,
    selection_intensity: float,
    exploration_rate: float,
    k: int,
    bonus_spread: float,
    low: Any,
    high: Any,
    buffers: Any,
    cursors: Any,
    generators: Any,
    scratch: Any,
    picked: Any,
) -> None:  # pragma: no cover
    r"""One synchronous generation of Fermi or proportional imitation in every lane.

    Members are taken a chunk at a time: :func:`_draw_chunk` (each replicate's uniforms, in
    the order a single run draws them: exploration first when :math:`\mu > 0`, then one
    uniform for the imitation), :func:`_pick_chunk` (the neighbour each picks) and
    :func:`_decide_chunk` (the decisions, vectorised, each exactly the plain formula's).
    ``F`` holds the payoffs the members compare, subsidies included; ``bonus_spread`` is the
    largest difference between two strategies' subsidies (for proportional imitation).
    """
    n = indptr.size - 1
    R = lanes(S)
    chunk = scratch.shape[1]
    fraction, position, theirs, spread = scratch[0], scratch[1], scratch[2], scratch[3]
    S_flat, next_flat, F_flat = S.ravel(), next_strategy.ravel(), F.ravel()
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        _draw_chunk(
            start, stop, S, committed, eligible, absorbed_at, exploration_rate, k, buffers,
            cursors, generators, fraction, picked,
        )  # fmt: skip
        _pick_chunk(
            start, stop, rule, indptr, indices, S, F, bonus_spread, low, high, fraction,
            position, theirs, spread, picked,
        )  # fmt: skip
        size = (stop - start) * R
        _decide_chunk(
            rule, selection_intensity, fraction.ravel()[:size], F_flat[start * R : stop * R],
            theirs.ravel()[:size], spread.ravel()[:size], picked.ravel()[:size],
            S_flat[start * R : stop * R], next_flat[start * R : stop * R],
        )  # fmt: skip


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


SYNCHRONOUS, ASYNCHRONOUS, PROPOSE = 0, 1, 2
"""Modes of :func:`update_lane`."""


@numba.njit(cache=True)
def update_lane(
    spec: Any,
    rule: int,
    mode: Any,
    s: Any,
    f: Any,
    counts: Any,
    pots: Any,
    r: Any,
    next_strategy: Any,
    committed: Any,
    selection_intensity: float,
    exploration_rate: float,
    bonus: Any,
    low: Any,
    high: Any,
    buffer: Any,
    cursor: Any,
    generator: Any,
    values: Any,
    alternatives: Any,
    forced: Any,
    tally: Any,
) -> tuple[int, int]:  # pragma: no cover
    """Run updates of lane ``r`` (strategies ``s``, payoffs ``f``) under any rule: one loop.

    ``mode`` is ``SYNCHRONOUS`` (every member decides, in order, into ``next_strategy``),
    ``ASYNCHRONOUS`` (``n`` single updates of uniformly drawn members, or birth–death events,
    each applied at once with :func:`~gamegroup.dynamics.network_games.switch`, keeping
    ``tally``, the count of each strategy) or ``PROPOSE`` (one update, of member ``forced``
    or a birth–death event, returned as ``(member, strategy)`` and not applied; member -1 if
    nothing happens). For a game computed in Python (kind ``EXTERNAL``) best response and
    logit read one's payoff under each strategy from ``alternatives[i, t, r]``.

    Synchronous Fermi and proportional imitation go through :func:`imitate_generation`, which
    draws the same uniforms and decides the same way, a chunk of members in every lane at once.
    """
    k = spec[1]
    indptr, indices = spec[2], spec[3]
    external = spec[0] == EXTERNAL
    n = s.size
    bonus_spread = bonus.max() - bonus.min()
    for update in range(1 if mode == PROPOSE else n):
        if cursor[0] > buffer.size - RESERVE:
            refill(buffer, cursor, generator)
        # --- who updates --------------------------------------------------------------------
        if rule == BIRTH_DEATH:
            i, parent = birth_death_event(
                indptr, indices, s, f, selection_intensity, bonus, buffer, cursor
            )
            if i < 0 or committed[i]:
                if mode == PROPOSE:
                    return -1, 0
                continue
            new = s[parent]
            if exploration_rate > 0.0 and uniform(buffer, cursor) < exploration_rate:
                new = other_strategy(k, new, uniform(buffer, cursor))
        else:
            if mode == SYNCHRONOUS:
                i = update
            elif forced >= 0:
                i = forced
            else:
                i = int(uniform(buffer, cursor) * n)
            own = s[i]
            new = own
            if committed[i]:
                if mode == SYNCHRONOUS:
                    next_strategy[i] = own
                elif mode == PROPOSE:
                    return -1, 0
                continue
            # --- what it adopts ---------------------------------------------------------------
            degree = indptr[i + 1] - indptr[i]
            if exploration_rate > 0.0 and uniform(buffer, cursor) < exploration_rate:
                new = other_strategy(k, own, uniform(buffer, cursor))
            elif rule in (FERMI, PROPORTIONAL):
                if degree > 0:
                    scaled = uniform(buffer, cursor) * degree
                    pick = int(scaled)
                    j = indices[indptr[i] + pick]
                    other = s[j]
                    if other != own:
                        p = imitation_probability(
                            rule,
                            selection_intensity,
                            f[i] + bonus[own],
                            f[j] + bonus[other],
                            high[j] - low[i] + bonus_spread,
                        )
                        if scaled - pick < p:
                            new = other
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
                        pick = int(uniform(buffer, cursor) * n_best) if n_best > 1 else 0
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
                            selection_intensity * (f[indices[e]] + bonus[s[indices[e]]] - top)
                        )
                    target = uniform(buffer, cursor) * total
                    new = s[indices[indptr[i + 1] - 1]]
                    for e in range(indptr[i], indptr[i + 1]):
                        target -= np.exp(
                            selection_intensity * (f[indices[e]] + bonus[s[indices[e]]] - top)
                        )
                        if target < 0.0:
                            new = s[indices[e]]
                            break
            else:  # best response, logit: one's payoff under each strategy
                for t in range(k):
                    if external:
                        values[t] = alternatives[i, t, r] + bonus[t]
                    else:
                        values[t] = fitness_if(spec, s, f, counts, pots, r, i, t) + bonus[t]
                new = respond(rule, values, own, selection_intensity, buffer, cursor)
        # --- apply ------------------------------------------------------------------------
        if mode == SYNCHRONOUS:
            next_strategy[i] = new
        elif mode == PROPOSE:
            return i, new
        elif new != s[i]:
            tally[s[i]] -= 1
            tally[new] += 1
            switch(spec, s, f, counts, pots, r, i, new)
    return -1, 0


@numba.njit(cache=True, error_model="numpy")
def record_state(
    index: Any,
    S: Any,
    F: Any,
    k: int,
    fractions: Any,
    payoffs: Any,
    snapshots: Any,
    first: Any,
) -> None:  # pragma: no cover
    """Write the lanes' strategy fractions, mean payoff (and snapshot) to record ``index``.

    Lane ``r`` of ``S`` is replicate ``first + r``.
    """
    n = S.shape[0]
    R = lanes(S)
    tally = np.zeros((k, R))
    totals = np.zeros(R)
    for i in range(n):
        for r in range(R):
            tally[at(S, i, r), r] += 1.0
            totals[r] += at(F, i, r)
    for r in range(R):
        for t in range(k):
            fractions[first + r, index, t] = tally[t, r] / n
        payoffs[first + r, index] = totals[r] / n
    if snapshots.shape[0] > 0:
        for i in range(n):
            for r in range(R):
                snapshots[first + r, index, i] = at(S, i, r)


@numba.njit(cache=True)
def _record_index(
    done: int, record_every: int, total_steps: int, n_records: int
) -> int:  # pragma: no cover
    """Record slot of the state after ``done`` steps, or -1."""
    if done % record_every == 0:
        return done // record_every
    if done == total_steps:
        return n_records - 1
    return -1


@numba.njit(cache=True)
def _lane_copy(values: Any, r: int) -> Any:  # pragma: no cover
    """Return a contiguous copy of lane ``r`` of bookkeeping ``values[..., r]``, as ``(..., 1)``.

    Zeros if ``values`` has no lane ``r`` (the placeholder of games that keep no bookkeeping).
    """
    lane = np.zeros((values.shape[0], values.shape[1], 1), dtype=values.dtype)
    if r < values.shape[2]:
        for a in range(values.shape[0]):
            for b in range(values.shape[1]):
                lane[a, b, 0] = values[a, b, r]
    return lane


@numba.njit(cache=True)
def _put_lane(values: Any, r: int, lane: Any) -> None:  # pragma: no cover
    """Write a ``(..., 1)`` copy back into lane ``r`` of ``values[..., r]``.

    (Element by element: numba's slice assignment brings in seconds of compile time for its
    shape-mismatch error messages.)
    """
    for a in range(values.shape[0]):
        for b in range(values.shape[1]):
            values[a, b, r] = lane[a, b, 0]


@numba.njit(cache=True)
def _set_column(values: Any, r: int, column_values: Any) -> None:  # pragma: no cover
    """Set lane ``r`` of a state array from a vector (element by element, as above)."""
    for i in range(column_values.size):
        put(values, i, r, column_values[i])


@numba.njit(cache=True, nogil=True)
def evolve_asynchronous(
    spec: Any,
    rule: int,
    S: Any,
    F: Any,
    counts: Any,
    pots: Any,
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
    recompute: bool,
) -> None:  # pragma: no cover
    """Run Monte-Carlo steps ``start..stop-1`` of every lane of a compiled game.

    One step of a lane is ``n`` single updates (:func:`update_lane`), each switch applied at
    once with incremental payoffs; payoffs are recomputed from scratch every
    :data:`RECOMPUTE_EVERY` steps. Lanes are run one after the other on contiguous copies (so
    that every kernel below is compiled once, for one replicate). ``recompute``: payoffs are
    computed from scratch first (a new run or a new game), otherwise ``F``, ``counts`` and
    ``pots`` carry over from the last call.
    """
    n = S.shape[0]
    R = lanes(S)
    k = spec[1]
    n_records = fractions.shape[1]
    # Constants passed on are made plain numbers: numba would compile a version of the callee
    # for each literal value (doubling the compile time).
    keep, zero, none, mode = np.bool_(True), np.int64(0), np.int64(-1), np.int64(ASYNCHRONOUS)
    if recompute:
        full_fitness(spec, S, F, counts, pots, keep)
    if start == 0:
        record_state(zero, S, F, k, fractions, payoffs, snapshots, zero)
    values = np.zeros(k)
    for r in range(R):
        s, f = column(S, r).copy(), column(F, r).copy()
        lane_counts, lane_pots = _lane_copy(counts, r), _lane_copy(pots, r)
        buffer, cursor, generator = buffers[r], cursors[r], generators[r]
        tally = np.zeros(k, dtype=np.int64)
        for i in range(n):
            tally[s[i]] += 1
        for step in range(start, stop):
            if absorbed_at[r] < 0:
                update_lane(
                    spec, rule, mode, s, f, lane_counts, lane_pots, zero, s, committed,
                    selection_intensity, exploration_rate, bonus, low, high, buffer, cursor,
                    generator, values, alternatives, none, tally,
                )  # fmt: skip
                if (step + 1) % RECOMPUTE_EVERY == 0:
                    full_fitness(spec, s, f, lane_counts, lane_pots, keep)
                if absorbing:
                    for t in range(k):
                        if tally[t] == n:
                            absorbed_at[r] = step + 1
            index = _record_index(step + 1, record_every, total_steps, n_records)
            if index >= 0:
                record_state(index, s, f, k, fractions, payoffs, snapshots, r)
        _set_column(S, r, s)
        _set_column(F, r, f)
        _put_lane(counts, r, lane_counts)
        _put_lane(pots, r, lane_pots)


@numba.njit(cache=True, nogil=True)
def evolve_synchronous(
    spec: Any,
    rule: int,
    S: Any,
    F: Any,
    counts: Any,
    pots: Any,
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
    recompute: bool,
) -> None:  # pragma: no cover
    """Run generations ``start..stop-1`` of every lane (every member updates at once).

    Payoffs of all lanes come from one pass over the graph (:func:`full_fitness`); Fermi and
    proportional imitation decide in lanes (:func:`imitate_generation`), the other rules lane
    by lane (:func:`update_lane`, on contiguous copies). ``recompute``: payoffs are computed
    from scratch first (a new run or a new game). For a game computed in Python (kind
    ``EXTERNAL``) a call runs one generation from the payoffs in ``F`` (and ``alternatives``)
    and records nothing: the caller recomputes the payoffs and records.
    """
    n = S.shape[0]
    R = lanes(S)
    k = spec[1]
    external = spec[0] == EXTERNAL
    n_records = fractions.shape[1]
    keep = rule in (BEST_RESPONSE, LOGIT)
    zero, none, mode = np.int64(0), np.int64(-1), np.int64(SYNCHRONOUS)  # not literals
    if recompute and not external:
        full_fitness(spec, S, F, counts, pots, keep)
    if start == 0 and not external:
        record_state(zero, S, F, k, fractions, payoffs, snapshots, zero)
    values = np.zeros(k)
    next_strategy = np.empty_like(S)
    imitation = rule in (FERMI, PROPORTIONAL)
    chunk = max(1, min(n, CHUNK_ENTRIES // R))
    scratch = np.zeros((4, chunk, R))
    eligible = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        eligible[i] = not committed[i] and spec[2][i + 1] > spec[2][i]
    picked = np.zeros((chunk, R), dtype=S.dtype)
    differs = np.zeros(R, dtype=np.bool_)
    subsidised = bonus.min() != 0.0 or bonus.max() != 0.0
    compared = np.empty_like(F) if subsidised else F
    tally = np.zeros(k, dtype=np.int64)
    for step in range(start, stop):
        if imitation:
            if subsidised:  # payoffs plus subsidies (a zero subsidy changes no comparison)
                for i in range(n):
                    for r in range(R):
                        value = at(F, i, r) + bonus[at(S, i, r)]
                        put(compared, i, r, value)
            imitate_generation(
                rule, spec[2], spec[3], S, compared, next_strategy, committed, eligible,
                absorbed_at, selection_intensity, exploration_rate, k, bonus.max() - bonus.min(),
                low, high, buffers, cursors, generators, scratch, picked,
            )  # fmt: skip
        else:
            for r in range(R):
                s, f = column(S, r).copy(), column(F, r).copy()
                out = s.copy()
                if absorbed_at[r] < 0:
                    lane_counts, lane_pots = _lane_copy(counts, r), _lane_copy(pots, r)
                    lane_alternatives = _lane_copy(alternatives, r)
                    update_lane(
                        spec, rule, mode, s, f, lane_counts, lane_pots, zero, out, committed,
                        selection_intensity, exploration_rate, bonus, low, high, buffers[r],
                        cursors[r], generators[r], values, lane_alternatives, none, tally,
                    )  # fmt: skip
                _set_column(next_strategy, r, out)
        S_flat, next_flat = S.ravel(), next_strategy.ravel()
        for q in range(S_flat.size):
            S_flat[q] = next_flat[q]
        if not external:
            full_fitness(spec, S, F, counts, pots, keep)
        if absorbing:
            for r in range(R):
                differs[r] = False
            for i in range(1, n):
                for r in range(R):
                    differs[r] |= at(S, i, r) != at(S, 0, r)
            for r in range(R):
                if absorbed_at[r] < 0 and not differs[r]:
                    absorbed_at[r] = step + 1
        index = _record_index(step + 1, record_every, total_steps, n_records)
        if index >= 0 and not external:
            record_state(index, S, F, k, fractions, payoffs, snapshots, zero)
