import { describe, expect, it } from 'vitest';
import { plainNumber, readEntry, typedNumber } from '../../src/notebook/entry.ts';

describe('what a reader types into an entry', () => {
  it.each([
    ['0.5', 0.5],
    ['-3', -3],
    ['1e-3', 0.001],
    ['2E3', 2000],
    ['.25', 0.25],
    ['−1.5', -1.5],
    ['-Infinity', -Infinity],
    ['Infinity', Infinity],
    ['  7 ', 7],
  ])('reads %s as a plain number', async (text, value) => {
    expect(plainNumber(text)).toBe(value);
    expect(await readEntry(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['1/sqrt(2)', 1 / Math.sqrt(2)],
    ['2^-1', 0.5],
    ['exp(0) + pi', 1 + Math.PI],
    ['-1/0', -Infinity],
  ])('evaluates %s', async (text, value) => {
    expect(await readEntry(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['abc', /unknown name "abc"/],
    ['', /empty/],
    ['1,5', /use a point for decimals: 1\.5/],
    ['0/0', /does not give a number/],
    ['sqrt(-1)', /outside its domain/],
    ['softmax(1)', /unknown function "softmax"/],
    ['x = 2', /assignments/],
    ['1 +', /./],
  ])('refuses %s with a message', async (text, message) => {
    const r = await readEntry(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('numbers too large to hold, and long text', () => {
  // 1.7976931348623157e308 is the largest double (numpy.finfo(float).max); these go beyond it.
  it.each(['1e309', '-1e309', '2e308', 'exp(1000)', '-exp(710)', '10^400', '1e308 * 10'])(
    'refuses %s as too large instead of keeping ∞',
    async (text) => {
      const r = await readEntry(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^too large: .* beyond the largest number/);
      expect(typedNumber(text)).toBeUndefined();
    },
  );

  it.each([
    ['-Infinity', -Infinity],
    ['∞', Infinity],
    ['-inf', -Infinity],
    ['-1/0', -Infinity],
    ['1.7976931348623157e308', 1.7976931348623157e308],
    ['exp(709)', Math.exp(709)],
  ])('keeps %s, an infinity on purpose or a number that fits', async (text, value) => {
    expect(await readEntry(text)).toEqual({ ok: true, value });
  });

  it('repeats at most a short piece of a long entry', async () => {
    for (const text of ['a'.repeat(10_000), `1+${'b'.repeat(150)}`, 'x'.repeat(199)]) {
      const r = await readEntry(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeLessThan(160);
    }
  });
});
