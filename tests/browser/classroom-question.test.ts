/**
 * A live question with the masking chapter's real question widget (`mask-a21`), answered
 * through its own field by a student and counted on the teacher's page, then revealed.
 *
 * The question widget is built on another branch. Until it is merged the chapter has no
 * `[data-question]` element and this test is skipped (it says so): the session's side of
 * questions is covered meanwhile, with a stand-in element, by classroom.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST, WAIT, launch, openPage, within, type Watched } from './harness.ts';
import { axeViolations } from './clean.ts';
import { startClassroom, type ClassroomServer } from '../../src/classroom/server.ts';

const page = readFileSync(join(DIST, 'chapters/masking/index.html'), 'utf8');
const hasQuestion = page.includes('data-question="mask-a21"');

let browser: Browser;
let server: ClassroomServer;
let dataDir: string;
const opened: Watched[] = [];

beforeAll(async () => {
  if (!hasQuestion) return;
  dataDir = mkdtempSync(join(tmpdir(), 'classroom-question-'));
  server = await startClassroom({ port: 0, host: '127.0.0.1', dist: DIST, dataDir, quiet: true });
  browser = await launch();
});
afterAll(async () => {
  for (const w of opened) await w.context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a live question with the chapter’s own question widget', () => {
  it.skipIf(!hasQuestion)(
    'a student’s answer in the widget is counted on the teacher’s page, and the reveal reaches both',
    async () => {
      const teacher = await openPage(browser, server.url);
      opened.push(teacher);
      await teacher.page.goto(`${server.url}/chapters/masking/`);
      await teacher.page.locator('nb-toolbar button[data-action="session"]').click();
      const start = teacher.page.locator('dialog.nb-session-dialog [data-session="start"]');
      await expect.poll(() => start.isEnabled(), WAIT).toBe(true);
      await start.click();
      const code = (await teacher.page.locator('.nb-session-code').textContent())!;
      const student = await openPage(browser, server.url);
      opened.push(student);
      await student.page.goto(`${server.url}/chapters/masking/?join=${code}`);
      await student.page.locator('.nb-session[data-following="true"]').waitFor(WAIT);

      await teacher.page.locator('#nb-session-ask').selectOption('mask-a21');
      await teacher.page.locator('[data-session="ask"]').click();
      await student.page.locator('[data-session="go-question"]').click();
      // Whatever the widget's field and button are, a reader answers with them: the
      // event the widget sends is what travels.
      const q = student.page.locator('[data-question="mask-a21"]');
      const sent = student.page.evaluate(
        () =>
          new Promise<{ text: string; verdict: string }>((ok) =>
            document.addEventListener('question-answer', (e) => ok((e as CustomEvent).detail), {
              once: true,
            }),
          ),
      );
      await q.locator('input, textarea').first().fill('0');
      await q.locator('input, textarea').first().press('Enter');
      const detail = await within(sent, 'the question-answer event');
      const bars = teacher.page.locator('.nb-session-bars li');
      await expect.poll(() => bars.first().getAttribute('data-count'), WAIT).toBe('1');
      expect(await bars.first().textContent()).toContain(detail.text.trim());
      await teacher.page.locator('[data-session="reveal"]').click();
      await expect
        .poll(() => teacher.page.locator('.nb-session-histogram figcaption').textContent(), WAIT)
        .toContain('answer revealed');
      expect(await axeViolations(teacher.page, '.nb-session')).toEqual([]);
      expect(await axeViolations(student.page, '.nb-session')).toEqual([]);
      for (const w of [teacher, student]) expect(w.problems).toEqual([]);
    },
  );
});
