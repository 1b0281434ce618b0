import { describe, expect, it } from 'vitest';
import { parse, ParseError } from '../../src/notebook/parse.ts';
import { exprToString } from '../../src/notebook/expr.ts';

describe('parse', () => {
  it('turns operators into named calls', () => {
    expect(parse("softmax(Q * K' / sqrt(d_k))")).toEqual({
      kind: 'call',
      fn: 'softmax',
      args: [
        {
          kind: 'call',
          fn: 'divide',
          args: [
            {
              kind: 'call',
              fn: 'multiply',
              args: [
                { kind: 'symbol', name: 'Q' },
                { kind: 'call', fn: 'transpose', args: [{ kind: 'symbol', name: 'K' }] },
              ],
            },
            { kind: 'call', fn: 'sqrt', args: [{ kind: 'symbol', name: 'd_k' }] },
          ],
        },
      ],
    });
  });

  it('drops parentheses and keeps numbers', () => {
    expect(parse('(2)')).toEqual({ kind: 'number', value: 2 });
    expect(parse('-Infinity')).toEqual({
      kind: 'call',
      fn: 'unaryMinus',
      args: [{ kind: 'number', value: Infinity }],
    });
  });

  it('prints back to text that parses to the same tree', () => {
    for (const text of [
      "softmax(Q * K' / sqrt(d_k))",
      'E + (A - B) * C',
      '-(x + 1) / 2',
      "(A * B)'",
      'A .* B ^ 2',
    ]) {
      const tree = parse(text);
      expect(parse(exprToString(tree))).toEqual(tree);
    }
  });

  // Reader text must not reach any mathjs code path beyond parsing a plain expression.
  it.each([
    ['import({}, {override: true})', /./],
    ['evaluate("1+1")', /./],
    ['x = 1', /assignments/],
    ['f(x) = x', /defining functions/],
    ['a.constructor', /property access/],
    ['a["constructor"]', /indexing/],
    ['"text"', /only numbers/],
    ['[1, 2]', /matrix literals/],
    ['1; 2', /one expression/],
    ['a ? b : c', /conditionals/],
    ['1:3', /ranges/],
    ['a < b', /the operator "<" is not available/],
    ['{a: 1}', /objects/],
    ['true', /only numbers/],
    ['null', /only numbers/],
    ['f(x)(y)', /named functions/],
  ])('refuses %s', (text, message) => {
    let error: unknown;
    try {
      const tree = parse(text);
      // Calls to functions outside the cell language parse, but are refused when compiled.
      expect(tree.kind).toBe('call');
      return;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses empty and overlong text with a message', () => {
    expect(() => parse('  ')).toThrow(/empty/);
    expect(() => parse('1+'.repeat(400) + '1')).toThrow(/too long/);
    expect(() => parse('1 +')).toThrow(ParseError);
  });
});
