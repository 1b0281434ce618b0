/**
 * Named sets of input numbers a chapter offers (frontmatter `presets`), and a seeded
 * random example: the same seed always gives the same numbers, so a teacher can say
 * "seed 42" to a class. Pure, for the build, the page and the tests alike.
 */

export type PresetNumber = number | 'Infinity' | '-Infinity';

export interface Preset {
  readonly name: string;
  readonly description?: string | undefined;
  readonly cells: Readonly<Record<string, PresetNumber | readonly (readonly PresetNumber[])[]>>;
}

/** What a preset is checked against: a chapter's cells, as written or as prepared. */
export type PresetTarget =
  | {
      readonly name: string;
      readonly kind: 'matrix';
      readonly value: readonly (readonly unknown[])[];
      readonly rowsFrom?: string | undefined;
      readonly colsFrom?: string | undefined;
    }
  | {
      readonly name: string;
      readonly kind: 'scalar';
      readonly value: number;
      readonly min?: number | undefined;
      readonly max?: number | undefined;
      readonly step?: number | undefined;
    }
  | { readonly name: string; readonly kind: 'derived' };

export const presetNumber = (v: PresetNumber): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;

/** The largest number of rows or columns a size slider, a link or a preset may ask for. */
export const MAX_SIDE = 64;

/** A value for an input cell: a number, or a matrix as rows. */
export type CellValue = number | readonly (readonly number[])[];

/** Why a value does not fit its cell; messages are worded by the caller (a link, a preset). */
export type ValueProblem = { readonly cell: string } & (
  | { readonly kind: 'unknown' }
  | { readonly kind: 'derived' }
  | { readonly kind: 'wants-number' }
  | { readonly kind: 'wants-matrix' }
  | { readonly kind: 'not-finite'; readonly value: number }
  | {
      readonly kind: 'range';
      readonly value: number;
      readonly min?: number | undefined;
      readonly max?: number | undefined;
    }
  | { readonly kind: 'step'; readonly value: number; readonly step: number; readonly from: number }
  | { readonly kind: 'size'; readonly value: number }
  | {
      readonly kind: 'shape';
      readonly rows: number;
      readonly cols: number;
      /** "3x2", or "ragged" when the rows differ in length. */
      readonly given: string;
    }
  | { readonly kind: 'entry'; readonly row: number; readonly col: number }
);

const isOnStep = (v: number, from: number, step: number): boolean => {
  const k = (v - from) / step;
  return Math.abs(k - Math.round(k)) <= 1e-6 * Math.max(1, Math.abs(k));
};

/**
 * Checks values for a chapter's input cells, every cell of them, against what the chapter
 * allows: an input that exists, the right kind, a matrix of the shape the chapter has (or
 * the shape its size sliders give, set in the same values or left as they are), a slider's
 * number finite, in range and on its step, a size a whole number from 1 to MAX_SIDE, and
 * matrix entries that are numbers (±Infinity allowed). Names are looked up as own keys
 * only, so `__proto__` or `constructor` is just an unknown cell.
 */
export function valueProblems(
  cells: readonly PresetTarget[],
  values: Iterable<readonly [string, CellValue]>,
): ValueProblem[] {
  const byName = new Map(cells.map((c) => [c.name, c]));
  const given = new Map(values);
  const drivers = new Set<string>();
  for (const c of cells) {
    if (c.kind !== 'matrix') continue;
    if (c.rowsFrom !== undefined) drivers.add(c.rowsFrom);
    if (c.colsFrom !== undefined) drivers.add(c.colsFrom);
  }
  const out: ValueProblem[] = [];
  const bad = new Set<string>();
  // Scalars first: a matrix's expected shape depends on its size sliders.
  const ordered = [...given].sort(
    ([, a], [, b]) => Number(Array.isArray(a)) - Number(Array.isArray(b)),
  );
  for (const [name, v] of ordered) {
    const cell = byName.get(name);
    const problem = ((): ValueProblem | undefined => {
      if (!cell) return { cell: name, kind: 'unknown' };
      if (cell.kind === 'derived') return { cell: name, kind: 'derived' };
      if (cell.kind === 'scalar') {
        if (typeof v !== 'number') return { cell: name, kind: 'wants-number' };
        if ((cell.min !== undefined && v < cell.min) || (cell.max !== undefined && v > cell.max))
          return { cell: name, kind: 'range', value: v, min: cell.min, max: cell.max };
        if (!Number.isFinite(v)) return { cell: name, kind: 'not-finite', value: v };
        const from = cell.min ?? 0;
        if (cell.step !== undefined && cell.step > 0 && !isOnStep(v, from, cell.step))
          return { cell: name, kind: 'step', value: v, step: cell.step, from };
        if (drivers.has(name) && !(Number.isInteger(v) && v >= 1 && v <= MAX_SIDE))
          return { cell: name, kind: 'size', value: v };
        return undefined;
      }
      if (!Array.isArray(v)) return { cell: name, kind: 'wants-matrix' };
      const size = (from: string | undefined, fallback: number): number => {
        if (from === undefined) return fallback;
        const set = given.get(from);
        if (typeof set === 'number' && !bad.has(from)) return set;
        const driver = byName.get(from);
        return driver?.kind === 'scalar' ? driver.value : fallback;
      };
      const rows = size(cell.rowsFrom, cell.value.length);
      const cols = size(cell.colsFrom, cell.value[0]?.length ?? 0);
      const got = v as readonly (readonly unknown[])[];
      if (got.length !== rows || got.some((r) => !Array.isArray(r) || r.length !== cols)) {
        const shape = got.every((r) => Array.isArray(r) && r.length === got[0]?.length)
          ? `${got.length}x${got[0]?.length ?? 0}`
          : 'ragged';
        return { cell: name, kind: 'shape', rows, cols, given: shape };
      }
      for (let i = 0; i < got.length; i++)
        for (let j = 0; j < cols; j++) {
          const x = got[i]![j];
          if (typeof x !== 'number' || Number.isNaN(x))
            return { cell: name, kind: 'entry', row: i + 1, col: j + 1 };
        }
      return undefined;
    })();
    if (problem) {
      out.push(problem);
      bad.add(name);
    }
  }
  return out;
}

/**
 * What is wrong with the presets, one message per problem naming the preset and the cell:
 * a cell that does not exist or is not an input, a matrix given for a number (or the other
 * way round), a matrix of the wrong shape, a number outside its slider or off its step.
 */
export function presetProblems(
  cells: readonly PresetTarget[],
  presets: readonly Preset[],
): string[] {
  const out: string[] = [];
  const names = new Set<string>();
  const inputs = cells
    .filter((c) => c.kind !== 'derived')
    .map((c) => c.name)
    .join(', ');
  for (const p of presets) {
    if (names.has(p.name)) out.push(`preset "${p.name}": the name is used twice`);
    names.add(p.name);
    const values = Object.entries(p.cells).map(
      ([name, v]) =>
        [
          name,
          Array.isArray(v)
            ? (v as readonly (readonly PresetNumber[])[]).map((r) => r.map(presetNumber))
            : presetNumber(v as PresetNumber),
        ] as const,
    );
    const problems = valueProblems(cells, values);
    // In the order the preset gives its cells, as an author reads them.
    const order = new Map(values.map(([n], k) => [n, k]));
    problems.sort((a, b) => order.get(a.cell)! - order.get(b.cell)!);
    for (const q of problems) {
      const name = q.cell;
      const where = `preset "${p.name}", cell "${name}"`;
      const text = ((): string => {
        switch (q.kind) {
          case 'unknown':
            return `no such cell (inputs: ${inputs})`;
          case 'derived':
            return 'a derived cell is computed, it cannot be set';
          case 'wants-number':
            return `${name} is a number, not a matrix`;
          case 'wants-matrix':
            return `${name} is a matrix, not a number`;
          case 'not-finite':
            return `${name} is a slider, it cannot be ${q.value}`;
          case 'range':
            return `${q.value} is outside [${q.min}, ${q.max}]`;
          case 'step':
            return `${q.value} is not on the slider's step of ${q.step} from ${q.from}`;
          case 'size':
            return `${name} sets a size, so it must be a whole number from 1 to ${MAX_SIDE}`;
          case 'shape':
            return `${name} is ${q.rows}x${q.cols}, the preset gives ${q.given}`;
          case 'entry':
            return `row ${q.row}, column ${q.col} is not a number`;
        }
      })();
      out.push(`${where}: ${text}`);
    }
  }
  return out;
}

/** Mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Numbers in [-1, 1] with two decimals for every matrix input, in the shapes given, from
 * one seed; cells are filled in the order given, row by row.
 */
export function randomMatrices(
  shapes: readonly (readonly [string, number, number])[],
  seed: number,
): Map<string, number[][]> {
  const next = mulberry32(seed);
  const out = new Map<string, number[][]>();
  for (const [name, rows, cols] of shapes) {
    const m: number[][] = [];
    for (let i = 0; i < rows; i++) {
      const row: number[] = [];
      for (let j = 0; j < cols; j++) row.push(Math.round((next() * 2 - 1) * 100) / 100 || 0);
      m.push(row);
    }
    out.set(name, m);
  }
  return out;
}

/** Whether a matrix lists an order: one row or one column holding each of 1 … n once, n ≥ 2. */
export function isOrder(rows: readonly (readonly number[])[]): boolean {
  const flat = rows.flat();
  if (flat.length < 2 || (rows.length !== 1 && rows.some((r) => r.length !== 1))) return false;
  return [...flat].sort((a, b) => a - b).every((v, k) => v === k + 1);
}

/**
 * Random numbers turned into an order of the same shape: each entry's rank among them,
 * ties broken by place. A random example keeps an order an order (the position chapter's
 * permutation), still decided by the seed alone.
 */
export function ranksOf(rows: readonly (readonly number[])[]): number[][] {
  const flat = rows.flat();
  const byValue = flat.map((v, k) => [v, k] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rank = new Array<number>(flat.length);
  byValue.forEach(([, k], r) => (rank[k] = r + 1));
  let k = 0;
  return rows.map((r) => r.map(() => rank[k++]!));
}

/** A seed a reader can read out loud: 1 to 99999. */
export const isSeed = (text: string): boolean => /^\d{1,5}$/.test(text.trim()) && Number(text) > 0;
