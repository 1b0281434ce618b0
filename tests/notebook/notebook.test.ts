import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals-core';
import { matrix, type Matrix } from '../../src/engine/index.ts';
import { prepare } from '../../src/notebook/prepare.ts';
import { NotebookError } from '../../src/notebook/definition.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import { d, m, notebookOf, s } from './helpers.ts';

const arr = (v: unknown): number[][] => (v as Matrix).toArray();

describe('computing cells', () => {
  it('computes a chain of derived cells from inputs', () => {
    const nb = notebookOf([
      m('A', [
        [1, 2],
        [3, 4],
      ]),
      m('B', [
        [1, 0],
        [0, 2],
      ]),
      d('C', 'A * B'),
      d('D', "C' + 1"),
    ]);
    expect(arr(nb.value('C'))).toEqual([
      [1, 4],
      [3, 8],
    ]);
    expect(arr(nb.value('D'))).toEqual([
      [2, 4],
      [5, 9],
    ]);
  });

  it('orders cells so each follows what it reads, whatever the order written', () => {
    const prepared = prepare({ id: 't', cells: [d('D', 'C * 2'), d('C', 'A + 1'), m('A', [[1]])] });
    expect(prepared.cells.map((c) => c.name)).toEqual(['A', 'C', 'D']);
  });

  it('recomputes only cells downstream of an edit', () => {
    const nb = notebookOf([
      m('A', [[1]]),
      m('B', [[2]]),
      d('X', 'A * 2'),
      d('Y', 'B * 2'),
      d('Z', 'X + Y'),
    ]);
    const calls = { X: 0, Y: 0, Z: 0 };
    for (const name of ['X', 'Y', 'Z'] as const) nb.watch(name, () => calls[name]++);
    expect(calls).toEqual({ X: 1, Y: 1, Z: 1 });
    nb.setEntry('A', 0, 0, 5);
    nb.flush();
    expect(calls).toEqual({ X: 2, Y: 1, Z: 2 });
    expect(arr(nb.value('Z'))).toEqual([[14]]);
  });

  it('neither computes nor reports a cell while its watcher is inactive, then catches up', () => {
    const nb = notebookOf([m('A', [[1]]), d('X', 'A * 2'), d('Y', 'X + 1')]);
    const near = signal(true);
    const seen: number[] = [];
    nb.watch('Y', (s) => s.status === 'ok' && seen.push(arr(s.value)[0]![0]!), near);
    expect(seen).toEqual([3]);
    const before = nb.computations;
    near.value = false;
    nb.setEntry('A', 0, 0, 5);
    nb.flush();
    nb.setEntry('A', 0, 0, 6);
    nb.flush();
    expect(seen).toEqual([3]);
    expect(nb.computations).toBe(before); // X and Y stay stale: nothing watches them now
    near.value = true;
    expect(seen).toEqual([3, 13]);
    expect(nb.computations).toBe(before + 2);
    nb.setEntry('A', 0, 0, 1);
    nb.flush();
    expect(seen).toEqual([3, 13, 3]);
  });

  it('applies many edits in one flush, each watcher running once', () => {
    const nb = notebookOf([m('A', [[1, 1]]), d('S', "A * A'")]);
    let runs = 0;
    nb.watch('S', () => runs++);
    nb.setEntry('A', 0, 0, 2);
    nb.setEntry('A', 0, 1, 3);
    expect(arr(nb.value('S'))).toEqual([[2]]); // nothing applied before the flush
    nb.flush();
    expect(runs).toBe(2);
    expect(arr(nb.value('S'))).toEqual([[13]]);
  });

  it('schedules one flush however many edits arrive', () => {
    const scheduled: (() => void)[] = [];
    const nb2 = new Notebook(prepare({ id: 't', cells: [m('A', [[0, 0]]), d('B', 'A * 2')] }), {
      schedule: (f) => scheduled.push(f),
    });
    nb2.setEntry('A', 0, 0, 1);
    nb2.setEntry('A', 0, 1, 2);
    nb2.set('A', matrix([[3, 4]]));
    expect(scheduled).toHaveLength(1);
    scheduled[0]!();
    expect(arr(nb2.value('B'))).toEqual([[6, 8]]);
  });

  it('uses scalar inputs and derived numbers', () => {
    const nb = notebookOf([
      m('K', [[1, 2, 3, 4]]),
      d('d_k', 'cols(K)'),
      d('r', 'sqrt(d_k)'),
      s('T', 2),
      d('Y', 'K / T'),
    ]);
    expect(nb.value('r')).toBe(2);
    expect(arr(nb.value('Y'))).toEqual([[0.5, 1, 1.5, 2]]);
  });
});

describe('errors in a chapter definition fail with the chapter and the cell named', () => {
  const cases: [string, Parameters<typeof prepare>[0]['cells'], RegExp][] = [
    [
      'cycle',
      [d('A', 'B + 1'), d('B', 'A + 1')],
      /chapter "ch", cell "A": depends on itself: A -> B -> A/,
    ],
    ['self', [d('A', 'A + 1')], /cell "A": depends on itself/],
    ['unknown name', [m('E', [[1]]), d('Q', 'E * W')], /cell "Q": unknown name "W"/],
    [
      'unknown function',
      [m('E', [[1]]), d('Q', 'frobnicate(E)')],
      /cell "Q": .*unknown function "frobnicate"/,
    ],
    [
      'arity',
      [m('E', [[1]]), d('Q', 'softmax()')],
      /cell "Q": .*softmax takes 1 to 2 arguments, got 0/,
    ],
    [
      'shape',
      [m('A', [[1, 2]]), m('B', [[1, 2]]), d('C', 'A * B')],
      /chapter "ch", cell "C": matmul: \(1x2\) \* \(1x2\): inner sizes 2 and 1 differ/,
    ],
    ['syntax', [d('C', '1 +')], /cell "C": 1 \+: /],
    ['duplicate', [m('A', [[1]]), m('A', [[2]])], /cell "A": defined twice/],
    ['ragged', [m('A', [[1, 2], [3]])], /cell "A": row 2 has 1 entries, row 1 has 2/],
  ];
  it.each(cases)('%s', (_name, cells, message) => {
    expect(() => prepare({ id: 'ch', cells })).toThrow(NotebookError);
    expect(() => prepare({ id: 'ch', cells })).toThrow(message);
  });
});

describe("a reader's edits", () => {
  it('turn a shape mismatch into an error state naming its source, and keep other cells working', () => {
    const nb = notebookOf([
      m('A', [[1, 2]]),
      m('B', [[1], [1]]),
      d('C', 'A * B'),
      d('D', 'C * 2'),
      d('E', 'A * 3'),
    ]);
    nb.set('B', matrix([[1, 1, 1]]));
    nb.flush();
    const c = nb.state('C');
    expect(c.status).toBe('error');
    expect(c.status === 'error' && c.error).toMatch(/matmul: \(1x2\) \* \(1x3\)/);
    const dd = nb.state('D');
    expect(dd.status === 'error' && dd.source).toBe('C');
    expect(arr(nb.value('E'))).toEqual([[3, 6]]);
    nb.set('B', matrix([[2], [2]]));
    nb.flush();
    expect(arr(nb.value('D'))).toEqual([[12]]);
  });

  it('refuse a redefinition with an unknown name or a cycle, keeping the old expression', async () => {
    const { parse } = await import('../../src/notebook/parse.ts');
    const nb = notebookOf([m('A', [[1]]), d('B', 'A + 1'), d('C', 'B * 2')]);
    expect(() => nb.redefine('B', parse('C + 1'))).toThrow(/depends on B/);
    expect(() => nb.redefine('B', parse('Z + 1'))).toThrow(/unknown name "Z"/);
    expect(arr(nb.value('C'))).toEqual([[4]]);
    nb.redefine('B', parse('A * 10'));
    expect(arr(nb.value('C'))).toEqual([[20]]);
  });

  it('notes a fully masked row instead of producing NaN', () => {
    const nb = notebookOf([
      m('S', [
        [-Infinity, -Infinity],
        [0, 1],
      ]),
      d('W', 'softmax(S)'),
    ]);
    const st = nb.state('W');
    expect(st.status).toBe('ok');
    if (st.status !== 'ok') return;
    expect(arr(st.value)[0]).toEqual([0, 0]);
    expect(st.notes[0]?.message).toMatch(/row 1: every score is masked/);
  });

  it('reset brings back the chapter values and the snapshot lists inputs only', () => {
    const nb = notebookOf([m('A', [[1]]), s('t', 3), d('B', 'A * t')]);
    nb.setEntry('A', 0, 0, 7);
    nb.flush();
    expect(nb.snapshot()).toEqual({ A: [[7]], t: 3 });
    nb.reset();
    nb.flush();
    expect(arr(nb.value('B'))).toEqual([[3]]);
  });

  it('reports dependents in computing order', () => {
    const nb = notebookOf([
      m('E', [[1]]),
      d('Q', 'E * 2'),
      d('K', 'E * 3'),
      d('S', "Q * K'"),
      m('X', [[0]]),
      d('Y', 'X + 1'),
    ]);
    expect(nb.dependents('E')).toEqual(['Q', 'K', 'S']);
    expect(nb.dependencies('S')).toEqual(['Q', 'K']);
  });
});

describe('matrices sized by sliders', () => {
  const cells = () => [
    s('n', 2),
    s('d', 3),
    {
      name: 'E',
      kind: 'matrix' as const,
      value: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      rowsFrom: 'n',
      colsFrom: 'd',
    },
    { name: 'W', kind: 'matrix' as const, value: [[1], [0], [0]], rowsFrom: 'd' },
    d('Q', 'E * W'),
  ];

  it('reshape with the slider, keeping the entries that still fit, and recompute downstream', () => {
    const nb = notebookOf(cells());
    nb.set('n', 3);
    nb.set('d', 2);
    nb.flush();
    const e = arr(nb.value('E'));
    expect(e.length).toBe(3);
    expect(e[0]).toEqual([1, 2]);
    expect(e[1]).toEqual([4, 5]);
    expect(arr(nb.value('W'))).toEqual([[1], [0]]);
    expect(arr(nb.value('Q'))).toEqual(e.map((r) => [r[0]]));
  });

  it('fill new entries the same way every time, within [-1, 1]', () => {
    const a = notebookOf(cells());
    const b = notebookOf(cells());
    for (const nb of [a, b]) {
      nb.set('n', 6);
      nb.flush();
    }
    expect(arr(a.value('E'))).toEqual(arr(b.value('E')));
    for (const v of arr(a.value('E')).slice(2).flat()) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });

  it('must start at the size their slider says', () => {
    expect(() =>
      prepare({
        id: 'ch',
        cells: [s('n', 3), { name: 'E', kind: 'matrix', value: [[1]], rowsFrom: 'n' }],
      }),
    ).toThrow(/cell "E": has 1 rows but "n" is 3/);
    expect(() =>
      prepare({ id: 'ch', cells: [{ name: 'E', kind: 'matrix', value: [[1]], rowsFrom: 'zz' }] }),
    ).toThrow(/follow "zz", which is not a scalar input/);
  });
});

describe('NaN from infinities', () => {
  it('is reported with rows and columns counted from 1, as the page counts them', () => {
    const nb = notebookOf([
      m('S', [
        [1, 2],
        [3, 0],
      ]),
      m('T', [
        [1, 1],
        [1, 0],
      ]),
      d('W', 'softmax(S + T)'),
    ]);
    nb.setEntry('S', 1, 0, Infinity);
    nb.setEntry('T', 1, 0, -Infinity);
    nb.flush();
    const st = nb.state('W');
    expect(st.status === 'error' && st.error).toBe(
      'softmax: row 2, column 1 is not a number (NaN), which comes from ∞ − ∞ or 0 × ∞ earlier',
    );
  });
});
