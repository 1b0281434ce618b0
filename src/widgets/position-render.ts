/**
 * Markup the position chapter's widgets share between the build and the browser: a
 * sentence read in a new order, a picture of pairs of numbers as arrows in a plane, and a
 * typed sentence cut into words.
 */
import { permutationProblem, type Matrix } from '../engine/index.ts';
import { formatNumber } from './format.ts';

/** The most words a typed sentence may have: the position sliders stop there. */
export const MAX_WORDS = 64;

/** The words of `labels` in the order a 1×n (or n×1) matrix lists them, counting from 1. */
export function reordered(
  labels: readonly string[],
  order: Matrix,
): { ok: true; text: string } | { ok: false; error: string } {
  const list: number[] = [];
  for (let i = 0; i < order.rows; i++)
    for (let j = 0; j < order.cols; j++) list.push(order.get(i, j) - 1);
  const problem = permutationProblem(list, labels.length);
  if (problem) return { ok: false, error: `not an order of 1 to ${labels.length}: ${problem}` };
  return { ok: true, text: list.map((k) => labels[k]).join(' ') };
}

/** A sentence cut into words at spaces (real models cut text finer, into tokens). */
export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

export interface Arrow {
  readonly name: string;
  readonly x: number;
  readonly y: number;
}

const SIZE = 220;
const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Arrows from the origin to each point, on axes scaled to the longest, with the circle that
 * a rotation keeps each arrow on. Colours come from classes (`nb-rot-0` …), never styles.
 */
export function rotationSvg(arrows: readonly Arrow[], label: string): string {
  const finite = arrows.filter((a) => Number.isFinite(a.x) && Number.isFinite(a.y));
  const reach = Math.max(1e-9, ...finite.map((a) => Math.hypot(a.x, a.y)));
  const half = SIZE / 2;
  const unit = (half - 34) / reach;
  const px = (v: number) => (half + v * unit).toFixed(2);
  const py = (v: number) => (half - v * unit).toFixed(2);
  const circles = [...new Set(finite.map((a) => Math.hypot(a.x, a.y).toFixed(6)))]
    .map(
      (r) =>
        `<circle class="nb-rot-circle" cx="${half}" cy="${half}" r="${(Number(r) * unit).toFixed(2)}" />`,
    )
    .join('');
  const drawn = arrows
    .map((a, k) => {
      if (!Number.isFinite(a.x) || !Number.isFinite(a.y)) return '';
      const len = Math.hypot(a.x, a.y);
      // The name sits a little beyond the tip, on the arrow's line.
      const out = len === 0 ? 0 : 14 / (len * unit);
      const [lx, ly] = [a.x * (1 + out), a.y * (1 + out)];
      return (
        `<g class="nb-rot-${k % 4}"><line x1="${half}" y1="${half}" x2="${px(a.x)}" y2="${py(a.y)}" />` +
        `<circle cx="${px(a.x)}" cy="${py(a.y)}" r="3.5" />` +
        `<text x="${px(lx)}" y="${py(ly)}" text-anchor="middle" dominant-baseline="middle">${escapeXml(a.name)}</text></g>`
      );
    })
    .join('');
  const described = arrows
    .map((a) =>
      Number.isFinite(a.x) && Number.isFinite(a.y)
        ? `${a.name} = (${formatNumber(a.x, 2)}, ${formatNumber(a.y, 2)})`
        : `${a.name} not drawn (no finite pair)`,
    )
    .join(', ');
  return (
    `<svg class="nb-rot-svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="${escapeXml(`${label}: ${described}`)}">` +
    `<line class="nb-rot-axis" x1="6" y1="${half}" x2="${SIZE - 6}" y2="${half}" />` +
    `<line class="nb-rot-axis" x1="${half}" y1="6" x2="${half}" y2="${SIZE - 6}" />` +
    circles +
    drawn +
    `</svg>`
  );
}

/** Pair `pair` (from 1) of the first row of each matrix, as arrows named `names`. */
export function pairArrows(
  values: readonly (Matrix | undefined)[],
  names: readonly string[],
  pair: number,
): Arrow[] {
  return values.map((m, k) => {
    const c = 2 * (pair - 1);
    const ok = m !== undefined && m.cols > c + 1 && m.rows > 0;
    return { name: names[k] ?? '', x: ok ? m.get(0, c) : NaN, y: ok ? m.get(0, c + 1) : NaN };
  });
}
