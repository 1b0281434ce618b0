/**
 * Code is highlighted the same on every build. Shiki stops tokenizing a line after 500 ms
 * by default, and leaves the rest of the line plain: on a busy machine that changed a few
 * lines' markup from one build to the next (and with it the service worker's version). The
 * listings are short, so the limit is lifted.
 */
interface TokenizeOptions {
  tokenizeTimeLimit?: number;
}

export const steadyHighlight = {
  name: 'steady-highlight',
  preprocess(code: string, options: TokenizeOptions): string {
    // 0: no time limit (the grammar runs each line to its end).
    options.tokenizeTimeLimit = 0;
    return code;
  },
};
