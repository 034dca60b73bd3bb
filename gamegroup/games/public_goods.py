r"""The public-goods family as :class:`~gamegroup.games.SymmetricGame` factories.

Strategy 0 is always *defect* (free-ride, do not share) and strategy 1 *contribute* (share), so
for two-strategy games column ``j`` of the table is "``j`` co-players contribute" and a
mixed state's entry ``x[1]`` is the fraction of contributors. Below, :math:`N` is the group size,
:math:`k` the number of contributors in the group *including the focal player*, and
:math:`\theta(y) = 1` for :math:`y \ge 0`, else 0.

Linear and threshold public goods (:func:`public_goods`)
    Each contributor pays :math:`c`; the pot :math:`r c k` is shared equally by all :math:`N`
    members, but only if at least :math:`M` members contribute (:math:`M = 0`: the linear game
    of Hauert et al. 2002; :math:`M \ge 1`: the N-person stag hunt of Pacheco, Santos, Souza &
    Skyrms 2009, Proc. R. Soc. B 276:315):

    .. math:: \Pi_D(k) = \frac{r c k}{N}\,\theta(k - M), \qquad \Pi_C(k) = \Pi_D(k) - c.

Collective-risk dilemma (:func:`collective_risk_dilemma`)
    Everyone holds an endowment :math:`b`; contributors give the fraction :math:`c` of it. If
    fewer than :math:`M` contribute, everyone loses what it still holds with probability
    :math:`p` (``risk``) (Milinski et al. 2008, PNAS 105:2291; Santos & Pacheco 2011, PNAS
    108:10421):

    .. math:: \Pi_D(k) = b\,\{\theta(k - M) + (1 - p)[1 - \theta(k - M)]\}, \qquad
              \Pi_C(k) = \Pi_D(k) - c b.

Optional public goods (:func:`optional_public_goods`)
    A third strategy, the *loner*, abstains and earns :math:`\sigma`. With :math:`S` participants
    (contributors and defectors, focal included), of whom :math:`k` contribute, participants
    earn :math:`\Pi_D = r c k / S` and :math:`\Pi_C = \Pi_D - c` if :math:`S \ge 2`; a lone
    participant cannot play and earns :math:`\sigma` like a loner (Hauert, De Monte, Hofbauer &
    Sigmund 2002, Science 296:1129 and J. theor. Biol. 218:187).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from gamegroup._combinatorics import compositions
from gamegroup._validation import check_int, check_probability, check_real
from gamegroup.games.symmetric import SymmetricGame

DEFECT, CONTRIBUTE, LONER = 0, 1, 2
"""Strategy indices used by every factory in this module."""


def _contributors(group_size: int, n_strategies: int) -> NDArray[np.int64]:
    """Contributors among co-players for each column, shape (n_compositions,)."""
    return compositions(group_size - 1, n_strategies)[:, CONTRIBUTE]


def public_goods(
    *, group_size: int, multiplier: float, cost: float = 1.0, threshold: int = 0
) -> SymmetricGame:
    r"""Return a linear (``threshold=0``) or threshold public goods game (N-person stag hunt).

    Parameters
    ----------
    group_size : int
        :math:`N \ge 2`.
    multiplier : float
        Multiplication factor :math:`r \ge 0` (also called the enhancement factor).
    cost : float
        Contribution :math:`c \ge 0` paid by each contributor.
    threshold : int
        Minimum number of contributors :math:`M \in [0, N]` for the pot to be produced.

    Returns
    -------
    SymmetricGame
        Strategies ``("defect", "contribute")``.

    Raises
    ------
    ValueError
        If ``group_size < 2``, ``multiplier`` or ``cost`` is negative or not finite, or
        ``threshold`` is outside ``[0, group_size]``.
    TypeError
        If ``group_size`` or ``threshold`` is not an integer.

    References
    ----------
    Pacheco, J. M., Santos, F. C., Souza, M. O., & Skyrms, B. (2009). Evolutionary dynamics of
    collective action in N-person stag hunt dilemmas. Proc. R. Soc. B, 276, 315–321.

    Examples
    --------
    >>> game = public_goods(group_size=3, multiplier=2.4, cost=1.0)
    >>> game.payoffs
    array([[ 0. ,  0.8,  1.6],
           [-0.2,  0.6,  1.4]])

    With a threshold of 2 contributors, a lone contributor's money is lost:

    >>> public_goods(group_size=3, multiplier=2.4, threshold=2).payoffs
    array([[ 0. ,  0. ,  1.6],
           [-1. ,  0.6,  1.4]])
    """
    n = check_int(group_size, "group_size", minimum=2)
    r = check_real(multiplier, "multiplier", low=0.0)
    c = check_real(cost, "cost", low=0.0)
    m = check_int(threshold, "threshold", minimum=0, maximum=n)
    co_contributors = _contributors(n, 2)
    table = np.empty((2, co_contributors.size))
    for strategy in (DEFECT, CONTRIBUTE):
        k = co_contributors + strategy
        table[strategy] = np.where(k >= m, r * c * k / n, 0.0) - c * strategy
    return SymmetricGame(table, group_size=n, strategy_names=("defect", "contribute"))


def collective_risk_dilemma(
    *,
    group_size: int,
    threshold: int,
    risk: float,
    endowment: float = 1.0,
    contribution_fraction: float = 0.1,
) -> SymmetricGame:
    r"""Return the collective-risk dilemma: fail to reach the threshold and lose everything with some risk.

    Parameters
    ----------
    group_size : int
        :math:`N \ge 2`.
    threshold : int
        Contributors :math:`M \in [0, N]` needed to avert the risk.
    risk : float
        Probability :math:`p \in [0, 1]` of losing the remaining endowment on failure.
    endowment : float
        Endowment :math:`b \ge 0`.
    contribution_fraction : float
        Fraction :math:`c \in [0, 1]` of the endowment a contributor gives.

    Returns
    -------
    SymmetricGame
        Strategies ``("defect", "contribute")``.

    Raises
    ------
    ValueError
        If a probability or fraction is outside [0, 1], ``threshold`` outside
        ``[0, group_size]``, or ``endowment`` negative.

    References
    ----------
    Santos, F. C., & Pacheco, J. M. (2011). Risk of collective failure provides an escape from
    the tragedy of the commons. PNAS, 108(26), 10421–10425.

    Examples
    --------
    >>> collective_risk_dilemma(group_size=2, threshold=2, risk=0.5).payoffs
    array([[0.5, 0.5],
           [0.4, 0.9]])
    """
    n = check_int(group_size, "group_size", minimum=2)
    m = check_int(threshold, "threshold", minimum=0, maximum=n)
    p = check_probability(risk, "risk")
    b = check_real(endowment, "endowment", low=0.0)
    c = check_probability(contribution_fraction, "contribution_fraction")
    co_contributors = _contributors(n, 2)
    table = np.empty((2, co_contributors.size))
    for strategy in (DEFECT, CONTRIBUTE):
        k = co_contributors + strategy
        table[strategy] = b * np.where(k >= m, 1.0, 1.0 - p) - c * b * strategy
    return SymmetricGame(table, group_size=n, strategy_names=("defect", "contribute"))


def optional_public_goods(
    *, group_size: int, multiplier: float, loner_payoff: float, cost: float = 1.0
) -> SymmetricGame:
    r"""Return the optional (voluntary) public goods game with loners.

    Parameters
    ----------
    group_size : int
        :math:`N \ge 2`.
    multiplier : float
        :math:`r \ge 0`.
    loner_payoff : float
        :math:`\sigma`, the fixed payoff of abstaining (also of a lone participant).
    cost : float
        Contribution :math:`c \ge 0`.

    Returns
    -------
    SymmetricGame
        Strategies ``("defect", "contribute", "loner")``.

    Raises
    ------
    ValueError
        If ``group_size < 2``, or ``multiplier``, ``cost`` negative, or any value not finite.

    References
    ----------
    Hauert, C., De Monte, S., Hofbauer, J., & Sigmund, K. (2002). Volunteering as Red Queen
    mechanism for cooperation in public goods games. Science, 296, 1129–1132.

    Examples
    --------
    Three players, r = 3, sigma = 1: a contributor with one contributing and one abstaining
    co-player shares 3 * 2 / 2 among 2 participants.

    >>> game = optional_public_goods(group_size=3, multiplier=3.0, loner_payoff=1.0)
    >>> game.payoff(1, [0, 1, 1])
    2.0
    >>> game.payoff(2, [2, 0, 0])
    1.0
    """
    n = check_int(group_size, "group_size", minimum=2)
    r = check_real(multiplier, "multiplier", low=0.0)
    sigma = check_real(loner_payoff, "loner_payoff")
    c = check_real(cost, "cost", low=0.0)
    co = compositions(n - 1, 3)
    table = np.empty((3, co.shape[0]))
    for strategy in (DEFECT, CONTRIBUTE):
        k = co[:, CONTRIBUTE] + (strategy == CONTRIBUTE)
        participants = co[:, DEFECT] + co[:, CONTRIBUTE] + 1
        share = r * c * k / participants - c * (strategy == CONTRIBUTE)
        table[strategy] = np.where(participants >= 2, share, sigma)
    table[LONER] = sigma
    return SymmetricGame(table, group_size=n, strategy_names=("defect", "contribute", "loner"))
