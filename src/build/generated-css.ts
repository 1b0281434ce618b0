/**
 * Stylesheets made from code at build time, so that no colour or rule needs a style
 * attribute or an injected <style> (both of which the site's policy refuses):
 * - `virtual:heat-palette.css`: the heatmap colours as classes (`heatClass` in
 *   src/widgets/render.ts), which colour the grids with JavaScript off;
 * - `virtual:plotly.css`: the rules Plotly would otherwise inject into a <style> of its
 *   own, read from the installed plotly.js so they never drift from it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { Plugin } from 'vite';
import { heatPaletteCss } from '../widgets/render.ts';

/** plotly.js/build/plotcss.js as CSS: its rule table, with the selectors it writes. */
export function plotlyCss(): string {
  const dir = dirname(createRequire(import.meta.url).resolve('plotly.js/package.json'));
  const source = readFileSync(join(dir, 'build/plotcss.js'), 'utf8');
  const table = /var rules = (\{[\s\S]*?\n\});/.exec(source)?.[1];
  if (!table) throw new Error('plotly.js/build/plotcss.js: no rule table found');
  // A plain object literal of strings, evaluated in an empty context.
  const rules = runInNewContext(`(${table})`, {}) as Record<string, string>;
  return Object.entries(rules)
    .map(([selector, declarations]) => {
      const full = selector
        .replace(/^,/, ' ,')
        .replace(/X/g, '.js-plotly-plot .plotly')
        .replace(/Y/g, '.plotly-notifier');
      return `${full}{${declarations}}`;
    })
    .join('\n');
}

const MODULES: Record<string, () => string> = {
  'virtual:heat-palette.css': heatPaletteCss,
  'virtual:plotly.css': plotlyCss,
};

export default function generatedCss(): Plugin {
  return {
    name: 'generated-css',
    resolveId(id) {
      return id in MODULES ? `\0${id}` : undefined;
    },
    load(id) {
      const make = id.startsWith('\0') ? MODULES[id.slice(1)] : undefined;
      return make?.();
    },
  };
}
