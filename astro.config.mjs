// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

export default defineConfig({
  site: 'https://attention-step-by-step.example',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, { throwOnError: false, strict: 'ignore' }]],
    }),
    // Code blocks: the default theme's comments fail the contrast check (3:1).
    shikiConfig: { theme: 'github-light-high-contrast' },
  },
  build: {
    format: 'directory',
  },
  devToolbar: { enabled: false },
  vite: {
    // plotly.js's modules are CommonJS written for browserify, which provided `global`.
    define: { global: 'globalThis' },
    build: { chunkSizeWarningLimit: 1200 },
  },
});
