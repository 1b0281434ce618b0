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
import { CodeElement } from './code-element.ts';
import { QuestionElement } from './question-element.ts';
import { DrawElement } from './draw-element.ts';
import { CostBenchElement } from './cost-bench-element.ts';
import { FlashStepsElement } from './flash-steps-element.ts';
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
  ['nb-code', CodeElement],
  ['nb-question', QuestionElement],
  ['nb-draw', DrawElement],
  // The cost chapter
  ['nb-cost-bench', CostBenchElement],
  ['nb-flash-steps', FlashStepsElement],
  // The position chapter
  ['nb-reordered', ReorderedElement],
  ['nb-rotation', RotationElement],
  ['nb-sentence', SentenceElement],
];
for (const [name, ctor] of elements)
  if (!customElements.get(name)) customElements.define(name, ctor);
