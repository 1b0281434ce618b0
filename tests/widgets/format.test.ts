/**
 * How numbers and colours look in a grid. The rules are restated here in their plainest
 * form (regular expressions, string formatting) and the fast versions the page uses must
 * agree with them on every number.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatNumber, fullNumber, heatColour } from '../../src/widgets/format.ts';
import { scalarText, valueText } from '../../src/widgets/inline-value.ts';

/** The rule as written: fixed digits, or one-digit scientific for tiny and huge numbers. */
function plainFormat(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  const a = Math.abs(v);
  let s =
    a !== 0 && (a >= 1e5 || a < 10 ** -digits / 2)
      ? v.toExponential(1).replace('e+', 'e')
      : v.toFixed(digits);
  if (/^-0\.?0*$/.test(s)) s = s.slice(1);
  return s.replace(/^-/, '−');
}

const anyNumber = fc.oneof(
  fc.double(),
  fc.double({ min: -1e-3, max: 1e-3 }),
  fc.double({ min: -10, max: 10 }),
  fc.constantFrom(0, -0, 0.005, -0.005, 0.0049, -0.0049, 99999.5, -1e5, 1e-7, -1e-7),
);

describe('formatNumber', () => {
  it('agrees with the plain rule on every number', () => {
    fc.assert(
      fc.property(anyNumber, fc.integer({ min: 0, max: 4 }), (v, digits) => {
        expect(formatNumber(v, digits)).toBe(plainFormat(v, digits));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes signs as real minus signs and never shows −0', () => {
    expect(formatNumber(-1.234)).toBe('−1.23');
    expect(formatNumber(-0.001)).toBe('−1.0e-3');
    expect(formatNumber(-0.0000001, 2)).toBe('−1.0e-7');
    expect(formatNumber(-0.004, 2)).toBe('−4.0e-3');
    expect(formatNumber(-0)).toBe('0.00');
    expect(formatNumber(-Infinity)).toBe('−∞');
    expect(formatNumber(123456)).toBe('1.2e5');
  });
});

describe('fullNumber', () => {
  it('is the shortest round-tripping decimal, with a minus sign in front only', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (v) => {
        const s = fullNumber(v);
        if (Math.abs(v) === Infinity) expect(s).toBe(v > 0 ? '∞' : '−∞');
        else {
          expect(Number(s.replace(/^−/, '-'))).toBe(v === 0 ? 0 : v);
          expect(s.startsWith('−')).toBe(v < 0);
          expect(s.slice(1)).not.toContain('−');
        }
      }),
      { numRuns: 5000 },
    );
    expect(fullNumber(1e-7)).toBe('1e-7');
    expect(fullNumber(-2.5)).toBe('−2.5');
  });
});

describe('heatColour', () => {
  const parse = (c: string) => /^hsl\((\d+) 85% (\d+\.\d)%\)$/.exec(c);

  it('lightens with |v| / range: orange for positive, blue for negative, to 0.1 %', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-3, max: 100, noNaN: true }),
        fc.constantFrom('diverging', 'sequential') as fc.Arbitrary<'diverging' | 'sequential'>,
        (v, range, scale) => {
          const c = heatColour(v, range, scale);
          const t = Math.min(1, Math.abs(v) / range);
          if (t < 0.02) {
            expect(c).toBe('transparent');
            return;
          }
          const m = parse(c);
          expect(m, c).not.toBeNull();
          expect(Number(m![1])).toBe(scale === 'sequential' || v >= 0 ? 28 : 212);
          expect(Math.abs(Number(m![2]) - (97 - 33 * t))).toBeLessThanOrEqual(0.05 + 1e-9);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('marks the values that are not ordinary numbers', () => {
    expect(heatColour(-Infinity, 1, 'diverging')).toBe('var(--masked-bg)');
    expect(heatColour(Infinity, 1, 'diverging')).toBe('var(--inf-bg)');
    expect(heatColour(NaN, 1, 'diverging')).toBe('var(--nan-bg)');
    expect(heatColour(1, 0, 'diverging')).toBe('transparent');
    expect(heatColour(1, Infinity, 'diverging')).toBe('transparent');
  });
});

describe('scalarText', () => {
  it('writes a slider’s number as set, grouping thousands from 10,000 up, with a real minus', () => {
    expect(scalarText(9)).toBe('9');
    expect(scalarText(0.37)).toBe('0.37');
    expect(scalarText(8192)).toBe('8192');
    expect(scalarText(131072)).toBe('131,072');
    expect(scalarText(-65536)).toBe('−65,536');
    expect(scalarText(-0.5)).toBe('−0.5');
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (v) => {
        // Read back: the number it shows is the number it was given.
        expect(Number(scalarText(v).replace('−', '-').replaceAll(',', ''))).toBe(v);
      }),
    );
  });
});

describe('very large finite numbers print in a compact form', () => {
  // numpy: f"{np.finfo(float).max:.1e}" is '1.8e+308'; 1e300 -> '1.0e+300'.
  it.each([
    [Number.MAX_VALUE, '1.8e308'],
    [-Number.MAX_VALUE, '−1.8e308'],
    [1e300, '1.0e300'],
    [1.23e20, '1.2e20'],
  ])('%s', (v, text) => {
    expect(formatNumber(v, 2)).toBe(text);
    expect(valueText(v, 2).text).toBe(text);
    expect(valueText(v, 0).text).toBe(text);
    expect(scalarText(v)).toBe(text);
  });

  it('keeps grouping the numbers a sentence reads, below 1e15', () => {
    expect(valueText(17_179_869_184, 0).text).toBe('17,179,869,184');
    expect(valueText(999_999_999_999_999, 0).text.length).toBeLessThan(25);
  });
});
