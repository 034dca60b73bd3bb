"""The built-in models that scenarios run; importing this package registers them.

Each module declares the parameters its models take (:func:`~gamegroup.experiments.registry.declare`)
and registers its models (:func:`~gamegroup.experiments.registry.register`); see
``docs/reference/scenario-toml.md`` for the list.
"""

from gamegroup.experiments.models import public_goods, village

__all__ = ["public_goods", "village"]
