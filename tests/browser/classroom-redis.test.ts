/**
 * Two session servers sharing one Redis (@hocuspocus/extension-redis), as behind a load
 * balancer: the teacher on one instance, three students on the other. The test starts its
 * own redis-server on a free loopback port, without persistence, and stops it at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST, WAIT, launch, openPage, within, type Watched } from './harness.ts';
import { startClassroom, type ClassroomServer } from '../../src/classroom/server.ts';

const REDIS = process.env['REDIS_SERVER'] ?? 'redis-server';
const entry = (cell: string, i: number, j: number): string =>
  `nb-matrix[data-cell="${cell}"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;

const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });

let redis: ChildProcess | undefined;
let a: ClassroomServer;
let b: ClassroomServer;
let browser: Browser;
let dataDir: string;
const opened: Watched[] = [];

beforeAll(async () => {
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'classroom-redis-'));
  redis = spawn(
    REDIS,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await within(
    new Promise<void>((ok, fail) => {
      redis!.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('Ready to accept connections')) ok();
      });
      redis!.once('error', fail);
      redis!.once('exit', (code) => fail(new Error(`redis-server stopped (${code})`)));
    }),
    'redis-server ready',
  );
  const url = `redis://127.0.0.1:${port}`;
  a = await startClassroom({
    port: 0,
    host: '127.0.0.1',
    dist: DIST,
    redis: url,
    name: 'a',
    quiet: true,
  });
  b = await startClassroom({
    port: 0,
    host: '127.0.0.1',
    dist: DIST,
    redis: url,
    name: 'b',
    quiet: true,
  });
  browser = await launch();
});

afterAll(async () => {
  for (const w of opened) await w.context.close().catch(() => {});
  await browser?.close();
  await a?.close();
  await b?.close();
  if (redis && redis.exitCode === null) {
    const exited = new Promise((ok) => redis!.once('exit', ok));
    redis.kill('SIGTERM');
    await within(exited, 'redis-server stopping').catch(() => redis!.kill('SIGKILL'));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two session servers and one Redis', () => {
  it('students on one instance follow a teacher on the other', async () => {
    const teacher = await openPage(browser, a.url);
    opened.push(teacher);
    await teacher.page.goto(`${a.url}/chapters/masking/`);
    await teacher.page.locator('nb-toolbar button[data-action="session"]').click();
    const start = teacher.page.locator('dialog.nb-session-dialog [data-session="start"]');
    await expect.poll(() => start.isEnabled(), WAIT).toBe(true);
    await start.click();
    const code = (await teacher.page.locator('.nb-session-code').textContent())!;
    await teacher.page.locator(entry('Q', 6, 2)).fill('1.25');

    const students: Watched[] = [];
    for (let k = 0; k < 3; k++) {
      const s = await openPage(browser, b.url);
      opened.push(s);
      await s.page.goto(`${b.url}/chapters/masking/?join=${code}`);
      await s.page.locator('.nb-session[data-following="true"]').waitFor(WAIT);
      students.push(s);
    }
    // State from before they joined, across instances.
    for (const s of students)
      await expect.poll(() => s.page.locator(entry('Q', 6, 2)).inputValue(), WAIT).toBe('1.25');
    // Their presence reaches the teacher's instance: counted.
    await expect
      .poll(() => teacher.page.locator('.nb-session-count').getAttribute('data-count'), WAIT)
      .toBe('3');
    // A live edit, and a step.
    await teacher.page.locator(entry('Q', 6, 2)).fill('-3');
    await teacher.page.locator('nb-toolbar button[data-action="step-mode"]').click();
    const status = await teacher.page.locator('.nb-stepbar-status').textContent();
    for (const s of students) {
      await expect.poll(() => s.page.locator(entry('Q', 6, 2)).inputValue(), WAIT).toBe('-3');
      await expect
        .poll(() => s.page.locator('.nb-stepbar-status').textContent(), WAIT)
        .toBe(status);
    }

    // A question asked on instance a, answered on instance b, counted on a.
    for (const w of [teacher, ...students])
      await w.page.evaluate(() => {
        const q = document.createElement('div');
        q.dataset['question'] = 'stand-in';
        (q as unknown as { reveal: () => void }).reveal = () => {};
        document.querySelector('article')!.append(q);
      });
    // The teacher's question menu is drawn on the next change of the shared state.
    await teacher.page.locator('.nb-stepbar [data-action="exit"]').click();
    await teacher.page.locator('#nb-session-ask').waitFor(WAIT);
    // The chapter's own questions are in the menu too; the stand-in is asked.
    await teacher.page.locator('#nb-session-ask').selectOption('stand-in');
    await teacher.page.locator('[data-session="ask"]').click();
    for (const s of students) {
      await s.page.locator('[data-session="go-question"]').waitFor(WAIT);
      await s.page.evaluate(() =>
        document.querySelector('[data-question="stand-in"]')!.dispatchEvent(
          new CustomEvent('question-answer', {
            bubbles: true,
            detail: { id: 'stand-in', text: '0.5', verdict: 'right' },
          }),
        ),
      );
    }
    await expect
      .poll(
        () => teacher.page.locator('.nb-session-bars li').first().getAttribute('data-count'),
        WAIT,
      )
      .toBe('3');
    for (const w of [teacher, ...students]) {
      expect(w.outside).toEqual([]);
      expect(w.problems).toEqual([]);
    }
  });
});
