// @vitest-environment happy-dom
/**
 * The export dialog on a chapter whose cells are all inputs (the real word vectors: a toy
 * matrix, no derived cells) gives a script that defines and prints them, and on a page
 * without cells says plainly that there is nothing to export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import { prepare } from '../../src/notebook/prepare.ts';
import { setUpExport } from '../../src/widgets/export-dialog.ts';

/** The dialog as src/pages/chapters/[slug].astro renders it. */
const DIALOG = `
<button type="button" data-action="export">Export code</button>
<dialog class="nb-export" aria-labelledby="nb-export-title">
  <h2 id="nb-export-title">Code for these numbers</h2>
  <div role="tablist" aria-label="Language">
    <button type="button" role="tab" id="nb-tab-numpy" aria-controls="nb-panel-numpy" aria-selected="true" data-target="numpy">NumPy</button>
    <button type="button" role="tab" id="nb-tab-torch" aria-controls="nb-panel-torch" aria-selected="false" tabindex="-1" data-target="torch">PyTorch</button>
  </div>
  <div role="tabpanel" id="nb-panel-numpy"><pre tabindex="0"><code data-code="numpy"></code></pre></div>
  <div role="tabpanel" id="nb-panel-torch" hidden><pre tabindex="0"><code data-code="torch"></code></pre></div>
  <div class="nb-export-actions">
    <button type="button" data-action="copy">Copy</button>
    <button type="button" data-action="download">Download .py</button>
    <button type="button" data-action="close">Close</button>
    <span role="status"></span>
  </div>
</dialog>`;

function chapter(id: string): Notebook {
  const file = join(import.meta.dirname, '../../content/chapters', `${id}.mdx`);
  const data = chapterSchema.parse(yaml.load(readFileSync(file, 'utf8').split('---')[1]!));
  return new Notebook(prepareChapter(id, data).prepared, { schedule: () => {} });
}

/** Opens the dialog for `nb` and reads what it shows. */
function open(nb: Notebook): { numpy: string; torch: string; status: string } {
  const button = document.querySelector<HTMLButtonElement>('[data-action="export"]')!;
  setUpExport(button, nb, 'Real word vectors');
  button.click();
  const text = (sel: string): string => document.querySelector(sel)!.textContent ?? '';
  expect(document.querySelector<HTMLDialogElement>('dialog')!.open).toBe(true);
  return {
    numpy: text('[data-code="numpy"]'),
    torch: text('[data-code="torch"]'),
    status: text('[role="status"]'),
  };
}

describe('the export dialog', () => {
  beforeEach(() => {
    document.body.innerHTML = DIALOG;
  });

  it('exports the toy vectors of the real word vectors chapter, and prints them', () => {
    const nb = chapter('real-embeddings');
    nb.setEntry('toy', 3, 2, 0.125);
    nb.flush();
    const { numpy, torch, status } = open(nb);
    expect(numpy).toContain('toy = np.array([');
    expect(numpy).toContain('    [0.2, 0.7, 0.125],');
    expect(numpy).toContain('for name, value in [("toy", toy)]:');
    expect(torch).toContain('toy = torch.tensor([');
    expect(torch).toContain('for name, value in [("toy", toy)]:');
    expect(status).toBe('');
  });

  it('says plainly that a page without cells has nothing to export', () => {
    const nb = new Notebook(prepare({ id: 'prose', cells: [] }), { schedule: () => {} });
    const { numpy, torch, status } = open(nb);
    expect(status).toBe('This chapter has no matrices or numbers to export.');
    const page = location.href.split('#')[0];
    expect(numpy).toBe(
      `# Real word vectors (${page}): this page has no matrices or numbers to export.\n`,
    );
    expect(torch).toBe(numpy);
  });
});
