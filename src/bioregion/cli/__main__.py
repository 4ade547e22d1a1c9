"""``python -m bioregion.cli``: the same as the ``bioregion`` command."""

from bioregion.cli import main

main()
