"""The CORDIS connector on real CORDIS files (tests/data/cordis/SOURCE.md).

Expected counts are computed here from the raw files with ``csv`` and ``json``, not
with the connector's code: one event per project id, one actor per PIC, one
participation per (project, PIC, role), one source per project plus one per
organisation file. Live fetches are served by ``httpx.MockTransport`` with a zip built
from the same real files.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.errors import ImportRejectedError, SourceError
from bioregion.model.dates import PartialDate
from bioregion.sources import connector, ingest
from bioregion.sources.cordis import CONNECTOR, DOWNLOAD_URL, read_cordis
from bioregion.sources.cordis_layouts import (
    ACTIVITY_KINDS,
    activity_codes,
    amount,
    day,
    flag,
    point,
    role,
)
from tests.sources.conftest import Replay, answer

DATA = Path(__file__).resolve().parents[1] / "data" / "cordis"
PROJECTS_JSON = DATA / "semicond_ev_project.json"
ORGS_JSON = DATA / "semicond_ev_organization.json"
DASHBOARD = DATA / "horizon_dashboard_export_2021_h2020_subset.csv"
CCAR_PROJECT = DATA / "h2020_3ccar_project_cp1252.csv"
CCAR_ORGS = DATA / "h2020_3ccar_organization_cp1252.csv"
ESEE_PROJECT = DATA / "fp7_esee_project_old_layout.csv"
ESEE_ORGS = DATA / "fp7_esee_organizations_old_layout.csv"
ZIP_PATH = "/data/cordis-h2020projects-json.zip"


# -- expected values, from the raw files ------------------------------------------------
def csv_rows(path: Path, encoding: str = "utf-8", delimiter: str = ";") -> list[dict]:
    text = path.read_bytes().decode(encoding)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def json_role(role: str) -> str:
    return {"thirdParty": "third_party"}.get(role, role)


def dashboard_role(row: dict) -> str:
    if row["partner_role"] == "COORDINATOR":
        return "coordinator"
    kinds = {"BENEFICIARY": "participant", "THIRDPARTY": "third_party"}
    return kinds.get(row["partner_type"], "partner")


def expected_json() -> dict[str, int]:
    projects = json.loads(PROJECTS_JSON.read_text(encoding="utf-8"))
    orgs = json.loads(ORGS_JSON.read_text(encoding="utf-8"))
    return {
        "event": len({p["id"] for p in projects}),
        "actor": len({o["organisationID"] for o in orgs}),
        "participation": len(
            {(o["projectID"], o["organisationID"], json_role(o["role"])) for o in orgs}
        ),
        "source": len({p["id"] for p in projects}) + len({o["organisationID"] for o in orgs}),
        "tie": 0,
    }


def expected_dashboard() -> dict[str, int]:
    rows = csv_rows(DASHBOARD, delimiter=",")
    return {
        "event": len({r["project_id"] for r in rows}),
        "actor": len({r["pic"] for r in rows}),
        "participation": len({(r["project_id"], r["pic"], dashboard_role(r)) for r in rows}),
        "source": len({r["project_id"] for r in rows}) + len({r["pic"] for r in rows}),
        "tie": 0,
    }


def expected_csv(project: Path, orgs: Path, encoding: str, pic: str) -> dict[str, int]:
    projects, rows = csv_rows(project, encoding), csv_rows(orgs, encoding)
    return {
        "event": len({p["id"] for p in projects}),
        "actor": len({r[pic] for r in rows}),
        "participation": len({(r["projectID"], r[pic], json_role(r["role"])) for r in rows}),
        "source": len({p["id"] for p in projects}) + len({r[pic] for r in rows}),
        "tie": 0,
    }


SAMPLES = {
    "json pair": ([PROJECTS_JSON, ORGS_JSON], expected_json),
    "dashboard": ([DASHBOARD], expected_dashboard),
    "csv windows-1252": (
        [CCAR_PROJECT, CCAR_ORGS],
        lambda: expected_csv(CCAR_PROJECT, CCAR_ORGS, "cp1252", "organisationID"),
    ),
    "csv old layout": (
        [ESEE_PROJECT, ESEE_ORGS],
        lambda: expected_csv(ESEE_PROJECT, ESEE_ORGS, "utf-8", "id"),
    ),
}


def snapshot(store) -> tuple:
    return store.dataset(), store.counts(), [b.id for b in store.batches()]


# -- loading ----------------------------------------------------------------------------
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_each_sample_loads_into_the_store_with_the_counts_of_the_raw_files(store, sample):
    paths, expected = SAMPLES[sample]
    report = ingest(store, "cordis", paths)
    assert store.counts() == expected()
    assert {k: v["created"] for k, v in report.counts.items()} == expected()


def test_reingesting_the_same_files_changes_nothing(store):
    paths = [PROJECTS_JSON, ORGS_JSON, DASHBOARD]
    ingest(store, "cordis", paths)
    before = store.dataset()
    again = ingest(store, "cordis", paths)
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())
    assert store.dataset() == before


def test_the_connector_is_registered_under_its_name():
    assert connector("cordis").name == "cordis"
    assert CONNECTOR.licence == "CC BY 4.0"


def test_every_activity_type_of_the_reference_list_has_an_actor_kind():
    codes = {r["Code"] for r in csv_rows(DATA / "cordisref-organizationActivityType.csv")}
    assert codes == set(ACTIVITY_KINDS)


# -- what becomes what ------------------------------------------------------------------
def test_a_project_becomes_an_eu_project_event_citing_its_cordis_page(sqlite_store):
    ingest(sqlite_store, "cordis", [PROJECTS_JSON, ORGS_JSON])
    esee = next(e for e in sqlite_store.events() if e.id == "cordis-324284")
    assert (esee.kind, esee.name, esee.amount, esee.currency) == (
        "eu_project",
        "ESEE",
        4368364.0,
        "EUR",
    )
    assert (esee.start, esee.end) == (PartialDate(2013, 4, 1), PartialDate(2016, 3, 31))
    assert esee.identifiers == {"cordis": "324284"}
    assert {"fp7", "call:ENIAC-2012-1", "scheme:JTI-CP-ENIAC"} <= set(esee.tags)
    assert esee.description.startswith("Environmental Sensors for Energy Efficiency")
    (source,) = sqlite_store.sources(esee.sources)
    assert source.url == "https://cordis.europa.eu/project/id/324284"
    assert (source.licence, source.publisher) == ("CC BY 4.0", "European Commission, CORDIS")
    assert "324284" in source.notes and "retrieved" in source.notes
    assert source.accessed is not None


def test_an_organisation_becomes_one_actor_with_pic_vat_kind_and_location(sqlite_store):
    ingest(sqlite_store, "cordis", [PROJECTS_JSON, ORGS_JSON])
    vito = sqlite_store.actor("cordis-pic-999645238")
    assert (vito.name, vito.kind, vito.country, vito.city) == (
        "VLAAMSE INSTELLING VOOR TECHNOLOGISCH ONDERZOEK N.V.",
        "research_institute",
        "BE",
        "MOL",
    )
    assert vito.identifiers == {"pic": "999645238", "vat": "BE0244195916"}
    assert (vito.lat, vito.lon) == (51.2190202, 5.09349006749143)
    assert vito.nuts == "BE213"  # Arr. Turnhout, located from the geolocation
    assert {"cordis:REC", "postcode:2400"} <= set(vito.tags)
    (source,) = sqlite_store.sources(vito.sources)
    assert source.id == "cordis-org-999645238" and "999645238" in source.title
    assert "semicond_ev_organization.json row" in source.notes
    assert source.licence == "CC BY 4.0" and source.accessed is not None


def test_names_and_websites_for_the_resolver():
    data = read_cordis([PROJECTS_JSON, ORGS_JSON])
    fabmatics = "cordis-pic-986627935"  # website cell "www.hap-dresden.de; www.hap.eu"
    assert data.domains[fabmatics] == ["hap-dresden.de", "hap.eu"]
    assert "VITO" in data.aliases["cordis-pic-999645238"]


def test_roles_and_contributions_of_participations(sqlite_store):
    ingest(sqlite_store, "cordis", [PROJECTS_JSON, ORGS_JSON])
    parts = {(p.event, p.actor, p.role): p for p in sqlite_store.participations()}
    # Metso: a participant and a third party of Productive4.0 ("PRC;PRC", "FI;FI")
    metso = "cordis-pic-998387051"
    assert parts[("cordis-737459", metso, "participant")].contribution == 21576.45
    assert parts[("cordis-737459", metso, "third_party")].contribution == 36698.55
    assert sqlite_store.actor(metso).country == "FI"
    assert sqlite_store.actor(metso).kind == "other"
    partners = [p for p in parts.values() if p.event == "cordis-675999" and p.role == "partner"]
    assert len(partners) == 5 and all(p.contribution is None for p in partners)
    coordinator = parts[("cordis-713771", "cordis-pic-999645238", "coordinator")]
    assert (coordinator.contribution, coordinator.currency) == (1274996.25, "EUR")
    assert coordinator.sources == ("cordis-project-713771",)


def test_dashboard_rows_of_one_organisation_in_one_role_add_up(sqlite_store):
    ingest(sqlite_store, "cordis", [DASHBOARD])
    parts = {(p.event, p.actor, p.role): p for p in sqlite_store.participations()}
    assert (
        parts[("cordis-101034366", "cordis-pic-997623176", "participant")].contribution == 83062.5
    )
    unilin = "cordis-pic-891512742"
    assert parts[("cordis-101036854", unilin, "third_party")].contribution == 44640.75
    assert parts[("cordis-101036854", unilin, "participant")].contribution == 0.0
    coordinators = [k for k in parts if k[0] == "cordis-101036908" and k[2] == "coordinator"]
    assert len(coordinators) == 2


def test_dashboard_actor_fields_and_nuts_codes(sqlite_store):
    report = ingest(sqlite_store, "cordis", [DASHBOARD])
    janssen = sqlite_store.actor("cordis-pic-998398206")
    assert (janssen.country, janssen.nuts, janssen.kind) == ("BE", "BE213", "other")
    assert janssen.identifiers == {"pic": "998398206", "vat": "BE0403834160"}
    assert "cordis:PRC" in janssen.tags
    hr = [r for r in csv_rows(DASHBOARD, delimiter=",") if r["nuts_3_code"] == "HR041"]
    assert hr and all(sqlite_store.actor(f"cordis-pic-{r['pic']}").nuts == "" for r in hr)
    assert any("HR041" in note for note in report.notes)
    swiss = [
        r for r in csv_rows(DASHBOARD, delimiter=",") if r["legal_entity_vat"].endswith("MWST")
    ]
    assert swiss
    for row in swiss:
        vat = sqlite_store.actor(f"cordis-pic-{row['pic']}").identifiers["vat"]
        assert vat == row["legal_entity_vat"].removesuffix("MWST")
    dashes = [r for r in csv_rows(DASHBOARD, delimiter=",") if r["legal_entity_vat"] == "-"]
    assert dashes and all(
        "vat" not in sqlite_store.actor(f"cordis-pic-{r['pic']}").identifiers for r in dashes
    )
    greek = [r for r in csv_rows(DASHBOARD, delimiter=",") if r["country_code"] == "EL"]
    assert all(sqlite_store.actor(f"cordis-pic-{r['pic']}").country == "GR" for r in greek)
    ignored = next(n for n in report.notes if "columns not used" in n)
    assert "thematic_priority_descr" in ignored and "legal_name" not in ignored


def test_a_participation_given_by_two_files_is_counted_once(tmp_path):
    copy = tmp_path / "organization-copy.json"
    copy.write_bytes(ORGS_JSON.read_bytes())
    once = read_cordis([PROJECTS_JSON, ORGS_JSON])
    twice = read_cordis([PROJECTS_JSON, ORGS_JSON, copy])
    assert sorted(p.to_dict().items() for p in once.participations) == sorted(
        p.to_dict().items() for p in twice.participations
    )
    assert {e.id: e.amount for e in twice.events} == {e.id: e.amount for e in once.events}


def test_windows_1252_csv_with_decimal_commas_and_quoted_line_breaks(sqlite_store):
    report = ingest(sqlite_store, "cordis", [CCAR_PROJECT, CCAR_ORGS])
    (event,) = sqlite_store.events()
    assert (event.name, event.amount) == ("3Ccar", 17320843.96)
    assert "55 Mio€ budget" in event.description and "3Ccar’s impact" in event.description
    assert "\n3Ccar’s impact" in event.description  # the quoted cell's line break
    assert "Total cost: 52401675.84 EUR" in event.description
    parts = {p.actor: p.contribution for p in sqlite_store.participations()}
    assert parts["cordis-pic-999709064"] == 123641.25  # "123641,25"
    assert parts["cordis-pic-999705087"] == 732746.3  # "732746,3"
    assert any("windows-1252" in note for note in report.notes)


def test_the_old_layout_with_the_pic_in_column_id(sqlite_store):
    ingest(sqlite_store, "cordis", [ESEE_PROJECT, ESEE_ORGS])
    flakt = sqlite_store.actor("cordis-pic-953164487")
    assert (flakt.name, flakt.country, flakt.city) == ("Fläkt Woods Oy", "FI", "Turku")
    roles = sorted(p.role for p in sqlite_store.participations())
    assert roles.count("coordinator") == 1 and len(roles) == 27


def test_a_project_that_has_not_started_keeps_no_start_date(tmp_path):
    text = CCAR_PROJECT.read_bytes().replace(b"2015-06-01;2018-10-31", b"2030-01-01;2033-12-31")
    path = tmp_path / "project.csv"
    path.write_bytes(text)
    data = read_cordis([path])
    (event,) = data.events
    assert event.start is None and event.end == PartialDate(2033, 12, 31)
    assert "planned" in event.tags
    assert any("2030-01-01" in note for note in data.notes)


def test_value_parsers():
    assert amount("1234,56") == amount("1.234,56") == amount("1234.56") == 1234.56
    assert amount("1.732084396E7") == 17320843.96
    assert amount("-") is None and amount("") is None
    assert day("01/10/2021").isoformat() == "2021-10-01"
    assert day("2020-12-16 22:28:37").isoformat() == "2020-12-16"
    for bad in ("12a4", "1,2,3", "EUR 5", "1e999"):
        with pytest.raises(ValueError):
            amount(bad)
    for bad in ("0999-01-01", "2021-02-30", "30/13/2021", "2021"):
        with pytest.raises(ValueError):
            day(bad)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none()))
def test_a_cell_either_parses_or_says_what_is_wrong(value):
    for parse in (amount, day, flag, point, activity_codes, role):
        try:
            parse(value)
        except ValueError as exc:
            assert str(exc)


def test_a_rule_of_the_model_is_located_at_the_row_the_actor_came_from(sqlite_store, tmp_path):
    bad = edited(tmp_path, CCAR_ORGS, b";NEUBIBERG;DE;", b";NEUBIBERG;XX;")
    with pytest.raises(ImportRejectedError) as caught:
        ingest(sqlite_store, "cordis", [CCAR_PROJECT, bad])
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == (str(bad), 2, "country")
    assert sqlite_store.counts()["actor"] == 0


def test_organisations_without_their_projects_need_them_in_the_store(sqlite_store):
    data = read_cordis([ESEE_ORGS])
    assert any("324284" in note and "project file" in note for note in data.notes)
    with pytest.raises(ImportRejectedError) as caught:
        ingest(sqlite_store, "cordis", [ESEE_ORGS])
    assert all(p.column == "event" for p in caught.value.problems)
    ingest(sqlite_store, "cordis", [ESEE_PROJECT])
    ingest(sqlite_store, "cordis", [ESEE_ORGS])  # the project is in the store now
    assert sqlite_store.counts()["participation"] == 27


def test_reading_reports_progress():
    calls = []
    read_cordis([ESEE_PROJECT, ESEE_ORGS], progress=lambda *a: calls.append(a))
    assert ("reading CORDIS files", 2, 2) in calls
    assert calls[-1] == ("reading CORDIS rows", 28, 28)  # 1 project and 27 organisation rows


# -- bad input: a located error, nothing written ----------------------------------------
def edited(folder: Path, source: Path, old: bytes, new: bytes) -> Path:
    data = source.read_bytes()
    assert old in data
    folder.mkdir(exist_ok=True)
    path = folder / source.name
    path.write_bytes(data.replace(old, new, 1))
    return path


def rewritten(folder: Path, drop: str = "", add: str = "") -> Path:
    """The 3Ccar organisations without column ``drop`` or with a filled column ``add``."""
    rows = csv_rows(CCAR_ORGS, "cp1252")
    header = [c for c in rows[0] if c != drop] + ([add] if add else [])
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, header, delimiter=";", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({**r, add: "checked"} if add else r for r in rows)
    folder.mkdir(exist_ok=True)
    path = folder / CCAR_ORGS.name
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def truncated(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / ORGS_JSON.name
    data = ORGS_JSON.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


#: name -> (files given a folder, index of the bad file, row, column, words of the rule)
BAD = {
    "missing column": (
        lambda d: [CCAR_PROJECT, rewritten(d, drop="activityType")],
        1,
        1,
        "activityType",
        "needs this column",
    ),
    "unknown activity type": (
        lambda d: [CCAR_PROJECT, edited(d, CCAR_ORGS, b";PRC;AM CAMPEON", b";XYZ;AM CAMPEON")],
        1,
        2,
        "activityType",
        "unknown CORDIS activity type",
    ),
    "truncated json": (lambda d: [PROJECTS_JSON, truncated(d)], 1, None, "", "truncated"),
    "bad date": (
        lambda d: [edited(d, CCAR_PROJECT, b"2015-06-01", b"2015-13-01"), CCAR_ORGS],
        0,
        2,
        "startDate",
        "not a calendar date",
    ),
    "bad dashboard date": (
        lambda d: [edited(d, DASHBOARD, b",01/11/2021,", b",31/02/2021,")],
        0,
        None,
        "project_start_date",
        "not a calendar date",
    ),
    "amount not a number": (
        lambda d: [CCAR_PROJECT, edited(d, CCAR_ORGS, b";123641,25;", b";123.641,2x;")],
        1,
        6,
        "ecContribution",
        "is not a number",
    ),
    "unknown role": (
        lambda d: [CCAR_PROJECT, edited(d, CCAR_ORGS, b";coordinator;", b";leader;")],
        1,
        2,
        "role",
        "unknown CORDIS role",
    ),
    "bad pic": (
        lambda d: [CCAR_PROJECT, edited(d, CCAR_ORGS, b";999978918;", b";9999789;")],
        1,
        2,
        "organisationID",
        "is not a PIC",
    ),
    "separator in an unquoted cell": (
        lambda d: [CCAR_PROJECT, edited(d, CCAR_ORGS, b";DAIMLER AG;", b";DAIMLER; AG;")],
        1,
        6,
        "",
        "26 cells where the header has 25",
    ),
    "neither utf-8 nor windows-1252": (
        lambda d: [CCAR_PROJECT, edited(d, CCAR_ORGS, b"DAIMLER AG", b"DAIMLER \x81G")],
        1,
        None,
        "",
        "neither UTF-8 nor windows-1252 text (byte 0x81 on line 6)",
    ),
    "not a cordis file": (
        lambda d: [DATA / "cordisref-organizationActivityType.csv"],
        0,
        1,
        "",
        "not a CORDIS",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_gives_a_located_error_and_writes_nothing(store, tmp_path, case):
    ingest(store, "cordis", [ESEE_PROJECT, ESEE_ORGS])
    before = snapshot(store)
    make, bad, row, column, words = BAD[case]
    files = make(tmp_path / "bad")
    with pytest.raises(ImportRejectedError) as caught:
        ingest(store, "cordis", files)
    problem = caught.value.problems[0]
    assert problem.file == str(files[bad])
    assert words in problem.rule
    if row is not None:
        assert problem.row == row
    if column:
        assert problem.column == column
    assert "nothing was imported" in str(caught.value)
    assert snapshot(store) == before


def test_a_truncated_json_file_names_the_line_where_it_stops(tmp_path):
    with pytest.raises(ImportRejectedError) as caught:
        read_cordis([PROJECTS_JSON, truncated(tmp_path)])
    (problem,) = caught.value.problems
    assert problem.row and problem.row > 1000 and "download the file again" in problem.rule


def test_unknown_extra_columns_are_ignored_and_listed(tmp_path):
    data = read_cordis([CCAR_PROJECT, rewritten(tmp_path, add="remark")])
    assert len(data.participations) == 12
    assert any("remark" in note and "columns not used" in note for note in data.notes)


# -- live: the programme's zip through a SourceClient ------------------------------------
def programme_zip(*, extra: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.json", PROJECTS_JSON.read_bytes())
        archive.writestr("organization.json", ORGS_JSON.read_bytes())
        if extra:  # other files of the official zip are not read
            archive.writestr("euroSciVoc.json", b'[{"projectID": 1, "euroSciVocCode": "/x"}]')
    return buffer.getvalue()


def test_fetch_downloads_the_programme_zip_and_reads_it(make_client):
    replay = Replay(
        {ZIP_PATH: [answer(200, programme_zip(), date="Mon, 07 Dec 2026 10:00:00 GMT")]}
    )
    client = make_client(replay, name="cordis")
    data = CONNECTOR.fetch(client, query={"programme": "h2020"})
    assert str(replay.requests[0].url) == DOWNLOAD_URL.format(programme="h2020", format="json")
    counts = data.counts()
    assert {k: counts[k] for k in ("event", "actor", "participation", "source")} == {
        k: v for k, v in expected_json().items() if k != "tie"
    }
    org_sources = [s for s in data.sources if s.id.startswith("cordis-org-")]
    assert {s.url for s in org_sources} == {DOWNLOAD_URL.format(programme="h2020", format="json")}
    assert {str(s.accessed) for s in data.sources} == {"2026-12-07"}


def test_fetch_keeps_the_projects_of_a_country_up_to_a_limit(make_client):
    replay = Replay({ZIP_PATH: [answer(200, programme_zip())]})
    orgs = json.loads(ORGS_JSON.read_text(encoding="utf-8"))
    belgian = sorted({o["projectID"] for o in orgs if o["country"] == "BE"})
    data = CONNECTOR.fetch(
        make_client(replay, name="cordis"), query={"programme": "h2020", "country": "BE"}, limit=2
    )
    assert sorted(e.id for e in data.events) == [f"cordis-{p}" for p in belgian[:2]]
    assert {p.event for p in data.participations} == {e.id for e in data.events}


def test_fetch_keeps_the_projects_asked_for(make_client):
    replay = Replay({ZIP_PATH: [answer(200, programme_zip())]})
    query = {"programme": "h2020", "projects": "324284, 675999"}
    data = CONNECTOR.fetch(make_client(replay, name="cordis"), query=query)
    assert sorted(e.id for e in data.events) == ["cordis-324284", "cordis-675999"]


def test_a_downloaded_zip_is_read_like_its_files(tmp_path):
    path = tmp_path / "cordis-h2020projects-json.zip"
    path.write_bytes(programme_zip())
    data = read_cordis([path])
    assert data.counts() == {k: v for k, v in expected_json().items()}
    org_sources = [s for s in data.sources if s.id.startswith("cordis-org-")]
    assert {s.url for s in org_sources} == {
        "https://data.europa.eu/data/datasets/cordish2020projects"
    }


def test_fetch_retries_a_server_error_then_reads(make_client, fake_time):
    replay = Replay({ZIP_PATH: [answer(500, "busy"), answer(200, programme_zip())]})
    data = CONNECTOR.fetch(make_client(replay, name="cordis"), query={"programme": "h2020"})
    assert len(replay.requests) == 2 and fake_time.sleeps
    assert data.counts()["event"] == expected_json()["event"]


def test_fetch_waits_as_long_as_a_429_asks_then_reads(make_client, fake_time):
    replay = Replay(
        {ZIP_PATH: [answer(429, "slow down", retry_after="3"), answer(200, programme_zip())]}
    )
    data = CONNECTOR.fetch(make_client(replay, name="cordis"), query={"programme": "h2020"})
    assert 3.0 in fake_time.sleeps and len(replay.requests) == 2
    assert data.counts()["participation"] == expected_json()["participation"]


def test_a_failed_download_writes_nothing(store, make_client):
    ingest(store, "cordis", [ESEE_PROJECT, ESEE_ORGS])
    before = snapshot(store)
    replay = Replay({ZIP_PATH: [answer(500, "down")]})
    client = make_client(replay, name="cordis", retries=2)
    with pytest.raises(SourceError):
        ingest(store, "cordis", client=client, query={"programme": "h2020"})
    assert snapshot(store) == before


def test_a_cut_off_zip_is_rejected(make_client):
    replay = Replay({ZIP_PATH: [answer(200, programme_zip()[:-200])]})
    with pytest.raises(ImportRejectedError) as caught:
        CONNECTOR.fetch(make_client(replay, name="cordis"), query={"programme": "h2020"})
    assert "download it again" in str(caught.value)


def test_fetch_without_a_programme_says_what_to_do(make_client):
    with pytest.raises(SourceError) as caught:
        CONNECTOR.fetch(make_client(Replay({}), name="cordis"), query={})
    assert "programme=fp7, h2020 or horizon" in str(caught.value)
