"""Parameters shared by several built-in models (declared once, here)."""

from gamegroup.dynamics.network import UPDATING
from gamegroup.dynamics.network_rules import RULES
from gamegroup.experiments.registry import Parameter, declare

for _name, _parameter in {
    "rule": Parameter(
        "dynamics", str, "update rule of gamegroup.dynamics.simulate_network", choices=RULES
    ),
    "updating": Parameter("dynamics", str, "schedule of updates", choices=UPDATING),
    "selection_intensity": Parameter("dynamics", float, "selection intensity beta", low=0.0),
    "exploration_rate": Parameter(
        "dynamics", float, "exploration (mutation) rate mu", low=0.0, high=1.0
    ),
}.items():
    declare(_name, _parameter)
