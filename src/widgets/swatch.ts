/**
 * The colour of a 1×3 matrix of red, green and blue amounts in [0, 1], for <Swatch>.
 * Shared by the build and the browser. Amounts outside [0, 1] are clamped, and the
 * note says which.
 */
import type { Value } from '../notebook/functions.ts';
import { formatNumber } from './format.ts';

export interface SwatchColour {
  /** A CSS colour, `rgb(255, 128, 0)`, as the browser reports it back. */
  readonly css: string;
  readonly hex: string;
  /** Empty when every amount is in range. */
  readonly note: string;
}

const CHANNELS = ['red', 'green', 'blue'] as const;

export function swatchColour(
  v: Value,
): { ok: true; colour: SwatchColour } | { ok: false; error: string } {
  if (typeof v === 'number' || v.rows * v.cols !== 3) {
    const what = typeof v === 'number' ? 'a number' : `a ${v.rows}x${v.cols} matrix`;
    return {
      ok: false,
      error: `a colour needs exactly three amounts (red, green, blue), got ${what}`,
    };
  }
  const amounts =
    v.rows === 1
      ? [v.get(0, 0), v.get(0, 1), v.get(0, 2)]
      : [v.get(0, 0), v.get(1, 0), v.get(2, 0)];
  const clamped: string[] = [];
  const bytes = amounts.map((a, k) => {
    const c = Number.isNaN(a) ? 0 : Math.min(1, Math.max(0, a));
    if (c !== a) clamped.push(`${CHANNELS[k]} ${formatNumber(a, 2)} is shown as ${c}`);
    return Math.round(c * 255);
  });
  const [r, g, b] = bytes as [number, number, number];
  const note =
    clamped.length === 0
      ? ''
      : `A screen can show amounts from 0 to 1 only: ${clamped.join(', ')}. The vector itself keeps its numbers.`;
  return {
    ok: true,
    colour: {
      css: `rgb(${r}, ${g}, ${b})`,
      hex: `#${bytes.map((x) => x.toString(16).padStart(2, '0')).join('')}`,
      note,
    },
  };
}
