/**
 * Page weight: the JavaScript each page loads before any plot, gzipped, following static
 * imports between chunks (dynamic imports, such as the parser and plots, load later).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = resolve(import.meta.dirname, '../dist');
export const BUDGET_KB = 100;

function htmlPages(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return htmlPages(p);
    return f === 'index.html' ? [p] : [];
  });
}

function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  // Static imports only: `import ... from "./x.js"`, `import "./x.js"`, `export ... from`.
  const re = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;
  for (const m of code.matchAll(re)) staticClosure(resolve(dirname(entry), m[1]!), seen);
  return seen;
}

export interface PageWeight {
  page: string;
  files: number;
  rawKB: number;
  gzipKB: number;
}

export function measureWeights(): PageWeight[] {
  return htmlPages(DIST).map((html) => {
    const text = readFileSync(html, 'utf8');
    const files = new Set<string>();
    // Module scripts with the chunks they import, and the classic one in the head.
    for (const m of text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) {
      staticClosure(join(DIST, m[1]!), files);
    }
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const b = readFileSync(f);
      raw += b.length;
      gz += gzipSync(b, { level: 9 }).length;
    }
    // Inline module scripts count too.
    for (const m of text.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)) {
      raw += m[1]!.length;
      gz += gzipSync(m[1]!).length;
    }
    return {
      page: `/${relative(DIST, dirname(html))}`.replace(/\/$/, '') || '/',
      files: files.size,
      rawKB: raw / 1024,
      gzipKB: gz / 1024,
    };
  });
}

export async function run(): Promise<string> {
  const rows = measureWeights().sort((a, b) => a.page.localeCompare(b.page));
  let md = `## Page weight (JavaScript before any plot)\n\nBudget for a chapter page: ${BUDGET_KB} KB gzipped.\n\n| page | files | raw KB | gzip KB | within budget |\n|---|---:|---:|---:|---|\n`;
  for (const r of rows) {
    md += `| ${r.page} | ${r.files} | ${r.rawKB.toFixed(1)} | ${r.gzipKB.toFixed(1)} | ${r.gzipKB <= BUDGET_KB ? 'yes' : 'NO'} |\n`;
  }
  return md;
}

if (import.meta.main) console.log(await run());
