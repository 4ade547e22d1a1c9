// A browser check of the built dashboard with headless Chromium over the DevTools
// protocol (no npm package needed). Usage, with the API serving the build:
//   node --experimental-websocket scripts/smoke.mjs [http://127.0.0.1:8765/] [out-dir]
// It loads the network, moves the year slider, plays the timeline, opens an actor page,
// opens a missing actor (the error bar must show), shows the map and clicks a region, opens the
// indicator pages (tables, charts, sorting, CSV, a firm's actor page), renders a synthetic 50k-node graph,
// saves screenshots, and fails on any console error other than the expected 404.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const url = process.argv[2] || "http://127.0.0.1:8765/";
const out = process.argv[3] || tmpdir();
const port = 9300 + Math.floor(Math.random() * 500);
const browser = spawn(process.env.CHROMIUM || "/usr/bin/chromium", [
  "--headless=new", "--no-sandbox", "--disable-gpu-sandbox", "--enable-unsafe-swiftshader",
  `--remote-debugging-port=${port}`, `--user-data-dir=${mkdtempSync(join(tmpdir(), "bioregion-smoke-"))}`,
  "--window-size=1400,900", "about:blank",
], { stdio: "ignore" });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let ws;
let nextId = 0;
const pending = new Map();
const problems = [];

async function connect() {
  for (let i = 0; i < 100; i += 1) {
    try {
      const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      const page = targets.find((t) => t.type === "page");
      if (page) {
        ws = new WebSocket(page.webSocketDebuggerUrl);
        await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
        ws.onmessage = (event) => {
          const msg = JSON.parse(event.data);
          if (msg.id !== undefined && pending.has(msg.id)) {
            const { resolve, reject } = pending.get(msg.id);
            pending.delete(msg.id);
            if (msg.error) reject(new Error(msg.error.message));
            else resolve(msg.result);
          } else if (msg.method === "Runtime.consoleAPICalled" && ["error", "warning", "assert"].includes(msg.params.type)) {
            problems.push(`console.${msg.params.type}: ${msg.params.args.map((a) => a.value ?? a.description).join(" ")}`);
          } else if (msg.method === "Runtime.exceptionThrown") {
            problems.push(`exception: ${msg.params.exceptionDetails.exception?.description || msg.params.exceptionDetails.text}`);
          } else if (msg.method === "Log.entryAdded" && msg.params.entry.level === "error") {
            problems.push(`log: ${msg.params.entry.text} ${msg.params.entry.url || ""}`);
          }
        };
        return;
      }
    } catch { /* not up yet */ }
    await sleep(100);
  }
  throw new Error("Chromium did not start");
}

function send(method, params = {}) {
  const id = ++nextId;
  ws.send(JSON.stringify({ id, method, params }));
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

async function evaluate(expression) {
  const result = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
  if (result.exceptionDetails) throw new Error(`${expression}: ${result.exceptionDetails.exception?.description}`);
  return result.result.value;
}

async function waitFor(expression, timeout = 30000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await evaluate(expression)) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${expression}`);
}

async function screenshot(name) {
  const { data } = await send("Page.captureScreenshot", { format: "png" });
  writeFileSync(join(out, name), Buffer.from(data, "base64"));
}

const ready = "window.__bioregion && window.__bioregion.ready";
const report = {};
try {
  await connect();
  await send("Runtime.enable");
  await send("Log.enable");
  await send("Page.enable");
  await send("Emulation.setDeviceMetricsOverride", { width: 1400, height: 900, deviceScaleFactor: 1, mobile: false });

  let t = Date.now();
  await send("Page.navigate", { url });
  await waitFor(`${ready} && window.__bioregion.nodes > 0`);
  report.load = { ms: Date.now() - t, ...(await evaluate("window.__bioregion")) };
  report.legend = await evaluate("document.querySelectorAll('[data-testid=legend] [data-kind]').length");
  await screenshot("bioregion-network.png");

  // hover highlight: move the mouse onto the biggest node; its neighbours stay, the rest dims
  const target = await evaluate(`(() => { const v = window.__bioregionView; let best = null;
    v.graph.forEachNode((n, a) => { if (!best || a.size > v.graph.getNodeAttribute(best, 'size')) best = n; });
    const p = v.renderer.graphToViewport(v.graph.getNodeAttributes(best)); const r = document.getElementById('network').getBoundingClientRect();
    return { node: best, x: p.x + r.left, y: p.y + r.top }; })()`);
  await send("Input.dispatchMouseEvent", { type: "mouseMoved", x: target.x, y: target.y });
  await sleep(300);
  report.hover = await evaluate(`(() => { const v = window.__bioregionView; const dimmed = [];
    v.graph.forEachNode((n, a) => { if (v.reduceNode(n, a).color === '#e2e4e8') dimmed.push(n); });
    return { node: ${JSON.stringify(target.node)}, focus: v.focus, neighbours: v.neighbours.size, dimmed: dimmed.length }; })()`);
  await screenshot("bioregion-hover.png");
  await send("Input.dispatchMouseEvent", { type: "mouseMoved", x: 5, y: 5 });

  // the year slider
  await evaluate(`(() => { const s = document.getElementById('year-slider'); s.value = 2015; s.dispatchEvent(new Event('input')); })()`);
  await waitFor(`${ready} && window.__bioregion.year === 2015`);
  report.year2015 = await evaluate("({...window.__bioregion, label: document.getElementById('year-label').textContent, counts: document.getElementById('counts').textContent})");

  // play the timeline: count frames and their spacing
  await evaluate(`(() => { const s = document.getElementById('year-slider'); s.value = s.max; s.dispatchEvent(new Event('input')); })()`);
  await waitFor(ready);
  t = Date.now();
  await evaluate(`(() => {
    window.__frames = []; let last = null;
    const tick = () => { const b = window.__bioregion; if (b.ready && b.year !== last) { last = b.year; window.__frames.push([b.year, performance.now(), b.nodes, b.renderMs + b.buildMs]); } if (window.__watch) requestAnimationFrame(tick); };
    window.__watch = true; requestAnimationFrame(tick);
    document.getElementById('play').click(); })()`);
  await waitFor("document.getElementById('play').textContent === 'Play'", 120000);
  await evaluate("window.__watch = false");
  const frames = await evaluate("window.__frames");
  const gaps = frames.slice(1).map((f, i) => f[1] - frames[i][1]);
  report.play = { ms: Date.now() - t, frames: frames.length, firstYear: frames[0]?.[0], lastYear: frames.at(-1)?.[0],
    maxGapMs: Math.round(Math.max(...gaps)), maxBuildRenderMs: Math.max(...frames.map((f) => f[3])) };
  await screenshot("bioregion-timeline.png");

  // the search box and an actor page
  await evaluate(`(() => { const s = document.getElementById('search'); s.focus(); s.value = 'ucb'; s.dispatchEvent(new Event('input')); })()`);
  report.suggestions = await evaluate("[...document.querySelectorAll('[data-testid=search-result]')].map((li) => li.dataset.id)");
  await evaluate(`document.querySelector('[data-testid=search-result]').dispatchEvent(new MouseEvent('mousedown', {bubbles: true}))`);
  await waitFor(`${ready} && window.__bioregion.actor && !document.getElementById('actor-panel').hidden && document.getElementById('actor-name')`);
  report.actor = await evaluate(`({ hash: location.hash, name: document.getElementById('actor-name').textContent,
    ties: document.querySelectorAll('[data-testid=tie-row]').length, bars: document.querySelectorAll('[data-testid=ties-chart] rect').length,
    partners: document.querySelectorAll('[data-testid=actor-partners] li').length, sources: document.querySelectorAll('[data-testid=actor-sources] a').length })`);
  await sleep(700);
  await screenshot("bioregion-actor.png");

  // an API error shows in the error bar
  await evaluate("location.hash = '#/actor/no-such-actor-xyz'");
  await waitFor(`${ready} && !document.getElementById('error-bar').hidden`);
  report.errorBar = await evaluate("document.getElementById('error-message').textContent");
  await screenshot("bioregion-error.png");
  await evaluate("location.hash = '#/'; document.getElementById('error-close').click()");

  // the map view: choropleth, arcs, hover tooltip, the timeline, a click that filters the network
  const mapReady = "window.__bioregion.map && window.__bioregion.map.ready";
  t = Date.now();
  await evaluate("document.getElementById('view-map').click()");
  await waitFor(`${mapReady} && window.__bioregion.map.regions > 0`);
  await waitFor("window.__bioregionMap.map.loaded()");
  report.map = { ms: Date.now() - t, ...(await evaluate("window.__bioregion.map")), hash: await evaluate("location.hash"),
    legend: await evaluate("document.querySelectorAll('[data-testid=map-legend] .legend-item').length"),
    labels: await evaluate("document.querySelectorAll('[data-testid=map-label]').length") };
  await screenshot("bioregion-map.png");
  const region = await evaluate(`(() => { const m = window.__bioregionMap; const code = [...m.shown].includes('BE24') ? 'BE24' : m.shown[0];
    const p = m.map.project(m.centroids.get(code)); const r = document.getElementById('map').getBoundingClientRect();
    return { code, x: p.x + r.left, y: p.y + r.top }; })()`);
  await send("Input.dispatchMouseEvent", { type: "mouseMoved", x: region.x, y: region.y });
  await waitFor("!document.getElementById('map-tooltip').hidden");
  report.mapTooltip = await evaluate("document.getElementById('map-tooltip').textContent");
  await screenshot("bioregion-map-hover.png");
  await evaluate("(() => { const s = document.getElementById('map-measure'); s.value = 'internal_share'; s.dispatchEvent(new Event('change')); })()");
  await waitFor(`${mapReady} && window.__bioregion.map.measure === 'internal_share'`);
  await evaluate("(() => { const s = document.getElementById('year-slider'); s.value = 2010; s.dispatchEvent(new Event('input')); })()");
  await waitFor(`${mapReady} && window.__bioregion.map.year === 2010`);
  report.map2010 = await evaluate("({ ...window.__bioregion.map, counts: document.getElementById('counts').textContent })");
  await evaluate("(() => { const c = document.getElementById('map-links'); c.click(); })()");
  report.linksHidden = await evaluate("window.__bioregionMap.map.getLayoutProperty('links', 'visibility')");
  await evaluate("document.getElementById('map-links').click()");
  await send("Input.dispatchMouseEvent", { type: "mousePressed", x: region.x, y: region.y, button: "left", clickCount: 1 });
  await send("Input.dispatchMouseEvent", { type: "mouseReleased", x: region.x, y: region.y, button: "left", clickCount: 1 });
  // loadNetwork sets the download links, then ready once the region's network is shown
  await waitFor(`location.hash === '#/' && document.getElementById('download-gexf').href.includes('region=${region.code}') && ${ready}`);
  report.regionClick = { code: region.code, hash: await evaluate("location.hash"), nodes: await evaluate("window.__bioregion.nodes"),
    networkShown: await evaluate("!document.getElementById('network').hidden"),
    download: await evaluate("document.getElementById('download-gexf').getAttribute('href')") };
  await sleep(300);
  await screenshot("bioregion-region.png");
  await evaluate("(() => { const s = document.getElementById('region'); s.value = ''; s.dispatchEvent(new Event('change')); })()");
  await waitFor(ready);

  // indicator pages: the list, a table and a chart, sorting, the CSV, an error, a firm's actor page
  const indicatorReady = (name) => `window.__bioregion.indicator && window.__bioregion.indicator.ready && window.__bioregion.indicator.name === ${JSON.stringify(name)}`;
  await evaluate("document.getElementById('view-indicators').click()");
  await waitFor(indicatorReady(null));
  report.indicators = { hash: await evaluate("location.hash"),
    list: await evaluate("[...document.querySelectorAll('[data-testid=indicator-link]')].map((a) => a.dataset.name)"),
    region: await evaluate("document.getElementById('indicator-region').value"),
    period: await evaluate("[document.getElementById('indicator-from').value, document.getElementById('indicator-to').value]") };
  for (const name of ["geographic_shares", "open_innovation", "spinoffs", "preferred_partners"]) {
    await evaluate(`document.querySelector('[data-testid=indicator-link][data-name=${name}]').click()`);
    await waitFor(indicatorReady(name));
    report[name] = await evaluate(`({ ...window.__bioregion.indicator, hash: location.hash,
      trs: document.querySelectorAll('[data-testid=indicator-table] tbody tr').length,
      bars: document.querySelectorAll('[data-testid=indicator-chart] rect').length })`);
  }
  await evaluate("document.querySelector('[data-testid=indicator-table] th[data-column=name] button').click()");
  report.sortedByName = await evaluate("[...document.querySelectorAll('[data-testid=indicator-table] tbody tr')].slice(0, 3).map((tr) => tr.cells[1].textContent)");
  report.csv = await evaluate(`new Promise((resolve) => { const make = URL.createObjectURL;
    URL.createObjectURL = (blob) => { URL.createObjectURL = make; blob.text().then((text) => resolve({ lines: text.trim().split('\\r\\n').length, head: text.slice(0, 60) })); return make(blob); };
    document.querySelector('[data-testid=indicator-csv]').click(); })`);
  await evaluate("(() => { const s = document.getElementById('indicator-region'); s.value = 'wallonia'; s.dispatchEvent(new Event('change')); })()");
  await waitFor(`${indicatorReady("preferred_partners")} && document.getElementById('indicator-page').textContent.includes('wallonia')`);
  report.wallonia = await evaluate("window.__bioregion.indicator");
  await evaluate("(() => { const s = document.getElementById('indicator-region'); s.value = 'flanders'; s.dispatchEvent(new Event('change')); })()");
  await waitFor(`${indicatorReady("preferred_partners")} && document.getElementById('indicator-page').textContent.includes('flanders')`);
  await sleep(300);
  await screenshot("bioregion-indicators.png");
  await evaluate("location.hash = '#/indicators/no-such-indicator'");
  await waitFor(`${indicatorReady("no-such-indicator")} && !document.getElementById('error-bar').hidden`);
  report.indicatorError = await evaluate("document.getElementById('error-message').textContent");
  await evaluate("location.hash = '#/indicators/preferred_partners'");
  await waitFor(`${indicatorReady("preferred_partners")} && document.getElementById('error-bar').hidden`);
  const firm = await evaluate("document.querySelector('[data-testid=indicator-table] [data-testid=indicator-actor]').dataset.id");
  await evaluate("document.querySelector('[data-testid=indicator-table] [data-testid=indicator-actor]').click()");
  await waitFor(`${ready} && window.__bioregion.actor === ${JSON.stringify(firm)} && !document.getElementById('actor-panel').hidden && document.getElementById('actor-name')`);
  report.indicatorFirm = { firm, hash: await evaluate("location.hash"), name: await evaluate("document.getElementById('actor-name').textContent"),
    networkShown: await evaluate("!document.getElementById('network').hidden") };
  await evaluate("location.hash = '#/'");
  await waitFor(ready);

  // timeline-sized frames: five different synthetic 5k-node graphs in a row
  const frames5k = [];
  for (let i = 0; i < 5; i += 1) frames5k.push(await evaluate("window.__bioregionSynthetic(5000, 10000)"));
  report.synthetic5k = { maxBuildMs: Math.max(...frames5k.map((f) => f.buildMs)), maxRenderMs: Math.max(...frames5k.map((f) => f.renderMs)),
    maxFirstFrameMs: Math.max(...frames5k.map((f) => f.firstFrameMs)) };

  // a synthetic 50k-node graph
  const n = Number(process.env.SYNTHETIC || 50000);
  report.synthetic = await evaluate(`window.__bioregionSynthetic(${n}, ${2 * n})`);
  await sleep(500);
  await screenshot("bioregion-synthetic.png");
} catch (error) {
  problems.push(`check failed: ${error.message}`);
} finally {
  browser.kill();
}
const unexpected = problems.filter((p) => !p.includes("no-such-actor-xyz") && !/404 \(Not Found\)/.test(p));
console.log(JSON.stringify({ report, consoleProblems: problems }, null, 1));
console.log(unexpected.length ? `FAILED: ${unexpected.length} problem(s)` : "OK");
process.exit(unexpected.length ? 1 : 0);
