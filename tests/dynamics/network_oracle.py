"""Brute-force oracles for games and dynamics on small graphs (plain Python, independent code).

Payoffs are computed group by group and member by member exactly as the models are written in
the papers; transition matrices enumerate every state of the population (k**n states).
"""

import itertools
import math

import networkx as nx
import numpy as np


def closed_neighbourhoods(graph):
    return {g: [g, *sorted(graph.neighbors(g))] for g in graph}


def group_payoffs(graph, strategies, payoff, k):
    """Fitness = sum over groups containing i of payoff(s_i, counts of i's co-members)."""
    fitness = dict.fromkeys(graph, 0.0)
    for members in closed_neighbourhoods(graph).values():
        for i in members:
            counts = [0] * k
            for j in members:
                if j != i:
                    counts[strategies[j]] += 1
            fitness[i] += payoff(strategies[i], tuple(counts))
    return np.array([fitness[i] for i in graph])


def public_goods_payoffs(graph, strategies, r, c, threshold, per_individual):
    """Santos, Santos & Pacheco (2008), written group by group."""
    degree = dict(graph.degree())
    fitness = dict.fromkeys(graph, 0.0)
    for members in closed_neighbourhoods(graph).values():
        size = len(members)
        given = {j: (c / (degree[j] + 1) if per_individual else c) * strategies[j] for j in members}
        contributors = sum(strategies[j] for j in members)
        pot = r * sum(given.values()) if contributors >= threshold else 0.0
        for i in members:
            fitness[i] += pot / size - given[i]
    return np.array([fitness[i] for i in graph])


def pairwise_payoffs(graph, strategies, matrix, average):
    out = []
    for i in graph:
        total = sum(
            graph.edges[i, j].get("weight", 1.0) * matrix[strategies[i]][strategies[j]]
            for j in graph.neighbors(i)
        )
        strength = sum(graph.edges[i, j].get("weight", 1.0) for j in graph.neighbors(i))
        out.append(total / strength if average and strength else (0.0 if average else total))
    return np.array(out)


def states(n, k=2):
    return [tuple(state) for state in itertools.product(range(k), repeat=n)]


def member_transitions(graph, state, i, fitness_of, rule, beta, bounds=None, k=2, mu=0.0):
    """Distribution of member i's next strategy when i updates (dict strategy -> probability).

    With probability mu the member instead adopts one of the other strategies uniformly.
    """
    base = _member_transitions(graph, state, i, fitness_of, rule, beta, bounds, k)
    if mu == 0.0:
        return base
    out = {t: (1 - mu) * p for t, p in base.items()}
    for t in range(k):
        if t != state[i]:
            out[t] = out.get(t, 0.0) + mu / (k - 1)
    return out


def _member_transitions(graph, state, i, fitness_of, rule, beta, bounds=None, k=2):
    nodes = list(graph)
    neighbours = sorted(graph.neighbors(nodes[i]))
    neighbours = [nodes.index(j) for j in neighbours]
    f = fitness_of(state)
    own = state[i]
    out = {}

    def add(t, p):
        out[t] = out.get(t, 0.0) + p

    if not neighbours and rule in ("fermi", "proportional", "imitate_best", "death_birth"):
        return {own: 1.0}
    if rule in ("fermi", "proportional"):
        for j in neighbours:
            if state[j] == own:
                add(own, 1 / len(neighbours))
                continue
            if rule == "fermi":
                p = 1 / (1 + math.exp(-beta * (f[j] - f[i])))
            else:
                low, high = bounds
                p = max(f[j] - f[i], 0.0) / (high[j] - low[i])
            add(state[j], p / len(neighbours))
            add(own, (1 - p) / len(neighbours))
    elif rule == "imitate_best":
        best = max(f[m] for m in [i, *neighbours])
        if f[i] >= best - 1e-12 * (1 + abs(best)):
            add(own, 1.0)
        else:
            winners = [j for j in neighbours if f[j] >= best - 1e-12 * (1 + abs(best))]
            for j in winners:
                add(state[j], 1 / len(winners))
    elif rule == "death_birth":
        weights = np.array([math.exp(beta * f[j]) for j in neighbours])
        for j, w in zip(neighbours, weights / weights.sum(), strict=True):
            add(state[j], w)
    elif rule in ("best_response", "logit"):
        values = []
        for t in range(k):
            other = list(state)
            other[i] = t
            values.append(fitness_of(tuple(other))[i])
        values = np.array(values)
        if rule == "logit":
            w = np.exp(beta * (values - values.max()))
            for t in range(k):
                add(t, w[t] / w.sum())
        else:
            best = values.max()
            tie = 1e-12 * (1 + abs(best))
            if values[own] >= best - tie:
                add(own, 1.0)
            else:
                winners = [t for t in range(k) if values[t] >= best - tie]
                for t in winners:
                    add(t, 1 / len(winners))
    return out


def asynchronous_matrix(graph, fitness_of, rule, beta, committed=(), bounds=None, k=2, mu=0.0):
    """Transition matrix of one single update (member chosen uniformly, or a birth-death event)."""
    n = graph.number_of_nodes()
    all_states = states(n, k)
    index = {s: a for a, s in enumerate(all_states)}
    matrix = np.zeros((len(all_states), len(all_states)))
    nodes = list(graph)
    for a, state in enumerate(all_states):
        if rule == "birth_death":
            f = fitness_of(state)
            w = np.exp(beta * (f - f.max()))
            w = w / w.sum()
            for parent in range(n):
                neighbours = [nodes.index(j) for j in sorted(graph.neighbors(nodes[parent]))]
                if not neighbours:
                    matrix[a, a] += w[parent]
                    continue
                for victim in neighbours:
                    p = w[parent] / len(neighbours)
                    if victim in committed:
                        matrix[a, a] += p
                        continue
                    for child, q in ((state[parent], 1 - mu), (1 - state[parent], mu)):
                        nxt = list(state)
                        nxt[victim] = child
                        matrix[a, index[tuple(nxt)]] += p * q
            continue
        for i in range(n):
            if i in committed:
                matrix[a, a] += 1 / n
                continue
            moves = member_transitions(graph, state, i, fitness_of, rule, beta, bounds, k, mu)
            for t, p in moves.items():
                nxt = list(state)
                nxt[i] = t
                matrix[a, index[tuple(nxt)]] += p / n
    return matrix, all_states


def synchronous_matrix(graph, fitness_of, rule, beta, bounds=None, k=2, committed=()):
    """Every member updates at once from the same state."""
    n = graph.number_of_nodes()
    all_states = states(n, k)
    index = {s: a for a, s in enumerate(all_states)}
    matrix = np.zeros((len(all_states), len(all_states)))
    for a, state in enumerate(all_states):
        per_member = [
            {state[i]: 1.0}
            if i in committed
            else member_transitions(graph, state, i, fitness_of, rule, beta, bounds, k)
            for i in range(n)
        ]
        for nxt in all_states:
            p = 1.0
            for i in range(n):
                p *= per_member[i].get(nxt[i], 0.0)
                if p == 0.0:
                    break
            matrix[a, index[nxt]] = p
    return matrix, all_states


def fixation_probability(matrix, all_states, start, target):
    """Probability of ending in state ``target`` (absorbing) from ``start``."""
    absorbing = [a for a in range(len(all_states)) if matrix[a, a] > 1 - 1e-12]
    transient = [a for a in range(len(all_states)) if a not in absorbing]
    q = matrix[np.ix_(transient, transient)]
    r = matrix[np.ix_(transient, absorbing)]
    b = np.linalg.solve(np.eye(len(transient)) - q, r)
    s, t = all_states.index(tuple(start)), all_states.index(tuple(target))
    if s in absorbing:
        return float(s == t)
    return float(b[transient.index(s), absorbing.index(t)])


def small_graph():
    """A 6-node graph with degrees 1..4 (a triangle with a tail and a pendant)."""
    return nx.Graph([(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (3, 5), (1, 5)])


def synchronous_imitation_run(
    graph,
    payoffs,
    strategies,
    steps,
    generator,
    *,
    rule,
    beta,
    mu,
    committed=(),
    bounds=None,
    subsidy=None,
    k=2,
):
    """Synchronous Fermi or proportional imitation, member by member, one uniform at a time.

    The documented order of draws: for each member in turn (committed members draw nothing),
    with exploration a uniform u0 first (u0 < mu: a second uniform picks one of the other
    strategies); otherwise, if the member has neighbours, one uniform u whose integer part of
    u * degree picks the neighbour and whose fractional part decides. ``mu``, ``beta`` and
    ``subsidy`` may be functions of the step. Returns the strategies after every step.
    """
    nodes = list(graph)
    neighbours = [[nodes.index(j) for j in sorted(graph.neighbors(v))] for v in nodes]
    state = list(strategies)
    history = []
    for step in range(steps):
        rate = mu(step) if callable(mu) else mu
        intensity = beta(step) if callable(beta) else beta
        bonus = subsidy(step) if callable(subsidy) else (subsidy or [0.0] * k)
        f = payoffs(tuple(state))
        paid = [f[i] + bonus[state[i]] for i in range(len(state))]
        spread = max(bonus) - min(bonus)
        new = list(state)
        for i, own in enumerate(state):
            if i in committed:
                continue
            if rate > 0 and generator.random() < rate:
                t = int(generator.random() * (k - 1))
                new[i] = t + 1 if t >= own else t
                continue
            if not neighbours[i]:
                continue
            scaled = generator.random() * len(neighbours[i])
            j = neighbours[i][int(scaled)]
            if state[j] == own:
                continue
            if rule == "fermi":
                p = 1 / (1 + math.exp(-intensity * (paid[j] - paid[i])))
            else:
                low, high = bounds
                width = high[j] - low[i] + spread
                p = max(paid[j] - paid[i], 0.0) / width if width > 0 else 0.0
            if scaled - int(scaled) < p:
                new[i] = state[j]
        state = new
        history.append(tuple(state))
    return history
