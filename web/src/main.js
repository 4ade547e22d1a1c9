// The bioregion dashboard: network view with filters and a timeline, actor pages,
// downloads, and a map of regions. State lives here; API calls in api.js, the graph in
// graph.js, the WebGL view in view.js, actor pages in actor.js, the map in map.js,
// indicator pages in indicators.js.
import "./style.css";
import { ApiError, apiUrl, getAll, getJSON } from "./api.js";
import { buildGraph, kindColor, kindLabel, syntheticNetwork } from "./graph.js";
import { NetworkView } from "./view.js";
import { h, renameLinks, renderActor, renderMeasures, renderModel } from "./actor.js";
import { renderIndicator, renderIndicatorList } from "./indicators.js";

const $ = (id) => document.getElementById(id);
const FRAME_MS = 700; // one year per FRAME_MS when playing
const CACHE_SIZE = 120;

const state = {
  meta: null,
  actorKind: "",
  tieKind: "",
  region: "",
  measure: "degree",
  mode: "all", // all | at | window
  year: null,
  from: null,
  to: null,
  isolates: false,
  playing: false,
  years: [], // years the timeline replays
  actor: null, // the actor page open, if any
  view: "network", // network | map | indicators
  mapMeasure: "actors",
  mapLinks: true,
  mapActors: true,
};
const names = new Map(); // actor id -> name, from every network loaded
let searchIndex = []; // [lower-cased label, id, label, kind]
let loadToken = 0;
let controller = null;
let allNamesLoaded = null;
window.__bioregion = { ready: false, nodes: 0, edges: 0, year: null };

// ---------- errors ----------

let errorSource = null;
function showError(error, source = "app") {
  if (error && error.name === "AbortError") return;
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  $("error-message").textContent = message;
  $("error-bar").hidden = false;
  errorSource = source;
}
function clearError(source) {
  if (source && errorSource !== source) return;
  $("error-bar").hidden = true;
  errorSource = null;
}
$("error-close").addEventListener("click", () => clearError());
window.addEventListener("error", (event) => showError(event.error || event.message));
window.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  showError(event.reason);
});

// ---------- the network ----------

const view = new NetworkView($("network"), {
  onClickNode: (node) => { location.hash = `#/actor/${encodeURIComponent(node)}`; },
  onClickStage: () => { if (state.actor) location.hash = "#/"; },
});

function periodParams() {
  if (state.mode === "at" && state.year != null) return { at: state.year };
  if (state.mode === "window" && state.from != null && state.to != null) return { from: state.from, to: state.to };
  return {};
}

function filterParams() {
  return { actor_kind: state.actorKind, tie_kind: state.tieKind, region: state.region };
}

const cache = new Map(); // url -> promise of the JSON body
function cached(path, params, signal) {
  const url = apiUrl(path, params);
  if (cache.has(url)) {
    const hit = cache.get(url);
    cache.delete(url); // most recently used last
    cache.set(url, hit);
    return hit;
  }
  const promise = getJSON(path, params, { signal });
  cache.set(url, promise);
  promise.catch(() => cache.delete(url));
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  return promise;
}
const cachedNetwork = (params, signal) => cached("network", params, signal);

function networkParams(period = periodParams()) {
  return { ...period, ...filterParams(), measure: state.measure, isolates: state.isolates ? "true" : "" };
}

function setReady(extra = {}) {
  window.__bioregion = {
    ready: true,
    nodes: view.graph.order,
    edges: view.graph.size,
    year: state.mode === "at" ? state.year : null,
    actor: state.actor,
    map: window.__bioregion.map,
    indicator: window.__bioregion.indicator,
    ...extra,
  };
}

/** Fetch the network for the current controls and show it. */
async function loadNetwork() {
  const token = ++loadToken;
  if (state.mode === "synthetic") setMode($("period-mode").value);
  window.__bioregion = { ...window.__bioregion, ready: false };
  $("status").textContent = "Loading…";
  updateDownloads();
  if (controller && !state.playing) controller.abort();
  controller = new AbortController();
  const params = networkParams();
  networkStale = false;
  try {
    // a timeline frame may come from the cache: do not abort what others share
    const body = await cachedNetwork(params, state.playing ? undefined : controller.signal);
    if (token !== loadToken) return;
    show(body);
    clearError("network");
  } catch (error) {
    if (error.name === "AbortError" || token !== loadToken) return;
    cache.delete(apiUrl("network", params));
    showError(error, "network");
    $("status").textContent = "";
    setReady({ error: error.message });
    throw error;
  }
}

function show(body) {
  const t0 = performance.now();
  const graph = buildGraph(body);
  const t1 = performance.now();
  view.setGraph(graph);
  const t2 = performance.now();
  for (let i = 0; i < body.nodes.id.length; i += 1) names.set(body.nodes.id[i], body.nodes.label[i]);
  searchIndex = body.nodes.id.map((id, i) => [String(body.nodes.label[i]).toLowerCase(), id, body.nodes.label[i], body.nodes.kind[i]]);
  updateLegend(body.nodes.kind);
  updateTimelineLabel();
  $("status").textContent = "";
  setReady({ buildMs: Math.round(t1 - t0), renderMs: Math.round(t2 - t1) });
}

// ---------- legend, labels, downloads ----------

function updateLegend(kinds) {
  const counts = new Map();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) || 0) + 1);
  const known = state.meta ? state.meta.actor_kinds : [];
  const all = [...new Set([...known, ...counts.keys()])];
  $("legend").replaceChildren(
    h("div", { class: "legend-title" }, "Actor kinds"),
    ...all.map((kind) => h("button", {
      type: "button",
      class: `legend-item${state.actorKind === kind ? " active" : ""}${counts.get(kind) ? "" : " empty"}`,
      "data-kind": kind,
      "data-testid": "legend-item",
      title: state.actorKind === kind ? "Show every kind" : `Show only ${kindLabel(kind)}`,
      onclick: () => {
        state.actorKind = state.actorKind === kind ? "" : kind;
        $("actor-kind").value = state.actorKind;
        filtersChanged();
      },
    }, h("span", { class: "swatch", style: `background:${kindColor(kind)}` }), kindLabel(kind),
    h("span", { class: "count" }, String(counts.get(kind) || 0)))),
  );
}

// ---------- the map ----------

let mapView = null; // created when first shown, so that it gets its size
let mapLoading = null;
let mapToken = 0;
let networkStale = true; // the filters changed while the map was shown

function flowsParams(period = periodParams()) {
  return { level: 2, ...period, tie_kind: state.tieKind, actor_kind: state.actorKind };
}

function onClickRegion(code, name) {
  if (![...$("region").options].some((o) => o.value === code)) {
    $("region").append(h("option", { value: code }, `${name} (${code})`));
  }
  $("region").value = code;
  state.region = code;
  networkStale = true;
  view.resetCamera(); // frame the whole network of the region
  location.hash = "#/";
}

/** The map view; MapLibre is loaded (a chunk of its own) when the map is first shown. */
function ensureMap() {
  if (!mapLoading) {
    mapLoading = import("./map.js").then(({ RegionMap }) => {
      mapView = new RegionMap($("map"), {
        onClickRegion,
        onClickActor: (id) => { location.hash = `#/actor/${encodeURIComponent(id)}`; },
      });
      window.__bioregionMap = mapView; // for browser tests: the MapLibre map, centroids
      return mapView;
    });
    mapLoading.catch(() => { mapLoading = null; });
  }
  return mapLoading;
}

let actorsLoaded = null; // every actor (id, name, kind, place, founded, ended), once
function mapActors() {
  if (!actorsLoaded) {
    actorsLoaded = getAll("actors", {}, { limit: 1000, maxPages: 50 }).catch((error) => {
      actorsLoaded = null;
      throw error;
    });
  }
  return actorsLoaded;
}

/** The actors of the map's period and actor kind: founded by its end (or undated) and
 * not ended before its start. */
function actorsInView(actors) {
  const year = (date) => (date ? Number(String(date).slice(0, 4)) : null);
  let first = -Infinity;
  let last = Infinity;
  if (state.mode === "at" && state.year != null) first = last = state.year;
  if (state.mode === "window" && state.from != null) { first = state.from; last = state.to; }
  return actors.filter((a) => {
    if (state.actorKind && a.kind !== state.actorKind) return false;
    const founded = year(a.founded);
    const ended = year(a.ended);
    return (founded == null || founded <= last) && (ended == null || ended >= first);
  });
}

/** Fetch the region flows for the current controls and show them on the map. */
async function loadMap() {
  const token = ++mapToken;
  window.__bioregion = { ...window.__bioregion, map: { ...window.__bioregion.map, ready: false } };
  $("status").textContent = "Loading…";
  updateDownloads();
  const params = flowsParams();
  try {
    const flowsLoaded = cached("regions/flows", params);
    const map = await ensureMap();
    const [flows, actors] = await Promise.all([flowsLoaded, mapActors(), map.ready]);
    if (token !== mapToken) return;
    const t0 = performance.now();
    const shown = map.show(flows, state.mapMeasure, state.mapLinks);
    const placed = map.showActors(actorsInView(actors), state.mapActors);
    updateMapLegend(shown);
    $("year-label").textContent = periodLabel();
    $("counts").textContent = `${shown.regions} regions · ${shown.links} links · ${placed.exact + placed.byRegion} actors`;
    $("status").textContent = "";
    clearError("map");
    window.__bioregion = { ...window.__bioregion, map: { ready: true, regions: shown.regions, links: shown.links,
      actors: placed.exact + placed.byRegion, actorsByRegion: placed.byRegion,
      measure: state.mapMeasure, year: state.mode === "at" ? state.year : null, renderMs: Math.round(performance.now() - t0) } };
  } catch (error) {
    if (token !== mapToken) return;
    cache.delete(apiUrl("regions/flows", params));
    showError(error, "map");
    $("status").textContent = "";
    window.__bioregion = { ...window.__bioregion, map: { ready: true, regions: 0, links: 0, measure: state.mapMeasure, error: error.message } };
    throw error;
  }
}

function updateMapLegend({ breaks, max, format, colors }) {
  const items = max > 0
    ? breaks.map((upper, i) => h("div", { class: "legend-item" },
      h("span", { class: "swatch square", style: `background:${colors[i]}` }),
      `${i ? format(breaks[i - 1]) : format(0)} – ${format(upper)}`))
    : [h("div", { class: "muted" }, "No region has a value in this period")];
  $("map-legend").replaceChildren(
    h("div", { class: "legend-title" }, $("map-measure").selectedOptions[0].textContent),
    ...items,
    h("div", { class: "legend-item" }, h("span", { class: "swatch square", style: "background:#f1f2f4" }), "no data"),
    h("div", { class: "legend-note" }, "Purple outline and label: the share of ties inside the region (thicker: larger). Arcs: ties between regions (width: count)."),
  );
}

/** The loader of the view shown. */
function load() {
  if (state.view === "map") {
    networkStale = true;
    return loadMap();
  }
  return loadNetwork();
}

function setView(name) {
  if (name === state.view) return;
  state.view = name;
  const onMap = name === "map";
  document.body.classList.toggle("view-map", onMap);
  document.body.classList.toggle("view-indicators", name === "indicators");
  $("network").hidden = name !== "network";
  $("map").hidden = !onMap;
  $("indicators").hidden = name !== "indicators";
  for (const other of ["network", "map", "indicators"]) {
    $(`view-${other}`).classList.toggle("active", other === name);
    $(`view-${other}`).setAttribute("aria-selected", String(other === name));
  }
  if (name === "indicators") {
    pause();
  } else if (onMap) {
    if (mapView) mapView.resize();
    run(loadMap());
  } else if (networkStale) {
    filtersChanged();
  } else {
    updateTimelineLabel();
  }
}

$("view-network").addEventListener("click", () => { location.hash = "#/"; });
$("view-map").addEventListener("click", () => { location.hash = "#/map"; });
$("view-indicators").addEventListener("click", () => {
  location.hash = indicators.name ? `#/indicators/${encodeURIComponent(indicators.name)}` : "#/indicators";
});
$("map-measure").addEventListener("change", (e) => { state.mapMeasure = e.target.value; run(loadMap()); });
$("map-actors").addEventListener("change", (e) => {
  state.mapActors = e.target.checked;
  if (mapView) mapView.setActorsShown(state.mapActors);
});
$("map-links").addEventListener("change", (e) => {
  state.mapLinks = e.target.checked;
  if (mapView) mapView.setLinksShown(state.mapLinks);
});

function periodLabel() {
  let label = "All time";
  if (state.mode === "at") label = String(state.year);
  if (state.mode === "window") label = `${state.from}–${state.to}`;
  if (state.mode === "synthetic") label = "Synthetic";
  return label;
}

function updateTimelineLabel() {
  $("year-label").textContent = periodLabel();
  $("counts").textContent = `${view.graph.order.toLocaleString()} actors · ${view.graph.size.toLocaleString()} links`;
}

function updateDownloads() {
  for (const link of document.querySelectorAll("#downloads a[data-table]")) {
    link.href = apiUrl(`download/${link.dataset.table}.csv`);
  }
  for (const link of document.querySelectorAll("#downloads a[data-format]")) {
    link.href = apiUrl(`download/network.${link.dataset.format}`, { ...periodParams(), ...filterParams() });
  }
}

// ---------- controls ----------

function fillSelect(select, values, label = (v) => v) {
  select.append(...values.map((v) => h("option", { value: v }, label(v))));
}

async function loadYears() {
  const body = await getJSON("network/years", filterParams());
  state.years = body.years;
  const slider = $("year-slider");
  if (!body.years.length) {
    slider.disabled = true;
    $("play").disabled = true;
    return;
  }
  slider.disabled = false;
  $("play").disabled = false;
  slider.min = body.years[0];
  slider.max = body.years[body.years.length - 1];
  if (state.year == null) state.year = Number(slider.max);
  state.year = Math.min(Math.max(state.year, Number(slider.min)), Number(slider.max));
  slider.value = state.year;
  // the first year with a tie, so that Play does not replay empty years
  const firstBusy = body.years.find((y, i) => body.actors[i] > 0);
  state.firstYear = firstBusy ?? body.years[0];
}

function run(promise) {
  promise.catch((error) => showError(error));
}

function filtersChanged() {
  run(loadYears().then(load));
}

function setMode(mode) {
  state.mode = mode;
  $("period-mode").value = mode;
  $("period-window").hidden = mode !== "window";
}

$("actor-kind").addEventListener("change", (e) => { state.actorKind = e.target.value; filtersChanged(); });
$("tie-kind").addEventListener("change", (e) => { state.tieKind = e.target.value; filtersChanged(); });
$("region").addEventListener("change", (e) => { state.region = e.target.value; filtersChanged(); });
$("measure").addEventListener("change", (e) => { state.measure = e.target.value; run(load()); });
$("isolates").addEventListener("change", (e) => { state.isolates = e.target.checked; run(load()); });
$("period-mode").addEventListener("change", (e) => {
  pause();
  setMode(e.target.value);
  if (state.mode === "window" && (state.from == null || state.to == null)) {
    state.to = state.year ?? Number($("year-slider").max);
    state.from = state.to - 4;
    $("period-from").value = state.from;
    $("period-to").value = state.to;
  }
  run(load());
});
for (const id of ["period-from", "period-to"]) {
  $(id).addEventListener("change", () => {
    const from = parseInt($("period-from").value, 10);
    const to = parseInt($("period-to").value, 10);
    if (Number.isNaN(from) || Number.isNaN(to)) return showError("Give both years of the period (from and to).");
    if (from > to) return showError("The period's first year comes after its last.");
    state.from = from;
    state.to = to;
    run(load());
  });
}
$("year-slider").addEventListener("input", (e) => {
  pause();
  setMode("at");
  state.year = Number(e.target.value);
  run(load());
});

// ---------- timeline ----------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function pause() {
  state.playing = false;
  $("play").textContent = "Play";
  $("play").setAttribute("aria-pressed", "false");
}

async function play() {
  if (!state.years.length) return;
  const last = state.years[state.years.length - 1];
  state.playing = true;
  $("play").textContent = "Pause";
  $("play").setAttribute("aria-pressed", "true");
  if (state.mode !== "at" || state.year >= last) state.year = state.firstYear;
  setMode("at");
  try {
    while (state.playing) {
      const started = performance.now();
      $("year-slider").value = state.year;
      if (state.year < last) { // prefetch the next frame
        const next = { at: state.year + 1 };
        const ahead = state.view === "map" ? cached("regions/flows", flowsParams(next)) : cachedNetwork(networkParams(next));
        ahead.catch(() => {});
      }
      await load();
      if (state.year >= last) break;
      await sleep(Math.max(0, FRAME_MS - (performance.now() - started)));
      if (!state.playing) break;
      state.year += 1;
    }
  } finally {
    pause();
  }
}

$("fit").addEventListener("click", () => (state.view === "map" ? mapView && mapView.fit() : view.resetCamera()));
$("play").addEventListener("click", () => (state.playing ? pause() : run(play())));

// ---------- search ----------

let suggestions = [];
let active = -1;

function suggest(text) {
  const query = text.trim().toLowerCase();
  if (!query) return [];
  const prefix = [];
  const inside = [];
  for (const entry of searchIndex) {
    const at = entry[0].indexOf(query);
    if (at === 0) prefix.push(entry);
    else if (at > 0 && inside.length < 50) inside.push(entry);
    if (prefix.length >= 12) break;
  }
  return [...prefix, ...inside].slice(0, 12);
}

function renderSuggestions() {
  const list = $("search-results");
  list.replaceChildren(...suggestions.map(([, id, label, kind], i) => h("li", {
    role: "option",
    class: i === active ? "active" : "",
    "aria-selected": i === active ? "true" : "false",
    "data-testid": "search-result",
    "data-id": id,
    onmousedown: (e) => { e.preventDefault(); choose(id); },
  }, h("span", { class: "swatch", style: `background:${kindColor(kind)}` }), label)));
  if (!suggestions.length && $("search").value.trim()) {
    list.append(h("li", { class: "muted" }, "No actor of this network matches"));
  }
  list.hidden = !$("search").value.trim();
}

function choose(id) {
  $("search").value = names.get(id) || id;
  $("search-results").hidden = true;
  view.select(id);
  view.focusNode(id);
  location.hash = `#/actor/${encodeURIComponent(id)}`;
}

$("search").addEventListener("input", (e) => {
  suggestions = suggest(e.target.value);
  active = suggestions.length ? 0 : -1;
  renderSuggestions();
});
$("search").addEventListener("keydown", (e) => {
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    if (!suggestions.length) return;
    active = (active + (e.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length;
    renderSuggestions();
  } else if (e.key === "Enter") {
    if (active >= 0 && suggestions[active]) choose(suggestions[active][1]);
  } else if (e.key === "Escape") {
    $("search-results").hidden = true;
  }
});
$("search").addEventListener("blur", () => { $("search-results").hidden = true; });
$("search").addEventListener("focus", (e) => { if (e.target.value.trim()) renderSuggestions(); });

// ---------- indicators ----------

const indicators = { list: null, name: null, region: "", from: 1987, to: null, chartColumn: null };
let indicatorToken = 0;

function setIndicatorReady(name, rows, error) {
  setReady({ indicator: { ready: true, name, rows, ...(error ? { error } : {}) } });
}

/** Show the indicator list and, for #/indicators/<name>, that indicator's page. */
async function loadIndicator(name) {
  const token = ++indicatorToken;
  const page = $("indicator-page");
  indicators.name = name;
  window.__bioregion = { ...window.__bioregion, indicator: { ready: false, name, rows: 0 } };
  try {
    if (!indicators.list) {
      indicators.list = cached("indicators", {}).then((body) => body.items);
      indicators.list.catch(() => { indicators.list = null; });
    }
    const list = await indicators.list;
    if (token !== indicatorToken) return;
    renderIndicatorList($("indicator-list"), list, name);
    if (!name) {
      page.replaceChildren(h("p", { class: "muted" }, "Choose an indicator."));
      setIndicatorReady(null, 0);
      return;
    }
    page.replaceChildren(h("p", { class: "muted" }, "Loading…"));
    const params = { region: indicators.region, from: indicators.from, to: indicators.to };
    const body = await cached(`indicators/${encodeURIComponent(name)}`, params);
    if (token !== indicatorToken) return;
    const answers = (list.find((item) => item.name === name) || {}).answers;
    renderIndicator(page, body, { answers, state: indicators });
    clearError("indicator");
    setIndicatorReady(name, body.items.length);
  } catch (error) {
    if (token !== indicatorToken) return;
    page.replaceChildren(h("p", { class: "muted", "data-testid": "indicator-error" }, error.message));
    showError(error, "indicator");
    setIndicatorReady(name, 0, error.message);
  }
}

$("indicator-region").addEventListener("change", (e) => { indicators.region = e.target.value; run(loadIndicator(indicators.name)); });
for (const id of ["indicator-from", "indicator-to"]) {
  $(id).addEventListener("change", () => {
    const from = parseInt($("indicator-from").value, 10);
    const to = parseInt($("indicator-to").value, 10);
    if (Number.isNaN(from) || Number.isNaN(to)) return showError("Give both years of the period (from and to).", "indicator");
    if (from > to) return showError("The period's first year comes after its last.", "indicator");
    Object.assign(indicators, { from, to });
    run(loadIndicator(indicators.name));
  });
}

// ---------- routes ----------

let actorToken = 0;
async function route() {
  const match = /^#\/actor\/(.+)$/.exec(location.hash);
  const panel = $("actor-panel");
  const indicatorMatch = /^#\/indicators(?:\/(.+))?$/.exec(location.hash);
  setView(location.hash === "#/map" ? "map" : indicatorMatch ? "indicators" : "network");
  if (state.view === "indicators") {
    state.actor = null;
    panel.hidden = true;
    document.body.classList.remove("with-actor");
    return loadIndicator(indicatorMatch[1] ? decodeURIComponent(indicatorMatch[1]) : null);
  }
  if (state.view === "map") {
    state.actor = null;
    panel.hidden = true;
    document.body.classList.remove("with-actor");
    return;
  }
  if (!match) {
    state.actor = null;
    panel.hidden = true;
    document.body.classList.remove("with-actor");
    view.select(null);
    view.renderer.resize();
    view.renderer.refresh();
    setReady();
    return;
  }
  const id = decodeURIComponent(match[1]);
  const token = ++actorToken;
  state.actor = id;
  view.select(id);
  panel.hidden = false;
  document.body.classList.add("with-actor");
  view.renderer.resize();
  view.renderer.refresh();
  panel.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  window.__bioregion = { ...window.__bioregion, ready: false, actor: id };
  try {
    const body = await getJSON(`actors/${encodeURIComponent(id)}`);
    if (token !== actorToken) return;
    renderActor(panel, body, names);
    panel.scrollTop = 0;
    clearError("actor");
    const path = `actors/${encodeURIComponent(id)}`;
    const [measures, model] = await Promise.all([
      getJSON(`${path}/measures`).catch((error) => ({ error })),
      getJSON(`${path}/business-model`).catch((error) => ({ error })),
    ]);
    if (token !== actorToken) return;
    const failed = (section, error) => section.replaceChildren(h("p", { class: "muted" }, error.message));
    const modelBox = panel.querySelector("#actor-model");
    const measuresBox = panel.querySelector("#actor-measures");
    if (model.error) failed(modelBox, model.error); else renderModel(modelBox, model, body.ties);
    if (measures.error) failed(measuresBox, measures.error); else renderMeasures(measuresBox, measures);
    setReady();
    if (!allNamesLoaded) {
      allNamesLoaded = getAll("actors", {}, { limit: 1000, maxPages: 20 }).then((items) => {
        for (const item of items) names.set(item.id, item.name);
      });
    }
    allNamesLoaded.then(() => renameLinks(panel, names)).catch(() => { allNamesLoaded = null; });
  } catch (error) {
    if (token !== actorToken) return;
    panel.replaceChildren(
      h("div", { class: "panel-head" }, h("h2", {}, id),
        h("button", { id: "actor-close", "data-testid": "actor-close", type: "button", onclick: () => { location.hash = "#/"; } }, "×")),
      h("p", { class: "muted" }, error.message));
    showError(error, "actor");
    setReady({ error: error.message });
  }
}
window.addEventListener("hashchange", () => run(route()));

// ---------- big graphs ----------

/** Render a random graph of n nodes and m edges; returns the timings in ms. */
async function synthetic(n = 50000, m = 2 * n) {
  pause();
  const t0 = performance.now();
  const body = syntheticNetwork(n, m);
  const t1 = performance.now();
  view.resetCamera();
  state.mode = "synthetic";
  show(body);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const t2 = performance.now();
  const timings = { nodes: view.graph.order, edges: view.graph.size, generateMs: Math.round(t1 - t0),
    buildMs: window.__bioregion.buildMs, renderMs: window.__bioregion.renderMs, firstFrameMs: Math.round(t2 - t1) };
  $("status").textContent = `synthetic: ${timings.nodes} nodes, ${timings.edges} edges, shown in ${timings.firstFrameMs} ms`;
  window.__bioregion = { ...window.__bioregion, synthetic: timings };
  return timings;
}
window.__bioregionSynthetic = synthetic;
window.__bioregionView = view; // for browser tests: renderer, graph, focus

// ---------- start ----------

async function start() {
  updateDownloads();
  const meta = await getJSON("meta");
  state.meta = meta;
  fillSelect($("actor-kind"), meta.actor_kinds, kindLabel);
  fillSelect($("tie-kind"), meta.tie_kinds, kindLabel);
  $("region").append(...meta.regions.map((r) => h("option", { value: r.key }, r.name)));
  if (meta.years) {
    $("period-from").min = $("period-to").min = meta.years[0];
    $("period-from").max = $("period-to").max = meta.years[1];
    $("indicator-from").min = $("indicator-to").min = meta.years[0];
    $("indicator-from").max = $("indicator-to").max = meta.years[meta.years.length - 1];
  }
  $("indicator-region").append(...meta.regions.map((r) => h("option", { value: r.key }, r.name)));
  indicators.region = meta.regions.length ? meta.regions[0].key : "";
  indicators.to = meta.years ? meta.years[meta.years.length - 1] : new Date().getFullYear();
  $("indicator-from").value = indicators.from;
  $("indicator-to").value = indicators.to;
  await loadYears();
  const wanted = Number(new URLSearchParams(location.search).get("synthetic"));
  if (wanted > 0) {
    await synthetic(wanted, Number(new URLSearchParams(location.search).get("edges")) || 2 * wanted);
  } else if (location.hash !== "#/map" && !location.hash.startsWith("#/indicators")) {
    await loadNetwork();
  }
  await route();
}

start().catch((error) => {
  showError(error);
  setReady({ error: error.message });
});
