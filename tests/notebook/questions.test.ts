/**
 * Questions: the answer checker (numbers, fractions, infinities, tolerance, matrices and
 * their shapes, choices, named mistakes), `X[i, j]` and `argmax` in the formula language,
 * the build-time checks of a question, and every question of every chapter against the
 * independent numpy reference (scripts/make_question_fixtures.py) to 1e-9.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import {
  checkAnswer,
  checkMatrix,
  readBlock,
  sameNumber,
  splitFields,
  type Expected,
  type MistakeValue,
} from '../../src/notebook/answer.ts';
import { evaluateQuestion } from '../../src/notebook/question.ts';
import { prepareQuestion, type QuestionProps } from '../../src/notebook/question-prepare.ts';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { parse } from '../../src/notebook/parse.ts';
import { compile } from '../../src/notebook/evaluate.ts';
import { matrix, type Matrix } from '../../src/engine/index.ts';
import type { Notebook } from '../../src/notebook/notebook.ts';
import { notebookOf, d, m } from './helpers.ts';

const num = (value: number): Expected => ({ kind: 'number', value });
const TOL = 0.005;

describe('reading and checking a number answer', () => {
  const mistakes: MistakeValue[] = [
    { label: 'no division by √d_k', value: num(0.5) },
    { label: 'counting from 0', value: num(0.25) },
  ];
  it.each([
    ['0.4', 0.4013],
    ['0.40', 0.4013],
    ['.4013', 0.4013],
    ['1/3', 0.3333],
    ['0.333', 1 / 3],
    ['-Infinity', -Infinity],
    ['-inf', -Infinity],
    ['−∞', -Infinity],
    // e^-1 = 0.36787944117144233 (the constant, not a value of ours)
    ['e^-1', 0.36787944117144233],
    ['exp(-1)', 0.3679],
    ['1/sqrt(2)', 0.7071],
  ])('%s is right for %s', async (text, expected) => {
    const r = await checkAnswer(text, num(expected), mistakes, TOL);
    expect(r.verdict).toBe('right');
  });

  it('the tolerance is inclusive, and a hair past it is wrong', async () => {
    expect((await checkAnswer('0.405', num(0.4), [], TOL)).verdict).toBe('right');
    expect((await checkAnswer('0.395', num(0.4), [], TOL)).verdict).toBe('right');
    expect((await checkAnswer('0.4051', num(0.4), [], TOL)).verdict).toBe('wrong');
    expect((await checkAnswer('0.3', num(1 / 3), [], 0.05)).verdict).toBe('right');
    expect((await checkAnswer('0.3', num(1 / 3), [], 0.01)).verdict).toBe('wrong');
  });

  it('infinities agree only with the same infinity, whatever the tolerance', () => {
    expect(sameNumber(-Infinity, -Infinity, 0)).toBe(true);
    expect(sameNumber(Infinity, -Infinity, 1e300)).toBe(false);
    expect(sameNumber(-1e308, -Infinity, 1e300)).toBe(false);
    expect(sameNumber(NaN, NaN, 1)).toBe(false);
  });

  it('names the mistake an answer matches, and prefers the right answer when both match', async () => {
    const r = await checkAnswer('0.5', num(0.4), mistakes, TOL);
    expect(r).toMatchObject({ verdict: 'mistake', mistake: 'no division by √d_k' });
    expect(r.message).toContain('no division by √d_k');
    expect((await checkAnswer('1/4', num(0.4), mistakes, TOL)).mistake).toBe('counting from 0');
    expect((await checkAnswer('0.5', num(0.5), mistakes, TOL)).verdict).toBe('right');
    // A mistake that cannot be computed with the numbers now is skipped.
    expect(
      (await checkAnswer('0.9', num(0.4), [{ label: 'x', value: undefined }], TOL)).verdict,
    ).toBe('wrong');
  });

  it.each([
    ['abc', /unknown name "abc"/],
    ['', /empty/],
    ['0,42', /use a point/],
    ['1e309', /too large/],
    ['1 +', /could not be read/],
  ])('says it cannot read %j instead of calling it wrong', async (text, message) => {
    const r = await checkAnswer(text, num(0.42), mistakes, TOL);
    expect(r.verdict).toBe('unreadable');
    expect(r.message).toMatch(message);
    expect(r.message).not.toMatch(/not quite/i);
  });
});

describe('matrix answers', () => {
  it('reads a block the ways people write one', async () => {
    const want = [
      [1, 0.5],
      [-Infinity, 1 / 3],
    ];
    for (const text of [
      '1 0.5\n-inf 1/3',
      '1, 0.5\n-Infinity, 1/3',
      '1\t0.5\r\n-inf\t1/3\n',
      '[[1, 0.5], [-inf, 1/3]]',
      '1 0.5; -inf 1/3',
    ])
      expect(await readBlock(text), text).toEqual({ ok: true, value: want });
    expect(splitFields('  0.5   0.25 ')).toEqual(['0.5', '0.25']);
  });

  it('says which entry it cannot read, and refuses ragged rows', async () => {
    expect(await readBlock('1 2\n3 x')).toMatchObject({ ok: false, error: /row 2, column 2/ });
    expect(await readBlock('1 2\n3')).toMatchObject({
      ok: false,
      error: 'row 2 has 1 entries, row 1 has 2',
    });
    const r = await checkAnswer('1 2\n3', { kind: 'matrix', value: matrix([[1]]) }, [], TOL);
    expect(r.verdict).toBe('unreadable');
  });

  const expected = matrix([
    [0.25, 0.75],
    [1, -Infinity],
  ]);

  it('checks the shape first and says the shape expected', async () => {
    const r = await checkAnswer('0.25 0.75 1', { kind: 'matrix', value: expected }, [], TOL);
    expect(r.verdict).toBe('shape');
    expect(r.message).toContain('2×2 (2 rows, 2 columns)');
    expect(r.message).toContain('1×3');
    expect(r.cells).toBeUndefined();
  });

  it('marks the wrong entries', async () => {
    const r = await checkAnswer('0.25 0.7\n1 0', { kind: 'matrix', value: expected }, [], TOL);
    expect(r.verdict).toBe('wrong');
    expect(r.cells!.map((row) => row.map((c) => c.right))).toEqual([
      [true, false],
      [true, false],
    ]);
    expect(r.message).toContain('2 of 4 entries are off (row 1 column 2, row 2 column 2)');
    const right = await checkAnswer(
      '1/4 3/4\n1 -inf',
      { kind: 'matrix', value: expected },
      [],
      TOL,
    );
    expect(right.verdict).toBe('right');
  });

  it('names a mistake the whole matrix matches, still marking the entries', () => {
    const mistakes: MistakeValue[] = [
      {
        label: 'softmax along the wrong axis',
        value: {
          kind: 'matrix',
          value: matrix([
            [0.5, 0.5],
            [0.5, 0.5],
          ]),
        },
      },
    ];
    const r = checkMatrix(
      [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
      expected,
      mistakes,
      TOL,
    );
    expect(r).toMatchObject({ verdict: 'mistake', mistake: 'softmax along the wrong axis' });
    expect(r.cells!.flat().filter((c) => !c.right)).toHaveLength(4);
  });
});

describe('choices among tokens', () => {
  const e: Expected = { kind: 'choice', index: 3, labels: ['The', 'skilled', 'surgeon'] };
  it('is right by position, names a mistake, and asks for a choice first', async () => {
    expect((await checkAnswer('3', e, [], TOL)).verdict).toBe('right');
    expect((await checkAnswer('2', e, [], TOL)).verdict).toBe('wrong');
    const mk: MistakeValue[] = [{ label: 'head 1 read', value: { ...e, index: 1 } }];
    expect(await checkAnswer('1', e, mk, TOL)).toMatchObject({
      verdict: 'mistake',
      mistake: 'head 1 read',
    });
    expect((await checkAnswer('', e, [], TOL)).verdict).toBe('unreadable');
  });
});

describe('X[i, j] and argmax', () => {
  const nb = notebookOf([
    m('A', [
      [1, 2, 3],
      [4, 9, 6],
    ]),
    d('a21', 'A[2, 1]'),
    d('top', 'argmax(row(A, 2))'),
    d('topCol', "argmax(row(A', 3))"),
    d('tie', 'argmax(row(A, 1) - row(A, 1))'),
  ]);
  it('count from 1, as the page shows', () => {
    expect(parse('A[2, 1]')).toEqual(parse('entry(A, 2, 1)'));
    expect(nb.value('a21')).toBe(4);
    expect(nb.value('top')).toBe(2);
    expect(nb.value('topCol')).toBe(2);
    expect(nb.value('tie')).toBe(1);
  });
  it('refuse what they cannot do, with a message', () => {
    expect(() => parse('A[2]')).toThrow(/indexing is X\[i, j\]/);
    expect(() => parse('A[2, :]')).toThrow(/whole row is row\(X, i\)/);
    expect(() => parse('A.b')).toThrow(/property access/);
    const A = matrix([[1, 2]]);
    const run = (text: string) => () => compile(parse(text))(() => A, []);
    expect(run('A[2, 1]')).toThrow(/a 1x2 matrix has no row 2 \(rows count from 1\)/);
    expect(run('A[1, 0.5]')).toThrow(/no column 0.5/);
    expect(run('argmax(stack(A, A))')).toThrow(/one row or one column/);
    expect(run('argmax(A)')).not.toThrow();
  });
});

// ---- every question of every chapter, against numpy ----

const CHAPTERS = join(import.meta.dirname, '../../content/chapters');
const fixtures = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/questions.json'), 'utf8'),
) as Record<string, Record<string, { answer: unknown; mistakes: Record<string, unknown> }>>;

/** The questions of a chapter, read from its MDX the way the fixture script reads them. */
function questionsOf(mdx: string): QuestionProps[] {
  const body = mdx.split('---').slice(2).join('---');
  return [...body.matchAll(/<Question\b([\s\S]*?)\n?>/g)].map(([, attrs]) => {
    const str = (k: string) => new RegExp(`\\b${k}="([^"]*)"`).exec(attrs!)?.[1];
    const tol = /tolerance=\{([^}]*)\}/.exec(attrs!)?.[1];
    const mk = /mistakes=\{\{([\s\S]*?)\}\}/.exec(attrs!)?.[1] ?? '';
    const mistakes = Object.fromEntries(
      [...mk.matchAll(/"([^"]+)"\s*:\s*"([^"]+)"/g)].map(([, k, v]) => [k!, v!]),
    );
    return {
      id: str('id')!,
      answer: str('answer')!,
      choices: str('choices'),
      tolerance: tol === undefined ? undefined : Number(tol),
      mistakes,
    };
  });
}

const decode = (v: unknown): number | number[][] => {
  const one = (x: unknown): number =>
    x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : (x as number);
  return Array.isArray(v) ? (v as unknown[][]).map((r) => r.map(one)) : one(v);
};

function expectClose(e: Expected | undefined, want: number | number[][], what: string): void {
  expect(e, what).toBeDefined();
  if (e!.kind === 'choice') return void expect(e!.index, what).toBe(want);
  if (e!.kind === 'number') {
    const w = want as number;
    if (!Number.isFinite(w)) return void expect(e!.value, what).toBe(w);
    return void expect(Math.abs(e!.value - w), what).toBeLessThanOrEqual(1e-9);
  }
  const got = (e!.value as Matrix).toArray();
  expect([got.length, got[0]!.length], what).toEqual([
    (want as number[][]).length,
    (want as number[][])[0]!.length,
  ]);
  got.forEach((row, i) =>
    row.forEach((v, j) =>
      expect(Math.abs(v - (want as number[][])[i]![j]!), `${what} [${i},${j}]`).toBeLessThanOrEqual(
        1e-9,
      ),
    ),
  );
}

const chapterFiles = readdirSync(CHAPTERS).filter((f) => f.endsWith('.mdx'));
const all = chapterFiles.map((file) => {
  const id = file.replace(/\.mdx$/, '');
  const text = readFileSync(join(CHAPTERS, file), 'utf8');
  return { id, text, questions: questionsOf(text) };
});

function chapterNb(id: string, text: string): Notebook {
  const data = chapterSchema.parse(yaml.load(text.split('---')[1]!));
  return prepareChapter(id, data).notebook;
}

describe('the chapters’ questions', () => {
  it.each(all.map((c) => [c.id, c] as const))(
    '%s: answers and mistakes agree with numpy to 1e-9',
    (_id, c) => {
      const nb = chapterNb(c.id, c.text);
      // A chapter with numbers checks its reader two to four times; one without has none to ask about.
      if (nb.cells.size > 0) {
        expect(c.questions.length, 'questions in the chapter').toBeGreaterThanOrEqual(2);
        expect(c.questions.length).toBeLessThanOrEqual(4);
      }
      for (const props of c.questions) {
        const fixture = fixtures[c.id]?.[props.id];
        expect(
          fixture,
          `${c.id} ${props.id} has a numpy reference (run scripts/make_question_fixtures.py)`,
        ).toBeDefined();
        const { spec } = prepareQuestion(nb, props);
        const r = evaluateQuestion(spec, (n) => nb.value(n));
        expect(r.expected.ok).toBe(true);
        expectClose(
          r.expected.ok ? r.expected.value : undefined,
          decode(fixture!.answer),
          `${props.id} answer`,
        );
        expect(r.mistakes.map((k) => k.label).sort()).toEqual(
          Object.keys(fixture!.mistakes).sort(),
        );
        for (const k of r.mistakes)
          expectClose(
            k.value,
            decode(fixture!.mistakes[k.label]),
            `${props.id} mistake ${k.label}`,
          );
      }
    },
  );

  it('the masking chapter asks for A[2,1] after masking, as mask-a21', () => {
    const masking = all.find((c) => c.id === 'masking')!;
    const q = masking.questions.find((p) => p.id === 'mask-a21');
    expect(q?.answer.replace(/\s/g, '')).toBe('weights[2,1]');
  });

  it('the four named mistakes appear somewhere', () => {
    const labels = all.flatMap((c) => c.questions.flatMap((q) => Object.keys(q.mistakes ?? {})));
    for (const pattern of [
      /no division by √d_k/,
      /wrong axis/,
      /mask applied after softmax/,
      /counting .*from 0/,
    ])
      expect(
        labels.some((l) => pattern.test(l)),
        String(pattern),
      ).toBe(true);
  });
});

describe('the build refuses a bad question, naming the chapter and the question', () => {
  const nb = notebookOf(
    [
      m('A', [
        [1, 2],
        [3, 4],
      ]),
      d('W', 'softmax(A)'),
    ],
    'demo',
  );
  it.each<[QuestionProps, RegExp]>([
    [{ id: 'Bad Id', answer: 'W[1,1]' }, /an id is lowercase/],
    [{ id: 'q', answer: 'W[3,1]' }, /question "q": answer W\[3,1\]: .*no row 3/],
    [{ id: 'q', answer: 'nothing[1,1]' }, /unknown name "nothing"/],
    [
      { id: 'q', answer: 'W[1,1]', mistakes: { same: 'W[1,1] + 0.001' } },
      /could never be told apart/,
    ],
    [
      { id: 'q', answer: 'W[1,1]', mistakes: { shape: 'W' } },
      /gives a matrix, the answer a number/,
    ],
    [{ id: 'q', answer: 'W[1,1]', choices: 'nope' }, /no label set "nope"/],
  ])('%j', (props, message) => {
    expect(() => prepareQuestion(nb, props)).toThrow(/chapter "demo"/);
    expect(() => prepareQuestion(nb, props)).toThrow(message);
  });
});
