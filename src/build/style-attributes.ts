/**
 * After the build, every `style="…"` attribute left in a page (KaTeX's struts and
 * offsets, Shiki's token colours, a plot's height) becomes a generated class, and the
 * rules go into one stylesheet served from the site itself. So the pages carry no style
 * attributes and the policy can refuse them all (`style-src-attr 'none'`).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { baseOf, htmlFiles } from './built-files.ts';
import { moveStyleAttributes } from '../widgets/safe-html.ts';

/** The class for one set of declarations: the same on every page and in every build. */
const className = (declarations: string): string =>
  `sa-${createHash('sha256').update(declarations).digest('base64url').slice(0, 8).replace(/[-_]/g, 'x')}`;

export interface Rewritten {
  readonly html: string;
  /** Class name → declarations, for every style attribute the page had. */
  readonly rules: ReadonlyMap<string, string>;
}

/** Moves a page's style attributes into classes. */
export function rewriteStyleAttributes(html: string): Rewritten {
  const rules = new Map<string, string>();
  const out = moveStyleAttributes(html, (declarations) => {
    if (/[{}<]/.test(declarations)) throw new Error(`not a style attribute: ${declarations}`);
    const value = className(declarations);
    rules.set(value, declarations);
    return { name: 'class', value };
  });
  return { html: out, rules };
}

/**
 * The stylesheet for the generated classes. A style attribute outranked every selector;
 * its class is repeated five times, and the file comes last, so that it still outranks
 * the rules it met (KaTeX's have up to five classes), while a style a script sets
 * (through CSSOM, which the policy allows) still outranks it.
 */
export function stylesheet(rules: ReadonlyMap<string, string>): string {
  return [...rules]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cls, decl]) => `${`.${cls}`.repeat(5)}{${decl}}`)
    .join('\n');
}

export default function styleAttributesToClasses(): AstroIntegration {
  let base = '/';
  let assets = '_astro';
  return {
    name: 'style-attributes-to-classes',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = baseOf(config);
        assets = config.build.assets;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const pages = await Promise.all(
          (await htmlFiles(root)).map(async (file) => ({
            file,
            ...rewriteStyleAttributes(await readFile(file, 'utf8')),
          })),
        );
        const all = new Map<string, string>();
        for (const p of pages) for (const [k, v] of p.rules) all.set(k, v);
        const css = stylesheet(all);
        const name = `style-attributes.${createHash('sha256').update(css).digest('hex').slice(0, 8)}.css`;
        await mkdir(join(root, assets), { recursive: true });
        await writeFile(join(root, assets, name), css);
        const link = `<link rel="stylesheet" href="${base}${assets}/${name}">`;
        await Promise.all(
          pages.map(({ file, html, rules }) =>
            writeFile(file, rules.size > 0 ? html.replace('</head>', `${link}</head>`) : html),
          ),
        );
        logger.info(`${all.size} style attributes moved into ${assets}/${name}`);
      },
    },
  };
}
