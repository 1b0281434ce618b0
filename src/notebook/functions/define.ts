/**
 * What one function of the formula language is: every part the site needs of it, in one
 * object (see `FunctionDef`), and the small tools the definitions share. The registry in
 * `index.ts` collects the definitions; evaluation, TeX, labels, the export to Python and
 * "explain this number" all read them from there.
 */
import { map, matrix, Matrix } from '../../engine/index.ts';
import type { Expr } from '../expr.ts';

export type Value = number | Matrix;

/** Something worth telling the reader about a result that is still correct (a fully masked row). */
export interface Note {
  readonly message: string;
}

export class EvalError extends Error {
  override name = 'EvalError';
}

export type Call = Extract<Expr, { kind: 'call' }>;

/** The label sets that name a result's rows and columns. */
export interface Axes {
  readonly rows: string | undefined;
  readonly cols: string | undefined;
}

export const NO_AXES: Axes = { rows: undefined, cols: undefined };

/**
 * Where a result's labels come from: `'first'`, the shape of the first argument (or of the
 * second, when the first is a number, as in `2 - X`); `'none'`; or a rule of its own, given
 * the labels of the arguments and the arguments themselves.
 */
export type LabelRule =
  'first' | 'none' | ((args: readonly Axes[], exprs: readonly Expr[]) => Axes);

/** A Python value: a number or an array (a NumPy array or a torch tensor). */
export type Kind = 'number' | 'matrix';

export interface Code {
  readonly text: string;
  /** Python binding strength: 1 + -, 2 * / @, 3 unary, 4 **, 9 atoms and calls. */
  readonly prec: number;
}

/** A Python function the exported script defines when a translation calls it. */
export interface PyHelper {
  readonly name: string;
  readonly numpy: string;
  readonly torch: string;
  /** Helpers this one calls. */
  readonly uses?: readonly PyHelper[];
}

/** What the translation of one call can read (its arguments' code and kinds) and do. */
export interface PyCall {
  readonly args: readonly Expr[];
  readonly kinds: readonly Kind[];
  /** Every argument is a number. */
  readonly numbers: boolean;
  /** Argument i's code. */
  code(i: number): string;
  /** Argument i's code with its binding strength. */
  operand(i: number): Code;
  /** Argument i's code, bracketed if it binds less tightly than `min`. */
  arg(i: number, min: number): string;
  /** `a op b`, bracketed as the precedence `prec` needs. */
  bin(op: string, prec: number): Code;
  /** `name(arg, arg, …)`. */
  call(name: string): Code;
  /** A call of a helper the script then defines. */
  helper(h: PyHelper): Code;
}

export type Translate = (py: PyCall) => Code;

/** What the explanation of entry (r, c) of one call can read and do (see explain.ts). */
export interface ExplainCall {
  readonly e: Call;
  readonly r: number;
  readonly c: number;
  /** How the entry is named at the start of the line (`P[2,1]`). */
  readonly head: string;
  /** The entry's value. */
  readonly value: number;
  readonly depth: number;
  readonly maxDepth: number;
  /** Sums longer than this are elided. */
  readonly maxTerms: number;
  valueOf(e: Expr): Value;
  /** How an operand is named in the text. */
  name(e: Expr): string;
  /** The operand's entry (r, c), marked; a computation also gets a "where" line later. */
  operandAt(e: Expr, r: number, c: number, depth: number): number;
  markRow(e: Expr, r: number): void;
  markCol(e: Expr, c: number): void;
  markEntry(e: Expr, r: number, c: number): void;
  /** Explains entry (i, j) of `e` in a "where" line of its own; `first` puts it before the others. */
  later(e: Expr, i: number, j: number, depth: number, first?: boolean): void;
  /** The line for a function with nothing of its own to say: the operands it read. */
  generic(): string;
}

export type Explain = (x: ExplainCall) => string;

/** One function of the formula language, whole: every place that handles it reads this. */
export interface FunctionDef {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** One line for the glossary and for hover help. */
  readonly doc: string;
  readonly apply: (args: Value[], notes: Note[]) => Value;
  /** TeX from the TeX of the arguments (already parenthesised where needed by the caller). */
  readonly tex: (args: string[]) => string;
  /** Binding strength for parenthesising, for operators only. */
  readonly precedence?: number;
  /** Which label sets name the result's rows and columns. */
  readonly labels: LabelRule;
  /** The kind of the result in Python: `'same'` is a matrix if any argument is one. */
  readonly returns: Kind | 'same';
  /** The call in NumPy and in PyTorch. */
  readonly numpy: Translate;
  readonly torch: Translate;
  /** "Explain this number" for one entry of the result. */
  readonly explain: Explain;
}

/** Python helpers in the order they are defined: a cell may not take one's name. */
export const PY_HELPERS: PyHelper[] = [];

export function pyHelper(h: PyHelper): PyHelper {
  PY_HELPERS.push(h);
  return h;
}

/** A call of the same helper in both scripts. */
export const helper = (h: PyHelper): Pick<FunctionDef, 'numpy' | 'torch'> => ({
  numpy: (py) => py.helper(h),
  torch: (py) => py.helper(h),
});

/** A Python call, the same in both targets. */
export const same = (f: Translate): Pick<FunctionDef, 'numpy' | 'torch'> => ({
  numpy: f,
  torch: f,
});

export const describeValue = (v: Value): string =>
  typeof v === 'number' ? 'a number' : `a ${v.rows}x${v.cols} matrix`;

export function elementwise(
  name: string,
  f: (x: number) => number,
  domain?: (x: number) => boolean,
): FunctionDef['apply'] {
  return ([x]) => {
    const check = (v: number): number => {
      if (domain && !domain(v)) throw new EvalError(`${name}: ${v} is outside its domain`);
      return f(v);
    };
    return typeof x === 'number' ? check(x) : map(x!, check);
  };
}

export const op = (symbol: string) => (a: string[]) => `${a[0]} ${symbol} ${a[1]}`;
export const fnTex = (name: string) => (a: string[]) =>
  `\\operatorname{${name}}\\left(${a.join(', ')}\\right)`;

export function asMatrix(fn: string, v: Value | undefined, which = 'its argument'): Matrix {
  if (v === undefined || typeof v === 'number') {
    throw new EvalError(
      `${fn}: ${which} must be a matrix, got ${v === undefined ? 'nothing' : 'a number'}`,
    );
  }
  return v;
}

export function asNumber(fn: string, v: Value | undefined, which = 'its argument'): number {
  if (typeof v !== 'number') {
    throw new EvalError(
      `${fn}: ${which} must be a number, got ${v === undefined ? 'nothing' : describeValue(v)}`,
    );
  }
  return v;
}

/** NaN (from ∞ − ∞ or 0 × ∞ upstream) named for a reader: rows and columns counted from 1. */
export function checkNoNaN(fn: string, x: Matrix): void {
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      if (Number.isNaN(x.get(i, j))) {
        throw new EvalError(
          `${fn}: row ${i + 1}, column ${j + 1} is not a number (NaN), which comes from ∞ − ∞ or 0 × ∞ earlier`,
        );
      }
    }
  }
}

export function matrixOfMask(mask: boolean[][]): Matrix {
  return matrix(mask.map((r) => r.map((b) => (b ? 1 : 0))));
}

/** An entry of a value, with a 1×n row (or n×1 column, or a number) repeated as add does. */
export function entry(v: Value, i: number, j: number): number {
  if (typeof v === 'number') return v;
  return v.get(v.rows === 1 ? 0 : i, v.cols === 1 ? 0 : j);
}

/** A number for reading: four significant digits, a real minus sign, ±∞. */
export function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (Object.is(x, -0)) return '0';
  return String(Number(x.toPrecision(4))).replace(/^-/, '−');
}

/** In a product or a sum, a negative number is bracketed: 2·(−0.5). */
export const fmtTerm = (x: number): string => (x < 0 || Object.is(x, -0) ? `(${fmt(x)})` : fmt(x));

/** `a + b + c + … + y + z`: the first three and the last two terms when there are more. */
export function elide(terms: readonly string[], max = 6, sep = ' + '): string {
  if (terms.length <= max) return terms.join(sep);
  return [...terms.slice(0, 3), '…', ...terms.slice(-2)].join(sep);
}

/** `[i,j]`, counted from 1. */
export const at = (i: number, j: number): string => `[${i + 1},${j + 1}]`;

/** `[i,j]` after an operand that is a matrix; nothing after a number. */
export const atIf = (v: Value | undefined, i: number, j: number): string =>
  typeof v === 'number' ? '' : at(i, j);

/** The explanation of a function applied entry by entry: `relu(A[1,2]) = relu(−1) = 0`. */
export const explainElementwise =
  (label: string): Explain =>
  (x) => {
    const a = x.e.args[0]!;
    const v = x.operandAt(a, x.r, x.c, x.depth);
    return `${x.head} = ${label}(${x.name(a)}${atIf(x.valueOf(a), x.r, x.c)}) = ${label}(${fmt(v)}) = ${fmt(x.value)}`;
  };

/** For a function with nothing of its own to say: the operands it read. */
export const explainGeneric: Explain = (x) => x.generic();

/** Element by element, numpy-style: a side with 1 row or 1 column is repeated to fit the other. */
export function broadcast2d(
  fn: string,
  symbol: string,
  a: Matrix,
  b: Matrix,
  f: (x: number, y: number) => number,
): Matrix {
  const fits = (p: number, q: number) => p === q || p === 1 || q === 1;
  if (!fits(a.rows, b.rows) || !fits(a.cols, b.cols)) {
    throw new EvalError(
      `${fn}: (${a.rows}x${a.cols}) ${symbol} (${b.rows}x${b.cols}): shapes differ (a 1×n row or an n×1 column is repeated to fit)`,
    );
  }
  const rows = Math.max(a.rows, b.rows);
  const cols = Math.max(a.cols, b.cols);
  const out = new Float64Array(rows * cols);
  const da = a.contiguous().data;
  const db = b.contiguous().data;
  // A side with one row (or column) is read with a stride of 0 in that direction.
  const [ra, ca] = [a.rows === 1 ? 0 : a.cols, a.cols === 1 ? 0 : 1];
  const [rb, cb] = [b.rows === 1 ? 0 : b.cols, b.cols === 1 ? 0 : 1];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++)
      out[i * cols + j] = f(da[i * ra + j * ca]!, db[i * rb + j * cb]!);
  }
  return new Matrix(rows, cols, out);
}
