// The actor page (#/actor/<id>): profile, business model, ties per year, measures over
// time, ties, partners, events, sources.
import { kindColor, kindLabel } from "./graph.js";

const SVG = "http://www.w3.org/2000/svg";

/** An element with attributes and children (strings become text, never HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = tag === "svg" || attrs.svg ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "svg" || value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const s = (tag, attrs = {}, ...children) => h(tag, { ...attrs, svg: true }, ...children);

function actorLink(id, names) {
  return h("a", { href: `#/actor/${encodeURIComponent(id)}`, "data-testid": "actor-link" }, names.get(id) || id);
}

function yearOf(date) {
  const match = /^(\d{4})/.exec(date || "");
  return match ? Number(match[1]) : null;
}

/** A tiny SVG bar chart of ties by start year. */
function tiesPerYear(ties) {
  const counts = new Map();
  for (const tie of ties) {
    const year = yearOf(tie.start);
    if (year !== null) counts.set(year, (counts.get(year) || 0) + 1);
  }
  if (counts.size === 0) return h("p", { class: "muted" }, "No dated ties.");
  const years = [...counts.keys()];
  const first = Math.min(...years);
  const last = Math.max(...years);
  const max = Math.max(...counts.values());
  const width = 300;
  const height = 90;
  const span = last - first + 1;
  const bar = width / span;
  const chart = s("svg", { viewBox: `0 0 ${width} ${height + 14}`, class: "chart", "data-testid": "ties-chart", role: "img",
    "aria-label": "Ties per year" });
  for (let year = first; year <= last; year += 1) {
    const count = counts.get(year) || 0;
    if (!count) continue;
    const barHeight = Math.max(2, (height * count) / max);
    chart.append(s("rect", { x: (year - first) * bar + 0.5, y: height - barHeight, width: Math.max(1, bar - 1),
      height: barHeight, fill: "#4a6fa5" }, s("title", {}, `${year}: ${count} tie${count > 1 ? "s" : ""}`)));
  }
  chart.append(s("text", { x: 0, y: height + 12, class: "axis" }, String(first)));
  if (last !== first) chart.append(s("text", { x: width, y: height + 12, class: "axis", "text-anchor": "end" }, String(last)));
  chart.append(s("text", { x: width, y: 10, class: "axis", "text-anchor": "end" }, `max ${max}`));
  return chart;
}

function field(label, value) {
  if (value === null || value === undefined || value === "") return null;
  return [h("dt", {}, label), h("dd", {}, value)];
}

/** Fill the panel with one actor's page (the body of GET /api/actors/{id}). */
export function renderActor(panel, body, names) {
  const { actor, ties, participations, sources } = body;
  names.set(actor.id, actor.name);
  const place = [actor.city, actor.nuts, actor.country].filter(Boolean).join(", ");
  const coords = actor.lat != null && actor.lon != null ? ` (${actor.lat.toFixed(3)}, ${actor.lon.toFixed(3)})` : "";
  const identifiers = Object.entries(actor.identifiers || {});

  const partners = new Map();
  for (const tie of ties) {
    const other = tie.source === actor.id ? tie.target : tie.source;
    const entry = partners.get(other) || { id: other, count: 0, kinds: new Set() };
    entry.count += 1;
    entry.kinds.add(tie.kind);
    partners.set(other, entry);
  }
  const ranked = [...partners.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  const sourceIndex = new Map(sources.map((src) => [src.id, src]));

  panel.replaceChildren(
    h("div", { class: "panel-head" },
      h("h2", { id: "actor-name", "data-testid": "actor-name" }, actor.name || actor.id),
      h("button", { id: "actor-close", "data-testid": "actor-close", type: "button", "aria-label": "Close",
        onclick: () => { location.hash = "#/"; } }, "×")),
    h("p", { class: "kind-line" },
      h("span", { class: "swatch", style: `background:${kindColor(actor.kind)}` }),
      h("span", { "data-testid": "actor-kind" }, kindLabel(actor.kind)),
      (actor.tags || []).map((tag) => h("span", { class: "tag" }, tag))),
    h("dl", { class: "profile", "data-testid": "actor-profile" },
      field("Id", actor.id),
      field("Founded", actor.founded),
      field("Ended", actor.ended ? `${actor.ended}${actor.end_reason ? ` (${actor.end_reason})` : ""}` : null),
      field("Location", place ? place + coords : null),
      field("Systems", (actor.systems || []).join(", ")),
      identifiers.length ? field("Identifiers", h("span", {}, identifiers.map(([k, v]) => h("span", { class: "ident" }, `${k}: ${v}`)))) : null),
    actor.description ? h("p", { class: "description", "data-testid": "actor-description" }, actor.description) : null,

    h("h3", {}, "Business model"),
    h("div", { id: "actor-model", "data-testid": "actor-model" }, h("p", { class: "muted" }, "Loading…")),

    h("h3", {}, "Ties per year"),
    tiesPerYear(ties),

    h("h3", {}, "Measures over time"),
    h("div", { id: "actor-measures", "data-testid": "actor-measures" }, h("p", { class: "muted" }, "Loading…")),

    h("h3", {}, `Ties (${ties.length})`),
    ties.length
      ? h("table", { class: "ties", "data-testid": "actor-ties" },
        h("thead", {}, h("tr", {}, h("th", {}, "Date"), h("th", {}, "Kind"), h("th", {}, "Partner"), h("th", {}, "Description"))),
        h("tbody", {}, ties.map((tie) => {
          const other = tie.source === actor.id ? tie.target : tie.source;
          return h("tr", { "data-testid": "tie-row", "data-tie": tie.id },
            h("td", { class: "nowrap" }, tie.start || "—", tie.end ? h("div", { class: "muted" }, `to ${tie.end}`) : null),
            h("td", {}, kindLabel(tie.kind)),
            h("td", {}, h("span", { class: "muted" }, tie.source === actor.id ? "to " : "from "), actorLink(other, names)),
            h("td", {}, tie.description || "",
              (tie.sources || []).map((id, i) => {
                const src = sourceIndex.get(id);
                return src && src.url
                  ? h("a", { class: "cite", href: src.url, target: "_blank", rel: "noopener noreferrer", title: src.title || id }, `[${i + 1}]`)
                  : h("span", { class: "cite muted", title: id }, `[${i + 1}]`);
              })));
        })))
      : h("p", { class: "muted" }, "No ties."),

    h("h3", {}, `Partners (${ranked.length})`),
    h("ul", { class: "partners", "data-testid": "actor-partners" }, ranked.map((p) =>
      h("li", {}, actorLink(p.id, names), h("span", { class: "muted" }, ` ${p.count} tie${p.count > 1 ? "s" : ""}: ${[...p.kinds].map(kindLabel).join(", ")}`)))),

    participations.length ? h("h3", {}, `Events (${participations.length})`) : null,
    participations.length
      ? h("ul", { class: "events", "data-testid": "actor-events" }, participations.map((p) =>
        h("li", {}, p.event, h("span", { class: "muted" }, p.role ? ` — ${p.role}` : ""))))
      : null,

    h("h3", {}, `Sources (${sources.length})`),
    h("ol", { class: "sources", "data-testid": "actor-sources" }, sources.map((src) =>
      h("li", { "data-source": src.id },
        src.url ? h("a", { href: src.url, target: "_blank", rel: "noopener noreferrer" }, src.title || src.url) : (src.title || src.id),
        h("span", { class: "muted" }, [src.publisher, src.published].filter(Boolean).length ? ` — ${[src.publisher, src.published].filter(Boolean).join(", ")}` : "")))),
  );
}

/** Refresh partner link texts once more names are known. */
export function renameLinks(panel, names) {
  for (const link of panel.querySelectorAll("a[data-testid=actor-link]")) {
    const id = decodeURIComponent(link.getAttribute("href").slice("#/actor/".length));
    if (names.has(id)) link.textContent = names.get(id);
  }
}

const MODEL_LABELS = { platform: "Platform", product: "Product", hybrid: "Hybrid (platform and product)",
  rd_service: "R&D service", unknown: "Unknown" };

/** The business model section (the body of GET /api/actors/{id}/business-model). */
export function renderModel(container, body, ties) {
  if (!body.model) {
    container.replaceChildren(h("p", { class: "muted" }, `No business model: ${body.reason}.`));
    return;
  }
  const byId = new Map(ties.map((tie) => [tie.id, tie]));
  container.replaceChildren(
    h("p", {}, h("strong", { "data-testid": "model-name" }, MODEL_LABELS[body.model] || body.model),
      h("span", { class: "muted" }, ` — ${body.region}, ${body.period[0]}–${body.period[1]}`)),
    h("p", { class: "description" }, body.rule),
    body.evidence.length
      ? h("details", {}, h("summary", {}, `Evidence: ${body.evidence.length} tie${body.evidence.length > 1 ? "s" : ""}`),
        h("ul", { class: "evidence", "data-testid": "model-evidence" }, body.evidence.map((id) => {
          const tie = byId.get(id);
          return h("li", {}, tie ? `${tie.start || "undated"} ${kindLabel(tie.kind)}: ` : "", h("code", {}, id));
        })))
      : null);
}

const MEASURE_LABELS = { degree: "Degree", betweenness: "Betweenness", k_core: "k-core",
  strength: "Strength", pagerank: "PageRank", eigenvector: "Eigenvector", harmonic_closeness: "Harmonic closeness" };

/** One small line chart of a measure by year, with the rank as a tooltip. */
function measureChart(name, years, series) {
  const points = years.map((year, i) => [year, series.values[i], series.ranks[i], series.actors[i]])
    .filter((p) => p[1] !== null);
  if (!points.length) return null;
  const first = points[0][0];
  const last = years[years.length - 1];
  const max = Math.max(...points.map((p) => p[1])) || 1;
  const width = 300;
  const height = 60;
  const x = (year) => (last === first ? width / 2 : ((year - first) * width) / (last - first));
  const y = (value) => height - (height * value) / max;
  const chart = s("svg", { viewBox: `0 0 ${width} ${height + 14}`, class: "chart", "data-testid": `measure-${name}`,
    role: "img", "aria-label": `${MEASURE_LABELS[name] || name} by year` });
  chart.append(s("polyline", { points: points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" "),
    fill: "none", stroke: "#4a6fa5", "stroke-width": 1.5 }));
  for (const [year, value, rank, actors] of points) {
    chart.append(s("circle", { cx: x(year), cy: y(value), r: 2, fill: "#4a6fa5" },
      s("title", {}, `${year}: ${Number(value.toFixed(3))} (rank ${rank} of ${actors})`)));
  }
  chart.append(s("text", { x: 0, y: height + 12, class: "axis" }, String(first)));
  if (last !== first) chart.append(s("text", { x: width, y: height + 12, class: "axis", "text-anchor": "end" }, String(last)));
  chart.append(s("text", { x: width, y: 10, class: "axis", "text-anchor": "end" }, `max ${Number(max.toFixed(3))}`));
  const end = points[points.length - 1];
  return h("div", { class: "measure" },
    h("p", {}, h("strong", {}, MEASURE_LABELS[name] || name),
      h("span", { class: "muted" }, ` — ${end[0]}: ${Number(end[1].toFixed(3))}, rank ${end[2]} of ${end[3]}`)),
    chart);
}

/** The measures section (the body of GET /api/actors/{id}/measures). */
export function renderMeasures(container, body) {
  const charts = Object.entries(body.measures).map(([name, series]) => measureChart(name, body.years, series))
    .filter(Boolean);
  container.replaceChildren(...(charts.length
    ? [h("p", { class: "muted" }, `Each year's network: ties active that year (undated ends last ${body.window_years} years).`), ...charts]
    : [h("p", { class: "muted" }, "No ties in any year's network.")]));
}
