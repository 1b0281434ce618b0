/**
 * <nb-question data-question="id">: a question whose answer comes from the page's live
 * numbers. On Check it reads the reader's answer with the matrix entries' reader, says
 * what it makes of it where the reader is looking (a live region under the box), marks
 * the wrong entries of a matrix, and tells the page with a bubbling `question-answer`
 * event: `{ id, text, verdict, mistake? }`. `reveal()` opens the answer, computed from
 * the numbers as they are now; an open answer follows later edits.
 */
import { checkAnswer, type Expected } from '../notebook/answer.ts';
import { answerText, evaluateQuestion, type QuestionSpec } from '../notebook/question.ts';
import type { Notebook } from '../notebook/notebook.ts';
import { pageNotebook } from './page-notebook.ts';
import { answerHtml, answerNumber, markedHtml } from './question-render.ts';
import { setHtml } from './safe-html.ts';

export type QuestionVerdict = 'right' | 'wrong' | 'unreadable' | 'shape' | 'mistake';

export interface QuestionAnswerDetail {
  readonly id: string;
  readonly text: string;
  readonly verdict: QuestionVerdict;
  readonly mistake?: string;
}

const keyOf = (e: Expected): string => answerText(e, (v) => String(v));

export class QuestionElement extends HTMLElement {
  private nb: Notebook | null = null;
  private spec: QuestionSpec | null = null;
  private ready = false;
  /** The expected answer the shown verdict was checked against. */
  private checkedKey: string | null = null;
  /** Only the latest check may write its verdict (reading `1/3` loads the parser first). */
  private generation = 0;

  connectedCallback(): void {
    if (this.ready) return;
    const nb = pageNotebook();
    const form = this.querySelector<HTMLFormElement>('.question-form');
    if (!nb || !form) return;
    try {
      this.spec = JSON.parse(this.dataset['spec'] ?? '') as QuestionSpec;
    } catch {
      return;
    }
    this.nb = nb;
    this.ready = true;
    form.hidden = false;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.check();
    });
    // In a block of rows Enter starts a new row, so Ctrl+Enter (⌘+Enter) checks.
    this.field()?.addEventListener('keydown', (e) => {
      if (!(e instanceof KeyboardEvent) || !(e.target instanceof HTMLTextAreaElement)) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    this.details()?.addEventListener('toggle', () => {
      if (this.details()?.open) this.showAnswer();
    });
    nb.onFlush(() => this.numbersChanged());
  }

  /** Shows the expected answer, computed from the numbers as they are now. */
  reveal(): void {
    const details = this.details();
    if (!details) return;
    details.open = true;
    this.showAnswer();
  }

  private details(): HTMLDetailsElement | null {
    return this.querySelector<HTMLDetailsElement>('details.question-answer');
  }

  private field(): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null {
    return this.querySelector('.question-form [name="answer"]');
  }

  private evaluate(): ReturnType<typeof evaluateQuestion> | null {
    if (!this.nb || !this.spec) return null;
    const nb = this.nb;
    return evaluateQuestion(this.spec, (name) => nb.value(name));
  }

  private showAnswer(): void {
    const body = this.querySelector('.question-answer-body');
    const r = this.evaluate();
    if (!body || !r) return;
    if (r.expected.ok) setHtml(body, answerHtml(r.expected.value));
    else
      body.textContent = `It cannot be computed from the numbers as they are now: ${r.expected.error}`;
  }

  private numbersChanged(): void {
    if (this.details()?.open) this.showAnswer();
    if (this.checkedKey === null) return;
    const r = this.evaluate();
    const key = r?.expected.ok ? keyOf(r.expected.value) : '';
    if (key === this.checkedKey) return;
    this.checkedKey = null;
    this.querySelector('.question-marks')?.setAttribute('hidden', '');
    delete this.dataset['verdict'];
    this.say('The numbers have changed since you checked, and so has the answer: check again.');
  }

  /** Writes the feedback; emptied first so that the same words twice are announced twice. */
  private say(text: string): void {
    const out = this.querySelector('.question-feedback');
    if (!out) return;
    out.textContent = '';
    requestAnimationFrame(() => {
      out.textContent = text;
    });
  }

  private async check(): Promise<void> {
    const field = this.field();
    const spec = this.spec;
    if (!field || !spec) return;
    const generation = ++this.generation;
    const r = this.evaluate();
    if (!r) return;
    if (!r.expected.ok) {
      this.dataset['verdict'] = 'none';
      this.say(
        `This question cannot be answered with the numbers as they are now (${r.expected.error}). Reset the numbers to try it.`,
      );
      return;
    }
    const expected = r.expected.value;
    const raw = field.value;
    const result = await checkAnswer(raw, expected, r.mistakes, spec.tolerance);
    if (generation !== this.generation) return;
    this.checkedKey = keyOf(expected);
    this.dataset['verdict'] = result.verdict;
    let message = result.message;
    if (result.verdict === 'right')
      message =
        expected.kind === 'number'
          ? `Right: the answer is ${answerNumber(expected.value)}.`
          : expected.kind === 'choice'
            ? `Right: ${answerText(expected, answerNumber)}.`
            : message;
    this.say(message);
    const marks = this.querySelector<HTMLElement>('.question-marks');
    if (marks) {
      if (result.cells && result.verdict !== 'right') {
        setHtml(marks, markedHtml(result.cells));
        marks.hidden = false;
      } else {
        marks.hidden = true;
        marks.replaceChildren();
      }
    }
    const text =
      expected.kind === 'choice' && field instanceof HTMLSelectElement
        ? (spec.choices?.[Number(raw) - 1] ?? '')
        : raw;
    const detail: QuestionAnswerDetail = {
      id: spec.id,
      text,
      verdict: result.verdict,
      ...(result.mistake === undefined ? {} : { mistake: result.mistake }),
    };
    this.dispatchEvent(new CustomEvent('question-answer', { bubbles: true, detail }));
  }
}
