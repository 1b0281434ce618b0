/**
 * The text-to-vectors chapter: the figures its prose and its source quote, the claims its
 * "try this" prompts make, and the helpers behind <Value> and <Swatch>.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { FUNCTIONS, type Note } from '../../src/notebook/functions.ts';
import { matrix, type Matrix } from '../../src/engine/index.ts';
import { swatchColour } from '../../src/widgets/swatch.ts';
import { pickNumber, valueText } from '../../src/widgets/inline-value.ts';

const text = readFileSync(
  join(import.meta.dirname, '../../content/chapters/text-to-vectors.mdx'),
  'utf8',
);

function chapter(edit?: (nb: ReturnType<typeof prepareChapter>['notebook']) => void) {
  const { notebook } = prepareChapter(
    'text-to-vectors',
    chapterSchema.parse(yaml.load(text.split('---')[1]!)),
  );
  edit?.(notebook);
  notebook.flush();
  return notebook;
}
const num = (nb: ReturnType<typeof chapter>, cell: string) => nb.value(cell) as number;
const mat = (nb: ReturnType<typeof chapter>, cell: string) => nb.value(cell) as Matrix;

describe('normalize', () => {
  const normalize = (x: Matrix) => FUNCTIONS['normalize']!.apply([x], [] as Note[]) as Matrix;

  it('scales every row to length 1 and keeps its direction', () => {
    const n = normalize(
      matrix([
        [3, 4],
        [0, -2],
      ]),
    );
    expect(n.toArray()).toEqual([
      [0.6, 0.8],
      [0, -1],
    ]);
  });

  it('leaves a row of zeros at zero, never NaN', () => {
    expect(
      normalize(
        matrix([
          [0, 0, 0],
          [1, 0, 0],
        ]),
      ).toArray(),
    ).toEqual([
      [0, 0, 0],
      [1, 0, 0],
    ]);
  });

  it('refuses a number', () => {
    expect(() => FUNCTIONS['normalize']!.apply([2], [])).toThrow(
      /normalize: its argument must be a matrix/,
    );
  });
});

describe('chapter text-to-vectors', () => {
  it('gives the cosine similarities its source quotes: Mom–Dad 0.88, Mom–King 0.52', () => {
    const nb = chapter();
    expect(num(nb, 'cos_mom_dad').toFixed(2)).toBe('0.88');
    expect(num(nb, 'cos_mom_king').toFixed(2)).toBe('0.52');
    // The prose repeats the source's figures; they must stay the ones the page computes.
    expect(text).toContain('quotes 0.88 and 0.52');
  });

  it('has a similarity matrix that agrees with the pairwise cosines', () => {
    const nb = chapter();
    const sim = mat(nb, 'Sim');
    const words = ['King', 'Queen', 'Dad', 'Mom'];
    expect(sim.get(3, 2)).toBeCloseTo(num(nb, 'cos_mom_dad'), 14);
    expect(sim.get(3, 0)).toBeCloseTo(num(nb, 'cos_mom_king'), 14);
    words.forEach((_, i) => expect(sim.get(i, i)).toBeCloseTo(1, 14));
  });

  it('lands Queen − King + Dad on Mom, to the last bit of rounding', () => {
    const nb = chapter();
    expect(num(nb, 'gap')).toBeLessThan(1e-15);
    expect(
      mat(nb, 'Analogy')
        .toArray()[0]!
        .map((v) => v.toFixed(12)),
    ).toEqual(['0.200000000000', '0.700000000000', '0.900000000000']);
    expect(mat(nb, 'Points').rows).toBe(5);
  });

  it('says what the prose says about the colours', () => {
    const nb = chapter();
    const c = mat(nb, 'ColourSim');
    expect(c.get(1, 2)).toBe(0); // red and teal share nothing
    expect(c.get(0, 1)).toBeGreaterThan(c.get(0, 2)); // orange is nearer red than teal
    expect(num(nb, 'cos_colour_orange')).toBeCloseTo(1, 15); // brown is orange at half strength
    expect(num(nb, 'dist_colour_orange')).toBeGreaterThan(0.5);
  });

  it('keeps the promises of its "try this" prompts', () => {
    const darker = chapter((nb) => nb.set('colour', matrix([[0.2, 0.1, 0]])));
    expect(num(darker, 'cos_colour_orange')).toBeCloseTo(1, 15);
    expect(num(darker, 'dist_colour_orange')).toBeGreaterThan(num(chapter(), 'dist_colour_orange'));

    const pink = chapter((nb) => nb.setEntry('teal', 0, 0, 1));
    expect(mat(pink, 'ColourSim').get(1, 2)).toBeGreaterThan(0.5);

    const twins = chapter((nb) => nb.setEntry('Mom', 0, 0, 0.9));
    expect(num(twins, 'cos_mom_dad')).toBe(1);

    const tilted = chapter((nb) => nb.setEntry('Queen', 0, 2, 0.4));
    expect(num(tilted, 'gap')).toBeCloseTo(0.3, 12);
    const lowered = chapter((nb) => nb.setEntry('Dad', 0, 2, 0.5));
    expect(num(lowered, 'gap')).toBeCloseTo(0.4, 12);
  });
});

describe('swatchColour', () => {
  it('turns amounts in [0, 1] into a CSS colour and a hex code', () => {
    const r = swatchColour(matrix([[1, 0.5, 0]]));
    expect(r).toEqual({ ok: true, colour: { css: 'rgb(255, 128, 0)', hex: '#ff8000', note: '' } });
  });

  it('clamps what a screen cannot show, and says so', () => {
    const r = swatchColour(matrix([[1.5, -0.25, -Infinity]]));
    if (!r.ok) throw new Error(r.error);
    expect(r.colour.css).toBe('rgb(255, 0, 0)');
    expect(r.colour.note).toMatch(
      /red 1\.50 is shown as 1, green −0\.25 is shown as 0, blue −∞ is shown as 0/,
    );
  });

  it('accepts a column too, and refuses anything but three amounts', () => {
    expect(swatchColour(matrix([[0], [0], [1]]))).toMatchObject({
      ok: true,
      colour: { hex: '#0000ff' },
    });
    expect(swatchColour(matrix([[1, 0]]))).toEqual({
      ok: false,
      error: expect.stringMatching(/exactly three amounts.*1x2/),
    });
    expect(swatchColour(3)).toMatchObject({ ok: false });
  });
});

describe('pickNumber and valueText', () => {
  it('reads a number cell, a 1×1 matrix, or one entry counted from 1', () => {
    expect(pickNumber(0.5, {})).toEqual({ ok: true, value: 0.5 });
    expect(pickNumber(matrix([[7]]), {})).toEqual({ ok: true, value: 7 });
    expect(
      pickNumber(
        matrix([
          [1, 2],
          [3, 4],
        ]),
        { row: 2, col: 1 },
      ),
    ).toEqual({ ok: true, value: 3 });
    expect(pickNumber(matrix([[1, 2]]), {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/needs a row and a column/),
    });
    expect(pickNumber(matrix([[1, 2]]), { row: 2, col: 1 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no entry \[2,1\]/),
    });
  });

  it('rounds for the sentence and keeps the exact value for the title', () => {
    expect(valueText(0.8802, 2)).toEqual({ text: '0.88', exact: '0.8802' });
    expect(valueText(-0.5, 1)).toEqual({ text: '−0.5', exact: '−0.5' });
  });
});
