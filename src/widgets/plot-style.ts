/**
 * The look shared by the site's pictures: one set of colours, and the arrow that shows an
 * offset between two points on a 2-D plot.
 */

/** Colours that keep 4.5:1 contrast as text on white, in the order pictures use them. */
export const COLOURS = [
  '#0b5cad',
  '#c2410c',
  '#1b6b3a',
  '#7c3aed',
  '#a4161a',
  '#0e7490',
  '#854d0e',
] as const;

/** The colour of the k-th item, round the list again after its end. */
export const colour = (k: number): string => COLOURS[k % COLOURS.length]!;

/**
 * A Plotly annotation drawing an arrow from `from` to `to`, in the plot's own coordinates,
 * its head stopping just short of the point it reaches.
 */
export function arrowAnnotation(
  from: readonly [number, number],
  to: readonly [number, number],
  colour: string,
  { width = 3, size = 1 }: { width?: number; size?: number } = {},
): Record<string, unknown> {
  return {
    x: to[0],
    y: to[1],
    ax: from[0],
    ay: from[1],
    xref: 'x',
    yref: 'y',
    axref: 'x',
    ayref: 'y',
    text: '',
    showarrow: true,
    arrowhead: 2,
    arrowsize: size,
    arrowwidth: width,
    standoff: 6,
    arrowcolor: colour,
  };
}

export type LabelPosition = 'top center' | 'bottom center' | 'middle left' | 'middle right';

/**
 * Where to put each point's label on a 2-D plot: on the side facing away from its nearest
 * neighbour (distances measured with both axes scaled to their ranges), so two close
 * points, such as a word and the word it moved to, do not write over each other; beside
 * the point only away from the plot's left and right edges, else above or below it.
 */
export function labelPositions(points: readonly (readonly [number, number])[]): LabelPosition[] {
  const span = (k: 0 | 1): number => {
    const vs = points.map((p) => p[k]);
    return Math.max(...vs) - Math.min(...vs) || 1;
  };
  const [sx, sy] = [span(0), span(1)];
  const minX = Math.min(...points.map((p) => p[0]));
  return points.map((p, i) => {
    let best = Infinity;
    let dx = 0;
    let dy = 1;
    points.forEach((q, j) => {
      const ex = (p[0] - q[0]) / sx;
      const ey = (p[1] - q[1]) / sy;
      const d = ex * ex + ey * ey;
      if (j !== i && d < best) [best, dx, dy] = [d, ex, ey];
    });
    if (best === Infinity || (dx === 0 && dy === 0)) return 'top center';
    const vertical = dy >= 0 ? 'top center' : 'bottom center';
    // Near the left or right edge a label beside its point would be cut off: above or below.
    const at = (p[0] - minX) / sx;
    if (Math.abs(dx) > Math.abs(dy) && (dx > 0 ? at < 0.8 : at > 0.2))
      return dx > 0 ? 'middle right' : 'middle left';
    return vertical;
  });
}

/**
 * How much larger than the site's base (16 px) the page's text is now: 1.5 in projector
 * mode. A plot's labels, ticks and titles are multiplied by it, so they grow with the text.
 */
export function textScale(): number {
  if (typeof document === 'undefined') return 1;
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px / 16 : 1;
}

/** A CSS `hsl(h s l)` colour as Plotly reads it (`hsl(h, s, l)`); '' for none. */
function plotlyColour(c: string, none: string): string {
  const m = /^hsl\((\d+) (\d+%) ([\d.]+)%\)$/.exec(c);
  // The grid rounds lightness to a whole percent (heatClass): the plot does the same.
  return m ? `hsl(${m[1]}, ${m[2]}, ${Math.round(Number(m[3]))}%)` : none;
}

/**
 * The Plotly colour scale that paints a value as a matrix grid paints it (`heatColour`),
 * for z from −`range` to `range` (the largest magnitude, as a grid scales its colours):
 * the same weight is the same colour in a grid and in a heatmap.
 */
export function heatmapColours(
  colourOf: (v: number, range: number) => string,
  background = '#ffffff',
  stops = 200,
): [number, string][] {
  const out: [number, string][] = [];
  for (let k = 0; k <= stops; k++) {
    const at = k / stops;
    out.push([at, plotlyColour(colourOf(2 * at - 1, 1), background)]);
  }
  return out;
}
