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

from gamegroup._results import Result, result_type
from gamegroup._validation import check_int, check_type
from gamegroup.games.normal_form import NormalFormGame
from gamegroup.games.repeated import RepeatedGame, as_stage_game, check_discount_factor

__all__ = [
    "ActionAgreement",
    "AgreementCheck",
    "AgreementStakes",
    "LinkedAgreement",
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
