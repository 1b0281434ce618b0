/**
 * <nb-toolbar>: reset the chapter's numbers, copy a link that carries the reader's, step
 * mode for a class, the numbers as code, and examples (the chapter's presets, a seeded
 * random one). "Explain this number" is set up here too, once per chapter page.
 */
import { numbersReplaced, pageMessage, pageNotebook, shareLink } from './page-notebook.ts';
import { setUpStepMode } from './step-mode.ts';
import { setUpExplain } from './explain-dom.ts';
import { setUpExport } from './export-dialog.ts';
import { setUpPresets } from './presets-ui.ts';
import { setUpClassroom } from './classroom-entry.ts';

export class ToolbarElement extends HTMLElement {
  connectedCallback(): void {
    const nb = pageNotebook();
    if (!nb || this.dataset['ready']) return;
    this.dataset['ready'] = '1';
    this.hidden = false;
    const status = this.querySelector<HTMLElement>('[role="status"]');
    const say = (t: string): void => {
      if (status) status.textContent = t;
    };
    this.querySelector('[data-action="reset"]')?.addEventListener('click', () => {
      nb.reset();
      numbersReplaced();
      pageMessage('');
      say('Back to the chapter’s own numbers.');
    });
    this.querySelector('[data-action="share"]')?.addEventListener('click', async () => {
      nb.flush();
      const link = shareLink(nb);
      try {
        await navigator.clipboard.writeText(link);
        say('Link copied: it opens this chapter with your numbers.');
      } catch {
        const field = this.querySelector<HTMLInputElement>('input[name="share-link"]');
        if (field) {
          field.hidden = false;
          field.value = link;
          field.select();
        }
        say('Copy the link from the field.');
      }
    });
    const stepToggle = this.querySelector<HTMLButtonElement>('[data-action="step-mode"]');
    if (stepToggle) setUpStepMode(stepToggle, nb);
    const exportButton = this.querySelector<HTMLButtonElement>('[data-action="export"]');
    const title = this.closest('article')?.querySelector('h1')?.textContent ?? nb.id;
    if (exportButton) setUpExport(exportButton, nb, title);
    setUpPresets(this, nb, say);
    const sessionButton = this.querySelector<HTMLButtonElement>('[data-action="session"]');
    if (sessionButton) setUpClassroom(sessionButton, nb);
    setUpExplain(nb);
  }
}
