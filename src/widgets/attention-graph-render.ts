/**
 * Attention drawn as a directed graph: the tokens are nodes, and an arrow runs from each
 * token to every token it attends to, as thick and as opaque as its weight. The build
 * and the browser both draw it with these functions (plain strings, no DOM), so the SVG
 * is there with JavaScript off and identical once the page takes over.
 */
import { escapeHtml, formatNumber } from './format.ts';
import { colour } from './plot-style.ts';

export interface GraphModel {
  /** The weights: row i is what token i attends to; each row sums to 1. */
  readonly n: number;
  readonly weight: (i: number, j: number) => number;
  readonly labels: readonly string[];
  /** Draw only the arrows leaving this token (null: every token's). */
  readonly focus: number | null;
}

/** Arrows lighter than this are left out of the picture (the words below say so). */
export const MIN_WEIGHT = 0.01;
/** Weights listed in words: the rest are summed up as "under 0.05". */
export const LIST_WEIGHT = 0.05;

const WIDTH = 480;
const FONT = 15;
const NODE_H = 32;

interface Point {
  x: number;
  y: number;
}
interface Node extends Point {
  hw: number;
  hh: number;
  label: string;
}

const f = (v: number): string => (Math.round(v * 10) / 10).toString();
const add = (a: Point, b: Point, k = 1): Point => ({ x: a.x + b.x * k, y: a.y + b.y * k });
const unit = (p: Point): Point => {
  const l = Math.hypot(p.x, p.y) || 1;
  return { x: p.x / l, y: p.y / l };
};
const rotate = (p: Point, deg: number): Point => {
  const r = (deg * Math.PI) / 180;
  return { x: p.x * Math.cos(r) - p.y * Math.sin(r), y: p.x * Math.sin(r) + p.y * Math.cos(r) };
};

/** Where a ray from a node's centre in direction `d` (a unit vector) leaves its box, plus a gap. */
function boundary(n: Node, d: Point, gap = 3): Point {
  const tx = Math.abs(d.x) > 1e-9 ? n.hw / Math.abs(d.x) : Infinity;
  const ty = Math.abs(d.y) > 1e-9 ? n.hh / Math.abs(d.y) : Infinity;
  return add(n, d, Math.min(tx, ty) + gap);
}

function layout(
  labels: readonly string[],
  n: number,
): { nodes: Node[]; centre: Point; top: number; height: number } {
  const radius = n <= 2 ? 130 : Math.min(170, 110 + 10 * n);
  const centre = { x: WIDTH / 2, y: 0 };
  const nodes = Array.from({ length: n }, (_, i) => {
    // Two tokens side by side; more on a circle, the first at the top, then clockwise.
    const angle =
      n === 1
        ? -Math.PI / 2
        : n === 2
          ? Math.PI * (i === 0 ? 1 : 0)
          : -Math.PI / 2 + (2 * Math.PI * i) / n;
    const label = labels[i] ?? String(i + 1);
    return {
      x: centre.x + (n === 1 ? 0 : radius) * Math.cos(angle),
      y: centre.y + (n === 1 ? 0 : radius) * Math.sin(angle),
      hw: Math.max(28, label.length * 5.6 + 12),
      hh: NODE_H / 2,
      label,
    };
  });
  // Room above and below for the self-loops.
  const ys = nodes.map((p) => p.y);
  const top = Math.min(...ys) - NODE_H / 2 - 62;
  const height = Math.max(...ys) + NODE_H / 2 + 62 - top;
  return { nodes, centre, top, height };
}

interface Edge {
  from: number;
  to: number;
  w: number;
}

function arrowHead(tip: Point, dir: Point, size: number): string {
  const back = add(tip, dir, -size);
  const side = { x: -dir.y, y: dir.x };
  const a = add(back, side, size * 0.55);
  const b = add(back, side, -size * 0.55);
  return `M${f(tip.x)} ${f(tip.y)}L${f(a.x)} ${f(a.y)}L${f(b.x)} ${f(b.y)}Z`;
}

/** The SVG markup (without the <svg> element's own attributes, see graphSvg). */
export function graphSvg(m: GraphModel, title: string): string {
  const { nodes, centre, top, height } = layout(m.labels, m.n);
  const edges: Edge[] = [];
  for (let i = 0; i < m.n; i++) {
    if (m.focus !== null && m.focus !== i) continue;
    for (let j = 0; j < m.n; j++) {
      const w = m.weight(i, j);
      if (Number.isFinite(w) && w >= MIN_WEIGHT) edges.push({ from: i, to: j, w: Math.min(1, w) });
    }
  }
  // Strong arrows are drawn last, on top.
  edges.sort((a, b) => a.w - b.w);
  const showNumbers = m.focus !== null || m.n <= 4;
  let body = '';
  for (const e of edges) {
    const stroke = colour(e.from); // one colour per source token
    const width = 1 + 9 * e.w;
    const head = 9 + 2.2 * width;
    const a = nodes[e.from]!;
    const b = nodes[e.to]!;
    let path: string;
    let tipPath: string;
    let labelAt: Point;
    if (e.from === e.to) {
      const out = m.n === 1 ? { x: 0, y: -1 } : unit({ x: a.x - centre.x, y: a.y - centre.y });
      const d0 = rotate(out, -38);
      const d1 = rotate(out, 38);
      const p0 = boundary(a, d0);
      const tip = boundary(a, d1);
      const c1 = add(p0, d0, 58);
      const c2 = add(tip, d1, 58);
      const dir = unit({ x: tip.x - c2.x, y: tip.y - c2.y });
      const end = add(tip, dir, -head * 0.8);
      path = `M${f(p0.x)} ${f(p0.y)}C${f(c1.x)} ${f(c1.y)} ${f(c2.x)} ${f(c2.y)} ${f(end.x)} ${f(end.y)}`;
      tipPath = arrowHead(tip, dir, head);
      labelAt = add(boundary(a, out), out, 52);
    } else {
      const d = { x: b.x - a.x, y: b.y - a.y };
      const len = Math.hypot(d.x, d.y);
      const normal = unit({ x: -d.y, y: d.x });
      // Bend each arrow to its own side, so i → j and j → i do not overlap.
      const c = add({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, normal, 0.2 * len);
      const start = boundary(a, unit({ x: c.x - a.x, y: c.y - a.y }));
      const tip = boundary(b, unit({ x: c.x - b.x, y: c.y - b.y }));
      const dir = unit({ x: tip.x - c.x, y: tip.y - c.y });
      const end = add(tip, dir, -head * 0.8);
      path = `M${f(start.x)} ${f(start.y)}Q${f(c.x)} ${f(c.y)} ${f(end.x)} ${f(end.y)}`;
      tipPath = arrowHead(tip, dir, head);
      // The number sits just outside the bend, clear of the stroke.
      const mid = {
        x: 0.25 * start.x + 0.5 * c.x + 0.25 * tip.x,
        y: 0.25 * start.y + 0.5 * c.y + 0.25 * tip.y,
      };
      labelAt = add(mid, normal, width / 2 + 11);
    }
    const opacity = (0.25 + 0.75 * e.w).toFixed(3);
    body +=
      `<g class="nb-edge" data-from="${e.from}" data-to="${e.to}" data-weight="${e.w}" opacity="${opacity}">` +
      `<path d="${path}" fill="none" stroke="${stroke}" stroke-width="${f(width)}" stroke-linecap="round"/>` +
      `<path d="${tipPath}" fill="${stroke}"/></g>`;
    if (showNumbers && e.w >= LIST_WEIGHT) {
      body += `<text class="nb-edge-weight" x="${f(labelAt.x)}" y="${f(labelAt.y + 5)}" fill="${stroke}">${formatNumber(e.w, 2)}</text>`;
    }
  }
  for (const [i, p] of nodes.entries()) {
    const dim =
      m.focus !== null && m.focus !== i && !edges.some((e) => e.to === i) ? ' nb-node-dim' : '';
    body +=
      `<g class="nb-node${dim}"><rect x="${f(p.x - p.hw)}" y="${f(p.y - p.hh)}" width="${f(2 * p.hw)}" height="${NODE_H}" rx="${NODE_H / 2}"` +
      ` stroke="${colour(i)}"/><text x="${f(p.x)}" y="${f(p.y + FONT * 0.35)}">${escapeHtml(p.label)}</text></g>`;
  }
  return (
    `<svg class="nb-graph-svg" viewBox="0 ${f(top)} ${WIDTH} ${f(height)}" role="img" aria-label="${escapeHtml(title)}"` +
    ` font-size="${FONT}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`
  );
}

/** The same graph in words: for each token, what it attends to, strongest first. */
export function graphWords(m: GraphModel): string {
  let h = '';
  for (let i = 0; i < m.n; i++) {
    if (m.focus !== null && m.focus !== i) continue;
    const targets: Edge[] = [];
    let rest = 0;
    for (let j = 0; j < m.n; j++) {
      const w = m.weight(i, j);
      if (!Number.isFinite(w)) continue;
      if (w >= LIST_WEIGHT) targets.push({ from: i, to: j, w });
      else rest++;
    }
    targets.sort((a, b) => b.w - a.w);
    const list = targets
      .map((e) => `${escapeHtml(m.labels[e.to] ?? String(e.to + 1))} (${formatNumber(e.w, 2)})`)
      .join(', ');
    const tail =
      rest > 0
        ? `${list ? '; ' : ''}${rest === 1 ? 'one more token' : `${rest} more tokens`} under ${LIST_WEIGHT}`
        : '';
    h += `<li data-from="${i}"><strong>${escapeHtml(m.labels[i] ?? String(i + 1))}</strong> attends to ${list}${tail}</li>`;
  }
  return h;
}
