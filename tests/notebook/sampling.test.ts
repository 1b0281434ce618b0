/**
 * The next-word functions (src/notebook/functions/sampling.ts) and the seeded generator
 * (src/engine/random.ts) against the independent numpy reference in
 * scripts/make_chapter_fixtures.py (tests/fixtures/sampling.json): filtered rows to 1e-12,
 * draws exactly. Then invariants on random rows with fast-check, and the edge values a
 * reader can reach (ties, k past the vocabulary, p = 0 and 1, T = 0, −∞ and +∞ logits).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFlat, matrix, mulberry32, sampleIndex, type Matrix } from '../../src/engine/index.ts';
import { FUNCTIONS, type Note } from '../../src/notebook/functions.ts';
import { explainEntry } from '../../src/notebook/explain.ts';
import { exportScript } from '../../src/notebook/export.ts';
import { notebookOf, d, m, s } from './helpers.ts';

type Encoded = (number | string)[][];
interface Cases {
  mulberry32: Record<string, number[]>;
  matrices: Record<string, Encoded>;
  topk: { P: string; k: number; value: Encoded }[];
  topp: { P: string; p: number; value: Encoded }[];
  sample: { P: string; seed: number; value: Encoded }[];
  draws: { P: string; seed: number; n: number; value: Encoded }[];
  loss: { Z: string; Y: string; crossEntropy: Encoded; pick: Encoded }[];
}
const cases = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/sampling.json'), 'utf8'),
) as Cases;

const decode = (v: number | string): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : Number(v);
const mat = (e: Encoded): Matrix => matrix(e.map((r) => r.map(decode)));
const input = (name: string): Matrix => mat(cases.matrices[name]!);

const call = (fn: string, ...args: (number | Matrix)[]) => {
  const notes: Note[] = [];
  const value = FUNCTIONS[fn]!.apply(args, notes) as Matrix;
  return { value, notes: notes.map((n) => n.message) };
};

function expectClose(got: Matrix, want: Matrix, tol = 1e-12): void {
  expect([got.rows, got.cols]).toEqual([want.rows, want.cols]);
  for (let i = 0; i < got.rows; i++) {
    for (let j = 0; j < got.cols; j++) {
      const a = got.get(i, j);
      const b = want.get(i, j);
      if (a === b) continue;
      expect(Math.abs(a - b), `[${i},${j}]: ${a} vs ${b}`).toBeLessThanOrEqual(
        tol * Math.max(1, Math.abs(b)),
      );
    }
  }
}

describe('mulberry32', () => {
  it.each(Object.entries(cases.mulberry32))(
    'seed %s gives the reference stream, bit for bit',
    (seed, want) => {
      const next = mulberry32(Number(seed));
      expect(want.map(() => next())).toEqual(want);
    },
  );

  it('refuses a seed that is not a whole number from 0 to 2^32 − 1', () => {
    expect(() => mulberry32(-1)).toThrow(/whole number from 0 to 4294967295/);
    expect(() => mulberry32(2 ** 32)).toThrow(RangeError);
    expect(() => mulberry32(1.5)).toThrow(RangeError);
  });

  it('sampleIndex follows the running total, skips zeros, and gives −1 for no positive weight', () => {
    expect(sampleIndex([0.5, 0.25, 0.25], 0)).toBe(0);
    expect(sampleIndex([0.5, 0.25, 0.25], 0.5)).toBe(1);
    expect(sampleIndex([0.5, 0.25, 0.25], 0.75)).toBe(2);
    expect(sampleIndex([0, 1, 0], 0)).toBe(1);
    expect(sampleIndex([0.3, 0, 0], 0.9999999999)).toBe(0);
    expect(sampleIndex([0, 0], 0.5)).toBe(-1);
    // Unnormalised weights draw in proportion: 2 of 4 is the first half.
    expect(sampleIndex([2, 1, 1], 0.49)).toBe(0);
    expect(sampleIndex([2, 1, 1], 0.5)).toBe(1);
  });
});

describe('against the numpy reference', () => {
  it.each(cases.topk.map((c) => [c.P, c.k, c] as const))('topk(%s, %s)', (_, k, c) => {
    expectClose(call('topk', input(c.P), k).value, mat(c.value));
  });
  it.each(cases.topp.map((c) => [c.P, c.p, c] as const))('topp(%s, %s)', (_, p, c) => {
    expectClose(call('topp', input(c.P), p).value, mat(c.value));
  });
  it.each(cases.sample.map((c) => [c.P, c.seed, c] as const))(
    'sample(%s, seed %s)',
    (_, seed, c) => {
      expect(call('sample', input(c.P), seed).value.toArray()).toEqual(mat(c.value).toArray());
    },
  );
  it.each(cases.draws.map((c) => [c.P, c.seed, c.n, c] as const))(
    'draws(%s, seed %s, %s)',
    (_, seed, n, c) => {
      expect(call('draws', input(c.P), seed, n).value.toArray()).toEqual(mat(c.value).toArray());
    },
  );
  it.each(cases.loss.map((c) => [c.Y, c] as const))(
    'crossEntropy and pick with targets %s',
    (_, c) => {
      expectClose(call('crossEntropy', input(c.Z), input(c.Y)).value, mat(c.crossEntropy));
      expectClose(call('pick', input('PZ'), input(c.Y)).value, mat(c.pick));
    },
  );
});

/** A row of probabilities: softmax of random logits, some of them −∞, some exactly tied. */
const probabilityRow = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.double({ min: -8, max: 8, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(-Infinity) },
      { weight: 2, arbitrary: fc.constant(1) },
    ),
    { minLength: 1, maxLength: 12 },
  )
  // A row of only −∞ has no probabilities at all: its own test is below.
  .filter((z) => z.some((v) => v > -Infinity))
  .map((z) => call('softmax', fromFlat(1, z.length, z)).value);

const rowOf = (x: Matrix): number[] => x.toArray()[0]!;
const sum = (r: number[]): number => r.reduce((a, b) => a + b, 0);
const positives = (r: number[]): number => r.filter((v) => v > 0).length;

describe('invariants on random rows', () => {
  it('top-k keeps min(k, positive entries), the largest ones, and the row sums to 1', () => {
    fc.assert(
      fc.property(probabilityRow, fc.integer({ min: 1, max: 14 }), (p, k) => {
        const row = rowOf(p);
        const out = rowOf(call('topk', p, k).value);
        const kept = out.flatMap((v, j) => (v > 0 ? [j] : []));
        expect(kept.length).toBe(Math.min(k, positives(row)));
        // Nothing dropped is larger than anything kept.
        const smallestKept = Math.min(...kept.map((j) => row[j]!));
        row.forEach((v, j) => {
          if (out[j] === 0) expect(v).toBeLessThanOrEqual(smallestKept);
        });
        expect(Math.abs(sum(out) - 1)).toBeLessThan(1e-12);
      }),
    );
  });

  it('top-p keeps the smallest set of largest entries with mass ≥ p, and the row sums to 1', () => {
    fc.assert(
      fc.property(probabilityRow, fc.double({ min: 0, max: 1, noNaN: true }), (p, mass) => {
        const row = rowOf(p);
        const out = rowOf(call('topp', p, mass).value);
        const kept = out.flatMap((v, j) => (v > 0 ? [j] : []));
        const keptMass = sum(kept.map((j) => row[j]!));
        const total = sum(row);
        expect(kept.length).toBeGreaterThanOrEqual(1);
        // Enough mass, unless every positive entry is already kept (rounding at p = 1).
        if (kept.length < positives(row)) expect(keptMass).toBeGreaterThanOrEqual(mass * total);
        // The smallest such set: without its smallest member it would fall short of p.
        const smallest = Math.min(...kept.map((j) => row[j]!));
        if (kept.length > 1) expect(keptMass - smallest).toBeLessThan(mass * total + 1e-12);
        row.forEach((v, j) => {
          if (out[j] === 0) expect(v).toBeLessThanOrEqual(smallest);
        });
        expect(Math.abs(sum(out) - 1)).toBeLessThan(1e-12);
      }),
    );
  });

  it('the same seed gives the same draw, the drawn word has probability > 0, and one word is drawn', () => {
    fc.assert(
      fc.property(probabilityRow, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (p, seed) => {
        const a = rowOf(call('sample', p, seed).value);
        const b = rowOf(call('sample', p, seed).value);
        expect(a).toEqual(b);
        expect(a.filter((v) => v === 1)).toHaveLength(1);
        expect(rowOf(p)[a.indexOf(1)]).toBeGreaterThan(0);
      }),
    );
  });

  it('the first of draws(P, seed, n) is sample(P, seed), and the frequencies sum to 1', () => {
    fc.assert(
      fc.property(probabilityRow, fc.integer({ min: 0, max: 1e6 }), (p, seed) => {
        const one = rowOf(call('draws', p, seed, 1).value);
        expect(one).toEqual(rowOf(call('sample', p, seed).value));
        expect(Math.abs(sum(rowOf(call('draws', p, seed, 50).value)) - 1)).toBeLessThan(1e-12);
      }),
      { numRuns: 50 },
    );
  });

  it('1000 draws land near the probabilities (within 5 standard errors)', () => {
    const p = matrix([[0.6, 0.25, 0.1, 0.05]]);
    const f = rowOf(call('draws', p, 42, 1000).value);
    rowOf(p).forEach((q, j) =>
      expect(Math.abs(f[j]! - q)).toBeLessThan(5 * Math.sqrt((q * (1 - q)) / 1000)),
    );
  });
});

describe('edge values give defined results or a clear message', () => {
  const p = matrix([[0.5, 0.3, 0.2]]);

  it('k larger than the vocabulary keeps every word, and says so', () => {
    const { value, notes } = call('topk', p, 12);
    expectClose(value, p);
    expect(notes).toEqual(['k = 12 is more than the 3 columns: every word is kept']);
  });

  it('ties keep the earlier column, so exactly k survive', () => {
    expect(rowOf(call('topk', matrix([[0.2, 0.4, 0.4]]), 1).value)).toEqual([0, 1, 0]);
    expect(rowOf(call('topp', matrix([[0.25, 0.25, 0.25, 0.25]]), 0.5).value)).toEqual([
      0.5, 0.5, 0, 0,
    ]);
  });

  it('p = 1 keeps every word with probability > 0; p = 0 keeps the most likely one', () => {
    expect(rowOf(call('topp', matrix([[0.5, 0.5, 0]]), 1).value)).toEqual([0.5, 0.5, 0]);
    expect(rowOf(call('topp', p, 0).value)).toEqual([1, 0, 0]);
    // 1e-300 does not change the rounded sum 1 + 1e-300, and still belongs to the nucleus at p = 1.
    expect(rowOf(call('topp', matrix([[1, 1e-300]]), 1).value)).toEqual([1, 1e-300]);
    expect(rowOf(call('topp', matrix([[1, 1e-300]]), 0.999).value)).toEqual([1, 0]);
  });

  it('refuses k and p out of range, and inputs that are not probabilities, naming them', () => {
    expect(() => call('topk', p, 0)).toThrow('topk: k must be a whole number ≥ 1, got 0');
    expect(() => call('topk', p, 2.5)).toThrow(/whole number ≥ 1, got 2.5/);
    expect(() => call('topp', p, 1.5)).toThrow('topp: p must be between 0 and 1, got 1.5');
    expect(() => call('topp', p, -0.1)).toThrow(/between 0 and 1, got −0.1/);
    expect(() => call('topk', matrix([[0.5, -0.5]]), 1)).toThrow(
      /row 1, column 2 is −0.5; it needs probabilities/,
    );
    expect(() => call('topp', matrix([[Infinity, 0]]), 0.5)).toThrow(
      /is ∞; it needs probabilities/,
    );
    expect(() => call('sample', matrix([[NaN, 1]]), 1)).toThrow(/not a number \(NaN\)/);
    expect(() => call('sample', p, -1)).toThrow(/seed must be a whole number from 0/);
    expect(() => call('draws', p, 1, 0)).toThrow(/number of draws must be a whole number from 1/);
    expect(() => call('draws', p, 1, 100_001)).toThrow(/100,000/);
    expect(() => call('pick', p, matrix([[1, 0]]))).toThrow(
      /targets are 1x2 but the probabilities are 1x3/,
    );
    expect(() => call('crossEntropy', p, matrix([[1, -1, 0]]))).toThrow(
      /targets' row 1, column 2 is −1/,
    );
  });

  it('a row of zeros (every logit −∞) filters to zeros and draws nothing, with a note, never NaN', () => {
    const zero = matrix([[0, 0, 0]]);
    for (const [fn, arg] of [
      ['topk', 2],
      ['topp', 0.9],
      ['sample', 3],
    ] as const) {
      const { value, notes } = call(fn, zero, arg);
      expect(rowOf(value)).toEqual([0, 0, 0]);
      expect(notes[0]).toMatch(/^row 1: every probability is 0/);
    }
  });

  it('temperature 0 makes softmax an argmax, so every seed draws the most likely word', () => {
    const z = matrix([[1, 3, 2, 3.5]]);
    const greedy = call('softmax', z, 0).value;
    for (const seed of [0, 1, 2, 3, 99]) {
      expect(rowOf(call('sample', greedy, seed).value)).toEqual([0, 0, 0, 1]);
    }
    // Near 0 the largest logit takes all the mass without overflow.
    expect(rowOf(call('softmax', z, 1e-300).value)).toEqual([0, 0, 0, 1]);
  });

  it('cross-entropy: −∞ for the target gives ∞ with a note; a target at −800 stays finite', () => {
    const { value, notes } = call(
      'crossEntropy',
      matrix([
        [0, -Infinity, 1],
        [0, -800, 1],
      ]),
      matrix([
        [0, 1, 0],
        [0, 1, 0],
      ]),
    );
    expect(value.get(0, 0)).toBe(Infinity);
    expect(value.get(1, 0)).toBeCloseTo(801 + Math.log(1 + Math.exp(-1)), 9);
    expect(notes).toEqual([expect.stringMatching(/^row 1: the target's logit is −∞/)]);
  });
});

describe('in a notebook', () => {
  const nb = notebookOf([
    m('z', [[2, 1, 0.5, -1]]),
    s('T', 1),
    s('k', 2),
    s('p', 0.9),
    s('seed', 42),
    d('P', 'softmax(z, T)'),
    d('Pk', 'topk(P, k)'),
    d('Pp', 'topp(P, p)'),
    d('x', 'sample(topp(topk(P, k), p), seed)'),
    d('f', 'draws(Pk, seed, 1000)'),
    m('Y', [[1, 0, 0, 0]]),
    d('L', 'crossEntropy(z, Y)'),
    d('q', 'pick(P, Y)'),
  ]);

  it('explains a kept entry, a dropped one, a draw and the loss with live numbers', () => {
    const explain = (cell: string, i: number, j: number) =>
      explainEntry(nb.expression(cell)!, (n) => nb.value(n), i, j, { name: cell }).lines[0];
    expect(explain('Pk', 0, 1)).toMatch(
      /^Pk\[1,2\] = 0\.2242 \/ 0\.8337 = 0\.2689: .* 2nd largest; k = 2 keeps the 2 largest/,
    );
    expect(explain('Pk', 0, 2)).toMatch(
      /^Pk\[1,3\] = 0: .* it is the 3rd largest, so it is dropped/,
    );
    expect(explain('Pp', 0, 2)).toMatch(/p = 0\.9: the 3 largest of row 1 hold/);
    expect(explain('x', 0, 0)).toMatch(
      /^x\[1,1\] = 1: u = 0\.6011 \(number 1 from seed 42\) falls in \[0, 0\.7311\)/,
    );
    expect(explain('q', 0, 0)).toMatch(
      /^q\[1,1\] = P\[1,1\] = 0\.6095: row 1 of Y has its 1 in column 1/,
    );
    expect(explain('L', 0, 0)).toMatch(
      /^L\[1,1\] = −\(z_t − max − log Σ_k e\^\(z_k − max\)\) = −\(2 − 2 − log 1\.641\) = 0\.4952/,
    );
  });

  it('exports calls of the helpers, which the script defines', () => {
    const code = exportScript(nb, 'numpy');
    expect(code).toContain('x = sample(top_p(top_k(P, k), p), seed)');
    expect(code).toContain('def mulberry32(seed):');
    expect(code).toContain('L = cross_entropy(z, Y)');
    expect(code).toMatch(/q = \(np\.where\(Y != 0, Y \* P, 0\.0\)\)\.sum\(axis=1, keepdims=True\)/);
  });
});
