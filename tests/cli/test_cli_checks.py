"""Issue 8, the command line: options checked with their own names, no silent empty
answers, every file named, nothing left behind by a rejected import."""

from __future__ import annotations

import json
import re
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


def invoke(*args: str) -> object:
    state.debug = False
    return runner.invoke(app, list(args), catch_exceptions=True)


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    db = tmp_path / "cli.db"
    result = invoke("import", *EXAMPLE_FILES, "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


# -- 1. --default-years ---------------------------------------------------------------------
@pytest.mark.parametrize("years", ["-1", "nan", "inf"])
@pytest.mark.parametrize("command", [["export", "x.gexf"], ["ties", "--from", "2010"]])
def test_default_years_must_be_a_finite_number_at_least_0(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], years: str
):
    # before: `export x.gexf --default-years -1` exited 0 and wrote ends before starts
    monkeypatch.chdir(tmp_path)
    result = invoke(*command, "--default-years", years, "--db", str(loaded))
    assert result.exit_code == 2, result.output
    assert "--default-years" in result.output
    assert not (tmp_path / "x.gexf").exists()


def test_every_default_years_option_has_min_0():
    group = get_command(app)
    found = [
        (name, param)
        for name, command in group.commands.items()
        for param in command.params
        if "--default-years" in getattr(param, "opts", [])
    ]
    assert {name for name, _ in found} == {"ties", "export", "serve"}
    assert all(param.min == 0 for _, param in found)


# -- 2. window and date errors --------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ties", "--from", "2012", "--to", "2010"], "--to 2010 is before --from 2012"),
        (["export", "x.gexf", "--from", "2010", "--to", "2000"], "--to 2000 is before --from 2010"),
        (["export", "x.gexf", "--at", "abc"], "--at 'abc': not a date"),
        (["export", "x.gexf", "--at", "2010", "--from", "2000"], "either --at"),
        (["ties", "--from", "2015-13"], "--from '2015-13': month 13 does not exist"),
        (["ties", "--to", "2010-02-30"], "--to '2010-02-30'"),
    ],
)
def test_date_errors_name_the_options_and_exit_1(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
):
    # before: `ties --from 2012 --to 2010` listed ties with exit 0, and export spoke of
    # window=('2010', '2000') and at='abc', the library's argument names
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, "--db", str(loaded))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "window=" not in result.output and "at=" not in result.output
    assert not (tmp_path / "x.gexf").exists()


# -- 3. ties: the library's rule, not the CLI's ---------------------------------------------
def test_ties_window_is_selected_by_the_network(loaded: Path, monkeypatch: pytest.MonkeyPatch):
    from bioregion.network import TemporalNetwork

    calls: list[tuple] = []
    original = TemporalNetwork.active

    def active(self, at=None, window=None):
        calls.append((window, self.default_years))
        return original(self, at=at, window=window)

    monkeypatch.setattr(TemporalNetwork, "active", active)
    result = invoke(
        "ties", "--from", "2003", "--to", "2004", "--default-years", "4", "--format", "json",
        "--db", str(loaded),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(calls) == 1 and calls[0][1] == 4.0
    assert str(calls[0][0][0]) == "2003" and str(calls[0][0][1]) == "2004"
    # the 1999 spin-offs without an end: active 1999-2002 with 4 default years
    assert json.loads(result.output) == []


# -- 4. unknown kinds, actors and batches ---------------------------------------------------
@pytest.mark.parametrize(
    ("args", "known"),
    [
        (["ties", "--kind", "foo"], "licence"),
        (["ties", "--kind", "licence", "--kind", "bar"], "spin_off"),
        (["actors", "--kind", "foo"], "biotech_firm"),
        (["export", "x.gexf", "--tie-kind", "foo"], "licence"),
    ],
)
def test_unknown_kinds_are_refused_with_the_known_ones(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], known: str
):
    # before: `ties --kind foo` and `actors --kind foo` printed "0 ties" / "0 actors", exit 0
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, "--db", str(loaded))
    assert result.exit_code == 1, result.output
    assert "unknown kind" in result.output and known in result.output
    assert re.search(r"'(foo|bar)'", result.output)


def test_an_unknown_batch_is_refused_with_the_known_ids(loaded: Path):
    # before: `batches --changes 99` printed an empty table, exit 0
    result = invoke("batches", "--changes", "99", "--db", str(loaded))
    assert result.exit_code == 1, result.output
    assert "no batch 99" in result.output and "its only batch is 1" in result.output
    assert invoke("import", *EXAMPLE_FILES, "--db", str(loaded)).exit_code == 0
    again = invoke("batches", "--changes", "7", "--db", str(loaded))
    assert again.exit_code == 1 and "run from 1 to 2" in again.output
    assert invoke("batches", "--changes", "2", "--db", str(loaded)).exit_code == 0


def test_ties_of_an_unknown_actor_is_an_error(loaded: Path):
    result = invoke("ties", "--actor", "galapagoss", "--db", str(loaded))
    assert result.exit_code == 1, result.output
    assert "no actor with id 'galapagoss'" in result.output and "galapagos" in result.output


# -- 5. --busy-timeout after the command ----------------------------------------------------
def test_busy_timeout_is_accepted_after_the_command(loaded: Path, monkeypatch: pytest.MonkeyPatch):
    from bioregion.store import Store

    seen: list[float] = []
    original = Store.open.__func__

    def open_(cls, target=None, *, create=False, busy_timeout=30.0):
        seen.append(busy_timeout)
        return original(cls, target, create=create, busy_timeout=busy_timeout)

    monkeypatch.setattr(Store, "open", classmethod(open_))
    after = invoke("actors", "--db", str(loaded), "--busy-timeout", "7")
    assert after.exit_code == 0, after.output
    before = invoke("--busy-timeout", "3", "actors", "--db", str(loaded))
    assert before.exit_code == 0, before.output
    assert seen == [7.0, 3.0]
    assert invoke("actors", "--db", str(loaded), "--busy-timeout", "-1").exit_code == 2


def test_every_command_that_uses_the_store_takes_busy_timeout():
    group = get_command(app)
    using = 0
    for name in set(group.commands):
        opts = {o for p in group.commands[name].params for o in getattr(p, "opts", [])}
        if "--db" in opts:  # a command that opens a store
            using += 1
            assert "--busy-timeout" in opts, name
        else:
            assert name in {"regions", "demo", "sources"}, f"{name} takes no --db"
    assert using >= 10


# -- 6. a rejected import into a new store leaves nothing ----------------------------------
def _bad_actors(folder: Path) -> Path:
    path = folder / "actors.csv"
    path.write_text("id,name,kind\nx,X,not_a_kind\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["nonexist.db", "new/folder/nonexist.db"])
def test_a_rejected_import_creates_no_store(tmp_path: Path, where: str):
    # before: `import actors.csv --db nonexist.db` with a rejected file created nonexist.db
    bad = _bad_actors(tmp_path)
    result = invoke("import", str(bad), "--db", str(tmp_path / where))
    assert result.exit_code == 1, result.output
    assert "not_a_kind" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["actors.csv"]


def test_a_rejected_import_keeps_an_existing_store(loaded: Path, tmp_path: Path):
    folder = tmp_path / "files"
    folder.mkdir()
    result = invoke("import", str(_bad_actors(folder)), "--db", str(loaded))
    assert result.exit_code == 1, result.output
    assert loaded.exists()
    assert invoke("actors", "--db", str(loaded)).exit_code == 0


def test_a_store_another_import_filled_meanwhile_is_kept(tmp_path: Path):
    # the file did not exist when this import began, but another one landed in it
    from bioregion.cli.files import removed_if_new
    from bioregion.io import import_files
    from bioregion.store import Store

    db = tmp_path / "shared.db"
    with pytest.raises(RuntimeError), removed_if_new(str(db)):
        with Store.open(db, create=True) as store:
            import_files(store, [Path(f) for f in EXAMPLE_FILES])
        raise RuntimeError("this import failed")
    assert db.exists()
    with pytest.raises(RuntimeError), removed_if_new(str(tmp_path / "mine.db")):
        Store.open(tmp_path / "mine.db", create=True).close()
        raise RuntimeError("this import failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.db"]


# -- 7. multi-file exports name every file --------------------------------------------------
@pytest.mark.parametrize("name", ["be-2010.vos", "be-2010.dl"])
def test_a_multi_file_export_names_every_file(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
):
    # before: be-2010.vos reported only be-2010_map.txt, be-2010.dl one of its files
    out = tmp_path / "out"
    monkeypatch.setattr("bioregion.cli._render.out.width", 500)
    result = invoke("export", str(out / name), "--db", str(loaded))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert len(written) >= 2
    assert f"wrote {len(written)} files in {out}" in result.output
    for file in written:
        assert file in result.output


# -- 8. readable metavars -------------------------------------------------------------------
def test_help_has_readable_metavars():
    group = get_command(app)
    for name in [None, *group.commands]:
        args = ["--help"] if name is None else [name, "--help"]
        text = runner.invoke(app, args, terminal_width=200).output
        # before: --kind <list[str]>, files... <list[Path]>, --default-years <float>
        assert not re.search(r"<(list|str|int|float|path|Path)\b", text), (name, text)
    helps = {
        n: runner.invoke(app, [n, "--help"], terminal_width=200).output for n in group.commands
    }
    assert re.search(r"--kind KIND\b", helps["ties"])
    assert re.search(r"--tie-kind KIND\b", helps["export"])
    assert re.search(r"--from DATE\b", helps["export"])
    assert re.search(r"\bFILE\b", helps["import"])
    assert re.search(r"--compare REGION\b", helps["report"])
    assert re.search(r"--region REGION\b", helps["describe"])
    assert re.search(r"--default-years YEARS\b", helps["ties"])


# -- 10. describe: the regions are the command's, an empty store says so --------------------
def _german_store(tmp_path: Path) -> Path:
    files = tmp_path / "de"
    files.mkdir()
    (files / "sources.csv").write_text("id,url\ns1,https://example.org/a\n", encoding="utf-8")
    (files / "actors.csv").write_text(
        "id,name,kind,country,nuts,sources\n"
        "munich-bio,Munich Bio,biotech_firm,DE,DE212,s1\n"
        "berlin-bio,Berlin Bio,biotech_firm,DE,DE300,s1\n"
        "basel-pharma,Basel Pharma,pharma,CH,CH031,s1\n",
        encoding="utf-8",
    )
    db = tmp_path / "de.db"
    result = invoke(
        "import", str(files / "sources.csv"), str(files / "actors.csv"), "--db", str(db)
    )
    assert result.exit_code == 0, result.output
    return db


def _cells(line: str) -> list[str]:
    """The cells of one row of a Rich table."""
    return [c.strip() for c in re.split(r"[│┃]", line)[1:-1]]


def test_describe_takes_the_regions_to_break_actors_down_by(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # before: the regions were flanders, wallonia, brussels, so Oberbayern was "abroad"
    monkeypatch.setattr("bioregion.cli._render.out.width", 300)
    db = _german_store(tmp_path)
    result = invoke("describe", "--region", "DE21", "--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "kind" in line and "de21" in line)
    header = _cells(lines[at])
    firms = next(_cells(line) for line in lines[at:] if "biotech_firm" in line)
    # one Bavarian firm under de21, one Berlin firm elsewhere in Germany, none abroad
    assert dict(zip(header, firms, strict=True)) == {
        "kind": "biotech_firm",
        "abroad": "0",
        "de21": "1",
        "elsewhere in DE": "1",
    }
    default = invoke("describe", "--db", str(db))
    assert default.exit_code == 0 and "flanders" not in default.output  # no Belgian actor
    assert "abroad" in default.output


def test_describe_of_an_empty_store_says_it_is_empty(tmp_path: Path):
    db = tmp_path / "empty.db"
    assert invoke("init", "--db", str(db)).exit_code == 0
    result = invoke("describe", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "is empty" in result.output and "bioregion import" in result.output
    assert "index" not in result.output


# -- 11. report --compare -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("region", "compare", "expected"),
    [
        ("flanders", None, ("flanders", "wallonia", "brussels")),
        ("BE24", None, ("flanders", "wallonia", "brussels")),
        ("belgium", None, ("flanders", "wallonia", "brussels")),
        ("DE21", None, ()),
        ("DE21", ["DE30"], ("DE30",)),
        ("flanders", ["wallonia"], ("wallonia",)),
    ],
)
def test_the_belgian_compare_default_applies_only_to_belgium(region, compare, expected):
    from bioregion.cli.report import compared_regions

    assert compared_regions(region, compare) == expected


def test_report_on_a_german_region_compares_with_nothing(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # before: "The Oberbayern bioRegion compared with Flanders, Wallonia, Brussels"
    import bioregion.cli.report as report

    seen: dict[str, object] = {}

    def fake(store, region, compare, period, out_dir, top, progress, sector=None, scenarios=None):
        seen.update(region=region, compare=compare)
        return out_dir / "report.html", []

    monkeypatch.setattr(report, "_report_and_tables", fake)
    args = ["--out", str(tmp_path / "r"), "--db", str(loaded)]
    assert invoke("report", "--region", "DE21", *args).exit_code == 0
    assert seen == {"region": "DE21", "compare": ()}
    assert invoke("report", "--region", "flanders", *args).exit_code == 0
    assert seen["compare"] == ("flanders", "wallonia", "brussels")
    bad = invoke("report", "--region", "DE21", "--compare", "atlantis", *args)
    assert bad.exit_code == 1 and "atlantis" in bad.output


# -- 12. README -----------------------------------------------------------------------------
def test_readme_states_no_dataset_counts_that_drift():
    # before: "42 red-biotech NBFs" and "469 dated ties", long after the dataset grew
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    counts = re.findall(
        r"\b\d[\d,]*\s+(?:red-biotech\s+)?(?:NBFs|(?:dated\s+)?ties|actors)\b", readme
    )
    assert counts == []
