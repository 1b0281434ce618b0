/** The operators: `+ - * / .* ^`, unary minus and plus, and `'` (transpose). */
import {
  add,
  hadamard,
  map,
  matmul,
  scale,
  subtract,
  transpose,
  type Matrix,
} from '../../engine/index.ts';
import type { Expr } from '../expr.ts';
import {
  asNumber,
  NO_AXES,
  at,
  atIf,
  broadcast2d,
  describeValue,
  elide,
  EvalError,
  fmt,
  fmtTerm,
  op,
  same,
  type Explain,
  type FunctionDef,
  type Value,
} from './define.ts';

/** The engine's add and subtract take the same shape or a 1×n row; other shapes broadcast as numpy does (X − the column of row means). */
const fitsEngine = (a: Matrix, b: Matrix): boolean =>
  (a.rows === b.rows || b.rows === 1) && a.cols === b.cols;

/** `S[i,j] = A[i,j] + r[1,j] = …`: an operator applied entry by entry, with what it read. */
const explainBinary =
  (sign: string): Explain =>
  (x) => {
    const [a, b] = x.e.args as [Expr, Expr];
    const va = x.valueOf(a);
    const vb = x.valueOf(b);
    const result = x.valueOf(x.e);
    const p = x.operandAt(a, x.r, x.c, x.depth);
    const q = x.operandAt(b, x.r, x.c, x.depth);
    const where = (v: Value, ex: Expr): string => {
      if (typeof v === 'number') return x.name(ex);
      const rr = v.rows === 1 ? 0 : x.r;
      const cc = v.cols === 1 ? 0 : x.c;
      const wide = typeof result !== 'number';
      const note =
        v.rows === 1 && wide && (result as Matrix).rows > 1
          ? ' (its one row, added to every row)'
          : v.cols === 1 && wide && (result as Matrix).cols > 1
            ? ' (its one column, used for every column)'
            : '';
      return `${x.name(ex)}${at(rr, cc)}${note}`;
    };
    return `${x.head} = ${where(va, a)} ${sign} ${where(vb, b)} = ${fmtTerm(p)} ${sign} ${fmtTerm(q)} = ${fmt(x.value)}`;
  };

/** A product of two matrices is a row times a column; anything else, entry by entry. */
const explainProduct =
  (matrixProduct: boolean): Explain =>
  (x) => {
    const [a, b] = x.e.args as [Expr, Expr];
    const va = x.valueOf(a);
    const vb = x.valueOf(b);
    if (matrixProduct && typeof va !== 'number' && typeof vb !== 'number') {
      const terms: string[] = [];
      for (let k = 0; k < va.cols; k++)
        terms.push(`${fmtTerm(va.get(x.r, k))}·${fmtTerm(vb.get(k, x.c))}`);
      x.markRow(a, x.r);
      x.markCol(b, x.c);
      return `${x.head} = row ${x.r + 1} of ${x.name(a)} · column ${x.c + 1} of ${x.name(b)} = ${elide(terms, x.maxTerms)} = ${fmt(x.value)}`;
    }
    const p = x.operandAt(a, x.r, x.c, x.depth);
    const q = x.operandAt(b, x.r, x.c, x.depth);
    return `${x.head} = ${x.name(a)}${atIf(va, x.r, x.c)} × ${x.name(b)}${atIf(vb, x.r, x.c)} = ${fmtTerm(p)} × ${fmtTerm(q)} = ${fmt(x.value)}`;
  };

const explainUnary =
  (sign: string): Explain =>
  (x) => {
    const a = x.e.args[0]!;
    const p = x.operandAt(a, x.r, x.c, x.depth);
    return `${x.head} = ${sign}${x.name(a)}${atIf(x.valueOf(a), x.r, x.c)} = ${sign}${fmtTerm(p)} = ${fmt(x.value)}`;
  };

export const OPERATORS: Readonly<Record<string, FunctionDef>> = {
  add: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 1,
    doc: 'a + b: element by element; a 1×n row is added to every row, an n×1 column to every column',
    tex: op('+'),
    apply: ([a, b]) => {
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      if (typeof a === 'number') return map(b as Matrix, (v) => a + v);
      if (typeof b === 'number') return map(a!, (v) => v + b);
      return fitsEngine(a!, b!) ? add(a!, b!) : broadcast2d('add', '+', a!, b!, (x, y) => x + y);
    },
    labels: 'first',
    returns: 'same',
    ...same((py) => py.bin('+', 1)),
    explain: explainBinary('+'),
  },
  subtract: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 1,
    doc: 'a − b: element by element; a 1×n row is subtracted from every row, an n×1 column from every column',
    tex: op('-'),
    apply: ([a, b]) => {
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      if (typeof a === 'number') return map(b as Matrix, (v) => a - v);
      if (typeof b === 'number') return map(a!, (v) => v - b);
      return fitsEngine(a!, b!)
        ? subtract(a!, b!)
        : broadcast2d('subtract', '-', a!, b!, (x, y) => x - y);
    },
    labels: 'first',
    returns: 'same',
    ...same((py) => py.bin('-', 1)),
    explain: explainBinary('−'),
  },
  multiply: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 2,
    doc: 'A * B: the matrix product (rows of A against columns of B); a number scales',
    tex: (a) => (/^[\d.]/.test(a[1]!) ? `${a[0]} \\cdot ${a[1]}` : `${a[0]}\\,${a[1]}`),
    apply: ([a, b]) => {
      if (typeof a === 'number' && typeof b === 'number') return a * b;
      if (typeof a === 'number') return scale(b as Matrix, a);
      if (typeof b === 'number') return scale(a!, b);
      return matmul(a!, b!);
    },
    // A number times a matrix keeps the matrix's labels.
    labels: ([a, b], [ea, eb]) => {
      if (ea?.kind === 'number') return b ?? NO_AXES;
      if (eb?.kind === 'number') return a ?? NO_AXES;
      return { rows: a?.rows, cols: b?.cols };
    },
    returns: 'same',
    ...same((py) => py.bin(py.kinds[0] === 'matrix' && py.kinds[1] === 'matrix' ? '@' : '*', 2)),
    explain: explainProduct(true),
  },
  divide: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 2,
    doc: 'a / b: division by a number, element by element',
    tex: (a) => `\\frac{${a[0]}}{${a[1]}}`,
    apply: ([a, b]) => {
      if (typeof b !== 'number') {
        throw new EvalError(`divide: cannot divide by ${describeValue(b!)}; divide by a number`);
      }
      return typeof a === 'number' ? a / b : map(a!, (v) => v / b);
    },
    labels: 'first',
    returns: 'same',
    ...same((py) => py.bin('/', 2)),
    explain: explainBinary('/'),
  },
  dotMultiply: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 2,
    doc: 'A .* B: element-by-element product of two matrices of the same shape',
    tex: op('\\odot'),
    apply: ([a, b]) => {
      if (typeof a === 'number' || typeof b === 'number') {
        return typeof a === 'number' && typeof b === 'number'
          ? a * b
          : typeof a === 'number'
            ? scale(b as Matrix, a)
            : scale(a!, b as number);
      }
      if (a!.rows === b!.rows && a!.cols === b!.cols) return hadamard(a!, b!);
      return broadcast2d('dotMultiply', '.*', a!, b!, (x, y) => x * y);
    },
    labels: 'first',
    returns: 'same',
    ...same((py) => py.bin('*', 2)),
    explain: explainProduct(false),
  },
  pow: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 4,
    doc: 'a ^ b: a power of a number',
    tex: (a) => `{${a[0]}}^{${a[1]}}`,
    apply: ([a, b]) => Math.pow(asNumber('pow', a, 'the base'), asNumber('pow', b, 'the exponent')),
    labels: 'none',
    returns: 'same',
    numpy: (py) => py.call('np.float_power'),
    torch: (py) => ({ text: `${py.arg(0, 5)} ** ${py.arg(1, 4)}`, prec: 4 }),
    explain: explainBinary('^'),
  },
  unaryMinus: {
    minArgs: 1,
    maxArgs: 1,
    precedence: 3,
    doc: '−a',
    tex: (a) => `-${a[0]}`,
    apply: ([a]) => (typeof a === 'number' ? -a : scale(a!, -1)),
    labels: 'first',
    returns: 'same',
    ...same((py) => ({ text: `-${py.arg(0, 3)}`, prec: 3 })),
    explain: explainUnary('−'),
  },
  unaryPlus: {
    minArgs: 1,
    maxArgs: 1,
    precedence: 3,
    doc: '+a',
    tex: (a) => `+${a[0]}`,
    apply: ([a]) => a!,
    labels: 'first',
    returns: 'same',
    ...same((py) => ({ text: `+${py.arg(0, 3)}`, prec: 3 })),
    explain: explainUnary('+'),
  },
  transpose: {
    minArgs: 1,
    maxArgs: 1,
    precedence: 5,
    doc: "A' : the transpose (rows become columns)",
    tex: (a) => `{${a[0]}}^{\\top}`,
    apply: ([a]) => (typeof a === 'number' ? a : transpose(a!)),
    labels: ([a]) => ({ rows: a?.cols, cols: a?.rows }),
    returns: 'same',
    ...same((py) =>
      py.kinds[0] === 'number' ? py.operand(0) : { text: `${py.arg(0, 9)}.T`, prec: 9 },
    ),
    explain: (x) => {
      const a = x.e.args[0]!;
      x.markEntry(x.e, x.r, x.c);
      if (a.kind === 'call') x.later(a, x.c, x.r, x.depth + 1);
      return `${x.head} = ${x.name(a)}${at(x.c, x.r)} = ${fmt(x.value)}: the transpose swaps rows and columns`;
    },
  },
};
