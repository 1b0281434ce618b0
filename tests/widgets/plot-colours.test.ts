/**
 * One colour scale for weights: a Plotly heatmap painted with `heatmapColours` over
 * −range…range gives a value the colour a matrix grid gives it (`heatColour`, rounded to
 * a whole percent of lightness as `heatClass` does).
 */
import { describe, expect, it } from 'vitest';
import { heatColour } from '../../src/widgets/format.ts';
import { heatmapColours } from '../../src/widgets/plot-style.ts';

/** The colour Plotly gives `v` on a scale of stops over [−range, range], between stops linearly. */
function plotlyColourAt(stops: [number, string][], v: number, range: number): string {
  const at = (v / range + 1) / 2;
  const k = stops.findIndex(([p]) => p >= at - 1e-12);
  return stops[k]![1];
}

describe('heatmapColours', () => {
  const stops = heatmapColours((v, r) => heatColour(v, r, 'diverging'));

  it('runs from 0 to 1 in order', () => {
    expect(stops[0]![0]).toBe(0);
    expect(stops.at(-1)![0]).toBe(1);
    for (let k = 1; k < stops.length; k++) expect(stops[k]![0]).toBeGreaterThan(stops[k - 1]![0]);
  });

  it('gives a weight the colour its grid entry has', () => {
    const range = 0.8;
    for (const v of [0.8, 0.4, 0.2, 0.008, 0, -0.4, -0.8]) {
      const grid = heatColour(v, range, 'diverging');
      const m = /^hsl\((\d+) (\d+%) ([\d.]+)%\)$/.exec(grid);
      const want = m ? `hsl(${m[1]}, ${m[2]}, ${Math.round(Number(m[3]))}%)` : '#ffffff';
      expect(plotlyColourAt(stops, v, range), `value ${v}`).toBe(want);
    }
  });
});
