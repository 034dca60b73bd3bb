r"""The protocol for games whose payoffs depend on the whole strategy vector of a population.

Members :math:`i = 0, \dots, n-1` each play a pure strategy :math:`s_i \in \{0, \dots, k-1\}`;
a :class:`NetworkedGame` maps the strategy vector :math:`s` to every member's payoff
:math:`\pi_i(s)`. Group games on a graph and the knowledge-sharing game on a trust and a market
layer are of this kind. Agent-based dynamics (:mod:`gamegroup.dynamics`) need two things from
such a game:

* ``payoffs(strategies)``: all members' payoffs for one or a batch of strategy vectors, and
* ``payoff_changes(strategies, member, new_strategy)``: which members' payoffs change, and by how
  much, if ``member`` alone switches to ``new_strategy``. This is what makes asynchronous
  updating cheap: a game should compute it without re-evaluating everything (for a group game,
  only the switching member's two-step neighbourhood changes; for a market, a low-rank update of
  the market solution).

Any object with these members satisfies the protocol (structural typing); there is no base class
to inherit from.

Examples
--------
A two-member toy game in which each member earns the number of members playing its own
strategy:

>>> import numpy as np
>>> class Coordination:
...     n_members = 2
...     n_strategies = 2
...     def payoffs(self, strategies):
...         s = np.asarray(strategies)
...         same = (s[..., :, None] == s[..., None, :]).sum(axis=-1)
...         return same.astype(float)
...     def payoff_changes(self, strategies, member, new_strategy):
...         after = np.array(strategies)
...         after[member] = new_strategy
...         change = self.payoffs(after) - self.payoffs(strategies)
...         return np.flatnonzero(change), change[change != 0]
>>> isinstance(Coordination(), NetworkedGame)
True
>>> Coordination().payoff_changes([0, 1], 1, 0)
(array([0, 1]), array([1., 1.]))
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray


@runtime_checkable
class NetworkedGame(Protocol):
    """A game whose payoffs are a function of the whole strategy vector (see the module docs).

    Attributes
    ----------
    n_members : int
        Number of members ``n``.
    n_strategies : int
        Number of pure strategies ``k``; strategies are ``0..k-1``.

    Examples
    --------
    >>> hasattr(NetworkedGame, "payoff_changes")
    True
    """

    @property
    def n_members(self) -> int:
        """Number of members."""
        ...

    @property
    def n_strategies(self) -> int:
        """Number of pure strategies."""
        ...

    def payoffs(self, strategies: ArrayLike) -> NDArray[np.float64]:
        """Return every member's payoff; ``strategies`` has shape ``(..., n_members)``."""
        ...

    def payoff_changes(
        self, strategies: ArrayLike, member: int, new_strategy: int
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Return ``(members, changes)``: whose payoffs change, and by how much, if one switches."""
        ...
