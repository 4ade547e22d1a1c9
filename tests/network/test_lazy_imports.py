"""Reading frames and exporting networks do not load the graph libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("igraph", "leidenalg", "scipy")


@pytest.mark.parametrize(
    "statement",
    [
        "import bioregion.network",
        "from bioregion.network import ties_frame, actors_frame, TemporalNetwork",
        "import bioregion.io.network_export",
    ],
)
def test_frames_and_exports_import_no_graph_library(statement: str):
    code = f"import sys; {statement}; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_measure_is_imported_on_first_use():
    import bioregion.network as bn
    from bioregion.network.centrality import pagerank

    assert bn.pagerank is pagerank
    assert "pagerank" in dir(bn)
    with pytest.raises(AttributeError, match="no attribute 'no_such_measure'"):
        bn.no_such_measure  # noqa: B018
