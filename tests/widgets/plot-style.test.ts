/**
 * Labels on a 2-D plot go on the side away from the nearest other point, measured with
 * both axes scaled to their ranges.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { labelPositions } from '../../src/widgets/plot-style.ts';

describe('labelPositions', () => {
  it('puts a label on the side facing away from the nearest point', () => {
    // b is just right of a, c far above: a's label goes left, b's right, c's up.
    // (Two far points on either side leave room beside a and b.)
    expect(
      labelPositions([
        [0, 0],
        [0.1, 0],
        [0, 10],
        [-10, 5],
        [10, 5],
      ]).slice(0, 3),
    ).toEqual(['middle left', 'middle right', 'top center']);
    // Beside a point at the plot's edge there is no room: the label goes above or below.
    expect(
      labelPositions([
        [0, 0],
        [0.5, 0],
        [10, 0],
        [9.5, 0],
        [5, 1],
        [5, -1],
      ]).slice(0, 4),
    ).toEqual(['top center', 'middle right', 'top center', 'middle left']);
    // Below its neighbour, a label goes under.
    expect(
      labelPositions([
        [0, 0],
        [0, -1],
        [5, 5],
      ])[1],
    ).toBe('bottom center');
  });

  it('scales each axis to its range before comparing distances', () => {
    // x spans 1000, y spans 1: the point 10 to the right is nearer than the one 1 above.
    const [first] = labelPositions([
      [0, 0],
      [10, 0],
      [0, 1],
      [1000, 0.5],
      [-1000, 0.5],
    ]);
    expect(first).toBe('middle left');
  });

  it('faces away from the nearest neighbour for any set of points', () => {
    // Coordinates in hundredths, as a plot's are: no denormal numbers whose squares vanish.
    const coordinate = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 100);
    const point = fc.tuple(coordinate, coordinate);
    fc.assert(
      fc.property(
        fc.uniqueArray(point, { minLength: 2, maxLength: 12, selector: ([x, y]) => `${x},${y}` }),
        (ps) => {
          const pos = labelPositions(ps);
          expect(pos).toHaveLength(ps.length);
          const away: Record<string, (dx: number, dy: number) => boolean> = {
            'middle right': (dx) => dx >= 0,
            'middle left': (dx) => dx <= 0,
            'top center': (_dx, dy) => dy >= 0,
            'bottom center': (_dx, dy) => dy <= 0,
          };
          const sx = Math.max(...ps.map((p) => p[0])) - Math.min(...ps.map((p) => p[0])) || 1;
          const sy = Math.max(...ps.map((p) => p[1])) - Math.min(...ps.map((p) => p[1])) || 1;
          ps.forEach((p, i) => {
            let best = Infinity;
            let d: [number, number] = [0, 0];
            ps.forEach((q, j) => {
              const e: [number, number] = [(p[0] - q[0]) / sx, (p[1] - q[1]) / sy];
              if (j !== i && Math.hypot(...e) < best) [best, d] = [Math.hypot(...e), e];
            });
            expect(away[pos[i]!]!(d[0], d[1])).toBe(true);
          });
        },
      ),
    );
  });
});
