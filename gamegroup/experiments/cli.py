"""The ``gamegroup`` command (also ``python -m gamegroup``).

Exit codes: 0 success, 2 bad input (with a one-line message, no traceback), 1 failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from gamegroup._version import __version__
from gamegroup.games import public_goods


def _demo(arguments: argparse.Namespace) -> int:
    """Summarise a threshold public goods game in infinite and finite populations."""
    game = public_goods(
        group_size=arguments.group_size,
        multiplier=arguments.multiplier,
        threshold=arguments.threshold,
    )
    n, m, r = arguments.group_size, arguments.threshold, arguments.multiplier
    print(f"gamegroup {__version__} demo: threshold public goods game (N-person stag hunt)")
    print(f"  group size N={n}, threshold M={m}, multiplier r={r:g}, cost c=1")
    print("\nPayoff table (rows: own strategy; columns: contributing co-players)")
    header = "  ".join(f"{j:>6d}" for j in range(n))
    print(f"  {'':>10}  {header}")
    for name, row in zip(game.strategy_names, game.payoffs, strict=True):
        print(f"  {name:>10}  " + "  ".join(f"{v:6.2f}" for v in row))

    x = np.linspace(0.0, 1.0, 11)
    states = np.column_stack([1 - x, x])
    infinite = game.infinite_population_payoffs(states)
    print("\nInfinite population: expected payoffs at contributor fraction x")
    print(f"  {'x':>5}  {'defect':>8}  {'contribute':>10}  {'advantage':>10}")
    for xi, (f_d, f_c) in zip(x, infinite, strict=True):
        print(f"  {xi:5.2f}  {f_d:8.3f}  {f_c:10.3f}  {f_c - f_d:10.3f}")

    z = arguments.population_size
    finite = game.finite_population_payoffs(z)
    contributors = np.arange(z + 1)
    both = (contributors > 0) & (contributors < z)
    advantage = finite[both, 1] - finite[both, 0]
    favoured = contributors[both][advantage > 0]
    print(f"\nFinite population Z={z}: states where contributing earns more than defecting")
    if favoured.size:
        print(
            f"  {favoured.size} of {both.sum()} mixed states, "
            f"from {favoured.min()} to {favoured.max()} contributors"
        )
    else:
        print("  none: defection earns more in every mixed state")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gamegroup",
        description="Game-theoretic models of groups that share knowledge while competing on price.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="summarise a threshold public goods game")
    demo.add_argument("--group-size", type=int, default=5)
    demo.add_argument("--threshold", type=int, default=3)
    demo.add_argument("--multiplier", type=float, default=4.0)
    demo.add_argument("--population-size", type=int, default=50)
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``gamegroup`` command line and return its exit code.

    Examples
    --------
    >>> main(["demo", "--group-size", "1"])  # the message goes to standard error
    2
    """
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        return int(arguments.handler(arguments))
    except (ValueError, TypeError) as error:
        print(f"gamegroup: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
