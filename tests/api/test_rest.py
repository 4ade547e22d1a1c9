"""The REST API (bioregion.api) over the Belgian reference dataset, in-process.

Every endpoint answers; lists page without losing or repeating an item; a stale or
foreign cursor is refused; ETags answer 304; errors have one shape; writes need the
token; CORS is closed unless configured; filters and downloads take no SQL or path from
a request. SQLite always, PostgreSQL when BIOREGION_TEST_POSTGRES is set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")

from fastapi.testclient import TestClient

from bioregion import Store
from bioregion.api import create_app
from bioregion.datasets import load

TOKEN = "t" * 24


@pytest.fixture(scope="module")
def belgian_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "belgium.db"
    with Store.open(path, create=True) as store:
        load("belgium", store)
    return path


@pytest.fixture(scope="module")
def client(belgian_db: Path):
    with Store.open(belgian_db) as store, TestClient(create_app(store, static=None)) as c:
        yield c


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "type", "message", "field"}
    assert body["error"]["status"] == response.status_code
    return body["error"]


def test_every_get_endpoint_answers(client):
    found = {
        "actor_id": "galapagos",
        "tie_id": "galapagos-gsk-2005-asthma",
        "event_id": "ablynx-ipo-2007",
        "source_id": "1stonc-2014-iteos-pfizer",
        "name": "degree",
        "table": "actors",
        "fmt": "gexf",
    }
    paths = client.get("/api/openapi.json").json()["paths"]
    walked = 0
    for path, operations in paths.items():
        if "get" not in operations:
            continue
        url = path.replace("/indicators/{name}", "/indicators/preferred_partners")
        for name, value in found.items():
            url = url.replace("{" + name + "}", value)
        assert "{" not in url, path
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        walked += 1
    assert walked >= 15


def test_every_measure_answers(client):
    from bioregion.api.networks import MEASURES

    for name in MEASURES:
        response = client.get(f"/api/measures/{name}?at=2010")
        assert response.status_code == 200, (name, response.text[:300])
        assert response.json()["items"], name


def test_an_actors_measures_over_time_are_its_values_in_each_years_network(
    client, belgian_db: Path
):
    from bioregion.network import TemporalNetwork, betweenness, degree, k_core

    body = client.get("/api/actors/galapagos/measures").json()
    years = body["years"]
    assert years == list(range(years[0], years[-1] + 1))
    with Store.open(belgian_db) as store:
        network = TemporalNetwork.from_store(store)
    checked = 0
    for year in (2000, 2005, 2010, 2015, 2020):
        graph = network.graph(at=year)
        i = years.index(year)
        expected = {
            "degree": degree(graph)["degree"],
            "betweenness": betweenness(graph)["betweenness"],
            "k_core": k_core(graph)["coreness"],
        }
        for name, values in expected.items():
            series = body["measures"][name]
            assert series["values"][i] == pytest.approx(float(values["galapagos"])), (name, year)
            assert series["actors"][i] == graph.vcount()
            assert series["ranks"][i] == 1 + int((values > values["galapagos"]).sum())
            checked += 1
    assert checked == 15
    before = years.index(1995)  # founded 1999: no tie yet
    assert body["measures"]["degree"]["values"][before] is None
    assert client.get("/api/actors/galapagos/measures?name=vibes").status_code == 400
    assert client.get("/api/actors/no-such/measures").status_code == 404


def test_an_nbfs_business_model_is_the_reports_with_its_evidence(client, belgian_db: Path):
    from bioregion.system import business_models

    body = client.get("/api/actors/galapagos/business-model?from=1990&to=2020").json()
    with Store.open(belgian_db) as store:
        table = business_models(store, "flanders", (1990, 2020)).set_index("firm")
    assert body["region"] == "flanders" and body["model"] == table.loc["galapagos", "model"]
    assert body["evidence"] == list(table.loc["galapagos", "evidence"])
    assert body["rule"] == table.loc["galapagos", "rule"]
    wallonia = client.get("/api/actors/iba/business-model").json()
    assert wallonia["region"] == "wallonia" and wallonia["model"] is not None
    partner = client.get("/api/actors/pfizer/business-model").json()
    assert partner["model"] is None and "not located" in partner["reason"]
    assert client.get("/api/actors/galapagos/business-model?from=2020&to=2000").status_code == 400


def test_a_simulations_scenarios_are_an_indicator_and_a_report_section(belgian_db: Path):
    from bioregion.simulate import Population, Scenario, ScenarioEvent
    from bioregion.simulate.replicates import Arm, Experiment, effects, run_experiment

    more = Scenario("more-spin-offs", events=(ScenarioEvent(1995, scale={"spinoff_support": 3.0}),))
    experiment = Experiment(
        Population(nuts=("BE2",), firms=3, pharma_global=10),
        1990,
        2005,
        arms=(Arm("baseline"), Arm("more-spin-offs", more)),
    )
    table = effects(run_experiment(experiment, 10, seed=1))
    with Store.open(belgian_db) as store:
        plain = TestClient(create_app(store, static=None))
        assert "scenarios" not in {i["name"] for i in plain.get("/api/indicators").json()["items"]}
        assert plain.get("/api/indicators/scenarios").status_code == 404
        served = TestClient(create_app(store, static=None, scenarios=table))
        assert "scenarios" in {i["name"] for i in served.get("/api/indicators").json()["items"]}
        body = served.get("/api/indicators/scenarios").json()
        assert len(body["items"]) == len(table) and "ci_low" in body["columns"]
        report = served.get("/api/report?region=flanders&from=1995&to=2010").text
        assert "Policy scenarios (simulation)" in report and "more-spin-offs" in report


def test_meta_counts_the_store(client):
    meta = client.get("/api/meta").json()
    assert meta["counts"]["actor"] > 500 and meta["counts"]["tie"] > 1000
    assert "biotech_firm" in meta["actor_kinds"] and "licence" in meta["tie_kinds"]
    assert meta["writable"] is False
    assert {r["key"] for r in meta["regions"]} >= {"flanders", "wallonia", "brussels"}


def test_pages_cover_a_list_once(client):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 97, "sort": "-founded"}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/actors", params=params).json()
        seen += [a["id"] for a in body["items"]]
        cursor, pages = body["next_cursor"], pages + 1
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == body["total"]
    assert pages == -(-body["total"] // 97)


def test_filters_select_what_they_say(client):
    body = client.get(
        "/api/actors", params={"kind": "biotech_firm", "region": "wallonia", "limit": 1000}
    ).json()
    assert body["total"] > 30
    assert all(a["kind"] == "biotech_firm" and a["nuts"].startswith("BE3") for a in body["items"])
    ties = client.get(
        "/api/ties", params={"actor": "galapagos", "from": "2005", "to": "2008-06", "limit": 1000}
    ).json()["items"]
    assert ties and all("galapagos" in (t["source"], t["target"]) for t in ties)
    assert all("2005" <= t["start"][:7] <= "2008-06" for t in ties)


def test_one_actor_comes_with_its_ties_and_sources(client):
    body = client.get("/api/actors/galapagos").json()
    assert body["actor"]["name"] == "Galapagos NV"
    cited = {s["id"] for s in body["sources"]}
    assert all(set(t["sources"]) <= cited for t in body["ties"])
    assert len(body["ties"]) > 40


def test_actor_detail_served_from_memory_equals_the_stores_records(client, belgian_db: Path):
    """The detail is built from the tables kept per version; it must say what the store's
    record methods say: the same actor, ties (oldest first), participations and sources."""
    with Store.open(belgian_db) as store:
        chosen = ["galapagos", "ablynx", "iba", "vib", "flemish-government", "pfizer"]
        chosen += [a.id for a in store.actors()[::97]]
        for actor_id in chosen:
            body = client.get(f"/api/actors/{actor_id}").json()
            ties = store.ties(actor=actor_id)
            assert body["actor"] == store.actor(actor_id).to_dict(), actor_id
            dated = [t.to_dict() for t in ties if t.start is not None]
            undated = [t.to_dict() for t in ties if t.start is None]
            assert body["ties"] == dated + sorted(undated, key=lambda t: t["id"]), actor_id
            joined = [p.to_dict() for p in store.participations(actor=actor_id)]
            key = lambda p: (p["event"], p["actor"])  # noqa: E731
            assert sorted(body["participations"], key=key) == sorted(joined, key=key), actor_id
            cited = set(store.actor(actor_id).sources).union(*(t.sources for t in ties))
            assert body["sources"] == [s.to_dict() for s in store.sources(sorted(cited))]


def test_errors_have_one_shape(client):
    assert error_of(client.get("/api/actors/no-such-actor"))["type"] == "not_found"
    assert "sort by one of" in error_of(client.get("/api/actors?sort=secret"))["message"]
    assert error_of(client.get("/api/actors?limit=5000"))["field"] == "limit"
    assert error_of(client.get("/api/actors?region=atlantis"))["type"] == "unknown_region"
    assert error_of(client.get("/api/network?at=2010&from=2001&to=2002")).get("status") == 400
    assert error_of(client.get("/api/network?measure=vibes"))["status"] == 400
    assert error_of(client.get("/api/measures/vibes"))["status"] == 404
    assert (
        "from='next-year' is not a date"
        in error_of(client.get("/api/ties?from=next-year"))["message"]
    )
    assert error_of(client.get("/api/network?at=soon"))["status"] == 400


def test_a_foreign_cursor_is_refused(client):
    first = client.get("/api/actors", params={"limit": 5}).json()
    other = client.get(
        "/api/actors", params={"limit": 5, "kind": "pharma", "cursor": first["next_cursor"]}
    )
    assert error_of(other)["type"] == "bad_cursor"
    assert error_of(client.get("/api/actors?cursor=not-ours"))["type"] == "bad_cursor"


def test_etags_answer_304(client):
    first = client.get("/api/ties?limit=3")
    tag = first.headers["etag"]
    again = client.get("/api/ties?limit=3", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag
    assert client.get("/api/ties?limit=4", headers={"If-None-Match": tag}).status_code == 200


def test_injection_through_filters_finds_nothing(client):
    for text in ("' OR '1'='1", "galapagos'; DROP TABLE actors; --", "%", "_"):
        for url, params in (
            ("/api/actors", {"q": text}),
            ("/api/actors", {"kind": text}),
            ("/api/ties", {"actor": text}),
            ("/api/sources", {"publisher": text}),
        ):
            response = client.get(url, params=params)
            assert response.status_code == 200
            assert response.json()["total"] == 0, (url, params)
    assert client.get("/api/meta").json()["counts"]["actor"] > 500


def test_downloads_take_no_path_from_the_request(client):
    for url in (
        "/api/download/..%2F..%2Fetc%2Fpasswd.csv",
        "/api/download/../../pyproject.toml",
        "/api/download/network.gexf%00.csv",
        "/api/download/network.exe",
        "/api/download/secrets.csv",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "root:" not in response.text
    table = client.get("/api/download/ties.csv")
    assert table.headers["content-type"].startswith("text/csv")
    assert table.text.splitlines()[0].startswith("id,kind,source,target,start")
    graph = client.get("/api/download/network.graphml?at=2010")
    assert graph.status_code == 200 and "<graphml" in graph.text


def test_network_columns_and_stable_positions(client):
    early = client.get("/api/network", params={"at": 2005, "region": "flanders"}).json()
    late = client.get("/api/network", params={"at": 2015, "region": "flanders"}).json()
    for body in (early, late):
        nodes, edges = body["nodes"], body["edges"]
        n = len(nodes["id"])
        assert n > 10 and all(len(v) == n for v in nodes.values())
        assert max(edges["source"] + edges["target"]) < n
        assert all(-1.0 <= v <= 1.0 for v in nodes["x"] + nodes["y"])
    place = {
        i: (x, y) for i, x, y in zip(*(late["nodes"][k] for k in ("id", "x", "y")), strict=True)
    }
    shared = [i for i in early["nodes"]["id"] if i in place]
    assert shared
    for i, x, y in zip(*(early["nodes"][k] for k in ("id", "x", "y")), strict=True):
        if i in place:
            assert place[i] == (x, y)
    years = client.get("/api/network/years").json()
    assert len(years["years"]) == len(years["ties"]) == len(years["actors"])


def test_the_map_endpoints_give_boundaries_and_flows(client):
    geo = client.get("/api/regions/geo", params={"level": 2, "country": "BE"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    codes = {f["properties"]["NUTS_ID"] for f in geo.json()["features"]}
    assert len(codes) == 11 and "BE24" in codes and "BE10" in codes
    assert error_of(client.get("/api/regions/geo?country=../etc"))["status"] == 400
    flows = client.get("/api/regions/flows", params={"level": 1, "at": 2015}).json()
    regions = {r["nuts"]: r for r in flows["regions"]}
    assert regions["BE2"]["actors"] > 20 and regions["BE3"]["actors"] > 20
    assert regions["BE2"]["ties_internal"] > 0 and regions["BE2"]["ties_external"] > 0
    pair = [link for link in flows["links"] if {link["source"], link["target"]} == {"BE2", "BE3"}]
    assert pair and pair[0]["ties"] > 0
    assert all(link["source"] < link["target"] for link in flows["links"])


def test_indicators_give_the_report_tables(client):
    names = [i["name"] for i in client.get("/api/indicators").json()["items"]]
    assert "preferred_partners" in names and "geographic_shares" in names
    for name in names:
        body = client.get(f"/api/indicators/{name}", params={"from": 1995, "to": 2015}).json()
        assert body["items"], name
        assert set(body["items"][0]) == set(body["columns"]), name
    ranking = client.get("/api/indicators/preferred_partners").json()["items"]
    assert ranking[0]["firm"] and any(r["firm"] == "galapagos" for r in ranking)
    exits = client.get("/api/indicators/exits").json()
    assert exits["columns"][0] == "exit" and all(r["exit"] for r in exits["items"])
    assert error_of(client.get("/api/indicators/vibes"))["status"] == 404
    assert error_of(client.get("/api/indicators/exits?from=2010&to=2000"))["status"] == 400


def test_the_report_is_served(client):
    page = client.get("/api/report", params={"region": "wallonia", "from": 1995, "to": 2015})
    assert page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text[:500].lower() and "Wallonia" in page.text
    assert error_of(client.get("/api/report?region=atlantis"))["type"] == "unknown_region"


def test_a_measure_ranks_actors(client):
    items = client.get("/api/measures/betweenness", params={"at": 2010}).json()["items"]
    values = [i["value"] for i in items]
    assert values == sorted(values, reverse=True) and values[0] > 0


def test_cors_is_closed_unless_configured(belgian_db):
    origin = {"Origin": "https://evil.example"}
    with Store.open(belgian_db) as store:
        closed = TestClient(create_app(store, static=None))
        assert "access-control-allow-origin" not in closed.get("/api/meta", headers=origin).headers
        opened = TestClient(
            create_app(store, static=None, cors_origins=["https://analyst.example"])
        )
        allowed = opened.get("/api/meta", headers={"Origin": "https://analyst.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
        assert "access-control-allow-origin" not in opened.get("/api/meta", headers=origin).headers


def test_writes_need_the_token(tmp_path: Path, store_target: str):
    with Store.open(store_target, create=True) as store:
        load("belgium", store)
        merge = store.merge_actors(
            "galapagos", "ablynx", probability=0.8, evidence={}, decision="pending", label="t"
        )
        read_only = TestClient(create_app(store, static=None))
        assert error_of(read_only.post(f"/api/merges/{merge.id}/reject"))["status"] == 403
        writable = TestClient(create_app(store, static=None, token=TOKEN))
        assert error_of(writable.post(f"/api/merges/{merge.id}/reject"))["status"] == 401
        wrong = {"Authorization": "Bearer " + "x" * 24}
        assert (
            error_of(writable.post(f"/api/merges/{merge.id}/reject", headers=wrong))["status"]
            == 401
        )
        version = writable.get("/api/meta").json()["version"]
        cursor = writable.get("/api/actors?limit=5").json()["next_cursor"]
        good = {"Authorization": f"Bearer {TOKEN}"}
        done = writable.post(f"/api/merges/{merge.id}/reject", headers=good)
        assert done.status_code == 200 and done.json()["merge"]["status"] == "rejected"
        assert writable.get("/api/meta").json()["version"] != version
        # A cursor given before the write no longer pages a list that may have changed.
        assert error_of(writable.get(f"/api/actors?limit=5&cursor={cursor}"))["status"] == 410
        assert writable.get("/api/actors/ablynx").status_code == 200


def test_serve_refuses_a_short_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from typer.testing import CliRunner

    from bioregion.cli import app

    monkeypatch.setenv("BIOREGION_API_TOKEN", "short")
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "at least 16 characters" in result.output
