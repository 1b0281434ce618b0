/**
 * The rules the session server applies to the shared state and to answers
 * (src/classroom/protocol.ts), on the masking chapter's real cells.
 */
import { describe, expect, it } from 'vitest';
import {
  changedServerKeys,
  fromWire,
  newCode,
  normaliseCode,
  parseAnswer,
  stateProblems,
  tally,
  toWire,
  CODE_PATTERN,
} from '../../src/classroom/protocol.ts';
import type { PresetTarget } from '../../src/notebook/presets.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { chapterData } from '../browser/fixtures.ts';

const masking = prepareChapter('masking', chapterData('masking')).prepared
  .cells as readonly PresetTarget[];
const qkv = prepareChapter('queries-keys-values', chapterData('queries-keys-values')).prepared
  .cells as readonly PresetTarget[];
const softmax = prepareChapter('softmax', chapterData('softmax')).prepared
  .cells as readonly PresetTarget[];
const chapters = new Map([
  ['masking', masking],
  ['softmax', softmax],
  ['queries-keys-values', qkv],
]);
const Q = (masking.find((c) => c.name === 'Q') as unknown as { value: number[][] }).value;

describe('the shared state', () => {
  it('accepts what a teacher leaves: chapter, step, cells that fit, an open question', () => {
    const bigger = Q.map((r) => r.map((x) => x + 1));
    expect(
      stateProblems(
        {
          chapter: 'masking',
          step: 3,
          question: { id: 'mask-a21', revealed: false },
          'cell:masking:Q': toWire(bigger),
          'cell:softmax:c': 4,
        },
        chapters,
      ),
    ).toEqual([]);
    expect(stateProblems({ step: null, question: null, ended: true }, chapters)).toEqual([]);
  });

  it('accepts an infinity in a matrix, as a link does', () => {
    const withInf = Q.map((r, i) => r.map((x, j) => (i === 0 && j === 0 ? -Infinity : x)));
    expect((toWire(withInf) as unknown[])[0]).toEqual(['-Infinity', ...Q[0]!.slice(1)]);
    expect(stateProblems({ 'cell:masking:Q': toWire(withInf) }, chapters)).toEqual([]);
  });

  it.each([
    ['an unknown chapter', { chapter: 'nope' }],
    ['a chapter that is not a string', { chapter: 3 }],
    ['a step of 0', { step: 0 }],
    ['a step that is not whole', { step: 1.5 }],
    ['a step as text', { step: '2' }],
    ['a question of the wrong shape', { question: { id: 'mask-a21' } }],
    ['a question with an extra field', { question: { id: 'a', revealed: false, by: 'x' } }],
    ['a question id with odd characters', { question: { id: '<b>', revealed: false } }],
    ['an unknown key', { admin: true }],
    ['an end that is not true or false', { ended: 'yes' }],
    ['a cell of an unknown chapter', { 'cell:nope:Q': 1 }],
    ['an unknown cell', { 'cell:masking:nope': 1 }],
    ['a derived cell', { 'cell:masking:scores': [[1]] }],
    ['a matrix of the wrong shape', { 'cell:masking:Q': [[1, 2]] }],
    ['a ragged matrix', { 'cell:masking:Q': [[1, 2], [3]] }],
    ['a matrix with text in it', { 'cell:masking:Q': Q.map((r) => r.map(() => 'x')) }],
    ['a number where a matrix goes', { 'cell:masking:Q': 1 }],
    ['a matrix where a number goes', { 'cell:softmax:c': [[1]] }],
    ['a number out of its slider’s range', { 'cell:softmax:c': 1e9 }],
    ['a number off its slider’s step', { 'cell:softmax:c': 0.5 }],
    ['an infinite slider', { 'cell:softmax:c': 'Infinity' }],
    ['NaN', { 'cell:softmax:c': Number.NaN }],
    ['an object', { 'cell:softmax:c': { v: 1 } }],
    ['an answer of the wrong shape', { 'answer:abc': { text: 1 } }],
  ])('refuses %s', (_what, state) => {
    expect(stateProblems(state as Record<string, unknown>, chapters).length).toBeGreaterThan(0);
  });

  it('checks a matrix against the size its slider gives, set in the same state', () => {
    const sizes = qkv.filter((c) => c.kind === 'scalar');
    const follower = qkv.find((c) => c.kind === 'matrix' && c.rowsFrom !== undefined) as
      { name: string; rowsFrom: string; colsFrom?: string; value: number[][] } | undefined;
    expect(follower, 'the chapter has a matrix sized by a slider').toBeDefined();
    const driver = sizes.find((c) => c.name === follower!.rowsFrom)!;
    const rows = (driver as { value: number }).value + 1;
    const cols = follower!.value[0]!.length;
    const grown = Array.from({ length: rows }, () => Array.from({ length: cols }, () => 0.5));
    // The grown matrix alone does not fit; with its slider moved in the same state it does.
    expect(
      stateProblems({ [`cell:queries-keys-values:${follower!.name}`]: grown }, chapters),
    ).not.toEqual([]);
    expect(
      stateProblems(
        {
          [`cell:queries-keys-values:${follower!.rowsFrom}`]: rows,
          [`cell:queries-keys-values:${follower!.name}`]: grown,
        },
        chapters,
      ),
    ).toEqual([]);
  });

  it('notices a client writing an answer key', () => {
    const a = { question: 'q', text: '1', verdict: 'right' };
    expect(changedServerKeys({}, { 'answer:x': a })).toEqual(['answer:x']);
    expect(changedServerKeys({ 'answer:x': a }, {})).toEqual(['answer:x']);
    expect(changedServerKeys({ 'answer:x': a }, { 'answer:x': { ...a } })).toEqual([]);
    expect(changedServerKeys({ step: 1 }, { step: 2 })).toEqual([]);
  });

  it('reads wire values back, and refuses what is not one', () => {
    expect(fromWire('Infinity')).toBe(Infinity);
    expect(fromWire([[1, '-Infinity']])).toEqual([[1, -Infinity]]);
    expect(fromWire([])).toBeNull();
    expect(fromWire([[]])).toBeNull();
    expect(fromWire('7')).toBeNull();
    expect(fromWire(Array.from({ length: 65 }, () => [1]))).toBeNull();
  });
});

describe('answers', () => {
  const open = { id: 'mask-a21', revealed: false };
  const msg = (o: Record<string, unknown>): string => JSON.stringify({ type: 'answer', ...o });

  it('takes an answer to the open question', () => {
    expect(
      parseAnswer(msg({ question: 'mask-a21', text: ' 0.5 ', verdict: 'right' }), open),
    ).toEqual({
      question: 'mask-a21',
      text: '0.5',
      verdict: 'right',
    });
    expect(
      parseAnswer(
        msg({
          question: 'mask-a21',
          text: '2',
          verdict: 'mistake',
          mistake: 'unscaled',
          receipt: 'abcdefgh-1234',
        }),
        open,
      ),
    ).toEqual({
      question: 'mask-a21',
      text: '2',
      verdict: 'mistake',
      mistake: 'unscaled',
      receipt: 'abcdefgh-1234',
    });
  });

  it.each([
    ['no question open', msg({ question: 'mask-a21', text: '1', verdict: 'right' }), null],
    ['another question', msg({ question: 'other', text: '1', verdict: 'right' }), open],
    [
      'a revealed question',
      msg({ question: 'mask-a21', text: '1', verdict: 'right' }),
      { ...open, revealed: true },
    ],
    ['an unknown verdict', msg({ question: 'mask-a21', text: '1', verdict: 'sure' }), open],
    [
      'a text too long',
      msg({ question: 'mask-a21', text: 'x'.repeat(201), verdict: 'wrong' }),
      open,
    ],
    [
      'a message too long',
      msg({ question: 'mask-a21', text: '1', verdict: 'wrong', pad: 'x'.repeat(3000) }),
      open,
    ],
    [
      'an extra field',
      msg({ question: 'mask-a21', text: '1', verdict: 'wrong', name: 'Ada' }),
      open,
    ],
    [
      'a bad receipt',
      msg({ question: 'mask-a21', text: '1', verdict: 'wrong', receipt: '../x' }),
      open,
    ],
    ['not JSON', 'answer: 1', open],
    ['JSON that is not an object', '[1,2]', open],
    ['another message type', JSON.stringify({ type: 'edit', question: 'mask-a21' }), open],
  ])('refuses %s', (_what, payload, q) => {
    expect(parseAnswer(payload as string, q as typeof open | null)).toBeNull();
  });

  it('counts answers per text for one question, most given first', () => {
    const state = {
      'answer:a': { question: 'q1', text: '0.5', verdict: 'right' },
      'answer:b': { question: 'q1', text: '2', verdict: 'wrong' },
      'answer:c': { question: 'q1', text: ' 0.5', verdict: 'right' },
      'answer:d': { question: 'q2', text: '0.5', verdict: 'right' },
      'answer:e': { question: 'q1', text: 'ABC', verdict: 'unreadable' },
      'answer:f': { question: 'q1', text: 'abc', verdict: 'unreadable' },
      'answer:g': { question: 'q1', text: 'abc', verdict: 'right' },
      'answer:h': { question: 'q1', text: 9, verdict: 'right' },
      chapter: 'masking',
    };
    expect(tally(state, 'q1')).toEqual({
      total: 6,
      buckets: [
        { text: 'ABC', count: 3, verdict: 'unreadable' },
        { text: '0.5', count: 2, verdict: 'right' },
        { text: '2', count: 1, verdict: 'wrong' },
      ],
    });
  });
});

describe('join codes', () => {
  it('are six characters that read one way only', () => {
    let k = 0;
    const seq = [0, 0.999, 0.5, 0.25, 0.75, 0.1];
    const code = newCode(() => seq[k++ % seq.length]!);
    expect(code).toMatch(CODE_PATTERN);
    expect(code).not.toMatch(/[01OIL]/);
  });
  it('are read as a person types them', () => {
    expect(normaliseCode('k7q m2x')).toBe('K7QM2X');
    expect(normaliseCode('K7Q-M2X')).toBe('K7QM2X');
    expect(normaliseCode('K7QM2')).toBeNull();
    expect(normaliseCode('K7QM2O')).toBeNull();
  });
});
