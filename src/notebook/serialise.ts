/**
 * A prepared notebook as JSON text for the page, and back. JSON has no ±Infinity, and a
 * masked score is exactly that, so a non-finite number travels as `{"$n": "-Infinity"}`.
 */
import type { PreparedNotebook } from './definition.ts';

export function serialise(prepared: PreparedNotebook): string {
  return JSON.stringify(prepared, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? { $n: String(v) } : v,
  ).replace(/</g, '\\u003c');
}

export function deserialise(text: string): PreparedNotebook {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const n = (v as { $n?: unknown }).$n;
      if (typeof n === 'string' && Object.keys(v).length === 1) return Number(n);
    }
    return v;
  }) as PreparedNotebook;
}
