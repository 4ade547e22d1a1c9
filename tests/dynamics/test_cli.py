"""``bioregion dynamics``: the logics of attachment, exponent, bursts and core of a region
from the store, as tables or CSV."""

from __future__ import annotations

from typer.testing import CliRunner

from bioregion import Store
from bioregion.cli import app
from bioregion.datasets import load

runner = CliRunner()


def belgian_db(tmp_path):
    path = tmp_path / "be.db"
    with Store.open(path, create=True) as store:
        load("belgium", store)
    return str(path)


def test_dynamics_prints_the_logics_by_decade_with_their_uncertainty(tmp_path):
    db = belgian_db(tmp_path)
    options = ["--db", db, "dynamics", "--region", "flanders", "--sector", "red_biotech"]
    result = runner.invoke(app, [*options, "--from", "1987", "--to", "2025"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "logics of attachment" in text and "dominant logic" in text
    assert "2000-2009" in text and "repeat partnering" in text
    assert "1987-1999: not modelled" in text
    assert "attachment exponent of the NBF alliances: alpha = " in text
    assert "bursts of alliance kinds" in text
    assert "core of the region's own network" in text
    csv = runner.invoke(app, [*options, "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    assert csv.output.splitlines()[0].startswith("period,logic,odds_ratio,effect")
    assert "rd_collaboration,1,1997,2006" in csv.output  # the burst of R&D collaborations


def test_dynamics_refuses_a_period_that_ends_before_it_starts(tmp_path):
    result = runner.invoke(
        app, ["--db", str(tmp_path / "none.db"), "dynamics", "--from", "2010", "--to", "2000"]
    )
    assert result.exit_code != 0
    assert "comes before --from" in result.output
