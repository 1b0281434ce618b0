/**
 * All TeX goes through here: KaTeX at build time, with a parse error shown escaped in
 * place rather than thrown, so one bad formula never takes a page down. KaTeX's output is
 * full of style attributes, which the site's policy refuses: the build moves them into
 * classes (src/build/style-attributes.ts); markup rendered in the browser must be
 * inserted with `setHtml` (./safe-html.ts), which moves them into CSSOM.
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
