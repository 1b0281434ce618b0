// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import styleAttributesToClasses from './src/build/style-attributes.ts';
import generatedCss from './src/build/generated-css.ts';
import offline from './src/build/offline.ts';
import moduleScriptsToHead from './src/build/module-scripts.ts';
import { directivesFor } from './src/build/csp.ts';
import { steadyHighlight } from './src/build/steady-highlight.ts';

/** The modules nearly every chapter page runs: never the parser, plots or the live session. */
const NOTEBOOK_CORE =
  /[\\/]src[\\/](?:engine[\\/]|notebook[\\/](?!parse\.ts)|widgets[\\/](?:page-notebook|symbols|scheduler|visibility|format|render|grid-dom|grid-keys|safe-html|inline-value|define)\.ts)/;

export default defineConfig({
  site: 'https://attention-step-by-step.example',
  trailingSlash: 'ignore',
  // offline() comes last: it lists (and versions) the files the others leave in dist/.
  integrations: [mdx(), styleAttributesToClasses(), moduleScriptsToHead(), offline()],
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, { throwOnError: false, strict: 'ignore' }]],
    }),
    // Code blocks: the default theme's comments fail the contrast check (3:1).
    // Highlighted the same on every build, however busy the machine (src/build/steady-highlight.ts).
    shikiConfig: { theme: 'github-light-high-contrast', transformers: [steadyHighlight] },
  },
  build: {
    format: 'directory',
    // Stylesheets as files, never <style> elements: the policy allows only the site's own files.
    inlineStylesheets: 'never',
  },
  devToolbar: { enabled: false },
  // A strict policy in every page's <meta> tag: no inline script, no style attribute, no
  // eval. src/build/csp.ts has the rest of it, and the header form for hosts.
  security: {
    csp: {
      directives: directivesFor(process.env.PUBLIC_CLASSROOM_URL),
      scriptDirective: { resources: ["'self'"] },
      styleDirective: { resources: ["'self'", { resource: "'none'", kind: 'attribute' }] },
    },
  },
  vite: {
    // plotly.js's modules are CommonJS written for browserify, which provided `global`.
    define: { global: 'globalThis' },
    plugins: [generatedCss()],
    // Every asset a file (KaTeX's fonts, small scripts), none a data: URL or inline script.
    build: {
      chunkSizeWarningLimit: 1200,
      assetsInlineLimit: 0,
      // Each widget's script is an entry of its own (see src/build/module-scripts.ts). What
      // nearly every chapter page needs of them (the notebook, the engine, the grids) goes
      // into one chunk, not a dozen small ones; the rest is split as the pages use it.
      rolldownOptions: {
        output: { codeSplitting: { groups: [{ name: 'notebook', test: NOTEBOOK_CORE }] } },
      },
    },
  },
});
