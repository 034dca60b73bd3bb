r"""Resumable result stores: every finished task of a sweep kept on disk as it completes.

A sweep of :math:`P` parameter points with :math:`R` replicates is a set of tasks
:math:`(i, r)`, :math:`0 \le i < P`, :math:`0 \le r < R`. A :class:`ResultStore` is a folder
holding

``store.json``
    the *manifest*: a fingerprint of everything that determines the tasks' results (the model,
    the parameter points with their constants, the number of replicates and the root seed),
    the parts it was computed from, and the versions that wrote it;
``tasks/p<i>-r<r>.json``
    one record per finished task: its outputs, its series, and how long it took.

Every file is written to a temporary name in the same folder and renamed into place
(:func:`gamegroup._files.write_atomically`), so a process killed at any moment (even with ``SIGKILL``) leaves either
the whole record or none of it, never half of one. A record that cannot be read back (for
example after the operating system itself crashed) is treated as missing and recomputed. A
store is tied to one sweep: opening it for a sweep with a different fingerprint is refused, so
results of different scenarios or grids are never mixed.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gamegroup._files import write_atomically
from gamegroup._version import __version__

MANIFEST = "store.json"
TASKS = "tasks"
_RECORD_NAME = re.compile(r"^p(\d+)-r(\d+)\.json$")

PathLike = str | os.PathLike[str]


def canonical_json(value: Any) -> str:
    """Return ``value`` as JSON with sorted keys and no whitespace (the hashed form).

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [0.5, "x"]})
    '{"a":[0.5,"x"],"b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=True)


def fingerprint(parts: Mapping[str, Any]) -> str:
    """Return the SHA-256 hex digest of the canonical JSON of ``parts``.

    Examples
    --------
    >>> fingerprint({"grid": [1, 2]}) == fingerprint({"grid": [1, 2]})
    True
    >>> fingerprint({"grid": [1, 2]}) == fingerprint({"grid": [1, 3]})
    False
    """
    return hashlib.sha256(canonical_json(dict(parts)).encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """Convert numpy scalars and arrays to plain Python values for JSON."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class ResultStore:
    """A folder that keeps the finished tasks of one sweep (see the module docstring).

    Parameters
    ----------
    path : str or path-like
        The folder. It is created when the store is opened for a sweep; its parent must exist
        or be creatable.

    Attributes
    ----------
    path : pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> store = ResultStore(tempfile.mkdtemp())
    >>> store.open({"model": "demo", "points": [{"x": 1}], "replicates": 2})
    >>> store.write(0, 1, {"outputs": {"y": 2.5}, "series": {}, "elapsed": 0.01})
    >>> sorted(store.records())
    [(0, 1)]
    >>> store.open({"model": "other", "points": [{"x": 1}], "replicates": 2})
    Traceback (most recent call last):
    ...
    ValueError: `store` at ... holds results of a different sweep (it differs in: model); ...
    """

    def __init__(self, path: PathLike) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"`store` must be a path to a folder; got {type(path).__name__}.")
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"ResultStore({str(self.path)!r})"

    @property
    def tasks_folder(self) -> Path:
        """Folder of the per-task records."""
        return self.path / TASKS

    @property
    def exists(self) -> bool:
        """Whether the folder already holds a manifest."""
        return (self.path / MANIFEST).is_file()

    def manifest(self) -> dict[str, Any]:
        """Return the manifest (fingerprint, its parts, versions).

        Raises
        ------
        FileNotFoundError
            If the store has not been opened for a sweep yet.
        ValueError
            If the manifest is not valid JSON.
        """
        file = self.path / MANIFEST
        if not file.is_file():
            raise FileNotFoundError(
                f"`store` at {str(self.path)!r} is not a result store (no {MANIFEST})."
            )
        try:
            manifest = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ValueError(
                f"`store` at {str(self.path)!r} has an unreadable {MANIFEST}: {error}."
            ) from None
        if not isinstance(manifest, dict) or "fingerprint" not in manifest:
            raise ValueError(f"`store` at {str(self.path)!r} has a malformed {MANIFEST}.")
        return manifest

    def open(self, parts: Mapping[str, Any]) -> None:
        """Tie the store to the sweep described by ``parts``, or check that it already is.

        Parameters
        ----------
        parts : mapping
            JSON-serialisable description of everything that determines the results.

        Raises
        ------
        ValueError
            If the store already holds results of a sweep with another fingerprint; the
            message lists which parts differ. Nothing in the store is changed.
        PermissionError, OSError
            If the folder cannot be created or written.
        """
        plain = json.loads(canonical_json(_plain(dict(parts))))
        digest = fingerprint(plain)
        if self.exists:
            manifest = self.manifest()
            if manifest["fingerprint"] == digest:
                return
            old = manifest.get("parts", {})
            differing = sorted(
                key
                for key in set(old) | set(plain)
                if canonical_json(old.get(key)) != canonical_json(plain.get(key))
            )
            raise ValueError(
                f"`store` at {str(self.path)!r} holds results of a different sweep (it differs "
                f"in: {', '.join(differing) or 'fingerprint'}); refusing to mix them. Use "
                "another folder, or delete this one to start afresh."
            )
        self.tasks_folder.mkdir(parents=True, exist_ok=True)
        manifest = {"fingerprint": digest, "parts": plain, "gamegroup": __version__}
        write_atomically(self.path / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))

    def write(self, point: int, replicate: int, record: Mapping[str, Any]) -> None:
        """Write the record of task ``(point, replicate)`` atomically.

        Raises
        ------
        FileNotFoundError
            If the store was not opened for a sweep first.
        """
        if not self.tasks_folder.is_dir():
            raise FileNotFoundError(
                f"`store` at {str(self.path)!r} must be opened for a sweep before writing."
            )
        body = dict(_plain(dict(record)))
        body["point"], body["replicate"] = int(point), int(replicate)
        target = self.tasks_folder / f"p{int(point)}-r{int(replicate)}.json"
        write_atomically(target, json.dumps(body, allow_nan=True))

    def records(self) -> dict[tuple[int, int], dict[str, Any]]:
        """Return every readable task record, keyed by ``(point, replicate)``.

        Records that cannot be parsed are skipped (their tasks will be recomputed).
        """
        found: dict[tuple[int, int], dict[str, Any]] = {}
        if not self.tasks_folder.is_dir():
            return found
        for file in self.tasks_folder.iterdir():
            match = _RECORD_NAME.match(file.name)
            if match is None:
                continue
            try:
                record = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(record, dict) and isinstance(record.get("outputs"), dict):
                found[int(match.group(1)), int(match.group(2))] = record
        return found

    def series(self, name: str) -> pd.DataFrame:
        """Return the series ``name`` of every stored task as a long tidy frame.

        Columns: ``point``, ``replicate``, ``step`` (position in the series) and ``value``.

        Raises
        ------
        ValueError
            If no stored task has a series called ``name``.

        Examples
        --------
        >>> import tempfile
        >>> store = ResultStore(tempfile.mkdtemp())
        >>> store.open({"model": "demo"})
        >>> store.write(0, 0, {"outputs": {}, "series": {"x": [0.5, 0.75]}})
        >>> store.series("x")
           point  replicate  step  value
        0      0          0     0   0.50
        1      0          0     1   0.75
        """
        rows: list[tuple[int, int, int, float]] = []
        for (point, replicate), record in sorted(self.records().items()):
            values = record.get("series", {}).get(name)
            if values is None:
                continue
            rows.extend((point, replicate, step, _number(v)) for step, v in enumerate(values))
        if not rows:
            raise ValueError(f"`name` {name!r} is not a series of any task in {self!r}.")
        return pd.DataFrame(rows, columns=["point", "replicate", "step", "value"])

    def frame(self) -> pd.DataFrame:
        """Return the tidy frame of every stored task (as the sweep that wrote it returns).

        Raises
        ------
        FileNotFoundError
            If the store has not been opened for a sweep.

        Examples
        --------
        >>> import tempfile
        >>> store = ResultStore(tempfile.mkdtemp())
        >>> store.open({"points": [{"x": 0.5}], "seed": {"entropy": 9, "spawn_key": []}})
        >>> store.write(0, 0, {"outputs": {"y": 1.5}})
        >>> store.frame()
           point    x  replicate    y  seed
        0      0  0.5          0  1.5     9
        """
        parts = self.manifest()["parts"]
        entropy = parts["seed"]["entropy"]
        if isinstance(entropy, list):
            entropy = tuple(entropy)
        return assemble_frame(parts["points"], self.records(), entropy)


def assemble_frame(
    points: Sequence[Mapping[str, Any]],
    records: Mapping[tuple[int, int], Mapping[str, Any]],
    entropy: int | tuple[int, ...],
) -> pd.DataFrame:
    """Build the tidy frame of a sweep from its points and task records.

    One row per record, sorted by ``(point, replicate)``; columns ``point``, the parameters,
    ``replicate``, the scalar outputs (in the order the model returned them) and ``seed``.

    Examples
    --------
    >>> assemble_frame([{"x": 1}], {(0, 0): {"outputs": {"y": 2}}}, 5)
       point  x  replicate  y  seed
    0      0  1          0  2     5
    """
    names = list(points[0]) if points else []
    output_names: dict[str, None] = {}
    rows = []
    for i, r in sorted(records):
        outputs = records[i, r]["outputs"]
        output_names.update(dict.fromkeys(outputs))
        rows.append({"point": i, **points[i], "replicate": r, **outputs})
    columns = ["point", *names, "replicate", *output_names]
    frame = pd.DataFrame(rows, columns=columns)
    if isinstance(entropy, int) and entropy < 2**63:
        frame["seed"] = np.full(len(frame), entropy, dtype=np.int64)
    else:  # 128-bit fresh entropy or an entropy tuple: keep it exact in an object column
        frame["seed"] = pd.Series([entropy] * len(frame), dtype=object)
    return frame


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)
