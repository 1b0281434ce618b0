/**
 * Every link inside the built site lands somewhere: each same-site href names a page in
 * dist/, and each #fragment an element id on that page (a heading's slug, a reference's id,
 * a concept on the Symbols page). Reads the built HTML; no browser needed, but it lives with
 * the browser tests because it needs the build.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from './harness.ts';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? htmlFiles(join(dir, e.name))
      : e.name.endsWith('.html')
        ? [join(dir, e.name)]
        : [],
  );
}

const pages = htmlFiles(DIST);
const idsOf = new Map<string, Set<string>>();
function ids(file: string): Set<string> {
  let found = idsOf.get(file);
  if (!found) {
    const html = readFileSync(file, 'utf8');
    found = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decode(m[1]!)));
    idsOf.set(file, found);
  }
  return found;
}
const decode = (s: string): string =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** The file a same-site path is served from, or null. */
function target(path: string): string | null {
  const clean = decodeURIComponent(path.replace(/^\//, ''));
  for (const candidate of [join(DIST, clean, 'index.html'), join(DIST, clean)])
    if (existsSync(candidate) && candidate.endsWith('.html')) return candidate;
  return existsSync(join(DIST, clean)) ? join(DIST, clean) : null;
}

describe('links inside the site', () => {
  it('finds the built pages', () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.some((p) => p.endsWith(join('references', 'index.html')))).toBe(true);
  });

  it('has no link to a missing page or a missing anchor', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      const from = relative(DIST, page);
      for (const m of html.matchAll(/<a\s[^>]*href="([^"]+)"/g)) {
        const href = decode(m[1]!);
        if (/^(https?:|mailto:|data:|blob:)/.test(href)) continue;
        const [path, fragment] = href.split('#') as [string, string | undefined];
        const file = path === '' ? page : path.startsWith('/') ? target(path) : null;
        if (file === null) {
          broken.push(`${from}: ${href} (no such page)`);
          continue;
        }
        checked++;
        if (fragment && file.endsWith('.html') && !ids(file).has(decodeURIComponent(fragment)))
          broken.push(`${from}: ${href} (no id "${fragment}")`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });
});
