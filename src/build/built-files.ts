/** What the build's own integrations share: the built pages, and the site's base path. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every HTML file under `dir` (the built site), at any depth. */
export async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name));
}

/** The configured base with one trailing slash: `/` or `/course/`. */
export const baseOf = (config: { base: string }): string =>
  config.base.endsWith('/') ? config.base : `${config.base}/`;
