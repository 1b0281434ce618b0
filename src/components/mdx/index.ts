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
import Value from './Value.astro';
import LayoutSwitch from './LayoutSwitch.astro';

export const components = { Matrix, Equation, Steps, Scalar, Plot, Try, Value, LayoutSwitch };
