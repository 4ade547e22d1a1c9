"""The everyday commands start fast and print what they printed before (issue 10).

``bioregion describe`` of a 200k-tie store took 18.7 s: every record was built, and the
command loaded pandas, numpy and the importer before doing anything. It now counts in SQL
and shapes the counts in plain Python; the GEXF export writes from columns without
NetworkX. These tests pin what the commands print (the same tables as the DataFrames
gave) and which heavy libraries they leave unloaded.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bioregion.cli import app
from bioregion.cli._app import state
from bioregion.datasets import describe, load
from bioregion.io.examples import EXAMPLES
from bioregion.store import Store

runner = CliRunner()
EXAMPLE_FILES = [str(p) for p in sorted(EXAMPLES.glob("*.csv"))]
HEAVY = ("pandas", "numpy", "networkx", "igraph", "scipy", "matplotlib", "openpyxl")
REGIONS = ("flanders", "wallonia", "brussels")


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "examples.db"
    state.debug = False
    result = runner.invoke(app, ["--db", str(db), "import", *EXAMPLE_FILES])
    assert result.exit_code == 0, result.output
    return db


def dataframe_tables(found) -> list[tuple[str, list[str], list[list[str]]]]:
    """The tables the command printed before issue 10, made from the DataFrames."""

    def text(frame) -> tuple[list[str], list[list[str]]]:
        rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
        return [str(c) for c in frame.columns], rows

    tables = []
    if len(found.actors_by_kind):
        tables.append(("actors by kind", *text(found.actors_by_kind)))
        regions = found.actors_by_region.pivot_table(
            index="kind", columns="region", values="actors", fill_value=0, aggfunc="sum"
        )
        tables.append(("actors by region", *text(regions.reset_index())))
    if len(found.ties_by_decade):
        by_decade = found.ties_by_decade.rename_axis(index="kind").reset_index()
        tables.append(("ties by kind and decade of start", *text(by_decade)))
    return tables


@pytest.mark.parametrize("regions", [REGIONS, None, ("DE21",)])
def test_describe_prints_the_tables_the_dataframes_gave(example_store: Path, regions) -> None:
    with Store.open(example_store) as store:
        found = describe(store, regions=regions)
    assert found.tables() == dataframe_tables(found)
    belgium = load("belgium")
    found = describe(belgium, regions=regions)
    assert found.tables() == dataframe_tables(found)
    assert [title for title, *_ in found.tables()] == [
        "actors by kind",
        "actors by region",
        "ties by kind and decade of start",
    ]


def test_describe_prints_every_table(example_store: Path) -> None:
    state.debug = False
    result = runner.invoke(app, ["--db", str(example_store), "describe"])
    assert result.exit_code == 0, result.output
    with Store.open(example_store) as store:
        found = describe(store, regions=REGIONS)
    assert result.output.startswith(found.summary())
    for title, columns, rows in found.tables():
        assert title in result.output
        assert all(c in result.output for c in columns)
        assert all(value in result.output for row in rows for value in row)


def loaded_modules(*args: str, cwd: Path) -> list[str]:
    """The heavy libraries a real ``bioregion`` process has imported when it exits."""
    code = (
        "import atexit, sys\n"
        f"heavy = {HEAVY!r}\n"
        "atexit.register(lambda: print('LOADED', sorted(m for m in heavy if m in sys.modules)))\n"
        f"sys.argv = ['bioregion', *{list(args)!r}]\n"
        "from bioregion.cli import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("LOADED"))
    return ast.literal_eval(line.removeprefix("LOADED "))  # a printed list of names


def test_describe_and_help_load_no_numerical_library(example_store: Path, tmp_path: Path) -> None:
    assert loaded_modules("--help", cwd=tmp_path) == []
    assert loaded_modules("--db", str(example_store), "describe", cwd=tmp_path) == []


def test_gexf_export_does_not_load_networkx(example_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "n.gexf"
    loaded = loaded_modules("--db", str(example_store), "export", str(target), cwd=tmp_path)
    assert "networkx" not in loaded and target.read_bytes().startswith(b"<?xml")
    # GraphML is written by NetworkX: that export loads it
    graphml = tmp_path / "n.graphml"
    assert "networkx" in loaded_modules(
        "--db", str(example_store), "export", str(graphml), cwd=tmp_path
    )


@pytest.mark.parametrize(
    ("name", "files"),
    [
        ("n.gexf", ["n.gexf"]),
        ("n.dl", ["n.dl", "n_*.dl"]),
        ("n.vos", ["n_map.txt", "n_network.txt"]),
    ],
)
def test_export_lists_the_files_it_wrote(
    example_store: Path, tmp_path: Path, name: str, files: list[str]
) -> None:
    state.debug = False
    result = runner.invoke(app, ["--db", str(example_store), "export", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for pattern in files for p in tmp_path.glob(pattern))
    assert written and sorted(p.name for p in tmp_path.iterdir()) == written
    if len(written) == 1:
        assert result.output.startswith(f"wrote {tmp_path / name}: ")
    else:
        assert f"wrote {len(written)} files in {tmp_path}: " in result.output
        assert all(w in result.output for w in written)
    assert "8 actors, 5 ties" in result.output
