/** "Explain this number": the text and the highlights for one entry, from the expression tree. */
import { describe, expect, it } from 'vitest';
import { explainEntry, elide, fmt } from '../../src/notebook/explain.ts';
import { parse } from '../../src/notebook/parse.ts';
import { callsBottomUp } from '../../src/notebook/expr.ts';
import { notebookOf, d, m, s } from './helpers.ts';
import type { Matrix } from '../../src/engine/index.ts';

const nb = notebookOf([
  m('A', [
    [1, 2],
    [3, 4],
  ]),
  m('B', [
    [5, 6],
    [7, 8],
  ]),
  m('S', [
    [0, Math.log(3), -Infinity],
    [-Infinity, -Infinity, -Infinity],
  ]),
  m('r', [[10, 20]]),
  m('X', [[1, 2, 3, 6]]),
  m('long', [[1, 2, 3, 4, 5, 6, 7, 8]]),
  s('T', 2),
  d('P', 'A * B'),
  d('Sc', "A * B' / sqrt(4)"),
  d('W', 'softmax(S)'),
  d('WT', 'softmax(S, T)'),
  d('C', 'causal(A)'),
  d('Sum', 'A + r'),
  d('Tr', "A'"),
  d('L', 'layerNorm(X)'),
  d('Dot', "long * long'"),
  d('Half', 'A / 2'),
  d('Cos', 'cosine(X, X)'),
  d('Att', 'attention(A, B, A)'),
  d('Wm', 'softmax(causal(A * B))'),
]);
const lookup = (n: string) => nb.value(n);
const explain = (cell: string, i: number, j: number) =>
  explainEntry(nb.expression(cell)!, lookup, i, j, { name: cell });
const at = (cell: string, i: number, j: number) => (nb.value(cell) as Matrix).get(i, j);

describe('explainEntry', () => {
  it('a matrix product: a row times a column, every product, the sum; the row and the column highlighted', () => {
    const e = explain('P', 1, 0);
    expect(e.value).toBe(43);
    expect(e.lines[0]).toBe('P[2,1] = row 2 of A · column 1 of B = 3·5 + 4·7 = 43');
    expect(e.highlights).toEqual([
      { cell: 'A', row: 1 },
      { cell: 'B', col: 0 },
    ]);
  });

  it('elides the middle of a long sum', () => {
    const e = explain('Dot', 0, 0);
    expect(e.lines[0]).toBe(
      "Dot[1,1] = row 1 of long · column 1 of long' = 1·1 + 2·2 + 3·3 + … + 7·7 + 8·8 = 204",
    );
    expect(elide(['a', 'b', 'c'], 6)).toBe('a + b + c');
  });

  it('a division by a number, then where its numerator came from; a transposed operand highlights the row of the original', () => {
    const e = explain('Sc', 0, 1);
    expect(e.value).toBe(at('Sc', 0, 1));
    expect(e.lines[0]).toBe("Sc[1,2] = (A * B')[1,2] / sqrt(4) = 23 / 2 = 11.5");
    expect(e.lines[1]).toBe("where (A * B')[1,2] = row 1 of A · column 2 of B' = 1·7 + 2·8 = 23");
    expect(e.highlights).toContainEqual({ cell: 'A', row: 0 });
    expect(e.highlights).toContainEqual({ cell: 'B', row: 1 });
    expect(explain('Half', 1, 1).lines[0]).toBe('Half[2,2] = A[2,2] / 2 = 4 / 2 = 2');
  });

  it('names the intermediate results that went in, for a formula worked out in steps', () => {
    const expr = nb.expression('Sc')!;
    const [transposed, product, root] = callsBottomUp(expr).filter((c) => c.fn !== 'sqrt');
    const e = explain('Sc', 0, 1);
    // Sc[1,2] reads entry (1,2) of A * B', which reads column 2 of B'.
    expect(e.steps).toEqual([
      { expr: product, row: 0, col: 1 },
      { expr: transposed, col: 1 },
    ]);
    expect(root).toBe(expr);
    // A product of two cells uses no intermediate result.
    expect(explain('P', 1, 0).steps).toEqual([]);
    // The same part of the same step is named once.
    const dot = explain('Dot', 0, 0).steps;
    expect(dot).toHaveLength(1);
  });

  it('softmax: the formula, then the numbers of the row with its max subtracted', () => {
    const e = explain('W', 0, 1);
    expect(e.value).toBe(at('W', 0, 1));
    expect(fmt(e.value)).toBe('0.75');
    expect(e.lines[0]).toBe(
      'W[1,2] = e^(s_ij − max_i) / Σ_k e^(s_ik − max_i), with s = S: e^(1.099 − 1.099) / (e^(0 − 1.099) + e^(1.099 − 1.099) + e^(−∞)) = 1 / 1.333 = 0.75',
    );
    expect(e.highlights).toEqual([{ cell: 'S', row: 0 }]);
    expect(explain('W', 0, 2).lines[0]).toMatch(/= 0 \(a masked score gets weight 0\)$/);
    expect(explain('WT', 0, 0).lines[0]).toMatch(
      /^WT\[1,1\] = e\^\(\(s_ij − max_i\) \/ T\) \/ Σ_k .* T = 2: e\^\(\(0 − 1\.099\) \/ 2\)/,
    );
  });

  it('softmax of a fully masked row gives 0, and says why', () => {
    expect(explain('W', 1, 0).lines[0]).toBe(
      'W[2,1] = 0: every entry of row 2 of S is −∞ (masked), so its weights are all set to 0',
    );
  });

  it('the causal mask: −∞ because the key comes after the query; kept otherwise', () => {
    expect(explain('C', 0, 1).lines[0]).toBe(
      'C[1,2] = −∞ because key 2 comes after query 1: the mask hides it (the score was 2)',
    );
    expect(explain('C', 1, 0).lines[0]).toBe(
      'C[2,1] = A[2,1] = 3, kept because key 1 does not come after query 2',
    );
    const nested = explain('Wm', 0, 1);
    expect(nested.lines[1]).toMatch(
      /^where causal\(A \* B\)\[1,2\] = −∞ because key 2 comes after query 1/,
    );
  });

  it('addition of a row repeated over every row, and the transpose', () => {
    expect(explain('Sum', 1, 1).lines[0]).toBe(
      'Sum[2,2] = A[2,2] + r[1,2] (its one row, added to every row) = 4 + 20 = 24',
    );
    const t = explain('Tr', 0, 1);
    expect(t.lines[0]).toBe('Tr[1,2] = A[2,1] = 3: the transpose swaps rows and columns');
    expect(t.highlights).toEqual([{ cell: 'A', row: 1, col: 0 }]);
  });

  it('layer norm: mean and variance of the row, with the numbers', () => {
    const e = explain('L', 0, 3);
    expect(e.value).toBe(at('L', 0, 3));
    // Row 1 of X is [1, 2, 3, 6]: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5.
    expect(e.lines[0]).toBe(
      `L[1,4] = (x − mean) / sqrt(variance + 0.00001) over row 1 of X = (6 − 3) / sqrt(3.5 + 0.00001) = ${fmt(e.value)}`,
    );
  });

  it('attention as one row of weights against a column of V', () => {
    const e = explain('Att', 1, 0);
    expect(e.value).toBe(at('Att', 1, 0));
    expect(e.lines[0]).toMatch(
      /^Att\[2,1\] = row 2 of softmax\(A B' \/ sqrt\(2\)\) · column 1 of A = .* = /,
    );
  });

  it('falls back to naming the operands for any other function', () => {
    const e = explainEntry(parse('cosine(X, X)'), lookup, 0, 0);
    expect(e.value).toBeCloseTo(1, 12);
    expect(e.lines[0]).toBe(
      'cosine(X, X) = 1, computed by cosine from X[1,1] = 1 (of 1×4), X[1,1] = 1 (of 1×4)',
    );
    const unknown = explainEntry(
      { kind: 'call', fn: 'relu', args: [{ kind: 'symbol', name: 'A' }] },
      lookup,
      0,
      1,
    );
    expect(unknown.lines[0]).toBe('relu(A)[1,2] = relu(A[1,2]) = relu(2) = 2');
  });

  it('formats numbers for reading', () => {
    expect([fmt(-0.123456), fmt(-Infinity), fmt(1e-7), fmt(-0)]).toEqual([
      '−0.1235',
      '−∞',
      '1e-7',
      '0',
    ]);
  });
});
