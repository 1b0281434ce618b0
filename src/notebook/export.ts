/**
 * The page as a Python script: the current inputs as arrays with every digit, each
 * derived cell translated from its expression tree, the helpers that make Python agree
 * with the page where numpy or PyTorch would differ (softmax of a fully masked row, the
 * causal mask, layer norm's epsilon), and a print of every derived cell. Pure: the
 * export dialog and the tests both call it with a notebook.
 */
import type { Expr } from './expr.ts';
import type { Notebook } from './notebook.ts';

export type ExportTarget = 'numpy' | 'torch';

type Kind = 'number' | 'matrix';
type Call = Extract<Expr, { kind: 'call' }>;

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield print range max min abs float int len enumerate math np torch'.split(
    ' ',
  ),
);

interface Helper {
  readonly numpy: string;
  readonly torch: string;
  readonly uses?: readonly string[];
}

/** The body both randn exports share: numpy arithmetic that matches seededNormal exactly. */
const SEEDED_NORMALS = `    u32 = np.uint64(0xFFFFFFFF)

    def fmix(h):
        h = h ^ (h >> np.uint64(16))
        h = (h * np.uint64(0x85EBCA6B)) & u32
        h = h ^ (h >> np.uint64(13))
        h = (h * np.uint64(0xC2B2AE35)) & u32
        return h ^ (h >> np.uint64(16))

    def uniform(i, j, stream):
        h = fmix(np.uint64((int(seed) + 0x9E3779B9) & 0xFFFFFFFF))
        h = fmix(fmix(fmix(h ^ i) ^ j) ^ np.uint64(stream))
        return (h.astype(np.float64) + 0.5) / 4294967296.0

    i, j = np.meshgrid(np.arange(int(rows), dtype=np.uint64), np.arange(int(cols), dtype=np.uint64), indexing="ij")
    z = np.sqrt(-2.0 * np.log(uniform(i, j, 0))) * np.cos(2.0 * np.pi * uniform(i, j, 1))`;

const HELPERS: Record<string, Helper> = {
  softmax: {
    numpy: `def softmax(x, t=1.0):
    """Softmax along each row, as the page computes it: the row's largest score is
    subtracted before exp (no overflow); a row whose every score is -inf (every key
    masked) gets weights 0 instead of NaN; t is the temperature (t = 0: the largest
    scores share the weight equally)."""
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    for i, row in enumerate(x):
        top = row.max()
        if top == -np.inf:
            continue  # fully masked row: weights stay 0
        if top == np.inf or t == 0:
            hit = (row == top).astype(float)
            out[i] = hit / hit.sum()
            continue
        e = (row != -np.inf).astype(float) if t == np.inf else np.exp((row - top) / t)
        out[i] = e / e.sum()
    return out`,
    torch: `def softmax(x, t=1.0):
    """Softmax along each row, as the page computes it: the row's largest score is
    subtracted before exp; a row whose every score is -inf (every key masked) gets
    weights 0 instead of NaN (torch.softmax would give NaN); t is the temperature."""
    out = torch.zeros_like(x)
    for i in range(x.shape[0]):
        row = x[i]
        top = row.max()
        if top == -math.inf:
            continue  # fully masked row: weights stay 0
        if top == math.inf or t == 0:
            hit = (row == top).to(x.dtype)
            out[i] = hit / hit.sum()
            continue
        e = (row != -math.inf).to(x.dtype) if t == math.inf else torch.exp((row - top) / t)
        out[i] = e / e.sum()
    return out`,
  },
  softmax_cols: {
    numpy: `def softmax_cols(x, t=1.0):
    """Softmax down each column (the transposed layout: queries as columns)."""
    return softmax(np.asarray(x).T, t).T`,
    torch: `def softmax_cols(x, t=1.0):
    """Softmax down each column (the transposed layout: queries as columns)."""
    return softmax(x.T, t).T`,
    uses: ['softmax'],
  },
  causal: {
    numpy: `def causal(s):
    """-inf wherever key j comes after query i (j > i): queries are rows."""
    s = np.array(s, dtype=float)
    s[np.triu(np.ones(s.shape, dtype=bool), k=1)] = -np.inf
    return s`,
    torch: `def causal(s):
    """-inf wherever key j comes after query i (j > i): queries are rows."""
    later = torch.ones(s.shape, dtype=torch.bool).triu(1)
    return s.masked_fill(later, -math.inf)`,
  },
  causal_t: {
    numpy: `def causal_t(s):
    """The causal mask in the transposed layout (queries as columns): -inf below the diagonal."""
    return causal(np.asarray(s).T).T`,
    torch: `def causal_t(s):
    """The causal mask in the transposed layout (queries as columns): -inf below the diagonal."""
    return causal(s.T).T`,
    uses: ['causal'],
  },
  mask: {
    numpy: `def mask(s, m):
    """-inf wherever the mask is not 0."""
    s = np.array(s, dtype=float)
    s[np.broadcast_to(np.asarray(m) != 0, s.shape)] = -np.inf
    return s`,
    torch: `def mask(s, m):
    """-inf wherever the mask is not 0."""
    return s.masked_fill(m != 0, -math.inf)`,
  },
  attention: {
    numpy: `def attention(q, k, v):
    """softmax(Q K^T / sqrt(d_k)) V, one row per query."""
    return softmax(q @ k.T / np.sqrt(k.shape[1])) @ v`,
    torch: `def attention(q, k, v):
    """softmax(Q K^T / sqrt(d_k)) V, one row per query."""
    return softmax(q @ k.T / math.sqrt(k.shape[1])) @ v`,
    uses: ['softmax'],
  },
  layer_norm: {
    numpy: `def layer_norm(x, eps=1e-5):
    """Each row to mean 0 and variance 1 (biased variance, as PyTorch's LayerNorm)."""
    mean = x.mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)`,
    torch: `def layer_norm(x, eps=1e-5):
    """Each row to mean 0 and variance 1 (biased variance), without learned scale or shift."""
    return torch.nn.functional.layer_norm(x, x.shape[-1:], eps=eps)`,
  },
  gelu: {
    numpy: `def gelu(x):
    """GELU, the tanh approximation (GPT-2, BERT); gelu(-inf) = 0."""
    x = np.asarray(x, dtype=float)
    y = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
    return np.where(x == -np.inf, 0.0, y)`,
    torch: `def gelu(x):
    """GELU, the tanh approximation (GPT-2, BERT); gelu(-inf) = 0."""
    y = torch.nn.functional.gelu(x, approximate="tanh")
    return torch.where(x == -math.inf, torch.zeros_like(x), y)`,
  },
  softmax_naive: {
    numpy: `def softmax_naive(x):
    """The textbook formula with no max subtracted: overflows to inf and nan above ~709.78."""
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        e = np.exp(np.asarray(x, dtype=float))
        return e / e.sum(axis=1, keepdims=True)`,
    torch: `def softmax_naive(x):
    """The textbook formula with no max subtracted: overflows to inf and nan above ~709.78."""
    e = torch.exp(x)
    return e / e.sum(dim=1, keepdim=True)`,
  },
  row: {
    numpy: `def row(x, i):
    """Row i (counting from 1) as a 1 x n matrix."""
    return np.asarray(x)[int(i) - 1 : int(i)]`,
    torch: `def row(x, i):
    """Row i (counting from 1) as a 1 x n matrix."""
    return x[int(i) - 1 : int(i)]`,
  },
  window: {
    numpy: `def window(s, w):
    """-inf where key j comes after query i, or more than w places before it."""
    s = np.array(s, dtype=float)
    i, j = np.indices(s.shape)
    s[(j > i) | (j < i - w)] = -np.inf
    return s`,
    torch: `def window(s, w):
    """-inf where key j comes after query i, or more than w places before it."""
    i = torch.arange(s.shape[0]).unsqueeze(1)
    j = torch.arange(s.shape[1]).unsqueeze(0)
    return s.masked_fill((j > i) | (j < i - w), -math.inf)`,
  },
  randn: {
    numpy: `def randn(rows, cols, seed):
    """The page's seeded normal numbers: Box-Muller on a hash of (seed, i, j), bit for bit."""
${SEEDED_NORMALS}
    return z`,
    torch: `def randn(rows, cols, seed):
    """The page's seeded normal numbers (not torch.randn): Box-Muller on a hash of (seed, i, j)."""
    import numpy as np

${SEEDED_NORMALS}
    return torch.tensor(z, dtype=torch.float64)`,
  },
  normalize: {
    numpy: `def normalize(x):
    """Each row divided by its length; a row of zeros stays zeros."""
    x = np.asarray(x, dtype=float)
    n = np.sqrt((x * x).sum(axis=1, keepdims=True))
    return np.divide(x, n, out=np.zeros_like(x), where=n != 0)`,
    torch: `def normalize(x):
    """Each row divided by its length; a row of zeros stays zeros."""
    n = x.norm(dim=1, keepdim=True)
    return torch.where(n == 0, torch.zeros_like(x), x / torch.where(n == 0, torch.ones_like(n), n))`,
  },
  cosine: {
    numpy: `def cosine(a, b):
    """Cosine similarity of two vectors; 0 when either is all zeros."""
    x, y = np.ravel(a), np.ravel(b)
    p = (x @ x) * (y @ y)
    return 0.0 if p == 0 else float(np.clip(x @ y / np.sqrt(p), -1, 1))`,
    torch: `def cosine(a, b):
    """Cosine similarity of two vectors; 0 when either is all zeros."""
    x, y = a.flatten(), b.flatten()
    p = (x @ x) * (y @ y)
    return 0.0 if p == 0 else float(torch.clamp(x @ y / torch.sqrt(p), -1, 1))`,
  },
};

/** What each function of the formula language returns when its arguments are `kinds`. */
function kindOfCall(fn: string, args: Kind[]): Kind {
  if (['rows', 'cols', 'norm', 'cosine', 'mean', 'variance'].includes(fn)) return 'number';
  const lifted = [
    'add',
    'subtract',
    'multiply',
    'divide',
    'dotMultiply',
    'dotDivide',
    'pow',
    'unaryMinus',
    'unaryPlus',
    'transpose',
  ];
  const elementwise = ['sqrt', 'exp', 'log', 'abs', 'relu', 'gelu'];
  if (lifted.includes(fn) || elementwise.includes(fn))
    return args.includes('matrix') ? 'matrix' : 'number';
  return 'matrix';
}

interface Code {
  readonly text: string;
  /** Python binding strength: 1 + -, 2 * / @, 3 unary, 4 **, 9 atoms and calls. */
  readonly prec: number;
}

class Translator {
  readonly helpers = new Set<string>();
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
      return ['Infinity', 'pi', 'e'].includes(e.name) ? 'number' : this.kindOfCell(e.name);
    return kindOfCall(
      e.fn,
      e.args.map((a) => this.kind(a)),
    );
  }

  private get lib(): string {
    return this.target === 'numpy' ? 'np' : 'torch';
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

  /** The operand's code, bracketed if it binds less tightly than `min`. */
  private arg(e: Expr, min: number): string {
    const c = this.code(e);
    return c.prec < min ? `(${c.text})` : c.text;
  }

  private fn(name: string, args: readonly Expr[]): Code {
    return { text: `${name}(${args.map((a) => this.code(a).text).join(', ')})`, prec: 9 };
  }

  private helper(name: string, args: readonly Expr[]): Code {
    const add = (h: string): void => {
      this.helpers.add(h);
      HELPERS[h]?.uses?.forEach(add);
    };
    add(name);
    return this.fn(name, args);
  }

  private call(e: Call): Code {
    const [a, b] = e.args as [Expr, Expr];
    const kinds = e.args.map((x) => this.kind(x));
    const numbers = kinds.every((k) => k === 'number');
    const bin = (op: string, prec: number): Code => ({
      text: `${this.arg(a, prec)} ${op} ${this.arg(b, prec + 1)}`,
      prec,
    });
    const lib = this.lib;
    const scalarLib = this.target === 'numpy' ? 'np' : 'math';
    switch (e.fn) {
      case 'add':
        return bin('+', 1);
      case 'subtract':
        return bin('-', 1);
      case 'multiply':
        return bin(kinds[0] === 'matrix' && kinds[1] === 'matrix' ? '@' : '*', 2);
      case 'dotMultiply':
        return bin('*', 2);
      case 'divide':
        return bin('/', 2);
      case 'pow':
        return this.target === 'numpy'
          ? this.fn('np.float_power', e.args)
          : { text: `${this.arg(a, 5)} ** ${this.arg(b, 4)}`, prec: 4 };
      case 'unaryMinus':
        return { text: `-${this.arg(a, 3)}`, prec: 3 };
      case 'unaryPlus':
        return { text: `+${this.arg(a, 3)}`, prec: 3 };
      case 'transpose':
        return kinds[0] === 'number' ? this.code(a) : { text: `${this.arg(a, 9)}.T`, prec: 9 };
      case 'softmax':
        return this.helper('softmax', e.args);
      case 'softmaxCols':
        return this.helper('softmax_cols', e.args);
      case 'causal':
        return this.helper('causal', e.args);
      case 'causalT':
        return this.helper('causal_t', e.args);
      case 'mask':
        return this.helper('mask', e.args);
      case 'attention':
        return this.helper('attention', e.args);
      case 'layerNorm':
        return this.helper('layer_norm', e.args);
      case 'gelu':
        return this.helper('gelu', e.args);
      case 'cosine':
        return this.helper('cosine', e.args);
      case 'normalize':
        return this.helper('normalize', e.args);
      case 'randn':
        return this.helper('randn', e.args);
      case 'cumsum':
        return this.target === 'numpy'
          ? { text: `np.cumsum(${this.code(a).text}, axis=0)`, prec: 9 }
          : { text: `torch.cumsum(${this.code(a).text}, dim=0)`, prec: 9 };
      case 'range':
        return this.target === 'numpy'
          ? {
              text: `np.arange(${this.code(a).text}, ${this.arg(b, 1)} + 1, dtype=float).reshape(-1, 1)`,
              prec: 9,
            }
          : {
              text: `torch.arange(${this.code(a).text}, ${this.arg(b, 1)} + 1, dtype=torch.float64).reshape(-1, 1)`,
              prec: 9,
            };
      case 'mean':
        return { text: `float(${this.arg(a, 9)}.mean())`, prec: 9 };
      case 'variance':
        return this.target === 'numpy'
          ? { text: `float(${this.arg(a, 9)}.var())`, prec: 9 }
          : { text: `float(${this.arg(a, 9)}.var(correction=0))`, prec: 9 };
      case 'varRows':
        return this.target === 'numpy'
          ? { text: `${this.arg(a, 9)}.var(axis=1, keepdims=True)`, prec: 9 }
          : { text: `${this.arg(a, 9)}.var(dim=1, keepdim=True, correction=0)`, prec: 9 };
      case 'maxRows':
        return this.target === 'numpy'
          ? { text: `${this.arg(a, 9)}.max(axis=1, keepdims=True)`, prec: 9 }
          : { text: `${this.arg(a, 9)}.amax(dim=1, keepdim=True)`, prec: 9 };
      case 'dotDivide':
        return bin('/', 2);
      case 'softmaxNaive':
        return this.helper('softmax_naive', e.args);
      case 'row':
        return this.helper('row', e.args);
      case 'window':
        return this.helper('window', e.args);
      case 'relu':
        if (numbers) return { text: `max(0.0, ${this.code(a).text})`, prec: 9 };
        return this.target === 'numpy'
          ? { text: `np.maximum(${this.code(a).text}, 0.0)`, prec: 9 }
          : this.fn('torch.relu', e.args);
      case 'concat':
        return {
          text: `${lib}.hstack([${e.args.map((x) => this.code(x).text).join(', ')}])`,
          prec: 9,
        };
      case 'stack':
        return {
          text: `${lib}.vstack([${e.args.map((x) => this.code(x).text).join(', ')}])`,
          prec: 9,
        };
      case 'norm':
        if (numbers) return this.fn('abs', e.args);
        return { text: `float(${lib}.linalg.norm(${this.code(a).text}))`, prec: 9 };
      case 'rows':
        return { text: `${this.arg(a, 9)}.shape[0]`, prec: 9 };
      case 'cols':
        return { text: `${this.arg(a, 9)}.shape[1]`, prec: 9 };
      case 'sqrt':
      case 'exp':
      case 'log':
        return this.fn(`${numbers ? scalarLib : lib}.${e.fn}`, e.args);
      case 'abs':
        return numbers ? this.fn('abs', e.args) : this.fn(`${lib}.abs`, e.args);
      default:
        throw new Error(
          `export: no ${this.target === 'numpy' ? 'NumPy' : 'PyTorch'} translation for the function "${e.fn}" yet`,
        );
    }
  }
}

export interface ExportOptions {
  /** A line saying where the numbers come from (the chapter's title and address). */
  readonly title?: string;
}

/** The Python variable of each cell: its own name, unless that is a keyword or a helper's. */
export function pythonNames(nb: Notebook): Map<string, string> {
  const used = new Set<string>();
  const names = new Map<string, string>();
  for (const name of nb.cells.keys()) {
    let py = KEYWORDS.has(name) || Object.hasOwn(HELPERS, name) ? `${name}_` : name;
    while (used.has(py) || (nb.cells.has(py) && py !== name)) py += '_';
    used.add(py);
    names.set(name, py);
  }
  return names;
}

/** A Python script that recomputes every derived cell of `nb` from its current inputs. */
export function exportScript(
  nb: Notebook,
  target: ExportTarget,
  options: ExportOptions = {},
): string {
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

  const order = Object.keys(HELPERS).filter((h) => t.helpers.has(h));
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
    order.length > 0 ? [...order.map((h) => `${HELPERS[h]![target]}\n\n`), ''] : [];
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
