"""Writing a file all or nothing (private; networks.io and the experiments layer use it).

The text goes to a temporary file in the target's folder, which is then renamed into place
(:func:`os.replace`, atomic on POSIX and Windows): a reader, or a process killed at any moment
(even with ``SIGKILL``), sees either the old file or the whole new one, never half of it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (all or nothing).

    Examples
    --------
    >>> import pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> write_atomically(target, "done")
    >>> target.read_text(), [p.name for p in target.parent.iterdir()]
    ('done', ['note.txt'])
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
