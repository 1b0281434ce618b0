import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/notebook/prepare.ts';
import { deserialise, serialise } from '../../src/notebook/serialise.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import type { Matrix } from '../../src/engine/index.ts';

describe('the prepared notebook a page embeds', () => {
  it('survives JSON with infinities, and a label that looks like one', () => {
    const prepared = prepare({
      id: 't',
      labels: { tokens: ['Infinity', '<script>'] },
      cells: [
        {
          name: 'S',
          kind: 'matrix',
          value: [
            [-Infinity, 1],
            [2, Infinity],
          ],
          rowLabels: 'tokens',
        },
        { name: 'W', kind: 'derived', expr: 'softmax(S)' },
        { name: 'Z', kind: 'derived', expr: 'S * -Infinity' },
      ],
    });
    const text = serialise(prepared);
    expect(text).not.toContain('<script>');
    const back = deserialise(text);
    expect(back).toEqual(prepared);
    const nb = new Notebook(back, { schedule: () => {} });
    expect((nb.value('W') as Matrix).toArray()).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('gives derived cells the labels their formula implies', () => {
    const prepared = prepare({
      id: 't',
      labels: { tokens: ['a', 'b'], dims: ['x', 'y', 'z'], k: ['k1'] },
      cells: [
        {
          name: 'E',
          kind: 'matrix',
          value: [
            [1, 2, 3],
            [4, 5, 6],
          ],
          rowLabels: 'tokens',
          colLabels: 'dims',
        },
        { name: 'W', kind: 'matrix', value: [[1], [0], [0]], rowLabels: 'dims', colLabels: 'k' },
        { name: 'Q', kind: 'derived', expr: 'E * W' },
        { name: 'S', kind: 'derived', expr: "softmax(Q * Q' / 2)" },
        { name: 'T', kind: 'derived', expr: "E'" },
      ],
    });
    const axes = Object.fromEntries(
      prepared.cells.map((c) => [c.name, [c.rowLabels, c.colLabels]]),
    );
    expect(axes['Q']).toEqual(['tokens', 'k']);
    expect(axes['S']).toEqual(['tokens', 'tokens']);
    expect(axes['T']).toEqual(['dims', 'tokens']);
  });
});
