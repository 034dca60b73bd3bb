r"""Symmetric N-player games stored by composition, never as a full tensor.

In a symmetric game of ``N`` players with ``k`` strategies, a player's payoff depends only on its
own strategy :math:`s` and on how many of its :math:`N - 1` co-players use each strategy, the
composition :math:`c \in \mathbb{N}^k`, :math:`\sum_j c_j = N - 1`. The game is the table

.. math::

    P[s, c] = \pi_s(c), \qquad s = 0, \dots, k-1,\;\;
    c \in \mathcal{C}_{N-1,k},

with :math:`|\mathcal{C}_{N-1,k}| = \binom{N + k - 2}{k - 1}` columns in the canonical order of
:func:`gamegroup._combinatorics.compositions` (for ``k = 2``, column ``j`` is "``j`` co-players
use strategy 1"). The table grows polynomially in ``N`` where the equivalent normal form grows
like :math:`N k^N`.

Two expected payoffs drive evolutionary dynamics:

* **Infinite population** at mixed state :math:`x` (co-players sampled independently, so the
  composition is multinomial):
  :math:`f_s(x) = \sum_c \binom{N-1}{c} \prod_j x_j^{c_j}\, \pi_s(c)`.
* **Finite population** of size :math:`Z` with counts :math:`i = (i_0, \dots, i_{k-1})`: an
  :math:`s`-player's co-players are drawn without replacement from the other :math:`Z - 1`
  members, whose counts are :math:`m = i - e_s`, so the composition is multivariate
  hypergeometric: :math:`f_s(i) = \sum_c \prod_j \binom{m_j}{c_j} \big/ \binom{Z-1}{N-1}\,
  \pi_s(c)` (Traulsen, Pacheco & Nowak 2007; Pacheco et al. 2009, Proc. R. Soc. B 276:315).
  It is undefined, and returned as NaN, when :math:`i_s = 0`.

Both are vectorised over states and evaluated in memory-bounded chunks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import gammaln

from gamegroup._combinatorics import (
    composition_index,
    compositions,
    multinomial_probabilities,
    n_compositions,
)
from gamegroup._validation import (
    check_counts,
    check_finite_array,
    check_int,
    check_permutation,
    check_population_states,
    check_returned_real,
    check_simplex,
    check_type,
)
from gamegroup.games.normal_form import NormalFormGame

DEFAULT_MAX_TENSOR_ENTRIES = 2**25
"""Largest payoff tensor :meth:`SymmetricGame.to_normal_form` builds unless told otherwise."""

_CHUNK_ENTRIES = 2**22  # entries of the (states x compositions x strategies) work arrays


@lru_cache(maxsize=16)
def _log_choose_table(population_size: int, largest_draw: int) -> tuple[NDArray[np.float64], float]:
    """Return log C(m, c) for m = 0..Z, c = 0..n (-inf where c > m) and log C(Z-1, n).

    With -inf for infeasible draws, exp(sum_j logC[m_j, c_j] - log C(Z-1, n)) is the
    multivariate hypergeometric probability of drawing composition c from counts m, and exactly
    0 for an impossible composition (exp(-inf) = 0).
    """
    log_factorial = gammaln(np.arange(population_size + 1, dtype=np.float64) + 1.0)
    m = np.arange(population_size + 1)[:, None]
    c = np.arange(largest_draw + 1)[None, :]
    feasible = c <= m
    table = np.full((population_size + 1, largest_draw + 1), -np.inf)
    table[feasible] = (log_factorial[m] - log_factorial[c] - log_factorial[m - c])[feasible]
    table.setflags(write=False)
    log_total = float(
        log_factorial[population_size - 1]
        - log_factorial[largest_draw]
        - log_factorial[population_size - 1 - largest_draw]
    )
    return table, log_total


class SymmetricGame:
    """A symmetric N-player game: payoff by own strategy and co-players' composition.

    Parameters
    ----------
    payoffs : array_like
        Shape ``(k, n_compositions)``: ``payoffs[s, j]`` is the payoff of a player using
        strategy ``s`` when its ``N - 1`` co-players have composition ``compositions[j]``
        (see :attr:`compositions` for the order).
    group_size : int
        The number of players ``N >= 2``.
    strategy_names : sequence of str, optional
        Labels of the strategies.

    Attributes
    ----------
    payoffs : numpy.ndarray
        The read-only table.
    group_size : int
    n_strategies : int
    compositions : numpy.ndarray
        Read-only ``int64`` array of shape ``(n_compositions, k)``: the co-player compositions
        labelling the columns of :attr:`payoffs`.
    strategy_names : tuple of str

    Raises
    ------
    ValueError
        If the table's shape does not match ``group_size`` and ``k``, or holds NaN or inf.
    TypeError
        If ``group_size`` is not an integer.

    See Also
    --------
    gamegroup.games.public_goods : factories for the public-goods family.

    Examples
    --------
    A 3-player snowdrift-like game with 2 strategies. Column ``j`` means "``j`` co-players use
    strategy 1":

    >>> game = SymmetricGame([[0, 2, 4], [1, 2, 3]], group_size=3)
    >>> game
    SymmetricGame(group_size=3, n_strategies=2)
    >>> game.compositions
    array([[2, 0],
           [1, 1],
           [0, 2]])
    >>> game.infinite_population_payoffs([0.5, 0.5])
    array([2., 2.])
    """

    __slots__ = ("_compositions", "_group_size", "_payoffs", "_strategy_names")

    def __init__(
        self,
        payoffs: ArrayLike,
        *,
        group_size: int,
        strategy_names: Sequence[str] | None = None,
    ) -> None:
        size = check_int(group_size, "group_size", minimum=2)
        table = check_finite_array(payoffs, "payoffs", ndim=2)
        k = table.shape[0]
        if k < 1:
            raise ValueError("`payoffs` must have at least one row (one per strategy); got 0.")
        expected = n_compositions(size - 1, k)
        if table.shape[1] != expected:
            raise ValueError(
                f"`payoffs` must have shape (k, C(N+k-2, k-1)) = ({k}, {expected}) for "
                f"group_size N={size} and k={k} strategies; got shape {table.shape}."
            )
        table.setflags(write=False)
        self._payoffs = table
        self._group_size = size
        self._compositions = compositions(size - 1, k)
        if strategy_names is None:
            self._strategy_names = tuple(str(s) for s in range(k))
        else:
            if (
                isinstance(strategy_names, str)
                or len(strategy_names) != k
                or not all(isinstance(n, str) for n in strategy_names)
            ):
                raise ValueError(
                    f"`strategy_names` must be a sequence of {k} strings; got {strategy_names!r}."
                )
            self._strategy_names = tuple(strategy_names)

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def from_function(
        cls,
        function: Callable[[int, NDArray[np.int64]], float],
        *,
        n_strategies: int,
        group_size: int,
        strategy_names: Sequence[str] | None = None,
    ) -> SymmetricGame:
        """Tabulate ``function(strategy, co_player_counts)`` over every strategy and composition.

        Parameters
        ----------
        function : callable
            ``function(s, c)`` returns the payoff of a player using strategy ``s`` (an ``int``)
            when its co-players have counts ``c`` (an ``int64`` array of length ``k`` summing
            to ``N - 1``). It must return a finite real number.
        n_strategies : int
            ``k >= 1``.
        group_size : int
            ``N >= 2``.
        strategy_names : sequence of str, optional

        Raises
        ------
        ValueError
            If ``function`` returns NaN or inf (the strategy and counts are named).
        TypeError
            If ``function`` is not callable or returns a non-number.

        Examples
        --------
        A linear public goods game with 4 players, multiplication factor 3, strategy 1
        contributing 1:

        >>> def payoff(s, counts):
        ...     contributors = counts[1] + s
        ...     return 3 * contributors / 4 - s
        >>> SymmetricGame.from_function(payoff, n_strategies=2, group_size=4).payoffs
        array([[ 0.  ,  0.75,  1.5 ,  2.25],
               [-0.25,  0.5 ,  1.25,  2.  ]])
        """
        if not callable(function):
            raise TypeError(f"`function` must be callable; got {type(function).__name__}.")
        k = check_int(n_strategies, "n_strategies", minimum=1)
        size = check_int(group_size, "group_size", minimum=2)
        columns = compositions(size - 1, k)
        table = np.empty((k, columns.shape[0]))
        for s in range(k):
            for j, counts in enumerate(columns):
                table[s, j] = check_returned_real(
                    function(s, counts.copy()),
                    "function",
                    f"for strategy {s} and co-player counts {counts.tolist()}",
                )
        return cls(table, group_size=size, strategy_names=strategy_names)

    @classmethod
    def from_normal_form(cls, game: NormalFormGame, *, tol: float = 0.0) -> SymmetricGame:
        """Build the symmetric table of a symmetric :class:`NormalFormGame`.

        Parameters
        ----------
        game : NormalFormGame
            Every player must have the same number of actions, and permuting players must
            permute payoffs accordingly.
        tol : float
            Largest accepted absolute violation of symmetry.

        Raises
        ------
        ValueError
            If the game is not symmetric within ``tol`` (the largest violation is reported).

        Examples
        --------
        >>> pd = NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> SymmetricGame.from_normal_form(pd).payoffs
        array([[3., 0.],
               [5., 1.]])
        """
        check_type(game, "game", NormalFormGame, "a NormalFormGame")
        if tol < 0 or not np.isfinite(tol):
            raise ValueError(f"`tol` must be a finite number >= 0; got {tol}.")
        sizes = set(game.n_actions)
        if len(sizes) != 1 or game.n_players < 2:
            raise ValueError(
                "`game` must have at least 2 players with the same number of actions each to be "
                f"symmetric; got n_actions={game.n_actions}."
            )
        k = sizes.pop()
        n = game.n_players
        columns = compositions(n - 1, k)
        table = np.empty((k, columns.shape[0]))
        for j, counts in enumerate(columns):
            others = np.repeat(np.arange(k), counts)
            for s in range(k):
                table[s, j] = game.payoffs[(0, s, *others)]
        candidate = cls(table, group_size=n)
        violation = float(np.max(np.abs(candidate._tensor() - game.payoffs)))
        if violation > tol:
            raise ValueError(
                f"`game` is not symmetric: permuting players changes payoffs by up to "
                f"{violation:.3g} (tol={tol:g})."
            )
        return candidate

    # -- data ---------------------------------------------------------------------------------
    @property
    def payoffs(self) -> NDArray[np.float64]:
        """The read-only table of shape ``(k, n_compositions)``."""
        return self._payoffs

    @property
    def group_size(self) -> int:
        """The number of players ``N`` in a group."""
        return self._group_size

    @property
    def n_strategies(self) -> int:
        """The number of strategies ``k``."""
        return int(self._payoffs.shape[0])

    @property
    def compositions(self) -> NDArray[np.int64]:
        """Co-player compositions labelling the columns of :attr:`payoffs`."""
        return self._compositions

    @property
    def strategy_names(self) -> tuple[str, ...]:
        """Labels of the strategies."""
        return self._strategy_names

    def __repr__(self) -> str:
        return f"SymmetricGame(group_size={self._group_size}, n_strategies={self.n_strategies})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SymmetricGame):
            return NotImplemented
        return self._group_size == other._group_size and bool(
            np.array_equal(self._payoffs, other._payoffs)
        )

    __hash__ = None  # type: ignore[assignment]

    def payoff(self, strategy: int, co_player_counts: ArrayLike) -> float:
        """Return the payoff of ``strategy`` against the given co-player composition.

        Examples
        --------
        >>> SymmetricGame([[0, 2, 4], [1, 2, 3]], group_size=3).payoff(1, [0, 2])
        3.0
        """
        s = check_int(strategy, "strategy", minimum=0, maximum=self.n_strategies - 1)
        counts = check_counts(
            co_player_counts, "co_player_counts", total=self._group_size - 1, size=self.n_strategies
        )
        if counts.ndim != 1:
            raise ValueError(
                f"`co_player_counts` must be one composition (1-dimensional); got shape "
                f"{counts.shape}."
            )
        return float(self._payoffs[s, composition_index(counts)])

    # -- expected payoffs ----------------------------------------------------------------------
    def infinite_population_payoffs(self, x: ArrayLike) -> NDArray[np.float64]:
        """Return each strategy's expected payoff when co-players are sampled from the state x.

        Parameters
        ----------
        x : array_like
            Shape ``(..., k)``: one or many points of the simplex (strategy frequencies).

        Returns
        -------
        numpy.ndarray
            Shape ``(..., k)``: :math:`f_s(x)` for each state and strategy.

        Raises
        ------
        ValueError
            If a state is not on the simplex.

        Examples
        --------
        In a linear public goods game (N = 4, r = 3), free-riding (strategy 0) always earns
        ``1 - r/N = 0.25`` more than contributing:

        >>> from gamegroup.games import public_goods
        >>> game = public_goods(group_size=4, multiplier=3.0)
        >>> f = game.infinite_population_payoffs([[1, 0], [0.5, 0.5], [0, 1]])
        >>> f[:, 0] - f[:, 1]
        array([0.25, 0.25, 0.25])
        """
        states = check_simplex(x, "x", size=self.n_strategies)
        return self._infinite_population_payoffs(states)

    def _infinite_population_payoffs(self, states: NDArray[np.float64]) -> NDArray[np.float64]:
        """Unchecked :meth:`infinite_population_payoffs` for callers that validated ``states``."""
        batch_shape = states.shape[:-1]
        flat = states.reshape(-1, self.n_strategies)
        out = np.empty_like(flat)
        rows_per_chunk = max(1, _CHUNK_ENTRIES // max(1, self._compositions.shape[0]))
        for start in range(0, flat.shape[0], rows_per_chunk):
            block = flat[start : start + rows_per_chunk]
            probability = multinomial_probabilities(self._compositions, block)
            out[start : start + rows_per_chunk] = probability @ self._payoffs.T
        return out.reshape(*batch_shape, self.n_strategies)

    def finite_population_payoffs(
        self, population_size: int, states: ArrayLike | None = None
    ) -> NDArray[np.float64]:
        """Return each strategy's expected payoff in a finite population (sampling without replacement).

        Parameters
        ----------
        population_size : int
            ``Z >= N`` (a group must fit in the population).
        states : array_like of int, optional
            Shape ``(S, k)``: counts of each strategy, each row summing to ``Z``. Defaults to
            every state of the population, ``compositions(Z, k)``, in canonical order (for
            ``k = 2``, row ``i`` has ``i`` players using strategy 1).

        Returns
        -------
        numpy.ndarray
            Shape ``(S, k)``: entry ``[r, s]`` is the expected payoff of an ``s``-player at state
            ``r``; NaN where the state has no ``s``-player.

        Raises
        ------
        ValueError
            If ``population_size < group_size`` or a state's counts do not sum to it.
        TypeError
            If ``population_size`` or ``states`` are not integers.

        Examples
        --------
        Linear public goods, N = 3, r = 3, in a population of Z = 4 with 2 contributors
        (strategy 1): a free-rider meets 2 co-players out of {C, C, D}.

        >>> from gamegroup.games import public_goods
        >>> game = public_goods(group_size=3, multiplier=3.0)
        >>> game.finite_population_payoffs(4, [[2, 2]])
        array([[1.33333333, 0.66666667]])
        """
        z = check_int(population_size, "population_size", minimum=self._group_size)
        counts = check_population_states(states, "states", z, self.n_strategies)
        return self._finite_population_payoffs(z, counts)

    def _finite_population_payoffs(
        self, population_size: int, states: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Unchecked :meth:`finite_population_payoffs` for callers that validated the states."""
        k = self.n_strategies
        columns = self._compositions  # (M, k) co-player compositions c
        n_columns = columns.shape[0]
        log_choose, log_total = _log_choose_table(population_size, self._group_size - 1)
        out = np.full(states.shape, np.nan)
        rows_per_chunk = max(1, _CHUNK_ENTRIES // max(1, n_columns * k))
        for start in range(0, states.shape[0], rows_per_chunk):
            block = states[start : start + rows_per_chunk]
            for s in range(k):
                present = block[:, s] > 0
                if not np.any(present):
                    continue
                pool = block[present]
                pool[:, s] -= 1  # the other Z - 1 members, m = i - e_s
                log_probability = log_choose[pool[:, 0]][:, columns[:, 0]]  # shape (P, M)
                for j in range(1, k):
                    log_probability += log_choose[pool[:, j]][:, columns[:, j]]
                log_probability -= log_total
                probability = np.exp(log_probability, out=log_probability)
                out[np.flatnonzero(present) + start, s] = probability @ self._payoffs[s]
        return out

    # -- conversions ----------------------------------------------------------------------------
    def to_normal_form(self, *, max_entries: int = DEFAULT_MAX_TENSOR_ENTRIES) -> NormalFormGame:
        """Expand to the full payoff tensor of shape ``(N, k, ..., k)``.

        Parameters
        ----------
        max_entries : int
            Refuse (with ``ValueError``) to build a tensor with more than this many entries;
            the default, 2**25, is 256 MiB of float64.

        Raises
        ------
        ValueError
            If ``N * k**N > max_entries``.

        Examples
        --------
        >>> pd = SymmetricGame([[3, 0], [5, 1]], group_size=2)
        >>> pd.to_normal_form().payoffs[1]
        array([[3., 5.],
               [0., 1.]])
        """
        limit = check_int(max_entries, "max_entries", minimum=1)
        n, k = self._group_size, self.n_strategies
        entries = n * k**n
        if entries > limit:
            raise ValueError(
                f"`group_size`={n} with {k} strategies needs a normal-form tensor of "
                f"N*k**N = {entries:.3g} entries, more than `max_entries`={limit}; work with the "
                "SymmetricGame directly, or raise `max_entries`."
            )
        return NormalFormGame(self._tensor())

    def _tensor(self) -> NDArray[np.float64]:
        n, k = self._group_size, self.n_strategies
        profiles = np.indices((k,) * n).reshape(n, -1).T  # (k**n, n)
        one_hot = np.eye(k, dtype=np.int64)[profiles]  # (k**n, n, k)
        totals = one_hot.sum(axis=1)
        tensor = np.empty((n, profiles.shape[0]))
        for i in range(n):
            own = profiles[:, i]
            tensor[i] = self._payoffs[own, composition_index(totals - one_hot[:, i, :])]
        return tensor.reshape((n,) + (k,) * n)

    def permute_strategies(self, order: Sequence[int]) -> SymmetricGame:
        """Return the game in which new strategy ``j`` is old strategy ``order[j]``.

        Examples
        --------
        >>> game = SymmetricGame([[0, 2, 4], [1, 2, 3]], group_size=3)
        >>> game.permute_strategies([1, 0]).payoffs
        array([[3., 2., 1.],
               [4., 2., 0.]])
        """
        perm = check_permutation(order, "order", self.n_strategies)
        old_counts = np.empty_like(self._compositions)
        old_counts[:, perm] = self._compositions
        columns = composition_index(old_counts)
        return SymmetricGame(
            self._payoffs[perm][:, columns],
            group_size=self._group_size,
            strategy_names=[self._strategy_names[j] for j in perm],
        )
