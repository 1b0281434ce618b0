/**
 * The book as a whole: the reading order, the recaps, and the citations.
 *
 * - A chapter that computes with a function comes after the chapter that explains it
 *   (softmax is used from the queries chapter on, so it is explained before it).
 * - Every chapter ends with a "## Recap" of three to six bullets.
 * - Every `/references/#id` link names an entry of src/content/references.ts, every entry
 *   is cited by some chapter, and a paragraph that argues with "a source" or "the texts this
 *   book grew from" links the reference it means.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { REFERENCE_GROUPS, REFERENCES } from '../../src/content/references.ts';

const dir = join(import.meta.dirname, '../../content/chapters');
interface Chapter {
  id: string;
  order: number;
  body: string;
  exprs: string[];
}
const chapters: Chapter[] = readdirSync(dir)
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const [, front, ...rest] = text.split(/^---$/m);
    const data = yaml.load(front!) as { order: number; cells: { expr?: string }[] };
    return {
      id: basename(f, '.mdx'),
      order: data.order,
      body: rest.join('---'),
      exprs: data.cells.flatMap((c) => (c.expr ? [c.expr] : [])),
    };
  })
  .sort((a, b) => a.order - b.order);
const byId = new Map(chapters.map((c) => [c.id, c]));

/** A function, and the chapter that explains it. */
const EXPLAINED_IN: Record<string, string> = {
  softmax: 'softmax',
  causal: 'masking',
};

describe('reading order', () => {
  it('has the chapters in a strict order', () => {
    const orders = chapters.map((c) => c.order);
    expect(new Set(orders).size).toBe(orders.length);
  });

  for (const [fn, home] of Object.entries(EXPLAINED_IN)) {
    it(`explains ${fn} before any chapter computes with it`, () => {
      const explained = byId.get(home)!;
      const users = chapters.filter((c) =>
        c.exprs.some((e) => new RegExp(`\\b${fn}\\s*\\(`).test(e)),
      );
      expect(users.length).toBeGreaterThan(0);
      const early = users.filter((c) => c.order < explained.order).map((c) => c.id);
      expect(early, `chapters using ${fn} before ${home}`).toEqual([]);
    });
  }

  it('puts softmax before the first chapter on queries, keys and values', () => {
    expect(byId.get('softmax')!.order).toBeLessThan(byId.get('queries-keys-values')!.order);
  });
});

describe('recaps', () => {
  for (const c of chapters) {
    it(`${c.id} ends with a recap of three to six points`, () => {
      const sections = c.body.split(/^## /m);
      const last = sections.at(-1)!;
      expect(last.split('\n')[0]).toBe('Recap');
      const bullets = last.split('\n').filter((l) => l.startsWith('- '));
      expect(bullets.length).toBeGreaterThanOrEqual(3);
      expect(bullets.length).toBeLessThanOrEqual(6);
    });
  }
});

describe('references', () => {
  const ids = new Set(REFERENCES.map((r) => r.id));
  const sections = new Set(REFERENCE_GROUPS.map((g) => g.id));
  const cited = new Map<string, string[]>();
  for (const c of chapters)
    for (const m of c.body.matchAll(/\/references\/#([\w-]+)/g))
      cited.set(m[1]!, [...(cited.get(m[1]!) ?? []), c.id]);

  it('has unique ids and a title and a note for each entry', () => {
    expect(ids.size).toBe(REFERENCES.length);
    for (const r of REFERENCES) {
      expect(r.title.length, r.id).toBeGreaterThan(0);
      expect(r.note.length, r.id).toBeGreaterThan(20);
      if (r.url) expect(r.url, r.id).toMatch(/^https?:\/\//);
    }
  });

  it('links only to entries that exist', () => {
    const unknown = [...cited].filter(([id]) => !ids.has(id) && !sections.has(id));
    expect(unknown).toEqual([]);
  });

  it('cites every entry somewhere', () => {
    expect([...ids].filter((id) => !cited.has(id) && !sections.has(id))).toEqual([]);
  });

  it('names the source it argues with, with a link', () => {
    const vague =
      /(one of (this book's|our|the) (sources|texts)|texts this book (grew|was written) from|of our sources)/i;
    const unlinked: string[] = [];
    for (const c of chapters)
      for (const para of c.body.split(/\n\s*\n/))
        if (vague.test(para) && !para.includes('/references/#'))
          unlinked.push(`${c.id}: ${para.slice(0, 80)}`);
    expect(unlinked).toEqual([]);
  });
});
