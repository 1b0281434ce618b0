/**
 * The page as a Python script: the current inputs as arrays with every digit, each
 * derived cell translated from its expression tree (each function's NumPy and PyTorch
 * code is part of its definition in functions/), the helpers that make Python agree
 * with the page where numpy or PyTorch would differ (softmax of a fully masked row, the
 * causal mask, layer norm's epsilon), and a print of every derived cell (of the inputs, on
 * a page that derives none). Pure: the export dialog and the tests both call it with a
 * notebook.
 */
import type { Expr } from './expr.ts';
import { CONSTANTS, FUNCTIONS } from './functions.ts';
import {
  PY_HELPERS,
  type Call,
  type Code,
  type Kind,
  type PyCall,
  type PyHelper,
} from './functions/define.ts';
import type { Notebook } from './notebook.ts';

export type ExportTarget = 'numpy' | 'torch';

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield print range max min abs float int len enumerate math np torch'.split(
    ' ',
  ),
);

/** The Python for one call, in a script for `target`. */
class Translator {
  readonly helpers = new Map<string, PyHelper>();
  private readonly target: ExportTarget;
  private readonly kindOfCell: (name: string) => Kind;
  private readonly pyName: (name: string) => string;

  constructor(
    target: ExportTarget,
    kindOfCell: (name: string) => Kind,
    pyName: (name: string) => string,
  ) {
    this.target = target;
    this.kindOfCell = kindOfCell;
    this.pyName = pyName;
  }

  kind(e: Expr): Kind {
    if (e.kind === 'number') return 'number';
    if (e.kind === 'symbol')
      return Object.hasOwn(CONSTANTS, e.name) ? 'number' : this.kindOfCell(e.name);
    const returns = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn]!.returns : 'matrix';
    if (returns !== 'same') return returns;
    return e.args.some((a) => this.kind(a) === 'matrix') ? 'matrix' : 'number';
  }

  number(v: number): string {
    const inf = this.target === 'numpy' ? 'np.inf' : 'math.inf';
    if (v === Infinity) return inf;
    if (v === -Infinity) return `-${inf}`;
    if (Object.is(v, -0)) return '-0.0';
    return String(v);
  }

  code(e: Expr): Code {
    if (e.kind === 'number')
      return { text: this.number(e.value), prec: e.value < 0 || e.value === -Infinity ? 3 : 9 };
    if (e.kind === 'symbol') {
      if (e.name === 'Infinity') return { text: this.number(Infinity), prec: 9 };
      if (e.name === 'pi' || e.name === 'e')
        return { text: `${this.target === 'numpy' ? 'np' : 'math'}.${e.name}`, prec: 9 };
      return { text: this.pyName(e.name), prec: 9 };
    }
    return this.call(e);
  }

  /** A helper and the helpers it calls, each once, a helper's own before it. */
  private use(h: PyHelper): void {
    if (this.helpers.has(h.name)) return;
    h.uses?.forEach((u) => this.use(u));
    this.helpers.set(h.name, h);
  }

  private call(e: Call): Code {
    const def = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn] : undefined;
    if (!def) {
      throw new Error(
        `export: no ${this.target === 'numpy' ? 'NumPy' : 'PyTorch'} translation for the function "${e.fn}" yet`,
      );
    }
    const kinds = e.args.map((x) => this.kind(x));
    const code = (i: number): Code => this.code(e.args[i]!);
    const arg = (i: number, min: number): string => {
      const c = code(i);
      return c.prec < min ? `(${c.text})` : c.text;
    };
    const py: PyCall = {
      args: e.args,
      kinds,
      numbers: kinds.every((k) => k === 'number'),
      code: (i) => code(i).text,
      operand: code,
      arg,
      bin: (op, prec) => ({ text: `${arg(0, prec)} ${op} ${arg(1, prec + 1)}`, prec }),
      call: (name) => ({
        text: `${name}(${e.args.map((_, i) => code(i).text).join(', ')})`,
        prec: 9,
      }),
      helper: (h) => {
        this.use(h);
        return py.call(h.name);
      },
    };
    return def[this.target](py);
  }
}

export interface ExportOptions {
  /** A line saying where the numbers come from (the chapter's title and address). */
  readonly title?: string;
}

const HELPER_NAMES = new Set(PY_HELPERS.map((h) => h.name));

/** The Python variable of each cell: its own name, unless that is a keyword or a helper's. */
export function pythonNames(nb: Notebook): Map<string, string> {
  const used = new Set<string>();
  const names = new Map<string, string>();
  for (const name of nb.cells.keys()) {
    let py = KEYWORDS.has(name) || HELPER_NAMES.has(name) ? `${name}_` : name;
    while (used.has(py) || (nb.cells.has(py) && py !== name)) py += '_';
    used.add(py);
    names.set(name, py);
  }
  return names;
}

/** What the export says of a page without a single matrix or number. */
export const NOTHING_TO_EXPORT = 'this page has no matrices or numbers to export.';

/** A Python script that recomputes every derived cell of `nb` from its current inputs. */
export function exportScript(
  nb: Notebook,
  target: ExportTarget,
  options: ExportOptions = {},
): string {
  if (nb.cells.size === 0) return `# ${options.title ?? nb.id}: ${NOTHING_TO_EXPORT}\n`;
  const names = pythonNames(nb);
  const pyName = (n: string): string => names.get(n) ?? n;
  const snapshot = nb.snapshot();
  const kindOfCell = (n: string): Kind => {
    if (n in snapshot) return typeof snapshot[n] === 'number' ? 'number' : 'matrix';
    const s = nb.state(n);
    return s.status === 'ok' && typeof s.value === 'number' ? 'number' : 'matrix';
  };
  const t = new Translator(target, kindOfCell, pyName);

  const inputs: string[] = [];
  const derived: string[] = [];
  const printed: string[] = [];
  for (const [name, cell] of nb.cells) {
    const py = pyName(name);
    const labels = (key: string | undefined): string | undefined =>
      key ? nb.labels[key]?.join(', ') : undefined;
    if (cell.kind !== 'derived') {
      const v = snapshot[name]!;
      if (cell.caption) inputs.push(`# ${name}: ${cell.caption}`);
      const rows = labels(cell.rowLabels);
      const cols = labels(cell.colLabels);
      if (rows) inputs.push(`# rows: ${rows}`);
      if (cols) inputs.push(`# columns: ${cols}`);
      if (typeof v === 'number') {
        inputs.push(`${py} = ${t.number(v)}`);
      } else {
        const body = v.map((r) => `    [${r.map((x) => t.number(x)).join(', ')}],`).join('\n');
        inputs.push(
          target === 'numpy'
            ? `${py} = np.array([\n${body}\n], dtype=float)`
            : `${py} = torch.tensor([\n${body}\n], dtype=torch.float64)`,
        );
      }
      inputs.push('');
      continue;
    }
    const expr = nb.expression(name)!;
    const state = nb.state(name);
    if (state.status === 'error') {
      derived.push(`# ${name} = ${cell.expr}: not computed on the page (${state.error})`);
      continue;
    }
    derived.push(`${py} = ${t.code(expr).text}${cell.caption ? `  # ${cell.caption}` : ''}`);
    printed.push(name);
  }

  const inputNames = [...nb.cells].filter(([, c]) => c.kind !== 'derived').map(([n]) => n);
  if (inputNames.length === nb.cells.size) {
    // Nothing on the page is computed from the inputs: the script gives (and prints) them.
    derived.push('# None: this page computes nothing from its inputs, so the script prints them.');
    printed.push(...inputNames);
  }
  const lib = target === 'numpy' ? 'NumPy' : 'PyTorch';
  const head = [
    `# ${options.title ?? nb.id}: the numbers on the page, recomputed with ${lib}.`,
    '# Rows are tokens; the attention matrix has one row per query (softmax along each row).',
    '',
    target === 'numpy' ? 'import numpy as np' : 'import math\n\nimport torch',
    '',
    target === 'numpy'
      ? '# -inf is a legal score (a masked one): no warnings for inf - inf in the helpers.\nnp.seterr(all="ignore")'
      : 'torch.set_printoptions(precision=4, sci_mode=False)',
    '',
  ];
  const helperCode =
    t.helpers.size > 0 ? [...[...t.helpers.values()].map((h) => `${h[target]}\n\n`), ''] : [];
  const printing =
    target === 'numpy' ? ['np.set_printoptions(precision=4, suppress=True, linewidth=120)'] : [];
  printing.push(
    `for name, value in [${printed.map((n) => `("${n}", ${pyName(n)})`).join(', ')}]:`,
    '    print(f"{name} =")',
    '    print(value)',
  );
  return [
    ...head,
    ...helperCode,
    '# Inputs, exactly as on the page',
    '',
    ...inputs,
    '# Derived cells',
    '',
    ...derived,
    '',
    ...printing,
    '',
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
