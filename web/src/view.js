// The sigma.js (WebGL) view of the network: one renderer for the page's life, whose
// graph is swapped on each load so the camera and the node positions stay put.
import Sigma from "sigma";
import Graph from "graphology";

const DIM_NODE = "#e2e4e8";
const EDGE = "#c5cad3";
const DIM_EDGE = "#f0f1f3";
const FOCUS_EDGE = "#5b6472";

export class NetworkView {
  constructor(container, { onClickNode, onClickStage } = {}) {
    this.graph = new Graph({ type: "undirected" });
    this.hovered = null;
    this.selected = null;
    this.focus = null; // the node whose neighbourhood is highlighted
    this.neighbours = new Set();
    this.renderer = new Sigma(this.graph, container, {
      allowInvalidContainer: true,
      defaultEdgeColor: EDGE,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.5,
      labelFont: "system-ui, sans-serif",
      zIndex: false,
    });
    // The reducers (dimming around a focused actor) are set only while an actor is
    // focused: without them sigma indexes 100k edges without a call per edge.
    this.reducers = {
      nodeReducer: (node, data) => this.reduceNode(node, data),
      edgeReducer: (edge, data) => this.reduceEdge(edge, data),
    };
    // Positions are in [-1, 1] from one layout over all time: frame that box, not each
    // graph's extent, so a timeline's frames keep every actor in place.
    this.renderer.setCustomBBox({ x: [-1, 1], y: [-1, 1] });
    this.renderer.on("enterNode", ({ node }) => {
      this.hovered = node;
      this.updateFocus();
      container.style.cursor = "pointer";
    });
    this.renderer.on("leaveNode", () => {
      this.hovered = null;
      this.updateFocus();
      container.style.cursor = "";
    });
    this.renderer.on("clickNode", ({ node }) => onClickNode && onClickNode(node));
    this.renderer.on("clickStage", () => onClickStage && onClickStage());
  }

  /** Show a new graph (built elsewhere in one pass). */
  setGraph(graph) {
    this.graph = graph;
    // many edges: skip drawing them while the camera moves, to stay fluid
    this.renderer.setSetting("hideEdgesOnMove", graph.size > 20000);
    if (this.hovered && !graph.hasNode(this.hovered)) this.hovered = null;
    this.computeNeighbours();
    this.useReducers();
    this.renderer.setGraph(graph);
  }

  select(node) {
    this.selected = node || null;
    this.updateFocus();
  }

  updateFocus() {
    const focus = this.hovered || this.selected;
    if (focus === this.focus) return;
    this.focus = focus;
    this.computeNeighbours();
    this.useReducers();
    this.renderer.refresh({ skipIndexation: true });
  }

  /** Reducers on while a shown actor is focused, off otherwise. */
  useReducers() {
    const on = Boolean(this.focus && this.graph.hasNode(this.focus));
    const current = this.renderer.getSetting("nodeReducer");
    if (on === Boolean(current)) return;
    this.renderer.setSetting("nodeReducer", on ? this.reducers.nodeReducer : null);
    this.renderer.setSetting("edgeReducer", on ? this.reducers.edgeReducer : null);
  }

  computeNeighbours() {
    this.neighbours = new Set();
    const focus = this.hovered || this.selected;
    this.focus = focus;
    if (focus && this.graph.hasNode(focus)) this.graph.forEachNeighbor(focus, (n) => this.neighbours.add(n));
  }

  reduceNode(node, data) {
    if (!this.focus || !this.graph.hasNode(this.focus)) return data;
    if (node === this.focus) return { ...data, highlighted: true, forceLabel: true, zIndex: 2 };
    if (this.neighbours.has(node)) return { ...data, forceLabel: this.neighbours.size <= 30, zIndex: 1 };
    return { ...data, color: DIM_NODE, label: "", zIndex: 0 };
  }

  reduceEdge(edge, data) {
    if (!this.focus || !this.graph.hasNode(this.focus)) return data;
    if (this.graph.hasExtremity(edge, this.focus)) return { ...data, color: FOCUS_EDGE, zIndex: 1 };
    return { ...data, color: DIM_EDGE, zIndex: 0 };
  }

  /** Move the camera onto a node. */
  focusNode(node) {
    const shown = this.renderer.getNodeDisplayData(node);
    if (!shown) return false;
    this.renderer.getCamera().animate({ x: shown.x, y: shown.y, ratio: 0.4 }, { duration: 500 });
    return true;
  }

  resetCamera() {
    this.renderer.getCamera().animatedReset({ duration: 300 });
  }
}
