"""Brute-force references for the finite-population tests: literal individuals and groups.

Nothing here uses gamegroup's vectorised payoffs or transition kernel: payoffs are averaged over
every group of co-players listed with itertools, and one update is enumerated individual by
individual, exactly as each rule is worded.
"""

from itertools import combinations

import numpy as np
import pytest
from scipy.special import expit


def literal_payoffs(game, state):
    """Payoff of each individual, averaging over every set of N - 1 co-players."""
    members = np.repeat(np.arange(game.n_strategies), state)
    z = members.size
    out = np.empty(z)
    for me in range(z):
        others = [j for j in range(z) if j != me]
        total, count = 0.0, 0
        for group in combinations(others, game.group_size - 1):
            counts = np.bincount(members[list(group)], minlength=game.n_strategies)
            total += game.payoff(int(members[me]), counts)
            count += 1
        out[me] = total / count
    return members, out


def literal_one_step(game, state, *, rule, beta, mu, fitness="exponential"):
    """T[a, b]: probability that one update turns an a into a b, by enumerating individuals."""
    k = game.n_strategies
    members, payoff = literal_payoffs(game, np.asarray(state))
    z = members.size
    weight = np.exp(beta * payoff) if fitness == "exponential" else 1 - beta + beta * payoff
    out = np.zeros((k, k))

    def offspring(parent_strategy):
        """(strategy, probability) of the new member's strategy."""
        result = [(parent_strategy, 1 - mu)]
        result += [(s, mu / (k - 1)) for s in range(k) if s != parent_strategy]
        return result

    if rule == "fermi":
        for focal in range(z):
            for s, p in offspring(members[focal])[1:]:  # exploration
                out[members[focal], s] += p / z
            for model in range(z):
                if model == focal:
                    continue
                imitate = expit(beta * (payoff[model] - payoff[focal]))
                out[members[focal], members[model]] += (1 - mu) * imitate / (z * (z - 1))
    elif rule == "moran_birth_death":
        for parent in range(z):
            for dying in range(z):
                for s, p in offspring(members[parent]):
                    out[members[dying], s] += weight[parent] / weight.sum() / z * p
    else:
        for dying in range(z):
            others = [j for j in range(z) if j != dying]
            total = weight[others].sum()
            for parent in others:
                for s, p in offspring(members[parent]):
                    out[members[dying], s] += weight[parent] / total / z * p
    np.fill_diagonal(out, 0.0)
    return out


@pytest.fixture
def brute():
    """The brute-force helpers, as a namespace."""

    class Brute:
        payoffs = staticmethod(literal_payoffs)
        one_step = staticmethod(literal_one_step)

    return Brute
