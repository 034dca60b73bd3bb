r"""Agent-based evolutionary dynamics on graphs: batched, reproducible, compiled.

:func:`simulate_network` evolves the strategy vector :math:`s \in \{0..m-1\}^n` of the members
of a graph under one of the update rules of :mod:`gamegroup.dynamics.network_rules`, for a game
that satisfies the :class:`~gamegroup.games.NetworkedGame` protocol.

Time
    ``updating="synchronous"``: one *step* is a generation in which every member updates at
    once from the same payoffs. ``updating="asynchronous"``: one step is a Monte-Carlo step of
    :math:`n` single updates, each of a uniformly chosen member (random sequential updating),
    with payoffs kept up to date incrementally: only the payoffs that a switch changes are
    touched (the switcher's two-step neighbourhood for group games). To bound the drift of
    floating-point bookkeeping, payoffs are recomputed from scratch every 16 steps.

Committed members keep their strategy for ever. A ``schedule`` of :class:`Phase` objects
changes parameters over time: the selection intensity :math:`\beta`, the exploration rate
:math:`\mu`, a per-strategy *subsidy* added to payoffs (a mentoring programme paying sharers for
the first :math:`T` steps), or the game itself (on the same members).

Replicates run in one call, batched: the kernels keep them *interleaved* (member :math:`i` of
replicate :math:`r` at ``S[i, r]``, see :mod:`gamegroup.dynamics._lanes`), so that in a
synchronous run one pass over the graph computes the payoffs of every replicate and the Fermi
and proportional decisions of a whole chunk of (member, replicate) pairs are taken in one
vectorised loop. Replicate :math:`r` draws from its own stream
``SeedSequence(entropy, spawn_key=(..., r))``, in the order a run of that replicate alone draws
them, so its run does not depend on how many replicates are batched with it (it is bit-for-bit
the run of that replicate alone), and the same ``rng`` gives the identical result.

The same independence lets a call use several cores: ``threads=t`` splits the replicates into
``t`` contiguous blocks, each run in lanes of its own by compiled code that releases the GIL,
on a thread of its own. The result is identical for any number of threads.

A run stops early once every replicate is *absorbed*: every member plays the same strategy, no
exploration remains in the schedule and the rule is an imitation or Moran rule (under which such
a state can never be left). Records after absorption repeat the absorbed state.

References
----------
Szabó, G., & Fáth, G. (2007). Evolutionary games on graphs. Physics Reports, 446, 97–216.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from numba.typed import List as TypedList
from numpy.typing import ArrayLike, NDArray

from gamegroup._results import Result, result_type
from gamegroup._rng import RNGLike, SeedRecord, resolve_rng, task_seed
from gamegroup._validation import (
    check_choice,
    check_finite_array,
    check_int,
    check_probability,
    check_real,
    check_simplex,
)
from gamegroup.dynamics.network_games import (
    EXTERNAL,
    GraphLike,
    as_csr_graph,
    as_lanes,
    bookkeeping,
    check_strategy_vector,
    compiled_spec,
    from_lanes,
    make_spec,
)
from gamegroup.dynamics.network_rules import (
    BIRTH_DEATH,
    IMITATION_RULES,
    PROPOSE,
    RECOMPUTE_EVERY,
    RESERVE,
    RULES,
    buffer_width,
    evolve_asynchronous,
    evolve_synchronous,
    record_state,
    refill,
    uniform,
    update_lane,
)
from gamegroup.games.networked import NetworkedGame
from gamegroup.networks.graph import CSRGraph

UPDATING = ("synchronous", "asynchronous")


@dataclass(frozen=True, slots=True)
class Phase:
    """Parameters that hold for the steps before ``until`` (a piece of a schedule).

    Attributes left as ``None`` keep the value given to :func:`simulate_network`.

    Parameters
    ----------
    until : int
        The phase covers the steps ``t < until`` not covered by an earlier phase.
    selection_intensity : float, optional
    exploration_rate : float, optional
    subsidy : array_like, optional
        Added to the payoff of every member playing each strategy (length ``n_strategies``).
    game : NetworkedGame, optional
        A different game on the same members with the same strategies.

    Examples
    --------
    Pay sharers (strategy 1) 0.5 per step for the first 100 steps, then exit:

    >>> Phase(until=100, subsidy=[0.0, 0.5])
    Phase(until=100, selection_intensity=None, exploration_rate=None, subsidy=[0.0, 0.5], game=None)
    """

    until: int
    selection_intensity: float | None = None
    exploration_rate: float | None = None
    subsidy: Any = None
    game: Any = None


@result_type
class NetworkRun(Result):
    """Result of :func:`simulate_network`.

    Attributes
    ----------
    times : numpy.ndarray
        Steps at which the state was recorded, ``(n_records,)``; 0 is the initial state.
    fractions : numpy.ndarray
        ``(n_replicates, n_records, n_strategies)`` fraction of members playing each strategy.
    mean_payoffs : numpy.ndarray
        ``(n_replicates, n_records)`` mean game payoff (without subsidies).
    strategies : numpy.ndarray
        ``int8`` ``(n_replicates, n_members)`` final strategies.
    payoffs : numpy.ndarray
        ``(n_replicates, n_members)`` final game payoffs.
    snapshots : numpy.ndarray or None
        ``int8`` ``(n_replicates, n_records, n_members)`` strategies at every record, if asked.
    absorbed_at : numpy.ndarray
        ``(n_replicates,)`` step at which each replicate was absorbed, or -1.
    graph : CSRGraph
        The graph the members imitate on; :attr:`nodes` are its labels.
    committed : numpy.ndarray
        Positions of the committed members.
    rule, updating : str
    steps : int
        Steps requested.
    steps_run : int
        Steps actually run (fewer if every replicate was absorbed).
    n_components : int
        Connected components of the graph (dynamics never cross components).
    seed : SeedRecord
        Root seed: ``simulate_network(..., rng=seed.seed_sequence())`` replays the run.
    success : bool
    message : str

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.dynamics import network_public_goods, simulate_network
    >>> game = network_public_goods(nx.cycle_graph(20), multiplier=4.0)
    >>> run = simulate_network(game, steps=10, replicates=2, rng=1)
    >>> run.fractions.shape
    (2, 11, 2)
    >>> run.to_frame().columns.tolist()
    ['replicate', 'time', 'fraction_0', 'fraction_1', 'mean_payoff']
    """

    times: NDArray[np.int64]
    fractions: NDArray[np.float64]
    mean_payoffs: NDArray[np.float64]
    strategies: NDArray[np.int8]
    payoffs: NDArray[np.float64]
    snapshots: NDArray[np.int8] | None
    absorbed_at: NDArray[np.int64]
    graph: CSRGraph
    committed: NDArray[np.int64]
    rule: str
    updating: str
    steps: int
    steps_run: int
    n_components: int
    seed: SeedRecord
    success: bool
    message: str

    @property
    def nodes(self) -> tuple[Hashable, ...]:
        """Node labels; column ``i`` of :attr:`strategies` is node ``nodes[i]``."""
        return self.graph.nodes

    @property
    def n_replicates(self) -> int:
        """Number of replicates."""
        return int(self.fractions.shape[0])

    def final_fractions(self) -> NDArray[np.float64]:
        """``(n_replicates, n_strategies)`` fractions at the last record."""
        return np.array(self.fractions[:, -1, :])

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per replicate and record time.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.dynamics import network_public_goods, simulate_network
        >>> game = network_public_goods(nx.cycle_graph(10), multiplier=4.0)
        >>> simulate_network(game, steps=2, rng=0).to_frame().shape
        (3, 5)
        """
        n_rep, n_rec, k = self.fractions.shape
        frame = pd.DataFrame(
            {
                "replicate": np.repeat(np.arange(n_rep), n_rec),
                "time": np.tile(self.times, n_rep),
            }
        )
        for t in range(k):
            frame[f"fraction_{t}"] = self.fractions[:, :, t].ravel()
        frame["mean_payoff"] = self.mean_payoffs.ravel()
        return frame


# --------------------------------------------------------------------------------------------
# Games computed in Python (any NetworkedGame): the same compiled loop makes every decision
# --------------------------------------------------------------------------------------------


def _checked_payoffs(game: Any, strategies: NDArray[np.int8], n: int) -> NDArray[np.float64]:
    values = np.asarray(game.payoffs(strategies), dtype=np.float64)
    if values.shape != (n,) or not np.all(np.isfinite(values)):
        raise ValueError(
            f"`game`.payoffs must return {n} finite payoffs; got shape {values.shape} with "
            f"{int(np.count_nonzero(~np.isfinite(values)))} non-finite entries."
        )
    return values


def _checked_changes(game: Any, s: NDArray[np.int8], i: int, t: int) -> tuple[Any, Any]:
    members, changes = game.payoff_changes(s.copy(), i, t)
    members = np.asarray(members, dtype=np.int64)
    changes = np.asarray(changes, dtype=np.float64)
    if members.shape != changes.shape or not np.all(np.isfinite(changes)):
        raise ValueError(
            "`game`.payoff_changes must return (members, changes) of equal length with finite "
            f"changes; got shapes {members.shape} and {changes.shape}."
        )
    return members, changes


def _alternatives(game: Any, s: Any, f: Any, i: int, k: int, out: Any, r: int) -> None:
    """Write member ``i``'s payoff under each strategy to ``out[i, :, r]``."""
    for t in range(k):
        out[i, t, r] = f[i]
        if t != s[i]:
            members, changes = _checked_changes(game, s, i, t)
            out[i, t, r] += changes[members == i].sum()


def _lane(values: Any, r: int) -> Any:
    """Replicate ``r``'s vector in the kernels' layout (a view)."""
    return values if values.ndim == 1 else values[:, r]


def _evolve_external(
    game: Any,
    spec: tuple[Any, ...],
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
) -> None:
    """Drive the compiled rules for a game whose payoffs are computed in Python.

    The same kernels take every decision from the same draws as for a compiled game; only the
    payoffs (and, for best response and logit, one's payoff under each strategy) come from
    the game's ``payoffs`` and ``payoff_changes``.
    """
    n = S.shape[0]
    n_replicates = absorbed_at.size
    k = int(spec[1])
    n_records = fractions.shape[1]
    responses = RULES[rule] in ("best_response", "logit")
    alternatives = np.zeros((n, k, n_replicates))
    values = np.zeros(k)
    tally = np.zeros(k, dtype=np.int64)

    def record(index: int, lanes: range) -> None:
        for r in lanes:
            s, f = np.ascontiguousarray(_lane(S, r)), np.ascontiguousarray(_lane(F, r))
            record_state(index, s, f, k, fractions, payoffs, snapshots, r)

    def index_of(done: int) -> int:
        if done % record_every == 0:
            return done // record_every
        return n_records - 1 if done == total_steps else -1

    every = range(n_replicates)
    for r in every:
        _lane(F, r)[:] = _checked_payoffs(game, _lane(S, r), n)
    if start == 0:
        record(0, every)
    if not asynchronous:
        for step in range(start, stop):
            if responses:
                for r in every:
                    if absorbed_at[r] < 0:
                        s, f = _lane(S, r), _lane(F, r)
                        for i in range(n):
                            _alternatives(game, s, f, i, k, alternatives, r)
            evolve_synchronous(
                spec, rule, S, F, C, P, committed, buffers, cursors, generators, step, step + 1, selection_intensity, exploration_rate, bonus, low, high, absorbing,
                record_every, total_steps, fractions, payoffs, snapshots, absorbed_at,
                alternatives, False,
            )  # fmt: skip
            for r in every:
                _lane(F, r)[:] = _checked_payoffs(game, _lane(S, r), n)
            index = index_of(step + 1)
            if index >= 0:
                record(index, every)
        return
    # Asynchronous: lane by lane, on contiguous copies (the kernels are compiled for one lane).
    lane_counts, lane_pots = np.zeros((1, 1, 1), dtype=np.int32), np.zeros((1, 1, 1))
    lane_alternatives = np.zeros((n, k, 1))
    for r in every:
        s, f = np.ascontiguousarray(_lane(S, r)), np.ascontiguousarray(_lane(F, r))
        buffer, cursor, generator = buffers[r], cursors[r], generators[r]
        for step in range(start, stop):
            if absorbed_at[r] < 0:
                for _ in range(n):
                    forced = -1
                    if rule != BIRTH_DEATH:
                        if cursor[0] > buffer.size - RESERVE:
                            refill(buffer, cursor, generator)
                        forced = int(uniform(buffer, cursor) * n)
                        if committed[forced]:
                            continue
                        if responses:
                            _alternatives(game, s, f, forced, k, lane_alternatives, 0)
                    i, new = update_lane(
                        spec, rule, PROPOSE, s, f, lane_counts, lane_pots, 0, s, committed,
                        selection_intensity, exploration_rate, bonus, low, high, buffer, cursor,
                        generator, values, lane_alternatives, forced, tally,
                    )  # fmt: skip
                    if i >= 0 and new != s[i]:
                        members, changes = _checked_changes(game, s, i, new)
                        f[members] += changes
                        s[i] = new
                if (step + 1) % RECOMPUTE_EVERY == 0:
                    f[:] = _checked_payoffs(game, s, n)
                if absorbing and np.all(s == s[0]):
                    absorbed_at[r] = step + 1
            index = index_of(step + 1)
            if index >= 0:
                record_state(index, s, f, k, fractions, payoffs, snapshots, r)
        _lane(S, r)[:] = s
        _lane(F, r)[:] = f


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def _positions(graph: CSRGraph) -> dict[Hashable, int]:
    return {node: i for i, node in enumerate(graph.nodes)}


def _committed(committed: Any, graph: CSRGraph, k: int) -> tuple[NDArray[np.int64], dict[int, int]]:
    if committed is None:
        return np.zeros(0, dtype=np.int64), {}
    where = _positions(graph)
    fixed: dict[int, int] = {}
    if isinstance(committed, Mapping):
        items = list(committed.items())
    elif isinstance(committed, (str, bytes)) or not isinstance(committed, (Sequence, np.ndarray)):
        raise TypeError(
            "`committed` must be a sequence of node labels or a mapping {label: strategy}; got "
            f"{type(committed).__name__}."
        )
    else:
        items = [(label, None) for label in committed]
    positions = []
    for label, strategy in items:
        if label not in where:
            raise ValueError(f"`committed` member {label!r} is not a node of the graph.")
        position = where[label]
        positions.append(position)
        if strategy is not None:
            fixed[position] = check_int(strategy, "committed", minimum=0, maximum=k - 1)
    if len(set(positions)) != len(positions):
        raise ValueError("`committed` lists a member more than once.")
    return np.array(sorted(positions), dtype=np.int64), fixed


def _initial(initial: Any, n: int, k: int, generator: np.random.Generator) -> NDArray[np.int8]:
    if initial is None:
        return (generator.random(n) * k).astype(np.int8)
    raw = np.asarray(initial)
    if raw.dtype.kind == "f":
        probabilities = check_simplex(raw, "initial", size=k)
        if probabilities.ndim != 1:
            raise ValueError(
                f"`initial` proportions must be one point of the simplex; got {raw.shape}."
            )
        cumulative = np.cumsum(probabilities)
        drawn = np.searchsorted(cumulative, generator.random(n), side="right")
        return np.minimum(drawn, k - 1).astype(np.int8)
    vector = check_strategy_vector(raw, "initial", n, k)
    if vector.ndim != 1:
        raise ValueError(f"`initial` must be one strategy vector; got shape {raw.shape}.")
    return vector


def _phases(
    schedule: Sequence[Phase] | None,
    steps: int,
    game: Any,
    selection_intensity: float,
    exploration_rate: float,
    k: int,
    n: int,
) -> list[tuple[int, int, float, float, NDArray[np.float64], Any]]:
    pieces = []
    begin = 0
    for number, phase in enumerate(schedule or ()):
        if not isinstance(phase, Phase):
            raise TypeError(
                f"`schedule` must be a sequence of Phase objects; item {number} is "
                f"{type(phase).__name__}."
            )
        until = check_int(phase.until, f"schedule[{number}].until", minimum=begin + 1)
        beta = (
            selection_intensity
            if phase.selection_intensity is None
            else check_real(phase.selection_intensity, "selection_intensity", low=0.0)
        )
        mu = (
            exploration_rate
            if phase.exploration_rate is None
            else check_probability(phase.exploration_rate, "exploration_rate")
        )
        bonus = np.zeros(k)
        if phase.subsidy is not None:
            bonus = check_finite_array(phase.subsidy, f"schedule[{number}].subsidy", ndim=1)
            if bonus.size != k:
                raise ValueError(
                    f"`schedule[{number}].subsidy` must have {k} entries (one per strategy); "
                    f"got {bonus.size}."
                )
        phase_game = (
            game if phase.game is None else _check_game(phase.game, f"schedule[{number}].game")
        )
        if phase.game is not None and (phase_game.n_members != n or phase_game.n_strategies != k):
            raise ValueError(
                f"`schedule[{number}].game` must have the same {n} members and {k} strategies "
                "as `game`."
            )
        end = min(until, steps)
        if end > begin:
            pieces.append((begin, end, beta, mu, bonus, phase_game))
        begin = until
    if begin < steps:
        pieces.append((begin, steps, selection_intensity, exploration_rate, np.zeros(k), game))
    return pieces


def _check_game(game: Any, name: str) -> Any:
    if not isinstance(game, NetworkedGame):
        raise TypeError(
            f"`{name}` must be a NetworkedGame (with n_members, n_strategies, payoffs and "
            f"payoff_changes); got {type(game).__name__}."
        )
    return game


@dataclass(slots=True)
class _Block:
    """A contiguous block of replicates run together in lanes (by one thread).

    The record arrays are views of the call's arrays (rows of this block's replicates).
    """

    S: Any
    F: Any
    buffers: Any
    cursors: Any
    generators: Any
    fractions: Any
    mean_payoffs: Any
    snapshots: Any
    absorbed_at: Any
    counts: Any = None
    pots: Any = None


def _blocks(
    rows: NDArray[np.int8],
    count: int,
    generators: list[np.random.Generator],
    width: int,
    fractions: NDArray[np.float64],
    mean_payoffs: NDArray[np.float64],
    snaps: NDArray[np.int8],
    absorbed_at: NDArray[np.int64],
) -> list[_Block]:
    """Split the replicates (initial ``rows``) into ``count`` contiguous blocks, sizes within 1."""
    n_replicates = rows.shape[0]
    bounds = [(b * n_replicates) // count for b in range(count + 1)]
    blocks = []
    for first, stop in pairwise(bounds):
        # The kernels keep the replicates interleaved ("lanes"): S[i, r], or S[i] for one.
        S = as_lanes(rows[first:stop])
        blocks.append(
            _Block(
                S=S,
                F=np.zeros(S.shape),
                buffers=np.zeros((stop - first, width)),
                cursors=np.full((stop - first, 1), width, dtype=np.int64),
                generators=TypedList(generators[first:stop]),
                fractions=fractions[first:stop],
                mean_payoffs=mean_payoffs[first:stop],
                snapshots=snaps[first:stop],
                absorbed_at=absorbed_at[first:stop],
            )
        )
    return blocks


def _run_all(tasks: list[Callable[[], None]], pool: Executor | None) -> None:
    """Run ``tasks`` on ``pool`` (or here, one after the other) and re-raise any error."""
    if pool is None:
        for task in tasks:
            task()
        return
    for future in [pool.submit(task) for task in tasks]:
        future.result()


def _replicate_generators(
    rng: RNGLike, replicates: int
) -> tuple[list[np.random.Generator], SeedRecord]:
    generator, record = resolve_rng(rng)
    if not record.fresh:
        # A generator handed in may have been used: take fresh root entropy from it.
        entropy = tuple(int(x) for x in generator.integers(0, 2**63, size=4))
        generator, record = resolve_rng(np.random.SeedSequence(entropy))
    root = record.entropy
    return [
        np.random.default_rng(task_seed(root, (*record.spawn_key, r))) for r in range(replicates)
    ], record


def simulate_network(
    game: NetworkedGame,
    *,
    steps: int,
    rule: str = "fermi",
    updating: str = "synchronous",
    selection_intensity: float = 1.0,
    exploration_rate: float = 0.0,
    graph: GraphLike | None = None,
    initial: ArrayLike | None = None,
    committed: Sequence[Hashable] | Mapping[Hashable, int] | None = None,
    schedule: Sequence[Phase] | None = None,
    replicates: int = 1,
    record_every: int = 1,
    snapshots: bool = False,
    stop_on_absorption: bool = True,
    rng: RNGLike = None,
    threads: int = 1,
) -> NetworkRun:
    r"""Run agent-based evolutionary dynamics of a game on a graph.

    Parameters
    ----------
    game : NetworkedGame
        :class:`PairwiseGame`, :class:`GroupGame`, :func:`network_public_goods` (compiled), or
        any object satisfying :class:`~gamegroup.games.NetworkedGame` (run by a Python loop
        with the same rules and random draws).
    steps : int
        Number of steps (generations, or Monte-Carlo steps of ``n`` single updates).
    rule : str
        ``"fermi"``, ``"proportional"``, ``"imitate_best"``, ``"death_birth"``,
        ``"birth_death"`` (asynchronous only), ``"best_response"`` or ``"logit"``; see
        :mod:`gamegroup.dynamics.network_rules`.
    updating : {"synchronous", "asynchronous"}
    selection_intensity : float
        :math:`\beta \ge 0`.
    exploration_rate : float
        :math:`\mu \in [0, 1]`.
    graph : networkx.Graph or CSRGraph, optional
        Whom each member imitates; required for games that do not carry a graph, and must be
        omitted for the built-in games (which use their own).
    initial : array_like, optional
        A strategy vector (integers, one per member, shared by all replicates), or proportions
        (floats on the simplex, one per strategy) from which each member draws independently.
        Default: each strategy equally likely.
    committed : sequence of node labels or mapping {label: strategy}, optional
        Members who never change; a mapping also sets their strategy.
    schedule : sequence of Phase, optional
        Time-varying parameters (see :class:`Phase`).
    replicates : int
        Independent runs, batched.
    record_every : int
        Record the state every this many steps (and at the last step).
    snapshots : bool
        Also keep the whole strategy vector at every record.
    stop_on_absorption : bool
        Stop once every replicate is absorbed (see the module docstring).
    rng : None, int, SeedSequence, BitGenerator or Generator
        Randomness (SPEC 7).
    threads : int
        Run the replicates on this many threads (at most one per replicate): they are split
        into that many contiguous blocks, run at the same time. The result does not depend on
        it. Blocks of a game computed in Python run one after the other (its methods need not
        be thread-safe). The default, 1, suits calls made by a pool that already runs one
        process per core, such as the sweeps of :mod:`gamegroup.experiments`.

    Returns
    -------
    NetworkRun

    Raises
    ------
    ValueError
        For an unknown rule or updating, ``birth_death`` with synchronous updating, a negative
        ``selection_intensity``, ``exploration_rate`` outside [0, 1], an initial vector of the
        wrong length or with unknown strategy ids, committed members not in the graph, a
        ``graph`` of the wrong size, proportional imitation with a game without
        ``payoff_bounds``, payoffs that are NaN or infinite, or ``threads < 1``.
    TypeError
        If ``game`` does not satisfy the protocol, or a count (``steps``, ``replicates``,
        ``record_every``, ``threads``) is not an integer.

    References
    ----------
    Santos, F. C., Santos, M. D., & Pacheco, J. M. (2008). Social diversity promotes the
    emergence of cooperation in public goods games. Nature, 454, 213–216.
    Ohtsuki, H., Hauert, C., Lieberman, E., & Nowak, M. A. (2006). A simple rule for the
    evolution of cooperation on graphs and social networks. Nature, 441, 502–505.

    Examples
    --------
    Contributors survive on a ring where the enhancement factor beats the group size:

    >>> import networkx as nx
    >>> from gamegroup.dynamics import network_public_goods
    >>> game = network_public_goods(nx.cycle_graph(50), multiplier=3.5)
    >>> run = simulate_network(game, steps=200, rule="fermi", selection_intensity=5.0, rng=1)
    >>> bool(run.final_fractions()[0, 1] > 0.5), run.steps_run <= 200
    (True, True)

    The same seed gives the identical run, on any number of threads:

    >>> run == simulate_network(game, steps=200, rule="fermi", selection_intensity=5.0, rng=1)
    True
    >>> batch = simulate_network(game, steps=50, replicates=4, rng=2)
    >>> batch == simulate_network(game, steps=50, replicates=4, rng=2, threads=2)
    True
    """
    _check_game(game, "game")
    n_steps = check_int(steps, "steps", minimum=0)
    rule_name = check_choice(rule, "rule", RULES)
    rule_code = RULES.index(rule_name)
    mode = check_choice(updating, "updating", UPDATING)
    if rule_code == BIRTH_DEATH and mode == "synchronous":
        raise ValueError(
            "`rule`='birth_death' needs `updating`='asynchronous' (a birth-death event picks "
            "the parent from the whole population, one event at a time)."
        )
    beta = check_real(selection_intensity, "selection_intensity", low=0.0)
    mu = check_probability(exploration_rate, "exploration_rate")
    n_replicates = check_int(replicates, "replicates", minimum=1)
    every = check_int(record_every, "record_every", minimum=1)
    n_threads = check_int(threads, "threads", minimum=1)
    spec = compiled_spec(game)
    n, k = int(game.n_members), int(game.n_strategies)
    if spec is not None:
        if graph is not None:
            raise ValueError(
                "`graph` must be omitted for a built-in network game: it plays and imitates "
                "on its own graph."
            )
        csr = game.graph  # type: ignore[attr-defined]
    else:
        if graph is None:
            raise ValueError("`graph` is required for a game that does not carry its own graph.")
        csr = as_csr_graph(graph)
        if csr.n_nodes != n:
            raise ValueError(
                f"`graph` must have one node per member ({n}); got {csr.n_nodes} nodes."
            )
    if k > 127:
        raise ValueError(f"`game` must have at most 127 strategies; got {k}.")
    committed_positions, fixed = _committed(committed, csr, k)
    mask = np.zeros(n, dtype=np.bool_)
    mask[committed_positions] = True
    pieces = _phases(schedule, n_steps, game, beta, mu, k, n)
    games_used = [piece[5] for piece in pieces] or [game]
    if rule_name == "proportional":
        for used in games_used:
            if not hasattr(used, "payoff_bounds"):
                raise ValueError(
                    "`rule`='proportional' needs the game's payoff bounds; "
                    f"{type(used).__name__} has no `payoff_bounds()` method."
                )
    generators, record = _replicate_generators(rng, n_replicates)
    rows = np.empty((n_replicates, n), dtype=np.int8)
    for r in range(n_replicates):
        rows[r] = _initial(initial, n, k, generators[r])
        for position, strategy in fixed.items():
            rows[r, position] = strategy
    times = np.arange(0, n_steps + 1, every, dtype=np.int64)
    if times[-1] != n_steps:
        times = np.append(times, n_steps)
    fractions = np.zeros((n_replicates, times.size, k))
    mean_payoffs = np.zeros((n_replicates, times.size))
    snaps = np.zeros((n_replicates, times.size, n) if snapshots else (0, 0, 0), dtype=np.int8)
    absorbed_at = np.full(n_replicates, -1, dtype=np.int64)
    blocks = _blocks(
        rows, min(n_threads, n_replicates), generators, buffer_width(n), fractions,
        mean_payoffs, snaps, absorbed_at,
    )  # fmt: skip
    previous_game: Any = None
    no_alternatives = np.zeros((1, k, 1))
    remaining_exploration = [piece[3] for piece in pieces]
    steps_run = 0
    if not pieces:  # steps == 0: record the initial state only
        pieces = [(0, 0, beta, mu, np.zeros(k), game)]
    asynchronous = mode == "asynchronous"
    threaded = ThreadPoolExecutor(len(blocks)) if len(blocks) > 1 else nullcontext()
    with threaded as pool:
        for number, (begin, end, piece_beta, piece_mu, bonus, piece_game) in enumerate(pieces):
            absorbing = (
                stop_on_absorption
                and rule_code in IMITATION_RULES
                and all(m == 0.0 for m in remaining_exploration[number:])
            )
            piece_spec = compiled_spec(piece_game)
            low, high = (
                piece_game.payoff_bounds() if hasattr(piece_game, "payoff_bounds") else (None, None)
            )
            low = np.ascontiguousarray(np.zeros(n) if low is None else low, dtype=np.float64)
            high = np.ascontiguousarray(np.zeros(n) if high is None else high, dtype=np.float64)
            parameters = (begin, end, piece_beta, piece_mu, bonus, low, high, absorbing, every)
            tasks: list[Callable[[], None]] = []
            for block in blocks:
                records = (
                    n_steps, block.fractions, block.mean_payoffs, block.snapshots,
                    block.absorbed_at,
                )  # fmt: skip
                if piece_spec is not None:
                    fresh = piece_game is not previous_game
                    if fresh:
                        block.counts, block.pots = bookkeeping(
                            piece_spec, n, block.absorbed_at.size
                        )
                    kernel = evolve_asynchronous if asynchronous else evolve_synchronous
                    tasks.append(
                        partial(
                            kernel, piece_spec, rule_code, block.S, block.F, block.counts,
                            block.pots, mask, block.buffers, block.cursors, block.generators,
                            *parameters, *records, no_alternatives, fresh,
                        )
                    )  # fmt: skip
                else:
                    external_spec = make_spec(EXTERNAL, k, csr)
                    counts, pots = bookkeeping(external_spec, n, block.absorbed_at.size)
                    _evolve_external(
                        piece_game, external_spec, rule_code, asynchronous, block.S, block.F,
                        counts, pots, mask, block.buffers, block.cursors, block.generators,
                        *parameters, *records,
                    )  # fmt: skip
            # Compiled kernels release the GIL: the blocks run at the same time.
            _run_all(tasks, pool)
            # A phase computed in Python changes the strategies behind the compiled kernels'
            # back: the next compiled phase rebuilds its bookkeeping even for the same game.
            previous_game = piece_game if piece_spec is not None else None
            steps_run = end
            if absorbing and np.all(absorbed_at >= 0):
                steps_run = int(absorbed_at.max())
                # Fill the remaining records with the absorbed state (nothing can change).
                for block in blocks:
                    _finish_records(
                        times, steps_run, block.fractions, block.mean_payoffs, block.snapshots,
                        block.S, block.F, k,
                    )  # fmt: skip
                break
    message = (
        f"every replicate absorbed by step {steps_run}"
        if steps_run < n_steps
        else f"ran {n_steps} steps"
    )
    return NetworkRun(
        times=times,
        fractions=fractions,
        mean_payoffs=mean_payoffs,
        strategies=np.concatenate([from_lanes(block.S) for block in blocks]),
        payoffs=np.concatenate([from_lanes(block.F) for block in blocks]),
        snapshots=snaps if snapshots else None,
        absorbed_at=absorbed_at,
        graph=csr,
        committed=committed_positions,
        rule=rule_name,
        updating=mode,
        steps=n_steps,
        steps_run=steps_run,
        n_components=csr.n_components,
        seed=record,
        success=True,
        message=message,
    )


def _finish_records(
    times: NDArray[np.int64],
    steps_run: int,
    fractions: NDArray[np.float64],
    mean_payoffs: NDArray[np.float64],
    snaps: NDArray[np.int8],
    S: NDArray[np.int8],
    F: NDArray[np.float64],
    k: int,
) -> None:
    later = times > steps_run
    if not np.any(later):
        return
    for r in range(fractions.shape[0]):
        s, f = _lane(S, r), _lane(F, r)
        fractions[r, later] = np.bincount(s, minlength=k) / s.size
        mean_payoffs[r, later] = np.ascontiguousarray(f).mean()
        if snaps.shape[0]:
            snaps[r, later] = s
