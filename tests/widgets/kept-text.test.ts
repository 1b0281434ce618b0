/** A widget's failure message stays short even when the error quotes a reader's text. */
import { describe, expect, it } from 'vitest';
import { keptText } from '../../src/widgets/render.ts';

describe('keptText', () => {
  it('keeps a short error as it is', () => {
    expect(keptText({ status: 'error', error: 'bad', source: 'Q' }, 'K', 'numbers')).toBe(
      'bad (the problem is in Q). Showing the last numbers that worked.',
    );
  });

  it('cuts an error that quotes 10,000 characters', () => {
    const error = `unknown name "${'a'.repeat(10_000)}"`;
    const text = keptText({ status: 'error', error, source: 'K' }, 'K', 'numbers');
    expect(text.length).toBeLessThan(300);
    expect(text).toMatch(/characters\)\. Showing the last numbers that worked\.$/);
  });
});
