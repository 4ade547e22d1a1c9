// Colours and the graphology graph built from /api/network's column arrays in one pass.
import Graph from "graphology";

// A fixed colour for each actor kind the library knows, so colours stay put across views.
const KIND_COLORS = {
  biotech_firm: "#1f77b4",
  pharma: "#d62728",
  university: "#2ca02c",
  research_institute: "#17becf",
  hospital: "#e377c2",
  investor: "#ff7f0e",
  government: "#9467bd",
  cluster_organisation: "#bcbd22",
  service_provider: "#8c564b",
  other: "#7f7f7f",
};
const SPARE = ["#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d"];
const spare = new Map();

export function kindColor(kind) {
  if (KIND_COLORS[kind]) return KIND_COLORS[kind];
  if (!spare.has(kind)) spare.set(kind, SPARE[spare.size % SPARE.length]);
  return spare.get(kind);
}

const LABELS = { rd_collaboration: "R&D collaboration", spin_off: "spin-off", co_development: "co-development",
  co_commercialisation: "co-commercialisation" };

export function kindLabel(kind) {
  return LABELS[kind] || (kind || "unknown").replace(/_/g, " ");
}

/** Node sizes in pixels from a measure's values, by square root: 2..14 on small
 * graphs, smaller on big ones so that they stay readable. */
function sizer(values) {
  let max = 0;
  for (let i = 0; i < values.length; i += 1) if (values[i] > max) max = values[i];
  const n = values.length;
  const [low, span] = n > 20000 ? [1, 4] : n > 3000 ? [1.5, 7] : [2, 12];
  if (!(max > 0)) return () => low + 1;
  return (v) => low + span * Math.sqrt(Math.max(0, v) / max);
}

/**
 * The graph of a /api/network answer: nodes keyed by actor id with x, y, size, color,
 * label, kind, region; edges between node positions with kinds, ties and weight.
 */
export function buildGraph(network) {
  const { nodes, edges } = network;
  const graph = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  const n = nodes.id.length;
  const size = sizer(nodes.size);
  for (let i = 0; i < n; i += 1) {
    graph.addNode(nodes.id[i], {
      label: nodes.label[i],
      kind: nodes.kind[i],
      region: nodes.region ? nodes.region[i] : "",
      x: nodes.x[i],
      y: nodes.y[i],
      value: nodes.size[i],
      size: size(nodes.size[i]),
      color: kindColor(nodes.kind[i]),
    });
  }
  const m = edges.source.length;
  const seen = new Set(); // actor pairs already joined, as one number (faster than hasEdge)
  for (let j = 0; j < m; j += 1) {
    const a = edges.source[j];
    const b = edges.target[j];
    const pair = a < b ? a * n + b : b * n + a;
    if (a === b || seen.has(pair)) continue;
    seen.add(pair);
    const weight = edges.weight ? edges.weight[j] : 1;
    graph.addEdgeWithKey(j, nodes.id[a], nodes.id[b], {
      kinds: edges.kinds ? edges.kinds[j] : "",
      ties: edges.ties ? edges.ties[j] : 1,
      weight,
      size: Math.min(4, 0.5 + Math.log2(1 + weight) * 0.6),
    });
  }
  return graph;
}

/** A random /api/network-shaped answer (for checking that big graphs render). */
export function syntheticNetwork(n, m) {
  const kinds = Object.keys(KIND_COLORS);
  const nodes = { id: new Array(n), label: new Array(n), kind: new Array(n), region: new Array(n),
    x: new Float64Array(n), y: new Float64Array(n), size: new Float64Array(n) };
  for (let i = 0; i < n; i += 1) {
    nodes.id[i] = `n${i}`;
    nodes.label[i] = `Synthetic actor ${i}`;
    nodes.kind[i] = kinds[i % kinds.length];
    nodes.region[i] = "";
    // clusters of 250 consecutive actors around random centres
    const c = Math.floor(i / 250);
    const cx = Math.cos(c * 2.399) * Math.sqrt(c / (n / 250));
    const cy = Math.sin(c * 2.399) * Math.sqrt(c / (n / 250));
    const r = 0.04 * Math.sqrt(Math.random());
    const a = Math.random() * 2 * Math.PI;
    nodes.x[i] = cx + r * Math.cos(a);
    nodes.y[i] = cy + r * Math.sin(a);
  }
  const edges = { source: new Int32Array(m), target: new Int32Array(m), weight: new Float64Array(m).fill(1) };
  for (let j = 0; j < m; j += 1) {
    const s = (Math.random() * n) | 0;
    // mostly local links, so the picture looks like a network rather than noise
    const t = Math.random() < 0.8 ? (s + 1 + ((Math.random() * 50) | 0)) % n : (Math.random() * n) | 0;
    edges.source[j] = s;
    edges.target[j] = t;
    nodes.size[s] += 1;
    nodes.size[t] += 1;
  }
  return { nodes, edges, period: { at: null, from: null, to: null }, measure: "degree" };
}
