/** How numbers and heatmap colours look, shared by the server render and the browser. */

const MINUS = '−';

/**
 * A number as shown in a matrix: short, with the sign as a real minus. Called for every
 * entry a slider move repaints, so it avoids regular expressions.
 */
export function formatNumber(v: number, digits = 2): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return `${MINUS}∞`;
  const a = Math.abs(v);
  const s =
    a !== 0 && (a >= 1e5 || a < 10 ** -digits / 2)
      ? a.toExponential(1).replace('e+', 'e')
      : a.toFixed(digits);
  // A negative number that rounds to zero is shown as zero, without a sign.
  return v < 0 && Number(s) !== 0 ? MINUS + s : s;
}

/** The exact value, for titles and "explain this number". */
export function fullNumber(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return `${MINUS}∞`;
  return v < 0 ? MINUS + String(-v) : String(v);
}

export type ColourScale = 'diverging' | 'sequential';

/** The colours a heatmap can use: two hues, lightness in steps of 0.1 %, built once. */
const shades = new Map<number, string>();
function shade(hue: number, tenths: number): string {
  const key = hue * 10_000 + tenths;
  let c = shades.get(key);
  if (c === undefined) {
    c = `hsl(${hue} 85% ${(tenths / 10).toFixed(1)}%)`;
    shades.set(key, c);
  }
  return c;
}

/**
 * A background for a value, scaled by `range` (the largest magnitude in the matrix).
 * Light enough that dark text on it always passes WCAG AA contrast.
 */
export function heatColour(v: number, range: number, scale: ColourScale): string {
  if (v === -Infinity) return 'var(--masked-bg)';
  // Overflow made visible: a naive softmax's NaN and ∞ must not look like an empty cell.
  if (Number.isNaN(v)) return 'var(--nan-bg)';
  if (v === Infinity) return 'var(--inf-bg)';
  if (!Number.isFinite(v) || range <= 0 || !Number.isFinite(range)) return 'transparent';
  const t = Math.min(1, Math.abs(v) / range);
  if (t < 0.02) return 'transparent';
  const hue = scale === 'sequential' || v >= 0 ? 28 : 212;
  return shade(hue, Math.round((97 - 33 * t) * 10));
}

/** The largest finite magnitude, the scale for a matrix's colours. */
export function magnitude(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (Number.isFinite(a) && a > m) m = a;
  }
  return m;
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
