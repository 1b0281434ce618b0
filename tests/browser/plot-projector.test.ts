/**
 * Plots in a room: their tick labels and titles grow with the page's text when projector
 * mode enlarges it, and a weights heatmap colours each weight exactly as the matrix grid
 * of the same cell does (one colour scale for both).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { WAIT, openPage } from './harness.ts';
import { axeViolations } from './clean.ts';
import { useSite } from './fixtures.ts';

const site = useSite();
const PATH = '/chapters/queries-keys-values/';

async function drawnPlot(page: Page): Promise<Locator> {
  const plot = page.locator('nb-plot[data-cell="weights"]');
  await plot.scrollIntoViewIfNeeded();
  await expect.poll(() => plot.getAttribute('data-state'), WAIT).toBe('drawn');
  return plot;
}

/** The font sizes of the plot's tick labels, in CSS pixels. */
const tickSizes = (plot: Locator): Promise<number[]> =>
  plot
    .locator('.xtick text, .ytick text')
    .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));

describe('plots on a projector', () => {
  it('scales tick labels with projector mode, and colours a weight as its grid does', async () => {
    const w = await openPage(site.browser, site.server.url, {
      viewport: { width: 1920, height: 1080 },
    });
    await w.page.goto(site.server.url + PATH);
    let plot = await drawnPlot(w.page);
    const before = await tickSizes(plot);
    expect(before.length).toBeGreaterThan(0);

    // One colour scale: every coloured entry of the weights grid against the heatmap's scale.
    const mismatches = await w.page.evaluate(() => {
      const gd = document.querySelector(
        'nb-plot[data-cell="weights"] .nb-plot-area',
      ) as unknown as {
        data: { colorscale: [number, string][]; zmin: number; zmax: number }[];
      };
      const { colorscale, zmin, zmax } = gd.data[0]!;
      const probe = document.createElement('span');
      document.body.append(probe);
      const rgb = (c: string): number[] => {
        probe.style.color = c;
        return (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      };
      const out: string[] = [];
      const cells = document.querySelectorAll<HTMLElement>(
        'nb-matrix[data-cell="weights"] td[data-i][class*="nb-heat-"]',
      );
      for (const td of cells) {
        const v = Number(td.title.replace('−', '-'));
        const at = (v - zmin) / (zmax - zmin);
        // Plotly interpolates between the two stops around the value.
        const k = colorscale.findIndex(([p]) => p >= at);
        const [p1, c1] = colorscale[k]!;
        const [p0, c0] = colorscale[Math.max(0, k - 1)]!;
        const t = p1 === p0 ? 0 : (at - p0) / (p1 - p0);
        const a = rgb(c0);
        const b = rgb(c1);
        const plotted = a.map((x, i) => x + (b[i]! - x) * t);
        const grid = (getComputedStyle(td).backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
        if (plotted.some((x, i) => Math.abs(x - grid[i]!) > 4))
          out.push(
            `${v}: grid rgb(${grid.join(',')}) vs plot rgb(${plotted.map(Math.round).join(',')})`,
          );
      }
      probe.remove();
      return { checked: cells.length, out };
    });
    expect(mismatches.checked).toBeGreaterThan(10);
    expect(mismatches.out).toEqual([]);

    await w.page.getByRole('button', { name: 'Projector mode' }).click();
    plot = await drawnPlot(w.page);
    await expect.poll(() => plot.getAttribute('data-text-scale'), WAIT).toBe('1.5');
    // Plotly's 13 px at the site's 16 px base, in step with the page's text: 24 px in projector mode.
    const rootPx = await w.page.evaluate(() =>
      parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    expect(rootPx).toBe(24);
    await expect
      .poll(async () => {
        const after = await tickSizes(plot);
        return after.length > 0 && after.every((s) => Math.abs(s - (13 * rootPx) / 16) < 0.1);
      }, WAIT)
      .toBe(true);
    expect(Math.max(...before)).toBeLessThan((13 * rootPx) / 16);
    expect(await axeViolations(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 120_000);
});
