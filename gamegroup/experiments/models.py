"""The built-in models that scenarios run (registered in :mod:`gamegroup.experiments.registry`)."""
