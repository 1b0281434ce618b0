/** The build step that gathers a page's module scripts into its head, with preloads. */
import { describe, expect, it } from 'vitest';
import { hoistModuleScripts, staticImports } from '../../src/build/module-scripts.ts';

const script = (src: string): string => `<script type="module" src="${src}"></script>`;

describe('hoistModuleScripts', () => {
  const page =
    `<html><head><title>t</title>${script('/_astro/Head.js')}</head><body>` +
    `<p>One <nb-value>1</nb-value>${script('/_astro/Value.js')} and</p>` +
    `<aside><nb-try></nb-try>${script('/_astro/Try.js')}</aside>` +
    `<p><nb-value>2</nb-value>${script('/_astro/Value.js')}</p>` +
    `<script type="application/json" id="nb-data">{"a":1}</script>` +
    `${script('/_astro/Head.js')}${script('/_astro/Page.js')}</body></html>`;

  it('moves every body script into the head, in order and once, and leaves the rest of the body as it was', () => {
    const out = hoistModuleScripts(page);
    expect(out).toBe(
      `<html><head><title>t</title>${script('/_astro/Head.js')}` +
        `${script('/_astro/Value.js')}${script('/_astro/Try.js')}${script('/_astro/Page.js')}` +
        `</head><body><p>One <nb-value>1</nb-value> and</p><aside><nb-try></nb-try></aside>` +
        `<p><nb-value>2</nb-value></p>` +
        `<script type="application/json" id="nb-data">{"a":1}</script>` +
        `</body></html>`,
    );
    // The body keeps no module script, and a second pass changes nothing.
    expect(out.slice(out.indexOf('</head>'))).not.toMatch(/type="module"/);
    expect(hoistModuleScripts(out)).toBe(out);
  });

  it('preloads each chunk the moved scripts import, once, and not a script of the page', () => {
    const imports: Record<string, string[]> = {
      '/_astro/Value.js': ['/_astro/Value.js', '/_astro/notebook.js', '/_astro/format.js'],
      '/_astro/Try.js': ['/_astro/Try.js', '/_astro/notebook.js', '/_astro/Page.js'],
      '/_astro/Page.js': ['/_astro/Page.js', '/_astro/notebook.js', '/_astro/Head.js'],
    };
    const out = hoistModuleScripts(page, (src) => imports[src] ?? []);
    const head = out.slice(0, out.indexOf('</head>'));
    expect(
      [...head.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]),
    ).toEqual(['/_astro/notebook.js', '/_astro/format.js']);
    // The scripts come first: a preload never stands before the script that needs it.
    expect(head.indexOf('modulepreload')).toBeGreaterThan(head.lastIndexOf('<script'));
  });

  it('leaves a page without module scripts, or without a head, alone', () => {
    const plain = '<html><head></head><body><p>x</p></body></html>';
    expect(hoistModuleScripts(plain)).toBe(plain);
    expect(hoistModuleScripts(`<p>${script('/a.js')}</p>`)).toBe(`<p>${script('/a.js')}</p>`);
  });
});

describe('staticImports', () => {
  it('reads static imports and re-exports, not dynamic imports', () => {
    const code =
      'import{a as e}from"./notebook.AB.js";import"./side.CD.js";export{x}from"./x.EF.js";' +
      'const p=()=>import("./parse.GH.js");';
    expect(staticImports(code)).toEqual(['./notebook.AB.js', './side.CD.js', './x.EF.js']);
  });
});
