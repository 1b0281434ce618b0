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
