/** Registers the notebook's custom elements; a chapter page loads this once. */
import { AttentionGraphElement } from './attention-graph-element.ts';
import { EquationElement } from './equation-element.ts';
import { MatrixElement } from './matrix-element.ts';
import { PlotElement } from './plot-element.ts';
import { ScalarElement } from './scalar-element.ts';
import { StepsElement } from './steps-element.ts';
import { SwatchElement } from './swatch-element.ts';
import { ToolbarElement } from './toolbar-element.ts';
import { TryElement } from './try-element.ts';
import { WordExplorerElement } from './word-explorer-element.ts';
import { WordProjectionElement } from './word-projection-element.ts';
import { AnalogyBenchmarkElement } from './analogy-bench-element.ts';
import { ValueElement } from './value-element.ts';
import { LayoutSwitchElement } from './layout-switch-element.ts';
import { TokensElement } from './tokens-element.ts';
import { ReorderedElement } from './reordered-element.ts';
import { RotationElement } from './rotation-element.ts';
import { SentenceElement } from './sentence-element.ts';

const elements: [string, CustomElementConstructor][] = [
  ['nb-matrix', MatrixElement],
  ['nb-equation', EquationElement],
  ['nb-steps', StepsElement],
  ['nb-scalar', ScalarElement],
  ['nb-toolbar', ToolbarElement],
  ['nb-plot', PlotElement],
  ['nb-try', TryElement],
  // Real word vectors (chapters text-to-vectors and real-embeddings)
  ['nb-tokens', TokensElement],
  ['wv-explorer', WordExplorerElement],
  ['wv-projection', WordProjectionElement],
  ['wv-benchmark', AnalogyBenchmarkElement],
  ['nb-value', ValueElement],
  ['nb-swatch', SwatchElement],
  ['nb-attention-graph', AttentionGraphElement],
  ['nb-layout-switch', LayoutSwitchElement],
  // The position chapter
  ['nb-reordered', ReorderedElement],
  ['nb-rotation', RotationElement],
  ['nb-sentence', SentenceElement],
];
for (const [name, ctor] of elements)
  if (!customElements.get(name)) customElements.define(name, ctor);
