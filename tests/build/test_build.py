"""One call for a region: the Belgian set plus public samples resolve into one network."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bioregion.build import SourceInput, build_region, group_inputs, parse_source_input
from bioregion.cli import app
from bioregion.errors import ArgumentError, UnknownRegionError
from bioregion.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
CORDIS = DATA / "cordis" / "horizon_dashboard_export_2021_h2020_subset.csv"
TRIALS = tuple(sorted((DATA / "clinicaltrials").glob("ctg-studies_*.json")))
ROR = DATA / "ror" / "ror_records_BE.jsonl"


@pytest.fixture(scope="module")
def belgium(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("splink")
    path = tmp_path_factory.mktemp("build") / "be.db"
    store = Store.open(path, create=True)
    inputs = [
        SourceInput("cordis", (CORDIS,)),
        SourceInput("clinicaltrials", TRIALS),
        SourceInput("ror", (ROR,)),
    ]
    result = build_region(store, "flanders", inputs, datasets=["belgium"])
    yield store, result
    store.close()


@pytest.mark.parametrize(
    ("actor", "also"),
    [
        ("kuleuven", {"ror-05f950310"}),  # KU Leuven in ROR
        ("vib", {"ror-03xrhmk39"}),
        ("ucb", {"ror-01n029866", "cordis-pic-937666409"}),  # UCB in ROR and in CORDIS
        ("imec", {"ror-02kcbn207"}),
        ("janssen-pharmaceutica", {"cordis-pic-998398206"}),  # EPND's Janssen Pharmaceutica
    ],
)
def test_each_organisation_appears_once(belgium, actor, also):
    store, _ = belgium
    redirects = store.actor_redirects()
    assert {merged for merged, kept in redirects.items() if kept == actor} >= also
    ids = set(store.frame("actors", ["id"])["id"])
    assert actor in ids and not (also & ids)


def test_units_and_parents_stay_apart(belgium):
    store, _ = belgium
    redirects = store.actor_redirects()
    # the university hospital is not the university; Janssen is a unit of J&J, not J&J
    assert redirects.get("ror-0424bsv16") == "uz-leuven"  # UZ Leuven in ROR
    for actor in ("uz-leuven", "kuleuven", "janssen-pharmaceutica", "johnson-johnson"):
        assert actor not in redirects
    ids = set(store.frame("actors", ["id"])["id"])
    assert {"uz-leuven", "johnson-johnson", "janssen-pharmaceutica"} <= ids


def test_every_step_is_a_batch(belgium):
    store, result = belgium
    labels = [b.label for b in store.batches()]
    assert labels[0] == "dataset belgium"
    assert [r.source for r in result.ingests] == ["cordis", "clinicaltrials", "ror"]
    assert [b.label.split(":")[0] for b in store.batches()[1:4]] == [
        "cordis",
        "clinicaltrials",
        "ror",
    ]
    merged = len(result.resolution.merged)
    assert merged > 0 and labels.count("resolve") >= merged
    assert result.counts == store.counts()
    assert result.report is None  # no out_dir, no report


def test_building_again_changes_nothing(belgium):
    store, _ = belgium
    before = store.counts(), len(store.merges())
    again = build_region(
        store, "flanders", [SourceInput("cordis", (CORDIS,)), SourceInput("ror", (ROR,))]
    )
    for report in again.ingests:
        assert all(c["created"] == 0 and c["updated"] == 0 for c in report.counts.values())
    assert not again.resolution.merged
    assert (store.counts(), len(store.merges())) == before


def test_a_region_outside_belgium_gets_its_report(tmp_path: Path):
    pytest.importorskip("splink")
    with Store.open(tmp_path / "x.db", create=True) as store:
        result = build_region(
            store,
            "DE",
            [SourceInput("cordis", (CORDIS,))],
            resolve=False,
            out_dir=tmp_path / "out",
        )
        assert result.report == tmp_path / "out" / "report.html"
        page = result.report.read_text(encoding="utf-8")
        # no stored ties: the shared EU projects are the ties of this report
        assert store.counts()["tie"] == 0
        assert "from shared events" in page
        assert "shared events (EU projects, trials) as ties" in page


def test_inputs_are_checked_before_anything_is_written(tmp_path: Path):
    with Store.open(tmp_path / "y.db", create=True) as store:
        with pytest.raises(UnknownRegionError):
            build_region(store, "atlantis", [SourceInput("cordis", (CORDIS,))])
        assert store.counts()["actor"] == 0
    with pytest.raises(ArgumentError, match="SOURCE=FILE"):
        parse_source_input("cordis")
    assert group_inputs([("ror", Path("a")), ("cordis", Path("b")), ("ror", Path("c"))]) == [
        SourceInput("ror", (Path("a"), Path("c"))),
        SourceInput("cordis", (Path("b"),)),
    ]


def test_the_command_builds_and_reports(tmp_path: Path):
    db, out = tmp_path / "c.db", tmp_path / "report"
    result = CliRunner().invoke(
        app,
        [
            "build",
            "BE2",
            "--from",
            f"cordis={CORDIS}",
            "--no-resolve",
            "--out",
            str(out),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "cordis: batch 1" in result.output
    assert (out / "report.html").is_file()
    bad = CliRunner().invoke(app, ["build", "BE2", "--from", "cordis", "--db", str(db)])
    assert bad.exit_code == 1 and "SOURCE=FILE" in bad.output
