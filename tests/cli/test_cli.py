"""The command line: thin over the library, clear errors, exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from bioregion.cli import app
from bioregion.cli._app import state
from bioregion.io.examples import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
EXAMPLE_FILES = [str(p) for p in sorted(EXAMPLES.glob("*.csv"))]


def run(*args: str, db: Path) -> object:
    state.debug = False
    return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=True)


def invoke(*args: str) -> object:
    state.debug = False
    return runner.invoke(app, list(args), catch_exceptions=True)


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    db = tmp_path / "cli.db"
    result = run("import", *EXAMPLE_FILES, db=db)
    assert result.exit_code == 0, result.output
    return db


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real entry point in a subprocess (``python -m bioregion.cli``)."""
    return subprocess.run(
        [sys.executable, "-m", "bioregion.cli", *args],
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


def test_import_prints_warnings(tmp_path: Path):
    actors = tmp_path / "actors.csv"
    actors.write_text("id,name,kind\ntulipgen,TulipGen,biotech_firm\ntulip-gen,tulipgen,pharma\n")
    result = run("import", str(actors), db=tmp_path / "w.db")
    assert result.exit_code == 0, result.output
    assert "warning: actor names differ only by case:" in result.output
    assert "'TulipGen'" in result.output and "'tulipgen'" in result.output


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
    bad = run("ties", "--from", "2015-13", db=loaded)  # issue 8: an ArgumentError, exit 1
    assert bad.exit_code == 1 and "month 13" in bad.output and "--from" in bad.output


def _tie_ids(db: Path, *args: str) -> list[str]:
    result = run("ties", *args, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return sorted(t["id"] for t in json.loads(result.output))


def test_ties_window_selects_ties_active_in_it(loaded: Path):
    # galapagos-abbott-2012 runs from 2012-02-29 to 2015-09-25: active in 2014, started before.
    assert _tie_ids(loaded, "--from", "2014", "--to", "2014") == ["galapagos-abbott-2012"]
    # it ended in September 2015: not active from October on
    assert "galapagos-abbott-2012" not in _tie_ids(loaded, "--from", "2015-10")
    # the 1999 spin-offs have no end: active for the default 5 years (1999-2003) ...
    spin_offs = ["crucell-galapagos-1999", "tibotec-galapagos-1999"]
    assert _tie_ids(loaded, "--from", "2003", "--to", "2003") == spin_offs
    assert _tie_ids(loaded, "--from", "2004", "--to", "2004") == []
    # ... or for the years given
    assert _tie_ids(loaded, "--from", "2004", "--to", "2004", "--default-years", "10") == spin_offs
    # --to alone: started by then
    assert _tie_ids(loaded, "--to", "2011") == spin_offs


def test_show_lists_tie_ids_end_dates_and_source_urls(
    loaded: Path, monkeypatch: pytest.MonkeyPatch
):
    from bioregion.cli._render import out

    monkeypatch.setattr(out, "width", 300)  # one table row per line
    result = run("show", "galapagos", db=loaded)
    assert result.exit_code == 0, result.output
    assert "Galapagos NV" in result.output and "http://www.glpg.com/history" in result.output
    assert "5 ties" in result.output
    row = next(line for line in result.output.splitlines() if "galapagos-abbott-2012" in line)
    assert "2012-02-29" in row and "2015-09-25" in row
    assert "crucell-galapagos-1999" in result.output


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


@pytest.mark.parametrize(
    ("target", "options", "expected"),
    [
        ("out.dot", [], ".gexf"),  # an unknown suffix: the supported ones are listed
        ("out.dot", ["--at", "2010"], ".graphml"),
        ("out.csv", [], "directory"),  # a table export writes a folder, not one file
        ("out.json", ["--format", "json"], "directory"),
        ("tables", ["--at", "2010"], "network file"),  # network options with a table export
        ("out.gexf", ["--format", "dot"], "unknown export format 'dot'"),
    ],
)
def test_export_refuses_what_it_cannot_write(
    loaded: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    options: list[str],
    expected: str,
):
    monkeypatch.chdir(tmp_path)
    result = run("export", target, *options, db=loaded)
    assert result.exit_code == 1, result.output
    assert expected in result.output and "please report" not in result.output
    assert not (tmp_path / target).exists()


def test_export_under_a_plain_file_is_a_clear_error(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain.txt").write_text("not a folder\n")
    for target in ("plain.txt/net.gexf", "plain.txt/tables"):
        result = invoke("export", target, "--db", str(loaded))
        assert result.exit_code == 1, result.output
        assert "plain.txt" in result.output and "please report" not in result.output
    assert (tmp_path / "plain.txt").read_text() == "not a folder\n"


def test_report_on_an_empty_store_says_to_load_data(tmp_path: Path):
    db = tmp_path / "empty.db"
    assert invoke("init", "--db", str(db)).exit_code == 0
    result = invoke("report", "--db", str(db), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "no actors" in result.output and "bioregion load belgium" in result.output
    assert "please report" not in result.output and not (tmp_path / "out").exists()


def test_errors_print_a_message_without_traceback(tmp_path: Path):
    (tmp_path / "ties.csv").write_text("kind,source,target,start\nlicence,a,b,2019-02-30\n")
    result = cli("--db", str(tmp_path / "x.db"), "import", str(tmp_path / "ties.csv"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "row 2" in result.stderr and "not a calendar date" in result.stderr
    missing = cli("--db", str(tmp_path / "nothing.db"), "actors", cwd=tmp_path)
    assert missing.returncode == 1 and "bioregion init --db" in missing.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_debug_shows_the_traceback(tmp_path: Path):
    result = cli("--debug", "--db", str(tmp_path / "nothing.db"), "actors", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_library_errors_exit_1_and_are_not_called_bugs(loaded: Path, tmp_path: Path):
    # CliRunner runs the app itself: the exit code is the command's, not the runner's
    result = run("show", "no-such-actor", db=loaded)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "no actor with id 'no-such-actor'" in result.output
    assert "please report" not in result.output


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from bioregion.cli import main

    monkeypatch.setattr(sys, "argv", ["bioregion", *args])
    state.debug = False
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code


def test_only_unexpected_exceptions_ask_for_a_bug_report(
    loaded: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    import bioregion.datasets
    from bioregion.errors import NoDataError

    def fails_with(exc: Exception):
        def describe(store: object, regions: object = None) -> None:
            raise exc

        return describe

    monkeypatch.setattr(bioregion.datasets, "describe", fails_with(NoDataError("nothing here")))
    assert _main(monkeypatch, "describe", "--db", str(loaded)) == 1
    printed = capsys.readouterr().err
    assert "nothing here" in printed and "please report" not in printed
    # a plain ValueError is no longer rewrapped as an ordinary error: it is a bug
    monkeypatch.setattr(bioregion.datasets, "describe", fails_with(ValueError("bad state")))
    assert _main(monkeypatch, "describe", "--db", str(loaded)) == 2
    printed = capsys.readouterr().err
    assert "bad state" in printed and "please report it" in printed


def test_db_is_accepted_after_the_command(tmp_path: Path):
    db = str(tmp_path / "my.db")
    created = invoke("init", "--db", db)
    assert created.exit_code == 0, created.output
    assert "store ready at" in created.output and Path(db).exists()
    imported = invoke("import", *EXAMPLE_FILES, "--db", db)
    assert imported.exit_code == 0, imported.output
    for command in (["actors"], ["ties"], ["show", "galapagos"], ["batches"], ["describe"]):
        result = invoke(*command, "--db", db)
        assert result.exit_code == 0, (command, result.output)
    exported = invoke("export", str(tmp_path / "n.gexf"), "--db", db)
    assert exported.exit_code == 0, exported.output
    # the global form keeps working, and the same store given twice is fine
    assert invoke("--db", db, "actors").exit_code == 0
    assert invoke("--db", db, "actors", "--db", db).exit_code == 0
    twice = invoke("--db", db, "actors", "--db", str(tmp_path / "other.db"))
    assert twice.exit_code == 2 and "give --db once" in twice.output


def test_every_command_that_uses_the_store_takes_db():
    group = get_command(app)
    uses_store = set(group.commands) - {"regions", "demo", "sources"}  # these open no store
    for name in uses_store:
        opts = {o for p in group.commands[name].params for o in getattr(p, "opts", [])}
        assert "--db" in opts, name


def _readme_commands() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Using it", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        for part in line.split("#")[0].split("&&"):
            words = part.split()
            if words and words[0] == "bioregion":
                commands.append(words[1:])
    return commands


def test_readme_commands_work_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for name in ("actors", "ties", "sources"):
        shutil.copy(EXAMPLES / f"{name}.csv", tmp_path)
    cordis = ROOT / "tests" / "data" / "cordis"  # a real CORDIS project/organization pair
    shutil.copy(cordis / "semicond_ev_project.json", tmp_path / "project.json")
    shutil.copy(cordis / "semicond_ev_organization.json", tmp_path / "organization.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BIOREGION_DB", raising=False)
    # report, demo and build write the whole report (tests/report, tests/build run them);
    # serve runs until stopped (tests/api and tests/web serve the same app)
    skipped = ("report", "demo", "build", "serve")
    commands = [c for c in _readme_commands() if c[0] not in skipped]
    assert ["serve", "--db", "my.db"] in _readme_commands()
    assert ["ingest", "cordis", "project.json", "organization.json", "--db", "my.db"] in commands
    assert ["init", "--db", "my.db"] in commands
    for command in commands:
        result = invoke(*command)
        assert result.exit_code == 0, (command, result.output)


def test_help_shows_flags_as_flags():
    group = get_command(app)
    for name in [None, *group.commands]:
        args = ["--help"] if name is None else [name, "--help"]
        result = runner.invoke(app, args, terminal_width=200)
        assert result.exit_code == 0, result.output
        assert "<bool>" not in result.output, name
    imported = runner.invoke(app, ["import", "--help"], terminal_width=200).output
    assert re.search(r"--allow-extra-columns\s+Skip columns", imported)
    assert re.search(r"--debug\s+Show tracebacks", runner.invoke(app, ["--help"]).output)


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("bioregion ")


def test_a_stage_not_yet_counting_pulses_instead_of_showing_0_of_1():
    import io

    from rich.console import Console

    from bioregion.cli._render import staged_progress

    console = Console(file=io.StringIO(), force_terminal=True)
    with staged_progress(console) as progress:
        progress("reading files", 1, 1)
        progress("checking records", 0, 1)  # a long check that reports only start and end
        checking = progress.bar.tasks[-1]
        assert checking.description == "checking records" and checking.total is None
        progress("checking records", 1, 1)
        assert checking.total == 1 and checking.completed == 1
        progress("tie", 5000, 200_000)
        writing = progress.bar.tasks[-1]
        assert writing.description == "writing ties" and writing.total == 200_000
        progress("building the report: figures", 1, 9)
        progress("building the report: methods", 2, 9)  # one bar for the report's steps
        assert [t.description for t in progress.bar.tasks][-1] == "building the report: methods"
        assert len(progress.bar.tasks) == 4


def test_demo_runs_the_main_job(tmp_path: Path):
    result = invoke("demo", "--out", str(tmp_path / "belgium"), "--top", "3")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "belgium" / "report.html").exists()
    assert "Top preferred partners, Flanders 1987-2017" in result.output
    assert "Top global partners of the NBFs of Flanders" in result.output


def test_report_sector_option_narrows_the_nbfs(tmp_path: Path):
    """--sector red_biotech leaves the green-biotech Devgen out of Flanders' ranking."""

    def firms(*extra: str) -> str:
        result = invoke(
            "report", "--dataset", "belgium", "--region", "flanders", "--period", "1995-2010",
            "--out", str(tmp_path / "r"), "--top", "40", *extra,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return result.output

    assert "Devgen" in firms()
    assert "Devgen" not in firms("--sector", "red_biotech")
