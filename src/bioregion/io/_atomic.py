"""Atomic file writing: a failed export never leaves a half-written file."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO

from bioregion.errors import ExportError


def atomic_write(target: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write via a new temporary file in the target's folder, then ``os.replace`` it.

    ``write`` gets the open binary file. On any failure the temporary file is removed
    and the target is left as it was; an OSError becomes an :class:`ExportError`, and so
    does a target under a plain file or a target that is a folder (before anything is
    written).
    """
    check_target(target)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    created = False
    try:  # os.open with 0o666 lets the umask set the mode, as for any new file
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        created = True
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        if created:
            tmp.unlink(missing_ok=True)
    return target


def check_target(target: Path) -> None:
    """ExportError unless ``target`` can be a file: not a folder, no plain file above it.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as plain:
    ...     check_target(Path(plain.name) / "out.gexf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bioregion.errors.ExportError: cannot write ...out.gexf: ... is a file, not a folder; ...
    """
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; give a file name in it")
    for parent in target.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise ExportError(
                    f"cannot write {target}: {parent} is a file, not a folder; "
                    "choose a path in a folder (or move that file away)"
                )
            return
