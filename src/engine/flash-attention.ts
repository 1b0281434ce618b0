/**
 * flashAttention(Q, K, V, { blockRows, blockCols }): the same numbers as
 * attention(Q, K, V), computed tile by tile with an online softmax, the way
 * FlashAttention does (Dao et al., 2022; the loop order of FlashAttention-2).
 * The n x m matrix of scores is never held whole: one B_r x B_c tile at a time.
 *
 *     for each block i of B_r query rows:            m = -Infinity, l = 0, O~ = 0
 *       for each block j of B_c keys (and values):
 *         S_ij  = Q_i K_j^T * scale                    (a B_r x B_c tile)
 *         m_new = max(m, rowmax(S_ij))
 *         alpha = exp(m - m_new)                       (rescales what came before)
 *         P_ij  = exp(S_ij - m_new)
 *         l     = alpha * l + rowsum(P_ij)
 *         O~    = alpha * O~ + P_ij V_j
 *         m     = m_new
 *       O_i = O~ / l
 *
 * Block sizes need not divide n or m: the last block is smaller.
 *
 * flashState(Q, K, V, options, step) is the state after step `step` (1-based,
 * clamped to the last), for stepping through the algorithm: which tile, the
 * running max and sum before and after, the rescaling factors and the
 * accumulator. Query blocks are independent, so only the current block's key
 * blocks up to this one are computed.
 *
 * Numerics, matching attention() and softmax():
 * - -Infinity scores (masked, or from infinite inputs) get weight exactly 0; a
 *   row whose every score is -Infinity gets an output of 0 and is listed in
 *   `fullyMaskedRows`, never NaN. While a row has seen only -Infinity, its m
 *   stays -Infinity and l and O~ stay 0.
 * - +Infinity scores share the weight equally (exp(s - m) is taken as 1 when
 *   s === m, also when both are infinite).
 * - A NaN score throws `flashAttention: score row 2, column 5 is NaN` (0-based).
 * - `mask` and `causal` block keys as in attention(); the full run skips a
 *   tile whose every score is blocked (block-sparse FlashAttention) and counts
 *   it in `skippedTiles`.
 *
 * See also: attention, softmax.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';
import { maskToFlat, type MaskLike } from './mask.ts';

export interface FlashOptions {
  /** B_r: query rows per block (a whole number >= 1). */
  blockRows: number;
  /** B_c: keys (and values) per block (a whole number >= 1). */
  blockCols: number;
  /** Block every key j > query i. */
  causal?: boolean;
  /** n x m, true (nonzero) = blocked; combined with `causal` by OR. */
  mask?: MaskLike;
  /** Multiplies Q K^T; default 1 / sqrt(d_k) (computed as a division by sqrt(d_k)). */
  scale?: number;
}

export interface FlashResult {
  /** n x d_v: softmax(Q K^T * scale) V, row by row. */
  output: Matrix;
  /** Queries whose every key is blocked (output row 0). */
  fullyMaskedRows: number[];
  /** (query block, key block) pairs in the algorithm: T_r * T_c. */
  steps: number;
  /** Tiles not computed because every score in them is blocked. */
  skippedTiles: number;
}

/** How the rows and keys are cut: T_r query blocks, T_c key blocks, T_r * T_c steps. */
export interface FlashSchedule {
  readonly queryBlocks: number;
  readonly keyBlocks: number;
  readonly steps: number;
}

export interface FlashState {
  /** The step shown, 1-based (the one asked for, clamped to 1..steps). */
  readonly step: number;
  readonly steps: number;
  /** 0-based index of the query block i and the key block j of this step. */
  readonly queryBlock: number;
  readonly keyBlock: number;
  readonly queryBlocks: number;
  readonly keyBlocks: number;
  /** The query rows [start, end) and keys [start, end) of the tile. */
  readonly rows: readonly [number, number];
  readonly cols: readonly [number, number];
  /** S_ij, the tile of scores (with -Infinity where blocked). */
  readonly tile: Matrix;
  /** Per row of the block: the running max and sum before this step and after it. */
  readonly maxBefore: Float64Array;
  readonly max: Float64Array;
  readonly sumBefore: Float64Array;
  readonly sum: Float64Array;
  /** exp(m_before - m): what the old sum and accumulator were multiplied by. */
  readonly rescale: Float64Array;
  /** O~ before and after this step (B_r x d_v, not yet divided by the sum). */
  readonly accBefore: Matrix;
  readonly acc: Matrix;
  /** This was the query block's last key block: acc / sum is its finished output. */
  readonly blockDone: boolean;
}

function checkBlock(name: string, b: number): number {
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 1) {
    throw new RangeError(`flashAttention: ${name} must be a whole number >= 1, got ${String(b)}`);
  }
  return b;
}

/** The number of blocks and steps for n queries and m keys. */
export function flashSchedule(
  n: number,
  m: number,
  blockRows: number,
  blockCols: number,
): FlashSchedule {
  checkBlock('blockRows', blockRows);
  checkBlock('blockCols', blockCols);
  const queryBlocks = Math.ceil(n / blockRows);
  const keyBlocks = Math.ceil(m / blockCols);
  return { queryBlocks, keyBlocks, steps: queryBlocks * keyBlocks };
}

/** exp(a - b), with exp(∞ - ∞) = 1 (equal scores share): the weight of a against a max b. */
function expFrom(a: number, b: number): number {
  return a === b ? 1 : Math.exp(a - b);
}

interface Prepared {
  Q: Matrix;
  K: Matrix;
  V: Matrix;
  n: number;
  m: number;
  dv: number;
  scale: number | undefined;
  root: number;
  blocked: Uint8Array | null;
  causal: boolean;
}

function prepare(
  qIn: MatrixLike,
  kIn: MatrixLike,
  vIn: MatrixLike | null,
  options: FlashOptions,
): Prepared {
  const Q = toMatrix(qIn);
  const K = toMatrix(kIn);
  const V = vIn === null ? new Matrix(K.rows, 0, new Float64Array(0)) : toMatrix(vIn);
  if (Q.cols !== K.cols) {
    throw new ShapeError(
      'flashAttention',
      `Q ${fmtShape(Q)}, K ${fmtShape(K)}: query and key widths ${Q.cols} and ${K.cols} differ`,
    );
  }
  if (K.rows !== V.rows) {
    throw new ShapeError(
      'flashAttention',
      `K ${fmtShape(K)}, V ${fmtShape(V)}: key and value counts ${K.rows} and ${V.rows} differ`,
    );
  }
  checkBlock('blockRows', options.blockRows);
  checkBlock('blockCols', options.blockCols);
  if (options.scale !== undefined && !Number.isFinite(options.scale)) {
    throw new RangeError(
      `flashAttention: scale must be a finite number, got ${String(options.scale)}`,
    );
  }
  const blocked =
    options.mask === undefined
      ? null
      : maskToFlat('flashAttention', options.mask, Q.rows, K.rows, 'scores');
  return {
    Q,
    K,
    V,
    n: Q.rows,
    m: K.rows,
    dv: V.cols,
    scale: options.scale,
    root: Math.sqrt(K.cols),
    blocked,
    causal: options.causal === true,
  };
}

const isBlocked = (p: Prepared, i: number, j: number): boolean =>
  (p.causal && j > i) || (p.blocked !== null && p.blocked[i * p.m + j] === 1);

/** Score (i, j): Q_i · K_j times the scale, or -Infinity where blocked. */
function score(p: Prepared, i: number, j: number): number {
  if (isBlocked(p, i, j)) return -Infinity;
  let d = 0;
  for (let u = 0; u < p.Q.cols; u++) d += p.Q.get(i, u) * p.K.get(j, u);
  // As attention(): a division by sqrt(d_k), so the two agree to the last bit on the scores.
  const s = p.scale === undefined ? (p.root === 1 || p.root === 0 ? d : d / p.root) : d * p.scale;
  if (Number.isNaN(s)) {
    throw new Error(`flashAttention: score row ${i}, column ${j} is NaN`);
  }
  return s;
}

/** Every score of the tile blocked: nothing to compute (only with a mask or causal). */
function tileBlocked(p: Prepared, r0: number, r1: number, c0: number, c1: number): boolean {
  if (!p.causal && p.blocked === null) return false;
  for (let i = r0; i < r1; i++) for (let j = c0; j < c1; j++) if (!isBlocked(p, i, j)) return false;
  return true;
}

/**
 * One step on rows [r0, r1) against keys [c0, c1): updates m, l and the accumulator
 * (row-major, (r1 - r0) x dv) in place, and returns the tile and the rescaling factors.
 */
function stepTile(
  p: Prepared,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  m: Float64Array,
  l: Float64Array,
  acc: Float64Array,
): { tile: Float64Array; rescale: Float64Array } {
  const br = r1 - r0;
  const bc = c1 - c0;
  const tile = new Float64Array(br * bc);
  const rescale = new Float64Array(br);
  const weights = new Float64Array(bc);
  for (let r = 0; r < br; r++) {
    let tileMax = -Infinity;
    for (let c = 0; c < bc; c++) {
      const s = score(p, r0 + r, c0 + c);
      tile[r * bc + c] = s;
      if (s > tileMax) tileMax = s;
    }
    const mOld = m[r]!;
    const mNew = mOld > tileMax ? mOld : tileMax;
    if (mNew === -Infinity) {
      // Only -Infinity so far: nothing seen, nothing to rescale.
      rescale[r] = 1;
      continue;
    }
    const alpha = expFrom(mOld, mNew);
    rescale[r] = alpha;
    let rowSum = 0;
    for (let c = 0; c < bc; c++) {
      const s = tile[r * bc + c]!;
      const w = s === -Infinity ? 0 : expFrom(s, mNew);
      weights[c] = w;
      rowSum += w;
    }
    m[r] = mNew;
    l[r] = alpha * l[r]! + rowSum;
    const o = r * p.dv;
    for (let v = 0; v < p.dv; v++) {
      let t = 0;
      for (let c = 0; c < bc; c++) t += weights[c]! * p.V.get(c0 + c, v);
      acc[o + v] = alpha * acc[o + v]! + t;
    }
  }
  return { tile, rescale };
}

export function flashAttention(
  qIn: MatrixLike,
  kIn: MatrixLike,
  vIn: MatrixLike,
  options: FlashOptions,
): FlashResult {
  const p = prepare(qIn, kIn, vIn, options);
  const { blockRows: Br, blockCols: Bc } = options;
  const schedule = flashSchedule(p.n, p.m, Br, Bc);
  const out = new Float64Array(p.n * p.dv);
  const fullyMaskedRows: number[] = [];
  let skippedTiles = 0;
  for (let r0 = 0; r0 < p.n; r0 += Br) {
    const r1 = Math.min(r0 + Br, p.n);
    const m = new Float64Array(r1 - r0).fill(-Infinity);
    const l = new Float64Array(r1 - r0);
    const acc = new Float64Array((r1 - r0) * p.dv);
    for (let c0 = 0; c0 < p.m; c0 += Bc) {
      const c1 = Math.min(c0 + Bc, p.m);
      if (tileBlocked(p, r0, r1, c0, c1)) {
        skippedTiles++;
        continue;
      }
      stepTile(p, r0, r1, c0, c1, m, l, acc);
    }
    for (let r = 0; r < r1 - r0; r++) {
      if (l[r] === 0) {
        fullyMaskedRows.push(r0 + r);
        continue; // the row stays 0
      }
      for (let v = 0; v < p.dv; v++) out[(r0 + r) * p.dv + v] = acc[r * p.dv + v]! / l[r]!;
    }
  }
  return {
    output: new Matrix(p.n, p.dv, out),
    fullyMaskedRows,
    steps: schedule.steps,
    skippedTiles,
  };
}

/**
 * The algorithm's state after step `step` (1-based; clamped to 1..steps). Pass `null` for
 * V when only the scores, the max and the sum are wanted (the accumulator is then 0 wide).
 * Every tile is stepped through, blocked or not, so the steps are the same for any mask.
 */
export function flashState(
  qIn: MatrixLike,
  kIn: MatrixLike,
  vIn: MatrixLike | null,
  options: FlashOptions,
  step: number,
): FlashState {
  const p = prepare(qIn, kIn, vIn, options);
  const { blockRows: Br, blockCols: Bc } = options;
  const { queryBlocks, keyBlocks, steps } = flashSchedule(p.n, p.m, Br, Bc);
  if (steps === 0) {
    throw new RangeError(
      `flashAttention: ${fmtShape(p.Q)} queries and ${fmtShape(p.K)} keys leave no tile`,
    );
  }
  if (typeof step !== 'number' || Number.isNaN(step)) {
    throw new RangeError(`flashAttention: the step must be a number, got ${String(step)}`);
  }
  const t = Math.min(Math.max(1, Math.floor(step)), steps);
  const qb = Math.floor((t - 1) / keyBlocks);
  const kb = (t - 1) % keyBlocks;
  const r0 = qb * Br;
  const r1 = Math.min(r0 + Br, p.n);
  const br = r1 - r0;
  const m = new Float64Array(br).fill(-Infinity);
  const l = new Float64Array(br);
  const acc = new Float64Array(br * p.dv);
  let last: { tile: Float64Array; rescale: Float64Array } = {
    tile: new Float64Array(0),
    rescale: new Float64Array(br),
  };
  let before: { m: Float64Array; l: Float64Array; acc: Float64Array } = { m, l, acc };
  for (let j = 0; j <= kb; j++) {
    const c0 = j * Bc;
    const c1 = Math.min(c0 + Bc, p.m);
    if (j === kb) before = { m: m.slice(), l: l.slice(), acc: acc.slice() };
    last = stepTile(p, r0, r1, c0, c1, m, l, acc);
  }
  const c0 = kb * Bc;
  const c1 = Math.min(c0 + Bc, p.m);
  return {
    step: t,
    steps,
    queryBlock: qb,
    keyBlock: kb,
    queryBlocks,
    keyBlocks,
    rows: [r0, r1],
    cols: [c0, c1],
    tile: new Matrix(br, c1 - c0, last.tile),
    maxBefore: before.m,
    max: m,
    sumBefore: before.l,
    sum: l,
    rescale: last.rescale,
    accBefore: new Matrix(br, p.dv, before.acc),
    acc: new Matrix(br, p.dv, acc),
    blockDone: kb === keyBlocks - 1,
  };
}
