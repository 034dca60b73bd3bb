"""egttools' payoff layout, for the oracle tests and benchmarks that compare against egttools.

egttools indexes an N-player payoff table by the composition of the *whole group* (the focal
player included), where :class:`~gamegroup.games.SymmetricGame` indexes it by the co-players'
composition; both list compositions in the same (lexicographically descending) order. Nothing
here imports egttools.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from gamegroup._combinatorics import composition_index, compositions


def group_payoff_table(payoffs: NDArray[np.float64], group_size: int) -> NDArray[np.float64]:
    """Return ``table[s, g]``: the payoff of ``s`` in the group of composition ``g`` (0 if absent).

    ``payoffs`` is a :attr:`SymmetricGame.payoffs` table over co-player compositions.

    Examples
    --------
    >>> group_payoff_table(np.array([[0.0, 2.0], [1.0, 3.0]]), 2)
    array([[0., 2., 0.],
           [0., 1., 3.]])
    """
    k = payoffs.shape[0]
    groups = compositions(group_size, k)
    table = np.zeros((k, groups.shape[0]))
    for s in range(k):
        has = groups[:, s] > 0
        co_players = groups[has].copy()
        co_players[:, s] -= 1
        table[s, has] = payoffs[s, composition_index(co_players)]
    return np.ascontiguousarray(table)
