/** Functions of one number, applied to every entry of a matrix. */
import { elementwise, explainElementwise, fnTex, type FunctionDef } from './define.ts';

/** `np.exp(X)` or `torch.exp(X)` for a matrix, `np.exp(x)` or `math.exp(x)` for a number. */
const mathCall = (fn: string): Pick<FunctionDef, 'numpy' | 'torch'> => ({
  numpy: (py) => py.call(`np.${fn}`),
  torch: (py) => py.call(`${py.numbers ? 'math' : 'torch'}.${fn}`),
});

export const ELEMENTWISE: Readonly<Record<string, FunctionDef>> = {
  sqrt: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'sqrt(x): square root',
    tex: (a) => `\\sqrt{${a[0]}}`,
    apply: elementwise('sqrt', Math.sqrt, (x) => x >= 0),
    labels: 'first',
    returns: 'same',
    ...mathCall('sqrt'),
    explain: explainElementwise('sqrt'),
  },
  exp: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'exp(x): e to the power x',
    tex: (a) => `e^{${a[0]}}`,
    apply: elementwise('exp', Math.exp),
    labels: 'first',
    returns: 'same',
    ...mathCall('exp'),
    explain: explainElementwise('exp'),
  },
  log: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'log(x): natural logarithm',
    tex: fnTex('log'),
    apply: elementwise('log', Math.log, (x) => x >= 0),
    labels: 'first',
    returns: 'same',
    ...mathCall('log'),
    explain: explainElementwise('log'),
  },
  abs: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'abs(x): absolute value',
    tex: (a) => `\\left|${a[0]}\\right|`,
    apply: elementwise('abs', Math.abs),
    labels: 'first',
    returns: 'same',
    numpy: (py) => py.call(py.numbers ? 'abs' : 'np.abs'),
    torch: (py) => py.call(py.numbers ? 'abs' : 'torch.abs'),
    explain: explainElementwise('abs'),
  },
};
