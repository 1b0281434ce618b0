/**
 * A question's expected answer and its named mistakes, as expressions of the formula
 * language evaluated against the page's cells: so the answer is always the one the
 * numbers on the page give, after any edit or example. Shared by the build (which renders
 * the chapter's answer for readers without JavaScript) and the browser. No parser here:
 * the build parses (see `question-prepare.ts`) and the page ships the trees.
 */
import type { Expr } from './expr.ts';
import { compile, type Lookup } from './evaluate.ts';
import type { Expected, MistakeValue } from './answer.ts';
import type { Value } from './functions.ts';

export interface QuestionSpec {
  readonly id: string;
  readonly answer: Expr;
  readonly mistakes: readonly { readonly label: string; readonly expr: Expr }[];
  readonly tolerance: number;
  /** For a question answered with a token: the labels to choose from, in order. */
  readonly choices?: readonly string[] | undefined;
}

export type Computed =
  { readonly ok: true; readonly value: Expected } | { readonly ok: false; readonly error: string };

/** What `expr` gives with the numbers `lookup` reads, as an answer of the question's kind. */
export function computeExpected(
  expr: Expr,
  lookup: Lookup,
  choices: readonly string[] | undefined,
): Computed {
  let v: Value;
  try {
    v = compile(expr)(lookup, []);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (choices) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > choices.length)
      return {
        ok: false,
        error: `a choice needs a position from 1 to ${choices.length}, got ${typeof v === 'number' ? v : `a ${v.rows}x${v.cols} matrix`}`,
      };
    return { ok: true, value: { kind: 'choice', index: v, labels: choices } };
  }
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { ok: false, error: 'the answer is not a number (NaN)' };
    return { ok: true, value: { kind: 'number', value: v } };
  }
  return { ok: true, value: { kind: 'matrix', value: v } };
}

/** The question's answer and every mistake's value with the current numbers. */
export function evaluateQuestion(
  spec: QuestionSpec,
  lookup: Lookup,
): { expected: Computed; mistakes: MistakeValue[] } {
  const expected = computeExpected(spec.answer, lookup, spec.choices);
  const mistakes = spec.mistakes.map((m) => {
    const r = computeExpected(m.expr, lookup, spec.choices);
    return { label: m.label, value: r.ok ? r.value : undefined };
  });
  return { expected, mistakes };
}

/** Plain text of an answer, as the reveal shows it: `0.4013`, `“surgeon” (token 3)`, rows of a matrix. */
export function answerText(e: Expected, format: (v: number) => string): string {
  if (e.kind === 'number') return format(e.value);
  if (e.kind === 'choice') return `“${e.labels[e.index - 1]}” (token ${e.index})`;
  return e.value
    .toArray()
    .map((r) => r.map(format).join('  '))
    .join('\n');
}
