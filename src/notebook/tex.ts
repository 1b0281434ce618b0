/**
 * TeX for an expression, from the same tree that is computed, so what the reader sees
 * and what runs cannot drift apart.
 */
import type { Expr } from './expr.ts';
import { CONSTANTS, FUNCTIONS } from './functions.ts';

const GREEK = new Set(
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega'.split(
    ' ',
  ),
);

/** `W_Q` -> `W_{Q}`, `d_k` -> `d_{k}`, `alpha` -> `\alpha`, `scores` -> `\mathrm{scores}`. */
export function symbolTex(name: string): string {
  const constant = CONSTANTS[name];
  if (constant) return constant.tex;
  const [base = '', ...rest] = name.split('_');
  const b = GREEK.has(base) ? `\\${base}` : base.length > 1 ? `\\mathrm{${base}}` : base;
  if (rest.length === 0) return b;
  // A name with more underscores keeps them as written: gpt_heads_all is gpt with subscript heads_all.
  const sub = rest.join('\\_');
  return `${b}_{${sub.length > 1 && !/^\d+$/.test(sub) ? `\\mathrm{${sub}}` : sub}}`;
}

export function numberTex(v: number): string {
  if (v === Infinity) return '\\infty';
  if (v === -Infinity) return '-\\infty';
  const s = String(v);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}

/** TeX of `expr`; `names` overrides how a symbol is written (a cell's own TeX name). */
export function toTex(expr: Expr, names: Readonly<Record<string, string>> = {}): string {
  const go = (e: Expr, parentPrec: number, rightSide: boolean): string => {
    if (e.kind === 'number')
      return e.value < 0 && parentPrec > 0
        ? `\\left(${numberTex(e.value)}\\right)`
        : numberTex(e.value);
    if (e.kind === 'symbol') return names[e.name] ?? symbolTex(e.name);
    const spec = FUNCTIONS[e.fn];
    if (!spec)
      return `\\operatorname{${e.fn}}\\left(${e.args.map((a) => go(a, 0, false)).join(', ')}\\right)`;
    const prec = spec.precedence;
    // A fraction's parts and a function's arguments are delimited already.
    const childPrec = e.fn === 'divide' || prec === undefined ? 0 : prec;
    const args = e.args.map((a, i) => go(a, childPrec, i > 0));
    const tex = spec.tex(args);
    const needsParens =
      prec !== undefined && (prec < parentPrec || (prec === parentPrec && rightSide && prec < 4));
    return needsParens ? `\\left(${tex}\\right)` : tex;
  };
  return go(expr, 0, false);
}

/**
 * A cell's symbol as plain text, for sentences that cannot hold TeX (the notes of "explain
 * this number"): `A`, `A_T`, `S_64`, `W_K,c`, or the cell's own name when its symbol is more
 * than a letter with a subscript (`\Delta E`, `\operatorname{Var}(…)`).
 */
export function plainSymbol(name: string, tex: string | undefined): string {
  if (!tex) return name;
  const plain = tex.replace(/\\(?:mathrm|text)\{([^{}]*)\}/g, '$1').replace(/[{}]/g, '');
  return /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9,]+)?$/.test(plain) ? plain : name;
}

/** The plain symbol of cell `name` among a notebook's `cells` (see plainSymbol). */
export const cellSymbol = (
  cells: ReadonlyMap<string, { readonly tex?: string | undefined }>,
  name: string,
): string => plainSymbol(name, cells.get(name)?.tex);
