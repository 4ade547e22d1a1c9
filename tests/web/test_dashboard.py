"""The dashboard (web/, built into bioregion/api/static) in a real browser: Playwright
driving Debian's ``chromium`` (never a downloaded browser) against ``bioregion.api``
serving the Belgian dataset on loopback.

Load, filter, timeline (slider and play), actor page, search, downloads and the error
bar; no console error on the way. ``make test`` builds the dashboard first; in CI a
missing build or browser fails instead of skipping.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")
pytest.importorskip("playwright", reason="playwright (a dev dependency) is not installed")

import uvicorn
from playwright.sync_api import Page, sync_playwright

from bioregion import Store
from bioregion.api.app import STATIC, create_app
from bioregion.datasets import load

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"

if not (CHROMIUM.exists() and (STATIC / "index.html").is_file()):
    missing = "Debian's chromium" if not CHROMIUM.exists() else "the built dashboard (make web)"
    if IN_CI:
        pytest.fail(f"CI must run the browser tests: {missing} is missing", pytrace=False)
    pytest.skip(f"needs {missing}", allow_module_level=True)

READY = "() => window.__bioregion && window.__bioregion.ready"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def simulated_effects():
    """A small simulation's effects table: a baseline and one scenario, 20 replicates."""
    from bioregion.simulate import Population, Scenario, ScenarioEvent
    from bioregion.simulate.replicates import Arm, Experiment, effects, run_experiment

    more = Scenario("more-spin-offs", events=(ScenarioEvent(1995, scale={"spinoff_support": 3.0}),))
    arms = (Arm("baseline"), Arm("more-spin-offs", more))
    experiment = Experiment(
        Population(nuts=("BE2",), firms=3, pharma_global=10), 1990, 2010, arms=arms
    )
    return effects(run_experiment(experiment, 20, seed=2))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("web") / "belgium.db"
    with Store.open(path, create=True) as store:
        load("belgium", store)
    port = free_port()
    app = create_app(str(path), scenarios=simulated_effects())
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    opened.problems = []  # type: ignore[attr-defined]
    opened.on("pageerror", lambda exc: opened.problems.append(f"page error: {exc}"))
    opened.on(
        "console",
        lambda m: opened.problems.append(f"console: {m.text}") if m.type == "error" else None,
    )
    opened.goto(server)
    opened.wait_for_function(READY, timeout=30_000)
    yield opened
    context.close()


def state(page: Page) -> dict:
    return page.evaluate("() => window.__bioregion")


def wait_ready(page: Page, condition: str = "true") -> dict:
    page.wait_for_function(f"() => window.__bioregion.ready && ({condition})", timeout=30_000)
    return state(page)


def test_the_network_loads_with_a_legend_and_no_console_error(page: Page):
    loaded = state(page)
    assert loaded["nodes"] > 300 and loaded["edges"] > 500
    legend = page.get_by_test_id("legend").inner_text()
    assert "biotech" in legend.lower() and "pharma" in legend.lower()
    assert page.locator("#network canvas").count() > 0
    assert page.get_by_test_id("error-bar").is_hidden()
    assert page.problems == []


def test_a_filter_narrows_the_network(page: Page):
    everyone = state(page)["nodes"]
    page.get_by_test_id("actor-kind").select_option("biotech_firm")
    firms = wait_ready(page, f"window.__bioregion.nodes < {everyone}")["nodes"]
    assert 0 < firms < everyone
    page.get_by_test_id("region").select_option("wallonia")
    walloon = wait_ready(page, f"window.__bioregion.nodes < {firms}")["nodes"]
    assert 0 < walloon < firms
    assert page.problems == []


def test_the_timeline_replays_the_years(page: Page):
    everyone = state(page)["nodes"]
    page.evaluate(
        """() => { const s = document.getElementById('year-slider');
                   s.value = 2005; s.dispatchEvent(new Event('input')); }"""
    )
    at2005 = wait_ready(page, "window.__bioregion.year === 2005")
    assert 0 < at2005["nodes"] < everyone
    assert "2005" in page.get_by_test_id("year-label").inner_text()
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.__bioregion.year !== null", timeout=30_000)
    first = state(page)["year"]
    page.wait_for_function(f"() => window.__bioregion.year > {first}", timeout=30_000)
    page.get_by_test_id("play").click()  # pause
    assert page.get_by_test_id("play").inner_text() == "Play"
    assert page.problems == []


def test_an_actor_page_shows_its_profile_ties_and_sources(page: Page, server: str):
    page.goto(server + "#/actor/galapagos")
    wait_ready(page, "window.__bioregion.actor === 'galapagos'")
    panel = page.get_by_test_id("actor-panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "Galapagos NV" in text and "Mechelen" in text
    assert panel.locator("a[href^='http']").count() > 20  # its sources
    assert panel.locator("svg").count() >= 1  # ties per year
    assert page.problems == []


def test_an_actor_page_shows_its_business_model_and_measures_over_time(page: Page, server: str):
    page.goto(server + "#/actor/galapagos")
    wait_ready(page, "window.__bioregion.actor === 'galapagos'")
    assert page.get_by_test_id("model-name").inner_text() == "Hybrid (platform and product)"
    evidence = page.get_by_test_id("model-evidence")
    assert evidence.locator("li").count() > 10
    page.get_by_test_id("actor-model").locator("summary").click()  # the evidence opens
    assert "galapagos-gilead-2015-filgotinib" in evidence.inner_text()
    for name in ("degree", "betweenness", "k_core"):
        chart = page.get_by_test_id(f"measure-{name}")
        assert chart.locator("circle").count() > 10, name  # one point per year with ties
    assert "rank" in page.get_by_test_id("actor-measures").inner_text()
    page.goto(server + "#/actor/pfizer")
    wait_ready(page, "window.__bioregion.actor === 'pfizer'")
    assert "No business model" in page.get_by_test_id("actor-model").inner_text()
    assert page.problems == []


def test_search_finds_an_actor(page: Page):
    page.get_by_test_id("search").fill("Ablyn")
    results = page.get_by_test_id("search-results")
    results.locator("li").first.wait_for(timeout=10_000)
    assert "Ablynx" in results.inner_text()
    page.get_by_test_id("search").press("Enter")
    wait_ready(page, "window.__bioregion.actor === 'ablynx'")
    assert "Ablynx" in page.get_by_test_id("actor-panel").inner_text()


def test_downloads_give_the_tables_and_the_network(page: Page, tmp_path: Path):
    page.get_by_test_id("downloads").locator("summary").click()
    with page.expect_download() as done:
        page.get_by_test_id("download-ties").click()
    saved = tmp_path / "ties.csv"
    done.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").startswith("id,kind,source,target,start")
    with page.expect_download() as graph:
        page.get_by_test_id("download-gexf").click()
    graph.value.save_as(tmp_path / "network.gexf")
    assert "<gexf" in (tmp_path / "network.gexf").read_text(encoding="utf-8")


def test_an_api_error_shows_in_the_error_bar(page: Page, server: str):
    page.goto(server + "#/actor/no-such-actor")
    page.get_by_test_id("error-bar").wait_for(state="visible", timeout=10_000)
    assert "no actor with id" in page.get_by_test_id("error-message").inner_text()
    # the only console entry is the browser's own log of the 404
    assert all("404" in p for p in page.problems), page.problems


def test_the_map_shows_regions_and_a_click_filters_the_network(page: Page, server: str):
    everyone = state(page)["nodes"]
    page.get_by_test_id("view-map").click()
    page.wait_for_function(
        "() => window.__bioregion.map && window.__bioregion.map.ready", timeout=60_000
    )
    shown = state(page)["map"]
    assert shown["regions"] >= 5 and shown["links"] >= 5
    legend = page.get_by_test_id("map-legend").inner_text()
    assert any(ch.isdigit() for ch in legend), legend  # the colour steps' values
    # Click inside the province of Antwerp (BE21) where the map draws it (actors hidden:
    # a click on an actor's point opens the actor instead).
    page.get_by_test_id("map-actors").uncheck()
    point = page.evaluate(
        """() => { const m = window.__bioregionMap;
                   const p = m.map.project(m.centroids.get('BE21'));
                   const box = m.map.getCanvas().getBoundingClientRect();
                   return [box.left + p.x, box.top + p.y]; }"""
    )
    page.mouse.click(*point)
    page.wait_for_function(
        "() => document.getElementById('region').value === 'BE21'", timeout=30_000
    )
    # the network view reloads with region=BE21: fewer actors than the whole network
    filtered = wait_ready(
        page, f"window.__bioregion.nodes > 0 && window.__bioregion.nodes < {everyone}"
    )
    assert 0 < filtered["nodes"] < 300
    assert page.problems == []


def test_the_map_places_actors_and_a_click_on_one_opens_it(page: Page, server: str):
    page.goto(server + "#/")
    wait_ready(page)
    page.get_by_test_id("view-map").click()
    page.wait_for_function(
        "() => window.__bioregion.map && window.__bioregion.map.ready", timeout=60_000
    )
    shown = state(page)["map"]
    assert shown["actors"] > 100  # the actors with coordinates or a NUTS region
    assert 0 < shown["actorsByRegion"] < shown["actors"]  # most have coordinates
    page.wait_for_function(
        "() => window.__bioregionMap.map.queryRenderedFeatures({layers: ['actors']}).length > 50",
        timeout=30_000,
    )
    # zoom on Galapagos (Mechelen) and click its point: the actor drawn there opens
    page.evaluate(
        """() => { const m = window.__bioregionMap;
                   const f = m.map.querySourceFeatures('actors')
                     .find((x) => x.properties.id === 'galapagos');
                   m.map.jumpTo({center: f.geometry.coordinates, zoom: 12}); }"""
    )
    page.wait_for_function(
        "() => window.__bioregionMap.map.queryRenderedFeatures({layers: ['actors']}).length > 0"
        " && !window.__bioregionMap.map.isMoving()",
        timeout=30_000,
    )
    x, y, top = page.evaluate(
        """() => { const m = window.__bioregionMap;
                   const c = m.map.getCanvas().getBoundingClientRect();
                   const p = m.map.project(m.map.getCenter());
                   const f = m.map.queryRenderedFeatures(p, {layers: ['actors']});
                   return [c.left + p.x, c.top + p.y, f.length ? f[0].properties.id : null]; }"""
    )
    assert top is not None
    page.mouse.click(x, y)
    wait_ready(page, f"window.__bioregion.actor === {top!r}")
    assert page.get_by_test_id("actor-panel").is_visible()
    assert page.problems == []


def test_the_scenario_page_shows_the_effects_and_their_intervals(page: Page, server: str):
    page.goto(server + "#/indicators/scenarios")
    page.wait_for_function(
        "() => window.__bioregion.indicator && window.__bioregion.indicator.ready"
        " && window.__bioregion.indicator.name === 'scenarios'",
        timeout=60_000,
    )
    table = page.get_by_test_id("indicator-table")
    assert "more-spin-offs" in table.inner_text()
    chart = page.get_by_test_id("indicator-chart")
    assert chart.locator("circle").count() == 3  # firms, alliances, survival: one scenario
    assert "firms founded: more-spin-offs" in chart.text_content()
    assert page.problems == []


def test_the_attachment_logics_page_shows_each_logic_with_its_interval(page: Page, server: str):
    page.goto(server + "#/indicators/attachment_logics")
    page.wait_for_function(
        "() => window.__bioregion.indicator && window.__bioregion.indicator.ready"
        " && window.__bioregion.indicator.name === 'attachment_logics'",
        timeout=60_000,
    )
    table = page.get_by_test_id("indicator-table")
    assert "repeat partnering" in table.inner_text()
    chart = page.get_by_test_id("indicator-chart")
    rows = table.locator("tbody tr").count()
    logics = table.locator("tbody tr", has_text="partner_age").count()
    assert chart.locator("circle").count() == rows - logics  # the control is not drawn
    assert "2000-2009: repeat partnering" in chart.text_content()
    # each period's dominant logic stands out
    assert chart.locator("circle[fill='#c2410c']").count() >= 2
    assert page.problems == []


def test_an_indicator_page_shows_a_table_a_chart_and_links(page: Page, server: str):
    page.goto(server + "#/indicators/preferred_partners")
    page.wait_for_function(
        "() => window.__bioregion.indicator && window.__bioregion.indicator.ready"
        " && window.__bioregion.indicator.name === 'preferred_partners'",
        timeout=60_000,
    )
    shown = state(page)["indicator"]
    assert shown["rows"] > 10
    table = page.get_by_test_id("indicator-table")
    assert table.locator("tbody tr").count() == shown["rows"]
    assert page.get_by_test_id("indicator-chart").locator("rect").count() > 5
    table.locator("a[href='#/actor/galapagos']").first.click()
    wait_ready(page, "window.__bioregion.actor === 'galapagos'")
    assert "Galapagos NV" in page.get_by_test_id("actor-panel").inner_text()
    page.goto(server + "#/indicators/geographic_shares")
    page.wait_for_function(
        "() => window.__bioregion.indicator.ready"
        " && window.__bioregion.indicator.name === 'geographic_shares'",
        timeout=60_000,
    )
    assert page.get_by_test_id("indicator-chart").locator("rect").count() > 10
    assert page.problems == []
