/**
 * The cost chapter's measurement runs in a Web Worker: while n = 2,048 is being timed the
 * page still paints frames and answers an edit, results arrive one by one and are plotted,
 * and Stop ends the run at once. The worker's file is kept for offline reading. Without
 * workers, or with a worker that will not load, the page measures itself and says so; a
 * worker that fails or stops answering ends the run with a message, its results kept.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { WAIT, openPage } from './harness.ts';
import { axeViolations } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import { CACHE_PREFIX } from '../../src/build/offline.ts';

const PATH = '/chapters/cost-and-flashattention/';
const WORKER_FILE = /\/_astro\/cost-worker-[\w-]+\.js$/;
const site = useSite();

/** The time trace's points: n and the fastest run in ms. */
const timePoints = (bench: Locator): Promise<{ x: number[]; y: number[] }> =>
  bench.evaluate((el) => {
    const p = el.querySelector('.nb-cost-plot[data-plot="time"]') as unknown as {
      data?: { x: number[]; y: number[] }[];
    };
    const t = p.data?.[0];
    return { x: [...(t?.x ?? [])], y: [...(t?.y ?? [])] };
  });

/**
 * In the page: from the moment size n starts until its result arrives, the longest wait
 * between two animation frames, and how many frames there were (page time budget `budgetMs`).
 */
const framesWhileMeasuring = (page: Page, n: number, budgetMs: number) =>
  page.evaluate(
    async ({ n, budgetMs }) => {
      const el = document.querySelector<HTMLElement>('nb-cost-bench')!;
      const frame = () => new Promise<number>((ok) => requestAnimationFrame(ok));
      const until = performance.now() + budgetMs;
      while (el.dataset['measuring'] !== String(n)) {
        if (performance.now() > until) return { frames: 0, maxGap: Infinity, timedOut: true };
        await frame();
      }
      let last = await frame();
      let frames = 0;
      let maxGap = 0;
      while (!(el.dataset['measured'] ?? '').split(',').includes(String(n))) {
        if (performance.now() > until) return { frames, maxGap, timedOut: true };
        const t = await frame();
        maxGap = Math.max(maxGap, t - last);
        last = t;
        frames++;
      }
      return { frames, maxGap, timedOut: false };
    },
    { n, budgetMs },
  );

describe('measuring in a worker', () => {
  it('keeps the page responsive while n = 2,048 runs, plots each result as it arrives, and stops at once', async () => {
    const w = await openPage(site.browser, site.server.url);
    const workerRequests: string[] = [];
    w.page.on('request', (r) => {
      if (WORKER_FILE.test(new URL(r.url()).pathname)) workerRequests.push(r.url());
    });
    await w.page.goto(site.server.url + PATH);
    await w.page.evaluate(() => navigator.serviceWorker.ready.then(() => null));
    const bench = w.page.locator('nb-cost-bench');
    await bench.scrollIntoViewIfNeeded();
    await expect.poll(() => bench.getAttribute('data-hydrated')).toBe('true');
    // A long walk: three sizes of 2,048 after the small ones, with d = 128 so that one run
    // of 2,048 takes a second or more (longer than a loaded machine holds up a frame), and
    // a budget none will reach.
    await bench.evaluate((el) => {
      const e = el as HTMLElement;
      e.dataset['sizes'] = '64,256,1024,2048,2048,2048';
      e.dataset['d'] = '128';
      e.dataset['budgetMs'] = '600000';
    });
    const status = bench.locator('.nb-cost-status');
    const plots = bench.locator('.nb-cost-plots');
    await bench.getByRole('button', { name: 'Measure in this browser' }).click();
    expect(await bench.getAttribute('data-where')).toBe('worker');
    const watching = framesWhileMeasuring(w.page, 2048, 120_000);
    await expect
      .poll(() => bench.getAttribute('data-measuring'), { timeout: 120_000 })
      .toBe('2048');
    expect(await status.textContent()).toMatch(
      /^Measuring n = 2,048 \(size 4 of 6\) in the background: the page stays usable/,
    );
    // The results so far are in the table and the plot while the walk goes on.
    await expect.poll(() => plots.getAttribute('data-points'), WAIT).toBe('3');
    // An edit while the worker times n = 2,048: the page recomputes and shows it.
    const keptWin = w.page.locator('nb-value[data-cell="kept_win"] .nb-value-number').first();
    const slider = w.page.getByRole('slider', { name: /keys in the sliding window/ });
    const ref = chapterNotebook('cost-and-flashattention', (nb) => nb.set('w', 4));
    await slider.focus();
    await w.page.keyboard.press('ArrowRight');
    await expect.poll(() => keptWin.textContent(), WAIT).toBe(String(ref.value('kept_win')));
    expect(await bench.getAttribute('data-state')).toBe('running');
    // Frames kept coming while n = 2,048 was timed: on the main thread, one run of it would
    // have held the page for at least the fastest run's time.
    const seen = await watching;
    expect(seen.timedOut).toBe(false);
    const points = await timePoints(bench);
    expect(points.x.slice(0, 4)).toEqual([64, 256, 1024, 2048]);
    const run2048 = points.y[3]!;
    // How many frames depends on the machine's load; that none waited as long as one run
    // does not (a run on the page would be one gap of at least that).
    expect(seen.frames).toBeGreaterThanOrEqual(2);
    expect(seen.maxGap, `longest frame gap vs one run of ${run2048} ms`).toBeLessThan(run2048);
    expect(await bench.getAttribute('data-state')).toBe('running');
    await expect.poll(() => plots.getAttribute('data-points'), WAIT).toBe('4');
    // Stop while the next 2,048 runs: it ends now, not after the size.
    await expect.poll(() => bench.getAttribute('data-measuring'), WAIT).toBe('2048');
    const stop = bench.getByRole('button', { name: 'Stop' });
    await stop.focus();
    const asked = Date.now();
    await w.page.keyboard.press('Enter');
    await expect.poll(() => bench.getAttribute('data-state'), WAIT).toBe('stopped');
    expect(Date.now() - asked).toBeLessThan(run2048);
    const measured = await bench.getAttribute('data-measured');
    expect(measured).toMatch(/^64,256,1024,2048(,2048)?$/);
    expect(await status.textContent()).toMatch(
      /^Measured in this browser: n = 64 to 2,048\. The fitted curve is .* Stopped at your request while measuring n = 2,048\.$/,
    );
    expect(await bench.locator('caption').textContent()).not.toContain('still running');
    expect(await stop.isHidden()).toBe(true);
    expect(await w.page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Measure in this browser',
    );
    // The worker is gone: no result arrives after Stop, in the time two more runs would take
    // (the size was stopped as it started: it needed three).
    await w.page.evaluate(
      (ms) =>
        new Promise<void>((ok) => {
          const end = performance.now() + ms;
          const tick = () => (performance.now() >= end ? ok() : requestAnimationFrame(tick));
          tick();
        }),
      run2048 * 2,
    );
    expect(await bench.getAttribute('data-measured')).toBe(measured);
    // One worker file, from the site, kept for offline reading with the page's other files.
    expect(workerRequests).toHaveLength(1);
    await expect
      .poll(
        () =>
          w.page.evaluate(
            async ({ prefix, pattern }) => {
              const re = new RegExp(pattern);
              for (const name of await caches.keys())
                if (name.startsWith(prefix))
                  for (const r of await (await caches.open(name)).keys())
                    if (re.test(new URL(r.url).pathname)) return true;
              return false;
            },
            { prefix: CACHE_PREFIX, pattern: WORKER_FILE.source },
          ),
        WAIT,
      )
      .toBe(true);
    expect(await axeViolations(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 240_000);
});

describe('when the worker is missing, will not load or misbehaves', () => {
  it('without Web Workers, measures on the page and says so', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.context.addInitScript(() =>
      Object.defineProperty(window, 'Worker', { value: undefined, configurable: true }),
    );
    await w.page.goto(site.server.url + PATH);
    const bench = w.page.locator('nb-cost-bench');
    await expect.poll(() => bench.getAttribute('data-hydrated')).toBe('true');
    await bench.getByLabel('Up to n =').selectOption('256');
    await bench.getByRole('button', { name: 'Measure in this browser' }).click();
    await expect.poll(() => bench.getAttribute('data-state'), WAIT).toBe('done');
    expect(await bench.getAttribute('data-where')).toBe('page');
    expect(await bench.getAttribute('data-measured')).toBe('64,128,256');
    expect(await bench.locator('.nb-cost-status').textContent()).toMatch(
      /^Measured in this browser: n = 64 to 256\..* \(This browser has no Web Workers, so it runs on this page, one run at a time between frames: the page may pause for up to one run, at most about 500 ms\.\)$/,
    );
    await expect
      .poll(() => bench.locator('.nb-cost-plots').getAttribute('data-state'), WAIT)
      .toBe('drawn');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('a worker that does not load: the page measures instead, and says why', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.context.route(WORKER_FILE, (route) =>
      route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }),
    );
    await w.page.goto(site.server.url + PATH);
    const bench = w.page.locator('nb-cost-bench');
    await expect.poll(() => bench.getAttribute('data-hydrated')).toBe('true');
    await bench.getByLabel('Up to n =').selectOption('256');
    await bench.getByRole('button', { name: 'Measure in this browser' }).click();
    await expect.poll(() => bench.getAttribute('data-state'), WAIT).toBe('done');
    expect(await bench.getAttribute('data-where')).toBe('page');
    expect(await bench.getAttribute('data-measured')).toBe('64,128,256');
    expect(await bench.locator('.nb-cost-status').textContent()).toMatch(
      /\(The background worker could not load \(.*\), so it runs on this page/,
    );
    // The refused file is the one expected problem.
    expect(w.problems.filter((p) => !/404/.test(p))).toEqual([]);
    await w.context.close();
  });

  it('a worker that fails while measuring: a clear message, the controls back, nothing frozen', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.context.route(WORKER_FILE, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/javascript',
        body: "postMessage({ type: 'ready' }); addEventListener('message', () => { throw new Error('broken on purpose'); });",
      }),
    );
    await w.page.goto(site.server.url + PATH);
    const bench = w.page.locator('nb-cost-bench');
    await expect.poll(() => bench.getAttribute('data-hydrated')).toBe('true');
    const measure = bench.getByRole('button', { name: 'Measure in this browser' });
    await measure.click();
    await expect.poll(() => bench.getAttribute('data-state'), WAIT).toBe('error');
    expect(await bench.locator('.nb-cost-status').textContent()).toMatch(
      /^The measurement failed \(.*broken on purpose\)\. Nothing was measured\.$/,
    );
    expect(await measure.isEnabled()).toBe(true);
    expect(await bench.getByRole('button', { name: 'Stop' }).isHidden()).toBe(true);
    // The page still answers: the table shows the exact counts it showed before.
    expect(await bench.locator('tbody th').first().textContent()).toBe('64');
    expect(w.problems.filter((p) => !/broken on purpose/.test(p))).toEqual([]);
    await w.context.close();
  });

  it('a size that runs far past its budget: the worker is ended with a message, the results kept', async () => {
    const w = await openPage(site.browser, site.server.url);
    // A worker that measures the first size, then never answers.
    await w.context.route(WORKER_FILE, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/javascript',
        body: [
          "postMessage({ type: 'ready' });",
          "addEventListener('message', () => {",
          "  postMessage({ type: 'start', n: 64, index: 0, count: 3 });",
          "  postMessage({ type: 'result', m: { n: 64, d: 64, ms: 0.5, runs: 3, scoreBytes: 32768, heapBytes: null } });",
          "  postMessage({ type: 'start', n: 128, index: 1, count: 3 });",
          '});',
        ].join('\n'),
      }),
    );
    await w.page.goto(site.server.url + PATH);
    const bench = w.page.locator('nb-cost-bench');
    await expect.poll(() => bench.getAttribute('data-hydrated')).toBe('true');
    await bench.evaluate((el) => ((el as HTMLElement).dataset['limitMs'] = '1500'));
    await bench.getByLabel('Up to n =').selectOption('256');
    await bench.getByRole('button', { name: 'Measure in this browser' }).click();
    await expect.poll(() => bench.getAttribute('data-state'), WAIT).toBe('error');
    expect(await bench.locator('.nb-cost-status').textContent()).toBe(
      'n = 128 was still running after 1,500 ms, far over the budget of 500 ms, so the measurement was ended. The table and the plots show the sizes measured before it.',
    );
    expect(await bench.getAttribute('data-measured')).toBe('64');
    expect(await bench.locator('tbody th').allTextContents()).toEqual(['64']);
    expect(await bench.getByRole('button', { name: 'Measure in this browser' }).isEnabled()).toBe(
      true,
    );
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});
