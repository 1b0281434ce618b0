/**
 * What every browser test file shares: the built site served on loopback with one
 * Chromium for the file, and a chapter's notebook computed in Node by the engine (what the
 * page must show).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST, launch, serveDist } from './harness.ts';
import { chapterSchema, type ChapterData } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import type { Notebook } from '../../src/notebook/notebook.ts';

export interface Site {
  readonly server: Awaited<ReturnType<typeof serveDist>>;
  readonly browser: Browser;
}

/** Serves dist/ and starts Chromium before the file's tests, and stops both after. */
export function useSite(headers: Record<string, string> = {}): Site {
  let server: Site['server'] | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error('no built site in dist/: run `npm run build` first');
    }
    server = await serveDist(DIST, headers);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the site is not served yet');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started yet');
      return browser;
    },
  };
}

/** The frontmatter of chapter `id`, validated as the build validates it. */
export function chapterData(id: string): ChapterData {
  const text = readFileSync(join(import.meta.dirname, `../../content/chapters/${id}.mdx`), 'utf8');
  return chapterSchema.parse(yaml.load(text.split('---')[1]!));
}

/** The chapter `id` from its MDX frontmatter, computed in Node after `edit`. */
export function chapterNotebook(id: string, edit?: (nb: Notebook) => void): Notebook {
  const { notebook } = prepareChapter(id, chapterData(id));
  edit?.(notebook);
  notebook.flush();
  return notebook;
}
