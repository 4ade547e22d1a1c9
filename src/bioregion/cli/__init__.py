"""The ``bioregion`` command line: thin calls into the public Python API.

Each command parses its options, calls the library and formats what comes back. The
app, the shared options and the error handling live in :mod:`bioregion.cli._app`, the
output helpers (tables, formats, progress bars) in :mod:`bioregion.cli._render`; the
command modules below import from those two only, and this package imports the command
modules so that they register themselves on :data:`app`. Errors of the library print
their message (no traceback unless ``--debug``) and exit 1.
"""

# Importing the command modules registers their commands, in this order in --help.
# isort: off
from bioregion.cli import store, files, records, report, curate, sources  # noqa: F401
from bioregion.cli import resolve, build, serve, simulate, dynamics  # noqa: F401

# isort: on
from bioregion.cli._app import app, main

__all__ = ["app", "main"]
