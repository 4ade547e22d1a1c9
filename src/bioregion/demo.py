"""``make demo``: load the Belgian reference dataset and show what it holds.

Run with ``python -m bioregion.demo [OUT_DIR]``. It goes through the same public
commands a user would type: ``load``, ``describe``, ``actors``, ``show``, ``ties``
and ``export``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def run(out_dir: str | Path = "out/demo") -> list[list[str]]:
    """Run the demo commands against a fresh store in ``out_dir``; returns the commands."""
    from bioregion.cli import main

    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    db = str(out / "bioregion.db")
    commands = [
        ["load", "belgium"],
        ["describe"],
        ["actors", "--kind", "biotech_firm", "--region", "wallonia"],
        ["show", "galapagos"],
        ["ties", "--actor", "ablynx", "--kind", "licence", "--kind", "option"],
        ["export", str(out / "tables")],
        ["export", str(out / "network-2010.gexf"), "--at", "2010"],
    ]
    for command in commands:
        print(f"\n$ bioregion {' '.join(command)}", flush=True)
        sys.argv = ["bioregion", "--db", db, *command]
        try:
            main()
        except SystemExit as exc:
            if exc.code:
                raise
    return commands


if __name__ == "__main__":
    run(*sys.argv[1:2])
