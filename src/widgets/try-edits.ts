/** The edits a "try this" prompt makes: `E[7,3]=0; T=0.5`, rows and columns from 1. */
export interface TryEdit {
  readonly cell: string;
  readonly row?: number;
  readonly col?: number;
  readonly value: number;
}

const EDIT =
  /^\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\[\s*(\d+)\s*,\s*(\d+)\s*\])?\s*=\s*(-?(?:Infinity|\d*\.?\d+(?:e[+-]?\d+)?))\s*$/i;

export function parseEdits(text: string): TryEdit[] {
  return text
    .split(';')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const m = EDIT.exec(s);
      if (!m) throw new Error(`cannot read the edit "${s.trim()}": write E[7,3]=0 or T=0.5`);
      const value = Number(m[4]);
      return m[2] === undefined
        ? { cell: m[1]!, value }
        : { cell: m[1]!, row: Number(m[2]), col: Number(m[3]), value };
    });
}
