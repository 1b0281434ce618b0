import { describe, expect, it } from 'vitest';
import { plainNumber, readEntry } from '../../src/notebook/entry.ts';

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
