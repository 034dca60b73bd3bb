import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gamegroup as gg
from gamegroup.games import (
    Automaton,
    Ostracism,
    RepeatedGame,
    always_cooperate,
    always_defect,
    deterministic_memory_one_strategies,
    generous_tit_for_tat,
    grim_trigger,
    meeting_discount_factor,
    memory_one,
    punishment,
    required_meeting_frequency,
    tit_for_tat,
    win_stay_lose_shift,
)
from gamegroup.games.repeated import check_strategies
from gamegroup.testing import strategies as ggst

PD = gg.BimatrixGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])


# -- discount factor from meeting frequency -----------------------------------------------
@given(st.floats(0.01, 100), st.floats(1e-3, 5))
def test_meeting_frequency_round_trip(frequency, rate):
    delta = meeting_discount_factor(frequency, discount_rate=rate)
    assert 0 < delta < 1
    assert math.isclose(delta, math.exp(-rate / frequency))
    assert math.isclose(required_meeting_frequency(delta, discount_rate=rate), frequency)


def test_meeting_more_often_raises_the_discount_factor():
    deltas = [meeting_discount_factor(f, discount_rate=0.1) for f in (0.5, 1, 2, 4, 8)]
    assert deltas == sorted(deltas)
    assert required_meeting_frequency(0.0, discount_rate=0.1) == 0.0


def test_meeting_arguments_are_checked():
    with pytest.raises(ValueError, match=r"`meeting_frequency`"):
        meeting_discount_factor(0, discount_rate=0.1)
    with pytest.raises(ValueError, match=r"`discount_rate`"):
        meeting_discount_factor(1, discount_rate=-0.1)
    with pytest.raises(ValueError, match=r"`discount_factor`"):
        required_meeting_frequency(1.0, discount_rate=0.1)


# -- repeated game --------------------------------------------------------------------------
@pytest.mark.parametrize("delta", [0.0, 1.0, 1.5, -0.2, float("nan")])
def test_discount_factor_outside_the_open_unit_interval_is_rejected(delta):
    with pytest.raises(ValueError, match=r"`discount_factor`"):
        RepeatedGame(PD, discount_factor=delta)


def test_repeated_game_accepts_the_stage_game_formats():
    import nashpy

    assert RepeatedGame(PD).stage is PD
    assert RepeatedGame(PD.to_nashpy()).stage == PD
    assert RepeatedGame(nashpy.Game([[1]], [[1]])).n_actions == (1, 1)
    pgg = gg.public_goods(group_size=3, multiplier=2.0)
    assert RepeatedGame(pgg).stage == pgg.to_normal_form()
    game = RepeatedGame(PD, discount_factor=0.9)
    assert game == RepeatedGame(PD, discount_factor=0.9)
    assert game != game.with_discount_factor(None)
    with pytest.raises(TypeError, match=r"`stage`"):
        RepeatedGame(np.zeros((2, 2)))


# -- automata ---------------------------------------------------------------------------------
def test_automaton_rejects_transitions_to_missing_states():
    with pytest.raises(ValueError, match=r"`transitions` must name states 0..1; got state 2"):
        Automaton([0, 1], np.full((2, 2, 2), 2))
    with pytest.raises(ValueError, match=r"`transitions`"):
        Automaton([0], np.full((1, 2, 2), -1))
    with pytest.raises(TypeError, match=r"`transitions`"):
        Automaton([0], np.zeros((1, 2, 2)))
    with pytest.raises(ValueError, match=r"`transitions`"):
        Automaton([0], np.zeros((1, 2), dtype=int))


def test_automaton_rejects_actions_outside_the_stage_game():
    with pytest.raises(ValueError, match=r"`actions` must be actions 0..1"):
        Automaton([0, 2], np.zeros((2, 2, 2), dtype=int))
    with pytest.raises(ValueError, match=r"`actions`"):
        Automaton([[0.5, 0.4]], np.zeros((1, 2, 2), dtype=int))
    with pytest.raises(ValueError, match=r"`actions` must give one action per state"):
        Automaton([0], np.zeros((2, 2, 2), dtype=int))
    with pytest.raises(ValueError, match=r"`initial_state`"):
        Automaton([0], np.zeros((1, 2, 2), dtype=int), initial_state=1)
    with pytest.raises(ValueError, match=r"`n_actions`"):
        Automaton([0], np.zeros((1, 2, 2), dtype=int), n_actions=3)


def test_strategies_must_fit_the_stage_game():
    three_actions = Automaton([2], np.zeros((1, 3, 2), dtype=int))
    with pytest.raises(ValueError, match=r"`strategies\[1\]` must observe profiles of shape"):
        check_strategies([grim_trigger(), three_actions], (2, 2))
    with pytest.raises(ValueError, match=r"`strategies` must have one automaton per player"):
        check_strategies([grim_trigger()], (2, 2))
    with pytest.raises(TypeError, match=r"`strategies\[0\]`"):
        check_strategies(["grim", grim_trigger()], (2, 2))
    with pytest.raises(TypeError, match=r"`strategies`"):
        check_strategies(grim_trigger(), (2, 2))


LIBRARY = [
    always_cooperate,
    always_defect,
    grim_trigger,
    tit_for_tat,
    generous_tit_for_tat,
    win_stay_lose_shift,
    lambda n_players=2, cooperate=0: punishment(3, n_players, cooperate=cooperate),
]


@pytest.mark.parametrize("factory", LIBRARY)
@pytest.mark.parametrize("n_players", [2, 3, 4])
@pytest.mark.parametrize("cooperate", [0, 1])
def test_library_contract(factory, n_players, cooperate):
    automaton = factory(n_players=n_players, cooperate=cooperate)
    assert automaton.observed_shape == (2,) * n_players
    np.testing.assert_allclose(automaton.actions.sum(axis=1), 1.0)
    assert automaton.transitions.min() >= 0
    assert automaton.transitions.max() < automaton.n_states
    # Everyone cooperating keeps a strategy that starts cooperating in a cooperating state.
    start = automaton.initial_state
    everyone = (cooperate,) * n_players
    after = automaton.transitions[(start, *everyone)]
    assert automaton.actions[after, cooperate] == automaton.actions[start, cooperate]
    assert automaton.actions.flags.writeable is False


def test_library_transitions_by_hand():
    # Cooperate is 0. Grim: any defection, own included, is absorbing.
    grim = grim_trigger()
    assert grim.transitions[0].tolist() == [[0, 1], [1, 1]]
    assert grim.transitions[1].tolist() == [[1, 1], [1, 1]]
    # TFT copies the opponent, whatever it did itself.
    assert tit_for_tat().transitions[1].tolist() == [[0, 1], [0, 1]]
    # WSLS with state = own last action: CC -> C, CD -> D, DC -> D, DD -> C.
    wsls = win_stay_lose_shift()
    assert wsls.transitions[0].tolist() == [[0, 1], [1, 0]]
    # Two-period punishment counts down whatever is played.
    two = punishment(2)
    assert two.transitions[1].tolist() == [[2, 2], [2, 2]]
    assert two.transitions[2].tolist() == [[0, 0], [0, 0]]
    # Three players: TFT cooperates only if both others cooperated.
    tft3 = tit_for_tat(3)
    assert tft3.transitions[0, 1, 0, 0] == 0
    assert tft3.transitions[0, 0, 0, 1] == 1


def test_memory_one_strategies():
    library = deterministic_memory_one_strategies()
    assert len(library) == 32
    assert len({(a.actions.tobytes(), a.initial_state) for a in library}) == 32
    assert all(a.is_deterministic for a in library)
    pavlov = memory_one([1, 0, 0, 1])
    assert pavlov.transitions[4].tolist() == [[0, 1], [2, 3]]
    assert not generous_tit_for_tat(0.5).is_deterministic
    with pytest.raises(ValueError, match=r"`cooperation_probabilities`"):
        memory_one([1, 0, 0])
    with pytest.raises(ValueError, match=r"`cooperation_probabilities`"):
        memory_one([1, 0, 0, 2])
    with pytest.raises(ValueError, match=r"`initial_cooperation`"):
        memory_one([1, 0, 0, 1], 1.5)
    with pytest.raises(ValueError, match=r"`generosity`"):
        generous_tit_for_tat(-0.1)
    with pytest.raises(ValueError, match=r"`periods`"):
        punishment(0)
    with pytest.raises(ValueError, match=r"`cooperate`"):
        grim_trigger(cooperate=2)
    with pytest.raises(ValueError, match=r"`n_players`"):
        tit_for_tat(1)


def test_from_function_matches_an_explicit_table():
    built = Automaton.from_function(
        [0, 1], lambda q, seen: seen[1], observed_shape=(2, 2), name="TFT"
    )
    assert built == tit_for_tat()
    with pytest.raises(TypeError, match=r"`transition`"):
        Automaton.from_function([0], 3, observed_shape=(2, 2))


# -- ostracism -----------------------------------------------------------------------------
def test_learning_periods_by_hand():
    # 0 - 1 - 2 - 3 path plus the chord 0 - 2. Member 1 deviates; only 0 sees it.
    trust = nx.Graph([(0, 1), (1, 2), (2, 3), (0, 2)])
    periods = Ostracism(trust, delay=3).learning_periods(1, observers=[0])
    np.testing.assert_array_equal(periods, [1, np.nan, 4, 7])
    # Without the chord, news cannot get round the deviator.
    path = Ostracism(nx.path_graph(4), delay=1).learning_periods(1, observers=[0])
    np.testing.assert_array_equal(path, [1, np.nan, np.inf, np.inf])
    # Default observers: the deviator's neighbours, who learn at once.
    np.testing.assert_array_equal(Ostracism(trust).learning_periods(1), [1, np.nan, 1, 2])
    # Zero delay: everyone connected learns in period 1.
    assert np.all(Ostracism(trust, delay=0).learning_periods(3, observers=[2])[:3] == 1)


@given(ggst.graphs(n_nodes=st.integers(2, 8), connected=True, weighted=True), st.integers(0, 3))
def test_learning_periods_match_networkx_distances(graph, delay):
    ostracism = Ostracism(graph, delay=delay)
    deviator = 0
    observers = list(graph.neighbors(deviator))
    periods = ostracism.learning_periods(deviator)
    without = graph.copy()
    without.remove_node(deviator)
    for member in without:
        lengths = [
            nx.shortest_path_length(without, o, member)
            for o in observers
            if nx.has_path(without, o, member)
        ]
        expected = 1 + delay * min(lengths) if lengths else np.inf
        assert periods[member] == expected


def test_ostracism_arguments_are_checked():
    with pytest.raises(ValueError, match=r"`trust`"):
        Ostracism(nx.Graph([(0, 1, {"weight": 2.0})]))
    with pytest.raises(TypeError, match=r"`trust`"):
        Ostracism(nx.DiGraph([(0, 1)]))
    with pytest.raises(ValueError, match=r"`punishment_length`"):
        Ostracism(nx.path_graph(2), punishment_length=0)
    with pytest.raises(ValueError, match=r"`delay`"):
        Ostracism(nx.path_graph(2), delay=-1)
    ostracism = Ostracism(nx.path_graph(3))
    with pytest.raises(ValueError, match=r"`deviator`"):
        ostracism.learning_periods(3)
    with pytest.raises(ValueError, match=r"`observers`"):
        ostracism.learning_periods(1, observers=[1])
    with pytest.raises(ValueError, match=r"`observers\[0\]`"):
        ostracism.learning_periods(1, observers=[7])
