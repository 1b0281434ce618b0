/**
 * Style attributes moved out of markup (the site's policy refuses them): at build time
 * into generated classes, in the browser into CSSOM; and the heatmap palette that colours
 * grids before the page's script runs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { moveStyleAttributes } from '../../src/widgets/safe-html.ts';
import { rewriteStyleAttributes, stylesheet } from '../../src/build/style-attributes.ts';
import { heatClass, heatPaletteCss } from '../../src/widgets/render.ts';
import { heatColour } from '../../src/widgets/format.ts';

describe('moving style attributes', () => {
  it('replaces each style attribute, joins an existing class, and leaves scripts, comments and text alone', () => {
    const html =
      '<p>a style="x" b</p><span class="strut" style="height:0.69em;">1</span>' +
      '<svg><rect style=\'fill: red; \' width="2"/></svg><!-- <i style="a:b"> -->' +
      '<script type="application/json">{"s":"<b style=\\"c:d\\">"}</script>' +
      '<td title="a > b" style="background:var(--masked-bg)">x</td>';
    const seen: string[] = [];
    const out = moveStyleAttributes(html, (d) => {
      seen.push(d);
      return { name: 'class', value: `k${seen.length}` };
    });
    expect(seen).toEqual(['height:0.69em', 'fill:red', 'background:var(--masked-bg)']);
    expect(out).toBe(
      '<p>a style="x" b</p><span class="strut k1">1</span>' +
        '<svg><rect width="2" class="k2"/></svg><!-- <i style="a:b"> -->' +
        '<script type="application/json">{"s":"<b style=\\"c:d\\">"}</script>' +
        '<td title="a > b" class="k3">x</td>',
    );
  });

  it('decodes entities in the declarations and encodes them in the new attribute', () => {
    const out = moveStyleAttributes('<b style="font-family:&quot;A&amp;B&quot;">x</b>', (d) => ({
      name: 'data-s',
      value: d,
    }));
    expect(out).toBe('<b data-s="font-family:&quot;A&amp;B&quot;">x</b>');
  });

  it('gives the same declarations the same class on every page, and the stylesheet outranks KaTeX', () => {
    const a = rewriteStyleAttributes('<span style="height:1em">a</span>');
    const b = rewriteStyleAttributes('<i class="x" style="height: 1em;">b</i>');
    expect([...a.rules.keys()]).toEqual([...b.rules.keys()]);
    const [cls] = [...a.rules.keys()];
    expect(b.html).toBe(`<i class="x ${cls}">b</i>`);
    expect(stylesheet(a.rules)).toBe(`.${cls}.${cls}.${cls}.${cls}.${cls}{height:1em}`);
  });
});

describe('the heatmap palette', () => {
  const rules = new Map(
    [...heatPaletteCss().matchAll(/\.([\w-]+)\{([^}]*)\}/g)].map((m) => [m[1]!, m[2]!]),
  );
  const lightness = (css: string): number => Number(/ ([\d.]+)%\)$/.exec(css)![1]);

  it('has a rule for every colour a grid can take, within half a percent of lightness of it', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
        fc.double({ noNaN: true, min: 1e-9, max: 1e6 }),
        fc.constantFrom('diverging' as const, 'sequential' as const),
        (v, range, scale) => {
          const colour = heatColour(v, range, scale);
          const cls = heatClass(colour);
          if (colour === 'transparent') return cls === '';
          const rule = rules.get(cls);
          expect(rule, `${colour} → ${cls}`).toBeDefined();
          const hue = /^hsl\((\d+) /.exec(colour)![1];
          expect(rule).toContain(`hsl(${hue} 85% `);
          expect(Math.abs(lightness(rule!) - lightness(colour))).toBeLessThanOrEqual(0.5);
          return true;
        },
      ),
    );
  });

  it('shows masked, NaN and infinite entries with their patterns', () => {
    expect(rules.get(heatClass(heatColour(-Infinity, 1, 'diverging')))).toBe(
      'background:var(--masked-bg)',
    );
    expect(rules.get(heatClass(heatColour(NaN, 1, 'diverging')))).toBe('background:var(--nan-bg)');
    expect(rules.get(heatClass(heatColour(Infinity, 1, 'diverging')))).toBe(
      'background:var(--inf-bg)',
    );
  });
});
