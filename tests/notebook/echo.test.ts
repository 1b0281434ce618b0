/** Text a message repeats back is short and on one line, whatever was typed or linked. */
import { describe, expect, it } from 'vitest';
import { echo, MAX_ECHO } from '../../src/notebook/echo.ts';

describe('echo', () => {
  it('leaves short text as it is', () => {
    expect(echo('abc')).toBe('abc');
    expect(echo('1/sqrt(2)')).toBe('1/sqrt(2)');
  });

  it('cuts long text in the middle and says how long it was', () => {
    const text = `${'a'.repeat(5_000)}${'z'.repeat(5_000)}`;
    const out = echo(text);
    expect(out.startsWith('aaaa')).toBe(true);
    expect(out).toMatch(/…z+ \(10,000 characters\)$/);
    expect(out.length).toBeLessThanOrEqual(MAX_ECHO + ' (10,000 characters)'.length);
  });

  it('puts line breaks, tabs and control characters on one line', () => {
    expect(echo('1\n2\t3\u0000\u2028 4')).toBe('1 2 3 4');
  });

  it('never splits a character made of two code units', () => {
    const out = echo('😀'.repeat(100), 10);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(out).toMatch(/\(100 characters\)$/);
  });
});
