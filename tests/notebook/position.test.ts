/**
 * The position chapter's functions: permute, unpermute, sinusoidal and rope, against the
 * hand-written numpy reference in scripts/make_chapter_fixtures.py (run here by python3),
 * their invariants on seeded random inputs (fast-check), and their refusals of bad input.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  attention,
  matmul,
  matrix,
  permutationProblem,
  permuteRows,
  rope,
  rowNorms,
  sinusoidalTable,
  transpose,
  unpermuteRows,
  type Matrix,
} from '../../src/engine/index.ts';
import { FUNCTIONS, type Note } from '../../src/notebook/functions.ts';
import { explainEntry } from '../../src/notebook/explain.ts';
import { d, m, notebookOf, s } from './helpers.ts';

const call = (fn: string, ...args: (number | Matrix)[]): Matrix => {
  const notes: Note[] = [];
  return FUNCTIONS[fn]!.apply(args, notes) as Matrix;
};

const X = matrix([
  [1, 2, -0.5, 0.25],
  [0.1, -0.2, 0.7, 3],
  [-3, 0, 3, 1.5],
  [0.3, 0.9, -1.1, 0],
]);

/**
 * Calls of the numpy reference (scripts/make_chapter_fixtures.py, whose functions take and
 * return its matrix class M), run in one python3 process.
 */
const CALLS: Record<string, string> = {
  permute: 'permute(X, M([[3, 1, 4, 2]]))',
  permuteColumn: 'permute(X, M([[2], [4], [1], [3]]))',
  unpermute: 'unpermute(X, M([[3, 1, 4, 2]]))',
  sinusoidal: 'sinusoidal(7.0, 6.0)',
  sinusoidalOdd: 'sinusoidal(5.0, 5.0, 100.0)',
  sinusoidalAt: 'sinusoidal(M([[0.5], [2.0], [40.0]]), 8.0)',
  rope: 'rope(X)',
  ropeStart: 'rope(X, 37.0)',
  ropeAt: 'rope(X, M([[3.0], [1.5], [0.0], [-2.0]]), 500.0)',
  round: 'round(M(X.a / 3), 3)',
};

function reference(): Record<string, number[][]> | null {
  const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(import.meta.dirname, '../../scripts'))})
from make_chapter_fixtures import M, permute, unpermute, sinusoidal, rope, round_places as round
X = M(${JSON.stringify(X.toArray())})
calls = json.loads(sys.argv[1])
print(json.dumps({k: eval(v).a.tolist() for k, v in calls.items()}))
`;
  try {
    const out = execFileSync(
      process.env['NUMPY_PYTHON'] ?? 'python3',
      ['-c', script, JSON.stringify(CALLS)],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return JSON.parse(out) as Record<string, number[][]>;
  } catch (e) {
    if (String(e).includes('No module named')) return null;
    throw e;
  }
}

const ref = reference();

function expectClose(got: Matrix, want: number[][] | undefined, tol = 1e-9): void {
  expect(want, 'a reference value').toBeDefined();
  expect([got.rows, got.cols]).toEqual([want!.length, want![0]!.length]);
  want!.forEach((row, i) =>
    row.forEach((v, j) => expect(Math.abs(got.get(i, j) - v), `[${i},${j}]`).toBeLessThan(tol)),
  );
}

describe.skipIf(ref === null)('against the numpy reference', () => {
  const r = ref!;
  it('permute and unpermute, with the order as a row or a column', () => {
    expectClose(call('permute', X, matrix([[3, 1, 4, 2]])), r['permute']);
    expectClose(call('permute', X, matrix([[2], [4], [1], [3]])), r['permuteColumn']);
    expectClose(call('unpermute', X, matrix([[3, 1, 4, 2]])), r['unpermute']);
  });

  it('sinusoidal: from a count, with an odd width and another base, and at given positions', () => {
    expectClose(call('sinusoidal', 7, 6), r['sinusoidal']);
    expectClose(call('sinusoidal', 5, 5, 100), r['sinusoidalOdd']);
    expectClose(call('sinusoidal', matrix([[0.5], [2], [40]]), 8), r['sinusoidalAt']);
  });

  it('rope: from position 0, from another start, and at given positions with another base', () => {
    expectClose(call('rope', X), r['rope']);
    expectClose(call('rope', X, 37), r['ropeStart']);
    expectClose(call('rope', X, matrix([[3], [1.5], [0], [-2]]), 500), r['ropeAt']);
  });
});

describe('round', () => {
  it('agrees with the reference, and turns a difference of 1e-17 into 0', () => {
    if (ref) expectClose(call('round', call('divide', X, 3), 3), ref['round'], 1e-12);
    expect(call('round', matrix([[5.6e-17, -5.6e-17, 0.12345, -2.5]]), 2).toArray()).toEqual([
      [0, -0, 0.12, -2.5],
    ]);
    expect(FUNCTIONS['round']!.apply([2.5, 0], [])).toBe(3);
    expect(() => call('round', X, 1.5)).toThrow(/whole number from 0 to 15, got 1.5/);
    expect(() => call('round', X, 16)).toThrow(/from 0 to 15/);
  });
});

describe('the formulas, entry by entry', () => {
  it('the sinusoidal table: sin in even columns, cos in odd ones, slower to the right', () => {
    const pe = call('sinusoidal', 3, 4);
    expect(pe.get(0, 0)).toBe(0);
    expect(pe.get(0, 1)).toBe(1);
    expect(pe.get(2, 0)).toBeCloseTo(Math.sin(2), 15);
    expect(pe.get(2, 3)).toBeCloseTo(Math.cos(2 / 100), 15);
  });

  it('rope at position 0 changes nothing, and turns pair 1 by one radian per position', () => {
    expect(call('rope', X, matrix([[0], [0], [0], [0]])).toArray()).toEqual(X.toArray());
    expect(call('rope', X, 0).toArray()[0]).toEqual(X.toArray()[0]);
    const r = call('rope', matrix([[1, 0, 1, 0]]), 1);
    expect(r.get(0, 0)).toBeCloseTo(Math.cos(1), 15);
    expect(r.get(0, 1)).toBeCloseTo(Math.sin(1), 15);
    expect(r.get(0, 3)).toBeCloseTo(Math.sin(0.01), 15);
  });
});

describe('bad input gets a clear message, never a crash', () => {
  it('an order that is not a permutation says what is wrong with it', () => {
    const msg = (p: number[][]) => {
      try {
        call('permute', X, matrix(p));
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(msg([[1, 1, 3, 4]])).toMatch(
      /^permute: the order is not a permutation of 1 to 4: 1 appears twice \(entries 1 and 2\) and 2 is missing/,
    );
    expect(msg([[1, 2, 3, 5]])).toMatch(
      /entry 4 is 5, and each entry must be a whole number from 1 to 4/,
    );
    expect(msg([[1, 2.5, 3, 4]])).toMatch(/entry 2 is 2.5/);
    expect(msg([[1, 2, 3]])).toMatch(/it has 3 entries but there are 4 rows/);
    expect(
      msg([
        [1, 2],
        [3, 4],
      ]),
    ).toMatch(/must be one row or one column, got a 2x2 matrix/);
    expect(msg([[1, -Infinity, 3, 4]])).toMatch(/entry 2 is -Infinity/);
    expect(permutationProblem([0, 1, 2], 3)).toBeNull();
  });

  it('sinusoidal and rope refuse sizes and shapes they cannot use', () => {
    expect(() => call('sinusoidal', 2.5, 4)).toThrow(/whole number ≥ 1, got 2.5/);
    expect(() => call('sinusoidal', 4, 0)).toThrow(/d must be a whole number ≥ 1, got 0/);
    expect(() => call('sinusoidal', 10_000, 64)).toThrow(/more than 20000 numbers/);
    expect(() => call('sinusoidal', 4, 4, -1)).toThrow(/base must be a finite number above 0/);
    expect(() => call('rope', matrix([[1, 2, 3]]))).toThrow(/needs an even number of columns/);
    expect(() => call('rope', X, matrix([[1], [2]]))).toThrow(/2 positions for the 4 rows/);
    expect(() => call('rope', X, Infinity)).toThrow(/finite number/);
  });

  it('in a notebook, a bad order is an error of the cells that use it; the rest compute', () => {
    const nb = notebookOf([
      m('E', X.toArray()),
      m('p', [[1, 2, 3, 4]]),
      d('Es', 'permute(E, p)'),
      d('Er', 'rope(E)'),
      s('t', 1),
    ]);
    nb.setEntry('p', 0, 1, 1);
    nb.flush();
    const st = nb.state('Es');
    expect(st.status).toBe('error');
    if (st.status === 'error') expect(st.error).toMatch(/1 appears twice/);
    expect(nb.state('Er').status).toBe('ok');
  });
});

const entryArb = fc.double({ min: -4, max: 4, noNaN: true });
const matrixArb = (rows: number, cols: number) =>
  fc.array(fc.array(entryArb, { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  });
/** A permutation of 0..n-1: a shuffle by sort keys. */
const permArb = (n: number) =>
  fc.array(fc.integer(), { minLength: n, maxLength: n }).map((keys) =>
    keys
      .map((k, i) => [k, i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i),
  );

const seeded = { seed: 20260101, numRuns: 200 };

describe('invariants', () => {
  it('permuting the tokens permutes the output of attention, and nothing else', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) => fc.tuple(matrixArb(n, 3), matrixArb(n, 3), matrixArb(n, 2), permArb(n))),
        ([q, k, v, perm]) => {
          const [Q, K, V] = [matrix(q), matrix(k), matrix(v)];
          const out = attention(Q, K, V).output;
          const shuffled = attention(
            permuteRows(Q, perm),
            permuteRows(K, perm),
            permuteRows(V, perm),
          ).output;
          const back = unpermuteRows(shuffled, perm);
          for (let i = 0; i < out.rows; i++)
            for (let j = 0; j < out.cols; j++)
              expect(Math.abs(back.get(i, j) - out.get(i, j))).toBeLessThan(1e-12);
        },
      ),
      seeded,
    );
  });

  it('unpermute undoes permute', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(matrixArb(n, 2), permArb(n))),
        ([x, perm]) => {
          const M = matrix(x);
          expect(unpermuteRows(permuteRows(M, perm), perm).toArray()).toEqual(M.toArray());
        },
      ),
      seeded,
    );
  });

  it('rope keeps the length of every row', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((pairs) =>
            fc.tuple(matrixArb(3, 2 * pairs), fc.double({ min: -500, max: 500, noNaN: true })),
          ),
        ([x, start]) => {
          const M = matrix(x);
          const before = rowNorms(M);
          const after = rowNorms(rope(M, [start, start + 1, start + 2]));
          before.forEach((b, i) => expect(Math.abs(after[i]! - b)).toBeLessThan(1e-9));
        },
      ),
      seeded,
    );
  });

  it('with rope, a score depends only on the offset m − n', () => {
    fc.assert(
      fc.property(
        matrixArb(1, 6),
        matrixArb(1, 6),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: -1000, max: 1000 }),
        (q, k, mPos, nPos, shift) => {
          const score = (a: number, b: number) =>
            matmul(rope(matrix(q), [a]), transpose(rope(matrix(k), [b]))).get(0, 0);
          expect(Math.abs(score(mPos + shift, nPos + shift) - score(mPos, nPos))).toBeLessThan(
            1e-9,
          );
        },
      ),
      seeded,
    );
  });

  it('the sinusoidal rows’ dot products depend only on the distance between positions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 16 }).map((h) => 2 * h),
        (a, b, shift, width) => {
          const pe = sinusoidalTable([a, b, a + shift, b + shift], width);
          const dotOf = (i: number, j: number) => {
            let sum = 0;
            for (let c = 0; c < width; c++) sum += pe.get(i, c) * pe.get(j, c);
            return sum;
          };
          expect(Math.abs(dotOf(2, 3) - dotOf(0, 1))).toBeLessThan(1e-9);
        },
      ),
      seeded,
    );
  });
});

describe('explain this number', () => {
  const nb = notebookOf([
    m('E', X.toArray()),
    m('p', [[3, 1, 4, 2]]),
    s('n', 5),
    d('Es', 'permute(E, p)'),
    d('Eu', 'unpermute(E, p)'),
    d('PE', 'sinusoidal(n, 4)'),
    d('R', 'rope(E, 2)'),
  ]);
  const explain = (cell: string, i: number, j: number) =>
    explainEntry(nb.expression(cell)!, (c) => nb.value(c), i, j, { name: cell });

  it('permute names the row it took, and where the order says so', () => {
    const e = explain('Es', 1, 2);
    expect(e.lines[0]).toBe(
      'Es[2,3] = E[1,3] = −0.5: row 2 of the result is row 1 of E (p lists 1 in place 2)',
    );
    expect(e.highlights).toContainEqual({ cell: 'E', row: 0, col: 2 });
    expect(e.highlights).toContainEqual({ cell: 'p', row: 0, col: 1 });
    expect(explain('Eu', 0, 0).lines[0]).toBe(
      'Eu[1,1] = E[2,1] = 0.1: row 2 of E goes back to row 1 (p lists 1 in place 2)',
    );
  });

  it('sinusoidal writes out the sine or cosine with the live position and width', () => {
    expect(explain('PE', 3, 3).lines[0]).toBe(
      `PE[4,4] = cos(pos · 10000^(−2i/d)) with pos = 3, i = 1 (column 4 is the cosine of pair 2), d = 4: cos(3 · 10000^(−0.5)) = cos(0.03) = ${fmtRef(Math.cos(0.03))}`,
    );
  });

  it('rope writes out the rotation of the pair, with its angle', () => {
    const line = explain('R', 1, 0).lines[0]!;
    // Row 2 stands at position 3 (start 2); pair 1 turns by 3 radians.
    expect(line).toMatch(/^R\[2,1\] = x·cos θ − y·sin θ = 0\.1·\(−0\.99\) − \(−0\.2\)·0\.1411 = /);
    expect(line).toContain('θ = pos · 10000^(−2i/d) = 3 · 10000^(−0) = 3 rad');
  });
});

/** Four significant digits, as the explanations print them (an independent formatting). */
function fmtRef(x: number): string {
  return String(Number(x.toPrecision(4))).replace(/^-/, '−');
}
