/**
 * The site offline once visited: after the build, a service worker (`sw.js` at the
 * site's base) is written with the list of every file the build made and a version
 * made from their contents. The worker keeps what a reader's pages used (pages, scripts,
 * styles, fonts, the word vectors once fetched) in a cache named by that version, so a
 * new build starts a new cache and the old one is deleted. Pages are fetched from the
 * network first (readers get new versions) and from the cache when offline; files with
 * a hash in their name, and the data files, come from the cache first. It never asks
 * anything of another site. `src/widgets/offline.ts` registers it.
 *
 * Links inside the chapters are written as `/chapters/...` in MDX; when the site is built
 * under a sub-path (Astro's `base`, e.g. `--base /course/`), they are made to follow it
 * here too, so the built pages never point outside the site.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { baseOf } from './built-files.ts';

export const WORKER_FILE = 'sw.js';
export const CACHE_PREFIX = 'attention-step-by-step-';

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** `/chapters/x/` → `/course/chapters/x/` for a link of the site not yet under `base`. */
export function baseLinks(html: string, base: string): string {
  if (base === '/') return html;
  return html.replace(/(<a\b[^>]*?\shref=")(\/(?!\/)[^"]*)"/g, (all, head: string, href: string) =>
    href.startsWith(base) || `${href}/` === base ? all : `${head}${base}${href.slice(1)}"`,
  );
}

/** The worker's source, with its version, its base and the site's files filled in. */
export function workerSource(
  template: string,
  version: string,
  base: string,
  files: string[],
): string {
  return template
    .replace('__VERSION__', JSON.stringify(`${CACHE_PREFIX}${version}`))
    .replace('__PREFIX__', JSON.stringify(CACHE_PREFIX))
    .replace('__BASE__', JSON.stringify(base))
    .replace('__FILES__', JSON.stringify(files));
}

export default function offline(): AstroIntegration {
  let base = '/';
  let template = '';
  return {
    name: 'offline',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = baseOf(config);
        template = fileURLToPath(new URL('src/build/service-worker.js', config.root));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const hash = createHash('sha256');
        const urls: string[] = [];
        let rewritten = 0;
        for (const file of await filesUnder(root)) {
          const path = relative(root, file).split(sep).join('/');
          if (path === WORKER_FILE) continue;
          let body = await readFile(file);
          if (path.endsWith('.html')) {
            const html = body.toString('utf8');
            const out = baseLinks(html, base);
            if (out !== html) {
              rewritten++;
              await writeFile(file, out);
              body = Buffer.from(out);
            }
          }
          hash.update(path).update('\0').update(body);
          // A page is asked for by its directory: /chapters/masking/ for chapters/masking/index.html.
          urls.push(base + (path === 'index.html' ? '' : path.replace(/(^|\/)index\.html$/, '$1')));
        }
        const version = hash.digest('hex').slice(0, 12);
        const source = workerSource(await readFile(template, 'utf8'), version, base, urls);
        await writeFile(join(root, WORKER_FILE), source);
        if (rewritten > 0) logger.info(`links of ${rewritten} pages put under ${base}`);
        logger.info(`${WORKER_FILE}: version ${version}, ${urls.length} files`);
      },
    },
  };
}
