/**
 * The walk through the sizes behind <nb-cost-bench> (the same in its worker and on the
 * page): which sizes it measures, when its budget ends it and what it says; the table the
 * built page shows instead of times, whose every figure is worked out here by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  countsTableHtml,
  endingText,
  forecastMs,
  runSizes,
  sizesUpTo,
  type Measurement,
  type RunEvent,
} from '../../src/widgets/cost-measure.ts';

/** A stand-in measurement: size n "takes" time(n) ms, and says how it was asked. */
const fake =
  (time: (n: number) => number, asked: number[] = []) =>
  async (n: number, d: number): Promise<Measurement> => {
    asked.push(n);
    return { n, d, ms: time(n), runs: 3, scoreBytes: 8 * n * n, heapBytes: null };
  };

async function walk(
  sizes: number[],
  budget: number,
  time: (n: number) => number,
  asked: number[] = [],
): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const e of runSizes(sizes, 4, budget, fake(time, asked))) events.push(e);
  return events;
}

describe('the walk through the sizes', () => {
  it('measures every size in order, saying when each starts, when the n² forecast stays within the budget', async () => {
    const asked: number[] = [];
    // 1 µs per score: 64 → 4.096 ms, 128 → 16.384 ms, 256 → 65.536 ms, all under 100 ms.
    const events = await walk([64, 128, 256], 100, (n) => n * n * 1e-3, asked);
    expect(asked).toEqual([64, 128, 256]);
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'result',
      'start',
      'result',
      'start',
      'result',
      'end',
    ]);
    expect(events[2]).toEqual({ type: 'start', n: 128, index: 1, count: 3 });
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'done' });
  });

  it('does not start a size whose forecast is over the budget', async () => {
    const asked: number[] = [];
    // 128 takes 16.384 ms; 256 would take 4 × that = 65.536 ms, over a budget of 50.
    const events = await walk([64, 128, 256, 512], 50, (n) => n * n * 1e-3, asked);
    expect(asked).toEqual([64, 128]);
    const end = events.at(-1)!;
    expect(end).toEqual({ type: 'end', reason: 'forecast', n: 256, ms: 65.536 });
    expect(endingText(end as Extract<RunEvent, { type: 'end' }>, 50)).toBe(
      "n = 256 was not run: at this browser's pace one run would take about 65.5 ms, over the budget of 50 ms.",
    );
  });

  it('ends after a size whose run took longer than the budget, keeping its result', async () => {
    const asked: number[] = [];
    // The forecast from 64 (1 ms) says 4 ms for 128, but 128 takes 80 ms.
    const events = await walk([64, 128, 256], 10, (n) => (n === 64 ? 1 : 80), asked);
    expect(asked).toEqual([64, 128]);
    expect(events.filter((e) => e.type === 'result')).toHaveLength(2);
    const end = events.at(-1)! as Extract<RunEvent, { type: 'end' }>;
    expect(end).toEqual({ type: 'end', reason: 'over', n: 128, ms: 80 });
    expect(endingText(end, 10)).toBe(
      'Stopped after n = 128: one run took 80 ms, over the budget of 10 ms.',
    );
    expect(endingText({ type: 'end', reason: 'done' }, 10)).toBe('');
  });

  it('forecasts by n²: twice the tokens, four times the time', () => {
    expect(forecastMs(undefined, 64)).toBeNull();
    const last: Measurement = {
      n: 512,
      d: 64,
      ms: 30,
      runs: 3,
      scoreBytes: 8 * 512 * 512,
      heapBytes: null,
    };
    expect(forecastMs(last, 1024)).toBe(120);
    expect(forecastMs(last, 2048)).toBe(480);
  });

  it('reads the sizes of a list up to the largest chosen, dropping what is not a size', () => {
    expect(sizesUpTo('64,128,256,512,1024,2048', 256)).toEqual([64, 128, 256]);
    expect(sizesUpTo('64, x,0,-8,12.5,128', Infinity)).toEqual([64, 128]);
    expect(sizesUpTo('', 2048)).toEqual([]);
  });
});

describe('the table the built page shows', () => {
  it('gives the exact scores, bytes and multiplications for each n, and nothing timed', () => {
    const html = countsTableHtml([64, 2048], 64, 'exact <counts>');
    expect(html).toContain('<caption>exact &lt;counts&gt;</caption>');
    // 64² = 4,096 scores × 8 bytes = 32,768 bytes = 32 KiB; 2 · 4,096 · 64 = 524,288.
    expect(html).toContain(
      '<th scope="row">64</th><td>4,096</td><td>32 KiB</td><td>524,288</td></tr>',
    );
    // 2048² = 4,194,304 scores × 8 bytes = 32 MiB; 2 · 4,194,304 · 64 = 536,870,912.
    expect(html).toContain(
      '<th scope="row">2,048</th><td>4,194,304</td><td>32 MiB</td><td>536,870,912</td></tr>',
    );
    expect(html).not.toMatch(/ms</);
    // The same every time it is made.
    expect(countsTableHtml([64, 2048], 64, 'exact <counts>')).toBe(html);
  });
});
