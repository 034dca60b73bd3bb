"""Experiments: what a researcher runs (the only layer that prints or writes files).

Examples
--------
>>> from gamegroup.experiments.cli import main
>>> callable(main)
True
"""
