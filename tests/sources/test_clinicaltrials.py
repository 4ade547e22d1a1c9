"""The ClinicalTrials.gov connector on real records (tests/data/clinicaltrials/SOURCE.md).

Expected counts are computed here from the raw JSON and XML, not by the connector's
code: one event and one source per study; one actor per distinct organisation name
(sponsors and collaborators) and per distinct facility and city of a named site; one
participation per (trial, organisation, role). Live fetches are served by
``httpx.MockTransport`` from pages built out of the real studies.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import httpx
import pytest

from bioregion.errors import ImportRejectedError, SourceError
from bioregion.model.dates import PartialDate
from bioregion.sources import SourceClient, SourceConfig, connector, ingest
from bioregion.sources.clinicaltrials import (
    API_URL,
    CONNECTOR,
    TrialMapper,
    actor_kind,
    country_code,
    fetch_params,
    is_placeholder_site,
    site_id,
    sponsor_id,
)
from bioregion.sources.clinicaltrials_xml import legacy_phases, read_legacy_xml

DATA = Path(__file__).resolve().parents[1] / "data" / "clinicaltrials"
LARGEST = DATA / "ctg-studies_vrinda2019_nsclc_100studies.json"
DGG = DATA / "ctg-studies_dgg32_first10of50.json"
KOY = DATA / "ctg-studies_koy570_first20of100.json"
SUBSET = DATA / "biomcp_get_nct02576665_fieldsubset.json"
XML_SMALL = DATA / "NCT05380726.xml"
XML_GSK = DATA / "NCT00056407_25sites_noresults.xml"
JSON_FILES = [LARGEST, DGG, KOY, SUBSET]
XML_FILES = [XML_SMALL, XML_GSK]
#: The placeholder site names of these samples, written out independently of the code
#: (and BMS's "Local Institution - 0013", ...).
PLACEHOLDERS = {
    "research site",
    "gsk investigational site",
    "novo nordisk investigational site",
    "novartis investigative site",
    "meiji research site",
}


def placeholder(facility: str) -> bool:
    name = facility.strip().casefold()
    return not name or name in PLACEHOLDERS or name.startswith("local institution - ")


WHEN = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def raw_json(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def raw_xml(path: Path) -> list[dict]:
    """A legacy record in the few plain fields the expected counts need."""
    root = ET.parse(path).getroot()

    def names(tag: str) -> list[str]:
        return [" ".join((e.findtext("agency") or "").split()) for e in root.iter(tag)]

    return [
        {
            "nct": root.findtext("id_info/nct_id"),
            "lead": names("lead_sponsor")[0],
            "collaborators": names("collaborator"),
            "sites": [
                (e.findtext("facility/name") or "", e.findtext("facility/address/city") or "")
                for e in root.iter("location")
            ],
        }
    ]


def plain_studies(path: Path) -> list[dict]:
    if path.suffix == ".xml":
        return raw_xml(path)
    out = []
    for study in raw_json(path):
        protocol = study["protocolSection"]
        sponsors = protocol["sponsorCollaboratorsModule"]
        locations = protocol.get("contactsLocationsModule", {}).get("locations", [])
        out.append(
            {
                "nct": protocol["identificationModule"]["nctId"],
                "lead": sponsors["leadSponsor"]["name"],
                "collaborators": [c["name"] for c in sponsors.get("collaborators", [])],
                "sites": [(loc.get("facility", ""), loc.get("city", "")) for loc in locations],
            }
        )
    return out


def expected(path: Path) -> dict[str, int]:
    """Counts of records and participations by role, from the raw file."""
    studies = plain_studies(path)
    organisations, sites, roles = set(), set(), Counter()
    for study in studies:
        organisations.add(key(study["lead"]))
        roles["sponsor"] += 1
        collaborators = {key(c) for c in study["collaborators"]}
        organisations |= collaborators
        roles["collaborator"] += len(collaborators)
        named = {
            (key(facility), key(city))
            for facility, city in study["sites"]
            if not placeholder(facility)
        }
        sites |= named
        roles["site"] += len(named)
    return {
        "event": len(studies),
        "source": len(studies),
        "actor": len(organisations) + len(sites),
        "participation": sum(roles.values()),
        **{f"role:{role}": n for role, n in roles.items()},
    }


def stored_counts(store) -> dict[str, int]:
    counts = {k: v for k, v in store.counts().items() if k in ("event", "source", "actor")}
    parts = store.participations()
    counts["participation"] = len(parts)
    for role, n in Counter(p.role for p in parts).items():
        counts[f"role:{role}"] = n
    return counts


@pytest.mark.parametrize("path", JSON_FILES + XML_FILES, ids=lambda p: p.name)
def test_each_sample_loads_into_the_store(store, path):
    report = ingest(store, "clinicaltrials", [path])
    want = expected(path)
    got = stored_counts(store)
    assert got == {k: v for k, v in want.items() if v or not k.startswith("role:")}
    assert report.counts["event"]["created"] == want["event"]
    events = {e.id for e in store.events()}
    assert events == {f"ctgov-{s['nct']}" for s in plain_studies(path)}


def test_reingesting_a_file_changes_nothing(store):
    ingest(store, "clinicaltrials", [DGG, XML_SMALL])
    before = store.dataset()
    again = ingest(store, "clinicaltrials", [DGG, XML_SMALL])
    for kind, counts in again.counts.items():
        assert counts["created"] == counts["updated"] == 0, kind
    assert store.dataset() == before


def test_the_connector_is_registered():
    assert connector("clinicaltrials") is CONNECTOR
    assert CONNECTOR.name == "clinicaltrials" and "NLM" in CONNECTOR.licence


def test_a_trial_becomes_an_event_with_its_dates_identifiers_and_tags():
    data = CONNECTOR.read([DGG])
    event = next(e for e in data.events if e.id == "ctgov-NCT05925803")
    assert event.kind == "clinical_trial"
    assert event.name == "Determine Effectiveness of Anifrolumab In SYstemic Sclerosis (DAISY)"
    assert event.start == PartialDate(2023, 7, 13)
    assert event.end == PartialDate(2027, 12, 31)
    assert event.identifiers == {"nct": "NCT05925803", "org_study_id": "D3460C00002"}
    assert {"phase:PHASE3", "status:NOT_YET_RECRUITING", "study_type:INTERVENTIONAL"} <= set(
        event.tags
    )
    assert "condition:Systemic Sclerosis" in event.tags
    assert "intervention:Anifrolumab (blinded)" in event.tags
    assert "intervention_type:BIOLOGICAL" in event.tags
    assert "Completion: 2027-12-31 (estimated)" in event.description
    assert "Sites without a facility name (e.g. 'Research Site'): 131" in event.description
    source = next(s for s in data.sources if s.id == event.sources[0])
    assert source.url == "https://clinicaltrials.gov/study/NCT05925803"
    assert "NCT05925803" in source.notes
    mtime = dt.datetime.fromtimestamp(int(DGG.stat().st_mtime), tz=dt.UTC).date()
    assert source.accessed == PartialDate(mtime.year, mtime.month, mtime.day)


def test_eudract_numbers_become_identifiers():
    raw = raw_json(LARGEST)
    given = {
        s["protocolSection"]["identificationModule"]["nctId"]: i["id"]
        for s in raw
        for i in s["protocolSection"]["identificationModule"].get("secondaryIdInfos", [])
        if i.get("type") == "EUDRACT_NUMBER"
    }
    assert given
    events = {e.identifiers["nct"]: e for e in CONNECTOR.read([LARGEST]).events}
    assert {nct: events[nct].identifiers.get("eudract") for nct in given} == given


def test_dates_keep_the_precision_given():
    event = CONNECTOR.read([SUBSET]).events[0]
    assert event.start == PartialDate(2016, 7) and event.start.precision == "month"
    assert event.end == PartialDate(2019, 12, 20)


def test_sponsors_and_collaborators_keep_their_class():
    data = CONNECTOR.read([LARGEST])
    actors = {a.id: a for a in data.actors}
    raw = raw_json(LARGEST)
    industry = next(
        s["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]
        for s in raw
        if s["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"].get("class")
        == "INDUSTRY"
    )
    actor = actors[sponsor_id(industry["name"])]
    assert "ctgov:INDUSTRY" in actor.tags
    assert actor.kind in ("pharma", "biotech_firm", "service_provider")
    roles = Counter(p.role for p in data.participations)
    assert roles["collaborator"] == expected(LARGEST)["role:collaborator"] > 0


def test_an_organisation_in_many_trials_is_one_actor_citing_each_trial():
    raw = raw_json(LARGEST)
    leads = Counter(
        s["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]["name"] for s in raw
    )
    name, trials = leads.most_common(1)[0]
    assert trials > 1
    data = CONNECTOR.read([LARGEST])
    actor = next(a for a in data.actors if a.id == sponsor_id(name))
    assert len(actor.sources) == trials
    assert len([a for a in data.actors if a.id == actor.id]) == 1


def test_sites_get_city_country_point_and_nuts3():
    data = CONNECTOR.read([LARGEST])
    belgian = [a for a in data.actors if a.country == "BE"]
    assert belgian, "the sample has Belgian sites"
    assert all(a.nuts.startswith("BE") and len(a.nuts) == 5 for a in belgian)
    leuven = next(a for a in belgian if a.id == site_id("University Hospitals Leuven", "Leuven"))
    assert (leuven.nuts, leuven.city, leuven.kind) == ("BE242", "Leuven", "hospital")
    assert leuven.lat is not None and leuven.lon is not None
    american = [a for a in data.actors if a.country == "US"]
    assert american and all(a.nuts == "" for a in american)
    assert not any(is_placeholder_site(a.name) for a in data.actors)


def test_the_non_api_key_locations_nested_is_ignored():
    raw = raw_json(DGG)
    assert all("locations_nested" in s["protocolSection"]["contactsLocationsModule"] for s in raw)
    data = CONNECTOR.read([DGG])
    assert Counter(p.role for p in data.participations)["site"] == expected(DGG)["role:site"]


def test_a_saved_api_page_and_a_repeated_study_read(tmp_path):
    page = tmp_path / "page.json"
    page.write_text(json.dumps(pages_of(raw_json(KOY), 10)[0]), encoding="utf-8")
    data = CONNECTOR.read([page, KOY])
    assert len(data.events) == 20  # the page's 10 studies are in KOY too: read once
    assert any("10 study(ies) given again" in note for note in data.notes)


def test_a_fields_subset_without_classes_reads():
    data = CONNECTOR.read([SUBSET])
    sponsor = next(a for a in data.actors if a.id == sponsor_id("Tocagen Inc."))
    assert sponsor.tags == ()
    assert {p.role for p in data.participations} == {"sponsor", "site"}


def test_legacy_xml_and_api_json_of_one_study_give_the_same_records():
    """The v2 JSON below is NCT05380726.xml transcribed by hand into the API v2 shape."""
    study = {
        "protocolSection": {
            "identificationModule": {
                "nctId": "NCT05380726",
                "orgStudyIdInfo": {"id": "Moore4Medical"},
                "briefTitle": "Effectiveness of an E-health Intervention in Patients With "
                "Obstructive Sleep Apnoea",
                "officialTitle": "Effectiveness of an E-health Intervention on Blood Pressure, "
                "Sleep Quality and Physical Activity in Patients With Obstructive Sleep Apnoea: "
                "A Sequential Exploratory Mixed-method Research Protocol With a Realist "
                "Evaluation Approach",
            },
            "statusModule": {
                "overallStatus": "NOT_YET_RECRUITING",
                "startDateStruct": {"date": "2023-06-01", "type": "ESTIMATED"},
                "primaryCompletionDateStruct": {"date": "2023-09-30", "type": "ESTIMATED"},
                "completionDateStruct": {"date": "2023-12-30", "type": "ESTIMATED"},
            },
            "sponsorCollaboratorsModule": {
                "leadSponsor": {"name": "Universitat de Lleida", "class": "OTHER"},
                "collaborators": [
                    {"name": "Institut de Recerca Biomèdica de Lleida", "class": "OTHER"},
                    {"name": "Horizon 2020 - European Commission", "class": "OTHER"},
                ],
            },
            "conditionsModule": {"conditions": ["Obstructive Sleep Apnea"]},
            "designModule": {
                "studyType": "INTERVENTIONAL",
                "phases": ["NA"],
                "enrollmentInfo": {"count": 260, "type": "ESTIMATED"},
            },
            "armsInterventionsModule": {
                "interventions": [{"type": "BEHAVIORAL", "name": "Patient education"}]
            },
            "contactsLocationsModule": {
                "locations": [
                    {
                        "facility": "Biomedical Research Institure of Lleida",
                        "city": "Lleida",
                        "zip": "25198",
                        "country": "Spain",
                    }
                ]
            },
        }
    }
    from_xml = CONNECTOR.read([XML_SMALL])
    mapper = TrialMapper()
    mapper.add(study, file="transcribed", row=1, retrieved=dt.datetime(2023, 5, 9, tzinfo=dt.UTC))
    from_json = mapper.dataset()
    assert from_xml.events == from_json.events
    assert from_xml.actors == from_json.actors
    assert from_xml.participations == from_json.participations
    assert from_xml.sources == from_json.sources  # accessed: the XML's "processed on" day
    assert {a.kind for a in from_xml.actors} == {"university", "research_institute", "government"}


def test_legacy_placeholder_sites_are_not_actors():
    data = CONNECTOR.read([XML_GSK])
    assert [p.role for p in data.participations] == ["sponsor"]
    assert data.actors[0].id == "ctgov-glaxosmithkline" and data.actors[0].kind == "pharma"
    assert data.events[0].start == PartialDate(2003, 3)
    assert "Sites without a facility name (e.g. 'Research Site'): 25" in data.events[0].description
    assert any("25 site(s)" in note for note in data.notes)


def test_legacy_words_become_v2_codes():
    study, written = read_legacy_xml(XML_GSK)
    assert written == dt.datetime(2023, 5, 9, tzinfo=dt.UTC)
    assert study["protocolSection"]["designModule"]["phases"] == ["PHASE3"]
    assert legacy_phases("Phase 1/Phase 2") == ["PHASE1", "PHASE2"]


@pytest.mark.parametrize(
    ("name", "agency_class", "kind"),
    [
        ("National Cancer Institute (NCI)", "NIH", "government"),
        ("EORTC", "NETWORK", "research_institute"),
        ("Galapagos NV", "INDUSTRY", "pharma"),
        ("argenx Therapeutics", "INDUSTRY", "biotech_firm"),
        ("IQVIA Biotech", "INDUSTRY", "service_provider"),
        ("Universitair Ziekenhuis Brussel", "OTHER", "hospital"),
        ("Katholieke Universiteit Leuven", "OTHER", "university"),
        ("VIB", "OTHER", "research_institute"),
        ("Some Person", "INDIV", "other"),
    ],
)
def test_actor_kinds(name, agency_class, kind):
    assert actor_kind(name, agency_class) == kind


@pytest.mark.parametrize(
    ("facility", "hidden"),
    [
        ("Research Site", True),
        ("GSK Investigational Site", True),
        ("Local Institution - 0013", True),
        ("Site 001", True),
        ("Site Reference ID/Investigator# 12345", True),
        ("Site Hospitalier de Bligny", False),
        ("Meiji Research Site", True),
        ("Study Site 12", True),
        ("Clinical Site Partners LLC, dba CSP Orlando", False),
        ("Wits Clinical Research Site /ID# 252931", False),
        ("University Hospitals Leuven", False),
        ("Sarah Cannon Research Institute", False),
    ],
)
def test_placeholder_sites(facility, hidden):
    assert is_placeholder_site(facility) is hidden


def test_country_names_of_the_registry():
    assert [country_code(n) for n in ("Belgium", "Turkey (Türkiye)", "Czechia", "Taiwan")] == [
        "BE",
        "TR",
        "CZ",
        "TW",
    ]
    assert country_code("Atlantis") == ""


def test_ids_are_stable_slugs():
    assert sponsor_id("GlaxoSmithKline") == sponsor_id("GlaxoSmithKline.")
    assert site_id("Hôpital Erasme", "Bruxelles") == "ctgov-hopital-erasme--bruxelles"
    assert site_id("St. Joseph Hospital", "Orange") != site_id("St. Joseph Hospital", "Denver")


# -- bad input -------------------------------------------------------------------------


def test_a_truncated_file_is_rejected_and_changes_nothing(store, tmp_path):
    ingest(store, "clinicaltrials", [SUBSET])
    before = store.dataset()
    cut = tmp_path / "cut.json"
    cut.write_bytes(KOY.read_bytes()[: len(KOY.read_bytes()) // 2])
    with pytest.raises(ImportRejectedError) as caught:
        ingest(store, "clinicaltrials", [cut])
    problem = caught.value.problems[0]
    assert problem.file == str(cut) and "download the file again" in problem.rule
    assert store.dataset() == before


def test_a_bad_study_is_located_by_file_study_field_and_nct(store, tmp_path):
    studies = raw_json(KOY)
    studies[3]["protocolSection"]["statusModule"]["startDateStruct"]["date"] = "2011-13"
    del studies[5]["protocolSection"]["identificationModule"]["nctId"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(studies), encoding="utf-8")
    with pytest.raises(ImportRejectedError) as caught:
        ingest(store, "clinicaltrials", [bad])
    first, second = caught.value.problems
    nct = studies[3]["protocolSection"]["identificationModule"]["nctId"]
    assert (first.file, first.row, first.value) == (str(bad), 4, "2011-13")
    assert first.column == "protocolSection.statusModule.startDateStruct.date"
    assert nct in first.rule and "fix the date" in first.rule
    assert (second.row, second.column) == (6, "protocolSection.identificationModule.nctId")
    assert "NCTId" in second.rule
    assert store.counts()["event"] == 0


def paths_of(node, path=()):
    """Every key path of a study (lists: their first item)."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield (*path, name)
            yield from paths_of(value, (*path, name))
    elif isinstance(node, list) and node:
        yield from paths_of(node[0], (*path, 0))


@pytest.mark.parametrize("wrong", [None, "text", 7, [], {}], ids=repr)
def test_a_value_of_the_wrong_type_never_crashes_the_reader(wrong):
    """Every field of a real study replaced by a value of another type in turn: the
    study maps or is rejected with a located problem, nothing else."""
    study = raw_json(SUBSET)[0]
    for path in paths_of(study):
        changed = copy.deepcopy(study)
        node = changed
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = wrong
        mapper = TrialMapper()
        mapper.add(changed, file="x.json", row=1, retrieved=WHEN)
        try:
            mapper.dataset()
        except ImportRejectedError as exc:
            assert all(p.file == "x.json" and p.row == 1 for p in exc.problems), path


def test_a_broken_xml_record_is_rejected_with_its_line(tmp_path):
    cut = tmp_path / "NCT05380726.xml"
    cut.write_text(XML_SMALL.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    with pytest.raises(ImportRejectedError) as caught:
        CONNECTOR.read([cut])
    assert caught.value.problems[0].file == str(cut)
    assert caught.value.problems[0].row is not None


def test_a_start_in_the_future_is_kept_in_the_description_only():
    study = copy.deepcopy(raw_json(SUBSET)[0])
    study["protocolSection"]["statusModule"]["startDateStruct"] = {
        "date": "2099-01",
        "type": "ESTIMATED",
    }
    study["protocolSection"]["statusModule"]["completionDateStruct"] = {"date": "2100-02"}
    mapper = TrialMapper()
    mapper.add(study, file="x", row=1, retrieved=WHEN)
    data = mapper.dataset()
    event = data.events[0]
    assert event.start is None and event.end == PartialDate(2100, 2)
    assert "Start: 2099-01 (estimated)" in event.description
    assert data.notes and "future" in data.notes[-1]


# -- live fetch (offline: MockTransport over pages built from real studies) -------------


def pages_of(studies: list[dict], size: int) -> list[dict]:
    """The studies as API pages of ``size``, each but the last with a nextPageToken."""
    chunks = [studies[i : i + size] for i in range(0, len(studies), size)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        page: dict = {"studies": chunk}
        if number < len(chunks):
            page["nextPageToken"] = f"test-token-page-{number + 1}"
        if number == 1:
            page["totalCount"] = len(studies)
        pages.append(page)
    return pages


class FakeApi:
    """Serves pages by pageToken; ``failures`` are answered first (status, headers, body)."""

    def __init__(self, pages: list[dict], failures: list[tuple[int, dict, bytes]] = ()):
        self.pages = {None: pages[0]} | {
            f"test-token-page-{n}": page for n, page in enumerate(pages[1:], start=2)
        }
        self.failures = list(failures)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert str(request.url).startswith(API_URL)
        if self.failures:
            status, headers, body = self.failures.pop(0)
            return httpx.Response(status, headers=headers, content=body)
        page = self.pages[request.url.params.get("pageToken")]
        return httpx.Response(200, json=page)


def client_for(api: FakeApi, sleeps: list[float] | None = None) -> SourceClient:
    config = SourceConfig(name="clinicaltrials", retries=3, backoff=0.5)
    transport = httpx.MockTransport(api)
    return SourceClient(
        config,
        httpx.Client(transport=transport),
        sleep=(sleeps.append if sleeps is not None else lambda _s: None),
        now=lambda: WHEN,
    )


def test_fetch_follows_the_page_token():
    studies = raw_json(KOY)
    api = FakeApi(pages_of(studies, 10))
    with client_for(api) as client:
        data = CONNECTOR.fetch(client, query={"query.cond": "herniated disc"})
    assert [e.id for e in data.events] == [
        f"ctgov-{s['protocolSection']['identificationModule']['nctId']}" for s in studies
    ]
    first, second = (r.url.params for r in api.requests)
    assert first["query.cond"] == "herniated disc" and first["countTotal"] == "true"
    assert first["format"] == "json" and "pageToken" not in first
    assert second["pageToken"] == "test-token-page-2"
    assert data.counts()["participation"] == expected(KOY)["participation"]
    assert data.sources[0].accessed == PartialDate(2026, 12, 7)


def test_fetch_stops_at_the_limit():
    api = FakeApi(pages_of(raw_json(KOY), 10))
    with client_for(api) as client:
        data = CONNECTOR.fetch(client, limit=5)
    assert len(data.events) == 5
    assert len(api.requests) == 1 and api.requests[0].url.params["pageSize"] == "5"


def test_a_fetch_stopped_at_its_limit_leaves_no_checkpoint(tmp_path):
    api = FakeApi(pages_of(raw_json(KOY), 10))
    config = SourceConfig(name="clinicaltrials", cache_dir=tmp_path)
    with SourceClient(config, httpx.Client(transport=httpx.MockTransport(api))) as client:
        data = CONNECTOR.fetch(client, limit=15, query={"pageSize": "10"})
    assert len(data.events) == 15 and len(api.requests) == 2
    assert not list((tmp_path / "runs").glob("*.jsonl"))


def test_fetch_with_a_fields_subset_asks_for_the_nct_id():
    assert fetch_params({"fields": "BriefTitle,LeadSponsorName"}, None)["fields"] == (
        "BriefTitle,LeadSponsorName,NCTId"
    )
    assert fetch_params({"fields": "NCTId,BriefTitle"}, None)["fields"] == "NCTId,BriefTitle"


def test_fetch_retries_a_server_error():
    api = FakeApi(pages_of(raw_json(KOY), 10), failures=[(500, {}, b"oops")])
    with client_for(api) as client:
        data = CONNECTOR.fetch(client)
    assert len(data.events) == 20 and len(api.requests) == 3


def test_fetch_waits_as_long_as_retry_after_says():
    sleeps: list[float] = []
    api = FakeApi(pages_of(raw_json(KOY), 10), failures=[(429, {"Retry-After": "7"}, b"")])
    with client_for(api, sleeps) as client:
        data = CONNECTOR.fetch(client)
    assert 7.0 in sleeps and len(data.events) == 20


def test_a_truncated_page_raises_and_leaves_the_store_unchanged(store):
    ingest(store, "clinicaltrials", [SUBSET])
    before = store.dataset()
    pages = pages_of(raw_json(KOY), 10)
    body = json.dumps(pages[1]).encode()
    api = FakeApi(pages)
    api.pages["test-token-page-2"] = None

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("pageToken"):
            api.requests.append(request)
            return httpx.Response(200, content=body[: len(body) // 2])
        return api(request)

    config = SourceConfig(name="clinicaltrials", retries=0)
    client = SourceClient(config, httpx.Client(transport=httpx.MockTransport(serve)))
    with pytest.raises(SourceError, match="not JSON"):
        ingest(store, "clinicaltrials", client=client, query={"query.cond": "x"})
    assert store.dataset() == before


@pytest.mark.live  # runs only with BIOREGION_TEST_LIVE=1 (tests/sources/conftest.py)
def test_live_fetch_of_a_few_belgian_trials():  # pragma: no cover - network
    config = SourceConfig(name="clinicaltrials", min_interval=1.2)
    with SourceClient(config) as client:
        data = CONNECTOR.fetch(client, query={"query.locn": "Leuven"}, limit=5)
    assert len(data.events) == 5
