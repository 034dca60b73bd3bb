import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

import gamegroup as gg
from gamegroup.equilibria import (
    critical_discount_factors,
    one_shot_deviation_check,
    ostracism_critical_discount_factors,
    pairwise_critical_discount_factors,
    repeated_payoffs,
    tournament_game,
)
from gamegroup.games import (
    Automaton,
    Ostracism,
    RepeatedGame,
    always_cooperate,
    always_defect,
    deterministic_memory_one_strategies,
    generous_tit_for_tat,
    grim_trigger,
    punishment,
    tit_for_tat,
    win_stay_lose_shift,
)
from gamegroup.testing import strategies as ggst

PD = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def prisoners_dilemma(T, R, P, S):
    return gg.BimatrixGame([[R, S], [T, P]], [[R, T], [S, P]])


def donation(benefit, cost):
    return prisoners_dilemma(benefit, benefit - cost, 0.0, -cost)


@st.composite
def pd_payoffs(draw):
    values = sorted(draw(st.lists(st.integers(-20, 20), min_size=4, max_size=4, unique=True)))
    S, P, R, T = (float(v) for v in values)
    return T, R, P, S


# -- closed forms -----------------------------------------------------------------------------
@given(pd_payoffs())
def test_grim_trigger_threshold_is_the_textbook_one(payoffs):
    T, R, P, S = payoffs
    result = critical_discount_factors(prisoners_dilemma(T, R, P, S), [grim_trigger()] * 2)
    np.testing.assert_allclose(result.values, (T - R) / (T - P), atol=1e-9)
    assert result.sustained_above.all()


@pytest.mark.parametrize("periods", [1, 2, 3, 5])
def test_k_period_punishment_threshold(periods):
    T, R, P, S = 4.0, 3.0, 1.0, 0.0

    def condition(delta):  # T - R = (R - P)(delta + ... + delta^k)
        return (R - P) * sum(delta**t for t in range(1, periods + 1)) - (T - R)

    expected = brentq(condition, 1e-9, 1 - 1e-12) if condition(1 - 1e-12) > 0 else np.nan
    values = critical_discount_factors(prisoners_dilemma(T, R, P, S), [punishment(periods)] * 2)
    np.testing.assert_allclose(values.values, expected, atol=1e-9)


@pytest.mark.parametrize(("benefit", "cost"), [(3.0, 1.0), (2.0, 0.5), (5.0, 2.0)])
def test_donation_game_thresholds(benefit, cost):
    game = donation(benefit, cost)
    # Tit-for-tat is subgame perfect only at delta = c / b (Kalai, Samet & Stanford 1988).
    tft = critical_discount_factors(game, [tit_for_tat()] * 2)
    np.testing.assert_allclose(tft.values, cost / benefit, atol=1e-9)
    assert not tft.sustained_above.any()
    # Win-stay lose-shift: delta >= c / (b - c) (needs b > 2c).
    wsls = critical_discount_factors(game, [win_stay_lose_shift()] * 2)
    if benefit > 2 * cost:
        np.testing.assert_allclose(wsls.values, cost / (benefit - cost), atol=1e-9)
        assert wsls.sustained_above.all()
    else:
        assert np.isnan(wsls.values).all()
    # Grim trigger: c / b, for every larger delta.
    grim = critical_discount_factors(game, [grim_trigger()] * 2)
    np.testing.assert_allclose(grim.values, cost / benefit, atol=1e-9)


def test_grim_trigger_in_a_three_player_public_goods_game():
    n, r = 3, 2.0
    game = gg.public_goods(group_size=n, multiplier=r)  # strategy 1 contributes
    result = critical_discount_factors(game, [grim_trigger(n, cooperate=1)] * n)
    np.testing.assert_allclose(result.values, 1 - n * (r - 1) / (r * (n - 1)), atol=1e-9)
    payoffs = repeated_payoffs(RepeatedGame(game), [grim_trigger(n, cooperate=1)] * n)
    np.testing.assert_allclose(payoffs, r - 1)


def test_stage_nash_repetition_needs_no_patience():
    result = critical_discount_factors(PD, [always_defect(), always_defect()])
    np.testing.assert_array_equal(result.values, [0.0, 0.0])
    assert result.success
    never = critical_discount_factors(PD, [always_cooperate(), always_cooperate()])
    assert np.isnan(never.values).all()
    assert not never.success


# -- exact payoffs against hand computation and simulation ------------------------------------
@pytest.mark.parametrize("delta", [0.3, 0.9])
def test_payoffs_by_hand(delta):
    T, R, P, S = 5.0, 3.0, 1.0, 0.0
    game = RepeatedGame(PD, discount_factor=delta)
    np.testing.assert_allclose(
        repeated_payoffs(game, [tit_for_tat(), always_defect()]),
        [(1 - delta) * S + delta * P, (1 - delta) * T + delta * P],
    )
    np.testing.assert_allclose(
        repeated_payoffs(game, [win_stay_lose_shift(), always_defect()])[0],
        (S + delta * P) / (1 + delta),
    )
    np.testing.assert_allclose(repeated_payoffs(game, [grim_trigger()] * 2), [R, R])
    limit = RepeatedGame(PD)
    np.testing.assert_allclose(
        repeated_payoffs(limit, [win_stay_lose_shift(), always_defect()]),
        [(S + P) / 2, (T + P) / 2],
    )


@given(st.floats(0.001, 0.5))
def test_tit_for_tat_with_trembles_averages_all_outcomes(epsilon):
    payoffs = repeated_payoffs(RepeatedGame(PD), [tit_for_tat()] * 2, tremble=epsilon)
    np.testing.assert_allclose(payoffs, (5 + 3 + 1 + 0) / 4, atol=1e-9)


@given(st.floats(0.0, 0.9), st.floats(0.05, 0.95))
def test_trembles_of_unconditional_strategies(epsilon, delta):
    c0, c1 = 1 - epsilon, epsilon  # probabilities of cooperating
    expected = c0 * (c1 * 3 + (1 - c1) * 0) + (1 - c0) * (c1 * 5 + (1 - c1) * 1)
    game = RepeatedGame(PD, discount_factor=delta)
    payoffs = repeated_payoffs(game, [always_cooperate(), always_defect()], tremble=epsilon)
    np.testing.assert_allclose(payoffs[0], expected, atol=1e-12)


def play(stage, automata, periods, *, tremble=0.0, rng=None):
    """Play a match literally: the per-period payoffs, shape (periods, N)."""
    generator = np.random.default_rng(rng)
    n = len(automata)
    states = [a.initial_state for a in automata]
    out = np.empty((periods, n))
    for t in range(periods):
        profile = []
        for a, q in zip(automata, states, strict=True):
            intended = generator.choice(a.n_actions, p=a.actions[q])
            if tremble and generator.random() < tremble:
                others = [x for x in range(a.n_actions) if x != intended]
                intended = others[generator.integers(len(others))]
            profile.append(int(intended))
        out[t] = stage.payoffs[(slice(None), *profile)]
        states = [
            int(a.transitions[(q, profile[i], *(profile[j] for j in range(n) if j != i))])
            for i, (a, q) in enumerate(zip(automata, states, strict=True))
        ]
    return out


@given(ggst.automata((2, 2)), ggst.automata((2, 2)), ggst.bimatrix_games(rows=2, columns=2))
def test_deterministic_payoffs_equal_a_literal_match(first, second, game):
    stream = play(game, [first, second], 400)
    np.testing.assert_allclose(
        repeated_payoffs(RepeatedGame(game), [first, second], horizon=37), stream[:37].mean(0)
    )
    weights = 0.9 ** np.arange(400) * 0.1
    np.testing.assert_allclose(
        repeated_payoffs(RepeatedGame(game, discount_factor=0.9), [first, second]),
        weights @ stream,
        atol=1e-12,
    )
    # Deterministic play is eventually periodic: the long-run average is the cycle's mean.
    np.testing.assert_allclose(
        repeated_payoffs(RepeatedGame(game), [first, second]), stream[200:].mean(0), atol=0.06
    )


@pytest.mark.statistical
@pytest.mark.parametrize(
    "profile",
    [
        (generous_tit_for_tat(0.3), win_stay_lose_shift()),
        (tit_for_tat(), grim_trigger()),
        (win_stay_lose_shift(), win_stay_lose_shift()),
    ],
    ids=["gtft-wsls", "tft-grim", "wsls-wsls"],
)
def test_limit_of_means_against_long_simulated_averages(profile, statistical_budget):
    periods = 20_000 if statistical_budget == "bounded" else 400_000
    stream = play(PD, list(profile), periods, tremble=0.05, rng=2026)[1000:]
    batches = stream.reshape(50, -1, 2).mean(axis=1)  # batch means absorb autocorrelation
    standard_error = batches.std(axis=0, ddof=1) / np.sqrt(batches.shape[0])
    exact = repeated_payoffs(RepeatedGame(PD), list(profile), tremble=0.05)
    assert np.all(np.abs(stream.mean(0) - exact) <= 4 * standard_error + 1e-3)


# -- the one-shot deviation check against brute force over deviation automata -----------------
def best_deviation_values(stage, profile, player, delta, joint_states):
    """Best value a player can get from each joint state, over all deviation automata.

    The optimal deviation against a fixed automaton needs to track only the opponent's state,
    so it is enough to try every deterministic automaton whose states mirror the opponent's.
    """
    opponent = profile[1 - player]
    game = RepeatedGame(stage, discount_factor=delta)
    n_own = stage.n_actions[player]
    mirrored = np.swapaxes(opponent.transitions, 1, 2)  # seen from the deviator's side
    best = {}
    for state in joint_states:
        q = state[1 - player]
        start = Automaton(opponent.actions, opponent.transitions, initial_state=q)
        values = []
        for policy in itertools.product(range(n_own), repeat=opponent.n_states):
            deviator = Automaton(np.array(policy), mirrored, initial_state=q, n_actions=n_own)
            pair = [deviator, start] if player == 0 else [start, deviator]
            values.append(repeated_payoffs(game, pair)[player])
        best[state] = max(values)
    return best


def reachable_joint_states(profile, n_actions):
    seen = {tuple(a.initial_state for a in profile)}
    frontier = list(seen)
    while frontier:
        q0, q1 = frontier.pop()
        for a0, a1 in itertools.product(range(n_actions[0]), range(n_actions[1])):
            nxt = (int(profile[0].transitions[q0, a0, a1]), int(profile[1].transitions[q1, a1, a0]))
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def largest_brute_force_gain(stage, profile, delta):
    """The largest gain of any deviation automaton over following, from any reachable state."""
    states = reachable_joint_states(profile, stage.n_actions)
    game = RepeatedGame(stage, discount_factor=delta)
    largest = -np.inf
    for player in (0, 1):
        best = best_deviation_values(stage, profile, player, delta, states)
        for state, value in best.items():
            start = [
                Automaton(a.actions, a.transitions, initial_state=q)
                for a, q in zip(profile, state, strict=True)
            ]
            largest = max(largest, value - repeated_payoffs(game, start)[player])
    return largest, len(states)


@settings(max_examples=40)
@given(
    ggst.bimatrix_games(rows=2, columns=2, degenerate=False),
    ggst.automata((2, 2), n_states=st.integers(1, 3)),
    ggst.automata((2, 2), n_states=st.integers(1, 3)),
    st.sampled_from([0.2, 0.5, 0.8]),
)
def test_one_shot_deviation_check_equals_brute_force(game, first, second, delta):
    profile = [first, second]
    check = one_shot_deviation_check(RepeatedGame(game, discount_factor=delta), profile)
    gain, n_states = largest_brute_force_gain(game, profile, delta)
    scale = np.ptp(game.payoffs) or 1.0  # gains are compared relative to the payoff range
    assume(not 1e-9 * scale < gain < 1e-6 * scale)  # skip knife-edge near-ties
    assert check.n_joint_states == n_states
    assert check.subgame_perfect == (gain <= 1e-9 * scale)


def test_brute_force_critical_discount_factor_of_grim_and_punishment():
    # The smallest delta on a fine grid at which no deviation automaton pays.
    game = prisoners_dilemma(4.0, 3.0, 1.0, 0.0)
    grid = np.linspace(0.01, 0.99, 99)
    for strategy in (grim_trigger(), punishment(2)):
        profile = [strategy, strategy]
        first = next(d for d in grid if largest_brute_force_gain(game, profile, d)[0] <= 1e-9)
        star = critical_discount_factors(game, profile).values[0]
        assert first - 0.01 < star <= first


# -- properties -----------------------------------------------------------------------------------
@given(
    ggst.bimatrix_games(rows=2, columns=2, degenerate=False),
    st.floats(0.1, 10),
    st.floats(-10, 10),
    st.sampled_from(["grim", "wsls", "tft", "punish"]),
)
def test_critical_discount_factor_is_invariant_to_affine_transformations(game, scale, shift, name):
    strategy = {
        "grim": grim_trigger(),
        "wsls": win_stay_lose_shift(),
        "tft": tit_for_tat(),
        "punish": punishment(2),
    }[name]
    base = critical_discount_factors(game, [strategy] * 2)
    moved = gg.BimatrixGame(scale * game.A + shift, scale * game.B + shift)
    other = critical_discount_factors(moved, [strategy] * 2)
    np.testing.assert_allclose(base.values, other.values, atol=1e-7)


@given(pd_payoffs())
def test_harsher_punishments_never_raise_the_critical_discount_factor(payoffs):
    game = prisoners_dilemma(*payoffs)
    values = [
        critical_discount_factors(game, [s] * 2).values[0]
        for s in (grim_trigger(), punishment(4), punishment(2), punishment(1))
    ]
    finite = np.nan_to_num(values, nan=np.inf)
    assert all(a <= b + 1e-12 for a, b in itertools.pairwise(finite))


def test_batches_agree_with_single_profiles():
    library = [
        grim_trigger(),
        tit_for_tat(),
        win_stay_lose_shift(),
        generous_tit_for_tat(),
        always_defect(),
    ]
    game = RepeatedGame(PD, discount_factor=0.8)
    meta = tournament_game(game, library, tremble=0.01)
    pairwise = pairwise_critical_discount_factors(game, library, tremble=0.01)
    for x, y in itertools.product(range(len(library)), repeat=2):
        single = repeated_payoffs(game, [library[x], library[y]], tremble=0.01)
        np.testing.assert_allclose([meta.A[x, y], meta.B[x, y]], single, atol=1e-12)
        one = critical_discount_factors(game, [library[x], library[y]], tremble=0.01).values
        np.testing.assert_allclose(pairwise[x, y], one, atol=1e-12)


def test_memory_one_library_tournament_matches_named_strategies():
    library = deterministic_memory_one_strategies()
    names = {a.name: a for a in library}
    wsls = names["memory-one (1.0, 0.0, 0.0, 1.0) first 1"]
    tft = names["memory-one (1.0, 0.0, 1.0, 0.0) first 1"]
    game = RepeatedGame(PD, discount_factor=0.7)
    for other in (always_defect(), generous_tit_for_tat(0.2), grim_trigger()):
        np.testing.assert_allclose(
            repeated_payoffs(game, [wsls, other]),
            repeated_payoffs(game, [win_stay_lose_shift(), other]),
        )
        np.testing.assert_allclose(
            repeated_payoffs(game, [tft, other]), repeated_payoffs(game, [tit_for_tat(), other])
        )


def test_one_shot_deviation_check_reports_the_deviation():
    check = one_shot_deviation_check(RepeatedGame(PD, discount_factor=0.3), [grim_trigger()] * 2)
    assert not check.subgame_perfect
    np.testing.assert_allclose(check.largest_gains, 0.7 * 5 + 0.3 * 1 - 3)
    np.testing.assert_array_equal(check.deviation_actions, [1, 1])
    np.testing.assert_array_equal(check.deviation_states, [[0, 0], [0, 0]])
    np.testing.assert_allclose(check.critical_discount_factors.values, 0.5)
    frame = check.critical_discount_factors.to_frame()
    assert list(frame.columns) == ["player", "critical_discount_factor", "sustained_above"]


# -- ostracism ----------------------------------------------------------------------------------
def test_ostracism_on_one_tie_is_grim_trigger_and_k_period_punishment():
    benefit, cost = 3.0, 1.0
    game = donation(benefit, cost)
    tie = nx.Graph([(0, 1)])
    gains = [cost, cost]
    losses = [[0, benefit - cost], [benefit - cost, 0]]
    forever = ostracism_critical_discount_factors(Ostracism(tie), gains, losses)
    np.testing.assert_allclose(forever.values, cost / benefit, atol=1e-12)
    for periods in (1, 2, 4):
        exclusion = Ostracism(tie, punishment_length=periods)
        ours = ostracism_critical_discount_factors(exclusion, gains, losses).values
        automaton = critical_discount_factors(game, [punishment(periods)] * 2).values
        np.testing.assert_allclose(ours, automaton, atol=1e-9)


def test_ostracism_with_delayed_news_by_hand():
    # Triangle 0-1-2: member 1 deviates, seen only by 0; 2 hears after `delay` periods.
    trust = nx.Graph([(0, 1), (1, 2), (0, 2)])
    gain, loss, delay = 1.0, 0.4, 3
    gains = np.array([0.0, gain, 0.0])
    losses = np.zeros((3, 3))
    losses[1, 0] = losses[1, 2] = loss
    observers = [None, [0], None]
    result = ostracism_critical_discount_factors(
        Ostracism(trust, delay=delay), gains, losses, observers=observers
    )
    expected = brentq(lambda d: loss * (d + d ** (1 + delay)) / (1 - d) - gain, 1e-9, 1 - 1e-9)
    np.testing.assert_allclose(result.values, [0.0, expected, 0.0], atol=1e-12)


@given(ggst.graphs(n_nodes=st.integers(3, 8), connected=True, weighted=True), st.integers(0, 4))
def test_harsher_ostracism_never_raises_the_critical_discount_factor(graph, delay):
    trust = gg.networks.to_csr(graph, high=1.0)
    weights = trust.adjacency().toarray()
    gains = 0.5 * weights.sum(axis=1)
    losses = 0.8 * weights
    observers = [[int(trust.neighbours(j)[0])] for j in range(trust.n_nodes)]

    def star(length, lag, seen=observers):
        ostracism = Ostracism(graph, punishment_length=length, delay=lag)
        values = ostracism_critical_discount_factors(ostracism, gains, losses, observers=seen)
        return np.nan_to_num(values.values, nan=np.inf)

    assert np.all(star(None, delay) <= star(5, delay) + 1e-12)
    assert np.all(star(5, delay) <= star(2, delay) + 1e-12)
    assert np.all(star(None, delay) <= star(None, delay + 1) + 1e-12)
    assert np.all(star(None, delay, None) <= star(None, delay) + 1e-12)


def test_ostracism_arguments_are_checked():
    ostracism = Ostracism(nx.path_graph(3))
    losses = np.zeros((3, 3))
    with pytest.raises(TypeError, match=r"`ostracism`"):
        ostracism_critical_discount_factors(nx.path_graph(3), [0, 0, 0], losses)
    with pytest.raises(ValueError, match=r"`deviation_gains`"):
        ostracism_critical_discount_factors(ostracism, [0, 0], losses)
    with pytest.raises(ValueError, match=r"`exclusion_losses`"):
        ostracism_critical_discount_factors(ostracism, [0, 0, 0], np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"`exclusion_losses` must be non-negative"):
        ostracism_critical_discount_factors(ostracism, [0, 0, 0], -np.eye(3))
    off_tie = np.zeros((3, 3))
    off_tie[0, 2] = 1.0
    with pytest.raises(ValueError, match=r"`exclusion_losses` must be zero off the trust ties"):
        ostracism_critical_discount_factors(ostracism, [0, 0, 0], off_tie)
    with pytest.raises(ValueError, match=r"`observers`"):
        ostracism_critical_discount_factors(ostracism, [0, 0, 0], losses, observers=[None])


# -- bad input --------------------------------------------------------------------------------------
def test_bad_input_names_the_argument():
    game = RepeatedGame(PD, discount_factor=0.9)
    with pytest.raises(ValueError, match=r"`tremble`"):
        repeated_payoffs(game, [grim_trigger()] * 2, tremble=1.0)
    with pytest.raises(ValueError, match=r"`horizon`"):
        repeated_payoffs(game, [grim_trigger()] * 2, horizon=0)
    with pytest.raises(TypeError, match=r"`game`"):
        repeated_payoffs(PD, [grim_trigger()] * 2)
    with pytest.raises(ValueError, match=r"`strategies`"):
        repeated_payoffs(game, [grim_trigger()])
    with pytest.raises(ValueError, match=r"`game` must have a discount factor"):
        one_shot_deviation_check(RepeatedGame(PD), [grim_trigger()] * 2)
    with pytest.raises(TypeError, match=r"`game`"):
        critical_discount_factors(np.zeros((2, 2)), [grim_trigger()] * 2)
    with pytest.raises(ValueError, match=r"`game` must have two players"):
        tournament_game(
            RepeatedGame(gg.public_goods(group_size=3, multiplier=2.0)), [grim_trigger(3)]
        )
    with pytest.raises(ValueError, match=r"`strategies`"):
        tournament_game(game, [])
    with pytest.raises(ValueError, match=r"`strategies\[0\]`"):
        pairwise_critical_discount_factors(game, [grim_trigger(3)])


@given(ggst.graphs(n_nodes=st.integers(2, 7), connected=True, weighted=True), st.integers(0, 3))
def test_callable_exclusion_losses_equal_additive_ones(graph, delay):
    weights = gg.networks.to_csr(graph, high=1.0).adjacency().toarray()
    gains = 0.3 * weights.sum(axis=1)
    for length in (None, 2):
        ostracism = Ostracism(graph, punishment_length=length, delay=delay)
        table = ostracism_critical_discount_factors(ostracism, gains, weights)
        function = ostracism_critical_discount_factors(
            ostracism, gains, lambda j, excluders: weights[j, excluders].sum()
        )
        np.testing.assert_allclose(table.values, function.values, atol=1e-12)


def test_non_additive_exclusion_losses_by_hand():
    # Member 1 on a path 0 - 1 - 2 loses 1 per period only once both neighbours exclude it;
    # its neighbours learn in periods 1 and 1 + 2 (news passes round through 3).
    trust = nx.Graph([(0, 1), (1, 2), (0, 3), (3, 2)])
    ostracism = Ostracism(trust, delay=1)
    gains = np.array([0.0, 1.0, 0.0, 0.0])

    def both(j, excluders):
        return float(excluders[0] and excluders[2])

    result = ostracism_critical_discount_factors(
        ostracism, gains, both, observers=[None, [0], None, None]
    )
    expected = brentq(lambda d: d**3 / (1 - d) - 1.0, 1e-9, 1 - 1e-9)
    np.testing.assert_allclose(result.values[1], expected, atol=1e-12)
    with pytest.raises(ValueError, match=r"`exclusion_losses` must return finite"):
        ostracism_critical_discount_factors(ostracism, gains, lambda j, e: float("nan"))
    # An exclusion that helps the deviator never deters it.
    helped = ostracism_critical_discount_factors(ostracism, gains, lambda j, e: -1.0)
    assert np.isnan(helped.values[1])
