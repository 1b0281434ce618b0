import { describe, expect, it } from 'vitest';
import { parse } from '../../src/notebook/parse.ts';
import { plainSymbol, symbolTex, toTex } from '../../src/notebook/tex.ts';
import { renderTex } from '../../src/widgets/tex-render.ts';

describe('TeX from the expression tree', () => {
  it.each([
    [
      "softmax(Q * K' / sqrt(d_k))",
      '\\operatorname{softmax}\\left(\\frac{Q\\,{K}^{\\top}}{\\sqrt{d_{k}}}\\right)',
    ],
    ['E * W_Q', 'E\\,W_{Q}'],
    ['(A + B) * C', '\\left(A + B\\right)\\,C'],
    ['A - (B - C)', 'A - \\left(B - C\\right)'],
    ["(Q * K)'", '{\\left(Q\\,K\\right)}^{\\top}'],
    ['2 * X', '2\\,X'],
    ['X * 2', 'X \\cdot 2'],
    ['-Infinity', '-\\infty'],
    ['alpha * x_1', '\\alpha\\,x_{1}'],
  ])('%s', (text, tex) => {
    expect(toTex(parse(text))).toBe(tex);
  });

  it('uses a cell’s own TeX name where it has one', () => {
    expect(toTex(parse('weights * V'), { weights: 'A' })).toBe('A\\,V');
  });

  it('names symbols the way the chapters write them', () => {
    expect(symbolTex('W_Q')).toBe('W_{Q}');
    expect(symbolTex('d_model')).toBe('d_{\\mathrm{model}}');
    // More underscores stay in the subscript as written.
    expect(symbolTex('gpt_heads_all')).toBe('\\mathrm{gpt}_{\\mathrm{heads\\_all}}');
    expect(symbolTex('scores')).toBe('\\mathrm{scores}');
  });

  it('writes a symbol as plain text when it is a letter with a subscript, else the name', () => {
    expect(plainSymbol('weights', 'A')).toBe('A');
    expect(plainSymbol('weights_T', 'A_T')).toBe('A_T');
    expect(plainSymbol('S_64', 'S_{64}')).toBe('S_64');
    expect(plainSymbol('W_Kx', 'W_{K,c}')).toBe('W_K,c');
    expect(plainSymbol('GiB', '\\mathrm{GiB}')).toBe('GiB');
    expect(plainSymbol('dE', '\\Delta E')).toBe('dE');
    expect(plainSymbol('var_raw', '\\operatorname{Var}(q \\cdot k)')).toBe('var_raw');
    expect(plainSymbol('Q', undefined)).toBe('Q');
  });

  it('always gives TeX that KaTeX renders', () => {
    for (const text of [
      "softmax(causal(Q * K') / sqrt(d_k), T)",
      'layerNorm(E + attention(Q, K, V))',
      'norm(a - b) ^ 2',
      'A .* B',
      "softmaxCols(causalT(K * Q'))",
    ]) {
      expect(renderTex(toTex(parse(text)))).not.toContain('tex-error');
    }
  });
});
