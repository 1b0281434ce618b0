/** How numbers and heatmap colours look, shared by the server render and the browser. */

/** A number as shown in a matrix: short, with the sign as a real minus. */
export function formatNumber(v: number, digits = 2): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  const a = Math.abs(v);
  let s: string;
  if (a !== 0 && (a >= 1e5 || a < 10 ** -digits / 2)) s = v.toExponential(1).replace('e+', 'e');
  else s = v.toFixed(digits);
  if (/^-0\.?0*$/.test(s)) s = s.slice(1);
  return s.replace('-', '−');
}

/** The exact value, for titles and "explain this number". */
export function fullNumber(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  return String(v).replace('-', '−');
}

export type ColourScale = 'diverging' | 'sequential';

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
  const light = 97 - 33 * t;
  return `hsl(${hue} 85% ${light.toFixed(1)}%)`;
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
