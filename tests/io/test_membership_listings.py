"""Template files carry an actor's ``systems``, a tie's ``signed`` and ``closed`` dates
and listings (issues 9 and 12): import, located problems, export round trip, frames."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from bioregion.errors import ImportRejectedError
from bioregion.io import TABLE_FORMATS, export_tables, import_files
from bioregion.model.dates import PartialDate
from bioregion.network import (
    TemporalNetwork,
    actors_frame,
    events_frame,
    participations_frame,
    project_events,
    ties_frame,
)
from bioregion.store import Store

ACTORS = [
    {"id": "iwt", "name": "IWT", "kind": "government", "country": "BE", "nuts": "BE100",
     "systems": "flanders"},
    {"id": "fnrs", "name": "F.R.S.-FNRS", "kind": "government", "country": "BE",
     "nuts": "BE100", "systems": "wallonia;brussels"},
    {"id": "galapagos", "name": "Galapagos", "kind": "biotech_firm", "country": "BE",
     "nuts": "BE212", "systems": ""},
    {"id": "ucb", "name": "UCB", "kind": "pharma", "country": "BE", "nuts": "BE100"},
    {"id": "celltech", "name": "Celltech", "kind": "biotech_firm", "country": "GB",
     "ended": "2004-07", "end_reason": "acquired"},
]  # fmt: skip
TIES = [
    {"id": "iwt-glpg-2003", "kind": "grant", "source": "iwt", "target": "galapagos",
     "start": "2003"},
    {"id": "ucb-celltech-2004", "kind": "acquisition", "source": "ucb", "target": "celltech",
     "start": "2004-05-18", "signed": "2004-05-17", "closed": "2004-07-26",
     "status": "completed"},
]  # fmt: skip
EVENTS = [
    {"id": "galapagos-ipo-2005", "kind": "listing", "name": "Galapagos IPO",
     "start": "2005-05", "amount": "50000000", "currency": "EUR",
     "identifiers": "mic:XBRU"},
    {"id": "fp6-x", "kind": "eu_project", "name": "X", "start": "2006", "end": "2009"},
]  # fmt: skip
PARTICIPATIONS = [
    {"event": "galapagos-ipo-2005", "actor": "galapagos", "role": "issuer"},
    {"event": "galapagos-ipo-2005", "actor": "ucb", "role": "investor"},
    {"event": "fp6-x", "actor": "galapagos", "role": "participant"},
    {"event": "fp6-x", "actor": "iwt", "role": "coordinator"},
]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = list(dict.fromkeys(c for row in rows for c in row))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _files(folder: Path, **changed: list[dict[str, str]]) -> list[Path]:
    tables = {"actors": ACTORS, "ties": TIES, "events": EVENTS, "participations": PARTICIPATIONS}
    tables |= changed
    return [_write(folder / f"{name}.csv", rows) for name, rows in tables.items()]


@pytest.fixture
def filled(sqlite_store: Store, tmp_path: Path) -> Store:
    import_files(sqlite_store, _files(tmp_path))
    return sqlite_store


# -- import --------------------------------------------------------------------------
def test_systems_signed_closed_and_listings_import(filled: Store) -> None:
    assert filled.actor("iwt").systems == ("flanders",)
    assert filled.actor("fnrs").systems == ("wallonia", "brussels")
    assert filled.actor("galapagos").systems == ()
    deal = next(t for t in filled.ties() if t.id == "ucb-celltech-2004")
    assert deal.start == PartialDate(2004, 5, 18)
    assert (deal.signed, deal.closed) == (PartialDate(2004, 5, 17), PartialDate(2004, 7, 26))
    ipo = next(e for e in filled.events() if e.id == "galapagos-ipo-2005")
    assert (ipo.kind, ipo.identifiers, ipo.amount) == ("listing", {"mic": "XBRU"}, 50e6)
    roles = {(p.event, p.actor): p.role for p in filled.participations()}
    assert roles[("galapagos-ipo-2005", "galapagos")] == "issuer"


def test_unknown_system_is_refused_with_its_row(sqlite_store: Store, tmp_path: Path) -> None:
    bad = [*ACTORS[:3], {**ACTORS[3], "systems": "Flemish Community"}, ACTORS[4]]
    with pytest.raises(ImportRejectedError) as info:
        import_files(sqlite_store, _files(tmp_path, actors=bad))
    [problem] = info.value.problems
    assert (Path(problem.file).name, problem.row, problem.column) == ("actors.csv", 5, "systems")
    assert "is not a named region or a NUTS 2021 code" in problem.rule
    assert sqlite_store.counts()["actor"] == 0


def test_closing_before_the_announcement_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    bad = [TIES[0], {**TIES[1], "signed": "", "closed": "2004-03"}]
    with pytest.raises(ImportRejectedError) as info:
        import_files(sqlite_store, _files(tmp_path, ties=bad))
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "closed", "2004-03")
    assert "is before start" in problem.rule


def test_bad_mic_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    bad = [{**EVENTS[0], "identifiers": "mic:Euronext Brussels"}, EVENTS[1]]
    with pytest.raises(ImportRejectedError) as info:
        import_files(sqlite_store, _files(tmp_path, events=bad))
    [problem] = info.value.problems
    assert (problem.row, problem.column) == (2, "identifiers")
    assert "ISO 10383" in problem.rule


# -- export and round trip ------------------------------------------------------------
@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_round_trip_keeps_the_new_fields(filled: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out-{fmt}"
    paths = export_tables(filled, out / "all.xlsx" if fmt == "xlsx" else out, format=fmt)
    with Store.open(tmp_path / f"again-{fmt}.db", create=True) as again:
        import_files(again, paths)
        assert again.dataset() == filled.dataset()
        assert again.actor("fnrs").systems == ("wallonia", "brussels")


def test_csv_export_has_the_columns(filled: Store, tmp_path: Path) -> None:
    export_tables(filled, tmp_path / "out", format="csv")
    with (tmp_path / "out" / "actors.csv").open(encoding="utf-8") as fh:
        actors = {row["id"]: row for row in csv.DictReader(fh)}
    assert actors["fnrs"]["systems"] == "wallonia;brussels"
    with (tmp_path / "out" / "ties.csv").open(encoding="utf-8") as fh:
        ties = {row["id"]: row for row in csv.DictReader(fh)}
    assert (ties["ucb-celltech-2004"]["signed"], ties["ucb-celltech-2004"]["closed"]) == (
        "2004-05-17",
        "2004-07-26",
    )


# -- frames ----------------------------------------------------------------------------
def test_store_and_network_frames_carry_systems(filled: Store) -> None:
    stored = filled.frame("actors").set_index("id")["systems"]
    assert stored["iwt"] == ("flanders",) and stored["galapagos"] == ()
    for source in (filled, filled.dataset(), pd.DataFrame(ACTORS)):
        frame = actors_frame(source).set_index("id")
        assert frame.loc["iwt", "systems"] == ("flanders",)
        assert frame.loc["fnrs", "systems"] == ("wallonia", "brussels")
        assert frame.loc["ucb", "systems"] == ()
        assert frame.loc["iwt", "region"] == "brussels"  # the location is kept for maps
    net = TemporalNetwork.from_store(filled)
    assert net.actors.set_index("id").loc["iwt", "systems"] == ("flanders",)


def test_an_actors_frame_without_systems_gets_empty_ones(filled: Store) -> None:
    old = actors_frame(filled).drop(columns="systems")
    again = actors_frame(old)
    assert list(again["systems"]) == [()] * len(old)


def test_ties_frames_carry_signed_and_closed(filled: Store) -> None:
    for source in (filled, filled.dataset(), pd.DataFrame(TIES)):
        frame = ties_frame(source).set_index("id")
        deal = frame.loc["ucb-celltech-2004"]
        assert deal["start"] == pd.Timestamp("2004-05-18")  # the network's date
        assert deal["signed"] == pd.Timestamp("2004-05-17")
        assert deal["closed"] == pd.Timestamp("2004-07-26")
        assert pd.isna(frame.loc["iwt-glpg-2003", "closed"])
    old = ties_frame(filled).drop(columns=["signed", "closed"])
    assert ties_frame(old)["closed"].isna().all()


def test_listings_are_not_projected_to_ties(filled: Store) -> None:
    projected = project_events(events_frame(filled), participations_frame(filled))
    assert projected["id"].tolist() == ["fp6-x:galapagos+iwt"]
    assert not projected["id"].str.startswith("galapagos-ipo").any()
    listings = events_frame(filled).query("kind == 'listing'")
    only_listing = project_events(listings, participations_frame(filled))
    assert only_listing.empty and only_listing["id"].dtype == object  # typed even when empty
    net = TemporalNetwork.from_store(filled, include_events=True)
    assert "galapagos-ipo-2005:galapagos+ucb" not in set(net.ties["id"])
    assert "fp6-x:galapagos+iwt" in set(net.ties["id"])


def test_actors_frames_carry_end_reason(filled: Store) -> None:
    """Exits read ``end_reason`` from the network's actors frame (S9's request)."""
    for source in (filled, filled.dataset(), pd.DataFrame(ACTORS)):
        frame = actors_frame(source).set_index("id")
        assert frame.loc["celltech", "end_reason"] == "acquired"
        assert frame.loc["ucb", "end_reason"] == ""
    net = TemporalNetwork.from_store(filled)
    assert net.actors.set_index("id").loc["celltech", "end_reason"] == "acquired"
    old = actors_frame(filled).drop(columns=["end_reason", "systems"])
    assert set(actors_frame(old)["end_reason"]) == {""}
