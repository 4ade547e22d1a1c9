"""The dynamics package and the indicators built on it load scipy's optimisers and
statistics and statsmodels only when an estimator that needs them runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("scipy.optimize", "scipy.stats", "statsmodels")


@pytest.mark.parametrize(
    "statement",
    ["import bioregion.dynamics", "import bioregion.system", "import bioregion.cli"],
)
def test_importing_loads_no_optimiser(statement: str):
    code = f"import sys; {statement}; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_name_is_imported_on_first_use():
    import bioregion.dynamics as dyn
    from bioregion.dynamics.coreperiphery import core_scores

    assert dyn.core_scores is core_scores
    assert "core_scores" in dir(dyn)
    with pytest.raises(AttributeError, match="no attribute 'no_such_estimator'"):
        dyn.no_such_estimator  # noqa: B018
