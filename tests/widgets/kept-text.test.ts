/** A widget's failure message stays short even when the error quotes a reader's text. */
import { describe, expect, it } from 'vitest';
import { keptText } from '../../src/widgets/render.ts';
import { cellRef } from '../../src/widgets/symbols.ts';

describe('keptText', () => {
  it('keeps a short error as it is, marking the source cell to be typeset', () => {
    expect(keptText({ status: 'error', error: 'bad', source: 'Q' }, 'K', 'numbers')).toBe(
      `bad (the problem is in ${cellRef('Q')}). Showing the last numbers that worked.`,
    );
  });

  it('cuts an error that quotes 10,000 characters', () => {
    const error = `unknown name "${'a'.repeat(10_000)}"`;
    const text = keptText({ status: 'error', error, source: 'K' }, 'K', 'numbers');
    expect(text.length).toBeLessThan(300);
    expect(text).toMatch(/characters\)\. Showing the last numbers that worked\.$/);
  });
});
