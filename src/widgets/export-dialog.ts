/**
 * The export dialog: the page's numbers as a NumPy or a PyTorch script (written by
 * src/notebook/export.ts from the cells as they are now), to copy or download. A page
 * whose cells are all inputs gets a script that prints them; a page without cells is
 * told so.
 */
import { exportScript, type ExportTarget } from '../notebook/export.ts';
import type { Notebook } from '../notebook/notebook.ts';

export function setUpExport(button: HTMLButtonElement, nb: Notebook, title: string): void {
  const dialog = document.querySelector<HTMLDialogElement>('dialog.nb-export');
  if (!dialog) {
    button.hidden = true;
    return;
  }
  const tabs = [...dialog.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const status = dialog.querySelector<HTMLElement>('.nb-export-actions [role="status"]');
  const say = (t: string): void => {
    if (status) status.textContent = t;
  };
  let active: ExportTarget = 'numpy';
  const code: Record<ExportTarget, string> = { numpy: '', torch: '' };

  const select = (target: ExportTarget, focus = false): void => {
    active = target;
    for (const tab of tabs) {
      const on = tab.dataset['target'] === target;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !on;
      if (on && focus) tab.focus();
    }
  };

  const fill = (): void => {
    nb.flush();
    const url = location.href.split('#')[0];
    for (const target of ['numpy', 'torch'] as const) {
      try {
        code[target] = exportScript(nb, target, { title: `${title} (${url})` });
      } catch (e) {
        code[target] =
          `# This page cannot be exported yet: ${e instanceof Error ? e.message : String(e)}`;
      }
      const el = dialog.querySelector<HTMLElement>(`[data-code="${target}"]`);
      if (el) el.textContent = code[target];
    }
  };

  button.addEventListener('click', () => {
    fill();
    // A chapter of prose and word-vector widgets only has no cells: say so, not an empty script.
    say(nb.cells.size === 0 ? 'This chapter has no matrices or numbers to export.' : '');
    dialog.showModal();
  });
  // Keep the code current if numbers change behind the dialog (a share link applied late).
  nb.onFlush(() => dialog.open && fill());
  for (const tab of tabs)
    tab.addEventListener('click', () => select(tab.dataset['target'] as ExportTarget));
  dialog.querySelector('[role="tablist"]')?.addEventListener('keydown', (e) => {
    const k = (e as KeyboardEvent).key;
    if (k !== 'ArrowLeft' && k !== 'ArrowRight' && k !== 'Home' && k !== 'End') return;
    e.preventDefault();
    const i = tabs.findIndex((t) => t.dataset['target'] === active);
    const next =
      k === 'Home'
        ? 0
        : k === 'End'
          ? tabs.length - 1
          : (i + (k === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
    select(tabs[next]!.dataset['target'] as ExportTarget, true);
  });
  dialog.querySelector('[data-action="close"]')?.addEventListener('click', () => dialog.close());
  dialog.querySelector('[data-action="copy"]')?.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code[active]);
      say('Copied.');
    } catch {
      // No clipboard permission: select the code so Ctrl+C copies it.
      const el = dialog.querySelector(`[data-code="${active}"]`);
      if (el) getSelection()?.selectAllChildren(el);
      say('Selected: press Ctrl+C (or ⌘C) to copy.');
    }
  });
  dialog.querySelector('[data-action="download"]')?.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([code[active]], { type: 'text/x-python' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${nb.id}-${active === 'numpy' ? 'numpy' : 'pytorch'}.py`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    say(`Downloaded ${a.download}.`);
  });
}
