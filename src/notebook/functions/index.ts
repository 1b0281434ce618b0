/**
 * The registry: every function of the formula language, assembled from one file per
 * group. Each entry is the whole function (see `FunctionDef` in define.ts): what it
 * computes, its TeX, its labels, its NumPy and PyTorch code and its explanation. The
 * order is the glossary's.
 */
import { ATTENTION } from './attention.ts';
import { BLOCK } from './block.ts';
import { CODE } from './code.ts';
import type { FunctionDef } from './define.ts';
import { ELEMENTWISE } from './elementwise.ts';
import { INDEXING } from './indexing.ts';
import { FLASH } from './flash.ts';
import { LAYERS } from './layers.ts';
import { OPERATORS } from './operators.ts';
import { SAMPLING } from './sampling.ts';
import { POSITION } from './position.ts';
import { SCALING } from './scaling.ts';
import { VECTORS } from './vectors.ts';

export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  ...OPERATORS,
  ...ATTENTION,
  ...LAYERS,
  ...VECTORS,
  ...ELEMENTWISE,
  ...SCALING,
  ...CODE,
  ...INDEXING,
  ...SAMPLING,
  ...BLOCK,
  ...FLASH,
  ...POSITION,
};
