"""Export paths (issue 8): an unknown network suffix and a path under a plain file are
ExportErrors that say what to do, and nothing is written."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from bioregion.errors import ExportError
from bioregion.io import export_network, export_tables, network_format, write_network
from bioregion.io.network_export import NETWORK_FORMATS, network_graph
from bioregion.model import Actor, Dataset, Tie
from bioregion.model import PartialDate as P

DATA = Dataset(
    actors=[Actor("a", "Alpha", "university"), Actor("b", "Beta", "biotech_firm")],
    ties=[Tie("t1", "licence", "a", "b", P(2001))],
)
SUFFIXES = [".gexf", ".graphml", ".net", ".dl", ".vos"]


def test_every_suffix_is_listed() -> None:
    assert sorted(NETWORK_FORMATS) == sorted(SUFFIXES)


@pytest.mark.parametrize("name", ["out.dot", "out.gml", "out.txt", "out"])
def test_unknown_suffix_lists_the_supported_ones(tmp_path: Path, name: str) -> None:
    assert network_format(tmp_path / name) is None
    for call in (
        lambda: export_network(DATA, tmp_path / name),
        lambda: write_network(network_graph(DATA), tmp_path / name),
    ):
        with pytest.raises(ExportError) as caught:
            call()
        message = str(caught.value)
        assert name in message and all(suffix in message for suffix in SUFFIXES)
    assert list(tmp_path.iterdir()) == []  # no CSV folder named out.dot, nothing at all


def test_unknown_explicit_format(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"unknown network format 'dot'.*ucinet \(\.dl\)"):
        network_format(tmp_path / "x.gexf", format="dot")
    assert network_format(tmp_path / "x.txt", format="UCINET") == "ucinet"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_path_under_a_plain_file(tmp_path: Path, suffix: str) -> None:
    plain = tmp_path / "file.txt"
    plain.write_text("a file, not a folder")
    with pytest.raises(ExportError, match=r"file\.txt is a file, not a folder"):
        export_network(DATA, plain / f"out{suffix}")
    with pytest.raises(ExportError, match=r"file\.txt is a file, not a folder"):
        export_network(DATA, plain / "deeper" / f"out{suffix}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]
    assert plain.read_text() == "a file, not a folder"


def test_table_export_under_a_plain_file(tmp_path: Path) -> None:
    plain = tmp_path / "file.txt"
    plain.write_text("x")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        export_tables(DATA, plain / "tables", format="json")


def test_xlsx_export_under_a_plain_file_is_quiet(tmp_path: Path) -> None:
    """The error alone: no 'Exception ignored' noise from half-built workbook sheets."""
    import subprocess
    import sys

    plain = tmp_path / "file.txt"
    plain.write_text("x")
    code = (
        "from bioregion.io import export_tables\n"
        "from bioregion.model import Actor, Dataset\n"
        "from bioregion.errors import ExportError\n"
        "d = Dataset(actors=[Actor('a', 'A', 'pharma')])\n"
        f"try:\n    export_tables(d, {str(plain / 'out.xlsx')!r}, format='xlsx')\n"
        "except ExportError as exc:\n    print('refused:', exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "refused:" in done.stdout and "is a file, not a folder" in done.stdout
    assert done.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_target_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "n.gexf").mkdir()
    with pytest.raises(ExportError, match="it is a folder"):
        export_network(DATA, tmp_path / "n.gexf")


@pytest.mark.parametrize(
    ("suffix", "target"),
    [(".dl", "bioregion.io.ucinet.dl_text"), (".vos", "bioregion.io.vosviewer.vosviewer_texts")],
)
def test_multi_file_formats_write_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, target: str
) -> None:
    calls = []
    module, name = target.rsplit(".", 1)
    original = getattr(importlib.import_module(module), name)

    def fail_late(*args: object) -> object:
        calls.append(args)
        if suffix == ".dl" and len(calls) == 1:  # the file of every tie is fine ...
            return original(*args)
        raise RuntimeError("boom")  # ... the file of one kind fails

    monkeypatch.setattr(target, fail_late)
    two_kinds = Dataset(
        actors=DATA.actors, ties=[*DATA.ties, Tie("t2", "spin_off", "a", "b", P(2000))]
    )
    with pytest.raises(RuntimeError, match="boom"):
        export_network(two_kinds, tmp_path / f"n{suffix}")
    assert calls and list(tmp_path.iterdir()) == []
