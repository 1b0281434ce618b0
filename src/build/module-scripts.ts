/**
 * After the build, a page's module scripts go into its `<head>`, each once, with a
 * `modulepreload` link for every chunk they import.
 *
 * Each widget's Astro component carries the script that defines its element, so a page
 * loads only the widgets it shows; Astro writes such a script where the component is
 * first used, in the middle of the prose (inside a paragraph, a list, an aside). There it
 * would count as a child for the stylesheet (`:last-child`, `+`) and for step mode, which
 * reads the article's children. A module script runs after the whole page is parsed
 * wherever it stands, so moving it changes nothing about when it runs; in the head the
 * browser also finds it sooner. The scripts keep their order, and so run in the same
 * order as before.
 *
 * The chunks the scripts import statically (the notebook, the engine, the code the
 * widgets share) would otherwise be found only once the scripts themselves arrived and
 * were read: the preload links fetch them at the same time, in one round trip.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { baseOf, htmlFiles } from './built-files.ts';

const SCRIPT = /<script type="module" src="([^"]+)"><\/script>/g;
/** Static imports only (`import {a} from "./x.js"`, `import "./x.js"`, `export … from`). */
const STATIC_IMPORT =
  /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;

/** The chunks a built script imports statically, as paths relative to it. */
export function staticImports(code: string): string[] {
  return [...code.matchAll(STATIC_IMPORT)].map((m) => m[1]!);
}

/**
 * The page with every module script of its body moved into its head, in order and once
 * each, followed by a modulepreload link for each chunk in `preloads(src)` that is not a
 * script of the page itself.
 */
export function hoistModuleScripts(
  html: string,
  preloads: (src: string) => readonly string[] = () => [],
): string {
  const head = html.indexOf('</head>');
  if (head < 0) return html;
  const scripts: string[] = [];
  for (const m of html.slice(head).matchAll(SCRIPT))
    if (!scripts.includes(m[1]!)) scripts.push(m[1]!);
  if (scripts.length === 0) return html;
  const inHead = new Set([...html.slice(0, head).matchAll(SCRIPT)].map((m) => m[1]!));
  const moved = scripts.filter((s) => !inHead.has(s));
  const links = [...new Set(moved.flatMap((s) => preloads(s)))].filter(
    (u) => !inHead.has(u) && !moved.includes(u),
  );
  const tags =
    moved.map((s) => `<script type="module" src="${s}"></script>`).join('') +
    links.map((u) => `<link rel="modulepreload" href="${u}">`).join('');
  // A module runs once however often it is named: a copy in the body (of one the head has) goes too.
  const body = html.slice(head).replace(SCRIPT, '');
  return `${html.slice(0, head)}${tags}${body}`;
}

export default function moduleScriptsToHead(): AstroIntegration {
  let base = '/';
  return {
    name: 'module-scripts-to-head',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = baseOf(config);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const imports = new Map<string, string[]>();
        /** A built file's path under the root, from its URL on the site. */
        const fileOf = (url: string): string => join(root, url.slice(base.length));
        const urlOf = (file: string): string => base + relative(root, file).split(sep).join('/');
        /** Every chunk a script imports statically, directly or not, as URLs. */
        const closure = async (url: string, seen = new Set<string>()): Promise<string[]> => {
          if (seen.has(url) || !url.startsWith(base)) return [...seen];
          seen.add(url);
          let direct = imports.get(url);
          if (!direct) {
            const file = fileOf(url);
            direct = staticImports(await readFile(file, 'utf8')).map((p) =>
              urlOf(resolve(dirname(file), ...p.split(posix.sep))),
            );
            imports.set(url, direct);
          }
          for (const d of direct) await closure(d, seen);
          return [...seen];
        };
        let pages = 0;
        for (const file of await htmlFiles(root)) {
          const html = await readFile(file, 'utf8');
          const chunks = new Map<string, string[]>();
          for (const m of html.matchAll(SCRIPT)) chunks.set(m[1]!, await closure(m[1]!));
          const out = hoistModuleScripts(html, (src) => chunks.get(src) ?? []);
          if (out !== html) {
            pages++;
            await writeFile(file, out);
          }
        }
        logger.info(`module scripts moved into the head of ${pages} pages`);
      },
    },
  };
}
