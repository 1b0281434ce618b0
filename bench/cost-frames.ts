/**
 * The cost chapter's measurement of attention (n = 64 to 2,048, d = 64), timed in its Web
 * Worker and on the page (Worker removed, the fallback), in alternate rounds: how often
 * the page paints while it runs. Every gap between two animation frames is recorded from
 * the moment the plots are first drawn (loading Plotly is the same main-thread work in
 * both) until the measurement ends. Prints a Markdown table for docs/performance.md.
 *
 *   npm run build && node bench/cost-frames.ts [rounds]
 */
import { loadavg } from 'node:os';
import { launch, serveDist } from '../tests/browser/harness.ts';

const ROUNDS = Number(process.argv[2] ?? 2);
const SIZES = '64,128,256,512,1024,2048';

interface Run {
  seconds: number;
  frames: number;
  p95: number;
  max: number;
  slowest: number;
}

const server = await serveDist();
const browser = await launch();
const runs: Record<'worker' | 'page', Run[]> = { worker: [], page: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['worker', 'page'] as const) : (['page', 'worker'] as const);
    for (const mode of order) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      if (mode === 'page')
        await context.addInitScript(() =>
          Object.defineProperty(window, 'Worker', { value: undefined, configurable: true }),
        );
      const page = await context.newPage();
      await page.goto(`${server.url}/chapters/cost-and-flashattention/`);
      const bench = page.locator('nb-cost-bench');
      await bench.scrollIntoViewIfNeeded();
      await page.waitForFunction(() =>
        document.querySelector('nb-cost-bench')?.hasAttribute('data-hydrated'),
      );
      // Every size runs: a budget none reaches.
      await bench.evaluate((el, sizes) => {
        (el as HTMLElement).dataset['sizes'] = sizes;
        (el as HTMLElement).dataset['budgetMs'] = '600000';
      }, SIZES);
      const frames = page.evaluate(async () => {
        const el = document.querySelector<HTMLElement>('nb-cost-bench')!;
        const plots = el.querySelector('.nb-cost-plots')!;
        const frame = () => new Promise<number>((ok) => requestAnimationFrame(ok));
        const gaps: number[] = [];
        let last = await frame();
        let first = 0;
        while (el.dataset['state'] !== 'done') {
          const t = await frame();
          if (plots.getAttribute('data-state') === 'drawn') {
            first ||= last;
            gaps.push(t - last);
          }
          last = t;
        }
        return { gaps, ms: last - first };
      });
      await bench.getByRole('button', { name: 'Measure in this browser' }).click();
      const { gaps, ms } = await frames;
      const slowest = await bench.evaluate((el) =>
        Math.max(
          ...(
            (
              el.querySelector('.nb-cost-plot[data-plot="time"]') as unknown as {
                data: { y: number[] }[];
              }
            ).data[0]!.y ?? [0]
          ).map(Number),
        ),
      );
      gaps.sort((a, b) => a - b);
      runs[mode].push({
        seconds: ms / 1000,
        frames: gaps.length,
        p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0,
        max: gaps.at(-1) ?? 0,
        slowest,
      });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;
const row = (name: string, rs: Run[]): string =>
  `| ${name} | ${median(rs.map((r) => r.seconds)).toFixed(1)} s | ${median(rs.map((r) => r.frames / r.seconds)).toFixed(0)} | ${ms(median(rs.map((r) => r.p95)))} | ${ms(Math.max(...rs.map((r) => r.max)))} | ${ms(median(rs.map((r) => r.slowest)))} |`;
console.log(
  [
    `${ROUNDS} rounds, load average ${loadavg()[0]!.toFixed(1)} at the end; medians over the rounds, and the longest gap of all.`,
    '',
    '| where | time measured | frames a second | frame gap p95 | longest gap | one run of n = 2,048 |',
    '|---|---|---|---|---|---|',
    row('worker', runs.worker),
    row('page (no worker)', runs.page),
  ].join('\n'),
);
