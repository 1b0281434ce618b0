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
    }
  | { readonly name: string; readonly kind: 'derived' };

export const presetNumber = (v: PresetNumber): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;

/**
 * What is wrong with the presets, one message per problem naming the preset and the cell:
 * a cell that does not exist or is not an input, a matrix given for a number (or the other
 * way round), a matrix of the wrong shape, a number outside its slider.
 */
export function presetProblems(
  cells: readonly PresetTarget[],
  presets: readonly Preset[],
): string[] {
  const byName = new Map(cells.map((c) => [c.name, c]));
  const out: string[] = [];
  const names = new Set<string>();
  for (const p of presets) {
    if (names.has(p.name)) out.push(`preset "${p.name}": the name is used twice`);
    names.add(p.name);
    for (const [name, v] of Object.entries(p.cells)) {
      const where = `preset "${p.name}", cell "${name}"`;
      const cell = byName.get(name);
      if (!cell) {
        out.push(
          `${where}: no such cell (inputs: ${cells
            .filter((c) => c.kind !== 'derived')
            .map((c) => c.name)
            .join(', ')})`,
        );
        continue;
      }
      if (cell.kind === 'derived') {
        out.push(`${where}: a derived cell is computed, it cannot be set`);
        continue;
      }
      if (cell.kind === 'scalar') {
        if (!(typeof v === 'number')) {
          out.push(`${where}: ${name} is a number, not a matrix`);
          continue;
        }
        if ((cell.min !== undefined && v < cell.min) || (cell.max !== undefined && v > cell.max)) {
          out.push(`${where}: ${v} is outside [${cell.min}, ${cell.max}]`);
        }
        continue;
      }
      if (!Array.isArray(v)) {
        out.push(`${where}: ${name} is a matrix, not a number`);
        continue;
      }
      const size = (from: string | undefined, fallback: number): number => {
        const set = from === undefined ? undefined : p.cells[from];
        return typeof set === 'number'
          ? set
          : from === undefined
            ? fallback
            : (scalarValue(byName.get(from)) ?? fallback);
      };
      const rows = size(cell.rowsFrom, cell.value.length);
      const cols = size(cell.colsFrom, cell.value[0]?.length ?? 0);
      const got = v as readonly (readonly PresetNumber[])[];
      if (got.length !== rows || got.some((r) => r.length !== cols)) {
        const shape = got.every((r) => r.length === got[0]?.length)
          ? `${got.length}x${got[0]?.length ?? 0}`
          : 'ragged';
        out.push(`${where}: ${name} is ${rows}x${cols}, the preset gives ${shape}`);
      }
    }
  }
  return out;
}

function scalarValue(c: PresetTarget | undefined): number | undefined {
  return c?.kind === 'scalar' ? c.value : undefined;
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

/** A seed a reader can read out loud: 1 to 99999. */
export const isSeed = (text: string): boolean => /^\d{1,5}$/.test(text.trim()) && Number(text) > 0;
