/**
 * All TeX goes through here: KaTeX at build time, with a parse error shown escaped in
 * place rather than thrown, so one bad formula never takes a page down.
 */
import katex from 'katex';
import { escapeHtml } from './format.ts';

export function renderTex(tex: string, displayMode = false): string {
  try {
    return katex.renderToString(tex, {
      displayMode,
      throwOnError: true,
      strict: 'error',
      output: 'htmlAndMathml',
    });
  } catch (e) {
    return `<code class="tex-error" title="${escapeHtml(e instanceof Error ? e.message : String(e))}">${escapeHtml(tex)}</code>`;
  }
}
