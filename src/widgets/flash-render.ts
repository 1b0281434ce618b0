/**
 * The picture and the words of FlashAttention's stepper (<nb-flash-steps>): the n × m
 * scores cut into tiles, each marked done, current or to come, and the rows of the
 * output marked finished, in progress or not begun. Shared by the build and the browser,
 * so both draw the same. Pure: strings only.
 */

export interface FlashView {
  /** Queries (rows of Q) and keys (rows of K). */
  readonly n: number;
  readonly m: number;
  readonly blockRows: number;
  readonly blockCols: number;
  /** The step asked for (clamped here to 1..steps, as the functions clamp it). */
  readonly step: number;
  readonly rowNames?: readonly string[] | undefined;
  readonly keyNames?: readonly string[] | undefined;
}

export interface FlashPosition {
  readonly step: number;
  readonly steps: number;
  readonly queryBlocks: number;
  readonly keyBlocks: number;
  /** 0-based blocks and [start, end) ranges. */
  readonly queryBlock: number;
  readonly keyBlock: number;
  readonly rows: readonly [number, number];
  readonly cols: readonly [number, number];
  readonly blockDone: boolean;
}

/** Where step `step` is, or null when the sizes leave nothing to step through. */
export function flashPosition(v: FlashView): FlashPosition | null {
  const ok = (x: number) => Number.isInteger(x) && x >= 1;
  if (!ok(v.blockRows) || !ok(v.blockCols) || !ok(v.n) || !ok(v.m)) return null;
  const queryBlocks = Math.ceil(v.n / v.blockRows);
  const keyBlocks = Math.ceil(v.m / v.blockCols);
  const steps = queryBlocks * keyBlocks;
  const step = Math.min(Math.max(1, Math.floor(Number.isFinite(v.step) ? v.step : 1)), steps);
  const queryBlock = Math.floor((step - 1) / keyBlocks);
  const keyBlock = (step - 1) % keyBlocks;
  const r0 = queryBlock * v.blockRows;
  const c0 = keyBlock * v.blockCols;
  return {
    step,
    steps,
    queryBlocks,
    keyBlocks,
    queryBlock,
    keyBlock,
    rows: [r0, Math.min(r0 + v.blockRows, v.n)],
    cols: [c0, Math.min(c0 + v.blockCols, v.m)],
    blockDone: keyBlock === keyBlocks - 1,
  };
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const range = (a: number, b: number): string => (b - a === 1 ? `${a + 1}` : `${a + 1}–${b}`);

function named(names: readonly string[] | undefined, a: number, b: number): string {
  if (!names || names.length < b) return '';
  const list = names.slice(a, b);
  const shown = list.length > 4 ? [...list.slice(0, 3), '…', list.at(-1)!] : list;
  return `: ${shown.map((w) => `“${w}”`).join(', ')}`;
}

/** One sentence for the status line: which tile, and what happens at this step. */
export function flashStepText(v: FlashView): string {
  const p = flashPosition(v);
  if (!p) return 'The block sizes must be whole numbers of at least 1.';
  const head = `Step ${p.step} of ${p.steps}: query block ${p.queryBlock + 1} of ${p.queryBlocks} (rows ${range(...p.rows)}${named(v.rowNames, ...p.rows)}) against key block ${p.keyBlock + 1} of ${p.keyBlocks} (keys ${range(...p.cols)}${named(v.keyNames, ...p.cols)}).`;
  const what =
    p.keyBlock === 0
      ? ' The block starts afresh: m = −∞, ℓ = 0 and Õ = 0 before this tile.'
      : ` The running m, ℓ and Õ carry over from key block ${p.keyBlock}.`;
  const end = p.blockDone
    ? ` This is the block's last key block: Õ / ℓ is its finished output, rows ${range(...p.rows)} of O.`
    : '';
  return head + what + end;
}

/**
 * An SVG of the scores as a grid of tiles (done, current, to come) and, to its right, the
 * output's rows (finished, in progress, not begun). Sized by its viewBox, so it scales.
 */
export function flashMapSvg(v: FlashView): string {
  const p = flashPosition(v);
  if (!p) return '';
  const cell = Math.max(8, Math.min(24, Math.floor(240 / Math.max(v.n, v.m))));
  const pad = 22;
  const gap = cell;
  const width = pad + v.m * cell + gap + cell + 4;
  const height = pad + v.n * cell + 4;
  const parts: string[] = [];
  for (let qb = 0; qb < p.queryBlocks; qb++) {
    for (let kb = 0; kb < p.keyBlocks; kb++) {
      const s = qb * p.keyBlocks + kb + 1;
      const state = s < p.step ? 'done' : s === p.step ? 'current' : 'todo';
      const r0 = qb * v.blockRows;
      const c0 = kb * v.blockCols;
      const r1 = Math.min(r0 + v.blockRows, v.n);
      const c1 = Math.min(c0 + v.blockCols, v.m);
      parts.push(
        `<rect class="fl-tile fl-${state}" x="${pad + c0 * cell}" y="${pad + r0 * cell}" width="${(c1 - c0) * cell}" height="${(r1 - r0) * cell}"></rect>`,
      );
    }
  }
  // Thin lines between entries, drawn over the tiles.
  for (let i = 1; i < v.n; i++)
    parts.push(
      `<line class="fl-grid" x1="${pad}" x2="${pad + v.m * cell}" y1="${pad + i * cell}" y2="${pad + i * cell}"></line>`,
    );
  for (let j = 1; j < v.m; j++)
    parts.push(
      `<line class="fl-grid" y1="${pad}" y2="${pad + v.n * cell}" x1="${pad + j * cell}" x2="${pad + j * cell}"></line>`,
    );
  const ox = pad + v.m * cell + gap;
  for (let qb = 0; qb < p.queryBlocks; qb++) {
    const r0 = qb * v.blockRows;
    const r1 = Math.min(r0 + v.blockRows, v.n);
    const state =
      qb < p.queryBlock || (qb === p.queryBlock && p.blockDone)
        ? 'done'
        : qb === p.queryBlock
          ? 'current'
          : 'todo';
    parts.push(
      `<rect class="fl-out fl-${state}" x="${ox}" y="${pad + r0 * cell}" width="${cell}" height="${(r1 - r0) * cell}"></rect>`,
    );
  }
  const fontSize = Math.min(12, cell);
  parts.push(
    `<text class="fl-label" x="${pad + (v.m * cell) / 2}" y="${pad - 7}" text-anchor="middle" font-size="${fontSize}">keys →</text>`,
    `<text class="fl-label" x="${pad - 7}" y="${pad + (v.n * cell) / 2}" text-anchor="middle" font-size="${fontSize}" transform="rotate(-90 ${pad - 7} ${pad + (v.n * cell) / 2})">queries →</text>`,
    `<text class="fl-label" x="${ox + cell / 2}" y="${pad - 7}" text-anchor="middle" font-size="${fontSize}">O</text>`,
  );
  const done = p.step - 1;
  const label = `The ${v.n} × ${v.m} scores cut into ${p.queryBlocks} × ${p.keyBlocks} tiles of up to ${v.blockRows} × ${v.blockCols}: ${done} tile${done === 1 ? '' : 's'} done and discarded, tile (${p.queryBlock + 1}, ${p.keyBlock + 1}) being computed, ${p.steps - p.step} to come. Output rows finished: ${p.blockDone ? p.rows[1] : p.rows[0]} of ${v.n}.`;
  return `<svg class="fl-map" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}
