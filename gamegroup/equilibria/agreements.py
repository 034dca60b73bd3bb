r"""Group agreements: individual rationality, self-enforcement and adoption.

An agreement among the members :math:`M` of a group prescribes what each does every period (a
price, a market area, sharing, a contribution to a shared asset). For each member :math:`i` it
is summarised by four per-period payoffs, its **stakes**:

* :math:`\pi^{0}_i`, the status quo (what the member earns without the agreement);
* :math:`\pi^{a}_i`, its payoff when everyone keeps the agreement;
* :math:`\pi^{d}_i`, its best payoff in a period in which it breaks the agreement while the
  others keep it;
* :math:`\pi^{p}_i`, its payoff per period while it is punished.

The agreement is **individually rational** for :math:`i` if :math:`\pi^a_i \ge \pi^0_i`. With
grim-trigger punishment (reversion to the punishment outcome for ever) it is **self-enforcing**
for :math:`i` at discount factor :math:`\delta` iff
:math:`(1 - \delta)\pi^d_i + \delta \pi^p_i \le \pi^a_i`, i.e. :math:`\delta \ge \delta^*_i` with

.. math::

    \delta^*_i = \frac{\pi^d_i - \pi^a_i}{\pi^d_i - \pi^p_i}

(0 when :math:`\pi^d_i \le \pi^a_i`; undefined, NaN, when the punishment does not hurt:
:math:`\pi^p_i \ge \pi^a_i < \pi^d_i`) (Friedman 1971). Punishment by ostracism on the trust
network replaces the right-hand side by the exclusion losses of
:func:`~gamegroup.equilibria.ostracism_critical_discount_factors`.

A member **accepts** the agreement if it is individually rational and self-enforcing for it.
The agreement is adopted by **unanimity** if every member accepts and by **majority** if more
than half do. A member is **pivotal** if changing its acceptance alone changes the majority
decision (a swing voter), and **binding** if its :math:`\delta^*` is the largest: it is the
first to break the agreement when meetings become rarer.

**Linked agreements** (multimarket contact; Bernheim & Whinston 1990): when a breach of any of
several agreements triggers the punishments of all of them, a deviator breaks all at once and

.. math::

    \delta^*_{\text{linked}} = \frac{\sum_k (\pi^d_k - \pi^a_k)}{\sum_k (\pi^d_k - \pi^p_k)}
    \le \max_k \delta^*_k,

a mediant of the separate thresholds: slack in one agreement enforces the other.

References
----------
Bernheim, B. D., & Whinston, M. D. (1990). Multimarket contact and collusive behavior. *RAND
Journal of Economics*, 21, 1–26.

Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
Studies*, 38, 1–12.

Tirole, J. (1988). *The Theory of Industrial Organization*, ch. 6. MIT Press.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize_scalar

from gamegroup._results import Result, result_type
from gamegroup._validation import check_finite_array, check_int, check_real, check_type
from gamegroup.games.normal_form import NormalFormGame
from gamegroup.games.repeated import Oligopoly, RepeatedGame, as_stage_game, check_discount_factor
from gamegroup.networks.layers import TwoLayerNetwork, divide_market_areas

__all__ = [
    "ActionAgreement",
    "AgreementCheck",
    "AgreementStakes",
    "LinkedAgreement",
    "MarketDivision",
    "QuantityAgreement",
    "UniformPrice",
    "check_agreement",
    "grim_critical_discount_factors",
]


@result_type
class AgreementStakes(Result):
    r"""Per-period payoffs of each member under an agreement (see the module docstring).

    Attributes
    ----------
    members : numpy.ndarray
        Positions of the members bound by the agreement.
    status_quo, agreement, deviation, punishment : numpy.ndarray
        :math:`\\pi^0, \\pi^a, \\pi^d, \\pi^p`, one entry per member.

    Examples
    --------
    >>> stakes = AgreementStakes(np.arange(2), np.ones(2), np.full(2, 3.0), np.full(2, 5.0), np.ones(2))
    >>> grim_critical_discount_factors(stakes)
    array([0.5, 0.5])
    """

    members: NDArray[np.int64]
    status_quo: NDArray[np.float64]
    agreement: NDArray[np.float64]
    deviation: NDArray[np.float64]
    punishment: NDArray[np.float64]


def stakes_from_payoffs(
    members: NDArray[np.int64],
    status_quo: NDArray[np.float64],
    agreement: NDArray[np.float64],
    deviation: NDArray[np.float64],
) -> AgreementStakes:
    """Stakes when a breach returns the group to the status quo (grim trigger).

    ``status_quo`` and ``agreement`` hold every member's payoff, ``deviation`` the best payoff
    of each of ``members`` when it alone breaks the agreement; keeping to the agreement is
    one of its deviations, so the deviation payoff is at least the agreement's.
    """
    agreed = agreement[members]
    return AgreementStakes(
        members=members,
        status_quo=status_quo[members],
        agreement=agreed,
        deviation=np.maximum(deviation, agreed),
        punishment=status_quo[members],
    )


def grim_critical_discount_factors(stakes: AgreementStakes) -> NDArray[np.float64]:
    r"""Return :math:`\delta^*_i = (\pi^d_i - \pi^a_i) / (\pi^d_i - \pi^p_i)` for each member.

    Parameters
    ----------
    stakes : AgreementStakes

    Returns
    -------
    numpy.ndarray
        0 where breaking the agreement does not pay, NaN where the punishment cannot deter it.

    Raises
    ------
    TypeError
        If ``stakes`` is not an AgreementStakes.

    References
    ----------
    Friedman, J. W. (1971). *Review of Economic Studies*, 38, 1–12.

    Examples
    --------
    Cournot duopoly with demand ``1 - Q`` and no costs: collusion 1/8, deviation 9/64, Nash 1/9.

    >>> stakes = AgreementStakes(
    ...     np.arange(2), np.full(2, 1 / 9), np.full(2, 1 / 8), np.full(2, 9 / 64), np.full(2, 1 / 9)
    ... )
    >>> grim_critical_discount_factors(stakes) * 17
    array([9., 9.])
    """
    check_type(stakes, "stakes", AgreementStakes, "an AgreementStakes")
    gain = stakes.deviation - stakes.agreement
    loss = stakes.deviation - stakes.punishment
    scale = np.maximum.reduce(
        [
            np.abs(stakes.deviation),
            np.abs(stakes.agreement),
            np.abs(stakes.punishment),
            np.ones_like(gain),
        ]
    )
    tol = 1e-12 * scale
    out = np.full(gain.shape, np.nan)
    out[gain <= tol] = 0.0
    deterrable = (gain > tol) & (stakes.agreement - stakes.punishment > tol)
    out[deterrable] = gain[deterrable] / loss[deterrable]
    return out


@result_type
class AgreementCheck(Result):
    r"""Whether an agreement is individually rational, self-enforcing and adopted.

    Attributes
    ----------
    members : numpy.ndarray
        Positions of the members bound by the agreement; the other arrays are aligned with it.
    discount_factor : float
    individually_rational : numpy.ndarray
        Boolean: :math:`\\pi^a_i \\ge \\pi^0_i`.
    self_enforcing : numpy.ndarray
        Boolean: :math:`\\delta \\ge \\delta^*_i`.
    critical_discount_factors : numpy.ndarray
        :math:`\\delta^*_i` (NaN: no discount factor below 1 enforces it).
    accepts : numpy.ndarray
        Individually rational and self-enforcing.
    pivotal : numpy.ndarray
        Swing voters of the majority decision.
    binding : numpy.ndarray
        Members with the largest :math:`\\delta^*` (NaN counts as largest).
    adopted_by_unanimity, adopted_by_majority : bool
    stakes : AgreementStakes
    message : str

    Examples
    --------
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> check = check_agreement(pd, ActionAgreement([0, 0]), discount_factor=0.6)
    >>> check.critical_discount_factors, check.adopted_by_unanimity
    (array([0.5, 0.5]), True)
    """

    members: NDArray[np.int64]
    discount_factor: float
    individually_rational: NDArray[np.bool_]
    self_enforcing: NDArray[np.bool_]
    critical_discount_factors: NDArray[np.float64]
    accepts: NDArray[np.bool_]
    pivotal: NDArray[np.bool_]
    binding: NDArray[np.bool_]
    adopted_by_unanimity: bool
    adopted_by_majority: bool
    stakes: AgreementStakes
    message: str

    def to_frame(self) -> pd.DataFrame:
        """Return one row per member.

        Examples
        --------
        >>> pd_game = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> check_agreement(pd_game, ActionAgreement([0, 0]), discount_factor=0.6).to_frame().shape
        (2, 11)
        """
        return pd.DataFrame(
            {
                "member": self.members,
                "status_quo": self.stakes.status_quo,
                "agreement": self.stakes.agreement,
                "deviation": self.stakes.deviation,
                "punishment": self.stakes.punishment,
                "individually_rational": self.individually_rational,
                "critical_discount_factor": self.critical_discount_factors,
                "self_enforcing": self.self_enforcing,
                "accepts": self.accepts,
                "pivotal": self.pivotal,
                "binding": self.binding,
            }
        )


def check_members(members: Any, n_members: int, name: str = "agreement") -> NDArray[np.int64]:
    """Check a list of member positions of a game with ``n_members`` members."""
    if members is None:
        return np.arange(n_members, dtype=np.int64)
    raw = np.asarray(members)
    if raw.ndim != 1 or raw.size == 0 or raw.dtype.kind not in "iu":
        raise TypeError(f"`{name}` members must be a non-empty sequence of member positions.")
    unknown = sorted({int(m) for m in raw if m < 0 or m >= n_members})
    if unknown:
        raise ValueError(
            f"`{name}` names unknown members {unknown}; the game has members 0..{n_members - 1}."
        )
    if np.unique(raw).size != raw.size:
        raise ValueError(f"`{name}` names a member twice; got {raw.tolist()}.")
    return raw.astype(np.int64)


class ActionAgreement:
    """An agreement to play a pure action profile of a stage game, enforced by grim reversion.

    Parameters
    ----------
    profile : sequence of int
        The agreed action of every player.
    members : sequence of int, optional
        Players bound by the agreement (default: all).
    status_quo : sequence of array_like, optional
        A mixed stage Nash equilibrium played without the agreement and after a breach. By
        default the game's unique pure Nash equilibrium.

    Raises
    ------
    ValueError
        (When the stakes are computed) if the profile does not fit the game, a member is
        unknown, or the status quo is not a Nash equilibrium.

    Examples
    --------
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> ActionAgreement([0, 0]).stakes(pd).deviation
    array([5., 5.])
    """

    __slots__ = ("_members", "_profile", "_status_quo")

    def __init__(
        self,
        profile: Sequence[int],
        *,
        members: Sequence[int] | None = None,
        status_quo: Sequence[ArrayLike] | None = None,
    ) -> None:
        self._profile = tuple(
            check_int(a, f"profile[{i}]", minimum=0) for i, a in enumerate(profile)
        )
        self._members = members
        self._status_quo = status_quo

    def __repr__(self) -> str:
        return f"ActionAgreement(profile={self._profile})"

    def stakes(self, game: Any) -> AgreementStakes:
        """Return the members' stakes in ``game`` (a stage game or a repeated game).

        Examples
        --------
        >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> ActionAgreement([0, 0]).stakes(pd).punishment
        array([1., 1.])
        """
        stage = game.stage if isinstance(game, RepeatedGame) else as_stage_game(game, "game")
        n = stage.n_players
        if len(self._profile) != n:
            raise ValueError(
                f"`agreement` profile must give one action per player ({n}); got {len(self._profile)}."
            )
        for i, (a, size) in enumerate(zip(self._profile, stage.n_actions, strict=True)):
            if a >= size:
                raise ValueError(
                    f"`agreement` profile gives player {i} action {a}; it has actions 0..{size - 1}."
                )
        members = check_members(self._members, n)
        pure = [np.eye(size)[a] for a, size in zip(self._profile, stage.n_actions, strict=True)]
        deviations = stage.deviation_payoffs(pure)
        index: tuple[Any, ...] = (slice(None), *self._profile)
        agreed = stage.payoffs[index]
        best = np.array([v.max() for v in deviations])
        status = _status_quo(stage, self._status_quo)
        fallback = stage.expected_payoffs(list(status))
        return AgreementStakes(
            members=members,
            status_quo=fallback[members],
            agreement=agreed[members],
            deviation=best[members],
            punishment=fallback[members],
        )


def _status_quo(stage: NormalFormGame, given: Sequence[ArrayLike] | None) -> tuple[NDArray, ...]:
    if given is None:
        equilibria = []
        for index in np.ndindex(*stage.n_actions):
            pure = [np.eye(size)[a] for a, size in zip(index, stage.n_actions, strict=True)]
            deviations = stage.deviation_payoffs(pure)
            if all(v.max() <= v[a] + 1e-12 for v, a in zip(deviations, index, strict=True)):
                equilibria.append(pure)
        if len(equilibria) != 1:
            raise ValueError(
                "`status_quo` must be given: the stage game has "
                f"{len(equilibria)} pure Nash equilibria, not exactly one."
            )
        return tuple(equilibria[0])
    profile = tuple(np.asarray(s, dtype=np.float64) for s in given)
    deviations = stage.deviation_payoffs(list(profile))
    values = [float(v @ s) for v, s in zip(deviations, profile, strict=True)]
    regret = max(float(v.max()) - u for v, u in zip(deviations, values, strict=True))
    if regret > 1e-9:
        raise ValueError(
            f"`status_quo` must be a Nash equilibrium of the stage game (a credible punishment); "
            f"got regret {regret:.3g}."
        )
    return profile


class LinkedAgreement:
    r"""Several agreements enforced jointly: breaking any one triggers every punishment.

    Parameters
    ----------
    agreements : sequence
        Agreements (each with a ``stakes(game)`` method) over the same members, one per game.

    Raises
    ------
    ValueError
        If fewer than two agreements are given, or (when the stakes are computed) the parts do
        not bind the same members or ``game`` does not give one game per part.

    Examples
    --------
    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> easy = gg.BimatrixGame([[3, 0], [3.5, 1]], [[3, 3.5], [0, 1]])
    >>> cooperate = ActionAgreement([0, 0])
    >>> [float(grim_critical_discount_factors(cooperate.stakes(g))[0]) for g in (pd, easy)]
    [0.5, 0.2]
    >>> linked = LinkedAgreement([cooperate, cooperate])
    >>> grim_critical_discount_factors(linked.stakes([pd, easy])).round(4)
    array([0.3846, 0.3846])

    Cooperation in ``pd`` alone needs :math:`\delta \ge 1/2`; linked with ``easy`` it needs
    only :math:`5/13`.
    """

    __slots__ = ("_parts",)

    def __init__(self, agreements: Sequence[Any]) -> None:
        if not isinstance(agreements, (list, tuple)) or len(agreements) < 2:
            raise ValueError("`agreements` must hold at least two agreements to link.")
        for k, part in enumerate(agreements):
            if not callable(getattr(part, "stakes", None)):
                raise TypeError(
                    f"`agreements[{k}]` must be an agreement with a `stakes(game)` method; got "
                    f"{type(part).__name__}."
                )
        self._parts = tuple(agreements)

    @property
    def parts(self) -> tuple[Any, ...]:
        """The linked agreements."""
        return self._parts

    def __repr__(self) -> str:
        return f"LinkedAgreement(n_parts={len(self._parts)})"

    def part_stakes(self, game: Sequence[Any]) -> tuple[AgreementStakes, ...]:
        """Return each part's stakes in its own game.

        Examples
        --------
        >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> linked = LinkedAgreement([ActionAgreement([0, 0])] * 2)
        >>> len(linked.part_stakes([pd, pd]))
        2
        """
        if not isinstance(game, (list, tuple)) or len(game) != len(self._parts):
            raise ValueError(
                f"`game` must give one game per linked agreement ({len(self._parts)})."
            )
        stakes = tuple(part.stakes(g) for part, g in zip(self._parts, game, strict=True))
        for k, s in enumerate(stakes[1:], start=1):
            if not np.array_equal(s.members, stakes[0].members):
                raise ValueError(
                    f"`agreements` must bind the same members; part {k} binds "
                    f"{s.members.tolist()}, part 0 binds {stakes[0].members.tolist()}."
                )
        return stakes

    def stakes(self, game: Sequence[Any]) -> AgreementStakes:
        """Return the joint stakes: every payoff summed over the parts.

        Examples
        --------
        >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> LinkedAgreement([ActionAgreement([0, 0])] * 2).stakes([pd, pd]).agreement
        array([6., 6.])
        """
        parts = self.part_stakes(game)
        return AgreementStakes(
            members=parts[0].members,
            status_quo=sum((p.status_quo for p in parts), np.zeros(parts[0].members.size)),
            agreement=sum((p.agreement for p in parts), np.zeros(parts[0].members.size)),
            deviation=sum((p.deviation for p in parts), np.zeros(parts[0].members.size)),
            punishment=sum((p.punishment for p in parts), np.zeros(parts[0].members.size)),
        )


def check_agreement(
    game: Any,
    agreement: Any,
    *,
    discount_factor: float | None = None,
    critical_discount_factors: ArrayLike | None = None,
) -> AgreementCheck:
    r"""Check an agreement member by member: individually rational, self-enforcing, adopted.

    Parameters
    ----------
    game : game or RepeatedGame, or a sequence of games for a :class:`LinkedAgreement`
        Whatever the agreement's ``stakes`` method accepts. A :class:`RepeatedGame` supplies the
        discount factor.
    agreement : ActionAgreement, LinkedAgreement or any object with ``stakes(game)``
    discount_factor : float, optional
        :math:`\delta \in (0, 1)`; required unless ``game`` is a discounted RepeatedGame.
    critical_discount_factors : array_like, optional
        Each member's :math:`\delta^*` under another punishment (e.g. from
        :func:`~gamegroup.equilibria.ostracism_critical_discount_factors`); by default the
        grim-trigger thresholds of the stakes.

    Returns
    -------
    AgreementCheck

    Raises
    ------
    ValueError
        If the discount factor is missing or outside :math:`(0, 1)`, the agreement names
        unknown members, or ``critical_discount_factors`` has the wrong shape.
    TypeError
        If ``agreement`` has no ``stakes`` method.

    References
    ----------
    Friedman, J. W. (1971). *Review of Economic Studies*, 38, 1–12.

    Examples
    --------
    The prisoner's dilemma: cooperation is individually rational and self-enforcing for
    :math:`\delta \ge 1/2`.

    >>> pd = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> check = check_agreement(pd, ActionAgreement([0, 0]), discount_factor=0.4)
    >>> check.individually_rational, check.self_enforcing, check.adopted_by_majority
    (array([ True,  True]), array([False, False]), False)
    """
    if not callable(getattr(agreement, "stakes", None)):
        raise TypeError(
            f"`agreement` must be an agreement with a `stakes(game)` method; got "
            f"{type(agreement).__name__}."
        )
    if discount_factor is None:
        if isinstance(game, RepeatedGame) and game.discount_factor is not None:
            delta = game.discount_factor
        else:
            raise ValueError(
                "`discount_factor` must be given (or `game` must be a discounted RepeatedGame)."
            )
    else:
        delta = check_discount_factor(discount_factor)
    stakes = agreement.stakes(game)
    if critical_discount_factors is None:
        thresholds = grim_critical_discount_factors(stakes)
    else:
        raw = np.asarray(critical_discount_factors, dtype=np.float64)
        if raw.shape != stakes.members.shape:
            raise ValueError(
                f"`critical_discount_factors` must have one entry per member "
                f"{stakes.members.shape}; got shape {raw.shape}."
            )
        thresholds = raw.copy()
    return _decide(stakes, thresholds, delta)


def _decide(
    stakes: AgreementStakes, thresholds: NDArray[np.float64], delta: float
) -> AgreementCheck:
    scale = np.maximum(1.0, np.abs(stakes.status_quo))
    rational = stakes.agreement >= stakes.status_quo - 1e-12 * scale
    enforcing = np.isfinite(thresholds) & (delta >= thresholds - 1e-12)
    accepts = rational & enforcing
    n = accepts.size
    majority = int(accepts.sum()) > n / 2
    flipped = np.where(accepts, accepts.sum() - 1, accepts.sum() + 1) > n / 2
    pivotal = flipped != majority
    worst = np.nan_to_num(thresholds, nan=np.inf)
    binding = worst == worst.max()
    if accepts.all():
        message = "every member gains and none gains by breaking the agreement"
    else:
        refusing = stakes.members[~accepts].tolist()
        message = f"members {refusing} do not accept the agreement"
    return AgreementCheck(
        members=stakes.members,
        discount_factor=delta,
        individually_rational=rational,
        self_enforcing=enforcing,
        critical_discount_factors=thresholds,
        accepts=accepts,
        pivotal=pivotal,
        binding=binding,
        adopted_by_unanimity=bool(accepts.all()),
        adopted_by_majority=bool(majority),
        stakes=stakes,
        message=message,
    )


# -- agreements in markets ---------------------------------------------------------------------
def _check_oligopoly(game: Any) -> Oligopoly:
    return check_type(game, "game", Oligopoly, "an Oligopoly (market, costs, layer)")


def _whole_market(members: Any, n: int) -> NDArray[np.int64]:
    chosen = check_members(members, n)
    if chosen.size != n:
        raise NotImplementedError(
            "price and quantity agreements bind every member of the market (a partial cartel "
            "facing price-setting outsiders is not supported); got members "
            f"{chosen.tolist()} of {n}."
        )
    return chosen


def _market_stakes(
    game: Oligopoly, members: NDArray[np.int64], actions: NDArray[np.float64]
) -> AgreementStakes:
    market, costs, layer = game.market, game.costs, game.layer
    status = market.equilibrium(costs, layer).profits
    agreed = market.outcome(actions, costs, layer).profits
    deviation = market.best_responses(actions, costs, layer).profits
    return stakes_from_payoffs(members, status, agreed, deviation[members])


class UniformPrice:
    r"""Every member charges the same price; a breach is punished by reverting to competition.

    Parameters
    ----------
    price : float, optional
        The agreed price. By default the uniform price that maximises the members' joint
        profit (found by bounded scalar optimisation of the market's profits at uniform prices).
    members : sequence of int, optional
        Must be every member of the market (default).

    Raises
    ------
    ValueError
        If ``price`` is negative, or a member is unknown.
    NotImplementedError
        If ``members`` is a strict subset of the market.

    Notes
    -----
    Stakes: status quo and punishment are the stage equilibrium profits, the agreement profits
    are :meth:`Market.outcome` at the uniform price, the deviation profits
    :meth:`Market.best_responses` against it (the supremum, for perfect substitutes). With
    :math:`n` identical members of a homogeneous Bertrand market
    :math:`\delta^* = 1 - 1/n` (Tirole 1988, ch. 6).

    Examples
    --------
    >>> from gamegroup.games import HomogeneousBertrand, Oligopoly
    >>> game = Oligopoly(HomogeneousBertrand(), [0.0] * 4)
    >>> check_agreement(game, UniformPrice(), discount_factor=0.8).critical_discount_factors
    array([0.75, 0.75, 0.75, 0.75])
    """

    __slots__ = ("_members", "_price")

    def __init__(self, price: float | None = None, *, members: Sequence[int] | None = None) -> None:
        self._price = None if price is None else check_real(price, "price", low=0.0)
        self._members = members

    def __repr__(self) -> str:
        return f"UniformPrice(price={self._price})"

    def price(self, game: Oligopoly) -> float:
        """Return the agreed price in ``game`` (the joint-profit maximum if none was given).

        Examples
        --------
        >>> from gamegroup.games import Bertrand, Oligopoly
        >>> round(UniformPrice().price(Oligopoly(Bertrand(substitutability=1.0), [0.2, 0.4])), 6)
        0.65
        """
        if self._price is not None:
            return self._price
        game = _check_oligopoly(game)
        market, costs, layer = game.market, game.costs, game.layer
        upper = float(getattr(market, "demand_intercept", 0.0) or 0.0)
        upper = max(upper, float(costs.max()) + 1.0) if upper <= costs.min() else upper

        def loss(price: float) -> float:
            return -float(market.outcome(np.full(costs.size, price), costs, layer).profits.sum())

        lower = float(costs.min())
        best = float(
            minimize_scalar(
                loss, bounds=(lower, upper), method="bounded", options={"xatol": 1e-12}
            ).x
        )
        # A flat maximum pins the optimiser's answer only to ~sqrt(machine epsilon). Joint profit
        # at a uniform price is quadratic in the price for linear demand, so the vertex of the
        # parabola through three nearby points is exact there; keep it when it does no worse.
        step = 1e-3 * (upper - lower)
        left, right = max(lower, best - step), min(upper, best + step)
        middle = 0.5 * (left + right)
        f_left, f_middle, f_right = loss(left), loss(middle), loss(right)
        curvature = f_left - 2.0 * f_middle + f_right
        if curvature > 0:
            vertex = middle + 0.5 * (right - left) * (f_left - f_right) / (2.0 * curvature)
            # Equal within rounding counts as no worse: the two differ by ~1e-16 at a maximum.
            slack = 1e-12 * max(1.0, abs(f_middle))
            if left <= vertex <= right and loss(vertex) <= loss(best) + slack:
                best = vertex
        return best

    def stakes(self, game: Any) -> AgreementStakes:
        """Return the members' stakes in an :class:`~gamegroup.games.Oligopoly`.

        Examples
        --------
        >>> from gamegroup.games import HomogeneousBertrand, Oligopoly
        >>> UniformPrice().stakes(Oligopoly(HomogeneousBertrand(), [0.0, 0.0])).deviation
        array([0.25, 0.25])
        """
        oligopoly = _check_oligopoly(game)
        members = _whole_market(self._members, oligopoly.n_members)
        prices = np.full(oligopoly.n_members, self.price(oligopoly))
        return _market_stakes(oligopoly, members, prices)


class QuantityAgreement:
    r"""Members produce agreed quantities (a quota); a breach reverts to competition.

    Parameters
    ----------
    quantities : array_like, optional
        One quantity per member; by default the joint-profit-maximising quantities
        (:meth:`Market.collusive`).
    members : sequence of int, optional
        Must be every member of the market (default).

    Raises
    ------
    ValueError
        If a quantity is negative or their number is wrong, or a member is unknown.
    NotImplementedError
        If ``members`` is a strict subset of the market.

    Notes
    -----
    In the homogeneous Cournot market :math:`p = a - Q` with :math:`n` identical members and
    monopoly quotas, :math:`\delta^* = (n + 1)^2 / (n^2 + 6n + 1)`, which is :math:`9/17` for a
    duopoly.

    Examples
    --------
    >>> from gamegroup.games import Cournot, Oligopoly
    >>> game = Oligopoly(Cournot.homogeneous(2), [0.0, 0.0])
    >>> check_agreement(game, QuantityAgreement(), discount_factor=0.6).critical_discount_factors * 17
    array([9., 9.])
    """

    __slots__ = ("_members", "_quantities")

    def __init__(
        self, quantities: ArrayLike | None = None, *, members: Sequence[int] | None = None
    ) -> None:
        if quantities is None:
            self._quantities = None
        else:
            values = check_finite_array(quantities, "quantities", ndim=1)
            if np.any(values < 0):
                raise ValueError(f"`quantities` must be non-negative; got {values.min():g}.")
            self._quantities = values
        self._members = members

    def __repr__(self) -> str:
        return "QuantityAgreement()"

    def stakes(self, game: Any) -> AgreementStakes:
        """Return the members' stakes in an :class:`~gamegroup.games.Oligopoly`.

        Examples
        --------
        >>> from gamegroup.games import Cournot, Oligopoly
        >>> QuantityAgreement().stakes(Oligopoly(Cournot.homogeneous(2), [0.0, 0.0])).agreement
        array([0.125, 0.125])
        """
        oligopoly = _check_oligopoly(game)
        if oligopoly.market.strategic_variable != "quantity":
            raise ValueError(
                "`game` must have a quantity-setting market (Cournot) for a quantity agreement; "
                f"got {type(oligopoly.market).__name__}."
            )
        members = _whole_market(self._members, oligopoly.n_members)
        if self._quantities is None:
            quantities = oligopoly.market.collusive(oligopoly.costs, oligopoly.layer).quantities
        else:
            quantities = self._quantities
            if quantities.size != oligopoly.n_members:
                raise ValueError(
                    f"`quantities` must give one quantity per member ({oligopoly.n_members}); "
                    f"got {quantities.size}."
                )
        return _market_stakes(oligopoly, members, np.asarray(quantities, dtype=np.float64))


class MarketDivision:
    r"""Members divide their marketing areas: the market overlap among them is scaled down.

    Parameters
    ----------
    members : sequence of int
        Positions of the members who divide their areas (at least two).
    factor : float
        In :math:`[0, 1]`: the market weights between any two of them are multiplied by it
        (0: no overlap left).

    Raises
    ------
    ValueError
        If ``factor`` is outside [0, 1], or (when the stakes are computed) a member is unknown.
    TypeError
        (When the stakes are computed) if the game's layer is not a
        :class:`~gamegroup.networks.TwoLayerNetwork`.

    Notes
    -----
    Stakes of each member of the division: status quo and punishment are its profits in the
    equilibrium of the undivided market; the agreement its profit in the equilibrium of the
    divided market (:func:`~gamegroup.networks.divide_market_areas`); the deviation its best
    response in the undivided market (selling in the others' areas again) while the others keep
    their divided-market actions.

    Examples
    --------
    >>> import networkx as nx
    >>> from gamegroup.games import Bertrand, Oligopoly
    >>> from gamegroup.networks import TwoLayerNetwork
    >>> network = TwoLayerNetwork(nx.path_graph(3), nx.complete_graph(3))
    >>> game = Oligopoly(Bertrand(substitutability=2.0), [0.1, 0.1, 0.1], network)
    >>> check = check_agreement(game, MarketDivision([0, 1], 0.0), discount_factor=0.9)
    >>> check.members, check.individually_rational
    (array([0, 1]), array([ True,  True]))
    """

    __slots__ = ("_factor", "_members")

    def __init__(self, members: Sequence[int], factor: float) -> None:
        self._members = members
        self._factor = check_real(factor, "factor", low=0.0, high=1.0)

    def __repr__(self) -> str:
        return f"MarketDivision(members={list(self._members)}, factor={self._factor:g})"

    def stakes(self, game: Any) -> AgreementStakes:
        """Return the stakes of the members of the division.

        Examples
        --------
        >>> import networkx as nx
        >>> from gamegroup.games import Bertrand, Oligopoly
        >>> from gamegroup.networks import TwoLayerNetwork
        >>> network = TwoLayerNetwork(nx.path_graph(2), nx.complete_graph(2))
        >>> game = Oligopoly(Bertrand(substitutability=1.0), [0.0, 0.0], network)
        >>> stakes = MarketDivision([0, 1], 0.0).stakes(game)
        >>> bool(stakes.agreement[0] > stakes.status_quo[0])
        True
        """
        oligopoly = _check_oligopoly(game)
        network = oligopoly.layer
        if not isinstance(network, TwoLayerNetwork):
            raise TypeError(
                "`game` must have a TwoLayerNetwork as its layer to divide market areas; got "
                f"{type(network).__name__}."
            )
        members = check_members(self._members, oligopoly.n_members)
        if members.size < 2:
            raise ValueError("`agreement` must name at least two members to divide areas.")
        labels = [network.nodes[m] for m in members]
        divided = divide_market_areas(network, labels, self._factor)
        market, costs = oligopoly.market, oligopoly.costs
        status = market.equilibrium(costs, network)
        agreed = market.equilibrium(costs, divided)
        actions = agreed.prices if market.strategic_variable == "price" else agreed.quantities
        deviation = market.best_responses(actions, costs, network).profits
        return stakes_from_payoffs(members, status.profits, agreed.profits, deviation[members])
