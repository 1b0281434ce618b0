/**
 * Markup of a question's answer and of a checked matrix answer, shared by the build (the
 * answer readers without JavaScript see) and the browser (the answer from the live
 * numbers, and the reader's entries marked right or wrong).
 */
import type { CellMark, Expected } from '../notebook/answer.ts';
import { escapeHtml, fullNumber } from './format.ts';
import { entryText } from './render.ts';
import { valueText } from './inline-value.ts';

/** Four decimals: more than the page's grids show, so a reader sees how close they were. */
const DIGITS = 4;

export const answerNumber = (v: number): string => valueText(v, DIGITS).text;

/** The answer as HTML: a number (its exact value in the title), a token, or a small table. */
export function answerHtml(e: Expected): string {
  if (e.kind === 'number')
    return `<span class="question-answer-number" title="${escapeHtml(fullNumber(e.value))}">${escapeHtml(answerNumber(e.value))}</span>`;
  if (e.kind === 'choice')
    return `<span class="question-answer-choice">“${escapeHtml(e.labels[e.index - 1] ?? '')}” (token ${e.index})</span>`;
  const rows = e.value.toArray();
  const body = rows
    .map(
      (r, i) =>
        `<tr><th scope="row">row ${i + 1}</th>${r.map((v) => `<td title="${escapeHtml(fullNumber(v))}">${escapeHtml(answerNumber(v))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table class="question-matrix"><caption class="visually-hidden">The expected matrix, ${rows.length} by ${rows[0]?.length ?? 0}</caption>${body}</table>`;
}

/** The reader's matrix as typed (short), each entry marked right (✓) or wrong (✗) in text as well as colour. */
export function markedHtml(cells: readonly (readonly CellMark[])[]): string {
  const body = cells
    .map(
      (r, i) =>
        `<tr><th scope="row">row ${i + 1}</th>${r
          .map(
            (c) =>
              `<td class="${c.right ? 'question-cell-right' : 'question-cell-wrong'}">${escapeHtml(entryText(c.given))} <span aria-hidden="true">${c.right ? '✓' : '✗'}</span><span class="visually-hidden">${c.right ? 'right' : 'wrong'}</span></td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="question-matrix question-marked"><caption class="visually-hidden">Your answer, entry by entry</caption>${body}</table>`;
}
