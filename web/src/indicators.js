// Indicator pages (#/indicators, #/indicators/<name>): the tables of /api/indicators/{name}
// for a region and period, sortable, with links to actor pages, a CSV download built from
// the rows, and one small plain-SVG chart for the indicators where a chart helps.
import { h } from "./actor.js";

const s = (tag, attrs = {}, ...children) => h(tag, { ...attrs, svg: true }, ...children);
const ACTOR_COLUMNS = new Set(["firm", "actor", "partner"]);
const BAR = "#4a6fa5";
const STACK = ["#2a5db0", "#74a9cf", "#31a354", "#c2410c", "#b8bec9"]; // share_* columns in order
const TOP = 15;

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

/** A cell's text: integers as they are, other numbers to 3 decimals, lists joined. */
function formatValue(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  if (isNumber(value)) {
    if (Number.isInteger(value)) return Math.abs(value) >= 10000 ? value.toLocaleString("en") : String(value);
    return String(Number(value.toFixed(3)));
  }
  return String(value);
}

const percent = (v) => `${Math.round(v * 100)}%`;

/** Rows as CSV text (RFC 4180 quoting; lists joined with ";"). */
export function toCsv(columns, rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(";") : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns, ...rows.map((row) => columns.map((c) => row[c]))].map((line) => line.map(cell).join(",")).join("\r\n") + "\r\n";
}

function compare(a, b) {
  const blankA = a === null || a === undefined || a === "";
  const blankB = b === null || b === undefined || b === "";
  if (blankA || blankB) return blankA - blankB; // blanks last
  if (isNumber(a) && isNumber(b)) return a - b;
  return formatValue(a).localeCompare(formatValue(b), undefined, { numeric: true });
}

// ---------- charts ----------

/** Horizontal bars: [{label, value, title}] with the value printed at the end. */
function hbars(items, { format = formatValue, colors = () => BAR, label = "" } = {}) {
  const labelWidth = 180;
  const width = 640;
  const row = 18;
  const max = Math.max(0, ...items.map((d) => d.value));
  const chart = s("svg", { viewBox: `0 0 ${width} ${items.length * row + 4}`, class: "chart indicator-chart",
    "data-testid": "indicator-chart", role: "img", "aria-label": label });
  items.forEach((d, i) => {
    const y = i * row + 2;
    const w = max > 0 ? ((width - labelWidth - 60) * d.value) / max : 0;
    chart.append(
      s("text", { x: labelWidth - 6, y: y + 12, class: "axis", "text-anchor": "end" }, d.label.length > 30 ? `${d.label.slice(0, 29)}…` : d.label),
      s("rect", { x: labelWidth, y, width: Math.max(w, d.value > 0 ? 1 : 0), height: row - 4, fill: colors(d, i) },
        s("title", {}, d.title || `${d.label}: ${format(d.value)}`)),
      s("text", { x: labelWidth + w + 4, y: y + 12, class: "axis" }, format(d.value)));
  });
  return chart;
}

/** Stacked bars per year of the share_* columns (each year sums to 1), with a legend. */
function stackedShares(columns, rows) {
  const parts = columns.filter((c) => c.startsWith("share_"));
  const years = rows.filter((r) => isNumber(r.year)).sort((a, b) => a.year - b.year);
  if (!parts.length || !years.length) return null;
  const width = 640;
  const height = 150;
  const bar = width / years.length;
  const chart = s("svg", { viewBox: `0 0 ${width} ${height + 34}`, class: "chart indicator-chart", "data-testid": "indicator-chart",
    role: "img", "aria-label": "Where the partners of the deals are, per year" });
  years.forEach((r, i) => {
    let y = height;
    parts.forEach((part, k) => {
      const v = isNumber(r[part]) ? r[part] : 0;
      if (v <= 0) return;
      y -= v * height;
      chart.append(s("rect", { x: i * bar + 0.5, y, width: Math.max(1, bar - 1), height: v * height, fill: STACK[k % STACK.length] },
        s("title", {}, `${r.year}: ${part.slice(6)} ${percent(v)}${isNumber(r.deals) ? ` of ${formatValue(r.deals)} deals` : ""}`)));
    });
  });
  chart.append(
    s("text", { x: 0, y: height + 12, class: "axis" }, String(years[0].year)),
    s("text", { x: width, y: height + 12, class: "axis", "text-anchor": "end" }, String(years[years.length - 1].year)));
  let x = 0;
  parts.forEach((part, k) => {
    chart.append(s("rect", { x, y: height + 21, width: 10, height: 10, fill: STACK[k % STACK.length] }),
      s("text", { x: x + 14, y: height + 30, class: "axis" }, part.slice(6)));
    x += 24 + 7 * part.slice(6).length;
  });
  return chart;
}

/** Sum of `value` per distinct `key`, in order of first appearance. */
function totals(rows, key, value) {
  const sums = new Map();
  for (const r of rows) if (isNumber(r[value])) sums.set(String(r[key]), (sums.get(String(r[key])) || 0) + r[value]);
  return [...sums].map(([label, v]) => ({ label, value: v }));
}

/** The chart of an indicator, or null; `state.chartColumn` picks the preferred_partners measure. */
function chartOf(name, body, state) {
  const { columns, items } = body;
  if (!items.length) return null;
  if (name === "geographic_shares") return stackedShares(columns, items);
  if (name === "scenarios") return effectsChart(items);
  if (name === "attachment_logics") return logicsChart(items);
  if (name === "preferred_partners") {
    const measure = state.chartColumn;
    if (!measure) return null;
    const ranked = [...items].sort((a, b) => (isNumber(a.rank) && isNumber(b.rank) ? a.rank - b.rank : compare(b[measure], a[measure])));
    return hbars(ranked.slice(0, TOP).map((r) => ({ label: String(r.name || r.firm), value: isNumber(r[measure]) ? r[measure] : 0 })),
      { label: `${measure} of the top ${TOP} firms` });
  }
  if (name === "open_innovation") {
    const dimensions = [...new Set(items.map((r) => r.dimension))];
    return hbars(items.filter((r) => isNumber(r.share)).map((r) => ({
      label: r.dimension ? `${r.dimension}: ${r.category}` : String(r.category),
      value: r.share, dimension: r.dimension, title: `${r.dimension}: ${r.category} ${percent(r.share)} (${r.deals} deals)` })),
    { format: percent, colors: (d) => STACK[dimensions.indexOf(d.dimension) % STACK.length], label: "Share of deals by category" });
  }
  if (name === "spinoffs") {
    return hbars(totals(items, "period", "spinoffs").sort((a, b) => a.label.localeCompare(b.label)), { label: "Spin-offs by period" });
  }
  return null;
}

/** Scenario effects: per statistic, each scenario's effect as a dot with its 95% CI as a
 * whisker, and a line at zero (no effect). */
function effectsChart(items) {
  const shown = [["firms_total", "firms founded"], ["alliances_total", "alliances"], ["survival_5y", "5-year survival"]];
  const groups = shown.map(([stat, words]) => items
    .filter((r) => r.statistic === stat && r.arm !== "baseline" && isNumber(r.effect))
    .map((r) => ({ label: `${words}: ${r.arm}`, effect: r.effect, low: r.ci_low, high: r.ci_high })));
  return dotWhiskers(groups, "Scenario effects with 95% confidence intervals");
}

/** Logics of attachment: per period, each logic's effect (log odds per standard
 * deviation) with its 95% CI; the period's dominant logic in a darker colour. */
function logicsChart(items) {
  const periods = [...new Set(items.map((r) => r.period))];
  const groups = periods.map((period) => items
    .filter((r) => r.period === period && r.statistic !== "partner_age" && isNumber(r.effect))
    .map((r) => ({ label: `${period}: ${r.logic}`, effect: r.effect, low: r.effect_low, high: r.effect_high,
      strong: r.dominant === true, share: r.dominant_share })));
  return dotWhiskers(groups, "Logics of attachment by period: log odds per standard deviation, 95% CI");
}

/** Groups of rows {label, effect, low, high[, strong, share]}: a dot and a whisker each,
 * a dashed line at zero per group (each group on its own scale). */
function dotWhiskers(groups, ariaLabel) {
  const rows = groups.flat();
  if (!rows.length) return null;
  const width = 640;
  const row = 20;
  const labelWidth = 300;
  const chart = s("svg", { viewBox: `0 0 ${width} ${rows.length * row + 4 * groups.length + 8}`, class: "chart indicator-chart",
    "data-testid": "indicator-chart", role: "img", "aria-label": ariaLabel });
  let y = 4;
  for (const group of groups) {
    if (!group.length) continue;
    const reach = Math.max(...group.map((r) => Math.max(Math.abs(r.low), Math.abs(r.high), Math.abs(r.effect)))) || 1;
    const x = (v) => labelWidth + ((width - labelWidth - 20) * (v + reach)) / (2 * reach);
    chart.append(s("line", { x1: x(0), x2: x(0), y1: y, y2: y + group.length * row, stroke: "#999", "stroke-dasharray": "3 3" }));
    for (const r of group) {
      const colour = r.strong ? "#c2410c" : BAR;
      const share = isNumber(r.share) ? `; first in ${percent(r.share)} of draws` : "";
      chart.append(
        s("text", { x: labelWidth - 6, y: y + 13, class: "axis", "text-anchor": "end" }, r.label),
        s("line", { x1: x(r.low), x2: x(r.high), y1: y + 9, y2: y + 9, stroke: colour, "stroke-width": 2 }),
        s("circle", { cx: x(r.effect), cy: y + 9, r: 4, fill: colour },
          s("title", {}, `${r.label}: ${formatValue(r.effect)} (95% CI ${formatValue(r.low)} to ${formatValue(r.high)})${share}`)));
      y += row;
    }
    y += 4;
  }
  return chart;
}

/** Numeric columns a chart of preferred_partners may show (the ranking criteria first). */
const numericColumns = (body) => body.columns.filter((c) => c !== "rank" && body.items.some((r) => isNumber(r[c])));

// ---------- the page ----------

/** Fill `page` with one indicator (the body of GET /api/indicators/{name}). */
export function renderIndicator(page, body, { answers = "", state }) {
  const name = body.indicator;
  const measures = name === "preferred_partners" ? numericColumns(body) : [];
  if (!measures.includes(state.chartColumn)) state.chartColumn = measures[0] || null;
  let sortBy = null;
  let ascending = true;

  const sorted = () => (sortBy == null ? body.items
    : [...body.items].sort((a, b) => (ascending ? compare(a[sortBy], b[sortBy]) : compare(b[sortBy], a[sortBy]))));

  const cell = (column, value) => (ACTOR_COLUMNS.has(column) && typeof value === "string" && value
    ? h("a", { href: `#/actor/${encodeURIComponent(value)}`, "data-testid": "indicator-actor", "data-id": value }, value)
    : formatValue(value));

  const tbody = h("tbody");
  const fillBody = () => tbody.replaceChildren(...sorted().map((row) => h("tr", {},
    body.columns.map((c) => h("td", { class: isNumber(row[c]) ? "num" : "" }, cell(c, row[c]))))));
  const headers = body.columns.map((column) => h("th", { scope: "col", "data-column": column, "aria-sort": "none" },
    h("button", { type: "button", title: `Sort by ${column}`, onclick: () => {
      ascending = sortBy === column ? !ascending : !body.items.some((r) => isNumber(r[column])); // numbers: largest first
      sortBy = column;
      for (const th of headers) {
        th.setAttribute("aria-sort", th.dataset.column === sortBy ? (ascending ? "ascending" : "descending") : "none");
      }
      fillBody();
    } }, column)));
  fillBody();

  const download = () => {
    const blob = new Blob([toCsv(body.columns, sorted())], { type: "text/csv" });
    const url = URL.createObjectURL(blob);
    const [from, to] = body.period;
    h("a", { href: url, download: `${name}_${body.region}_${from}-${to}.csv` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const chartBox = h("div", { class: "indicator-chart-box" });
  const drawChart = () => chartBox.replaceChildren(...[chartOf(name, body, state)].filter(Boolean));
  drawChart();

  page.replaceChildren(...[
    h("div", { class: "panel-head" },
      h("h2", { id: "indicator-title", "data-testid": "indicator-title" }, name.replaceAll("_", " ")),
      h("button", { id: "indicator-csv", "data-testid": "indicator-csv", type: "button", onclick: download,
        disabled: !body.items.length }, "Download CSV")),
    h("p", { class: "muted" }, `${answers ? `${answers} — ` : ""}${body.region}, ${body.period[0]}–${body.period[1]}, ${body.items.length} rows`),
    measures.length
      ? h("label", { class: "chart-measure" }, "Bars: ",
        h("select", { id: "indicator-measure", "data-testid": "indicator-measure",
          onchange: (e) => { state.chartColumn = e.target.value; drawChart(); } },
        measures.map((c) => h("option", { value: c, selected: c === state.chartColumn }, c))))
      : null,
    chartBox,
    body.items.length
      ? h("div", { class: "table-wrap" },
        h("table", { class: "indicator-table", "data-testid": "indicator-table" }, h("thead", {}, h("tr", {}, headers)), tbody))
      : h("p", { class: "muted", "data-testid": "indicator-empty" }, "No rows for this region and period."),
  ].filter(Boolean));
}

/** The list of indicators in `list`, the one shown marked. */
export function renderIndicatorList(list, items, current) {
  list.replaceChildren(...items.map((item) => h("li", {},
    h("a", { href: `#/indicators/${encodeURIComponent(item.name)}`, "data-testid": "indicator-link", "data-name": item.name,
      class: item.name === current ? "active" : "", "aria-current": item.name === current ? "page" : false },
    h("strong", {}, item.name.replaceAll("_", " ")), h("span", { class: "muted" }, item.answers)))));
}
