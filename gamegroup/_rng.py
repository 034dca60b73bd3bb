"""Random-number conventions (SPEC 7).

Every stochastic public function takes a keyword-only ``rng`` argument accepting whatever
:func:`numpy.random.default_rng` accepts: ``None``, an ``int``, a
:class:`~numpy.random.SeedSequence`, a :class:`~numpy.random.BitGenerator` or a
:class:`~numpy.random.Generator`. It is normalised once, at the public boundary, by
:func:`resolve_rng`, which also returns a :class:`SeedRecord` so that results can record the
seed actually used and even an unseeded run can be replayed.

Replicated and parallel work is seeded per task: task ``key`` of a run with root entropy ``e``
uses ``SeedSequence(entropy=e, spawn_key=key)`` (:func:`task_seed`). That stream depends only on
the root entropy and the key, never on the number of workers, the order of execution or whether
the run was resumed.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

RNGLike = (
    None | int | np.integer | np.random.SeedSequence | np.random.BitGenerator | np.random.Generator
)
"""Everything accepted as ``rng``."""


@dataclass(frozen=True, slots=True)
class SeedRecord:
    """The seed material behind a generator: replaying it reproduces the stream.

    Attributes
    ----------
    entropy : int or tuple of int
        Root entropy of the :class:`~numpy.random.SeedSequence`.
    spawn_key : tuple of int
        Spawn key of the sequence (empty for a root sequence).
    fresh : bool
        ``True`` when the generator was handed in already built (a ``Generator`` or
        ``BitGenerator``): the record then names the sequence that seeded it, but the generator
        may have been advanced before the call, so replaying the record reproduces the run only
        if it was fresh.

    Examples
    --------
    >>> generator, record = resolve_rng(42)
    >>> record
    SeedRecord(entropy=42, spawn_key=(), fresh=True)
    >>> bool(generator.random() == record.generator().random())
    True
    """

    entropy: int | tuple[int, ...]
    spawn_key: tuple[int, ...] = ()
    fresh: bool = True

    def seed_sequence(self) -> np.random.SeedSequence:
        """Return the :class:`~numpy.random.SeedSequence` this record describes."""
        return np.random.SeedSequence(entropy=self.entropy, spawn_key=self.spawn_key)

    def generator(self) -> np.random.Generator:
        """Return a new generator that replays the recorded stream from its start."""
        return np.random.default_rng(self.seed_sequence())


def _record_of(sequence: Any, *, fresh: bool) -> SeedRecord:
    entropy = sequence.entropy
    # Entropy may be an int or a sequence of ints; keep it as given so replay is exact.
    kept = int(entropy) if isinstance(entropy, numbers.Integral) else tuple(int(e) for e in entropy)
    return SeedRecord(kept, tuple(int(k) for k in sequence.spawn_key), fresh)


def resolve_rng(rng: Any, name: str = "rng") -> tuple[np.random.Generator, SeedRecord]:
    """Normalise ``rng`` to a :class:`~numpy.random.Generator` and record its seed.

    Parameters
    ----------
    rng : None, int, SeedSequence, BitGenerator or Generator
        ``None`` draws fresh entropy from the operating system (and records it).
    name : str
        The argument name used in error messages.

    Returns
    -------
    generator : numpy.random.Generator
    record : SeedRecord

    Raises
    ------
    TypeError
        If ``rng`` is of another kind (a float, ``np.random.RandomState``, ...).
    ValueError
        If ``rng`` is a negative integer.

    Examples
    --------
    >>> gen, rec = resolve_rng(None)
    >>> gen2 = rec.generator()
    >>> bool(gen.integers(1_000_000) == gen2.integers(1_000_000))
    True
    """
    if rng is None:
        sequence = np.random.SeedSequence()
        return np.random.default_rng(sequence), _record_of(sequence, fresh=True)
    if isinstance(rng, np.random.Generator):
        return rng, _record_of(rng.bit_generator.seed_seq, fresh=False)
    if isinstance(rng, np.random.BitGenerator):
        return np.random.Generator(rng), _record_of(rng.seed_seq, fresh=False)
    if isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng), _record_of(rng, fresh=True)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"`{name}` must be a non-negative integer seed; got {rng}.")
        sequence = np.random.SeedSequence(int(rng))
        return np.random.default_rng(sequence), _record_of(sequence, fresh=True)
    raise TypeError(
        f"`{name}` must be None, a non-negative int, a numpy SeedSequence, BitGenerator or "
        f"Generator; got {rng!r} of type {type(rng).__name__}."
    )


def as_generator(rng: Any, name: str = "rng") -> np.random.Generator:
    """Return ``rng`` as a :class:`~numpy.random.Generator` (see :func:`resolve_rng`).

    Examples
    --------
    >>> bool(as_generator(3).integers(10) == as_generator(3).integers(10))
    True
    """
    return resolve_rng(rng, name)[0]


def task_seed(root_entropy: int | tuple[int, ...], key: tuple[int, ...]) -> np.random.SeedSequence:
    """Return the seed sequence of task ``key`` of a run with root entropy ``root_entropy``.

    Examples
    --------
    >>> a = np.random.default_rng(task_seed(7, (0, 1))).random()
    >>> b = np.random.default_rng(task_seed(7, (0, 1))).random()
    >>> c = np.random.default_rng(task_seed(7, (1, 0))).random()
    >>> a == b, a == c
    (True, False)
    """
    return np.random.SeedSequence(entropy=root_entropy, spawn_key=tuple(int(k) for k in key))
