/**
 * Build-time checks of a question (`<Question>` in a chapter): its answer and each named
 * mistake parse, compute from the chapter's numbers, and are of one kind; a mistake that
 * gives the right answer with the chapter's own numbers could never be told apart, so it
 * fails the build. Every failure names the chapter and the question.
 */
import { parse } from './parse.ts';
import { compile } from './evaluate.ts';
import { computeExpected, type QuestionSpec } from './question.ts';
import { DEFAULT_TOLERANCE, sameNumber, type Expected } from './answer.ts';
import type { Notebook } from './notebook.ts';
import type { Expr } from './expr.ts';

export interface QuestionProps {
  readonly id: string;
  readonly answer: string;
  readonly mistakes?: Readonly<Record<string, string>> | undefined;
  readonly tolerance?: number | undefined;
  /** A label set of the chapter to choose from; inferred for `argmax(row(A, i))`. */
  readonly choices?: string | undefined;
}

export const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function same(a: Expected, b: Expected, tol: number): boolean {
  if (a.kind === 'number' && b.kind === 'number') return sameNumber(a.value, b.value, tol);
  if (a.kind === 'choice' && b.kind === 'choice') return a.index === b.index;
  if (a.kind === 'matrix' && b.kind === 'matrix') {
    const [x, y] = [a.value, b.value];
    if (x.rows !== y.rows || x.cols !== y.cols) return false;
    for (let i = 0; i < x.rows; i++)
      for (let j = 0; j < x.cols; j++) if (!sameNumber(x.get(i, j), y.get(i, j), tol)) return false;
    return true;
  }
  return false;
}

export function prepareQuestion(
  nb: Notebook,
  props: QuestionProps,
): { spec: QuestionSpec; expected: Expected } {
  const where = `chapter "${nb.id}", question "${props.id}"`;
  if (!QUESTION_ID.test(props.id ?? ''))
    throw new Error(`${where}: an id is lowercase letters, digits and single hyphens (mask-a21)`);
  const tolerance = props.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance))
    throw new Error(`${where}: tolerance must be a number of 0 or more`);
  const lookup = (name: string) => {
    if (!nb.has(name))
      throw new Error(`unknown name "${name}" (cells: ${[...nb.cells.keys()].join(', ')})`);
    return nb.value(name);
  };
  const read = (text: string, what: string): Expr => {
    try {
      return parse(text);
    } catch (e) {
      throw new Error(`${where}: ${what} ${text}: ${(e as Error).message}`);
    }
  };
  const answer = read(props.answer ?? '', 'answer');
  let choices: readonly string[] | undefined;
  if (props.choices !== undefined) {
    choices = nb.labels[props.choices];
    if (!choices)
      throw new Error(
        `${where}: no label set "${props.choices}" (sets: ${Object.keys(nb.labels).join(', ')})`,
      );
  } else if (answer.kind === 'call' && answer.fn === 'argmax' && answer.args[0]) {
    // The labels along the row (or down the column) that argmax runs over.
    const l = nb.labelsOf(answer.args[0]);
    let v: ReturnType<typeof lookup> | undefined;
    try {
      v = compile(answer.args[0])(lookup, []);
    } catch {
      v = undefined;
    }
    if (v !== undefined && typeof v !== 'number') choices = v.rows === 1 ? l.cols : l.rows;
  }
  const expected = computeExpected(answer, lookup, choices);
  if (!expected.ok) throw new Error(`${where}: answer ${props.answer}: ${expected.error}`);
  const mistakes = Object.entries(props.mistakes ?? {}).map(([label, text]) => {
    const expr = read(text, `mistake "${label}":`);
    const v = computeExpected(expr, lookup, choices);
    if (!v.ok) throw new Error(`${where}: mistake "${label}" (${text}): ${v.error}`);
    if (v.value.kind !== expected.value.kind)
      throw new Error(
        `${where}: mistake "${label}" gives a ${v.value.kind}, the answer a ${expected.value.kind}`,
      );
    if (same(v.value, expected.value, tolerance))
      throw new Error(
        `${where}: mistake "${label}" (${text}) gives the right answer with the chapter's numbers, so it could never be told apart`,
      );
    return { label, expr };
  });
  return { spec: { id: props.id, answer, mistakes, tolerance, choices }, expected: expected.value };
}

const seen = new WeakMap<Notebook, Set<string>>();

/** Claims `id` on the chapter's page: a second question with the same id fails the build. */
export function claimQuestionId(nb: Notebook, id: string): void {
  const ids = seen.get(nb) ?? new Set<string>();
  seen.set(nb, ids);
  if (ids.has(id)) throw new Error(`chapter "${nb.id}": two questions have the id "${id}"`);
  ids.add(id);
}
