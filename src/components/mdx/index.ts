/**
 * The components chapter authors use in MDX, without importing them: the chapter page
 * passes this map to every chapter.
 */
import Matrix from './Matrix.astro';
import Equation from './Equation.astro';
import Steps from './Steps.astro';
import Scalar from './Scalar.astro';
import Plot from './Plot.astro';
import Try from './Try.astro';
import WordExplorer from './WordExplorer.astro';
import WordProjection from './WordProjection.astro';
import AnalogyBenchmark from './AnalogyBenchmark.astro';
import Value from './Value.astro';
import Swatch from './Swatch.astro';
import AttentionGraph from './AttentionGraph.astro';
import SideBySide from './SideBySide.astro';
import Column from './Column.astro';
import LayoutSwitch from './LayoutSwitch.astro';
import Tokens from './Tokens.astro';
import CodeWalk from './CodeWalk.astro';
import Question from './Question.astro';
import Draw from './Draw.astro';
import CostBench from './CostBench.astro';
import FlashSteps from './FlashSteps.astro';
import Reordered from './Reordered.astro';
import Rotation from './Rotation.astro';
import Sentence from './Sentence.astro';

export const components = {
  Matrix,
  Equation,
  Steps,
  Scalar,
  Plot,
  Try,
  Value,
  Swatch,
  AttentionGraph,
  SideBySide,
  Column,
  LayoutSwitch,
  Tokens,
  CodeWalk,
  Question,
  Draw,
  CostBench,
  FlashSteps,
  Reordered,
  Rotation,
  Sentence,
  WordExplorer,
  WordProjection,
  AnalogyBenchmark,
};
