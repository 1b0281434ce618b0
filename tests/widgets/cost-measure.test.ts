/** The measurement behind <nb-cost-bench>: how often it runs, what it reports, the fit and the table. */
import { describe, expect, it } from 'vitest';
import {
  bytesText,
  costTableHtml,
  fitQuadratic,
  measureAttention,
  msText,
} from '../../src/widgets/cost-measure.ts';

/** A clock that moves `step` ms on every second reading: each run "takes" `step`. */
const clock = (step: number) => {
  let t = 0;
  let k = 0;
  return () => (k++ % 2 === 0 ? t : (t += step));
};

describe('measureAttention', () => {
  it('repeats until the time spent reaches minMs, at least minRuns times, and keeps the fastest', async () => {
    const m = await measureAttention(8, 4, { now: clock(10), minMs: 35 });
    expect(m.runs).toBe(4);
    expect(m.ms).toBe(10);
    expect(m.scoreBytes).toBe(8 * 8 * 8);
    const few = await measureAttention(8, 4, { now: clock(50), minMs: 35, minRuns: 3 });
    expect(few.runs).toBe(3);
  });

  it('does not repeat a run longer than the budget, and pauses between runs', async () => {
    let pauses = 0;
    const m = await measureAttention(16, 4, {
      now: clock(20),
      minRuns: 3,
      budgetMs: 10,
      pause: async () => void pauses++,
    });
    expect(m.runs).toBe(1);
    expect(pauses).toBe(0);
    await measureAttention(16, 4, { now: clock(1), minMs: 3, pause: async () => void pauses++ });
    expect(pauses).toBe(2);
  });
});

describe('the fit and the table', () => {
  it('fits c·n² by least squares through the origin', () => {
    expect(fitQuadratic([64, 128, 256].map((n) => ({ n, y: 3 * n * n })))).toBeCloseTo(3, 12);
    // (1·1 + 5·4) / (1 + 16) for the points (1, 1) and (2, 5).
    expect(
      fitQuadratic([
        { n: 1, y: 1 },
        { n: 2, y: 5 },
      ]),
    ).toBeCloseTo(21 / 17, 12);
    expect(fitQuadratic([])).toBe(0);
  });

  it('writes bytes, times and the growth from one size to the next', () => {
    expect(bytesText(32768)).toBe('32 KiB');
    expect(bytesText(33554432)).toBe('32 MiB');
    expect(bytesText(-1536)).toBe('−1.5 KiB');
    expect(msText(0.04123)).toBe('0.0412 ms');
    expect(msText(1534.2)).toBe('1,534 ms');
    const html = costTableHtml(
      [
        { n: 64, d: 64, ms: 1, runs: 5, scoreBytes: 32768, heapBytes: null },
        { n: 128, d: 64, ms: 3.9, runs: 3, scoreBytes: 131072, heapBytes: null },
      ],
      'a <caption>',
    );
    expect(html).toContain('<caption>a &lt;caption&gt;</caption>');
    expect(html).toContain(
      '<th scope="row">128</th><td>16,384</td><td>3.9 ms</td><td>×3.9</td><td>128 KiB</td></tr>',
    );
    expect(html).not.toContain('heap growth');
  });
});
