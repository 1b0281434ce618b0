/** What MDX components share while a chapter renders: its notebook, and how to name cells. */
import type { AstroGlobal } from 'astro';
import type { Notebook } from '../../notebook/notebook.ts';
import { symbolTex } from '../../notebook/tex.ts';

export function chapterNotebook(astro: AstroGlobal, component: string): Notebook {
  const nb = astro.locals.notebook;
  if (!nb) throw new Error(`<${component}> can only be used inside a chapter`);
  return nb;
}

/** A cell that must exist, or the build fails naming the chapter and the component. */
export function requireCell(nb: Notebook, cell: string | undefined, component: string): string {
  if (!cell || !nb.has(cell)) {
    const known = [...nb.cells.keys()].join(', ');
    throw new Error(
      `chapter "${nb.id}": <${component} cell="${cell ?? ''}"> names no cell (cells: ${known})`,
    );
  }
  return cell;
}

export function cellTex(nb: Notebook, name: string): string {
  return nb.cells.get(name)?.tex ?? symbolTex(name);
}

export function texNames(nb: Notebook): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, c] of nb.cells) if (c.tex) out[name] = c.tex;
  return out;
}
