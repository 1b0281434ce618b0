/**
 * Live sessions: one teacher and three students, each in a browser context of its own,
 * served by the session server (src/classroom/server.ts) started here on a loopback port.
 * What the teacher does must reach every student (chapter, step, numbers); a student's
 * writes and hostile messages must be refused by the server and change nothing; a server
 * restart must lose nothing.
 *
 * The question tests here use a stand-in question element made in the page (the
 * `data-question` / `question-answer` / `reveal()` contract): they cover the session's side
 * only. tests/browser/classroom-question.test.ts runs against the chapter's real question.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { DIST, WAIT, launch, openPage, within, type Watched } from './harness.ts';
import { axeViolations } from './clean.ts';
import { shownValue } from './read.ts';
import { chapterNotebook } from './fixtures.ts';
import { startClassroom, type ClassroomServer } from '../../src/classroom/server.ts';
import { STUDENT_TOKEN, TEACHER_PREFIX, documentName } from '../../src/classroom/protocol.ts';

const entry = (cell: string, i: number, j: number): string =>
  `nb-matrix[data-cell="${cell}"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;

let browser: Browser;
let server: ClassroomServer;
let port = 0;
let dataDir: string;
const opened: Watched[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'classroom-test-'));
  server = await startClassroom({ port: 0, host: '127.0.0.1', dist: DIST, dataDir, quiet: true });
  port = server.port;
  browser = await launch();
});
afterAll(async () => {
  for (const w of opened) await w.context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(path: string): Promise<Watched> {
  const w = await openPage(browser, server.url);
  opened.push(w);
  await w.page.goto(`${server.url}${path}`);
  return w;
}

const studentCount = (page: Page): Promise<string | null> =>
  page.locator('.nb-session-count').getAttribute('data-count');

/** A connection from Node, as a page's would be (or as a hostile client's). */
async function client(
  code: string,
  token: string,
  url = server.url,
): Promise<{ doc: Y.Doc; provider: HocuspocusProvider; state: () => Record<string, unknown> }> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: `${url.replace('http', 'ws')}/classroom`,
    name: documentName(code),
    token,
    document: doc,
  });
  await within(
    new Promise<void>((ok, fail) => {
      provider.on('synced', () => ok());
      provider.on('authenticationFailed', () => fail(new Error('refused')));
    }),
    'a connection from Node, synced',
  );
  return { doc, provider, state: () => doc.getMap('state').toJSON() };
}

/** What a fresh student sees of the session now: the server's state. */
async function serverState(code: string, url = server.url): Promise<Record<string, unknown>> {
  const c = await client(code, STUDENT_TOKEN, url);
  const s = c.state();
  c.provider.destroy();
  return s;
}

describe('a live session, one teacher and three students', () => {
  let teacher: Watched;
  let students: Watched[];
  let code: string;

  it('shows the teacher a code and a QR code, and counts the students who join', async () => {
    teacher = await open('/chapters/masking/');
    // The stand-in question (see the file's comment), made before the session starts.
    await teacher.page.evaluate(() => {
      const q = document.createElement('div');
      q.dataset['question'] = 'stand-in';
      q.textContent = 'Stand-in question';
      (q as unknown as { reveal: () => void }).reveal = () => {
        q.dataset['revealed'] = 'yes';
      };
      document.querySelector('article')!.append(q);
    });
    await teacher.page.locator('nb-toolbar button[data-action="session"]').click();
    const dialog = teacher.page.locator('dialog.nb-session-dialog');
    await dialog.waitFor(WAIT);
    await expect.poll(() => dialog.locator('[data-session="start"]').isEnabled(), WAIT).toBe(true);
    expect(await axeViolations(teacher.page, 'dialog.nb-session-dialog')).toEqual([]);
    await dialog.locator('[data-session="start"]').click();
    await teacher.page.locator('.nb-session .nb-session-code').waitFor(WAIT);
    code = (await teacher.page.locator('.nb-session-code').textContent())!;
    expect(code).toMatch(/^[A-Z2-9]{6}$/);

    await teacher.page.locator('[data-session="show-code"]').click();
    const join = teacher.page.locator('dialog.nb-session-joincode');
    await join.waitFor(WAIT);
    expect((await join.locator('.nb-session-bigcode').textContent())!.replace(' ', '')).toBe(code);
    expect(await join.locator('svg.nb-session-qr path').getAttribute('d')).toMatch(/^M\d/);
    const link = await join.locator('a').getAttribute('href');
    expect(link).toContain(`/chapters/masking/?join=${code}`);
    expect(await axeViolations(teacher.page, 'dialog.nb-session-joincode')).toEqual([]);
    await join.locator('[data-session="close"]').click();

    students = [];
    for (let k = 0; k < 3; k++) {
      const s = await open(`/chapters/masking/?join=${code}`);
      await s.page.locator('.nb-session[data-following="true"]').waitFor(WAIT);
      students.push(s);
    }
    await expect.poll(() => studentCount(teacher.page), WAIT).toBe('3');
    // Counts, never names.
    expect(await teacher.page.locator('.nb-session').textContent()).toContain('3 students');
    expect(await axeViolations(students[0]!.page, '.nb-session')).toEqual([]);
    expect(await axeViolations(teacher.page, '.nb-session')).toEqual([]);
  });

  it('every student follows an edit, with the numbers the engine computes from it', async () => {
    await teacher.page.locator(entry('Q', 6, 2)).fill('1.5');
    const expected = chapterNotebook('masking', (nb) => nb.setEntry('Q', 6, 2, 1.5));
    const want = (expected.value('scores') as { get(i: number, j: number): number }).get(6, 3);
    for (const s of students) {
      await expect.poll(() => s.page.locator(entry('Q', 6, 2)).inputValue(), WAIT).toBe('1.5');
      expect(await shownValue(s.page, 'scores', 6, 3)).toBeCloseTo(want, 9);
    }
    // Nothing of the session's numbers is saved over a student's own.
    const saved = await students[0]!.page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.includes(':v1:')),
    );
    expect(saved).toEqual([]);
  });

  it('every student follows step mode', async () => {
    await teacher.page.locator('nb-toolbar button[data-action="step-mode"]').click();
    await teacher.page.locator('.nb-stepbar [data-action="next"]').click();
    const status = await teacher.page.locator('.nb-stepbar-status').textContent();
    expect(status).toMatch(/^Step 2 of/);
    for (const s of students)
      await expect
        .poll(() => s.page.locator('.nb-stepbar-status').textContent(), WAIT)
        .toBe(status);
    await teacher.page.locator('.nb-stepbar [data-action="exit"]').click();
    for (const s of students)
      await expect.poll(() => s.page.locator('.nb-stepbar').isHidden(), WAIT).toBe(true);
  });

  it('a late joiner gets the current numbers at once', async () => {
    const late = await open(`/chapters/masking/?join=${code}`);
    await expect.poll(() => late.page.locator(entry('Q', 6, 2)).inputValue(), WAIT).toBe('1.5');
    await expect.poll(() => studentCount(teacher.page), WAIT).toBe('4');
    await late.context.close();
    await expect.poll(() => studentCount(teacher.page), WAIT).toBe('3');
  });

  it('a student who explores keeps their own numbers, and one button follows the teacher again', async () => {
    const s = students[2]!.page;
    await s.locator(entry('K', 1, 1)).fill('7');
    await s.locator('.nb-session[data-following="false"]').waitFor(WAIT);
    expect(await axeViolations(s, '.nb-session')).toEqual([]);
    await teacher.page.locator(entry('Q', 6, 2)).fill('2.25');
    await expect
      .poll(() => students[0]!.page.locator(entry('Q', 6, 2)).inputValue(), WAIT)
      .toBe('2.25');
    // The explorer still has the value from before, and their own edit.
    expect(await s.locator(entry('Q', 6, 2)).inputValue()).toBe('1.5');
    expect(await s.locator(entry('K', 1, 1)).inputValue()).toBe('7');
    // The teacher's state did not take the student's edit.
    expect((await serverState(code))['cell:masking:K']).toBeUndefined();
    await s.locator('[data-session="follow"]').click();
    await expect.poll(() => s.locator(entry('Q', 6, 2)).inputValue(), WAIT).toBe('2.25');
    const teachers = await teacher.page.locator(entry('K', 1, 1)).inputValue();
    expect(teachers).not.toBe('7');
    await expect.poll(() => s.locator(entry('K', 1, 1)).inputValue(), WAIT).toBe(teachers);
  });

  it('refuses a student’s write on the server: the shared state does not change', async () => {
    const before = await serverState(code);
    const refused = server.refusals.length;
    const hostile = await client(code, STUDENT_TOKEN);
    hostile.doc.getMap('state').set('cell:masking:d_k', 16);
    hostile.doc.getMap('state').set('chapter', 'softmax');
    await expect
      .poll(() => server.refusals.slice(refused), WAIT)
      .toContain('a write from a read-only connection');
    hostile.provider.destroy();
    expect(await serverState(code)).toEqual(before);
    expect(students[0]!.page.url()).toContain('/chapters/masking/');
  });

  it('refuses hostile messages from a connection with the teacher’s secret', async () => {
    const secret = await teacher.page.evaluate(
      () =>
        JSON.parse(sessionStorage.getItem('attention-step-by-step:classroom')!).secret as string,
    );
    const before = await serverState(code);
    const attempts: [string, (m: Y.Map<unknown>) => void][] = [
      ['oversized', (m) => m.set('chapter', 'x'.repeat(400_000))],
      ['a cell of the wrong shape', (m) => m.set('cell:masking:Q', [[1, 2]])],
      ['a cell that is not a number', (m) => m.set('cell:masking:d_k', 'lots')],
      ['an unknown cell', (m) => m.set('cell:masking:nope', 1)],
      ['a derived cell', (m) => m.set('cell:masking:scores', [[1]])],
      ['an unknown key', (m) => m.set('admin', true)],
      [
        'an answer written by a client',
        (m) =>
          m.set('answer:0123456789abcdef', { question: 'stand-in', text: '1', verdict: 'right' }),
      ],
      ['a step that is not a number', (m) => m.set('step', 'two')],
    ];
    for (const [what, write] of attempts) {
      const refused = server.refusals.length;
      const c = await client(code, `${TEACHER_PREFIX}${secret}`);
      write(c.doc.getMap('state'));
      await expect
        .poll(() => server.refusals.length, { ...WAIT, message: what })
        .toBeGreaterThan(refused);
      c.provider.destroy();
      expect(await serverState(code), what).toEqual(before);
    }
    // A wrong secret cannot take the session.
    await expect(client(code, `${TEACHER_PREFIX}${'0'.repeat(32)}`)).rejects.toThrow('refused');
    // Students still follow the teacher afterwards.
    await teacher.page.locator(entry('Q', 6, 2)).fill('-0.5');
    for (const s of students)
      await expect.poll(() => s.page.locator(entry('Q', 6, 2)).inputValue(), WAIT).toBe('-0.5');
  });

  // A stand-in element that keeps the question contract (data-question, the
  // question-answer event, reveal()), under an id no chapter uses, so that the session's
  // side is tested on its own; classroom-question.test.ts answers the masking chapter's
  // real question through its own field.
  it('a question: answers counted live (latest wins), then the answer revealed', async () => {
    for (const s of students)
      await s.page.evaluate(() => {
        const q = document.createElement('div');
        q.dataset['question'] = 'stand-in';
        (q as unknown as { reveal: () => void }).reveal = () => {
          q.dataset['revealed'] = 'yes';
        };
        document.querySelector('article')!.append(q);
      });
    await teacher.page.locator('#nb-session-ask').selectOption('stand-in');
    await teacher.page.locator('[data-session="ask"]').click();
    for (const s of students) await s.page.locator('[data-session="go-question"]').waitFor(WAIT);
    const answer = (page: Page, text: string, verdict: string): Promise<void> =>
      page.evaluate(
        ([text, verdict]) => {
          document.querySelector('[data-question="stand-in"]')!.dispatchEvent(
            new CustomEvent('question-answer', {
              bubbles: true,
              detail: { id: 'stand-in', text, verdict },
            }),
          );
        },
        [text, verdict],
      );
    await answer(students[0]!.page, '0.5', 'right');
    await answer(students[1]!.page, '2', 'wrong');
    await answer(students[2]!.page, '2', 'wrong');
    const bars = teacher.page.locator('.nb-session-bars li');
    await expect
      .poll(() => bars.evaluateAll((l) => l.map((li) => li.getAttribute('data-count'))), WAIT)
      .toEqual(['2', '1']);
    // The third student changes their mind: their answer is replaced, not added.
    await answer(students[2]!.page, '0.5', 'right');
    await expect
      .poll(() => bars.evaluateAll((l) => l.map((li) => li.textContent)), WAIT)
      .toEqual(['0.52', '21']);
    expect(await teacher.page.locator('.nb-session-histogram figcaption').textContent()).toContain(
      '3 answers',
    );
    expect(await axeViolations(teacher.page, '.nb-session')).toEqual([]);
    // Answers the server refuses, sent raw from a student connection: another question's,
    // one too long, one that is not JSON. None is counted.
    const raw = await client(code, STUDENT_TOKEN);
    for (const payload of [
      JSON.stringify({ type: 'answer', question: 'other', text: '9', verdict: 'right' }),
      JSON.stringify({
        type: 'answer',
        question: 'stand-in',
        text: '9'.repeat(5000),
        verdict: 'right',
      }),
      JSON.stringify({ type: 'answer', question: 'stand-in', text: '9', verdict: 'sure' }),
      'not json',
    ]) {
      const refused = server.refusals.length;
      raw.provider.sendStateless(payload);
      await expect.poll(() => server.refusals.length, WAIT).toBeGreaterThan(refused);
    }
    expect(await bars.evaluateAll((l) => l.map((li) => li.getAttribute('data-count')))).toEqual([
      '2',
      '1',
    ]);
    await teacher.page.locator('[data-session="reveal"]').click();
    await expect
      .poll(
        () => teacher.page.locator('[data-question="stand-in"]').getAttribute('data-revealed'),
        WAIT,
      )
      .toBe('yes');
    for (const s of students)
      await expect
        .poll(
          () => s.page.locator('[data-question="stand-in"]').getAttribute('data-revealed'),
          WAIT,
        )
        .toBe('yes');
    await expect
      .poll(() => teacher.page.locator('.nb-session-bars li[data-right]').textContent(), WAIT)
      .toContain('0.5');
    // After the reveal, answers are closed.
    const refused = server.refusals.length;
    raw.provider.sendStateless(
      JSON.stringify({ type: 'answer', question: 'stand-in', text: '0.5', verdict: 'right' }),
    );
    await expect.poll(() => server.refusals.length, WAIT).toBeGreaterThan(refused);
    raw.provider.destroy();
    expect(await bars.evaluateAll((l) => l.map((li) => li.getAttribute('data-count')))).toEqual([
      '2',
      '1',
    ]);
    expect(await axeViolations(teacher.page, '.nb-session')).toEqual([]);
  });

  it('every student follows the teacher to another chapter', async () => {
    await teacher.page.locator('[data-session="close-question"]').click();
    await teacher.page.goto(`${server.url}/chapters/softmax/`);
    await teacher.page.locator('.nb-session .nb-session-code').waitFor(WAIT);
    expect(await teacher.page.locator('.nb-session-code').textContent()).toBe(code);
    for (const s of students) {
      await s.page.waitForURL(/\/chapters\/softmax\//, WAIT);
      await s.page.locator('.nb-session[data-following="true"]').waitFor(WAIT);
    }
    await expect.poll(() => studentCount(teacher.page), WAIT).toBe('3');
  });

  it('loses nothing when the server restarts: everyone reconnects and resyncs', async () => {
    const before = await serverState(code);
    expect(before['chapter']).toBe('softmax');
    expect(before['cell:masking:Q']).toBeDefined();
    await server.close();
    await expect
      .poll(() => teacher.page.locator('.nb-session').getAttribute('data-status'), WAIT)
      .not.toBe('connected');
    // The teacher goes on while the server is down: the edit waits in the page.
    const slider = teacher.page.locator('nb-scalar input[type="range"]').first();
    const name = await slider.evaluate((e) => e.closest('nb-scalar')!.getAttribute('data-cell'));
    const was = await slider.inputValue();
    await slider.focus();
    await teacher.page.keyboard.press('ArrowLeft');
    const value = await slider.inputValue();
    expect(value).not.toBe(was);
    server = await startClassroom({ port, host: '127.0.0.1', dist: DIST, dataDir, quiet: true });
    // Kept in the session's file: a client that was never connected before sees it all
    // (and perhaps already the teacher's offline edit, if the teacher reconnected first).
    expect(await serverState(code)).toMatchObject({
      chapter: 'softmax',
      'cell:masking:Q': before['cell:masking:Q'],
    });
    for (const w of [teacher, ...students])
      await expect
        .poll(() => w.page.locator('.nb-session').getAttribute('data-status'), WAIT)
        .toBe('connected');
    for (const s of students)
      await expect
        .poll(
          () =>
            s.page
              .locator(`nb-scalar[data-cell="${name}"] input[type="range"]`)
              .first()
              .inputValue(),
          WAIT,
        )
        .toBe(value);
    for (const w of [teacher, ...students])
      expect(w.problems.filter((p) => !p.includes('WebSocket'))).toEqual([]);
    for (const w of [teacher, ...students]) expect(w.outside).toEqual([]);
  });
});

describe('answers in quick succession', () => {
  it('takes one answer per connection at a time, and each reader’s latest only', async () => {
    const secret = 'cd'.repeat(16);
    const code = 'FKQQDZ';
    const teacher = await client(code, `${TEACHER_PREFIX}${secret}`);
    teacher.doc.getMap('state').set('question', { id: 'stand-in', revealed: false });
    await expect
      .poll(async () => (await serverState(code))['question'], WAIT)
      .toEqual({
        id: 'stand-in',
        revealed: false,
      });
    const student = await client(code, STUDENT_TOKEN);
    const replies: string[] = [];
    student.provider.on('stateless', ({ payload }: { payload: string }) => replies.push(payload));
    const refused = server.refusals.length;
    for (const text of ['7', '8'])
      student.provider.sendStateless(
        JSON.stringify({ type: 'answer', question: 'stand-in', text, verdict: 'wrong' }),
      );
    await expect.poll(() => replies.length, WAIT).toBe(2);
    expect(server.refusals.slice(refused)).toEqual(['an answer too soon after the last']);
    expect(JSON.parse(replies[1]!)).toEqual({ type: 'refused', reason: 'too-soon' });
    const answers = (): Promise<unknown[]> =>
      serverState(code).then((st) =>
        Object.entries(st)
          .filter(([k]) => k.startsWith('answer:'))
          .map(([, v]) => v),
      );
    expect(await answers()).toEqual([{ question: 'stand-in', text: '7', verdict: 'wrong' }]);
    teacher.provider.destroy();
    student.provider.destroy();
  });
});

describe('the end of a session', () => {
  it('tells every student, who keep the page and save their own numbers again', async () => {
    const teacher = await open('/chapters/masking/');
    await teacher.page.locator('nb-toolbar button[data-action="session"]').click();
    const start = teacher.page.locator('dialog.nb-session-dialog [data-session="start"]');
    await expect.poll(() => start.isEnabled(), WAIT).toBe(true);
    await start.click();
    const code = (await teacher.page.locator('.nb-session-code').textContent())!;
    const s = await open(`/chapters/masking/?join=${code}`);
    await s.page.locator('.nb-session[data-following="true"]').waitFor(WAIT);
    // Another student types the code, as a person would (any case, a space in the middle).
    const typed = await open('/chapters/masking/');
    await typed.page.locator('nb-toolbar button[data-action="session"]').click();
    const field = typed.page.locator('#nb-session-code');
    await expect
      .poll(
        () => typed.page.locator('dialog.nb-session-dialog button[type="submit"]').isEnabled(),
        WAIT,
      )
      .toBe(true);
    await field.fill('12345');
    await field.press('Enter');
    await expect
      .poll(() => typed.page.locator('#nb-session-code-note').textContent(), WAIT)
      .toContain('six letters and digits');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`);
    await field.press('Enter');
    await typed.page.locator('.nb-session[data-following="true"]').waitFor(WAIT);
    await teacher.page.locator(entry('Q', 0, 0)).fill('4.5');
    for (const w of [s, typed])
      await expect.poll(() => w.page.locator(entry('Q', 0, 0)).inputValue(), WAIT).toBe('4.5');
    await teacher.page.locator('[data-session="end"]').click();
    await s.page.locator('.nb-session[data-ended="true"]').waitFor(WAIT);
    expect(await axeViolations(s.page, '.nb-session')).toEqual([]);
    expect(await s.page.locator(entry('Q', 0, 0)).inputValue()).toBe('4.5');
    expect(
      await s.page.evaluate(() => sessionStorage.getItem('attention-step-by-step:classroom')),
    ).toBeNull();
    // Out of the session, an edit is the student's own again: saved, and no session comes back.
    await s.page.locator(entry('Q', 0, 1)).fill('2');
    await expect
      .poll(
        () =>
          s.page.evaluate(
            () => Object.keys(localStorage).filter((k) => k.includes(':v1:masking')).length,
          ),
        WAIT,
      )
      .toBe(1);
    expect(
      await s.page.evaluate(() => sessionStorage.getItem('attention-step-by-step:classroom')),
    ).toBeNull();
    expect(s.problems).toEqual([]);
  });
});

describe('without a session server', () => {
  it('the session button explains what to run', async () => {
    const { serveDist } = await import('./harness.ts');
    const plain = await serveDist(DIST);
    const w = await openPage(browser, plain.url);
    try {
      await w.page.goto(`${plain.url}/chapters/masking/`);
      await w.page.locator('nb-toolbar button[data-action="session"]').click();
      const status = w.page.locator('dialog.nb-session-dialog .nb-session-status').first();
      await expect.poll(() => status.textContent(), WAIT).toContain('npm run classroom');
      expect(await w.page.locator('[data-session="start"]').isDisabled()).toBe(true);
      expect(await axeViolations(w.page, 'dialog.nb-session-dialog')).toEqual([]);
      // A static host serves public/classroom/health ({"ok": false}): no failed request.
      expect(w.problems).toEqual([]);
    } finally {
      // The page first: its service worker may still be fetching from this server.
      await w.context.close().catch(() => {});
      await plain.close();
    }
  });
});
