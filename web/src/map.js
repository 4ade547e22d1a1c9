// The map view: MapLibre GL over GeoJSON from the API, no tile source. NUTS 2 regions
// coloured by a measure of /api/regions/flows, country outlines on top, arcs between
// region centroids for the ties between regions, and a label per region with its share
// of internal ties; the actors as points, where their coordinates place them (else at
// their region's centroid, spread a little), coloured by kind.
import { Map as MapLibre, Marker, setWorkerUrl } from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { getJSON } from "./api.js";
import { h } from "./actor.js";
import { kindColor } from "./graph.js";

setWorkerUrl(workerUrl); // the bundled worker, served with the app

const COLORS = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
const NO_DATA = "#f1f2f4";
const LINK = "#c2410c";
const SHARE = "#6d28d9";
const MAX_LABELS = 80;
const empty = { type: "FeatureCollection", features: [] };

const STYLE = {
  version: 8,
  sources: {
    regions: { type: "geojson", data: empty, promoteId: "NUTS_ID" },
    countries: { type: "geojson", data: empty },
    links: { type: "geojson", data: empty },
    actors: { type: "geojson", data: empty },
  },
  layers: [
    { id: "background", type: "background", paint: { "background-color": "#dde7f0" } },
    { id: "region-fill", type: "fill", source: "regions",
      paint: { "fill-color": ["coalesce", ["feature-state", "color"], NO_DATA] } },
    { id: "region-line", type: "line", source: "regions", paint: { "line-color": "#ffffff", "line-width": 0.5 } },
    { id: "country-line", type: "line", source: "countries", paint: { "line-color": "#7b8494", "line-width": 1 } },
    // intra- vs extra-regional: the outline is as thick as the share of internal ties
    { id: "region-share", type: "line", source: "regions",
      paint: { "line-color": SHARE, "line-opacity": 0.8, "line-width": ["coalesce", ["feature-state", "share"], 0] } },
    { id: "region-hover", type: "line", source: "regions",
      paint: { "line-color": "#1d2330", "line-width": ["case", ["boolean", ["feature-state", "hover"], false], 2, 0] } },
    { id: "links", type: "line", source: "links", layout: { "line-cap": "round" },
      paint: { "line-color": LINK, "line-opacity": 0.65, "line-width": ["get", "width"] } },
    { id: "actors", type: "circle", source: "actors",
      paint: { "circle-color": ["get", "color"], "circle-radius": 3.5, "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 0.8, "circle-opacity": 0.9 } },
  ],
};

/** Signed area and centroid of a ring of [lon, lat] points (shoelace). */
function ringCentroid(ring) {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    area += cross;
    x += (ring[j][0] + ring[i][0]) * cross;
    y += (ring[j][1] + ring[i][1]) * cross;
  }
  if (!area) return { area: 0, point: ring[0] };
  return { area: Math.abs(area / 2), point: [x / (3 * area), y / (3 * area)] };
}

/** The centroid of a region's largest outer ring (its mainland, not its islands). */
function centroid(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let best = null;
  for (const polygon of polygons) {
    const c = ringCentroid(polygon[0]);
    if (!best || c.area > best.area) best = c;
  }
  return best.point;
}

function bbox(geometry, box = [180, 90, -180, -90]) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0]) {
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

/** A small non-negative integer from a string (FNV-1a). */
function hash(text) {
  let value = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 16777619);
  }
  return value >>> 0;
}

/** A gentle arc from a to b (a quadratic curve bent to the left), as a line of points. */
function arc(a, b, steps = 16) {
  const bend = 0.2;
  const control = [(a[0] + b[0]) / 2 - (b[1] - a[1]) * bend, (a[1] + b[1]) / 2 + (b[0] - a[0]) * bend];
  const points = [];
  for (let i = 0; i <= steps; i += 1) {
    const t = i / steps;
    const u = 1 - t;
    points.push([u * u * a[0] + 2 * u * t * control[0] + t * t * b[0], u * u * a[1] + 2 * u * t * control[1] + t * t * b[1]]);
  }
  return points;
}

const format = (measure) => (v) => (measure === "internal_share" ? `${Math.round(v * 100)}%` : String(Math.round(v)));

export class RegionMap {
  constructor(container, { onClickRegion, onClickActor } = {}) {
    this.container = container;
    this.features = new Map(); // NUTS code -> GeoJSON feature
    this.centroids = new Map(); // NUTS code -> [lon, lat]
    this.rows = new Map(); // NUTS code -> the flows row shown
    this.shown = []; // codes that have feature states
    this.labels = [];
    this.hovered = null;
    this.fitted = false;
    this.map = new MapLibre({
      container,
      style: STYLE,
      center: [8, 50],
      zoom: 3.5,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.tooltip = h("div", { id: "map-tooltip", "data-testid": "map-tooltip", hidden: "" });
    container.append(this.tooltip);
    const loaded = new Promise((resolve) => this.map.once("load", resolve));
    this.ready = Promise.all([loaded, getJSON("regions/geo", { level: 2 }), getJSON("regions/geo", { level: 0 })])
      .then(([, regions, countries]) => {
        for (const feature of regions.features) {
          this.features.set(feature.properties.NUTS_ID, feature);
          this.centroids.set(feature.properties.NUTS_ID, centroid(feature.geometry));
        }
        this.map.getSource("regions").setData(regions);
        this.map.getSource("countries").setData(countries);
        this.countries = new Map(countries.features.map((f) => [f.properties.NUTS_ID, centroid(f.geometry)]));
      });
    this.map.on("click", "actors", (e) => {
      if (onClickActor) onClickActor(e.features[0].properties.id);
    });
    this.map.on("mouseenter", "actors", () => { this.map.getCanvas().style.cursor = "pointer"; });
    this.map.on("mousemove", "region-fill", (e) => this.hover(e));
    this.map.on("mouseleave", "region-fill", () => this.hover(null));
    this.map.on("click", "region-fill", (e) => {
      const visible = this.map.getLayoutProperty("actors", "visibility") !== "none";
      if (visible && this.map.queryRenderedFeatures(e.point, { layers: ["actors"] }).length) return;
      const code = e.features[0].properties.NUTS_ID;
      if (onClickRegion) onClickRegion(code, this.rows.get(code)?.name || e.features[0].properties.NAME_LATN);
    });
  }

  hover(e) {
    const code = e && e.features.length ? e.features[0].properties.NUTS_ID : null;
    if (this.hovered !== code) {
      if (this.hovered) this.map.setFeatureState({ source: "regions", id: this.hovered }, { hover: false });
      if (code) this.map.setFeatureState({ source: "regions", id: code }, { hover: true });
      this.hovered = code;
    }
    this.map.getCanvas().style.cursor = code ? "pointer" : "";
    if (!code) {
      this.tooltip.hidden = true;
      return;
    }
    const row = this.rows.get(code);
    const name = row?.name || e.features[0].properties.NAME_LATN;
    this.tooltip.replaceChildren(
      h("strong", {}, name), h("span", { class: "muted" }, ` ${code}`),
      row
        ? h("div", {}, `${row.actors} actors · ${row.ties_internal} ties inside · ${row.ties_external} leaving`,
          h("br"), `internal share ${row.internal_share == null ? "–" : `${Math.round(row.internal_share * 100)}%`}`)
        : h("div", { class: "muted" }, "No actor with a tie in this period"),
    );
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${e.point.x + 12}px`;
    this.tooltip.style.top = `${e.point.y + 12}px`;
  }

  /** Show one /api/regions/flows answer; returns {regions, links, breaks} for the legend. */
  show(flows, measure, linksShown) {
    const map = this.map;
    for (const code of this.shown) map.removeFeatureState({ source: "regions", id: code });
    this.rows = new Map(flows.regions.map((row) => [row.nuts, row]));
    const valued = flows.regions.filter((row) => this.features.has(row.nuts) && Number.isFinite(row[measure]));
    const max = Math.max(0, ...valued.map((row) => row[measure]));
    const breaks = COLORS.map((_, i) => (max * (i + 1)) / COLORS.length); // upper bounds, equal steps
    for (const row of valued) {
      const v = row[measure];
      const k = max > 0 ? Math.min(COLORS.length - 1, Math.floor((v / max) * COLORS.length)) : 0;
      const share = row.internal_share ?? 0;
      map.setFeatureState({ source: "regions", id: row.nuts }, { color: COLORS[k], share: share > 0 ? 1 + 6 * share : 0 });
    }
    this.shown = valued.map((row) => row.nuts);
    if (this.hovered) map.setFeatureState({ source: "regions", id: this.hovered }, { hover: true });

    const maxTies = Math.max(1, ...flows.links.map((l) => l.ties));
    const lines = flows.links
      .filter((l) => l.source !== l.target && this.centroids.has(l.source) && this.centroids.has(l.target))
      .sort((a, b) => a.ties - b.ties) // the thick ones on top
      .map((l) => ({
        type: "Feature",
        properties: { source: l.source, target: l.target, ties: l.ties, width: 1 + 7 * Math.sqrt(l.ties / maxTies) },
        geometry: { type: "LineString", coordinates: arc(this.centroids.get(l.source), this.centroids.get(l.target)) },
      }));
    map.getSource("links").setData({ type: "FeatureCollection", features: lines });
    this.setLinksShown(linksShown);
    this.updateLabels(valued);
    if (!this.fitted) this.fit();
    return { regions: valued.length, links: lines.length, breaks, max, format: format(measure), colors: COLORS };
  }

  /** HTML labels (no glyphs without a tile server): code and share of internal ties. */
  updateLabels(rows) {
    for (const marker of this.labels) marker.remove();
    this.labels = rows.slice(0, MAX_LABELS).map((row) => {
      const share = row.internal_share == null ? "–" : `${Math.round(row.internal_share * 100)}%`;
      const element = h("div", { class: "map-label", "data-testid": "map-label", "data-nuts": row.nuts },
        row.nuts, h("span", {}, ` ${share} int.`));
      return new Marker({ element }).setLngLat(this.centroids.get(row.nuts)).addTo(this.map);
    });
  }

  /** Place actors (rows of /api/actors: id, name, kind, lat, lon, nuts, country) as
   * points: at their coordinates, else at the centroid of their NUTS 2 region or European
   * country, spread on a small
   * circle by a hash of the id so that they do not pile up. Returns how many were placed
   * by coordinates and by region. */
  showActors(actors, shown = true) {
    const features = [];
    let exact = 0;
    let byRegion = 0;
    for (const actor of actors) {
      let point = null;
      if (actor.lat != null && actor.lon != null) {
        point = [actor.lon, actor.lat];
        exact += 1;
      } else if (this.placeOf(actor)) {
        const [x, y] = this.placeOf(actor);
        const angle = (hash(actor.id) % 360) * (Math.PI / 180);
        const radius = 0.05 + (hash(actor.id + "r") % 100) / 1000;
        point = [x + radius * Math.cos(angle), y + radius * Math.sin(angle)];
        byRegion += 1;
      }
      if (!point) continue;
      features.push({ type: "Feature", geometry: { type: "Point", coordinates: point },
        properties: { id: actor.id, name: actor.name, kind: actor.kind, color: kindColor(actor.kind) } });
    }
    this.map.getSource("actors").setData({ type: "FeatureCollection", features });
    this.setActorsShown(shown);
    return { exact, byRegion };
  }

  /** The centroid of an actor's NUTS 2 region, else of its (European) country. */
  placeOf(actor) {
    if (actor.nuts && this.centroids.has(actor.nuts.slice(0, 4))) return this.centroids.get(actor.nuts.slice(0, 4));
    const country = { GR: "EL", GB: "UK" }[actor.country] || actor.country;
    return (country && this.countries && this.countries.get(country)) || null;
  }

  setActorsShown(shown) {
    this.map.setLayoutProperty("actors", "visibility", shown ? "visible" : "none");
  }

  setLinksShown(shown) {
    this.map.setLayoutProperty("links", "visibility", shown ? "visible" : "none");
  }

  /** Frame the regions that have a value (or Europe when none has). */
  fit() {
    if (!this.shown.length) return;
    const box = [180, 90, -180, -90];
    for (const code of this.shown) bbox(this.features.get(code).geometry, box);
    this.map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 40, duration: this.fitted ? 300 : 0 });
    this.fitted = true;
  }

  resize() {
    this.map.resize();
  }
}
