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
    and the target is left as it was; an OSError becomes an :class:`ExportError`.
    """
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
