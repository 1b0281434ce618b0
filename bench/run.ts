/**
 * Every benchmark, in one run, printed and kept in docs/performance.md. Figures are
 * ratios wherever two things can be timed side by side, since these machines are noisy.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';

const sections: [string, () => Promise<{ run: () => Promise<string> }>][] = [
  ['engine', () => import('./engine.ts')],
  ['page weight', () => import('./weight.ts')],
  ['edit to paint', () => import('./browser.ts')],
  ['analogies', () => import('./analogies.ts')],
  ['live sessions', () => import('./classroom.ts')],
];

const only = process.argv.slice(2);
const DOC = resolve(import.meta.dirname, '../docs/performance.md');
/**
 * Sections written by hand (from `bench/paint-ab.ts`, `bench/paint-trace.ts` and
 * `bench/cost-frames.ts` runs, and from the real-embeddings chapter's measurements in
 * Chromium and Lighthouse): kept as they
 * are, after the section named, when the benchmarks rewrite the file.
 */
const handWritten = (heading: string): string =>
  (existsSync(DOC) &&
    new RegExp(`^## ${heading}[\\s\\S]*?(?=^## |(?![\\s\\S]))`, 'm').exec(
      readFileSync(DOC, 'utf8'),
    )?.[0]) ||
  '';
const kept: Record<string, string> = {
  'edit to paint': handWritten('Layout and paint'),
  analogies: `${handWritten('Real word vectors: what loads')}\n\n${handWritten('Measuring attention in the cost chapter')}`,
};
let md =
  '# Performance\n\nWritten by `npm run bench` on ' +
  `${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ` +
  `load average ${loadavg()[0]!.toFixed(1)} when it started. Re-run it to refresh these figures.\n\n`;
for (const [name, load] of sections) {
  if (only.length > 0 && !only.includes(name.split(' ')[0]!)) continue;
  process.stderr.write(`running the ${name} benchmark...\n`);
  try {
    const section = await (await load()).run();
    console.log(section);
    md += `${section.trim()}\n\n`;
    if (kept[name]) md += `${kept[name].trim()}\n\n`;
  } catch (e) {
    const msg = `## ${name}\n\nNot measured: ${e instanceof Error ? e.message : String(e)}\n`;
    console.log(msg);
    md += `${msg}\n`;
  }
}
if (only.length === 0) {
  writeFileSync(DOC, md);
  process.stderr.write('wrote docs/performance.md\n');
}
