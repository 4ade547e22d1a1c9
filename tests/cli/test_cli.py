"""The command line: thin over the library, clear errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bioregion.cli import app, state
from bioregion.io.examples import EXAMPLES

runner = CliRunner()
EXAMPLE_FILES = [str(p) for p in sorted(EXAMPLES.glob("*.csv"))]


def run(*args: str, db: Path) -> object:
    state.debug = False
    return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=True)


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    db = tmp_path / "cli.db"
    result = run("import", *EXAMPLE_FILES, db=db)
    assert result.exit_code == 0, result.output
    return db


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real entry point in a subprocess (error printing lives in main())."""
    return subprocess.run(
        [sys.executable, "-c", "from bioregion.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_import_reports_counts_and_is_idempotent(tmp_path: Path):
    db = tmp_path / "cli.db"
    first = run("import", *EXAMPLE_FILES, db=db)
    assert first.exit_code == 0, first.output
    assert "actors: 8 new" in first.output and "ties: 5 new" in first.output
    again = run("import", *EXAMPLE_FILES, db=db)
    assert "ties: 0 new, 0 updated, 5 unchanged" in again.output


def test_actors_filters_and_formats(loaded: Path):
    result = run("actors", "--region", "flanders", "--format", "json", db=loaded)
    assert result.exit_code == 0, result.output
    assert sorted(a["id"] for a in json.loads(result.output)) == ["galapagos", "tibotec"]
    csv_out = run("actors", "--kind", "pharma", "--format", "csv", db=loaded).output
    assert csv_out.splitlines()[0].startswith("id,name,kind")
    assert sorted(line.split(",")[0] for line in csv_out.splitlines()[1:]) == ["abbott", "gilead"]


def test_ties_filters(loaded: Path):
    result = run("ties", "--actor", "gilead", "--from", "2015", "--format", "json", db=loaded)
    ids = sorted(t["id"] for t in json.loads(result.output))
    assert ids == ["galapagos-gilead-2015", "gilead-galapagos-2015-equity"]
    bad = run("ties", "--from", "2015-13", db=loaded)
    assert bad.exit_code == 2 and "month 13" in bad.output


def test_show_lists_ties_and_source_urls(loaded: Path):
    result = run("show", "galapagos", db=loaded)
    assert result.exit_code == 0, result.output
    assert "Galapagos NV" in result.output and "http://www.glpg.com/history" in result.output
    assert "5 ties" in result.output


def test_regions_lookup(tmp_path: Path):
    result = run("regions", "--at", "50.6681,4.6118", db=tmp_path / "none.db")
    assert result.exit_code == 0 and "BE310" in result.output and "Wallonia" in result.output
    listed = run(
        "regions", "--country", "BE", "--level", "2", "--format", "json", db=tmp_path / "x"
    )
    assert len(json.loads(listed.output)) == 11


def test_export_tables_and_networks(loaded: Path, tmp_path: Path):
    result = run("export", str(tmp_path / "tables"), db=loaded)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "actors.csv",
        "events.csv",
        "participations.csv",
        "sources.csv",
        "ties.csv",
    ]
    net = run("export", str(tmp_path / "n.gexf"), "--at", "2016", db=loaded)
    assert net.exit_code == 0, net.output
    gexf = (tmp_path / "n.gexf").read_text(encoding="utf-8")
    assert gexf.count("<edge ") == 2  # at 2016: the Gilead licence and equity ties
    assert "galapagos-gilead-2015" in gexf and "galapagos-abbott-2012" not in gexf


def test_errors_print_a_message_without_traceback(tmp_path: Path):
    (tmp_path / "ties.csv").write_text("kind,source,target,start\nlicence,a,b,2019-02-30\n")
    result = cli("--db", str(tmp_path / "x.db"), "import", str(tmp_path / "ties.csv"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "row 2" in result.stderr and "not a calendar date" in result.stderr
    missing = cli("--db", str(tmp_path / "nothing.db"), "actors", cwd=tmp_path)
    assert missing.returncode == 1 and "bioregion init" in missing.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_debug_shows_the_traceback(tmp_path: Path):
    result = cli("--debug", "--db", str(tmp_path / "nothing.db"), "actors", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("bioregion ")
